//! Where each content file lives, relative to the site's base path. The CLI
//! writes these paths and the app fetches them; both call these functions.

use crate::route::{ListingKind, ListingRef};

/// The folder, under the site root, that holds every content file.
pub const DATA_DIR: &str = "data";

/// `data/site.json`.
pub fn site() -> String {
    format!("{DATA_DIR}/site.json")
}

/// `data/index/1.json`, `data/tag/rust/2.json`, `data/archive/2026/03/1.json`.
pub fn listing(l: &ListingRef) -> String {
    let page = l.page.get();
    match l.kind {
        ListingKind::Home => format!("{DATA_DIR}/index/{page}.json"),
        kind => format!("{DATA_DIR}/{}/{}/{page}.json", kind.segment(), l.key),
    }
}

/// `data/articles/<slug>.json`.
pub fn article(slug: &str) -> String {
    format!("{DATA_DIR}/articles/{slug}.json")
}

/// `data/pages/<slug>.json`.
pub fn page(slug: &str) -> String {
    format!("{DATA_DIR}/pages/{slug}.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::{PageNo, Route};

    #[test]
    fn every_listing_has_its_own_file() {
        let file = |path: &str| match Route::parse(path) {
            Route::Listing(l) => listing(&l),
            other => panic!("{other:?}"),
        };
        assert_eq!(file("/"), "data/index/1.json");
        assert_eq!(file("/page/7/"), "data/index/7.json");
        assert_eq!(file("/tag/rust/page/2/"), "data/tag/rust/2.json");
        assert_eq!(file("/category/news/"), "data/category/news/1.json");
        assert_eq!(file("/author/ana/"), "data/author/ana/1.json");
        assert_eq!(file("/2026/"), "data/archive/2026/1.json");
        assert_eq!(file("/2026/03/page/3/"), "data/archive/2026/03/3.json");
        assert_eq!(article("x"), "data/articles/x.json");
        assert_eq!(page("about"), "data/pages/about.json");
        assert_eq!(PageNo::new(0), None);
    }
}
