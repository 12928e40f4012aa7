//! One module per kind of page. [`RouteView`] reads the URL through
//! `quire-core`'s WordPress-compatible grammar and shows the matching page.

mod article;
mod listing;
mod not_found;

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use leptos_router::NavigateOptions;
use quire_core::route::{strip_base, Route};

use crate::app::base_path;

pub use not_found::NotFound;

/// Navigation options for a redirect: replace the wrong address in history.
pub fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

/// The page for the current URL.
#[component]
pub fn RouteView() -> impl IntoView {
    let location = use_location();
    let route = Memo::new(move |_| {
        let path = location.pathname.get();
        match strip_base(&path, &base_path()) {
            Some(p) => (p.to_owned(), Route::parse(p)),
            None => (path.clone(), Route::NotFound),
        }
    });
    move || {
        let (path, route) = route.get();
        let canonical = route.to_path();
        // `/page/1/` and friends: send the reader to the canonical address.
        if route != Route::NotFound && canonical != path && canonical != format!("{path}/") {
            // The router prefixes the base path itself.
            return view! { <Redirect path=canonical options=replace() /> }.into_any();
        }
        match route {
            Route::Listing(l) => view! { <listing::ListingPage listing=l /> }.into_any(),
            Route::Article { date, slug } => {
                view! { <article::ArticlePage slug date=Some(date) /> }.into_any()
            }
            Route::Page { slug } => view! { <article::ArticlePage slug date=None /> }.into_any(),
            Route::NotFound => view! { <NotFound /> }.into_any(),
        }
    }
}
