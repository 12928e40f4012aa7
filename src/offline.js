// The JavaScript half of the offline layer (src/offline.rs): registers the
// service worker (public/sw.js) and offers its updates, shows the
// online/offline indicator, marks which listed articles open offline, and
// keeps the saved-articles cache ("Save for offline", the /saved/ page).
//
// Saved articles live in the Cache API, in the cache the service worker
// reads ("quire <base> saved"): each article's JSON, carrying what the
// library shows in x-quire-* headers, and its images. Nothing here throws:
// the Cache API, service workers and storage estimates can each be missing
// (plain http, private modes, old browsers), and each feature steps aside.

const base = () => new URL(document.baseURI).pathname;
const abs = (path) => new URL(path, document.baseURI).href;
const $ = (id) => document.getElementById(id);
const el = (tag, attrs, text) => {
  const e = document.createElement(tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text) e.textContent = text;
  return e;
};
const button = (text, attrs) => el("button", { type: "button", class: "button secondary", ...attrs }, text);
const canSave = () => "caches" in self;
const openSaved = () => caches.open(`quire ${base()} saved`);
const isEntry = (url) => /\/data\/(articles|pages)\/[^/]+\.json$/.test(url);
const online = () => navigator.onLine;
const on = (type, f) => addEventListener(type, f);

// Tabs tell each other when the saved set changes.
let channel;
try {
  channel = new BroadcastChannel("quire-saved");
  channel.onmessage = () => refresh();
} catch {}
const changed = () => {
  channel?.postMessage(1);
  refresh();
};
const refresh = () => {
  showToggle();
  library();
};

export function start() {
  indicator();
  // After the page has loaded and the main thread is idle: registering (and
  // the first install's precache) is not needed for the page in view, and
  // at start-up it lengthened the app's first long task.
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(register, { timeout: 2000 }) : setTimeout(register, 200));
  if (document.readyState === "complete") idle();
  else addEventListener("load", idle, { once: true });
  // Saved articles are refreshed in the background while online.
  setTimeout(refreshSaved, 5000);
  on("online", refreshSaved);
}

// Called by the app once each page is rendered.
export function pageReady() {
  library();
  const toggle = $("save-offline");
  if (toggle && canSave()) {
    toggle.onclick = () => flip(toggle, { ...toggle.dataset });
    showToggle().then(() => (toggle.hidden = false));
  }
}

// ---- Online/offline ----------------------------------------------------------------

// "Offline: …" while the browser is offline; "Back online" for a moment after.
function indicator() {
  const status = el("p", { id: "net-status", class: "net-status", role: "status" });
  document.body.append(status);
  let timer;
  const show = () => {
    clearTimeout(timer);
    status.textContent = online() ? "Back online" : "Offline: showing what this device has saved";
    status.hidden = false;
    if (online()) timer = setTimeout(() => (status.hidden = true), 4000);
    markLists();
  };
  status.hidden = true;
  if (!online()) show();
  on("online", show);
  on("offline", show);
}

let observer;
// While offline, each listed article says whether it opens. Lists render
// at any time, so the body is watched while offline; each card is checked
// once (data-offline), and the marks go when the browser is back online.
function markLists() {
  const root = document.body;
  observer?.disconnect();
  if (!canSave()) return;
  for (const card of root.querySelectorAll(".card[data-offline]")) {
    card.classList.remove("unavailable");
    card.querySelector(".offline-mark")?.remove();
    delete card.dataset.offline;
  }
  if (online()) return;
  const mark = () =>
    root.querySelectorAll(".card[data-file]:not([data-offline])").forEach(async (card) => {
      card.dataset.offline = "";
      const ok = await caches.match(abs(card.dataset.file)).catch(() => 0);
      card.classList.toggle("unavailable", !ok);
      card.append(el("p", { class: "offline-mark" }, ok ? "Available offline" : "Not available offline"));
    });
  mark();
  observer ??= new MutationObserver(mark);
  observer.observe(root, { childList: true, subtree: true });
}

// ---- Service worker and updates ----------------------------------------------

async function register() {
  const sw = navigator.serviceWorker;
  let reg;
  try {
    reg = await sw.register(`${base()}sw.js`, { scope: base() });
  } catch (e) {
    // No service worker here (plain http, a policy, a test harness): the
    // site still works online.
    console.info("Offline reading is not available:", e?.message || e);
    return;
  }
  // Only a click on "Reload" reloads, once: no loop, and the first install
  // (no worker before) never reloads.
  let asked, controlled = !!sw.controller;
  // Reloads once, however many signals say the new worker is in charge.
  const reload = () => asked == 1 && (asked = 2) && location.reload();
  sw.addEventListener("controllerchange", () => {
    if (asked) reload();
    // Another tab took the update: this one still runs the old build.
    else if (controlled) offer();
    // The first worker just took over: what this page loaded before it did
    // (the article, the list, their images) goes through it once, so it is
    // kept for offline reading like everything read from now on.
    else
      for (const { name } of performance.getEntriesByType("resource"))
        if (name.startsWith(abs("")) && /\/(data|media)\//.test(name)) fetch(name).catch(() => {});
    controlled = true;
  });
  const offer = () => {
    if (!sw.controller || $("update-banner")) return;
    const banner = el("div", { id: "update-banner", class: "update-banner", role: "status" });
    const go = button("Reload", { class: "button" });
    go.onclick = () => {
      go.disabled = true;
      asked = 1;
      push();
    };
    banner.append(el("span", {}, "A new version is available"), " ", go);
    document.body.append(banner);
  };
  // Asks the waiting worker to take over, and reloads once it has: on this
  // page's controller change (above), on its "activated", or when no worker
  // is left waiting. The ask is repeated: a browser may hold activation
  // back while the old worker is busy, or lose the message to a worker it
  // restarted. Reloading before the switch would only bring the old build
  // back, so that happens only after 30 s, as a last resort.
  let tries = 0;
  const push = () => {
    const w = reg.waiting;
    if (w) {
      w.onstatechange = () => w.state == "activated" && reload();
      w.postMessage("SKIP_WAITING");
    }
    if ((!w && !reg.installing) || ++tries > 15) reload();
    else setTimeout(push, 2000);
  };
  const watch = (worker) => worker?.addEventListener("statechange", () => worker.state == "installed" && offer());
  if (reg.waiting) offer();
  watch(reg.installing);
  reg.onupdatefound = () => watch(reg.installing);
  // A tab may stay open for days: look for a new deploy now and then.
  const check = () => reg.update().catch(() => {});
  setInterval(check, 3600000);
  on("online", check);
}

// ---- Save for offline --------------------------------------------------------

// Header values must be ISO-8859-1: text is stored percent-encoded.
const header = (r, h) => decodeURIComponent(r.headers.get(`x-quire-${h}`) || "");

// The images an article shows (featured image, every <img>/<source> and
// srcset candidate in its body) as absolute URLs. A template loads nothing.
function imagesOf(article) {
  const urls = new Set();
  const add = (u) => u && !u.startsWith("data:") && urls.add(abs(u.trim().split(/\s+/)[0]));
  add(article.meta?.featured_image?.src);
  const t = el("template");
  t.innerHTML = article.body_html || "";
  for (const img of t.content.querySelectorAll("img,source")) {
    add(img.getAttribute("src"));
    (img.getAttribute("srcset") || "").split(",").forEach(add);
  }
  return urls;
}

// Stores an article and its images; `saved` and `updated` carry over from
// an earlier copy. Returns how many images could not be downloaded.
async function store({ file, path, title }, saved = Date.now(), updated) {
  const url = abs(file);
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  const text = await response.text();
  const cache = await openSaved();
  let size = new Blob([text]).size, missed = 0;
  const images = [];
  for (const src of imagesOf(JSON.parse(text))) {
    try {
      const r = await fetch(src);
      if (!r.ok) throw 0;
      const body = await r.blob();
      await cache.put(src, new Response(body, { headers: { "content-type": r.headers.get("content-type") } }));
      size += body.size;
      images.push(src);
    } catch (e) {
      if (e?.name == "QuotaExceededError") throw e;
      missed++;
    }
  }
  const meta = { title, path, saved, size, updated: updated || "", images: JSON.stringify(images) };
  const headers = { "content-type": "application/json" };
  for (const k in meta) headers[`x-quire-${k}`] = encodeURIComponent(meta[k]);
  await cache.put(url, new Response(text, { headers }));
  return missed;
}

async function savedList(cache) {
  const out = [];
  for (const request of await cache.keys()) {
    const r = isEntry(request.url) && (await cache.match(request));
    if (!r) continue;
    const h = (k) => header(r, k);
    out.push({
      url: request.url,
      file: request.url,
      title: h("title"),
      path: h("path") || base(),
      saved: +h("saved"),
      updated: +h("updated"),
      size: +h("size"),
      images: JSON.parse(h("images") || "[]"),
    });
  }
  return out.sort((a, b) => b.saved - a.saved);
}

// Removes saved articles, then every image no remaining one shows (also
// those left by a save that failed half-way).
async function remove(urls) {
  const cache = await openSaved();
  for (const u of urls) await cache.delete(u);
  const keep = new Set();
  for (const e of await savedList(cache)) e.images.forEach((i) => keep.add(i));
  for (const r of await cache.keys()) if (!isEntry(r.url) && !keep.has(r.url)) await cache.delete(r);
}

async function showToggle() {
  const toggle = $("save-offline");
  if (!toggle) return;
  const saved = await openSaved()
    .then((c) => c.match(abs(toggle.dataset.file)))
    .catch(() => 0);
  // A toggle: its name stays; aria-pressed (and a tick) say the state.
  toggle.setAttribute("aria-pressed", !!saved);
}

async function flip(toggle, article) {
  const say = (text, warn) => {
    const status = $("save-status");
    status.textContent = text;
    status.classList.toggle("warning", !!warn);
  };
  toggle.disabled = true;
  try {
    if (toggle.getAttribute("aria-pressed") == "true") {
      await remove([abs(article.file)]);
      say("Removed from your saved articles.");
    } else {
      say("Saving…");
      const missed = await store(article);
      const kept = await navigator.storage?.persist?.().catch(() => 0);
      say(
        "Saved for offline reading" +
          (missed ? `, except ${missed} image${missed > 1 ? "s" : ""} that could not be downloaded.` : ".") +
          (kept ? "" : " The browser may clear it if space runs low."),
        missed,
      );
    }
    changed();
  } catch (e) {
    say(
      "This article was not saved. " +
        (e?.name == "QuotaExceededError"
          ? "There is not enough storage space on this device. Remove saved articles you have read, then try again."
          : `It could not be downloaded (${e?.message || e}).`),
      1,
    );
    await remove([abs(article.file)]).catch(() => {});
  }
  toggle.disabled = false;
  await showToggle();
}

// Fetches a fresh copy of each saved article, at most once an hour; one
// that changed is stored again and flagged "updated since saved".
let lastRefresh = 0;
async function refreshSaved() {
  if (!canSave() || !online() || Date.now() - lastRefresh < 3600000) return;
  lastRefresh = Date.now();
  try {
    const cache = await openSaved();
    let any;
    for (const e of await savedList(cache)) {
      const old = await (await cache.match(e.url)).text();
      const fresh = await fetch(e.url, { cache: "no-cache" });
      if (fresh.ok && (await fresh.text()) != old) {
        await store(e, e.saved, Date.now());
        any = true;
      }
    }
    if (any) changed();
  } catch {}
}

// ---- The library (/saved/) -------------------------------------------------------

const size = (n, i = 0) => (n < 1e3 || i > 2 ? (i ? n.toFixed(1) : Math.ceil(n)) + [" KB", " MB", " GB", " TB"][i] : size(n / 1024, i + 1));
const day = (ms) => new Date(ms).toLocaleDateString(document.documentElement.lang || undefined, { dateStyle: "long" });

// A date written out in full in `lang`, for the app's pages in languages
// other than English (the app writes English dates itself: Intl's first
// call loads locale data, ~150 ms of main thread at a phone's speed).
export const longDate = (y, m, d, lang) =>
  new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang, { dateStyle: "long", timeZone: "UTC" });

// Renders the saved articles into #saved, when the page has it.
async function library() {
  const root = $("saved");
  if (!root) return;
  const status = el("p", { id: "saved-status", role: "status" }, $("saved-status")?.textContent);
  let list;
  try {
    list = await savedList(await openSaved());
  } catch (e) {
    root.replaceChildren(
      el("p", { class: "notice warning" }, canSave()
        ? `Saved articles cannot be read on this device (${e?.message || e}).`
        : "This browser cannot keep articles for offline reading here: it needs a secure (https) connection."),
    );
    return;
  }
  const parts = [];
  if (!list.length) parts.push(el("p", {}, "You have no saved articles. Use “Save for offline” on an article to read it without a connection."));
  else {
    const ul = el("ul", { class: "saved-list" });
    for (const e of list) {
      const quoted = `“${e.title}”`;
      const meta = el("p", { class: "saved-meta" }, `Saved ${day(e.saved)} · ${size(e.size / 1024)}`);
      if (e.updated) meta.append(" · ", el("strong", { class: "badge" }, `Updated since saved (${day(e.updated)})`));
      const remover = button("Remove", { "aria-label": `Remove ${quoted}` });
      remover.onclick = async () => {
        await remove([e.url]).catch(() => {});
        status.textContent = `Removed ${quoted}.`;
        changed();
      };
      const actions = el("p", { class: "saved-actions" });
      actions.append(el("a", { href: e.path, class: "button", "aria-label": `Open ${quoted}` }, "Open"), " ", remover);
      const h = el("h2", { class: "saved-title" });
      h.append(el("a", { href: e.path }, e.title));
      const li = el("li", { class: "saved" });
      li.append(h, meta, actions);
      ul.append(li);
    }
    const all = button("Remove all");
    all.onclick = () => {
      const ask = el("p", { class: "notice", role: "alert" }, `Remove all ${list.length} saved articles from this device? `);
      const yes = button("Yes, remove all", { class: "button" });
      const no = button("Cancel");
      yes.onclick = async () => {
        await remove(list.map((e) => e.url)).catch(() => {});
        status.textContent = "All saved articles were removed.";
        changed();
      };
      no.onclick = () => {
        ask.remove();
        all.focus();
      };
      ask.append(yes, " ", no);
      all.after(ask);
      yes.focus();
    };
    const actions = el("p", { class: "saved-actions" });
    actions.append(all);
    parts.push(ul, actions);
  }
  const usage = el("p", { class: "saved-usage" }, `Saved articles: ${list.length} (${size(list.reduce((n, e) => n + e.size, 0) / 1024)}).`);
  try {
    const { usage: used, quota } = await navigator.storage.estimate();
    usage.append(
      ` This site uses ${size(used / 1024)} of this device’s storage; ${size((quota - used) / 1024)} more is available.`,
      (await navigator.storage.persisted()) ? " Saved articles stay until you remove them." : " The browser may clear them if the device runs low on space.",
    );
  } catch {}
  root.replaceChildren(...parts, usage, status);
}
