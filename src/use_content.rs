//! `use_content`: a content file as a reactive value.

use leptos::prelude::*;
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
/// synchronously, so revisits and back/forward paint in the same frame; the
/// network path is one shared, non-generic future for every content type.
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
    let name = file.clone();
    let resource = LocalResource::new(move || api::fetch_text(file.clone()));
    let data = Memo::new(move |_| {
        resource
            .get()
            .map(|body| body.and_then(|body| api::decode::<T>(&name, &body)))
    });
    UseContentReturn {
        data: data.into(),
        retry: Callback::new(move |()| resource.refetch()),
    }
}
