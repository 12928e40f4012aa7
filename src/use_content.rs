//! `use_content`: a content file as a reactive value.

use leptos::prelude::*;
use leptos::task::spawn_local;
use quire_core::json::FromJson;

use crate::api::{self, FetchError};

/// What [`use_content`] returns.
pub struct UseContentReturn {
    /// `None` while loading, then the file's text or why it failed; read it
    /// with [`parsed`].
    pub data: ReadSignal<Option<Result<String, FetchError>>>,
    /// The file's path (for [`parsed`]).
    pub file: String,
    /// Loads the file again (after a network or server failure).
    pub retry: Callback<()>,
}

/// The loaded text read as `T` (`None` while loading). Parsing happens in
/// the view that shows it, once per load: the signal holds text, so one
/// signal type and one loader serve every kind of file (a signal of each
/// parsed type cost about 1 KB of wasm apiece).
pub fn parsed<T: FromJson>(
    file: &str,
    data: Option<Result<String, FetchError>>,
) -> Option<Result<T, FetchError>> {
    data.map(|r| r.and_then(|body| api::decode::<T>(file, &body)))
}

/// Loads and parses one content file. A file already in the cache is parsed
/// synchronously, so revisits and back/forward paint in the same frame.
///
/// A plain signal fed by a spawned task, rather than a `LocalResource`: no
/// Suspense or transitions are used, and the resource machinery costs several KB
/// of wasm. The network half is one non-generic future for every content
/// type. If the page is left before the answer arrives, the signal is
/// disposed and the late answer is dropped (`set` on a disposed signal is a
/// no-op).
pub fn use_content(file: String) -> UseContentReturn {
    // The cache only holds files that were valid when fetched this session;
    // a reload fetches fresh ones.
    let cached = api::cached(&file).map(Ok);
    let loaded = cached.is_some();
    let data = RwSignal::new(cached);
    let path = file.clone();
    let retry = Callback::new(move |()| {
        data.set(None);
        let file = path.clone();
        spawn_local(async move {
            data.set(Some(api::fetch_text(file).await));
        });
    });
    if !loaded {
        retry.run(());
    }
    UseContentReturn {
        data: data.read_only(),
        file,
        retry,
    }
}
