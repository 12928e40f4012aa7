//! `quire generate`: a synthetic content folder for benchmarks and scale
//! tests. The same seed gives the same corpus. Lengths, comments and
//! taxonomy follow skewed distributions, as real blogs do: most articles
//! are short and a few long, most have no comments and a few long threads,
//! a few categories and tags hold most articles.

use std::fs;
use std::path::PathBuf;

use quire_core::date::DateTime;
use quire_core::{
    Article, Author, Comment, CommentStatus, EntryKind, Site, Summary, Term, FORMAT_VERSION,
};

use serde::Serialize;

use crate::{io, BuildError};

/// What `quire generate` writes.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub articles: usize,
    /// A content folder to create (it must not exist, or be empty).
    pub out: PathBuf,
    pub seed: u64,
    pub format: SourceFormat,
}

/// The kind of source files to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceFormat {
    /// `*.md` with front matter, as authors write them.
    #[default]
    Markdown,
    /// `*.json` in the content format, as importers write them.
    Json,
}

/// A body's blocks, written as HTML or as Markdown.
enum Block {
    Heading(usize, String),
    List(Vec<String>),
    Paragraph(String),
}

fn html(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading(n, t) => out.push_str(&format!("<h2 id=\"section-{n}\">{t}</h2>\n")),
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{i}</li>\n"));
                }
                out.push_str("</ul>\n");
            }
            Block::Paragraph(p) => out.push_str(&format!("<p>{p}</p>\n")),
        }
    }
    out
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading(n, t) => out.push_str(&format!("## {t} {{#section-{n}}}\n\n")),
            Block::List(items) => {
                for i in items {
                    out.push_str(&format!("- {i}\n"));
                }
                out.push('\n');
            }
            Block::Paragraph(p) => {
                out.push_str(p);
                out.push_str("\n\n");
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A Markdown source's front matter (the keys `markdown::FrontMatter` reads).
#[derive(Serialize)]
struct Front<'a> {
    title: &'a str,
    date: String,
    author: &'a str,
    excerpt: &'a str,
    categories: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    sticky: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    comments: &'a [Comment],
}

/// The text of `a`'s source file in `format`.
fn source(a: &Article, blocks: &[Block], format: SourceFormat) -> String {
    match format {
        SourceFormat::Json => serde_json::to_string(&Article {
            body_html: html(blocks),
            ..a.clone()
        })
        .expect("articles serialize"),
        SourceFormat::Markdown => {
            let m = &a.meta;
            let front = Front {
                title: &m.title,
                date: m.date.to_string(),
                author: &m.author,
                excerpt: &m.excerpt,
                categories: &m.categories,
                tags: &m.tags,
                sticky: m.sticky,
                comments: &a.comments,
            };
            let yaml = serde_norway::to_string(&front).expect("front matter serializes");
            format!("---\n{yaml}---\n{}", markdown(blocks))
        }
    }
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }
    /// Skewed towards 0: index `n * u^power`.
    fn skewed(&mut self, n: usize, power: f64) -> usize {
        ((self.unit().powf(power)) * n as f64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "river",
    "town",
    "council",
    "reading",
    "garden",
    "bridge",
    "market",
    "winter",
    "light",
    "paper",
    "letter",
    "morning",
    "evening",
    "street",
    "library",
    "school",
    "bread",
    "season",
    "rain",
    "harvest",
    "station",
    "train",
    "window",
    "story",
    "record",
    "archive",
    "evidence",
    "meeting",
    "neighbour",
    "road",
    "budget",
    "report",
    "plan",
    "question",
    "answer",
    "history",
    "memory",
    "habit",
    "field",
    "orchard",
    "kitchen",
    "soup",
    "stone",
    "wall",
    "door",
    "harbour",
    "boat",
    "weather",
    "crowd",
    "festival",
    "quietly",
    "slowly",
    "carefully",
    "again",
    "later",
    "often",
    "rarely",
    "always",
    "never",
    "perhaps",
    "finds",
    "keeps",
    "writes",
    "reads",
    "builds",
    "opens",
    "closes",
    "changes",
    "remembers",
    "waits",
    "and",
    "but",
    "with",
    "from",
    "into",
    "under",
    "over",
    "after",
    "before",
    "between",
    "of",
    "to",
    "in",
    "a",
    "an",
    "this",
    "that",
    "every",
    "some",
    "many",
    "few",
    "old",
    "new",
    "small",
    "long",
    "green",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = WORDS[rng.skewed(WORDS.len(), 1.6)];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn body(rng: &mut Rng) -> Vec<Block> {
    // 120 to ~4000 words, most of them short.
    let target = 120 + (rng.unit().powi(3) * 3900.0) as usize;
    let mut blocks = Vec::new();
    let mut words = 0;
    let mut section = 0;
    while words < target {
        if words > 0 && rng.below(6) == 0 {
            section += 1;
            let title = sentence(rng, 3).trim_end_matches('.').to_owned();
            blocks.push(Block::Heading(section, title));
        }
        if rng.below(9) == 0 {
            let mut items = Vec::new();
            for _ in 0..2 + rng.below(4) {
                let n = 4 + rng.below(8);
                items.push(sentence(rng, n));
                words += n;
            }
            blocks.push(Block::List(items));
        }
        let mut p = String::new();
        for _ in 0..3 + rng.below(5) {
            let n = 8 + rng.below(18);
            p.push_str(&sentence(rng, n));
            p.push(' ');
            words += n;
        }
        p.pop();
        blocks.push(Block::Paragraph(p));
    }
    blocks
}

/// Writes `opts.out/site.json` and `opts.out/articles/*.md` (or `*.json`);
/// returns the number of comments written.
pub fn generate(opts: &GenerateOptions) -> Result<usize, BuildError> {
    let out = &opts.out;
    if out.exists() && fs::read_dir(out).map_or(true, |mut d| d.next().is_some()) {
        return Err(BuildError::New(format!(
            "{} exists and is not empty; generate into a new folder",
            out.display()
        )));
    }
    let articles_dir = out.join("articles");
    fs::create_dir_all(&articles_dir).map_err(io(&articles_dir))?;
    let mut rng = Rng(opts.seed);
    let authors: Vec<Author> = (0..12)
        .map(|i| Author {
            slug: format!("author-{i}"),
            name: format!("Author {i}"),
            ..Default::default()
        })
        .collect();
    let term = |kind: &str, i: usize| Term {
        slug: format!("{kind}-{i}"),
        name: format!("{} {i}", if kind == "cat" { "Category" } else { "Tag" }),
        parent: None,
    };
    let categories: Vec<Term> = (0..40).map(|i| term("cat", i)).collect();
    let tags: Vec<Term> = (0..300).map(|i| term("tag", i)).collect();
    let site = Site {
        version: FORMAT_VERSION,
        title: "The Generated Gazette".into(),
        tagline: format!("{} synthetic articles for scale tests", opts.articles),
        language: "en".into(),
        base_path: "/".into(),
        authors: authors.clone(),
        categories: categories.clone(),
        tags: tags.clone(),
        page_size: 20,
        ..Default::default()
    };
    let site_file = out.join("site.json");
    fs::write(
        &site_file,
        serde_json::to_string_pretty(&site).expect("site serializes"),
    )
    .map_err(io(&site_file))?;

    // Newest first, about three a day, all before 2026.
    let newest = DateTime::parse("2025-12-31T18:00:00Z")
        .expect("a valid date")
        .unix_seconds();
    let mut comments_total = 0;
    for i in 0..opts.articles {
        let date =
            DateTime::from_unix_seconds(newest - i as i64 * 8 * 3600 - rng.below(7200) as i64)
                .unwrap_or_default();
        let slug = format!(
            "{}-{}-{i}",
            WORDS[rng.below(WORDS.len())],
            WORDS[rng.below(WORDS.len())]
        );
        let mut cats = vec![categories[rng.skewed(categories.len(), 2.5)].slug.clone()];
        if rng.below(4) == 0 {
            let c = categories[rng.below(categories.len())].slug.clone();
            if !cats.contains(&c) {
                cats.push(c);
            }
        }
        let mut tag_slugs: Vec<String> = Vec::new();
        for _ in 0..rng.below(6) {
            let t = tags[rng.skewed(tags.len(), 3.0)].slug.clone();
            if !tag_slugs.contains(&t) {
                tag_slugs.push(t);
            }
        }
        // Most articles have no comments; a few have long threads.
        let count = if rng.below(10) < 6 {
            0
        } else {
            1 + rng.skewed(60, 2.0)
        };
        let mut comments: Vec<Comment> = Vec::with_capacity(count);
        for c in 0..count {
            let parent = (c > 0 && rng.below(10) < 4).then(|| comments[rng.below(c)].id);
            comments.push(Comment {
                id: c as u64 + 1,
                parent,
                author_name: format!("Reader {}", rng.below(500)),
                author_url: None,
                date: DateTime::from_unix_seconds(date.unix_seconds() + 600 * (c as i64 + 1))
                    .unwrap_or(date),
                text: {
                    let n = 6 + rng.below(30);
                    format!("<p>{}</p>", sentence(&mut rng, n))
                },
                status: if rng.below(20) == 0 {
                    CommentStatus::Pending
                } else {
                    CommentStatus::Approved
                },
            });
        }
        comments_total += count;
        let n = 3 + rng.below(8);
        let title = sentence(&mut rng, n);
        let excerpt = sentence(&mut rng, 20);
        let author = authors[rng.skewed(authors.len(), 1.5)].slug.clone();
        let sticky = i < 2 && rng.below(2) == 0;
        let blocks = body(&mut rng);
        let article = Article {
            version: FORMAT_VERSION,
            meta: Summary {
                slug: slug.clone(),
                kind: EntryKind::Post,
                title: title.trim_end_matches('.').to_owned(),
                date,
                modified: None,
                author,
                excerpt,
                categories: cats,
                tags: tag_slugs,
                reading_minutes: 0,
                comment_count: 0,
                featured_image: None,
                sticky,
                language: None,
                direction: None,
            },
            body_html: String::new(),
            comments,
            comments_open: true,
            previous: None,
            next: None,
        };
        let ext = match opts.format {
            SourceFormat::Markdown => "md",
            SourceFormat::Json => "json",
        };
        let file = articles_dir.join(format!("{slug}.{ext}"));
        fs::write(&file, source(&article, &blocks, opts.format)).map_err(io(&file))?;
    }
    Ok(comments_total)
}
