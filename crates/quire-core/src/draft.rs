//! Comment drafts: what is kept, under which key, how long, and how two
//! copies of the same draft (two tabs, or a tab and storage) are reconciled.
//!
//! The app stores drafts in the browser (IndexedDB, which survives a crash;
//! see ARCHITECTURE.md); every rule about them lives here, so it is tested
//! natively. The stored form is versioned JSON, read back with the same
//! strict reader as content files.

use std::fmt::Write as _;

use crate::json::{push_member, read_versioned, Cx, FromJson, Obj, StoredError, Value};

/// Version of the stored draft format. Drafts of another version are not
/// read (they are reported as [`DraftError::Outdated`]).
pub const DRAFT_VERSION: u32 = 1;

/// Longest comment WordPress accepts, in characters; a draft never holds more.
pub const MAX_TEXT_CHARS: usize = 65_525;

/// Drafts kept per site; the least recently saved go first.
pub const MAX_DRAFTS: usize = 50;

/// A draft untouched for this long is dropped (90 days: "a week away" is
/// well inside it).
pub const EXPIRY_MS: u64 = 90 * 24 * 60 * 60 * 1000;

/// Prefix of every stored draft's key.
pub const DRAFT_PREFIX: &str = "quire:draft:v1:";

/// Which draft: one per site, article and comment replied to, so a reply
/// and a top-level comment on the same article never overwrite each other.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DraftKey {
    /// The site's origin and base path, e.g. `https://news.example.org/blog/`.
    pub site: String,
    /// The article's slug.
    pub article: String,
    /// The comment replied to; `None` for a top-level comment.
    pub parent: Option<u64>,
}

impl DraftKey {
    /// The key under which the draft is stored, e.g.
    /// `quire:draft:v1:0 my-article https://news.example.org/`. Slugs and
    /// URLs never contain spaces, so the parts split back unambiguously.
    pub fn storage_key(&self) -> String {
        format!(
            "{DRAFT_PREFIX}{} {} {}",
            self.parent.unwrap_or(0),
            self.article,
            self.site
        )
    }

    /// Writes the key's members (`site`, `article`, `parent`) into a stored
    /// JSON object: drafts and outbox entries carry their key the same way.
    pub(crate) fn push_members(&self, out: &mut String) {
        push_member(out, "site", &self.site);
        push_member(out, "article", &self.article);
        if let Some(p) = self.parent {
            let _ = write!(out, ",\"parent\":{p}");
        }
    }

    /// Reads the members [`DraftKey::push_members`] wrote.
    pub(crate) fn read_members(o: &mut Obj, cx: &mut Cx) -> DraftKey {
        DraftKey {
            site: o.req("site", cx),
            article: o.req("article", cx),
            parent: o.opt("parent", cx),
        }
    }

    /// The key back from [`DraftKey::storage_key`]; `None` for anything else.
    pub fn parse(stored: &str) -> Option<DraftKey> {
        let rest = stored.strip_prefix(DRAFT_PREFIX)?;
        let mut parts = rest.splitn(3, ' ');
        let parent: u64 = parts.next()?.parse().ok()?;
        let article = parts.next()?.to_owned();
        let site = parts.next()?.to_owned();
        (!article.is_empty() && !site.is_empty() && !site.contains(' ')).then_some(DraftKey {
            site,
            article,
            parent: (parent != 0).then_some(parent),
        })
    }
}

/// A comment being written, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub key: DraftKey,
    /// The comment text (at most [`MAX_TEXT_CHARS`]).
    pub text: String,
    /// Title of the article, for the drafts page.
    pub article_title: String,
    /// Where the article is (site path), for the drafts page's "Open".
    pub article_path: String,
    /// Name of the author of the comment replied to, if any.
    pub reply_to: Option<String>,
    /// When it was last saved, in milliseconds since the Unix epoch.
    pub saved_at: u64,
    /// Which tab saved it last, so a tab can tell its own saves from
    /// another tab's.
    pub writer: String,
}

/// Why stored draft data could not be used. The app shows a warning and
/// keeps what is in the text box; it never throws.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// Not a draft this version can read (damaged, or not ours).
    #[error("the saved draft is damaged: {0}")]
    Corrupt(String),
    /// Written by another version of Quire.
    #[error("the saved draft is from another version of Quire (format {0})")]
    Outdated(u64),
}

impl Draft {
    /// The stored form: versioned JSON.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\"v\":{DRAFT_VERSION}");
        self.key.push_members(&mut out);
        push_member(&mut out, "text", &self.text);
        push_member(&mut out, "article_title", &self.article_title);
        push_member(&mut out, "article_path", &self.article_path);
        if let Some(r) = &self.reply_to {
            push_member(&mut out, "reply_to", r);
        }
        let _ = write!(out, ",\"saved_at\":{}", self.saved_at);
        push_member(&mut out, "writer", &self.writer);
        out.push('}');
        out
    }

    /// Reads the stored form back, refusing other versions and damage.
    pub fn from_json(text: &str) -> Result<Draft, DraftError> {
        let draft: Draft = read_versioned(text, DRAFT_VERSION).map_err(|e| match e {
            StoredError::Damaged(reason) => DraftError::Corrupt(reason),
            StoredError::Version(Some(n)) => DraftError::Outdated(n),
            StoredError::Version(None) => DraftError::Corrupt("no version".to_owned()),
        })?;
        if draft.text.chars().count() > MAX_TEXT_CHARS {
            return Err(DraftError::Corrupt(
                "the text is longer than a comment may be".to_owned(),
            ));
        }
        Ok(draft)
    }

    /// Whether the draft has gone unsaved for longer than [`EXPIRY_MS`].
    pub fn is_expired(&self, now: u64) -> bool {
        now.saturating_sub(self.saved_at) > EXPIRY_MS
    }

    /// Whether there is anything worth keeping.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

impl FromJson for Draft {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Draft {
            key: DraftKey::read_members(&mut o, cx),
            text: o.req("text", cx),
            article_title: o.or("article_title", cx, String::new()),
            article_path: o.or("article_path", cx, String::new()),
            reply_to: o.opt("reply_to", cx),
            saved_at: o.req("saved_at", cx),
            writer: o.or("writer", cx, String::new()),
        }
    }
}

/// Cuts `text` to at most `max` characters, at a character boundary.
pub fn clamp_text(text: &str) -> &str {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Sorts `drafts` newest first and takes out the ones to delete: the
/// expired and blank ones, then the least recently saved beyond
/// [`MAX_DRAFTS`]. Returns the keys of those taken out.
pub fn keep_newest(drafts: &mut Vec<Draft>, now: u64) -> Vec<DraftKey> {
    // Insertion sort: a handful of drafts, and no sort machinery in the app.
    for i in 1..drafts.len() {
        let mut j = i;
        while j > 0 && drafts[j - 1].saved_at < drafts[j].saved_at {
            drafts.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut evict = Vec::new();
    let mut kept = 0;
    drafts.retain(|d| {
        let keep = !d.is_expired(now) && !d.is_blank() && kept < MAX_DRAFTS;
        if keep {
            kept += 1;
        } else {
            evict.push(d.key.clone());
        }
        keep
    });
    evict
}

/// What a text box holds for one draft, as far as reconciling goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    /// The text in the box now.
    pub text: String,
    /// Whether the reader typed since the box was last saved or synced.
    pub unsaved: bool,
}

/// What to do when another tab (or storage) has a different copy of the
/// draft being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sync {
    /// Nothing to do: our own save, or the same text.
    Ignore,
    /// Nothing typed here since the last save: show the other copy.
    Adopt(String),
    /// Both copies changed. Keep ours in the box and offer theirs, so that
    /// no text is lost without the reader choosing it.
    Conflict { theirs: String },
}

/// Reconciles the box of tab `me` with a copy saved elsewhere.
pub fn reconcile(editor: &Editor, incoming: &Draft, me: &str) -> Sync {
    if incoming.writer == me || incoming.text == editor.text {
        Sync::Ignore
    } else if !editor.unsaved {
        Sync::Adopt(incoming.text.clone())
    } else {
        Sync::Conflict {
            theirs: incoming.text.clone(),
        }
    }
}

/// A short excerpt for the drafts page: the first `max` characters, cut at a
/// word, whitespace folded.
pub fn excerpt(text: &str, max: usize) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        return folded;
    }
    let cut: String = folded.chars().take(max).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(parent: Option<u64>) -> DraftKey {
        DraftKey {
            site: "https://news.example.org/blog/".into(),
            article: "slow-news".into(),
            parent,
        }
    }

    fn draft(parent: Option<u64>, text: &str, saved_at: u64) -> Draft {
        Draft {
            key: key(parent),
            text: text.into(),
            article_title: "The case for \"slow\" news".into(),
            article_path: "/2026/03/14/slow-news/".into(),
            reply_to: parent.map(|_| "Ana".into()),
            saved_at,
            writer: "tab-a".into(),
        }
    }

    #[test]
    fn a_reply_and_a_top_level_comment_are_separate_drafts() {
        let top = key(None).storage_key();
        let reply = key(Some(7)).storage_key();
        assert_ne!(top, reply);
        assert_eq!(
            top,
            "quire:draft:v1:0 slow-news https://news.example.org/blog/"
        );
        assert_eq!(DraftKey::parse(&top), Some(key(None)));
        assert_eq!(DraftKey::parse(&reply), Some(key(Some(7))));
        let other_site = DraftKey {
            site: "https://other.example/".into(),
            ..key(None)
        };
        assert_ne!(other_site.storage_key(), top);
        for bad in [
            "",
            "quire:draft:v1:",
            "quire:draft:v2:0 a https://x/",
            "quire:draft:v1:x a https://x/",
            "quire:scroll:v1",
        ] {
            assert_eq!(DraftKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn drafts_round_trip_through_their_stored_form() {
        for d in [
            draft(
                None,
                "Hello \"world\"\n\tשלום 😀 \\ </script>",
                1_700_000_000_000,
            ),
            draft(Some(42), "", 0),
        ] {
            assert_eq!(Draft::from_json(&d.to_json()), Ok(d));
        }
    }

    #[test]
    fn damaged_or_foreign_data_is_refused_not_thrown() {
        let good = draft(None, "x", 1).to_json();
        assert!(matches!(Draft::from_json("{"), Err(DraftError::Corrupt(_))));
        assert!(matches!(
            Draft::from_json("null"),
            Err(DraftError::Corrupt(_))
        ));
        assert!(matches!(
            Draft::from_json(&good.replace("\"v\":1", "\"v\":2")),
            Err(DraftError::Outdated(2))
        ));
        assert!(matches!(
            Draft::from_json(&good.replace("\"v\":1,", "")),
            Err(DraftError::Corrupt(_))
        ));
        assert_eq!(
            Draft::from_json(&good.replace("\"saved_at\":1", "\"saved_at\":\"1\"")),
            Err(DraftError::Corrupt(
                "$.saved_at: expected a whole number, found a string".into()
            ))
        );
        let huge = draft(None, &"a".repeat(MAX_TEXT_CHARS + 1), 1).to_json();
        assert!(matches!(
            Draft::from_json(&huge),
            Err(DraftError::Corrupt(_))
        ));
    }

    #[test]
    fn text_is_clamped_to_the_wordpress_limit() {
        let long = "é".repeat(MAX_TEXT_CHARS + 10);
        assert_eq!(clamp_text(&long).chars().count(), MAX_TEXT_CHARS);
        assert_eq!(clamp_text("short"), "short");
    }

    #[test]
    fn expired_blank_and_surplus_drafts_are_evicted() {
        let now = EXPIRY_MS * 2;
        let week = 7 * 24 * 60 * 60 * 1000;
        let mut drafts = vec![
            draft(Some(1), "a week old", now - week),
            draft(Some(2), "too old", now - EXPIRY_MS - 1),
            draft(Some(3), "   ", now),
        ];
        assert!(!drafts[0].is_expired(now), "a week away restores the draft");
        let mut evicted = keep_newest(&mut drafts, now);
        evicted.sort();
        assert_eq!(evicted, [key(Some(2)), key(Some(3))]);
        assert_eq!(drafts.len(), 1);
        drafts.clear();
        // Saved in shuffled order; the two least recently saved go, and the
        // rest come back newest first.
        for i in (0..(MAX_DRAFTS as u64 + 2)).rev() {
            let at = now - 1000 * ((i * 7) % (MAX_DRAFTS as u64 + 2));
            drafts.push(draft(Some(100 + i), "text", at));
        }
        let evicted = keep_newest(&mut drafts, now);
        assert_eq!(evicted.len(), 2);
        assert_eq!(drafts.len(), MAX_DRAFTS);
        assert!(drafts.windows(2).all(|w| w[0].saved_at >= w[1].saved_at));
        let oldest_kept = drafts.last().map(|d| d.saved_at).unwrap();
        assert!(evicted.iter().all(|k| {
            let i = k.parent.unwrap() - 100;
            now - 1000 * ((i * 7) % (MAX_DRAFTS as u64 + 2)) <= oldest_kept
        }));
    }

    #[test]
    fn two_tabs_never_silently_lose_text() {
        let theirs = Draft {
            writer: "tab-b".into(),
            ..draft(None, "typed in tab B", 5)
        };
        let clean = Editor {
            text: "old".into(),
            unsaved: false,
        };
        assert_eq!(
            reconcile(&clean, &theirs, "tab-a"),
            Sync::Adopt("typed in tab B".into())
        );
        let typing = Editor {
            text: "typed in tab A".into(),
            unsaved: true,
        };
        assert_eq!(
            reconcile(&typing, &theirs, "tab-a"),
            Sync::Conflict {
                theirs: "typed in tab B".into()
            }
        );
        // Our own save echoed back, or an identical text: nothing to do.
        assert_eq!(reconcile(&typing, &theirs, "tab-b"), Sync::Ignore);
        let same = Editor {
            text: "typed in tab B".into(),
            unsaved: true,
        };
        assert_eq!(reconcile(&same, &theirs, "tab-a"), Sync::Ignore);
    }

    #[test]
    fn excerpts_fold_whitespace_and_cut_at_a_word() {
        assert_eq!(excerpt("  Hello\n\n  there  ", 40), "Hello there");
        assert_eq!(
            excerpt("The quick brown fox jumps over the lazy dog", 20),
            "The quick brown fox…"
        );
        assert_eq!(excerpt(&"x".repeat(30), 10), format!("{}…", "x".repeat(10)));
    }
}
