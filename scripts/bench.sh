#!/usr/bin/env bash
# Browser benchmark: generates the data, builds the wasm, serves on 127.0.0.1 and runs every
# contender in headless Chromium on the same file, then prints a table (docs/performance.md).
#
#   scripts/bench.sh                 1M usage rows (~48 MB): all contenders, best of 3
#   ROWS=10000000 scripts/bench.sh   10M rows (~480 MB): ours + byte scan only, one run
#   CONTENDERS=ours,bytescan RUNS=5 SKIP_BUILD=1 scripts/bench.sh
#   scripts/bench.sh --native        also run the native core benchmark (cargo bench)
#   scripts/bench.sh --crossing      only the results crossing (below)
#
# Contenders: streamonly, bytescan, ours, udsv, papaparse, papaparse_objects, duckdb.
#
# Then the results crossing: a portfolio of CROSSING_ACCOUNTS accounts (default 50000, 0 skips;
# all tables, CROSSING_USAGE_ROWS usage rows, default 1M) is scored once in a worker, and its
# results cross to the page the old way (JSON text) and the new way (transferred typed arrays),
# CROSSING_RUNS times each (default 5), every step timed (benches/browser/crossing.*).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

ROWS="${ROWS:-1000000}"
if [ "$ROWS" -ge 5000000 ]; then
  CONTENDERS="${CONTENDERS:-bytescan,ours}"
  RUNS="${RUNS:-1}"
else
  CONTENDERS="${CONTENDERS:-streamonly,bytescan,ours,scan_mem,tokenizer_mem,ours_mem,udsv,papaparse,papaparse_objects,duckdb}"
  RUNS="${RUNS:-3}"
fi
PORT="${PORT:-8788}"
DATA="target/bench-data/$ROWS"
NATIVE=0
CROSSING_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --native) NATIVE=1 ;;
    --crossing) CROSSING_ONLY=1 ;;
    *) log "unknown option $arg"; exit 2 ;;
  esac
done
CROSSING_ACCOUNTS="${CROSSING_ACCOUNTS:-50000}"
CROSSING_USAGE_ROWS="${CROSSING_USAGE_ROWS:-1000000}"
CROSSING_RUNS="${CROSSING_RUNS:-5}"
CROSSING_DATA="target/bench-data/crossing-$CROSSING_ACCOUNTS-$CROSSING_USAGE_ROWS"
CROSSING_FILES="accounts.csv,usage_events.csv,surveys.csv,support_tickets.csv,goals.csv,touchpoints.csv,releases.csv"

if [ ! -d node_modules/papaparse ] || [ ! -d node_modules/udsv ] || [ ! -d node_modules/@duckdb/duckdb-wasm ] || [ ! -d node_modules/playwright-core ]; then
  log "npm ci (benchmark devDependencies)"
  npm ci --no-audit --no-fund >&2
fi

if [ "$CROSSING_ONLY" != 1 ] && [ ! -f "$DATA/usage_events.csv" ]; then
  log "generating $ROWS usage rows into $DATA"
  cargo run --release --quiet --bin demo-data -- --out "$DATA" --usage-rows "$ROWS" >&2
  cargo run --release --quiet --bin demo-data -- --out "$DATA" --only accounts >&2
fi

if [ "$CROSSING_ACCOUNTS" != 0 ] && [ ! -f "$CROSSING_DATA/usage_events.csv" ]; then
  log "generating a portfolio of $CROSSING_ACCOUNTS accounts ($CROSSING_USAGE_ROWS usage rows) into $CROSSING_DATA"
  cargo run --release --quiet --bin demo-data -- --out "$CROSSING_DATA" --accounts "$CROSSING_ACCOUNTS" \
    --only accounts,surveys,support_tickets,goals,touchpoints,releases >&2
  cargo run --release --quiet --bin demo-data -- --out "$CROSSING_DATA" --accounts "$CROSSING_ACCOUNTS" \
    --usage-rows "$CROSSING_USAGE_ROWS" >&2
fi

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f www/pkg/customer_health_bg.wasm ]; then
  log "wasm-pack build (release)"
  # With the benchmark probe (CsvScanProbe), which the shipped module leaves out.
  # opt-level 2 as scripts/build.sh builds it; the full build (the analyses too), as the npm package.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=2 wasm-pack build --target web --release --mode no-install --out-dir www/pkg --out-name customer_health --no-pack -- --features bench-probe >&2
  rm -f www/pkg/.gitignore
fi

if [ "$CROSSING_ONLY" != 1 ] && [ ! -f benches/browser/dist/duckdb.bundle.mjs ]; then
  log "bundling DuckDB-Wasm's ESM entry with apache-arrow (local files, no CDN)"
  esbuild node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs --bundle --format=esm \
    --log-level=warning --outfile=benches/browser/dist/duckdb.bundle.mjs >&2
fi

if [ "$NATIVE" = 1 ]; then
  log "native core benchmark"
  # Cargo builds the library twice for a bench (abort for the binaries, unwind for the bench),
  # to the same file name; a parallel build can race on it ("output filename collision"), so
  # one retry.
  cargo bench --bench ingest -- "$DATA" || cargo bench --bench ingest -- "$DATA"
fi

log "serving $PWD on 127.0.0.1:$PORT"
node benches/browser/serve.mjs . "$PORT" >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break
  sleep 0.1
done

if [ "$CROSSING_ONLY" != 1 ]; then
  log "headless Chromium: $CONTENDERS, best of $RUNS"
  node benches/browser/run.mjs "http://127.0.0.1:$PORT" "$DATA/usage_events.csv" "$CONTENDERS" "$RUNS"
fi
if [ "$CROSSING_ACCOUNTS" != 0 ]; then
  log "headless Chromium: results crossing, $CROSSING_ACCOUNTS accounts, $CROSSING_RUNS runs per path"
  node benches/browser/crossing-run.mjs "http://127.0.0.1:$PORT" "$CROSSING_DATA" "$CROSSING_FILES" "$CROSSING_RUNS"
fi
