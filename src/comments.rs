//! Talking to the comment server (Isso) and keeping what the reader wrote:
//! the outbox, their comments awaiting moderation, their saved identity.
//! The rules are `quire-core`'s (`isso`, `outbox`); this module does the
//! requests and the storage around them.

use quire_core::draft::{keep_newest, Draft, DraftKey, DRAFT_PREFIX};
use quire_core::isso::{new_comment_body, parse_posted, parse_thread, ISSO_ID_BASE};
use quire_core::outbox::{
    awaiting_key, fate, next_step, outcome, Awaiting, Fate, Outcome, Queued, Step, AWAITING_PREFIX,
    OUTBOX_PREFIX,
};
use quire_core::{Comment, CommentStatus, Site};

use crate::api::comment_server;
use crate::storage;

/// The comment server's address when the site has one (`comments.provider`
/// is `isso`), without a trailing slash.
pub fn server(site: &Site) -> Option<String> {
    let c = &site.comments;
    match (c.provider.as_deref(), c.url.as_deref()) {
        (Some("isso"), Some(url)) if !url.is_empty() => Some(url.trim_end_matches('/').to_owned()),
        _ => None,
    }
}

fn enc(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// Why the server's comments could not be listed.
#[derive(Debug, Clone, PartialEq)]
pub enum ThreadError {
    /// No answer: offline or the server is down.
    Unreachable,
    /// An answer that is not a thread.
    Bad(String),
}

/// The published comments of the thread at `uri` (Isso answers 404 for a
/// thread nobody has commented on yet: no comments).
pub async fn thread(server: &str, uri: &str) -> Result<Vec<Comment>, ThreadError> {
    let a = comment_server(&format!("{server}/?uri={}", enc(uri)), None).await;
    match a.status {
        0 => Err(ThreadError::Unreachable),
        404 => Ok(Vec::new()),
        200 => parse_thread(&a.body).map_err(|e| ThreadError::Bad(e.0)),
        s => Err(ThreadError::Bad(format!("HTTP {s}"))),
    }
}

/// What became of a comment handed to [`deliver`].
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// The server has it (published, or awaiting moderation); its draft and
    /// outbox entry are gone.
    Posted(Option<Comment>),
    /// No answer: it stays in the outbox.
    Waiting,
    /// The server refused it, for this reason; the draft is kept.
    Rejected(String),
    /// Not in the outbox any more: another tab delivered it.
    Gone,
    /// An earlier send may have arrived unseen: it stays in the outbox
    /// until the reader sends it again or discards it.
    Unconfirmed,
}

/// Puts a comment in the outbox (before the first attempt, so that a
/// crash or a lost answer cannot lose it).
pub async fn queue(entry: &Queued) -> Result<(), storage::StorageError> {
    storage::put(
        &quire_core::outbox::outbox_key(&entry.key),
        &entry.to_json(),
    )
    .await
}

/// Sends one outbox entry, exactly once: under a lock shared by every tab,
/// re-reading the entry (another tab may have sent it), and asking the
/// server whether an earlier attempt arrived before sending again.
///
/// `unstored`: the comment itself, when it could not be put in the outbox
/// (no storage): it is sent once, directly. `again`: the reader asked to
/// send an unconfirmed comment again.
pub async fn deliver(server: &str, key: &str, unstored: Option<Queued>, again: bool) -> Delivery {
    let _lock = storage::lock("quire-outbox").await;
    let entry = match unstored {
        Some(entry) => entry,
        None => match storage::get(key)
            .await
            .ok()
            .flatten()
            .map(|v| Queued::from_json(&v))
        {
            Some(Ok(entry)) => entry,
            // Gone, or unreadable (its text is still in the draft).
            _ => {
                let _ = storage::delete(key).await;
                return Delivery::Gone;
            }
        },
    };
    let delivery = send(server, &entry, again).await;
    match &delivery {
        Delivery::Posted(_) => {
            let _ = storage::delete(key).await;
            let _ = storage::delete(&entry.key.storage_key()).await;
        }
        Delivery::Rejected(_) => {
            let _ = storage::delete(key).await;
        }
        Delivery::Unconfirmed if !entry.unconfirmed => {
            let unsure = Queued {
                unconfirmed: true,
                ..entry
            };
            let _ = storage::put(key, &unsure.to_json()).await;
        }
        _ => {}
    }
    delivery
}

/// Sends a comment unless the server already has it (an earlier answer may
/// have been lost). A comment awaiting moderation is remembered, to be
/// shown to its author.
async fn send(server: &str, entry: &Queued, again: bool) -> Delivery {
    match thread(server, &entry.uri).await {
        // Never sent while the server cannot be reached, so a later send
        // cannot be a duplicate.
        Err(ThreadError::Unreachable) => return Delivery::Waiting,
        Ok(list) => match next_step(entry, &list, again) {
            Step::AlreadyDelivered(id) => {
                return Delivery::Posted(list.into_iter().find(|c| c.id == id))
            }
            Step::AskReader => return Delivery::Unconfirmed,
            Step::Send => {}
        },
        // A thread we cannot read must not stop the comment.
        Err(ThreadError::Bad(_)) if entry.unconfirmed && !again => return Delivery::Unconfirmed,
        Err(ThreadError::Bad(_)) => {}
    }
    let body = new_comment_body(&entry.input, entry.key.parent, &entry.title);
    let a = comment_server(&format!("{server}/new?uri={}", enc(&entry.uri)), Some(body)).await;
    match outcome(a.status, &a.body) {
        Outcome::Accepted => {
            let posted = parse_posted(&a.body).ok();
            if let Some(c) = posted
                .as_ref()
                .filter(|c| c.status == CommentStatus::Pending)
            {
                let awaiting = Awaiting {
                    comment: c.clone(),
                    article: entry.key.article.clone(),
                };
                let _ = storage::put(&awaiting_key(c.id), &awaiting.to_json()).await;
            }
            Delivery::Posted(posted)
        }
        // The server answered a moment ago and now nothing came back: the
        // comment may have arrived with its answer lost.
        Outcome::Retry if a.status == 0 => Delivery::Unconfirmed,
        Outcome::Retry => Delivery::Waiting,
        Outcome::Rejected(reason) => Delivery::Rejected(reason),
    }
}

/// Forgets a draft the reader discarded, and its outbox entry if it was
/// waiting to be sent.
pub async fn discard(draft: &DraftKey) -> Result<(), storage::StorageError> {
    // Without an outbox entry (the usual case) there is nothing to remove.
    let _ = storage::delete(&quire_core::outbox::outbox_key(draft)).await;
    storage::delete(&draft.storage_key()).await
}

/// Sends everything in the outbox (on start and when the browser is back
/// online).
pub async fn flush(server: String) {
    let Ok(entries) = storage::all(OUTBOX_PREFIX).await else {
        return;
    };
    for (key, _) in entries {
        if deliver(&server, &key, None, false).await == Delivery::Waiting {
            break;
        }
    }
}

/// Whether the outbox holds this comment: `Some(true)` when an earlier
/// send is unconfirmed.
pub async fn queued(key: &str) -> Option<bool> {
    let json = storage::get(key).await.ok().flatten()?;
    Some(Queued::from_json(&json).is_ok_and(|q| q.unconfirmed))
}

/// The reader's comments on `article` that await moderation. Those the
/// server approved (they are in `published`) or deleted are forgotten.
pub async fn awaiting(server: &str, article: &str, published: &[Comment]) -> Vec<Comment> {
    let Ok(entries) = storage::all(AWAITING_PREFIX).await else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let Ok(a) = Awaiting::from_json(&value) else {
            continue;
        };
        if a.article != article {
            continue;
        }
        let lookup = if published.iter().any(|c| c.id == a.comment.id) {
            None
        } else {
            let isso_id = a.comment.id.saturating_sub(ISSO_ID_BASE);
            Some(
                comment_server(&format!("{server}/id/{isso_id}"), None)
                    .await
                    .status,
            )
        };
        match fate(&a, published, lookup) {
            Fate::Waiting => out.push(a.comment),
            Fate::Approved | Fate::Gone => {
                let _ = storage::delete(&key).await;
            }
        }
    }
    out
}

/// This site in stored drafts: its origin and base path. Drafts of two
/// Quire sites on one origin (`/` and `/blog/`) stay apart.
pub fn site_key() -> String {
    format!(
        "{}{}",
        leptos::prelude::window()
            .location()
            .origin()
            .unwrap_or_default(),
        crate::app::base_path()
    )
}

/// The reader's drafts on this site, newest first, and the stored entries
/// that could not be read (kept, with their raw text, until discarded).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drafts {
    pub drafts: Vec<(Draft, bool)>,
    pub unreadable: Vec<(String, String)>,
}

/// Lists the drafts (each with whether it waits in the outbox), after
/// removing expired ones and those beyond the cap.
pub async fn drafts() -> Result<Drafts, storage::StorageError> {
    let site = site_key();
    let queued: Vec<String> = storage::all(OUTBOX_PREFIX)
        .await?
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let mut out = Drafts::default();
    let mut all = Vec::new();
    for (key, value) in storage::all(DRAFT_PREFIX).await? {
        match Draft::from_json(&value) {
            Ok(d) => all.push(d),
            Err(_) => out.unreadable.push((key, value)),
        }
    }
    for key in keep_newest(&mut all, storage::now_ms()) {
        let _ = storage::delete(&key.storage_key()).await;
    }
    all.retain(|d| d.key.site == site);
    out.drafts = all
        .into_iter()
        .map(|d| {
            let waiting = queued.contains(&quire_core::outbox::outbox_key(&d.key));
            (d, waiting)
        })
        .collect();
    Ok(out)
}
