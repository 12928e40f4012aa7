//! `quire check`: sources and built sites, every problem at once.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::copy_dir;
use quire_cli::check::{check, links};
use quire_cli::{build, BuildOptions};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_sample_site_and_its_build_have_no_problems() {
    let report = check(&repo().join("content")).unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert!(report.files > 10);
    let out = tempfile::tempdir().unwrap();
    build(&BuildOptions {
        content: repo().join("content"),
        out: out.path().to_owned(),
        base: "/blog/".into(),
        comments: None,
        drafts: false,
        url: None,
    })
    .unwrap();
    let report = check(out.path()).unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
}

#[test]
fn broken_links_missing_images_and_bad_sources_are_all_reported() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path();
    copy_dir(&repo().join("content"), c);
    fs::write(
        c.join("articles/broken.md"),
        "---\ntitle: Broken\ndate: 2026-02-02T10:00:00Z\nauthor: mara-okafor\n---\n\
         [gone](2026/01/01/no-such-article/) [wrong date](2020/03/14/the-case-for-slow-news/) \
         [page](no-such-page/) [tag](tag/no-such-tag/) [fine](about/) [out](https://example.org/x) \
         [top](#top) ![missing](media/missing.svg) ![ok](media/slow-news.svg)\n",
    )
    .unwrap();
    fs::write(
        c.join("articles/bad-date.md"),
        "---\ntitle: T\ndate: 2026-13-01T00:00:00Z\nauthor: mara-okafor\n---\nx\n",
    )
    .unwrap();
    let report = check(c).unwrap();
    let text: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert_eq!(report.problems.len(), 6, "{text:#?}");
    for needle in [
        "no-such-article/\": no article",
        "2020/03/14/the-case-for-slow-news/\": no article",
        "no-such-page/\": no page",
        "no such tag",
        "media/missing.svg is not in the media folder",
        "bad-date.md",
    ] {
        assert!(
            text.iter().any(|t| t.contains(needle)),
            "{needle} in {text:#?}"
        );
    }

    // The binary prints them and exits 1.
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("check")
        .arg(c)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("6 problem(s)"));
}

#[test]
fn a_damaged_built_site_is_reported_file_by_file() {
    let out = tempfile::tempdir().unwrap();
    build(&BuildOptions {
        content: repo().join("content"),
        out: out.path().to_owned(),
        base: "/".into(),
        comments: None,
        drafts: false,
        url: None,
    })
    .unwrap();
    let article = out.path().join("data/articles/winter-soup-ledger.json");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, &text[..text.len() / 2]).unwrap();
    fs::write(out.path().join("data/index/1.json"), "{\"version\": 9}").unwrap();
    let report = check(out.path()).unwrap();
    let text: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert_eq!(report.problems.len(), 2, "{text:#?}");
    assert!(
        text[0].contains("winter-soup-ledger.json") || text[1].contains("winter-soup-ledger.json")
    );
    assert!(
        text.iter()
            .any(|t| t.contains("index/1.json") && t.contains("version 9")),
        "{text:#?}"
    );

    let nothing = tempfile::tempdir().unwrap();
    assert!(check(nothing.path())
        .unwrap_err()
        .to_string()
        .contains("neither a content folder"));
}

#[test]
fn links_are_read_from_any_quoting() {
    let html = r#"<p><a href="a/">x</a> <A HREF='b/'>y</A> <img alt="q" src=media/c.svg> <a title="href=no">z</a></p>"#;
    assert_eq!(
        links(html),
        [("href", "a/"), ("href", "b/"), ("src", "media/c.svg")]
    );
}
