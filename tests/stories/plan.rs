//! The planted parameters of one account: users and their habits, holidays, noise, and the
//! stories (a champion who leaves, a release that disrupts, a decline, unused seats).

use super::{civil_from_days, weekday, Rng, HISTORY};

pub const FEATURES: [&str; 12] = [
    "dashboards",
    "reports",
    "alerts",
    "exports",
    "workflows",
    "integrations",
    "api",
    "forecasts",
    "sharing",
    "admin",
    "billing",
    "search",
];
/// Release names that match no usage feature (release lists name changes, not features).
const CHANGE_NAMES: [&str; 8] = [
    "New navigation",
    "Pricing page v2",
    "Dark mode",
    "SSO settings redesign",
    "Onboarding checklist",
    "Performance improvements",
    "Mobile layout refresh",
    "Permissions overhaul",
];
/// Chance that an active user with several features also uses a second one that day.
pub const SECOND_FEATURE: f64 = 0.35;

#[derive(Clone)]
pub struct Release {
    pub day: i64,
    pub name: String,
    /// The feature the name mentions, if any.
    pub feature: Option<usize>,
}

#[derive(Clone)]
pub struct User {
    pub name: String,
    /// Weekday probability of being active.
    pub p: f64,
    /// Mean events per feature used on an active day.
    pub lambda: f64,
    pub features: Vec<usize>,
    pub first: i64,
    /// Last day the user may be active (inclusive); as-of for users who stay.
    pub last: i64,
    /// Personal vacations (first, last), at most 14 days each.
    pub away: Vec<(i64, i64)>,
    /// In the release-disruption cohort.
    pub cohort: bool,
}

#[derive(Clone)]
pub struct Disruption {
    pub release: usize,
    /// The feature it hits; None: it hits all usage of the cohort.
    pub feature: Option<usize>,
    /// Share of the cohort's activity (or feature use) lost.
    pub drop: f64,
    /// First day the effect is over (i64::MAX: still in effect).
    pub until: i64,
}

#[derive(Clone)]
pub struct Plan {
    pub id: String,
    pub seats: i64,
    pub users: Vec<User>,
    /// Weekend activity relative to weekdays.
    pub weekend: f64,
    /// Company holiday weeks (first day of each 7-day span).
    pub holidays: Vec<i64>,
    /// Weekly noise factors (mean ≈ 1), cycled by week.
    pub week_noise: Vec<f64>,
    /// Organic decline: a ramp from `from` to `to` down to factor `last`.
    pub decline: Option<(i64, i64, f64)>,
    pub disruption: Option<Disruption>,
    /// Start of the disruption (the release day), for quick checks.
    pub disruption_day: i64,
}

fn christmas(d: i64) -> bool {
    let (_, m, day) = civil_from_days(d);
    (m == 12 && day >= 24) || (m == 1 && day <= 1)
}

impl Plan {
    /// Probability (before weekly noise) that user `u` is active on day `d`.
    pub fn rate(&self, u: &User, d: i64) -> f64 {
        if d < u.first || d > u.last || u.away.iter().any(|&(a, b)| d >= a && d <= b) {
            return 0.0;
        }
        let mut f = u.p;
        if weekday(d) >= 5 {
            f *= self.weekend;
        }
        if christmas(d) {
            f *= 0.2;
        }
        if self.holidays.iter().any(|&h| d >= h && d < h + 7) {
            f *= 0.15;
        }
        if let Some((from, to, last)) = self.decline {
            if d >= to {
                f *= last;
            } else if d > from {
                f *= 1.0 - (1.0 - last) * (d - from) as f64 / (to - from) as f64;
            }
        }
        if let Some(x) = &self.disruption {
            if x.feature.is_none() && u.cohort && d >= self.disruption_day && d < x.until {
                f *= 1.0 - x.drop;
            }
        }
        f.min(0.97)
    }

    /// Chance that a pick of feature `f` by `u` on day `d` is kept (feature disruption).
    pub fn feature_factor(&self, u: &User, f: usize, d: i64) -> f64 {
        match &self.disruption {
            Some(x)
                if x.feature == Some(f) && u.cohort && d >= self.disruption_day && d < x.until =>
            {
                1.0 - x.drop
            }
            _ => 1.0,
        }
    }
}

fn log_uniform(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    rng.uniform(lo.ln(), hi.ln()).exp()
}

/// Standard normal (Box–Muller).
fn normal(rng: &mut Rng) -> f64 {
    let u1 = rng.f64().max(1e-12);
    let u2 = rng.f64();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// The world's release list: 3–6 releases aged 1–12 weeks and 1–2 older ones; half name a
/// feature (as the feature, "Reports 2.0: redesigned" or "Faster reports"), half a change.
pub fn releases(rng: &mut Rng, as_of: i64) -> Vec<Release> {
    let recent = rng.range(3, 6);
    let old = rng.range(1, 2);
    let mut out: Vec<Release> = (0..recent + old)
        .map(|i| {
            let age = if i < recent {
                rng.range(7, 84)
            } else {
                rng.range(100, 180)
            };
            let day = as_of - age;
            if rng.chance(0.5) {
                let f = rng.range(0, FEATURES.len() as i64 - 1) as usize;
                let name = match rng.range(0, 2) {
                    0 => FEATURES[f].to_string(),
                    1 => format!(
                        "{}{} 2.0: redesigned",
                        FEATURES[f][..1].to_uppercase(),
                        &FEATURES[f][1..]
                    ),
                    _ => format!("Faster {}", FEATURES[f]),
                };
                Release {
                    day,
                    name,
                    feature: Some(f),
                }
            } else {
                let name = rng.pick(&CHANGE_NAMES).to_string();
                Release {
                    day,
                    name,
                    feature: None,
                }
            }
        })
        .collect();
    out.sort_by_key(|r| r.day);
    out
}

/// Plans account number `a`.
pub fn account(rng: &mut Rng, a: usize, as_of: i64, releases: &[Release]) -> Plan {
    let start = as_of - HISTORY + 1;
    let n = log_uniform(rng, 2.0, 500.0).round() as usize;
    // people in large rollouts each use the product less often than people on small teams
    let base = log_uniform(rng, 0.04, 0.5) / (1.0 + n as f64 / 150.0);
    let sigma = rng.uniform(0.2, 1.1);
    let weekend = if rng.chance(0.15) {
        rng.uniform(0.6, 1.0)
    } else {
        rng.uniform(0.03, 0.25)
    };
    let mut order: Vec<usize> = (0..FEATURES.len()).collect();
    rng.shuffle(&mut order);
    let features: Vec<usize> = order[..rng.range(2, 8) as usize].to_vec();
    let mut users = Vec::with_capacity(n);
    for u in 0..n {
        let mut feats = vec![if rng.chance(0.7) {
            features[0]
        } else {
            *rng.pick(&features)
        }];
        for _ in 0..rng.range(0, 2) {
            let f = *rng.pick(&features);
            if !feats.contains(&f) {
                feats.push(f);
            }
        }
        let first = if rng.chance(0.1) {
            as_of - rng.range(30, 180)
        } else {
            start
        };
        let last = if rng.chance(0.1) {
            as_of - rng.range(1, 180)
        } else {
            as_of
        };
        // up to two vacations of at most two weeks, at least two months apart
        let from = as_of - rng.range(0, HISTORY / 2);
        let mut away = vec![(from, from + rng.range(2, 13))];
        if rng.chance(0.5) {
            let second = from - rng.range(60, HISTORY / 2);
            away.push((second, second + rng.range(2, 13)));
        }
        away.truncate(rng.range(0, 2) as usize);
        users.push(User {
            name: format!("u{:03}@acct{a}.test", u + 1),
            p: (base * (sigma * normal(rng)).exp()).min(0.9),
            lambda: (rng.uniform(2.0, 6.0) * (0.3 * normal(rng)).exp()).clamp(1.2, 15.0),
            features: feats,
            first,
            last: last.max(first),
            away,
            cohort: false,
        });
    }
    // a champion in most accounts; half of them leave, some long ago, some only days ago
    if rng.chance(0.6) {
        let c = &mut users[0];
        c.p = rng.uniform(0.4, 0.9);
        c.lambda = rng.uniform(5.0, 12.0);
        c.features = features.iter().copied().take(4).collect();
        c.first = start;
        c.last = if rng.chance(0.5) {
            as_of - rng.range(5, 75)
        } else {
            as_of
        };
    }
    let mut holidays = Vec::new();
    for _ in 0..2 {
        if rng.chance(0.35) {
            holidays.push(as_of - rng.range(7, 120));
        }
    }
    let week_noise = (0..30).map(|_| (0.15 * normal(rng)).exp()).collect();
    let decline = rng.chance(0.15).then(|| {
        let to = as_of - rng.range(0, 10);
        (to - rng.range(14, 42), to, rng.uniform(0.15, 0.9))
    });
    let mut plan = Plan {
        id: format!("S{a:04}"),
        seats: (n as f64 * rng.uniform(1.0, 1.35)).round() as i64,
        users,
        weekend,
        holidays,
        week_noise,
        decline,
        disruption: None,
        disruption_day: 0,
    };
    if rng.chance(0.2) {
        plan.seats = (n as f64 / rng.uniform(0.1, 0.6)).round() as i64;
    }
    if rng.chance(0.35) {
        plant_disruption(rng, &mut plan, as_of, releases, &features);
    }
    plan
}

/// Plants a disruption on a release aged 1–12 weeks that can touch this account: one that
/// names a feature the account uses (hits that feature) or names none (hits all usage).
fn plant_disruption(
    rng: &mut Rng,
    plan: &mut Plan,
    as_of: i64,
    releases: &[Release],
    features: &[usize],
) {
    let mut candidates: Vec<usize> = (0..releases.len())
        .filter(|&i| as_of - releases[i].day <= 84)
        .filter(|&i| releases[i].feature.map_or(true, |f| features.contains(&f)))
        .collect();
    rng.shuffle(&mut candidates);
    let Some(&i) = candidates.first() else { return };
    let rel = &releases[i];
    let share = rng.uniform(0.6, 1.0);
    for u in &mut plan.users {
        u.cohort = rel.feature.map_or(true, |f| u.features.contains(&f)) && rng.chance(share);
    }
    plan.disruption_day = rel.day;
    plan.disruption = Some(Disruption {
        release: i,
        feature: rel.feature,
        drop: rng.uniform(0.2, 0.95),
        until: if rng.chance(0.8) {
            i64::MAX
        } else {
            rel.day + 7 * rng.range(1, 5)
        },
    });
}
