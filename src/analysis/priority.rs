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
                let mut reason = format!("score {score:.0}");
                if let Some(p) = a.churn_probability {
                    reason.push_str(&format!(", churn probability {:.0}%", p * 100.0));
                }
                if !a.flags.is_empty() {
                    let names: Vec<&str> = a.flags.iter().map(|f| f.flag.id()).collect();
                    reason.push_str(&format!(", flags: {}", names.join(", ")));
                }
                match a.arr {
                    Some(arr) => reason.push_str(&format!(", ARR {arr:.0}")),
                    None => reason.push_str(", ARR unknown (ranked after accounts with known ARR)"),
                }
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
                reason: "not scored: no weighted measure had data for this account".to_string(),
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
