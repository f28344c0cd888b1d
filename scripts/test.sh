#!/usr/bin/env bash
# Everything CI checks: native tests, the SQL export in DuckDB, lint, wasm tests in headless
# Chromium, build, the app's Playwright tests, the npm package with its example hosts, and the
# embedding tests.
# Every step runs even when an earlier one failed; the script fails at the end if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[test]\033[0m %s\n' "$*"; }
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

bash scripts/setup.sh || { echo "setup failed"; exit 1; }

failed=()
step() {
  local name="$1"; shift
  log "$name"
  local t0=$SECONDS
  if "$@"; then log "$name: ok ($((SECONDS - t0)) s)"; else log "$name: FAILED"; failed+=("$name"); fi
}

step "cargo test" cargo test --quiet --workspace
step "sql export in DuckDB (pytest)" bash scripts/test-sql.sh
if cargo clippy --version >/dev/null 2>&1; then
  step "cargo clippy (native)" cargo clippy --quiet --workspace --all-targets -- -D warnings
  step "cargo clippy (wasm32)" cargo clippy --quiet --workspace --target wasm32-unknown-unknown --all-targets -- -D warnings
fi
# Bounded mutation-fuzz pass over the whole engine (tests/fuzz_engine.rs); FUZZ_SECONDS=0 skips.
if [ "${FUZZ_SECONDS:-90}" != 0 ]; then
  step "fuzz (${FUZZ_SECONDS:-90} s)" env FUZZ_SECONDS="${FUZZ_SECONDS:-90}" \
    cargo test --quiet --profile fuzz --test fuzz_engine -- --ignored --nocapture
fi
step "wasm-pack test (headless Chromium)" wasm-pack test --headless --chrome --mode no-install
step "build" bash scripts/build.sh
step "wasm size budgets (main module ≤ 375 KB gzipped)" bash scripts/check-wasm-size.sh
step "playwright: the app" playwright test -c tests/e2e/playwright.config.mjs --reporter=line
step "npm package, example hosts (esbuild from the packed tarball), tsc --strict on its types" bash scripts/build-npm.sh
step "playwright: embedding (widget, engine API, example hosts)" playwright test -c tests/e2e/widget.config.mjs --reporter=line

if [ ${#failed[@]} -gt 0 ]; then
  log "failed: ${failed[*]}"
  exit 1
fi
log "all steps passed"
