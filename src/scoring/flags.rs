//! Early-warning flags. Each fires only when the data it needs exists, and carries its
//! evidence in plain language and the model's risk.

use crate::dataset::{day_to_iso, Dataset, Day};
use crate::domain::flag::Flag;
use crate::metrics::index::{seconds_to_day, AccountIndex};
use crate::metrics::measure::Measure;
use crate::metrics::usage::seat_sentence;
use crate::metrics::{fmt_num, AccountMeasures};
use crate::model::config::{Cut, CutName, Model};
use crate::scoring::account::{FlagHit, NearMiss};

pub use super::champion::champion_loss;
pub use super::decline::usage_decline;
pub use super::release::release_disruption;

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
    /// The usage cut in use (the model's fixed cut, or the portfolio median), if any.
    pub usage_cut: Option<f64>,
}

/// What a rule concluded for one account.
pub enum Verdict {
    /// The flag fires.
    Fires(FlagHit),
    /// It came close: shown so a CSM sees what is coming.
    Near(NearMiss),
    /// Nothing to say.
    Quiet,
}

impl From<Option<FlagHit>> for Verdict {
    fn from(hit: Option<FlagHit>) -> Self {
        hit.map_or(Verdict::Quiet, Verdict::Fires)
    }
}

/// Evaluates every flag rule for one account, in [`Flag`] order.
pub fn evaluate(input: &FlagInput) -> Vec<FlagHit> {
    evaluate_with_near_misses(input).0
}

/// Every flag rule for one account: the flags that fire and the near misses, each in
/// [`Flag`] order.
pub fn evaluate_with_near_misses(input: &FlagInput) -> (Vec<FlagHit>, Vec<NearMiss>) {
    let verdicts: [Verdict; 8] = [
        usage_trap(input).into(),
        usage_decline(input),
        seat_under_use(input).into(),
        champion_loss(input),
        release_disruption(input),
        silence(input).into(),
        ticket_surge(input).into(),
        competitor_mention(input).into(),
    ];
    let (mut hits, mut near) = (Vec::new(), Vec::new());
    for verdict in verdicts {
        match verdict {
            Verdict::Fires(hit) => hits.push(hit),
            Verdict::Near(miss) => near.push(miss),
            Verdict::Quiet => {}
        }
    }
    (hits, near)
}

/// High usage (index at or above the usage cut) while goal attainment is below the rule.
pub fn usage_trap(input: &FlagInput) -> Option<FlagHit> {
    let rule = &input.model.flags.usage_trap;
    let usage = input.usage_index?;
    let cut = input.usage_cut?;
    let goals = input.measures.raw(Measure::GoalAttainment)?;
    // Say which cut: the model's fixed one (the default, 50) or this portfolio's median.
    let which = match input.model.quadrants.usage_cut {
        Cut::Fixed(_) => "the model's fixed usage cut",
        Cut::Named(CutName::Median) => "the usage cut at this portfolio's median",
    };
    (usage >= cut && goals < rule.goal_attainment_below).then(|| FlagHit {
        flag: Flag::UsageTrap,
        evidence: format!(
            "usage index {usage:.0} is at or above {which} ({cut:.0}), yet goals are only {:.0}% attained (rule: below {:.0}%)",
            goals * 100.0,
            rule.goal_attainment_below * 100.0
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
pub(crate) fn contains_words(haystack: &str, needle: &str) -> bool {
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
