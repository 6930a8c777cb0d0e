#!/usr/bin/env bash
# Run the Socket.IO dispatch tests (test/socketio-dispatch.test.ts) on every Socket.IO 4.x minor
# @wsguard/socket.io supports, besides the installed one. Installs each version (socket.io and
# socket.io-client at the same version) into a cache folder outside the workspace, once.
# Usage: bash scripts/socketio-minors.sh [CACHE_DIR] [VERSIONS...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${TMPDIR:-/tmp}/wsguard-socketio-minors}
shift || true
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(4.6.0 4.6.2 4.7.0 4.7.5 4.8.0)
dirs=()
for v in "${versions[@]}"; do
  d="$cache/$v"
  if [ ! -d "$d/node_modules/socket.io" ]; then
    mkdir -p "$d" && echo '{"name":"socketio-minor","private":true}' >"$d/package.json"
    (cd "$d" && npm i --no-audit --no-fund --no-save "socket.io@$v" "socket.io-client@$v" >/dev/null)
  fi
  dirs+=("$d")
done
cd "$root"
WSGUARD_SOCKETIO_DIRS=$(IFS=:; echo "${dirs[*]}") pnpm exec vitest run test/socketio-dispatch.test.ts
