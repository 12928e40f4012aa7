//! Quire's browser app: a client-side-rendered Leptos reader for the content
//! format defined in `quire-core`.

mod api;
mod app;
mod comments;
mod components;
mod html;
mod navigation;
mod offline;
mod routes;
mod storage;
mod use_content;

pub use app::App;

/// Mounts the app over the static boot shell of `index.html`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
    // The static shell painted the header and a skeleton before the wasm
    // arrived; the app now shows the same thing, so the shell can go.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("quire-boot") {
        shell.remove();
    }
    offline::start();
}
