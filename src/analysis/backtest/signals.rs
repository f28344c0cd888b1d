//! The same figures for each single signal: every model measure's normalised score (on the
//! accounts that have it) and every early-warning flag.

use serde::Serialize;

use super::snapshot::Snapshot;
use super::stats::{auc, lift};
use crate::domain::flag::Flag;

/// Backtest figures of one signal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignalFigures {
    /// "measure" or "flag".
    pub kind: &'static str,
    /// Measure or flag id (snake_case).
    pub id: String,
    /// Accounts the signal could judge (measure present; every account for flags).
    pub accounts: u32,
    /// Of those, accounts that churned.
    pub churned: u32,
    /// Measures: accounts with a low normalised score churn more often when AUC > 0.5.
    /// Flags: AUC of fired (1) vs not fired (0), ties counted half.
    pub auc: Option<f64>,
    /// Measures: churn rate of the lowest-scoring tenth ÷ churn rate of the covered
    /// accounts. Flags: churn rate when fired ÷ overall churn rate.
    pub lift: Option<f64>,
    /// Flags only: accounts on which the flag fired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fired: Option<u32>,
}

fn flag_id(flag: Flag) -> String {
    serde_json::to_value(flag)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Figures for every measure of the model and every flag.
pub fn signals(snapshot: &Snapshot) -> Vec<SignalFigures> {
    let mut out = Vec::new();
    for (i, measure) in snapshot.measures.iter().enumerate() {
        let items: Vec<(f64, bool)> = snapshot
            .rows
            .iter()
            .filter_map(|r| r.normalized[i].map(|s| (100.0 - s, r.churned)))
            .collect();
        out.push(SignalFigures {
            kind: "measure",
            id: measure.id().to_string(),
            accounts: items.len() as u32,
            churned: items.iter().filter(|i| i.1).count() as u32,
            auc: auc(&items),
            lift: lift(&items, 0.1),
            fired: None,
        });
    }
    let n = snapshot.rows.len() as f64;
    let churned = snapshot.rows.iter().filter(|r| r.churned).count() as f64;
    for flag in Flag::ALL {
        let items: Vec<(f64, bool)> = snapshot
            .rows
            .iter()
            .map(|r| (r.flags.contains(&flag) as u8 as f64, r.churned))
            .collect();
        let fired: Vec<&(f64, bool)> = items.iter().filter(|i| i.0 > 0.0).collect();
        let lift = (!fired.is_empty() && churned > 0.0).then(|| {
            let rate = fired.iter().filter(|i| i.1).count() as f64 / fired.len() as f64;
            rate / (churned / n)
        });
        out.push(SignalFigures {
            kind: "flag",
            id: flag_id(flag),
            accounts: items.len() as u32,
            churned: churned as u32,
            auc: auc(&items),
            lift,
            fired: Some(fired.len() as u32),
        });
    }
    out
}
