//! Every paged listing: home, category, tag, author, year and month archives.

use leptos::prelude::*;
use quire_core::route::{ListingKind, ListingRef};
use quire_core::{paths, Listing, Site};

use crate::components::article_card::card_html;
use crate::components::error_view::ErrorView;
use crate::components::page::{use_site, PageHeading, PageMeta, Skeleton};
use crate::components::pager::pager;
use crate::use_content::{parsed, use_content, UseContentReturn};

/// One page of a listing, loaded from its own file.
#[component]
pub fn ListingPage(
    /// Which listing and page the URL asked for.
    listing: ListingRef,
) -> impl IntoView {
    let site = use_site();
    let UseContentReturn { data, file, retry } = use_content(paths::listing(&listing));
    move || match parsed::<Listing>(&file, data.get()) {
        None => view! { <Skeleton /> }.into_any(),
        Some(Ok(page)) => listing_view(&site, listing.clone(), page).into_any(),
        Some(Err(error)) => view! { <ErrorView error retry /> }.into_any(),
    }
}

/// "Category: Rust", "March 2026", "Articles by Ana".
fn heading(site: &Site, l: &ListingRef, page: &Listing) -> String {
    if !page.title.is_empty() && l.kind != ListingKind::Home {
        return match l.kind {
            ListingKind::Category => format!("Category: {}", page.title),
            ListingKind::Tag => format!("Tag: {}", page.title),
            ListingKind::Author => format!("Articles by {}", page.title),
            _ => page.title.clone(),
        };
    }
    match l.kind {
        ListingKind::Home => "Latest articles".to_owned(),
        ListingKind::Author => format!(
            "Articles by {}",
            site.author(&l.key)
                .map_or(l.key.as_str(), |a| a.name.as_str())
        ),
        kind => site.term_name(kind, &l.key).to_owned(),
    }
}

fn listing_view(site: &Site, l: ListingRef, page: Listing) -> impl IntoView {
    let mut title = heading(site, &l, &page);
    if page.page > 1 {
        title = format!("{title} (page {} of {})", page.page, page.total_pages);
    }
    let meta_title = if l.kind == ListingKind::Home && page.page == 1 {
        String::new()
    } else {
        title.clone()
    };
    let description = if site.tagline.is_empty() {
        title.clone()
    } else {
        site.tagline.clone()
    };
    let path = quire_core::route::Route::Listing(l.clone()).to_path();
    let empty = page.items.is_empty();
    let total_pages = page.total_pages;
    let mut cards = String::new();
    for summary in &page.items {
        card_html(&mut cards, summary, site);
    }
    view! {
        <PageMeta title=meta_title description path />
        <section class="listing" aria-labelledby="listing-title">
            <header class="listing-header" id="listing-title">
                <PageHeading text=title />
                {(l.kind == ListingKind::Author)
                    .then(|| site.author(&l.key).map(|a| a.bio.clone()))
                    .flatten()
                    .filter(|b| !b.is_empty())
                    .map(|bio| view! { <p class="author-bio">{bio}</p> })}
            </header>
            {empty.then(|| view! { <p class="empty">"Nothing has been published here yet."</p> })}
            <div class="cards" inner_html=cards>
            </div>
            {pager(l, total_pages)}
        </section>
    }
}
