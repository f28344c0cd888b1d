//! SQL for normalisation (thresholds, portfolio percentiles), the hierarchical weighted
//! blend with coverage, bands and overrides — the same arithmetic, in the same order, as
//! `src/scoring/{normalize,blend,bands,overrides}.rs`.

use std::fmt::Write;

use super::custom;
use super::literal::{lit, quote};
use crate::model::config::{MeasureWeight, Model, Normalize};

/// Piecewise-linear interpolation, clamped at both ends.
fn thresholds_expr(points: &[[f64; 2]], raw: &str) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return "0e0".into();
    };
    let mut out = format!(
        "CASE WHEN {raw} IS NULL THEN NULL WHEN {raw} <= {} THEN {} WHEN {raw} >= {} THEN {}",
        lit(first[0]),
        lit(first[1]),
        lit(last[0]),
        lit(last[1])
    );
    for pair in points.windows(2) {
        let ([x0, y0], [x1, y1]) = (pair[0], pair[1]);
        let value = if x1 > x0 {
            format!(
                "{} + (({raw} - {}) / ({} - {})) * ({} - {})",
                lit(y0),
                lit(x0),
                lit(x1),
                lit(x0),
                lit(y1),
                lit(y0)
            )
        } else {
            lit(y1)
        };
        let _ = write!(out, " WHEN {raw} <= {} THEN {value}", lit(x1));
    }
    let _ = write!(out, " ELSE {} END", lit(last[1]));
    out
}

/// Mid-rank percentile 0–100 of `raw` among the rows of the CTE (within `partition` when
/// given), higher is better: below count fully, equal values half (`scoring::percentile`).
fn rank_expr(raw: &str, partition: Option<&str>) -> String {
    let (order, ties, all) = match partition {
        None => (
            format!("ORDER BY {raw}"),
            format!("PARTITION BY {raw}"),
            String::new(),
        ),
        Some(p) => (
            format!("PARTITION BY {p} ORDER BY {raw}"),
            format!("PARTITION BY {p}, {raw}"),
            format!("PARTITION BY {p}"),
        ),
    };
    format!(
        "1e2 * (CAST(rank() OVER ({order}) - 1 AS DOUBLE) + 5e-1 * CAST(count(*) OVER ({ties}) AS DOUBLE)) / CAST(count(*) OVER ({all}) AS DOUBLE)"
    )
}

/// Ids of the stages whose override of `mw` is a percentile rule, quoted.
fn percentile_stages(mw: &MeasureWeight) -> Vec<String> {
    mw.by_stage
        .iter()
        .filter(|(_, n)| matches!(n, Normalize::Percentile { .. }))
        .map(|(stage, _)| quote(stage))
        .collect()
}

/// Adds the LEFT JOIN of percentile CTE `cte` to `joins` unless already there.
fn join_once(joins: &mut String, cte: &str) {
    let join = format!("\n    LEFT JOIN {cte} ON {cte}.account_id = raw.account_id");
    if !joins.contains(&join) {
        joins.push_str(&join);
    }
}

/// Appends the `norm`, `blended` CTEs and the final SELECT to `sql`.
pub fn normalise_and_blend(model: &Model, measures: &[(usize, usize)], sql: &mut String) {
    // Percentile ranks need a window over the accounts that have the measure: the default
    // rule across the portfolio, a stage override within the stage (PARTITION BY stage).
    for &(g, m) in measures {
        let mw = &model.groups[g].measures[m];
        let id = mw.measure.id();
        if let Normalize::Percentile { higher_is_better } = mw.normalize {
            let rank = rank_expr(&format!("raw_{id}"), None);
            let value = if higher_is_better {
                rank
            } else {
                format!("1e2 - {rank}")
            };
            let _ = write!(
                sql,
                "pct_{id} AS (\n  SELECT account_id, {value} AS p FROM raw WHERE raw_{id} IS NOT NULL\n),\n"
            );
        }
        let stages = percentile_stages(mw);
        if !stages.is_empty() {
            let rank = rank_expr(&format!("raw_{id}"), Some("lifecycle_stage"));
            let _ = write!(
                sql,
                "pct_stage_{id} AS (\n  SELECT account_id, {rank} AS p FROM raw WHERE raw_{id} IS NOT NULL AND lifecycle_stage IN ({})\n),\n",
                stages.join(", ")
            );
        }
    }
    let mut cols = String::new();
    let mut joins = String::new();
    for &(g, m) in measures {
        let mw = &model.groups[g].measures[m];
        let id = mw.measure.id();
        let default = match &mw.normalize {
            Normalize::Thresholds { points } => thresholds_expr(points, &format!("raw.raw_{id}")),
            // The CTE holds the oriented rank.
            Normalize::Percentile { .. } => {
                join_once(&mut joins, &format!("pct_{id}"));
                format!("pct_{id}.p")
            }
            Normalize::Categories { scores, other } => custom::categories_expr(
                scores,
                *other,
                &format!("raw.raw_{id}"),
                custom::is_text(model, mw.measure),
            ),
        };
        let expr = if mw.by_stage.is_empty() {
            default
        } else {
            let mut case = "CASE raw.lifecycle_stage".to_string();
            for (stage, normalize) in &mw.by_stage {
                let value = match normalize {
                    Normalize::Thresholds { points } => {
                        thresholds_expr(points, &format!("raw.raw_{id}"))
                    }
                    // The CTE holds the rank within the stage, higher is better.
                    Normalize::Percentile { higher_is_better } => {
                        join_once(&mut joins, &format!("pct_stage_{id}"));
                        if *higher_is_better {
                            format!("pct_stage_{id}.p")
                        } else {
                            format!("1e2 - pct_stage_{id}.p")
                        }
                    }
                    Normalize::Categories { scores, other } => custom::categories_expr(
                        scores,
                        *other,
                        &format!("raw.raw_{id}"),
                        custom::is_text(model, mw.measure),
                    ),
                };
                let _ = write!(case, " WHEN {} THEN {value}", quote(stage));
            }
            let _ = write!(case, " ELSE {default} END");
            case
        };
        let _ = write!(cols, ",\n    raw.raw_{id},\n    {expr} AS s_{id}");
    }
    let _ = write!(
        sql,
        "norm AS (\n  SELECT raw.account_id, raw.lifecycle_stage, raw.tenure_days{cols}\n  FROM raw{joins}\n),\n"
    );

    // Σ w over present measures per group, in model order (as the engine accumulates).
    let present = |id: &str| format!("s_{id} IS NOT NULL");
    let mut inner_cols = String::new();
    for (g, group) in model.groups.iter().enumerate() {
        let mut sum = "0e0".to_string();
        for mw in &group.measures {
            let _ = write!(
                sum,
                " + CASE WHEN {} THEN {} ELSE 0e0 END",
                present(mw.measure.id()),
                lit(mw.weight)
            );
        }
        let _ = write!(inner_cols, ",\n    {sum} AS inner_{g}");
    }
    let _ = write!(
        sql,
        "inner_w AS (\n  SELECT *{inner_cols}\n  FROM norm\n),\n"
    );
    let mut pgw = "0e0".to_string();
    for (g, group) in model.groups.iter().enumerate() {
        if group.weight > 0.0 {
            let _ = write!(
                pgw,
                " + CASE WHEN inner_{g} > 0 THEN {} ELSE 0e0 END",
                lit(group.weight)
            );
        }
    }
    let _ = write!(
        sql,
        "group_w AS (\n  SELECT *, {pgw} AS pgw\n  FROM inner_w\n),\n"
    );

    // Score: Σ (gw ÷ pgw × w ÷ inner) × s, in model order; coverage: Σ nominal weights present.
    let total_group: f64 = model
        .groups
        .iter()
        .filter(|g| g.measures.iter().any(|m| m.weight > 0.0))
        .map(|g| g.weight)
        .sum();
    let mut score = "0e0".to_string();
    let mut coverage = "0e0".to_string();
    for (g, group) in model.groups.iter().enumerate() {
        let nominal_inner: f64 = group.measures.iter().map(|m| m.weight).sum();
        for mw in &group.measures {
            let id = mw.measure.id();
            if group.weight > 0.0 {
                let _ = write!(
                    score,
                    " + CASE WHEN inner_{g} > 0 AND {p} THEN ({gw} / pgw * {w} / inner_{g}) * s_{id} ELSE 0e0 END",
                    p = present(id),
                    gw = lit(group.weight),
                    w = lit(mw.weight)
                );
            }
            let nominal = if nominal_inner > 0.0 && total_group > 0.0 {
                group.weight / total_group * mw.weight / nominal_inner
            } else {
                0.0
            };
            let _ = write!(
                coverage,
                " + CASE WHEN {} THEN {} ELSE 0e0 END",
                present(id),
                lit(nominal)
            );
        }
    }
    let _ = write!(
        sql,
        "scored AS (\n  SELECT *, CASE WHEN pgw > 0 THEN {score} END AS computed_score,\n    least({coverage}, 1e0) AS coverage\n  FROM group_w\n),\n"
    );

    // Overrides: the one expiring last (then the last listed) among those not expired.
    let mut rows = Vec::new();
    for (i, o) in model.overrides.iter().enumerate() {
        rows.push(format!(
            "({}, {}, date_diff('day', DATE '1970-01-01', DATE {}), {i})",
            quote(&o.account_id),
            lit(o.health_score),
            quote(o.expires.trim())
        ));
    }
    if rows.is_empty() {
        sql.push_str("ovr AS (SELECT CAST(NULL AS VARCHAR) AS account_id, CAST(NULL AS DOUBLE) AS score WHERE false)\n");
    } else {
        let _ = write!(
            sql,
            "ovr_all(account_id, score, expires, ord) AS (VALUES {}),\n\
             ovr AS (\n  SELECT account_id, score FROM ovr_all, params WHERE expires >= a\n  QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY expires DESC, ord DESC) = 1\n)\n",
            rows.join(", ")
        );
    }
    let mut band = "CASE".to_string();
    for b in model.bands.iter().rev() {
        let _ = write!(
            band,
            " WHEN health_score >= {} THEN {}",
            lit(b.min),
            quote(&b.id)
        );
    }
    let first = model
        .bands
        .first()
        .map(|b| quote(&b.id))
        .unwrap_or("NULL".into());
    let _ = write!(band, " ELSE {first} END");
    let mut measure_cols = String::new();
    for &(g, m) in measures {
        let measure = model.groups[g].measures[m].measure;
        let id = measure.id();
        // A category's text is not a raw number (the engine reports raw null for it too).
        let raw = if custom::is_text(model, measure) {
            format!("CAST(NULL AS DOUBLE) AS {id}_raw, raw_{id} AS {id}_category")
        } else {
            format!("raw_{id} AS {id}_raw")
        };
        let _ = write!(measure_cols, ",\n  {raw}, s_{id} AS {id}_score");
    }
    let _ = write!(
        sql,
        "SELECT account_id, health_score,\n  CASE WHEN health_score IS NOT NULL THEN {band} END AS band,\n  computed_score, coverage, override_score IS NOT NULL AS overridden,\n  lifecycle_stage, tenure_days{measure_cols}\nFROM (\n  SELECT scored.*, coalesce(ovr.score, scored.computed_score) AS health_score, ovr.score AS override_score\n  FROM scored LEFT JOIN ovr ON ovr.account_id = scored.account_id\n);\n"
    );
}
