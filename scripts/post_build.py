#!/usr/bin/env python3
"""Trunk post_build hook: finishes the release folder so any static host can
serve it as-is.

1. Shrinks the app: removes wasm exports nothing calls (wasm-streams,
   pulled in by leptos's server-function client that Quire never uses,
   exports three JS classes, and exports are roots no optimizer may drop),
   then minifies wasm-bindgen's JS glue with terser (trunk's own minifier
   cannot parse it). Together about 2.8 KB brotli.
2. Moves trunk's inline boot <script> into a content-hashed file, so the
   site runs under a strict Content-Security-Policy (`script-src 'self'`)
   without per-build hash pinning, and old HTML never loads new code.
3. Keeps the app shell as shell.html, and writes the deep-link fallbacks
   to it: 404.html (GitHub Pages, a copy) and _redirects (Netlify,
   Cloudflare Pages), both honouring the public URL (base path).
4. Makes the site work offline and installable: writes the web app
   manifest from site.json, and fills the service worker (sw.js) with this
   build's precache list and a cache version (a hash of those files), which
   also goes into shell.html (and so every page) as <meta name="quire-build">.
5. Writes a static entry page per article and page, and the home page
   (`quire pages`: the article's text or the home listing's first page,
   and link-preview tags, in a copy of shell.html).
6. Pre-compresses text assets as .gz and .br for gzip_static/brotli_static.

Runs in trunk's staging folder (TRUNK_STAGING_DIR), or on a folder given as
the first argument.
"""

import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

COMPRESSIBLE = {".html", ".js", ".wasm", ".css", ".json", ".svg", ".xml", ".txt", ".webmanifest"}
# JS classes wasm-bindgen exports for wasm-streams; never constructed here.
UNUSED_CLASSES = ("IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource")
INLINE_MODULE = re.compile(r'<script type="module"(?P<attrs>[^>]*)>(?P<body>.*?)</script>', re.S)


def leb128(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def uleb(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def wasm_name(data: bytes, i: int) -> tuple[str, int]:
    length, i = leb128(data, i)
    return data[i : i + length].decode(), i + length


def import_desc_end(data: bytes, i: int) -> int:
    """The end of an import's descriptor (kind byte and type) at `i`."""
    kind, i = data[i], i + 1

    def limits(i: int) -> int:
        flags = data[i]
        _, i = leb128(data, i + 1)
        if flags & 1:
            _, i = leb128(data, i)
        return i

    if kind == 0:  # function: type index
        return leb128(data, i)[1]
    if kind == 1:  # table: reference type, limits
        return limits(i + 1)
    if kind == 2:  # memory: limits
        return limits(i)
    if kind == 3:  # global: value type, mutability
        return i + 2
    if kind == 4:  # tag: attribute, type index
        return leb128(data, i + 1)[1]
    sys.exit(f"post_build: unknown wasm import kind {kind}")


def rename_imports(data: bytes, modules: dict[str, str], fields: dict[tuple[str, str], str]) -> tuple[bytes, list[tuple[str, str]]]:
    """Rewrites the import section with new module and field names; also
    returns the (module, field) pairs it found."""
    out, found, i = bytearray(data[:8]), [], 8
    while i < len(data):
        section = data[i]
        size, j = leb128(data, i + 1)
        end = j + size
        if section != 2:
            out += data[i:end]
            i = end
            continue
        count, k = leb128(data, j)
        body = bytearray(uleb(count))
        for _ in range(count):
            module, k = wasm_name(data, k)
            field, k = wasm_name(data, k)
            desc = k
            k = import_desc_end(data, k)
            found.append((module, field))
            m = modules.get(module, module).encode()
            f = fields.get((module, field), field).encode()
            body += uleb(len(m)) + m + uleb(len(f)) + f + data[desc:k]
        out += bytes([2]) + uleb(len(body)) + body
        i = end
    return bytes(out), found


def short_name(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$"
    name = ""
    while True:
        name = letters[n % len(letters)] + name
        n = n // len(letters) - 1
        if n < 0:
            return name


def wasm_exports(data: bytes) -> list[str]:
    """Names in the export section of a wasm module."""
    names, i = [], 8
    while i < len(data):
        section = data[i]
        size, i = leb128(data, i + 1)
        if section == 7:
            count, j = leb128(data, i)
            for _ in range(count):
                length, j = leb128(data, j)
                names.append(data[j : j + length].decode())
                _, j = leb128(data, j + length + 1)  # kind byte, then index
        i += size
    return names


def wasm_opt_features() -> list[str]:
    """The flags trunk passes wasm-opt (--converge, --enable-* features and
    --low-memory-unused), read from index.html so they are set in one
    place."""
    m = re.search(r'data-wasm-opt-params="([^"]*)"', Path("index.html").read_text(encoding="utf-8"))
    return m.group(1).split() if m else []


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(f"post_build: `{name}` (npm, package.json) is required; run `make setup`")
    return path


def shrink_app(root: Path) -> None:
    wasms = list(root.glob("*_bg.wasm"))
    if len(wasms) != 1:
        sys.exit(f"post_build: expected one *_bg.wasm in {root}, found {len(wasms)}")
    wasm = wasms[0]
    js = wasm.with_name(wasm.name[: -len("_bg.wasm")] + ".js")
    trim_unused_exports(wasm, js)
    minify_imports(wasm, js)
    # The glue and the snippets it imports (src/storage.js): the sources keep
    # their comments; readers download them minified.
    modules = [js, *sorted(root.glob("snippets/**/*.js"))]
    for module in modules:
        subprocess.run(
            [tool("terser"), str(module), "--module", "--compress", "passes=2", "--mangle", "-o", str(module)],
            check=True,
        )
    update_integrity(root, [wasm, *modules])


def trim_unused_exports(wasm: Path, js: Path) -> None:
    exports = wasm_exports(wasm.read_bytes())
    prefixes = tuple(c.lower() + "_" for c in UNUSED_CLASSES)
    unused = {e for e in exports if e.startswith(prefixes) or e.removeprefix("__wbg_").startswith(prefixes)}
    if not unused:
        return
    graph = [{"name": f"export {e}", "root": True, "export": e} for e in exports if e not in unused]
    graph_file = wasm.with_name(".metadce-graph.json")
    graph_file.write_text(json.dumps(graph), encoding="utf-8")
    features = wasm_opt_features()
    trimmed = wasm.with_name(".trimmed.wasm")
    enables = [f for f in features if f.startswith("--enable-")]
    subprocess.run([tool("wasm-metadce"), str(wasm), "--graph-file", str(graph_file), "-o", str(trimmed), *enables],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([tool("wasm-opt"), "-Oz", *features, str(trimmed), "-o", str(wasm)], check=True)
    graph_file.unlink()
    trimmed.unlink()

    text = js.read_text(encoding="utf-8")
    for name in UNUSED_CLASSES:
        text, classes = re.subn(
            rf"export class {name} \{{\n.*?\n\}}\n(if \(Symbol\.dispose\) {name}\.prototype\[Symbol\.dispose\] = {name}\.prototype\.free;\n)?",
            "", text, flags=re.S)
        text, registries = re.subn(rf"const {name}Finalization = [^;]*;\n", "", text)
        if classes != 1 or registries != 1:
            sys.exit(f"post_build: could not remove class {name} from {js.name}; did wasm-bindgen change its output?")
    # Every function the glue calls must still exist in the module.
    left = set(wasm_exports(wasm.read_bytes()))
    missing = sorted({m for m in re.findall(r"\bwasm\.(\w+)", text) if m not in left})
    if missing or "IntoUnderlying" in text:
        sys.exit(f"post_build: JS glue and wasm disagree after trimming: {missing}")
    js.write_text(text, encoding="utf-8")


def minify_imports(wasm: Path, js: Path) -> None:
    """Gives the wasm's imports short names. wasm-bindgen names each one
    `__wbg_<name>_<16 hex digits>`, and the glue's import object repeats
    it: about 200 incompressible hashes, twice (measured 4.8 KB brotli).
    The glue's own functions are renamed `a`, `b`, …; the snippet modules'
    imports keep their names (they are the modules' real exports), only
    the module names shrink."""
    data = wasm.read_bytes()
    text = js.read_text(encoding="utf-8")
    _, found = rename_imports(data, {}, {})
    glue_module = next((m for m, _ in found if m.endswith("_bg.js")), None)
    if glue_module is None:
        sys.exit("post_build: the wasm imports nothing from the JS glue; did wasm-bindgen change its output?")
    fields: dict[tuple[str, str], str] = {}
    for n, (module, field) in enumerate(p for p in found if p[0] == glue_module):
        pattern = re.compile(rf"(?<![\w$]){re.escape(field)}(?![\w$])")
        text, count = pattern.subn(short_name(n), text)
        if count != 1:
            sys.exit(f"post_build: import {field} appears {count} times in {js.name}; cannot rename it safely")
        fields[(module, field)] = short_name(n)
    modules: dict[str, str] = {}
    for n, module in enumerate(sorted({m for m, _ in found})):
        text, count = re.subn(re.escape(f'"{module}":'), f'"{n}":', text)
        if count == 0:
            sys.exit(f"post_build: the glue does not pass module {module} to the wasm")
        modules[module] = str(n)
    renamed, _ = rename_imports(data, modules, fields)
    wasm.write_bytes(renamed)
    js.write_text(text, encoding="utf-8")


def update_integrity(root: Path, changed: list[Path]) -> None:
    """Trunk pins each preloaded file with a sha384 `integrity`; recompute
    it for files changed after trunk wrote index.html."""
    index = root / "index.html"
    html = index.read_text(encoding="utf-8")
    for path in changed:
        digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
        html, n = re.subn(
            rf'(<link[^>]*href="[^"]*{re.escape(path.name)}"[^>]*integrity=")sha384-[^"]*(")',
            rf"\g<1>sha384-{digest}\g<2>", html)
        if n != 1:
            sys.exit(f"post_build: no integrity pin for {path.name} in index.html")
    index.write_text(html, encoding="utf-8")


BOOT_IMPORT = re.compile(r"^import init, \* as bindings from '(?P<js>[^']+)';$", re.M)
# Trunk's links that fetch the app (its JS modules and its wasm) while the
# page parses: findall gives (rel, href), sub takes them out.
APP_PRELOAD = re.compile(r'<link rel="(modulepreload|preload)" href="([^"]+)"[^>]*>\s*')
# What `quire pages` writes on the boot shell of a page that has its
# content: the files the app reads first. The shell (a skeleton) has none.
CONTENT_FILES = 'data-files="'


def defer_on_content(body: str, preloads: list[tuple[str, str]]) -> str:
    """Trunk's boot module imports the app at once. A page that already
    shows its content (the home page, an article: `quire pages` writes them)
    needs the app only after that content is painted: it starts the app then,
    so the 110 KB of wasm never competes with the text, the stylesheet or a
    featured image for the first paint. At that moment it adds trunk's
    preloads (`strip_app_preloads` took them out of its HTML), so the JS
    modules and the wasm still load side by side, and preloads the content
    files the app reads first (`data-files` on the boot shell, written by
    `quire pages`), which would otherwise wait for the wasm. The shell (a
    skeleton, every other route) has the preloads in its HTML and starts at
    once: without the app it shows nothing."""
    modules = [href for rel, href in preloads if rel == "modulepreload"]
    fetched = [href for rel, href in preloads if rel == "preload"]
    if not modules or len(fetched) != 1 or not fetched[0].endswith("_bg.wasm"):
        sys.exit(f"post_build: unexpected app preloads in index.html: {preloads}; did trunk change its output?")
    new, n = BOOT_IMPORT.subn(
        lambda m: (
            'const shell = document.getElementById("quire-boot");\n'
            "if (shell?.dataset.files) {\n"
            "  await new Promise((go) => { requestAnimationFrame(() => setTimeout(go)); setTimeout(go, 500); });\n"
            '  const add = (rel, as, href) => document.head.append(Object.assign(document.createElement("link"), { rel, as, href, crossOrigin: "anonymous" }));\n'
            f'  for (const href of {json.dumps(modules)}) add("modulepreload", "script", href);\n'
            f'  for (const href of [{json.dumps(fetched[0])}, ...shell.dataset.files.split(" ")]) add("preload", "fetch", href);\n'
            "}\n"
            f"const bindings = await import('{m.group('js')}');\n"
            "const init = bindings.default;"
        ),
        body,
    )
    if n != 1:
        sys.exit("post_build: trunk's boot script no longer imports the app as expected; see defer_on_content")
    return new


def strip_app_preloads(root: Path) -> None:
    """Pages with their content in the HTML (their boot shell names its
    files) load the app after their first paint (defer_on_content), so they
    do not preload it. The shell and its copy 404.html keep the preloads."""
    for page in root.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if CONTENT_FILES not in html:
            continue
        stripped = APP_PRELOAD.sub("", html)
        if stripped != html:
            page.write_text(stripped, encoding="utf-8")


def externalize_boot_script(root: Path, base: str) -> None:
    index = root / "index.html"
    html = index.read_text(encoding="utf-8")
    preloads = APP_PRELOAD.findall(html)

    def replace(m: re.Match) -> str:
        if "src=" in m.group("attrs"):
            return m.group(0)
        body = defer_on_content(m.group("body").strip() + "\n", preloads)
        digest = hashlib.sha256(body.encode()).hexdigest()[:16]
        name = f"boot-{digest}.js"
        (root / name).write_text(body, encoding="utf-8")
        subprocess.run(
            [tool("terser"), str(root / name), "--module", "--compress", "--mangle", "-o", str(root / name)],
            check=True,
        )
        return f'<script type="module" src="{base}{name}"></script>'

    html, count = INLINE_MODULE.subn(replace, html)
    if count == 0:
        sys.exit("post_build: no inline boot script found in index.html; did trunk change its output?")
    if "<script>" in html or re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        sys.exit("post_build: an inline script remains; it would be blocked by the CSP")
    index.write_text(html, encoding="utf-8")


# The theme colours of the manifest, as in style/main.css.
THEME_COLOR = "#8a3a12"
BACKGROUND_COLOR = "#fbfaf7"
BUILD_LINE = re.compile(r'^const BUILD = \{[^\n]*\}; // replaced by the build$', re.M)


def write_manifest(root: Path) -> None:
    """The web app manifest, named after the site. Every URL in it is
    relative to the manifest, so it is right at `/` and under `/blog/`."""
    site = json.loads((root / "data" / "site.json").read_text(encoding="utf-8"))
    title = site.get("title") or "Quire"
    manifest = {
        "name": title,
        "short_name": title if len(title) <= 12 else (title.split()[-1] if len(title.split()[-1]) <= 12 else title[:12]),
        "description": site.get("tagline") or "",
        "lang": site.get("language") or "en",
        "dir": site.get("direction") or "ltr",
        "start_url": "./",
        "scope": "./",
        "id": "./",
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": "icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": "icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": "icons/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
    }
    (root / "manifest.webmanifest").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def precache_list(root: Path) -> list[str]:
    """The app shell: the page, its code and styles, the icons and manifest,
    the site description and the first page of the home listing. Articles
    are not precached: they are kept as read or saved."""
    names = ["shell.html", "manifest.webmanifest", "favicon.svg", "data/site.json", "data/index/1.json"]
    for pattern in ("*.wasm", "*.js", "*.css", "snippets/**/*.js", "icons/*.png"):
        names += sorted(str(p.relative_to(root)) for p in root.glob(pattern) if p.name != "sw.js")
    for n in names:
        if not (root / n).is_file():
            sys.exit(f"post_build: the app shell needs {n}, which the build did not produce")
    wasm = [n for n in names if n.endswith(".wasm")]
    if len(wasm) != 1:
        sys.exit(f"post_build: expected the app's wasm in the precache list, found {wasm}")
    return names


def offline_recent(root: Path) -> int:
    """How many recently read articles a reader's device keeps: site.json's
    `offline.recent_articles` (the content format's default is 10)."""
    site = json.loads((root / "data" / "site.json").read_text(encoding="utf-8"))
    recent = (site.get("offline") or {}).get("recent_articles", 10)
    if not isinstance(recent, int) or not 0 <= recent <= 1000:
        sys.exit(f"post_build: site.json offline.recent_articles must be a number from 0 to 1000, not {recent!r}")
    return recent


def write_service_worker(root: Path) -> None:
    """Fills sw.js with the precache list and a version that changes with
    any of those files, and stamps the version into shell.html."""
    write_manifest(root)
    shell = precache_list(root)
    digest = hashlib.sha256()
    for n in shell:
        digest.update(n.encode() + b"\0" + (root / n).read_bytes() + b"\0")
    version = digest.hexdigest()[:16]
    build = {"version": version, "shell": shell, "recent": offline_recent(root)}
    sw = root / "sw.js"
    text, n = BUILD_LINE.subn(f"const BUILD = {json.dumps(build)};", sw.read_text(encoding="utf-8"))
    if n != 1:
        sys.exit("post_build: sw.js has no `const BUILD = {...}; // replaced by the build` line")
    sw.write_text(text, encoding="utf-8")
    subprocess.run([tool("terser"), str(sw), "--compress", "passes=2", "--mangle", "-o", str(sw)], check=True)
    # The version the page runs, in the shell: every page is made from it
    # (`quire pages` writes index.html and the entry pages next).
    shell_page = root / "shell.html"
    html, n = re.subn(r"<head>", f'<head>\n    <meta name="quire-build" content="{version}" />', shell_page.read_text(encoding="utf-8"), count=1)
    if n != 1:
        sys.exit("post_build: no <head> in shell.html")
    shell_page.write_text(html, encoding="utf-8")


def write_entry_pages(root: Path) -> None:
    """`quire pages`, with the CLI that `make content` built (QUIRE_BIN
    overrides where it is)."""
    quire = os.environ.get("QUIRE_BIN") or "target/release/quire"
    if not Path(quire).is_file():
        sys.exit(f"post_build: {quire} is missing; build with `make build` (it builds the quire CLI first)")
    subprocess.run([quire, "pages", str(root)], check=True, stdout=subprocess.DEVNULL)


def write_shell(root: Path) -> None:
    """Keeps the app shell as trunk wrote it (boot shell with a skeleton) as
    shell.html: every route without a page of its own is served this, and
    entry pages are made from it. index.html becomes the home page."""
    shutil.copyfile(root / "index.html", root / "shell.html")


def write_fallbacks(root: Path, base: str) -> None:
    shutil.copyfile(root / "shell.html", root / "404.html")
    (root / "_redirects").write_text(f"{base}* {base}shell.html 200\n", encoding="utf-8")


def compress(root: Path) -> None:
    brotli = shutil.which("brotli")
    if brotli is None:
        print("post_build: warning: `brotli` not found, writing .gz only", file=sys.stderr)
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE or path.stat().st_size < 256:
            continue
        data = path.read_bytes()
        # mtime=0 keeps builds byte-for-byte reproducible.
        with open(f"{path}.gz", "wb") as out:
            with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as gz:
                gz.write(data)
        if brotli:
            subprocess.run([brotli, "-q", "11", "-f", "-o", f"{path}.br", str(path)], check=True)


def main() -> None:
    root = Path(os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist"))
    base = os.environ.get("TRUNK_PUBLIC_URL") or "/"
    if not base.endswith("/"):
        base += "/"
    shrink_app(root)
    externalize_boot_script(root, base)
    write_shell(root)
    write_service_worker(root)
    write_entry_pages(root)
    write_fallbacks(root, base)
    strip_app_preloads(root)
    compress(root)


if __name__ == "__main__":
    main()
