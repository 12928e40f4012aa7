#!/usr/bin/env python3
"""Trunk post_build hook: finishes the release folder so any static host can
serve it as-is.

1. Moves trunk's inline boot <script> into a content-hashed file, so the
   site runs under a strict Content-Security-Policy (`script-src 'self'`)
   without per-build hash pinning, and old HTML never loads new code.
2. Writes the deep-link fallbacks: 404.html (GitHub Pages) and _redirects
   (Netlify, Cloudflare Pages), both honouring the public URL (base path).
3. Pre-compresses text assets as .gz and .br for gzip_static/brotli_static.

Runs in trunk's staging folder (TRUNK_STAGING_DIR), or on a folder given as
the first argument.
"""

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

COMPRESSIBLE = {".html", ".js", ".wasm", ".css", ".json", ".svg", ".xml", ".txt", ".webmanifest"}
INLINE_MODULE = re.compile(r'<script type="module"(?P<attrs>[^>]*)>(?P<body>.*?)</script>', re.S)


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
    externalize_boot_script(root, base)
    write_fallbacks(root, base)
    compress(root)


if __name__ == "__main__":
    main()
