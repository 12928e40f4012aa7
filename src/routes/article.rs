//! An article (`/:yyyy/:mm/:dd/:slug/`) or a static page (`/:slug/`).

use leptos::prelude::*;
use quire_core::date::Ymd;
use quire_core::sanitize::Allowlist;
use quire_core::{markup, paths, Article, EntryKind};

use super::redirect;
use crate::app::url;
use crate::components::article_card::untitled;
use crate::components::comment_thread::{CommentThread, Discussion};
use crate::components::error_view::ErrorView;
use crate::components::page::{format_date, use_site, PageHeading, PageMeta, Skeleton};
use crate::html::{escape, sanitize};
use crate::navigation::lower_part;
use crate::use_content::{parsed, use_content, UseContentReturn};

/// Loads an entry by slug. For a dated URL whose date is not the article's,
/// redirects to the canonical address (old links keep working).
#[component]
pub fn ArticlePage(
    /// The slug from the URL.
    slug: String,
    /// The date from the URL; `None` for a static page.
    date: Option<Ymd>,
) -> impl IntoView {
    let file = match date {
        Some(_) => paths::article(&slug),
        None => paths::page(&slug),
    };
    let UseContentReturn { data, file, retry } = use_content(file);
    move || match parsed::<Article>(&file, data.get()) {
        None => view! { <Skeleton /> }.into_any(),
        Some(Ok(article)) if date.is_some_and(|d| d != article.meta.ymd()) => {
            redirect(&article.meta.permalink()).into_any()
        }
        Some(Ok(article)) => article_view(article, &file).into_any(),
        Some(Err(error)) => view! { <ErrorView error retry /> }.into_any(),
    }
}

fn article_view(article: Article, file: &str) -> impl IntoView {
    let site = use_site();
    let meta = article.meta;
    let title = untitled(&meta.title);
    let is_post = meta.kind == EntryKind::Post;
    let lang = meta.language.clone();
    let dir = meta.direction;
    let description = if meta.excerpt.is_empty() {
        site.tagline.clone()
    } else {
        meta.excerpt.clone()
    };
    // Byline, image, terms and neighbours as markup (every text escaped),
    // the same as the entry page's (`quire_core::markup`): a view tree for
    // each cost more wasm.
    let footer = markup::terms_html(&meta, &site, &url);
    let figure = meta
        .featured_image
        .as_ref()
        .map(markup::featured_image_html);
    let byline = is_post
        .then(|| markup::byline_html(&meta, &site, &url, &format_date(meta.ymd(), &site.language)));
    let nav = is_post
        .then(|| markup::post_nav_html(article.previous.as_ref(), article.next.as_ref(), &url));
    // The "Save for offline" toggle, wired by the offline layer once the
    // page is ready; hidden where the browser cannot keep articles.
    let save = format!(
        r#"<button type="button" id="save-offline" class="button secondary save-offline" aria-pressed="false" data-file="{}" data-path="{}" data-title="{}" hidden>Save for offline</button> <span id="save-status" class="save-status" role="status"></span>"#,
        escape(file),
        escape(&url(&meta.permalink())),
        escape(&title)
    );
    // Untrusted HTML, rendered only after `html::sanitize`. On a cold
    // first page, the entry page's own body is adopted instead (see
    // `html::adopt`; `navigation::page_ready` moves it in): an empty body
    // here says so.
    let adopted = document()
        .query_selector(&format!(
            "#quire-boot .entry-content[data-body=\"{}\"]",
            markup::fingerprint(&article.body_html)
        ))
        .ok()
        .flatten()
        .is_some();
    let body = if adopted {
        String::new()
    } else {
        sanitize(&article.body_html, Allowlist::Article)
    };
    let discussion = Discussion {
        comments: article.comments,
        title: title.clone(),
        slug: meta.slug.clone(),
        path: meta.permalink(),
        open: article.comments_open,
    };
    view! {
        <PageMeta title=title.clone() description path=meta.permalink() language=lang.clone().unwrap_or_else(|| site.language.clone()) direction=dir.unwrap_or(site.direction) />
        <article class="entry" lang=lang dir=dir.map(|d| d.as_str())>
            <header class="entry-header">
                <PageHeading text=title.clone() />
                {byline.map(|b| view! { <p class="entry-meta" inner_html=b></p> })}
                <p class="entry-actions" inner_html=save></p>
            </header>
            {figure.map(|f| view! { <figure class="featured-image" inner_html=f></figure> })}
            <div class="entry-content" inner_html=body></div>
            {footer.map(|f| view! { <footer class="entry-footer" inner_html=f></footer> })}
        </article>
        {nav.map(|n| view! { <nav class="post-navigation" aria-label="More articles" inner_html=n></nav> })}
        {lower_part(1, Box::new(|| view! { <CommentThread discussion /> }.into_any()))}
    }
}
