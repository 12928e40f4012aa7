//! Page navigation for listings.

use leptos::prelude::*;
use quire_core::route::{ListingRef, PageNo, Route};

use crate::app::url;

/// Newer/older links and page numbers; hidden when there is one page.
#[component]
pub fn Pager(
    /// The listing shown, at its current page.
    listing: ListingRef,
    /// How many pages the listing has.
    total_pages: u32,
) -> impl IntoView {
    let current = listing.page.get();
    let href = move |n: u32| {
        PageNo::new(n)
            .map(|p| url(&Route::Listing(listing.with_page(p)).to_path()))
            .unwrap_or_default()
    };
    // Markup shared with the static home page the CLI writes.
    quire_core::markup::pager_html(current, total_pages, href)
        .map(|html| view! { <nav class="pager" aria-label="Pagination" inner_html=html></nav> })
}
