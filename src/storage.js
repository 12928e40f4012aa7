// The JavaScript half of the storage layer (src/storage.rs): a string
// key-value store in IndexedDB, a BroadcastChannel that tells other tabs
// about every write, and a cross-tab lock.
//
// IndexedDB, not localStorage: a draft must survive a crashed browser, and
// localStorage reaches the disk seconds late (measured in Chromium: gone
// after a kill 3 s after the last keystroke), while an IndexedDB write with
// strict durability survived a kill 0.5 s after.
//
// Every function returns a Promise and never throws synchronously: storage
// can be missing or refuse (private mode, quota, disabled), and the Rust
// side turns a rejection into a visible warning.

let db, handle;
const open = () =>
  (db ??= new Promise((ok, fail) => {
    const r = indexedDB.open("quire", 1);
    r.onupgradeneeded = () => r.result.createObjectStore("kv");
    r.onsuccess = () => ok((handle = r.result));
    r.onerror = () => fail(r.error);
    r.onblocked = () => fail(new Error("the database is blocked by another tab"));
  }).catch((e) => {
    db = undefined;
    throw e;
  }));

const run = (d, mode, f) =>
  new Promise((ok, fail) => {
    const t = d.transaction("kv", mode, { durability: "strict" });
    let out;
    t.oncomplete = () => ok(out);
    t.onerror = t.onabort = () => fail(t.error || new Error("the write was aborted"));
    out = f(t.objectStore("kv"));
  });

// Once the database is open, a transaction starts synchronously, inside the
// caller's event: a save from `pagehide` must not wait for a later task.
const tx = (mode, f) => {
  try {
    return handle ? run(handle, mode, f) : open().then((d) => run(d, mode, f));
  } catch (e) {
    return Promise.reject(e);
  }
};

let channel;
const chan = () => {
  try {
    return (channel ??= new BroadcastChannel("quire"));
  } catch {
    return null;
  }
};

// Stores `value` under `key`, then tells the other tabs.
export const put = (key, value) =>
  tx("readwrite", (s) => void s.put(value, key)).then(() => chan()?.postMessage([key, value]));

// Deletes `key`, then tells the other tabs (value null).
export const del = (key) =>
  tx("readwrite", (s) => void s.delete(key)).then(() => chan()?.postMessage([key, null]));

// Every entry whose key starts with `prefix`, as [key, value, key, value, …].
export const all = (prefix) =>
  tx("readonly", (s) => {
    const out = [];
    s.openCursor(IDBKeyRange.bound(prefix, prefix + "\uffff")).onsuccess = (e) => {
      const c = e.target.result;
      if (c) {
        out.push(c.key, c.value);
        c.continue();
      }
    };
    return out;
  });

// Calls f(key, value or null) for every write made in another tab.
export const listen = (f) => {
  const c = chan();
  if (c) c.onmessage = (e) => f(e.data[0], e.data[1]);
};

// Waits for the named lock, held across tabs, and resolves with the
// function that releases it. Without the Web Locks API, resolves at once.
export const lock = (name) =>
  new Promise((got) =>
    navigator.locks
      ? navigator.locks.request(name, () => new Promise((release) => got(release)))
      : got(() => {}),
  );

// A copy in localStorage, written at every keystroke: its write is
// synchronous, so it is there even if the page goes before an IndexedDB
// write finishes. The next load moves it to IndexedDB.
export const rescue = (key, value) => {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {}
};
export const rescued = (key) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};

// Copies a field's text to the clipboard (the "Copy text" of the storage
// warning), or selects it where the clipboard is not available.
export const copy = (field) =>
  Promise.resolve()
    .then(() => navigator.clipboard.writeText(field.value))
    .catch(() => {
      field.focus();
      field.select();
    });
