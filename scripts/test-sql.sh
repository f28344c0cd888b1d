#!/usr/bin/env bash
# The SQL export's equality test: generated SQL run in real DuckDB vs the engine, to 1e-9.
# Installs duckdb + pytest when missing (scripts/setup-python.sh), builds the CLI, runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-python.sh
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import duckdb, pytest' >/dev/null 2>&1 && [ -x .venv/bin/python ]; then
  PY=.venv/bin/python
fi
cargo build --quiet --release --bin customer-health --example snapshot_data
CH_BIN="$PWD/target/release/customer-health" "$PY" -m pytest -q tests/sql "$@"
