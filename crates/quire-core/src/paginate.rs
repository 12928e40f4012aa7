//! Fixed-size listing pages. Each page is its own file, so page 1 of a site
//! with 100,000 articles costs the same as page 1 of a site with ten.

use std::cmp::Ordering;

use crate::model::Summary;
use crate::route::PageNo;

/// How many pages `total_items` fill; an empty listing still has page 1.
pub fn page_count(total_items: usize, page_size: u32) -> u32 {
    let size = page_size.max(1) as usize;
    total_items.div_ceil(size).max(1) as u32
}

/// Splits `items` into pages of `page_size`, always yielding at least one
/// (possibly empty) page.
pub fn shard<T>(items: &[T], page_size: u32) -> Vec<(PageNo, &[T])> {
    let size = page_size.max(1) as usize;
    if items.is_empty() {
        return vec![(PageNo::FIRST, items)];
    }
    items
        .chunks(size)
        .enumerate()
        .filter_map(|(i, chunk)| Some((PageNo::new(i as u32 + 1)?, chunk)))
        .collect()
}

/// Newest first; ties broken by slug so that builds are deterministic.
pub fn newest_first(a: &Summary, b: &Summary) -> Ordering {
    b.date
        .unix_seconds()
        .cmp(&a.date.unix_seconds())
        .then_with(|| a.slug.cmp(&b.slug))
}

/// Orders the home listing: sticky posts first, then everything newest first.
pub fn home_order(items: &mut [Summary]) {
    items.sort_by(home_first);
}

/// The home listing's order (see [`home_order`]) as a comparison.
pub fn home_first(a: &Summary, b: &Summary) -> Ordering {
    b.sticky.cmp(&a.sticky).then_with(|| newest_first(a, b))
}

/// One entry of a page navigation: a page link or a gap ("…").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLink {
    Page(u32),
    Gap,
}

/// The page numbers to offer: first, last, and two either side of the
/// current one, with gaps between (`1 … 4 5 [6] 7 8 … 20`).
pub fn page_links(current: u32, total: u32) -> Vec<PageLink> {
    let mut out = Vec::new();
    let mut last = 0;
    for n in 1..=total {
        let near = n + 2 >= current && n <= current + 2;
        if n == 1 || n == total || near {
            if n > last + 1 {
                out.push(PageLink::Gap);
            }
            out.push(PageLink::Page(n));
            last = n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pages() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(page_count(100_000, 20), 5_000);
        assert_eq!(page_count(5, 0), 5, "a zero page size is treated as 1");
    }

    #[test]
    fn shards_evenly_with_a_short_last_page() {
        let items: Vec<u32> = (1..=45).collect();
        let pages = shard(&items, 20);
        let sizes: Vec<(u32, usize)> = pages.iter().map(|(p, c)| (p.get(), c.len())).collect();
        assert_eq!(sizes, [(1, 20), (2, 20), (3, 5)]);
        assert_eq!(pages[2].1[0], 41);
        let empty: [u32; 0] = [];
        assert_eq!(shard(&empty, 20).len(), 1);
    }

    #[test]
    fn page_links_elide_the_middle() {
        use PageLink::*;
        assert_eq!(page_links(1, 1), [Page(1)]);
        assert_eq!(page_links(2, 4), [Page(1), Page(2), Page(3), Page(4)]);
        assert_eq!(
            page_links(6, 20),
            [
                Page(1),
                Gap,
                Page(4),
                Page(5),
                Page(6),
                Page(7),
                Page(8),
                Gap,
                Page(20)
            ]
        );
        assert_eq!(
            page_links(1, 5000),
            [Page(1), Page(2), Page(3), Gap, Page(5000)]
        );
    }
}
