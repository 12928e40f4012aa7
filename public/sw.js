// Quire's service worker: the app shell offline, content network-first,
// images and recently read articles kept at runtime, saved articles never
// touched. ARCHITECTURE.md ("Offline") explains each strategy.
//
// The build (scripts/post_build.py) replaces the BUILD line: the cache
// version (a hash of every precached file), the precache list (paths
// relative to the scope) and how many recently read articles to keep. A
// new build therefore changes this file, which is how browsers learn of a
// new deploy. Never edit the list by hand.
const BUILD = { version: "dev", shell: [], recent: 20 }; // replaced by the build

// One origin may host several Quire sites (`/` and `/blog/`): every cache
// name carries the scope. The page (src/offline.js) builds the same names.
const SCOPE = self.registration.scope;
const BASE = new URL(SCOPE).pathname;
const name = (kind) => `quire ${BASE} ${kind}`;
const SHELL = name(`shell ${BUILD.version}`);
const PAGES = name("pages"); // content read online: recent articles, listings
const IMAGES = name("images"); // images seen while reading
const SAVED = name("saved"); // "Save for offline": only the reader removes these
// Lookup order for content: the newest copy first.
const CONTENT = [PAGES, SAVED, SHELL];

// Runtime limits. Articles: BUILD.recent; other content (listings, site.json).
const MAX_OTHER = 60;
const MAX_IMAGES = 120;
const MAX_IMAGE_BYTES = 40 * 1024 * 1024;
// Network-first waits this long before answering from the cache.
const TIMEOUT_MS = 3000;

self.addEventListener("install", (event) => {
  // All or nothing: a missing file fails the install and the old worker stays.
  // `cache: "reload"` skips the HTTP cache, so the files are this build's.
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(BUILD.shell.map((p) => new Request(new URL(p, SCOPE), { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Old shells go; saved articles, recent content and images stay.
      for (const key of await caches.keys()) {
        if (key.startsWith(name("shell ")) && key !== SHELL) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

// The page sends this when the reader clicks "Reload" on the update banner.
self.addEventListener("message", (event) => {
  if (event.data === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
  const path = url.pathname.slice(BASE.length);
  if (path === "sw.js") return;
  // Feeds live at WordPress's addresses (feed/, category/x/feed/atom/).
  const feed = /(^|\/)feed\/(atom\/)?$/.test(path);
  if (request.mode === "navigate" && !feed && !/\.[a-z0-9]+$/i.test(path)) {
    // Every route is the app shell: deep links open offline, and the HTML
    // always matches the wasm cached with it.
    event.respondWith(fromCache(new URL("shell.html", SCOPE), [SHELL]).then((hit) => hit || fetch(request)));
  } else if (path.startsWith("data/")) {
    event.respondWith(networkFirst(event, request, path));
  } else if (request.destination === "image" || path.startsWith("media/")) {
    event.respondWith(image(event, request));
  } else {
    event.respondWith(fromCache(request, [SHELL, IMAGES]).then((hit) => hit || fetch(request)));
  }
});

async function fromCache(request, names) {
  for (const cacheName of names) {
    const hit = await caches.match(request, { cacheName });
    if (hit) return hit;
  }
  return undefined;
}

// Content: the network's answer when it comes within TIMEOUT_MS, otherwise
// the newest cached copy; with no copy, the network however long it takes.
// A 404 from the server is an answer (the article is gone), not a failure.
async function networkFirst(event, request, path) {
  const network = fetch(request);
  event.waitUntil(
    network
      .then((response) => response.ok && response.clone().blob().then((body) => remember(request, response, body, path)))
      .catch(() => {}),
  );
  const late = new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS)).then(async () => {
    return (await fromCache(request, CONTENT)) || network;
  });
  try {
    return await Promise.race([network, late]);
  } catch {
    return (await fromCache(request, CONTENT)) || Response.error();
  }
}

// Keeps content read online: the newest BUILD.recent articles and pages,
// and the newest MAX_OTHER other files.
async function remember(request, response, body, path) {
  const cache = await caches.open(PAGES);
  await cache.delete(request); // re-added last: the order is least recent first
  await put(cache, request, response, body);
  const keys = await cache.keys();
  const isEntry = (k) => /\/data\/(articles|pages)\//.test(k.url);
  const entries = keys.filter(isEntry);
  const others = keys.filter((k) => !isEntry(k));
  const old = [
    ...entries.slice(0, Math.max(0, entries.length - BUILD.recent)),
    ...others.slice(0, Math.max(0, others.length - MAX_OTHER)),
  ];
  await Promise.all(old.map((k) => cache.delete(k)));
}

// Images: a saved or seen copy first (they never change at one URL in
// practice), else the network, keeping same-origin answers within the caps.
async function image(event, request) {
  const hit = await fromCache(request, [SAVED, IMAGES, SHELL]);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    event.waitUntil(
      response
        .clone()
        .blob()
        .then(async (body) => {
          const cache = await caches.open(IMAGES);
          await put(cache, request, response, body);
          await trimImages(cache);
        })
        .catch(() => {}),
    );
  }
  return response;
}

async function trimImages(cache) {
  const keys = await cache.keys();
  let bytes = 0;
  const sizes = [];
  for (const k of keys) {
    const r = await cache.match(k);
    const n = Number(r?.headers.get("x-quire-size")) || 0;
    sizes.push(n);
    bytes += n;
  }
  for (let i = 0, count = keys.length; i < keys.length && (count > MAX_IMAGES || bytes > MAX_IMAGE_BYTES); i++) {
    await cache.delete(keys[i]);
    count--;
    bytes -= sizes[i];
  }
}

// Stores a copy with its size. A full disk evicts old runtime entries and
// tries once more; if that fails too, the copy is simply not kept. The page
// already has its answer either way.
async function put(cache, request, response, body) {
  const store = () => {
    const headers = new Headers(response.headers);
    headers.set("x-quire-size", String(body.size));
    return cache.put(request, new Response(body, { status: response.status, headers }));
  };
  try {
    await store();
  } catch (error) {
    if (error?.name !== "QuotaExceededError") return;
    await evict();
    await store().catch(() => {});
  }
}

// Frees space: every runtime image, and the older half of recent content.
async function evict() {
  await caches.delete(IMAGES);
  const cache = await caches.open(PAGES);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.ceil(keys.length / 2)).map((k) => cache.delete(k)));
}
