#!/usr/bin/env bash
# The content build at scale: generates N articles (default 100,000) with
# `quire generate` (Markdown sources), then times `quire build` three ways and prints a
# markdown table (wall time, peak memory, files rewritten):
#   cold     into an empty output folder;
#   again    with nothing changed (an incremental build writes nothing);
#   one edit after changing the text of one article.
# Results also go to target/bench/build.json. Timings vary with the
# machine, so they live here and never in tests.
# Usage: scripts/bench-build.sh [N]
set -euo pipefail
n=${1:-100000}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bench=target/bench
quire=target/release/quire
cargo build --quiet --release -p quire-cli
mkdir -p $bench
content=$bench/content-md-$n
out=$bench/site-$n
if [ ! -f "$content/site.json" ]; then
  rm -rf "$content"
  start=$(date +%s.%N)
  $quire generate --articles "$n" --out "$content" >/dev/null
  gen=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  echo "generated $n articles in ${gen} s" >&2
fi
rm -rf "$out"

run() { # label
  local log=$bench/time-$1.txt
  /usr/bin/time -v $quire build "$content" --out "$out" >"$bench/report-$1.txt" 2>"$log"
  local wall peak report
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s }' "$log")
  peak=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
  report=$(tail -1 "$bench/report-$1.txt")
  printf '| %-8s | %8s s | %7s MB | %s |\n' "$1" "$wall" "$peak" "$report"
  printf '{"run": "%s", "articles": %s, "wall_s": %s, "peak_mb": %s}\n' "$1" "$n" "$wall" "$peak" >>$bench/build.json
}

: >$bench/build.json
echo
echo "quire build of $n generated articles ($(nproc) cores)"
echo
printf '| %-8s | %10s | %10s | %s |\n' run wall peak report
printf '|%s|%s|%s|%s|\n' ---------- ------------ ------------ --------
run cold
run again
# One article's text changes: its body's first line (after the front matter).
file="$content/articles/$(ls "$content/articles" | sed -n 1p)"
awk 'done != 1 && fences == 2 && NF { $0 = $0 " Edited."; done = 1 } /^---$/ { fences++ } { print }' \
  "$file" >"$file.tmp" && mv "$file.tmp" "$file"
grep -q ' Edited\.$' "$file"
run one-edit

# Page loads: the big site (the app of dist/ with this data) against the
# sample site, home and last listing page, in one run.
if [ -f dist/index.html ]; then
  www=$bench/www-$n
  rm -rf "$www" && mkdir -p "$www"
  # dist's app files, not its content: what the big build also wrote
  # (data, feeds) is linked from it, and the sample's home and entry pages
  # give way to the big site's.
  for f in dist/*; do
    name=$(basename "$f")
    case $name in index.html | index.html.*) continue ;; esac
    [ -e "$out/$name" ] && continue
    [ -d "$f" ] && [ -n "$(find "$f" -name index.html -print -quit)" ] && continue
    cp -r "$f" "$www/"
  done
  for f in "$out"/*; do ln -s "$here/$f" "$www/$(basename "$f")"; done
  # The big site's entry pages and home page, as `make build` writes them.
  start=$(date +%s.%N)
  $quire pages "$www"
  brotli -kf "$www/index.html" && gzip -9kf "$www/index.html"
  echo "wrote the big site's entry pages in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s" >&2
  echo
  echo "Page loads, median of 7 cold loads (time until the first article card shows)"
  echo
  node scripts/bench-scale.mjs dist "$www"
else
  echo "(no dist/: run \`make build\` to compare page loads too)"
fi
