//! The ceiling of the usage-decline rule family on the story generator, and variants of the
//! engine's rule, measured side by side on the same worlds (docs/scoring.md, "Usage decline:
//! the ceiling"). Run with
//! `STORY_FIRST=1 STORY_WORLDS=30 cargo test --profile fuzz --test flag_stories decline_ceiling -- --ignored --nocapture`.
//!
//! Every detector reads the same realised data the engine reads: the weekly event totals of
//! the generated usage file. The *oracle* also knows the generator's planned noise: it fires
//! when the observed 28-day fall is at least 30 % and the observed log fall is at least twice
//! the planned spread of the log ratio of two 28-day totals (`swing_28` × √2, as the truth
//! standard uses) — the engine's rule with a perfect spread estimate. The engine's rule is
//! re-computed here from the same weeks (and checked against the engine's own flags account
//! by account), so that variants of it can be measured in one pass.

use customer_health::domain::stats::{median, robust_spread};

use super::{swing_28, Plan, Rows, Truth};

/// The engine's settings (pkg-config/model.json "usage_decline").
const DROP: f64 = 0.3;
const MIN_PREVIOUS: f64 = 5.0;
const SWING_WEEKS: usize = 16;
const MIN_SWING_WEEKS: usize = 8;
const MULTIPLE: f64 = 2.0;
/// Weeks in the 28-day windows.
const SPAN: f64 = 4.0;

/// What one account's usage file says: weekly event totals, newest first (week k ends on
/// as-of − 7k), and how many complete weeks lie on or after its first usage.
pub struct Observed {
    pub weeks: Vec<f64>,
    pub first_use: i64,
}

/// Weekly totals of every account of a world's usage file, from its rows ([`super::usage_rows`]).
pub fn observe(rows: &[Rows], as_of: i64) -> Vec<Observed> {
    rows.iter()
        .map(|account| {
            let mut o = Observed {
                weeks: vec![0.0; 40],
                first_use: i64::MAX,
            };
            for &(d, _, _, events) in account {
                o.first_use = o.first_use.min(d);
                let k = ((as_of - d) / 7) as usize;
                if k < o.weeks.len() {
                    o.weeks[k] += f64::from(events);
                }
            }
            o
        })
        .collect()
}

/// The quantities every detector below is built from.
#[derive(Clone)]
pub struct Facts {
    /// Events of the last 28 days and the 28 before.
    pub recent: f64,
    pub previous: f64,
    /// The swing weeks (complete weeks before the recent window, up to 16, from the first
    /// usage on), newest first.
    pub swing: Vec<f64>,
    /// The same over up to 24 weeks (all complete weeks of the generated history).
    pub long: Vec<f64>,
    /// The planned spread of the log ratio of two 28-day totals (truth's swing_28 × √2).
    pub planned: f64,
}

impl Facts {
    pub fn new(o: &Observed, plan: &Plan, as_of: i64) -> Facts {
        let recent = o.weeks[..4].iter().sum();
        let previous = o.weeks[4..8].iter().sum();
        let weeks = |count: usize| -> Vec<f64> {
            (4..4 + count)
                .take_while(|&k| as_of - 7 * k as i64 - 6 >= o.first_use)
                .map(|k| o.weeks[k])
                .collect()
        };
        let (swing, long) = (weeks(SWING_WEEKS), weeks(24));
        Facts {
            recent,
            previous,
            swing,
            long,
            planned: 2f64.sqrt() * swing_28(plan, as_of - 55, as_of - 28),
        }
    }
    fn drop(&self) -> f64 {
        1.0 - self.recent / self.previous
    }
    /// The gate every variant shares: enough events before, a fall of at least 30 %.
    fn gate(&self) -> bool {
        self.previous >= MIN_PREVIOUS && self.drop() >= DROP
    }
    fn logs(&self) -> Vec<f64> {
        self.swing.iter().map(|v| v.ln_1p()).collect()
    }
    fn average(&self) -> f64 {
        self.swing.iter().sum::<f64>() / self.swing.len() as f64
    }
    /// The engine's fall on the log scale (per week, +1).
    fn fall(&self) -> f64 {
        ((self.previous / SPAN).ln_1p() - (self.recent / SPAN).ln_1p()).max(0.0)
    }
    fn counting(&self) -> f64 {
        (2.0 / self.previous).sqrt()
    }
    fn below_usual(&self) -> bool {
        1.0 - self.recent / (self.average() * SPAN).max(f64::MIN_POSITIVE) >= DROP
    }
    /// The engine's rule with the weekly spread `weekly` of the swing weeks and critical
    /// value `crit` (before the counting floor), with or without the level test.
    fn swing_rule(&self, weekly: f64, crit: f64, level: bool) -> bool {
        if !self.gate() {
            return false;
        }
        if self.swing.len() < MIN_SWING_WEEKS {
            return true;
        }
        let estimated = weekly * (2.0 / SPAN).sqrt();
        let counting = self.counting();
        // the critical value applies to an estimated spread; the counting floor is known
        let threshold = if estimated >= counting {
            crit * estimated
        } else {
            MULTIPLE * counting
        };
        self.fall() >= threshold && (!level || self.below_usual())
    }
    /// Robust spread (1.4826 × MAD) of the log weekly volume, as the engine.
    fn mad(&self) -> f64 {
        robust_spread(&mut self.logs()).unwrap_or(0.0)
    }
}

/// Rousseeuw–Croux Qn scale estimate: the k-th smallest of the distances between pairs,
/// k = h(h − 1)/2 with h = ⌊n/2⌋ + 1 (about the first quartile of the distances), times
/// 2.2219 (the standard deviation for normal data) and the small-sample factor of Croux &
/// Rousseeuw (1992): the published factors up to n = 9, then n / (n + 1.4) for odd and
/// n / (n + 3.8) for even n. About 82 % of a standard deviation's efficiency for normal data
/// (the MAD: 37 %), breakdown 50 %; 0 for fewer than two values.
pub fn qn(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 2 {
        return 0.0;
    }
    let mut d: Vec<f64> = Vec::with_capacity(n * (n - 1) / 2);
    for (i, a) in x.iter().enumerate() {
        d.extend(x[i + 1..].iter().map(|b| (a - b).abs()));
    }
    d.sort_by(f64::total_cmp);
    let h = n / 2 + 1;
    let small = [0.0, 0.0, 0.399, 0.994, 0.512, 0.844, 0.611, 0.857, 0.669, 0.872];
    let m = n as f64;
    let factor = match n {
        0..=9 => small[n],
        _ if n % 2 == 1 => m / (m + 1.4),
        _ => m / (m + 3.8),
    };
    2.2219 * d[h * (h - 1) / 2 - 1] * factor
}

/// Standard deviation of the values left when the lowest and the highest are dropped,
/// scaled to the standard deviation of normal data (factor by the expected variance of the
/// middle n − 2 of n normal draws, approximated by 1 / (1 − 2.5 / n) — see the docs).
pub fn trimmed_sd(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 5 {
        return 0.0;
    }
    let mut v = x.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = &v[1..n - 1];
    let m = mid.iter().sum::<f64>() / mid.len() as f64;
    let var = mid.iter().map(|y| (y - m) * (y - m)).sum::<f64>() / (mid.len() - 1) as f64;
    (var * trim_factor(n)).sqrt()
}

/// E[variance of a normal sample of n] ÷ E[sample variance of its middle n − 2], computed
/// once per n by simulation with a fixed seed (so it is exact up to the simulation's error,
/// not a fitted constant).
fn trim_factor(n: usize) -> f64 {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rng = super::Rng::derive(7, 0x7121, 0);
        (0..=SWING_WEEKS)
            .map(|n| {
                if n < 5 {
                    return 1.0;
                }
                let mut total = 0.0;
                let draws = 20_000;
                for _ in 0..draws {
                    let mut v: Vec<f64> = (0..n)
                        .map(|_| {
                            let u1 = rng.f64().max(1e-12);
                            let u2 = rng.f64();
                            (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
                        })
                        .collect();
                    v.sort_by(f64::total_cmp);
                    let mid = &v[1..n - 1];
                    let m = mid.iter().sum::<f64>() / mid.len() as f64;
                    total += mid.iter().map(|y| (y - m) * (y - m)).sum::<f64>()
                        / (mid.len() - 1) as f64;
                }
                draws as f64 / total
            })
            .collect()
    })[n.min(SWING_WEEKS)]
}

/// Differences between adjacent values (week-to-week changes).
fn steps(x: &[f64]) -> Vec<f64> {
    x.windows(2).map(|w| w[0] - w[1]).collect()
}

/// Plain standard deviation (efficient, not robust: one holiday week moves it).
fn sd(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    (x.iter().map(|y| (y - m) * (y - m)).sum::<f64>() / (n - 1.0)).sqrt()
}

/// One-sided upper quantile of Student's t at `df` degrees of freedom for the normal
/// quantile `z` (Cornish–Fisher expansion, Abramowitz & Stegun 26.7.5; within about 1 % for
/// df ≥ 3 at z = 2).
pub fn t_quantile(z: f64, df: f64) -> f64 {
    let (z2, v) = (z * z, df);
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
}

/// The detectors measured, by name.
pub const DETECTORS: [&str; 25] = [
    "MAD over 16 weeks (the engine's rule, re-computed)",
    "oracle: planned spread, no level test",
    "oracle: planned spread + level test",
    "t critical value, MAD (df 0.37(n−1))",
    "Qn spread",
    "Qn spread + t (df 0.82(n−1))",
    "trimmed SD (drop 1 each side)",
    "plain SD",
    "usual level with its own SE (no month-before swing test)",
    "usual level with its own SE + month-before swing test",
    "usual level with its own SE, Qn",
    "oracle spread on the engine's scale (ln(1 + weekly), counting floor) + level test",
    "oracle + level test, 1.5 SE",
    "oracle + level test, 1.75 SE",
    "oracle + level test, 2.25 SE",
    "oracle + level test, 2.5 SE",
    "engine, 1.75 SE",
    "engine, 2.25 SE",
    "MAD with its small-sample correction n/(n − 0.8)",
    "MAD over up to 24 weeks",
    "Qn over up to 24 weeks",
    "Qn over up to 24 weeks, level over 24 weeks",
    "Qn over up to 24 weeks (MAD where Qn is 0), level over 24 weeks",
    "Qn over up to 24 weeks (MAD where a swing week is empty), level over 24 weeks",
    "Qn of week-to-week differences ÷ √2 over up to 24 weeks (MAD where a swing week is empty), level over 24 weeks",
];

/// The detector that re-computes the engine's rule (checked against its flags).
pub const ENGINE: usize = 0;

/// Whether each detector fires on this account.
pub fn detect(f: &Facts) -> [bool; DETECTORS.len()] {
    let logs = f.logs();
    let n = logs.len() as f64;
    let mad = f.mad();
    let q = qn(&logs);
    // the same one-sided tail as 2 standard errors under a normal
    let t_mad = t_quantile(MULTIPLE, (0.37 * (n - 1.0)).max(1.0));
    let t_qn = t_quantile(MULTIPLE, (0.82 * (n - 1.0)).max(1.0));
    let oracle = |level: bool, multiple: f64| {
        f.gate()
            && (f.previous / f.recent.max(1e-9)).ln() >= multiple * f.planned
            && (!level || f.swing.len() < MIN_SWING_WEEKS || f.below_usual())
    };
    // the recent window against the account's usual level: the average swing week, with the
    // standard error of that comparison, √(1/4 + 1/n) × the weekly spread (never below
    // what counting gives for totals that size)
    let usual = |weekly: f64, with_previous: bool| {
        if !f.gate() {
            return false;
        }
        if f.swing.len() < MIN_SWING_WEEKS {
            return true;
        }
        let avg = f.average();
        let fall = (avg.ln_1p() - (f.recent / SPAN).ln_1p()).max(0.0);
        let counting = ((1.0 / SPAN + 1.0 / n) / avg.max(f64::MIN_POSITIVE)).sqrt();
        let se = (weekly * (1.0 / SPAN + 1.0 / n).sqrt()).max(counting);
        fall >= MULTIPLE * se
            && f.below_usual()
            && (!with_previous || f.swing_rule(weekly, MULTIPLE, false))
    };
    let long: Vec<f64> = f.long.iter().map(|v| v.ln_1p()).collect();
    let long_mad = robust_spread(&mut long.clone()).unwrap_or(0.0);
    [
        f.swing_rule(mad, MULTIPLE, true),
        oracle(false, MULTIPLE),
        oracle(true, MULTIPLE),
        f.swing_rule(mad, t_mad, true),
        f.swing_rule(q, MULTIPLE, true),
        f.swing_rule(q, t_qn, true),
        f.swing_rule(trimmed_sd(&logs), MULTIPLE, true),
        f.swing_rule(if logs.len() > 1 { sd(&logs) } else { 0.0 }, MULTIPLE, true),
        usual(mad, false),
        usual(mad, true),
        usual(q, false),
        // the engine's rule with the planned spread put on its weekly scale (planned log
        // ratio spread ÷ √(2/4)), the level test kept: the oracle in the engine's terms
        f.swing_rule(f.planned / (2.0 / SPAN).sqrt(), MULTIPLE, true),
        oracle(true, 1.5),
        oracle(true, 1.75),
        oracle(true, 2.25),
        oracle(true, 2.5),
        f.swing_rule(mad, 1.75, true),
        f.swing_rule(mad, 2.25, true),
        f.swing_rule(mad * n / (n - 0.8).max(1.0), MULTIPLE, true),
        f.swing_rule(long_mad, MULTIPLE, true),
        f.swing_rule(qn(&long), MULTIPLE, true),
        Facts { swing: f.long.clone(), long: Vec::new(), ..*f }.swing_rule(qn(&long), MULTIPLE, true),
        Facts { swing: f.long.clone(), long: Vec::new(), ..*f }.swing_rule(
            if qn(&long) > 0.0 { qn(&long) } else { long_mad },
            MULTIPLE,
            true,
        ),
        Facts { swing: f.long.clone(), long: Vec::new(), ..*f }.swing_rule(
            if f.long.iter().any(|&v| v <= 0.0) { long_mad } else { qn(&long) },
            MULTIPLE,
            true,
        ),
        Facts { swing: f.long.clone(), long: Vec::new(), ..*f }.swing_rule(
            if f.long.iter().any(|&v| v <= 0.0) { long_mad } else { qn(&steps(&long)) / 2f64.sqrt() },
            MULTIPLE,
            true,
        ),
    ]
}

/// Median over accounts of the engine's estimated 28-day log-ratio spread ÷ the planned one,
/// and the spread of that ratio (how noisy the estimate is): (median, robust spread of the
/// log ratio).
pub fn estimate_quality(pairs: &mut [(f64, f64)]) -> (f64, f64) {
    let mut logs: Vec<f64> = pairs
        .iter()
        .filter(|(e, p)| *e > 0.0 && *p > 0.0)
        .map(|(e, p)| (e / p).ln())
        .collect();
    let mid = median(&mut logs.clone()).unwrap_or(0.0);
    (mid.exp(), robust_spread(&mut logs).unwrap_or(0.0))
}

/// The spread estimates compared with the planned one (names and values): the estimated
/// spread of the 28-day log ratio (weekly spread × √(2/4), before the counting floor).
pub const ESTIMATORS: [&str; 6] = ["MAD, 16 weeks (engine)", "Qn, 16 weeks", "MAD, 24 weeks", "Qn, 24 weeks", "trimmed SD, 16 weeks", "SD, 16 weeks"];

pub fn estimated(f: &Facts) -> [f64; 6] {
    let logs = f.logs();
    let long: Vec<f64> = f.long.iter().map(|v| v.ln_1p()).collect();
    [
        f.mad(),
        qn(&logs),
        robust_spread(&mut long.clone()).unwrap_or(0.0),
        qn(&long),
        trimmed_sd(&logs),
        sd(&logs),
    ]
    .map(|w| w * (2.0 / SPAN).sqrt())
}

/// Counts per detector.
#[derive(Default, Clone, Copy)]
pub struct Score {
    pub tp: u32,
    pub fp: u32,
    pub fn_: u32,
    pub tn: u32,
}

impl Score {
    pub fn add(&mut self, truth: Truth, fired: bool) {
        match (truth, fired) {
            (Truth::Visible, true) => self.tp += 1,
            (Truth::Visible, false) => self.fn_ += 1,
            (Truth::Absent, true) => self.fp += 1,
            (Truth::Absent, false) => self.tn += 1,
            (Truth::Faint, _) => {}
        }
    }
    pub fn row(&self, name: &str) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        format!(
            "| {name} | {} | {} | {} | {} | {p:.3} | {r:.3} |",
            self.tp, self.fp, self.fn_, self.tn
        )
    }
}
