//! A measure's learned shape: how its raw value moves the log-odds of churn, fitted from
//! training rows only.
//!
//! - Numbers (yes/no as 0/1, dates as days since): the rows are cut into up to ten bins of
//!   about equal size (equal values never split), each bin's churn rate is shrunk towards
//!   the base rate by [`PRIOR_ROWS`] pseudo-accounts, and the shape is the piecewise-linear
//!   line through (bin median, log-odds of the bin − log-odds of the base rate), flat beyond
//!   the first and last bin. The bin rates are made monotone first (pool-adjacent-violators,
//!   rising or falling, whichever fits better): the health model's thresholds only rise or
//!   only fall, so a measure has one direction, learned from the data, never assumed. Rising,
//!   falling and threshold effects fit exactly; a U-shape gets its stronger side.
//! - Categories: one log-odds per category seen on at least [`MIN_LEVEL_ROWS`] training
//!   rows; rarer and unseen categories share the "other" value (their pooled rate, or the
//!   base rate when there were none).
//!
//! Because the health model's thresholds interpolate linearly between points, a shape maps
//! 1:1 to a normalisation: score = 100 × (highest − value) ÷ (highest − lowest).

use serde::Serialize;

/// Pseudo-accounts at the base rate added to every bin or category (shrinkage).
pub const PRIOR_ROWS: f64 = 10.0;
/// Bins hold at least this many training rows (fewer rows, fewer bins).
pub const MIN_BIN_ROWS: usize = 25;
/// Most bins per numeric measure.
pub const MAX_BINS: usize = 10;
/// A category needs this many training rows to get a value of its own.
pub const MIN_LEVEL_ROWS: usize = 10;

/// The values of one candidate, one entry per row (account).
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    Number(Vec<Option<f64>>),
    /// Category codes into `names` (matched case-insensitively after trimming).
    Category {
        codes: Vec<Option<u32>>,
        names: Vec<String>,
    },
}

impl Column {
    /// Interns category texts: codes by trimmed lower-case text, names as first written.
    pub fn categories(cells: &[Option<String>]) -> Column {
        let mut keys: Vec<String> = Vec::new();
        let mut names = Vec::new();
        let codes = cells
            .iter()
            .map(|c| {
                let text = c.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
                let key = text.to_lowercase();
                Some(match keys.iter().position(|k| *k == key) {
                    Some(i) => i as u32,
                    None => {
                        keys.push(key);
                        names.push(text.to_string());
                        (names.len() - 1) as u32
                    }
                })
            })
            .collect();
        Column::Category { codes, names }
    }

    pub fn len(&self) -> usize {
        match self {
            Column::Number(v) => v.len(),
            Column::Category { codes, .. } => codes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn present(&self, row: usize) -> bool {
        match self {
            Column::Number(v) => v[row].is_some(),
            Column::Category { codes, .. } => codes[row].is_some(),
        }
    }
}

/// A learned shape (values are log-odds of churn relative to the base rate; higher = riskier).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    /// `[raw, log-odds]`, ascending raw.
    Points { points: Vec<[f64; 2]> },
    /// Per category code (`None`: pooled into `other`).
    Categories {
        values: Vec<Option<f64>>,
        names: Vec<String>,
        other: f64,
    },
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// Shrunk log-odds of `churned` out of `rows` relative to the base rate.
fn shrunk(churned: f64, rows: f64, base: f64) -> f64 {
    logit((churned + PRIOR_ROWS * base) / (rows + PRIOR_ROWS)) - logit(base)
}

impl Shape {
    /// Fits a shape on `rows` of `column` (`None` when it cannot vary: too few rows or a
    /// single value/category).
    pub fn fit(column: &Column, y: &[bool], rows: &[usize]) -> Option<Shape> {
        let n = rows.len() as f64;
        let churned = rows.iter().filter(|&&i| y[i]).count() as f64;
        if n == 0.0 {
            return None;
        }
        let base = ((churned + 0.5) / (n + 1.0)).clamp(1e-4, 1.0 - 1e-4);
        match column {
            Column::Number(values) => fit_numeric(values, y, rows, base),
            Column::Category { codes, names } => fit_categories(codes, names, y, rows, base),
        }
    }

    /// The shape's value for `row`, `None` when the cell is missing.
    pub fn eval(&self, column: &Column, row: usize) -> Option<f64> {
        match (self, column) {
            (Shape::Points { points }, Column::Number(v)) => {
                v[row].map(|x| crate::scoring::normalize::thresholds(points, x))
            }
            (Shape::Categories { values, other, .. }, Column::Category { codes, .. }) => {
                codes[row].map(|c| values.get(c as usize).copied().flatten().unwrap_or(*other))
            }
            _ => None,
        }
    }

    /// (lowest, highest) value the shape takes.
    pub fn range(&self) -> (f64, f64) {
        let values: Vec<f64> = match self {
            Shape::Points { points } => points.iter().map(|p| p[1]).collect(),
            Shape::Categories { values, other, .. } => {
                values.iter().flatten().copied().chain([*other]).collect()
            }
        };
        values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            })
    }
}

fn fit_numeric(values: &[Option<f64>], y: &[bool], rows: &[usize], base: f64) -> Option<Shape> {
    let mut pairs: Vec<(f64, bool)> = rows
        .iter()
        .filter_map(|&i| values[i].filter(|v| v.is_finite()).map(|v| (v, y[i])))
        .collect();
    crate::sort::sort_by(&mut pairs, |a, b| a.0.total_cmp(&b.0));
    let n = pairs.len();
    if n < 4 || pairs.first()?.0 == pairs.last()?.0 {
        return None;
    }
    let ranges = equal_count_bins(&pairs, |p| p.0, MAX_BINS);
    let bins: Vec<(f64, f64)> = ranges
        .iter()
        .map(|&(s, e)| {
            (
                (e - s) as f64,
                pairs[s..e].iter().filter(|p| p.1).count() as f64,
            )
        })
        .collect();
    let (rates, rising) = monotone_rates(&bins);
    let mut points: Vec<[f64; 2]> = ranges
        .iter()
        .zip(&rates)
        .map(|(&(s, e), &(rows, churned))| {
            let median = pairs[s + (e - s - 1) / 2].0;
            [median, shrunk(churned, rows, base)]
        })
        .collect();
    // Shrinking blocks of different sizes can nudge a neighbour past another: keep the order.
    for i in 1..points.len() {
        let before = points[i - 1][1];
        let v = &mut points[i][1];
        *v = if rising { v.max(before) } else { v.min(before) };
    }
    Some(Shape::Points { points })
}

/// Pool-adjacent-violators over bins `(rows, churned)` in the direction that fits better
/// (smaller weighted squared error of the churn rates): per bin, the (rows, churned) of the
/// pooled block it falls in, so the rates only rise or only fall; and whether they rise.
fn monotone_rates(bins: &[(f64, f64)]) -> (Vec<(f64, f64)>, bool) {
    let pava = |rising: bool| -> Vec<(f64, f64)> {
        // Blocks of (rows, churned, bins in block).
        let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
        for &(n, c) in bins {
            blocks.push((n, c, 1));
            while blocks.len() > 1 {
                let (a, b) = (blocks[blocks.len() - 2], blocks[blocks.len() - 1]);
                let (ra, rb) = (a.1 / a.0.max(1e-9), b.1 / b.0.max(1e-9));
                if (rising && ra > rb) || (!rising && ra < rb) {
                    blocks.pop();
                    let last = blocks.last_mut().expect("two blocks");
                    *last = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
                } else {
                    break;
                }
            }
        }
        blocks
            .iter()
            .flat_map(|&(n, c, k)| std::iter::repeat((n, c)).take(k))
            .collect()
    };
    let error = |fitted: &[(f64, f64)]| -> f64 {
        bins.iter()
            .zip(fitted)
            .map(|(&(n, c), &(pn, pc))| n * (c / n.max(1e-9) - pc / pn.max(1e-9)).powi(2))
            .sum()
    };
    let (up, down) = (pava(true), pava(false));
    if error(&up) <= error(&down) {
        (up, true)
    } else {
        (down, false)
    }
}

/// Splits items sorted by `key` into up to `max_bins` ranges of about equal size (at least
/// [`MIN_BIN_ROWS`] each when there are enough items), never splitting equal keys, and at
/// least two ranges when the keys are not all equal.
pub fn equal_count_bins<T>(
    sorted: &[T],
    key: impl Fn(&T) -> f64,
    max_bins: usize,
) -> Vec<(usize, usize)> {
    let n = sorted.len();
    if n == 0 {
        return Vec::new();
    }
    let bins = (n / MIN_BIN_ROWS).clamp(2, max_bins.max(2));
    let target = n as f64 / bins as f64;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < n {
        let mut j = i + 1;
        while j < n && key(&sorted[j]) == key(&sorted[i]) {
            j += 1;
        }
        if (j - start) as f64 >= target * 0.999 {
            ranges.push((start, j));
            start = j;
        }
        i = j;
    }
    if start < n {
        match ranges.last_mut() {
            Some(last) if ((n - start) as f64) < target / 2.0 => last.1 = n,
            _ => ranges.push((start, n)),
        }
    }
    if ranges.len() < 2 {
        // One value holds most rows: the first value against the rest.
        let first = key(&sorted[0]);
        let a = sorted.iter().position(|t| key(t) != first).unwrap_or(n);
        ranges = if a < n {
            vec![(0, a), (a, n)]
        } else {
            vec![(0, n)]
        };
    }
    ranges
}

fn fit_categories(
    codes: &[Option<u32>],
    names: &[String],
    y: &[bool],
    rows: &[usize],
    base: f64,
) -> Option<Shape> {
    let mut counts = vec![(0.0f64, 0.0f64); names.len()];
    for &i in rows {
        if let Some(c) = codes[i] {
            counts[c as usize].0 += 1.0;
            counts[c as usize].1 += y[i] as u8 as f64;
        }
    }
    let own = |c: &(f64, f64)| c.0 >= MIN_LEVEL_ROWS as f64;
    let pooled = counts
        .iter()
        .filter(|c| !own(c))
        .fold((0.0, 0.0), |a, c| (a.0 + c.0, a.1 + c.1));
    let values: Vec<Option<f64>> = counts
        .iter()
        .map(|c| own(c).then(|| shrunk(c.1, c.0, base)))
        .collect();
    let levels = values.iter().flatten().count() + usize::from(pooled.0 > 0.0);
    if levels < 2 {
        return None;
    }
    let other = if pooled.0 > 0.0 {
        shrunk(pooled.1, pooled.0, base)
    } else {
        0.0
    };
    Some(Shape::Categories {
        values,
        names: names.to_vec(),
        other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rising_risk_gives_rising_points_and_categories_their_own_values() {
        let x: Vec<Option<f64>> = (0..1000).map(|i| Some((i % 100) as f64)).collect();
        let y: Vec<bool> = (0..1000).map(|i| (i % 100) > 60 || i % 10 == 0).collect();
        let rows: Vec<usize> = (0..1000).collect();
        let Some(Shape::Points { points }) = Shape::fit(&Column::Number(x.clone()), &y, &rows)
        else {
            panic!("no shape")
        };
        assert_eq!(points.len(), 10);
        assert!(points.windows(2).all(|w| w[0][0] < w[1][0]));
        assert!(points.last().unwrap()[1] > points[0][1] + 2.0, "{points:?}");

        let cells: Vec<Option<String>> = (0..1000)
            .map(|i| Some(if i % 3 == 0 { " Monthly" } else { "annual " }.to_string()))
            .collect();
        let col = Column::categories(&cells);
        let y: Vec<bool> = (0..1000).map(|i| i % 3 == 0 && i % 2 == 0).collect();
        let shape = Shape::fit(&col, &y, &rows).unwrap();
        let monthly = shape.eval(&col, 0).unwrap();
        let annual = shape.eval(&col, 1).unwrap();
        assert!(monthly > 1.0 && annual < -1.0, "{monthly} {annual}");
    }

    #[test]
    fn numeric_shapes_only_rise_or_only_fall_even_for_a_u_shape() {
        // Churn high at both ends, higher at the top end: the shape keeps the rising side.
        let x: Vec<Option<f64>> = (0..2000).map(|i| Some((i % 100) as f64)).collect();
        let y: Vec<bool> = (0..2000)
            .map(|i| {
                let v = i % 100;
                (v < 15 && i % 3 == 0) || (v > 80 && i % 2 == 0) || i % 17 == 0
            })
            .collect();
        let rows: Vec<usize> = (0..2000).collect();
        let Some(Shape::Points { points }) = Shape::fit(&Column::Number(x), &y, &rows) else {
            panic!("no shape")
        };
        assert!(points.windows(2).all(|w| w[1][1] >= w[0][1]), "{points:?}");
        assert!(points.last().unwrap()[1] > points[0][1]);
    }

    #[test]
    fn a_constant_or_tiny_column_has_no_shape() {
        let rows: Vec<usize> = (0..100).collect();
        let y: Vec<bool> = (0..100).map(|i| i % 2 == 0).collect();
        assert_eq!(
            Shape::fit(&Column::Number(vec![Some(3.0); 100]), &y, &rows),
            None
        );
        assert_eq!(
            Shape::fit(&Column::Number(vec![None; 100]), &y, &rows),
            None
        );
        let mostly = (0..100)
            .map(|i| Some(if i == 5 { 1.0 } else { 0.0 }))
            .collect();
        assert!(Shape::fit(&Column::Number(mostly), &y, &rows).is_some());
    }
}
