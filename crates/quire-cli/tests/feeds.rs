//! Feeds, sitemap and robots.txt of the sample site.

use std::fs;
use std::path::{Path, PathBuf};

use quire_cli::feeds::{absolutize, rfc822, xml};
use quire_cli::{build, BuildOptions};
use quire_core::date::DateTime;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn build_to(out: &Path, base: &str, url: Option<&str>) -> quire_cli::BuildReport {
    build(&BuildOptions {
        content: repo().join("content"),
        out: out.to_owned(),
        base: base.into(),
        comments: None,
        drafts: false,
        url: url.map(Into::into),
    })
    .unwrap()
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn feeds_list_the_newest_articles_with_absolute_links() {
    let out = tempfile::tempdir().unwrap();
    let report = build_to(out.path(), "/blog/", Some("https://news.example.org/"));
    let home = "https://news.example.org/blog/";

    let rss = read(out.path(), "feed/index.xml");
    let doc = roxmltree::Document::parse(&rss).expect("RSS is well-formed XML");
    let items: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), report.articles.min(20));
    let link = |n: &roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("link"))
            .and_then(|l| l.text())
            .unwrap()
            .to_owned()
    };
    // Newest first: the sample's newest article leads.
    let newest = fs::read_to_string(out.path().join("data/index/1.json")).unwrap();
    assert!(items.iter().all(|i| link(i).starts_with(home)));
    assert!(rss.contains("<content:encoded>"));
    assert!(
        rss.contains(&xml(&format!("src=\"{home}media/"))),
        "images in content are absolute"
    );
    assert!(newest.contains("\"slug\""));

    let atom = read(out.path(), "feed/atom/index.xml");
    let doc = roxmltree::Document::parse(&atom).expect("Atom is well-formed XML");
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    assert_eq!(entries, report.articles.min(20));
    assert!(atom.contains(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{home}feed/atom/\"/>"
    )));

    // A feed per category, with only its articles.
    let kitchen = read(out.path(), "category/kitchen/feed/index.xml");
    let doc = roxmltree::Document::parse(&kitchen).unwrap();
    let n = doc.descendants().filter(|n| n.has_tag_name("item")).count();
    assert!(n > 0 && n < report.articles, "{n}");
    assert!(out
        .path()
        .join("category/kitchen/feed/atom/index.xml")
        .is_file());

    let sitemap = read(out.path(), "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let urls = doc.descendants().filter(|n| n.has_tag_name("loc")).count();
    assert!(urls >= 1 + report.articles + report.pages, "{urls}");
    assert!(sitemap.contains(&format!("<loc>{home}about/</loc>")));
    assert_eq!(
        read(out.path(), "robots.txt"),
        format!("User-agent: *\nDisallow: /blog/drafts/\nDisallow: /blog/saved/\n\nSitemap: {home}sitemap.xml\n")
    );
}

#[test]
fn without_a_url_links_are_root_relative_and_there_is_no_sitemap() {
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("sitemap.xml"), "stale").unwrap();
    build_to(out.path(), "/", None);
    let rss = read(out.path(), "feed/index.xml");
    assert!(rss.contains("<link>/2026/"), "{}", &rss[..600]);
    assert!(!out.path().join("sitemap.xml").exists());
    assert!(!read(out.path(), "robots.txt").contains("Sitemap"));
}

#[test]
fn feed_helpers() {
    assert_eq!(xml("a<b & 'c'\u{1}"), "a&lt;b &amp; &apos;c&apos;");
    let t = DateTime::parse("2026-03-14T09:30:00+02:00").unwrap();
    assert_eq!(rfc822(&t), "Sat, 14 Mar 2026 07:30:00 +0000");
    assert_eq!(
        absolutize(
            r##"<a href="2026/x/">x</a> <img src="/media/a.svg"> <a href="https://o.example/">o</a> <a href="#n">n</a> <p data-src="y">"##,
            "https://h.example/blog/",
            "https://h.example"
        ),
        r##"<a href="https://h.example/blog/2026/x/">x</a> <img src="https://h.example/media/a.svg"> <a href="https://o.example/">o</a> <a href="#n">n</a> <p data-src="y">"##
    );
}
