//! Offline reading: the service worker (`public/sw.js`), the update banner,
//! the online/offline indicator, "Save for offline" and the `/saved/`
//! library. The work happens in `offline.js`, next to the Cache API and the
//! worker it talks to; this is the thin Rust face of it.
//!
//! Every function is safe to call where the browser has no service worker
//! or Cache API (plain http, private modes, old browsers): the features then
//! step aside and reading online works as before.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/offline.js")]
extern "C" {
    /// Registers the service worker, offers updates, shows the indicator.
    pub fn start();
    /// Called once each page is rendered: wires the article's "Save for
    /// offline" toggle (`#save-offline`, whose `data-file`, `data-path` and
    /// `data-title` name the article) and fills the saved-articles list
    /// (`#saved`).
    #[wasm_bindgen(js_name = pageReady)]
    pub fn page_ready();
    /// A date written out in full in `lang` (`Intl`, `dateStyle: "long"`).
    #[wasm_bindgen(js_name = longDate)]
    pub fn long_date(year: u16, month: u8, day: u8, lang: &str) -> String;
}

/// Whether the browser says it is offline (then a failed load is "not
/// available offline" rather than "can't reach the site").
pub fn is_offline() -> bool {
    !leptos::prelude::window().navigator().on_line()
}
