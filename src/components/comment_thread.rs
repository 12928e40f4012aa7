//! The discussion under an article, threaded as in WordPress: the article's
//! own comments merged with the comment server's, the reader's comments
//! awaiting moderation, comment pages, and the "Leave a Reply" form.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;
use quire_core::draft::DraftKey;
use quire_core::isso::{comment_anchor, merge, ISSO_ID_BASE};
use quire_core::sanitize::{url_is_safe, Allowlist};
use quire_core::text::comments_heading;
use quire_core::thread::{build_threads, comment_page, page_of, shown_count, ThreadNode};
use quire_core::{Comment, CommentStatus};
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::comment_form::{self, comment_form, Target};
use super::page::{format_date, use_site};
use crate::app::{base_path, url};
use crate::comments::{self, ThreadError};
use crate::html::{escape, sanitize};
use crate::navigation::lower_part;

/// The article a discussion belongs to.
pub struct Discussion {
    /// The comments in the article file (approved ones are shown).
    pub comments: Vec<Comment>,
    pub title: String,
    pub slug: String,
    /// The article's site path (`/2026/03/14/slug/`).
    pub path: String,
    /// Whether the article still takes comments.
    pub open: bool,
}

/// What each comment's markup depends on.
struct Shown<'a> {
    page: &'a str,
    pending: &'a [u64],
    /// Whether "Reply" is offered (open thread with a comment server).
    reply: bool,
}

/// Puts the form back under the thread (before the list is rebuilt, as the
/// form may sit inside a comment that is about to be replaced).
fn park_form() {
    let doc = document();
    if let (Some(form), Some(home)) = (
        doc.get_element_by_id("respond"),
        doc.get_element_by_id("respond-home"),
    ) {
        if form.parent_element().as_ref() != Some(&home) {
            let _ = home.append_child(&form);
        }
    }
}

/// Moves the form under the comment replied to (or back home), as
/// WordPress's comment-reply script does.
fn place_form(reply_to: Option<u64>) {
    park_form();
    let doc = document();
    let body = reply_to
        .and_then(|id| doc.get_element_by_id(&comment_anchor(id)))
        .and_then(|li| li.query_selector(":scope > .comment-body").ok().flatten());
    if let (Some(form), Some(body)) = (doc.get_element_by_id("respond"), body) {
        let _ = body.insert_adjacent_element("afterend", &form);
    }
}

/// Puts the form where it belongs after the list was (re)built or the reply
/// changed, marks the comment a permalink points at, and lets the form
/// switch drafts.
fn after_render(reply_to: RwSignal<Option<(u64, String)>>) {
    let Some(mut to) = reply_to.try_get_untracked() else {
        return; // the article was left
    };
    let id = to.as_ref().map(|r| r.0);
    place_form(id);
    // A reply opened from the drafts page (`?replytocom=`) learns its
    // author's name from the list.
    if let Some((id, name)) = to.as_mut().filter(|r| r.1.is_empty()) {
        if let Some(found) = document()
            .get_element_by_id(&comment_anchor(*id))
            .and_then(|li| li.query_selector(".comment-author").ok().flatten())
            .and_then(|a| a.text_content())
        {
            *name = found;
            reply_to.try_set(to.clone());
        }
    }
    comment_form::reply_changed(to);
    // The comment a permalink points at, marked again after a rebuild (and
    // scrolled to if it is the server's: it exists only now).
    if let Some(id) = linked_comment() {
        if let Some(el) = document()
            .get_element_by_id(&comment_anchor(id))
            .filter(|el| !el.has_attribute("data-linked"))
        {
            let _ = el.set_attribute("data-linked", "");
            if id > ISSO_ID_BASE {
                el.scroll_into_view();
            }
        }
    }
}

/// The comment a `#comment-12` or `#isso-5` address points at.
fn linked_comment() -> Option<u64> {
    let hash = window().location().hash().ok()?;
    if let Some(n) = hash.strip_prefix("#isso-") {
        return n.parse::<u64>().ok().map(|n| n + ISSO_ID_BASE);
    }
    hash.strip_prefix("#comment-")?.parse().ok()
}

/// What the comment server said about this article.
#[derive(Debug, Clone, Default, PartialEq)]
struct Fetched {
    published: Vec<Comment>,
    /// The reader's own comments awaiting moderation.
    awaiting: Vec<Comment>,
    /// The server could not be asked (offline, down, or a bad answer).
    unreachable: bool,
}

async fn fetch(server: String, uri: String, slug: String, into: RwSignal<Fetched>) {
    let answer = comments::thread(&server, &uri).await;
    // The reader may have left the article meanwhile.
    let Some(current) = into.try_get_untracked() else {
        return;
    };
    let fetched = match answer {
        Ok(published) => Fetched {
            awaiting: comments::awaiting(&server, &slug, &published).await,
            published,
            unreachable: false,
        },
        Err(ThreadError::Unreachable | ThreadError::Bad(_)) => Fetched {
            unreachable: true,
            ..current.clone()
        },
    };
    // Unchanged (no server comments, say): no rebuild, no flicker.
    if current != fetched {
        into.try_set(fetched);
    }
}

/// "N thoughts on “Title”" and the nested comments, or the invitation to be
/// first; the reply form; says so when comments are closed.
#[component]
pub fn CommentThread(discussion: Discussion) -> impl IntoView {
    let site = use_site();
    let settings = site.comments.clone();
    let server = comments::server(&site);
    let Discussion {
        comments: own,
        title,
        slug,
        path,
        open,
    } = discussion;
    let fetched = RwSignal::new(Fetched::default());
    let reply_to = RwSignal::new(None::<(u64, String)>);
    let uri = url(&path);
    let reload: Rc<dyn Fn()> = {
        let (server, uri, slug) = (server.clone(), uri.clone(), slug.clone());
        Rc::new(move || {
            if let Some(server) = &server {
                spawn_local(fetch(server.clone(), uri.clone(), slug.clone(), fetched));
            }
        })
    };
    // `?cpage=2` (as WordPress's comment pages), or the page holding the
    // comment the address points at.
    let location = use_location();
    let page_param = move || {
        location.search.with(|s| {
            s.trim_start_matches('?')
                .split('&')
                .find_map(|kv| kv.strip_prefix("cpage="))
                .and_then(|n| n.parse::<u32>().ok())
        })
    };
    // `?replytocom=12#respond` (the drafts page's "Open" of a reply).
    if let Some(id) = location.search.with_untracked(|s| {
        s.split(['?', '&'])
            .find_map(|kv| kv.strip_prefix("replytocom="))
            .and_then(|n| n.parse::<u64>().ok())
    }) {
        reply_to.set(Some((id, String::new())));
    }

    // Permalinks carry the full path: with `<base href>` a bare `#comment-1`
    // would point at the site root.
    let here = format!("{}{}", base_path().trim_end_matches('/'), path);
    let can_reply = open && server.is_some();
    let list = {
        let (here, title) = (here.clone(), title.clone());
        move || {
            park_form();
            let Fetched {
                published,
                awaiting,
                unreachable,
            } = fetched.get();
            let pending: Vec<u64> = awaiting.iter().map(|c| c.id).collect();
            let mut all = merge(&own, published);
            for c in awaiting {
                if !all.iter().any(|o| o.id == c.id) {
                    all.push(Comment {
                        status: CommentStatus::Approved,
                        ..c
                    });
                }
            }
            let threads = build_threads(&all, settings.thread_depth, settings.order);
            let count = shown_count(&threads) - pending.len();
            let wanted = page_param()
                .or_else(|| {
                    linked_comment().and_then(|id| page_of(&threads, settings.per_page, id))
                })
                .unwrap_or(1);
            let shown = comment_page(&threads, settings.per_page, wanted);
            let ctx = Shown {
                page: &here,
                pending: &pending,
                reply: can_reply,
            };
            let lang = &use_site().language;
            let mut html = String::new();
            if count > 0 || open {
                html.push_str(&format!(
                    r#"<h2 class="comments-title">{}</h2>"#,
                    escape(&comments_heading(count, &title))
                ));
            }
            if shown.total_pages > 1 {
                let link = |n: u32, label: &str, rel: &str| {
                    format!(
                        r#"<a href="{}?cpage={n}#comments" rel="{rel}">{label}</a> "#,
                        escape(&here)
                    )
                };
                html.push_str(r#"<nav class="comment-navigation" aria-label="Comment pages">"#);
                if shown.page > 1 {
                    html.push_str(&link(shown.page - 1, "Previous comments", "prev"));
                }
                html.push_str(&format!(
                    "<span>Page {} of {}</span> ",
                    shown.page, shown.total_pages
                ));
                if shown.page < shown.total_pages {
                    html.push_str(&link(shown.page + 1, "Next comments", "next"));
                }
                html.push_str("</nav>");
            }
            html.push_str(r#"<ol class="comment-list">"#);
            for n in shown.threads {
                comment_html(&mut html, n, &ctx, lang);
            }
            html.push_str("</ol>");
            if unreachable {
                html.push_str(r#"<p class="notice">Newer comments could not be loaded from the comment server. Those shown are the article’s own.</p>"#);
            }
            view! { <div class="comment-thread" inner_html=html></div> }
        }
    };

    // After every rebuild of the list or change of reply, the form goes
    // where it belongs.
    Effect::new(move |_| {
        reply_to.track();
        fetched.track();
        location.search.track();
        // And once the form is rendered, if it comes a task after the list
        // (its render effect subscribed first, so it runs first).
        crate::navigation::waits(2);
        after_render(reply_to);
    });

    // "Reply" buttons: one listener for the whole thread.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-reply]").ok().flatten());
        if let Some(b) = button {
            let id = b.get_attribute("data-reply").and_then(|v| v.parse().ok());
            let name = b.get_attribute("data-author").unwrap_or_default();
            if let Some(id) = id {
                reply_to.set(Some((id, name)));
                request_animation_frame(|| {
                    if let Some(t) = document()
                        .get_element_by_id("comment")
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = t.focus();
                    }
                });
            }
        }
    };

    // The form, a task after the list on a cold load (see
    // `navigation::lower_part`). The comment server is asked then too: its
    // comments come later anyway.
    let form = {
        let target = Target {
            key: DraftKey {
                site: comments::site_key(),
                article: slug.clone(),
                parent: None,
            },
            title: title.clone(),
            path: path.clone(),
            uri: uri.clone(),
        };
        let server = server.clone();
        // The form lives on the main thread, as everything here does.
        let reload = send_wrapper::SendWrapper::new(reload);
        lower_part(
            2,
            Box::new(move || {
                reload();
                if !open {
                    return ().into_any();
                }
                view! { <div id="respond-home">{comment_form(target, reply_to, server, reload.take())}</div> }
                    .into_any()
            }),
        )
    };

    view! {
        <section id="comments" class="comments" aria-label="Comments" on:click=on_click>
            {list}
            {form}
            {(!open).then(|| view! { <p class="comments-closed">"Comments are closed."</p> })}
        </section>
    }
}

/// One comment and its replies, as markup: every text escaped, the body
/// sanitized with the comment allowlist. (Markup rather than a view tree
/// per comment: it costs a fraction of the wasm.)
fn comment_html(out: &mut String, node: &ThreadNode, ctx: &Shown, lang: &str) {
    let c = &node.comment;
    let id = comment_anchor(c.id);
    let name = escape(&c.author_name);
    let pending = ctx.pending.contains(&c.id);
    out.push_str(&format!(
        r#"<li id="{id}" class="comment depth-{}"><article class="comment-body" aria-label="Comment by {name}"><footer class="comment-meta"><b class="comment-author">"#,
        node.depth
    ));
    match c.author_url.as_deref().filter(|u| url_is_safe(u)) {
        Some(url) => out.push_str(&format!(
            r#"<a href="{}" rel="nofollow ugc noopener" class="comment-author-link">{name}</a>"#,
            escape(url)
        )),
        None => out.push_str(&name),
    }
    out.push_str(&format!(
        r#"</b> <a class="comment-permalink" href="{}#{id}"><time datetime="{}">{}</time></a>"#,
        escape(ctx.page),
        c.date,
        format_date(c.date.date, lang)
    ));
    if let Some(to) = &node.in_reply_to {
        out.push_str(&format!(
            r#"<span class="in-reply-to"> in reply to {}</span>"#,
            escape(to)
        ));
    }
    out.push_str("</footer>");
    if pending {
        out.push_str(
            r#"<p class="comment-awaiting-moderation">Your comment is awaiting moderation.</p>"#,
        );
    }
    out.push_str(r#"<div class="comment-content">"#);
    out.push_str(&sanitize(&c.text, Allowlist::Comment));
    out.push_str("</div>");
    // Only the server's own comments can be replied to on the server.
    if ctx.reply && !pending && c.id > ISSO_ID_BASE {
        out.push_str(&format!(
            r#"<button type="button" class="comment-reply-link link-button" data-reply="{}" data-author="{name}" aria-label="Reply to {name}">Reply</button>"#,
            c.id
        ));
    }
    out.push_str("</article>");
    if !node.children.is_empty() {
        out.push_str(r#"<ol class="children">"#);
        for child in &node.children {
            comment_html(out, child, ctx, lang);
        }
        out.push_str("</ol>");
    }
    out.push_str("</li>");
}
