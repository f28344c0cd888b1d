//! Release disruption: usage of what a release changed fell after it and stayed down.
//!
//! - **What is judged**: a release whose name is, or contains as whole words, a feature the
//!   usage data knows ("reports", "Reports 2.0: scheduling") is judged on that feature (an
//!   account that did not use it is not judged), read against the rest of the account's
//!   usage over the same weeks (a fall the whole account shares — a holiday, a slow month —
//!   is not the release's doing); any other release ("New navigation") on all of the
//!   account's usage. The evidence says which.
//! - **Two series, people and volume**: a release can drive people away (fewer active
//!   user-days: distinct user and day pairs) or leave them coming but doing less (a redesign
//!   that makes a report harder to build: the same people log in, events fall by half). A
//!   CSM reading the usage chart sees either as a break, so both series are read and the
//!   flag fires when either passes every test; the evidence says which fell ("events fell
//!   55% while active user-days fell 30%: people still come but use it less"). Usage that
//!   names no users has only the events series.
//! - **Which releases**: those up to `lookback_days` old, in whole weeks (weekday patterns
//!   cancel out): up to `window_days` of weeks before the release, every complete week after.
//! - **The drop**: the median week of the first `window_days` after vs. the median week
//!   before fell by `drop_at_least`; at least one of the two weeks just before the release
//!   was not yet down (the fall starts at the release, not before; one low week just before,
//!   such as a holiday, is not an earlier start); each of the first `persist_weeks` weeks
//!   after is down by that much (a one-week dip is not a disruption); and the latest two
//!   weeks are still down. Worst drop reported.
//! - **Why each of the first weeks, although the chance test weighs all weeks together**:
//!   the per-week check also ties the fall to the release. Release lists carry a change
//!   every week or two; a fall that only shows from the second week on (an organic decline,
//!   a champion leaving, a vacation season) would otherwise be blamed on whichever release
//!   came just before it. Judging the first two weeks together, or counting any two weeks
//!   down, was tried and blamed such falls (docs/scoring.md gives the figures).
//! - **Beyond chance, people**: the mean week since the release lies at least
//!   `clear_of_chance` standard errors below the median week before, as a control chart for
//!   counts judges it (a count of active user-days varies by about the square root of its
//!   level by chance alone: 5 falling to 3 is ordinary, 50 to 30 is not). Weeks that stay
//!   down add evidence; a persistent fall that is not clear of chance is a near miss.
//! - **Beyond chance, events**: events are over-dispersed (one heavy user's busy or quiet
//!   week moves the total far more than √N), so their chance variation is the account's own:
//!   the robust spread (1.4826 × median absolute deviation) of the log weekly events over up
//!   to 16 complete weeks before the release (as the usage-decline rule reads its swings),
//!   never below what counting alone gives. The mean log week since must lie
//!   `clear_of_chance` standard errors below the log of the median week before, with both
//!   the weeks since and the weeks of the median counted in the error (the centre line
//!   itself is a median of a few jumpy weeks). The spread is itself read from a few weeks,
//!   so the bar is Student's t at the level of `clear_of_chance` normal standard errors
//!   (3 → 4.5 from 8 weeks, 3.6 from 16). With fewer than eight weeks of history the
//!   spread is unknown: the events series is then not judged when the people series exists,
//!   and judged by counting alone when usage names no users (nothing better is known).
//! - **The typical person does less**: the events series speaks for a release only when
//!   the typical person who kept coming does `drop_at_least` less per visit (the median,
//!   over users active on two or more days both before and after, of the fall of their
//!   events per active day; no typical person with fewer than three such users). A fall of
//!   events that is one heavy user's leave or departure (champion loss's story) or people
//!   leaving (the people series' story) does not move it. The series and their chance
//!   tests live in release_series.rs.
//! - Too little activity before (fewer than `min_events_before` events a week) is too
//!   little to judge.

use crate::dataset::{day_to_iso, Dataset, Day};
use crate::domain::flag::Flag;
use crate::metrics::fmt_num;
use crate::model::config::ReleaseDisruptionRule;
use crate::scoring::account::{FlagHit, NearMiss};

use super::flags::{FlagInput, Verdict};
use super::release_series::{
    clear_of_chance, clear_of_swings, critical_value, events_swing, median, one_person,
    typical_intensity_fall, week_activity, OnePerson, Unit,
};

/// The usage feature a release names: its name as a feature (ignoring case), else the
/// longest feature name found in it as whole words.
pub fn release_feature(dataset: &Dataset, name: &str) -> Option<u32> {
    let text = name.trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    let features = &dataset.features;
    let mut best: Option<(usize, u32)> = None;
    for id in 0..features.len() as u32 {
        let feature = features.name(id).trim().to_lowercase();
        if feature.is_empty() {
            continue;
        }
        if feature == text {
            return Some(id);
        }
        if super::flags::contains_words(&text, &feature)
            && best.map_or(true, |(len, _)| feature.len() > len)
        {
            best = Some((feature.len(), id));
        }
    }
    best.map(|(_, id)| id)
}

/// One series of one release read against one account.
struct Reading {
    day: Day,
    name: String,
    feature: Option<String>,
    unit: Unit,
    before: f64,
    after: f64,
    drop: f64,
    /// How the rest of the account's usage moved over the same weeks (a feature release).
    rest: Option<f64>,
    /// The events series' ordinary week-to-week swing (robust spread of log weekly events)
    /// and the weeks it was read from.
    swing: Option<(f64, usize)>,
    /// Standard errors the fall must pass: `clear_of_chance`, or Student's t for a swing
    /// read from a few weeks.
    critical: f64,
    /// The other series' drop over the same weeks (events for people and back).
    other_drop: Option<f64>,
    /// The events series: how much less the typical person still coming does per visit.
    typical_fall: Option<f64>,
    weeks_after: usize,
    weeks_down: usize,
    latest: f64,
    persistent: bool,
    still_down: bool,
    started_at_release: bool,
    /// How many standard errors of chance variation the fall is (see `clear_of_chance`).
    clear: f64,
    /// The fall is one person's: set aside, the rest did not fall by `drop_at_least`.
    one_person: Option<OnePerson>,
}

impl Reading {
    /// Passes every test of the rule.
    fn fires(&self, rule: &ReleaseDisruptionRule) -> bool {
        self.passes(rule) && self.one_person.is_none()
    }

    /// Passes every test but the ones that attribute the fall to another cause.
    fn passes(&self, rule: &ReleaseDisruptionRule) -> bool {
        self.drop >= rule.drop_at_least
            && self.persistent
            && self.still_down
            && self.started_at_release
            && self.clear >= self.critical
            && self.typical_fall.map_or(true, |d| d >= rule.drop_at_least)
    }
}

/// Reads one release on one series; None when there is too little to judge.
fn read(
    input: &FlagInput,
    release: (Day, &str),
    feature: Option<u32>,
    unit: Unit,
) -> Option<Reading> {
    let (day, name) = release;
    let rule = &input.model.flags.release_disruption;
    let week = |first: Day| week_activity(input, first, feature, false, unit);
    let weeks = (rule.window_days / 7).max(1) as i32;
    let events_before: f64 = (1..=weeks)
        .map(|k| week_activity(input, day - 7 * k, feature, false, Unit::Events))
        .sum();
    let before: Vec<f64> = (1..=weeks).rev().map(|k| week(day - 7 * k)).collect();
    let complete = ((input.as_of - day + 1) / 7).max(0);
    let after: Vec<f64> = (0..complete).map(|k| week(day + 7 * k)).collect();
    let baseline = median(&before);
    let enough = events_before / weeks as f64 >= rule.min_events_before.max(f64::MIN_POSITIVE);
    if after.is_empty() || !enough || baseline <= 0.0 {
        return None;
    }
    let swing = match unit {
        Unit::People => None,
        Unit::Events => events_swing(input, day, feature),
    };
    if unit == Unit::Events && swing.is_none() && input.index.usage_has_users {
        // the spread of the events is unknown and the people series is there to judge
        return None;
    }
    let first_window = &after[..after.len().min(weeks as usize)];
    let after_median = median(first_window);
    // a release that names a feature: a fall the rest of the account shares (a holiday, a
    // slow month, people leaving) is not the release's doing, so the feature's fall is read
    // against the rest of the account's usage over the same weeks
    let rest_ratio = feature.and_then(|f| {
        let rest = |first: Day| week_activity(input, first, Some(f), true, unit);
        let before: Vec<f64> = (1..=weeks).rev().map(|k| rest(day - 7 * k)).collect();
        let after: Vec<f64> = (0..first_window.len() as i32).map(|k| rest(day + 7 * k)).collect();
        let (b, a) = (median(&before), median(&after));
        let events: f64 = (1..=weeks)
            .map(|k| week_activity(input, day - 7 * k, Some(f), true, Unit::Events))
            .sum();
        (events / weeks as f64 >= rule.min_events_before && a > 0.0).then(|| (a / b).min(1.0))
    });
    let scale = rest_ratio.unwrap_or(1.0);
    // every week since counts as evidence of a lasting fall (the drop itself is the first
    // window's; weeks long after that recovered make the fall less clear)
    let clear = match unit {
        Unit::People => clear_of_chance(&before, &after, scale),
        Unit::Events => clear_of_swings(&before, &after, scale, swing.map_or(0.0, |s| s.0)),
    };
    let critical = swing.map_or(rule.clear_of_chance, |(_, n)| critical_value(rule.clear_of_chance, n));
    let down = (1.0 - rule.drop_at_least) * baseline * scale;
    let persist = rule.persist_weeks.max(1) as usize;
    let typical_fall = match unit {
        Unit::Events => typical_intensity_fall(input, (day, weeks), feature, first_window.len()),
        Unit::People => None,
    };
    // a release disrupts broadly: when the fall does not remain with the one person whose
    // activity fell most set aside, it is that person's leave or departure (champion loss's
    // story), not the release's
    let one_person = match unit {
        Unit::People => one_person(input, (day, weeks), feature, (&before, first_window), scale)
            .filter(|p| p.rest_drop < rule.drop_at_least),
        Unit::Events => None,
    };
    let weeks_down = after.iter().filter(|&&w| w <= down).count();
    let recent = &after[after.len().saturating_sub(2)..];
    let latest = recent.iter().sum::<f64>() / recent.len() as f64;
    Some(Reading {
        day,
        name: name.to_string(),
        feature: feature.map(|f| input.dataset.features.name(f).to_string()),
        unit,
        before: baseline,
        after: after_median,
        drop: 1.0 - after_median / (baseline * scale),
        rest: rest_ratio,
        swing,
        critical,
        other_drop: None,
        typical_fall,
        weeks_after: after.len(),
        weeks_down,
        latest: *after.last().unwrap_or(&0.0),
        // the break shows at the release (its first weeks together are down) and lasts
        // (enough weeks down, not necessarily those first ones: one week's luck on a small
        // count does not decide, one week down is a dip)
        persistent: after.len() >= persist && after[..persist].iter().all(|&w| w <= down),
        still_down: latest <= down,
        // the fall starts at the release: at least one of the two weeks just before was not
        // down yet (one low week just before, such as a holiday, is not an earlier start)
        started_at_release: before[before.len().saturating_sub(2)..]
            .iter()
            .any(|&w| w > (1.0 - rule.drop_at_least) * baseline),
        clear,
        one_person,
    })
}

/// Every release of the look-back read on each series the usage has, each reading knowing
/// the other series' drop for the same release.
fn readings(input: &FlagInput) -> Vec<Reading> {
    let rule = &input.model.flags.release_disruption;
    let oldest = input.as_of - rule.lookback_days as i32 + 1;
    let units: &[Unit] = if input.index.usage_has_users {
        &[Unit::People, Unit::Events]
    } else {
        &[Unit::Events]
    };
    let mut all = Vec::new();
    for release in input.dataset.releases.iter() {
        if release.day > input.as_of || release.day < oldest {
            continue;
        }
        let name = release.feature.as_deref().unwrap_or("").trim();
        let feature = release_feature(input.dataset, name);
        let label = if name.is_empty() { "(unnamed)" } else { name };
        let mut pair: Vec<Reading> = units
            .iter()
            .filter_map(|&unit| read(input, (release.day, label), feature, unit))
            .collect();
        if pair.len() == 2 {
            let (a, b) = (pair[0].drop, pair[1].drop);
            pair[0].other_drop = Some(b);
            pair[1].other_drop = Some(a);
        }
        all.extend(pair);
    }
    all
}

/// For a feature release whose account also moved: how the rest of the usage moved.
fn rest_text(r: &Reading) -> String {
    match r.rest {
        Some(rest) if rest < 0.995 => format!(
            ", read against the rest of the account's usage, which fell {:.0}% over the same weeks",
            (1.0 - rest) * 100.0
        ),
        _ => String::new(),
    }
}

fn what(r: &Reading) -> (String, String) {
    match &r.feature {
        Some(f) => (
            format!("use of {f}"),
            "judged on the feature it names".to_string(),
        ),
        None => (
            "usage".to_string(),
            "it names no feature in the usage data, so all usage is judged".to_string(),
        ),
    }
}

/// The standard errors a fall must pass, as written: "3", "3.6".
fn bar(critical: f64) -> String {
    let tenths = (critical * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 { format!("{tenths:.0}") } else { format!("{tenths:.1}") }
}

/// What the fall is measured against: chance for active user-days, the account's own
/// weekly ups and downs for events.
fn against(r: &Reading) -> String {
    match r.swing {
        Some((s, n)) => format!(
            "its ordinary weekly ups and downs (±{:.0}% a week, read from {n} weeks: fires at {})",
            (s.exp() - 1.0) * 100.0,
            bar(r.critical)
        ),
        None => "chance variation".to_string(),
    }
}

/// For a fall of events: how people moved (they still come, they do less).
fn series_text(r: &Reading, rule: &ReleaseDisruptionRule) -> String {
    let (Some(people), Some(typical)) = (r.other_drop, r.typical_fall) else {
        return String::new();
    };
    let per_visit = format!(
        "the typical person still coming does {:.0}% less per active day",
        typical * 100.0
    );
    if people < rule.drop_at_least {
        format!(
            "; events fell {:.0}% while active user-days fell {:.0}%: people still come but use {} less ({per_visit})",
            r.drop * 100.0,
            people.max(0.0) * 100.0,
            r.feature.as_deref().unwrap_or("the product")
        )
    } else {
        format!(
            "; events fell {:.0}% and active user-days {:.0}%: {per_visit}",
            r.drop * 100.0,
            people * 100.0
        )
    }
}

/// Why a fall that passes every other test is not put down to the release.
fn other_cause_text(r: &Reading) -> String {
    let Some(p) = &r.one_person else {
        return String::new();
    };
    let rest = if p.rest_drop >= 0.0 {
        format!("fell {:.0}%", p.rest_drop * 100.0)
    } else {
        format!("rose {:.0}%", -p.rest_drop * 100.0)
    };
    format!(
        "the fall is one person, {}: {} active days a week before, {} after; without them {} {rest} — one person leaving or away is a staffing story (see champion loss), a release disrupts more than one",
        p.name,
        fmt_num((p.before * 10.0).round() / 10.0),
        fmt_num((p.after * 10.0).round() / 10.0),
        if r.feature.is_some() { "its use" } else { "usage" },
    )
}

/// Release disruption as a verdict: fires on the worst drop that passes every test (for
/// one release, the people series when both fire); a near miss for a drop just short of
/// the rule, one not yet down long enough, or one within chance.
pub fn release_disruption(input: &FlagInput) -> Verdict {
    let rule = &input.model.flags.release_disruption;
    if input
        .index
        .usage_of(input.measures.account as usize)
        .is_empty()
    {
        return Verdict::Quiet;
    }
    let readings = readings(input);
    let by_drop = |a: &&Reading, b: &&Reading| a.drop.total_cmp(&b.drop).then(b.day.cmp(&a.day));
    // people leaving is the plainer story: the events series speaks for a release only when
    // its people series does not fire
    let people_fire = |r: &Reading| {
        readings
            .iter()
            .any(|p| p.unit == Unit::People && p.day == r.day && p.name == r.name && p.fires(rule))
    };
    let fires = readings
        .iter()
        .filter(|r| r.fires(rule))
        .filter(|r| r.unit == Unit::People || !people_fire(r))
        .max_by(by_drop);
    if let Some(r) = fires {
        let (what, judged) = what(r);
        return Verdict::Fires(FlagHit {
            flag: Flag::ReleaseDisruption,
            evidence: format!(
                "{what} fell {:.0}% after the release \"{}\" on {} ({judged}): a median {} {} a week in the weeks after vs {} before{}; down in {} of the {} weeks since (latest week {}); {:.1} standard errors beyond {}{}",
                r.drop * 100.0,
                r.name,
                day_to_iso(r.day),
                fmt_num(r.after.round()),
                r.unit.label(),
                fmt_num(r.before.round()),
                rest_text(r),
                r.weeks_down,
                r.weeks_after,
                fmt_num(r.latest.round()),
                r.clear,
                against(r),
                series_text(r, rule),
            ),
            risk: rule.risk,
        });
    }
    // a fall that would fire but is put down to another cause: say why
    let other_cause = readings
        .iter()
        .filter(|r| r.passes(rule) && !r.fires(rule))
        .max_by(by_drop);
    if let Some(r) = other_cause {
        let (what, judged) = what(r);
        return Verdict::Near(NearMiss {
            flag: Flag::ReleaseDisruption,
            evidence: format!(
                "{what} fell {:.0}% after the release \"{}\" on {} ({judged}), but not broadly enough to blame the release: {}",
                r.drop * 100.0,
                r.name,
                day_to_iso(r.day),
                other_cause_text(r)
            ),
        });
    }
    let persist = rule.persist_weeks.max(1) as usize;
    let nearly_clear = |r: &Reading| r.clear >= r.critical * 2.0 / 3.0;
    // a fall that passes every test but chance: large enough to mention, too small a count
    let faint = |r: &Reading| {
        r.drop >= rule.drop_at_least && r.persistent && r.clear < r.critical && nearly_clear(r)
    };
    let near = readings
        .iter()
        .filter(|r| r.started_at_release && r.still_down)
        // events swing widely: a fall of theirs within their ordinary swings is no news
        .filter(|r| r.unit == Unit::People || nearly_clear(r))
        // one heavy user's absence is champion loss's story, not a near miss of this one
        .filter(|r| r.typical_fall.map_or(true, |d| d >= rule.drop_at_least * 2.0 / 3.0))
        .filter(|r| {
            let short = r.drop >= rule.drop_at_least * 2.0 / 3.0 && r.drop < rule.drop_at_least;
            let early = r.drop >= rule.drop_at_least && r.weeks_after < persist;
            (short && r.persistent) || early || faint(r)
        })
        .max_by(by_drop);
    let Some(near) = near else {
        return Verdict::Quiet;
    };
    let (what, judged) = what(near);
    let evidence = if faint(near) {
        let within = match near.swing {
            Some(_) => "within this account's ordinary weekly ups and downs",
            None => "within what chance does to counts this small",
        };
        format!(
            "{what} fell {:.0}% after the release \"{}\" on {} ({judged}), from a median {} {} a week: {:.1} standard errors, {within}; fires at {}",
            near.drop * 100.0,
            near.name,
            day_to_iso(near.day),
            fmt_num(near.before.round()),
            near.unit.label(),
            near.clear,
            bar(near.critical)
        )
    } else if near.drop >= rule.drop_at_least {
        format!(
            "{what} fell {:.0}% in the first {} after the release \"{}\" on {} ({judged}); fires if it stays down {persist} weeks",
            near.drop * 100.0,
            if near.weeks_after == 1 { "week".to_string() } else { format!("{} weeks", near.weeks_after) },
            near.name,
            day_to_iso(near.day)
        )
    } else {
        format!(
            "{what} fell {:.0}% after the release \"{}\" on {} ({judged}); fires at {:.0}%",
            near.drop * 100.0,
            near.name,
            day_to_iso(near.day),
            rule.drop_at_least * 100.0
        )
    };
    Verdict::Near(NearMiss {
        flag: Flag::ReleaseDisruption,
        evidence,
    })
}
