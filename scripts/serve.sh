#!/usr/bin/env bash
# Serves a release build with the shipped nginx config, in the foreground,
# and, given ISSO_LISTEN, a local Isso comment server next to it (database
# under target/isso-serve/, kept between runs).
# Usage: scripts/serve.sh DIST BASE LISTEN [ISSO_LISTEN]
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$(realpath "$1"); base=$2; listen=$3; isso=${4:-}
run=$(realpath -m target/nginx-serve)
mkdir -p "$run"
if [ -n "$isso" ]; then
  scripts/isso.sh run target/isso-serve "$isso" "http://$listen" > target/isso-serve.log 2>&1 &
  isso_pid=$!
  trap 'kill $isso_pid 2>/dev/null || true' EXIT INT TERM
  export QUIRE_COMMENTS="http://$isso"
  echo "Comments: Isso at http://$isso (log: target/isso-serve.log; new comments"
  echo "  wait for moderation: approve them at http://$isso/admin/, password quire-local-admin)"
fi
scripts/nginx-conf.sh "$run" "$listen" "$dist" "$base" > "$run/nginx.conf"
echo "Serving $dist at http://$listen$base  (Ctrl-C to stop)"
/usr/sbin/nginx -c "$run/nginx.conf" -p "$run" -e "$run/error.log" -g 'daemon off;'
