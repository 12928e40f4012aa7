//! The content format, version 1. Every type here is written once and used by
//! the app (to read), the CLI (to write) and the JSON Schema generator.
//!
//! Unknown fields are ignored everywhere, so a newer writer can add fields
//! without breaking older readers; a breaking change bumps
//! [`crate::FORMAT_VERSION`].

use serde::{Deserialize, Serialize};

use crate::date::{DateTime, Ymd};
use crate::route::{ListingKind, Route};

#[cfg(feature = "schema")]
use schemars::JsonSchema;

pub(crate) fn default_language() -> String {
    "en".to_owned()
}
pub(crate) fn default_base_path() -> String {
    "/".to_owned()
}
pub(crate) fn default_page_size() -> u32 {
    20
}
pub(crate) fn default_true() -> bool {
    true
}
pub(crate) fn default_thread_depth() -> u32 {
    5
}
pub(crate) fn default_comments_per_page() -> u32 {
    50
}
pub(crate) fn default_recent_articles() -> u32 {
    10
}

/// Writing direction of a site or of one article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    /// The value of an HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// `site.json`: what the whole site shares.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Site {
    /// Content-format version; must be 1.
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub tagline: String,
    /// BCP 47 language tag of the site, e.g. `en` or `he`.
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub direction: Direction,
    /// The path the site is served under (`/` or `/blog/`). Written by the
    /// build from the same setting as trunk's `public_url`.
    #[serde(default = "default_base_path")]
    pub base_path: String,
    /// Public origin for canonical links, e.g. `https://news.example.org`.
    /// When absent, the origin the reader is on is used.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub authors: Vec<Author>,
    #[serde(default)]
    pub categories: Vec<Term>,
    #[serde(default)]
    pub tags: Vec<Term>,
    /// Static pages linked from the site navigation, in menu order.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// Summaries per listing page (home, taxonomy and archive pages).
    #[serde(default = "default_page_size")]
    pub page_size: u32,
    /// Total published articles; with `page_size` this fixes the page count.
    #[serde(default)]
    pub article_count: u32,
    #[serde(default)]
    pub comments: CommentSettings,
    #[serde(default)]
    pub offline: OfflineSettings,
}

impl Site {
    /// The author with this slug, if the site knows them.
    pub fn author(&self, slug: &str) -> Option<&Author> {
        self.authors.iter().find(|a| a.slug == slug)
    }

    /// The display name of a category or tag slug (the slug itself if unknown).
    pub fn term_name<'a>(&'a self, kind: ListingKind, slug: &'a str) -> &'a str {
        let terms = match kind {
            ListingKind::Category => &self.categories,
            ListingKind::Tag => &self.tags,
            _ => return slug,
        };
        terms
            .iter()
            .find(|t| t.slug == slug)
            .map_or(slug, |t| t.name.as_str())
    }
}

/// A person who writes on the site; `/author/:slug/` lists their articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Author {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub bio: String,
}

/// A category or tag. Categories may have a parent (by slug).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Term {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub parent: Option<String>,
}

/// A static page in the navigation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct MenuItem {
    pub slug: String,
    pub title: String,
}

/// In which order top-level comments are listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommentOrder {
    #[default]
    OldestFirst,
    NewestFirst,
}

/// How comments are shown and where new ones are sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct CommentSettings {
    /// Maximum nesting depth shown (WordPress default: 5). Deeper replies are
    /// shown at the last level, marked "in reply to".
    #[serde(default = "default_thread_depth")]
    pub thread_depth: u32,
    #[serde(default)]
    pub order: CommentOrder,
    /// Top-level comments per comment page.
    #[serde(default = "default_comments_per_page")]
    pub per_page: u32,
    /// Comment server kind (`isso`), or none: the site takes no new comments.
    #[serde(default)]
    pub provider: Option<String>,
    /// Comment server URL.
    #[serde(default)]
    pub url: Option<String>,
}

impl Default for CommentSettings {
    fn default() -> Self {
        CommentSettings {
            thread_depth: default_thread_depth(),
            order: CommentOrder::default(),
            per_page: default_comments_per_page(),
            provider: None,
            url: None,
        }
    }
}

/// Offline-reading settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OfflineSettings {
    /// Recently read articles kept for offline reading.
    #[serde(default = "default_recent_articles")]
    pub recent_articles: u32,
}

impl Default for OfflineSettings {
    fn default() -> Self {
        OfflineSettings {
            recent_articles: default_recent_articles(),
        }
    }
}

/// An image with the dimensions needed to reserve its space before it loads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Image {
    pub src: String,
    /// Text alternative; an empty string marks a decorative image.
    pub alt: String,
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
}

/// Whether an entry is a dated post or a static page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    #[default]
    Post,
    Page,
}

/// What a listing shows of an article; also the `meta` of an article file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Summary {
    pub slug: String,
    #[serde(default)]
    pub kind: EntryKind,
    pub title: String,
    /// Publication time with its time zone; the permalink uses its local date.
    pub date: DateTime,
    #[serde(default)]
    pub modified: Option<DateTime>,
    /// Author slug (see `site.json` `authors`).
    pub author: String,
    #[serde(default)]
    pub excerpt: String,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub reading_minutes: u32,
    #[serde(default)]
    pub comment_count: u32,
    #[serde(default)]
    pub featured_image: Option<Image>,
    #[serde(default)]
    pub sticky: bool,
    /// Language of this article when it differs from the site's.
    #[serde(default)]
    pub language: Option<String>,
    /// Direction of this article when it differs from the site's.
    #[serde(default)]
    pub direction: Option<Direction>,
}

impl Summary {
    /// The canonical route of this entry (without the site base path).
    pub fn route(&self) -> Route {
        match self.kind {
            EntryKind::Post => Route::Article {
                date: self.date.date,
                slug: self.slug.clone(),
            },
            EntryKind::Page => Route::Page {
                slug: self.slug.clone(),
            },
        }
    }

    /// The canonical path, e.g. `/2026/03/14/slug/`.
    pub fn permalink(&self) -> String {
        self.route().to_path()
    }

    /// The content file the entry is read from (`data/articles/<slug>.json`
    /// or `data/pages/<slug>.json`), relative to the site base.
    pub fn file(&self) -> String {
        match self.kind {
            EntryKind::Post => crate::paths::article(&self.slug),
            EntryKind::Page => crate::paths::page(&self.slug),
        }
    }

    /// The local publication date, as in the permalink.
    pub fn ymd(&self) -> Ymd {
        self.date.date
    }
}

/// Moderation state of a comment. Only approved comments are ever shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    #[default]
    Approved,
    Pending,
    Spam,
    Trash,
}

/// One comment; `parent` links a reply to the comment it answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Comment {
    pub id: u64,
    /// The comment this one replies to; absent or 0 for a top-level comment.
    #[serde(default)]
    pub parent: Option<u64>,
    pub author_name: String,
    #[serde(default)]
    pub author_url: Option<String>,
    pub date: DateTime,
    /// The comment body as HTML, limited to WordPress's comment tags.
    pub text: String,
    #[serde(default)]
    pub status: CommentStatus,
}

/// A link to a neighbouring article, for previous/next navigation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ArticleLink {
    pub slug: String,
    pub title: String,
    pub date: DateTime,
}

impl ArticleLink {
    /// The canonical path of the linked article.
    pub fn permalink(&self) -> String {
        Route::Article {
            date: self.date.date,
            slug: self.slug.clone(),
        }
        .to_path()
    }
}

/// One article or page file: `data/articles/<slug>.json` or
/// `data/pages/<slug>.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Article {
    /// Content-format version; must be 1.
    pub version: u32,
    /// The same fields as the article's entry in listings.
    pub meta: Summary,
    /// The article body as HTML. The app renders it only through its
    /// allowlist sanitizer.
    pub body_html: String,
    #[serde(default)]
    pub comments: Vec<Comment>,
    #[serde(default = "default_true")]
    pub comments_open: bool,
    /// The next older article.
    #[serde(default)]
    pub previous: Option<ArticleLink>,
    /// The next newer article.
    #[serde(default)]
    pub next: Option<ArticleLink>,
}

/// One page of a listing: the home page, a category, tag, author or archive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Listing {
    /// Content-format version; must be 1.
    pub version: u32,
    pub kind: ListingKind,
    /// The term slug (`rust`), year (`2026`) or year/month (`2026/03`); empty
    /// for the home listing.
    #[serde(default)]
    pub key: String,
    /// Human title of the listing, e.g. "Rust" or "March 2026".
    #[serde(default)]
    pub title: String,
    /// 1-based page number of this file.
    pub page: u32,
    pub total_pages: u32,
    pub total_items: u32,
    pub items: Vec<Summary>,
}
