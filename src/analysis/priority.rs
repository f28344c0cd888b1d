//! The prioritised outreach list.
//!
//! risk = clamp((100 − score)/100 + Σ flag risks, 0, 1), or the account's calibrated churn
//! probability when the model carries one (a learned model); revenue at risk = effective
//! ARR × risk. Scored accounts are ranked by revenue at risk (unknown ARR after known), then by
//! risk, then by account id; unscored accounts come last with the reason.

use crate::model::playbooks::Playbooks;
use crate::scoring::account::{AccountResult, Priority};

/// Risk 0–1 of a scored account.
pub fn risk(score: f64, flag_risks: f64) -> f64 {
    ((100.0 - score) / 100.0 + flag_risks).clamp(0.0, 1.0)
}

/// The one-line play: the quadrant's, else the action of the riskiest flag.
pub fn play_for(playbooks: &Playbooks, account: &AccountResult) -> String {
    if let Some(q) = account.quadrant {
        return playbooks.quadrant(q).play.clone();
    }
    account
        .flags
        .iter()
        .max_by(|a, b| a.risk.total_cmp(&b.risk).then(b.flag.cmp(&a.flag)))
        .map(|f| playbooks.flag(f.flag).action.clone())
        .unwrap_or_else(|| {
            "Collect satisfaction and usage data so the account can be placed in a quadrant."
                .to_string()
        })
}

/// Why a scored account ranks where it does, in the words the page uses: its rounded health,
/// the churn probability when the model gives one, its warnings by their labels in the
/// vocabulary (never their ids) and its ARR.
pub fn reason_of(score: f64, a: &AccountResult) -> String {
    let mut parts = vec![format!("Health {score:.0}")];
    if let Some(p) = a.churn_probability {
        parts.push(format!("churn probability {:.0}%", p * 100.0));
    }
    if !a.flags.is_empty() {
        let labels: Vec<&str> = a.flags.iter().map(|f| f.flag.info().label).collect();
        parts.push(format!("warnings: {}", labels.join(", ")));
    }
    parts.push(match a.arr {
        Some(arr) => format!("ARR {arr:.0}"),
        None => "ARR unknown (ranked after accounts with known ARR)".to_string(),
    });
    parts.join(" · ")
}

/// Sets `priority` on every account and returns nothing; ranks are 1-based.
pub fn assign(playbooks: &Playbooks, accounts: &mut [AccountResult]) {
    let mut order: Vec<usize> = (0..accounts.len()).collect();
    for a in accounts.iter_mut() {
        let flag_risk: f64 = a.flags.iter().map(|f| f.risk).sum();
        let play = play_for(playbooks, a);
        a.priority = Some(match a.health_score {
            Some(score) => {
                let r = a.churn_probability.unwrap_or_else(|| risk(score, flag_risk));
                let rar = a.arr.map(|arr| arr * r);
                let reason = reason_of(score, a);
                Priority {
                    rank: 0,
                    risk: r,
                    revenue_at_risk: rar,
                    play,
                    reason,
                }
            }
            None => Priority {
                rank: 0,
                risk: flag_risk.clamp(0.0, 1.0),
                revenue_at_risk: None,
                play,
                reason: "Not scored: no weighted measure had data for this account".to_string(),
            },
        });
    }
    let key = |a: &AccountResult| {
        let p = a.priority.as_ref();
        (
            a.health_score.is_none(),
            p.and_then(|p| p.revenue_at_risk).is_none(),
            p.and_then(|p| p.revenue_at_risk).unwrap_or(0.0),
            p.map_or(0.0, |p| p.risk),
        )
    };
    crate::sort::sort_by(&mut order, |&i, &j| {
        let (a, b) = (key(&accounts[i]), key(&accounts[j]));
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(b.2.total_cmp(&a.2))
            .then(b.3.total_cmp(&a.3))
            .then(accounts[i].account_id.cmp(&accounts[j].account_id))
    });
    for (rank, i) in order.into_iter().enumerate() {
        if let Some(p) = accounts[i].priority.as_mut() {
            p.rank = rank as u32 + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::flag::Flag;
    use crate::scoring::account::{FlagHit, SegmentKeys};

    fn account(id: &str, score: Option<f64>, arr: Option<f64>, flags: &[Flag]) -> AccountResult {
        AccountResult {
            account_id: id.into(),
            name: None,
            arr,
            plan: None,
            region: None,
            owner: None,
            lifecycle_stage: None,
            tenure_days: None,
            health_score: score,
            churn_probability: None,
            band: None,
            previous_score: None,
            trend: None,
            trend_explanation: None,
            satisfaction_index: None,
            usage_index: None,
            quadrant: None,
            value_realized: None,
            flags: flags
                .iter()
                .map(|&flag| FlagHit {
                    flag,
                    evidence: String::new(),
                    risk: 0.1,
                })
                .collect(),
            near_misses: Vec::new(),
            components: Vec::new(),
            coverage: 1.0,
            priority: None,
            segments: SegmentKeys::default(),
            override_reason: None,
            computed_score: None,
        }
    }

    #[test]
    fn the_reason_names_warnings_by_their_labels_never_their_ids() {
        let mut accounts = vec![
            account("a", Some(41.6), Some(48_000.0), &Flag::ALL),
            account("b", Some(80.0), None, &[]),
            account("c", None, Some(1.0), &[Flag::Silence]),
        ];
        accounts[0].churn_probability = Some(0.314);
        assign(&Playbooks::default(), &mut accounts);
        let reason = |i: usize| accounts[i].priority.as_ref().unwrap().reason.clone();
        let labels: Vec<&str> = Flag::ALL.iter().map(|f| f.info().label).collect();
        assert_eq!(
            reason(0),
            format!(
                "Health 42 · churn probability 31% · warnings: {} · ARR 48000",
                labels.join(", ")
            )
        );
        for flag in Flag::ALL {
            assert!(!reason(0).contains(flag.id()), "{} in {}", flag.id(), reason(0));
        }
        assert_eq!(
            reason(1),
            "Health 80 · ARR unknown (ranked after accounts with known ARR)"
        );
        assert!(reason(2).starts_with("Not scored: "));
    }
}
