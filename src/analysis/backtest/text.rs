//! Human-readable backtest report (CLI).

use super::Backtest;

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map(|v| format!("{v:.digits$}"))
        .unwrap_or_else(|| "–".into())
}

/// The backtest as a plain-text report with aligned tables.
pub fn to_text(b: &Backtest) -> String {
    let mut out = String::new();
    let source = serde_json::to_value(b.outcome_source)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    if b.caveat.is_some() {
        out.push_str(&format!(
            "Backtest: scored as of {}, outcomes from {source} (undated)\n",
            b.scored_at
        ));
    } else {
        out.push_str(&format!(
            "Backtest: scored as of {}, outcomes ({source}) in the {} days up to {}\n",
            b.scored_at, b.horizon_days, b.outcome_until
        ));
    }
    if let Some(c) = &b.caveat {
        out.push_str(&format!("CAVEAT: {c}\n"));
    }
    out.push_str(&format!(
        "Accounts scored {}, churned {} (base rate {:.1}%)\nAUC {:.3}{}   lift in riskiest tenth {}×\n\n",
        b.scored,
        b.churned,
        b.base_rate * 100.0,
        b.auc,
        b.auc_standard_error
            .map(|se| format!(" ± {:.3} (1.96 × standard error)", 1.96 * se))
            .unwrap_or_default(),
        opt(b.lift_top_decile, 2)
    ));
    out.push_str("Calibration (risk deciles, riskiest first)\n");
    out.push_str("decile  accounts  predicted  observed\n");
    for r in &b.calibration {
        out.push_str(&format!(
            "{:>6}  {:>8.1}  {:>8.1}%  {:>7.1}%\n",
            r.decile,
            r.accounts,
            r.predicted * 100.0,
            r.observed * 100.0
        ));
    }
    out.push_str(&format!("({})\n\nChurn by band\n", b.calibration_note));
    out.push_str("band          accounts  churned   rate\n");
    for (band, n, c) in &b.bands {
        let rate = if *n > 0 {
            format!("{:.1}%", *c as f64 * 100.0 / *n as f64)
        } else {
            "–".into()
        };
        out.push_str(&format!("{band:<12}  {n:>8}  {c:>7}  {rate:>6}\n"));
    }
    out.push_str("\nSingle signals (measures: low normalised score = risk; flags: fired = risk)\n");
    out.push_str("kind     signal                 accounts  churned    AUC   lift  fired\n");
    for s in &b.signals {
        out.push_str(&format!(
            "{:<7}  {:<21}  {:>8}  {:>7}  {:>5}  {:>5}  {:>5}\n",
            s.kind,
            s.id,
            s.accounts,
            s.churned,
            opt(s.auc, 3),
            opt(s.lift, 2),
            s.fired.map(|f| f.to_string()).unwrap_or_default()
        ));
    }
    out.push('\n');
    out.push_str(&b.sentence);
    out.push('\n');
    out
}
