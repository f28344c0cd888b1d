//! Ground truth: is a planted story visible in the data, as a CSM reading the account's
//! usage chart and user list would judge it? Judged from the plan and the expected
//! (noise-free) usage only; the rules under test are never run here. The standard is
//! stated in docs/scoring.md ("When is a story visible?").

use super::civil_from_days;
use super::plan::{Plan, Release, User, SECOND_FEATURE};

/// How a story stands in one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// Not there: a firing is a false positive.
    Absent,
    /// There and visible by the standard: a miss is a false negative.
    Visible,
    /// There but too faint, too fresh, too short or ambiguous to see: excluded from P and R.
    Faint,
}

impl Truth {
    /// Faint unless already visible.
    fn max_faint(self) -> Truth {
        if self == Truth::Visible {
            self
        } else {
            Truth::Faint
        }
    }
}

/// Ground truth of one account.
#[derive(Debug, Clone)]
pub struct AccountTruth {
    pub id: String,
    pub users: usize,
    pub champion_loss: Truth,
    pub release_disruption: Truth,
    /// Whether the disrupting release names a feature (None: nothing planted).
    pub release_names_feature: Option<bool>,
    pub usage_decline: Truth,
    pub seat_under_use: Truth,
    /// The drawn parameters, as (parameter, bucket), for the error breakdown.
    pub params: Vec<(&'static str, &'static str)>,
}

pub fn judge(plan: &Plan, as_of: i64, releases: &[Release]) -> AccountTruth {
    AccountTruth {
        id: plan.id.clone(),
        users: plan.users.len(),
        champion_loss: champion(plan, as_of),
        release_disruption: release(plan, as_of, releases),
        release_names_feature: plan
            .disruption
            .as_ref()
            .map(|x| releases[x.release].feature.is_some()),
        usage_decline: decline(plan, as_of),
        seat_under_use: seats(plan, as_of),
        params: params(plan, as_of, releases),
    }
}

/// The parameters an error breakdown groups by.
fn params(plan: &Plan, as_of: i64, releases: &[Release]) -> Vec<(&'static str, &'static str)> {
    let bucket = |x: f64, cuts: [f64; 2], names: [&'static str; 3]| {
        names[(x >= cuts[0]) as usize + (x >= cuts[1]) as usize]
    };
    let recent = |d: i64| d <= as_of && d > as_of - 120;
    let christmas = (as_of - 119..=as_of).any(|d| {
        let (_, m, day) = civil_from_days(d);
        m == 12 && day == 25
    });
    let holiday = christmas || plan.holidays.iter().any(|&h| recent(h));
    vec![
        ("skew between users", bucket(plan.skew, [0.5, 0.8], ["σ 0.2–0.5", "σ 0.5–0.8", "σ 0.8–1.1"])),
        ("weekly noise", bucket(plan.noise, [0.12, 0.18], ["σ 5–12%", "σ 12–18%", "σ 18–25%"])),
        ("activity", if plan.sparse { "sparse" } else { "ordinary" }),
        ("weekends", if plan.weekend >= 0.6 { "used" } else { "quiet" }),
        ("holiday or Christmas in the last 120 days", if holiday { "yes" } else { "no" }),
        ("organic decline", if plan.decline.is_some() { "yes" } else { "no" }),
        (
            "disrupting release age",
            match &plan.disruption {
                None => "none planted",
                Some(x) => bucket(
                    (as_of - releases[x.release].day) as f64,
                    [28.0, 56.0],
                    ["1–4 weeks", "5–8 weeks", "9–12 weeks"],
                ),
            },
        ),
        (
            "champion's planned silence",
            match plan.champion_quiet {
                None => "no champion",
                Some(0) => "stays",
                Some(q) => bucket(q as f64, [21.0, 46.0], ["5–20 days", "21–45 days", "46–75 days"]),
            },
        ),
    ]
}

/// Expected events of `u` on day `d`, on feature `only` or on all features.
fn expected_events(plan: &Plan, u: &User, d: i64, only: Option<usize>) -> f64 {
    let rate = plan.rate(u, d);
    if rate == 0.0 {
        return 0.0;
    }
    let k = u.features.len() as f64;
    let pick = if u.features.len() > 1 {
        (1.0 + SECOND_FEATURE) / k
    } else {
        1.0
    };
    let feats = u
        .features
        .iter()
        .filter(|&&f| only.map_or(true, |o| o == f));
    rate * u.lambda
        * feats
            .map(|&f| pick * plan.feature_factor(u, f, d))
            .sum::<f64>()
}

/// Expected active user-days (distinct user and day pairs) from `from` to `to`, on feature
/// `only` (the chance that an active user's picks include it and it is kept) or on all.
fn user_days(plan: &Plan, from: i64, to: i64, only: Option<usize>) -> f64 {
    let mut total = 0.0;
    for d in from..=to {
        for u in &plan.users {
            let rate = plan.rate(u, d);
            if rate == 0.0 {
                continue;
            }
            total += match only {
                None => rate,
                Some(f) if u.features.contains(&f) => {
                    let k = u.features.len() as f64;
                    let pick = if k > 1.0 { (1.0 + SECOND_FEATURE) / k } else { 1.0 };
                    rate * pick * plan.feature_factor(u, f, d)
                }
                Some(_) => 0.0,
            };
        }
    }
    total
}

pub fn volume(plan: &Plan, from: i64, to: i64, only: Option<usize>) -> f64 {
    (from..=to)
        .map(|d| {
            plan.users
                .iter()
                .map(|u| expected_events(plan, u, d, only))
                .sum::<f64>()
        })
        .sum()
}

/// Champion loss is visible when a user who was clearly the account's most engaged person
/// (among its top 3 by expected active days in the 90 days before they went quiet, at least
/// 16 such days, at least 2.5× the median colleague's, and ahead of the most active
/// colleague outside the top 3 by at least one standard error, √ of the two expected counts'
/// sum) has been gone 21–90 days, and
/// at least twice the longest break their habit makes ordinary (the 90th-percentile gap).
/// Nobody of that kind gone 14 days or more, and no one at all gone 21+ days who might be a
/// champion: absent. Anything between: faint.
fn champion(plan: &Plan, as_of: i64) -> Truth {
    let mut truth = Truth::Absent;
    for (i, u) in plan.users.iter().enumerate() {
        // expected silence: trailing days that hold less than half an expected active day
        // (a departure, or a disruption that all but stopped them)
        let mut quiet = 0;
        let mut held = 0.0;
        while quiet < 200 {
            held += plan.rate(u, as_of - quiet);
            if held >= 0.5 {
                break;
            }
            quiet += 1;
        }
        if quiet < 14 {
            // all but stopped (a disruption or a decline cut them to a quarter or less of
            // their earlier activity): the data may show them silent or not — ambiguous
            let lately = (as_of - 20..=as_of).map(|d| plan.rate(u, d)).sum::<f64>() / 21.0;
            let before = (as_of - 110..as_of - 20).map(|d| plan.rate(u, d)).sum::<f64>() / 90.0;
            if before * 90.0 >= 8.0 && lately <= 0.25 * before {
                truth = truth.max_faint();
            }
            continue;
        }
        let last = as_of - quiet;
        let from = last - 89;
        let days = |v: &User| (from..=last).map(|d| plan.rate(v, d)).sum::<f64>();
        let own = days(u);
        let mut others: Vec<f64> = plan
            .users
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, v)| days(v))
            .filter(|&x| x >= 0.5)
            .collect();
        others.sort_by(f64::total_cmp);
        let median = if others.is_empty() {
            0.0
        } else {
            (others[others.len() / 2] + others[(others.len() - 1) / 2]) / 2.0
        };
        let rank = 1 + others.iter().filter(|&&x| x > own).count();
        let p = (own / 90.0).min(0.99);
        let usual_gap = if p > 0.0 {
            (0.1f64.ln() / (1.0 - p).ln()).ceil()
        } else {
            90.0
        };
        // standing apart from the most active colleague outside the top 3 by more than the
        // chance spread of two counts of days (one standard error): among near-equals, the
        // one who left is one of several power users, not clearly the champion
        let next = others.len().checked_sub(3).map_or(0.0, |i| others[i]);
        let apart = own - next >= (own + next).sqrt();
        let clearly = own >= 16.0 && own >= 2.5 * median && rank <= 3 && apart;
        let maybe = own >= 8.0 && own >= 1.5 * median && rank <= 6;
        let gone = (21..=90).contains(&quiet) && quiet as f64 >= 2.0 * usual_gap;
        if clearly && gone {
            return Truth::Visible;
        }
        if maybe && quiet >= 14 {
            truth = truth.max_faint();
        }
    }
    truth
}

/// Release disruption is visible when the planted loss on the series the release concerns
/// (the feature it names when the usage knows that feature, else all usage) is at least
/// 45%, the release is at least two weeks old, the loss is still in effect at as-of, the
/// series had at least 15 events a week before the release, and the expected fall of its
/// weekly active user-days (up to four weeks after vs the four before) is at least three
/// standard errors of counts that size (beyond chance variation). A planted loss that misses any
/// of these is faint; so is an unplanted account whose expected usage still drops by 25% or more in both
/// of the first two weeks after some release (a decline that started there, a champion who
/// left then, Christmas).
fn release(plan: &Plan, as_of: i64, releases: &[Release]) -> Truth {
    if let Some(x) = &plan.disruption {
        let rel = &releases[x.release];
        let only = rel.feature;
        let end = (rel.day + 27).min(as_of);
        let after_with = volume(plan, rel.day, end, only);
        let unplanned = Plan {
            disruption: None,
            ..plan.clone()
        };
        let after_without = volume(&unplanned, rel.day, end, only);
        let drop = 1.0 - after_with / after_without.max(1e-9);
        let weekly_before = volume(plan, rel.day - 28, rel.day - 1, only) / 4.0;
        // beyond chance: the expected fall in active user-days a week, over up to four
        // weeks after vs the four before, is at least 3 standard errors of counts that size
        let weeks_after = ((end - rel.day + 1) / 7).max(1);
        let b = user_days(plan, rel.day - 28, rel.day - 1, only) / 4.0;
        let a = user_days(plan, rel.day, rel.day + 7 * weeks_after - 1, only) / weeks_after as f64;
        let clear = (b - a) / (b / 4.0 + a / weeks_after as f64).max(1e-9).sqrt() >= 3.0;
        let visible = as_of - rel.day + 1 >= 14
            && x.until > as_of
            && drop >= 0.45
            && weekly_before >= 15.0
            && clear;
        return if visible {
            Truth::Visible
        } else {
            Truth::Faint
        };
    }
    for rel in releases {
        if as_of - rel.day + 1 < 14 || as_of - rel.day > 120 {
            continue;
        }
        // the engine judges a release that names a feature on that feature
        let only = rel.feature;
        let before = volume(plan, rel.day - 28, rel.day - 1, only) / 4.0;
        if before < 1.0 {
            continue;
        }
        let week = |k: i64| volume(plan, rel.day + 7 * k, rel.day + 7 * k + 6, only);
        let least = (1.0 - week(0) / before).min(1.0 - week(1) / before);
        if least >= 0.25 {
            return Truth::Faint;
        }
    }
    Truth::Absent
}

/// Usage decline: expected events in the last 28 days vs the 28 before (all effects of the
/// plan included): a fall of 45%+ from at least 40 events is visible when it also stands out
/// of the account's ordinary ups and downs (below), under 15% absent.
fn decline(plan: &Plan, as_of: i64) -> Truth {
    let last = volume(plan, as_of - 27, as_of, None);
    let prev = volume(plan, as_of - 55, as_of - 28, None);
    if prev < 40.0 {
        return Truth::Faint;
    }
    let drop = 1.0 - last / prev;
    if drop >= 0.45 {
        // the fall on a log scale against twice the planned spread of the log ratio of two
        // 28-day totals (each as variable as the 28 days before)
        let spread = 2f64.sqrt() * swing_28(plan, as_of - 55, as_of - 28);
        if (prev / last.max(1e-9)).ln() >= 2.0 * spread {
            Truth::Visible
        } else {
            Truth::Faint
        }
    } else if drop < 0.15 {
        Truth::Absent
    } else {
        Truth::Faint
    }
}

/// The planned relative spread (standard deviation ÷ mean) of the event total of `from..=to`
/// (28 days): each user-day a compound Poisson draw (active with the plan's rate, then that
/// user's events) plus the account-wide weekly noise (log-normal σ per week, 4 weeks).
pub(crate) fn swing_28(plan: &Plan, from: i64, to: i64) -> f64 {
    let (mut mean, mut var) = (0.0, 0.0);
    for d in from..=to {
        for u in &plan.users {
            let rate = plan.rate(u, d);
            if rate > 0.0 {
                let events = expected_events(plan, u, d, None);
                let per_day = events / rate;
                mean += events;
                var += rate * (per_day * per_day + per_day);
            }
        }
    }
    (var / (mean * mean).max(1e-9) + plan.noise * plan.noise / 4.0).sqrt()
}

/// Seat under-use: expected distinct active users in the last 28 days ÷ seats (seats ≥ 3):
/// 30% or less visible, 50% or more absent.
fn seats(plan: &Plan, as_of: i64) -> Truth {
    if plan.seats < 3 {
        return Truth::Absent;
    }
    let active: f64 = plan
        .users
        .iter()
        .map(|u| {
            1.0 - (as_of - 27..=as_of)
                .map(|d| 1.0 - plan.rate(u, d))
                .product::<f64>()
        })
        .sum();
    let util = active / plan.seats as f64;
    if util <= 0.3 {
        Truth::Visible
    } else if util >= 0.5 {
        Truth::Absent
    } else {
        Truth::Faint
    }
}
