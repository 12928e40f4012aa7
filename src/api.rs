//! Fetching content files. Every failure is mapped to a typed [`FetchError`]
//! that the views turn into a calm, specific message.
//!
//! Paths are relative (`data/site.json`), so the browser resolves them
//! against the document's `<base href>`: the same build works at `/` and
//! under `/blog/`.

use std::cell::RefCell;

use gloo_net::http::Request;
use quire_core::json::FromJson;
use quire_core::parse::read;
use quire_core::ContentError;

/// Why a content file could not be shown.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// A 404/410, or an HTML fallback page where JSON was expected.
    #[error("{file} does not exist")]
    NotFound { file: String },
    /// The request never got an answer (offline, DNS, CORS, aborted).
    #[error("could not reach the server to load {file}")]
    Network { file: String },
    /// The server answered with an error status.
    #[error("the server answered {status} for {file}")]
    Server { file: String, status: u16 },
    /// The file arrived but is not valid content.
    #[error(transparent)]
    Content(ContentError),
}

/// Bodies of recently fetched files, so that back/forward and revisits
/// render at once, without waiting on the network. Bounded in bytes as well
/// as in entries: wasm memory never shrinks, so the cache must fill up
/// within a few pages and then stay flat (`make bench` measures it over 100
/// articles).
const CACHE_ENTRIES: usize = 16;
const CACHE_BYTES: usize = 96 * 1024;

thread_local! {
    static CACHE: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// The body of `file` if it was fetched (and was valid) recently.
pub fn cached(file: &str) -> Option<String> {
    CACHE.with_borrow(|c| c.iter().find(|(k, _)| k == file).map(|(_, v)| v.clone()))
}

fn remember(file: &str, body: &str) {
    CACHE.with_borrow_mut(|c| {
        c.retain(|(k, _)| k != file);
        if body.len() > CACHE_BYTES / 2 {
            return; // one huge file would push every other one out
        }
        let mut total: usize = c.iter().map(|(_, v)| v.len()).sum::<usize>() + body.len();
        while !c.is_empty() && (c.len() >= CACHE_ENTRIES || total > CACHE_BYTES) {
            total -= c.remove(0).1.len();
        }
        c.push((file.to_owned(), body.to_owned()));
    });
}

/// Fetches the text of a content file from the network (callers consult
/// [`cached`] first). One non-generic future for every kind of file keeps
/// the wasm small; parsing happens in [`decode`].
pub async fn fetch_text(file: String) -> Result<String, FetchError> {
    let resp = Request::get(&file)
        .send()
        .await
        .map_err(|_| FetchError::Network { file: file.clone() })?;
    match resp.status() {
        200..=299 => {}
        404 | 410 => return Err(FetchError::NotFound { file }),
        status => return Err(FetchError::Server { file, status }),
    }
    resp.text().await.map_err(|_| FetchError::Network { file })
}

/// Reads a fetched body (see `quire_core::parse::read`); remembers it when
/// readable.
pub fn decode<T: FromJson>(file: &str, body: &str) -> Result<T, FetchError> {
    match read::<T>(file, body) {
        Ok(value) => {
            remember(file, body);
            Ok(value)
        }
        Err(ContentError::HtmlInsteadOfJson { file }) => Err(FetchError::NotFound { file }),
        Err(e) => Err(FetchError::Content(e)),
    }
}

/// An answer from the comment server: its status (0 when there was no
/// answer at all: offline, refused, blocked by CORS) and body.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Sends a request to the comment server. `body`: a JSON `POST`; `None`: a
/// `GET`. Never fails: no answer is status 0, which callers treat as
/// "try again later".
pub async fn comment_server(url: &str, body: Option<String>) -> Answer {
    let request = match body {
        Some(json) => Request::post(url)
            .header("Content-Type", "application/json")
            .body(json),
        None => Request::get(url).build(),
    };
    let resp = match request {
        Ok(r) => r.send().await.ok(),
        Err(_) => None,
    };
    match resp {
        Some(r) => Answer {
            status: r.status(),
            body: r.text().await.unwrap_or_default(),
        },
        None => Answer {
            status: 0,
            body: String::new(),
        },
    }
}
