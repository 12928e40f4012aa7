//! Rendering untrusted HTML (article bodies, comments) safely.
//!
//! The browser's own `DOMParser` builds an inert document (no script runs,
//! nothing loads), then every node is checked against `quire-core`'s
//! allowlist: what is not listed is removed. Checking the browser's parse
//! rather than our own means we judge exactly what would be rendered.

use quire_core::sanitize::{
    find_bare_urls, is_external, token_is_safe, url_is_safe, Allowlist, ElementRule,
};
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

/// Returns `html` reduced to what `list` allows. If the browser cannot parse
/// (no `DOMParser`), the text is escaped instead: never passed through raw.
pub fn sanitize(html: &str, list: Allowlist) -> String {
    let parsed = DomParser::new()
        .and_then(|p| p.parse_from_string(html, SupportedType::TextHtml))
        .ok();
    let Some(body) = parsed.and_then(|doc| doc.body()) else {
        return escape(html);
    };
    clean(&body, list);
    body.inner_html()
}

/// Reduces what is in `root` to what `list` allows.
fn clean(root: &Element, list: Allowlist) {
    let host = leptos::prelude::window()
        .location()
        .host()
        .unwrap_or_default();
    clean_children(root, list, &host);
}

pub use quire_core::markup::escape;

/// An entry page's article body, moved into the app's page and checked
/// as the app checks any text (without parsing it again): `quire pages`
/// wrote it from the same text (its fingerprint says so), sanitized with
/// the same allowlist, so this only adds what the app adds.
pub fn adopt(from: &Element, to: &Element) {
    while let Some(node) = from.first_child() {
        let _ = to.append_child(&node);
    }
    clean(to, Allowlist::Article);
}

fn clean_children(parent: &Node, list: Allowlist, host: &str) {
    let mut child = parent.first_child();
    while let Some(node) = child {
        child = node.next_sibling();
        let kind = node.node_type();
        if kind == Node::TEXT_NODE {
            if list == Allowlist::Comment {
                link_bare_urls(parent, &node);
            }
            continue;
        }
        if kind != Node::ELEMENT_NODE {
            // Comments, processing instructions, CDATA: never shown.
            let _ = parent.remove_child(&node);
            continue;
        }
        // Each call crosses into JavaScript: the node type says what a
        // cast would check again.
        let el = node.unchecked_ref::<Element>();
        let tag = el.local_name().to_ascii_lowercase();
        match list.element(&tag) {
            ElementRule::Remove => {
                let _ = parent.remove_child(&node);
            }
            ElementRule::Unwrap => {
                clean_children(&node, list, host);
                while let Some(grandchild) = node.first_child() {
                    let _ = parent.insert_before(&grandchild, Some(&node));
                }
                let _ = parent.remove_child(&node);
            }
            ElementRule::Keep => {
                clean_attributes(el, &tag, list, host);
                clean_children(&node, list, host);
            }
        }
    }
}

/// Turns the bare web addresses in a comment's text into links, as
/// WordPress's `make_clickable` does (never inside an existing link).
fn link_bare_urls(parent: &Node, text: &Node) {
    let s = text.text_content().unwrap_or_default();
    let found = find_bare_urls(&s);
    let in_link = parent
        .dyn_ref::<Element>()
        .is_some_and(|e| e.closest("a").ok().flatten().is_some());
    let Some(doc) = parent
        .owner_document()
        .filter(|_| !found.is_empty() && !in_link)
    else {
        return;
    };
    let mut at = 0;
    for r in found {
        let address = &s[r.clone()];
        let href = if address.len() > 4 && address[..4].eq_ignore_ascii_case("www.") {
            format!("http://{address}")
        } else {
            address.to_owned()
        };
        if !url_is_safe(&href) {
            continue;
        }
        let _ = parent.insert_before(&doc.create_text_node(&s[at..r.start]), Some(text));
        if let Ok(a) = doc.create_element("a") {
            let _ = a.set_attribute("href", &href);
            let _ = a.set_attribute("rel", "nofollow ugc noopener noreferrer");
            a.set_text_content(Some(address));
            let _ = parent.insert_before(&a, Some(text));
        }
        at = r.end;
    }
    text.set_text_content(Some(&s[at..]));
}

fn clean_attributes(el: &Element, tag: &str, list: Allowlist, host: &str) {
    // Most elements of a text have no attributes: one call says so.
    let names = if el.has_attributes() {
        el.get_attribute_names()
    } else {
        js_sys::Array::new()
    };
    for name in names.iter().filter_map(|n| n.as_string()) {
        let lower = name.to_ascii_lowercase();
        let value = el.get_attribute(&name).unwrap_or_default();
        let keep = list.attribute(tag, &lower)
            && (!Allowlist::is_url_attribute(&lower) || url_is_safe(&value))
            && (!matches!(lower.as_str(), "id" | "class") || token_is_safe(&value));
        if !keep {
            let _ = el.remove_attribute(&name);
        }
    }
    let href = (tag == "a").then(|| el.get_attribute("href")).flatten();
    if href.as_deref().is_some_and(|h| h.starts_with('#')) {
        // With `<base href>` in the document, `#x` would point at the site
        // root; anchors within the article must stay on the article.
        let path = leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_default();
        let _ = el.set_attribute(
            "href",
            &format!("{path}{}", href.as_deref().unwrap_or_default()),
        );
    } else if href.is_some_and(|h| is_external(&h, host)) {
        let rel = match list {
            Allowlist::Article => "noopener noreferrer",
            Allowlist::Comment => "nofollow ugc noopener noreferrer",
        };
        let _ = el.set_attribute("rel", rel);
    }
    if tag == "pre" {
        // Code blocks scroll sideways; keyboard users must be able to reach
        // and scroll them (WCAG 2.1.1).
        let _ = el.set_attribute("tabindex", "0");
    }
    if tag == "img" {
        // Body images are below the heading: let the browser defer them.
        if !el.has_attribute("loading") {
            let _ = el.set_attribute("loading", "lazy");
        }
        let _ = el.set_attribute("decoding", "async");
    }
}
