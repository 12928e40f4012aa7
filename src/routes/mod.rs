//! One module per kind of page. [`RouteView`] reads the URL through
//! `quire-core`'s WordPress-compatible grammar and shows the matching page.

mod article;
mod drafts;
mod listing;
mod not_found;
mod saved;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider};
use leptos_router::NavigateOptions;
use quire_core::redirect::key;
use quire_core::route::{strip_base, Route};

use crate::app::{base_path, url};

pub use not_found::NotFound;

/// Sends the reader to a site path, replacing the wrong address in history.
/// (What the router's `<Redirect>` does on the client, without its
/// server-side branch.)
pub fn redirect(path: &str) -> impl IntoView {
    // `resolve: false`: the path already carries the base (the router's own
    // resolution would drop the trailing slash of `/blog/`).
    let options = NavigateOptions {
        replace: true,
        resolve: false,
        ..Default::default()
    };
    use_navigate()(&url(path), options);
}

/// The page for the current URL.
#[component]
pub fn RouteView() -> impl IntoView {
    let location = use_location();
    let route = Memo::new(move |_| {
        let path = location.pathname.get();
        match strip_base(&path, &base_path()) {
            // An old WordPress id link (`/?p=123`): the redirect map knows.
            Some("/") if key("/", &location.search.get()).is_some() => {
                ("/".to_owned(), Route::NotFound)
            }
            Some(p) => (p.to_owned(), Route::parse(p)),
            None => (path.clone(), Route::NotFound),
        }
    });
    // The router writes the address bar and history only once the route
    // says the new page is in place (its `<Routes>` would; the grammar here
    // replaces them, at a fraction of the wasm). An effect runs after the
    // page is rendered, and after the router registered the navigation.
    Effect::new(move |_| {
        route.track();
        if let Some(router) = use_context::<BrowserUrl>() {
            router.ready_to_complete();
        }
    });
    move || {
        let (path, route) = route.get();
        // `/page/1/` and friends: send the reader to the canonical address.
        if let Some(canonical) = route.redirect_for(&path) {
            return redirect(&canonical).into_any();
        }
        match route {
            Route::Listing(l) => view! { <listing::ListingPage listing=l /> }.into_any(),
            Route::Article { date, slug } => {
                view! { <article::ArticlePage slug date=Some(date) /> }.into_any()
            }
            Route::Page { slug } => view! { <article::ArticlePage slug date=None /> }.into_any(),
            Route::Drafts => untrack(drafts::drafts_page).into_any(),
            Route::Saved => untrack(saved::saved_page).into_any(),
            Route::NotFound => view! { <NotFound /> }.into_any(),
        }
    }
}
