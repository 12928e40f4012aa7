#!/bin/sh
# Prints quire.conf with its placeholders filled in.
# Usage: deploy/nginx/render.sh LISTEN ROOT BASE [COMMENTS]
#   LISTEN  what nginx listens on, e.g. 80 or 127.0.0.1:8080
#   ROOT    document root (absolute); for BASE=/blog/ the build is at ROOT/blog/
#   BASE    / or /blog/ (must match the build's --public-url)
#   COMMENTS  origin of the comment server (site.json comments.url), if any
set -eu
[ $# -eq 3 ] || [ $# -eq 4 ] || { echo "usage: $0 LISTEN ROOT BASE [COMMENTS]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
case "$3" in /*/|/) ;; *) echo "BASE must start and end with /" >&2; exit 2;; esac
sed -e "s|@LISTEN@|$1|g" -e "s|@COMMENTS@|${4:-}|g" -e "s|@ROOT@|$2|g" -e "s|@BASE@|$3|g" \
    -e "s|@HEADERS@|$here/quire-headers.conf|g" "$here/quire.conf"
