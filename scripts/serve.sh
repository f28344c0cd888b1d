#!/usr/bin/env bash
# Sets up, builds and serves the app on http://127.0.0.1:${PORT:-8080}/ (loopback only).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ "${SKIP_BUILD:-0}" = 1 ] || bash scripts/build.sh
PORT="${PORT:-8080}"
echo "Serving www/ on http://127.0.0.1:${PORT}/"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory www
