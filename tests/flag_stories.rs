//! Randomised flag stories (tests/stories): precision and recall of champion loss, release
//! disruption, usage decline and seat under-use over the generator's whole parameter space,
//! scored only where the story is visible by the CSM standard of docs/scoring.md.
//!
//! `STORY_WORLDS=N cargo test --release --test flag_stories -- --nocapture` prints the
//! table for N worlds of 40 accounts and the precision / recall per parameter bucket (the
//! test itself runs 8 worlds).

mod stories;

use customer_health::engine::score_files;
use customer_health::model::config::Model;
use customer_health::results::Flag;
use stories::{fmt_date, Truth};

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
    tn: u32,
    /// Planted but faint: fired / not fired (excluded from P and R).
    faint_fired: u32,
    faint_quiet: u32,
}

impl Counts {
    fn add(&mut self, truth: Truth, fired: bool) {
        match (truth, fired) {
            (Truth::Visible, true) => self.tp += 1,
            (Truth::Visible, false) => self.fn_ += 1,
            (Truth::Absent, true) => self.fp += 1,
            (Truth::Absent, false) => self.tn += 1,
            (Truth::Faint, true) => self.faint_fired += 1,
            (Truth::Faint, false) => self.faint_quiet += 1,
        }
    }
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn row(&self, label: &str) -> String {
        format!(
            "| {label} | {} | {} | {} | {} | {:.2} | {:.2} | {} of {} |",
            self.tp,
            self.fp,
            self.fn_,
            self.tn,
            self.precision(),
            self.recall(),
            self.faint_fired,
            self.faint_fired + self.faint_quiet
        )
    }
}

const FLAGS: [(Flag, &str); 4] = [
    (Flag::ChampionLoss, "champion loss"),
    (Flag::ReleaseDisruption, "release disruption"),
    (Flag::UsageDecline, "usage decline"),
    (Flag::SeatUnderUse, "seat under-use"),
];

fn size_bucket(users: usize) -> usize {
    match users {
        0..=9 => 0,
        10..=49 => 1,
        _ => 2,
    }
}
const SIZES: [&str; 3] = ["2–9 users", "10–49 users", "50–500 users"];

struct Tally {
    all: [Counts; 4],
    by_size: [[Counts; 3]; 4],
    /// Release disruption split by whether the release names a feature (false, true).
    release_named: [Counts; 2],
    /// Per (parameter, bucket): counts per flag.
    by_param: std::collections::BTreeMap<(&'static str, &'static str), [Counts; 4]>,
    misses: Vec<String>,
}

fn run(first: u64, worlds: u64, accounts: usize) -> Tally {
    let mut t = Tally {
        all: [Counts::default(); 4],
        by_size: [[Counts::default(); 3]; 4],
        release_named: [Counts::default(); 2],
        by_param: Default::default(),
        misses: Vec::new(),
    };
    for seed in first..first + worlds {
        let world = stories::world(seed, accounts);
        let model = Model {
            as_of: Some(fmt_date(world.as_of)),
            ..Model::default()
        };
        let results = score_files(&world.files, &model);
        for truth in &world.truth {
            let account = results
                .accounts
                .iter()
                .find(|a| a.account_id == truth.id)
                .expect("every generated account is scored");
            let truths = [
                truth.champion_loss,
                truth.release_disruption,
                truth.usage_decline,
                truth.seat_under_use,
            ];
            for (k, (flag, name)) in FLAGS.iter().enumerate() {
                let hit = account.flags.iter().find(|h| h.flag == *flag);
                t.all[k].add(truths[k], hit.is_some());
                t.by_size[k][size_bucket(truth.users)].add(truths[k], hit.is_some());
                for &param in &truth.params {
                    t.by_param.entry(param).or_default()[k].add(truths[k], hit.is_some());
                }
                if k == 1 {
                    if let Some(named) = truth.release_names_feature {
                        t.release_named[named as usize].add(truths[k], hit.is_some());
                    } else {
                        t.release_named[0].add(truths[k], hit.is_some());
                        t.release_named[1].add(truths[k], hit.is_some());
                    }
                }
                let wrong = match truths[k] {
                    Truth::Visible => hit.is_none(),
                    Truth::Absent => hit.is_some(),
                    Truth::Faint => false,
                };
                if wrong && t.misses.len() < 1000 {
                    let params: Vec<String> =
                        truth.params.iter().map(|(p, v)| format!("{p}: {v}")).collect();
                    t.misses.push(format!(
                        "world {seed} {} ({} users; {}) {name}: truth {:?}, {}",
                        truth.id,
                        truth.users,
                        params.join(", "),
                        truths[k],
                        hit.map_or_else(
                            || {
                                let near = account.near_misses.iter().find(|n| n.flag == *flag);
                                format!(
                                    "did not fire (near miss: {})",
                                    near.map_or("none", |n| n.evidence.as_str())
                                )
                            },
                            |h| h.evidence.clone()
                        )
                    ));
                }
            }
        }
    }
    t
}

fn table(t: &Tally) -> String {
    let mut s = String::from(
        "| flag | TP | FP | FN | TN | precision | recall | faint: fired |\n|---|---|---|---|---|---|---|---|\n",
    );
    for (k, (_, name)) in FLAGS.iter().enumerate() {
        s.push_str(&t.all[k].row(&format!("**{name}**")));
        s.push('\n');
        for (b, size) in SIZES.iter().enumerate() {
            s.push_str(&t.by_size[k][b].row(&format!("{name}, {size}")));
            s.push('\n');
        }
        if k == 1 {
            s.push_str(&t.release_named[1].row("release names a feature"));
            s.push('\n');
            s.push_str(&t.release_named[0].row("release names a change"));
            s.push('\n');
        }
    }
    s
}

/// Precision / recall (visible stories) per parameter bucket and flag.
fn breakdown(t: &Tally) -> String {
    let mut s = String::from("| parameter | value |");
    for (_, name) in FLAGS {
        s.push_str(&format!(" {name} P / R (visible) |"));
    }
    s.push_str("\n|---|---|---|---|---|---|\n");
    for ((param, value), counts) in &t.by_param {
        s.push_str(&format!("| {param} | {value} |"));
        for c in counts {
            s.push_str(&format!(
                " {:.2} / {:.2} ({}) |",
                c.precision(),
                c.recall(),
                c.tp + c.fn_
            ));
        }
        s.push('\n');
    }
    s
}

#[test]
fn flags_find_visible_stories_across_the_parameter_space() {
    let worlds: u64 = std::env::var("STORY_WORLDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    // STORY_FIRST picks the first world (default 1), so that worlds never used while a rule
    // was chosen (e.g. 31–90) can be measured apart from the ones that were.
    let first: u64 = std::env::var("STORY_FIRST")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let t = run(first, worlds, 40);
    println!("{}", table(&t));
    println!("{}", breakdown(&t));
    for m in &t.misses {
        println!("{m}");
    }
    // Floors (precision, recall). The target is 0.9 for every flag. Champion loss and seat
    // under-use meet it on worlds 1–30 and on the check worlds 31–90; release disruption and
    // usage decline meet it on 1–30 only (docs/scoring.md has the tables and why), so these
    // floors guard what the rules achieve today against regression, with room for the
    // sampling spread of 8 worlds (320 accounts).
    // Champion loss: 0.94 / 0.95 over 30 worlds, 0.92 / 0.92 on these 8. Usage decline:
    // 0.91 / 0.91 over 30 worlds, 0.89 / 0.89 on these 8 (24 of 27 found, 3 false
    // positives: one more either way is 0.86), 0.87 / 0.89 on worlds 31–90.
    // Release disruption: 0.91 / 0.92 over 30 worlds, 0.92 / 0.96 on these 8 (24 found, 2
    // false positives: one more would break a 0.9 precision floor, so it is 0.88), 0.84 / 0.89
    // on worlds 31–90.
    // One line per flag (order of FLAGS), so that each flag's owner edits only its own line.
    let floors = [
        (0.88, 0.88), // champion loss
        (0.88, 0.9),  // release disruption
        (0.85, 0.85), // usage decline
        (0.9, 0.9),   // seat under-use
    ];
    for (k, (_, name)) in FLAGS.iter().enumerate() {
        let c = &t.all[k];
        let (p, r) = floors[k];
        assert!(
            c.tp + c.fn_ >= 10,
            "{name}: too few visible stories ({})",
            c.tp + c.fn_
        );
        assert!(c.precision() >= p, "{name}: precision {:.2}", c.precision());
        assert!(c.recall() >= r, "{name}: recall {:.2}", c.recall());
    }
}

#[test]
#[ignore]
fn debug_world() {
    let seed: u64 = std::env::var("W").unwrap().parse().unwrap();
    let id = std::env::var("A").unwrap();
    let world = stories::world(seed, 40);
    let a: usize = id[1..].parse().unwrap();
    let plan = &world.plans[a];
    let usage = String::from_utf8(world.files[1].1.clone()).unwrap();
    println!("as_of {} truth {:?}", fmt_date(world.as_of), world.truth[a]);
    for r in &world.releases {
        println!("release {} {} {:?} age {}", fmt_date(r.day), r.name, r.feature, world.as_of - r.day);
    }
    println!(
        "users {} weekend {:.2} holidays {:?} decline {:?} disruption {:?}",
        plan.users.len(),
        plan.weekend,
        plan.holidays.iter().map(|&h| fmt_date(h)).collect::<Vec<_>>(),
        plan.decline.map(|(a, b, f)| (fmt_date(a), fmt_date(b), f)),
        plan.disruption.as_ref().map(|x| (x.release, x.feature, x.drop, x.until))
    );
    let pick = std::env::var("U").unwrap_or_default();
    let days = |u: &stories::User, last: i64| (last - 89..=last).map(|d| plan.rate(u, d)).sum::<f64>();
    for u in plan.users.iter().enumerate().filter(|(i, u)| *i < 3 || (!pick.is_empty() && u.name.contains(&pick))).map(|(_, u)| u) {
        println!("  expected active days in 90 before their last: {:.1}", days(u, u.last));
        println!(
            "  {} p {:.2} lambda {:.1} feats {:?} first {} last {} away {:?} cohort {}",
            u.name, u.p, u.lambda, u.features, fmt_date(u.first), fmt_date(u.last),
            u.away.iter().map(|&(a, b)| (fmt_date(a), fmt_date(b))).collect::<Vec<_>>(), u.cohort
        );
    }
    let model = Model {
        as_of: Some(fmt_date(world.as_of)),
        ..Model::default()
    };
    let results = score_files(&world.files, &model);
    let account = results.accounts.iter().find(|x| x.account_id == id).unwrap();
    for h in &account.flags {
        println!("FLAG {:?}: {}", h.flag, h.evidence);
    }
    for h in &account.near_misses {
        println!("NEAR {:?}: {}", h.flag, h.evidence);
    }
    let only: Option<usize> = std::env::var("F").ok().map(|f| f.parse().unwrap());
    let mut observed = std::collections::BTreeMap::new();
    for line in usage.lines().filter(|l| l.starts_with(&id)) {
        let f: Vec<&str> = line.split(',').collect();
        if let Some(o) = only {
            if f[3] != stories::FEATURES[o] {
                continue;
            }
        }
        let d = stories::parse_date(f[2]).unwrap();
        let week = (world.as_of - d) / 7;
        *observed.entry(week).or_insert(0.0) += f[4].parse::<f64>().unwrap();
    }
    for w in (0..20).rev() {
        let last = world.as_of - 7 * w;
        println!(
            "week ending {} expected {:.0} observed {:.0}",
            fmt_date(last),
            stories::volume(plan, last - 6, last, only),
            observed.get(&w).copied().unwrap_or(0.0)
        );
    }
}

/// The ceiling of the usage-decline rule family and variants of the engine's rule, side by
/// side with the engine on the same worlds (tests/stories/decline_ceiling.rs; figures in
/// docs/scoring.md, "Usage decline: the ceiling"). Usage decline only; reads STORY_FIRST and
/// STORY_WORLDS like the test above.
#[test]
#[ignore]
fn decline_ceiling() {
    use stories::decline_ceiling::{detect, estimate_quality, estimated, observe, Facts, Score, DETECTORS, ENGINE, ESTIMATORS};
    let env = |k: &str, d: u64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let (first, worlds) = (env("STORY_FIRST", 1), env("STORY_WORLDS", 8));
    let mut engine = Score::default();
    let mut scores = [Score::default(); DETECTORS.len()];
    let (mut disagree, mut spreads) = (Vec::new(), Vec::new());
    for seed in first..first + worlds {
        let world = stories::world(seed, 40);
        let model = Model {
            as_of: Some(fmt_date(world.as_of)),
            ..Model::default()
        };
        let results = score_files(&world.files, &model);
        let ids: Vec<String> = world.truth.iter().map(|t| t.id.clone()).collect();
        let observed = observe(&world.files[1].1, world.as_of, &ids);
        for (a, truth) in world.truth.iter().enumerate() {
            let account = results.accounts.iter().find(|x| x.account_id == truth.id).unwrap();
            let fired = account.flags.iter().any(|h| h.flag == Flag::UsageDecline);
            engine.add(truth.usage_decline, fired);
            let facts = Facts::new(&observed[a], &world.plans[a], world.as_of);
            let found = detect(&facts);
            if found[ENGINE] != fired {
                disagree.push(format!("world {seed} {}", truth.id));
            }
            for (s, &f) in scores.iter_mut().zip(&found) {
                s.add(truth.usage_decline, f);
            }
            if facts.swing.len() >= 8 && facts.previous >= 5.0 {
                spreads.push((estimated(&facts), facts.planned));
            }
        }
    }
    println!("usage decline, worlds {first}–{}:\n", first + worlds - 1);
    println!("| detector | TP | FP | FN | TN | precision | recall |\n|---|---|---|---|---|---|---|");
    println!("{}", engine.row("engine (its flags)"));
    for (name, s) in DETECTORS.iter().zip(&scores) {
        println!("{}", s.row(name));
    }
    println!("\n| spread estimate (28-day log ratio) | median estimated ÷ planned | robust spread of its log |\n|---|---|---|");
    for (i, name) in ESTIMATORS.iter().enumerate() {
        let mut pairs: Vec<(f64, f64)> = spreads.iter().map(|(e, p)| (e[i], *p)).collect();
        let (mid, spread) = estimate_quality(&mut pairs);
        println!("| {name} | {mid:.2} | {spread:.2} |");
    }
    println!("({} accounts with 8+ swing weeks and 5+ events in the 28 days before)", spreads.len());
    println!("re-computed rule ≠ engine on {} accounts: {:?}", disagree.len(), disagree);
}
