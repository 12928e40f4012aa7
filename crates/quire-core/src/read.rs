//! How each content type is read from JSON (see [`crate::json`]).
//!
//! Each impl mirrors the type's serde attributes in [`crate::model`]: the same
//! member names, the same defaults, unknown members ignored. The serde
//! derives still describe the format for writing and for the JSON Schema;
//! `crates/quire-cli/tests/build.rs` (`agree`) proves the two descriptions
//! match on every sample and built file.
//!
//! The readers are `#[inline(never)]`: each is used from several places
//! (a summary in listings and in articles), and one copy is smaller wasm.

use crate::date::DateTime;
use crate::json::{one_of, Cx, FromJson, Obj, Value};
use crate::model::*;
use crate::route::ListingKind;

impl FromJson for DateTime {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let s = String::from_json(v, cx);
        DateTime::parse(&s).unwrap_or_else(|e| {
            cx.fail(e.to_string());
            DateTime::default()
        })
    }
}

impl FromJson for Direction {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        one_of(v, cx, &[("ltr", Direction::Ltr), ("rtl", Direction::Rtl)])
    }
}

impl FromJson for CommentOrder {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        one_of(
            v,
            cx,
            &[
                ("oldest_first", CommentOrder::OldestFirst),
                ("newest_first", CommentOrder::NewestFirst),
            ],
        )
    }
}

impl FromJson for EntryKind {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        one_of(
            v,
            cx,
            &[("post", EntryKind::Post), ("page", EntryKind::Page)],
        )
    }
}

impl FromJson for CommentStatus {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        one_of(
            v,
            cx,
            &[
                ("approved", CommentStatus::Approved),
                ("pending", CommentStatus::Pending),
                ("spam", CommentStatus::Spam),
                ("trash", CommentStatus::Trash),
            ],
        )
    }
}

impl FromJson for ListingKind {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        one_of(
            v,
            cx,
            &[
                ("home", ListingKind::Home),
                ("category", ListingKind::Category),
                ("tag", ListingKind::Tag),
                ("author", ListingKind::Author),
                ("year", ListingKind::Year),
                ("month", ListingKind::Month),
            ],
        )
    }
}

impl FromJson for Site {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Site {
            version: o.req("version", cx),
            title: o.req("title", cx),
            tagline: o.or("tagline", cx, String::new()),
            language: o.or("language", cx, default_language()),
            direction: o.or("direction", cx, Direction::default()),
            base_path: o.or("base_path", cx, default_base_path()),
            url: o.opt("url", cx),
            authors: o.or("authors", cx, Vec::new()),
            categories: o.or("categories", cx, Vec::new()),
            tags: o.or("tags", cx, Vec::new()),
            menu: o.or("menu", cx, Vec::new()),
            page_size: o.or("page_size", cx, default_page_size()),
            article_count: o.or("article_count", cx, 0),
            comments: o.or("comments", cx, CommentSettings::default()),
            offline: o.or("offline", cx, OfflineSettings::default()),
        }
    }
}

impl FromJson for Author {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Author {
            slug: o.req("slug", cx),
            name: o.req("name", cx),
            url: o.opt("url", cx),
            bio: o.or("bio", cx, String::new()),
        }
    }
}

impl FromJson for Term {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Term {
            slug: o.req("slug", cx),
            name: o.req("name", cx),
            parent: o.opt("parent", cx),
        }
    }
}

impl FromJson for MenuItem {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        MenuItem {
            slug: o.req("slug", cx),
            title: o.req("title", cx),
        }
    }
}

impl FromJson for CommentSettings {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        CommentSettings {
            thread_depth: o.or("thread_depth", cx, default_thread_depth()),
            order: o.or("order", cx, CommentOrder::default()),
            per_page: o.or("per_page", cx, default_comments_per_page()),
            provider: o.opt("provider", cx),
            url: o.opt("url", cx),
        }
    }
}

impl FromJson for OfflineSettings {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        OfflineSettings {
            recent_articles: o.or("recent_articles", cx, default_recent_articles()),
        }
    }
}

impl FromJson for Image {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Image {
            src: o.req("src", cx),
            alt: o.req("alt", cx),
            width: o.opt("width", cx),
            height: o.opt("height", cx),
        }
    }
}

impl FromJson for Summary {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Summary {
            slug: o.req("slug", cx),
            kind: o.or("kind", cx, EntryKind::default()),
            title: o.req("title", cx),
            date: o.req("date", cx),
            modified: o.opt("modified", cx),
            author: o.req("author", cx),
            excerpt: o.or("excerpt", cx, String::new()),
            categories: o.or("categories", cx, Vec::new()),
            tags: o.or("tags", cx, Vec::new()),
            reading_minutes: o.or("reading_minutes", cx, 0),
            comment_count: o.or("comment_count", cx, 0),
            featured_image: o.opt("featured_image", cx),
            sticky: o.or("sticky", cx, false),
            language: o.opt("language", cx),
            direction: o.opt("direction", cx),
        }
    }
}

impl FromJson for Comment {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Comment {
            id: o.req("id", cx),
            parent: o.opt("parent", cx),
            author_name: o.req("author_name", cx),
            author_url: o.opt("author_url", cx),
            date: o.req("date", cx),
            text: o.req("text", cx),
            status: o.or("status", cx, CommentStatus::default()),
        }
    }
}

impl FromJson for ArticleLink {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        ArticleLink {
            slug: o.req("slug", cx),
            title: o.req("title", cx),
            date: o.req("date", cx),
        }
    }
}

impl FromJson for Article {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Article {
            version: o.req("version", cx),
            meta: o.req("meta", cx),
            body_html: o.req("body_html", cx),
            comments: o.or("comments", cx, Vec::new()),
            comments_open: o.or("comments_open", cx, true),
            previous: o.opt("previous", cx),
            next: o.opt("next", cx),
        }
    }
}

impl FromJson for Listing {
    #[inline(never)]
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Listing {
            version: o.req("version", cx),
            kind: o.req("kind", cx),
            key: o.or("key", cx, String::new()),
            title: o.or("title", cx, String::new()),
            page: o.req("page", cx),
            total_pages: o.req("total_pages", cx),
            total_items: o.req("total_items", cx),
            items: o.req("items", cx),
        }
    }
}
