//! What every page has: its document metadata, a focusable heading, a
//! loading skeleton, dates and sanitized HTML.

use leptos::prelude::*;
use quire_core::date::Ymd;
use quire_core::{Direction, Site};
use std::sync::Arc;

use crate::app::url;
use crate::navigation::page_ready;

/// The loaded `site.json`, shared by every page.
pub fn use_site() -> Arc<Site> {
    expect_context::<Arc<Site>>()
}

/// Sets the document title, description, canonical link and the `lang` and
/// `dir` of the document, for one page.
#[component]
pub fn PageMeta(
    /// The page's own title; the site title is appended.
    #[prop(into)]
    title: String,
    /// Meta description (excerpt or tagline).
    #[prop(into)]
    description: String,
    /// Canonical path without the base, e.g. `/2026/03/14/slug/`.
    #[prop(into)]
    path: String,
    /// Language of the page when it differs from the site's.
    #[prop(optional)]
    language: Option<String>,
    /// Direction of the page when it differs from the site's.
    #[prop(optional)]
    direction: Option<Direction>,
) -> impl IntoView {
    // Error views also render before site.json has loaded (or when it
    // cannot), so the site is optional here.
    let site = use_context::<Arc<Site>>();
    let site_title = site.as_ref().map_or("Quire", |s| s.title.as_str());
    let full_title = if title.is_empty() {
        site_title.to_owned()
    } else {
        format!("{title} – {site_title}")
    };
    let origin = site
        .as_ref()
        .and_then(|s| s.url.clone())
        .unwrap_or_else(|| window().location().origin().unwrap_or_default());
    let canonical = format!("{}{}", origin.trim_end_matches('/'), url(&path));
    let lang = language.unwrap_or_else(|| {
        site.as_ref()
            .map_or_else(|| "en".to_owned(), |s| s.language.clone())
    });
    let dir = direction
        .unwrap_or(site.as_ref().map_or(Direction::Ltr, |s| s.direction))
        .as_str();
    // `lang` and `dir` go straight onto `<html>`: leptos_meta's `<Html>`
    // would do the same through attribute spreading, at ~1 KB of wasm.
    // Every page renders a `PageMeta`, so the values never go stale.
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", &lang);
        let _ = root.set_attribute("dir", dir);
    }
    // The head, written directly: leptos_meta's components cost ~3 KB of
    // wasm for three tags that every page sets anew.
    let doc = document();
    doc.set_title(&full_title);
    head_tag("meta", "name", "description", "content", &description);
    head_tag("link", "rel", "canonical", "href", &canonical);
}

/// Sets `value_attr` of the head's `<tag key_attr="key">`, creating it once.
fn head_tag(tag: &str, key_attr: &str, key: &str, value_attr: &str, value: &str) {
    let doc = document();
    let found = doc
        .query_selector(&format!("head > {tag}[{key_attr}=\"{key}\"]"))
        .ok()
        .flatten();
    let el = found.or_else(|| {
        let el = doc.create_element(tag).ok()?;
        let _ = el.set_attribute(key_attr, key);
        doc.query_selector("head")
            .ok()
            .flatten()?
            .append_child(&el)
            .ok()?;
        Some(el)
    });
    if let Some(el) = el {
        let _ = el.set_attribute(value_attr, value);
    }
}

/// The page's `<h1>`. It takes focus after a client-side navigation so a
/// screen reader announces the new page, and tells the navigation layer the
/// page is rendered (scroll restoration, `#anchors`).
#[component]
pub fn PageHeading(
    /// Heading text.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| {
        if let Some(el) = heading.get() {
            page_ready(&el);
        }
    });
    view! {
        <h1 class="page-title" tabindex="-1" node_ref=heading>
            {text}
        </h1>
    }
}

/// What a page about the reader's own things on this device (drafts, saved
/// articles) shows: its heading and intro, and a container (`id`) that the
/// page's layer fills with a list. One function for both keeps one copy of
/// the view code in the wasm.
pub struct DevicePage {
    pub title: &'static str,
    pub heading: &'static str,
    pub description: &'static str,
    pub path: &'static str,
    pub intro: &'static str,
    /// The container's id, also the page's class (`{id}-page`).
    pub id: &'static str,
    pub loading: &'static str,
    /// One listener for the buttons in the list.
    pub on_click: fn(leptos::ev::MouseEvent),
}

impl DevicePage {
    pub fn view(self) -> impl IntoView {
        let on_click = self.on_click;
        view! {
            <PageMeta title=self.title description=self.description path=self.path />
            <div class=format!("{}-page", self.id)>
                <PageHeading text=self.heading />
                <p class="page-intro">{self.intro}</p>
                <div id=self.id on:click=on_click><p>{self.loading}</p></div>
            </div>
        }
    }
}

/// Placeholder with the shape of the coming page, so nothing jumps when the
/// content arrives.
#[component]
pub fn Skeleton() -> impl IntoView {
    // Static markup, so one string rather than a tree of typed elements
    // (each costs wasm); it is the same shape as index.html's boot shell.
    view! {
        <div
            class="skeleton"
            role="status"
            aria-live="polite"
            inner_html=r#"<span class="visually-hidden">Loading…</span><div class="skeleton-title"></div><div class="skeleton-meta"></div><div class="skeleton-line"></div><div class="skeleton-line"></div><div class="skeleton-line short"></div>"#
        ></div>
    }
}

/// "March 14, 2026" in the site's language: English without `Intl` (whose
/// locale data costs a long first call, see [`Ymd::long_english`]), other
/// languages through the browser's `Intl` (`offline.js`, which also writes
/// the saved-articles library's dates).
pub fn format_date(date: Ymd, lang: &str) -> String {
    date.long_english(lang)
        .unwrap_or_else(|| crate::offline::long_date(date.year, date.month, date.day, lang))
}
