//! Release disruption: usage of what a release changed fell after it and stayed down.
//!
//! - **What is judged**: a release whose name is, or contains as whole words, a feature the
//!   usage data knows ("reports", "Reports 2.0: scheduling") is judged on that feature (an
//!   account that did not use it is not judged), read against the rest of the account's
//!   usage over the same weeks (a fall the whole account shares — a holiday, a slow month —
//!   is not the release's doing); any other release ("New navigation") on all of the
//!   account's usage. The evidence says which.
//! - **What a week counts**: active user-days (distinct user and day pairs) when the usage
//!   names its users, else events: a release changes what people do, and counting people
//!   keeps one heavy user's busy or quiet week from reading as a change.
//! - **Which releases**: those up to `lookback_days` old, in whole weeks (weekday patterns
//!   cancel out): up to `window_days` of weeks before the release, every complete week after.
//! - **The drop**: the median week of the first `window_days` after vs. the median week
//!   before fell by `drop_at_least`; at least one of the two weeks just before the release
//!   was not yet down (the fall starts at the release, not before; one low week just before,
//!   such as a holiday, is not an earlier start); each of the first `persist_weeks` weeks
//!   after is down by that much (a one-week dip is not a disruption); and the latest two
//!   weeks are still down. Worst drop reported.
//! - **Beyond chance**: the mean week since the release lies at least `clear_of_chance`
//!   standard errors below the median week before, as a control chart for counts judges it
//!   (a week's count varies by about the square root of its level by chance alone: 5 falling
//!   to 3 is ordinary, 50 to 30 is not). Weeks that stay down add evidence; a persistent fall
//!   that is not clear of chance is a near miss.
//! - Too little activity before (fewer than `min_events_before` events a week) is too
//!   little to judge.

use crate::dataset::{day_to_iso, Dataset, Day};
use crate::domain::flag::Flag;
use crate::metrics::fmt_num;
use crate::metrics::index::rows_between;
use crate::metrics::usage::{is_active, volume};
use crate::scoring::account::{FlagHit, NearMiss};

use super::flags::{FlagInput, Verdict};

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

/// One release read against one account.
struct Reading {
    day: Day,
    name: String,
    feature: Option<String>,
    before: f64,
    after: f64,
    drop: f64,
    /// How the rest of the account's usage moved over the same weeks (a feature release).
    rest: Option<f64>,
    /// What a week counts: "active user-days" or "events".
    unit: &'static str,
    weeks_after: usize,
    weeks_down: usize,
    latest: f64,
    persistent: bool,
    still_down: bool,
    started_at_release: bool,
    /// How many standard errors of chance variation the fall is (see `clear_of_chance`).
    clear: f64,
}

fn median(values: &[f64]) -> f64 {
    crate::domain::stats::median(&mut values.to_vec()).unwrap_or(0.0)
}

/// Weekly activity of one series (a feature, or all usage) in the week from `first`:
/// active user-days (distinct user and day pairs) when the usage names its users, else
/// events. People are what a release changes; counting them, not their clicks, keeps one
/// heavy user's busy week from looking like a change in the account.
fn week_activity(
    input: &FlagInput,
    first: Day,
    feature: Option<u32>,
    except: bool,
    people: bool,
) -> f64 {
    let usage = &input.dataset.usage;
    let rows = input.index.usage_of(input.measures.account as usize);
    let rows = rows_between(rows, &usage.day, first, first + 6)
        .iter()
        .map(|&r| r as usize)
        .filter(|&r| {
            feature.map_or(true, |f| (usage.feature[r] == f) != except) && is_active(usage.count[r])
        });
    if people && input.index.usage_has_users {
        let mut pairs: Vec<(u32, Day)> = rows.map(|r| (usage.user[r], usage.day[r])).collect();
        crate::sort::sort(&mut pairs);
        pairs.dedup();
        pairs.len() as f64
    } else {
        rows.map(|r| volume(usage.count[r])).sum()
    }
}

fn read(input: &FlagInput, day: Day, name: &str, feature: Option<u32>) -> Option<Reading> {
    let rule = &input.model.flags.release_disruption;
    let week = |first: Day| week_activity(input, first, feature, false, true);
    let weeks = (rule.window_days / 7).max(1) as i32;
    let events_before: f64 = (1..=weeks)
        .map(|k| week_activity(input, day - 7 * k, feature, false, false))
        .sum();
    let before: Vec<f64> = (1..=weeks).rev().map(|k| week(day - 7 * k)).collect();
    let complete = ((input.as_of - day + 1) / 7).max(0);
    let after: Vec<f64> = (0..complete).map(|k| week(day + 7 * k)).collect();
    let baseline = median(&before);
    let enough = events_before / weeks as f64 >= rule.min_events_before.max(f64::MIN_POSITIVE);
    if after.is_empty() || !enough || baseline <= 0.0 {
        return None;
    }
    let first_window = &after[..after.len().min(weeks as usize)];
    let after_median = median(first_window);
    // a release that names a feature: a fall the rest of the account shares (a holiday, a
    // slow month, people leaving) is not the release's doing, so the feature's fall is read
    // against the rest of the account's usage over the same weeks
    let rest_ratio = feature.and_then(|f| {
        let rest = |first: Day| week_activity(input, first, Some(f), true, true);
        let before: Vec<f64> = (1..=weeks).rev().map(|k| rest(day - 7 * k)).collect();
        let after: Vec<f64> = (0..first_window.len() as i32).map(|k| rest(day + 7 * k)).collect();
        let (b, a) = (median(&before), median(&after));
        let events: f64 = (1..=weeks)
            .map(|k| week_activity(input, day - 7 * k, Some(f), true, false))
            .sum();
        (events / weeks as f64 >= rule.min_events_before && a > 0.0).then(|| (a / b).min(1.0))
    });
    let scale = rest_ratio.unwrap_or(1.0);
    // every week since counts as evidence of a lasting fall (the drop itself is the first
    // window's; weeks long after that recovered make the fall less clear)
    let clear = clear_of_chance(&before, &after, scale);
    let drop = 1.0 - after_median / (baseline * scale);
    let down = (1.0 - rule.drop_at_least) * baseline * scale;
    let persist = rule.persist_weeks.max(1) as usize;
    let recent = &after[after.len().saturating_sub(2)..];
    let latest = recent.iter().sum::<f64>() / recent.len() as f64;
    Some(Reading {
        day,
        name: name.trim().to_string(),
        feature: feature.map(|f| input.dataset.features.name(f).to_string()),
        before: baseline,
        after: after_median,
        drop,
        rest: rest_ratio,
        unit: if input.index.usage_has_users {
            "active user-days"
        } else {
            "events"
        },
        weeks_after: after.len(),
        weeks_down: after.iter().filter(|&&w| w <= down).count(),
        latest: *after.last().unwrap_or(&0.0),
        persistent: after.len() >= persist && after[..persist].iter().all(|&w| w <= down),
        still_down: latest <= down,
        // the fall starts at the release: at least one of the two weeks just before was not
        // down yet (one low week just before, such as a holiday, is not an earlier start)
        started_at_release: before[before.len().saturating_sub(2)..]
            .iter()
            .any(|&w| w > (1.0 - rule.drop_at_least) * baseline),
        clear,
    })
}

/// How clear of chance a fall is, read the way a control chart for counts (a c-chart) reads
/// it: the weeks before set the centre line (their median, times the rest-of-account ratio
/// `scale` for a feature), a week's count varies by about the square root of that centre by
/// chance alone, and the mean of the n weeks since the release varies by 1/√n of that. The
/// result is how many such standard errors the mean since lies below the centre: a week of 5
/// falling to 3 is ordinary, 50 falling to 30 is not, and every week that stays down adds
/// evidence.
fn clear_of_chance(before: &[f64], after: &[f64], scale: f64) -> f64 {
    if before.is_empty() || after.is_empty() {
        return 0.0;
    }
    let centre = scale * median(before);
    let since = after.iter().sum::<f64>() / after.len() as f64;
    (centre - since) / (centre.max(1.0) / after.len() as f64).sqrt()
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

/// Release disruption as a verdict: fires on the worst persistent drop; a near miss for a
/// drop just short of the rule or one that is only a week old.
pub fn release_disruption(input: &FlagInput) -> Verdict {
    let rule = &input.model.flags.release_disruption;
    if input
        .index
        .usage_of(input.measures.account as usize)
        .is_empty()
    {
        return Verdict::Quiet;
    }
    let oldest = input.as_of - rule.lookback_days as i32 + 1;
    let readings: Vec<Reading> = input
        .dataset
        .releases
        .iter()
        .filter(|r| r.day <= input.as_of && r.day >= oldest)
        .filter_map(|r| {
            let name = r.feature.as_deref().unwrap_or("").trim();
            let feature = release_feature(input.dataset, name);
            let label = if name.is_empty() { "(unnamed)" } else { name };
            read(input, r.day, label, feature)
        })
        .collect();
    let by_drop = |a: &&Reading, b: &&Reading| a.drop.total_cmp(&b.drop).then(b.day.cmp(&a.day));
    let fires = readings
        .iter()
        .filter(|r| r.drop >= rule.drop_at_least)
        .filter(|r| r.persistent && r.still_down && r.started_at_release)
        .filter(|r| r.clear >= rule.clear_of_chance)
        .max_by(by_drop);
    if let Some(r) = fires {
        let (what, judged) = what(r);
        return Verdict::Fires(FlagHit {
            flag: Flag::ReleaseDisruption,
            evidence: format!(
                "{what} fell {:.0}% after the release \"{}\" on {} ({judged}): a median {} {} a week in the weeks after vs {} before{}; down in {} of the {} weeks since (latest week {}); {:.1} standard errors beyond chance variation",
                r.drop * 100.0,
                r.name,
                day_to_iso(r.day),
                fmt_num(r.after.round()),
                r.unit,
                fmt_num(r.before.round()),
                rest_text(r),
                r.weeks_down,
                r.weeks_after,
                fmt_num(r.latest.round()),
                r.clear,
            ),
            risk: rule.risk,
        });
    }
    let persist = rule.persist_weeks.max(1) as usize;
    // a fall that passes every test but chance: large enough to mention, too small a count
    let faint = |r: &Reading| {
        r.drop >= rule.drop_at_least
            && r.persistent
            && r.clear < rule.clear_of_chance
            && r.clear >= rule.clear_of_chance * 2.0 / 3.0
    };
    let near = readings
        .iter()
        .filter(|r| r.started_at_release && r.still_down)
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
        format!(
            "{what} fell {:.0}% after the release \"{}\" on {} ({judged}), from a median {} {} a week: {:.1} standard errors, within what chance does to counts this small; fires at {:.0}",
            near.drop * 100.0,
            near.name,
            day_to_iso(near.day),
            fmt_num(near.before.round()),
            near.unit,
            near.clear,
            rule.clear_of_chance
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
