//! `quire generate`: a reproducible corpus that builds and checks cleanly.

use std::fs;

use quire_cli::check::check;
use quire_cli::generate::{generate, GenerateOptions};
use quire_cli::{build, BuildOptions};
use quire_core::parse::parse;
use quire_core::{Article, CommentStatus};

#[test]
fn a_generated_corpus_is_reproducible_realistic_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    let opts = |name: &str, seed| GenerateOptions {
        articles: 300,
        out: dir.path().join(name),
        seed,
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

    let articles: Vec<Article> = files("a")
        .iter()
        .map(|(n, t)| parse(n, std::str::from_utf8(t).unwrap()).unwrap())
        .collect();
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
