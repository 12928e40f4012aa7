//! The WordPress-compatible URL grammar, so that migrated sites keep their
//! links. Paths here never include the site's base path; see [`strip_base`].
//!
//! | path                              | route                         |
//! |-----------------------------------|-------------------------------|
//! | `/`, `/page/2/`                   | home listing                  |
//! | `/2026/03/14/slug/`               | article                       |
//! | `/category/news/`, `/tag/x/page/2/`, `/author/ana/` | taxonomy listing |
//! | `/2026/`, `/2026/03/page/2/`      | archive listing               |
//! | `/about/`                         | static page                   |
//!
//! Every path is accepted with or without its trailing slash; the canonical
//! form ([`Route::to_path`]) always has one.

use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use crate::date::Ymd;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// The kinds of paged listing.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ListingKind {
    #[default]
    Home,
    Category,
    Tag,
    Author,
    Year,
    Month,
}

impl ListingKind {
    /// The name used in listing files (`"kind": "category"`).
    pub fn name(self) -> &'static str {
        match self {
            ListingKind::Home => "home",
            ListingKind::Category => "category",
            ListingKind::Tag => "tag",
            ListingKind::Author => "author",
            ListingKind::Year => "year",
            ListingKind::Month => "month",
        }
    }

    /// The folder name used in URLs and in the data layout.
    pub fn segment(self) -> &'static str {
        match self {
            ListingKind::Home => "",
            ListingKind::Category => "category",
            ListingKind::Tag => "tag",
            ListingKind::Author => "author",
            ListingKind::Year | ListingKind::Month => "archive",
        }
    }
}

/// A 1-based page number; page 0 cannot be expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageNo(NonZeroU32);

impl PageNo {
    pub const FIRST: PageNo = PageNo(NonZeroU32::MIN);

    /// `None` for 0.
    pub fn new(n: u32) -> Option<PageNo> {
        NonZeroU32::new(n).map(PageNo)
    }

    pub fn get(self) -> u32 {
        self.0.get()
    }

    /// Parses a URL segment: digits only, no leading zeros, not 0.
    fn parse(s: &str) -> Option<PageNo> {
        if s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().and_then(PageNo::new)
    }
}

/// Which listing, and which page of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListingRef {
    pub kind: ListingKind,
    /// Term slug, `yyyy` or `yyyy/mm`; empty for home.
    pub key: String,
    pub page: PageNo,
}

impl ListingRef {
    /// The first page of the home listing.
    pub fn home() -> ListingRef {
        ListingRef {
            kind: ListingKind::Home,
            key: String::new(),
            page: PageNo::FIRST,
        }
    }

    /// The same listing at another page.
    pub fn with_page(&self, page: PageNo) -> ListingRef {
        ListingRef {
            page,
            ..self.clone()
        }
    }
}

/// Where a URL path leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Route {
    Listing(ListingRef),
    Article {
        date: Ymd,
        slug: String,
    },
    Page {
        slug: String,
    },
    /// `/drafts/`: the reader's unsent comment drafts on this site.
    Drafts,
    /// `/saved/`: the articles the reader saved for offline reading.
    Saved,
    NotFound,
}

/// Segments that can never be a static page's slug, because the grammar
/// gives them another meaning.
pub const RESERVED_SLUGS: &[&str] = &[
    "page", "category", "tag", "author", "data", "drafts", "saved",
];

/// Whether `s` can be used as a slug: non-empty, lowercase letters (any
/// script), digits, `-` and `_`. See [`crate::text::is_lower_word_char`]
/// for how exact this is in the app.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c == '-' || c == '_' || crate::text::is_lower_word_char(c))
}

/// A slug for a title, as WordPress makes one: lowercase letters and digits
/// of any script, other runs of characters as one `-`, no `-` at either
/// end, at most 200 bytes. `None` when nothing usable is left (a title of
/// only punctuation): the caller then needs an explicit slug.
pub fn slugify(title: &str) -> Option<String> {
    let mut slug = String::new();
    let mut gap = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        if crate::text::is_lower_word_char(c) {
            let dash = gap && !slug.is_empty();
            if slug.len() + usize::from(dash) + c.len_utf8() > 200 {
                break;
            }
            if dash {
                slug.push('-');
            }
            gap = false;
            slug.push(c);
        } else if c != '\'' && c != '’' {
            // "Don't" is `dont`, as WordPress has it.
            gap = true;
        }
    }
    (!slug.is_empty() && !RESERVED_SLUGS.contains(&slug.as_str())).then_some(slug)
}

/// Four ASCII digits: a year archive's segment.
pub fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

fn two_digits(s: &str, max: u8) -> Option<u8> {
    if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u8 = s.parse().ok()?;
    (1..=max).contains(&n).then_some(n)
}

/// Percent-decodes a path segment (`%D7%A9` → `ש`), so that slugs in any
/// script match. Invalid encodings are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// Removes the site base path (`/blog/`) from a browser path. A path outside
/// the base yields `None`.
pub fn strip_base<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    let base = base.trim_end_matches('/');
    if base.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(base)?;
    if rest.is_empty() {
        Some("/")
    } else if rest.starts_with('/') {
        Some(rest)
    } else {
        None
    }
}

impl Route {
    /// Reads a path (without base, query or fragment).
    pub fn parse(path: &str) -> Route {
        let segs: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        // A trailing `page/N` pages any listing.
        let (body, page) = match segs.as_slice() {
            [rest @ .., "page", n] => match PageNo::parse(n) {
                Some(p) => (rest, Some(p)),
                None => return Route::NotFound,
            },
            all => (all, None),
        };
        let listing = |kind, key: String| {
            Route::Listing(ListingRef {
                kind,
                key,
                page: page.unwrap_or(PageNo::FIRST),
            })
        };
        match body {
            [] => listing(ListingKind::Home, String::new()),
            [kind @ ("category" | "tag" | "author"), terms @ ..] if !terms.is_empty() => {
                // WordPress nests child categories: /category/parent/child/.
                let slug = terms[terms.len() - 1];
                if !is_valid_slug(slug) || (*kind != "category" && terms.len() > 1) {
                    return Route::NotFound;
                }
                let kind = match *kind {
                    "category" => ListingKind::Category,
                    "tag" => ListingKind::Tag,
                    _ => ListingKind::Author,
                };
                listing(kind, slug.to_owned())
            }
            [y] if is_year(y) => listing(ListingKind::Year, (*y).to_owned()),
            [y, m] if is_year(y) => match two_digits(m, 12) {
                Some(_) => listing(ListingKind::Month, format!("{y}/{m}")),
                None => Route::NotFound,
            },
            [y, m, d, slug] if page.is_none() && is_year(y) && is_valid_slug(slug) => {
                let date = two_digits(m, 12)
                    .zip(two_digits(d, 31))
                    .and_then(|(m, d)| Ymd::new(y.parse().ok()?, m, d));
                match date {
                    Some(date) => Route::Article {
                        date,
                        slug: (*slug).to_owned(),
                    },
                    None => Route::NotFound,
                }
            }
            ["drafts"] if page.is_none() => Route::Drafts,
            ["saved"] if page.is_none() => Route::Saved,
            [slug] if page.is_none() && is_valid_slug(slug) && !RESERVED_SLUGS.contains(slug) => {
                Route::Page {
                    slug: (*slug).to_owned(),
                }
            }
            _ => Route::NotFound,
        }
    }

    /// Where to send a reader who asked for `path` (as the browser reports
    /// it: percent-encoded, maybe without its trailing slash): the canonical
    /// path when `path` is a non-canonical spelling of a known route (such as
    /// `/page/1/`), `None` when it is fine as it is.
    pub fn redirect_for(&self, path: &str) -> Option<String> {
        if *self == Route::NotFound {
            return None;
        }
        let canonical = self.to_path();
        let decoded = percent_decode(path);
        let same = canonical == decoded || canonical.strip_suffix('/') == Some(decoded.as_str());
        (!same).then_some(canonical)
    }

    /// The canonical path (leading and trailing slash, no base). Page 1 of a
    /// listing has no `page/1/` suffix, as in WordPress.
    pub fn to_path(&self) -> String {
        match self {
            Route::Listing(l) => {
                let mut p = String::from("/");
                if l.kind != ListingKind::Home {
                    if !matches!(l.kind, ListingKind::Year | ListingKind::Month) {
                        p.push_str(l.kind.segment());
                        p.push('/');
                    }
                    p.push_str(&l.key);
                    p.push('/');
                }
                if l.page.get() > 1 {
                    p.push_str(&format!("page/{}/", l.page.get()));
                }
                p
            }
            Route::Article { date, slug } => {
                format!(
                    "/{:04}/{:02}/{:02}/{slug}/",
                    date.year, date.month, date.day
                )
            }
            Route::Page { slug } => format!("/{slug}/"),
            Route::Drafts => "/drafts/".to_owned(),
            Route::Saved => "/saved/".to_owned(),
            Route::NotFound => "/404/".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(kind: ListingKind, key: &str, page: u32) -> Route {
        Route::Listing(ListingRef {
            kind,
            key: key.into(),
            page: PageNo::new(page).unwrap(),
        })
    }

    #[test]
    fn slugs_from_titles() {
        assert_eq!(
            slugify("The case for slow news").as_deref(),
            Some("the-case-for-slow-news")
        );
        assert_eq!(slugify("  Don’t panic!  ").as_deref(), Some("dont-panic"));
        assert_eq!(slugify("C++ & Rust: 2026").as_deref(), Some("c-rust-2026"));
        assert_eq!(slugify("?!…"), None);
        assert_eq!(slugify("Saved"), None, "reserved by the URL grammar");
        let long = slugify(&"word ".repeat(100)).unwrap();
        assert!(long.len() <= 200 && is_valid_slug(&long) && !long.ends_with('-'));
        for title in ["Ünïcödé Títle", "שלום עולם"] {
            let s = slugify(title).unwrap();
            assert!(is_valid_slug(&s), "{s}");
        }
    }

    #[test]
    fn parses_every_wordpress_route() {
        let art = Route::Article {
            date: Ymd::new(2026, 3, 14).unwrap(),
            slug: "hello-world".into(),
        };
        let cases = [
            ("/", listing(ListingKind::Home, "", 1)),
            ("/page/3/", listing(ListingKind::Home, "", 3)),
            ("/2026/03/14/hello-world/", art.clone()),
            ("/2026/03/14/hello-world", art),
            ("/category/news/", listing(ListingKind::Category, "news", 1)),
            (
                "/category/news/local/page/2",
                listing(ListingKind::Category, "local", 2),
            ),
            ("/tag/rust/page/2/", listing(ListingKind::Tag, "rust", 2)),
            ("/author/ana/", listing(ListingKind::Author, "ana", 1)),
            ("/2026/", listing(ListingKind::Year, "2026", 1)),
            ("/2026/page/2/", listing(ListingKind::Year, "2026", 2)),
            ("/2026/03/", listing(ListingKind::Month, "2026/03", 1)),
            (
                "/2026/03/page/4/",
                listing(ListingKind::Month, "2026/03", 4),
            ),
            (
                "/about/",
                Route::Page {
                    slug: "about".into(),
                },
            ),
            (
                "/about",
                Route::Page {
                    slug: "about".into(),
                },
            ),
            ("/drafts/", Route::Drafts),
            ("/drafts", Route::Drafts),
            ("/drafts/page/2/", Route::NotFound),
            ("/saved/", Route::Saved),
            ("/saved", Route::Saved),
            ("/saved/page/2/", Route::NotFound),
        ];
        for (path, want) in cases {
            assert_eq!(Route::parse(path), want, "{path}");
        }
    }

    #[test]
    fn unknown_shapes_are_not_found() {
        for path in [
            "/page/0/",
            "/page/01/",
            "/page/x/",
            "/2026/13/",
            "/2026/02/30/slug/",
            "/2026/03/14/",
            "/2026/03/14/slug/extra/",
            "/2026/03/14/slug/page/2/",
            "/tag/a/b/",
            "/category/",
            "/About/",
            "/a/b/",
            "/about/page/2/",
            "/drafts-x/../",
        ] {
            assert_eq!(Route::parse(path), Route::NotFound, "{path}");
        }
    }

    #[test]
    fn canonical_paths_round_trip() {
        for path in [
            "/",
            "/page/2/",
            "/2026/03/14/hello-world/",
            "/category/news/",
            "/tag/rust/page/2/",
            "/author/ana/",
            "/2026/",
            "/2026/03/page/2/",
            "/about/",
        ] {
            assert_eq!(Route::parse(path).to_path(), path);
        }
        // WordPress sends /page/1/ to the listing itself.
        assert_eq!(Route::parse("/tag/rust/page/1/").to_path(), "/tag/rust/");
    }

    #[test]
    fn redirects_only_non_canonical_spellings() {
        let at = |p: &str| Route::parse(p).redirect_for(p);
        assert_eq!(at("/page/1/"), Some("/".to_owned()));
        assert_eq!(at("/tag/rust/page/1"), Some("/tag/rust/".to_owned()));
        assert_eq!(at("/2026/03/14/hello/"), None);
        assert_eq!(
            at("/2026/03/14/hello"),
            None,
            "a missing trailing slash is fine"
        );
        assert_eq!(at("/no/such/thing/"), None);
        // Regression guard: an encoded non-Latin slug is canonical as it is;
        // comparing it undecoded would redirect forever.
        assert_eq!(at("/2026/02/01/%D7%A9%D7%9C%D7%95%D7%9D/"), None);
    }

    #[test]
    fn decodes_non_latin_slugs() {
        assert_eq!(
            Route::parse("/2026/02/01/%D7%A9%D7%9C%D7%95%D7%9D/"),
            Route::Article {
                date: Ymd::new(2026, 2, 1).unwrap(),
                slug: "שלום".into()
            }
        );
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn strips_the_base_path() {
        assert_eq!(strip_base("/blog/2026/", "/blog/"), Some("/2026/"));
        assert_eq!(strip_base("/blog", "/blog/"), Some("/"));
        assert_eq!(strip_base("/blogger/", "/blog/"), None);
        assert_eq!(strip_base("/x/", "/"), Some("/x/"));
    }
}
