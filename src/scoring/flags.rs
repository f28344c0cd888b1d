//! Early-warning flags. Each fires only when the data it needs exists, and carries its
//! evidence in plain language and the model's risk.

use crate::dataset::{day_to_iso, Dataset, Day, NONE_ID};
use crate::metrics::index::{rows_between, seconds_to_day, AccountIndex};
use crate::metrics::measure::Measure;
use crate::metrics::usage::{is_active, seat_sentence, volume};
use crate::metrics::{fmt_num, AccountMeasures};
use crate::model::config::Model;
use crate::results::{Flag, FlagHit};

/// Everything a flag rule may look at for one account.
pub struct FlagInput<'a> {
    /// The dataset.
    pub dataset: &'a Dataset,
    /// Its per-account index.
    pub index: &'a AccountIndex,
    /// The model (rules and risks).
    pub model: &'a Model,
    /// The as-of day.
    pub as_of: Day,
    /// The account's measures as of `as_of`.
    pub measures: &'a AccountMeasures,
    /// The account's usage index, if any.
    pub usage_index: Option<f64>,
    /// The portfolio usage cut, if any.
    pub usage_cut: Option<f64>,
}

/// Evaluates every flag rule for one account, in [`Flag`] order.
pub fn evaluate(input: &FlagInput) -> Vec<FlagHit> {
    [
        usage_trap(input),
        usage_decline(input),
        seat_under_use(input),
        champion_loss(input),
        release_disruption(input),
        silence(input),
        ticket_surge(input),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// High usage (index at or above the usage cut) while goal attainment is below the rule.
pub fn usage_trap(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.usage_trap;
    let usage = input.usage_index?;
    let cut = input.usage_cut?;
    let goals = input.measures.raw(Measure::GoalAttainment)?;
    (usage >= cut && goals < rule.goal_attainment_below).then(|| FlagHit {
        flag: Flag::UsageTrap,
        evidence: format!(
            "usage index {usage:.0} is at or above the portfolio cut {cut:.0}, yet goals are only {:.0}% attained (rule: below {:.0}%)",
            goals * 100.0,
            rule.goal_attainment_below * 100.0
        ),
        risk: rule.risk,
    })
}

/// Recent usage volume fell by at least the rule's share vs. the window before.
pub fn usage_decline(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.usage_decline;
    let facts = &input.measures.usage;
    if !facts.has_usage || facts.previous_volume < rule.min_previous_events.max(f64::MIN_POSITIVE) {
        return None;
    }
    let drop = 1.0 - facts.recent_volume / facts.previous_volume;
    let days = input.model.windows.recent_days;
    (drop >= rule.drop_at_least).then(|| FlagHit {
        flag: Flag::UsageDecline,
        evidence: format!(
            "usage {} events in the last {days} days vs {} in the {days} before (−{:.0}%)",
            fmt_num(facts.recent_volume),
            fmt_num(facts.previous_volume),
            drop * 100.0
        ),
        risk: rule.risk,
    })
}

/// Seat utilisation below the rule on contracts with at least `min_seats` seats.
pub fn seat_under_use(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.seat_under_use;
    let utilisation = input.measures.raw(Measure::SeatUtilisation)?;
    let seats = input.measures.seats?;
    if seats < rule.min_seats || utilisation >= rule.utilisation_below {
        return None;
    }
    let users = (utilisation * seats).round();
    Some(FlagHit {
        flag: Flag::SeatUnderUse,
        evidence: format!(
            "{} ({:.0}% of seats; rule: below {:.0}%)",
            seat_sentence(users, seats),
            utilisation * 100.0,
            rule.utilisation_below * 100.0
        ),
        risk: rule.risk,
    })
}

/// The account's top user over the lookback (before the quiet period) has been silent for
/// the whole quiet period. Needs user ids.
pub fn champion_loss(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.champion_loss;
    if !input.index.usage_has_users {
        return None;
    }
    let usage = &input.dataset.usage;
    let rows = input.index.usage_of(input.measures.account as usize);
    let quiet_start = input.as_of - rule.quiet_days as i32 + 1;
    let lookback = rows_between(
        rows,
        &usage.day,
        quiet_start - rule.lookback_days as i32,
        quiet_start - 1,
    );
    let mut per_user: Vec<(u32, f64)> = Vec::new();
    let mut total = 0.0;
    for &r in lookback {
        let r = r as usize;
        let v = volume(usage.count[r]);
        total += v;
        let user = usage.user[r];
        if user == NONE_ID {
            continue;
        }
        match per_user.binary_search_by_key(&user, |(u, _)| *u) {
            Ok(i) => per_user[i].1 += v,
            Err(i) => per_user.insert(i, (user, v)),
        }
    }
    if total <= 0.0 {
        return None;
    }
    let quiet = rows_between(rows, &usage.day, quiet_start, input.as_of);
    let (user, events) = per_user
        .iter()
        .copied()
        .filter(|&(_, v)| v >= rule.min_user_events && v / total >= rule.top_user_share_at_least)
        // Ties go to the alphabetically first user name, independent of interning order.
        .max_by(|a, b| {
            a.1.total_cmp(&b.1).then_with(|| {
                let names = &input.dataset.users;
                names.name(b.0).cmp(names.name(a.0))
            })
        })?;
    let still_active = quiet
        .iter()
        .any(|&r| usage.user[r as usize] == user && is_active(usage.count[r as usize]));
    (!still_active).then(|| FlagHit {
        flag: Flag::ChampionLoss,
        evidence: format!(
            "top user {} had {:.0}% of the account's activity ({} events) in the {} days before, and nothing in the last {} days",
            input.dataset.users.name(user),
            events / total * 100.0,
            fmt_num(events),
            rule.lookback_days,
            rule.quiet_days
        ),
        risk: rule.risk,
    })
}

/// Usage in the span after a release fell vs. the same span before (feature-specific when
/// the release names a feature the account used). Releases whose after-span started within
/// the recent window (plus the rule's window) are considered; a span shorter than 7 days
/// (a release only days old) is not judged yet.
pub fn release_disruption(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.release_disruption;
    let usage = &input.dataset.usage;
    let rows = input.index.usage_of(input.measures.account as usize);
    if rows.is_empty() {
        return None;
    }
    let window = rule.window_days as i32;
    let horizon = input.as_of - input.model.windows.recent_days as i32 - window;
    let mut worst: Option<(f64, Day, FlagHit)> = None;
    for release in &input.dataset.releases {
        let day = release.day;
        if day > input.as_of || day <= horizon {
            continue;
        }
        let span = window.min(input.as_of - day + 1);
        if span < window.min(7) {
            continue;
        }
        let feature = release
            .feature
            .as_deref()
            .and_then(|f| input.dataset.features.get(f));
        let sum = |first: Day, last: Day, only: Option<u32>| -> f64 {
            rows_between(rows, &usage.day, first, last)
                .iter()
                .filter(|&&r| only.map_or(true, |f| usage.feature[r as usize] == f))
                .map(|&r| volume(usage.count[r as usize]))
                .sum()
        };
        let mut scope = feature;
        let mut before = sum(day - span, day - 1, scope);
        if scope.is_some() && before < rule.min_events_before {
            scope = None;
            before = sum(day - span, day - 1, None);
        }
        if before < rule.min_events_before.max(f64::MIN_POSITIVE) {
            continue;
        }
        let after = sum(day, day + span - 1, scope);
        let drop = 1.0 - after / before;
        // Equal drops: the earliest release wins, whatever the order of the releases file.
        let better = match &worst {
            None => true,
            Some((d, worst_day, _)) => drop > *d || (drop == *d && day < *worst_day),
        };
        if drop < rule.drop_at_least || !better {
            continue;
        }
        let what = match (scope, &release.feature) {
            (Some(_), Some(name)) => format!("use of {name}"),
            (None, Some(name)) => format!("usage (release of {name})"),
            _ => "usage".to_string(),
        };
        worst = Some((
            drop,
            day,
            FlagHit {
                flag: Flag::ReleaseDisruption,
                evidence: format!(
                    "{what} fell from {} to {} events in the {span} days after the release of {} (−{:.0}%)",
                    fmt_num(before),
                    fmt_num(after),
                    day_to_iso(day),
                    drop * 100.0
                ),
                risk: rule.risk,
            },
        ));
    }
    worst.map(|(_, _, hit)| hit)
}

/// No touchpoint, ticket or survey for `quiet_days` from an account that had some before.
pub fn silence(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.silence;
    let (d, ix, a) = (input.dataset, input.index, input.measures.account as usize);
    let last_touch = ix.touchpoints[a]
        .iter()
        .map(|&i| d.touchpoints[i as usize].day);
    let last_ticket = ix.tickets[a]
        .iter()
        .map(|&i| seconds_to_day(d.tickets[i as usize].opened));
    let last_survey = ix.surveys[a].iter().map(|&i| d.surveys[i as usize].day);
    let last = last_touch
        .chain(last_ticket)
        .chain(last_survey)
        .filter(|&day| day <= input.as_of)
        .max()?;
    let quiet = input.as_of - last;
    (quiet >= rule.quiet_days as i32).then(|| FlagHit {
        flag: Flag::Silence,
        evidence: format!(
            "no touchpoint, ticket or survey for {quiet} days (last on {}; rule: {} days)",
            day_to_iso(last),
            rule.quiet_days
        ),
        risk: rule.risk,
    })
}

/// Tickets in the last `recent_days` at least `ratio_at_least` × the daily rate of the
/// ticket window before them. With no earlier tickets, the surge counts when the ticket
/// data reaches back before the recent span and the minimum is met.
pub fn ticket_surge(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.ticket_surge;
    let (d, ix, a) = (input.dataset, input.index, input.measures.account as usize);
    let recent_days = rule.recent_days as i32;
    let usual_days = input.model.windows.ticket_days as i32;
    let recent_first = input.as_of - recent_days + 1;
    let days: Vec<Day> = ix.tickets[a]
        .iter()
        .map(|&i| seconds_to_day(d.tickets[i as usize].opened))
        .filter(|&day| day <= input.as_of)
        .collect();
    let recent = days.iter().filter(|&&day| day >= recent_first).count() as f64;
    if recent < rule.min_tickets.max(1.0) {
        return None;
    }
    let earlier = days
        .iter()
        .filter(|&&day| day < recent_first && day >= recent_first - usual_days)
        .count() as f64;
    if ix
        .first_ticket_day
        .map_or(true, |first| first >= recent_first)
    {
        return None;
    }
    let recent_rate = recent / recent_days as f64;
    let usual_rate = earlier / usual_days as f64;
    let fires = usual_rate == 0.0 || recent_rate >= rule.ratio_at_least * usual_rate;
    fires.then(|| FlagHit {
        flag: Flag::TicketSurge,
        evidence: format!(
            "{} tickets in the last {recent_days} days vs {} in the {usual_days} days before ({} per 30 days usually)",
            fmt_num(recent),
            fmt_num(earlier),
            fmt_num(usual_rate * 30.0)
        ),
        risk: rule.risk,
    })
}
