//! `/drafts/`: every comment the reader started on this site and has not
//! sent, with Open and Discard.
//!
//! The list is markup built from escaped text and written into one
//! container (one delegated click listener for the buttons): a view tree
//! per draft measured several KB more wasm for the same page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use quire_core::draft::{excerpt, Draft};
use quire_core::form::ago;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::app::url;
use crate::comments::{self, Drafts};
use crate::components::page::DevicePage;
use crate::html::escape;
use crate::storage::{self, now_ms};

/// Where "Open" goes: the article, at the form, replying where the draft
/// replies (`?replytocom=`, as WordPress).
fn open_url(d: &Draft) -> String {
    // Stored data is only ever a site path; anything else opens the home page.
    let path = if d.article_path.starts_with('/') && !d.article_path.starts_with("//") {
        d.article_path.as_str()
    } else {
        "/"
    };
    match d.key.parent {
        Some(p) => format!("{}?replytocom={p}#respond", url(path)),
        None => format!("{}#respond", url(path)),
    }
}

fn markup(list: Result<Drafts, storage::StorageError>) -> String {
    let Drafts { drafts, unreadable } = match list {
        Ok(d) => d,
        Err(e) => {
            return format!(
                r#"<p class="notice warning" role="alert">Drafts cannot be kept on this device ({}).</p>"#,
                escape(&e.0)
            )
        }
    };
    if drafts.is_empty() && unreadable.is_empty() {
        return "<p>You have no unsent comments on this site.</p>".to_owned();
    }
    let now = now_ms();
    let mut out = String::from(r#"<ul class="drafts-list">"#);
    for (d, waiting) in &drafts {
        let href = escape(&open_url(d));
        let title = escape(&d.article_title);
        let reply = d
            .reply_to
            .as_ref()
            .map(|r| format!("Reply to {} · ", escape(r)))
            .unwrap_or_default();
        out.push_str(&format!(
            r#"<li class="draft"><h2 class="draft-title"><a href="{href}">{title}</a></h2><p class="draft-meta">{reply}Last edited {ago}{queued}</p><blockquote class="draft-excerpt">{text}</blockquote><p class="draft-actions"><a href="{href}" class="button" aria-label="Open the draft on “{title}”">Open</a> <button type="button" class="button secondary" aria-label="Discard the draft on “{title}”" data-discard="{key}">Discard</button></p></li>"#,
            ago = ago(now, d.saved_at),
            queued = if *waiting { " · Waiting to be sent" } else { "" },
            text = escape(&excerpt(&d.text, 160)),
            key = escape(&d.key.storage_key()),
        ));
    }
    for (key, raw) in &unreadable {
        out.push_str(&format!(
            r#"<li class="draft"><p class="notice warning">A draft stored here could not be read: it is damaged, or from another version of Quire.</p><details><summary>Show what is stored</summary><pre class="draft-raw">{}</pre></details><button type="button" class="button secondary" data-discard="{}">Discard</button></li>"#,
            escape(raw),
            escape(key)
        ));
    }
    out.push_str("</ul>");
    out
}

fn show() {
    spawn_local(async {
        let html = markup(comments::drafts().await);
        if let Some(el) = document().get_element_by_id("drafts") {
            el.set_inner_html(&html);
        }
    });
}

/// The drafts page.
pub fn drafts_page() -> impl IntoView {
    show();
    // Drafts saved, sent or discarded in any tab.
    storage::follow(|c| {
        if c.key.starts_with("quire:") {
            show();
        }
    });
    DevicePage {
        title: "Drafts",
        heading: "Your drafts",
        description: "Comments you started and have not sent.",
        path: "/drafts/",
        intro: "Comments you started on this site are kept in this browser until you send or discard them.",
        id: "drafts",
        loading: "Loading your drafts…",
        on_click: discard,
    }
    .view()
}

/// "Discard" on a draft.
fn discard(ev: leptos::ev::MouseEvent) {
    let key = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.get_attribute("data-discard"));
    if let Some(key) = key {
        spawn_local(async move {
            // An unreadable entry's key may not parse: then only it goes.
            let _ = match quire_core::draft::DraftKey::parse(&key) {
                Some(d) => comments::discard(&d).await,
                None => storage::delete(&key).await,
            };
        });
    }
}
