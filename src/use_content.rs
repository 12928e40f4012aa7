//! `use_content`: a content file as a reactive value.

use leptos::prelude::*;
use leptos::task::spawn_local;
use quire_core::json::FromJson;
use quire_core::parse::Validate;

use crate::api::{self, FetchError};

/// What [`use_content`] returns.
pub struct UseContentReturn<T: Send + Sync + 'static> {
    /// `None` while loading, then the parsed file or why it failed.
    pub data: Signal<Option<Result<T, FetchError>>>,
    /// Loads the file again (after a network or server failure).
    pub retry: Callback<()>,
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
pub fn use_content<T>(file: String) -> UseContentReturn<T>
where
    T: FromJson + Validate + Send + Sync + 'static,
{
    // The cache only holds files that were valid when fetched this session;
    // a reload fetches fresh ones.
    let cached = api::cached(&file).map(|body| api::decode::<T>(&file, &body));
    let loaded = cached.is_some();
    let data = RwSignal::new(cached);
    let retry = Callback::new(move |()| {
        data.set(None);
        let file = file.clone();
        spawn_local(async move {
            let result = api::fetch_text(file.clone()).await;
            data.set(Some(result.and_then(|body| api::decode::<T>(&file, &body))));
        });
    });
    if !loaded {
        retry.run(());
    }
    UseContentReturn {
        data: data.into(),
        retry,
    }
}
