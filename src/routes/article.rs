//! An article (`/:yyyy/:mm/:dd/:slug/`) or a static page (`/:slug/`).

use leptos::prelude::*;
use quire_core::date::Ymd;
use quire_core::sanitize::Allowlist;
use quire_core::text::reading_label;
use quire_core::{paths, Article, EntryKind};

use super::redirect;
use crate::app::url;
use crate::components::article_card::untitled;
use crate::components::comment_thread::CommentThread;
use crate::components::error_view::ErrorView;
use crate::components::page::{use_site, Date, PageHeading, PageMeta, SafeHtml, Skeleton};
use crate::use_content::{use_content, UseContentReturn};

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
    let UseContentReturn { data, retry } = use_content::<Article>(file);
    move || match data.get() {
        None => view! { <Skeleton /> }.into_any(),
        Some(Ok(article)) if date.is_some_and(|d| d != article.meta.ymd()) => {
            redirect(&article.meta.permalink()).into_any()
        }
        Some(Ok(article)) => article_view(article).into_any(),
        Some(Err(error)) => view! { <ErrorView error retry /> }.into_any(),
    }
}

fn article_view(article: Article) -> impl IntoView {
    let site = use_site();
    let meta = article.meta;
    let title = untitled(&meta.title);
    let is_post = meta.kind == EntryKind::Post;
    let author = site.author(&meta.author).cloned();
    let author_name = author
        .as_ref()
        .map_or_else(|| meta.author.clone(), |a| a.name.clone());
    let description = if meta.excerpt.is_empty() {
        site.tagline.clone()
    } else {
        meta.excerpt.clone()
    };
    let lang = meta.language.clone();
    let dir = meta.direction;
    let terms = |kind: &'static str, slugs: &[String], names: &[quire_core::Term]| {
        slugs
            .iter()
            .map(|s| {
                let name = names
                    .iter()
                    .find(|t| &t.slug == s)
                    .map_or(s.clone(), |t| t.name.clone());
                view! { <li><a href=url(&format!("/{kind}/{s}/")) rel=kind>{name}</a></li> }
            })
            .collect_view()
    };
    let categories = terms("category", &meta.categories, &site.categories);
    let tags = terms("tag", &meta.tags, &site.tags);
    let figure = meta.featured_image.clone().map(|img| {
        view! {
            <figure class="featured-image">
                <img src=img.src alt=img.alt width=img.width height=img.height fetchpriority="high" />
            </figure>
        }
    });
    let byline = is_post.then(|| {
        view! {
            <p class="entry-meta">
                "By " <a href=url(&format!("/author/{}/", meta.author)) rel="author">{author_name}</a>
                " · " <Date date=meta.ymd() iso=meta.date.to_string() />
                " · " {reading_label(meta.reading_minutes)}
            </p>
        }
    });
    let nav = is_post.then(|| {
        let prev = article.previous.map(|p| {
            view! { <a href=url(&p.permalink()) rel="prev" class="nav-previous"><span class="nav-label">"Previous article"</span> <span class="nav-title">{untitled(&p.title)}</span></a> }
        });
        let next = article.next.map(|n| {
            view! { <a href=url(&n.permalink()) rel="next" class="nav-next"><span class="nav-label">"Next article"</span> <span class="nav-title">{untitled(&n.title)}</span></a> }
        });
        view! { <nav class="post-navigation" aria-label="More articles">{prev} {next}</nav> }
    });
    view! {
        <PageMeta title=title.clone() description path=meta.permalink() language=lang.clone().unwrap_or_else(|| site.language.clone()) direction=dir.unwrap_or(site.direction) />
        <article class="entry" lang=lang dir=dir.map(|d| d.as_str())>
            <header class="entry-header">
                <PageHeading text=title.clone() />
                {byline}
            </header>
            {figure}
            <SafeHtml html=article.body_html list=Allowlist::Article class="entry-content" />
            {(!meta.categories.is_empty() || !meta.tags.is_empty()).then(|| view! {
                <footer class="entry-footer">
                    {(!meta.categories.is_empty()).then(|| view! { <span class="term-label">"Filed under"</span> <ul class="terms">{categories}</ul> })}
                    {(!meta.tags.is_empty()).then(|| view! { <span class="term-label">"Tagged"</span> <ul class="terms tags">{tags}</ul> })}
                </footer>
            })}
        </article>
        {nav}
        <CommentThread comments=article.comments title=title open=article.comments_open />
    }
}
