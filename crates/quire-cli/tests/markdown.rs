//! Markdown sources: front matter, the HTML they become (golden), drafts
//! and scheduled posts, and `quire new`.

use std::fs;
use std::path::{Path, PathBuf};

use quire_cli::markdown::{read, to_html};
use quire_cli::{build, new_entry, BuildError, BuildOptions, NewOptions};
use quire_core::parse::parse;
use quire_core::{Article, ContentError, EntryKind};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A content folder with the sample site.json and the given articles.
fn content(articles: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("articles")).unwrap();
    fs::copy(
        repo().join("content/site.json"),
        dir.path().join("site.json"),
    )
    .unwrap();
    for (name, text) in articles {
        fs::write(dir.path().join("articles").join(name), text).unwrap();
    }
    dir
}

fn options(content: &Path, out: &Path, drafts: bool) -> BuildOptions {
    BuildOptions {
        content: content.to_owned(),
        out: out.to_owned(),
        base: "/".into(),
        comments: None,
        drafts,
        url: None,
    }
}

const POST: &str = "---
title: \"Tables, notes & headings\"
date: 2026-03-01T10:00:00+01:00
author: mara-okafor
categories: [reading]
tags: [rss]
excerpt: A test of the Markdown features.
---
Intro with a footnote.[^1] and \"quotes\".

## A heading

| a | b |
|---|---|
| 1 | 2 |

## A heading

### Own id {#mine}

- [x] done
- ~~gone~~

<script>alert(1)</script><img src=\"javascript:alert(1)\" onerror=\"alert(1)\" alt=\"x\"><a href=\"media/x.svg\" onclick=\"x()\">ok</a>

[^1]: The note.
";

#[test]
fn markdown_becomes_the_golden_html() {
    let html = to_html(POST.split("---\n").nth(2).unwrap());
    let golden = r##"<p>Intro with a footnote.<sup class="footnote-reference"><a href="#1">1</a></sup> and “quotes”.</p>
<h2 id="a-heading">A heading</h2>
<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>
<tr><td>1</td><td>2</td></tr>
</tbody></table>
<h2 id="a-heading-2">A heading</h2>
<h3 id="mine">Own id</h3>
<ul>
<li>☑ done</li>
<li><del>gone</del></li>
</ul>
<img alt="x"><a href="media/x.svg">ok</a>
<div class="footnote-definition" id="1"><sup class="footnote-definition-label">1</sup>
<p>The note.</p>
</div>
"##;
    assert_eq!(html, golden);
}

#[test]
fn front_matter_fills_the_entry() {
    let source = read("articles/notes.md", "notes", EntryKind::Post, POST).unwrap();
    let a = &source.article;
    assert!(!source.draft);
    assert_eq!(a.meta.slug, "notes", "from the file name");
    assert_eq!(a.meta.title, "Tables, notes & headings");
    assert_eq!(a.meta.permalink(), "/2026/03/01/notes/");
    assert_eq!(a.meta.categories, ["reading"]);
    assert!(a.comments_open);
}

#[test]
fn front_matter_problems_name_file_line_and_reason() {
    let missing = read("a.md", "a", EntryKind::Post, "no front matter").unwrap_err();
    assert!(missing.to_string().contains("a.md"), "{missing}");
    let unknown = "---\ntitle: T\ndate: 2026-03-01T10:00:00Z\nauthor: a\ncolour: red\n---\nx";
    let e = read("b.md", "b", EntryKind::Post, unknown).unwrap_err();
    let ContentError::Invalid { file, path, reason } = &e else {
        panic!("{e}")
    };
    assert_eq!((file.as_str(), path.as_str()), ("b.md", "line 5"));
    assert!(reason.contains("colour"), "{reason}");
    // One position, the file's: not also the YAML block's own line count.
    assert!(!reason.contains(" at line "), "{reason}");
    let bad_date = "---\ntitle: T\ndate: yesterday\nauthor: a\n---\nx";
    let e = read("c.md", "c", EntryKind::Post, bad_date).unwrap_err();
    assert_eq!(
        e.to_string(),
        "c.md: at date: invalid date-time \"yesterday\": expected RFC 3339 with a time zone, \
         like 2026-03-14T09:30:00+02:00 or 2026-03-14T07:30:00Z"
    );
}

#[test]
fn markdown_articles_build_next_to_json_ones_and_drafts_wait() {
    let draft = POST.replace("excerpt:", "draft: true\nexcerpt:");
    let future = POST.replace("2026-03-01", "2099-01-01");
    let dir = content(&[
        ("notes.md", POST),
        ("later.md", &draft),
        ("future.md", &future),
    ]);
    let out = tempfile::tempdir().unwrap();
    let report = build(&options(dir.path(), out.path(), false)).unwrap();
    assert_eq!(
        (report.articles, report.drafts, report.scheduled),
        (1, 1, 1),
        "{report}"
    );
    let text = fs::read_to_string(out.path().join("data/articles/notes.json")).unwrap();
    let built: Article = parse("notes.json", &text).unwrap();
    assert!(built.body_html.contains(r#"<h2 id="a-heading">"#));
    assert!(!built.body_html.contains("script"));
    // Footnote links point at the article itself, not at `<base href>`
    // (the site root) as a bare `#1` would in entry pages and feeds.
    assert!(
        built
            .body_html
            .contains(r##"<a href="2026/03/01/notes/#1">1</a>"##),
        "{}",
        built.body_html
    );
    assert!(!built.body_html.contains(r##"href="#"##));
    assert!(!out.path().join("data/articles/later.json").exists());

    let preview = tempfile::tempdir().unwrap();
    let report = build(&options(dir.path(), preview.path(), true)).unwrap();
    assert_eq!(
        (report.articles, report.drafts, report.scheduled),
        (3, 0, 0)
    );
}

#[test]
fn markdown_problems_are_reported_with_the_others() {
    let dir = content(&[
        ("bad.md", "---\ntitle: [\n---\n"),
        ("stranger.md", &POST.replace("mara-okafor", "nobody")),
    ]);
    let out = tempfile::tempdir().unwrap();
    let err = build(&options(dir.path(), out.path(), false)).unwrap_err();
    let BuildError::Content(problems) = &err else {
        panic!("{err}")
    };
    let text = err.to_string();
    assert_eq!(problems.len(), 2, "{text}");
    assert!(
        text.contains("bad.md") && text.contains("unknown author \"nobody\""),
        "{text}"
    );
}

#[test]
fn quire_new_starts_a_draft_that_builds_with_drafts() {
    let dir = content(&[]);
    let opts = NewOptions {
        title: "Ünïcode: a “new” post!".into(),
        content: dir.path().to_owned(),
        slug: None,
        author: None,
        page: false,
    };
    let path = new_entry(&opts).unwrap();
    assert!(
        path.ends_with("articles/ünïcode-a-new-post.md"),
        "{}",
        path.display()
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("author: mara-okafor") && text.contains("draft: true"),
        "{text}"
    );
    // Never overwrites.
    let again = new_entry(&opts).unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");

    let out = tempfile::tempdir().unwrap();
    let report = build(&options(dir.path(), out.path(), false)).unwrap();
    assert_eq!((report.articles, report.drafts), (0, 1));
    let report = build(&options(dir.path(), out.path(), true)).unwrap();
    assert_eq!(report.articles, 1);
    let built =
        fs::read_to_string(out.path().join("data/articles/ünïcode-a-new-post.json")).unwrap();
    assert!(built.contains("Ünïcode: a “new” post!"));
}
