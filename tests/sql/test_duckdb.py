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


def run_binary(*args: str) -> str:
    done = subprocess.run(
        [str(binary()), *args], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout


def without_stages(model: dict) -> dict:
    """The model with its lifecycle stages removed (the SQL export refuses stages)."""
    model = dict(model)
    model.pop("lifecycle", None)
    for group in model["groups"]:
        for mw in group["measures"]:
            mw.pop("by_stage", None)
    return model


_STAGELESS: list[Path] = []


def stageless_default_model() -> Path:
    """The default model without lifecycle stages, written once to a temporary file."""
    if not _STAGELESS:
        import tempfile
        path = Path(tempfile.mkdtemp()) / "default-without-stages.json"
        path.write_text(json.dumps(without_stages(json.loads(run_binary("model")))))
        _STAGELESS.append(path)
    return _STAGELESS[0]


def cli(*args: str) -> str:
    """Runs the CLI. `score` and `sql` without --config use the default model without its
    lifecycle stages on both sides, since SQL cannot express stages (a model with stages is
    refused; tests/warehouse_cli.rs checks that)."""
    if args and args[0] in ("score", "sql") and "--config" not in args:
        args = (*args, "--config", str(stageless_default_model()))
    return run_binary(*args)


def engine_results(tmp_path: Path, extra: list[str]) -> dict:
    out = tmp_path / "engine.json"
    cli("score", str(DATA), "--out", str(out), *extra)
    return json.loads(out.read_text())


def sql_results(extra: list[str]) -> dict:
    sql = cli("sql", *extra)
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
    model = without_stages(json.loads(cli("model")))
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


DEMO = ROOT / "www" / "demo"
DEMO_FILES = ["accounts", "usage_events", "surveys", "support_tickets", "goals", "touchpoints"]
FLAT = ["csat", "nps", "logins_30d", "active_users", "goal_progress", "features_used",
        "success_plan", "empowerment", "tickets_30d"]
EMPTY = {
    "subscriptions": "CAST(NULL AS VARCHAR) AS account_id, CAST(NULL AS DATE) AS start_date, "
                     "CAST(NULL AS DATE) AS end_date, CAST(NULL AS DOUBLE) AS seats",
    "usage": "CAST(NULL AS VARCHAR) AS account_id, CAST(NULL AS VARCHAR) AS user_id, "
             "CAST(NULL AS DATE) AS \"date\", CAST(NULL AS VARCHAR) AS feature, CAST(NULL AS DOUBLE) AS \"count\"",
    "tickets": "CAST(NULL AS VARCHAR) AS account_id, CAST(NULL AS TIMESTAMP) AS opened, "
               "CAST(NULL AS TIMESTAMP) AS resolved, CAST(NULL AS DOUBLE) AS resolution_hours, "
               "CAST(NULL AS DOUBLE) AS satisfaction",
    "surveys": "CAST(NULL AS VARCHAR) AS account_id, CAST(NULL AS DATE) AS \"date\", "
               "CAST(NULL AS VARCHAR) AS kind, CAST(NULL AS DOUBLE) AS score",
    "touchpoints": "CAST(NULL AS VARCHAR) AS account_id, CAST(NULL AS DATE) AS \"date\"",
    "goals": "CAST(NULL AS VARCHAR) AS account_id, CAST(NULL AS VARCHAR) AS kind, CAST(NULL AS DOUBLE) AS baseline, "
             "CAST(NULL AS DOUBLE) AS target, CAST(NULL AS DOUBLE) AS \"current\", CAST(NULL AS DATE) AS due_date, "
             "CAST(NULL AS VARCHAR) AS status, CAST(NULL AS DATE) AS completed_date",
}
FLAT_COLS = ", ".join(
    f"TRY_CAST({c} AS {'BOOLEAN' if c == 'success_plan' else 'DOUBLE'}) AS {c}" for c in FLAT
)


def run_sql(sql: str, raw: dict, staging: dict) -> dict:
    """Loads raw CSVs (all text), creates canonical views (given or empty), runs `sql`."""
    con = duckdb.connect()
    for table, path in raw.items():
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = true, all_varchar = true)")
    for view in ["accounts", *EMPTY]:
        body = staging.get(view, f"SELECT {EMPTY.get(view, '')} WHERE false")
        con.execute(f"CREATE OR REPLACE VIEW {view} AS {body}")
    con.execute(sql)
    cur = con.execute("SELECT * FROM health_scores ORDER BY account_id")
    cols = [c[0] for c in cur.description]
    return {row[0]: dict(zip(cols, row)) for row in cur.fetchall()}


@pytest.mark.skipif(not (DEMO / "goals.csv").exists(), reason="demo data not generated")
def test_demo_data_with_users_surveys_goals_and_touchpoints(tmp_path):
    """The bundled demo set exercises what RavenStack lacks: user ids (seat utilisation,
    stickiness), NPS and CSAT surveys, goals and milestones, touchpoints."""
    files = [str(DEMO / f"{f}.csv") for f in DEMO_FILES]
    out = tmp_path / "engine.json"
    cli("score", *files, "--out", str(out))
    engine = json.loads(out.read_text())
    staging = {
        "accounts": f"SELECT account_id, TRY_CAST(seats AS DOUBLE) AS seats, "
                    + ", ".join(f"CAST(NULL AS {'BOOLEAN' if c == 'success_plan' else 'DOUBLE'}) AS {c}" for c in FLAT)
                    + " FROM raw_accounts",
        "usage": "SELECT account_id, user_id, TRY_CAST(event_date AS DATE) AS \"date\", feature, "
                 "TRY_CAST(event_count AS DOUBLE) AS \"count\" FROM raw_usage_events",
        "surveys": "SELECT account_id, TRY_CAST(response_date AS DATE) AS \"date\", lower(survey_type) AS kind, "
                   "TRY_CAST(score AS DOUBLE) AS score FROM raw_surveys",
        "tickets": "SELECT account_id, TRY_CAST(created_at AS TIMESTAMP) AS opened, TRY_CAST(resolved_at AS TIMESTAMP) AS resolved, "
                   "CAST(NULL AS DOUBLE) AS resolution_hours, TRY_CAST(satisfaction AS DOUBLE) AS satisfaction FROM raw_support_tickets",
        "goals": "SELECT account_id, kind, TRY_CAST(baseline AS DOUBLE) AS baseline, TRY_CAST(target AS DOUBLE) AS target, "
                 "TRY_CAST(\"current\" AS DOUBLE) AS \"current\", TRY_CAST(due_date AS DATE) AS due_date, status, "
                 "TRY_CAST(completed_date AS DATE) AS completed_date FROM raw_goals",
        "touchpoints": "SELECT account_id, TRY_CAST(\"date\" AS DATE) AS \"date\" FROM raw_touchpoints",
    }
    raw = {f"raw_{f}": DEMO / f"{f}.csv" for f in DEMO_FILES}
    sql = run_sql(cli("sql"), raw, staging)
    n = len(engine["accounts"])
    assert n >= 100 and len(sql) == n
    for account in engine["accounts"]:
        row = sql[account["account_id"]]
        assert same(account["health_score"], row["health_score"]), account["account_id"]
        assert same(account["coverage"], row["coverage"]), account["account_id"]
        for c in account["components"]:
            m = c["measure"]
            assert same(c["raw"], row[f"{m}_raw"]), (account["account_id"], m, c["raw"], row[f"{m}_raw"])
            assert same(c["normalized"], row[f"{m}_score"]), (account["account_id"], m)
    present = {c["measure"] for a in engine["accounts"] for c in a["components"] if c["raw"] is not None}
    assert {"seat_utilisation", "stickiness", "nps", "csat", "goal_attainment", "milestone_progress",
            "success_plan", "engagement_cadence", "days_since_touchpoint"} <= present


def flat_accounts(path: Path) -> None:
    """RavenStack accounts plus every flat measure column, with blanks, deterministic."""
    import csv
    with open(DATA / "ravenstack_accounts.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for i, r in enumerate(rows):
        vals = {
            "csat": f"{(i * 37 % 101) / 100:.2f}", "nps": str(i * 53 % 201 - 100),
            "logins_30d": str(i * 7 % 60), "active_users": str(i % 13),
            "goal_progress": f"{(i * 11 % 100) / 100:.2f}", "features_used": str(i * 3 % 17),
            "success_plan": "true" if i % 3 else "false", "empowerment": f"{(i * 29 % 100) / 100:.2f}",
            "tickets_30d": str(i % 5),
        }
        for j, c in enumerate(FLAT):
            r[c] = "" if (i + j) % 4 == 0 else vals[c]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


def test_flat_spreadsheet_columns_fill_missing_measures(tmp_path):
    accounts = tmp_path / "accounts_flat.csv"
    flat_accounts(accounts)
    staging_accounts = f"SELECT account_id, TRY_CAST(seats AS DOUBLE) AS seats, {FLAT_COLS} FROM raw_accounts"
    # 1. Flat columns beside RavenStack's events: they fill CSAT where tickets carry no
    #    rating, seat utilisation (no user ids), NPS, goals, success plan, empowerment.
    out = tmp_path / "engine.json"
    others = [str(DATA / f"ravenstack_{t}.csv") for t in ("subscriptions", "feature_usage", "support_tickets")]
    cli("score", str(accounts), *others, "--out", str(out))
    engine = json.loads(out.read_text())
    raw = {"raw_accounts": accounts}
    raw.update({f"ravenstack_{t}": DATA / f"ravenstack_{t}.csv" for t in ("subscriptions", "feature_usage", "support_tickets")})
    staging_sql = STAGING.read_text()
    con_sql = cli("sql")
    con = duckdb.connect()
    for table, path in raw.items():
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = true, all_varchar = true)")
    con.execute("CREATE TABLE ravenstack_accounts AS SELECT * FROM raw_accounts")
    con.execute(staging_sql)
    con.execute(f"CREATE OR REPLACE VIEW accounts AS {staging_accounts}")
    con.execute(con_sql)
    cur = con.execute("SELECT * FROM health_scores")
    cols = [c[0] for c in cur.description]
    sql = {row[0]: dict(zip(cols, row)) for row in cur.fetchall()}
    assert compare(engine, sql) == 500
    used = {c["measure"] for a in engine["accounts"] for c in a["components"] if c["raw"] is not None}
    assert {"nps", "empowerment", "goal_attainment", "success_plan", "seat_utilisation"} <= used

    # 2. The flat spreadsheet alone (maturity level 2): frequency from logins, breadth from
    #    features_used ÷ the largest, ticket load from tickets_30d.
    out = tmp_path / "flat_only.json"
    cli("score", str(accounts), "--as-of", "2024-12-31", "--out", str(out))
    engine = json.loads(out.read_text())
    sql = run_sql(cli("sql", "--as-of", "2024-12-31"), {"raw_accounts": accounts}, {"accounts": staging_accounts})
    assert compare(engine, sql) == 500
    used = {c["measure"] for a in engine["accounts"] for c in a["components"] if c["raw"] is not None}
    assert {"usage_frequency", "feature_breadth", "ticket_load"} <= used
