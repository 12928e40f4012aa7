#!/usr/bin/env bash
# A local Isso comment server (the server Quire posts comments to), bound to
# 127.0.0.1, with its database under target/isso/.
#
#   scripts/isso.sh install            installs Isso 0.14.0 into .tools/isso (idempotent)
#   scripts/isso.sh config DIR LISTEN ORIGIN...
#                                      writes DIR/isso.cfg from deploy/isso/isso.cfg
#   scripts/isso.sh run DIR LISTEN ORIGIN...
#                                      installs, configures and runs Isso in the foreground
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.tools/isso
version=0.14.0

install() {
  if [ -x "$venv/bin/isso" ] && [ "$("$venv/bin/isso" --version 2>/dev/null)" = "isso $version" ]; then
    return
  fi
  echo "isso: installing Isso $version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "isso==$version"
}

config() {
  local dir=$1 listen=$2; shift 2
  mkdir -p "$dir"
  local hosts="" origin
  for origin in "$@"; do hosts+="    $origin"$'\n'; done
  # A fixed salt and password are fine for a server that only listens on
  # 127.0.0.1; a real deployment sets its own.
  python3 - "$dir" "$listen" "$hosts" <<'PY'
import sys
from pathlib import Path
out, listen, hosts = Path(sys.argv[1]), sys.argv[2], sys.argv[3].rstrip("\n")
text = Path("deploy/isso/isso.cfg").read_text()
for key, value in {
    "@DBPATH@": str((out / "comments.db").resolve()),
    "@HOSTS@": hosts,
    "@LISTEN@": listen,
    "@PASSWORD@": "quire-local-admin",
    "@RATELIMIT@": "120",
    "@REPLY_TO_SELF@": "true",
    "@SALT@": "quire-local-salt",
}.items():
    text = text.replace(key, value)
(out / "isso.cfg").write_text(text)
PY
}

case ${1:-} in
  install) install ;;
  config) shift; config "$@" ;;
  run)
    shift
    install
    config "$@"
    exec "$venv/bin/isso" -c "$1/isso.cfg" run
    ;;
  *) echo "usage: $0 install | config DIR LISTEN ORIGIN... | run DIR LISTEN ORIGIN..." >&2; exit 2 ;;
esac
