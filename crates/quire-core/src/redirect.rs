//! Old addresses of an imported site (`data/redirects.json`): WordPress's
//! `?p=ID`, `?page_id=ID` and `?attachment_id=ID` links and nested page
//! paths (`/about/team/`) mapped to where the content lives now. The CLI
//! writes and checks the map; the app looks addresses up in it before it
//! says "not found".
//!
//! The file is one JSON object. Keys are `?p=123`-style queries or old
//! paths from the site root (`/level-1/level-2/`); values are site paths
//! relative to the base (`2010/10/05/slug/`, `about/`) or absolute
//! `http(s)` URLs (media still on the old host).

use crate::json::{parse_value, Value};
use crate::route::percent_decode;

/// `data/redirects.json`.
pub fn file() -> String {
    format!("{}/redirects.json", crate::paths::DATA_DIR)
}

/// The query keys of WordPress's id links.
const ID_KEYS: [&str; 3] = ["p", "page_id", "attachment_id"];

/// The map's key for an address: `?p=123` when the query (with or without
/// its `?`) carries an id link, else the path with a leading and trailing
/// slash (`/level-1/level-2/`). `None` for the home page without a query.
pub fn key(path: &str, query: &str) -> Option<String> {
    let query = query.trim_start_matches('?');
    for kv in query.split('&') {
        if let Some((k, v)) = kv.split_once('=') {
            if ID_KEYS.contains(&k) && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
                return Some(format!("?{k}={v}"));
            }
        }
    }
    let path = percent_decode(path);
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let last = trimmed.rsplit('/').next().unwrap_or_default();
    Some(if last.contains('.') {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    })
}

/// Where `path` (relative to the site base) with `query` now lives, per
/// the map's JSON text. `None`: no entry, or the file is not a map.
pub fn lookup(map_json: &str, path: &str, query: &str) -> Option<String> {
    let key = key(path, query)?;
    let Ok(Value::Object(members)) = parse_value(map_json) else {
        return None;
    };
    members.into_iter().find_map(|(k, v)| match v {
        Value::String(to) if k == key && is_target(&to) => Some(to),
        _ => None,
    })
}

/// Whether `to` may be a redirect target: a site path relative to the base
/// (no leading `/`, no `..`, no scheme) or an absolute http(s) URL.
pub fn is_target(to: &str) -> bool {
    if to.starts_with("https://") || to.starts_with("http://") {
        return !to.contains(char::is_whitespace);
    }
    !to.starts_with('/')
        && !to.contains("//")
        && !to.contains(':')
        && !to.split('/').any(|s| s == "..")
        && !to.contains(char::is_whitespace)
}

/// Whether `from` is a valid key (see [`key`]).
pub fn is_key(from: &str) -> bool {
    match from.strip_prefix('?') {
        Some(q) => key("/", q).as_deref() == Some(from),
        None => from.starts_with('/') && from.len() > 1 && !from.contains(['?', '#']),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = r#"{"?p=358": "2010/10/05/post-format-standard/", "?page_id=2": "about/",
        "/level-1/level-2/": "level-2/", "?attachment_id=9": "https://example.files.wordpress.com/a.jpg",
        "/bad/": "/etc/passwd", "/evil/": "javascript:alert(1)"}"#;

    #[test]
    fn id_links_and_old_paths_are_found() {
        assert_eq!(
            lookup(MAP, "/", "?p=358").as_deref(),
            Some("2010/10/05/post-format-standard/")
        );
        assert_eq!(
            lookup(MAP, "", "page_id=2&foo=bar").as_deref(),
            Some("about/")
        );
        assert_eq!(
            lookup(MAP, "level-1/level-2", "").as_deref(),
            Some("level-2/")
        );
        let greek = r#"{"/greek/επίπεδο-2/": "επίπεδο-2/"}"#;
        assert_eq!(
            lookup(
                greek,
                "/greek/%CE%B5%CF%80%CE%AF%CF%80%CE%B5%CE%B4%CE%BF-2/",
                ""
            )
            .as_deref(),
            Some("επίπεδο-2/")
        );
        assert_eq!(
            lookup(MAP, "/level-1/level-2/", "?utm=x").as_deref(),
            Some("level-2/")
        );
        assert_eq!(
            lookup(MAP, "/", "?attachment_id=9").as_deref(),
            Some("https://example.files.wordpress.com/a.jpg")
        );
    }

    #[test]
    fn unknown_addresses_and_bad_targets_are_not_followed() {
        assert_eq!(lookup(MAP, "/", ""), None);
        assert_eq!(lookup(MAP, "/", "?p=1"), None);
        assert_eq!(lookup(MAP, "/", "?p=abc"), None);
        assert_eq!(lookup(MAP, "/bad/", ""), None);
        assert_eq!(lookup(MAP, "/evil/", ""), None);
        assert_eq!(lookup("not json", "/level-1/level-2/", ""), None);
        assert_eq!(lookup("[]", "/", "?p=358"), None);
    }

    #[test]
    fn keys_are_checked() {
        assert!(is_key("?p=1"));
        assert!(is_key("?page_id=22"));
        assert!(is_key("/a/b/"));
        assert!(!is_key("?q=1"));
        assert!(!is_key("?p=x"));
        assert!(!is_key("/"));
        assert!(!is_key("a/b/"));
        assert!(is_target("about/"));
        assert!(!is_target("//evil.example/"));
    }
}
