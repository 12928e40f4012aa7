//! Reading content files: JSON → typed model → semantic checks.
//!
//! Every failure becomes a [`ContentError`] naming the file, the JSON path
//! (`$.items[3].date`) and the reason. Unknown fields are ignored; the version
//! is checked before anything else so a newer file gets a version message
//! rather than a confusing shape error.

use std::collections::HashSet;

use crate::json::{from_value, parse_value, FromJson, Value};

use crate::error::ContentError;
use crate::model::*;
use crate::route::{is_valid_slug, ListingKind, RESERVED_SLUGS};
use crate::FORMAT_VERSION;

/// One broken rule, located by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub reason: String,
}

/// Collects every broken rule of a file, so tools can report them all at
/// once. It keeps the JSON path of the value being checked, so each rule
/// names only its own member (`.title`) and the path is built on failure.
pub struct Problems {
    path: String,
    list: Vec<Problem>,
}

impl Problems {
    /// A broken rule at `field` (e.g. `.title`; empty for the value itself).
    fn push(&mut self, field: &str, reason: String) {
        self.list.push(Problem {
            path: format!("{}{field}", self.path),
            reason,
        });
    }

    fn note(&mut self, field: &str, reason: &str) {
        self.push(field, reason.to_owned());
    }

    /// Goes down to `field`, or to `field[index]`; returns where to come
    /// back to with [`Problems::leave`].
    fn enter(&mut self, field: &str, index: Option<usize>) -> usize {
        let len = self.path.len();
        self.path.push_str(field);
        if let Some(i) = index {
            self.path.push_str(&format!("[{i}]"));
        }
        len
    }

    fn leave(&mut self, len: usize) {
        self.path.truncate(len);
    }

    fn slug(&mut self, field: &str, slug: &str) {
        if !is_valid_slug(slug) {
            self.push(
                field,
                format!("\"{slug}\" is not a valid slug (lowercase letters, digits, '-' and '_')"),
            );
        }
    }

    fn web_url(&mut self, field: &str, url: &str) {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.push(field, format!("\"{url}\" must be an http or https URL"));
        }
    }
}

/// The semantic rules of a content type, beyond what its JSON shape says.
pub trait Validate {
    /// Adds every broken rule to `out`, with paths below its current path.
    fn validate(&self, out: &mut Problems);

    /// Every broken rule of the whole value.
    fn problems(&self) -> Vec<Problem> {
        let mut out = Problems {
            path: String::from("$"),
            list: Vec::new(),
        };
        self.validate(&mut out);
        out.list
    }
}

/// Parses and validates a content file. `file` is only used in messages.
pub fn parse<T: FromJson + Validate>(file: &str, text: &str) -> Result<T, ContentError> {
    let value: T = read(file, text)?;
    match value.problems().into_iter().next() {
        Some(p) => Err(ContentError::invalid(file, p.path, p.reason)),
        None => Ok(value),
    }
}

/// [`parse`] without the semantic rules: refuses what cannot be read
/// (not JSON, another format version, the wrong shape), and nothing else.
/// The app reads with this: every file it fetches was written by `quire
/// build`, which checked those rules, and the reader shows whatever it can
/// read rather than pay ~2 KB of wasm to check them again.
pub fn read<T: FromJson>(file: &str, text: &str) -> Result<T, ContentError> {
    let value = read_value(file, text)?;
    from_value(value).map_err(|e| ContentError::invalid(file, e.path, e.reason))
}

/// The part of [`read`] that does not depend on the type: compiled once,
/// not once per content type.
#[inline(never)]
fn read_value(file: &str, text: &str) -> Result<Value, ContentError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('<') {
        return Err(ContentError::HtmlInsteadOfJson {
            file: file.to_owned(),
        });
    }
    let value = parse_value(text).map_err(|e| ContentError::Syntax {
        file: file.to_owned(),
        line: e.line,
        column: e.column,
        reason: e.reason.to_owned(),
    })?;
    check_version(file, &value)?;
    Ok(value)
}

/// The version is checked before the shape, so a file from a newer Quire
/// gets a version message rather than a confusing shape error.
fn check_version(file: &str, value: &Value) -> Result<(), ContentError> {
    let Value::Object(members) = value else {
        return Err(ContentError::invalid(
            file,
            "$",
            format!("expected an object, found {}", value.kind()),
        ));
    };
    let found = match members.iter().find(|(k, _)| k == "version") {
        None => {
            return Err(ContentError::invalid(
                file,
                "$.version",
                "missing field `version`",
            ))
        }
        Some((_, Value::Number(n))) => n.parse::<u64>().ok(),
        Some(_) => None,
    };
    match found {
        None => Err(ContentError::invalid(
            file,
            "$.version",
            format!("expected the whole number {FORMAT_VERSION}"),
        )),
        Some(n) if n > u64::from(FORMAT_VERSION) => Err(ContentError::unsupported(file, n)),
        Some(n) if n < u64::from(FORMAT_VERSION) => Err(ContentError::invalid(
            file,
            "$.version",
            format!("expected {FORMAT_VERSION}, found {n}"),
        )),
        Some(_) => Ok(()),
    }
}

impl Validate for Site {
    fn validate(&self, out: &mut Problems) {
        if self.title.trim().is_empty() {
            out.note(".title", "the site needs a title");
        }
        if self.language.trim().is_empty() {
            out.note(".language", "must be a language tag such as \"en\"");
        }
        if !self.base_path.starts_with('/') || !self.base_path.ends_with('/') {
            out.note(
                ".base_path",
                "must start and end with '/', e.g. \"/\" or \"/blog/\"",
            );
        }
        if let Some(url) = &self.url {
            out.web_url(".url", url);
        }
        if !(1..=1000).contains(&self.page_size) {
            out.note(".page_size", "must be between 1 and 1000");
        }
        if !(1..=10).contains(&self.comments.thread_depth) {
            out.note(".comments.thread_depth", "must be between 1 and 10");
        }
        if self.comments.per_page == 0 {
            out.note(".comments.per_page", "must be at least 1");
        }
        for (i, a) in self.authors.iter().enumerate() {
            let back = out.enter(".authors", Some(i));
            out.slug(".slug", &a.slug);
            if self.authors[..i].iter().any(|b| b.slug == a.slug) {
                out.push(".slug", format!("author \"{}\" is listed twice", a.slug));
            }
            if let Some(url) = &a.url {
                out.web_url(".url", url);
            }
            out.leave(back);
        }
        for (name, terms) in [(".categories", &self.categories), (".tags", &self.tags)] {
            for (i, t) in terms.iter().enumerate() {
                let back = out.enter(name, Some(i));
                out.slug(".slug", &t.slug);
                out.leave(back);
            }
        }
        for (i, m) in self.menu.iter().enumerate() {
            let back = out.enter(".menu", Some(i));
            out.slug(".slug", &m.slug);
            out.leave(back);
        }
    }
}

impl Validate for Summary {
    fn validate(&self, out: &mut Problems) {
        out.slug(".slug", &self.slug);
        if self.kind == EntryKind::Page && RESERVED_SLUGS.contains(&self.slug.as_str()) {
            out.push(
                ".slug",
                format!("\"{}\" is reserved for Quire's own pages", self.slug),
            );
        }
        if self.kind == EntryKind::Page
            && self.slug.len() == 4
            && self.slug.bytes().all(|b| b.is_ascii_digit())
        {
            out.note(
                ".slug",
                "a page slug of four digits would be read as a year archive",
            );
        }
        out.slug(".author", &self.author);
        for (name, slugs) in [(".categories", &self.categories), (".tags", &self.tags)] {
            for (i, slug) in slugs.iter().enumerate() {
                let back = out.enter(name, Some(i));
                out.slug("", slug);
                out.leave(back);
            }
        }
        if let Some(img) = &self.featured_image {
            if img.src.trim().is_empty() {
                out.note(".featured_image.src", "must not be empty");
            }
        }
    }
}

impl Validate for Article {
    fn validate(&self, out: &mut Problems) {
        let back = out.enter(".meta", None);
        self.meta.validate(out);
        out.leave(back);
        let mut ids = HashSet::new();
        for (i, c) in self.comments.iter().enumerate() {
            let back = out.enter(".comments", Some(i));
            if c.id == 0 {
                out.note(".id", "comment ids start at 1");
            } else if c.id >= crate::isso::ISSO_ID_BASE {
                out.note(
                    ".id",
                    "comment ids must be below 1000000000000 (higher ones belong to the comment server)",
                );
            } else if !ids.insert(c.id) {
                out.push(".id", format!("comment id {} is used twice", c.id));
            }
            if c.parent == Some(c.id) {
                out.note(".parent", "a comment cannot reply to itself");
            }
            if let Some(url) = &c.author_url {
                out.web_url(".author_url", url);
            }
            out.leave(back);
        }
    }
}

impl Validate for Listing {
    fn validate(&self, out: &mut Problems) {
        if self.page == 0 {
            out.note(".page", "pages are numbered from 1");
        }
        if self.page > self.total_pages {
            out.push(
                ".page",
                format!(
                    "page {} is past total_pages {}",
                    self.page, self.total_pages
                ),
            );
        }
        if self.items.len() as u64 > u64::from(self.total_items) {
            out.note(".items", "holds more items than total_items");
        }
        let key_ok = match self.kind {
            ListingKind::Home => self.key.is_empty(),
            ListingKind::Year => {
                self.key.len() == 4 && self.key.bytes().all(|b| b.is_ascii_digit())
            }
            ListingKind::Month => {
                let b = self.key.as_bytes();
                b.len() == 7
                    && b[4] == b'/'
                    && b.iter()
                        .enumerate()
                        .all(|(i, c)| i == 4 || c.is_ascii_digit())
            }
            _ => is_valid_slug(&self.key),
        };
        if !key_ok {
            out.push(
                ".key",
                format!(
                    "\"{}\" is not a valid key for a {} listing",
                    self.key,
                    self.kind.name()
                ),
            );
        }
        for (i, item) in self.items.iter().enumerate() {
            let back = out.enter(".items", Some(i));
            item.validate(out);
            out.leave(back);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = r#"{
        "version": 1,
        "future_field": {"ignored": true},
        "meta": {
            "slug": "hello", "title": "Hello", "date": "2026-03-14T09:30:00+02:00",
            "author": "ana", "categories": ["news"], "tags": [], "reading_minutes": 3
        },
        "body_html": "<p>Hi</p>",
        "comments": [
            {"id": 1, "author_name": "Bo", "date": "2026-03-14T10:00:00Z", "text": "First"},
            {"id": 2, "parent": 1, "author_name": "Cy", "date": "2026-03-14T11:00:00Z", "text": "Re", "status": "pending"}
        ]
    }"#;

    #[test]
    fn reads_an_article_and_ignores_unknown_fields() {
        let a: Article = parse("articles/hello.json", ARTICLE).unwrap();
        assert_eq!(a.meta.permalink(), "/2026/03/14/hello/");
        // The file it is read from, which offline copies are keyed by.
        assert_eq!(a.meta.file(), "data/articles/hello.json");
        let mut page = a.meta.clone();
        page.kind = crate::EntryKind::Page;
        assert_eq!(page.file(), "data/pages/hello.json");
        assert_eq!(a.comments[1].status, CommentStatus::Pending);
        assert!(a.comments_open);
    }

    #[test]
    fn shape_errors_name_file_path_and_reason() {
        let bad = ARTICLE.replace("\"2026-03-14T09:30:00+02:00\"", "\"yesterday\"");
        let err = parse::<Article>("articles/hello.json", &bad).unwrap_err();
        match &err {
            ContentError::Invalid { file, path, reason } => {
                assert_eq!(file, "articles/hello.json");
                assert_eq!(path, "$.meta.date");
                assert!(
                    reason.contains("invalid date-time \"yesterday\""),
                    "{reason}"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        let missing = ARTICLE.replace("\"body_html\": \"<p>Hi</p>\",", "");
        let err = parse::<Article>("a.json", &missing).unwrap_err();
        assert!(
            matches!(&err, ContentError::Invalid { path, reason, .. } if path == "$" && reason.contains("missing field `body_html`")),
            "{err}"
        );
        let wrong_type =
            ARTICLE.replace("\"reading_minutes\": 3", "\"reading_minutes\": \"three\"");
        let err = parse::<Article>("a.json", &wrong_type).unwrap_err();
        assert!(
            matches!(&err, ContentError::Invalid { path, .. } if path == "$.meta.reading_minutes"),
            "{err}"
        );
    }

    #[test]
    fn semantic_errors_point_into_arrays() {
        let bad = ARTICLE.replace("\"id\": 2, \"parent\": 1", "\"id\": 1, \"parent\": 1");
        let err = parse::<Article>("a.json", &bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.json: at $.comments[1].id: comment id 1 is used twice"
        );
        let server_range = ARTICLE.replace("\"id\": 2,", "\"id\": 1000000000000,");
        let err = parse::<Article>("a.json", &server_range).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.json: at $.comments[1].id: comment ids must be below"),
            "{err}"
        );
        let bad_slug = ARTICLE.replace("\"slug\": \"hello\"", "\"slug\": \"Hello World\"");
        let err = parse::<Article>("a.json", &bad_slug).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.json: at $.meta.slug: \"Hello World\" is not a valid slug"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let err = parse::<Article>("a.json", "{\n  \"version\": 1,\n  \"meta\": }").unwrap_err();
        assert!(
            matches!(err, ContentError::Syntax { line: 3, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn html_fallback_pages_are_recognised() {
        let err = parse::<Site>("site.json", "<!DOCTYPE html><html></html>").unwrap_err();
        assert_eq!(
            err,
            ContentError::HtmlInsteadOfJson {
                file: "site.json".into()
            }
        );
    }

    #[test]
    fn versions_are_checked_first() {
        let err = parse::<Site>("site.json", r#"{"version": 2, "title": 5}"#).unwrap_err();
        assert!(matches!(
            err,
            ContentError::UnsupportedVersion {
                found: 2,
                supported: 1,
                ..
            }
        ));
        let err = parse::<Site>("site.json", r#"{"title": "x"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "site.json: at $.version: missing field `version`"
        );
        let err = parse::<Site>("site.json", r#"{"version": "1", "title": "x"}"#).unwrap_err();
        assert!(matches!(err, ContentError::Invalid { ref path, .. } if path == "$.version"));
    }

    #[test]
    fn site_defaults_and_rules() {
        let site: Site = parse("site.json", r#"{"version": 1, "title": "T"}"#).unwrap();
        assert_eq!(site.page_size, 20);
        assert_eq!(site.comments.thread_depth, 5);
        assert_eq!(site.base_path, "/");
        let err = parse::<Site>(
            "site.json",
            r#"{"version": 1, "title": "T", "base_path": "blog"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("$.base_path"));
    }

    #[test]
    fn listing_pages_must_be_consistent() {
        let text = r#"{"version":1,"kind":"month","key":"2026-03","page":3,"total_pages":2,"total_items":0,"items":[]}"#;
        let problems: Vec<String> = serde_json::from_str::<Listing>(text)
            .unwrap()
            .problems()
            .into_iter()
            .map(|p| p.path)
            .collect();
        assert_eq!(problems, ["$.page", "$.key"]);
    }
}
