//! "What moved": the components whose normalised score changed most since the previous
//! period, weighted by their nominal weight, as one plain sentence.

use crate::model::config::Model;
use crate::scoring::account::Component;

/// Smallest change (points on the 0–100 scale) worth mentioning.
pub const MIN_POINTS: f64 = 5.0;

/// Up to three movers, biggest weighted change first, e.g.
/// "share of active weeks fell 83 → 25; CSAT (share of 4–5 ratings) rose 50 → 70".
/// `None` when nothing moved by at least [`MIN_POINTS`].
pub fn explain(model: &Model, components: &[Component]) -> Option<String> {
    let mut moved: Vec<(f64, usize, String)> = components
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let (now, before) = (c.normalized?, c.previous_normalized?);
            let delta = now - before;
            (delta.abs() >= MIN_POINTS).then(|| {
                let verb = if delta > 0.0 { "rose" } else { "fell" };
                (
                    (delta * c.nominal_weight).abs(),
                    i,
                    format!("{} {verb} {before:.0} → {now:.0}", model.phrase(c.measure)),
                )
            })
        })
        .collect();
    crate::sort::sort_by(&mut moved, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let parts: Vec<String> = moved.into_iter().take(3).map(|m| m.2).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}
