//! The 404 page for addresses the grammar does not know.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::FetchError;
use crate::components::error_view::ErrorView;

/// "Page not found", with a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    let file = use_location().pathname.get_untracked();
    view! { <ErrorView error=FetchError::NotFound { file } /> }
}
