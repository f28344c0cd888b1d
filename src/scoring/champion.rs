//! Champion loss: one of the account's most engaged people has gone quiet for longer than
//! their own habit explains.
//!
//! - **Who is a champion** is judged against the account's own users, not a fixed share of
//!   all activity: in the `lookback_days` up to a user's last active day, they were active
//!   on at least `min_active_days` days, on at least `champion_multiple` × the days of the
//!   median other user active in that span, they rank among the `max_champions` most
//!   active users, and they stand apart from the most active user outside that group: their
//!   lead is at least `standout_margin` standard errors (√ of the two counts' sum). In a big
//!   account a dozen people may be active on 15–20 days; which of them ranks third is
//!   chance, and none of them is the account's champion. Works the same for 2 users (the
//!   other one is the median; there is no one outside the group) and for 500.
//! - **How long is too long** is judged against the champion's own cadence: their usual
//!   longest break is the 90th percentile of the gaps between their active days. They are
//!   *lost* after max(`quiet_days`, `usual_gap_multiple` × that break) days of silence and
//!   on *watch* (a near miss) after max(`watch_days`, that break + 1).
//! - A champion silent for longer than `lookback_days` is old news, not an early warning.

use crate::dataset::{day_to_iso, Day, NONE_ID};
use crate::domain::flag::Flag;
use crate::metrics::index::rows_between;
use crate::metrics::usage::{is_active, volume};
use crate::scoring::account::{FlagHit, NearMiss};

use super::flags::{FlagInput, Verdict};

/// One user's active days (ascending) over the span read.
struct UserDays {
    user: u32,
    days: Vec<Day>,
}

impl UserDays {
    fn between(&self, first: Day, last: Day) -> &[Day] {
        let a = self.days.partition_point(|&d| d < first);
        let b = self.days.partition_point(|&d| d <= last);
        &self.days[a..b.max(a)]
    }
}

/// A quiet champion and how the rule reads them.
struct Quiet {
    user: u32,
    silence: i32,
    last: Day,
    active_days: usize,
    median_days: f64,
    /// Active days of the most active user outside the champion group, if any.
    next_days: Option<usize>,
    usual_gap: i32,
    lost_after: i32,
    watch_after: i32,
}

/// Per-user active days over `first..=last` from the account's usage rows.
fn user_days(input: &FlagInput, first: Day, last: Day) -> Vec<UserDays> {
    let usage = &input.dataset.usage;
    let rows = input.index.usage_of(input.measures.account as usize);
    let mut pairs: Vec<(u32, Day)> = rows_between(rows, &usage.day, first, last)
        .iter()
        .map(|&r| r as usize)
        .filter(|&r| usage.user[r] != NONE_ID && is_active(usage.count[r]))
        .filter(|&r| volume(usage.count[r]) > 0.0)
        .map(|r| (usage.user[r], usage.day[r]))
        .collect();
    crate::sort::sort(&mut pairs);
    pairs.dedup();
    let mut out: Vec<UserDays> = Vec::new();
    for (user, day) in pairs {
        match out.last_mut() {
            Some(u) if u.user == user => u.days.push(day),
            _ => out.push(UserDays {
                user,
                days: vec![day],
            }),
        }
    }
    out
}

/// The 90th percentile (nearest rank) of the gaps between consecutive days; with fewer
/// than two active days, the span spread evenly over them.
fn usual_gap(days: &[Day], span: i32) -> i32 {
    let mut gaps: Vec<i32> = days.windows(2).map(|w| w[1] - w[0]).collect();
    if gaps.is_empty() {
        return span / days.len().max(1) as i32;
    }
    crate::sort::sort(&mut gaps);
    let rank = ((gaps.len() as f64 * 0.9).ceil() as usize).clamp(1, gaps.len());
    gaps[rank - 1]
}

fn median(values: &mut Vec<usize>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    crate::sort::sort(values);
    let n = values.len();
    (values[n / 2] + values[(n - 1) / 2]) as f64 / 2.0
}

/// True when `own` active days lead `next` by at least `margin` standard errors of the
/// difference of two counts (√(own + next)): a lead chance among equals rarely gives.
fn stands_out(own: usize, next: usize, margin: f64) -> bool {
    let (own, next) = (own as f64, next as f64);
    own - next >= margin * (own + next).sqrt()
}

/// Reads every quiet user of the account and keeps those who were champions.
fn quiet_champions(input: &FlagInput) -> Vec<Quiet> {
    let rule = &input.model.flags.champion_loss;
    let lookback = rule.lookback_days.max(7) as i32;
    let watch_floor = rule.watch_days.min(rule.quiet_days).max(1) as i32;
    let users = user_days(input, input.as_of - 2 * lookback + 1, input.as_of);
    let mut out = Vec::new();
    for (i, u) in users.iter().enumerate() {
        let last = *u.days.last().unwrap_or(&input.as_of);
        let silence = input.as_of - last;
        if silence < watch_floor || silence > lookback {
            continue;
        }
        let first = last - lookback + 1;
        let own = u.between(first, last);
        let mut others: Vec<usize> = users
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, v)| v.between(first, last).len())
            .filter(|&n| n > 0)
            .collect();
        let rank = 1 + others.iter().filter(|&&n| n > own.len()).count();
        let median_days = median(&mut others);
        let group = rule.max_champions.max(1) as usize;
        // `others` is sorted ascending: the most active user outside the group of `group`
        let next_days = others.len().checked_sub(group).map(|i| others[i]);
        let champion = own.len() >= rule.min_active_days.max(1) as usize
            && own.len() as f64 >= rule.champion_multiple * median_days
            && rank <= group
            && next_days.map_or(true, |next| stands_out(own.len(), next, rule.standout_margin));
        if !champion {
            continue;
        }
        let gap = usual_gap(own, lookback);
        let lost_after =
            (rule.quiet_days as i32).max((rule.usual_gap_multiple * gap as f64).ceil() as i32);
        let watch_after = watch_floor.max(gap + 1).min(lost_after);
        if silence < watch_after {
            continue;
        }
        out.push(Quiet {
            user: u.user,
            silence,
            last,
            active_days: own.len(),
            median_days,
            next_days,
            usual_gap: gap,
            lost_after,
            watch_after,
        });
    }
    out
}

/// Champion loss as a verdict: fires for a lost champion, a near miss for one on watch.
pub fn champion_loss(input: &FlagInput) -> Verdict {
    if !input.index.usage_has_users {
        return Verdict::Quiet;
    }
    let rule = &input.model.flags.champion_loss;
    let names = &input.dataset.users;
    let quiet = quiet_champions(input);
    // the most engaged first; equal engagement: the alphabetically first name
    let pick = |lost: bool| {
        quiet
            .iter()
            .filter(|q| (q.silence >= q.lost_after) == lost)
            .max_by(|a, b| {
                a.active_days
                    .cmp(&b.active_days)
                    .then_with(|| names.name(b.user).cmp(names.name(a.user)))
            })
    };
    let lost_count = quiet.iter().filter(|q| q.silence >= q.lost_after).count();
    if let Some(q) = pick(true) {
        let mut relative = if q.median_days > 0.0 {
            format!(
                "{:.1}× the {} of the account's median other user",
                q.active_days as f64 / q.median_days,
                days_text(q.median_days)
            )
        } else {
            "no one else in the account was active then".to_string()
        };
        if let Some(next) = q.next_days {
            relative.push_str(&format!(
                "; the most active user outside the top {} was active on {next} days",
                rule.max_champions.max(1)
            ));
        }
        let mut evidence = format!(
            "champion {} has been quiet for {} days since {} (lost after {} days: {} days and {}× their usual longest break of {} days). Before that they were active on {} of {} days ({relative})",
            names.name(q.user),
            q.silence,
            day_to_iso(q.last),
            q.lost_after,
            rule.quiet_days,
            crate::metrics::fmt_num(rule.usual_gap_multiple),
            q.usual_gap,
            q.active_days,
            rule.lookback_days,
        );
        if lost_count > 1 {
            evidence.push_str(&format!(
                "; {} other champions are quiet too",
                lost_count - 1
            ));
        }
        return Verdict::Fires(FlagHit {
            flag: Flag::ChampionLoss,
            evidence,
            risk: rule.risk,
        });
    }
    match pick(false) {
        Some(q) => Verdict::Near(NearMiss {
            flag: Flag::ChampionLoss,
            evidence: format!(
                "champion {} quiet {} days (on watch from {}; usually back within {} days); fires at {}",
                names.name(q.user),
                q.silence,
                q.watch_after,
                q.usual_gap,
                q.lost_after
            ),
        }),
        None => Verdict::Quiet,
    }
}

fn days_text(days: f64) -> String {
    format!("{} days", crate::metrics::fmt_num(days))
}
