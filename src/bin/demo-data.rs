//! Deterministic synthetic demo data for customer-health.
//!
//! `demo-data --out DIR [--accounts N] [--seed S] [--as-of YYYY-MM-DD] [--only TABLE[,TABLE]]`
//! writes a complete book of business (accounts, usage, surveys, tickets, goals, touchpoints,
//! releases) with planted stories plus `expectations.json` (the ground truth).
//!
//! `demo-data --out DIR --usage-rows N` writes only `usage_events.csv` with exactly N rows,
//! streamed, for ingestion benchmarks (same accounts and user ids as the demo set).
//!
//! std only: the PRNG (splitmix64) and the calendar arithmetic are implemented here.

#[cfg(test)]
use std::collections::HashMap;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;

// ---------------------------------------------------------------- PRNG ------------------------

/// splitmix64: tiny, fast, good enough statistical quality for synthetic data, fully deterministic.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    /// A sub-stream keyed by (seed, a, b) so tables and accounts are independent of each other.
    fn derive(seed: u64, a: u64, b: u64) -> Self {
        let mut r = Rng(seed
            ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ b.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform integer in [lo, hi] (inclusive).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next_u64() % xs.len() as u64) as usize]
    }
    /// Index drawn with the given relative weights.
    fn weighted(&mut self, w: &[f64]) -> usize {
        let total: f64 = w.iter().sum();
        let mut x = self.f64() * total;
        for (i, wi) in w.iter().enumerate() {
            if x < *wi {
                return i;
            }
            x -= wi;
        }
        w.len() - 1
    }
    /// Small-mean Poisson (Knuth), fine for means below ~30.
    fn poisson(&mut self, mean: f64) -> u32 {
        let l = (-mean).exp();
        let mut k = 0u32;
        let mut p = 1.0;
        loop {
            p *= self.f64();
            if p <= l {
                return k;
            }
            k += 1;
        }
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------- dates -----------------------

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn fmt_date(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

fn parse_date(s: &str) -> Option<i64> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let z = days_from_civil(y, m, d);
    (civil_from_days(z) == (y, m, d)).then_some(z)
}

/// Monday = 0 … Sunday = 6.
fn weekday(z: i64) -> i64 {
    (z + 3).rem_euclid(7)
}

// ---------------------------------------------------------------- catalogue -------------------

const FEATURES: [&str; 10] = [
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
];
const WORKFLOWS: usize = 4;
const HISTORY_DAYS: i64 = 365;
/// The disruptive release lands this many days before as-of.
const RELEASE_OFFSET: i64 = 40;
const SILENCE_OFFSET: i64 = 90;
const CHAMPION_LEAVES_OFFSET: i64 = 35;
/// Global usage-volume knob: keeps the default demo set under ~3 MB.
const ACTIVITY: f64 = 0.66;

const NAME_A: [&str; 24] = [
    "Vel", "Nor", "Qua", "Ri", "Sol", "Ta", "Ber", "Lu", "Mar", "Ox", "Zen", "Pi", "Ka", "Dor",
    "El", "Fa", "Gra", "Hel", "Ix", "Jo", "Cal", "Bri", "Tor", "Ven",
];
const NAME_B: [&str; 16] = [
    "tra", "rex", "nta", "via", "ris", "mo", "dex", "lio", "ra", "tek", "van", "cor", "ly", "nis",
    "pa", "quo",
];
/// (company-name suffix, industry)
const SUFFIX: [(&str, &str); 12] = [
    ("Logistics", "Logistics"),
    ("Health", "Healthcare"),
    ("Labs", "Software"),
    ("Foods", "Food & Beverage"),
    ("Energy", "Energy"),
    ("Capital", "Financial Services"),
    ("Retail", "Retail"),
    ("Systems", "Manufacturing"),
    ("Media", "Media"),
    ("Robotics", "Manufacturing"),
    ("Pharma", "Healthcare"),
    ("Insurance", "Financial Services"),
];
const REGIONS: [&str; 4] = ["NA", "EMEA", "APAC", "LATAM"];
const CSMS: [&str; 6] = [
    "Dana Whitfield",
    "Marco Ruiz",
    "Priya Nair",
    "Tom Becker",
    "Aiko Sato",
    "Lena Vogel",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Story {
    Champion,
    UnderUser,
    CryForHelp,
    AtRisk,
    UsageTrap,
    UsageDecline,
    SeatUnderuse,
    LastUser,
    ChampionLoss,
    ReleaseDisruption,
    Silence,
    TicketSurge,
    PartialValue,
    NoSurveys,
    NoGoals,
    Steady,
}

/// Planted stories and how many of each in a 150-account book (the rest are `Steady`).
const MIX: [(Story, usize); 15] = [
    (Story::Champion, 16),
    (Story::UnderUser, 14),
    (Story::CryForHelp, 10),
    (Story::AtRisk, 10),
    (Story::UsageTrap, 6),
    (Story::UsageDecline, 6),
    (Story::SeatUnderuse, 4),
    (Story::LastUser, 2),
    (Story::ChampionLoss, 5),
    (Story::ReleaseDisruption, 5),
    (Story::Silence, 5),
    (Story::TicketSurge, 5),
    (Story::PartialValue, 8),
    (Story::NoSurveys, 4),
    (Story::NoGoals, 4),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sat {
    High,
    Mid,
    Low,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum GoalProfile {
    Met,
    Mid,
    Partial,
    Behind,
    Low,
    None,
}

struct Profile {
    /// fraction of seats that become users (min, max)
    users: (f64, f64),
    /// weekday probability that a user is active on a given day
    p: f64,
    /// distinct features the account uses (min, max)
    features: (usize, usize),
    sat: Sat,
    tickets_per_month: f64,
    touch_every_days: f64,
    goals: GoalProfile,
}

impl Story {
    fn name(self) -> &'static str {
        match self {
            Story::Champion => "champion",
            Story::UnderUser => "content_under_user",
            Story::CryForHelp => "cry_for_help",
            Story::AtRisk => "at_risk",
            Story::UsageTrap => "usage_trap",
            Story::UsageDecline => "usage_decline",
            Story::SeatUnderuse => "seat_underuse",
            Story::LastUser => "last_user_standing",
            Story::ChampionLoss => "champion_loss",
            Story::ReleaseDisruption => "release_disruption",
            Story::Silence => "silence",
            Story::TicketSurge => "ticket_surge",
            Story::PartialValue => "partial_value",
            Story::NoSurveys => "missing_surveys",
            Story::NoGoals => "missing_goals",
            Story::Steady => "steady",
        }
    }
    fn quadrant(self) -> Option<&'static str> {
        match self {
            Story::Champion | Story::UsageTrap => Some("champion"),
            Story::UnderUser => Some("under_user"),
            Story::CryForHelp => Some("cry_for_help"),
            Story::AtRisk => Some("at_risk"),
            _ => None,
        }
    }
    fn flags(self) -> &'static [&'static str] {
        match self {
            Story::Champion | Story::Steady => &[],
            Story::UnderUser | Story::AtRisk | Story::SeatUnderuse => &["low_seat_utilisation"],
            Story::CryForHelp => &["competitor_mention"],
            Story::UsageTrap => &["usage_trap"],
            Story::UsageDecline => &["usage_decline"],
            Story::LastUser => &["low_seat_utilisation", "single_user"],
            Story::ChampionLoss => &["champion_loss", "usage_decline"],
            Story::ReleaseDisruption => &["release_drop"],
            Story::Silence => &["silence"],
            Story::TicketSurge => &["ticket_surge"],
            Story::PartialValue => &["partial_value"],
            Story::NoSurveys => &["no_surveys"],
            Story::NoGoals => &["no_goals"],
        }
    }
    fn profile(self) -> Profile {
        let steady = Profile {
            users: (0.65, 0.85),
            p: 0.10,
            features: (3, 6),
            sat: Sat::Mid,
            tickets_per_month: 1.0,
            touch_every_days: 18.0,
            goals: GoalProfile::Mid,
        };
        match self {
            Story::Champion => Profile {
                users: (0.85, 0.95),
                p: 0.20,
                features: (6, 9),
                sat: Sat::High,
                tickets_per_month: 0.6,
                touch_every_days: 12.0,
                goals: GoalProfile::Met,
            },
            Story::UnderUser => Profile {
                users: (0.0, 0.0),
                p: 0.09,
                features: (1, 1),
                sat: Sat::High,
                tickets_per_month: 0.3,
                touch_every_days: 30.0,
                ..steady
            },
            Story::CryForHelp => Profile {
                users: (0.8, 0.95),
                p: 0.22,
                features: (5, 8),
                sat: Sat::Low,
                tickets_per_month: 4.5,
                touch_every_days: 14.0,
                ..steady
            },
            Story::AtRisk => Profile {
                users: (0.1, 0.25),
                p: 0.05,
                features: (1, 2),
                sat: Sat::Low,
                tickets_per_month: 0.8,
                touch_every_days: 35.0,
                goals: GoalProfile::Low,
            },
            Story::UsageTrap => Profile {
                users: (0.75, 0.9),
                p: 0.32,
                features: (4, 6),
                sat: Sat::High,
                tickets_per_month: 1.0,
                touch_every_days: 14.0,
                goals: GoalProfile::Behind,
            },
            Story::UsageDecline => Profile { p: 0.13, ..steady },
            Story::SeatUnderuse => Profile {
                users: (0.0, 0.0),
                p: 0.15,
                ..steady
            },
            Story::LastUser => Profile {
                users: (0.0, 0.0),
                p: 0.2,
                ..steady
            },
            Story::ChampionLoss => Profile {
                users: (0.6, 0.8),
                p: 0.08,
                ..steady
            },
            Story::ReleaseDisruption => Profile {
                p: 0.13,
                features: (3, 5),
                ..steady
            },
            Story::PartialValue => Profile {
                goals: GoalProfile::Partial,
                ..steady
            },
            Story::NoGoals => Profile {
                goals: GoalProfile::None,
                ..steady
            },
            Story::TicketSurge => Profile {
                tickets_per_month: 1.2,
                ..steady
            },
            Story::Silence | Story::NoSurveys | Story::Steady => steady,
        }
    }
}

// ---------------------------------------------------------------- plan ------------------------

#[derive(Clone, Debug)]
struct User {
    id: String,
    first_day: i64,
    /// last day with activity (inclusive); None = still active at as-of
    last_day: Option<i64>,
    p: f64,
    intensity: f64,
    features: Vec<usize>,
    /// release-disruption cohort: stops using workflows after the release
    drops_release_feature: bool,
}

#[derive(Clone, Debug)]
struct Account {
    idx: usize,
    id: String,
    name: String,
    story: Story,
    plan: &'static str,
    seats: i64,
    industry: &'static str,
    region: &'static str,
    employees: i64,
    start: i64,
    renewal: i64,
    csm: &'static str,
    arr: i64,
    features: Vec<usize>,
    users: Vec<User>,
    /// attempt counter for the retry that removes accidental signals
    attempt: u64,
}

struct Config {
    seed: u64,
    as_of: i64,
    accounts: usize,
}

impl Config {
    fn window_start(&self) -> i64 {
        self.as_of - HISTORY_DAYS + 1
    }
    fn release_day(&self) -> i64 {
        self.as_of - RELEASE_OFFSET
    }
}

fn story_list(n: usize, seed: u64) -> Vec<Story> {
    let mut v = Vec::with_capacity(n);
    for (story, per150) in MIX {
        let k = ((per150 * n) as f64 / 150.0).round().max(1.0) as usize;
        for _ in 0..k {
            if v.len() < n {
                v.push(story);
            }
        }
    }
    while v.len() < n {
        v.push(Story::Steady);
    }
    let mut rng = Rng::derive(seed, 0xACC, 0);
    rng.shuffle(&mut v);
    v
}

fn build_accounts(cfg: &Config) -> Vec<Account> {
    let stories = story_list(cfg.accounts, cfg.seed);
    let mut used_names = HashSet::new();
    let width = if cfg.accounts < 10_000 { 4 } else { 6 };
    let mut out = Vec::with_capacity(cfg.accounts);
    for (idx, &story) in stories.iter().enumerate() {
        let mut rng = Rng::derive(cfg.seed, 1, idx as u64);
        let mut first = String::new();
        for attempt in 0..40 {
            let cand = format!("{}{}", rng.pick(&NAME_A), rng.pick(&NAME_B));
            let cand = if attempt >= 30 {
                format!("{cand}{idx}")
            } else {
                cand
            };
            if used_names.insert(cand.to_lowercase()) {
                first = cand;
                break;
            }
        }
        if first.is_empty() {
            first = format!("Acct{idx}");
        }
        let (suffix, industry) = *rng.pick(&SUFFIX);
        let plan_roll = rng.f64();
        let (mut plan, mut seats) = if plan_roll < 0.35 {
            ("starter", rng.range(3, 8))
        } else if plan_roll < 0.8 {
            ("growth", rng.range(10, 25))
        } else {
            ("enterprise", rng.range(30, 50))
        };
        match story {
            Story::UnderUser => {
                plan = "growth";
                seats = rng.range(15, 30);
            }
            Story::AtRisk if seats < 10 => {
                plan = "growth";
                seats = rng.range(12, 25);
            }
            Story::SeatUnderuse => {
                plan = "enterprise";
                seats = 40;
            }
            Story::LastUser => {
                plan = "growth";
                seats = 20;
            }
            Story::ChampionLoss | Story::ReleaseDisruption => {
                plan = "growth";
                seats = rng.range(10, 18);
            }
            _ => {}
        }
        let per_seat = match plan {
            "starter" => 540.0,
            "growth" => 960.0,
            _ => 1500.0,
        };
        let arr = ((seats as f64 * per_seat * rng.uniform(0.85, 1.2)) / 100.0).round() as i64 * 100;
        let employees = match plan {
            "starter" => rng.range(12, 80),
            "growth" => rng.range(60, 600),
            _ => rng.range(500, 8000),
        };
        let region = REGIONS[rng.weighted(&[0.45, 0.3, 0.17, 0.08])];
        let start = cfg.as_of - rng.range(200, 345);
        let renewal = start
            + if plan == "enterprise" && rng.chance(0.3) {
                730
            } else {
                365
            };
        let domain = first.to_lowercase();
        let profile = story.profile();

        // account feature set: dashboards is the shared core, then a shuffled tail
        let mut order: Vec<usize> = (1..FEATURES.len()).collect();
        rng.shuffle(&mut order);
        let nf = rng.range(profile.features.0 as i64, profile.features.1 as i64) as usize;
        let mut features: Vec<usize> = if story == Story::UnderUser {
            vec![*rng.pick(&[0usize, 1])]
        } else {
            std::iter::once(0).chain(order).take(nf.max(1)).collect()
        };
        if story == Story::ReleaseDisruption {
            features.retain(|&f| f != WORKFLOWS);
            features.insert(0, WORKFLOWS);
        } else if !matches!(
            story,
            Story::Champion | Story::CryForHelp | Story::UsageTrap
        ) {
            // keep `workflows` out of the other accounts' core so the release signal stays planted
            features.retain(|&f| f != WORKFLOWS);
            if features.is_empty() {
                features.push(0);
            }
        }

        let n_users = match story {
            Story::UnderUser => rng.range(2, 3),
            Story::SeatUnderuse => 3,
            Story::LastUser => 7,
            _ => ((seats as f64 * rng.uniform(profile.users.0, profile.users.1)).round() as i64)
                .clamp(1, seats),
        } as usize;

        // people on small teams each use the product more often than people in large rollouts
        let plan_activity = match plan {
            "starter" => 1.8,
            "growth" => 1.0,
            _ => 0.8,
        };
        let mut users = Vec::with_capacity(n_users);
        for u in 0..n_users {
            let mut upf: Vec<usize> = vec![features[u % features.len()]];
            let extra = rng.range(0, 3) as usize;
            for _ in 0..extra {
                let f = *rng.pick(&features);
                if !upf.contains(&f) {
                    upf.push(f);
                }
            }
            let weight = (rng.uniform(-0.6, 0.6)).exp();
            let mut user = User {
                id: format!("user_{:03}@{domain}.example", u + 1),
                first_day: start
                    + if u < 3 {
                        rng.range(1, 5)
                    } else {
                        rng.range(2, 21)
                    },
                last_day: None,
                p: (profile.p * weight * plan_activity).min(0.95),
                intensity: rng.uniform(2.0, 7.0),
                features: upf,
                drops_release_feature: false,
            };
            match story {
                Story::ChampionLoss if u == 0 => {
                    user.p = 0.85;
                    user.intensity = 11.0;
                    user.first_day = start + 1;
                    user.last_day = Some(cfg.as_of - CHAMPION_LEAVES_OFFSET);
                    user.features = features.clone();
                }
                Story::LastUser if u > 0 => {
                    user.last_day = Some(cfg.as_of - rng.range(70, 150));
                }
                Story::ReleaseDisruption => {
                    user.features.retain(|&f| f != WORKFLOWS);
                    user.features.insert(0, WORKFLOWS);
                    // most of the account is in the cohort that abandons the redesigned feature
                    user.drops_release_feature = u == 0 || rng.chance(0.8);
                }
                _ => {}
            }
            users.push(user);
        }
        if story == Story::ReleaseDisruption && users.len() > 1 {
            // keep one user who adapts, so the drop is a cohort effect and not a blackout
            let last = users.len() - 1;
            users[last].drops_release_feature = false;
        }

        out.push(Account {
            idx,
            id: format!("A{:0width$}", idx + 1),
            name: format!("{first} {suffix}"),
            story,
            plan,
            seats,
            industry,
            region,
            employees,
            start,
            renewal,
            csm: CSMS[idx % CSMS.len()],
            arr,
            features,
            users,
            attempt: 0,
        });
    }
    out
}

// ---------------------------------------------------------------- usage -----------------------

#[derive(Clone, Debug, PartialEq)]
struct UsageRow {
    user: usize,
    day: i64,
    feature: usize,
    events: u32,
    secs: u32,
}

/// Activity multiplier for account `a`, user `u` on day `d` (onboarding spike, weekends, holidays,
/// and the story's own shape).
fn activity(cfg: &Config, a: &Account, u: &User, d: i64) -> f64 {
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

fn gen_usage(cfg: &Config, a: &Account) -> Vec<UsageRow> {
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

fn events_between(rows: &[UsageRow], from: i64, to: i64) -> u64 {
    rows.iter()
        .filter(|r| r.day >= from && r.day <= to)
        .map(|r| r.events as u64)
        .sum()
}

/// Signals that must not appear by accident on accounts that did not plant them.
fn accidental_signal(cfg: &Config, a: &Account, rows: &[UsageRow]) -> bool {
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
fn usage_for(cfg: &Config, a: &mut Account) -> Vec<UsageRow> {
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

// ---------------------------------------------------------------- other tables ----------------

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

const COMPETITOR_ASKS: [&str; 5] = [
    "Gridwise has bulk editing across projects. Why can't we do that here?",
    "We are trialling Plotfin because their scheduled exports just work.",
    "Tallyhive offers SSO audit logs out of the box; our security team keeps asking for it.",
    "Our ops lead prefers Gridwise's offline mode. Please add something similar.",
    "Plotfin lets admins clone workspaces in one click. We rebuild ours by hand every month.",
];
const LOW_COMMENTS: [&str; 5] = [
    "Reports time out on our bigger datasets.",
    "Support takes days to answer.",
    "Too many clicks for simple things.",
    "Setup never really finished on our side.",
    "Not sure we are getting value for the price.",
];
const MID_COMMENTS: [&str; 4] = [
    "Does the job.",
    "Fine overall, exports could be faster.",
    "Good product, onboarding was slow.",
    "OK.",
];
const HIGH_COMMENTS: [&str; 5] = [
    "Our team relies on it every day.",
    "Great support and the dashboards are excellent.",
    "Saves us hours each week.",
    "Easy to use, love it.",
    "Happy with it.",
];

fn score(rng: &mut Rng, sat: Sat, nps: bool) -> i64 {
    match (sat, nps) {
        (Sat::High, true) => [10, 10, 9, 9, 9, 10, 8][rng.range(0, 6) as usize],
        (Sat::Mid, true) => [6, 7, 7, 8, 8, 8, 9][rng.range(0, 6) as usize],
        (Sat::Low, true) => rng.range(1, 6),
        (Sat::High, false) => [5, 5, 5, 4, 4][rng.range(0, 4) as usize],
        (Sat::Mid, false) => [3, 3, 4, 4, 4, 5][rng.range(0, 5) as usize],
        (Sat::Low, false) => [1, 2, 2, 3, 3][rng.range(0, 4) as usize],
    }
}

/// Regularly spaced days (mean `every`, jitter ±40%) within [from, to].
fn cadence(rng: &mut Rng, from: i64, to: i64, every: f64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut t = from as f64 + rng.uniform(0.0, every);
    while t <= to as f64 {
        out.push(t.floor() as i64);
        t += every * rng.uniform(0.6, 1.4);
    }
    out
}

/// Moves a weekend day to the next Monday (or back to Friday when Monday is past `until`).
fn business_day(d: i64, until: i64) -> i64 {
    let shift = match weekday(d) {
        5 => 2,
        6 => 1,
        _ => 0,
    };
    if d + shift <= until {
        d + shift
    } else if shift > 0 {
        d - (3 - shift)
    } else {
        d
    }
}

/// The last day the account talks to anyone (silence stops touchpoints, tickets and surveys).
fn voice_until(cfg: &Config, a: &Account) -> i64 {
    if a.story == Story::Silence {
        cfg.as_of - SILENCE_OFFSET
    } else {
        cfg.as_of
    }
}

fn gen_surveys(cfg: &Config, a: &Account, out: &mut String) {
    if a.story == Story::NoSurveys {
        return;
    }
    let mut rng = Rng::derive(cfg.seed, 3, a.idx as u64);
    let sat = a.story.profile().sat;
    let from = a.start.max(cfg.window_start());
    let until = voice_until(cfg, a);
    let mut rows: Vec<(i64, &str, i64, String)> = Vec::new();
    // NPS waves every ~90 days, 1–3 respondents; CSAT pulses roughly monthly
    for wave in cadence(&mut rng, from + 30, until, 90.0) {
        for _ in 0..rng.range(1, 3) {
            let d = (wave + rng.range(0, 6)).min(until);
            let s = score(&mut rng, sat, true);
            rows.push((d, "nps", s, comment(&mut rng, a.story, sat)));
        }
    }
    for d in cadence(&mut rng, from + 20, until, 35.0) {
        let s = score(&mut rng, sat, false);
        rows.push((d, "csat", s, comment(&mut rng, a.story, sat)));
    }
    rows.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    for (d, kind, s, c) in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            a.id,
            fmt_date(d),
            kind,
            s,
            csv_field(&c)
        );
    }
}

fn comment(rng: &mut Rng, story: Story, sat: Sat) -> String {
    if story == Story::CryForHelp && rng.chance(0.55) {
        return rng.pick(&COMPETITOR_ASKS).to_string();
    }
    if rng.chance(0.45) {
        return String::new();
    }
    match sat {
        Sat::High => rng.pick(&HIGH_COMMENTS),
        Sat::Mid => rng.pick(&MID_COMMENTS),
        Sat::Low => rng.pick(&LOW_COMMENTS),
    }
    .to_string()
}

fn gen_tickets(cfg: &Config, a: &Account, next_id: &mut u64, out: &mut String) {
    let mut rng = Rng::derive(cfg.seed, 4, a.idx as u64);
    let profile = a.story.profile();
    let from = a.start.max(cfg.window_start()) + 3;
    let until = voice_until(cfg, a);
    let every = 30.0 / profile.tickets_per_month;
    let mut days = if a.story == Story::TicketSurge {
        let mut d = cadence(&mut rng, from, cfg.as_of - 31, every);
        let surge = rng.range(9, 12);
        for k in 0..surge {
            d.push(cfg.as_of - 29 + k * 29 / surge + rng.range(0, 1));
        }
        d
    } else {
        cadence(&mut rng, from, until, every)
    };
    for d in days.iter_mut() {
        *d = business_day(*d, until);
    }
    days.sort_unstable();
    let cats_default: [&str; 7] = [
        "how_to",
        "bug",
        "billing",
        "integration",
        "performance",
        "access",
        "feature_request",
    ];
    for d in days {
        let surge = a.story == Story::TicketSurge && d > cfg.as_of - 30;
        let category = if a.story == Story::CryForHelp {
            *rng.pick(&[
                "bug",
                "performance",
                "feature_request",
                "bug",
                "integration",
            ])
        } else if surge {
            *rng.pick(&["bug", "integration", "performance"])
        } else {
            cats_default[rng.weighted(&[0.3, 0.2, 0.08, 0.14, 0.1, 0.1, 0.08])]
        };
        let priority = if surge {
            ["high", "urgent", "high", "normal"][rng.range(0, 3) as usize]
        } else {
            ["low", "normal", "high", "urgent"][rng.weighted(&[0.25, 0.5, 0.2, 0.05])]
        };
        let created_secs = rng.range(8 * 3600, 18 * 3600 + 3599);
        let hours: f64 = match priority {
            "urgent" => rng.uniform(1.0, 10.0),
            "high" => rng.uniform(3.0, 36.0),
            "normal" => rng.uniform(6.0, 96.0),
            _ => rng.uniform(20.0, 240.0),
        } * if a.story == Story::CryForHelp {
            1.8
        } else {
            1.0
        };
        let resolved_abs = d * 86_400 + created_secs + (hours * 3600.0) as i64;
        let resolved = if resolved_abs < (cfg.as_of + 1) * 86_400 {
            fmt_ts(resolved_abs)
        } else {
            String::new()
        };
        let sat_score = if resolved.is_empty() || rng.chance(0.45) {
            String::new()
        } else {
            score(&mut rng, profile.sat, false).to_string()
        };
        let _ = writeln!(
            out,
            "T-{:05},{},{},{},{},{},{}",
            *next_id,
            a.id,
            fmt_ts(d * 86_400 + created_secs),
            resolved,
            priority,
            category,
            sat_score
        );
        *next_id += 1;
    }
}

fn fmt_ts(secs: i64) -> String {
    let d = secs.div_euclid(86_400);
    let s = secs.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}:{:02}",
        fmt_date(d),
        s / 3600,
        (s / 60) % 60,
        s % 60
    )
}

const GOALS: [(&str, i64, i64); 6] = [
    ("Cut month-end reporting time (hours)", 40, 10),
    ("Raise forecast accuracy (%)", 60, 90),
    ("Reduce manual data entry (hours per week)", 30, 6),
    ("Regional teams live on the platform", 0, 8),
    ("Approval flows automated", 0, 20),
    ("On-time delivery rate (%)", 70, 95),
];
const MILESTONES: [&str; 6] = [
    "Success plan agreed",
    "SSO and provisioning configured",
    "Data integrations connected",
    "First team trained",
    "Executive dashboard live",
    "First QBR held",
];

fn gen_goals(cfg: &Config, a: &Account, out: &mut String) {
    let profile = a.story.profile();
    if profile.goals == GoalProfile::None {
        return;
    }
    let mut rng = Rng::derive(cfg.seed, 5, a.idx as u64);
    let mut gidx: Vec<usize> = (0..GOALS.len()).collect();
    rng.shuffle(&mut gidx);
    let n_goals = rng.range(2, 3) as usize;
    for &g in gidx.iter().take(n_goals) {
        let (text, base, target) = GOALS[g];
        let att = match profile.goals {
            GoalProfile::Met => rng.uniform(1.0, 1.15),
            GoalProfile::Mid => rng.uniform(0.78, 0.95),
            GoalProfile::Partial => rng.uniform(0.38, 0.62),
            GoalProfile::Behind => rng.uniform(0.02, 0.15),
            GoalProfile::Low => rng.uniform(0.05, 0.22),
            GoalProfile::None => unreachable!(),
        };
        let current = base as f64 + att * (target - base) as f64;
        let current = current.round() as i64;
        let due = match profile.goals {
            GoalProfile::Met => a.start + rng.range(120, 190),
            GoalProfile::Behind => cfg.as_of + rng.range(-20, 25),
            _ => cfg.as_of + rng.range(20, 150),
        };
        let (status, done) = match profile.goals {
            GoalProfile::Met => (
                "achieved",
                fmt_date((due - rng.range(3, 30)).min(cfg.as_of)),
            ),
            GoalProfile::Mid => ("on_track", String::new()),
            GoalProfile::Partial => ("at_risk", String::new()),
            _ => ("off_track", String::new()),
        };
        let _ = writeln!(
            out,
            "{},{},goal,{},{},{},{},{},{}",
            a.id,
            csv_field(text),
            base,
            target,
            current,
            fmt_date(due),
            status,
            done
        );
    }
    let n_ms = 4;
    let done_count = match profile.goals {
        GoalProfile::Met => 4,
        GoalProfile::Mid => 3,
        GoalProfile::Partial => 2,
        GoalProfile::Behind | GoalProfile::Low => 1,
        GoalProfile::None => 0,
    };
    for (k, ms) in MILESTONES.iter().take(n_ms).enumerate() {
        let due = a.start + 30 + 45 * k as i64;
        let is_done = k < done_count;
        let status = if is_done {
            "done"
        } else if due < cfg.as_of {
            "missed"
        } else {
            "planned"
        };
        let done = if is_done {
            fmt_date((due - rng.range(0, 10)).min(cfg.as_of))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{},{},milestone,0,1,{},{},{},{}",
            a.id,
            ms,
            is_done as u8,
            fmt_date(due),
            status,
            done
        );
    }
}

fn gen_touchpoints(cfg: &Config, a: &Account, out: &mut String) {
    let mut rng = Rng::derive(cfg.seed, 6, a.idx as u64);
    let profile = a.story.profile();
    let from = a.start.max(cfg.window_start());
    let until = voice_until(cfg, a);
    let mut rows: Vec<(i64, &str, &str)> = Vec::new();
    for d in cadence(&mut rng, from, until, profile.touch_every_days) {
        let d = business_day(d, until);
        let kind = ["email", "call", "meeting"][rng.weighted(&[0.55, 0.28, 0.17])];
        let inbound = if a.story == Story::CryForHelp {
            0.55
        } else {
            0.25
        };
        let dir = if rng.chance(inbound) {
            "inbound"
        } else {
            "outbound"
        };
        rows.push((d, kind, dir));
    }
    // QBRs every ~quarter for engaged accounts
    if matches!(profile.sat, Sat::High) || a.plan == "enterprise" {
        let mut q = from + 80;
        while q <= until {
            rows.push((business_day(q, until), "qbr", "outbound"));
            q += 91;
        }
    }
    rows.sort();
    for (d, kind, dir) in rows {
        let _ = writeln!(out, "{},{},{},{}", a.id, fmt_date(d), kind, dir);
    }
}

fn gen_releases(cfg: &Config) -> String {
    let mut s = String::from("release_date,feature,notes\n");
    let list: [(i64, &str, &str); 8] = [
        (330, "dashboards", "Dashboard sharing links"),
        (290, "alerts", "Slack and Teams alert channels"),
        (240, "reports", "Report scheduling"),
        (190, "integrations", "Salesforce two-way sync"),
        (150, "api", "API v2 with pagination"),
        (105, "forecasts", "Forecast confidence bands"),
        (
            RELEASE_OFFSET,
            "workflows",
            "Workflows 2.0: redesigned builder; saved flows must be migrated",
        ),
        (12, "exports", "Parquet export"),
    ];
    for (off, f, n) in list {
        let _ = writeln!(s, "{},{},{}", fmt_date(cfg.as_of - off), f, csv_field(n));
    }
    s
}

// ---------------------------------------------------------------- assembly --------------------

const TABLES: [&str; 8] = [
    "accounts.csv",
    "usage_events.csv",
    "surveys.csv",
    "support_tickets.csv",
    "goals.csv",
    "touchpoints.csv",
    "releases.csv",
    "expectations.json",
];

fn json_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A one-line, human-readable statement of what was planted, checked against the rows.
fn detail(cfg: &Config, a: &Account, rows: &[UsageRow]) -> String {
    let active28: HashSet<usize> = rows
        .iter()
        .filter(|r| r.day > cfg.as_of - 28)
        .map(|r| r.user)
        .collect();
    match a.story {
        Story::ChampionLoss => {
            let total: u64 = rows.iter().map(|r| r.events as u64).sum();
            let top: u64 = rows
                .iter()
                .filter(|r| r.user == 0)
                .map(|r| r.events as u64)
                .sum();
            format!(
                "{} had {:.0}% of all events and is silent since {}",
                a.users[0].id,
                100.0 * top as f64 / total.max(1) as f64,
                fmt_date(cfg.as_of - CHAMPION_LEAVES_OFFSET + 1)
            )
        }
        Story::UsageDecline => {
            let last = events_between(rows, cfg.as_of - 27, cfg.as_of);
            let prev = events_between(rows, cfg.as_of - 55, cfg.as_of - 28);
            format!("events last 28 days {last} vs {prev} in the 28 before")
        }
        Story::SeatUnderuse | Story::LastUser | Story::UnderUser | Story::AtRisk => {
            format!(
                "{} of {} seats active in the last 28 days",
                active28.len(),
                a.seats
            )
        }
        Story::ReleaseDisruption => {
            let cohort = a.users.iter().filter(|u| u.drops_release_feature).count();
            format!(
                "{cohort} of {} users stop using workflows after the {} release",
                a.users.len(),
                fmt_date(cfg.release_day())
            )
        }
        Story::Silence => format!(
            "no touchpoints, tickets or surveys after {}",
            fmt_date(cfg.as_of - SILENCE_OFFSET)
        ),
        Story::TicketSurge => "last 30 days carry 3x+ the usual ticket rate".to_string(),
        Story::PartialValue => "goals at 38-62% of target, 2 of 4 milestones done".to_string(),
        Story::UsageTrap => {
            "heavy daily usage, goals at 2-15% of target near their due date".to_string()
        }
        Story::CryForHelp => {
            "heavy usage, low NPS/CSAT, 4-5 tickets a month, comments name competitor features"
                .to_string()
        }
        Story::Champion => {
            format!(
                "high NPS/CSAT, {} features in use, goals achieved, all milestones done",
                a.features.len()
            )
        }
        Story::NoSurveys => "no survey responses at all".to_string(),
        Story::NoGoals => "no goals or milestones recorded".to_string(),
        Story::Steady => String::new(),
    }
}

/// Generates every table in memory (the demo set is small). Keys are file names.
fn generate(cfg: &Config) -> BTreeMap<&'static str, Vec<u8>> {
    let mut accounts = build_accounts(cfg);
    let mut acc = String::from(
        "account_id,account_name,arr,plan,seats,industry,region,employees,start_date,renewal_date,csm_owner\n",
    );
    let mut usage =
        String::from("account_id,user_id,event_date,feature,event_count,duration_secs\n");
    let mut surveys = String::from("account_id,response_date,survey_type,score,comment\n");
    let mut tickets = String::from(
        "ticket_id,account_id,created_at,resolved_at,priority,category,satisfaction\n",
    );
    let mut goals = String::from(
        "account_id,goal,kind,baseline,target,current,due_date,status,completed_date\n",
    );
    let mut touch = String::from("account_id,date,type,direction\n");
    let mut exp = String::new();
    let _ = write!(
        exp,
        "{{\n  \"generator\": \"demo-data\",\n  \"seed\": {},\n  \"as_of\": \"{}\",\n  \"release\": {{\"date\": \"{}\", \"feature\": \"workflows\"}},\n  \"accounts\": [\n",
        cfg.seed,
        fmt_date(cfg.as_of),
        fmt_date(cfg.release_day())
    );
    let mut ticket_id = 1u64;
    let n = accounts.len();
    for (i, a) in accounts.iter_mut().enumerate() {
        let _ = writeln!(
            acc,
            "{},{},{},{},{},{},{},{},{},{},{}",
            a.id,
            csv_field(&a.name),
            a.arr,
            a.plan,
            a.seats,
            csv_field(a.industry),
            a.region,
            a.employees,
            fmt_date(a.start),
            fmt_date(a.renewal),
            a.csm
        );
        let rows = usage_for(cfg, a);
        // exports are typically sorted by date, then user
        let mut sorted: Vec<&UsageRow> = rows.iter().collect();
        sorted.sort_by_key(|r| (r.day, r.user, r.feature));
        for r in sorted {
            let _ = writeln!(
                usage,
                "{},{},{},{},{},{}",
                a.id,
                a.users[r.user].id,
                fmt_date(r.day),
                FEATURES[r.feature],
                r.events,
                r.secs
            );
        }
        gen_surveys(cfg, a, &mut surveys);
        gen_tickets(cfg, a, &mut ticket_id, &mut tickets);
        gen_goals(cfg, a, &mut goals);
        gen_touchpoints(cfg, a, &mut touch);
        let flags: Vec<String> = a.story.flags().iter().map(|f| json_str(f)).collect();
        let _ = writeln!(
            exp,
            "    {{\"account_id\": {}, \"story\": {}, \"expect_quadrant\": {}, \"expect_flags\": [{}], \"detail\": {}}}{}",
            json_str(&a.id),
            json_str(a.story.name()),
            a.story.quadrant().map(json_str).unwrap_or_else(|| "null".into()),
            flags.join(", "),
            json_str(&detail(cfg, a, &rows)),
            if i + 1 < n { "," } else { "" }
        );
    }
    exp.push_str("  ]\n}\n");
    let mut m = BTreeMap::new();
    m.insert("accounts.csv", acc.into_bytes());
    m.insert("usage_events.csv", usage.into_bytes());
    m.insert("surveys.csv", surveys.into_bytes());
    m.insert("support_tickets.csv", tickets.into_bytes());
    m.insert("goals.csv", goals.into_bytes());
    m.insert("touchpoints.csv", touch.into_bytes());
    m.insert("releases.csv", gen_releases(cfg).into_bytes());
    m.insert("expectations.json", exp.into_bytes());
    m
}

/// Benchmark mode: exactly `n` usage rows, date-ordered, streamed. Accounts are picked in
/// proportion to their planned activity; user ids and features match the demo accounts.
fn stream_usage<W: std::io::Write>(cfg: &Config, n: u64, w: &mut W) -> std::io::Result<()> {
    let accounts = build_accounts(cfg);
    let mut cum = Vec::with_capacity(accounts.len());
    let mut total = 0.0;
    for a in &accounts {
        total += a.users.iter().map(|u| u.p).sum::<f64>().max(0.01);
        cum.push(total);
    }
    let dates: Vec<String> = (cfg.window_start()..=cfg.as_of).map(fmt_date).collect();
    // compact ids (u005@oxmo.test) keep rows near 45-50 bytes, like a product-analytics export
    let short: Vec<Vec<String>> = accounts
        .iter()
        .map(|a| {
            a.users
                .iter()
                .map(|u| u.id.replacen("user_", "u", 1).replace(".example", ".test"))
                .collect()
        })
        .collect();
    let mut rng = Rng::derive(cfg.seed, 7, n);
    w.write_all(b"account_id,user_id,event_date,feature,event_count,duration_secs\n")?;
    let mut line = String::with_capacity(96);
    for i in 0..n {
        let day = ((i as u128 * dates.len() as u128) / n as u128) as usize;
        let x = rng.f64() * total;
        let ai = cum.partition_point(|&c| c <= x).min(accounts.len() - 1);
        let a = &accounts[ai];
        let ui = (rng.next_u64() % a.users.len() as u64) as usize;
        let u = &a.users[ui];
        let f = u.features[(rng.next_u64() % u.features.len() as u64) as usize];
        let events = 1 + rng.poisson(u.intensity - 1.0);
        let secs = events as i64 * rng.range(25, 140);
        line.clear();
        let _ = writeln!(
            line,
            "{},{},{},{},{},{}",
            a.id, short[ai][ui], dates[day], FEATURES[f], events, secs
        );
        w.write_all(line.as_bytes())?;
    }
    w.flush()
}

// ---------------------------------------------------------------- CLI -------------------------

struct Args {
    out: std::path::PathBuf,
    cfg: Config,
    usage_rows: Option<u64>,
    only: Option<Vec<String>>,
}

fn usage_text() -> &'static str {
    "usage: demo-data --out DIR [--accounts N] [--seed S] [--as-of YYYY-MM-DD] [--only TABLE[,TABLE]]\n       demo-data --out DIR --usage-rows N [--accounts N] [--seed S] [--as-of YYYY-MM-DD]\n\
     TABLE is a file stem: accounts, usage (usage_events), surveys, support_tickets, goals, touchpoints, releases, expectations"
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut out = None;
    let mut accounts = 150usize;
    let mut seed = 20_261_031u64;
    let mut as_of = days_from_civil(2026, 10, 31);
    let mut usage_rows = None;
    let mut only = None;
    let mut it = argv.iter();
    while let Some(k) = it.next() {
        let mut val = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{k} needs a value"))
        };
        match k.as_str() {
            "--out" => out = Some(std::path::PathBuf::from(val()?)),
            "--accounts" => accounts = val()?.parse().map_err(|_| "--accounts: not a number")?,
            "--seed" => seed = val()?.parse().map_err(|_| "--seed: not a number")?,
            "--as-of" => as_of = parse_date(&val()?).ok_or("--as-of: expected YYYY-MM-DD")?,
            "--usage-rows" => {
                usage_rows = Some(val()?.parse().map_err(|_| "--usage-rows: not a number")?)
            }
            "--only" => only = Some(val()?.split(',').map(|s| s.trim().to_string()).collect()),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if accounts == 0 {
        return Err("--accounts must be at least 1".into());
    }
    let out = out.ok_or("--out DIR is required")?;
    Ok(Args {
        out,
        cfg: Config {
            seed,
            as_of,
            accounts,
        },
        usage_rows,
        only,
    })
}

fn wanted(only: &Option<Vec<String>>, file: &str) -> bool {
    match only {
        None => true,
        Some(list) => list.iter().any(|t| {
            let stem = file.split('.').next().unwrap_or(file);
            t == file
                || t == stem
                || (t == "usage" && stem == "usage_events")
                || (t == "tickets" && stem == "support_tickets")
        }),
    }
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("demo-data: {e}");
            }
            eprintln!("{}", usage_text());
            std::process::exit(if e.is_empty() { 0 } else { 2 });
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("demo-data: cannot create {}: {e}", args.out.display());
        std::process::exit(1);
    }
    if let Some(n) = args.usage_rows {
        let path = args.out.join("usage_events.csv");
        let res = std::fs::File::create(&path).and_then(|f| {
            let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
            stream_usage(&args.cfg, n, &mut w)
        });
        match res {
            Ok(()) => {
                let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                eprintln!(
                    "wrote {} ({n} rows, {bytes} bytes, {:.1} bytes/row)",
                    path.display(),
                    bytes as f64 / n.max(1) as f64
                );
            }
            Err(e) => {
                eprintln!("demo-data: writing {}: {e}", path.display());
                std::process::exit(1);
            }
        }
        return;
    }
    let files = generate(&args.cfg);
    for name in TABLES {
        if !wanted(&args.only, name) {
            continue;
        }
        let path = args.out.join(name);
        let bytes = &files[name];
        if let Err(e) = std::fs::File::create(&path).and_then(|mut f| f.write_all(bytes)) {
            eprintln!("demo-data: writing {}: {e}", path.display());
            std::process::exit(1);
        }
        let rows = bytes
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            .saturating_sub(1);
        eprintln!(
            "wrote {:<22} {:>8} bytes {:>7} rows",
            name,
            bytes.len(),
            rows
        );
    }
}

// ---------------------------------------------------------------- tests -----------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> Config {
        Config {
            seed: 20_261_031,
            as_of: days_from_civil(2026, 10, 31),
            accounts: 150,
        }
    }

    fn text(files: &BTreeMap<&'static str, Vec<u8>>, name: &str) -> String {
        String::from_utf8(files[name].clone()).unwrap()
    }

    /// Splits a CSV line, honouring double quotes.
    fn split(line: &str) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    out.last_mut().unwrap().push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                ',' if !quoted => out.push(String::new()),
                c => out.last_mut().unwrap().push(c),
            }
        }
        out
    }

    fn rows(files: &BTreeMap<&'static str, Vec<u8>>, name: &str) -> Vec<Vec<String>> {
        text(files, name).lines().skip(1).map(split).collect()
    }

    /// account ids per story, read back from expectations.json
    fn story_ids(files: &BTreeMap<&'static str, Vec<u8>>, story: &str) -> Vec<String> {
        let needle = format!("\"story\": \"{story}\"");
        text(files, "expectations.json")
            .lines()
            .filter(|l| l.contains(&needle))
            .map(|l| {
                let start = l.find("\"account_id\": \"").unwrap() + 15;
                l[start..].split('"').next().unwrap().to_string()
            })
            .collect()
    }

    struct Ev {
        user: String,
        day: i64,
        feature: String,
        events: u64,
    }

    fn usage_of(files: &BTreeMap<&'static str, Vec<u8>>) -> HashMap<String, Vec<Ev>> {
        let mut m: HashMap<String, Vec<Ev>> = HashMap::new();
        for r in rows(files, "usage_events.csv") {
            m.entry(r[0].clone()).or_default().push(Ev {
                user: r[1].clone(),
                day: parse_date(&r[2]).unwrap(),
                feature: r[3].clone(),
                events: r[4].parse().unwrap(),
            });
        }
        m
    }

    fn sum(evs: &[Ev], from: i64, to: i64) -> u64 {
        evs.iter()
            .filter(|e| e.day >= from && e.day <= to)
            .map(|e| e.events)
            .sum()
    }

    #[test]
    fn every_story_took_without_exhausting_retries() {
        let other = Config {
            seed: 99,
            as_of: days_from_civil(2027, 3, 15),
            accounts: 300,
        };
        for c in [cfg(), Config { seed: 1, ..cfg() }, other] {
            for mut a in build_accounts(&c) {
                let rows = usage_for(&c, &mut a);
                assert!(
                    !accidental_signal(&c, &a, &rows),
                    "seed {}: {} ({}) never settled",
                    c.seed,
                    a.id,
                    a.story.name()
                );
            }
        }
    }

    #[test]
    fn dates_round_trip() {
        for z in -1000..40_000 {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(
            parse_date("2026-10-31"),
            Some(days_from_civil(2026, 10, 31))
        );
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(
            weekday(days_from_civil(2026, 11, 23)),
            0,
            "2026-11-23 is a Monday"
        );
    }

    #[test]
    fn same_seed_same_bytes_other_seed_differs() {
        let a = generate(&cfg());
        let b = generate(&cfg());
        assert_eq!(a, b);
        let c = generate(&Config { seed: 7, ..cfg() });
        assert_ne!(a["usage_events.csv"], c["usage_events.csv"]);
        let mut x = Vec::new();
        let mut y = Vec::new();
        stream_usage(&cfg(), 5000, &mut x).unwrap();
        stream_usage(&cfg(), 5000, &mut y).unwrap();
        assert_eq!(x, y);
    }

    #[test]
    fn default_set_is_sized_and_well_formed() {
        let f = generate(&cfg());
        let total: usize = f.values().map(|v| v.len()).sum();
        assert!(total < 3_300_000, "demo set is {total} bytes");
        let usage = rows(&f, "usage_events.csv");
        assert!(
            usage.len() > 35_000 && usage.len() < 70_000,
            "{} usage rows",
            usage.len()
        );
        let accounts = rows(&f, "accounts.csv");
        assert_eq!(accounts.len(), 150);
        let seats: HashMap<String, usize> = accounts
            .iter()
            .map(|r| (r[0].clone(), r[4].parse().unwrap()))
            .collect();
        let c = cfg();
        let mut users: HashMap<&str, HashSet<&str>> = HashMap::new();
        for r in &usage {
            assert_eq!(r.len(), 6);
            let d = parse_date(&r[2]).unwrap();
            assert!(d > c.as_of - HISTORY_DAYS && d <= c.as_of);
            assert!(r[1].starts_with("user_") && r[1].ends_with(".example"));
            users.entry(&r[0]).or_default().insert(&r[1]);
        }
        for (acc, us) in users {
            assert!(us.len() <= seats[acc], "{acc} has more users than seats");
        }
        for name in [
            "surveys.csv",
            "support_tickets.csv",
            "goals.csv",
            "touchpoints.csv",
            "releases.csv",
        ] {
            let header = split(text(&f, name).lines().next().unwrap()).len();
            for r in rows(&f, name) {
                assert_eq!(r.len(), header, "{name}: {r:?}");
            }
        }
        // every story is planted on several accounts, 2+ even for the rare ones
        for (story, _) in MIX {
            assert!(story_ids(&f, story.name()).len() >= 2, "{}", story.name());
        }
    }

    #[test]
    fn onboarding_spike_then_cadence() {
        let f = generate(&cfg());
        let starts: HashMap<String, i64> = rows(&f, "accounts.csv")
            .iter()
            .map(|r| (r[0].clone(), parse_date(&r[8]).unwrap()))
            .collect();
        let u = usage_of(&f);
        let (mut early, mut later) = (0u64, 0u64);
        for (acc, evs) in &u {
            let s = starts[acc];
            early += sum(evs, s, s + 27);
            later += sum(evs, s + 90, s + 117);
        }
        assert!(
            early as f64 > 1.4 * later as f64,
            "onboarding {early} vs settled {later}"
        );
    }

    #[test]
    fn champion_loss_top_user_vanishes() {
        let f = generate(&cfg());
        let c = cfg();
        let u = usage_of(&f);
        let ids = story_ids(&f, "champion_loss");
        assert!(ids.len() >= 3);
        for id in ids {
            let evs = &u[&id];
            let before: Vec<&Ev> = evs
                .iter()
                .filter(|e| e.day <= c.as_of - CHAMPION_LEAVES_OFFSET)
                .collect();
            let total: u64 = before.iter().map(|e| e.events).sum();
            let mut per: HashMap<&str, u64> = HashMap::new();
            for e in &before {
                *per.entry(e.user.as_str()).or_default() += e.events;
            }
            let (top, top_ev) = per.iter().max_by_key(|(_, v)| **v).unwrap();
            assert!(
                *top_ev as f64 > 0.4 * total as f64,
                "{id}: top user has only {top_ev}/{total}"
            );
            assert!(
                !evs.iter().any(|e| e.user == *top && e.day > c.as_of - 30),
                "{id}: {top} still active"
            );
            assert!(
                evs.iter().any(|e| e.user != *top && e.day > c.as_of - 30),
                "{id}: account went dark"
            );
        }
    }

    #[test]
    fn declines_are_real_and_not_accidental() {
        let f = generate(&cfg());
        let c = cfg();
        let u = usage_of(&f);
        let ratio = |id: &str| {
            let evs = &u[id];
            sum(evs, c.as_of - 27, c.as_of) as f64
                / sum(evs, c.as_of - 55, c.as_of - 28).max(1) as f64
        };
        for id in story_ids(&f, "usage_decline") {
            assert!(
                ratio(&id) <= 0.6,
                "{id}: last 28 days at {:.2} of the 28 before",
                ratio(&id)
            );
        }
        for id in story_ids(&f, "steady")
            .iter()
            .chain(story_ids(&f, "champion").iter())
        {
            assert!(
                ratio(id) >= 0.75,
                "{id}: unplanted decline {:.2}",
                ratio(id)
            );
        }
    }

    #[test]
    fn seat_underuse_and_last_user() {
        let f = generate(&cfg());
        let c = cfg();
        let u = usage_of(&f);
        let seats: HashMap<String, usize> = rows(&f, "accounts.csv")
            .iter()
            .map(|r| (r[0].clone(), r[4].parse().unwrap()))
            .collect();
        let active = |id: &str| {
            u[id]
                .iter()
                .filter(|e| e.day > c.as_of - 28)
                .map(|e| e.user.as_str())
                .collect::<HashSet<_>>()
                .len()
        };
        for id in story_ids(&f, "seat_underuse") {
            assert_eq!(seats[&id], 40);
            assert!(
                (1..=3).contains(&active(&id)),
                "{id}: {} active",
                active(&id)
            );
        }
        for id in story_ids(&f, "last_user_standing") {
            assert_eq!(seats[&id], 20);
            assert_eq!(active(&id), 1, "{id}");
            let ever: HashSet<&str> = u[&id].iter().map(|e| e.user.as_str()).collect();
            assert!(ever.len() >= 5, "{id}: the team must have existed before");
        }
        for id in story_ids(&f, "champion") {
            assert!(
                active(&id) as f64 >= 0.6 * seats[&id] as f64,
                "{id}: champion with {} active",
                active(&id)
            );
        }
    }

    #[test]
    fn release_drops_the_feature_for_a_cohort() {
        let f = generate(&cfg());
        let c = cfg();
        let u = usage_of(&f);
        let rd = c.release_day();
        let rel = text(&f, "releases.csv");
        assert!(rel.contains(&format!("{},workflows,", fmt_date(rd))));
        for id in story_ids(&f, "release_disruption") {
            let wf: Vec<Ev> = u[&id]
                .iter()
                .filter(|e| e.feature == "workflows")
                .map(|e| Ev {
                    user: e.user.clone(),
                    day: e.day,
                    feature: e.feature.clone(),
                    events: e.events,
                })
                .collect();
            let before = sum(&wf, rd - 28, rd - 1);
            let after = sum(&wf, rd, rd + 27);
            assert!(
                before >= 20,
                "{id}: too little workflows usage before ({before})"
            );
            assert!(
                (after as f64) < 0.5 * before as f64,
                "{id}: {after} after vs {before} before"
            );
            let users_before: HashSet<&str> = wf
                .iter()
                .filter(|e| e.day >= rd - 28 && e.day < rd)
                .map(|e| e.user.as_str())
                .collect();
            let users_after: HashSet<&str> = wf
                .iter()
                .filter(|e| e.day >= rd)
                .map(|e| e.user.as_str())
                .collect();
            assert!(
                users_after.len() < users_before.len(),
                "{id}: no cohort dropped"
            );
        }
    }

    #[test]
    fn silence_and_ticket_surge() {
        let f = generate(&cfg());
        let c = cfg();
        let cut = c.as_of - SILENCE_OFFSET;
        let tickets = rows(&f, "support_tickets.csv");
        let touches = rows(&f, "touchpoints.csv");
        let surveys = rows(&f, "surveys.csv");
        let day = |s: &str| parse_date(&s[..10]).unwrap();
        for id in story_ids(&f, "silence") {
            let t: Vec<i64> = tickets
                .iter()
                .filter(|r| r[1] == id)
                .map(|r| day(&r[2]))
                .collect();
            let p: Vec<i64> = touches
                .iter()
                .filter(|r| r[0] == id)
                .map(|r| day(&r[1]))
                .collect();
            let s: Vec<i64> = surveys
                .iter()
                .filter(|r| r[0] == id)
                .map(|r| day(&r[1]))
                .collect();
            for v in [&t, &p, &s] {
                assert!(
                    v.iter().all(|&d| d <= cut),
                    "{id}: voice after the silence cut"
                );
            }
            assert!(
                p.len() >= 5 && !t.is_empty() && s.len() >= 2,
                "{id}: was not regular before"
            );
        }
        // nobody else goes quiet: every non-silent account has a touchpoint in the last 45 days
        let silent: HashSet<String> = story_ids(&f, "silence").into_iter().collect();
        for r in rows(&f, "accounts.csv") {
            if !silent.contains(&r[0]) {
                assert!(
                    touches
                        .iter()
                        .any(|t| t[0] == r[0] && day(&t[1]) > c.as_of - 45),
                    "{} quiet",
                    r[0]
                );
            }
        }
        for id in story_ids(&f, "ticket_surge") {
            let days: Vec<i64> = tickets
                .iter()
                .filter(|r| r[1] == id)
                .map(|r| day(&r[2]))
                .collect();
            let recent = days.iter().filter(|&&d| d > c.as_of - 30).count() as f64;
            let earlier: Vec<&i64> = days.iter().filter(|&&d| d <= c.as_of - 30).collect();
            let span = (c.as_of - 30 - **earlier.iter().min().unwrap()) as f64 / 30.0;
            let usual = earlier.len() as f64 / span;
            assert!(
                recent >= 3.0 * usual,
                "{id}: {recent} recent vs {usual:.2}/month usual"
            );
        }
    }

    #[test]
    fn goals_partial_trap_and_missing_tables() {
        let f = generate(&cfg());
        let goals = rows(&f, "goals.csv");
        let attainment = |id: &str| -> Vec<f64> {
            goals
                .iter()
                .filter(|r| r[0] == id && r[2] == "goal")
                .map(|r| {
                    let (b, t, c): (f64, f64, f64) = (
                        r[3].parse().unwrap(),
                        r[4].parse().unwrap(),
                        r[5].parse().unwrap(),
                    );
                    (c - b) / (t - b)
                })
                .collect()
        };
        let milestones = |id: &str| -> (usize, usize) {
            let ms: Vec<&Vec<String>> = goals
                .iter()
                .filter(|r| r[0] == id && r[2] == "milestone")
                .collect();
            (ms.iter().filter(|r| r[7] == "done").count(), ms.len())
        };
        for id in story_ids(&f, "partial_value") {
            let a = attainment(&id);
            assert!(
                !a.is_empty() && a.iter().all(|x| (0.3..=0.7).contains(x)),
                "{id}: {a:?}"
            );
            let (done, all) = milestones(&id);
            assert!(done > 0 && done < all, "{id}: milestones {done}/{all}");
        }
        for id in story_ids(&f, "usage_trap") {
            assert!(attainment(&id).iter().all(|x| *x < 0.25), "{id}");
        }
        for id in story_ids(&f, "champion") {
            assert!(attainment(&id).iter().all(|x| *x >= 1.0), "{id}");
            assert_eq!(milestones(&id).0, milestones(&id).1);
        }
        // the usage trap is heavy: more events per seat than the median steady account
        let u = usage_of(&f);
        let seats: HashMap<String, f64> = rows(&f, "accounts.csv")
            .iter()
            .map(|r| (r[0].clone(), r[4].parse().unwrap()))
            .collect();
        let c = cfg();
        let per_seat = |id: &str| sum(&u[id], c.as_of - 27, c.as_of) as f64 / seats[id];
        let mut steady: Vec<f64> = story_ids(&f, "steady")
            .iter()
            .map(|id| per_seat(id))
            .collect();
        steady.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let median = steady[steady.len() / 2];
        for id in story_ids(&f, "usage_trap") {
            assert!(
                per_seat(&id) > 1.5 * median,
                "{id}: {} vs median {median}",
                per_seat(&id)
            );
        }
        let surveys = rows(&f, "surveys.csv");
        for id in story_ids(&f, "missing_surveys") {
            assert!(!surveys.iter().any(|r| r[0] == id));
            assert!(u.contains_key(&id));
        }
        for id in story_ids(&f, "missing_goals") {
            assert!(!goals.iter().any(|r| r[0] == id));
        }
    }

    #[test]
    fn quadrant_stories_have_the_right_sentiment() {
        let f = generate(&cfg());
        let surveys = rows(&f, "surveys.csv");
        let nps = |id: &str| {
            let s: Vec<i64> = surveys
                .iter()
                .filter(|r| r[0] == id && r[2] == "nps")
                .map(|r| r[3].parse().unwrap())
                .collect();
            let pro = s.iter().filter(|&&x| x >= 9).count() as f64;
            let det = s.iter().filter(|&&x| x <= 6).count() as f64;
            100.0 * (pro - det) / s.len().max(1) as f64
        };
        for story in ["champion", "content_under_user", "usage_trap"] {
            for id in story_ids(&f, story) {
                assert!(nps(&id) >= 30.0, "{story} {id}: NPS {}", nps(&id));
            }
        }
        for story in ["cry_for_help", "at_risk"] {
            for id in story_ids(&f, story) {
                assert!(nps(&id) <= -50.0, "{story} {id}: NPS {}", nps(&id));
            }
        }
        let cry: HashSet<String> = story_ids(&f, "cry_for_help").into_iter().collect();
        let names = ["Gridwise", "Plotfin", "Tallyhive"];
        let mentions: Vec<&Vec<String>> = surveys
            .iter()
            .filter(|r| names.iter().any(|n| r[4].contains(n)))
            .collect();
        assert!(
            mentions.len() >= 5,
            "only {} competitor mentions",
            mentions.len()
        );
        assert!(
            mentions.iter().all(|r| cry.contains(&r[0])),
            "competitor named outside cry_for_help"
        );
        let accounts_naming: HashSet<&str> = mentions.iter().map(|r| r[0].as_str()).collect();
        assert!(
            accounts_naming.len() * 10 >= cry.len() * 6,
            "most cry-for-help accounts name a competitor"
        );
    }

    #[test]
    fn bench_mode_exact_rows_and_compact() {
        let mut buf = Vec::new();
        stream_usage(&cfg(), 20_000, &mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 20_001);
        let per_row = s.len() as f64 / 20_000.0;
        assert!((40.0..=52.0).contains(&per_row), "{per_row:.1} bytes/row");
        let mut last = String::new();
        for l in &lines[1..] {
            let date = l.split(',').nth(2).unwrap().to_string();
            assert!(date >= last, "not date-ordered");
            last = date;
        }
    }
}
