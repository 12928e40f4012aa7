//! Page navigation for listings.

use leptos::prelude::*;
use quire_core::paginate::{page_links, PageLink};
use quire_core::route::{ListingRef, PageNo, Route};

use crate::app::url;
use crate::html::escape;

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
    // Markup with escaped values: a view per link cost more wasm.
    (total_pages > 1).then(|| {
        let mut html = String::new();
        if current > 1 {
            html.push_str(&format!(
                r#"<a href="{}" class="newer" rel="prev">← Newer</a>"#,
                escape(&href(current - 1))
            ));
        }
        html.push_str("<ul>");
        for l in page_links(current, total_pages) {
            html.push_str(&match l {
                PageLink::Gap => r#"<li class="gap" aria-hidden="true">…</li>"#.to_owned(),
                PageLink::Page(n) if n == current => {
                    format!(r#"<li><span class="current" aria-current="page">{n}</span></li>"#)
                }
                PageLink::Page(n) => format!(
                    r#"<li><a href="{}" aria-label="Page {n}">{n}</a></li>"#,
                    escape(&href(n))
                ),
            });
        }
        html.push_str("</ul>");
        if current < total_pages {
            html.push_str(&format!(
                r#"<a href="{}" class="older" rel="next">Older →</a>"#,
                escape(&href(current + 1))
            ));
        }
        view! { <nav class="pager" aria-label="Pagination" inner_html=html></nav> }
    })
}
