//! Usage events per account, re-rolled until no unplanted signal shows.

use std::collections::HashSet;

use crate::calendar::*;
use crate::catalogue::*;
use crate::plan::*;
use crate::rng::*;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct UsageRow {
    pub(crate) user: usize,
    pub(crate) day: i64,
    pub(crate) feature: usize,
    pub(crate) events: u32,
    pub(crate) secs: u32,
}

/// Activity multiplier for account `a`, user `u` on day `d` (onboarding spike, weekends, holidays,
/// and the story's own shape).
pub(crate) fn activity(cfg: &Config, a: &Account, u: &User, d: i64) -> f64 {
    if d < u.first_day || u.last_day.is_some_and(|l| d > l) {
        return 0.0;
    }
    let since = d - a.start;
    let onboarding = if since < 21 {
        3.0
    } else if since < 60 {
        1.0 + 2.0 * (60 - since) as f64 / 39.0
    } else {
        1.0
    };
    let wd = if weekday(d) >= 5 { 0.12 } else { 1.0 };
    let (_, m, day) = civil_from_days(d);
    let holiday = if (m == 12 && day >= 22) || (m == 1 && day <= 2) {
        0.4
    } else {
        1.0
    };
    let story = match a.story {
        Story::UsageDecline if d > cfg.as_of - 28 => 0.3,
        Story::UsageDecline if d > cfg.as_of - 42 => 0.85,
        Story::Silence if d > cfg.as_of - SILENCE_OFFSET => 0.85,
        _ => 1.0,
    };
    onboarding * wd * holiday * story
}

pub(crate) fn gen_usage(cfg: &Config, a: &Account) -> Vec<UsageRow> {
    let mut rng = Rng::derive(cfg.seed, 2, (a.idx as u64) | (a.attempt << 40));
    let mut rows = Vec::new();
    let from = cfg.window_start().max(a.start);
    for d in from..=cfg.as_of {
        for (ui, u) in a.users.iter().enumerate() {
            let p = (u.p * ACTIVITY * activity(cfg, a, u, d)).min(0.97);
            if p <= 0.0 || !rng.chance(p) {
                continue;
            }
            let mut feats: Vec<usize> = u.features.clone();
            if u.drops_release_feature && d >= cfg.release_day() {
                feats.retain(|&f| f != WORKFLOWS);
                if feats.is_empty() {
                    feats.push(0);
                }
            }
            // primary feature first, then maybe one or two more
            let mut today = vec![feats[0]];
            for extra in [0.25, 0.08] {
                if feats.len() > today.len() && rng.chance(extra) {
                    let f = *rng.pick(&feats);
                    if !today.contains(&f) {
                        today.push(f);
                    }
                }
            }
            for f in today {
                let events = 1 + rng.poisson(u.intensity - 1.0);
                let secs = events * rng.range(25, 140) as u32;
                rows.push(UsageRow {
                    user: ui,
                    day: d,
                    feature: f,
                    events,
                    secs,
                });
            }
        }
    }
    rows
}

pub(crate) fn events_between(rows: &[UsageRow], from: i64, to: i64) -> u64 {
    rows.iter()
        .filter(|r| r.day >= from && r.day <= to)
        .map(|r| r.events as u64)
        .sum()
}

/// Signals that must not appear by accident on accounts that did not plant them.
pub(crate) fn accidental_signal(cfg: &Config, a: &Account, rows: &[UsageRow]) -> bool {
    let last = events_between(rows, cfg.as_of - 27, cfg.as_of);
    let prev = events_between(rows, cfg.as_of - 55, cfg.as_of - 28);
    let planted_decline = matches!(a.story, Story::UsageDecline | Story::ChampionLoss);
    if !planted_decline && (last as f64) < 0.75 * prev as f64 {
        return true;
    }
    // planted facts must hold with a margin, not just on average
    if planted_decline && (last as f64) > 0.55 * prev as f64 {
        return true;
    }
    if a.story == Story::ChampionLoss {
        let cut = cfg.as_of - CHAMPION_LEAVES_OFFSET;
        let before: Vec<&UsageRow> = rows.iter().filter(|r| r.day <= cut).collect();
        let total: u64 = before.iter().map(|r| r.events as u64).sum();
        let top: u64 = before
            .iter()
            .filter(|r| r.user == 0)
            .map(|r| r.events as u64)
            .sum();
        let others_recent = rows.iter().any(|r| r.user != 0 && r.day > cfg.as_of - 28);
        if (top as f64) < 0.45 * total as f64 || !others_recent {
            return true;
        }
    }
    if a.story == Story::ReleaseDisruption {
        let rd = cfg.release_day();
        let wf = |from: i64, to: i64| {
            rows.iter()
                .filter(|r| r.feature == WORKFLOWS && r.day >= from && r.day <= to)
                .map(|r| r.events as u64)
                .sum::<u64>()
        };
        if wf(rd - 28, rd - 1) < 25 || wf(rd, rd + 27) as f64 > 0.4 * wf(rd - 28, rd - 1) as f64 {
            return true;
        }
    }
    // seat utilisation only looks low where that is the story
    let low_seats_planted = matches!(
        a.story,
        Story::UnderUser | Story::AtRisk | Story::SeatUnderuse | Story::LastUser
    );
    if !low_seats_planted {
        let active: HashSet<usize> = rows
            .iter()
            .filter(|r| r.day > cfg.as_of - 28)
            .map(|r| r.user)
            .collect();
        let floor = match a.story {
            Story::Champion | Story::CryForHelp | Story::UsageTrap => 0.65,
            Story::ChampionLoss => 0.4,
            Story::UsageDecline => 0.2,
            _ => 0.5,
        };
        if (active.len() as f64) < floor * a.seats as f64 {
            return true;
        }
    }
    if a.story == Story::SeatUnderuse {
        // all three people are really there: "3 of 40 seats", not fewer by chance
        let active: HashSet<usize> = rows
            .iter()
            .filter(|r| r.day > cfg.as_of - 28)
            .map(|r| r.user)
            .collect();
        if active.len() != a.users.len() {
            return true;
        }
    }
    if a.story != Story::ChampionLoss && a.story != Story::LastUser {
        // the top user must still be around
        let mut per_user = vec![0u64; a.users.len()];
        for r in rows {
            per_user[r.user] += r.events as u64;
        }
        let total: u64 = per_user.iter().sum();
        if let Some((top, &ev)) = per_user.iter().enumerate().max_by_key(|(_, e)| **e) {
            let recent = rows.iter().any(|r| r.user == top && r.day > cfg.as_of - 21);
            if total > 0 && ev as f64 > 0.25 * total as f64 && !recent {
                return true;
            }
        }
        if quiet_regular(cfg, a, rows) {
            return true;
        }
    }
    if a.story != Story::ReleaseDisruption {
        let rd = cfg.release_day();
        let wf = |from: i64, to: i64| {
            rows.iter()
                .filter(|r| r.feature == WORKFLOWS && r.day >= from && r.day <= to)
                .map(|r| r.events as u64)
                .sum::<u64>()
        };
        let before = wf(rd - 28, rd - 1);
        let after = wf(rd, rd + 27);
        if before >= 10 && (after as f64) < 0.7 * before as f64 {
            return true;
        }
    }
    false
}

/// Usage rows for an account, re-rolled (deterministically) until no unplanted signal shows.
pub(crate) fn usage_for(cfg: &Config, a: &mut Account) -> Vec<UsageRow> {
    for attempt in 0..25 {
        a.attempt = attempt;
        let rows = gen_usage(cfg, a);
        if !accidental_signal(cfg, a, &rows) {
            return rows;
        }
    }
    // give up gracefully: the tests report any account whose story did not take
    a.attempt = 0;
    gen_usage(cfg, a)
}

/// True when a user who was among the account's three most active (by active days in the
/// 90 days up to their last activity, at least 12 and twice the median colleague's) has
/// been silent for three weeks or more: an unplanted champion loss.
fn quiet_regular(cfg: &Config, a: &Account, rows: &[UsageRow]) -> bool {
    let mut days: Vec<Vec<i64>> = vec![Vec::new(); a.users.len()];
    for r in rows {
        if days[r.user].last() != Some(&r.day) {
            days[r.user].push(r.day);
        }
    }
    days.iter().enumerate().any(|(u, own)| {
        let Some(&last) = own.last() else {
            return false;
        };
        if cfg.as_of - last < 21 {
            return false;
        }
        let within = |d: &Vec<i64>| d.iter().filter(|&&x| x > last - 90 && x <= last).count();
        let mine = within(own);
        let mut others: Vec<usize> = (0..days.len())
            .filter(|&v| v != u)
            .map(|v| within(&days[v]))
            .filter(|&n| n > 0)
            .collect();
        others.sort_unstable();
        let median = others.get(others.len() / 2).copied().unwrap_or(0);
        let rank = 1 + others.iter().filter(|&&n| n > mine).count();
        mine >= 12 && mine >= 2 * median && rank <= 3
    })
}
