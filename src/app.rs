//! The root component: loads `site.json`, provides it, and lays out every
//! page (skip link, header, main landmark, footer) around the route view.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::Router;

use crate::components::error_view::ErrorView;
use crate::components::site_chrome::{SiteFooter, SiteHeader};
use crate::navigation::{lower_part, provide_navigation};
use crate::routes::RouteView;
use crate::use_content::{parsed, use_content, UseContentReturn};

/// The path the site is deployed under, from the document's `<base href>`
/// (which trunk writes from `public_url`): `/` or `/blog/`. Content URLs and
/// the router both derive from it, so it is set in one place.
pub fn base_path() -> String {
    thread_local! {
        // Fixed for the life of the page; read once, not on every link.
        static BASE: String = document()
            .base_uri()
            .ok()
            .flatten()
            .and_then(|uri| web_sys::Url::new(&uri).ok())
            .map(|url| url.pathname())
            .filter(|p| p.ends_with('/'))
            .unwrap_or_else(|| "/".to_owned());
    }
    BASE.with(Clone::clone)
}

/// A site path (`/2026/03/14/slug/`) as a link target under the base path
/// (`/blog/2026/03/14/slug/`). Every in-app link goes through here. Links
/// are plain `<a>` elements: the router intercepts clicks on any same-origin
/// link under the base, and its `<A>` component would cost several KB of wasm
/// for an `aria-current` that only the site menu needs (set there).
pub fn url(path: &str) -> String {
    let base = base_path();
    format!("{}{path}", base.trim_end_matches('/'))
}

/// The whole reader.
#[component]
pub fn App() -> impl IntoView {
    // Before the router: our popstate listener must run before the router's,
    // which re-renders the page synchronously (see navigation.rs).
    provide_navigation();
    let UseContentReturn { data, file, retry } = use_content(paths::site());
    let base = base_path().trim_end_matches('/').to_owned();
    view! {
        <Router base=base>
            {move || match parsed::<Site>(&file, data.get()) {
                // Never seen: the boot shell stays in view until the first
                // page is ready (`navigation::page_ready`).
                None => ().into_any(),
                Some(Ok(site)) => view! { <Reader site=Arc::new(site) /> }.into_any(),
                Some(Err(error)) => view! {
                    {document().set_title("Quire")}
                    <div class="site">
                        <main id="main" class="site-main" tabindex="-1">
                            <ErrorView error retry />
                        </main>
                    </div>
                }.into_any(),
            }}
        </Router>
    }
}

/// Layout and context once the site is known.
#[component]
fn Reader(site: Arc<Site>) -> impl IntoView {
    // Comments written offline (or whose answer was lost) go out on the
    // next visit and whenever the browser is back online.
    if let Some(server) = crate::comments::server(&site) {
        let send = move || leptos::task::spawn_local(crate::comments::flush(server.clone()));
        send();
        // Lives as long as the page.
        std::mem::forget(window_event_listener(leptos::ev::online, move |_| send()));
    }
    provide_context(site);
    view! {
        <div class="site">
            <SiteHeader />
            <main id="main" class="site-main" tabindex="-1">
                <RouteView />
            </main>
            {lower_part(2, Box::new(|| view! { <SiteFooter /> }.into_any()))}
        </div>
    }
}

use quire_core::{paths, Site};
