//! An article's entry in a listing.

use leptos::prelude::*;
use quire_core::text::reading_label;
use quire_core::Summary;

use super::page::{use_site, Date};
use crate::app::url;

/// Title, byline, date, reading time and excerpt of one article.
#[component]
pub fn ArticleCard(
    /// The article's summary from the listing file.
    summary: Summary,
) -> impl IntoView {
    let site = use_site();
    let author = site
        .author(&summary.author)
        .map_or_else(|| summary.author.clone(), |a| a.name.clone());
    let href = url(&summary.permalink());
    let title = untitled(&summary.title);
    let lang = summary.language.clone();
    let dir = summary.direction.map(|d| d.as_str());
    view! {
        <article class="card" class:sticky=summary.sticky lang=lang dir=dir>
            {summary.sticky.then(|| view! { <p class="badge">"Featured"</p> })}
            <h2 class="card-title">
                <a href=href>{title}</a>
            </h2>
            <p class="entry-meta">
                <Date date=summary.ymd() iso=summary.date.to_string() />
                " · " {author} " · " {reading_label(summary.reading_minutes)}
                {(summary.comment_count > 0).then(|| format!(" · {} comments", summary.comment_count))}
            </p>
            {(!summary.excerpt.is_empty()).then(|| view! { <p class="card-excerpt">{summary.excerpt.clone()}</p> })}
        </article>
    }
}

/// WordPress allows posts without a title; they still need link text.
pub fn untitled(title: &str) -> String {
    if title.trim().is_empty() {
        "(untitled)".to_owned()
    } else {
        title.to_owned()
    }
}
