//! The parts around every page: skip link, header with navigation, footer.
//! They carry the site's own `lang`/`dir`, so a right-to-left article does not
//! flip the site's navigation.

use leptos::prelude::*;
use leptos_router::components::A;
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
    let menu = site
        .menu
        .clone()
        .into_iter()
        .map(|m| view! { <li><A exact=true href=url(&format!("/{}/", m.slug))>{m.title}</A></li> })
        .collect_view();
    let title = site.title.clone();
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
        <header class="site-header" lang=site.language.clone() dir=site.direction.as_str()>
            <div class="site-branding">
                <A exact=true href=url("/") attr:class="site-title">{title}</A>
                <p class="site-tagline">{site.tagline.clone()}</p>
            </div>
            <nav class="site-nav" aria-label="Site">
                <ul>
                    <li><A exact=true href=url("/")>"Home"</A></li>
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
        .map(|c| view! { <li><A exact=true href=url(&format!("/category/{}/", c.slug))>{c.name}</A></li> })
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
