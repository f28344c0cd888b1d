//! Lifecycle stages in scoring: stage thresholds, boundaries, unknown tenure, percentiles
//! within a stage, trend across a stage change, and the stage in results.

use super::{score, AccountResult, Component, Results};
use crate::domain::measure::Measure;
use crate::metrics::testkit::{as_of, Kit};
use crate::model::config::{Model, Normalize};
use crate::model::lifecycle::{Lifecycle, Stage};

/// The default model scoring at the test as-of date.
fn default_model() -> Model {
    Model {
        as_of: Some(crate::dataset::day_to_iso(as_of())),
        ..Model::default()
    }
}

/// The same model without any lifecycle stage or stage override.
fn without_stages(mut model: Model) -> Model {
    model.lifecycle = None;
    for mw in model.groups.iter_mut().flat_map(|g| &mut g.measures) {
        mw.by_stage.clear();
    }
    model
}

/// An account started `tenure` days before as-of with `seats` seats, `users` of them active
/// every `every`-th day of the last 28, using one feature each.
fn active_account(k: &mut Kit, id: &str, tenure: i32, seats: f64, users: u32, every: i32) -> usize {
    let a = k.account(id);
    k.acc(a).start_day = Some(as_of() - tenure);
    k.acc(a).seats = Some(seats);
    for ago in (0..28).step_by(every as usize) {
        for u in 0..users {
            let user = format!("{id}-u{u}");
            let feature = format!("f{u}");
            k.usage(a, Some(&user), ago, Some(&feature), 1.0);
        }
    }
    a
}

fn component(a: &AccountResult, measure: Measure) -> &Component {
    a.components.iter().find(|c| c.measure == measure).unwrap()
}

fn find<'r>(r: &'r Results, id: &str) -> &'r AccountResult {
    r.accounts.iter().find(|a| a.account_id == id).unwrap()
}

#[test]
fn onboarding_accounts_with_modest_usage_score_higher_with_the_default_stages() {
    let mut checked = 0;
    for tenure in [0, 20, 45, 89] {
        for every in [3, 4, 7] {
            for (seats, users) in [(10.0, 2), (10.0, 4), (20.0, 5)] {
                let mut k = Kit::new();
                active_account(&mut k, "new", tenure, seats, users, every);
                // A second, established account so the portfolio is not a single account.
                active_account(&mut k, "old", 900, 10.0, 8, 1);
                let data = k.build();
                let staged = score(&data, &default_model());
                let flat = score(&data, &without_stages(default_model()));
                let (with, without) = (find(&staged, "new"), find(&flat, "new"));
                assert_eq!(with.lifecycle_stage.as_deref(), Some("onboarding"));
                let (s1, s0) = (with.health_score.unwrap(), without.health_score.unwrap());
                assert!(
                    s1 > s0,
                    "tenure {tenure}, every {every} days, {users}/{seats} users: {s1} ≤ {s0}"
                );
                // The established account is judged exactly as without stages.
                assert_eq!(
                    find(&staged, "old").health_score,
                    find(&flat, "old").health_score
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 36);
}

#[test]
fn stages_change_exactly_at_until_days_and_results_report_them() {
    let mut k = Kit::new();
    for tenure in [89, 90, 364, 365] {
        active_account(&mut k, &format!("t{tenure}"), tenure, 10.0, 3, 2);
    }
    let r = score(&k.build(), &default_model());
    for (tenure, stage) in [
        (89, "onboarding"),
        (90, "adoption"),
        (364, "adoption"),
        (365, "established"),
    ] {
        let a = find(&r, &format!("t{tenure}"));
        assert_eq!(a.tenure_days, Some(tenure), "t{tenure}");
        assert_eq!(a.lifecycle_stage.as_deref(), Some(stage), "t{tenure}");
    }
    assert_eq!(
        r.summary.lifecycle_stages,
        [
            ("onboarding".to_string(), 1),
            ("adoption".to_string(), 2),
            ("established".to_string(), 1)
        ]
    );
    assert_eq!(r.summary.tenure_unknown, 0);
    let stage_segments: Vec<(&str, u32)> = r
        .segments
        .iter()
        .filter(|s| s.dimension == "lifecycle_stage")
        .map(|s| (s.label.as_str(), s.accounts))
        .collect();
    assert_eq!(
        stage_segments,
        [("Onboarding", 1), ("Adoption", 2), ("Established", 1)]
    );
    let evidence = &component(find(&r, "t89"), Measure::UsageFrequency).evidence;
    assert!(
        evidence.ends_with(
            "; Onboarding stage thresholds applied (tenure 89 days from the account start date)"
        ),
        "{evidence}"
    );
    let evidence = &component(find(&r, "t365"), Measure::UsageFrequency).evidence;
    assert!(
        evidence.contains("default normalisation: no Established stage override"),
        "{evidence}"
    );
}

#[test]
fn tenure_falls_back_to_subscriptions_then_first_activity_else_is_unknown() {
    let mut k = Kit::new();
    let by_subscription = k.account("sub");
    k.subscription(by_subscription, 200, None, Some(5.0), None);
    k.subscription(by_subscription, 40, None, Some(5.0), None);
    let by_activity = k.account("act");
    k.usage(by_activity, Some("u"), 30, None, 1.0);
    k.usage(by_activity, Some("u"), 3, None, 1.0);
    let unknown = k.account("flat");
    k.acc(unknown).flat.logins_30d = Some(6.0);
    let r = score(&k.build(), &default_model());
    assert_eq!(find(&r, "sub").tenure_days, Some(200));
    assert_eq!(find(&r, "sub").lifecycle_stage.as_deref(), Some("adoption"));
    assert_eq!(find(&r, "act").tenure_days, Some(30));
    let flat = find(&r, "flat");
    assert_eq!(
        (flat.tenure_days, flat.lifecycle_stage.as_deref()),
        (None, None)
    );
    assert_eq!(r.summary.tenure_unknown, 1);
    assert!(component(find(&r, "act"), Measure::UsageFrequency)
        .evidence
        .contains("from the first recorded activity"));
}

#[test]
fn unknown_tenure_uses_the_default_normalisation_and_says_so() {
    let mut k = Kit::new();
    let a = k.account("flat");
    k.acc(a).flat.logins_30d = Some(6.0);
    k.acc(a).flat.csat = Some(0.8);
    let data = k.build();
    let staged = score(&data, &default_model());
    let flat = score(&data, &without_stages(default_model()));
    assert_eq!(
        staged.accounts[0].health_score,
        flat.accounts[0].health_score
    );
    let c = component(&staged.accounts[0], Measure::UsageFrequency);
    assert!(
        c.evidence.contains("default normalisation: tenure unknown"),
        "{}",
        c.evidence
    );
    // Measures without stage overrides say nothing about stages.
    let csat = component(&staged.accounts[0], Measure::Csat);
    assert!(!csat.evidence.contains("tenure"), "{}", csat.evidence);
}

#[test]
fn a_stage_percentile_ranks_among_accounts_of_that_stage_only() {
    let mut model = without_stages(default_model());
    model.lifecycle = Some(Lifecycle {
        stages: vec![
            Stage {
                id: "new".into(),
                label: "New".into(),
                until_days: Some(90),
            },
            Stage {
                id: "mature".into(),
                label: "Mature".into(),
                until_days: None,
            },
        ],
    });
    let mw = model
        .groups
        .iter_mut()
        .flat_map(|g| &mut g.measures)
        .find(|mw| mw.measure == Measure::UsageFrequency)
        .unwrap();
    mw.normalize = Normalize::Percentile {
        higher_is_better: true,
    };
    mw.by_stage.insert(
        "new".into(),
        Normalize::Percentile {
            higher_is_better: true,
        },
    );
    assert_eq!(model.validate(), Ok(()));
    let mut k = Kit::new();
    // Active every 7th, 4th day (new) and every 2nd, every day (mature).
    active_account(&mut k, "new-low", 10, 5.0, 1, 7);
    active_account(&mut k, "new-high", 10, 5.0, 1, 4);
    active_account(&mut k, "mature-low", 500, 5.0, 1, 2);
    active_account(&mut k, "mature-high", 500, 5.0, 1, 1);
    let r = score(&k.build(), &model);
    let pct = |id: &str| component(find(&r, id), Measure::UsageFrequency).normalized;
    // Within "new": the lower of two is at 25, the higher at 75, although both are below
    // every mature account.
    assert_eq!(pct("new-low"), Some(25.0));
    assert_eq!(pct("new-high"), Some(75.0));
    // "mature" has no override: the default percentile ranks across the whole portfolio.
    assert_eq!(pct("mature-low"), Some(62.5));
    assert_eq!(pct("mature-high"), Some(87.5));
    let evidence = &component(find(&r, "new-low"), Measure::UsageFrequency).evidence;
    assert!(
        evidence.contains("ranked among New stage accounts"),
        "{evidence}"
    );
}

#[test]
fn the_trend_uses_the_stage_the_account_was_in_at_the_earlier_date() {
    // Tenure 100 days now (adoption), 72 days at as-of − 28 (onboarding), same usage.
    let mut k = Kit::new();
    let a = k.account("a");
    k.acc(a).start_day = Some(as_of() - 100);
    k.acc(a).seats = Some(10.0);
    for ago in (0..56).step_by(3) {
        for u in 0..4 {
            k.usage(a, Some(&format!("u{u}")), ago, Some("f"), 1.0);
        }
    }
    let model = default_model();
    let r = score(&k.build(), &model);
    let account = &r.accounts[0];
    assert_eq!(account.lifecycle_stage.as_deref(), Some("adoption"));
    let seats = component(account, Measure::SeatUtilisation);
    // 4 of 10 seats both times: onboarding thresholds then (0.4 → 74), defaults now (40).
    assert_eq!(seats.raw, Some(0.4));
    let seat_rule = model
        .groups
        .iter()
        .flat_map(|g| &g.measures)
        .find(|mw| mw.measure == Measure::SeatUtilisation)
        .unwrap();
    let onboarding =
        seat_rule.normalize_in(model.lifecycle.as_ref().and_then(|l| l.stage("onboarding")));
    let Normalize::Thresholds { points } = onboarding.0 else {
        panic!("thresholds expected")
    };
    assert_eq!(
        seats.previous_normalized,
        Some(crate::scoring::normalize::thresholds(points, 0.4))
    );
    assert_eq!(seats.normalized, Some(40.0));
    assert!(
        account.trend.unwrap() < 0.0,
        "{:?}",
        account.trend_explanation
    );
}
