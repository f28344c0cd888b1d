//! Ranking statistics of a risk score against binary outcomes: AUC with ties, ROC points,
//! lift in the riskiest share, and a calibration table by risk decile.
//!
//! Every function takes `(risk, churned)` pairs where a **higher risk means more likely to
//! churn**. Ties are handled exactly: accounts with equal risk are never ordered
//! arbitrarily. AUC counts a tied (churned, retained) pair as half; the riskiest decile and
//! the calibration deciles take a tied group that straddles a boundary *fractionally* (each
//! member counts for the share of the group's positions that falls inside the bin), so the
//! figures do not depend on the input order.

use serde::Serialize;

/// Probability that a churned account has a higher risk than a retained one (ties count
/// half). `None` without at least one of each.
pub fn auc(items: &[(f64, bool)]) -> Option<f64> {
    let mut kept: Vec<f64> = items.iter().filter(|i| !i.1).map(|i| i.0).collect();
    let lost: Vec<f64> = items.iter().filter(|i| i.1).map(|i| i.0).collect();
    if kept.is_empty() || lost.is_empty() {
        return None;
    }
    crate::sort::sort_f64(&mut kept);
    let mut wins = 0.0;
    for &l in &lost {
        let below = kept.partition_point(|&k| k < l);
        let not_above = kept.partition_point(|&k| k <= l);
        wins += below as f64 + 0.5 * (not_above - below) as f64;
    }
    Some(wins / (lost.len() as f64 * kept.len() as f64))
}

/// Standard error of an AUC by Hanley & McNeil (1982), from the AUC and the numbers of
/// churned (`positives`) and retained (`negatives`) accounts. A rough but standard guide to
/// how much an AUC could move by chance with this many accounts.
pub fn auc_standard_error(auc: f64, positives: usize, negatives: usize) -> Option<f64> {
    if positives == 0 || negatives == 0 {
        return None;
    }
    let (n1, n2) = (positives as f64, negatives as f64);
    let q1 = auc / (2.0 - auc);
    let q2 = 2.0 * auc * auc / (1.0 + auc);
    let variance =
        (auc * (1.0 - auc) + (n1 - 1.0) * (q1 - auc * auc) + (n2 - 1.0) * (q2 - auc * auc))
            / (n1 * n2);
    Some(variance.max(0.0).sqrt())
}

/// One point of a ROC curve: flagging every account with risk ≥ `threshold`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RocPoint {
    /// Share of retained accounts flagged (false-positive rate).
    pub fpr: f64,
    /// Share of churned accounts flagged (true-positive rate).
    pub tpr: f64,
    /// Risk threshold (`None` for the (0, 0) start).
    pub threshold: Option<f64>,
}

/// Groups of equal risk, riskiest first: (risk, accounts, churned).
fn tied_groups(items: &[(f64, bool)]) -> Vec<(f64, f64, f64)> {
    let mut sorted: Vec<(f64, bool)> = items.iter().copied().filter(|i| i.0.is_finite()).collect();
    crate::sort::sort_by(&mut sorted, |a, b| b.0.total_cmp(&a.0));
    let mut groups: Vec<(f64, f64, f64)> = Vec::new();
    for (risk, churned) in sorted {
        match groups.last_mut() {
            Some(g) if g.0 == risk => {
                g.1 += 1.0;
                g.2 += churned as u8 as f64;
            }
            _ => groups.push((risk, 1.0, churned as u8 as f64)),
        }
    }
    groups
}

/// ROC curve from (0, 0) to (1, 1), one point per distinct risk value (a tied group moves
/// diagonally). At most `max_points` points are kept (evenly thinned, ends kept) so a chart
/// stays light.
pub fn roc(items: &[(f64, bool)], max_points: usize) -> Vec<RocPoint> {
    let groups = tied_groups(items);
    let positives: f64 = groups.iter().map(|g| g.2).sum();
    let negatives: f64 = groups.iter().map(|g| g.1 - g.2).sum();
    if positives == 0.0 || negatives == 0.0 {
        return Vec::new();
    }
    let mut points = vec![RocPoint {
        fpr: 0.0,
        tpr: 0.0,
        threshold: None,
    }];
    let (mut tp, mut fp) = (0.0, 0.0);
    for (risk, n, churned) in groups {
        tp += churned;
        fp += n - churned;
        points.push(RocPoint {
            fpr: fp / negatives,
            tpr: tp / positives,
            threshold: Some(risk),
        });
    }
    thin(points, max_points.max(2))
}

fn thin(points: Vec<RocPoint>, max_points: usize) -> Vec<RocPoint> {
    if points.len() <= max_points {
        return points;
    }
    let last = points.len() - 1;
    (0..max_points)
        .map(|i| points[(i * last + (max_points - 1) / 2) / (max_points - 1)])
        .collect()
}

/// One bin of accounts ordered by risk, with fractional membership for straddling ties.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bin {
    /// Accounts in the bin (fractional at tied boundaries).
    pub accounts: f64,
    /// Churned accounts in the bin (expected count at tied boundaries).
    pub churned: f64,
    /// Σ risk over the bin's accounts (for the mean).
    pub risk_sum: f64,
}

/// Splits the accounts, riskiest first, into `bins` equal shares of positions. A tied
/// group spread over positions [s, e) contributes to each bin in proportion to the overlap.
pub fn bins(items: &[(f64, bool)], bins: usize) -> Vec<Bin> {
    let groups = tied_groups(items);
    let n: f64 = groups.iter().map(|g| g.1).sum();
    let mut out = vec![Bin::default(); bins];
    if n == 0.0 || bins == 0 {
        return out;
    }
    let width = n / bins as f64;
    let mut start = 0.0;
    for (risk, size, churned) in groups {
        let end = start + size;
        for (b, bin) in out.iter_mut().enumerate() {
            let (lo, hi) = (b as f64 * width, (b + 1) as f64 * width);
            let overlap = (end.min(hi) - start.max(lo)).max(0.0);
            if overlap > 0.0 {
                let share = overlap / size;
                bin.accounts += size * share;
                bin.churned += churned * share;
                bin.risk_sum += risk * size * share;
            }
        }
        start = end;
    }
    out
}

/// Churn rate in the riskiest `share` of accounts ÷ the overall churn rate (1 = no better
/// than chance). `None` when nobody or everybody churned.
pub fn lift(items: &[(f64, bool)], share: f64) -> Option<f64> {
    let n = items.iter().filter(|i| i.0.is_finite()).count() as f64;
    let churned = items.iter().filter(|i| i.0.is_finite() && i.1).count() as f64;
    if n == 0.0 || churned == 0.0 {
        return None;
    }
    let base = churned / n;
    // A single bin of the first `share` of positions.
    let parts = (1.0 / share).round().max(1.0) as usize;
    let top = bins(items, parts)[0];
    (top.accounts > 0.0).then(|| top.churned / top.accounts / base)
}

/// One row of a calibration table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationRow {
    /// 1 = riskiest tenth.
    pub decile: u32,
    /// Accounts in the decile (fractional when a tie straddles its edge).
    pub accounts: f64,
    /// Mean predicted churn (see the table's `predicted` note).
    pub predicted: f64,
    /// Observed churn rate.
    pub observed: f64,
}

/// Calibration by risk decile: `predicted(risk)` maps a risk to a predicted churn
/// probability (identity when the risk already is one).
pub fn calibration(items: &[(f64, bool)], predicted: impl Fn(f64) -> f64) -> Vec<CalibrationRow> {
    let mapped: Vec<(f64, bool)> = items.iter().map(|&(r, c)| (predicted(r), c)).collect();
    bins(&mapped, 10)
        .into_iter()
        .enumerate()
        .filter(|(_, b)| b.accounts > 0.0)
        .map(|(i, b)| CalibrationRow {
            decile: i as u32 + 1,
            accounts: b.accounts,
            predicted: b.risk_sum / b.accounts,
            observed: b.churned / b.accounts,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn auc_by_hand_without_ties() {
        // churned risks 0.9, 0.4; retained 0.5, 0.1.
        // pairs (c, r): (0.9,0.5) win, (0.9,0.1) win, (0.4,0.5) loss, (0.4,0.1) win → 3/4.
        let items = [(0.9, true), (0.4, true), (0.5, false), (0.1, false)];
        assert!(close(auc(&items).unwrap(), 0.75));
    }

    #[test]
    fn auc_by_hand_with_ties() {
        // churned 0.5, 0.5, 0.2; retained 0.5, 0.2, 0.1.
        // 0.5 vs (0.5 tie ½, 0.2 win, 0.1 win) = 2.5, twice = 5; 0.2 vs (0.5 loss, 0.2 ½, 0.1 win) = 1.5.
        // total 6.5 / 9.
        let items = [
            (0.5, true),
            (0.5, true),
            (0.2, true),
            (0.5, false),
            (0.2, false),
            (0.1, false),
        ];
        assert!(close(auc(&items).unwrap(), 6.5 / 9.0));
        // All tied: exactly chance.
        let flat = [(1.0, true), (1.0, false), (1.0, false)];
        assert!(close(auc(&flat).unwrap(), 0.5));
        // One class only: undefined.
        assert_eq!(auc(&[(1.0, true)]), None);
    }

    #[test]
    fn auc_standard_error_by_hand() {
        // A = 0.5, 100 churned, 400 retained: Q1 = 1/3, Q2 = 1/3,
        // var = (0.25 + 99·(1/3 − 1/4) + 399·(1/3 − 1/4)) / 40000 = (0.25 + 498/12) / 40000.
        let se = auc_standard_error(0.5, 100, 400).unwrap();
        assert!(close(se, ((0.25 + 498.0 / 12.0) / 40_000.0f64).sqrt()));
        assert!((se - 0.0323).abs() < 1e-3);
        // More accounts, less uncertainty; a perfect AUC has none.
        assert!(auc_standard_error(0.5, 1000, 4000).unwrap() < se);
        assert!(close(auc_standard_error(1.0, 10, 10).unwrap(), 0.0));
        assert_eq!(auc_standard_error(0.7, 0, 10), None);
    }

    #[test]
    fn roc_ends_at_corners_and_area_matches_auc() {
        let items = [
            (0.5, true),
            (0.5, true),
            (0.2, true),
            (0.5, false),
            (0.2, false),
            (0.1, false),
        ];
        let points = roc(&items, 100);
        assert_eq!(points.first().map(|p| (p.fpr, p.tpr)), Some((0.0, 0.0)));
        assert_eq!(points.last().map(|p| (p.fpr, p.tpr)), Some((1.0, 1.0)));
        // Trapezoid area under the tie-diagonal ROC equals the tie-aware AUC.
        let area: f64 = points
            .windows(2)
            .map(|w| (w[1].fpr - w[0].fpr) * (w[1].tpr + w[0].tpr) / 2.0)
            .sum();
        assert!(close(area, auc(&items).unwrap()));
        assert_eq!(points.len(), 4);
        assert_eq!(roc(&items, 3).len(), 3);
    }

    #[test]
    fn lift_takes_straddling_ties_fractionally() {
        // 10 accounts, top decile = 1 position. The two riskiest are tied (one churned):
        // the top position holds half of each → churn 0.5 vs base 3/10 → lift 5/3.
        let mut items = vec![(0.9, true), (0.9, false)];
        items.extend((0..8).map(|i| (0.1 * i as f64 / 10.0, i < 2)));
        assert!(close(lift(&items, 0.1).unwrap(), 0.5 / 0.3));
        // Order of the input does not matter.
        items.reverse();
        assert!(close(lift(&items, 0.1).unwrap(), 0.5 / 0.3));
    }

    #[test]
    fn calibration_deciles_partition_the_accounts() {
        let items: Vec<(f64, bool)> = (0..25).map(|i| (i as f64 / 25.0, i % 3 == 0)).collect();
        let table = calibration(&items, |r| r);
        assert_eq!(table.len(), 10);
        let total: f64 = table.iter().map(|r| r.accounts).sum();
        assert!(close(total, 25.0));
        let churned: f64 = table.iter().map(|r| r.accounts * r.observed).sum();
        assert!(close(churned, 9.0));
        // Riskiest first.
        assert!(table[0].predicted > table[9].predicted);
        assert!(close(table[0].accounts, 2.5));
    }
}
