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
pub fn use_content<T>(file: String) -> UseContentReturn<T>
where
    T: FromJson + Validate + Clone + PartialEq + Send + Sync + 'static,
{
    if let Some(body) = api::cached(&file) {
        // The cache only holds files that were valid when fetched this
        // session; a reload fetches fresh ones.
        return UseContentReturn {
            data: Signal::stored(Some(api::decode::<T>(&file, &body))),
            retry: Callback::new(|()| {}),
        };
    }
    let (body, retry) = fetch_body(file.clone());
    let data = Memo::new(move |_| {
        body.with(|b| {
            b.as_ref().map(|r| {
                r.as_ref()
                    .map_err(Clone::clone)
                    .and_then(|s| api::decode::<T>(&file, s))
            })
        })
    });
    UseContentReturn {
        data: data.into(),
        retry,
    }
}

/// The network half, shared by every content type (one copy in the wasm):
/// a signal that holds the body once it arrives, and a way to fetch again.
///
/// A plain signal fed by a spawned task, rather than a `LocalResource`: no
/// Suspense or transitions are used, and the resource machinery costs ~12 KB
/// of wasm. If the page is left before the answer arrives, the signal is
/// disposed and the late answer is dropped (`set` on a disposed signal is a
/// no-op).
fn fetch_body(file: String) -> (RwSignal<Option<Result<String, FetchError>>>, Callback<()>) {
    let body = RwSignal::new(None);
    let load = Callback::new(move |()| {
        body.set(None);
        let file = file.clone();
        spawn_local(async move { body.set(Some(api::fetch_text(file).await)) });
    });
    load.run(());
    (body, load)
}
