#!/usr/bin/env bash
# Serves a release build with the shipped nginx config, in the foreground.
# Usage: scripts/serve.sh DIST BASE LISTEN
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$(realpath "$1"); base=$2; listen=$3
run=$(realpath -m target/nginx-serve)
mkdir -p "$run"
scripts/nginx-conf.sh "$run" "$listen" "$dist" "$base" > "$run/nginx.conf"
echo "Serving $dist at http://$listen$base  (Ctrl-C to stop)"
exec /usr/sbin/nginx -c "$run/nginx.conf" -p "$run" -e "$run/error.log" -g 'daemon off;'
