"""The SQL from `customer-health sql`, run in real DuckDB on RavenStack, must give the same
health scores as the engine (to 1e-9) for every account — and the same raw and normalised
measures.

Run: bash scripts/setup-python.sh && python3 -m pytest -q tests/sql
Binary: $CH_BIN, else target/release or target/debug (built with cargo when missing).
Data: $CH_DATA_DIR, else ../shared/data/ravenstack.
"""

import json
import math
import os
import subprocess
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("CH_DATA_DIR", ROOT.parent / "shared" / "data" / "ravenstack"))
STAGING = ROOT / "sql" / "ravenstack_staging.sql"
TOL = 1e-9


def binary() -> Path:
    if os.environ.get("CH_BIN"):
        return Path(os.environ["CH_BIN"])
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "customer-health"
        if path.exists():
            return path
    subprocess.run(["cargo", "build", "--quiet", "--bin", "customer-health"], cwd=ROOT, check=True)
    return ROOT / "target" / "debug" / "customer-health"


def cli(*args: str) -> str:
    done = subprocess.run(
        [str(binary()), *args], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout


def engine_results(tmp_path: Path, extra: list[str]) -> dict:
    out = tmp_path / "engine.json"
    cli("score", str(DATA), "--out", str(out), *extra)
    return json.loads(out.read_text())


def sql_results(extra: list[str]) -> dict:
    sql = cli("sql", "--allow-unsupported", *extra)
    con = duckdb.connect()
    for table in ("accounts", "subscriptions", "feature_usage", "support_tickets"):
        path = DATA / f"ravenstack_{table}.csv"
        con.execute(
            f"CREATE TABLE ravenstack_{table} AS SELECT * FROM "
            f"read_csv('{path}', header = true, all_varchar = true)"
        )
    con.execute(STAGING.read_text())
    con.execute(sql)
    cur = con.execute("SELECT * FROM health_scores ORDER BY account_id")
    cols = [c[0] for c in cur.description]
    return {row[0]: dict(zip(cols, row)) for row in cur.fetchall()}


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=TOL)


def compare(engine: dict, sql: dict) -> int:
    assert len(sql) == len(engine["accounts"]) == 500
    compared = 0
    for account in engine["accounts"]:
        row = sql[account["account_id"]]
        aid = account["account_id"]
        assert same(account["health_score"], row["health_score"]), (
            aid, account["health_score"], row["health_score"])
        assert account["band"] == row["band"], aid
        assert same(account["coverage"], row["coverage"]), aid
        for c in account["components"]:
            m = c["measure"]
            assert same(c["raw"], row[f"{m}_raw"]), (aid, m, c["raw"], row[f"{m}_raw"])
            assert same(c["normalized"], row[f"{m}_score"]), (aid, m)
        compared += 1
    return compared


def test_default_model_matches_engine(tmp_path):
    engine = engine_results(tmp_path, [])
    sql = sql_results([])
    assert compare(engine, sql) == 500
    # Not a vacuous comparison: scores vary and the RavenStack measures are present.
    scores = {round(a["health_score"], 6) for a in engine["accounts"]}
    assert len(scores) > 100
    present = {c["measure"] for a in engine["accounts"] for c in a["components"] if c["raw"] is not None}
    assert {"usage_frequency", "usage_trend", "login_consistency", "feature_breadth",
            "ticket_load", "resolution_hours", "csat"} <= present


def test_past_as_of_matches_engine(tmp_path):
    # The backtest cut-off: windows, tenure and "tables present" all move.
    engine = engine_results(tmp_path, ["--as-of", "2024-10-02"])
    sql = sql_results(["--as-of", "2024-10-02"])
    assert engine["summary"]["as_of"] == "2024-10-02"
    assert compare(engine, sql) == 500


def test_custom_model_with_percentiles_overrides_and_high_impact(tmp_path):
    model = json.loads(cli("model"))
    model["high_impact_features"] = ["feature_3", "FEATURE_7 ", "feature_12"]
    for group in model["groups"]:
        for mw in group["measures"]:
            if mw["measure"] in ("ticket_load", "resolution_hours"):
                mw["normalize"] = {"method": "percentile", "higher_is_better": False}
            if mw["measure"] in ("usage_frequency", "csat"):
                mw["normalize"] = {"method": "percentile"}
            if mw["measure"] == "usage_trend":
                mw["weight"] = 2.5
    model["groups"][0]["weight"] = 0.3
    model["windows"]["recent_days"] = 35
    model["windows"]["consistency_weeks"] = 8
    model["windows"]["ticket_days"] = 60
    first = json.loads(cli("score", str(DATA)))["accounts"]
    ids = sorted(a["account_id"] for a in first)
    model["overrides"] = [
        {"account_id": ids[0], "health_score": 12.5, "reason": "escalation", "expires": "2099-01-01"},
        {"account_id": ids[0], "health_score": 90, "reason": "older", "expires": "2098-01-01"},
        {"account_id": ids[1], "health_score": 70, "reason": "expired", "expires": "2020-01-01"},
    ]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model))
    engine = engine_results(tmp_path, ["--config", str(path)])
    sql = sql_results(["--config", str(path)])
    assert compare(engine, sql) == 500
    assert sql[ids[0]]["health_score"] == 12.5 and sql[ids[0]]["overridden"]
    assert not sql[ids[1]]["overridden"]
    hi = [a for a in engine["accounts"] for c in a["components"]
          if c["measure"] == "high_impact_adoption" and c["raw"] not in (None, 0)]
    assert hi, "high-impact adoption is exercised"


def test_unsupported_measures_are_refused_without_the_flag():
    done = subprocess.run([str(binary()), "sql"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0
    assert "goal_attainment" in done.stderr and "--allow-unsupported" in done.stderr
