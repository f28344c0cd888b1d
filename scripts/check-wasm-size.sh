#!/usr/bin/env bash
# The wasm size budgets, checked by CI after the build (the sizes are deterministic for a given
# toolchain). The main module (www/pkg) must stay at most WASM_GZ_BUDGET bytes gzipped (-9):
# issue 5 set 300,000 B, the real-data round grew the module to 446,966 B, issue 11's size work
# brought it back down; the budget sits just above the last measurement so that any growth is
# seen. docs/performance.md (Wasm size) has the figures and what each change saved.
# Two more modules are fetched only when needed: the full build with the analyses (www/pkg-analysis,
# on the first calibrate / learn / candidate list / custom backtest; it is also the npm
# package's module) and the workbook reader (www/workbook, when a workbook is added). Their
# budgets sit just above their measurements too.
set -euo pipefail
cd "$(dirname "$0")/.."

# check LABEL FILE BUDGET: prints the sizes, fails when the gzipped size is over BUDGET.
check() {
  local label=$1 file=$2 budget=$3 raw gz
  raw=$(stat -c %s "$file")
  gz=$(gzip -9c "$file" | wc -c)
  echo "$label: $raw B raw, $gz B gzipped (budget $budget B)"
  if [ "$gz" -gt "$budget" ]; then
    echo "$label is over its size budget by $((gz - budget)) B gzipped: see docs/performance.md (Wasm size)" >&2
    return 1
  fi
}

check "wasm" www/pkg/customer_health_bg.wasm "${WASM_GZ_BUDGET:-375000}"
full=www/pkg-analysis/customer_health_analysis_bg.wasm
if [ -f "$full" ]; then
  check "analysis wasm (full build, lazily loaded; the npm package's module)" "$full" "${ANALYSIS_GZ_BUDGET:-427000}"
fi
book=www/workbook/customer_health_workbook_bg.wasm
if [ -f "$book" ]; then
  check "workbook wasm (lazily loaded)" "$book" "${WORKBOOK_GZ_BUDGET:-400000}"
fi
