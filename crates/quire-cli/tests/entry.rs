//! Entry pages: the app shell (the built index.html, kept as shell.html)
//! filled with each article, and with the home listing as index.html.

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use quire_cli::entry::write_entry_pages;
use quire_cli::{build, BuildOptions};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn site(url: Option<&str>) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build(&BuildOptions {
        content: repo().join("content"),
        out: out.path().to_owned(),
        base: "/blog/".into(),
        comments: None,
        drafts: false,
        url: url.map(Into::into),
    })
    .unwrap();
    fs::copy(repo().join("index.html"), out.path().join("shell.html")).unwrap();
    out
}

#[test]
fn every_article_and_page_gets_an_entry_page_with_its_text_and_preview_tags() {
    let out = site(Some("https://news.example.org"));
    let n = write_entry_pages(out.path()).unwrap();
    let articles = fs::read_dir(out.path().join("data/articles"))
        .unwrap()
        .count();
    let pages = fs::read_dir(out.path().join("data/pages")).unwrap().count();
    // and the home page
    assert_eq!(n, articles + pages + 1);

    let html = fs::read_to_string(
        out.path()
            .join("2026/03/14/the-case-for-slow-news/index.html"),
    )
    .unwrap();
    for needle in [
        "<title>The case for slow news – The Quire Gazette</title>",
        r#"<meta property="og:title" content="The case for slow news" />"#,
        r#"<meta property="og:type" content="article" />"#,
        r#"<meta property="og:url" content="https://news.example.org/blog/2026/03/14/the-case-for-slow-news/" />"#,
        r#"<meta property="og:image" content="https://news.example.org/blog/media/slow-news.svg" />"#,
        r#"<meta name="twitter:card" content="summary_large_image" />"#,
        r#"<link rel="canonical" href="https://news.example.org/blog/2026/03/14/the-case-for-slow-news/" />"#,
        r#"<h1 class="page-title" tabindex="-1">The case for slow news</h1>"#,
        "<time datetime=\"2026-03-14T09:30:00+02:00\">March 14, 2026</time>",
        "For twelve years I worked on a news desk",
        r#"<a href="/blog/" class="site-title">The Quire Gazette</a>"#,
        // What the boot module preloads with the app, after the first paint.
        r#"<div id="quire-boot" class="site" data-files="data/site.json data/articles/the-case-for-slow-news.json">"#,
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(
        !html.contains("skeleton"),
        "the article replaces the skeleton"
    );
    assert!(!html.contains("aria-busy"));
    assert_eq!(html.matches("<title>").count(), 1);
    // The app's code and styles are still loaded.
    assert!(html.contains("<link data-trunk rel=\"rust\""));

    let hebrew = fs::read_to_string(out.path().join("2025/09/21/shalom-olam/index.html")).unwrap();
    assert!(
        hebrew.contains(r#"<html lang="he" dir="rtl">"#),
        "{}",
        &hebrew[..200]
    );
    let about = fs::read_to_string(out.path().join("about/index.html")).unwrap();
    assert!(about.contains(r#"<meta property="og:type" content="website" />"#));
    assert!(about.contains(r#"data-files="data/site.json data/pages/about.json""#));
    assert!(!about.contains("entry-meta"), "pages have no byline");
}

#[test]
fn without_a_url_there_are_no_absolute_links_and_hostile_markup_is_removed() {
    let out = site(None);
    common::edit_file(
        &out.path().join("data/articles/winter-soup-ledger.json"),
        "\"body_html\":\"",
        "\"body_html\":\"<script>alert(1)</script><img src=x onerror=alert(1)><a href=\\\"javascript:alert(1)\\\">x</a>",
    );
    write_entry_pages(out.path()).unwrap();
    let page = fs::read_dir(out.path().join("2026")).unwrap().count();
    assert!(page > 0);
    let html = walk(out.path(), "winter-soup-ledger");
    assert!(!html.contains("alert(1)"), "{html}");
    assert!(!html.contains("og:url") && !html.contains("rel=\"canonical\""));
    assert!(html.contains(r#"<meta name="twitter:card" content="summary" />"#));
}

#[test]
fn links_to_a_part_of_the_article_stay_on_the_article() {
    // With `<base href="/blog/">` in the page, a bare `#1` (a footnote)
    // would lead to the home page.
    let out = site(None);
    common::edit_file(
        &out.path().join("data/articles/the-case-for-slow-news.json"),
        "\"body_html\":\"",
        "\"body_html\":\"<p>See<sup><a href=\\\"#note-1\\\">1</a></sup>, or <a href=\\\"/blog/about/\\\">about</a>.</p>",
    );
    write_entry_pages(out.path()).unwrap();
    let html = walk(out.path(), "the-case-for-slow-news");
    assert!(
        html.contains(r##"<a href="/blog/2026/03/14/the-case-for-slow-news/#note-1">1</a>"##),
        "{html}"
    );
    assert!(html.contains(r#"<a href="/blog/about/">about</a>"#));
}

#[test]
fn entry_pages_carry_the_apps_page_down_to_the_discussion() {
    // The site menu, the row of the "Save for offline" toggle, the terms and
    // the neighbours are where the app puts them, with the same markup, so
    // nothing the reader sees moves when the app takes over (and readers
    // without JavaScript can move around the site).
    let out = site(None);
    write_entry_pages(out.path()).unwrap();
    let html = walk(out.path(), "the-case-for-slow-news");
    for needle in [
        r#"<header class="site-header" lang="en" dir="ltr">"#,
        r#"<nav class="site-nav" aria-label="Site"><ul><li><a href="/blog/">Home</a></li><li><a href="/blog/about/">About</a></li><li><a href="/blog/colophon/">Colophon</a></li><li><a href="/blog/saved/">Saved</a></li></ul></nav>"#,
        r#"8 min read</p><p class="entry-actions"></p></header>"#,
        r#"<footer class="entry-footer"><span class="term-label">Filed under</span> <ul class="terms category"><li><a href="/blog/category/reading/" rel="category">Reading</a></li>"#,
        r#"<ul class="terms tag"><li><a href="/blog/tag/slow-news/" rel="tag">slow news</a></li>"#,
        r#"</footer></article><nav class="post-navigation" aria-label="More articles"><a href="/blog/2026/02/27/margins-and-pencils/" rel="prev" class="nav-prev"><span class="nav-label">Previous article</span> <span class="nav-title">Margins, pencils and the library’s rules</span></a> "#,
        r#"<a href="/blog/2026/04/11/seed-swap-at-the-old-school/" rel="next" class="nav-next">"#,
    ] {
        assert!(html.contains(needle), "{needle}\n{html}");
    }
    // The body carries the fingerprint of the text it was written from: the
    // app adopts it only if its article file still says the same.
    let json: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(out.path().join("data/articles/the-case-for-slow-news.json")).unwrap(),
    )
    .unwrap();
    let body = json["body_html"].as_str().unwrap();
    assert!(html.contains(&format!(
        r#"<div class="entry-content" data-body="{}"><p>For twelve years"#,
        quire_core::markup::fingerprint(body)
    )));
    // The app adds its "Drafts" entry; an id twice would confuse it.
    assert!(!html.contains("drafts-link"));
    // A static page: its own menu entry is marked, and it has no byline,
    // terms or neighbours.
    let about = fs::read_to_string(out.path().join("about/index.html")).unwrap();
    assert!(about.contains(r#"<li><a href="/blog/about/" aria-current="page">About</a></li>"#));
    assert!(about.contains(r#"<p class="entry-actions"></p></header>"#));
    for absent in ["entry-meta", "entry-footer", "post-navigation"] {
        assert!(!about.contains(absent), "{absent}");
    }
    let home = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(home.contains(r#"<li><a href="/blog/" aria-current="page">Home</a></li>"#));
}

fn walk(root: &Path, slug: &str) -> String {
    let mut stack = vec![root.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == slug) {
                    return fs::read_to_string(p.join("index.html")).unwrap();
                }
                stack.push(p);
            }
        }
    }
    panic!("no entry page for {slug}");
}

#[test]
fn the_home_page_is_the_shell_with_the_first_page_of_the_home_listing() {
    let out = site(Some("https://news.example.org"));
    write_entry_pages(out.path()).unwrap();
    let html = fs::read_to_string(out.path().join("index.html")).unwrap();
    let listing: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.path().join("data/index/1.json")).unwrap())
            .unwrap();
    let items = listing["items"].as_array().unwrap();
    assert!(items.len() > 1 && listing["total_pages"].as_u64().unwrap() > 1);
    assert_eq!(html.matches(r#"<article class="card"#).count(), items.len());
    for item in items {
        let title = item["title"].as_str().unwrap();
        assert!(html.contains(&format!(">{title}</a></h2>")), "{title}");
    }
    for needle in [
        "<title>The Quire Gazette</title>",
        r#"<meta property="og:type" content="website" />"#,
        r#"<link rel="canonical" href="https://news.example.org/blog/" />"#,
        r#"<h1 class="page-title" tabindex="-1">Latest articles</h1>"#,
        r#"<h2 class="card-title"><a href="/blog/2026/04/11/seed-swap-at-the-old-school/">"#,
        r#"<time datetime="2026-03-14T09:30:00+02:00">March 14, 2026</time>"#,
        r#"<nav class="pager" aria-label="Pagination">"#,
        r#"<a href="/blog/page/2/" class="older" rel="next">Older →</a>"#,
        r#"<a href="/blog/" class="site-title">The Quire Gazette</a>"#,
        r#"data-files="data/site.json data/index/1.json""#,
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(
        !html.contains("skeleton"),
        "the listing replaces the skeleton"
    );
    // The shell the other routes fall back to keeps its skeleton.
    let shell = fs::read_to_string(out.path().join("shell.html")).unwrap();
    assert!(shell.contains("skeleton") && !shell.contains("card-title"));
    assert!(!shell.contains("data-files"));
}

#[test]
fn a_site_without_the_shell_is_refused_with_its_name() {
    let out = site(None);
    fs::remove_file(out.path().join("shell.html")).unwrap();
    let error = write_entry_pages(out.path()).unwrap_err().to_string();
    assert!(error.contains("shell.html"), "{error}");
}
