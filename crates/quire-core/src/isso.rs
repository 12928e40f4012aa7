//! Isso, the self-hosted comment server Quire posts to: its answers read
//! into Quire's [`Comment`]s, merged with the article's own comments without
//! duplicates, the body of a new comment, and how to tell that a queued
//! comment already arrived (so the outbox never sends it twice).
//!
//! Isso's ids are its own, and would collide with the ids of comments in
//! the article file (imported from WordPress, say), so they are moved into
//! a range of their own, [`ISSO_ID_BASE`] and up; [`comment_anchor`] gives
//! each its permalink anchor, `#comment-12` or Isso's own `#isso-5`.

use crate::date::DateTime;
use crate::form::CommentInput;
use crate::json::{from_value, parse_value, push_json_string, Cx, FromJson, Obj, Value};
use crate::model::{Comment, CommentStatus};
use crate::text::plain_text;

/// Quire id of Isso's comment 1 (article files use ids below it).
pub const ISSO_ID_BASE: u64 = 1_000_000_000_000;

/// How far apart two copies of one comment may be dated (an import into
/// Isso keeps the original time; this covers rounding and clock skew).
const SAME_TIME_MS: u64 = 5 * 60 * 1000;

/// The permalink anchor of a comment: `comment-12`, or `isso-5` for Isso's.
pub fn comment_anchor(id: u64) -> String {
    match id.checked_sub(ISSO_ID_BASE) {
        Some(isso) if isso > 0 => format!("isso-{isso}"),
        _ => format!("comment-{id}"),
    }
}

/// One comment as Isso sends it (`GET /?uri=`, `POST /new`).
#[derive(Debug, Clone, Default, PartialEq)]
struct IssoComment {
    id: u64,
    parent: Option<u64>,
    /// HTML rendered by Isso from the commenter's Markdown.
    text: String,
    author: Option<String>,
    website: Option<String>,
    /// Milliseconds since the epoch (Isso sends fractional seconds).
    created_ms: u64,
    /// 1 accepted, 2 waiting for moderation, 4 deleted (kept for its replies).
    mode: u32,
    replies: Vec<IssoComment>,
}

/// Isso's `created`: seconds since the epoch as a JSON number, possibly
/// with a fraction or an exponent; read exactly, without floats.
fn seconds_to_ms(number: &str) -> Option<u64> {
    let (mantissa, exp) = match number.find(['e', 'E']) {
        Some(i) => (&number[..i], number[i + 1..].parse::<i32>().ok()?),
        None => (number, 0),
    };
    let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{frac}");
    let mut value: u128 = digits.parse().ok()?;
    // value × 10^(exp + 3 − frac digits) milliseconds.
    let shift = exp + 3 - frac.len() as i32;
    for _ in 0..shift.max(0) {
        value = value.checked_mul(10)?;
    }
    for _ in 0..(-shift).max(0) {
        value /= 10;
    }
    u64::try_from(value).ok()
}

impl FromJson for IssoComment {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        let created_ms = match o.opt::<Value>("created", cx) {
            Some(Value::Number(n)) => seconds_to_ms(&n).unwrap_or_else(|| {
                cx.fail("created is out of range");
                0
            }),
            _ => {
                cx.fail("missing field `created`");
                0
            }
        };
        IssoComment {
            id: o.req("id", cx),
            parent: o.opt("parent", cx),
            text: o.or("text", cx, String::new()),
            author: o.opt("author", cx),
            website: o.opt("website", cx),
            created_ms,
            mode: o.or("mode", cx, 1),
            replies: o.or("replies", cx, Vec::new()),
        }
    }
}

impl IssoComment {
    fn into_comment(self) -> Option<Comment> {
        let status = match self.mode {
            1 => CommentStatus::Approved,
            2 => CommentStatus::Pending,
            _ => CommentStatus::Trash,
        };
        Some(Comment {
            id: ISSO_ID_BASE + self.id,
            parent: self.parent.map(|p| ISSO_ID_BASE + p),
            author_name: self
                .author
                .filter(|a| !a.trim().is_empty())
                .unwrap_or_else(|| "Anonymous".to_owned()),
            author_url: self.website.filter(|w| !w.trim().is_empty()),
            date: DateTime::from_unix_seconds((self.created_ms / 1000) as i64)?,
            text: self.text,
            status,
        })
    }
}

/// Why an answer from Isso could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the comment server sent an answer Quire cannot read: {0}")]
pub struct IssoError(pub String);

fn read<T: FromJson>(text: &str) -> Result<T, IssoError> {
    let value = parse_value(text).map_err(|e| IssoError(e.reason.to_owned()))?;
    from_value(value).map_err(|e| IssoError(format!("{}: {}", e.path, e.reason)))
}

#[derive(Debug, Default)]
struct IssoThread {
    replies: Vec<IssoComment>,
}

impl FromJson for IssoThread {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        IssoThread {
            replies: o.or("replies", cx, Vec::new()),
        }
    }
}

/// The comments of a thread (`GET /?uri=…&nested_limit=…`), flattened; a
/// deleted comment that still has replies is kept, hidden, so the replies
/// stay in place.
pub fn parse_thread(text: &str) -> Result<Vec<Comment>, IssoError> {
    fn flatten(list: Vec<IssoComment>, out: &mut Vec<Comment>) {
        for mut c in list {
            let replies = std::mem::take(&mut c.replies);
            out.extend(c.into_comment());
            flatten(replies, out);
        }
    }
    let thread: IssoThread = read(text)?;
    let mut out = Vec::new();
    flatten(thread.replies, &mut out);
    Ok(out)
}

/// The comment Isso created (`POST /new`: 201 accepted, 202 pending).
pub fn parse_posted(text: &str) -> Result<Comment, IssoError> {
    read::<IssoComment>(text)?
        .into_comment()
        .ok_or_else(|| IssoError("the comment's date is out of range".to_owned()))
}

/// The JSON body of `POST /new?uri=…`. `title` lets Isso create the thread
/// without fetching the page (which, for a single-page app, holds no
/// article). `parent` is a Quire id; only Isso's own comments can be
/// replied to on the server.
pub fn new_comment_body(input: &CommentInput, parent: Option<u64>, title: &str) -> String {
    let mut out = String::from("{\"text\":");
    push_json_string(&mut out, input.comment.trim());
    for (key, value) in [
        ("author", input.name.trim()),
        ("email", input.email.trim()),
        ("website", input.website.trim()),
        ("title", title),
    ] {
        out.push_str(",\"");
        out.push_str(key);
        out.push_str("\":");
        if value.is_empty() {
            out.push_str("null");
        } else {
            push_json_string(&mut out, value);
        }
    }
    out.push_str(",\"parent\":");
    match parent
        .and_then(|p| p.checked_sub(ISSO_ID_BASE))
        .filter(|p| *p > 0)
    {
        Some(p) => out.push_str(&p.to_string()),
        None => out.push_str("null"),
    }
    out.push('}');
    out
}

/// The letters and digits of a comment's text, lowercased, with tags and
/// the usual entities removed: equal for the Markdown a reader typed and
/// the HTML a server rendered from it, or for one comment in two systems.
pub fn fingerprint(text: &str) -> String {
    // ASCII case folding only, and non-ASCII characters kept unless they are
    // spaces or punctuation (Latin-1, General and CJK punctuation: smart
    // quotes, dashes, ellipses). The Unicode tables of `is_alphanumeric` and
    // `to_lowercase` would cost the app ~6 KB of wasm, and both copies of
    // one comment have the same case.
    plain_text(text)
        .chars()
        .filter(|&c| {
            c.is_ascii_alphanumeric()
                || (c > '\u{BF}'
                    && !('\u{2000}'..='\u{206F}').contains(&c)
                    && !('\u{3000}'..='\u{303F}').contains(&c))
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn same_author(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn near(a: &DateTime, b: &DateTime) -> bool {
    (a.unix_seconds() - b.unix_seconds()).unsigned_abs() * 1000 <= SAME_TIME_MS
}

/// The article's own comments plus the server's, without the server's
/// copies of comments the article already has (a site that imported its
/// WordPress comments into Isso too).
pub fn merge(own: &[Comment], server: Vec<Comment>) -> Vec<Comment> {
    let mut out = own.to_vec();
    for c in server {
        let print = fingerprint(&c.text);
        let duplicate = own.iter().any(|o| {
            same_author(&o.author_name, &c.author_name)
                && near(&o.date, &c.date)
                && fingerprint(&o.text) == print
        });
        if !duplicate {
            out.push(c);
        }
    }
    out
}

/// Whether a comment queued at `queued_ms` already reached the server (its
/// answer may have been lost): the id of the server's matching comment.
/// The outbox checks this before every send, so a comment arrives once.
pub fn find_delivered(input: &CommentInput, queued_ms: u64, server: &[Comment]) -> Option<u64> {
    let print = fingerprint(&input.comment);
    let since = queued_ms.saturating_sub(SAME_TIME_MS) / 1000;
    server
        .iter()
        .find(|c| {
            c.date.unix_seconds() >= since as i64
                && same_author(&c.author_name, &input.name)
                && fingerprint(&c.text) == print
        })
        .map(|c| c.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Shaped like Isso 0.14's answer to `GET /?uri=/2026/03/14/slow-news/&nested_limit=5`.
    const THREAD: &str = r#"{
        "id": null, "total_replies": 3, "hidden_replies": 0,
        "replies": [
            {"id": 1, "parent": null, "created": 1773473400.732863, "modified": null, "mode": 1,
             "text": "<p>Hello, <em>World</em>!</p>", "author": "Ana", "website": "https://ana.example",
             "hash": "1cb6cc0309a2", "likes": 0, "dislikes": 0, "total_replies": 2, "hidden_replies": 0,
             "replies": [
                {"id": 2, "parent": 1, "created": 1.7734734e9, "mode": 1, "text": "<p>Hi</p>",
                 "author": null, "website": null, "hash": "x", "likes": 0, "dislikes": 0},
                {"id": 3, "parent": 1, "created": 1773473500, "mode": 4, "text": "", "author": null,
                 "website": "", "hash": "x", "likes": 0, "dislikes": 0}
             ]}
        ]
    }"#;

    #[test]
    fn reads_a_thread_into_its_own_id_range() {
        let comments = parse_thread(THREAD).unwrap();
        assert_eq!(comments.len(), 3);
        let first = &comments[0];
        assert_eq!(first.id, ISSO_ID_BASE + 1);
        assert_eq!(first.parent, None);
        assert_eq!(first.author_name, "Ana");
        assert_eq!(first.author_url.as_deref(), Some("https://ana.example"));
        assert_eq!(first.date.to_string(), "2026-03-14T07:30:00Z");
        assert_eq!(first.status, CommentStatus::Approved);
        let reply = &comments[1];
        assert_eq!(reply.parent, Some(ISSO_ID_BASE + 1));
        assert_eq!(reply.author_name, "Anonymous");
        assert_eq!(reply.date.to_string(), "2026-03-14T07:30:00Z");
        assert_eq!(comments[2].status, CommentStatus::Trash);
        assert_eq!(comments[2].author_url, None);
    }

    #[test]
    fn fractional_and_exponent_seconds_are_read_exactly() {
        assert_eq!(seconds_to_ms("1464818460.732863"), Some(1_464_818_460_732));
        assert_eq!(seconds_to_ms("1464818460"), Some(1_464_818_460_000));
        assert_eq!(seconds_to_ms("1.5e9"), Some(1_500_000_000_000));
        assert_eq!(seconds_to_ms("-1"), None);
        assert_eq!(seconds_to_ms("1e400"), None);
    }

    #[test]
    fn damaged_answers_are_errors() {
        assert!(parse_thread("<html>").is_err());
        assert!(parse_thread(r#"{"replies": [{"id": "one", "created": 1}]}"#).is_err());
        assert!(parse_thread(r#"{"replies": [{"id": 1}]}"#).is_err());
        assert_eq!(parse_thread(r#"{"replies": []}"#), Ok(vec![]));
    }

    #[test]
    fn reads_what_a_real_isso_0_14_answers() {
        // Recorded from `isso 0.14.0` (scripts/isso.sh) for POST /new, with
        // moderation on: 202 Accepted.
        let posted = parse_posted(
            r#"{"id": 1, "parent": null, "created": 1795658344.5959072, "modified": null, "mode": 2, "text": "<p>Hello <strong>there</strong></p>", "author": "Bo", "website": null, "likes": 0, "dislikes": 0, "notification": null, "hash": "c551920d10bd"}"#,
        )
        .unwrap();
        assert_eq!(posted.status, CommentStatus::Pending);
        assert_eq!(posted.date.to_string(), "2026-11-26T01:59:04Z");
        // And GET /?uri=…&nested_limit=5 once it was approved.
        let thread = parse_thread(
            r#"{"id": null, "total_replies": 1, "hidden_replies": 0, "replies": [{"id": 1, "parent": null, "created": 1795658344.5959072, "modified": null, "mode": 1, "text": "<p>Hello <strong>there</strong></p>", "author": "Bo", "website": null, "likes": 0, "dislikes": 0, "notification": null, "hash": "c551920d10bd", "total_replies": 0, "hidden_replies": 0, "replies": []}], "config": {"reply-to-self": false, "require-email": true, "require-author": true, "reply-notifications": false, "gravatar": false, "feed": false}}"#,
        )
        .unwrap();
        assert_eq!(thread.len(), 1);
        assert_eq!(thread[0].status, CommentStatus::Approved);
        assert_eq!(thread[0].text, "<p>Hello <strong>there</strong></p>");
    }

    #[test]
    fn a_posted_comment_may_be_pending() {
        let posted = parse_posted(
            r#"{"id": 9, "parent": 1, "created": 1773473600.1, "mode": 2, "text": "<p>Mine</p>",
                "author": "Bo", "website": null, "hash": "h", "likes": 0, "dislikes": 0, "modified": null}"#,
        )
        .unwrap();
        assert_eq!(posted.status, CommentStatus::Pending);
        assert_eq!(posted.id, ISSO_ID_BASE + 9);
        assert_eq!(comment_anchor(posted.id), "isso-9");
        assert_eq!(comment_anchor(12), "comment-12");
    }

    #[test]
    fn the_new_comment_body_is_what_isso_accepts() {
        let input = CommentInput {
            comment: "  Hello \"there\"\n".into(),
            name: "Bo".into(),
            email: "bo@example.org".into(),
            website: "".into(),
        };
        assert_eq!(
            new_comment_body(&input, Some(ISSO_ID_BASE + 4), "Slow news"),
            r#"{"text":"Hello \"there\"","author":"Bo","email":"bo@example.org","website":null,"title":"Slow news","parent":4}"#
        );
        // A reply to a comment from the article file is posted top-level:
        // the server does not know that comment.
        assert!(new_comment_body(&input, Some(12), "T").ends_with(r#""parent":null}"#));
        let parsed = parse_value(&new_comment_body(&input, None, "T")).unwrap();
        assert!(matches!(parsed, Value::Object(_)));
    }

    fn comment(id: u64, author: &str, date: &str, text: &str) -> Comment {
        Comment {
            id,
            parent: None,
            author_name: author.into(),
            author_url: None,
            date: DateTime::parse(date).unwrap(),
            text: text.into(),
            status: CommentStatus::Approved,
        }
    }

    #[test]
    fn merging_drops_the_servers_copies_of_imported_comments() {
        let own = [comment(
            12,
            "Ana",
            "2026-03-14T09:30:00+02:00",
            "<p>Tea &amp; toast</p>",
        )];
        let server = vec![
            comment(
                ISSO_ID_BASE + 1,
                "ana ",
                "2026-03-14T07:31:00Z",
                "Tea & toast",
            ),
            comment(
                ISSO_ID_BASE + 2,
                "Ana",
                "2026-03-14T07:31:00Z",
                "Something else",
            ),
            comment(
                ISSO_ID_BASE + 3,
                "Ana",
                "2026-03-15T07:30:00Z",
                "Tea & toast",
            ),
        ];
        let ids: Vec<u64> = merge(&own, server).iter().map(|c| c.id).collect();
        assert_eq!(ids, [12, ISSO_ID_BASE + 2, ISSO_ID_BASE + 3]);
    }

    #[test]
    fn a_delivered_comment_is_recognised_before_resending() {
        let input = CommentInput {
            comment: "Hello *world*, it's me".into(),
            name: "Bo".into(),
            ..Default::default()
        };
        let queued = DateTime::parse("2026-03-14T07:30:00Z")
            .unwrap()
            .unix_seconds() as u64
            * 1000;
        let server = [
            comment(
                ISSO_ID_BASE + 1,
                "Bo",
                "2026-03-14T07:00:00Z",
                "<p>Hello <em>world</em>, it&#39;s me</p>",
            ),
            comment(
                ISSO_ID_BASE + 2,
                "Bo",
                "2026-03-14T07:31:00Z",
                "<p>Hello <em>world</em>, it&#39;s me</p>",
            ),
        ];
        // The older identical comment is an earlier one, not this one.
        assert_eq!(
            find_delivered(&input, queued, &server),
            Some(ISSO_ID_BASE + 2)
        );
        assert_eq!(find_delivered(&input, queued, &server[..1]), None);
    }
}
