//! One calm view per kind of failure, each with a way forward.

use leptos::prelude::*;
use quire_core::ContentError;
use wasm_bindgen::JsCast;

use super::page::{PageHeading, PageMeta};
use crate::api::FetchError;
use crate::app::url;
use crate::html::escape;

/// Shows why a page could not be displayed, and what the reader can do.
#[component]
pub fn ErrorView(
    /// What went wrong.
    error: FetchError,
    /// Loads the page again; offered for failures that may be temporary.
    #[prop(optional)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    let (kind, title, message, detail, can_retry) = match &error {
        FetchError::NotFound { .. } => (
            "not-found",
            "Page not found",
            "There is nothing at this address. The page may have moved, or the link may be mistyped.".to_owned(),
            None,
            false,
        ),
        FetchError::Network { .. } if crate::offline::is_offline() => (
            "offline",
            "Not available offline",
            "You are offline, and this page is not saved on this device. Your saved articles are listed under Saved.".to_owned(),
            None,
            true,
        ),
        FetchError::Network { .. } => (
            "network",
            "Can’t reach the site",
            "This page could not be loaded because the connection failed. Check that you are online, then try again.".to_owned(),
            None,
            true,
        ),
        FetchError::Server { status, .. } => (
            "server",
            "The server had a problem",
            format!("The server answered with an error (HTTP {status}) while loading this page. This is usually temporary."),
            None,
            true,
        ),
        FetchError::Content(ContentError::UnsupportedVersion { found, supported, .. }) => (
            "version",
            "This page needs a newer Quire",
            format!("The content uses format version {found}, but this reader understands version {supported}. Reloading usually fetches the newer reader."),
            Some(error.to_string()),
            true,
        ),
        FetchError::Content(e) => (
            "malformed",
            "This page’s content is damaged",
            format!("The file {} is malformed, so this page cannot be shown. The rest of the site is not affected.", e.file()),
            Some(e.to_string()),
            false,
        ),
    };
    let retry = retry.filter(|_| can_retry);
    // All of it as escaped markup (a view per part costs wasm); the
    // section's one listener serves the "Try again" button.
    let mut body = format!("<p>{}</p>", escape(&message));
    if let Some(d) = detail {
        body.push_str(&format!(
            r#"<pre class="error-detail"><code>{}</code></pre>"#,
            escape(&d)
        ));
    }
    body.push_str(r#"<p class="error-actions">"#);
    if retry.is_some() {
        body.push_str(r#"<button type="button" class="button" data-retry>Try again</button> "#);
    }
    if kind == "offline" {
        body.push_str(&format!(
            r#"<a href="{}" class="button">See saved articles</a> "#,
            escape(&url("/saved/"))
        ));
    }
    body.push_str(&format!(
        r#"<a href="{}" class="button secondary">Go to the home page</a></p>"#,
        escape(&url("/"))
    ));
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let on_retry = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|t| t.has_attribute("data-retry"));
        if let (true, Some(r)) = (on_retry, retry) {
            r.run(());
        }
    };
    view! {
        <PageMeta title=title description=message path="/404/" />
        <section class="error-view" data-error=kind aria-labelledby="error-title" on:click=on_click>
            <PageHeading text=title />
            <div inner_html=body></div>
        </section>
    }
}
