//! A planted story: churn follows NPS; usage and CSAT are noise. Calibration must find that.

use super::*;
use crate::dataset::{ChurnEvent, SurveyKind};
use crate::metrics::testkit::{as_of, Kit};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn planted() -> (Dataset, Model) {
    let mut model = Model::default();
    model.windows.survey_days = 90;
    let mut k = Kit::new();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for i in 0..240 {
        let a = k.account(&format!("A{i:03}"));
        // Usage: a random weekly habit, unrelated to churn.
        let habit = rng.next();
        for d in 0..540 {
            if rng.next() < habit * 0.6 {
                k.usage(a, None, d, Some(if d % 3 == 0 { "x" } else { "y" }), 2.0);
            }
        }
        // Before each quarterly cut-off: one NPS answer; detractors mostly churn next quarter.
        for q in 1..=4 {
            let cutoff_ago = 90 * q;
            let score = (rng.next() * 11.0).floor().min(10.0);
            k.survey(a, SurveyKind::Nps, cutoff_ago + 10, score);
            // CSAT, weighted like NPS by the default model, is pure noise here.
            for n in 0..3 {
                let csat = 1.0 + (rng.next() * 5.0).floor().min(4.0);
                k.survey(a, SurveyKind::Csat, cutoff_ago + 5 + n, csat);
            }
            let p = if score <= 5.0 { 0.8 } else { 0.1 };
            if rng.next() < p {
                k.data.churn_events.push(ChurnEvent {
                    account: a as u32,
                    day: Some(as_of() - cutoff_ago + 30),
                    reason: None,
                    source: Default::default(),
                });
            }
        }
    }
    (k.build(), model)
}

/// Calibration with the default options on `dataset` (its index built here).
fn calibrate_default(dataset: &Dataset, model: &Model) -> Result<Calibration, String> {
    calibrate(
        dataset,
        &AccountIndex::build(dataset),
        model,
        &Options::default(),
    )
}

#[test]
fn learns_that_churn_follows_nps_and_beats_the_default_weights_out_of_time() {
    let (dataset, model) = planted();
    let c = calibrate_default(&dataset, &model).unwrap();
    assert_eq!(c.cutoffs.len(), 4);
    assert_eq!(c.folds.len(), 3);
    let nps = c
        .weights
        .iter()
        .find(|w| w.measure == Measure::Nps)
        .unwrap();
    assert!(nps.learned_share > 0.6, "{:?}", c.weights);
    assert!(nps.coefficient.unwrap() < 0.0);
    // Measures without data are not fitted and carry no weight.
    let goals = c
        .weights
        .iter()
        .find(|w| w.measure == Measure::GoalAttainment)
        .unwrap();
    assert_eq!((goals.learned_share, goals.coefficient), (0.0, None));
    let (current, learned) = (c.current_mean_auc.unwrap(), c.learned_mean_auc.unwrap());
    assert!(
        learned > current + 0.05,
        "current {current}, learned {learned}"
    );
    assert!(learned > 0.75, "{learned}");
    // The learned model is a valid model whose weights give NPS the same share.
    assert_eq!(c.learned_model.validate(), Ok(()));
    let shares = shares(&c.learned_model);
    let j = c
        .weights
        .iter()
        .position(|w| w.measure == Measure::Nps)
        .unwrap();
    assert!((shares[j] - nps.learned_share).abs() < 1e-9);
    // Every fold trained only on cut-offs whose outcome windows closed before it.
    for f in &c.folds {
        assert!(f
            .train_cutoffs
            .iter()
            .all(|t| t.as_str() < f.eval_cutoff.as_str()));
    }
    // Fitted probabilities: the riskiest decile churns far more than the safest.
    let first = c.calibration.first().unwrap();
    let last = c.calibration.last().unwrap();
    assert!(first.observed > last.observed + 0.3, "{:?}", c.calibration);
    assert!(first.predicted > last.predicted);
}

#[test]
fn refuses_without_outcomes_or_history() {
    let (mut dataset, model) = planted();
    dataset.churn_events.clear();
    assert!(calibrate_default(&dataset, &model)
        .unwrap_err()
        .contains("no churn"));
    let (dataset, mut model) = planted();
    model.windows.backtest_days = 1000;
    assert!(calibrate_default(&dataset, &model)
        .unwrap_err()
        .contains("at least two cut-offs"));
}

#[test]
fn backtest_single_signals_tell_the_planted_signal_from_noise() {
    let (dataset, model) = planted();
    let index = AccountIndex::build(&dataset);
    let b = crate::analysis::backtest::run(
        &dataset,
        &index,
        &model,
        as_of(),
        crate::analysis::backtest::Options::default(),
    )
    .unwrap();
    assert_eq!(b.scored, 240);
    let auc_of = |id: &str| {
        b.signals
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.auc)
            .unwrap()
    };
    assert!(auc_of("nps") > 0.75, "{}", auc_of("nps"));
    assert!((auc_of("csat") - 0.5).abs() < 0.12, "{}", auc_of("csat"));
    let lift = b
        .signals
        .iter()
        .find(|s| s.id == "nps")
        .and_then(|s| s.lift)
        .unwrap();
    // NPS takes three values here, so the riskiest tenth is part of the tied detractor group.
    assert!(lift > 1.3, "{lift}");
    // The blended score carries the signal too, diluted by the noise.
    assert!(b.auc > 0.6 && b.auc < auc_of("nps") + 0.05, "{}", b.auc);
}
