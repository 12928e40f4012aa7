//! "Leave a Reply": the comment form, whose text is kept as a draft in the
//! browser while the reader types, and sent to the comment server (or
//! queued in the outbox while offline).
//!
//! Built for size: the markup is one static string, the inputs are
//! uncontrolled (values live in the DOM and are read when needed), and the
//! notices are static elements shown, hidden and filled by DOM writes from
//! four delegated listeners. The same form written with a signal per field
//! and per notice measured 17 KB brotli of wasm; this one a fraction.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use send_wrapper::SendWrapper;

use leptos::prelude::*;
use leptos::task::spawn_local;
use quire_core::draft::{clamp_text, reconcile, Draft, DraftKey, Editor, Sync};
use quire_core::form::{ago, validate, CommentInput, Field};
use quire_core::outbox::{outbox_key, Identity, Queued, IDENTITY_KEY};
use quire_core::CommentStatus;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::comments::{self, Delivery};
use crate::storage::{self, now_ms, Change};

/// The article the form comments on.
#[derive(Debug, Clone)]
pub struct Target {
    /// Site and article of every draft written here (`parent` is set from
    /// the comment replied to).
    pub key: DraftKey,
    pub title: String,
    /// Site path of the article, for the drafts page's "Open".
    pub path: String,
    /// The thread's `uri` on the comment server.
    pub uri: String,
}

/// The form's markup. Field ids and limits are WordPress's (`quire_core::form`).
const FORM_HTML: &str = r#"<h3 id="reply-title" class="comment-reply-title"><span id="reply-title-text">Leave a Reply</span> <button type="button" class="link-button" data-action="cancel" hidden>Cancel reply</button></h3>
<p id="no-server" class="notice" hidden>This site takes no new comments. What you write here is kept as a draft in this browser.</p>
<div role="status" class="draft-notices">
<p id="draft-restored" class="notice" hidden>Draft restored, saved <span id="draft-restored-ago"></span>. <button type="button" class="link-button" data-action="discard">Discard</button></p>
<p id="form-status" class="notice" hidden></p>
<p id="form-unsure" class="notice warning" hidden>Your comment may not have reached the comment server: the connection broke before it answered. It may already be waiting for moderation, so it is not sent again on its own. <button type="button" class="link-button" data-action="resend">Send it again</button></p>
</div>
<div role="alert" class="draft-alerts">
<p id="draft-problem" class="notice warning" hidden><span id="draft-problem-text"></span> Drafts cannot be kept on this device right now; your text stays in the box while this page is open. <button type="button" class="link-button" data-action="copy">Copy text</button></p>
<div id="draft-conflict" class="notice warning" hidden><p>This draft was changed in another tab. Yours is in the box; the other version says:</p><blockquote id="draft-theirs" class="draft-theirs"></blockquote><button type="button" class="link-button" data-action="use-theirs">Use the other version</button> <button type="button" class="link-button" data-action="keep-mine">Keep mine</button></div>
<p id="form-errors" class="notice warning" hidden></p>
</div>
<form class="comment-form" novalidate aria-labelledby="reply-title">
<p class="comment-notes">Required fields are marked *</p>
<p class="comment-form-comment"><label for="comment">Comment *</label><textarea id="comment" name="comment" rows="8" maxlength="65525" required aria-describedby="comment-error"></textarea><span id="comment-error" class="field-error"></span></p>
<p class="comment-form-author"><label for="author">Name *</label><input id="author" name="author" type="text" maxlength="245" autocomplete="name" required aria-describedby="author-error"><span id="author-error" class="field-error"></span></p>
<p class="comment-form-email"><label for="email">Email *</label><input id="email" name="email" type="email" maxlength="100" autocomplete="email" required aria-describedby="email-error email-notes"><span id="email-error" class="field-error"></span><span id="email-notes" class="field-note">Your email address will not be published.</span></p>
<p class="comment-form-url"><label for="url">Website</label><input id="url" name="url" type="url" maxlength="200" autocomplete="url" aria-describedby="url-error"><span id="url-error" class="field-error"></span></p>
<p class="comment-form-cookies-consent"><input id="remember" name="remember" type="checkbox"><label for="remember">Save my name, email, and website in this browser for the next time I comment.</label></p>
<p id="submit-row" class="form-submit"><button type="submit" class="button">Post Comment</button></p>
</form>"#;

/// Everything the form remembers between events.
struct State {
    target: Target,
    server: Option<String>,
    /// The draft being edited (the target's, with the parent replied to).
    key: DraftKey,
    reply_name: Option<String>,
    /// Typed since the last save or sync.
    unsaved: bool,
    timer: Option<TimeoutHandle>,
    /// Another tab's version, while the reader has not chosen.
    theirs: Option<String>,
    /// This tab's name in stored drafts.
    me: String,
    reply_to: RwSignal<Option<(u64, String)>>,
    on_posted: Rc<dyn Fn()>,
    /// Whether the box has loaded its first draft.
    started: bool,
}

type Shared = Rc<RefCell<State>>;

thread_local! {
    /// The page's form (there is at most one).
    static FORM: RefCell<Option<Shared>> = const { RefCell::new(None) };
}

/// Tells the form which comment it replies to now (the thread calls this
/// after every rebuild; the first call loads the draft). Only a change of
/// parent switches drafts; a new name only retitles.
pub fn reply_changed(to: Option<(u64, String)>) {
    let Some(s) = FORM.with_borrow(Clone::clone) else {
        return;
    };
    let (started, parent, name) = {
        let st = s.borrow();
        (st.started, st.key.parent, st.reply_name.clone())
    };
    if !started {
        s.borrow_mut().started = true;
        if s.borrow().server.is_none() {
            notice("no-server", None, Some(""));
            notice("submit-row", None, None);
        }
    } else if parent == to.as_ref().map(|t| t.0) {
        if name != to.as_ref().map(|t| t.1.clone()) {
            s.borrow_mut().reply_name = to.as_ref().map(|t| t.1.clone());
            retitle(to.as_ref().map(|t| t.1.as_str()));
        }
        return;
    }
    switch(&s, to);
}

fn retitle(name: Option<&str>) {
    notice(
        "reply-title",
        Some("reply-title-text"),
        Some(&match name {
            Some(name) => format!("Leave a Reply to {name}"),
            None => "Leave a Reply".to_owned(),
        }),
    );
    if let Some(b) = document()
        .query_selector("#reply-title [data-action]")
        .ok()
        .flatten()
    {
        let _ = b.toggle_attribute_with_force("hidden", name.is_none());
    }
}

fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

/// The `value` of form control `id` (read as a property: one binding for
/// text areas and inputs alike).
fn value(id: &str) -> String {
    by_id(id)
        .and_then(|el| js_sys::Reflect::get(&el, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn set_value(id: &str, v: &str) {
    if let Some(el) = by_id(id) {
        let _ = js_sys::Reflect::set(&el, &"value".into(), &v.into());
    }
}

/// Whether "Save my name, email, and website…" is ticked.
fn remembering() -> bool {
    by_id("remember")
        .and_then(|el| js_sys::Reflect::get(&el, &"checked".into()).ok())
        .is_some_and(|v| v.is_truthy())
}

fn focus(id: &str) {
    if let Some(el) = by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Shows element `id` with `text` in `text_id` (itself when `None`), or
/// hides it when `text` is `None`. An empty text shows it unchanged.
fn notice(id: &str, text_id: Option<&str>, text: Option<&str>) {
    if let Some(t) = text.filter(|t| !t.is_empty()) {
        if let Some(el) = by_id(text_id.unwrap_or(id)) {
            el.set_text_content(Some(t));
        }
    }
    if let Some(el) = by_id(id) {
        let _ = el.toggle_attribute_with_force("hidden", text.is_none());
    }
}

fn status(text: Option<&str>) {
    notice("form-status", None, text);
}

fn problem(text: Option<&str>) {
    notice("draft-problem", Some("draft-problem-text"), text);
}

fn restored(saved_at: Option<u64>) {
    let text = saved_at.map(|at| ago(now_ms(), at));
    notice(
        "draft-restored",
        Some("draft-restored-ago"),
        text.as_deref(),
    );
}

fn conflict(s: &Shared, theirs: Option<String>) {
    notice("draft-conflict", Some("draft-theirs"), theirs.as_deref());
    s.borrow_mut().theirs = theirs;
}

const QUEUED: &str = "You are offline: your comment will be sent when you are back online.";
const AWAITING: &str = "Thank you. Your comment is awaiting moderation.";

/// The box as a draft, saved now.
fn draft_of(st: &State) -> Draft {
    Draft {
        key: st.key.clone(),
        text: clamp_text(&value("comment")).to_owned(),
        article_title: st.target.title.clone(),
        article_path: st.target.path.clone(),
        reply_to: st.reply_name.clone(),
        saved_at: now_ms(),
        writer: st.me.clone(),
    }
}

/// Saves the box now (or deletes the draft when the box is empty). The
/// write starts inside the caller's event (`pagehide` too); should it not
/// finish as the page goes, the copy every keystroke left in localStorage
/// (see `on_input`) still has the text, and the next load takes the newer.
fn save(s: &Shared) {
    let draft = {
        let mut st = s.borrow_mut();
        if let Some(t) = st.timer.take() {
            t.clear();
        }
        st.unsaved = false;
        draft_of(&st)
    };
    let key = draft.key.storage_key();
    let write: Pin<Box<dyn Future<Output = Result<(), storage::StorageError>>>> =
        if draft.is_blank() {
            Box::pin(storage::delete(&key))
        } else {
            Box::pin(storage::put(&key, &draft.to_json()))
        };
    let text = draft.text;
    let s = s.clone();
    spawn_local(async move {
        match write.await {
            Ok(()) => {
                problem(None);
                // The keystroke copy is now stored for real: forget it,
                // unless the reader typed on since.
                let same = storage::rescued(&key)
                    .is_some_and(|r| Draft::from_json(&r).is_ok_and(|d| d.text == text));
                if same {
                    storage::rescue(&key, None);
                }
            }
            Err(e) => {
                s.borrow_mut().unsaved = true;
                problem(Some(&format!("Your draft could not be saved ({e}).")));
            }
        }
    });
}

/// The newer of the stored draft and the copy the last keystroke left
/// (which then moves to storage).
async fn newest(key: &str) -> Result<Option<String>, storage::StorageError> {
    let stored = storage::get(key).await?;
    let Some(rescued) = storage::rescued(key) else {
        return Ok(stored);
    };
    let at = |json: &Option<String>| {
        json.as_deref()
            .and_then(|j| Draft::from_json(j).ok())
            .map_or(0, |d| d.saved_at)
    };
    let rescued = Some(rescued);
    let newest = if at(&rescued) > at(&stored) {
        if let Some(json) = &rescued {
            storage::put(key, json).await?;
        }
        rescued
    } else {
        stored
    };
    storage::rescue(key, None);
    Ok(newest)
}

/// Switches the box to the draft replying to `to` (saving the one left).
fn switch(s: &Shared, to: Option<(u64, String)>) {
    if s.borrow().unsaved {
        save(s);
    }
    let key = {
        let mut st = s.borrow_mut();
        st.key = DraftKey {
            parent: to.as_ref().map(|t| t.0),
            ..st.target.key.clone()
        };
        st.reply_name = to.as_ref().map(|t| t.1.clone());
        st.key.clone()
    };
    retitle(to.as_ref().map(|t| t.1.as_str()));
    set_value("comment", "");
    restored(None);
    conflict(s, None);
    let s = s.clone();
    spawn_local(async move {
        match newest(&key.storage_key()).await {
            Err(e) => problem(Some(&format!(
                "Drafts cannot be kept on this device ({e})."
            ))),
            Ok(Some(json)) => match Draft::from_json(&json) {
                Ok(d) if !d.is_expired(now_ms()) && !d.is_blank() => {
                    // (The box may already show it: moving a rescued copy
                    // to storage is announced like any other save.)
                    let shown = value("comment");
                    if s.borrow().key == key && (shown.is_empty() || shown == d.text) {
                        set_value("comment", &d.text);
                        restored(Some(d.saved_at));
                    }
                }
                Ok(_) => {}
                Err(e) => problem(Some(&format!(
                    "A draft saved here earlier could not be read: {e}."
                ))),
            },
            Ok(None) => {}
        }
        match comments::queued(&outbox_key(&key)).await {
            Some(true) => notice("form-unsure", None, Some("")),
            Some(false) => status(Some(QUEUED)),
            None => {}
        }
    });
}

/// Another tab (or this one) saved, discarded or sent a draft.
fn on_change(s: &Shared, change: &Change) {
    let (key, me, unsaved) = {
        let st = s.borrow();
        (st.key.clone(), st.me.clone(), st.unsaved)
    };
    if change.key == outbox_key(&key) && change.value.is_none() {
        // The outbox sent it (after coming back online).
        if by_id("form-status")
            .and_then(|e| e.text_content())
            .as_deref()
            == Some(QUEUED)
        {
            status(Some(AWAITING));
            let on_posted = s.borrow().on_posted.clone();
            on_posted();
        }
        return;
    }
    if change.key != key.storage_key() {
        return;
    }
    let editor = Editor {
        text: value("comment"),
        unsaved,
    };
    match change.value.as_deref().map(Draft::from_json) {
        Some(Ok(theirs)) => match reconcile(&editor, &theirs, &me) {
            Sync::Ignore => {}
            Sync::Adopt(text) => {
                set_value("comment", &text);
                conflict(s, None);
            }
            Sync::Conflict { theirs } => conflict(s, Some(theirs)),
        },
        Some(Err(_)) => {}
        // Discarded or sent elsewhere: nothing typed here is dropped.
        None if !unsaved => {
            set_value("comment", "");
            restored(None);
        }
        None => {}
    }
}

/// Stores the identity when the box is ticked, forgets it when not.
fn remember(keep: bool) {
    spawn_local(async move {
        let _ = if keep {
            let id = Identity {
                name: value("author"),
                email: value("email"),
                website: value("url"),
            };
            storage::put(IDENTITY_KEY, &id.to_json()).await
        } else {
            storage::delete(IDENTITY_KEY).await
        };
    });
}

fn submit(s: &Shared) {
    let input = CommentInput {
        comment: value("comment"),
        name: value("author"),
        email: value("email"),
        website: value("url"),
    };
    let errors = validate(&input);
    for f in [Field::Comment, Field::Name, Field::Email, Field::Website] {
        let message = errors
            .iter()
            .find(|e| e.field == f)
            .map(|e| e.message.as_str());
        if let Some(el) = by_id(f.id()) {
            let _ = match message {
                Some(_) => el.set_attribute("aria-invalid", "true"),
                None => el.remove_attribute("aria-invalid"),
            };
        }
        if let Some(el) = by_id(&format!("{}-error", f.id())) {
            el.set_text_content(message);
        }
    }
    let summary = match errors.len() {
        0 => None,
        1 => Some("Please correct the marked field.".to_owned()),
        n => Some(format!("Please correct the {n} marked fields.")),
    };
    notice("form-errors", None, summary.as_deref());
    if let Some(first) = errors.first() {
        focus(first.field.id());
        return;
    }
    let Some(server) = s.borrow().server.clone() else {
        return;
    };
    if remembering() {
        remember(true);
    }
    save(s);
    let entry = {
        let st = s.borrow();
        Queued {
            key: st.key.clone(),
            input,
            title: st.target.title.clone(),
            uri: st.target.uri.clone(),
            queued_at: now_ms(),
            unconfirmed: false,
        }
    };
    status(Some("Sending your comment…"));
    let s = s.clone();
    spawn_local(async move {
        let key = outbox_key(&entry.key);
        let delivery = match comments::queue(&entry).await {
            // Offline: no request at all; the outbox sends it when back.
            Ok(()) if !window().navigator().on_line() => Delivery::Waiting,
            Ok(()) => comments::deliver(&server, &key, None, false).await,
            // No storage: nothing can be queued; send it once, directly.
            Err(_) => comments::deliver(&server, &key, Some(entry), false).await,
        };
        delivered(&s, delivery);
    });
}

/// Shows what became of a comment, and clears the box once the server has it.
fn delivered(s: &Shared, delivery: Delivery) {
    notice("form-unsure", None, None);
    match delivery {
        Delivery::Posted(comment) => {
            let published = comment
                .as_ref()
                .is_some_and(|c| c.status == CommentStatus::Approved);
            set_value("comment", "");
            restored(None);
            let (reply_to, on_posted) = {
                let mut st = s.borrow_mut();
                st.unsaved = false;
                (st.reply_to, st.on_posted.clone())
            };
            reply_to.try_set(None);
            status(Some(if published {
                "Your comment is published."
            } else {
                AWAITING
            }));
            on_posted();
        }
        Delivery::Gone => status(Some(AWAITING)),
        Delivery::Waiting => status(Some(QUEUED)),
        Delivery::Unconfirmed => {
            status(None);
            notice("form-unsure", None, Some(""));
        }
        Delivery::Rejected(why) => status(Some(&format!(
            "The comment server did not accept your comment: {why} Your text is kept."
        ))),
    }
}

/// A button of the form (`data-action`).
fn action(s: &Shared, what: &str) {
    match what {
        "cancel" => {
            let reply_to = s.borrow().reply_to;
            reply_to.try_set(None);
            focus("comment");
        }
        "discard" => {
            let key = {
                let mut st = s.borrow_mut();
                st.unsaved = false;
                st.key.clone()
            };
            set_value("comment", "");
            restored(None);
            conflict(s, None);
            status(None);
            spawn_local(async move {
                if let Err(e) = comments::discard(&key).await {
                    problem(Some(&format!("The draft could not be removed ({e}).")));
                }
            });
            focus("comment");
        }
        "copy" => {
            if let Some(t) = by_id("comment") {
                storage::copy(&t);
            }
        }
        "use-theirs" => {
            let theirs = s.borrow_mut().theirs.take();
            if let Some(t) = theirs {
                set_value("comment", &t);
            }
            conflict(s, None);
            // The reader's choice is the draft now, in every tab.
            save(s);
        }
        "resend" => {
            let (server, key) = {
                let st = s.borrow();
                (st.server.clone(), outbox_key(&st.key))
            };
            if let Some(server) = server {
                notice("form-unsure", None, None);
                status(Some("Sending your comment…"));
                let s = s.clone();
                spawn_local(async move {
                    let delivery = comments::deliver(&server, &key, None, true).await;
                    delivered(&s, delivery);
                });
            }
        }
        "keep-mine" => {
            conflict(s, None);
            save(s);
        }
        _ => {}
    }
}

/// "Leave a Reply", or "Leave a Reply to X" when `reply_to` (the comment
/// replied to: id, author, set by its "Reply" button) is set. `server`:
/// the comment server; `None`: the site takes no new comments (drafts are
/// still kept). `on_posted` is called once the server has a comment
/// written here. (A function rather than a component: it has one caller,
/// and a component's props builder costs wasm.)
pub fn comment_form(
    target: Target,
    reply_to: RwSignal<Option<(u64, String)>>,
    server: Option<String>,
    on_posted: Rc<dyn Fn()>,
) -> impl IntoView {
    thread_local! {
        static TAB: String = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
    }
    let s: Shared = Rc::new(RefCell::new(State {
        key: target.key.clone(),
        target,
        server,
        reply_name: None,
        unsaved: false,
        timer: None,
        theirs: None,
        me: TAB.with(Clone::clone),
        reply_to,
        on_posted,
        started: false,
    }));
    FORM.with_borrow_mut(|f| *f = Some(s.clone()));
    // The remembered name, email and website.
    spawn_local(async {
        if let Ok(Some(json)) = storage::get(IDENTITY_KEY).await {
            if let Ok(id) = Identity::from_json(&json) {
                set_value("author", &id.name);
                set_value("email", &id.email);
                set_value("url", &id.website);
                if let Some(b) = by_id("remember") {
                    let _ = js_sys::Reflect::set(&b, &"checked".into(), &true.into());
                }
            }
        }
    });
    let st = s.clone();
    storage::follow(move |c| on_change(&st, c));

    // Leaving or hiding the page saves at once.
    let flush = {
        let s = s.clone();
        move || {
            if s.borrow().unsaved {
                save(&s);
            }
        }
    };
    let f = flush.clone();
    let listener = Closure::<dyn Fn()>::new(f);
    let on = move |add: bool| {
        for event in ["pagehide", "visibilitychange"] {
            let cb = listener.as_ref().unchecked_ref();
            let _ = if add {
                window().add_event_listener_with_callback(event, cb)
            } else {
                window().remove_event_listener_with_callback(event, cb)
            };
        }
    };
    on(true);
    let mine = s.clone();
    let cleanup = SendWrapper::new(move || {
        on(false);
        flush();
        // A new page's form may already have taken the slot.
        FORM.with_borrow_mut(|f| {
            if f.as_ref().is_some_and(|f| Rc::ptr_eq(f, &mine)) {
                *f = None;
            }
        });
    });
    #[allow(clippy::redundant_closure)] // `SendWrapper` is not itself a closure
    on_cleanup(move || cleanup());

    let st = s.clone();
    // Typing: saved at most 300 ms behind (the first unsaved keystroke
    // starts the clock; later ones do not push it back).
    let on_input = move |ev: leptos::ev::Event| {
        let is_text = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| t.id() == "comment");
        if !is_text {
            return;
        }
        let mut state = st.borrow_mut();
        state.unsaved = true;
        // A synchronous copy at every keystroke too: if the page goes away
        // before the next save (a reload within 300 ms), the next load
        // takes it (see `newest`).
        let draft = draft_of(&state);
        let copy = (!draft.is_blank()).then(|| draft.to_json());
        storage::rescue(&draft.key.storage_key(), copy.as_deref());
        if state.timer.is_none() {
            let s = st.clone();
            state.timer =
                set_timeout_with_handle(move || save(&s), Duration::from_millis(300)).ok();
        }
    };
    let st = s.clone();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let what = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-action]").ok().flatten())
            .and_then(|b| b.get_attribute("data-action"));
        if let Some(what) = what {
            action(&st, &what);
        }
    };
    let st = s.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(&st);
    };
    let on_change = move |ev: leptos::ev::Event| {
        let is_box = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| t.id() == "remember");
        if is_box {
            remember(remembering());
        }
    };
    view! {
        <div id="respond" class="comment-respond" inner_html=FORM_HTML
            on:input=on_input on:click=on_click on:submit=on_submit on:change=on_change></div>
    }
}
