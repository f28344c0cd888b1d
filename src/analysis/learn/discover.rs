//! Measures discovered from the data: for every candidate column, churn by decile (numbers)
//! or by category, with its out-of-fold AUC, direction and coverage — the cohort view — and
//! a verdict: usable, a probable leak, an identifier, a near-duplicate of a stronger
//! candidate, too sparse, or constant.

use serde::Serialize;

use super::folds;
use super::shape::{equal_count_bins, Column, Shape};
use crate::analysis::backtest::stats;

/// A column predicting churn at least this well (AUC) is taken for a leak.
pub const LEAK_AUC: f64 = 0.97;
/// Candidates present on fewer accounts than this share are not learned from.
pub const MIN_COVERAGE: f64 = 0.05;
/// Two numeric candidates with |Spearman ρ| at least this are near-duplicates.
pub const DUPLICATE_RHO: f64 = 0.95;
/// Words in a header that say the column records the outcome itself.
const OUTCOME_WORDS: [&str; 9] = [
    "churn",
    "cancel",
    "terminat",
    "attrition",
    "exited",
    "deactivat",
    "closedate",
    "closedon",
    "lostreason",
];
/// Words in a status column's categories that are outcomes.
const OUTCOME_VALUES: [&str; 8] = [
    "cancel", "churn", "terminat", "closed", "inactive", "lost", "former", "exited",
];

pub use crate::domain::measure::ValueKind;

/// A column that could become a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Measure id (snake_case).
    pub id: String,
    /// Header as written (or the built-in measure's label).
    pub header: String,
    /// File the column came from (for evidence), if any.
    pub file: Option<String>,
    pub value: ValueKind,
    pub column: Column,
    /// A measure of the current model (not a column).
    pub builtin: bool,
}

/// Whether a candidate is learned from, and why not.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum Verdict {
    Usable,
    /// Probably records the outcome; left out unless the user insists.
    Leak(String),
    Identifier(String),
    /// A near-duplicate of the named stronger candidate.
    Duplicate(String),
    TooSparse(String),
    Constant(String),
}

impl Verdict {
    /// Why the candidate is left out, in words (`None` when usable).
    pub fn reason(&self) -> Option<String> {
        match self {
            Verdict::Usable => None,
            Verdict::Leak(r) => Some(format!("probable leak: {r}")),
            Verdict::Identifier(r)
            | Verdict::Duplicate(r)
            | Verdict::TooSparse(r)
            | Verdict::Constant(r) => Some(r.clone()),
        }
    }
}

/// One row of a churn table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    /// "12–24" for a numeric bin, the category, or "(missing)".
    pub label: String,
    pub accounts: u32,
    pub churned: u32,
    pub churn_rate: f64,
}

/// The cohort view of one candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discovery {
    pub id: String,
    pub header: String,
    pub file: Option<String>,
    pub value: ValueKind,
    pub builtin: bool,
    /// Share of labelled accounts with a value.
    pub coverage: f64,
    /// Out-of-fold AUC of the candidate alone (its learned shape; 0.5 = no signal).
    pub auc: Option<f64>,
    /// "higher is riskier", "higher is healthier", "by category" or "no clear direction".
    pub direction: String,
    pub table: Vec<TableRow>,
    pub verdict: Verdict,
}

fn normal(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn row(label: String, items: &[bool]) -> TableRow {
    let churned = items.iter().filter(|&&c| c).count();
    TableRow {
        label,
        accounts: items.len() as u32,
        churned: churned as u32,
        churn_rate: churned as f64 / items.len().max(1) as f64,
    }
}

fn short(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// Churn by decile or category (and the missing cells) over `rows`.
pub fn table(column: &Column, y: &[bool], rows: &[usize]) -> Vec<TableRow> {
    let missing: Vec<bool> = rows
        .iter()
        .filter(|&&i| !column.present(i))
        .map(|&i| y[i])
        .collect();
    let mut out = match column {
        Column::Number(v) => {
            let mut pairs: Vec<(f64, bool)> = rows
                .iter()
                .filter_map(|&i| v[i].map(|x| (x, y[i])))
                .collect();
            crate::sort::sort_by(&mut pairs, |a, b| a.0.total_cmp(&b.0));
            equal_count_bins(&pairs, |p| p.0, 10)
                .into_iter()
                .map(|(s, e)| {
                    let (lo, hi) = (pairs[s].0, pairs[e - 1].0);
                    let label = if lo == hi {
                        short(lo)
                    } else {
                        format!("{}–{}", short(lo), short(hi))
                    };
                    row(label, &pairs[s..e].iter().map(|p| p.1).collect::<Vec<_>>())
                })
                .collect()
        }
        Column::Category { codes, names } => {
            let mut rows_out: Vec<TableRow> = names
                .iter()
                .enumerate()
                .map(|(c, name)| {
                    let items: Vec<bool> = rows
                        .iter()
                        .filter(|&&i| codes[i] == Some(c as u32))
                        .map(|&i| y[i])
                        .collect();
                    row(name.clone(), &items)
                })
                .filter(|r| r.accounts > 0)
                .collect();
            crate::sort::sort_by(&mut rows_out, |a, b| b.accounts.cmp(&a.accounts));
            rows_out
        }
    };
    if !missing.is_empty() {
        out.push(row("(missing)".into(), &missing));
    }
    out
}

/// Out-of-fold AUC of the candidate's own shape over its present rows.
fn shape_auc(column: &Column, y: &[bool], rows: &[usize], seed: u64) -> Option<f64> {
    let present: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&i| column.present(i))
        .collect();
    let ys: Vec<bool> = present.iter().map(|&i| y[i]).collect();
    let k = 5;
    let fold = folds::stratified(&ys, k, seed);
    let mut items = Vec::with_capacity(present.len());
    for f in 0..k {
        let train: Vec<usize> = (0..present.len())
            .filter(|&p| fold[p] != f)
            .map(|p| present[p])
            .collect();
        let shape = Shape::fit(column, y, &train);
        for p in (0..present.len()).filter(|&p| fold[p] == f) {
            let v = shape
                .as_ref()
                .and_then(|s| s.eval(column, present[p]))
                .unwrap_or(0.0);
            items.push((v, ys[p]));
        }
    }
    stats::auc(&items)
}

fn raw_direction(column: &Column, y: &[bool], rows: &[usize]) -> String {
    match column {
        Column::Category { .. } => "by category".into(),
        Column::Number(v) => {
            let items: Vec<(f64, bool)> = rows
                .iter()
                .filter_map(|&i| v[i].map(|x| (x, y[i])))
                .collect();
            match stats::auc(&items) {
                Some(a) if a >= 0.53 => "higher is riskier".into(),
                Some(a) if a <= 0.47 => "higher is healthier".into(),
                _ => "no clear direction".into(),
            }
        }
    }
}

fn outcome_name(header: &str) -> bool {
    let h = normal(header);
    OUTCOME_WORDS.iter().any(|w| h.contains(w))
}

fn outcome_values(column: &Column) -> Option<String> {
    let Column::Category { names, .. } = column else {
        return None;
    };
    names
        .iter()
        .find(|n| OUTCOME_VALUES.iter().any(|w| normal(n).contains(w)))
        .cloned()
}

/// Spearman rank correlation over rows where both are present (up to 5,000 rows).
fn spearman(a: &[Option<f64>], b: &[Option<f64>], rows: &[usize]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = rows
        .iter()
        .filter_map(|&i| Some((a[i]?, b[i]?)))
        .take(5000)
        .collect();
    if pairs.len() < 10 {
        return None;
    }
    let ranks = |key: &dyn Fn(&(f64, f64)) -> f64| -> Vec<f64> {
        let mut order: Vec<usize> = (0..pairs.len()).collect();
        crate::sort::sort_by(&mut order, |&x, &y| {
            key(&pairs[x]).total_cmp(&key(&pairs[y]))
        });
        let mut r = vec![0.0; pairs.len()];
        let mut s = 0;
        while s < order.len() {
            let mut e = s + 1;
            while e < order.len() && key(&pairs[order[e]]) == key(&pairs[order[s]]) {
                e += 1;
            }
            for &o in &order[s..e] {
                r[o] = (s + e - 1) as f64 / 2.0;
            }
            s = e;
        }
        r
    };
    let (ra, rb) = (ranks(&|p| p.0), ranks(&|p| p.1));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    (va > 0.0 && vb > 0.0).then(|| cov / (va * vb).sqrt())
}

/// The cohort view of every candidate over the labelled `rows`, with verdicts.
pub fn discover(candidates: &[Candidate], y: &[bool], rows: &[usize], seed: u64) -> Vec<Discovery> {
    let n = rows.len().max(1) as f64;
    let mut out: Vec<Discovery> = candidates
        .iter()
        .map(|c| {
            let present = rows.iter().filter(|&&i| c.column.present(i)).count();
            let coverage = present as f64 / n;
            let auc = shape_auc(&c.column, y, rows, seed);
            let missing_auc = {
                let items: Vec<(f64, bool)> = rows.iter().map(|&i| ((!c.column.present(i)) as u8 as f64, y[i])).collect();
                stats::auc(&items).map(|a| a.max(1.0 - a))
            };
            let distinct = match &c.column {
                Column::Category { codes, names } => {
                    let mut seen = vec![false; names.len()];
                    rows.iter().filter_map(|&i| codes[i]).for_each(|c| seen[c as usize] = true);
                    seen.iter().filter(|&&s| s).count()
                }
                Column::Number(_) => 0,
            };
            let verdict = if present == 0 {
                Verdict::TooSparse("no values".into())
            } else if !c.builtin && outcome_name(&c.header) {
                Verdict::Leak(format!("its name ('{}') says it records the outcome", c.header))
            } else if let Some(v) = outcome_values(&c.column).filter(|_| normal(&c.header).contains("status")) {
                Verdict::Leak(format!("a status with the outcome among its values ('{v}')"))
            } else if auc.is_some_and(|a| a > LEAK_AUC) {
                Verdict::Leak(format!("predicts churn almost perfectly (AUC {:.3})", auc.unwrap_or(0.0)))
            } else if missing_auc.is_some_and(|a| a > LEAK_AUC) {
                Verdict::Leak("filled in (or blank) almost exactly for the churned accounts".into())
            } else if distinct > 50 && distinct as f64 >= 0.5 * present as f64 {
                Verdict::Identifier(format!("{distinct} different values among {present} accounts: an identifier or free text"))
            } else if coverage < MIN_COVERAGE {
                Verdict::TooSparse(format!("present on {:.1}% of the accounts", coverage * 100.0))
            } else if Shape::fit(&c.column, y, rows).is_none() {
                Verdict::Constant("the same value (or too few rows) for every account".into())
            } else {
                Verdict::Usable
            };
            Discovery {
                id: c.id.clone(),
                header: c.header.clone(),
                file: c.file.clone(),
                value: c.value,
                builtin: c.builtin,
                coverage,
                auc,
                direction: raw_direction(&c.column, y, rows),
                table: {
                    let mut t = table(&c.column, y, rows);
                    if c.value == ValueKind::YesNo {
                        for r in &mut t {
                            r.label = match r.label.as_str() {
                                "0" => "no".into(),
                                "1" => "yes".into(),
                                "0–1" => "no–yes".into(),
                                other => other.into(),
                            };
                        }
                    }
                    t
                },
                verdict,
            }
        })
        .collect();
    // Near-duplicates: keep the stronger of each highly correlated numeric pair.
    let strength = |d: &Discovery| d.auc.unwrap_or(0.5) + d.coverage * 1e-3;
    let mut order: Vec<usize> = (0..out.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        strength(&out[b]).total_cmp(&strength(&out[a]))
    });
    for (pos, &j) in order.iter().enumerate() {
        if out[j].verdict != Verdict::Usable {
            continue;
        }
        let Column::Number(vj) = &candidates[j].column else {
            continue;
        };
        for &i in &order[..pos] {
            if out[i].verdict != Verdict::Usable {
                continue;
            }
            let Column::Number(vi) = &candidates[i].column else {
                continue;
            };
            if let Some(rho) = spearman(vi, vj, rows).filter(|r| r.abs() >= DUPLICATE_RHO) {
                out[j].verdict = Verdict::Duplicate(format!(
                    "moves with '{}' (Spearman ρ {rho:.2}), which predicts churn better",
                    out[i].header
                ));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(header: &str, column: Column) -> Candidate {
        Candidate {
            id: normal(header),
            header: header.into(),
            file: None,
            value: ValueKind::Number,
            column,
            builtin: false,
        }
    }

    #[test]
    fn leaks_duplicates_identifiers_and_sparse_columns_are_named() {
        let n = 600;
        let y: Vec<bool> = (0..n).map(|i| (i * 7919) % 10 < 3).collect();
        let signal: Vec<Option<f64>> = (0..n)
            .map(|i| Some(((i * 31) % 97) as f64 + if y[i] { 40.0 } else { 0.0 }))
            .collect();
        let twice: Vec<Option<f64>> = signal.iter().map(|v| v.map(|x| 2.0 * x + 1.0)).collect();
        let cats = |f: &dyn Fn(usize) -> String| {
            Column::categories(&(0..n).map(|i| Some(f(i))).collect::<Vec<_>>())
        };
        let cands = vec![
            candidate("Usage Hours", Column::Number(signal)),
            candidate("Usage Minutes", Column::Number(twice)),
            candidate(
                "Account Status",
                cats(&|i| {
                    if y[i] {
                        "Cancelled".into()
                    } else {
                        "Active".into()
                    }
                }),
            ),
            candidate(
                "Cancel Reason",
                cats(&|i| ["Price", "Service"][i % 2].into()),
            ),
            candidate("Email", cats(&|i| format!("user{i}@example.com"))),
            candidate(
                "Rare",
                Column::Number((0..n).map(|i| (i < 10).then_some(i as f64)).collect()),
            ),
            candidate("Flat", Column::Number(vec![Some(1.0); n])),
        ];
        let rows: Vec<usize> = (0..n).collect();
        let d = discover(&cands, &y, &rows, 1);
        assert_eq!(d[0].verdict, Verdict::Usable, "{:?}", d[0]);
        assert_eq!(d[0].direction, "higher is riskier");
        assert!(
            matches!(d[1].verdict, Verdict::Duplicate(_)),
            "{:?}",
            d[1].verdict
        );
        assert!(matches!(d[2].verdict, Verdict::Leak(_)));
        assert!(matches!(d[3].verdict, Verdict::Leak(_)));
        assert!(matches!(d[4].verdict, Verdict::Identifier(_)));
        assert!(
            matches!(d[5].verdict, Verdict::TooSparse(_)),
            "{:?}",
            d[5].verdict
        );
        assert!(matches!(d[6].verdict, Verdict::Constant(_)));
        // Tables account for every labelled row, missing ones included.
        for disc in &d {
            assert_eq!(
                disc.table
                    .iter()
                    .map(|r| r.accounts as usize)
                    .sum::<usize>(),
                n,
                "{}",
                disc.header
            );
        }
    }
}
