#!/usr/bin/env bash
# Everything CI checks: native tests, lint, wasm tests in headless Chromium, build, Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[test]\033[0m %s\n' "$*"; }
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh

log "cargo test"
cargo test --quiet 2>&1 | tail -n 40

log "cargo clippy"
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --quiet --all-targets -- -D warnings
  cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings
fi

log "wasm-pack test (headless Chromium)"
wasm-pack test --headless --chrome --mode no-install

log "build"
bash scripts/build.sh

log "playwright"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
playwright test -c tests/e2e/playwright.config.mjs --reporter=line

log "npm package, example hosts (esbuild from the packed tarball), tsc --strict on its types"
bash scripts/build-npm.sh

log "playwright: embedding (widget, engine API, example hosts)"
playwright test -c tests/e2e/widget.config.mjs --reporter=line
