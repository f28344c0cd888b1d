//! Plain-text reports of discovery and snapshot learning, for the CLI.

use super::discover::{Discovery, ValueKind, Verdict};
use super::snapshot::{Figures, SnapshotLearning};

fn kind(v: ValueKind) -> &'static str {
    match v {
        ValueKind::Number => "number",
        ValueKind::DaysSince => "days since",
        ValueKind::YesNo => "yes/no",
        ValueKind::Category => "category",
    }
}

fn verdict(v: &Verdict) -> String {
    match v {
        Verdict::Usable => "candidate".into(),
        Verdict::Leak(r) => format!("PROBABLE LEAK, left out: {r}"),
        Verdict::Identifier(r) => format!("left out: {r}"),
        Verdict::Duplicate(r) => format!("left out: {r}"),
        Verdict::TooSparse(r) => format!("left out: {r}"),
        Verdict::Constant(r) => format!("left out: {r}"),
    }
}

/// The cohort view: one block per candidate, strongest first.
pub fn discoveries(list: &[Discovery], labelled: u32, churned: u32) -> String {
    let mut out = format!(
        "Candidate measures: {} (labelled accounts {labelled}, churned {churned} = {:.1}%)\n",
        list.len(),
        100.0 * churned as f64 / labelled.max(1) as f64
    );
    let mut order: Vec<&Discovery> = list.iter().collect();
    crate::sort::sort_by(&mut order, |a, b| {
        b.auc.unwrap_or(0.0).total_cmp(&a.auc.unwrap_or(0.0))
    });
    for d in order {
        out += &format!(
            "\n  {} [{}{}] coverage {:.0}%, AUC {}, {} — {}\n    churn:",
            d.header,
            kind(d.value),
            if d.builtin { ", model measure" } else { "" },
            d.coverage * 100.0,
            d.auc.map_or("–".into(), |a| format!("{a:.3}")),
            d.direction,
            verdict(&d.verdict)
        );
        for r in d.table.iter().take(12) {
            out += &format!(
                " {} {:.0}% ({});",
                r.label,
                r.churn_rate * 100.0,
                r.accounts
            );
        }
        if d.table.len() > 12 {
            out += &format!(" … {} more", d.table.len() - 12);
        }
        out.push('\n');
    }
    out
}

fn figures(name: &str, f: &Figures) -> String {
    format!(
        "  {name:<34} AUC {}{}, top-decile lift {}{}\n",
        f.auc.map_or("–".into(), |a| format!("{a:.3}")),
        f.auc_standard_error
            .map_or(String::new(), |s| format!(" ± {s:.3}")),
        f.top_decile_lift.map_or("–".into(), |l| format!("{l:.2}")),
        if f.unscored > 0 {
            format!(" ({} accounts unscored)", f.unscored)
        } else {
            String::new()
        }
    )
}

/// The learning report: figures, weights, calibration.
pub fn learning(l: &SnapshotLearning) -> String {
    let mut out = discoveries(&l.discoveries, l.labelled, l.churned);
    out += &format!(
        "\nLearned from a snapshot: {} accounts, {} labelled ({} churned){}; {} stratified folds, L2 penalty {} (inner validation)\n",
        l.accounts,
        l.labelled,
        l.churned,
        if l.unlabelled > 0 { format!(", {} without a label (scored, not learned from)", l.unlabelled) } else { String::new() },
        l.folds,
        l.lambda
    );
    out += "\nOut-of-fold figures (each fold learned from the other folds only):\n";
    out += &figures("learned health score", &l.learned);
    if let Some(f) = &l.logistic_regression {
        out += &figures("plain logistic regression", f);
    }
    if let Some(f) = &l.current {
        out += &figures("current model (no fitting)", f);
    }
    out += &format!(
        "  per-fold AUC: {}\n",
        l.fold_aucs
            .iter()
            .map(|a| format!("{a:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out += "\nLearned measures (share of the score with every input present):\n";
    for m in &l.measures {
        out += &format!(
            "  {:>5.1}%  {} [{}] {}\n",
            m.share * 100.0,
            m.header,
            kind(m.value),
            m.direction
        );
    }
    if !l.calibration.is_empty() {
        out += "\nChurn probability (Platt, fitted on out-of-fold scores) by risk decile:\n  decile  accounts  predicted  observed\n";
        for r in &l.calibration {
            out += &format!(
                "  {:>6}  {:>8.0}  {:>8.1}%  {:>7.1}%\n",
                r.decile,
                r.accounts,
                r.predicted * 100.0,
                r.observed * 100.0
            );
        }
    }
    out += &format!("\n{}\n", l.sentence);
    out
}
