//! `/saved/`: the articles saved for offline reading, with Open, Remove and
//! Remove all, and how much storage they use.
//!
//! The list is rendered into `#saved` by the offline layer (`offline.js`,
//! once the page is ready), which owns the saved-articles cache, its
//! buttons, and hears when another tab changes it.

use leptos::prelude::*;

use crate::components::page::DevicePage;

/// The saved-articles page.
pub fn saved_page() -> impl IntoView {
    DevicePage {
        title: "Saved articles",
        heading: "Saved articles",
        description: "Articles kept on this device for reading offline.",
        path: "/saved/",
        intro: "Articles you save are kept on this device, so they open without a connection. The articles you read most recently are kept too, for a while.",
        id: "saved",
        loading: "Loading your saved articles…",
        on_click: |_| {},
    }
    .view()
}
