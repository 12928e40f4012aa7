//! Rendering untrusted HTML (article bodies, comments) safely.
//!
//! The browser's own `DOMParser` builds an inert document (no script runs,
//! nothing loads), then every node is checked against `quire-core`'s
//! allowlist: what is not listed is removed. Checking the browser's parse
//! rather than our own means we judge exactly what would be rendered.

use quire_core::sanitize::{is_external, token_is_safe, url_is_safe, Allowlist, ElementRule};
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
    let host = leptos::prelude::window()
        .location()
        .host()
        .unwrap_or_default();
    clean_children(&body, list, &host);
    body.inner_html()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn clean_children(parent: &Node, list: Allowlist, host: &str) {
    let mut child = parent.first_child();
    while let Some(node) = child {
        child = node.next_sibling();
        if node.node_type() == Node::TEXT_NODE {
            continue;
        }
        let Some(el) = node.dyn_ref::<Element>() else {
            // Comments, processing instructions, CDATA: never shown.
            let _ = parent.remove_child(&node);
            continue;
        };
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

fn clean_attributes(el: &Element, tag: &str, list: Allowlist, host: &str) {
    let names = el.get_attribute_names();
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
    let href = el.get_attribute("href");
    if tag == "a" && href.as_deref().is_some_and(|h| h.starts_with('#')) {
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
    } else if tag == "a" && href.is_some_and(|h| is_external(&h, host)) {
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
