//! One calm view per kind of failure, each with a way forward.

use leptos::prelude::*;
use quire_core::ContentError;

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
    // Text as escaped markup; only the button needs a view of its own.
    let mut body = format!("<p>{}</p>", escape(&message));
    if let Some(d) = detail {
        body.push_str(&format!(
            r#"<pre class="error-detail"><code>{}</code></pre>"#,
            escape(&d)
        ));
    }
    let home = format!(
        r#"<a href="{}" class="button secondary">Go to the home page</a>"#,
        escape(&url("/"))
    );
    view! {
        <PageMeta title=title description=message path="/404/" />
        <section class="error-view" data-error=kind aria-labelledby="error-title">
            <PageHeading text=title />
            <div inner_html=body></div>
            <p class="error-actions">
                {retry.map(|r| view! {
                    <button type="button" class="button" on:click=move |_| r.run(())>"Try again"</button>
                })}
                <span inner_html=home></span>
            </p>
        </section>
    }
}
