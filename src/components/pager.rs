//! Page navigation for listings.

use leptos::prelude::*;
use quire_core::route::{ListingRef, PageNo, Route};

use crate::app::url;

/// Newer/older links and page numbers of `listing` (shown at its current
/// page), which has `total_pages`; nothing when there is one page. (A
/// function rather than a component: a component's props builder costs
/// wasm.)
pub fn pager(listing: ListingRef, total_pages: u32) -> impl IntoView {
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
