//! `quire import wordpress`: WordPress's own theme unit test export
//! (tests/fixtures/wordpress, a copy of ../shared/fixtures) imports and
//! builds cleanly with every published entry and approved comment; small
//! hand-written exports pin each conversion (shortcodes, autop, Jetpack,
//! links, dates) and each refusal.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use quire_cli::check::check;
use quire_cli::wordpress::{autop, import, ImportError, ImportOptions, ImportReport};
use quire_cli::{build, BuildOptions};
use quire_core::Article;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wordpress/themeunittestdata.wordpress.xml")
}

fn run(export: &Path, out: &Path, include_protected: bool) -> ImportReport {
    import(&ImportOptions {
        export: export.to_owned(),
        out: out.to_owned(),
        media: None,
        include_protected,
    })
    .unwrap()
}

fn entries(dir: &Path) -> HashMap<String, Article> {
    let mut out = HashMap::new();
    for sub in ["articles", "pages"] {
        for e in fs::read_dir(dir.join(sub)).unwrap().flatten() {
            let a: Article = serde_json::from_str(&fs::read_to_string(e.path()).unwrap()).unwrap();
            out.insert(format!("{sub}/{}", a.meta.slug), a);
        }
    }
    out
}

fn entry<'a>(all: &'a HashMap<String, Article>, key: &str) -> &'a Article {
    all.get(key)
        .unwrap_or_else(|| panic!("{key} was not imported"))
}

#[test]
fn the_theme_unit_test_export_imports_and_builds_with_no_problems() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let report = run(&fixture(), &content, false);
    // 56 published posts, one of them password-protected (left out by
    // default); 21 pages; 30 approved comments (pingbacks and trackbacks
    // included), one of them on the protected post.
    assert_eq!(
        (report.posts, report.pages, report.comments),
        (55, 21, 29),
        "{report}"
    );
    assert_eq!(report.skipped["drafts"].len(), 1);
    assert_eq!(report.skipped["scheduled (future)"].len(), 1);
    assert_eq!(
        report.skipped["password-protected (--include-protected)"].len(),
        1
    );
    assert_eq!(report.skipped["comments awaiting moderation"].len(), 3);
    assert_eq!(report.attachments, 37);
    let text = report.to_string();
    for line in [
        "posts",
        "approved comments",
        "Not imported",
        "comments awaiting moderation",
    ] {
        assert!(
            text.contains(line),
            "the summary table lists {line}:\n{text}"
        );
    }

    let all = entries(&content);
    assert_eq!(all.len(), 76);
    // Never published: the draft, the scheduled post, pending comments.
    assert!(!all
        .values()
        .any(|a| a.meta.title == "Draft" || a.meta.title == "Scheduled"));
    let comment_ids: HashSet<u64> = all
        .values()
        .flat_map(|a| a.comments.iter().map(|c| c.id))
        .collect();
    for pending in [1015, 1016, 1017] {
        assert!(
            !comment_ids.contains(&pending),
            "pending comment {pending} was imported"
        );
    }

    // Threads keep their full depth: "Template: Comments" goes 10 deep.
    let comments = &entry(&all, "articles/template-comments").comments;
    let parent: HashMap<u64, Option<u64>> = comments.iter().map(|c| (c.id, c.parent)).collect();
    let depth = |mut id: u64| {
        let mut d = 1;
        while let Some(Some(p)) = parent.get(&id) {
            id = *p;
            d += 1;
        }
        d
    };
    assert_eq!(comments.iter().map(|c| depth(c.id)).max(), Some(10));

    // Dates keep the site's offset; the permalink uses the local date.
    let img = entry(&all, "articles/markup-image-alignment");
    assert_eq!(img.meta.date.to_string(), "2013-01-10T20:15:40-07:00");
    // Sticky, excerpt, categories with their parents, tags.
    assert!(entry(&all, "articles/template-sticky").meta.sticky);
    assert!(!entry(&all, "articles/template-excerpt-defined")
        .meta
        .excerpt
        .is_empty());
    assert!(entry(&all, "articles/edge-case-many-tags").meta.tags.len() > 20);
    let site: quire_core::Site =
        serde_json::from_str(&fs::read_to_string(content.join("site.json")).unwrap()).unwrap();
    assert!(
        site.categories.iter().any(|c| c.parent.is_some()),
        "category hierarchy kept"
    );
    assert_eq!(site.title, "Theme Unit Test Data");
    // Featured images come from the attachment.
    let featured = entry(&all, "articles/template-featured-image-horizontal");
    assert!(featured
        .meta
        .featured_image
        .as_ref()
        .is_some_and(|i| i.src.ends_with(".jpg")));

    // It builds, and `quire check` finds nothing on either side.
    let out = dir.path().join("site");
    let built = build(&BuildOptions {
        content: content.clone(),
        out: out.clone(),
        base: "/".into(),
        comments: None,
        drafts: false,
        url: None,
    })
    .unwrap();
    assert_eq!((built.articles, built.pages, built.comments), (55, 21, 29));
    let problems = check(&content).unwrap().problems;
    assert!(problems.is_empty(), "{problems:#?}");
    let problems = check(&out).unwrap().problems;
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(out.join("data/redirects.json").is_file());
}

#[test]
fn password_protected_entries_come_over_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(&fixture(), dir.path(), true);
    assert_eq!((report.posts, report.pages, report.comments), (56, 21, 30));
    assert!(!report
        .skipped
        .contains_key("password-protected (--include-protected)"));
}

#[test]
fn the_tricky_entries_of_the_export_become_the_golden_html() {
    let dir = tempfile::tempdir().unwrap();
    run(&fixture(), dir.path(), false);
    let all = entries(dir.path());
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/wordpress");
    let bless = std::env::var_os("QUIRE_BLESS").is_some();
    for key in [
        "articles/post-format-image-caption",
        "articles/post-format-gallery",
        "articles/edge-case-nested-and-mixed-lists",
        "articles/markup-html-tags-and-formatting",
        "articles/post-format-video-youtube",
        "articles/block-image",
        "pages/clearing-floats",
    ] {
        let a = entry(&all, key);
        let file = golden.join(format!("{}.html", key.replace('/', "-")));
        if bless {
            fs::create_dir_all(&golden).unwrap();
            fs::write(&file, &a.body_html).unwrap();
        }
        let want = fs::read_to_string(&file)
            .unwrap_or_else(|_| panic!("{} is missing: run with QUIRE_BLESS=1", file.display()));
        assert_eq!(a.body_html, want, "{key} differs from {}", file.display());
    }
    // Titles: markup, entities, a very long word, Greek, none at all.
    let title = |k: &str| entry(&all, k).meta.title.clone();
    assert_eq!(
        title("articles/markup-title-with-markup"),
        "Markup: Title With Markup"
    );
    assert_eq!(
        title("articles/title-with-special-characters"),
        "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"
    );
    assert!(title("articles/title-should-not-overflow-the-content-area")
        .starts_with("Taumatawhakatangihanga"));
    assert_eq!(title("pages/greek"), "Ελληνικά-Greek");
    assert!(
        all.contains_key("pages/επίπεδο-2"),
        "percent-encoded slugs are decoded"
    );
    assert_eq!(title("articles/edge-case-no-title"), "Untitled");
    assert_eq!(entry(&all, "articles/edge-case-no-content").body_html, "");
}

#[test]
fn an_import_is_byte_for_byte_reproducible() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(&fixture(), a.path(), false);
    run(&fixture(), b.path(), false);
    let files = |d: &Path| {
        let mut v = Vec::new();
        for sub in ["", "articles", "pages"] {
            for e in fs::read_dir(d.join(sub)).unwrap().flatten() {
                if e.path().is_file() {
                    v.push((
                        e.path().strip_prefix(d).unwrap().to_owned(),
                        fs::read(e.path()).unwrap(),
                    ));
                }
            }
        }
        v.sort();
        v
    };
    assert_eq!(files(a.path()), files(b.path()));
}

/// A minimal WXR export around `items`.
fn wxr(ns: &str, items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{ns}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">
<channel>
<title>Old &amp; Gold</title>
<link>https://old.example.org</link>
<description>A blog</description>
<language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://old.example.org</wp:base_blog_url>
<wp:author><wp:author_login>ann</wp:author_login><wp:author_display_name><![CDATA[Ann Example]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>news</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>local</wp:category_nicename><wp:category_parent>news</wp:category_parent><wp:cat_name><![CDATA[Local]]></wp:cat_name></wp:category>
{items}
</channel>
</rss>"#
    )
}

fn item(id: u64, kind: &str, status: &str, slug: &str, content: &str, extra: &str) -> String {
    format!(
        r#"<item><title>Item {id}</title><link>https://old.example.org/?p={id}</link><dc:creator>ann</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date>2020-06-01 10:00:00</wp:post_date><wp:post_date_gmt>2020-06-01 08:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent>
<wp:menu_order>0</wp:menu_order><wp:post_type>{kind}</wp:post_type><wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="local"><![CDATA[Local]]></category>{extra}</item>"#
    )
}

fn import_one(content: &str, extra_items: &str) -> (ImportReport, Article, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.xml");
    let items = format!(
        "{}{extra_items}",
        item(10, "post", "publish", "the-post", content, "")
    );
    fs::write(&export, wxr("https://wordpress.org/export/1.2/", &items)).unwrap();
    let out = dir.path().join("content");
    let report = run(&export, &out, false);
    let a: Article =
        serde_json::from_str(&fs::read_to_string(out.join("articles/the-post.json")).unwrap())
            .unwrap();
    (report, a, dir)
}

#[test]
fn shortcodes_become_figures_links_or_text() {
    let attachment = r#"<item><title>Sunset</title><link>https://old.example.org/2020/06/01/the-post/sunset/</link>
<wp:post_id>11</wp:post_id><wp:post_parent>10</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:attachment_url>https://old.example.org/wp-content/uploads/2020/06/sunset.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[A red sky]]></wp:meta_value></wp:postmeta></item>"#;
    let body = "[caption id=\"attachment_11\" align=\"alignleft\" width=\"300\"]<img src=\"https://old.example.org/wp-content/uploads/2020/06/sunset.jpg\" alt=\"A red sky\" /> Evening, <em>June</em>[/caption]\n\n\
        [gallery columns=\"2\"]\n\n\
        [embed]https://www.youtube.com/watch?v=abc[/embed]\n\n\
        [contact-form to=\"x@example.org\"][contact-field label=\"Name\"/][/contact-form]\n\n\
        A note [sic] with [1] a footnote mark and [[gallery]] escaped.\n\n\
        [unknown-thing size=\"big\"]kept text[/unknown-thing]";
    let (report, a, _dir) = import_one(body, attachment);
    let html = &a.body_html.replace('\n', "");
    assert!(
        html.contains(r#"<figure class="wp-caption alignleft"><img src="https://old.example.org/wp-content/uploads/2020/06/sunset.jpg" alt="A red sky"><figcaption>Evening, <em>June</em></figcaption></figure>"#),
        "{html}"
    );
    assert!(html.contains(r#"<div class="gallery gallery-columns-2"><figure class="gallery-item"><img src="https://old.example.org/wp-content/uploads/2020/06/sunset.jpg" alt="A red sky" loading="lazy"></figure></div>"#), "{html}");
    assert!(html.contains(r#"<a href="https://www.youtube.com/watch?v=abc">Open: https://www.youtube.com/watch?v=abc</a>"#), "{html}");
    assert!(!html.contains("contact"), "{html}");
    assert!(
        html.contains("A note [sic] with [1] a footnote mark and [gallery] escaped."),
        "{html}"
    );
    assert!(html.contains("<p>kept text</p>"), "{html}");
    assert!(report
        .notes
        .contains_key("[unknown-thing] removed (not shown by Quire)"));
}

#[test]
fn classic_posts_get_paragraphs_and_block_posts_lose_their_comments() {
    let (_, classic, _d1) = import_one(
        "First line\nsecond line\n\nNext paragraph\n<pre>keep\n\nthis</pre>",
        "",
    );
    assert_eq!(
        classic.body_html,
        "<p>First line<br>\nsecond line</p>\n<p>Next paragraph</p>\n<pre>keep\n\nthis</pre>\n"
    );
    let (_, blocks, _d2) = import_one(
        "<!-- wp:paragraph -->\n<p>Block text</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:embed {\"url\":\"https://x.example/v\"} -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://x.example/v\n</div></figure>\n<!-- /wp:embed -->",
        "",
    );
    assert!(!blocks.body_html.contains("wp:"), "{}", blocks.body_html);
    assert!(blocks.body_html.contains("<p>Block text</p>"));
    assert!(
        blocks
            .body_html
            .contains(r#"<a href="https://x.example/v">https://x.example/v</a>"#),
        "{}",
        blocks.body_html
    );
    assert_eq!(autop(""), "");
    assert_eq!(
        autop("<ul>\n<li>a\n<ul><li>b</li></ul></li>\n</ul>"),
        "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n"
    );
}

#[test]
fn jetpack_leftovers_are_removed() {
    let (_, a, _d) = import_one(
        "Real text.\n\n<div class=\"sharedaddy sd-sharing-enabled\"><div class=\"robots-nocontent\"><h3>Share this:</h3><ul><li>Twitter</li></ul></div></div>\n\n<div id=\"jp-post-flair\" class=\"jp-relatedposts\"><p>Related</p></div>\n\nLike this:\n\nLike Loading...\n\n%d bloggers like this:",
        "",
    );
    assert_eq!(a.body_html, "<p>Real text.</p>\n");
}

#[test]
fn links_to_the_old_site_become_quire_addresses() {
    let other = item(20, "post", "publish", "other-post", "Other", "");
    let page = item(30, "page", "publish", "about", "About", "");
    let (report, a, dir) = import_one(
        "See <a href=\"https://old.example.org/?p=20\">this</a>, <a href=\"http://www.old.example.org/?page_id=30#team\">about</a>, \
         <a href=\"https://old.example.org/2020/06/01/the-post/sunset/\">the photo</a> and <a href=\"https://elsewhere.example/\">away</a>.",
        &format!("{other}{page}<item><title>Sunset</title><link>https://old.example.org/2020/06/01/the-post/sunset/</link><wp:post_id>11</wp:post_id><wp:post_parent>10</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status><wp:attachment_url>https://old.example.org/wp-content/uploads/sunset.jpg</wp:attachment_url></item>"),
    );
    let html = &a.body_html;
    assert!(
        html.contains(r#"<a href="2020/06/01/other-post/">this</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r##"<a href="about/#team">about</a>"##),
        "{html}"
    );
    assert!(
        html.contains(
            r#"<a href="https://old.example.org/wp-content/uploads/sunset.jpg">the photo</a>"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="https://elsewhere.example/">away</a>"#),
        "{html}"
    );
    let map: HashMap<String, String> = serde_json::from_str(
        &fs::read_to_string(dir.path().join("content/redirects.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(map["?p=20"], "2020/06/01/other-post/");
    assert_eq!(map["?page_id=30"], "about/");
    assert_eq!(
        map["?attachment_id=11"],
        "https://old.example.org/wp-content/uploads/sunset.jpg"
    );
    assert_eq!(report.redirects, map.len());
    // Local time 10:00 at UTC 08:00: +02:00.
    assert_eq!(a.meta.date.to_string(), "2020-06-01T10:00:00+02:00");
    let manifest = fs::read_to_string(dir.path().join("content/media-manifest.json")).unwrap();
    assert!(manifest.contains("sunset.jpg"));
}

#[test]
fn with_a_media_folder_images_are_copied_and_linked_locally() {
    let dir = tempfile::tempdir().unwrap();
    let uploads = dir.path().join("uploads/2020/06");
    fs::create_dir_all(&uploads).unwrap();
    fs::write(uploads.join("sunset.jpg"), b"jpeg").unwrap();
    let body = "<img src=\"https://old.example.org/wp-content/uploads/2020/06/sunset.jpg\" alt=\"Sky\" /> and <img src=\"https://old.example.org/wp-content/uploads/2020/06/missing.jpg\" alt=\"Gone\" />";
    let export = dir.path().join("export.xml");
    fs::write(
        &export,
        wxr(
            "http://wordpress.org/export/1.0/",
            &item(10, "post", "publish", "the-post", body, ""),
        ),
    )
    .unwrap();
    let out = dir.path().join("content");
    let report = import(&ImportOptions {
        export,
        out: out.clone(),
        media: Some(dir.path().join("uploads")),
        include_protected: false,
    })
    .unwrap();
    assert_eq!(
        (report.media_local, report.media_remote),
        (1, 1),
        "{report}"
    );
    assert_eq!(
        fs::read(out.join("media/2020/06/sunset.jpg")).unwrap(),
        b"jpeg"
    );
    let a: Article =
        serde_json::from_str(&fs::read_to_string(out.join("articles/the-post.json")).unwrap())
            .unwrap();
    assert!(
        a.body_html.contains(r#"src="media/2020/06/sunset.jpg""#),
        "{}",
        a.body_html
    );
    assert!(a.body_html.contains("missing.jpg"));
    // WXR 1.0's namespace works as well, and the result builds.
    build(&BuildOptions {
        content: out,
        out: dir.path().join("site"),
        base: "/".into(),
        comments: None,
        drafts: false,
        url: None,
    })
    .unwrap();
}

#[test]
fn bad_input_is_refused_with_a_clear_message_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("content");
    let try_import = |text: &str| {
        let export = dir.path().join("in.xml");
        fs::write(&export, text).unwrap();
        import(&ImportOptions {
            export,
            out: out.clone(),
            media: None,
            include_protected: false,
        })
    };
    let err = try_import("<rss><channel><item>").unwrap_err();
    assert!(matches!(err, ImportError::Xml { .. }), "{err}");
    let err = try_import("<rss><channel><title>x</title></channel></rss>").unwrap_err();
    assert!(err.to_string().contains("not a WordPress export"), "{err}");
    assert!(err.to_string().contains("Tools → Export"), "{err}");
    assert!(!out.exists(), "nothing is written for a refused export");
    // An existing content folder is never overwritten.
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("site.json"), "{}").unwrap();
    let err = try_import(&wxr("https://wordpress.org/export/1.2/", "")).unwrap_err();
    assert!(matches!(err, ImportError::NotEmpty(_)), "{err}");
    assert_eq!(fs::read_to_string(out.join("site.json")).unwrap(), "{}");
}

#[test]
fn the_command_prints_the_summary_and_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_quire");
    let ok = Command::new(bin)
        .args(["import", "wordpress"])
        .arg(fixture())
        .arg("--out")
        .arg(dir.path().join("c"))
        .output()
        .unwrap();
    assert!(ok.status.success());
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout.contains("posts") && stdout.contains("55"),
        "{stdout}"
    );
    let bad = Command::new(bin)
        .args(["import", "wordpress", "/nonexistent.xml", "--out"])
        .arg(dir.path().join("d"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("/nonexistent.xml"));
}
