#!/usr/bin/env bash
# A/B browser benchmark of two builds of the wasm engine (e.g. two opt-levels), run side by side
# in one headless Chromium page, alternating, so that the load of a shared machine hits both
# alike: ingest (1 MiB chunks, in memory) and score of one usage file, RUNS times each.
#   scripts/bench-ab.sh DIR_A DIR_B            two wasm-pack output dirs inside the repository
#   ROWS=10000000 RUNS=5 scripts/bench-ab.sh target/ab/o3 target/ab/os
# The data is the benchmark's (target/bench-data/ROWS, made by scripts/bench.sh or demo-data).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-10}"
PORT="${PORT:-8798}"
DATA="target/bench-data/$ROWS/usage_events.csv"
[ -f "$DATA" ] || cargo run --release --quiet --bin demo-data -- --out "target/bench-data/$ROWS" --usage-rows "$ROWS" >&2
node benches/browser/serve.mjs . "$PORT" >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done
node benches/browser/ab-run.mjs "http://127.0.0.1:$PORT" "$DATA" "/${1#/}" "/${2#/}" "$RUNS"
