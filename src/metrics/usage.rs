//! Usage measures: frequency, trend, login consistency, feature breadth, high-impact
//! adoption, seat utilisation and stickiness.
//!
//! Windows (all counted back from as-of, inclusive): the recent window is the last
//! `windows.recent_days` days; the trend compares it with the window of equal length just
//! before; seat utilisation always uses the last 28 days (standard definition); login
//! consistency uses the last `windows.consistency_weeks` whole weeks, but never counts
//! weeks before the account's first usage (a 3-week-old account is judged on 3 weeks — a
//! documented, tenure-aware deviation from "active weeks ÷ N").
//!
//! A usage row counts as activity when its count is positive (a missing count means 1).

use super::index::{rows_between, AccountIndex};
use super::{fmt_num, AccountMeasures};
use crate::dataset::{Dataset, Day, NONE_ID};
use crate::metrics::measure::Measure;
use crate::model::config::Model;

/// Window of the seat-utilisation definition.
pub const SEAT_WINDOW_DAYS: i32 = 28;

/// Why seat utilisation and stickiness are missing when usage rows carry no user ids.
pub const NO_USER_IDS: &str = "the usage export has no user ids, so active users cannot be counted";

/// Portfolio-wide facts needed by per-account usage measures.
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// Distinct features used by anyone on or before as-of.
    pub features_seen: usize,
    /// Largest flat `features_used`, the denominator when no usage rows name features.
    pub max_flat_features: Option<f64>,
    /// Interned id of each of the model's high-impact features (in model order), `None`
    /// when nobody ever used it.
    pub high_impact_ids: Vec<Option<u32>>,
}

impl Portfolio {
    /// Scans the usage columns once.
    pub fn new(dataset: &Dataset, model: &Model, as_of: Day) -> Portfolio {
        let usage = &dataset.usage;
        let mut seen = vec![false; dataset.features.len()];
        for i in 0..usage.len() {
            let f = usage.feature[i];
            if f != NONE_ID && usage.day[i] <= as_of && is_active(usage.count[i]) {
                if let Some(s) = seen.get_mut(f as usize) {
                    *s = true;
                }
            }
        }
        let max_flat_features = dataset
            .accounts
            .iter()
            .filter_map(|a| a.flat.features_used)
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
            .filter(|&v| v > 0.0);
        let high_impact_ids = model
            .high_impact_features
            .iter()
            .map(|name| find_feature(dataset, name))
            .collect();
        Portfolio {
            features_seen: seen.iter().filter(|&&s| s).count(),
            max_flat_features,
            high_impact_ids,
        }
    }
}

fn find_feature(dataset: &Dataset, name: &str) -> Option<u32> {
    dataset.features.get(name).or_else(|| {
        let wanted = name.trim().to_lowercase();
        (0..dataset.features.len() as u32)
            .find(|&id| dataset.features.name(id).trim().to_lowercase() == wanted)
    })
}

/// Reusable marks for distinct-counting users and features without allocating per row.
#[derive(Debug, Clone)]
pub struct Scratch {
    user_mark: Vec<u32>,
    feature_mark: Vec<u32>,
    stamp: u32,
}

impl Scratch {
    /// Sized for the dataset's users and features.
    pub fn new(dataset: &Dataset) -> Scratch {
        Scratch {
            user_mark: vec![0; dataset.users.len()],
            feature_mark: vec![0; dataset.features.len()],
            stamp: 0,
        }
    }
    /// True when the last distinct-feature count saw `feature`.
    fn feature_seen(&self, feature: Option<u32>) -> bool {
        feature.is_some_and(|f| self.feature_mark.get(f as usize) == Some(&self.stamp))
    }
    fn next(&mut self) -> u32 {
        self.stamp += 1;
        self.stamp
    }
}

/// True when a usage row's count means activity (missing counts mean one event).
pub fn is_active(count: f32) -> bool {
    count.is_nan() || count > 0.0
}

/// Event volume of a row (missing counts mean one event).
pub fn volume(count: f32) -> f64 {
    if count.is_nan() {
        1.0
    } else {
        count.max(0.0) as f64
    }
}

/// Distinct users (ignoring rows without a user) among `rows`.
fn distinct_users(dataset: &Dataset, rows: &[u32], scratch: &mut Scratch) -> u32 {
    let stamp = scratch.next();
    let mut n = 0;
    for &r in rows {
        let r = r as usize;
        let u = dataset.usage.user[r];
        if u != NONE_ID && is_active(dataset.usage.count[r]) {
            if let Some(mark) = scratch.user_mark.get_mut(u as usize) {
                if *mark != stamp {
                    *mark = stamp;
                    n += 1;
                }
            }
        }
    }
    n
}

/// Distinct features among `rows`; afterwards [`Scratch::feature_seen`] tells which.
fn distinct_features(dataset: &Dataset, rows: &[u32], scratch: &mut Scratch) -> u32 {
    let stamp = scratch.next();
    let mut n = 0;
    for &r in rows {
        let r = r as usize;
        let f = dataset.usage.feature[r];
        if f != NONE_ID && is_active(dataset.usage.count[r]) {
            if let Some(mark) = scratch.feature_mark.get_mut(f as usize) {
                if *mark != stamp {
                    *mark = stamp;
                    n += 1;
                }
            }
        }
    }
    n
}

/// Fills the usage measures of account `a`.
#[allow(clippy::too_many_arguments)]
pub fn fill(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    portfolio: &Portfolio,
    scratch: &mut Scratch,
    a: usize,
    as_of: Day,
    out: &mut AccountMeasures,
) {
    let usage = &dataset.usage;
    let days = &usage.day;
    let recent_days = model.windows.recent_days as i32;
    let all = rows_between(index.usage_of(a), days, Day::MIN, as_of);
    if !all.is_empty() {
        out.has_dated_data = true;
        out.usage.has_usage = true;
        let recent = rows_between(all, days, as_of - recent_days + 1, as_of);
        let before = rows_between(all, days, as_of - 2 * recent_days + 1, as_of - recent_days);
        event_measures(
            dataset, index, model, portfolio, scratch, as_of, all, recent, before, out,
        );
    }
    if !index.usage_has_users && !usage.is_empty() {
        // The cause is the export, not the account: say so (flat columns may still fill
        // seat utilisation below).
        for measure in [Measure::SeatUtilisation, Measure::Stickiness] {
            out.set(measure, None, 0, NO_USER_IDS.to_string());
        }
    }
    flat_fallbacks(dataset, portfolio, a, out);
}

#[allow(clippy::too_many_arguments)]
fn event_measures(
    dataset: &Dataset,
    index: &AccountIndex,
    model: &Model,
    portfolio: &Portfolio,
    scratch: &mut Scratch,
    as_of: Day,
    all: &[u32],
    recent: &[u32],
    before: &[u32],
    out: &mut AccountMeasures,
) {
    let usage = &dataset.usage;
    let days = &usage.day;
    let recent_days = model.windows.recent_days as i32;
    let active = |r: &&u32| is_active(usage.count[**r as usize]);

    // Frequency: distinct active days per week in the recent window.
    let mut active_days = 0u32;
    let mut last_day = None;
    for &r in recent.iter().filter(active) {
        let d = days[r as usize];
        if last_day != Some(d) {
            active_days += 1;
            last_day = Some(d);
        }
    }
    let per_week = active_days as f64 / (recent_days as f64 / 7.0);
    out.set(
        Measure::UsageFrequency,
        Some(per_week),
        recent.len() as u32,
        format!(
            "{active_days} active days in the last {recent_days} days ({} per week)",
            fmt_num(per_week)
        ),
    );

    // Trend: volume recent vs. the window before.
    let recent_volume: f64 = recent
        .iter()
        .map(|&r| volume(usage.count[r as usize]))
        .sum();
    let previous_volume: f64 = before
        .iter()
        .map(|&r| volume(usage.count[r as usize]))
        .sum();
    out.usage.recent_volume = recent_volume;
    out.usage.previous_volume = previous_volume;
    if previous_volume > 0.0 {
        let change = recent_volume / previous_volume - 1.0;
        out.set(
            Measure::UsageTrend,
            Some(change),
            (recent.len() + before.len()) as u32,
            format!(
                "{} events in the last {recent_days} days vs {} in the {recent_days} before ({})",
                fmt_num(recent_volume),
                fmt_num(previous_volume),
                signed_percent(change)
            ),
        );
    } else {
        out.set(
            Measure::UsageTrend,
            None,
            0,
            format!("no usage in the {recent_days} days before the recent window to compare with"),
        );
    }

    // Login consistency: active weeks out of the last N weeks (not before first usage).
    let first_day = days[all[0] as usize];
    let tenure_weeks = ((as_of - first_day) / 7 + 1).max(1) as u32;
    let weeks = model.windows.consistency_weeks.min(tenure_weeks);
    let span = rows_between(all, days, as_of - 7 * weeks as i32 + 1, as_of);
    let mut active_weeks = 0u32;
    let mut last_week = None;
    for &r in span.iter().filter(active) {
        let week = (as_of - days[r as usize]) / 7;
        if last_week != Some(week) {
            active_weeks += 1;
            last_week = Some(week);
        }
    }
    out.set(
        Measure::LoginConsistency,
        Some(active_weeks as f64 / weeks as f64),
        span.len() as u32,
        format!("active in {active_weeks} of the last {weeks} weeks"),
    );

    // Feature breadth and high-impact adoption.
    if index.usage_has_features && portfolio.features_seen > 0 {
        let used = distinct_features(dataset, recent, scratch);
        out.set(
            Measure::FeatureBreadth,
            Some(used as f64 / portfolio.features_seen as f64),
            recent.len() as u32,
            format!(
                "{used} of the {} features seen across the portfolio used in the last {recent_days} days",
                portfolio.features_seen
            ),
        );
        let listed = &model.high_impact_features;
        if !listed.is_empty() {
            let unused: Vec<&str> = listed
                .iter()
                .zip(&portfolio.high_impact_ids)
                .filter(|(_, &id)| !scratch.feature_seen(id))
                .map(|(name, _)| name.as_str())
                .collect();
            let hits = listed.len() - unused.len();
            let mut evidence = format!(
                "{hits} of {} high-impact features used in the last {recent_days} days",
                listed.len()
            );
            if !unused.is_empty() {
                evidence.push_str(&format!("; not used: {}", unused.join(", ")));
            }
            out.set(
                Measure::HighImpactAdoption,
                Some(hits as f64 / listed.len() as f64),
                recent.len() as u32,
                evidence,
            );
        }
    }

    if !index.usage_has_users {
        return;
    }
    // Seat utilisation: distinct active users in the last 28 days ÷ seats.
    let seat_rows = rows_between(all, days, as_of - SEAT_WINDOW_DAYS + 1, as_of);
    let users_28d = distinct_users(dataset, seat_rows, scratch);
    out.usage.active_users_28d = Some(users_28d);
    match out.seats.filter(|&s| s > 0.0) {
        Some(seats) => out.set(
            Measure::SeatUtilisation,
            Some(users_28d as f64 / seats),
            seat_rows.len() as u32,
            seat_sentence(users_28d as f64, seats),
        ),
        None => out.set(
            Measure::SeatUtilisation,
            None,
            0,
            format!("{users_28d} active users in the last 28 days, but no seat count is known"),
        ),
    }

    // Stickiness: mean daily distinct users ÷ distinct users over the recent window.
    let monthly = distinct_users(dataset, recent, scratch);
    let mut daily_sum = 0u64;
    let mut previous: Option<(Day, u32)> = None;
    for &r in recent.iter().filter(active) {
        let r = r as usize;
        let (d, u) = (days[r], usage.user[r]);
        if u != NONE_ID && previous != Some((d, u)) {
            daily_sum += 1;
            previous = Some((d, u));
        }
    }
    let mean_daily = daily_sum as f64 / recent_days as f64;
    let stickiness = if monthly == 0 {
        0.0
    } else {
        mean_daily / monthly as f64
    };
    out.set(
        Measure::Stickiness,
        Some(stickiness),
        recent.len() as u32,
        format!(
            "{} daily active users on average vs {monthly} over the last {recent_days} days",
            fmt_num(mean_daily)
        ),
    );
}

/// A change as a signed percentage with a true minus sign: "+12%", "−38%".
pub fn signed_percent(change: f64) -> String {
    let pct = (change * 100.0).round() + 0.0; // + 0.0 turns −0 into 0
    if pct < 0.0 {
        format!("−{}%", -pct)
    } else {
        format!("+{pct}%")
    }
}

/// "3 active users on a 10-seat contract" (with "one" for a single user).
pub fn seat_sentence(users: f64, seats: f64) -> String {
    let who = if users == 1.0 {
        "one active user".to_string()
    } else {
        format!("{} active users", fmt_num(users))
    };
    format!(
        "{who} in the last 28 days on a {}-seat contract",
        fmt_num(seats)
    )
}

/// Flat-column conversions, used only where event data gave nothing:
/// - `logins_30d` → usage frequency = min(logins_30d ÷ (30/7), 7) active days per week;
/// - `active_users` → seat utilisation = active_users ÷ seats;
/// - `features_used` → feature breadth = features_used ÷ features seen portfolio-wide
///   (from usage rows, else the largest `features_used` of the portfolio).
fn flat_fallbacks(dataset: &Dataset, portfolio: &Portfolio, a: usize, out: &mut AccountMeasures) {
    let flat = &dataset.accounts[a].flat;
    if out.is_missing(Measure::UsageFrequency) {
        if let Some(logins) = flat.logins_30d {
            let per_week = (logins / (30.0 / 7.0)).min(7.0);
            out.set(
                Measure::UsageFrequency,
                Some(per_week),
                0,
                format!(
                    "accounts table: {} logins in 30 days ≈ {} active days per week",
                    fmt_num(logins),
                    fmt_num(per_week)
                ),
            );
        }
    }
    if out.is_missing(Measure::SeatUtilisation) {
        if let (Some(users), Some(seats)) = (flat.active_users, out.seats.filter(|&s| s > 0.0)) {
            out.set(
                Measure::SeatUtilisation,
                Some(users / seats),
                0,
                format!("accounts table: {}", seat_sentence(users, seats)),
            );
        }
    }
    if out.is_missing(Measure::FeatureBreadth) {
        let denominator = if portfolio.features_seen > 0 {
            Some(portfolio.features_seen as f64)
        } else {
            portfolio.max_flat_features
        };
        if let (Some(used), Some(total)) = (flat.features_used, denominator) {
            out.set(
                Measure::FeatureBreadth,
                Some((used / total).min(1.0)),
                0,
                format!(
                    "accounts table: {} features used of {} seen portfolio-wide",
                    fmt_num(used),
                    fmt_num(total)
                ),
            );
        }
    }
}
