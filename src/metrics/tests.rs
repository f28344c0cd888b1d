//! Hand-computed expectations for every measure.

use super::testkit::{as_of, Kit};
use super::*;
use crate::dataset::{GoalKind, SurveyKind};

fn close(actual: Option<f64>, expected: f64) {
    let v = actual.unwrap_or_else(|| panic!("expected {expected}, got None"));
    assert!((v - expected).abs() < 1e-9, "expected {expected}, got {v}");
}

fn run(kit: Kit) -> Vec<AccountMeasures> {
    compute(&kit.build(), &Model::default(), as_of())
}

#[test]
fn nps_counts_promoters_minus_detractors_in_window() {
    let mut k = Kit::new();
    let a = k.account("a");
    let b = k.account("b");
    for s in [10.0, 9.0, 8.0, 6.0, 0.0] {
        k.survey(a, SurveyKind::Nps, 10, s);
    }
    k.survey(a, SurveyKind::Nps, 400, 0.0); // outside the 365-day window
    for s in [10.0, 9.0, 7.0] {
        k.survey(b, SurveyKind::Nps, 1, s);
    }
    let m = run(k);
    close(m[a].raw(Measure::Nps), 0.0);
    assert_eq!(m[a].get(Measure::Nps).rows, 5);
    close(m[b].raw(Measure::Nps), 200.0 / 3.0);
}

#[test]
fn csat_is_share_of_four_and_five_with_ticket_ratings_and_mean_in_evidence() {
    let mut k = Kit::new();
    let a = k.account("a");
    for s in [5.0, 4.0, 3.0] {
        k.survey(a, SurveyKind::Csat, 5, s);
    }
    k.ticket(a, 3, Some(1.0), Some(2.0));
    k.ticket(a, 3, Some(1.0), None);
    let m = run(k);
    close(m[a].raw(Measure::Csat), 0.5);
    assert!(
        m[a].get(Measure::Csat).evidence.contains("mean 3.50"),
        "{}",
        m[a].get(Measure::Csat).evidence
    );
    assert_eq!(m[a].get(Measure::Csat).rows, 4);
}

#[test]
fn stickiness_is_mean_daily_users_over_distinct_users() {
    let mut k = Kit::new();
    let a = k.account("a");
    for d in 0..14 {
        k.usage(a, Some("u1"), d, None, 1.0);
        k.usage(a, Some("u1"), d, None, 3.0); // same user and day counts once
    }
    for d in 0..7 {
        k.usage(a, Some("u2"), d, None, 1.0);
    }
    let m = run(k);
    // (14 + 7) / 28 days = 0.75 daily users; 2 distinct users.
    close(m[a].raw(Measure::Stickiness), 0.375);
}

#[test]
fn stickiness_and_seats_need_user_ids() {
    let mut k = Kit::new();
    let a = k.account("a");
    k.acc(a).seats = Some(5.0);
    k.usage(a, None, 1, None, 1.0);
    let m = run(k);
    assert_eq!(m[a].raw(Measure::Stickiness), None);
    assert_eq!(m[a].raw(Measure::SeatUtilisation), None);
    close(m[a].raw(Measure::UsageFrequency), 0.25);
    // The reason is the export's, and it is said (not "no data for this account").
    for measure in [Measure::Stickiness, Measure::SeatUtilisation] {
        assert_eq!(m[a].get(measure).evidence, super::usage::NO_USER_IDS);
    }
}

#[test]
fn seat_utilisation_uses_last_28_days_and_subscription_seats() {
    let mut k = Kit::new();
    let a = k.account("a");
    let b = k.account("b");
    k.acc(a).seats = Some(4.0);
    for (acc, user) in [(a, "u1"), (a, "u2"), (b, "v1"), (b, "v2")] {
        k.usage(acc, Some(user), 27, None, 1.0);
    }
    k.usage(a, Some("u3"), 40, None, 1.0); // too old for the 28-day window
    k.subscription(b, 100, None, Some(5.0), Some(1000.0));
    k.subscription(b, 400, Some(200), Some(100.0), Some(9000.0)); // ended
    let m = run(k);
    close(m[a].raw(Measure::SeatUtilisation), 0.5);
    close(m[b].raw(Measure::SeatUtilisation), 0.4);
    close(m[b].seats, 5.0);
}

#[test]
fn feature_breadth_divides_by_features_seen_portfolio_wide() {
    let mut k = Kit::new();
    let a = k.account("a");
    let b = k.account("b");
    k.usage(a, None, 1, Some("f1"), 1.0);
    k.usage(a, None, 2, Some("f2"), 1.0);
    k.usage(a, None, 3, Some("f2"), 1.0);
    k.usage(b, None, 1, Some("f3"), 1.0);
    k.usage(b, None, 60, Some("f4"), 1.0); // seen portfolio-wide, not recent for b
    let m = run(k);
    close(m[a].raw(Measure::FeatureBreadth), 0.5);
    close(m[b].raw(Measure::FeatureBreadth), 0.25);
}

#[test]
fn high_impact_adoption_counts_listed_features_used_recently() {
    let mut k = Kit::new();
    let a = k.account("a");
    k.usage(a, None, 1, Some("Reports"), 1.0);
    k.usage(a, None, 50, Some("Alerts"), 1.0);
    let model = Model {
        high_impact_features: vec!["reports".into(), "Alerts".into()],
        ..Model::default()
    };
    let m = compute(&k.build(), &model, as_of());
    close(m[a].raw(Measure::HighImpactAdoption), 0.5);
    let evidence = &m[a].get(Measure::HighImpactAdoption).evidence;
    assert!(evidence.ends_with("not used: Alerts"), "{evidence}");
}

#[test]
fn login_consistency_counts_active_weeks_and_respects_tenure() {
    let mut k = Kit::new();
    let old = k.account("old");
    let new = k.account("new");
    for d in [0, 3, 8, 36, 100] {
        k.usage(old, None, d, None, 1.0);
    }
    k.usage(new, None, 0, None, 1.0);
    k.usage(new, None, 20, None, 1.0);
    let m = run(k);
    // weeks 0, 1 and 5 of the last 12 (day 100 is outside).
    close(m[old].raw(Measure::LoginConsistency), 0.25);
    // first usage 20 days ago → judged on 3 weeks, active in weeks 0 and 2.
    close(m[new].raw(Measure::LoginConsistency), 2.0 / 3.0);
}

#[test]
fn usage_frequency_counts_distinct_active_days_per_week() {
    let mut k = Kit::new();
    let a = k.account("a");
    for d in 0..8 {
        k.usage(a, None, d * 3, None, 2.0);
    }
    k.usage(a, None, 0, None, 1.0); // same day again
    k.usage(a, None, 1, None, 0.0); // zero count is not activity
    let m = run(k);
    close(m[a].raw(Measure::UsageFrequency), 2.0);
}

#[test]
fn usage_trend_compares_recent_with_window_before() {
    let mut k = Kit::new();
    let a = k.account("a");
    let fresh = k.account("fresh");
    let lapsed = k.account("lapsed");
    let none = k.account("none");
    k.usage(a, None, 1, None, 30.0);
    k.usage(a, None, 30, None, 60.0);
    k.usage(fresh, None, 1, None, 5.0);
    k.usage(lapsed, None, 100, None, 5.0);
    let m = run(k);
    close(m[a].raw(Measure::UsageTrend), -0.5);
    assert!(m[a].get(Measure::UsageTrend).evidence.ends_with("(−50%)"));
    assert_eq!(m[fresh].raw(Measure::UsageTrend), None, "no earlier usage");
    // Missing is never zero: usage exists but none recently → 0; no usage at all → None.
    close(m[lapsed].raw(Measure::UsageFrequency), 0.0);
    close(m[lapsed].raw(Measure::LoginConsistency), 0.0);
    assert_eq!(m[none].raw(Measure::UsageFrequency), None);
    assert_eq!(m[none].raw(Measure::LoginConsistency), None);
    assert!(!m[none].usage.has_usage);
}

#[test]
fn ticket_load_is_per_seat_per_month_and_zero_only_when_tickets_exist() {
    let mut k = Kit::new();
    let a = k.account("a");
    let quiet = k.account("quiet");
    let unknown_seats = k.account("unknown");
    k.acc(a).seats = Some(10.0);
    k.acc(quiet).seats = Some(10.0);
    for d in [1, 10, 20, 30, 60, 89] {
        k.ticket(a, d, None, None);
    }
    k.ticket(a, 100, None, None); // outside the 90-day window
    k.ticket(unknown_seats, 1, None, None);
    let m = run(k);
    close(m[a].raw(Measure::TicketLoad), 0.2); // 6 / 10 seats / 3 months
    close(m[quiet].raw(Measure::TicketLoad), 0.0);
    assert_eq!(m[unknown_seats].raw(Measure::TicketLoad), None);

    let mut k = Kit::new();
    let a = k.account("a");
    k.acc(a).seats = Some(10.0);
    assert_eq!(
        run(k)[a].raw(Measure::TicketLoad),
        None,
        "no ticket table at all"
    );
}

#[test]
fn flat_ticket_counts_are_per_seat_or_per_account_without_seats() {
    let mut k = Kit::new();
    let seated = k.account("seated");
    let no_seats = k.account("no_seats");
    k.acc(seated).seats = Some(4.0);
    k.acc(seated).flat.tickets_30d = Some(2.0);
    k.acc(no_seats).flat.tickets_30d = Some(2.0);
    let m = run(k);
    close(m[seated].raw(Measure::TicketLoad), 0.5);
    close(m[no_seats].raw(Measure::TicketLoad), 2.0);
    let evidence = &m[no_seats].get(Measure::TicketLoad).evidence;
    assert!(
        evidence.contains("tickets per account per month"),
        "{evidence}"
    );
}

#[test]
fn resolution_is_median_hours_with_even_count_and_explicit_hours() {
    let mut k = Kit::new();
    let odd = k.account("odd");
    let even = k.account("even");
    for h in [10.0, 2.0, 4.0] {
        k.ticket(odd, 5, Some(h), None);
    }
    k.ticket(odd, 5, None, None); // unresolved: ignored
    for h in [2.0, 4.0, 10.0] {
        k.ticket(even, 5, Some(h), None);
    }
    k.ticket(even, 5, Some(1.0), None);
    k.data.tickets.last_mut().unwrap().resolution_hours = Some(20.0); // explicit wins
    let m = run(k);
    close(m[odd].raw(Measure::ResolutionHours), 4.0);
    close(m[even].raw(Measure::ResolutionHours), 7.0);
}

#[test]
fn cadence_and_days_since_touchpoint() {
    let mut k = Kit::new();
    let a = k.account("a");
    let never = k.account("never");
    for d in [3, 10, 20, 40, 60, 80, 120] {
        k.touchpoint(a, d);
    }
    let m = run(k);
    close(m[a].raw(Measure::EngagementCadence), 2.0); // 6 in 90 days
    close(m[a].raw(Measure::DaysSinceTouchpoint), 3.0);
    close(m[never].raw(Measure::EngagementCadence), 0.0);
    assert_eq!(m[never].raw(Measure::DaysSinceTouchpoint), None);
}

#[test]
fn goal_attainment_handles_partial_clamped_and_lower_is_better() {
    let mut k = Kit::new();
    let a = k.account("a");
    k.goal(a, GoalKind::Goal, None, Some(100.0), Some(50.0)); // 0.5
    k.goal(a, GoalKind::Goal, Some(10.0), Some(20.0), Some(25.0)); // 1 (clamped)
    k.goal(a, GoalKind::Goal, Some(10.0), Some(5.0), Some(7.0)); // lower is better: 0.6
    k.goal(a, GoalKind::Goal, None, None, None); // not measurable: skipped
    let m = run(k);
    close(m[a].raw(Measure::GoalAttainment), 0.7);
    assert_eq!(m[a].get(Measure::GoalAttainment).rows, 3);
    close(m[a].raw(Measure::SuccessPlan), 1.0);
}

#[test]
fn milestone_progress_counts_done_of_due_else_all() {
    let mut k = Kit::new();
    let a = k.account("a");
    let b = k.account("b");
    let day = as_of();
    k.goal(a, GoalKind::Milestone, None, None, None).due_day = Some(day - 10);
    let g = k.goal(a, GoalKind::Milestone, None, None, None);
    g.due_day = Some(day - 5);
    g.completed_day = Some(day - 6);
    let g = k.goal(a, GoalKind::Milestone, None, None, None);
    g.due_day = Some(day + 30);
    g.status = Some("done".into());
    k.goal(a, GoalKind::Milestone, None, None, None).due_day = Some(day + 60);
    // b: nothing due yet → all planned count; one done of three.
    for i in 0..3 {
        let g = k.goal(b, GoalKind::Milestone, None, None, None);
        g.due_day = Some(day + 10);
        if i == 0 {
            g.status = Some("Done".into());
        }
    }
    let m = run(k);
    close(m[a].raw(Measure::MilestoneProgress), 0.5);
    close(m[b].raw(Measure::MilestoneProgress), 1.0 / 3.0);
    // A milestone completed after an earlier as-of is not done back then.
    let m = compute(
        &{
            let mut k = Kit::new();
            let a = k.account("a");
            let g = k.goal(a, GoalKind::Milestone, None, None, None);
            g.completed_day = Some(day - 2);
            k.build()
        },
        &Model::default(),
        day - 10,
    );
    close(m[0].raw(Measure::MilestoneProgress), 0.0);
}

#[test]
fn flat_columns_fill_only_missing_measures() {
    let mut k = Kit::new();
    let flat = k.account("flat");
    let busy = k.account("busy");
    let capped = k.account("capped");
    {
        let acc = k.acc(flat);
        acc.seats = Some(6.0);
        acc.flat.logins_30d = Some(15.0);
        acc.flat.active_users = Some(3.0);
        acc.flat.csat = Some(0.8);
        acc.flat.nps = Some(20.0);
        acc.flat.goal_progress = Some(0.4);
        acc.flat.success_plan = Some(true);
        acc.flat.empowerment = Some(0.5);
        acc.flat.features_used = Some(2.0);
    }
    k.acc(capped).flat.logins_30d = Some(60.0);
    k.acc(capped).flat.features_used = Some(8.0);
    k.acc(busy).flat.logins_30d = Some(30.0);
    k.usage(busy, None, 1, None, 1.0); // event data wins over the flat column
    let m = run(k);
    close(m[flat].raw(Measure::UsageFrequency), 3.5);
    close(m[capped].raw(Measure::UsageFrequency), 7.0);
    close(m[busy].raw(Measure::UsageFrequency), 0.25);
    close(m[flat].raw(Measure::SeatUtilisation), 0.5);
    // Usage rows without user ids do not stop the accounts table's active users.
    assert!(m[flat].get(Measure::SeatUtilisation).evidence.starts_with("accounts table: 3 active users"));
    assert_eq!(m[busy].get(Measure::SeatUtilisation).evidence, super::usage::NO_USER_IDS);
    close(m[flat].raw(Measure::Csat), 0.8);
    close(m[flat].raw(Measure::Nps), 20.0);
    close(m[flat].raw(Measure::GoalAttainment), 0.4);
    close(m[flat].raw(Measure::SuccessPlan), 1.0);
    close(m[flat].raw(Measure::Empowerment), 0.5);
    close(m[flat].raw(Measure::FeatureBreadth), 0.25); // 2 of the largest flat count, 8
    assert!(!m[flat].has_dated_data);
    assert_eq!(m[flat].get(Measure::UsageFrequency).rows, 0);
}

#[test]
fn effective_arr_prefers_account_then_active_subscriptions_then_latest() {
    let mut k = Kit::new();
    let direct = k.account("direct");
    let active = k.account("active");
    let lapsed = k.account("lapsed");
    k.acc(direct).arr = Some(5000.0);
    k.subscription(direct, 10, None, None, Some(1.0));
    k.subscription(active, 100, None, None, Some(1000.0));
    k.subscription(active, 50, None, None, Some(2000.0));
    k.subscription(active, 400, Some(30), None, Some(7000.0));
    k.subscription(lapsed, 400, Some(300), None, Some(100.0));
    k.subscription(lapsed, 200, Some(30), None, Some(300.0));
    let m = run(k);
    close(m[direct].effective_arr, 5000.0);
    close(m[active].effective_arr, 3000.0);
    close(m[lapsed].effective_arr, 300.0);
}

#[test]
fn only_data_on_or_before_as_of_is_used() {
    let mut k = Kit::new();
    let a = k.account("a");
    k.usage(a, None, 1, None, 1.0);
    k.survey(a, SurveyKind::Nps, 1, 0.0);
    let data = k.build();
    let earlier = compute(&data, &Model::default(), as_of() - 5);
    assert_eq!(earlier[a].raw(Measure::UsageFrequency), None);
    assert_eq!(earlier[a].raw(Measure::Nps), None);
    assert!(!earlier[a].has_dated_data);
}

#[test]
fn signed_percent_uses_a_true_minus_and_no_negative_zero() {
    use super::usage::signed_percent;
    assert_eq!(signed_percent(-0.375), "−38%");
    assert_eq!(signed_percent(1.333), "+133%");
    assert_eq!(signed_percent(-0.001), "+0%");
}

#[test]
fn days_since_last_login_counts_from_the_latest_usage_row_up_to_as_of() {
    let mut k = Kit::new();
    let a = k.account("a");
    let b = k.account("b");
    let c = k.account("c");
    k.usage(a, Some("u1"), 40, None, 1.0);
    k.usage(a, Some("u2"), 3, None, 1.0);
    k.usage(a, Some("u1"), -5, None, 1.0); // after as-of: not seen yet
    k.usage(b, None, 0, None, 0.0);
    k.usage(c, None, -1, None, 1.0);
    let m = run(k);
    let login = Measure::from_id("days_since_last_login").expect("a built-in measure");
    close(m[a].raw(login), 3.0);
    assert!(m[a].get(login).evidence.ends_with("(3 days before as-of)"));
    close(m[b].raw(login), 0.0);
    assert_eq!(m[c].raw(login), None, "no usage row on or before as-of");
    // Not in the default model: scores and exports are unchanged by its existence.
    assert!(!Model::default()
        .groups
        .iter()
        .flat_map(|g| &g.measures)
        .any(|mw| mw.measure == login));
}
