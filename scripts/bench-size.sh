#!/usr/bin/env bash
# Prints raw, gzip and brotli sizes of a release build's app files (wasm, JS,
# CSS, HTML) and a first article view's JSON, and judges JS+wasm (brotli)
# against the target (120 KB, aim 100 KB).
#
# With --budget it exits non-zero when JS+wasm exceeds the budget (120 KB;
# see ARCHITECTURE.md, "Size", for what the bytes buy). Sizes are
# deterministic, so this is safe in CI; timings are not, and live in the
# benchmark only.
# Usage: scripts/bench-size.sh [DIST] [--budget]
set -euo pipefail
dist=${1:-dist}
target_kb=120
aim_kb=100
check=false; [ "${2:-}" = "--budget" ] && check=true
command -v brotli >/dev/null || { echo "bench-size: brotli is required (make setup)" >&2; exit 2; }

size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
br() { brotli -q 11 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

printf '| %-10s | %-44s | %9s | %9s | %9s |\n' kind file raw gzip brotli
printf '|%s|%s|%s|%s|%s|\n' ------------ ---------------------------------------------- ----------- ----------- -----------
app_br=0; total_raw=0; total_gz=0; total_br=0
row() {
  local kind=$1 f=$2 r g b
  r=$(size "$f"); g=$(gz "$f"); b=$(br "$f")
  total_raw=$((total_raw + r)); total_gz=$((total_gz + g)); total_br=$((total_br + b))
  case $kind in wasm|js) app_br=$((app_br + b));; esac
  printf '| %-10s | %-44s | %7s KB | %7s KB | %7s KB |\n' "$kind" "${f#"$dist"/}" "$(kb "$r")" "$(kb "$g")" "$(kb "$b")"
}
for f in "$dist"/*_bg.wasm; do row wasm "$f"; done
# The glue, the boot script, and wasm-bindgen snippets (small JS modules the
# wasm imports, e.g. the IndexedDB layer).
while IFS= read -r f; do row js "$f"; done < <(find "$dist" -name '*.js' -not -path "$dist/data/*" | sort)
for f in "$dist"/*.css; do row css "$f"; done
row html "$dist/index.html"
for f in "$dist/data/site.json" "$dist/data/articles/the-case-for-slow-news.json"; do
  [ -f "$f" ] && row json "$f"
done
printf '| %-10s | %-44s | %7s KB | %7s KB | %7s KB |\n' total "first article view" "$(kb $total_raw)" "$(kb $total_gz)" "$(kb $total_br)"
echo
verdict() { [ "$app_br" -le $(($1 * 1024)) ] && echo pass || echo FAIL; }
echo "JS+wasm brotli: $(kb $app_br) KB"
echo "  target  ${target_kb} KB: $(verdict $target_kb)"
echo "  aim     ${aim_kb} KB: $(verdict $aim_kb)"
if $check && [ "$(verdict "$target_kb")" = FAIL ]; then
  echo "size budget exceeded: JS+wasm is over ${target_kb} KB brotli" >&2
  exit 1
fi
