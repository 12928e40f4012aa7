//! Browser storage: a string key-value store in IndexedDB (see
//! `storage.js` for why not localStorage), with every write announced to the
//! other tabs, and a lock held across tabs.
//!
//! Storage can be missing or refuse a write at any time (private mode, a
//! full disk, a disabled setting, a damaged database). Every call returns a
//! [`StorageError`] for the caller to show; none throws or panics.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/storage.js")]
extern "C" {
    #[wasm_bindgen(js_name = put)]
    fn js_put(key: &str, value: &str) -> Promise;
    #[wasm_bindgen(js_name = del)]
    fn js_del(key: &str) -> Promise;
    #[wasm_bindgen(js_name = all)]
    fn js_all(prefix: &str) -> Promise;
    #[wasm_bindgen(js_name = listen)]
    fn js_listen(f: &Closure<dyn FnMut(String, Option<String>)>);
    #[wasm_bindgen(js_name = lock)]
    fn js_lock(name: &str) -> Promise;
    #[wasm_bindgen(js_name = rescue)]
    fn js_rescue(key: &str, value: Option<String>);
    #[wasm_bindgen(js_name = rescued)]
    fn js_rescued(key: &str) -> Option<String>;
    #[wasm_bindgen(js_name = copy)]
    fn js_copy(field: &web_sys::Element);
}

/// Why storage could not be used, in the browser's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StorageError(pub String);

async fn wait(p: Promise) -> Result<JsValue, StorageError> {
    JsFuture::from(p).await.map_err(|e| {
        StorageError(
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "storage is not available".to_owned()),
        )
    })
}

/// A change to a stored key: its new value, or `None` when deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub key: String,
    pub value: Option<String>,
}

type Listener = Rc<dyn Fn(&Change)>;

thread_local! {
    static LISTENERS: RefCell<Vec<(u32, Listener)>> = {
        // The first subscriber starts listening to the other tabs; the
        // closure lives as long as the page.
        let on_message = Closure::<dyn FnMut(String, Option<String>)>::new(|key, value| {
            announce(Change { key, value });
        });
        js_listen(&on_message);
        on_message.forget();
        RefCell::new(Vec::new())
    };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// Calls `f` with every change to stored data, by this tab or another,
/// until the calling view is cleaned up. (Plain callbacks rather than a
/// signal and effects: each effect costs about 1 KB of wasm.)
pub fn follow(f: impl Fn(&Change) + 'static) {
    let id = NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    LISTENERS.with_borrow_mut(|l| l.push((id, Rc::new(f))));
    on_cleanup(move || {
        let _ = LISTENERS.try_with(|l| l.borrow_mut().retain(|(i, _)| *i != id));
    });
}

fn announce(change: Change) {
    // Listeners may add or remove listeners: call a snapshot.
    let now: Vec<Listener> = LISTENERS.with_borrow(|l| l.iter().map(|(_, f)| f.clone()).collect());
    for f in now {
        f(&change);
    }
}

/// Stores `value` under `key`. The write starts now, not when the future
/// is first polled: saving from `pagehide` must start before the page goes.
pub fn put(key: &str, value: &str) -> impl std::future::Future<Output = Result<(), StorageError>> {
    let started = js_put(key, value);
    let change = Change {
        key: key.to_owned(),
        value: Some(value.to_owned()),
    };
    async move {
        wait(started).await?;
        announce(change);
        Ok(())
    }
}

/// Deletes `key` (deleting a missing key succeeds), and any copy of it
/// [`rescue`] kept; starts at once, as [`put`].
pub fn delete(key: &str) -> impl std::future::Future<Output = Result<(), StorageError>> {
    js_rescue(key, None);
    let started = js_del(key);
    let change = Change {
        key: key.to_owned(),
        value: None,
    };
    async move {
        wait(started).await?;
        announce(change);
        Ok(())
    }
}

/// Every stored entry whose key starts with `prefix`.
pub async fn all(prefix: &str) -> Result<Vec<(String, String)>, StorageError> {
    let flat = Array::from(&wait(js_all(prefix)).await?);
    let mut out = Vec::with_capacity(flat.length() as usize / 2);
    for i in (0..flat.length()).step_by(2) {
        if let (Some(k), Some(v)) = (flat.get(i).as_string(), flat.get(i + 1).as_string()) {
            out.push((k, v));
        }
    }
    Ok(out)
}

/// The value stored under exactly `key`.
pub async fn get(key: &str) -> Result<Option<String>, StorageError> {
    Ok(all(key)
        .await?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v))
}

/// Holds the named lock, across tabs, until the returned guard is dropped.
pub async fn lock(name: &str) -> Lock {
    Lock(wait(js_lock(name)).await.ok().map(Function::from))
}

/// A held [`lock`]; released when dropped.
pub struct Lock(Option<Function>);

impl Drop for Lock {
    fn drop(&mut self) {
        if let Some(release) = &self.0 {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

/// Copies the text of a form field to the clipboard, or, where the
/// clipboard is not available, selects it for the reader to copy.
pub fn copy(field: &web_sys::Element) {
    js_copy(field);
}

/// Keeps `value` under `key` in localStorage, synchronously (`None`:
/// forgets it): the copy of a draft that survives a page going away before
/// its IndexedDB write finished. Never fails.
pub fn rescue(key: &str, value: Option<&str>) {
    js_rescue(key, value.map(str::to_owned));
}

/// What [`rescue`] kept under `key`.
pub fn rescued(key: &str) -> Option<String> {
    js_rescued(key)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}
