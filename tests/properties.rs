//! Property tests of the health model, through the real scoring path.
//!
//! Datasets are generated (accounts with flat spreadsheet columns, surveys, tickets, goals,
//! touchpoints, usage rows, subscriptions) and scored with the default model or with random
//! models that pass [`Model::validate`]. The properties:
//!
//! - every score is within 0–100, coverage within 0–1, applied weights sum to 1 over the
//!   components with data and contributions add up to the score;
//! - improving any single input (in the measure's natural direction, with thresholds that
//!   rise in that direction) never lowers that account's score;
//! - missing data never counts as 0: an account missing a measure differs from the same
//!   account with a true 0 that normalises low;
//! - results do not depend on row order, file order or how the bytes are split in chunks;
//! - any random model that passes validation scores any dataset without panicking.
//!
//! `PROPTEST_CASES` raises the number of cases (default 64 per property here).
#![cfg(not(target_arch = "wasm32"))]

use customer_health::dataset::*;
use customer_health::engine::Engine;
use customer_health::metrics::measure::{Direction, Measure};
use customer_health::model::config::{Cut, CutName, Model, Normalize, Override};
use customer_health::output::{to_csv, to_json_compact};
use customer_health::results::score;
use customer_health::results::Results;
use proptest::prelude::*;

const AS_OF: &str = "2024-06-30";

fn as_of() -> Day {
    day_from_ymd(2024, 6, 30).unwrap()
}

fn default_model() -> Model {
    Model {
        as_of: Some(AS_OF.into()),
        ..Model::default()
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Generated datasets
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
struct Flat {
    csat: Option<f64>,
    nps: Option<f64>,
    logins_30d: Option<f64>,
    active_users: Option<f64>,
    goal_progress: Option<f64>,
    features_used: Option<f64>,
    success_plan: Option<bool>,
    empowerment: Option<f64>,
    tickets_30d: Option<f64>,
}

#[derive(Debug, Clone)]
struct GoalSpec {
    milestone: bool,
    baseline: Option<f64>,
    target: Option<f64>,
    current: Option<f64>,
    due_ago: Option<i32>,
    status: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct AccountSpec {
    arr: Option<f64>,
    seats: Option<f64>,
    flat: Flat,
    /// (is_nps, days ago, score)
    surveys: Vec<(bool, i32, f64)>,
    /// (days ago, resolution hours, satisfaction 1–5)
    tickets: Vec<(i32, Option<f64>, Option<f64>)>,
    goals: Vec<GoalSpec>,
    touchpoints: Vec<i32>,
    /// (user, days ago, feature, count)
    usage: Vec<(u8, i32, u8, u16)>,
    /// (start ago, end ago, seats)
    subscription: Option<(i32, Option<i32>, Option<f64>)>,
}

fn opt<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    prop_oneof![1 => Just(None), 2 => s.prop_map(Some)].boxed()
}

fn flat_strategy() -> impl Strategy<Value = Flat> {
    (
        (
            opt(0.0..=1.0f64),
            opt(-100.0..=100.0f64),
            opt(0.0..=120.0f64),
            opt(0.0..=60.0f64),
            opt(0.0..=1.0f64),
        ),
        (
            opt(0.0..=25.0f64),
            opt(any::<bool>()),
            opt(0.0..=1.0f64),
            opt(0.0..=30.0f64),
        ),
    )
        .prop_map(
            |(
                (csat, nps, logins_30d, active_users, goal_progress),
                (features_used, success_plan, empowerment, tickets_30d),
            )| Flat {
                csat,
                nps,
                logins_30d,
                active_users,
                goal_progress,
                features_used,
                success_plan,
                empowerment,
                tickets_30d,
            },
        )
}

fn goal_strategy() -> impl Strategy<Value = GoalSpec> {
    (
        any::<bool>(),
        opt(0.0..=100.0f64),
        opt(0.0..=200.0f64),
        opt(0.0..=200.0f64),
        opt(-60..=60i32),
        opt(prop_oneof![
            Just("done"),
            Just("in_progress"),
            Just("missed"),
            Just("planned")
        ]),
    )
        .prop_map(
            |(milestone, baseline, target, current, due_ago, status)| GoalSpec {
                milestone,
                baseline,
                target,
                current,
                due_ago,
                status,
            },
        )
}

fn account_strategy() -> impl Strategy<Value = AccountSpec> {
    (
        (opt(0.0..=500_000.0f64), opt(1.0..=80.0f64), flat_strategy()),
        (
            prop::collection::vec(
                (any::<bool>(), 0..=400i32, 0..=10u8).prop_map(|(n, d, s)| {
                    // NPS answers 0–10, CSAT answers 1–5.
                    (n, d, if n { s as f64 } else { (s % 5 + 1) as f64 })
                }),
                0..6,
            ),
            prop::collection::vec(
                (
                    0..=150i32,
                    opt(0.0..=400.0f64),
                    opt((1..=5u8).prop_map(f64::from)),
                ),
                0..6,
            ),
            prop::collection::vec(goal_strategy(), 0..4),
            prop::collection::vec(0..=200i32, 0..5),
        ),
        (
            prop::collection::vec((0..6u8, 0..=120i32, 0..7u8, 0..=30u16), 0..40),
            opt((
                30..=900i32,
                opt(-365..=20i32),
                opt((1..=50u8).prop_map(f64::from)),
            )),
        ),
    )
        .prop_map(
            |(
                (arr, seats, flat),
                (surveys, tickets, goals, touchpoints),
                (usage, subscription),
            )| {
                AccountSpec {
                    arr,
                    seats,
                    flat,
                    surveys,
                    tickets,
                    goals,
                    touchpoints,
                    usage,
                    subscription,
                }
            },
        )
}

fn portfolio_strategy() -> impl Strategy<Value = Vec<AccountSpec>> {
    prop::collection::vec(account_strategy(), 1..7)
}

/// Builds the dataset the way ingest would leave it (accounts interned in order).
fn build(specs: &[AccountSpec], releases: &[i32]) -> Dataset {
    let mut d = Dataset::default();
    let day = |ago: i32| as_of() - ago;
    for (a, s) in specs.iter().enumerate() {
        let id = format!("acc-{a}");
        d.account_ids.intern(&id);
        d.accounts.push(Account {
            id,
            name: Some(format!("Account {a}")),
            arr: s.arr,
            seats: s.seats,
            flat: FlatMeasures {
                csat: s.flat.csat,
                nps: s.flat.nps,
                logins_30d: s.flat.logins_30d,
                active_users: s.flat.active_users,
                goal_progress: s.flat.goal_progress,
                features_used: s.flat.features_used,
                success_plan: s.flat.success_plan,
                empowerment: s.flat.empowerment,
                tickets_30d: s.flat.tickets_30d,
            },
            ..Account::default()
        });
        let acc = a as AccountIdx;
        for &(is_nps, ago, score) in &s.surveys {
            d.surveys.push(Survey {
                account: acc,
                day: day(ago),
                kind: if is_nps {
                    SurveyKind::Nps
                } else {
                    SurveyKind::Csat
                },
                score,
                comment: None,
                source: RowRef::default(),
            });
        }
        for &(ago, hours, satisfaction) in &s.tickets {
            let opened = day(ago) as i64 * 86_400 + 9 * 3600;
            d.tickets.push(Ticket {
                account: acc,
                opened,
                resolved: hours.map(|h| opened + (h * 3600.0) as i64),
                resolution_hours: None,
                priority: None,
                category: None,
                satisfaction,
                escalated: None,
                source: RowRef::default(),
            });
        }
        for (i, g) in s.goals.iter().enumerate() {
            d.goals.push(Goal {
                account: acc,
                name: format!("goal {i}"),
                kind: if g.milestone {
                    GoalKind::Milestone
                } else {
                    GoalKind::Goal
                },
                baseline: g.baseline,
                target: g.target,
                current: g.current,
                due_day: g.due_ago.map(day),
                status: g.status.map(str::to_string),
                completed_day: None,
                source: RowRef::default(),
            });
        }
        for &ago in &s.touchpoints {
            d.touchpoints.push(Touchpoint {
                account: acc,
                day: day(ago),
                kind: None,
                direction: None,
                source: RowRef::default(),
            });
        }
        for &(user, ago, feature, count) in &s.usage {
            let u = d.users.intern(&format!("u{a}-{user}"));
            let f = d.features.intern(&format!("feature-{feature}"));
            d.usage.account.push(acc);
            d.usage.user.push(u);
            d.usage.day.push(day(ago));
            d.usage.feature.push(f);
            d.usage.count.push(count as f32);
            d.usage.duration_secs.push(f32::NAN);
            d.usage.errors.push(f32::NAN);
        }
        if let Some((start, end, seats)) = s.subscription {
            d.subscriptions.push(Subscription {
                id: format!("sub-{a}"),
                account: acc,
                start_day: Some(day(start)),
                end_day: end.map(day),
                seats,
                arr: s.arr.map(|v| v / 2.0),
                plan: Some("pro".into()),
                churned: None,
                is_trial: None,
                source: RowRef::default(),
            });
        }
    }
    for &ago in releases {
        d.releases.push(Release {
            day: day(ago),
            feature: None,
            source: RowRef::default(),
        });
    }
    d.latest_day = Some(as_of());
    d
}

// ---------------------------------------------------------------------------------------
// Random models
// ---------------------------------------------------------------------------------------

/// Measures whose lower raw values are better.
fn lower_is_better(m: Measure) -> bool {
    m.builtin().map(|d| d.direction) == Some(Direction::LowerIsBetter)
}

/// A plausible raw range per measure, for generated threshold points.
fn raw_range(m: Measure) -> (f64, f64) {
    match m {
        Measure::EngagementCadence => (0.0, 8.0),
        Measure::DaysSinceTouchpoint => (0.0, 200.0),
        Measure::Nps => (-100.0, 100.0),
        Measure::UsageFrequency => (0.0, 7.0),
        Measure::UsageTrend => (-1.0, 1.0),
        Measure::TicketLoad => (0.0, 2.0),
        Measure::ResolutionHours => (0.0, 300.0),
        _ => (0.0, 1.0),
    }
}

/// Raw values for the choice of `n` threshold points (strictly ascending).
fn points_from(m: Measure, xs: &[f64], ys: &[f64], natural: bool, rising: bool) -> Vec<[f64; 2]> {
    let (lo, hi) = raw_range(m);
    let mut raws: Vec<f64> = xs.iter().map(|t| lo + t * (hi - lo)).collect();
    raws.sort_by(f64::total_cmp);
    raws.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    let mut scores: Vec<f64> = ys.iter().take(raws.len()).map(|y| y * 100.0).collect();
    scores.sort_by(f64::total_cmp);
    let up = if natural { !lower_is_better(m) } else { rising };
    if !up {
        scores.reverse();
    }
    raws.into_iter().zip(scores).map(|(x, y)| [x, y]).collect()
}

/// (weight, percentile?, raw positions 0–1, scores 0–1, rising) of one measure.
type MeasureKnob = (f64, bool, Vec<f64>, Vec<f64>, bool);

#[derive(Debug, Clone)]
struct ModelKnobs {
    group_weights: Vec<f64>,
    /// (weight, percentile?, xs, ys, rising) per measure of the default model, in order.
    measures: Vec<MeasureKnob>,
    bands: Vec<f64>,
    windows: [u32; 7],
    satisfaction_cut: f64,
    usage_cut: Option<f64>,
    risks: Vec<f64>,
    override_score: Option<(usize, f64, i32)>,
}

fn knobs_strategy() -> impl Strategy<Value = ModelKnobs> {
    let n_measures: usize = Model::default()
        .groups
        .iter()
        .map(|g| g.measures.len())
        .sum();
    let weight = prop_oneof![1 => Just(0.0), 4 => 0.0..10.0f64];
    (
        prop::collection::vec(weight.clone(), 2),
        prop::collection::vec(
            (
                weight,
                prop::bool::weighted(0.2),
                prop::collection::vec(0.0..=1.0f64, 2..6),
                prop::collection::vec(0.0..=1.0f64, 6),
                any::<bool>(),
            ),
            n_measures,
        ),
        prop::collection::vec(0.0..=100.0f64, 0..11),
        prop::array::uniform7(prop_oneof![1..=3660u32, 1..=120u32]),
        0.0..=100.0f64,
        opt(0.0..=100.0f64),
        prop::collection::vec(0.0..=1.0f64, 8),
        opt((0..7usize, 0.0..=100.0f64, -30..=30i32)),
    )
        .prop_map(
            |(
                group_weights,
                measures,
                bands,
                windows,
                satisfaction_cut,
                usage_cut,
                risks,
                override_score,
            )| ModelKnobs {
                group_weights,
                measures,
                bands,
                windows,
                satisfaction_cut,
                usage_cut,
                risks,
                override_score,
            },
        )
}

/// The default model with knobs applied. `natural` keeps every threshold rising in the
/// measure's natural direction (for monotonicity); otherwise directions are random too.
fn model_from(k: &ModelKnobs, natural: bool) -> Model {
    let mut m = default_model();
    for (g, w) in m.groups.iter_mut().zip(&k.group_weights) {
        g.weight = *w;
    }
    let mut i = 0;
    for g in &mut m.groups {
        for mw in &mut g.measures {
            let (w, pct, xs, ys, rising) = &k.measures[i];
            i += 1;
            mw.weight = *w;
            mw.normalize = if *pct {
                Normalize::Percentile {
                    higher_is_better: if natural {
                        !lower_is_better(mw.measure)
                    } else {
                        *rising
                    },
                }
            } else {
                Normalize::Thresholds {
                    points: points_from(mw.measure, xs, ys, natural, *rising),
                }
            };
        }
    }
    let mut mins: Vec<f64> = k.bands.clone();
    mins.sort_by(f64::total_cmp);
    mins.dedup();
    mins.retain(|&v| v > 0.0);
    let template = m.bands[0].clone();
    m.bands = std::iter::once(0.0)
        .chain(mins)
        .enumerate()
        .map(|(i, min)| customer_health::model::config::Band {
            id: format!("b{i}"),
            label: format!("Band {i}"),
            min,
            ..template.clone()
        })
        .collect();
    let w = &mut m.windows;
    [
        w.recent_days,
        w.consistency_weeks,
        w.ticket_days,
        w.touchpoint_days,
        w.survey_days,
        w.trend_days,
        w.backtest_days,
    ] = k.windows;
    m.quadrants.satisfaction_cut = k.satisfaction_cut;
    m.quadrants.usage_cut = match k.usage_cut {
        Some(v) => Cut::Fixed(v),
        None => Cut::Named(CutName::Median),
    };
    let f = &mut m.flags;
    f.usage_trap.risk = k.risks[0];
    f.usage_decline.risk = k.risks[1];
    f.seat_under_use.risk = k.risks[2];
    f.champion_loss.risk = k.risks[3];
    f.release_disruption.risk = k.risks[4];
    f.silence.risk = k.risks[5];
    f.ticket_surge.risk = k.risks[6];
    f.competitor_mention.risk = k.risks[7];
    if let Some((acc, s, expires_in)) = k.override_score {
        m.overrides.push(Override {
            account_id: format!("acc-{acc}"),
            health_score: s,
            reason: "test".into(),
            expires: day_to_iso(as_of() + expires_in),
        });
    }
    m
}

// ---------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------

fn check_invariants(r: &Results, model: &Model) -> Result<(), TestCaseError> {
    for a in &r.accounts {
        let id = &a.account_id;
        prop_assert!(
            (0.0..=1.0).contains(&a.coverage),
            "{id}: coverage {}",
            a.coverage
        );
        if let Some(s) = a.health_score {
            prop_assert!(
                s.is_finite() && (0.0..=100.0).contains(&s),
                "{id}: score {s}"
            );
        }
        if let Some(v) = a.value_realized {
            prop_assert!((0.0..=1.0).contains(&v), "{id}: value_realized {v}");
        }
        for c in &a.components {
            if let Some(n) = c.normalized {
                prop_assert!(
                    (0.0..=100.0).contains(&n),
                    "{id}: {:?} normalized {n}",
                    c.measure
                );
            } else {
                prop_assert_eq!(
                    c.applied_weight,
                    0.0,
                    "{}: missing {:?} carries weight",
                    id,
                    c.measure
                );
                prop_assert_eq!(c.contribution, 0.0);
            }
            prop_assert!(c.applied_weight >= 0.0 && c.nominal_weight >= 0.0);
        }
        let computed = a.computed_score.or(if a.override_reason.is_none() {
            a.health_score
        } else {
            None
        });
        let applied: f64 = a.components.iter().map(|c| c.applied_weight).sum();
        let contributions: f64 = a.components.iter().map(|c| c.contribution).sum();
        match computed {
            Some(s) => {
                prop_assert!(
                    (applied - 1.0).abs() < 1e-9,
                    "{id}: applied weights sum to {applied}"
                );
                prop_assert!(
                    (contributions - s).abs() < 1e-6,
                    "{id}: {contributions} vs {s}"
                );
            }
            None => prop_assert_eq!(applied, 0.0),
        }
        let nominal: f64 = a.components.iter().map(|c| c.nominal_weight).sum();
        prop_assert!(
            (nominal - 1.0).abs() < 1e-9,
            "{id}: nominal weights sum to {nominal}"
        );
        if let Some(p) = &a.priority {
            prop_assert!((0.0..=1.0).contains(&p.risk), "{id}: risk {}", p.risk);
        }
        if let (Some(s), Some(band)) = (a.health_score, a.band.as_deref()) {
            let b = model
                .bands
                .iter()
                .rev()
                .find(|b| s >= b.min)
                .map(|b| b.id.as_str());
            prop_assert_eq!(b, Some(band));
        }
    }
    Ok(())
}

fn score_of(r: &Results, id: &str) -> Option<f64> {
    r.accounts
        .iter()
        .find(|a| a.account_id == id)
        .and_then(|a| a.health_score)
}

// ---------------------------------------------------------------------------------------
// Single-input improvements
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Improve {
    FlatCsat,
    FlatNps,
    FlatLogins,
    FlatActiveUsers,
    FlatGoalProgress,
    FlatFeatures,
    FlatSuccessPlan,
    FlatEmpowerment,
    FlatTickets,
    SurveyScore,
    TicketFaster,
    TicketSatisfaction,
    GoalCloser,
    MilestoneDone,
    Seats,
}

fn improve_strategy() -> impl Strategy<Value = Improve> {
    use Improve::*;
    prop::sample::select(vec![
        FlatCsat,
        FlatNps,
        FlatLogins,
        FlatActiveUsers,
        FlatGoalProgress,
        FlatFeatures,
        FlatSuccessPlan,
        FlatEmpowerment,
        FlatTickets,
        SurveyScore,
        TicketFaster,
        TicketSatisfaction,
        GoalCloser,
        MilestoneDone,
        Seats,
    ])
}

fn up(v: &mut Option<f64>, t: f64, max: f64) {
    if let Some(x) = v {
        *x += (max - *x) * t;
    }
}

/// Applies one improvement to `s`; false when it does not apply (nothing changed).
fn apply(s: &mut AccountSpec, op: Improve, t: f64, pick: usize) -> bool {
    use Improve::*;
    let before = format!("{s:?}");
    let f = &mut s.flat;
    match op {
        FlatCsat => up(&mut f.csat, t, 1.0),
        FlatNps => up(&mut f.nps, t, 100.0),
        FlatLogins => up(&mut f.logins_30d, t, 120.0),
        FlatActiveUsers => {
            // More active users than seats would be over-use; keep within seats.
            let cap = s.seats.unwrap_or(60.0).max(f.active_users.unwrap_or(0.0));
            up(&mut f.active_users, t, cap)
        }
        FlatGoalProgress => up(&mut f.goal_progress, t, 1.0),
        FlatFeatures => up(&mut f.features_used, t, 25.0),
        FlatSuccessPlan => {
            if f.success_plan == Some(false) {
                f.success_plan = Some(true)
            }
        }
        FlatEmpowerment => up(&mut f.empowerment, t, 1.0),
        FlatTickets => {
            if let Some(x) = &mut f.tickets_30d {
                *x *= 1.0 - t;
            }
        }
        SurveyScore => {
            if !s.surveys.is_empty() {
                let i = pick % s.surveys.len();
                let (is_nps, _, score) = &mut s.surveys[i];
                let max = if *is_nps { 10.0 } else { 5.0 };
                *score = (*score + (t * 10.0).round()).min(max);
            }
        }
        TicketFaster => {
            if !s.tickets.is_empty() {
                let i = pick % s.tickets.len();
                if let Some(h) = &mut s.tickets[i].1 {
                    *h *= 1.0 - t;
                }
            }
        }
        TicketSatisfaction => {
            if !s.tickets.is_empty() {
                let i = pick % s.tickets.len();
                if let Some(v) = &mut s.tickets[i].2 {
                    *v = (*v + (t * 4.0).round()).min(5.0);
                }
            }
        }
        GoalCloser => {
            if !s.goals.is_empty() {
                let i = pick % s.goals.len();
                let g = &mut s.goals[i];
                if let (Some(target), Some(current)) = (g.target, &mut g.current) {
                    *current += (target - *current) * t;
                }
            }
        }
        MilestoneDone => {
            if !s.goals.is_empty() {
                let i = pick % s.goals.len();
                if s.goals[i].status != Some("done") {
                    s.goals[i].status = Some("done");
                }
            }
        }
        Seats => {
            // Fewer licensed seats for the same activity: utilisation rises, but ticket
            // load per seat rises too, so this is not a single-input improvement. Skipped.
        }
    }
    format!("{s:?}") != before
}

// ---------------------------------------------------------------------------------------
// CSV rendering for ingest-level properties
// ---------------------------------------------------------------------------------------

fn fmt_opt(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_default()
}

/// Renders the portfolio as the CSV files a user would upload: (name, header, rows).
fn to_files(specs: &[AccountSpec]) -> Vec<(String, String, Vec<String>)> {
    let mut accounts = Vec::new();
    let mut usage = Vec::new();
    let mut surveys = Vec::new();
    let mut tickets = Vec::new();
    let mut touch = Vec::new();
    let mut goals = Vec::new();
    let iso = |ago: i32| day_to_iso(as_of() - ago);
    for (a, s) in specs.iter().enumerate() {
        let f = &s.flat;
        accounts.push(format!(
            "acc-{a},\"Account {a}, Inc.\",{},{},{},{},{},{},{},{},{},{},{}",
            fmt_opt(s.arr),
            fmt_opt(s.seats.map(f64::round)),
            fmt_opt(f.csat),
            fmt_opt(f.nps.map(f64::round)),
            fmt_opt(f.logins_30d.map(f64::round)),
            fmt_opt(f.active_users.map(f64::round)),
            fmt_opt(f.goal_progress),
            fmt_opt(f.features_used.map(f64::round)),
            f.success_plan
                .map(|b| if b { "yes" } else { "no" })
                .unwrap_or(""),
            fmt_opt(f.empowerment),
            fmt_opt(f.tickets_30d.map(f64::round)),
        ));
        for &(user, ago, feature, count) in &s.usage {
            usage.push(format!(
                "acc-{a},u{a}-{user},{},feature-{feature},{count}",
                iso(ago)
            ));
        }
        for &(is_nps, ago, score) in &s.surveys {
            surveys.push(format!(
                "acc-{a},{},{},{score}",
                iso(ago),
                if is_nps { "nps" } else { "csat" }
            ));
        }
        for &(ago, hours, sat) in &s.tickets {
            let opened = format!("{}T09:00:00", iso(ago));
            let resolved = hours
                .map(|h| {
                    let secs =
                        (as_of() - ago) as i64 * 86_400 + 9 * 3600 + (h.round() as i64) * 3600;
                    let dt = chrono::DateTime::from_timestamp(secs, 0).unwrap();
                    dt.format("%Y-%m-%dT%H:%M:%S").to_string()
                })
                .unwrap_or_default();
            tickets.push(format!("acc-{a},{opened},{resolved},{}", fmt_opt(sat)));
        }
        for &ago in &s.touchpoints {
            touch.push(format!("acc-{a},{},call", iso(ago)));
        }
        for (i, g) in s.goals.iter().enumerate() {
            goals.push(format!(
                "acc-{a},goal {i},{},{},{},{},{},{}",
                if g.milestone { "milestone" } else { "goal" },
                fmt_opt(g.baseline),
                fmt_opt(g.target),
                fmt_opt(g.current),
                g.due_ago.map(iso).unwrap_or_default(),
                g.status.unwrap_or(""),
            ));
        }
    }
    vec![
        (
            "accounts.csv".into(),
            "account_id,name,arr,seats,csat,nps,logins_30d,active_users,goal_progress,features_used,success_plan,empowerment,tickets_30d".into(),
            accounts,
        ),
        ("usage.csv".into(), "account_id,user_id,date,feature,count".into(), usage),
        ("surveys.csv".into(), "account_id,date,type,score".into(), surveys),
        ("tickets.csv".into(), "account_id,opened_at,resolved_at,satisfaction".into(), tickets),
        ("touchpoints.csv".into(), "account_id,date,type".into(), touch),
        (
            "goals.csv".into(),
            "account_id,goal,type,baseline,target,current,due_date,status".into(),
            goals,
        ),
    ]
}

fn file_bytes(header: &str, rows: &[String], crlf: bool) -> Vec<u8> {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut s = String::from(header);
    s.push_str(eol);
    for r in rows {
        s.push_str(r);
        s.push_str(eol);
    }
    s.into_bytes()
}

/// Ingests files through the engine, pushing each in the chunks given by `cuts`
/// (byte offsets, any values; taken modulo the file length).
fn run_engine(files: &[(String, Vec<u8>)], cuts: &[usize], model: &Model) -> Results {
    let mut engine = Engine::new();
    for (name, bytes) in files {
        let id = engine.begin_file(name, None).unwrap();
        let mut offsets: Vec<usize> = cuts
            .iter()
            .map(|c| if bytes.is_empty() { 0 } else { c % bytes.len() })
            .collect();
        offsets.push(0);
        offsets.push(bytes.len());
        offsets.sort_unstable();
        offsets.dedup();
        for w in offsets.windows(2) {
            engine.push(id, &bytes[w[0]..w[1]]).unwrap();
        }
        engine.end_file(id).unwrap();
    }
    engine.score(model)
}

/// What must not depend on row order: per account (sorted by id), scores, bands, flags,
/// components; the summary; per file (sorted by name), the counts and the mapping.
fn order_free_view(r: &Results) -> String {
    let mut accounts: Vec<String> = r
        .accounts
        .iter()
        .map(|a| {
            let mut flags: Vec<String> = a.flags.iter().map(|f| format!("{:?}", f.flag)).collect();
            flags.sort();
            let comps: Vec<String> = a
                .components
                .iter()
                .map(|c| {
                    format!(
                        "{:?}={:?}/{:?}/{:.9}",
                        c.measure,
                        c.raw.map(|v| format!("{v:.9}")),
                        c.normalized.map(|v| format!("{v:.9}")),
                        c.applied_weight
                    )
                })
                .collect();
            format!(
                "{} score={:?} prev={:?} cov={:.9} band={:?} quad={:?} value={:?} arr={:?} flags={flags:?} comps={comps:?} rank={:?}",
                a.account_id,
                a.health_score.map(|v| format!("{v:.9}")),
                a.previous_score.map(|v| format!("{v:.9}")),
                a.coverage,
                a.band,
                a.quadrant,
                a.value_realized.map(|v| format!("{v:.9}")),
                a.arr,
                a.priority.as_ref().map(|p| p.rank),
            )
        })
        .collect();
    accounts.sort();
    let mut files: Vec<String> = r
        .files
        .iter()
        .map(|f| {
            let mut reasons = f.reasons.clone();
            reasons.sort();
            format!(
                "{} kind={:?} read={} used={} rejected={} ignored={} reasons={reasons:?} error={:?}",
                f.name, f.kind, f.rows_read, f.rows_used, f.rows_rejected, f.cells_ignored, f.error
            )
        })
        .collect();
    files.sort();
    let s = &r.summary;
    format!(
        "{accounts:#?}\n{files:#?}\nsummary: accounts={} scored={} mean={:?} bands={:?} quadrants={:?} flags={:?} rows={}/{}/{}",
        s.accounts,
        s.scored,
        s.mean_score.map(|v| format!("{v:.6}")),
        s.bands,
        s.quadrants,
        s.flags,
        s.rows_read,
        s.rows_used,
        s.rows_rejected
    )
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Scores 0–100, coverage 0–1, applied weights sum to 1, with the default model.
    #[test]
    fn default_model_invariants(specs in portfolio_strategy(), releases in prop::collection::vec(0..200i32, 0..3)) {
        let model = default_model();
        let r = score(&build(&specs, &releases), &model);
        prop_assert_eq!(r.accounts.len(), specs.len());
        check_invariants(&r, &model)?;
    }

    /// Any random model that passes validation scores any dataset without panicking, and
    /// the invariants hold; its outputs serialise.
    #[test]
    fn random_valid_models_never_panic(
        specs in portfolio_strategy(),
        knobs in knobs_strategy(),
        releases in prop::collection::vec(0..200i32, 0..3),
    ) {
        let model = model_from(&knobs, false);
        prop_assume!(model.validate().is_ok());
        // Round-trip through JSON as a user's model would arrive.
        let text = serde_json::to_string(&model).unwrap();
        let model = Model::from_json(&text).expect("a valid model re-parses");
        let r = score(&build(&specs, &releases), &model);
        check_invariants(&r, &model)?;
        let json = to_json_compact(&r);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        let csv = to_csv(&r, &model);
        prop_assert!(csv.matches("\r\n").count() > r.accounts.len());
    }

    /// Improving any single input of one account never lowers that account's score.
    #[test]
    fn improving_one_input_never_lowers_the_score(
        specs in portfolio_strategy(),
        knobs in knobs_strategy(),
        who in any::<prop::sample::Index>(),
        op in improve_strategy(),
        t in 0.05..=1.0f64,
        pick in any::<usize>(),
    ) {
        let mut knobs = knobs;
        knobs.override_score = None;
        let model = model_from(&knobs, true);
        prop_assume!(model.validate().is_ok());
        let a = who.index(specs.len());
        let mut better = specs.clone();
        prop_assume!(apply(&mut better[a], op, t, pick));
        let before = score(&build(&specs, &[]), &model);
        let after = score(&build(&better, &[]), &model);
        let id = format!("acc-{a}");
        // Marking a goal done can add a measure the account did not have (attainment of a
        // goal without numbers): that is new data, not a better value. Compare like with like.
        let present = |r: &Results| -> Vec<bool> {
            r.accounts.iter().find(|x| x.account_id == id).unwrap()
                .components.iter().map(|c| c.normalized.is_some()).collect()
        };
        prop_assume!(present(&before) == present(&after));
        let (s0, s1) = (score_of(&before, &id), score_of(&after, &id));
        prop_assert_eq!(s0.is_some(), s1.is_some(), "an improvement changed whether {} is scored", id);
        if let (Some(s0), Some(s1)) = (s0, s1) {
            prop_assert!(s1 >= s0 - 1e-9, "{:?} (t={}) lowered {}'s score {} → {}", op, t, id, s0, s1);
        }
    }

    /// Missing data never counts as 0: an account without any CSAT data is scored on the
    /// other measures; the same account with a true CSAT of 0 (which normalises to the
    /// bottom of the scale) scores lower whenever anything else scored above 0.
    #[test]
    fn missing_is_not_zero(specs in portfolio_strategy(), knobs in knobs_strategy(), who in any::<prop::sample::Index>()) {
        let mut knobs = knobs;
        knobs.override_score = None;
        let mut model = model_from(&knobs, true);
        // CSAT carries weight and 0 normalises to 0.
        for g in &mut model.groups {
            if g.measures.iter().any(|m| m.measure == Measure::Csat) && g.weight == 0.0 {
                g.weight = 1.0;
            }
            for mw in &mut g.measures {
                if mw.measure == Measure::Csat {
                    mw.weight = mw.weight.max(0.5);
                    mw.normalize = Normalize::Thresholds { points: vec![[0.4, 0.0], [0.9, 100.0]] };
                }
            }
        }
        prop_assume!(model.validate().is_ok());
        let a = who.index(specs.len());
        let mut missing = specs.clone();
        let s = &mut missing[a];
        s.flat.csat = None;
        s.surveys.retain(|x| x.0);
        for t in &mut s.tickets { t.2 = None; }
        let mut zero = missing.clone();
        zero[a].flat.csat = Some(0.0);
        let rm = score(&build(&missing, &[]), &model);
        let rz = score(&build(&zero, &[]), &model);
        let id = format!("acc-{a}");
        let am = rm.accounts.iter().find(|x| x.account_id == id).unwrap();
        let az = rz.accounts.iter().find(|x| x.account_id == id).unwrap();
        let cm = am.components.iter().find(|c| c.measure == Measure::Csat).unwrap();
        let cz = az.components.iter().find(|c| c.measure == Measure::Csat).unwrap();
        prop_assert_eq!(cm.raw, None);
        prop_assert_eq!(cm.normalized, None);
        prop_assert_eq!(cm.applied_weight, 0.0);
        prop_assert_eq!(cz.normalized, Some(0.0));
        prop_assert!(az.coverage > am.coverage, "coverage {} vs {}", az.coverage, am.coverage);
        match (am.health_score, az.health_score) {
            (None, Some(z)) => prop_assert_eq!(z, 0.0),
            (Some(m), Some(z)) => {
                if m > 1e-9 {
                    prop_assert!(z < m, "a true 0 should pull the score down: missing {} vs zero {}", m, z);
                } else {
                    prop_assert!(z.abs() < 1e-9);
                }
            }
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    /// Shuffled rows, shuffled file order, CRLF line ends and any chunk split give the same
    /// results through ingest; the same order with different chunk splits gives byte-identical
    /// JSON.
    #[test]
    fn results_do_not_depend_on_row_order_or_chunks(
        specs in portfolio_strategy(),
        seed in any::<u64>(),
        cuts_a in prop::collection::vec(any::<usize>(), 0..12),
        cuts_b in prop::collection::vec(any::<usize>(), 0..40),
        crlf in any::<bool>(),
    ) {
        let model = default_model();
        let files = to_files(&specs);
        let ordered: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, h, rows)| (n.clone(), file_bytes(h, rows, false)))
            .collect();
        // Deterministic shuffle from the seed (xorshift).
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut shuffled: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, h, rows)| {
                let mut rows = rows.clone();
                for i in (1..rows.len()).rev() {
                    let j = (next() % (i as u64 + 1)) as usize;
                    rows.swap(i, j);
                }
                (n.clone(), file_bytes(h, &rows, crlf))
            })
            .collect();
        for i in (1..shuffled.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let whole = run_engine(&ordered, &[], &model);
        let split_a = run_engine(&ordered, &cuts_a, &model);
        let split_b = run_engine(&ordered, &cuts_b, &model);
        for f in &whole.files {
            prop_assert_eq!(f.rows_read, f.rows_used + f.rows_rejected, "{}", f.name);
            prop_assert!(f.error.is_none() || f.rows_read == 0, "{}: {:?}", f.name, f.error);
            // Every generated row is valid: nothing may be lost on the way in.
            prop_assert_eq!(f.rows_rejected, 0, "{}: {:?}", f.name, f.issues);
        }
        let accounts_file = whole.files.iter().find(|f| f.name == "accounts.csv").unwrap();
        prop_assert_eq!(accounts_file.rows_used as usize, specs.len(), "{:?}", accounts_file.issues);
        check_invariants(&whole, &model)?;
        let json = to_json_compact(&whole);
        prop_assert_eq!(&json, &to_json_compact(&split_a));
        prop_assert_eq!(&json, &to_json_compact(&split_b));
        let moved = run_engine(&shuffled, &cuts_b, &model);
        prop_assert_eq!(order_free_view(&whole), order_free_view(&moved));
    }
}
