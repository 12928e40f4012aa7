//! The parts around every page: skip link, header with navigation, footer.
//! They carry the site's own `lang`/`dir`, so a right-to-left article does not
//! flip the site's navigation.

use leptos::prelude::*;
use quire_core::markup;
use wasm_bindgen::JsCast;

use super::page::use_site;
use crate::app::url;
use crate::html::escape;

/// Moves focus to the main landmark. Done by hand because `<base href>`
/// makes a bare `#main` point at the site root.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
            let _ = main.focus();
        }
    }
}

/// Header with the site title, tagline and menu of static pages.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = use_site();
    // `aria-current` on the entry of the page being read is set by
    // `navigation::page_ready`, once per page: one DOM pass instead of a
    // reactive attribute per link (~0.4 KB of wasm).
    // The same items as the entry pages' menu (`quire_core::markup`).
    let mut menu = markup::menu_html(&site, &url, None);
    // Shown with the count while the reader has drafts.
    menu.push_str(&format!(
        r#"<li class="drafts-link" hidden><a id="drafts-link" href="{}">Drafts</a></li>"#,
        escape(&url("/drafts/"))
    ));
    let title = site.title.clone();
    // "Drafts (2)" while the reader has unsent comments on this site.
    show_drafts_count();
    // Only a new draft or a removed one changes the count: saving a draft
    // already counted (every 300 ms while typing) does not rescan storage.
    crate::storage::follow(|c| {
        let counted = c.value.is_some() && COUNTED.with_borrow(|k| k.contains(&c.key));
        if c.key.starts_with(quire_core::draft::DRAFT_PREFIX) && !counted {
            show_drafts_count();
        }
    });
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
        <header class="site-header" lang=site.language.clone() dir=site.direction.as_str()>
            <div class="site-branding">
                <a href=url("/") class="site-title">{title}</a>
                <p class="site-tagline">{site.tagline.clone()}</p>
            </div>
            <nav class="site-nav" aria-label="Site">
                <ul inner_html=menu></ul>
            </nav>
        </header>
    }
}

thread_local! {
    /// The storage keys of the drafts the menu counted last.
    static COUNTED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Shows the number of drafts in the site menu, or hides the entry (DOM
/// writes, not a signal: this costs a fraction of the wasm).
fn show_drafts_count() {
    leptos::task::spawn_local(async {
        let keys: Vec<String> = crate::comments::drafts()
            .await
            .map(|d| d.drafts.iter().map(|(d, _)| d.key.storage_key()).collect())
            .unwrap_or_default();
        let n = keys.len();
        COUNTED.set(keys);
        if let Some(a) = document().get_element_by_id("drafts-link") {
            a.set_text_content(Some(&format!("Drafts ({n})")));
            if let Some(li) = a.parent_element() {
                let _ = li.toggle_attribute_with_force("hidden", n == 0);
            }
        }
    });
}

/// Footer with the categories and the site's credits.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = use_site();
    let categories: String = site
        .categories
        .iter()
        .map(|c| markup::link_item(&url(&format!("/category/{}/", c.slug)), &c.name, false))
        .collect();
    view! {
        <footer class="site-footer" lang=site.language.clone() dir=site.direction.as_str()>
            <nav aria-label="Categories">
                <h2 class="footer-heading">"Categories"</h2>
                <ul class="footer-categories" inner_html=categories></ul>
            </nav>
            <p>{site.title.clone()} " · Powered by Quire"</p>
        </footer>
    }
}
