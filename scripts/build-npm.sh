#!/usr/bin/env bash
# Builds the npm package (wasm-pack --target web + the typed JS API + the custom element), packs
# it, and builds the example host pages from the packed tarball, as a portal would:
#   dist/npm/customer-health/          the package folder (what `npm pack` packs)
#   dist/npm/customer-health-X.Y.Z.tgz the tarball
#   examples/hosts/plain/customer-health/   package files copied for the plain-HTML host
#   examples/hosts/react/dist/              the React host bundled with esbuild from the tarball
# Options: SKIP_EXAMPLES=1 (package only); SKIP_WASM=1 (reuse the last wasm-pack output).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1;34m[build-npm]\033[0m %s\n' "$*"; }
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

OUT=dist/npm/customer-health
mkdir -p dist/npm
WASM_PACK_FILES="customer_health_bg.wasm customer_health_bg.wasm.d.ts customer_health.js customer_health.d.ts package.json"

if [ "${SKIP_WASM:-0}" = 1 ] && [ -f "$OUT/customer_health_bg.wasm" ] && [ -f dist/npm/.wasm-pack/package.json ]; then
  # Front-end-only changes: keep the previous wasm-pack output.
  log "reusing the previous wasm-pack output (SKIP_WASM=1)"
  rm -rf "$OUT" && mkdir -p "$OUT"
  for f in $WASM_PACK_FILES; do cp "dist/npm/.wasm-pack/$f" "$OUT/$f"; done
else
  # The release build is shared with scripts/build.sh (same cargo profile): when www/pkg was
  # just built, cargo has nothing to compile and only wasm-bindgen + wasm-opt run again.
  rm -rf "$OUT"
  log "wasm-pack build --target web (release)"
  # opt-level 2 for the wasm, as scripts/build.sh builds it.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=2 wasm-pack build --target web --release --mode no-install --out-dir "$OUT" --out-name customer_health
  rm -f "$OUT/.gitignore"
  rm -rf dist/npm/.wasm-pack && mkdir -p dist/npm/.wasm-pack
  for f in $WASM_PACK_FILES; do cp "$OUT/$f" "dist/npm/.wasm-pack/$f"; done
fi

log "typed API and custom element"
bash scripts/catalogue-types.sh   # www/lib/catalogue.d.ts from the engine's catalogues
mkdir -p "$OUT/lib" "$OUT/widget"
cp www/lib/index.js www/lib/index.d.ts www/lib/types.d.ts www/lib/model-types.d.ts www/lib/catalogue.d.ts www/lib/worker.js \
  www/lib/engine-client.js www/lib/vocabulary.js "$OUT/lib/"
cp www/js/worker-core.js "$OUT/lib/worker-core.js"   # the app's protocol, self-contained here
cp www/js/workbook-worker.js "$OUT/lib/workbook-worker.js"   # imported by worker-core (workbooks: the module is fetched only when one is read)
cp www/js/answers.js "$OUT/lib/answers.js"   # imported by worker-core (satisfaction answers of a breakdown)
cp www/widget/customer-health-panel.d.ts "$OUT/widget/"
for f in www/widget/*.js; do   # the element and its views (chart-entry.js is bundled below)
  [ "$(basename "$f")" = chart-entry.js ] || cp "$f" "$OUT/widget/"
done
esbuild www/widget/chart-entry.js --bundle --format=esm --minify --log-level=warning \
  --legal-comments=none --outfile="$OUT/widget/chart.js"
{
  echo "# Third-party software in this package"
  echo
  echo "widget/chart.js bundles parts of Chart.js $(node -p "require('./node_modules/chart.js/package.json').version"):"
  echo
  cat node_modules/chart.js/LICENSE.md
} > "$OUT/LICENSE-THIRD-PARTY.md"
cp docs/embedding.md "$OUT/README.md"

log "package.json (wasm-pack's, merged with pkg-config/npm.json)"
node - "$OUT/package.json" pkg-config/npm.json <<'JS'
const fs = require('fs');
const [pkgPath, metaPath] = process.argv.slice(2);
const generated = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
const merged = { ...generated, ...meta, version: generated.version };
for (const k of ['collaborators']) delete merged[k];
// wasm-pack's own fields point at the raw bindings; the package's entry is the typed layer.
merged.files = [...new Set([...(meta.files || []), ...(generated.files || [])])];
fs.writeFileSync(pkgPath, JSON.stringify(merged, null, 2) + '\n');
JS

log "checks: every listed file exists, the .d.ts files are free of 'any'"
node - "$OUT" <<'JS'
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const targets = [];
const walk = (v) => { if (typeof v === 'string') targets.push(v); else if (v && typeof v === 'object') Object.values(v).forEach(walk); };
walk(pkg.exports);
for (const t of [...targets, pkg.main, pkg.types]) {
  if (!fs.existsSync(path.join(dir, t))) { console.error(`missing export target ${t}`); process.exit(1); }
}
for (const f of ['lib/index.d.ts', 'lib/types.d.ts', 'lib/model-types.d.ts', 'lib/catalogue.d.ts', 'widget/customer-health-panel.d.ts']) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  if (/\bany\b/.test(text)) { console.error(`${f} uses 'any'`); process.exit(1); }
}
JS

log "npm pack"
rm -f dist/npm/*.tgz
TARBALL=$(cd dist/npm && npm pack ./customer-health --silent --pack-destination . | tail -n 1)
log "packed dist/npm/$TARBALL"

[ "${SKIP_EXAMPLES:-0}" = 1 ] && exit 0

log "example host: plain HTML (files copied from the tarball)"
rm -rf examples/hosts/plain/customer-health
mkdir -p examples/hosts/plain/customer-health
tar -xzf "dist/npm/$TARBALL" -C examples/hosts/plain/customer-health --strip-components=1

log "example host: React, bundled with esbuild from the tarball"
(
  cd examples/hosts/react
  # package.json depends on file:../../../dist/npm/customer-health-<version>.tgz; drop the
  # installed copy so npm re-extracts the fresh tarball.
  grep -q "dist/npm/$TARBALL\"" package.json || {
    echo "examples/hosts/react/package.json must depend on file:../../../dist/npm/$TARBALL" >&2; exit 1; }
  rm -rf node_modules/customer-health
  npm install --no-audit --no-fund --no-package-lock --loglevel=error </dev/null
  test -f node_modules/customer-health/lib/index.js
  rm -rf dist && mkdir -p dist
  esbuild src/main.jsx --bundle --format=esm --minify --sourcemap --log-level=warning \
    --jsx=automatic --define:process.env.NODE_ENV='"production"' --outfile=dist/app.js
  # The runtime files the engine loads lazily (baseUrl = ./customer-health/).
  mkdir -p dist/customer-health
  cp -r node_modules/customer-health/. dist/customer-health/
  rm -rf dist/customer-health/node_modules
  log "tsc --strict on a consumer of the package's types"
  npx --no-install tsc -p tsconfig.json
)
log "done"
