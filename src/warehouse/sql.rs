//! The configured model compiled to SQL that computes the same health scores inside a
//! warehouse, from tables with the engine's canonical column names.
//!
//! Expected tables (every one must exist; an empty table is fine — see
//! `docs/backtest.md` for the exact columns and a RavenStack staging script):
//!
//! | table | columns |
//! |---|---|
//! | `accounts` | `account_id`, `seats`, `start_date` (nullable), and the flat columns `csat`, `nps`, `logins_30d`, `active_users`, `goal_progress`, `features_used`, `success_plan`, `empowerment`, `tickets_30d` (NULL when absent) |
//! | `subscriptions` | `account_id`, `start_date`, `end_date`, `seats` |
//! | `usage` | `account_id`, `user_id`, `date`, `feature`, `count` |
//! | `tickets` | `account_id`, `opened`, `resolved`, `resolution_hours`, `satisfaction` |
//! | `surveys` | `account_id`, `date`, `kind` (`csat`/`nps`/`ces`), `score` |
//! | `touchpoints` | `account_id`, `date` |
//! | `goals` | `account_id`, `kind`, `baseline`, `target`, `current`, `due_date`, `status`, `completed_date` |
//!
//! Every measure is exported, including the flat-spreadsheet fallbacks (a flat column
//! fills a measure only where its event data gives nothing, as in the engine).
//!
//! Lifecycle stages are compiled too: tenure per account with the rule and fallbacks of
//! `src/metrics/tenure.rs` (accounts `start_date`, else the earliest subscription
//! `start_date`, else the first usage, survey, ticket opening or touchpoint on or before
//! as-of; every source is one of the tables above), the stage by a CASE on tenure, and each
//! measure's stage override chosen by a CASE on the stage (percentile overrides rank within
//! the stage, the default percentile across the portfolio), as `src/scoring/normalize.rs`.
//!
//! Every window, rounding and missing-data rule mirrors `src/metrics`; dates become day
//! numbers since 1970-01-01 so the window arithmetic is the engine's integer arithmetic.

use std::fmt::Write;

use crate::metrics::measure::Measure;
use crate::model::config::{Model, Normalize};

/// SQL dialect of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB (the tested dialect).
    DuckDb,
}

impl Dialect {
    /// Parses a dialect name.
    pub fn parse(text: &str) -> Option<Dialect> {
        match text.to_ascii_lowercase().as_str() {
            "duckdb" => Some(Dialect::DuckDb),
            _ => None,
        }
    }
}

/// Generated SQL plus what the caller should know.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub sql: String,
    /// Measures treated as missing, and similar notes.
    pub warnings: Vec<String>,
}

/// A DOUBLE literal that round-trips exactly (shortest representation, scientific form so
/// every dialect reads it as a floating-point number, not a DECIMAL).
pub fn lit(v: f64) -> String {
    if v < 0.0 {
        format!("(-{:e})", -v)
    } else {
        format!("{v:e}")
    }
}

fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// True when the model normalises some accounts by lifecycle stage.
pub fn has_stages(model: &Model) -> bool {
    model.lifecycle.is_some()
        || model
            .groups
            .iter()
            .flat_map(|g| &g.measures)
            .any(|mw| !mw.by_stage.is_empty())
}

/// Compiles `model` to a `CREATE OR REPLACE VIEW health_scores AS …` statement, lifecycle
/// stages included (tenure, stage and stage-specific normalisation, as the engine).
pub fn compile(model: &Model, dialect: Dialect) -> Result<Compiled, String> {
    compile_with_notes(model, dialect, Vec::new())
}

/// Compiles `model` with its lifecycle stages dropped (`--without-lifecycle`): every account
/// gets the measures' default normalisation and no stage (tenure is still computed), and the
/// SQL and warnings say so.
pub fn compile_without_stages(model: &Model, dialect: Dialect) -> Result<Compiled, String> {
    if !has_stages(model) {
        return compile(model, dialect);
    }
    let mut stageless = model.clone();
    stageless.lifecycle = None;
    for mw in stageless.groups.iter_mut().flat_map(|g| &mut g.measures) {
        mw.by_stage.clear();
    }
    let note = "lifecycle stages dropped (--without-lifecycle): every account uses the default normalisation, so scores differ from the engine's for accounts whose stage has its own thresholds".to_string();
    compile_with_notes(&stageless, dialect, vec![note])
}

fn compile_with_notes(
    model: &Model,
    dialect: Dialect,
    warnings: Vec<String>,
) -> Result<Compiled, String> {
    let Dialect::DuckDb = dialect;
    if let Some(why) = unsupported(model) {
        return Err(why);
    }
    let measures: Vec<(usize, usize)> = model
        .groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| (0..group.measures.len()).map(move |m| (g, m)))
        .collect();
    let w = &model.windows;
    let r = w.recent_days as i64;
    let mut sql = String::new();
    let _ = writeln!(
        sql,
        "-- Health scores for model \"{}\" version {} — generated by customer-health sql (DuckDB dialect).\n\
         -- Reads tables accounts, subscriptions, usage, tickets, surveys, touchpoints, goals with canonical\n\
         -- column names (see docs/backtest.md). Query: SELECT * FROM health_scores ORDER BY account_id;\n\
         -- Tenure (tenure_days) = as-of minus accounts.start_date, else the earliest subscriptions.start_date,\n\
         -- else the first usage, survey, ticket opening or touchpoint on or before as-of (0 when the start is\n\
         -- after as-of, NULL when none is known); lifecycle_stage follows from tenure (NULL: unknown tenure or\n\
         -- no stages), and a measure's stage override replaces its default normalisation, as in the engine.",
        model.name.replace('\n', " "),
        model.version.replace('\n', " ")
    );
    for warning in &warnings {
        let _ = writeln!(sql, "-- NOTE: {warning}");
    }
    sql.push_str("CREATE OR REPLACE VIEW health_scores AS\nWITH\n");
    // Base tables, restricted to known accounts, dates as day numbers.
    let day = |col: &str| format!("date_diff('day', DATE '1970-01-01', CAST({col} AS DATE))");
    let as_of_literal = match &model.as_of {
        Some(date) => format!("date_diff('day', DATE '1970-01-01', DATE {})", quote(date)),
        None => "NULL".into(),
    };
    let _ = write!(
        sql,
        "acc AS (\n  SELECT CAST(account_id AS VARCHAR) AS account_id,\n    CASE WHEN isfinite(CAST(seats AS DOUBLE)) AND CAST(seats AS DOUBLE) > 0 THEN CAST(seats AS DOUBLE) END AS seats,\n    CAST(csat AS DOUBLE) AS f_csat, CAST(nps AS DOUBLE) AS f_nps, CAST(logins_30d AS DOUBLE) AS f_logins_30d,\n    CAST(active_users AS DOUBLE) AS f_active_users, CAST(goal_progress AS DOUBLE) AS f_goal_progress,\n    CAST(features_used AS DOUBLE) AS f_features_used, CAST(success_plan AS BOOLEAN) AS f_success_plan,\n    CAST(empowerment AS DOUBLE) AS f_empowerment, CAST(tickets_30d AS DOUBLE) AS f_tickets_30d,\n    {acc_start} AS start_day\n  FROM accounts\n),\n\
         sub AS (\n  SELECT CAST(s.account_id AS VARCHAR) AS account_id, {start} AS start_day, {end} AS end_day,\n    CASE WHEN isfinite(CAST(s.seats AS DOUBLE)) THEN CAST(s.seats AS DOUBLE) END AS seats\n  FROM subscriptions s WHERE CAST(s.account_id AS VARCHAR) IN (SELECT account_id FROM acc)\n),\n\
         u AS (\n  SELECT CAST(x.account_id AS VARCHAR) AS account_id, NULLIF(CAST(x.user_id AS VARCHAR), '') AS user_id,\n    NULLIF(CAST(x.feature AS VARCHAR), '') AS feature, {uday} AS day,\n    CAST(CAST(x.\"count\" AS FLOAT) AS DOUBLE) AS cnt\n  FROM usage x WHERE CAST(x.account_id AS VARCHAR) IN (SELECT account_id FROM acc) AND x.\"date\" IS NOT NULL\n),\n\
         ua0 AS (\n  SELECT *, (cnt IS NULL OR cnt > 0) AS act,\n    CASE WHEN cnt IS NULL THEN 1e0 ELSE greatest(cnt, 0e0) END AS vol\n  FROM u\n),\n\
         t AS (\n  SELECT CAST(x.account_id AS VARCHAR) AS account_id,\n    date_diff('second', TIMESTAMP '1970-01-01 00:00:00', CAST(x.opened AS TIMESTAMP)) AS opened_secs,\n    date_diff('second', TIMESTAMP '1970-01-01 00:00:00', CAST(x.resolved AS TIMESTAMP)) AS resolved_secs,\n    CAST(x.resolution_hours AS DOUBLE) AS resolution_hours,\n    CASE WHEN CAST(x.satisfaction AS DOUBLE) BETWEEN 1 AND 5 THEN CAST(x.satisfaction AS DOUBLE) END AS satisfaction\n  FROM tickets x WHERE CAST(x.account_id AS VARCHAR) IN (SELECT account_id FROM acc) AND x.opened IS NOT NULL\n),\n\
         t0 AS (SELECT *, CAST(floor(opened_secs / 86400e0) AS BIGINT) AS opened_day FROM t),\n\
         sv AS (\n  SELECT CAST(x.account_id AS VARCHAR) AS account_id, {sday} AS day, lower(CAST(x.kind AS VARCHAR)) AS kind,\n    CAST(x.score AS DOUBLE) AS score\n  FROM surveys x WHERE CAST(x.account_id AS VARCHAR) IN (SELECT account_id FROM acc) AND x.\"date\" IS NOT NULL AND x.score IS NOT NULL\n),\n\
         gl AS (\n  SELECT CAST(x.account_id AS VARCHAR) AS account_id,\n    CASE WHEN contains(lower(CAST(x.kind AS VARCHAR)), 'milestone') THEN 'milestone'\n         WHEN contains(lower(CAST(x.kind AS VARCHAR)), 'goal') THEN 'goal'\n         WHEN x.target IS NOT NULL OR x.\"current\" IS NOT NULL THEN 'goal' ELSE 'milestone' END AS kind,\n    CAST(x.baseline AS DOUBLE) AS baseline, CAST(x.target AS DOUBLE) AS target, CAST(x.\"current\" AS DOUBLE) AS cur,\n    {gdue} AS due_day, {gdone} AS completed_day,\n    CASE WHEN x.status IS NULL THEN NULL ELSE (SELECT CASE\n      WHEN st IN ('done', 'complete', 'completed', 'achieved', 'met', 'reached') THEN 'done'\n      WHEN st IN ('in progress', 'on track', 'at risk', 'started', 'ongoing') THEN 'in_progress'\n      WHEN st IN ('missed', 'failed', 'off track', 'not met') THEN 'missed'\n      WHEN st IN ('planned', 'not started', 'todo', 'to do', 'open') THEN 'planned' ELSE st END\n      FROM (SELECT replace(replace(lower(trim(CAST(x.status AS VARCHAR))), '-', ' '), '_', ' ') AS st)) END AS status\n  FROM goals x WHERE CAST(x.account_id AS VARCHAR) IN (SELECT account_id FROM acc)\n),\n\
         tp AS (\n  SELECT CAST(x.account_id AS VARCHAR) AS account_id, {tday} AS day\n  FROM touchpoints x WHERE CAST(x.account_id AS VARCHAR) IN (SELECT account_id FROM acc) AND x.\"date\" IS NOT NULL\n),\n\
         params AS (\n  SELECT CAST(coalesce({as_of_literal}, greatest(\n    (SELECT max(start_day) FROM sub), (SELECT max(day) FROM u), (SELECT max(opened_day) FROM t0),\n    (SELECT max(day) FROM sv), (SELECT max(day) FROM tp), (SELECT max(completed_day) FROM gl)),\n    date_diff('day', DATE '1970-01-01', current_date)) AS BIGINT) AS a\n),\n",
        acc_start = day("start_date"),
        start = day("s.start_date"),
        end = day("s.end_date"),
        uday = day("x.\"date\""),
        sday = day("x.\"date\""),
        tday = day("x.\"date\""),
        gdue = day("x.due_date"),
        gdone = day("x.completed_date"),
    );
    // Portfolio facts.
    let _ = write!(
        sql,
        "portfolio AS (\n  SELECT\n    (SELECT count(*) FROM u WHERE feature IS NOT NULL) > 0 AS has_features,\n    (SELECT count(*) FROM u WHERE user_id IS NOT NULL) > 0 AS has_users,\n    (SELECT count(DISTINCT feature) FROM ua0, params WHERE act AND day <= a AND feature IS NOT NULL) AS features_seen,\n    (SELECT count(*) FROM t0, params WHERE opened_day <= a) > 0 AS has_tickets,\n    (SELECT count(*) FROM tp, params WHERE day <= a) > 0 AS has_touchpoints,\n    (SELECT count(*) FROM gl) > 0 AS has_goals,\n    (SELECT CASE WHEN max(f_features_used) > 0 THEN max(f_features_used) END FROM acc) AS max_flat_features\n),\n"
    );
    // Tenure (src/metrics/tenure.rs): account start, else earliest subscription start, else
    // the first dated event of any kind on or before as-of; 0 when the start is after as-of.
    // (greatest() skips NULLs in DuckDB, hence the explicit guard.)
    let _ = write!(
        sql,
        "first_start AS (SELECT account_id, min(start_day) AS day FROM sub GROUP BY account_id),\n\
         first_event AS (\n  SELECT account_id, min(day) AS day FROM (\n    SELECT account_id, day FROM u\n    UNION ALL SELECT account_id, day FROM sv\n    UNION ALL SELECT account_id, opened_day FROM t0\n    UNION ALL SELECT account_id, day FROM tp\n  ) e, params WHERE day <= a GROUP BY account_id\n),\n\
         ten AS (\n  SELECT account_id, CASE WHEN since IS NOT NULL THEN greatest(a - since, 0) END AS tenure_days\n  FROM (\n    SELECT acc.account_id, coalesce(acc.start_day, first_start.day, first_event.day) AS since\n    FROM acc LEFT JOIN first_start ON first_start.account_id = acc.account_id\n      LEFT JOIN first_event ON first_event.account_id = acc.account_id\n  ) s, params\n),\n"
    );
    // Seats: accounts table, else seats of subscriptions active at as-of.
    let _ = write!(
        sql,
        "seats AS (\n  SELECT acc.account_id, coalesce(acc.seats, (\n    SELECT CASE WHEN sum(s.seats) > 0 THEN sum(s.seats) END FROM sub s, params\n    WHERE s.account_id = acc.account_id AND (s.start_day IS NULL OR s.start_day <= a)\n      AND (s.end_day IS NULL OR s.end_day >= a))) AS seats\n  FROM acc\n),\n"
    );
    // Usage aggregates.
    let high_impact = &model.high_impact_features;
    let mut hi_cols = String::new();
    for (i, name) in high_impact.iter().enumerate() {
        let _ = write!(
            hi_cols,
            ",\n    (count(*) FILTER (WHERE act AND day >= a - {r} + 1 AND (feature = {n} OR (NOT (SELECT count(*) FROM u WHERE feature = {n}) > 0 AND lower(trim(feature)) = lower(trim({n})))))) > 0 AS hi_{i}",
            n = quote(name)
        );
    }
    let _ = write!(
        sql,
        "ua AS (\n  SELECT account_id, count(*) AS n_all, min(day) AS first_day,\n    count(DISTINCT day) FILTER (WHERE act AND day >= a - {r} + 1) AS active_days,\n    coalesce(sum(vol) FILTER (WHERE day >= a - {r} + 1), 0e0) AS recent_vol,\n    coalesce(sum(vol) FILTER (WHERE day >= a - 2 * {r} + 1 AND day <= a - {r}), 0e0) AS prev_vol,\n    count(DISTINCT feature) FILTER (WHERE act AND day >= a - {r} + 1) AS features_used,\n    count(DISTINCT user_id) FILTER (WHERE act AND day >= a - 28 + 1) AS users_28d,\n    count(DISTINCT user_id) FILTER (WHERE act AND day >= a - {r} + 1) AS users_recent,\n    count(DISTINCT CAST(day AS VARCHAR) || '|' || user_id) FILTER (WHERE act AND day >= a - {r} + 1) AS user_days{hi_cols}\n  FROM ua0, params WHERE day <= a GROUP BY account_id\n),\n"
    );
    let n_weeks = w.consistency_weeks as i64;
    let _ = write!(
        sql,
        "uw AS (\n  SELECT account_id, least({n_weeks}, greatest((a - first_day) // 7 + 1, 1)) AS weeks FROM ua, params\n),\n\
         lc AS (\n  SELECT uw.account_id, uw.weeks, count(DISTINCT (a - ua0.day) // 7) FILTER (WHERE ua0.act AND ua0.day <= a AND ua0.day >= a - 7 * uw.weeks + 1) AS active_weeks\n  FROM uw JOIN ua0 ON ua0.account_id = uw.account_id, params GROUP BY uw.account_id, uw.weeks\n),\n"
    );
    // Tickets.
    let td = w.ticket_days as i64;
    let sd = w.survey_days as i64;
    let _ = write!(
        sql,
        "tk AS (\n  SELECT account_id, count(*) FILTER (WHERE opened_day >= a - {td} + 1) AS n_recent,\n    median(CASE\n      WHEN resolution_hours IS NOT NULL AND isfinite(resolution_hours) AND resolution_hours >= 0 THEN resolution_hours\n      WHEN resolved_secs IS NOT NULL AND resolved_secs >= opened_secs AND resolved_secs < (a + 1) * 86400\n        THEN CAST(resolved_secs - opened_secs AS DOUBLE) / 3600e0 END) FILTER (WHERE opened_day >= a - {td} + 1) AS resolution_median\n  FROM t0, params WHERE opened_day <= a GROUP BY account_id\n),\n\
         ratings AS (\n  SELECT account_id, score FROM sv, params WHERE kind = 'csat' AND day >= a - {sd} + 1 AND day <= a\n  UNION ALL\n  SELECT account_id, satisfaction FROM t0, params WHERE satisfaction IS NOT NULL AND opened_day >= a - {sd} + 1 AND opened_day <= a\n),\n\
         cs AS (SELECT account_id, count(*) AS n, count(*) FILTER (WHERE score >= 4) AS satisfied FROM ratings GROUP BY account_id),\n\
         np AS (\n  SELECT account_id, count(*) AS n, count(*) FILTER (WHERE score >= 9) AS promoters, count(*) FILTER (WHERE score <= 6) AS detractors\n  FROM sv, params WHERE kind = 'nps' AND day >= a - {sd} + 1 AND day <= a GROUP BY account_id\n),\n"
    );
    let tpd = w.touchpoint_days as i64;
    let _ = write!(
        sql,
        "tc AS (\n  SELECT account_id, count(*) FILTER (WHERE day > a - {tpd}) AS n_recent, max(day) AS last_day\n  FROM tp, params WHERE day <= a GROUP BY account_id\n),\n"
    );
    // Goals: done = completed by as-of, else (undated) a done status; missed by status. A plan
    // delivered within the grace period still counts as in place.
    let grace = crate::metrics::goals::PLAN_GRACE_DAYS;
    let _ = write!(
        sql,
        "g0 AS (\n  SELECT gl.*, CASE WHEN completed_day IS NOT NULL THEN completed_day <= a ELSE coalesce(status IN ('done', 'completed', 'complete', 'achieved', 'met'), false) END AS done,\n    coalesce(status IN ('missed', 'failed', 'not_met', 'cancelled'), false) AS missed\n  FROM gl, params\n),\n\
         g1 AS (\n  SELECT *, CASE\n    WHEN target IS NOT NULL AND cur IS NOT NULL AND isfinite(target) AND isfinite(cur) THEN\n      CASE WHEN target = (CASE WHEN isfinite(baseline) THEN baseline ELSE 0e0 END)\n        THEN CASE WHEN cur = target THEN 1e0 ELSE 0e0 END\n        ELSE least(greatest((cur - (CASE WHEN isfinite(baseline) THEN baseline ELSE 0e0 END)) / (target - (CASE WHEN isfinite(baseline) THEN baseline ELSE 0e0 END)), 0e0), 1e0) END\n    WHEN done THEN 1e0 WHEN missed THEN 0e0 END AS attainment\n  FROM g0\n),\n\
         ga AS (\n  SELECT account_id,\n    avg(attainment) FILTER (WHERE kind = 'goal') AS goal_attainment,\n    count(*) FILTER (WHERE kind = 'milestone' AND due_day <= a) AS ms_due,\n    count(*) FILTER (WHERE kind = 'milestone' AND due_day <= a AND done) AS ms_due_done,\n    count(*) FILTER (WHERE kind = 'milestone') AS ms_all,\n    count(*) FILTER (WHERE kind = 'milestone' AND done) AS ms_all_done,\n    count(*) FILTER (WHERE NOT done AND NOT missed) AS open_items,\n    count(*) FILTER (WHERE done AND (completed_day IS NULL OR a - completed_day <= {grace})) AS delivered_items,\n    count(*) AS n_goals\n  FROM g1, params GROUP BY account_id\n),\n"
    );
    // Raw measures.
    let mut raw_cols = String::new();
    for &(g, m) in &measures {
        let measure = model.groups[g].measures[m].measure;
        let _ = write!(
            raw_cols,
            ",\n    {} AS raw_{}",
            raw_expr(model, measure),
            measure.id()
        );
    }
    let stage = stage_expr(model, "ten.tenure_days");
    let _ = write!(
        sql,
        "raw AS (\n  SELECT acc.account_id, CAST(ten.tenure_days AS BIGINT) AS tenure_days,\n    {stage} AS lifecycle_stage{raw_cols}\n  FROM acc CROSS JOIN params CROSS JOIN portfolio\n    LEFT JOIN ten ON ten.account_id = acc.account_id\n    LEFT JOIN seats ON seats.account_id = acc.account_id\n    LEFT JOIN ua ON ua.account_id = acc.account_id\n    LEFT JOIN lc ON lc.account_id = acc.account_id\n    LEFT JOIN tk ON tk.account_id = acc.account_id\n    LEFT JOIN cs ON cs.account_id = acc.account_id\n    LEFT JOIN np ON np.account_id = acc.account_id\n    LEFT JOIN tc ON tc.account_id = acc.account_id\n    LEFT JOIN ga ON ga.account_id = acc.account_id\n),\n"
    );
    super::blend::normalise_and_blend(model, &measures, &mut sql);
    Ok(Compiled { sql, warnings })
}

/// The lifecycle stage id of an account with tenure `tenure` (NULL when unknown or without
/// stages): the first stage whose `until_days` exceeds the tenure, else the last
/// (`Lifecycle::stage_at`).
fn stage_expr(model: &Model, tenure: &str) -> String {
    let Some(last) = model.lifecycle.as_ref().and_then(|l| l.stages.last()) else {
        return "CAST(NULL AS VARCHAR)".into();
    };
    let mut out = format!("CASE WHEN {tenure} IS NULL THEN NULL");
    for stage in model.lifecycle.iter().flat_map(|l| &l.stages) {
        if let Some(until) = stage.until_days {
            let _ = write!(out, " WHEN {tenure} < {until} THEN {}", quote(&stage.id));
        }
    }
    let _ = write!(out, " ELSE {} END", quote(&last.id));
    out
}

/// The SQL expression of one measure's raw value (NULL when missing), over the joined
/// aggregates of [`compile`]: the event-data value, else the flat accounts column
/// (`src/metrics/*::flat_fallbacks` and friends).
fn raw_expr(model: &Model, measure: Measure) -> String {
    let Some(event) = event_expr(model, measure) else {
        return "CAST(NULL AS DOUBLE)".into();
    };
    let flat = match measure {
        Measure::UsageFrequency => format!(
            "CASE WHEN acc.f_logins_30d IS NOT NULL THEN least(acc.f_logins_30d / {}, 7e0) END",
            lit(30.0 / 7.0)
        ),
        Measure::SeatUtilisation => "CASE WHEN acc.f_active_users IS NOT NULL AND seats.seats IS NOT NULL THEN acc.f_active_users / seats.seats END".into(),
        // (least/greatest skip NULLs in DuckDB, hence the explicit guard.)
        Measure::FeatureBreadth => "CASE WHEN acc.f_features_used IS NOT NULL AND (features_seen > 0 OR max_flat_features IS NOT NULL) THEN least(acc.f_features_used / (CASE WHEN features_seen > 0 THEN CAST(features_seen AS DOUBLE) ELSE max_flat_features END), 1e0) END".into(),
        Measure::Csat => "acc.f_csat".into(),
        Measure::Nps => "acc.f_nps".into(),
        Measure::GoalAttainment => "acc.f_goal_progress".into(),
        Measure::SuccessPlan => "CASE WHEN acc.f_success_plan THEN 1e0 WHEN NOT acc.f_success_plan THEN 0e0 END".into(),
        // Without seats, flat tickets_30d is read per account (as the engine does).
        Measure::TicketLoad => "CASE WHEN NOT has_tickets THEN acc.f_tickets_30d / coalesce(seats.seats, 1e0) END".into(),
        _ => return event,
    };
    format!("coalesce({event}, {flat})")
}

/// Why `model` cannot be compiled yet, if it cannot: measures the SQL does not compute
/// (custom measures are computed by the engine only) and category scores.
fn unsupported(model: &Model) -> Option<String> {
    for mw in model.groups.iter().flat_map(|g| &g.measures) {
        if event_expr(model, mw.measure).is_none() {
            return Some(format!(
                "measure '{}' is not compiled to SQL yet (custom measures are computed by the engine only); remove it from the model's groups to export the rest",
                mw.measure
            ));
        }
        let rules = std::iter::once(&mw.normalize).chain(mw.by_stage.values());
        if rules
            .into_iter()
            .any(|n| matches!(n, Normalize::Categories { .. }))
        {
            return Some(format!(
                "measure '{}': the \"categories\" normalisation is not compiled to SQL yet",
                mw.measure
            ));
        }
    }
    None
}

/// The event-data value of a measure (NULL when its events give nothing); `None` for a
/// measure the SQL does not compute.
fn event_expr(model: &Model, measure: Measure) -> Option<String> {
    let w = &model.windows;
    let has_usage = "ua.n_all > 0";
    let features = format!("{has_usage} AND has_features AND features_seen > 0");
    Some(match measure {
        Measure::UsageFrequency => format!(
            "CASE WHEN {has_usage} THEN CAST(ua.active_days AS DOUBLE) / {} END",
            lit(w.recent_days as f64 / 7.0)
        ),
        Measure::UsageTrend => {
            format!("CASE WHEN {has_usage} AND ua.prev_vol > 0 THEN ua.recent_vol / ua.prev_vol - 1e0 END")
        }
        Measure::LoginConsistency => format!(
            "CASE WHEN {has_usage} THEN CAST(coalesce(lc.active_weeks, 0) AS DOUBLE) / CAST(lc.weeks AS DOUBLE) END"
        ),
        Measure::FeatureBreadth => format!(
            "CASE WHEN {features} THEN CAST(ua.features_used AS DOUBLE) / CAST(features_seen AS DOUBLE) END"
        ),
        Measure::HighImpactAdoption => {
            let list = &model.high_impact_features;
            if list.is_empty() {
                "CAST(NULL AS DOUBLE)".into()
            } else {
                let hits: Vec<String> = (0..list.len())
                    .map(|i| format!("CAST(ua.hi_{i} AS INTEGER)"))
                    .collect();
                format!(
                    "CASE WHEN {features} THEN CAST({} AS DOUBLE) / {} END",
                    hits.join(" + "),
                    lit(list.len() as f64)
                )
            }
        }
        Measure::SeatUtilisation => format!(
            "CASE WHEN {has_usage} AND has_users AND seats.seats IS NOT NULL THEN CAST(ua.users_28d AS DOUBLE) / seats.seats END"
        ),
        Measure::Stickiness => format!(
            "CASE WHEN {has_usage} AND has_users THEN CASE WHEN ua.users_recent = 0 THEN 0e0 ELSE CAST(ua.user_days AS DOUBLE) / {} / CAST(ua.users_recent AS DOUBLE) END END",
            lit(w.recent_days as f64)
        ),
        Measure::TicketLoad => format!(
            "CASE WHEN has_tickets AND seats.seats IS NOT NULL THEN CAST(coalesce(tk.n_recent, 0) AS DOUBLE) / seats.seats / {} END",
            lit(w.ticket_days as f64 / 30.0)
        ),
        Measure::ResolutionHours => "tk.resolution_median".into(),
        Measure::Csat => {
            "CASE WHEN cs.n > 0 THEN CAST(cs.satisfied AS DOUBLE) / CAST(cs.n AS DOUBLE) END".into()
        }
        Measure::Nps => "CASE WHEN np.n > 0 THEN 1e2 * CAST(np.promoters AS DOUBLE) / CAST(np.n AS DOUBLE) - 1e2 * CAST(np.detractors AS DOUBLE) / CAST(np.n AS DOUBLE) END".into(),
        Measure::EngagementCadence => format!(
            "CASE WHEN has_touchpoints THEN CAST(coalesce(tc.n_recent, 0) AS DOUBLE) / {} END",
            lit(w.touchpoint_days as f64 / 30.0)
        ),
        Measure::DaysSinceTouchpoint => {
            "CASE WHEN has_touchpoints AND tc.last_day IS NOT NULL THEN CAST(a - tc.last_day AS DOUBLE) END".into()
        }
        Measure::GoalAttainment => "ga.goal_attainment".into(),
        Measure::MilestoneProgress => "CASE WHEN ga.ms_due > 0 THEN CAST(ga.ms_due_done AS DOUBLE) / CAST(ga.ms_due AS DOUBLE) WHEN ga.ms_all > 0 THEN CAST(ga.ms_all_done AS DOUBLE) / CAST(ga.ms_all AS DOUBLE) END".into(),
        Measure::SuccessPlan => "CASE WHEN has_goals AND (coalesce(ga.open_items, 0) > 0 OR coalesce(ga.n_goals, 0) > 0 OR acc.f_success_plan IS NULL) THEN CASE WHEN coalesce(ga.open_items, 0) + coalesce(ga.delivered_items, 0) > 0 THEN 1e0 ELSE 0e0 END END".into(),
        Measure::Empowerment => "acc.f_empowerment".into(),
        _ => return None,
    })
}

/// Whether a normalisation is the percentile kind (needs a window over the portfolio).
pub fn is_percentile(n: &Normalize) -> bool {
    matches!(n, Normalize::Percentile { .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_round_trip_exactly_and_read_as_doubles() {
        for v in [
            0.1,
            28.0 / 7.0,
            30.0 / 7.0,
            1e-300,
            123456.789,
            0.0,
            2.0 / 3.0,
        ] {
            let text = lit(v);
            assert!(
                text.contains('e'),
                "{text}: scientific form reads as DOUBLE"
            );
            assert_eq!(text.parse::<f64>().unwrap().to_bits(), v.to_bits());
        }
        assert_eq!(lit(-0.5), "(-5e-1)");
    }

    #[test]
    fn every_measure_of_the_default_model_is_compiled() {
        let model = Model::default();
        // The default has lifecycle stages: compiled as is, without any note.
        assert!(has_stages(&model));
        let compiled = compile(&model, Dialect::DuckDb).unwrap();
        assert!(compiled.warnings.is_empty());
        for g in &model.groups {
            for mw in &g.measures {
                let id = mw.measure.id();
                assert!(compiled.sql.contains(&format!(" AS raw_{id}")), "{id}");
                assert!(compiled.sql.contains(&format!(" AS s_{id}")), "{id}");
            }
        }
        assert!(compiled.sql.contains("lifecycle_stage, tenure_days"));
        // Dropping the stages on request is said in the SQL and the warnings.
        let stageless = compile_without_stages(&model, Dialect::DuckDb).unwrap();
        assert_eq!(stageless.warnings.len(), 1);
        assert!(stageless.sql.contains("-- NOTE: lifecycle stages dropped"));
        assert!(!stageless.sql.contains("CASE raw.lifecycle_stage"));
        assert_eq!(Dialect::parse("DuckDB"), Some(Dialect::DuckDb));
        assert_eq!(Dialect::parse("bigquery"), None);
    }

    #[test]
    fn stages_follow_tenure_with_exclusive_upper_bounds() {
        let model = Model::default();
        assert_eq!(
            stage_expr(&model, "t"),
            "CASE WHEN t IS NULL THEN NULL WHEN t < 90 THEN 'onboarding' WHEN t < 365 THEN 'adoption' ELSE 'established' END"
        );
        let mut stageless = model.clone();
        stageless.lifecycle = None;
        assert_eq!(stage_expr(&stageless, "t"), "CAST(NULL AS VARCHAR)");
        // Each override is chosen by stage, the default otherwise.
        let sql = compile(&model, Dialect::DuckDb).unwrap().sql;
        let frequency = sql
            .lines()
            .find(|l| l.contains(" AS s_usage_frequency"))
            .unwrap();
        assert!(frequency
            .trim_start()
            .starts_with("CASE raw.lifecycle_stage WHEN 'adoption' THEN "));
        assert!(frequency.contains(" WHEN 'onboarding' THEN "));
        assert!(!frequency.contains("'established'"));
    }
}
