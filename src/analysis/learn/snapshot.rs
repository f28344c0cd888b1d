//! Learning from a snapshot: one row per account with a churn label and no history.
//!
//! Every candidate gets its cohort view ([`discover`]); the usable ones (plus any the user
//! insists on) go to the learner ([`fit`]), evaluated by stratified k-fold cross-validation
//! where each fold re-learns shapes, penalty and weights from its training rows only. The
//! out-of-fold scores give the reported AUC (with its standard error), top-decile lift, the
//! Platt churn probability and the calibration table; a plain tuned logistic regression on the
//! same columns is run on the same folds as a yardstick. The weights offered are learned on
//! every labelled row.

use serde::Serialize;

use super::baseline;
use super::discover::{self, Candidate, Discovery, ValueKind, Verdict};
use super::fit::{self, Fitted};
use super::platt::Platt;
use super::shape::{Column, Shape};
use crate::analysis::backtest::stats::{self, CalibrationRow};

/// Choices of a snapshot learning run.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Outer folds (stratified); fewer when a class has fewer accounts.
    pub folds: usize,
    /// Seed of the fold shuffles (the same file always learns the same model).
    pub seed: u64,
    /// Candidate ids or headers learned from even when flagged (e.g. a suspected leak).
    pub include: Vec<String>,
    /// Candidate ids or headers never learned from.
    pub exclude: Vec<String>,
    /// Also run the plain logistic regression yardstick.
    pub baseline: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            folds: 5,
            seed: 20_240_601,
            include: Vec::new(),
            exclude: Vec::new(),
            baseline: true,
        }
    }
}

/// Ranking figures of one scorer on the labelled accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// AUC of the risk (100 − health score, or a probability) against churn.
    pub auc: Option<f64>,
    /// Hanley–McNeil standard error of the AUC.
    pub auc_standard_error: Option<f64>,
    /// Churn rate in the riskiest tenth ÷ the overall rate.
    pub top_decile_lift: Option<f64>,
    /// Labelled accounts the scorer gave no score (no input present).
    pub unscored: u32,
}

impl Figures {
    pub fn of(risks: &[Option<f64>], y: &[bool]) -> Figures {
        let items: Vec<(f64, bool)> = risks
            .iter()
            .zip(y)
            .filter_map(|(r, &c)| r.map(|r| (r, c)))
            .collect();
        let auc = stats::auc(&items);
        let positives = items.iter().filter(|i| i.1).count();
        Figures {
            auc,
            auc_standard_error: auc
                .and_then(|a| stats::auc_standard_error(a, positives, items.len() - positives)),
            top_decile_lift: stats::lift(&items, 0.1),
            unscored: risks.iter().filter(|r| r.is_none()).count() as u32,
        }
    }
}

/// One measure of the learned blend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnedMeasure {
    pub id: String,
    pub header: String,
    pub file: Option<String>,
    pub value: ValueKind,
    pub builtin: bool,
    /// Share of the score with every input present (0–1).
    pub share: f64,
    /// Logistic coefficient on the measure's shape (log-odds units).
    pub coefficient: f64,
    /// Read from the learned shape: "higher is riskier", "higher is healthier", "riskiest in
    /// the middle", "riskiest at both ends", or "by category".
    pub direction: String,
    /// The learned shape (log-odds of churn relative to the base rate).
    pub shape: Shape,
}

/// The result of learning from a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotLearning {
    pub accounts: u32,
    pub labelled: u32,
    pub churned: u32,
    /// Accounts without a label: not learned from, still scored.
    pub unlabelled: u32,
    pub folds: u32,
    pub lambda: f64,
    pub discoveries: Vec<Discovery>,
    /// Measures with a weight, largest share first.
    pub measures: Vec<LearnedMeasure>,
    /// Out-of-fold figures of the learned health score.
    pub learned: Figures,
    /// Out-of-fold AUC per fold.
    pub fold_aucs: Vec<f64>,
    /// Plain tuned logistic regression on the same columns and folds.
    pub logistic_regression: Option<Figures>,
    /// The current model's score on the same accounts (no fitting involved).
    pub current: Option<Figures>,
    /// Churn probability from the health score, fitted on the out-of-fold scores.
    pub platt: Option<Platt>,
    /// Out-of-fold: Platt probability vs observed churn by risk decile.
    pub calibration: Vec<CalibrationRow>,
    pub sentence: String,
    #[serde(skip)]
    pub fitted: Fitted,
}

/// True when one of `names` (from `--include`/`--exclude`) is the column's id or header, in
/// any case ("ÉTAT" names the column "État"; `char::to_lowercase`, not ASCII only).
fn matches(names: &[String], d: &Discovery) -> bool {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    names.iter().any(|n| same(n, &d.id) || same(n, &d.header))
}

/// The direction a learned shape says, in words (numeric shapes are monotone).
pub fn direction(shape: &Shape) -> String {
    let Shape::Points { points } = shape else {
        return "by category".into();
    };
    let (first, last) = (points[0][1], points[points.len() - 1][1]);
    if last > first {
        "higher is riskier".into()
    } else if last < first {
        "higher is healthier".into()
    } else {
        "no effect".into()
    }
}

/// Why `labels` (one per account) cannot be learned or checked from, if they cannot: no
/// label at all, a single labelled account, or one class only.
pub fn label_problem(labels: &[Option<bool>]) -> Option<String> {
    let labelled = labels.iter().filter(|l| l.is_some()).count();
    let churned = labels.iter().filter(|l| **l == Some(true)).count();
    if labelled == 0 {
        return Some(format!(
            "none of the {} accounts has a churn label: no column was read as one (a header such as Churn, Churned, Exited, Attrition or Churn Date, with Yes/No, 1/0, true/false, churned/active or churn dates; in the app, map the column to 'churned')",
            labels.len()
        ));
    }
    if labelled == 1 {
        return Some(
            "only 1 labelled account: learning needs at least 10 churned and 10 retained accounts"
                .into(),
        );
    }
    if churned == 0 || churned == labelled {
        return Some(format!(
            "all {labelled} labelled accounts are {}: with one outcome only there is nothing to learn from (a churn column needs both churned and retained accounts)",
            if churned == 0 { "retained" } else { "churned" }
        ));
    }
    None
}

/// Learns a blend from `candidates` and `labels` (one per row; `None` = unknown).
/// `current_scores`: the current model's health scores of the same rows, for comparison.
pub fn learn(
    candidates: &[Candidate],
    labels: &[Option<bool>],
    current_scores: Option<&[Option<f64>]>,
    options: &Options,
) -> Result<SnapshotLearning, String> {
    let rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i].is_some()).collect();
    let y: Vec<bool> = labels.iter().map(|l| l.unwrap_or(false)).collect();
    let churned = rows.iter().filter(|&&i| y[i]).count();
    let retained = rows.len() - churned;
    if let Some(problem) = label_problem(labels) {
        return Err(problem);
    }
    if churned.min(retained) < 10 {
        return Err(format!(
            "{churned} churned and {retained} retained accounts: learning needs at least 10 of each to estimate anything out of fold"
        ));
    }
    let k = options.folds.clamp(2, 10).min(churned.min(retained));
    let mut discoveries = discover::discover(candidates, &y, &rows, options.seed);
    let allowed: Vec<bool> = discoveries
        .iter()
        .map(|d| {
            if matches(&options.exclude, d) {
                false
            } else {
                d.verdict == Verdict::Usable || (matches(&options.include, d) && d.coverage > 0.0)
            }
        })
        .collect();
    if !allowed.iter().any(|&a| a) {
        let each: Vec<String> = discoveries
            .iter()
            .map(|d| {
                format!(
                    "'{}' ({})",
                    d.header,
                    d.verdict.reason().unwrap_or_default()
                )
            })
            .collect();
        return Err(format!(
            "no candidate measure is usable{}{} (--include NAME learns from a flagged column anyway)",
            if each.is_empty() { ": the file has no columns besides the id and the label" } else { ": " },
            each.join(", ")
        ));
    }
    let columns: Vec<Column> = candidates.iter().map(|c| c.column.clone()).collect();
    let ys: Vec<bool> = rows.iter().map(|&i| y[i]).collect();
    let oof = fit::out_of_fold(&columns, &y, &rows, &allowed, k, options.seed);
    let risks: Vec<Option<f64>> = oof.iter().map(|s| s.map(|s| 100.0 - s)).collect();
    let learned = Figures::of(&risks, &ys);
    let fold_of = super::folds::stratified(&ys, k, options.seed);
    let fold_aucs: Vec<f64> = (0..k)
        .filter_map(|f| {
            let items: Vec<(f64, bool)> = (0..rows.len())
                .filter(|&p| fold_of[p] == f)
                .filter_map(|p| risks[p].map(|r| (r, ys[p])))
                .collect();
            stats::auc(&items)
        })
        .collect();
    let scored: Vec<(f64, bool)> = oof
        .iter()
        .zip(&ys)
        .filter_map(|(s, &c)| s.map(|s| (s, c)))
        .collect();
    let platt = Platt::fit(&scored);
    let calibration = platt
        .map(|p| {
            let items: Vec<(f64, bool)> =
                scored.iter().map(|&(s, c)| (p.probability(s), c)).collect();
            stats::calibration(&items, |r| r)
        })
        .unwrap_or_default();
    let logistic_regression = options.baseline.then(|| {
        let p = baseline::out_of_fold(&columns, &y, &rows, &allowed, k, options.seed);
        Figures::of(&p.into_iter().map(Some).collect::<Vec<_>>(), &ys)
    });
    let current = current_scores.map(|s| {
        let r: Vec<Option<f64>> = rows.iter().map(|&i| s[i].map(|v| 100.0 - v)).collect();
        Figures::of(&r, &ys)
    });
    let fitted = fit::learn(&columns, &y, &rows, &allowed, options.seed);
    let total: f64 = (0..columns.len()).map(|j| fitted.weight(j)).sum();
    let mut measures: Vec<LearnedMeasure> = (0..columns.len())
        .filter(|&j| fitted.weight(j) > 0.0)
        .filter_map(|j| {
            let shape = fitted.shapes[j].clone()?;
            Some(LearnedMeasure {
                id: candidates[j].id.clone(),
                header: candidates[j].header.clone(),
                file: candidates[j].file.clone(),
                value: candidates[j].value,
                builtin: candidates[j].builtin,
                share: fitted.weight(j) / total,
                coefficient: fitted.coefficients[j],
                direction: direction(&shape),
                shape,
            })
        })
        .collect();
    crate::sort::sort_by(&mut measures, |a, b| b.share.total_cmp(&a.share));
    for (d, &ok) in discoveries.iter_mut().zip(&allowed) {
        if ok && d.verdict != Verdict::Usable {
            d.verdict = Verdict::Usable;
        }
    }
    let sentence = summary(
        &learned,
        logistic_regression.as_ref(),
        current.as_ref(),
        k,
        rows.len(),
    );
    Ok(SnapshotLearning {
        accounts: labels.len() as u32,
        labelled: rows.len() as u32,
        churned: churned as u32,
        unlabelled: (labels.len() - rows.len()) as u32,
        folds: k as u32,
        lambda: fitted.lambda,
        discoveries,
        measures,
        learned,
        fold_aucs,
        logistic_regression,
        current,
        platt,
        calibration,
        sentence,
        fitted,
    })
}

fn summary(
    learned: &Figures,
    lr: Option<&Figures>,
    current: Option<&Figures>,
    k: usize,
    n: usize,
) -> String {
    let mut s = match (learned.auc, learned.auc_standard_error) {
        (Some(a), Some(se)) => format!("Out of fold ({k} stratified folds, {n} labelled accounts), the learned health score ranks churn with AUC {a:.3} ± {se:.3}"),
        _ => "The learned score could not be evaluated out of fold".into(),
    };
    if let Some(l) = learned.top_decile_lift {
        s += &format!(" and a top-decile lift of {l:.2}");
    }
    if let Some(a) = lr.and_then(|f| f.auc) {
        s += &format!("; a plain logistic regression on the same columns reaches {a:.3}");
    }
    if let Some(a) = current.and_then(|f| f.auc) {
        s += &format!("; the current model scores {a:.3}");
    }
    if let (Some(a), Some(se)) = (learned.auc, learned.auc_standard_error) {
        if a - 2.0 * se <= 0.5 {
            s += ". Out of fold the learned score is not clearly better than chance (AUC − 2 standard errors ≤ 0.5): the columns carry little churn signal — do not adopt it as a churn predictor";
        }
    }
    s + "."
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::learn::discover::{ValueKind, Verdict};

    #[test]
    fn include_and_exclude_name_columns_in_any_case() {
        let d = Discovery {
            id: "etat".into(),
            header: "État".into(),
            file: None,
            value: ValueKind::Number,
            builtin: false,
            coverage: 1.0,
            auc: None,
            direction: String::new(),
            table: Vec::new(),
            verdict: Verdict::Usable,
        };
        for name in ["ÉTAT", "état", " État ", "ETAT", "Etat"] {
            assert!(matches(&[name.to_string()], &d), "{name}");
        }
        assert!(!matches(&["statut".to_string()], &d));
    }
}
