//! Markdown sources: a YAML front matter block, then the body in CommonMark
//! with tables, footnotes, strikethrough, task lists and `{#id}` heading
//! attributes. The body becomes HTML that passes the same allowlist as the
//! app's (`quire_core::sanitize`), here applied by ammonia.
//!
//! ```text
//! ---
//! title: The case for slow news
//! date: 2026-03-14T09:30:00+02:00
//! author: mara-okafor
//! categories: [reading]
//! ---
//! Body in **Markdown**.
//! ```

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use quire_core::date::DateTime;
use quire_core::route::slugify;
use quire_core::sanitize::{token_is_safe, url_is_safe, Allowlist};
use quire_core::{Article, Comment, ContentError, Direction, EntryKind, Image, Summary};
use serde::Deserialize;

/// The front matter of a Markdown source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// Defaults to the file name (without `.md`).
    #[serde(default)]
    pub slug: Option<String>,
    pub date: String,
    #[serde(default)]
    pub modified: Option<String>,
    pub author: String,
    #[serde(default)]
    pub excerpt: String,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub featured_image: Option<Image>,
    #[serde(default)]
    pub sticky: bool,
    /// Not published unless the build is run with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    #[serde(default = "yes")]
    pub comments_open: bool,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub direction: Option<Direction>,
    /// Comments carried over from elsewhere, in the content format.
    #[serde(default)]
    pub comments: Vec<Comment>,
}

fn yes() -> bool {
    true
}

/// A Markdown source read into an entry, with its draft flag.
#[derive(Debug)]
pub struct Source {
    pub article: Article,
    pub draft: bool,
}

/// Reads a Markdown source. `file` names it in errors (with the line of a
/// front matter problem); `stem` is the file name without `.md`.
pub fn read(file: &str, stem: &str, kind: EntryKind, text: &str) -> Result<Source, ContentError> {
    let invalid = |path: &str, reason: String| ContentError::Invalid {
        file: file.to_owned(),
        path: path.to_owned(),
        reason,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(invalid(
            "line 1",
            "a Markdown source starts with a front matter block between two `---` lines".into(),
        ));
    };
    let (yaml, body) = match rest.find("\n---") {
        Some(end) => {
            let after = &rest[end + 4..];
            let body = after
                .strip_prefix("\r\n")
                .or_else(|| after.strip_prefix('\n'))
                .unwrap_or(after);
            (&rest[..=end], body)
        }
        None => {
            return Err(invalid(
                "line 1",
                "the front matter is never closed by a `---` line".into(),
            ))
        }
    };
    let front: FrontMatter = serde_norway::from_str(yaml).map_err(|e| {
        // The YAML's own position counts from the block, not the file: the
        // file's line is given instead, once.
        let line = e.location().map_or(1, |l| l.line() + 1);
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) if e.location().is_some() => message[..i].to_owned(),
            _ => message,
        };
        invalid(&format!("line {line}"), message)
    })?;
    let date = |field: &str, v: &str| DateTime::parse(v).map_err(|e| invalid(field, e.to_string()));
    let slug = match front.slug.clone() {
        Some(s) => s,
        None => slugify(stem).ok_or_else(|| {
            invalid(
                "slug",
                format!("cannot make a slug from the file name {stem:?}; set `slug:`"),
            )
        })?,
    };
    let meta = Summary {
        slug,
        kind,
        title: front.title,
        date: date("date", &front.date)?,
        modified: front
            .modified
            .as_deref()
            .map(|m| date("modified", m))
            .transpose()?,
        author: front.author,
        excerpt: front.excerpt,
        categories: front.categories,
        tags: front.tags,
        reading_minutes: 0,
        comment_count: 0,
        featured_image: front.featured_image,
        sticky: front.sticky,
        language: front.language,
        direction: front.direction,
    };
    Ok(Source {
        article: Article {
            version: quire_core::FORMAT_VERSION,
            meta,
            body_html: to_html(body),
            comments: front.comments,
            comments_open: front.comments_open,
            previous: None,
            next: None,
        },
        draft: front.draft,
    })
}

/// Markdown to sanitized HTML. Headings get an `id` from their text
/// (unique within the article) unless they set one with `{#id}`, so every
/// section can be linked to.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut used = HashSet::new();
    // Explicit ids first, so generated ones never take them.
    for e in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            used.insert(id.to_string());
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            for e in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = slugify(&text).unwrap_or_else(|| "section".to_owned());
            let mut id = base.clone();
            let mut n = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        }
        i += 1;
    }
    // Task list boxes as text: the allowlist keeps no form controls.
    for e in &mut events {
        if let Event::TaskListMarker(done) = e {
            *e = Event::Text(CowStr::Borrowed(if *done { "☑ " } else { "☐ " }));
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitize(&html, Allowlist::Article)
}

/// Applies a `quire_core::sanitize` allowlist with ammonia: kept elements
/// keep their allowed attributes (URLs and tokens checked as the app
/// checks them), removed elements go with their content, anything else is
/// unwrapped.
pub fn sanitize(html: &str, list: Allowlist) -> String {
    sanitize_with(html, list, |_| None)
}

/// [`sanitize`], with `href` and `src` values first passed through `map`
/// (`Some(new)` replaces the value): how an import rewrites links to the
/// old site and its media in the same pass.
pub fn sanitize_with(
    html: &str,
    list: Allowlist,
    map: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
) -> String {
    let tags: HashSet<&str> = list.kept().iter().copied().collect();
    let removed: HashSet<&str> = Allowlist::removed().iter().copied().collect();
    // Every attribute any kept element may have; the filter decides per element.
    let names = [
        "title", "lang", "dir", "id", "class", "href", "hreflang", "src", "alt", "width", "height",
        "loading", "decoding", "cite", "datetime", "colspan", "rowspan", "headers", "scope",
        "abbr", "span", "start", "reversed", "type", "value", "open",
    ];
    let tag_attributes: HashMap<&str, HashSet<&str>> = tags
        .iter()
        .map(|t| (*t, names.iter().copied().collect()))
        .collect();
    ammonia::Builder::new()
        .tags(tags)
        .clean_content_tags(removed)
        .tag_attributes(tag_attributes)
        .generic_attributes(HashSet::new())
        .link_rel(None)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .id_prefix(None)
        .attribute_filter(move |tag, attr, value| {
            let mapped = matches!(attr, "href" | "src").then(|| map(value)).flatten();
            let value = mapped.as_deref().unwrap_or(value);
            let ok = list.attribute(tag, attr)
                && (!Allowlist::is_url_attribute(attr) || url_is_safe(value))
                && (!matches!(attr, "id" | "class") || token_is_safe(value));
            ok.then(|| value.to_owned().into())
        })
        .clean(html)
        .to_string()
}
