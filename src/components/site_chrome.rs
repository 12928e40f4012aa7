//! The parts around every page: skip link, header with navigation, footer.
//! They carry the site's own `lang`/`dir`, so a right-to-left article does not
//! flip the site's navigation.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::page::use_site;
use crate::app::url;

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
    let item = |href: String, label: String| view! { <li><a href=href>{label}</a></li> };
    let menu = site
        .menu
        .iter()
        .map(|m| item(url(&format!("/{}/", m.slug)), m.title.clone()))
        .collect_view();
    let title = site.title.clone();
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
        <header class="site-header" lang=site.language.clone() dir=site.direction.as_str()>
            <div class="site-branding">
                <a href=url("/") class="site-title">{title}</a>
                <p class="site-tagline">{site.tagline.clone()}</p>
            </div>
            <nav class="site-nav" aria-label="Site">
                <ul>
                    {item(url("/"), "Home".to_owned())}
                    {menu}
                </ul>
            </nav>
        </header>
    }
}

/// Footer with the categories and the site's credits.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = use_site();
    let categories = site
        .categories
        .clone()
        .into_iter()
        .map(|c| view! { <li><a href=url(&format!("/category/{}/", c.slug))>{c.name}</a></li> })
        .collect_view();
    view! {
        <footer class="site-footer" lang=site.language.clone() dir=site.direction.as_str()>
            <nav aria-label="Categories">
                <h2 class="footer-heading">"Categories"</h2>
                <ul class="footer-categories">{categories}</ul>
            </nav>
            <p>{site.title.clone()} " · Powered by Quire"</p>
        </footer>
    }
}
