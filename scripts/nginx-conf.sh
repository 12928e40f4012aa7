#!/usr/bin/env bash
# Prints a minimal nginx main config that serves builds with the SHIPPED
# server block (deploy/nginx/quire.conf). Used by `make serve` and the tests,
# so they exercise exactly what users deploy.
# Usage: scripts/nginx-conf.sh RUN_DIR LISTEN DIST BASE [LISTEN DIST BASE]...
# QUIRE_COMMENTS: the comment server's origin, allowed by the CSP.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
run=$1; shift
mkdir -p "$run/tmp"
brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
cat <<CONF
# Workers run as whoever runs this script, so they can read a checkout in a
# private folder (mktemp -d is 0700); ignored with a warning when not root.
user $(id -un);
pid $run/nginx.pid;
error_log $run/error.log warn;
worker_processes 1;
load_module $brotli_module;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path $run/tmp/body;
    proxy_temp_path $run/tmp/proxy;
    fastcgi_temp_path $run/tmp/fastcgi;
    uwsgi_temp_path $run/tmp/uwsgi;
    scgi_temp_path $run/tmp/scgi;
CONF
while [ $# -ge 3 ]; do
  listen=$1 dist=$2 base=$3; shift 3
  if [ "$base" = "/" ]; then
    root=$dist
  else
    # A subpath build lives at ROOT/blog/: give it a root of its own.
    root="$run/www-$(echo "$listen" | tr -c 'a-zA-Z0-9\n' '_')"
    mkdir -p "$root$(dirname "${base%/}")"
    ln -sfn "$dist" "$root${base%/}"
  fi
  "$here/deploy/nginx/render.sh" "$listen" "$root" "$base" "${QUIRE_COMMENTS:-}"
done
echo "}"
