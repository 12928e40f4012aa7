//! Runs the content build on the real sample site and on broken content, and
//! checks whole outputs.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use quire_cli::{build, schemas, BuildError, BuildOptions};
use quire_core::parse::parse;
use quire_core::{Article, ContentError, Listing, Site};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn build_sample(out: &Path, base: &str) {
    build(&BuildOptions {
        content: repo().join("content"),
        out: out.to_owned(),
        base: base.to_owned(),
        comments: None,
        drafts: false,
        url: None,
    })
    .expect("the sample site builds");
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A sample entry as the build reads it (its Markdown turned into the content format).
fn sample_source(slug: &str) -> Article {
    quire_cli::dump(&repo().join("content"))
        .expect("the sample's sources are valid")
        .into_iter()
        .find(|s| s.article.meta.slug == slug)
        .unwrap_or_else(|| panic!("no {slug} in the sample"))
        .article
}

fn read<T: quire_core::json::FromJson + quire_core::parse::Validate>(path: &Path) -> T {
    parse(
        &path.display().to_string(),
        &fs::read_to_string(path).unwrap(),
    )
    .unwrap()
}

/// Reads `text` with Quire's reader, and checks that serde's derived
/// deserializer (which also drives the JSON Schema) reads the same value.
fn agree<T>(rel: &str, text: &str)
where
    T: quire_core::json::FromJson
        + quire_core::parse::Validate
        + serde::de::DeserializeOwned
        + PartialEq
        + std::fmt::Debug,
{
    let ours = parse::<T>(rel, text).unwrap_or_else(|e| panic!("{e}"));
    let theirs: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{rel}: serde: {e}"));
    assert_eq!(ours, theirs, "{rel}: the reader and serde disagree");
}

fn check_data_file(rel: &str, text: &str) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name == "site.json" {
        agree::<Site>(rel, text);
    } else if name == "redirects.json" {
        let map: std::collections::BTreeMap<String, String> =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(map.keys().all(|k| quire_core::redirect::is_key(k)), "{rel}");
    } else if rel.contains("articles/") || rel.contains("pages/") {
        agree::<Article>(rel, text);
    } else {
        agree::<Listing>(rel, text);
    }
}

#[test]
fn every_output_file_is_valid_content() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path(), "/blog/");
    let files = tree(&out.path().join("data"));
    assert!(files.len() > 40, "{} files", files.len());
    for (rel, bytes) in &files {
        check_data_file(rel, std::str::from_utf8(bytes).unwrap());
    }
    let site: Site = read(&out.path().join("data/site.json"));
    assert_eq!(site.base_path, "/blog/");
    assert_eq!(site.article_count, 15);
}

#[test]
fn sources_read_the_same_with_defaults_filled_in() {
    // Hand-written JSON leaves most fields out, so it exercises every
    // default; the reader must fill them in exactly as serde does. (The
    // sample's articles are Markdown; hostile.json is the e2e tests'
    // hand-written article.)
    for rel in ["content/site.json", "end2end/fixtures/content/hostile.json"] {
        let text = fs::read_to_string(repo().join(rel)).unwrap();
        let rel = rel.replace("end2end/fixtures/content/", "articles/");
        check_data_file(&rel, &text);
    }
    // And what `quire dump` prints of the Markdown is the content format.
    for source in quire_cli::dump(&repo().join("content")).unwrap() {
        let json = serde_json::to_string_pretty(&source.article).unwrap();
        check_data_file(&source.file.replace(".md", ".json"), &json);
    }
}

#[test]
fn listings_are_sharded_newest_first_with_sticky_on_top() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path(), "/");
    let data = out.path().join("data");
    let site: Site = read(&data.join("site.json"));
    let pages = site.article_count.div_ceil(site.page_size);
    let mut seen = Vec::new();
    for n in 1..=pages {
        let page: Listing = read(&data.join(format!("index/{n}.json")));
        assert_eq!(
            (page.page, page.total_pages, page.total_items),
            (n, pages, site.article_count)
        );
        seen.extend(page.items);
    }
    assert!(!data.join(format!("index/{}.json", pages + 1)).exists());
    assert!(seen[0].sticky, "the sticky post leads the home page");
    let rest: Vec<i64> = seen[1..].iter().map(|s| s.date.unix_seconds()).collect();
    assert!(rest.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // A month archive holds exactly the articles of that local month.
    let march: Listing = read(&data.join("archive/2026/03/1.json"));
    assert_eq!(march.title, "March 2026");
    assert!(march
        .items
        .iter()
        .all(|s| s.date.date.year == 2026 && s.date.date.month == 3));
}

#[test]
fn derived_fields_are_computed() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path(), "/");
    let data = out.path().join("data/articles");
    let blogroll: Article = read(&data.join("bring-back-the-blogroll.json"));
    let source = sample_source("bring-back-the-blogroll");
    let approved = |a: &Article| {
        a.comments
            .iter()
            .filter(|c| c.status == quire_core::CommentStatus::Approved)
            .count()
    };
    assert!(
        approved(&source) < source.comments.len(),
        "the sample has unpublished comments"
    );
    // Data files are public: pending and spam comments must not be in them.
    assert_eq!(blogroll.comments.len(), approved(&source));
    assert_eq!(blogroll.meta.comment_count as usize, approved(&source));
    assert!(blogroll.meta.reading_minutes >= 1);
    // previous/next chain through every article, newest to oldest.
    let mut newest = None;
    for entry in fs::read_dir(&data).unwrap() {
        let a: Article = read(&entry.unwrap().path());
        if a.next.is_none() {
            assert!(newest.is_none(), "only one article has no newer neighbour");
            newest = Some(a.meta.slug.clone());
        }
    }
    let mut count = 0;
    let mut slug = newest.expect("a newest article");
    loop {
        count += 1;
        let a: Article = read(&data.join(format!("{slug}.json")));
        match a.previous {
            Some(p) => {
                let older: Article = read(&data.join(format!("{}.json", p.slug)));
                assert_eq!(older.next.map(|n| n.slug), Some(slug.clone()));
                slug = p.slug;
            }
            None => break,
        }
    }
    assert_eq!(count, 15);
}

#[test]
fn builds_are_deterministic() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build_sample(a.path(), "/");
    build_sample(b.path(), "/");
    assert_eq!(tree(a.path()), tree(b.path()));
}

#[test]
fn reports_every_problem_at_once() {
    let content = tempfile::tempdir().unwrap();
    let c = content.path();
    fs::create_dir_all(c.join("articles")).unwrap();
    fs::copy(repo().join("content/site.json"), c.join("site.json")).unwrap();
    // Hand-written JSON, as an importer writes it: the Markdown source in the content format.
    let good = serde_json::to_string_pretty(&sample_source("winter-soup-ledger")).unwrap();
    fs::write(c.join("articles/ok.json"), &good).unwrap();
    fs::write(c.join("articles/truncated.json"), &good[..good.len() / 2]).unwrap();
    let stranger = good.replacen("\"author\": \"", "\"author\": \"nobody-", 1);
    fs::write(
        c.join("articles/stranger.json"),
        stranger.replace("winter-soup-ledger", "stranger"),
    )
    .unwrap();
    fs::write(c.join("articles/twin.json"), &good).unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = build(&BuildOptions {
        content: c.to_owned(),
        out: out.path().to_owned(),
        base: "/".into(),
        comments: None,
        drafts: false,
        url: None,
    })
    .unwrap_err();
    let BuildError::Content(problems) = &err else {
        panic!("unexpected {err}");
    };
    let described: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 3, "{described:#?}");
    assert!(
        matches!(&problems[0], ContentError::Syntax { file, .. } if file.ends_with("truncated.json"))
    );
    assert!(
        described
            .iter()
            .any(|d| d.contains("stranger.json: at $.meta.author: unknown author")),
        "{described:#?}"
    );
    assert!(
        described.iter().any(|d| d.contains(
            "twin.json: at $.meta.slug: slug \"winter-soup-ledger\" is used by another entry"
        )),
        "{described:#?}"
    );
    assert!(
        !out.path().join("data").exists(),
        "nothing is written when content is broken"
    );
}

#[test]
fn checked_in_schemas_are_current() {
    for (name, schema) in schemas() {
        let path = repo().join("docs/schema").join(name);
        let on_disk = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == schema,
            "{} is stale: run `cargo run -p quire-cli -- schema`",
            path.display()
        );
    }
}

#[test]
fn the_binary_explains_bad_usage() {
    let quire = env!("CARGO_BIN_EXE_quire");
    let out = Command::new(quire).arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unrecognized subcommand") && stderr.contains("Usage: quire"),
        "{stderr}"
    );
    let out = Command::new(quire)
        .args(["build", "/nonexistent-content"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains("/nonexistent-content/site.json"),
        "{stderr}"
    );
}

#[test]
fn dump_prints_every_source_as_the_build_reads_it() {
    let quire = env!("CARGO_BIN_EXE_quire");
    let out = Command::new(quire)
        .args(["dump", &repo().join("content").display().to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sources: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = sources.as_array().unwrap();
    assert_eq!(sources.len(), 17, "15 articles and 2 pages");
    let blogroll = sources
        .iter()
        .find(|s| s["file"] == "articles/bring-back-the-blogroll.md")
        .expect("the blogroll article, by its file");
    assert_eq!(blogroll["draft"], false);
    let article = &blogroll["article"];
    assert!(article["body_html"]
        .as_str()
        .unwrap()
        .starts_with("<p>Twenty years ago"));
    // Unlike the published data, the dump keeps unpublished comments.
    let statuses: Vec<&str> = article["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["status"].as_str())
        .collect();
    assert!(statuses.contains(&"pending") && statuses.contains(&"spam"));

    // A broken source: every problem, with its file, and exit 1.
    let bad = tempfile::tempdir().unwrap();
    fs::create_dir_all(bad.path().join("articles")).unwrap();
    fs::copy(
        repo().join("content/site.json"),
        bad.path().join("site.json"),
    )
    .unwrap();
    fs::write(bad.path().join("articles/no-front.md"), "Just text.\n").unwrap();
    fs::write(
        bad.path().join("articles/bad-date.md"),
        "---\ntitle: T\ndate: yesterday\nauthor: mara-okafor\n---\nText.\n",
    )
    .unwrap();
    let out = Command::new(quire)
        .arg("dump")
        .arg(bad.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 problem(s)")
            && stderr.contains("no-front.md")
            && stderr.contains("bad-date.md"),
        "{stderr}"
    );
    // Not a content folder.
    let out = Command::new(quire)
        .args(["dump", "/nonexistent-content"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent-content/site.json"));
}

#[test]
fn a_deployment_can_name_its_comment_server() {
    let out = tempfile::tempdir().unwrap();
    build(&BuildOptions {
        content: repo().join("content"),
        out: out.path().to_owned(),
        base: "/".into(),
        comments: Some("https://comments.example.org".into()),
        drafts: false,
        url: None,
    })
    .unwrap();
    let site: Site = read(&out.path().join("data/site.json"));
    assert_eq!(site.comments.provider.as_deref(), Some("isso"));
    assert_eq!(
        site.comments.url.as_deref(),
        Some("https://comments.example.org")
    );
    // Without the option, site.json's own setting (here: none) stands.
    build_sample(out.path(), "/");
    let site: Site = read(&out.path().join("data/site.json"));
    assert_eq!(site.comments.provider, None);
    let refused = build(&BuildOptions {
        content: repo().join("content"),
        out: out.path().to_owned(),
        base: "/".into(),
        comments: Some("javascript:alert(1)".into()),
        drafts: false,
        url: None,
    });
    assert!(matches!(refused, Err(BuildError::Comments(_))));
}

/// Copies the sample content into a fresh folder the test may change.
fn sample_copy(to: &Path) {
    common::copy_dir(&repo().join("content"), to);
}

#[test]
fn a_second_build_rewrites_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    sample_copy(&content);
    let out = dir.path().join("out");
    let opts = quire_cli::BuildOptions {
        content: content.clone(),
        out: out.clone(),
        base: "/".into(),
        comments: None,
        drafts: false,
        url: None,
    };
    let first = quire_cli::build(&opts).unwrap();
    assert!(first.written > 50 && first.unchanged == 0, "{first:?}");
    let before = tree(&out);

    // Nothing changed: nothing is written, and the output is identical.
    let again = quire_cli::build(&opts).unwrap();
    assert_eq!((again.written, again.removed), (0, 0), "{again:?}");
    assert_eq!(tree(&out), before);

    // One article's text changes: its own file and the feeds that carry its
    // text; not its neighbours or listings (its summary is unchanged).
    common::edit_file(
        &content.join("articles/margins-and-pencils.md"),
        "of the characters.",
        "of the characters. A new sentence.",
    );
    let edit = quire_cli::build(&opts).unwrap();
    let after = tree(&out);
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(
        changed,
        [
            "category/reading/feed/atom/index.xml",
            "category/reading/feed/index.xml",
            "data/articles/margins-and-pencils.json",
            "feed/atom/index.xml",
            "feed/index.xml"
        ]
    );
    assert_eq!(edit.written, changed.len(), "{edit:?}");

    // A title changes: its neighbours' links to it follow.
    common::edit_file(
        &content.join("articles/the-case-for-slow-news.md"),
        "title: The case for slow news\n",
        "title: The case for slow news, again\n",
    );
    quire_cli::build(&opts).unwrap();
    let renamed = tree(&out);
    let mentions = renamed
        .iter()
        .filter(|(k, v)| {
            k.starts_with("data/articles/")
                && String::from_utf8_lossy(v).contains("slow news, again")
        })
        .count();
    assert_eq!(
        mentions, 3,
        "the article and both neighbours name the new title"
    );

    // An article removed: its file goes, its neighbours and listings follow.
    fs::remove_file(content.join("articles/winter-soup-ledger.md")).unwrap();
    let removed = quire_cli::build(&opts).unwrap();
    assert!(removed.removed >= 1, "{removed:?}");
    assert!(!out.join("data/articles/winter-soup-ledger.json").exists());
    let fresh = dir.path().join("fresh");
    quire_cli::build(&quire_cli::BuildOptions {
        out: fresh.clone(),
        ..opts.clone()
    })
    .unwrap();
    let (a, b) = (tree(&out), tree(&fresh));
    let data = |t: &BTreeMap<String, Vec<u8>>| -> Vec<(String, Vec<u8>)> {
        t.iter()
            .filter(|(k, _)| k.starts_with("data/") || k.starts_with("media/"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    assert_eq!(
        data(&a),
        data(&b),
        "an incremental build ends where a fresh one does"
    );

    // Another content folder built into the same output in between (as
    // `make dist-next` does with public/): the next build of this one
    // notices and puts every file back.
    let other = dir.path().join("other");
    sample_copy(&other);
    common::edit_file(
        &other.join("articles/the-case-for-slow-news.md"),
        "title: The case for slow news\n",
        "title: The case for slow news, elsewhere\n",
    );
    fs::remove_file(other.join("articles/winter-soup-ledger.md")).ok();
    quire_cli::build(&quire_cli::BuildOptions {
        content: other,
        ..opts.clone()
    })
    .unwrap();
    quire_cli::build(&opts).unwrap();
    assert_eq!(
        data(&tree(&out)),
        data(&b),
        "a build restores what another build overwrote"
    );
}
