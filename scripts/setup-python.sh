#!/usr/bin/env bash
# Python tools for the SQL export test (tests/sql/test_duckdb.py): DuckDB and pytest.
# Idempotent; safe to call from scripts/test.sh. Uses a venv under .venv when pip refuses
# to install into the system Python.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if "$PY" -c 'import duckdb, pytest' >/dev/null 2>&1; then
  exit 0
fi
if ! "$PY" -m pip install --quiet duckdb pytest 2>/dev/null; then
  "$PY" -m venv .venv
  .venv/bin/pip install --quiet duckdb pytest
  echo "installed into .venv: run tests with .venv/bin/python -m pytest -q tests/sql"
fi
