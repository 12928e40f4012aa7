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

/// Mounts the app next to the static boot shell of the page (`index.html`'s
/// skeleton, or an article's entry page with its text), which stays in view
/// until the app's first page is rendered (`navigation::page_ready`): the
/// reader never sees a blank or a skeleton where text already was.
pub fn mount() {
    leptos::mount::mount_to_body(App);
    offline::start();
}
