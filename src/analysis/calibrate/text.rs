//! Human-readable calibration report (CLI).

use super::Calibration;

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map(|v| format!("{v:.digits$}"))
        .unwrap_or_else(|| "–".into())
}

/// The calibration as plain text: weights side by side, then the out-of-time folds.
pub fn to_text(c: &Calibration) -> String {
    let mut out = format!(
        "Calibration: cut-offs {} ({}-day outcome windows), L2 λ = {}\n",
        c.cutoffs.join(", "),
        c.horizon_days,
        c.lambda
    );
    if let Some(caveat) = &c.caveat {
        out.push_str(&format!("CAVEAT: {caveat}\n"));
    }
    out.push_str(&format!("Missing values: {}\n\n", c.missing_values));
    out.push_str(
        "measure                group           current  learned  coef     coverage  note\n",
    );
    for w in &c.weights {
        out.push_str(&format!(
            "{:<21}  {:<14}  {:>6.1}%  {:>6.1}%  {:>7}  {:>7.0}%  {}\n",
            w.measure.id(),
            w.group,
            w.current_share * 100.0,
            w.learned_share * 100.0,
            opt(w.coefficient, 3),
            w.coverage * 100.0,
            w.note
        ));
    }
    out.push_str("\nOut-of-time folds (train on earlier cut-offs, evaluate on a later one)\n");
    out.push_str("evaluated   trained on                          accounts  churned  AUC now  AUC learned  lift now  lift learned\n");
    for f in &c.folds {
        out.push_str(&format!(
            "{}  {:<34}  {:>8}  {:>7}  {:>7}  {:>11}  {:>8}  {:>12}\n",
            f.eval_cutoff,
            f.train_cutoffs.join(","),
            f.accounts,
            f.churned,
            opt(f.current_auc, 3),
            opt(f.learned_auc, 3),
            opt(f.current_lift, 2),
            opt(f.learned_lift, 2)
        ));
    }
    out.push_str(&format!(
        "mean                                                                  {:>7}  {:>11}  {:>8}  {:>12}\n",
        opt(c.current_mean_auc, 3),
        opt(c.learned_mean_auc, 3),
        opt(c.current_mean_lift, 2),
        opt(c.learned_mean_lift, 2)
    ));
    if !c.calibration.is_empty() {
        out.push_str("\nLast fold: fitted churn probability by decile vs observed\ndecile  accounts  predicted  observed\n");
        for r in &c.calibration {
            out.push_str(&format!(
                "{:>6}  {:>8.1}  {:>8.1}%  {:>7.1}%\n",
                r.decile,
                r.accounts,
                r.predicted * 100.0,
                r.observed * 100.0
            ));
        }
    }
    out.push('\n');
    out.push_str(&c.sentence);
    out.push('\n');
    out
}
