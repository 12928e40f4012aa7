//! The discussion under an article, threaded as in WordPress.

use leptos::prelude::*;
use quire_core::sanitize::Allowlist;
use quire_core::text::comments_heading;
use quire_core::thread::{build_threads, shown_count, ThreadNode};
use quire_core::Comment;

use super::page::{use_site, Date, SafeHtml};

/// "N thoughts on “Title”" and the nested comments, or the invitation to be
/// first; says so when comments are closed.
#[component]
pub fn CommentThread(
    /// Every comment of the article, in any order; unapproved ones are hidden.
    comments: Vec<Comment>,
    /// The article title, for the heading.
    #[prop(into)]
    title: String,
    /// Whether the article still takes comments.
    open: bool,
) -> impl IntoView {
    let settings = use_site().comments.clone();
    let threads = build_threads(&comments, settings.thread_depth, settings.order);
    let count = shown_count(&threads);
    // Permalinks carry the full path: with `<base href>` a bare `#comment-1`
    // would point at the site root.
    let page = window().location().pathname().unwrap_or_default();
    if count == 0 && !open {
        return view! {
            <section class="comments" aria-label="Comments">
                <p class="comments-closed">"Comments are closed."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="comments" aria-labelledby="comments-title">
            <h2 id="comments-title" class="comments-title">{comments_heading(count, &title)}</h2>
            <ol class="comment-list">{threads.into_iter().map(|n| comment_item(n, &page)).collect_view()}</ol>
            {(!open).then(|| view! { <p class="comments-closed">"Comments are closed."</p> })}
        </section>
    }
    .into_any()
}

fn comment_item(node: ThreadNode, page: &str) -> AnyView {
    let c = node.comment;
    let id = format!("comment-{}", c.id);
    let author = match c.author_url {
        Some(url) => view! { <a href=url rel="nofollow ugc noopener" class="comment-author-link">{c.author_name}</a> }.into_any(),
        None => c.author_name.into_any(),
    };
    let children = (!node.children.is_empty()).then(|| {
        view! { <ol class="children">{node.children.into_iter().map(|n| comment_item(n, page)).collect_view()}</ol> }
    });
    view! {
        <li id=id.clone() class=format!("comment depth-{}", node.depth)>
            <article class="comment-body" aria-label=format!("Comment {}", c.id)>
                <footer class="comment-meta">
                    <b class="comment-author">{author}</b>
                    " "
                    <a class="comment-permalink" href=format!("{page}#{id}")>
                        <Date date=c.date.date iso=c.date.to_string() />
                    </a>
                    {node.in_reply_to.map(|to| view! { <span class="in-reply-to">" in reply to " {to}</span> })}
                </footer>
                <SafeHtml html=c.text list=Allowlist::Comment class="comment-content" />
            </article>
            {children}
        </li>
    }
    .into_any()
}
