//! The weekly series a release is judged on, and how clear of chance a fall of each is
//! (see release.rs for the rule): active user-days read as counts (a c-chart), events read
//! against the account's own weekly swings, and how much less the typical person still
//! coming does per visit.

use crate::dataset::Day;
use crate::metrics::index::rows_between;
use crate::metrics::usage::{is_active, volume};

use super::flags::FlagInput;

/// What a week counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Unit {
    /// Active user-days: distinct user and day pairs.
    People,
    Events,
}

impl Unit {
    pub(super) fn label(self) -> &'static str {
        match self {
            Unit::People => "active user-days",
            Unit::Events => "events",
        }
    }
}

/// Fewest complete weeks before a release that the events series' swing is read from, and
/// the most (about four months, as the usage-decline rule reads its swings).
const MIN_SWING_WEEKS: usize = 8;
const SWING_WEEKS: i32 = 16;

pub(super) fn median(values: &[f64]) -> f64 {
    crate::domain::stats::median(&mut values.to_vec()).unwrap_or(0.0)
}

/// Weekly activity of one series (a feature, or all usage; with `except`, every feature
/// but that one) in the week from `first`, in `unit`.
pub(super) fn week_activity(
    input: &FlagInput,
    first: Day,
    feature: Option<u32>,
    except: bool,
    unit: Unit,
) -> f64 {
    let usage = &input.dataset.usage;
    let rows = input.index.usage_of(input.measures.account as usize);
    let rows = rows_between(rows, &usage.day, first, first + 6)
        .iter()
        .map(|&r| r as usize)
        .filter(|&r| {
            feature.map_or(true, |f| (usage.feature[r] == f) != except) && is_active(usage.count[r])
        });
    if unit == Unit::People {
        let mut pairs: Vec<(u32, Day)> = rows.map(|r| (usage.user[r], usage.day[r])).collect();
        crate::sort::sort(&mut pairs);
        pairs.dedup();
        pairs.len() as f64
    } else {
        rows.map(|r| volume(usage.count[r])).sum()
    }
}

/// Weekly events of one series (a feature, or all usage) in up to `weeks` complete weeks,
/// the newest ending on `last`, going back no further than the series' first use; newest
/// first. The weeks both the events series here and the usage-decline rule read an
/// account's ordinary swings from.
pub(super) fn weeks_back(input: &FlagInput, last: Day, feature: Option<u32>, weeks: usize) -> Vec<f64> {
    let usage = &input.dataset.usage;
    let rows = input.index.usage_of(input.measures.account as usize);
    let Some(first_use) = rows
        .iter()
        .map(|&r| r as usize)
        .find(|&r| feature.map_or(true, |f| usage.feature[r] == f))
        .map(|r| usage.day[r])
    else {
        return Vec::new();
    };
    (0..weeks as i32)
        .map(|k| last - 7 * k - 6)
        .take_while(|&first| first >= first_use)
        .map(|first| week_activity(input, first, feature, false, Unit::Events))
        .collect()
}

/// The events series' ordinary swing: robust spread of ln(1 + weekly events) over up to
/// `SWING_WEEKS` complete weeks before the release, from the series' first use on, and how
/// many weeks it was read from; None with fewer than `MIN_SWING_WEEKS` weeks.
pub(super) fn events_swing(input: &FlagInput, day: Day, feature: Option<u32>) -> Option<(f64, usize)> {
    let mut logs: Vec<f64> = weeks_back(input, day - 1, feature, SWING_WEEKS as usize)
        .iter()
        .map(|w| w.ln_1p())
        .collect();
    if logs.len() < MIN_SWING_WEEKS {
        return None;
    }
    crate::domain::stats::robust_spread(&mut logs).map(|s| (s, logs.len()))
}

/// The standard errors a fall must pass when the spread it is measured in was itself read
/// from `weeks` weeks: Student's t with `weeks − 1` degrees of freedom at the one-sided
/// level of `z` normal standard errors (3 → 4.5 from 8 weeks, 3.6 from 16). A spread read
/// from a few weeks may by luck come out small, which makes an ordinary fall look clear;
/// the t quantile pays for that uncertainty (Cornish–Fisher expansion in 1/df, within 0.03
/// of the exact quantile from 7 degrees of freedom up).
pub(super) fn critical_value(z: f64, weeks: usize) -> f64 {
    let df = weeks.saturating_sub(1).max(1) as f64;
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * df)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * df.powi(3))
}

/// For the events series: how much less the typical person does per visit. Over the users
/// active on at least two days both in the `weeks` before the release and in the first
/// `weeks_after` after, the median of 1 − (their events per active day after / before);
/// None without user ids, 0 with fewer than three such users. A fall of events that is one
/// heavy user's leave or
/// departure (champion loss's story), or people leaving (the people series' story), leaves
/// it near 0; people who still come but use the feature less move it.
pub(super) fn typical_intensity_fall(
    input: &FlagInput,
    (day, weeks): (Day, i32),
    feature: Option<u32>,
    weeks_after: usize,
) -> Option<f64> {
    if !input.index.usage_has_users {
        return None;
    }
    let before = per_user(input, feature, day - 7 * weeks, day - 1);
    let after = per_user(input, feature, day, day + 7 * weeks_after as i32 - 1);
    let falls: Vec<f64> = before
        .iter()
        .filter_map(|(user, &(d0, e0))| {
            let &(d1, e1) = after.get(user)?;
            (d0 >= 2.0 && d1 >= 2.0 && e0 > 0.0).then(|| 1.0 - (e1 / d1) / (e0 / d0))
        })
        .collect();
    // fewer than three people still coming: no "typical person" to speak of
    Some(if falls.len() < 3 { 0.0 } else { median(&falls) })
}

/// Per user of the series (a feature, or all usage): (active days, events) from `first` to
/// `last`.
fn per_user(
    input: &FlagInput,
    feature: Option<u32>,
    first: Day,
    last: Day,
) -> std::collections::BTreeMap<u32, (f64, f64)> {
    let usage = &input.dataset.usage;
    let rows = input.index.usage_of(input.measures.account as usize);
    let mut per = std::collections::BTreeMap::<u32, (f64, f64)>::new();
    let mut pairs: Vec<(u32, Day)> = Vec::new();
    for &r in rows_between(rows, &usage.day, first, last) {
        let r = r as usize;
        if feature.map_or(true, |f| usage.feature[r] == f) && is_active(usage.count[r]) {
            pairs.push((usage.user[r], usage.day[r]));
            per.entry(usage.user[r]).or_default().1 += volume(usage.count[r]);
        }
    }
    crate::sort::sort(&mut pairs);
    pairs.dedup();
    for (user, _) in pairs {
        per.entry(user).or_default().0 += 1.0;
    }
    per
}

/// The person whose activity fell most on a release's people series, and how the series
/// moved without them.
pub(super) struct OnePerson {
    pub name: String,
    /// Their active days a week in the weeks before and the first weeks after.
    pub before: f64,
    pub after: f64,
    /// How far the series' median week fell without them (times the rest-of-account
    /// `scale` for a feature); negative when it rose.
    pub rest_drop: f64,
}

/// Of the users active in the `weeks` before the release, the one whose active days a week
/// fell most from those weeks to the first weeks after (`first_window`), and the fall of
/// the weekly active user-days `before` and `first_window` with that person set aside.
/// None without user ids or with fewer than two people active before (no colleague to set
/// them beside).
pub(super) fn one_person(
    input: &FlagInput,
    (day, weeks): (Day, i32),
    feature: Option<u32>,
    (before, first_window): (&[f64], &[f64]),
    scale: f64,
) -> Option<OnePerson> {
    let weeks_after = first_window.len();
    if !input.index.usage_has_users || weeks_after == 0 {
        return None;
    }
    let days_before = per_user(input, feature, day - 7 * weeks, day - 1);
    let days_after = per_user(input, feature, day, day + 7 * weeks_after as i32 - 1);
    if days_before.len() < 2 {
        return None;
    }
    let (user, own_before, own_after) = days_before
        .iter()
        .map(|(&user, &(d0, _))| {
            let d1 = days_after.get(&user).map_or(0.0, |a| a.0);
            (user, d0 / weeks as f64, d1 / weeks_after as f64)
        })
        .max_by(|a, b| (a.1 - a.2).total_cmp(&(b.1 - b.2)).then(b.0.cmp(&a.0)))?;
    // the weekly series without that person's active days
    let without = |series: &[f64], first: Day| -> Vec<f64> {
        let own = |k: usize| {
            per_user(input, feature, first + 7 * k as i32, first + 7 * k as i32 + 6)
                .get(&user)
                .map_or(0.0, |a| a.0)
        };
        series.iter().enumerate().map(|(k, w)| w - own(k)).collect()
    };
    let b = median(&without(before, day - 7 * before.len() as i32));
    let a = median(&without(first_window, day));
    Some(OnePerson {
        name: input.dataset.users.name(user).to_string(),
        before: own_before,
        after: own_after,
        rest_drop: if b > 0.0 { 1.0 - a / (b * scale) } else { 0.0 },
    })
}

/// How clear of chance a fall of active user-days is, read the way a control chart for
/// counts (a c-chart) reads it: the weeks before set the centre line (their median, times
/// the rest-of-account ratio `scale` for a feature), a week's count varies by about the
/// square root of that centre by chance alone, and the mean of the n weeks since the
/// release varies by 1/√n of that. The result is how many such standard errors the mean
/// since lies below the centre: a week of 5 falling to 3 is ordinary, 50 falling to 30 is
/// not, and every week that stays down adds evidence.
pub(super) fn clear_of_chance(before: &[f64], after: &[f64], scale: f64) -> f64 {
    if before.is_empty() || after.is_empty() {
        return 0.0;
    }
    let centre = scale * median(before);
    let since = after.iter().sum::<f64>() / after.len() as f64;
    (centre - since) / (centre.max(1.0) / after.len() as f64).sqrt()
}

/// How clear of the account's own swings a fall of events is, on the log scale the swing
/// is read on: the log of the centre line (median week before, times `scale`) minus the
/// mean log week since, in standard errors of a week's `swing` (never below counting
/// alone, √N / (1 + N) on that scale) for a mean of n weeks against a median of m weeks.
pub(super) fn clear_of_swings(before: &[f64], after: &[f64], scale: f64, swing: f64) -> f64 {
    if before.is_empty() || after.is_empty() {
        return 0.0;
    }
    let centre = scale * median(before);
    let since = after.iter().map(|w| w.ln_1p()).sum::<f64>() / after.len() as f64;
    let spread = swing.max(centre.sqrt() / (1.0 + centre));
    let error = spread * (1.0 / after.len() as f64 + 1.0 / before.len() as f64).sqrt();
    (centre.ln_1p() - since) / error.max(f64::MIN_POSITIVE)
}
