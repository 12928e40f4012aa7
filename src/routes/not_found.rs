//! The 404 page for addresses the grammar does not know, after a look in
//! the site's redirect map (`data/redirects.json`, written by an import):
//! old WordPress links (`?p=123`, `/about/team/`) lead to their new
//! addresses instead.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use quire_core::redirect;
use quire_core::route::strip_base;

use super::redirect as go;
use crate::api::FetchError;
use crate::app::base_path;
use crate::components::error_view::ErrorView;
use crate::use_content::use_content;

/// "Page not found", with a way home; or the new address of an old link.
#[component]
pub fn NotFound() -> impl IntoView {
    let location = use_location();
    let file = location.pathname.get_untracked();
    let query = location.search.get_untracked();
    let path = strip_base(&file, &base_path()).unwrap_or("/").to_owned();
    // Nothing is shown while the map loads: the page that was there (or
    // the boot shell) stays, so an old link never flashes "not found".
    let map = use_content(redirect::file());
    move || {
        let found = map.data.get()?;
        let to = found.ok().and_then(|m| redirect::lookup(&m, &path, &query));
        Some(match to {
            Some(to) if to.starts_with("http") => {
                // Media still on the old host.
                let _ = window().location().replace(&to);
                ().into_any()
            }
            Some(to) => go(&format!("/{to}")).into_any(),
            None => {
                view! { <ErrorView error=FetchError::NotFound { file: file.clone() } /> }.into_any()
            }
        })
    }
}
