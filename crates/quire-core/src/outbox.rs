//! What happens to a comment after "Post Comment": the identity the reader
//! asked to be remembered, the outbox of comments waiting for a connection,
//! what a server's answer means for the draft, and the reader's own comments
//! waiting for moderation.
//!
//! Stored forms are versioned JSON, read with the crate's strict reader, so
//! damaged or foreign data is refused with a typed error, never a panic.

use std::fmt::Write as _;

use crate::draft::DraftKey;
use crate::form::CommentInput;
use crate::isso::find_delivered;
use crate::json::{push_member, read_versioned, Cx, FromJson, Obj, StoredError, Value};
use crate::model::Comment;
use crate::text::plain_text;

/// Version of every stored form in this module.
pub const STORE_VERSION: u32 = 1;

/// Where the remembered identity is stored.
pub const IDENTITY_KEY: &str = "quire:identity:v1";

/// Prefix of every outbox entry's storage key.
pub const OUTBOX_PREFIX: &str = "quire:outbox:v1:";

/// Prefix of every stored comment awaiting moderation.
pub const AWAITING_PREFIX: &str = "quire:awaiting:v1:";

/// The outbox entry of a draft: one per draft, so pressing "Post Comment"
/// twice while offline queues the comment once.
pub fn outbox_key(draft: &DraftKey) -> String {
    format!("{OUTBOX_PREFIX}{}", draft.storage_key())
}

/// The stored copy of a comment awaiting moderation.
pub fn awaiting_key(id: u64) -> String {
    format!("{AWAITING_PREFIX}{id}")
}

/// Why stored data could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored comment data is damaged or from another version of Quire: {0}")]
pub struct StoreError(pub String);

fn read_stored<T: FromJson>(text: &str) -> Result<T, StoreError> {
    read_versioned(text, STORE_VERSION).map_err(|e| match e {
        StoredError::Damaged(reason) => StoreError(reason),
        StoredError::Version(_) => StoreError("unknown version".to_owned()),
    })
}

/// Name, email and website, kept in the browser only when the reader ticks
/// "Save my name, email, and website in this browser for the next time I
/// comment". Unticking it forgets them (the app deletes the stored copy).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
    pub website: String,
}

impl Identity {
    /// The identity part of what the reader typed.
    pub fn from_input(input: &CommentInput) -> Identity {
        Identity {
            name: input.name.trim().to_owned(),
            email: input.email.trim().to_owned(),
            website: input.website.trim().to_owned(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut out = format!("{{\"v\":{STORE_VERSION}");
        push_member(&mut out, "name", &self.name);
        push_member(&mut out, "email", &self.email);
        push_member(&mut out, "website", &self.website);
        out.push('}');
        out
    }

    pub fn from_json(text: &str) -> Result<Identity, StoreError> {
        read_stored(text)
    }
}

impl FromJson for Identity {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Identity {
            name: o.or("name", cx, String::new()),
            email: o.or("email", cx, String::new()),
            website: o.or("website", cx, String::new()),
        }
    }
}

/// A comment written while the server could not be reached, waiting to be
/// sent. Its draft is kept until the server confirms it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queued {
    /// The draft it was written as (also says which article and parent).
    pub key: DraftKey,
    pub input: CommentInput,
    /// The article's title, which Isso needs to create a thread.
    pub title: String,
    /// The article's path, the thread's `uri` on the server.
    pub uri: String,
    /// When "Post Comment" was pressed, in milliseconds since the epoch.
    pub queued_at: u64,
    /// A send reached a server that was up a moment before, and no answer
    /// came back: the comment may have arrived. A moderated server does not
    /// list it until approved, so it is not sent again without the reader
    /// saying so.
    pub unconfirmed: bool,
}

impl Queued {
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\"v\":{STORE_VERSION}");
        self.key.push_members(&mut out);
        push_member(&mut out, "comment", &self.input.comment);
        push_member(&mut out, "name", &self.input.name);
        push_member(&mut out, "email", &self.input.email);
        push_member(&mut out, "website", &self.input.website);
        push_member(&mut out, "title", &self.title);
        push_member(&mut out, "uri", &self.uri);
        let _ = write!(out, ",\"queued_at\":{}", self.queued_at);
        if self.unconfirmed {
            out.push_str(",\"unconfirmed\":true");
        }
        out.push('}');
        out
    }

    pub fn from_json(text: &str) -> Result<Queued, StoreError> {
        read_stored(text)
    }
}

impl FromJson for Queued {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        Queued {
            key: DraftKey::read_members(&mut o, cx),
            input: CommentInput {
                comment: o.req("comment", cx),
                name: o.req("name", cx),
                email: o.req("email", cx),
                website: o.or("website", cx, String::new()),
            },
            title: o.req("title", cx),
            uri: o.req("uri", cx),
            queued_at: o.req("queued_at", cx),
            unconfirmed: o.or("unconfirmed", cx, false),
        }
    }
}

/// What to do with a queued comment, given the server's current thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// It already arrived (an earlier answer was lost): drop it from the
    /// outbox, and its draft, without sending again.
    AlreadyDelivered(u64),
    /// Send it now.
    Send,
    /// An earlier send may have arrived unseen (see
    /// [`Queued::unconfirmed`]): ask the reader before sending again.
    AskReader,
}

/// Checked before every send, so a comment reaches the server once.
/// `confirmed_by_reader`: the reader asked to send an unconfirmed one again.
pub fn next_step(entry: &Queued, thread: &[Comment], confirmed_by_reader: bool) -> Step {
    match find_delivered(&entry.input, entry.queued_at, thread) {
        Some(id) => Step::AlreadyDelivered(id),
        None if entry.unconfirmed && !confirmed_by_reader => Step::AskReader,
        None => Step::Send,
    }
}

/// What an answer to "post this comment" means for the reader's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Published, or waiting for moderation: the draft can go.
    Accepted,
    /// No answer or a temporary failure: keep it in the outbox and retry
    /// when the browser is back online or on the next visit.
    Retry,
    /// The server refused it: keep the draft and show the server's reason.
    Rejected(String),
}

/// Classifies a response to `POST /new` (`status` 0: no response at all).
pub fn outcome(status: u16, body: &str) -> Outcome {
    match status {
        200..=299 => Outcome::Accepted,
        0 | 408 | 500..=599 => Outcome::Retry,
        _ => {
            let reason = reason_text(body);
            Outcome::Rejected(if reason.is_empty() || reason.len() > 300 {
                match status {
                    429 => {
                        "The comment server asks to wait a little before posting again.".to_owned()
                    }
                    403 => "The comment server refused this comment.".to_owned(),
                    _ => format!("The comment server refused this comment (HTTP {status})."),
                }
            } else {
                reason
            })
        }
    }
}

/// Text of a short HTML answer (`<p>edit time frame is still open</p>`),
/// whitespace folded; never rendered as HTML.
fn reason_text(html: &str) -> String {
    plain_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One of the reader's own comments that waits for moderation: shown to
/// them ("Your comment is awaiting moderation") until it is approved or
/// deleted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Awaiting {
    /// The comment as the server returned it (Quire id range).
    pub comment: Comment,
    /// The article's slug.
    pub article: String,
}

impl Awaiting {
    /// The stored form (one per comment, remembered in the browser).
    pub fn to_json(&self) -> String {
        let c = &self.comment;
        let mut out = format!("{{\"v\":{STORE_VERSION}");
        push_member(&mut out, "article", &self.article);
        let _ = write!(out, ",\"comment\":{{\"id\":{}", c.id);
        if let Some(p) = c.parent {
            let _ = write!(out, ",\"parent\":{p}");
        }
        push_member(&mut out, "author_name", &c.author_name);
        if let Some(url) = &c.author_url {
            push_member(&mut out, "author_url", url);
        }
        push_member(&mut out, "date", &c.date.to_string());
        push_member(&mut out, "text", &c.text);
        out.push_str("}}");
        out
    }

    pub fn from_json(text: &str) -> Result<Awaiting, StoreError> {
        read_stored(text)
    }
}

impl FromJson for Awaiting {
    fn from_json(v: Value, cx: &mut Cx) -> Self {
        let mut o = Obj::new(v, cx);
        // The comment is stored in the content format's own shape.
        let comment: Comment = o.req("comment", cx);
        Awaiting {
            comment: Comment {
                status: crate::model::CommentStatus::Pending,
                ..comment
            },
            article: o.req("article", cx),
        }
    }
}

/// What became of a comment that was waiting for moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Still waiting: keep showing it to its author.
    Waiting,
    /// Approved: it is in the public thread now; forget it here.
    Approved,
    /// Deleted or purged: forget it.
    Gone,
}

/// Decides from the public thread and, for comments not in it, the status
/// of `GET /id/ID` (404: deleted; anything else: still there, pending).
pub fn fate(awaiting: &Awaiting, thread: &[Comment], lookup_status: Option<u16>) -> Fate {
    if thread.iter().any(|c| c.id == awaiting.comment.id) {
        Fate::Approved
    } else if lookup_status == Some(404) || lookup_status == Some(410) {
        Fate::Gone
    } else {
        Fate::Waiting
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_outbox_entry_per_draft() {
        let key = |parent| DraftKey {
            site: "https://news.example/".into(),
            article: "a".into(),
            parent,
        };
        assert_eq!(
            outbox_key(&key(None)),
            "quire:outbox:v1:quire:draft:v1:0 a https://news.example/"
        );
        assert_ne!(outbox_key(&key(None)), outbox_key(&key(Some(7))));
        assert_eq!(
            awaiting_key(1_000_000_000_004),
            "quire:awaiting:v1:1000000000004"
        );
    }

    use super::*;
    use crate::date::DateTime;
    use crate::isso::ISSO_ID_BASE;
    use crate::model::CommentStatus;

    fn input() -> CommentInput {
        CommentInput {
            comment: "Hello \"there\"\nשלום".into(),
            name: "Bo".into(),
            email: "bo@example.org".into(),
            website: "".into(),
        }
    }

    fn queued() -> Queued {
        Queued {
            key: DraftKey {
                site: "http://127.0.0.1:8631/".into(),
                article: "slow-news".into(),
                parent: Some(ISSO_ID_BASE + 3),
            },
            input: input(),
            title: "The case for slow news".into(),
            uri: "/2026/03/14/slow-news/".into(),
            queued_at: 1_773_473_400_000,
            unconfirmed: false,
        }
    }

    fn comment(id: u64, date: &str, text: &str) -> Comment {
        Comment {
            id,
            parent: None,
            author_name: "Bo".into(),
            author_url: None,
            date: DateTime::parse(date).unwrap(),
            text: text.into(),
            status: CommentStatus::Approved,
        }
    }

    #[test]
    fn stored_forms_round_trip_and_refuse_damage() {
        let id = Identity::from_input(&CommentInput {
            name: " Bo ".into(),
            website: "https://bo.example".into(),
            ..input()
        });
        assert_eq!(id.name, "Bo");
        assert_eq!(Identity::from_json(&id.to_json()), Ok(id.clone()));
        assert_eq!(Queued::from_json(&queued().to_json()), Ok(queued()));
        assert!(Identity::from_json("{\"v\":2,\"name\":\"x\"}").is_err());
        assert!(Identity::from_json("not json").is_err());
        assert!(Queued::from_json(&queued().to_json().replace("\"queued_at\"", "\"q\"")).is_err());
    }

    #[test]
    fn the_outbox_never_sends_twice() {
        let entry = queued();
        assert_eq!(next_step(&entry, &[], false), Step::Send);
        // An answer was lost: not again without the reader, unless the
        // server shows it arrived.
        let unsure = Queued {
            unconfirmed: true,
            ..queued()
        };
        assert_eq!(next_step(&unsure, &[], false), Step::AskReader);
        assert_eq!(next_step(&unsure, &[], true), Step::Send);
        assert_eq!(Queued::from_json(&unsure.to_json()), Ok(unsure.clone()));
        let arrived = comment(
            ISSO_ID_BASE + 8,
            "2026-03-14T07:30:05Z",
            "<p>Hello “there”<br>שלום</p>",
        );
        assert_eq!(
            next_step(&entry, std::slice::from_ref(&arrived), false),
            Step::AlreadyDelivered(ISSO_ID_BASE + 8)
        );
        assert_eq!(
            next_step(&unsure, &[arrived], false),
            Step::AlreadyDelivered(ISSO_ID_BASE + 8)
        );
    }

    #[test]
    fn answers_decide_what_happens_to_the_draft() {
        assert_eq!(outcome(201, "{}"), Outcome::Accepted);
        assert_eq!(outcome(202, "{}"), Outcome::Accepted);
        assert_eq!(outcome(0, ""), Outcome::Retry);
        assert_eq!(outcome(503, "busy"), Outcome::Retry);
        assert_eq!(
            outcome(403, "<p>edit time frame is still open</p>"),
            Outcome::Rejected("edit time frame is still open".into())
        );
        assert_eq!(
            outcome(400, "<p>text is too short (minimum length: 3)</p>"),
            Outcome::Rejected("text is too short (minimum length: 3)".into())
        );
        assert_eq!(
            outcome(429, ""),
            Outcome::Rejected(
                "The comment server asks to wait a little before posting again.".into()
            )
        );
        // Script in a reason stays text (the app never renders it as HTML).
        assert_eq!(
            outcome(400, "<p>no &lt;script&gt; here</p>"),
            Outcome::Rejected("no <script> here".into())
        );
    }

    #[test]
    fn awaiting_comments_leave_once_approved_or_deleted() {
        let mine = Awaiting {
            comment: Comment {
                status: CommentStatus::Pending,
                ..comment(ISSO_ID_BASE + 9, "2026-03-14T07:30:00Z", "<p>Mine</p>")
            },
            article: "slow-news".into(),
        };
        let public = [comment(
            ISSO_ID_BASE + 9,
            "2026-03-14T07:30:00Z",
            "<p>Mine</p>",
        )];
        assert_eq!(Awaiting::from_json(&mine.to_json()), Ok(mine.clone()));
        assert_eq!(fate(&mine, &public, None), Fate::Approved);
        assert_eq!(fate(&mine, &[], Some(404)), Fate::Gone);
        assert_eq!(
            fate(&mine, &[], Some(403)),
            Fate::Waiting,
            "Isso hides it behind the edit cookie"
        );
        assert_eq!(
            fate(&mine, &[], None),
            Fate::Waiting,
            "offline: keep showing it"
        );
    }
}
