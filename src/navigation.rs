//! Makes client-side navigation behave like a normal site: back/forward
//! return to where the reader was, a reload keeps the position, links to
//! `#anchors` land on them, and focus moves to the new page's heading so
//! screen readers announce it.
//!
//! Content arrives asynchronously, so the browser's own scroll restoration
//! would run against an empty page; we take it over (`scrollRestoration =
//! "manual"`) and restore once the page reports it is rendered
//! ([`page_ready`]).

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ScrollRestoration};

/// sessionStorage key of the saved scroll positions (survives reloads).
const SCROLL_KEY: &str = "quire:scroll:v1";
/// Positions kept; older entries are dropped.
const MAX_POSITIONS: usize = 100;

thread_local! {
    /// (location, scroll position), most recently saved last.
    static POSITIONS: RefCell<Vec<(String, f64)>> = const { RefCell::new(Vec::new()) };
    /// The position to restore once the next page is ready (set by popstate).
    static PENDING: Cell<Option<f64>> = const { Cell::new(None) };
    /// The first page after load does not steal focus.
    static FIRST_PAGE: Cell<bool> = const { Cell::new(true) };
    /// How many stages of the first page's lower parts are rendered (see
    /// [`lower_part`]; `u8::MAX`: all of them, as after the first page),
    /// and what wakes the parts that wait when a stage is done.
    static LOWER_DONE: Cell<u8> = const { Cell::new(u8::MAX) };
    static LOWER_READY: Cell<Option<Trigger>> = const { Cell::new(None) };
}

/// A part below a page's text: an article's discussion (stage 1), its
/// reply form and the site footer (stage 2). On a cold load the reader
/// already sees the text in the entry page's HTML while the app takes
/// over: the app renders and lays out its page, swaps it in, and renders
/// these parts after that frame, one stage per task, so that no task
/// blocks the main thread for long. Each stage is below the one before,
/// and nothing is below them to move. Rendered at once after the first
/// page, and on a first page that must be whole (a reload restoring a
/// position, an `#anchor`). (Boxed: one copy of the reactive code serves
/// every such part.)
pub fn lower_part(stage: u8, part: Box<dyn FnOnce() -> AnyView + Send>) -> impl IntoView {
    let mut part = Some(part);
    move || match part.take_if(|_| !waits(stage)) {
        Some(p) => p(),
        None => ().into_any(),
    }
}

/// Whether the first page's lower parts of `stage` (1 or 2) still wait to
/// render. A reactive reader that is told they wait is woken at the next
/// stage; one that is told they do not is not woken again.
pub fn waits(stage: u8) -> bool {
    let waits = LOWER_DONE.get() < stage;
    if let Some(t) = LOWER_READY.get().filter(|_| waits) {
        t.track();
    }
    waits
}

fn location_key() -> String {
    let loc = window().location();
    loc.pathname().unwrap_or_default() + &loc.search().unwrap_or_default()
}

fn saved_position(key: &str) -> Option<f64> {
    POSITIONS.with_borrow(|p| p.iter().find(|(k, _)| k == key).map(|(_, y)| *y))
}

/// Saves where the reader is; the least recently saved entry makes room.
fn save_position(key: String, y: f64) {
    POSITIONS.with_borrow_mut(|p| {
        p.retain(|(k, _)| *k != key);
        if p.len() >= MAX_POSITIONS {
            p.remove(0);
        }
        p.push((key, y));
    });
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// Installs the listeners. Call once, before the `<Router>` is created: on
/// back/forward the router re-renders the page synchronously inside its own
/// popstate listener, so ours must already have noted what to restore.
pub fn provide_navigation() {
    if let Ok(history) = window().history() {
        let _ = history.set_scroll_restoration(ScrollRestoration::Manual);
    }
    if let Some(saved) = session_storage().and_then(|s| s.get_item(SCROLL_KEY).ok().flatten()) {
        POSITIONS.with_borrow_mut(|p| {
            for line in saved.lines() {
                if let Some((y, key)) = line.split_once(' ') {
                    if let Ok(y) = y.parse::<i64>() {
                        p.push((key.to_owned(), y as f64));
                    }
                }
            }
        });
    }
    // A reload: restore where the reader was once the page is ready. Set as
    // pending so that scroll events fired while the page is still short
    // (clamped positions) do not overwrite the saved one.
    if let Some(y) = saved_position(&location_key()) {
        PENDING.set(Some(y));
    }
    let hash = window().location().hash().unwrap_or_default();
    if PENDING.get().is_none() && hash.len() <= 1 {
        LOWER_DONE.set(0);
    }
    LOWER_READY.set(Some(Trigger::new()));
    let on_scroll = window_event_listener(leptos::ev::scroll, |_| {
        // While a restore is pending the page is being swapped; positions
        // seen now belong to neither page.
        if PENDING.get().is_none() {
            let y = window().scroll_y().unwrap_or(0.0);
            save_position(location_key(), y);
        }
    });
    let on_pop = window_event_listener(leptos::ev::popstate, |_| {
        let y = saved_position(&location_key());
        PENDING.set(Some(y.unwrap_or(0.0)));
    });
    let on_hide = window_event_listener(leptos::ev::pagehide, |_| {
        let text: String = POSITIONS.with_borrow(|p| {
            p.iter()
                .map(|(k, y)| format!("{} {k}\n", *y as i64))
                .collect()
        });
        if let Some(s) = session_storage() {
            let _ = s.set_item(SCROLL_KEY, &text);
        }
    });
    on_cleanup(move || {
        on_scroll.remove();
        on_pop.remove();
        on_hide.remove();
    });
}

/// Called by every page once its heading (and so its content) is in the
/// DOM: restores the scroll position, honours `#fragment`, moves focus.
pub fn page_ready(heading: &HtmlElement) {
    let first = FIRST_PAGE.replace(false);
    if first && LOWER_DONE.get() == 0 {
        // A cold first page, rendered in this task (hidden): swapped in
        // the next, then its lower parts, a stage per task (see
        // [`release`]). Nothing else is due: no position to restore, no
        // `#anchor`, no focus to move.
        release(0);
        return;
    }
    if first {
        swap();
    } else {
        mark_current_menu_item();
    }
    // The save toggle, the saved-articles list, offline marks.
    crate::offline::page_ready();
    // Set by popstate (back/forward) or, for the first page, by a reload.
    let restore = PENDING.take();
    // After a client-side navigation: the element the address points at,
    // else the heading.
    let mut focus = (!first).then(|| heading.clone());
    let hash = window().location().hash().unwrap_or_default();
    if let Some(y) = restore {
        window().scroll_to_with_x_and_y(0.0, y);
    } else if let Some(target) = hash
        .strip_prefix('#')
        .filter(|h| !h.is_empty())
        .and_then(|id| document().get_element_by_id(&quire_core::route::percent_decode(id)))
    {
        // Marks the element the address points at (a comment permalink);
        // CSS highlights it. `:target` cannot: the element did not exist
        // yet when the browser read the fragment.
        let _ = target.set_attribute("data-linked", "");
        target.scroll_into_view();
        if let Some(t) = target.dyn_ref::<HtmlElement>() {
            if !first {
                focus = Some(t.clone());
            }
        }
    }
    if let Some(el) = focus {
        focus_soon(el);
    }
}

/// The app's first page now shows what the boot shell showed (CSS hides
/// the app until then): swaps them in one frame, the shell's article body
/// moved into the app's page if the app left its own empty (see
/// `routes::article`).
fn swap() {
    mark_current_menu_item();
    if let Some(shell) = document().get_element_by_id("quire-boot") {
        if let (Ok(Some(from)), Ok(Some(to))) = (
            shell.query_selector(".entry-content"),
            document().query_selector("#main .entry-content:empty"),
        ) {
            crate::html::adopt(&from, &to);
        }
        shell.remove();
    }
}

/// A cold first page in tasks of its own: the swap (stage 0), painted in
/// the next frame; after it the discussion (stage 1), then the reply form
/// and the footer (stage 2), when the offline layer wires the page.
fn release(stage: u8) {
    set_timeout(
        move || {
            if stage == 0 {
                swap();
                request_animation_frame(|| release(1));
                return;
            }
            LOWER_DONE.set(stage);
            if let Some(t) = LOWER_READY.get() {
                t.notify();
            }
            if stage == 1 {
                release(2);
            } else {
                crate::offline::page_ready();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// Moves focus to `el` (without scrolling) at the start of the next frame.
/// `focus()` makes the browser compute the new page's style and layout at
/// once; done in the frame, that work is the frame's own, and the new page
/// paints a layout earlier (`make bench`, warm navigation). If the reader
/// (or the page) put focus somewhere in between, it stays there.
fn focus_soon(el: HtmlElement) {
    let opts = web_sys::FocusOptions::new();
    opts.set_prevent_scroll(true);
    let before = document().active_element();
    request_animation_frame(move || {
        let now = document().active_element();
        let body = document().body().map(web_sys::Element::from);
        if now.is_none() || now == before || now == body {
            let _ = el.focus_with_options(&opts);
        }
    });
}

/// Marks the site menu's link to this page with `aria-current="page"` (as
/// WordPress marks its current menu item), and unmarks the others.
fn mark_current_menu_item() {
    let path = window().location().pathname().unwrap_or_default();
    let Ok(links) = document().query_selector_all(".site-nav a") else {
        return;
    };
    for i in 0..links.length() {
        let Some(link) = links
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let _ = if link.get_attribute("href").as_deref() == Some(path.as_str()) {
            link.set_attribute("aria-current", "page")
        } else {
            link.remove_attribute("aria-current")
        };
    }
}
