"""The SQL from `customer-health sql`, run in real DuckDB on RavenStack, must give the same
health scores as the engine (to 1e-9) for every account — and the same raw and normalised
measures, tenure and lifecycle stage (the default model has stages).

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
    """The model with its lifecycle stages removed (what `sql --without-lifecycle` exports)."""
    model = dict(model)
    model.pop("lifecycle", None)
    for group in model["groups"]:
        for mw in group["measures"]:
            mw.pop("by_stage", None)
    return model


def cli(*args: str) -> str:
    """Runs the CLI; `score` and `sql` without --config use the default model, stages and all."""
    return run_binary(*args)


# `sql/ravenstack_staging.sql` maps RavenStack's `signup_date` onto `accounts.start_date` (the
# engine reads it as the start date) and leaves the flat measure columns NULL; tests that need
# flat values replace its `accounts` view with this one.
def accounts_view(source: str, flat: str | None = None) -> str:
    """The canonical `accounts` view over a raw RavenStack-style accounts table, with
    `signup_date` as `start_date` and the flat columns (`flat`: their SELECT list, else NULL)."""
    flat = flat or ", ".join(
        f"CAST(NULL AS {'BOOLEAN' if c == 'success_plan' else 'DOUBLE'}) AS {c}" for c in FLAT)
    return (f"SELECT account_id, TRY_CAST(seats AS DOUBLE) AS seats, "
            f"TRY_CAST(signup_date AS DATE) AS start_date, {flat} FROM {source}")


def stage_ravenstack(con, flat: str | None = None) -> None:
    """The RavenStack staging views as shipped; with `flat`, accounts carry those columns."""
    con.execute(STAGING.read_text())
    if flat:
        con.execute(f"CREATE OR REPLACE VIEW accounts AS {accounts_view('ravenstack_accounts', flat)}")


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
    stage_ravenstack(con)
    con.execute(sql)
    cur = con.execute("SELECT * FROM health_scores ORDER BY account_id")
    cols = [c[0] for c in cur.description]
    return {row[0]: dict(zip(cols, row)) for row in cur.fetchall()}


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=TOL)


def compare(engine: dict, sql: dict, n: int = 500) -> int:
    assert len(sql) == len(engine["accounts"]) == n
    compared = 0
    for account in engine["accounts"]:
        row = sql[account["account_id"]]
        aid = account["account_id"]
        assert account["tenure_days"] == row["tenure_days"], (
            aid, account["tenure_days"], row["tenure_days"])
        assert account["lifecycle_stage"] == row["lifecycle_stage"], (
            aid, account["lifecycle_stage"], row["lifecycle_stage"])
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
    # Every stage is populated, so every stage override is compared.
    assert {a["lifecycle_stage"] for a in engine["accounts"]} == {"onboarding", "adoption", "established"}


def test_past_as_of_matches_engine(tmp_path):
    # The backtest cut-off: windows, tenure and "tables present" all move.
    engine = engine_results(tmp_path, ["--as-of", "2024-10-02"])
    sql = sql_results(["--as-of", "2024-10-02"])
    assert engine["summary"]["as_of"] == "2024-10-02"
    assert compare(engine, sql) == 500
    # Accounts that signed up after the cut-off have tenure 0 (onboarding).
    assert any(a["tenure_days"] == 0 for a in engine["accounts"])


def test_without_lifecycle_matches_engine_on_the_stageless_model(tmp_path):
    # `--without-lifecycle` exports the default normalisation for every account: the engine
    # scoring the default model with its stages removed. Tenure is still computed.
    path = tmp_path / "stageless.json"
    path.write_text(json.dumps(without_stages(json.loads(cli("model")))))
    engine = engine_results(tmp_path, ["--config", str(path)])
    sql = sql_results(["--without-lifecycle"])
    assert compare(engine, sql) == 500
    assert all(row["lifecycle_stage"] is None and row["tenure_days"] is not None for row in sql.values())
    # ...and differs from the staged default where a stage override applies.
    staged = sql_results([])
    assert any(not same(staged[k]["health_score"], sql[k]["health_score"]) for k in sql)


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
        "accounts": f"SELECT account_id, TRY_CAST(seats AS DOUBLE) AS seats, TRY_CAST(start_date AS DATE) AS start_date, "
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
    assert n >= 100 and compare(engine, sql, n) == n
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
    staging_accounts = accounts_view("raw_accounts", FLAT_COLS)
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


def read_rows(path: Path) -> list[dict]:
    import csv
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict], fields: list[str] | None = None) -> None:
    import csv
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields or list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)


RS_TABLES = ("accounts", "subscriptions", "feature_usage", "support_tickets")


def lifecycle_ravenstack(directory: Path) -> dict:
    """RavenStack with every tenure source: a quarter of the accounts lose their signup date
    (tenure from the first subscription start), an eighth also lose their subscriptions and
    usage (tenure from the first ticket) and a sixteenth their tickets too (tenure unknown)."""
    data = {t: read_rows(DATA / f"ravenstack_{t}.csv") for t in RS_TABLES}
    ids = [r["account_id"] for r in data["accounts"]]
    for i, r in enumerate(data["accounts"]):
        if i % 4 == 1:
            r["signup_date"] = ""
    no_subs = {a for i, a in enumerate(ids) if i % 8 == 1}
    no_tickets = {a for i, a in enumerate(ids) if i % 16 == 1}
    data["subscriptions"] = [s for s in data["subscriptions"] if s["account_id"] not in no_subs]
    kept = {s["subscription_id"] for s in data["subscriptions"]}
    data["feature_usage"] = [u for u in data["feature_usage"] if u["subscription_id"] in kept]
    data["support_tickets"] = [t for t in data["support_tickets"] if t["account_id"] not in no_tickets]
    directory.mkdir()
    for t in RS_TABLES:
        write_rows(directory / f"ravenstack_{t}.csv", data[t])
    return {
        "subscription": {a for i, a in enumerate(ids) if i % 8 == 5},
        "first event": no_subs - no_tickets,
        "none": no_tickets,
    }


def staged_percentile_model() -> dict:
    """The default model with percentile rules by stage: ranked within the stage, beside the
    default percentile across the portfolio and stage thresholds."""
    model = json.loads(cli("model"))
    for group in model["groups"]:
        for mw in group["measures"]:
            if mw["measure"] == "usage_frequency":
                mw["normalize"] = {"method": "percentile"}
                mw["by_stage"]["onboarding"] = {"method": "percentile"}
            if mw["measure"] == "ticket_load":
                mw["by_stage"] = {
                    "adoption": {"method": "percentile", "higher_is_better": False},
                    "established": {"method": "percentile", "higher_is_better": False},
                }
            if mw["measure"] == "feature_breadth":
                mw["by_stage"]["established"] = {"method": "percentile"}
            if mw["measure"] == "resolution_hours":
                mw["normalize"] = {"method": "percentile", "higher_is_better": False}
                mw["by_stage"] = {"onboarding": {"method": "percentile"}}
    return model


def test_tenure_fallbacks_every_stage_and_stage_percentiles(tmp_path):
    data = tmp_path / "ravenstack"
    sources = lifecycle_ravenstack(data)
    staged = tmp_path / "staged-percentiles.json"
    staged.write_text(json.dumps(staged_percentile_model()))
    for config in ([], ["--config", str(staged)]):
        for as_of in ([], ["--as-of", "2024-10-02"]):
            out = tmp_path / "engine.json"
            cli("score", str(data), "--out", str(out), *config, *as_of)
            engine = json.loads(out.read_text())
            con = duckdb.connect()
            for t in RS_TABLES:
                con.execute(f"CREATE TABLE ravenstack_{t} AS SELECT * FROM "
                            f"read_csv('{data / f'ravenstack_{t}.csv'}', header = true, all_varchar = true)")
            stage_ravenstack(con)
            con.execute(cli("sql", *config, *as_of))
            cur = con.execute("SELECT * FROM health_scores")
            cols = [c[0] for c in cur.description]
            sql = {row[0]: dict(zip(cols, row)) for row in cur.fetchall()}
            assert compare(engine, sql) == 500, (config, as_of)
            # Every stage, unknown tenure, and every tenure source the data can give.
            stages = {a["lifecycle_stage"] for a in engine["accounts"]}
            assert stages == {"onboarding", "adoption", "established", None}, stages
            tenure = {a["account_id"]: a["tenure_days"] for a in engine["accounts"]}
            assert all(tenure[a] is not None for a in sources["subscription"])
            assert any(tenure[a] is not None for a in sources["first event"])
            assert all(tenure[a] is None for a in sources["none"])
            if config:
                ranked = {c["evidence"].split("; ")[-1].split(" (")[0] for a in engine["accounts"]
                          for c in a["components"] if c["evidence"] and "ranked among" in c["evidence"]}
                assert ranked == {"ranked among Onboarding stage accounts",
                                  "ranked among Adoption stage accounts",
                                  "ranked among Established stage accounts"}, ranked


def test_tenure_from_each_event_kind_and_stage_boundaries(tmp_path):
    """Hand-made accounts for each tenure rule: the start date (stage boundaries at 89/90 and
    364/365 days, a start after as-of), the earliest subscription start, and the first usage,
    survey, ticket or touchpoint on or before as-of; unknown without any."""
    from datetime import date
    as_of = "2025-06-30"
    d = tmp_path / "events"
    d.mkdir()
    starts = {"A01": "2025-01-01", "A02": "2025-04-01", "A03": "2025-04-02", "A04": "2024-06-30",
              "A05": "2024-07-01", "A06": "2025-08-01"}
    ids = [f"A{i:02d}" for i in range(1, 15)]
    write_rows(d / "accounts.csv", [
        {"account_id": a, "account_name": f"Account {a}", "seats": "10", "start_date": starts.get(a, "")}
        for a in ids])
    write_rows(d / "subscriptions.csv", [
        {"subscription_id": "S1", "account_id": "A07", "start_date": "2025-09-01", "end_date": "", "plan": "pro", "seats": "10"},
        {"subscription_id": "S2", "account_id": "A07", "start_date": "2024-03-01", "end_date": "", "plan": "pro", "seats": "10"},
        {"subscription_id": "S3", "account_id": "A14", "start_date": "", "end_date": "", "plan": "pro", "seats": "10"},
        {"subscription_id": "S4", "account_id": "A01", "start_date": "2020-01-01", "end_date": "", "plan": "pro", "seats": "10"},
    ])
    usage = [("A08", "2025-05-01"), ("A08", "2025-06-20"), ("A09", "2025-05-01"), ("A11", "2025-06-01"),
             ("A12", "2025-07-15"), ("A14", "2025-06-01"), ("A01", "2025-06-10"), ("A04", "2025-06-28")]
    write_rows(d / "usage_events.csv", [
        {"account_id": a, "user_id": f"u{i}@{a}", "event_date": day, "feature": "reports", "event_count": "3"}
        for i, (a, day) in enumerate(usage)])
    write_rows(d / "surveys.csv", [
        {"account_id": "A08", "response_date": "2025-05-10", "survey_type": "csat", "score": "4"},
        {"account_id": "A09", "response_date": "2025-03-01", "survey_type": "nps", "score": "9"},
    ])
    write_rows(d / "support_tickets.csv", [
        {"ticket_id": "T1", "account_id": "A10", "created_at": "2025-02-01 23:30:00",
         "resolved_at": "2025-02-02 10:00:00", "priority": "high", "satisfaction": "4"},
        {"ticket_id": "T2", "account_id": "A12", "created_at": "2025-07-02 09:00:00",
         "resolved_at": "", "priority": "low", "satisfaction": ""},
    ])
    write_rows(d / "touchpoints.csv", [
        {"account_id": "A10", "date": "2025-03-01", "type": "call", "direction": "outbound"},
        {"account_id": "A11", "date": "2024-12-01", "type": "email", "direction": "outbound"},
    ])
    files = [str(d / f) for f in ("accounts.csv", "subscriptions.csv", "usage_events.csv",
                                  "surveys.csv", "support_tickets.csv", "touchpoints.csv")]
    out = tmp_path / "engine.json"
    cli("score", *files, "--as-of", as_of, "--out", str(out))
    engine = json.loads(out.read_text())
    since = dict(starts, A07="2024-03-01", A08="2025-05-01", A09="2025-03-01", A10="2025-02-01",
                 A11="2024-12-01", A14="2025-06-01")
    end = date.fromisoformat(as_of)
    want = {a: max((end - date.fromisoformat(since[a])).days, 0) if a in since else None for a in ids}
    assert {a["account_id"]: a["tenure_days"] for a in engine["accounts"]} == want
    assert want["A02"] == 90 and want["A03"] == 89 and want["A04"] == 365 and want["A05"] == 364
    staging = {
        "accounts": accounts_view("raw_accounts").replace("signup_date", "start_date"),
        "subscriptions": "SELECT account_id, TRY_CAST(start_date AS DATE) AS start_date, "
                         "TRY_CAST(end_date AS DATE) AS end_date, TRY_CAST(seats AS DOUBLE) AS seats FROM raw_subscriptions",
        "usage": "SELECT account_id, user_id, TRY_CAST(event_date AS DATE) AS \"date\", feature, "
                 "TRY_CAST(event_count AS DOUBLE) AS \"count\" FROM raw_usage_events",
        "surveys": "SELECT account_id, TRY_CAST(response_date AS DATE) AS \"date\", lower(survey_type) AS kind, "
                   "TRY_CAST(score AS DOUBLE) AS score FROM raw_surveys",
        "tickets": "SELECT account_id, TRY_CAST(created_at AS TIMESTAMP) AS opened, TRY_CAST(resolved_at AS TIMESTAMP) AS resolved, "
                   "CAST(NULL AS DOUBLE) AS resolution_hours, TRY_CAST(satisfaction AS DOUBLE) AS satisfaction FROM raw_support_tickets",
        "touchpoints": "SELECT account_id, TRY_CAST(\"date\" AS DATE) AS \"date\" FROM raw_touchpoints",
    }
    raw = {f"raw_{Path(f).stem}": f for f in files}
    sql = run_sql(cli("sql", "--as-of", as_of), raw, staging)
    assert compare(engine, sql, len(ids)) == len(ids)
    assert {a: sql[a]["lifecycle_stage"] for a in ("A02", "A03", "A04", "A05", "A06", "A12", "A13")} == {
        "A02": "adoption", "A03": "onboarding", "A04": "established", "A05": "adoption",
        "A06": "onboarding", "A12": None, "A13": None}


def snapshot_files(directory: Path, seed: int, rows: int) -> None:
    """The synthetic churn snapshot of tests/support/snapshot.rs (train.csv with the label,
    test.csv without), written by the `snapshot_data` example."""
    example = binary().parent / "examples" / "snapshot_data"
    if example.exists():
        cmd = [str(example)]
    else:
        cmd = ["cargo", "run", "--quiet", "--example", "snapshot_data", "--"]
    subprocess.run([*cmd, str(directory), "--seed", str(seed), "--rows", str(rows)],
                   cwd=ROOT, check=True, capture_output=True)


# A rating column's position on its scale, as a share 0–1, as the engine reads it (the scale is
# the engine's own decision, reported in files[].readings): the warehouse's flat columns hold
# what the engine read.
SCALE_TO_SHARE = {
    "one_to_five": "({x} - 1) / 4", "zero_to_five": "{x} / 5",
    "one_to_seven": "({x} - 1) / 6", "one_to_ten": "({x} - 1) / 9",
    "zero_to_ten": "{x} / 10", "percent": "{x} / 100", "share": "{x}",
}


def flat_from_readings(engine: dict) -> dict:
    """The flat columns the engine recognised in a snapshot (field → SQL expression)."""
    out = {}
    for reading in engine["files"][0].get("readings") or []:
        field = reading.get("field")
        if field in FLAT:
            assert field in ("csat",), (field, reading)  # only rating fields are expected here
            x = f'TRY_CAST("{reading["header"]}" AS DOUBLE)'
            out[field] = SCALE_TO_SHARE[reading["reading"]].format(x=x)
    return out


def snapshot_sql(sql: str, csv: Path, id_column: str, flat: dict | None = None) -> dict:
    """Runs the export on a snapshot: the accounts view passes every CSV column through as
    text (the SQL casts each custom measure's column) beside the canonical columns; `flat`
    gives the flat columns the engine recognised (NULL otherwise)."""
    flat = flat or {}
    accounts = (f"SELECT *, CAST(\"{id_column}\" AS VARCHAR) AS account_id, CAST(NULL AS DOUBLE) AS seats, "
                "CAST(NULL AS DATE) AS start_date, "
                + ", ".join(f"CAST({flat.get(c, 'NULL')} AS {'BOOLEAN' if c == 'success_plan' else 'DOUBLE'}) AS {c}"
                            for c in FLAT)
                + " FROM raw_accounts")
    return run_sql(sql, {"raw_accounts": csv}, {"accounts": accounts})


def test_learned_snapshot_model_with_custom_measures(tmp_path):
    """A model learned by `calibrate` from a snapshot carries custom measures of every kind
    (numbers, a days-since date, yes/no, categories with `categories` scores): its SQL gives
    the engine's scores, churn-free, on held-back rows and on the training rows, to 1e-9."""
    data = tmp_path / "snapshot"
    snapshot_files(data, seed=5, rows=1200)
    model_path = tmp_path / "learned.json"
    cli("calibrate", str(data / "train.csv"), "--out", str(model_path))
    model = json.loads(model_path.read_text())
    kinds = {m["value"] for m in model["measures"]}
    assert {"number", "days_since", "category"} <= kinds, kinds
    methods = {mw["normalize"]["method"] for mw in model["groups"][0]["measures"]}
    assert methods == {"thresholds", "categories"}, methods
    # A hand-written yes/no measure scored by category, and a category with no "other".
    model["measures"].append({"id": "billing_paperless", "table": "accounts", "column": "paperless billing",
                              "value": "yes_no"})
    model["measures"].append({"id": "region_custom", "table": "accounts", "column": "Region", "value": "category"})
    model["groups"][0]["measures"].append({"measure": "billing_paperless", "weight": 3,
                                           "normalize": {"method": "categories", "scores": {"yes": 20, "No": 80}}})
    model["groups"][0]["measures"].append({"measure": "region_custom", "weight": 2,
                                           "normalize": {"method": "categories", "scores": {"north": 10, "South": 90}}})
    model_path.write_text(json.dumps(model))
    sql_text = cli("sql", "--config", str(model_path))
    for name, n in (("test.csv", 360), ("train.csv", 840)):
        out = tmp_path / f"engine-{name}.json"
        cli("score", str(data / name), "--config", str(model_path), "--out", str(out))
        engine = json.loads(out.read_text())
        sql = snapshot_sql(sql_text, data / name, "customerID", flat_from_readings(engine))
        assert compare(engine, sql, n) == n, name
        # Not vacuous: every account scored, scores vary, each kind of measure compared.
        assert all(a["health_score"] is not None for a in engine["accounts"])
        assert len({round(a["health_score"], 6) for a in engine["accounts"]}) > n // 2
        first = engine["accounts"][0]
        by_id = {c["measure"]: c for c in first["components"]}
        row = sql[first["account_id"]]
        assert row["contract_category"] == by_id["contract"]["evidence"].split(": ")[-1]
        assert row["region_custom_score"] in (10.0, 90.0, None)
        assert by_id["billing_paperless"]["normalized"] in (20.0, 80.0)
        days = [r["last_order_date_raw"] for r in sql.values() if r["last_order_date_raw"] is not None]
        assert len(days) > n // 2 and len(set(days)) > 10
        assert any(r["region_custom_score"] is None for r in sql.values()), "a category without a score is missing"
