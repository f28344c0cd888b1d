#!/usr/bin/env bash
# The wasm size budget: the release module must stay at most 450,000 bytes gzipped (-9).
# Deterministic for a given toolchain, so CI checks it after the build. Issue 5 set 300,000 B;
# the real-data round (content recognition, per-column scales, custom measures, snapshot
# learning, near misses) took the module to 422,110 B, and the budget was restated to that
# measurement plus a small margin: docs/performance.md (Wasm size) has the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm=www/pkg/customer_health_bg.wasm
budget=${WASM_GZ_BUDGET:-450000}
raw=$(stat -c %s "$wasm")
gz=$(gzip -9c "$wasm" | wc -c)
echo "wasm: $raw B raw, $gz B gzipped (budget $budget B)"
if [ "$gz" -gt "$budget" ]; then
  echo "the wasm module is over its size budget by $((gz - budget)) B gzipped: see docs/performance.md (Wasm size)" >&2
  exit 1
fi

# The workbook reader (www/workbook) is a second module, fetched only when a workbook is added;
# its own budget only catches accidental growth.
book=www/workbook/customer_health_workbook_bg.wasm
book_budget=${WORKBOOK_GZ_BUDGET:-450000}
if [ -f "$book" ]; then
  book_raw=$(stat -c %s "$book")
  book_gz=$(gzip -9c "$book" | wc -c)
  echo "workbook wasm (lazily loaded): $book_raw B raw, $book_gz B gzipped (budget $book_budget B)"
  if [ "$book_gz" -gt "$book_budget" ]; then
    echo "the workbook module is over its size budget by $((book_gz - book_budget)) B gzipped" >&2
    exit 1
  fi
fi
