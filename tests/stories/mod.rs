//! Randomised flag stories with known truth, separate from the demo generator.
//!
//! A *world* is a small book of business (accounts with seats, usage events with user ids,
//! a release list) drawn from a wide parameter space: team sizes 2–500 (log-uniform),
//! activity levels, skew between users, weekend habits, Christmas and company holiday weeks,
//! personal vacations, weekly noise, ordinary staff turnover, and releases aged 1–12 weeks
//! whose names do or do not match a usage feature. Accounts may carry planted stories:
//! champion loss, release disruption, usage decline, seat under-use.
//!
//! Truth is judged from the *planted parameters and the expected (noise-free) usage*, never
//! by running the rule under test (see `truth.rs` and docs/scoring.md for the standard).

#![allow(dead_code)]

#[path = "../../src/bin/demo-data/calendar.rs"]
mod calendar;
#[path = "../../src/bin/demo-data/catalogue.rs"]
mod catalogue;
pub mod decline_ceiling;
mod plan;
#[path = "../../src/bin/demo-data/rng.rs"]
mod rng;
mod truth;

pub(crate) use calendar::{civil_from_days, days_from_civil, fmt_date, parse_date, weekday};
pub use plan::{Plan, User};
pub(crate) use plan::FEATURES;
pub use plan::{Release, SECOND_FEATURE};
pub(crate) use rng::Rng;
pub use truth::{volume, AccountTruth, Truth};
pub(crate) use truth::swing_28;

/// Days of usage history written up to as-of.
pub const HISTORY: i64 = 200;

/// One generated book with its files and truth.
pub struct World {
    pub as_of: i64,
    pub files: Vec<(String, Vec<u8>)>,
    pub truth: Vec<AccountTruth>,
    /// The plans behind the truth (for diagnostics).
    pub plans: Vec<Plan>,
    pub releases: Vec<plan::Release>,
}

/// Generates world `seed` with `accounts` accounts.
pub fn world(seed: u64, accounts: usize) -> World {
    let mut rng = Rng::derive(seed, 0x5705, 0);
    // as-of anywhere in the year, so Christmas falls into some windows
    let as_of = days_from_civil(2026, 1, 1) + rng.range(0, 364);
    let releases = plan::releases(&mut rng, as_of);
    let mut accounts_csv = String::from("account_id,account_name,seats\n");
    let mut usage_csv = String::from("account_id,user_id,event_date,feature,event_count\n");
    let mut truth = Vec::new();
    let mut plans = Vec::new();
    for a in 0..accounts {
        let mut r = Rng::derive(seed, 0xACC7, a as u64);
        let p = plan::account(&mut r, a, as_of, &releases);
        accounts_csv.push_str(&format!("{},Account {a},{}\n", p.id, p.seats));
        write_usage(&mut r, &p, as_of, &mut usage_csv);
        truth.push(truth::judge(&p, as_of, &releases));
        plans.push(p);
    }
    let mut releases_csv = String::from("release_date,feature\n");
    for rel in &releases {
        releases_csv.push_str(&format!("{},{}\n", fmt_date(rel.day), rel.name));
    }
    World {
        as_of,
        files: vec![
            ("accounts.csv".into(), accounts_csv.into_bytes()),
            ("usage_events.csv".into(), usage_csv.into_bytes()),
            ("releases.csv".into(), releases_csv.into_bytes()),
        ],
        truth,
        plans,
        releases,
    }
}

/// Draws the usage rows of one account: each day each user is active with the plan's
/// probability times the week's noise, uses one or two of their features, and logs
/// 1 + Poisson(λ − 1) events per feature.
fn write_usage(rng: &mut Rng, plan: &Plan, as_of: i64, out: &mut String) {
    for d in as_of - HISTORY + 1..=as_of {
        let noise = plan.week_noise[(d.rem_euclid(7 * plan.week_noise.len() as i64) / 7) as usize];
        let date = fmt_date(d);
        for u in &plan.users {
            let p = (plan.rate(u, d) * noise).min(0.97);
            if p <= 0.0 || !rng.chance(p) {
                continue;
            }
            let k = u.features.len();
            let first = (rng.next_u64() % k as u64) as usize;
            let picks = if k > 1 && rng.chance(plan::SECOND_FEATURE) {
                2
            } else {
                1
            };
            for i in 0..picks {
                let f = u.features[(first + i) % k];
                if rng.f64() >= plan.feature_factor(u, f, d) {
                    continue;
                }
                let events = 1 + rng.poisson((u.lambda - 1.0).max(0.0));
                out.push_str(&format!(
                    "{},{},{date},{},{events}\n",
                    plan.id, u.name, FEATURES[f]
                ));
            }
        }
    }
}

/// One account's realised usage rows: (day, user, feature, events).
pub type Rows = Vec<(i64, u32, usize, u32)>;

/// The usage file of a world read back, one list of rows per account (in plan order: the
/// account id `S0007` is plan 7).
pub fn usage_rows(world: &World) -> Vec<Rows> {
    let text = std::str::from_utf8(&world.files[1].1).unwrap();
    let mut out: Vec<Rows> = vec![Vec::new(); world.plans.len()];
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let a: usize = f[0][1..].parse().unwrap();
        let user: u32 = f[1][1..f[1].find('@').unwrap()].parse().unwrap();
        let feature = FEATURES.iter().position(|&x| x == f[3]).unwrap();
        out[a].push((parse_date(f[2]).unwrap(), user, feature, f[4].parse().unwrap()));
    }
    out
}
