//! Turning a flat list of comments into the nested threads a reader sees.
//!
//! Rules (as in WordPress): only approved comments are shown; replies nest up
//! to the configured depth; a reply deeper than that is shown at the last
//! level, right after the comment it answers, marked "in reply to <name>", and
//! is never dropped. A reply whose parent is hidden or missing becomes a
//! top-level comment. Replies within a thread are always oldest first; the
//! configured order applies to top-level comments only.

use std::collections::{HashMap, HashSet};

use crate::model::{Comment, CommentOrder, CommentStatus};

/// One comment in its place in a thread.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadNode {
    pub comment: Comment,
    /// 1 for top-level comments.
    pub depth: u32,
    /// Set when the comment answers one shown at the same level (because the
    /// thread reached its maximum depth): the name of the author answered.
    pub in_reply_to: Option<String>,
    pub children: Vec<ThreadNode>,
}

impl ThreadNode {
    /// This comment and every reply below it.
    pub fn len(&self) -> usize {
        1 + self.children.iter().map(ThreadNode::len).sum::<usize>()
    }

    /// Always false: a node holds at least its own comment.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Builds the threads of the approved comments, top-level first in `order`.
pub fn build_threads(comments: &[Comment], max_depth: u32, order: CommentOrder) -> Vec<ThreadNode> {
    let visible: Vec<&Comment> = comments
        .iter()
        .filter(|c| c.status == CommentStatus::Approved)
        .collect();
    let ids: HashSet<u64> = visible.iter().map(|c| c.id).collect();
    let mut children: HashMap<u64, Vec<&Comment>> = HashMap::new();
    let mut roots = Vec::new();
    for c in &visible {
        match c
            .parent
            .filter(|p| *p != 0 && *p != c.id && ids.contains(p))
        {
            Some(p) => children.entry(p).or_default().push(c),
            None => roots.push(*c),
        }
    }
    let chronological = |a: &&Comment, b: &&Comment| {
        a.date
            .unix_seconds()
            .cmp(&b.date.unix_seconds())
            .then(a.id.cmp(&b.id))
    };
    for list in children.values_mut() {
        list.sort_unstable_by(chronological);
    }
    roots.sort_unstable_by(chronological);
    if order == CommentOrder::NewestFirst {
        roots.reverse();
    }
    let mut builder = Builder {
        children: &children,
        max_depth: max_depth.max(1),
        placed: HashSet::new(),
    };
    let mut out = Vec::new();
    for root in roots {
        builder.place(root, 1, None, &mut out);
    }
    // Comments caught in a parent cycle (hand-edited data) reach no root;
    // show them at the top level rather than drop them.
    let mut stranded: Vec<&Comment> = visible
        .iter()
        .copied()
        .filter(|c| !builder.placed.contains(&c.id))
        .collect();
    stranded.sort_unstable_by(chronological);
    for c in stranded {
        builder.place(c, 1, None, &mut out);
    }
    out
}

struct Builder<'a> {
    children: &'a HashMap<u64, Vec<&'a Comment>>,
    max_depth: u32,
    /// Guards against parent cycles in hand-edited data.
    placed: HashSet<u64>,
}

impl Builder<'_> {
    fn place(
        &mut self,
        c: &Comment,
        depth: u32,
        in_reply_to: Option<String>,
        out: &mut Vec<ThreadNode>,
    ) {
        if !self.placed.insert(c.id) {
            return;
        }
        let mut node = ThreadNode {
            comment: c.clone(),
            depth,
            in_reply_to,
            children: Vec::new(),
        };
        let replies = self.children.get(&c.id).cloned().unwrap_or_default();
        if depth < self.max_depth {
            for r in replies {
                self.place(r, depth + 1, None, &mut node.children);
            }
            out.push(node);
        } else {
            out.push(node);
            for r in replies {
                self.place(r, depth, Some(c.author_name.clone()), out);
            }
        }
    }
}

/// Which comment page a thread view shows: top-level threads (each with all
/// its replies) are paged at `per_page`, as WordPress pages comments.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentPage<'a> {
    /// 1-based.
    pub page: u32,
    pub total_pages: u32,
    pub threads: &'a [ThreadNode],
}

/// Page `page` of `threads` (clamped to the pages there are).
pub fn comment_page(threads: &[ThreadNode], per_page: u32, page: u32) -> CommentPage<'_> {
    let per_page = per_page.max(1) as usize;
    let total_pages = threads.len().div_ceil(per_page).max(1) as u32;
    let page = page.clamp(1, total_pages);
    let start = (page as usize - 1) * per_page;
    let end = (start + per_page).min(threads.len());
    CommentPage {
        page,
        total_pages,
        threads: &threads[start.min(end)..end],
    }
}

/// The comment page holding comment `id` (for a `#comment-ID` link), if
/// the comment is shown at all.
pub fn page_of(threads: &[ThreadNode], per_page: u32, id: u64) -> Option<u32> {
    fn holds(node: &ThreadNode, id: u64) -> bool {
        node.comment.id == id || node.children.iter().any(|c| holds(c, id))
    }
    let per_page = per_page.max(1) as usize;
    let index = threads.iter().position(|t| holds(t, id))?;
    Some((index / per_page) as u32 + 1)
}

/// How many comments the threads show in total.
pub fn shown_count(threads: &[ThreadNode]) -> usize {
    threads.iter().map(ThreadNode::len).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::DateTime;

    fn c(id: u64, parent: Option<u64>, minute: u32) -> Comment {
        Comment {
            id,
            parent,
            author_name: format!("author{id}"),
            author_url: None,
            date: DateTime::parse(&format!("2026-01-01T10:{minute:02}:00Z")).unwrap(),
            text: format!("comment {id}"),
            status: CommentStatus::Approved,
        }
    }

    fn shape(nodes: &[ThreadNode]) -> String {
        nodes
            .iter()
            .map(|n| {
                let mut s = n.comment.id.to_string();
                if let Some(r) = &n.in_reply_to {
                    s.push_str(&format!("^{r}"));
                }
                if !n.children.is_empty() {
                    s.push_str(&format!("({})", shape(&n.children)));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn nests_replies_under_their_parents() {
        let comments = [
            c(1, None, 1),
            c(2, Some(1), 2),
            c(3, None, 3),
            c(4, Some(2), 4),
            c(5, Some(1), 5),
        ];
        let t = build_threads(&comments, 5, CommentOrder::OldestFirst);
        assert_eq!(shape(&t), "1(2(4) 5) 3");
        assert_eq!(t[0].children[0].children[0].depth, 3);
        let t = build_threads(&comments, 5, CommentOrder::NewestFirst);
        assert_eq!(shape(&t), "3 1(2(4) 5)", "replies stay chronological");
    }

    #[test]
    fn replies_past_the_depth_limit_stay_at_the_last_level() {
        // A chain 1 <- 2 <- 3 <- 4 <- 5, ten deep in the WordPress test data.
        let comments: Vec<Comment> = (1..=5)
            .map(|i| c(i, (i > 1).then(|| i - 1), i as u32))
            .collect();
        let t = build_threads(&comments, 3, CommentOrder::OldestFirst);
        assert_eq!(shape(&t), "1(2(3 4^author3 5^author4))");
        assert_eq!(shown_count(&t), 5, "nothing is dropped");
        let flat = build_threads(&comments, 1, CommentOrder::OldestFirst);
        assert_eq!(shape(&flat), "1 2^author1 3^author2 4^author3 5^author4");
    }

    #[test]
    fn hides_unapproved_and_keeps_orphans() {
        let mut pending = c(2, Some(1), 2);
        pending.status = CommentStatus::Pending;
        let mut spam = c(6, None, 6);
        spam.status = CommentStatus::Spam;
        let comments = [
            c(1, None, 1),
            pending,
            c(3, Some(2), 3),
            c(4, Some(99), 4),
            spam,
            c(7, Some(0), 7),
        ];
        let t = build_threads(&comments, 5, CommentOrder::OldestFirst);
        assert_eq!(shape(&t), "1 3 4 7");
    }

    #[test]
    fn top_level_threads_are_paged_with_their_replies() {
        // 120 top-level comments, the 51st with a reply.
        let mut comments: Vec<Comment> = (1..=120).map(|i| c(i, None, (i % 60) as u32)).collect();
        comments.push(c(500, Some(51), 59));
        let threads: Vec<ThreadNode> = (1..=120)
            .map(|i| ThreadNode {
                comment: comments[i - 1].clone(),
                depth: 1,
                in_reply_to: None,
                children: if i == 51 {
                    vec![ThreadNode {
                        comment: comments[120].clone(),
                        depth: 2,
                        in_reply_to: None,
                        children: vec![],
                    }]
                } else {
                    vec![]
                },
            })
            .collect();
        let first = comment_page(&threads, 50, 1);
        assert_eq!(
            (first.page, first.total_pages, first.threads.len()),
            (1, 3, 50)
        );
        let last = comment_page(&threads, 50, 3);
        assert_eq!(last.threads.len(), 20);
        assert_eq!(last.threads[0].comment.id, 101);
        assert_eq!(comment_page(&threads, 50, 99).page, 3, "clamped");
        assert_eq!(comment_page(&threads, 50, 0).page, 1, "clamped");
        assert_eq!(
            page_of(&threads, 50, 500),
            Some(2),
            "a reply is on its thread's page"
        );
        assert_eq!(page_of(&threads, 50, 120), Some(3));
        assert_eq!(page_of(&threads, 50, 9999), None);
        let none = comment_page(&[], 50, 1);
        assert_eq!((none.page, none.total_pages, none.threads.len()), (1, 1, 0));
    }

    #[test]
    fn survives_parent_cycles() {
        // Hand-edited data with 1 -> 2 -> 1 must neither loop nor vanish.
        let comments = [c(1, Some(2), 1), c(2, Some(1), 2), c(3, None, 3)];
        let t = build_threads(&comments, 5, CommentOrder::OldestFirst);
        assert_eq!(shape(&t), "3 1(2)");
    }
}
