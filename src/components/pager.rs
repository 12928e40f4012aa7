//! Page navigation for listings.

use leptos::prelude::*;
use quire_core::paginate::{page_links, PageLink};
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
    (total_pages > 1).then(|| {
        let links = page_links(current, total_pages)
            .into_iter()
            .map(|l| match l {
                PageLink::Gap => view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any(),
                PageLink::Page(n) if n == current => view! {
                    <li><span class="current" aria-current="page">{n}</span></li>
                }
                .into_any(),
                PageLink::Page(n) => view! {
                    <li><a href=href(n) aria-label=format!("Page {n}")>{n}</a></li>
                }
                .into_any(),
            })
            .collect_view();
        view! {
            <nav class="pager" aria-label="Pagination">
                {(current > 1).then(|| view! { <a href=href(current - 1) class="newer" rel="prev">"← Newer"</a> })}
                <ul>{links}</ul>
                {(current < total_pages).then(|| view! { <a href=href(current + 1) class="older" rel="next">"Older →"</a> })}
            </nav>
        }
    })
}
