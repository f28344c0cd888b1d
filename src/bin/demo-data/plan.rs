//! The book of business: accounts, their users and what each story plants in them.

use std::collections::HashSet;

use crate::catalogue::*;
use crate::rng::*;

#[derive(Clone, Debug)]
pub(crate) struct User {
    pub(crate) id: String,
    pub(crate) first_day: i64,
    /// last day with activity (inclusive); None = still active at as-of
    pub(crate) last_day: Option<i64>,
    pub(crate) p: f64,
    pub(crate) intensity: f64,
    pub(crate) features: Vec<usize>,
    /// release-disruption cohort: stops using workflows after the release
    pub(crate) drops_release_feature: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Account {
    pub(crate) idx: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) story: Story,
    pub(crate) plan: &'static str,
    pub(crate) seats: i64,
    pub(crate) industry: &'static str,
    pub(crate) region: &'static str,
    pub(crate) employees: i64,
    pub(crate) start: i64,
    pub(crate) renewal: i64,
    pub(crate) csm: &'static str,
    pub(crate) arr: i64,
    pub(crate) features: Vec<usize>,
    pub(crate) users: Vec<User>,
    /// attempt counter for the retry that removes accidental signals
    pub(crate) attempt: u64,
}

pub(crate) struct Config {
    pub(crate) seed: u64,
    pub(crate) as_of: i64,
    pub(crate) accounts: usize,
}

impl Config {
    pub(crate) fn window_start(&self) -> i64 {
        self.as_of - HISTORY_DAYS + 1
    }
    pub(crate) fn release_day(&self) -> i64 {
        self.as_of - RELEASE_OFFSET
    }
}

pub(crate) fn story_list(n: usize, seed: u64) -> Vec<Story> {
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

pub(crate) fn build_accounts(cfg: &Config) -> Vec<Account> {
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
