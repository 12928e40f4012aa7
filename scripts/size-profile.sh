#!/usr/bin/env bash
# Where do the wasm bytes go? Builds the app with symbol names kept, runs
# wasm-bindgen and wasm-opt as trunk does, and prints the largest crates and
# functions (needs `cargo install twiggy`). A tool for size work, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
out=target/size-profile
# The release build's size switches (Makefile WASM_SIZE), so the profile
# shows what readers download.
export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort"
CARGO_PROFILE_RELEASE_STRIP=false cargo build --quiet --release --target wasm32-unknown-unknown --target-dir "$out"
wasm-bindgen --target web --keep-debug --out-dir "$out/bg" "$out/wasm32-unknown-unknown/release/quire-app.wasm"
wasm-opt -Oz --converge -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/bg/quire-app_bg.wasm" -o "$out/opt.wasm"
twiggy top -n 100000 -f csv "$out/opt.wasm" > "$out/top.csv"
python3 - "$out/top.csv" "${1:-40}" <<'PY'
import csv, re, sys, collections
rows = list(csv.DictReader(open(sys.argv[1])))
by_crate, fns = collections.Counter(), []
for r in rows:
    name, size = r["Name"], int(r["ShallowSize"])
    if name.startswith("custom section") or "subsection" in name:
        continue
    m = re.search(r"([a-z_][a-z0-9_]*)(\[[0-9a-f]+\])?::", name)
    by_crate[m.group(1) if m else name[:40]] += size
    fns.append((size, name[:140]))
print("total", sum(by_crate.values()))
for k, v in by_crate.most_common(20):
    print(f"{v:8d}  {k}")
for s, n in sorted(fns, reverse=True)[: int(sys.argv[2])]:
    print(f"{s:8d}  {n}")
PY
