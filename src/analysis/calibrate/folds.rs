//! Time-ordered folds: cut-offs spaced one horizon apart, ending one horizon before the
//! data's end. Fold *j* evaluates at cut-off *j* with a model trained only on earlier
//! cut-offs whose outcome windows have closed by then — never on the same period.

use crate::dataset::Day;

/// One evaluation fold.
#[derive(Debug, Clone, PartialEq)]
pub struct Fold {
    /// Training cut-offs (ascending); each one's outcome window ends on or before `eval`.
    pub train: Vec<Day>,
    /// The evaluation cut-off.
    pub eval: Day,
}

/// `count` cut-offs, ascending, the last at `end − horizon`, spaced `horizon` days apart.
pub fn cutoffs(end: Day, horizon: u32, count: usize) -> Vec<Day> {
    let h = horizon as i32;
    (1..=count as i32).rev().map(|k| end - k * h).collect()
}

/// Expanding-window folds over ascending `cutoffs`: for every cut-off but the first, train
/// on all earlier cut-offs `c` with `c + horizon ≤ eval`.
pub fn folds(cutoffs: &[Day], horizon: u32) -> Vec<Fold> {
    cutoffs
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, &eval)| Fold {
            train: cutoffs[..i]
                .iter()
                .copied()
                .filter(|&c| c + horizon as i32 <= eval)
                .collect(),
            eval,
        })
        .filter(|f| !f.train.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoffs_are_spaced_by_the_horizon_and_end_one_horizon_early() {
        assert_eq!(cutoffs(1000, 90, 4), vec![640, 730, 820, 910]);
    }

    #[test]
    fn training_periods_never_overlap_the_evaluated_period() {
        for (horizon, spacing) in [(90u32, 90i32), (90, 30), (30, 90)] {
            let cuts: Vec<Day> = (0..6).map(|k| 1000 + k * spacing).collect();
            let folds = folds(&cuts, horizon);
            assert!(!folds.is_empty());
            for f in &folds {
                assert!(!f.train.contains(&f.eval));
                for &t in &f.train {
                    // Training labels are fully observed before the evaluation scoring day:
                    // the training outcome window (t, t + h] ends on or before eval.
                    assert!(t < f.eval && t + horizon as i32 <= f.eval, "{f:?}");
                }
            }
        }
        // With spacing shorter than the horizon, adjacent cut-offs are skipped.
        let f = folds(&[0, 30, 60, 90, 120], 90);
        assert_eq!(
            f,
            vec![
                Fold {
                    train: vec![0],
                    eval: 90
                },
                Fold {
                    train: vec![0, 30],
                    eval: 120
                }
            ]
        );
    }
}
