//! `quire generate`: a reproducible corpus that builds and checks cleanly.

use std::fs;

use quire_cli::check::check;
use quire_cli::generate::{generate, GenerateOptions, SourceFormat};
use quire_cli::{build, BuildOptions};
use quire_core::{Article, CommentStatus};

#[test]
fn a_generated_corpus_is_reproducible_realistic_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    let opts = |name: &str, seed| GenerateOptions {
        articles: 300,
        out: dir.path().join(name),
        seed,
        format: SourceFormat::Markdown,
    };
    generate(&opts("a", 7)).unwrap();
    generate(&opts("b", 7)).unwrap();
    generate(&opts("c", 8)).unwrap();
    let files = |name: &str| {
        let mut v: Vec<(String, Vec<u8>)> = fs::read_dir(dir.path().join(name).join("articles"))
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(files("a"), files("b"), "same seed, same corpus");
    assert_ne!(files("a"), files("c"));
    assert_eq!(files("a").len(), 300);
    assert!(
        generate(&opts("a", 7)).is_err(),
        "never writes into a full folder"
    );

    assert!(files("a").iter().all(|(name, _)| name.ends_with(".md")));
    let articles: Vec<Article> = quire_cli::dump(&dir.path().join("a"))
        .unwrap()
        .into_iter()
        .map(|s| s.article)
        .collect();
    assert!(articles.iter().all(|a| a.body_html.contains("<p>")));
    assert!(articles
        .iter()
        .any(|a| a.body_html.contains("<h2 id=\"section-1\">")));
    assert!(articles.iter().any(|a| a.body_html.contains("<li>")));
    let words: Vec<usize> = articles
        .iter()
        .map(|a| quire_core::text::word_count(&a.body_html))
        .collect();
    let silent = articles.iter().filter(|a| a.comments.is_empty()).count();
    let long_threads = articles.iter().filter(|a| a.comments.len() > 10).count();
    let replies = articles
        .iter()
        .flat_map(|a| &a.comments)
        .filter(|c| c.parent.is_some())
        .count();
    let pending = articles
        .iter()
        .flat_map(|a| &a.comments)
        .filter(|c| c.status == CommentStatus::Pending)
        .count();
    assert!(
        words.iter().any(|&w| w < 400) && words.iter().any(|&w| w > 1500),
        "{words:?}"
    );
    assert!(silent > 100 && long_threads > 5 && replies > 0 && pending > 0);

    let report = check(&dir.path().join("a")).unwrap();
    assert!(
        report.problems.is_empty(),
        "{:#?}",
        &report.problems[..report.problems.len().min(5)]
    );
    let out = tempfile::tempdir().unwrap();
    let built = build(&BuildOptions {
        content: dir.path().join("a"),
        out: out.path().to_owned(),
        base: "/".into(),
        comments: None,
        drafts: false,
        url: None,
    })
    .unwrap();
    assert_eq!(built.articles, 300);
}

#[test]
fn json_sources_hold_the_same_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let opts = |name: &str, format| GenerateOptions {
        articles: 40,
        out: dir.path().join(name),
        seed: 3,
        format,
    };
    generate(&opts("md", SourceFormat::Markdown)).unwrap();
    generate(&opts("json", SourceFormat::Json)).unwrap();
    let read = |name: &str| -> Vec<Article> {
        quire_cli::dump(&dir.path().join(name))
            .unwrap()
            .into_iter()
            .map(|s| s.article)
            .collect()
    };
    let (md, json) = (read("md"), read("json"));
    assert_eq!(md.len(), 40);
    for (m, j) in md.iter().zip(&json) {
        assert_eq!(m.meta, j.meta);
        assert_eq!(m.comments, j.comments);
        // The same text; Markdown's HTML differs only in where lines break.
        assert_eq!(
            quire_core::text::word_count(&m.body_html),
            quire_core::text::word_count(&j.body_html)
        );
    }
}
