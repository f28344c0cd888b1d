#!/usr/bin/env bash
# Builds the web app: wasm (release) into www/pkg, its full build with the analyses into
# www/pkg-analysis, the workbook reader's wasm into www/workbook,
# vendored libraries into www/vendor,
# demo data into www/demo, and the single-file HTML into dist/.
#   scripts/build.sh            full build
#   SKIP_WASM=1 scripts/build.sh  reuse www/pkg (front-end only changes)
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[build]\033[0m %s\n' "$*"; }
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# The workbook reader (.xlsx/.xls/.ods → one table per sheet) is a second wasm module, fetched
# by the worker only when a workbook is added, so the main module never carries it. Built first
# (at the release profile's opt-level 3), so that the engine's full build comes last and
# scripts/build-npm.sh finds it compiled.
if [ "${SKIP_WASM:-0}" != 1 ] || [ ! -f www/workbook/customer_health_workbook_bg.wasm ]; then
  log "wasm-pack build crates/workbook (release) → www/workbook"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=3 wasm-pack build crates/workbook --target web --release --mode no-install --out-dir ../../www/workbook --out-name customer_health_workbook --no-pack
  rm -f www/workbook/.gitignore www/workbook/package.json www/workbook/README.md
fi

# The main module leaves the analyses out (calibrate, learn, candidate measures, custom backtest:
# feature `analyses`); the worker fetches the full build in www/pkg-analysis on the first analysis
# and reads the session's files into it. The full build is made last, so that
# scripts/build-npm.sh (the same full build) finds it compiled. Both at opt-level 2, not the
# release profile's 3: 17.6 KB gzipped smaller and no slower in the browser (measured with
# scripts/bench-ab.sh, docs/performance.md); native builds keep opt-level 3.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=2
if [ "${SKIP_WASM:-0}" != 1 ] || [ ! -f www/pkg/customer_health_bg.wasm ]; then
  log "wasm-pack build (release, without the analyses) → www/pkg"
  wasm-pack build --target web --release --mode no-install --out-dir www/pkg --out-name customer_health --no-pack -- --no-default-features
  rm -f www/pkg/.gitignore
fi
if [ "${SKIP_WASM:-0}" != 1 ] || [ ! -f www/pkg-analysis/customer_health_analysis_bg.wasm ]; then
  log "wasm-pack build (release, full: the analysis module) → www/pkg-analysis"
  wasm-pack build --target web --release --mode no-install --out-dir www/pkg-analysis --out-name customer_health_analysis --no-pack
  rm -f www/pkg-analysis/.gitignore www/pkg-analysis/package.json www/pkg-analysis/README.md
fi

log "TypeScript catalogue unions → www/lib/catalogue.d.ts"
bash scripts/catalogue-types.sh

log "vendoring Chart.js"
mkdir -p www/vendor
cp node_modules/chart.js/dist/chart.umd.min.js www/vendor/chart.umd.min.js
cp node_modules/chart.js/LICENSE.md www/vendor/chart.js.LICENSE.md

log "demo data"
# www/demo/manifest.json lists the demo sets. The synthetic set is committed; the RavenStack
# sample is copied from shared/ (git-ignored) when it is available.
mkdir -p www/demo
if ! ls www/demo/ravenstack_*.csv >/dev/null 2>&1; then
  for d in "${RAVENSTACK_DIR:-}" ../shared/data/ravenstack /work/shared/data/ravenstack; do
    if [ -n "$d" ] && [ -d "$d" ]; then
      cp "$d"/ravenstack_*.csv www/demo/ && chmod u+w www/demo/ravenstack_*.csv
      break
    fi
  done
fi

log "single-file build"
node scripts/single-file.mjs
log "done: www/ (serve it) and dist/customer-health.html (open from disk)"
