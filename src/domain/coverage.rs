//! When a score rests on too little data: the share of the model's weight that had data for an
//! account (`coverage`) below which the page marks the score "low coverage" and the CSV's
//! `low_data` column says yes (docs/trust.md). The page may set its own share per device; this
//! is the default both use, sent to the page with the vocabulary.

/// Default: half the model's weight. Below it the missing inputs outweigh the present ones.
pub const LOW_COVERAGE_BELOW: f64 = 0.5;

/// `below` when it is a share 0–1, else the default.
pub fn valid_share(below: Option<f64>) -> f64 {
    below
        .filter(|b| (0.0..=1.0).contains(b))
        .unwrap_or(LOW_COVERAGE_BELOW)
}
