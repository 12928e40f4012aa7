#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test Quire. Idempotent:
# each step checks first, so a second run takes seconds.
#
# Pinned, because these machines taught us (see ARCHITECTURE.md):
#   trunk 0.21.14       (0.22 needs rustc >= 1.96)
#   wasm-bindgen-cli    == the wasm-bindgen version in Cargo.lock
#   binaryen 132 (npm)  (Debian's wasm-opt 108 builds a wasm that dies at runtime)
#   Debian chromium     (Playwright's own browser download is not possible here)
#   Isso 0.14.0 (pip)   the comment server, in a virtualenv under .tools/isso
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# --- Debian packages ---------------------------------------------------------
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || need_apt+=(libnginx-mod-http-brotli-static)
command -v brotli >/dev/null || need_apt+=(brotli)
command -v python3 >/dev/null || need_apt+=(python3)
# Isso is installed into a virtualenv (python3 -m venv needs ensurepip).
python3 -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
command -v npm >/dev/null || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# --- Rust ----------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
# The release wasm build rebuilds std for size (Makefile WASM_SIZE).
if ! rustup component list --installed | grep -q '^rust-src'; then
  say "adding the rust-src component"
  rustup component add rust-src
fi

TRUNK_VERSION=0.21.14
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 15 minutes on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG_VERSION\$"; then
  say "installing wasm-bindgen-cli $WBG_VERSION (matches Cargo.lock)"
  # --locked fails for some versions: a locked dependency left the registry.
  cargo install wasm-bindgen-cli --version "=$WBG_VERSION" --force
fi

# The release build runs trunk --offline and rebuilds std (Makefile WASM_SIZE),
# so every crate it needs, std's own dependencies included, must be in
# Cargo's cache first. A fresh machine has none of std's.
fetch() { RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort cargo fetch --target wasm32-unknown-unknown "$@"; }
if ! fetch --offline >/dev/null 2>&1; then
  say "fetching the crates of the wasm build (the app's and std's)"
  fetch
fi

# --- npm tooling (binaryen's wasm-opt, Playwright, axe) ------------------------
# Reinstalled whenever package-lock.json changes (a stamp records the hash).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.quire-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  say "installing npm tooling (package-lock.json)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.quire-lock-hash
fi
# --- Isso, the comment server `make serve` and the tests run locally ---------
scripts/isso.sh install

say "ready"
