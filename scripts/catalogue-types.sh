#!/usr/bin/env bash
# Writes www/lib/catalogue.d.ts, the TypeScript unions of the engine's catalogues (built-in
# measures, flags, quadrants, table kinds, segment dimensions), from the engine itself
# (src/output/typescript.rs). Run by scripts/build.sh and scripts/build-npm.sh;
# tests/typescript_catalogue.rs fails when the committed file is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
tmp=$(mktemp www/lib/.catalogue.XXXXXX)
trap 'rm -f "$tmp"' EXIT
cargo run --quiet --bin customer-health -- typescript > "$tmp"
if cmp -s "$tmp" www/lib/catalogue.d.ts; then exit 0; fi
mv "$tmp" www/lib/catalogue.d.ts
echo "www/lib/catalogue.d.ts rewritten from the engine's catalogues (commit it)" >&2
