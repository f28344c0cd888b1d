//! Early-warning flags. Each fires only when the data it needs exists, and carries its
//! evidence in plain language and the model's risk.

use crate::dataset::{day_to_iso, Dataset, Day, NONE_ID};
use crate::domain::flag::Flag;
use crate::metrics::index::{rows_between, seconds_to_day, AccountIndex};
use crate::metrics::measure::Measure;
use crate::metrics::usage::{is_active, seat_sentence, signed_percent, volume};
use crate::metrics::{fmt_num, AccountMeasures};
use crate::model::config::Model;
use crate::scoring::account::FlagHit;

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
        competitor_mention(input),
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
///
/// The silence must be unusual for that user: at their lookback pace they would have been
/// active on at least `min_expected_active_days` days of the quiet period (so an occasional
/// user's ordinary gap is not mistaken for a departure).
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
    // (user, events, active days, last active day)
    let mut per_user: Vec<(u32, f64, u32, Day)> = Vec::new();
    let mut total = 0.0;
    for &r in lookback {
        let r = r as usize;
        if !is_active(usage.count[r]) {
            continue;
        }
        let v = volume(usage.count[r]);
        total += v;
        let (user, day) = (usage.user[r], usage.day[r]);
        if user == NONE_ID {
            continue;
        }
        match per_user.binary_search_by_key(&user, |e| e.0) {
            Ok(i) => {
                let e = &mut per_user[i];
                e.1 += v;
                if e.3 != day {
                    e.2 += 1;
                    e.3 = day;
                }
            }
            Err(i) => per_user.insert(i, (user, v, 1, day)),
        }
    }
    if total <= 0.0 {
        return None;
    }
    let pace = rule.quiet_days as f64 / rule.lookback_days.max(1) as f64;
    let names = &input.dataset.users;
    // Ties go to the alphabetically first user name, independent of interning order.
    let (user, events, active_days, _) = per_user
        .iter()
        .copied()
        .filter(|e| e.1 >= rule.min_user_events && e.1 / total >= rule.top_user_share_at_least)
        .filter(|e| e.2 as f64 * pace >= rule.min_expected_active_days)
        .max_by(|a, b| {
            a.1.total_cmp(&b.1)
                .then_with(|| names.name(b.0).cmp(names.name(a.0)))
        })?;
    let quiet = rows_between(rows, &usage.day, quiet_start, input.as_of);
    let still_active = quiet
        .iter()
        .any(|&r| usage.user[r as usize] == user && is_active(usage.count[r as usize]));
    (!still_active).then(|| FlagHit {
        flag: Flag::ChampionLoss,
        evidence: format!(
            "top user {} had {:.0}% of the account's activity ({} events on {active_days} days) in the {} days before, and nothing in the last {} days",
            names.name(user),
            events / total * 100.0,
            fmt_num(events),
            rule.lookback_days,
            rule.quiet_days
        ),
        risk: rule.risk,
    })
}

/// Usage in the span after a release fell vs. the same span before.
///
/// - A release that names a feature is judged on that feature only (an account that did not
///   use it enough before is not judged); a release without a feature on all usage.
/// - Spans are whole weeks (so weekday patterns cancel out): the rule's window, or fewer
///   weeks for a recent release, at least one week and half the window (a release younger
///   than that is too early to judge).
/// - When usage rows carry user ids, users must also have dropped off (fewer distinct users
///   after than before), which separates a disruption from ordinary volume noise.
/// - Only releases whose after-span overlaps the recent window are considered; the worst
///   drop is reported (equal drops: the earliest release).
pub fn release_disruption(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.release_disruption;
    let usage = &input.dataset.usage;
    let rows = input.index.usage_of(input.measures.account as usize);
    if rows.is_empty() {
        return None;
    }
    let window = rule.window_days as i32;
    let recent_start = input.as_of - input.model.windows.recent_days as i32 + 1;
    let mut worst: Option<(f64, Day, FlagHit)> = None;
    for release in &input.dataset.releases {
        let day = release.day;
        let elapsed = input.as_of - day + 1;
        let span = (window.min(elapsed) / 7) * 7;
        if day > input.as_of || span < 7 || span * 2 < window || day + span <= recent_start {
            continue;
        }
        let feature = match release.feature.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(name) => match input.dataset.features.get(name) {
                Some(id) => Some(id),
                None => continue,
            },
            None => None,
        };
        let measure = |first: Day, last: Day| -> (f64, Vec<u32>) {
            let mut volume_sum = 0.0;
            let mut users = Vec::new();
            for &r in rows_between(rows, &usage.day, first, last) {
                let r = r as usize;
                if feature.is_some_and(|f| usage.feature[r] != f) || !is_active(usage.count[r]) {
                    continue;
                }
                volume_sum += volume(usage.count[r]);
                if usage.user[r] != NONE_ID {
                    users.push(usage.user[r]);
                }
            }
            crate::sort::sort(&mut users);
            users.dedup();
            (volume_sum, users)
        };
        let (before, users_before) = measure(day - span, day - 1);
        if before < rule.min_events_before.max(f64::MIN_POSITIVE) {
            continue;
        }
        let (after, users_after) = measure(day, day + span - 1);
        let drop = 1.0 - after / before;
        let users_dropped = users_after.len() < users_before.len();
        if drop < rule.drop_at_least || (!users_before.is_empty() && !users_dropped) {
            continue;
        }
        let better = match &worst {
            None => true,
            Some((d, worst_day, _)) => drop > *d || (drop == *d && day < *worst_day),
        };
        if !better {
            continue;
        }
        let what = match &release.feature {
            Some(name) if feature.is_some() => format!("use of {name}"),
            _ => "usage".to_string(),
        };
        let mut evidence = format!(
            "{what} fell from {} to {} events in the {span} days after the release of {} ({})",
            fmt_num(before),
            fmt_num(after),
            day_to_iso(day),
            signed_percent(-drop)
        );
        if !users_before.is_empty() {
            evidence.push_str(&format!(
                "; active users {} → {}",
                users_before.len(),
                users_after.len()
            ));
        }
        worst = Some((
            drop,
            day,
            FlagHit {
                flag: Flag::ReleaseDisruption,
                evidence,
                risk: rule.risk,
            },
        ));
    }
    worst.map(|(_, _, hit)| hit)
}

/// No touchpoint, ticket or survey for `quiet_days` from an account that used to be in touch:
/// at least `min_contacts` contact days before, and a quiet spell of at least
/// `usual_gap_multiple` × its median gap between contact days.
pub fn silence(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.silence;
    let (d, ix, a) = (input.dataset, input.index, input.measures.account as usize);
    let touch_days = ix.touchpoints[a]
        .iter()
        .map(|&i| d.touchpoints[i as usize].day);
    let ticket_days = ix.tickets[a]
        .iter()
        .map(|&i| seconds_to_day(d.tickets[i as usize].opened));
    let survey_days = ix.surveys[a].iter().map(|&i| d.surveys[i as usize].day);
    let mut days: Vec<Day> = touch_days
        .chain(ticket_days)
        .chain(survey_days)
        .filter(|&day| day <= input.as_of)
        .collect();
    crate::sort::sort(&mut days);
    days.dedup();
    let last = *days.last()?;
    if days.len() < rule.min_contacts.max(2) as usize {
        return None;
    }
    let mut gaps: Vec<i32> = days.windows(2).map(|w| w[1] - w[0]).collect();
    crate::sort::sort(&mut gaps);
    let usual_gap = f64::from(gaps[gaps.len() / 2] + gaps[(gaps.len() - 1) / 2]) / 2.0;
    let quiet = input.as_of - last;
    let unusual = f64::from(quiet) >= rule.usual_gap_multiple * usual_gap;
    (quiet >= rule.quiet_days as i32 && unusual).then(|| FlagHit {
        flag: Flag::Silence,
        evidence: format!(
            "no touchpoint, ticket or survey for {quiet} days (last on {}), where contact usually came every {} days (rule: {} days and {}× the usual gap)",
            day_to_iso(last),
            fmt_num(usual_gap),
            rule.quiet_days,
            fmt_num(rule.usual_gap_multiple)
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

/// True when `needle` (lower case) occurs in `haystack` (lower case) as whole words.
fn contains_words(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    haystack.match_indices(needle).any(|(at, _)| {
        !is_word(haystack[..at].chars().next_back())
            && !is_word(haystack[at + needle.len()..].chars().next())
    })
}

/// Survey comments in the lookback that name a competitor or use a switching phrase.
pub fn competitor_mention(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.competitor_mention;
    let (d, ix, a) = (input.dataset, input.index, input.measures.account as usize);
    let first = input.as_of - rule.lookback_days as i32 + 1;
    let terms: Vec<String> = rule
        .competitors
        .iter()
        .chain(&rule.phrases)
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let mut mentions = 0;
    let mut latest: Option<(Day, &str, &str)> = None;
    for &i in &ix.surveys[a] {
        let survey = &d.surveys[i as usize];
        let Some(comment) = survey.comment.as_deref() else {
            continue;
        };
        if survey.day < first || survey.day > input.as_of {
            continue;
        }
        let lower = comment.to_lowercase();
        if let Some(term) = terms.iter().find(|t| contains_words(&lower, t)) {
            mentions += 1;
            let term_shown = rule
                .competitors
                .iter()
                .chain(&rule.phrases)
                .find(|t| t.trim().to_lowercase() == *term)
                .map(String::as_str)
                .unwrap_or("");
            if latest.map_or(true, |(seen, _, seen_comment)| {
                (survey.day, comment) >= (seen, seen_comment)
            }) {
                latest = Some((survey.day, term_shown, comment));
            }
        }
    }
    let (day, term, comment) = latest?;
    let mut quote: String = comment.chars().take(100).collect();
    if comment.chars().count() > 100 {
        quote.push('…');
    }
    Some(FlagHit {
        flag: Flag::CompetitorMention,
        evidence: format!(
            "{mentions} survey {} in the last {} days {} alternatives; latest on {} (\"{}\"): \"{quote}\"",
            if mentions == 1 { "comment" } else { "comments" },
            rule.lookback_days,
            if mentions == 1 { "mentions" } else { "mention" },
            day_to_iso(day),
            term.trim()
        ),
        risk: rule.risk,
    })
}
