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
3. Writes the deep-link fallbacks: 404.html (GitHub Pages) and _redirects
   (Netlify, Cloudflare Pages), both honouring the public URL (base path).
4. Pre-compresses text assets as .gz and .br for gzip_static/brotli_static.

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
    """The --enable-* flags trunk passes wasm-opt, read from index.html so
    they are set in one place."""
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
    subprocess.run([tool("wasm-metadce"), str(wasm), "--graph-file", str(graph_file), "-o", str(trimmed), *features],
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


def externalize_boot_script(root: Path, base: str) -> None:
    index = root / "index.html"
    html = index.read_text(encoding="utf-8")

    def replace(m: re.Match) -> str:
        if "src=" in m.group("attrs"):
            return m.group(0)
        body = m.group("body").strip() + "\n"
        digest = hashlib.sha256(body.encode()).hexdigest()[:16]
        name = f"boot-{digest}.js"
        (root / name).write_text(body, encoding="utf-8")
        return f'<script type="module" src="{base}{name}"></script>'

    html, count = INLINE_MODULE.subn(replace, html)
    if count == 0:
        sys.exit("post_build: no inline boot script found in index.html; did trunk change its output?")
    if "<script>" in html or re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        sys.exit("post_build: an inline script remains; it would be blocked by the CSP")
    index.write_text(html, encoding="utf-8")


def write_fallbacks(root: Path, base: str) -> None:
    shutil.copyfile(root / "index.html", root / "404.html")
    (root / "_redirects").write_text(f"{base}* {base}index.html 200\n", encoding="utf-8")


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
    write_fallbacks(root, base)
    compress(root)


if __name__ == "__main__":
    main()
