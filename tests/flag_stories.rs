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

// ---------------------------------------------------------------------------------------
// Release disruption: the ceiling (an oracle that knows the plan where the engine estimates)
// ---------------------------------------------------------------------------------------
//
// `STORY_FIRST=91 STORY_WORLDS=60 cargo test --profile fuzz --test flag_stories
// release_ceiling -- --ignored --nocapture` prints, for the release flag only, how a
// release rule of the engine's shape fares when it reads the same realised usage as the
// engine (the people series: active user-days of the series the release concerns) but is
// told, from the generator's plan, what the engine has to estimate:
// - `engine-like`: nothing known; the chance test is the engine's c-chart (√ of the centre
//   line for a week, the weeks before taken as exact). A check that this reimplementation
//   reads the weeks as the engine does.
// - `planned spread`: the chance variation of a week is the planned one — the binomial
//   variance of every user-day (Σ q(1 − q)) plus the account's planned weekly noise
//   (log-normal σ, (σ · level)²) — and the error counts both the n weeks since and the
//   median of the m weeks before (π/2 · variance / m), a two-sample test with known noise.
// - `planned spread + counterfactual`: also knows what the series would have done with no
//   release effect (the plan's expected user-days without the planted disruption: organic
//   declines, holidays, Christmas, people leaving all included), so each week after is
//   judged against the observed level before times the expected change of that week.
// Every other part of the rule is the engine's: the drop (30 %) of the median of the first
// four weeks after against the median of the four before, each of the first two weeks down,
// the latest two still down, the fall not under way in both weeks just before, at least 10
// events a week before, a feature read against the rest of the account (not in the
// counterfactual form, where the expected change replaces it), and the one-person test.
// Truth is the story truth (tests/stories/truth.rs), as for the engine.

use stories::{usage_rows, Rows};

#[derive(Clone, Copy, PartialEq)]
enum Oracle {
    EngineLike,
    /// With the critical value (standard errors) the fall must pass.
    PlannedSpread(f64),
    Counterfactual(f64),
    /// The counterfactual form with the first two weeks after judged together (their mean
    /// down by the drop) in place of each of them.
    Pooled(f64),
}

/// Observed weekly active user-days of the series (`only` a feature; `except` every other
/// feature) for the week from `first`, and per user the active days.
fn observed_week(rows: &Rows, first: i64, only: Option<usize>, except: bool, without: Option<u32>) -> f64 {
    let mut pairs: Vec<(u32, i64)> = rows
        .iter()
        .filter(|r| r.0 >= first && r.0 <= first + 6)
        .filter(|r| only.map_or(true, |f| (r.2 == f) != except))
        .filter(|r| Some(r.1) != without)
        .map(|r| (r.1, r.0))
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs.len() as f64
}

fn observed_events(rows: &Rows, first: i64, last: i64, only: Option<usize>, except: bool) -> f64 {
    rows.iter()
        .filter(|r| r.0 >= first && r.0 <= last)
        .filter(|r| only.map_or(true, |f| (r.2 == f) != except))
        .map(|r| r.3 as f64)
        .sum()
}

/// Planned active user-days (mean, binomial variance) of the series from `from` to `to`.
fn planned_user_days(plan: &stories::Plan, from: i64, to: i64, only: Option<usize>) -> (f64, f64) {
    let (mut mean, mut var) = (0.0, 0.0);
    for d in from..=to {
        for u in &plan.users {
            let rate = plan.rate(u, d);
            if rate == 0.0 {
                continue;
            }
            let q = match only {
                None => rate,
                Some(f) if u.features.contains(&f) => {
                    let k = u.features.len() as f64;
                    let pick = if k > 1.0 { (1.0 + stories::SECOND_FEATURE) / k } else { 1.0 };
                    rate * pick * plan.feature_factor(u, f, d)
                }
                Some(_) => 0.0,
            };
            mean += q;
            var += q * (1.0 - q);
        }
    }
    (mean, var)
}

fn med(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n == 0 {
        0.0
    } else {
        (s[n / 2] + s[(n - 1) / 2]) / 2.0
    }
}

/// Does the oracle fire for this account? Also returns a one-line reading of the release
/// that fired (or came nearest).
fn oracle_fires(
    kind: Oracle,
    plan: &stories::Plan,
    rows: &Rows,
    as_of: i64,
    releases: &[stories::Release],
) -> (bool, String) {
    const DROP: f64 = 0.3;
    const WEEKS: i64 = 4;
    let critical = match kind {
        Oracle::EngineLike => 3.0,
        Oracle::PlannedSpread(c) | Oracle::Counterfactual(c) | Oracle::Pooled(c) => c,
    };
    let planted = plan.disruption.as_ref().map(|x| releases[x.release].day);
    let unplanned = stories::Plan {
        disruption: None,
        ..plan.clone()
    };
    let mut best = (false, String::new());
    for rel in releases {
        if rel.day > as_of || rel.day < as_of - 89 {
            continue;
        }
        let complete = (as_of - rel.day + 1) / 7;
        if complete < 1 {
            continue;
        }
        let only = rel.feature;
        let day = rel.day;
        let events_before = observed_events(rows, day - 7 * WEEKS, day - 1, only, false) / WEEKS as f64;
        let before: Vec<f64> = (1..=WEEKS).rev().map(|k| observed_week(rows, day - 7 * k, only, false, None)).collect();
        let after: Vec<f64> = (0..complete).map(|k| observed_week(rows, day + 7 * k, only, false, None)).collect();
        let baseline = med(&before);
        if events_before < 10.0 || baseline <= 0.0 {
            continue;
        }
        let window = after.len().min(WEEKS as usize);
        // the expected path of each week after relative to the weeks before (1 unless the
        // counterfactual is known)
        let expected_before: Vec<f64> = (1..=WEEKS)
            .rev()
            .map(|k| planned_user_days(&unplanned, day - 7 * k, day - 7 * k + 6, only).0)
            .collect();
        let path: Vec<f64> = (0..complete)
            .map(|k| match kind {
                Oracle::Counterfactual(_) | Oracle::Pooled(_) => {
                    let e = planned_user_days(&unplanned, day + 7 * k, day + 7 * k + 6, only).0;
                    e / med(&expected_before).max(1e-9)
                }
                _ => 1.0,
            })
            .collect();
        // a feature read against the rest of the account (engine-like and planned spread)
        let scale = match (kind, only) {
            (Oracle::Counterfactual(_) | Oracle::Pooled(_), _) | (_, None) => 1.0,
            (_, Some(f)) => {
                let b = med(&(1..=WEEKS).rev().map(|k| observed_week(rows, day - 7 * k, Some(f), true, None)).collect::<Vec<_>>());
                let a = med(&(0..window as i64).map(|k| observed_week(rows, day + 7 * k, Some(f), true, None)).collect::<Vec<_>>());
                let ev = observed_events(rows, day - 7 * WEEKS, day - 1, Some(f), true) / WEEKS as f64;
                if ev >= 10.0 && a > 0.0 && b > 0.0 { (a / b).min(1.0) } else { 1.0 }
            }
        };
        let centre: Vec<f64> = path.iter().map(|p| baseline * scale * p).collect();
        let ratio: Vec<f64> = after.iter().zip(&centre).map(|(a, c)| a / c.max(1e-9)).collect();
        let drop = 1.0 - med(&ratio[..window]);
        let persistent = ratio.len() >= 2
            && match kind {
                Oracle::Pooled(_) => ratio[0] + ratio[1] <= 2.0 * (1.0 - DROP),
                _ => ratio[..2].iter().all(|&r| r <= 1.0 - DROP),
            };
        let recent = &ratio[ratio.len().saturating_sub(2)..];
        let still_down = recent.iter().sum::<f64>() / (recent.len() as f64) <= 1.0 - DROP;
        let started = before[2..].iter().any(|&w| w > (1.0 - DROP) * baseline);
        let n = after.len() as f64;
        let shortfall = centre.iter().zip(&after).map(|(c, a)| c - a).sum::<f64>() / n;
        let clear = match kind {
            Oracle::EngineLike => shortfall / ((baseline * scale).max(1.0) / n).sqrt(),
            _ => {
                // planned variance of a week at the level before, and at the level since
                let (m, v) = planned_user_days(plan, day - 7 * WEEKS, day - 1, only);
                let (m, v) = (m / WEEKS as f64, v / WEEKS as f64);
                let level: f64 = centre.iter().sum::<f64>() / n;
                let since = after.iter().sum::<f64>() / n;
                let week_var = |x: f64| v * (x / m.max(1e-9)).min(1.0) + (plan.noise * x).powi(2);
                let err = (week_var(since) / n + std::f64::consts::FRAC_PI_2 * week_var(level) / WEEKS as f64).sqrt();
                shortfall / err.max(1e-9)
            }
        };
        // one person: the top faller set aside, the rest must still fall by the drop
        let mut users: Vec<u32> = rows.iter().filter(|r| r.0 >= day - 7 * WEEKS && r.0 < day && only.map_or(true, |f| r.2 == f)).map(|r| r.1).collect();
        users.sort();
        users.dedup();
        let one_person = users.len() >= 2 && {
            let days = |u: u32, from: i64, to: i64| {
                let mut d: Vec<i64> = rows.iter().filter(|r| r.1 == u && r.0 >= from && r.0 <= to && only.map_or(true, |f| r.2 == f)).map(|r| r.0).collect();
                d.dedup();
                d.len() as f64
            };
            let top = *users
                .iter()
                .max_by(|&&a, &&b| {
                    let fall = |u| days(u, day - 7 * WEEKS, day - 1) / WEEKS as f64 - days(u, day, day + 7 * window as i64 - 1) / window as f64;
                    fall(a).total_cmp(&fall(b)).then(b.cmp(&a))
                })
                .unwrap();
            let b = med(&(1..=WEEKS).rev().map(|k| observed_week(rows, day - 7 * k, only, false, Some(top))).collect::<Vec<_>>());
            let a: Vec<f64> = (0..window as i64).map(|k| observed_week(rows, day + 7 * k, only, false, Some(top)) / (scale * path[k as usize]).max(1e-9)).collect();
            b > 0.0 && 1.0 - med(&a) / b < DROP
        };
        let fires = drop >= DROP && persistent && still_down && started && clear >= critical && !one_person;
        let text = format!(
            "{} {:?} day-{} drop {:.2} persist {} still {} started {} clear {:.1} one {} base {:.1}",
            rel.name, only, as_of - day, drop, persistent, still_down, started, clear, one_person, baseline
        );
        // the reading shown: the release that fired, else the planted one, else the first
        if fires || best.1.is_empty() || Some(day) == planted {
            best = (fires, text);
        }
        if fires {
            break;
        }
    }
    best
}

#[test]
#[ignore]
fn release_ceiling() {
    let worlds: u64 = std::env::var("STORY_WORLDS").ok().and_then(|v| v.parse().ok()).unwrap_or(8);
    let first: u64 = std::env::var("STORY_FIRST").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let kinds = [
        (Oracle::EngineLike, "engine-like (c-chart)"),
        (Oracle::PlannedSpread(3.0), "planned spread, 3 SE"),
        (Oracle::PlannedSpread(2.5), "planned spread, 2.5 SE"),
        (Oracle::PlannedSpread(2.0), "planned spread, 2 SE"),
        (Oracle::Counterfactual(3.0), "planned spread + counterfactual, 3 SE"),
        (Oracle::Counterfactual(2.5), "planned spread + counterfactual, 2.5 SE"),
        (Oracle::Counterfactual(2.0), "planned spread + counterfactual, 2 SE"),
        (Oracle::Pooled(2.5), "planned spread + counterfactual, first two weeks together, 2.5 SE"),
        (Oracle::Pooled(2.0), "planned spread + counterfactual, first two weeks together, 2 SE"),
    ];
    let mut counts = [Counts::default(); 9];
    let mut misses = Vec::new();
    for seed in first..first + worlds {
        let world = stories::world(seed, 40);
        let rows = usage_rows(&world);
        for (a, truth) in world.truth.iter().enumerate() {
            for (k, (kind, name)) in kinds.iter().enumerate() {
                let (fired, text) = oracle_fires(*kind, &world.plans[a], &rows[a], world.as_of, &world.releases);
                counts[k].add(truth.release_disruption, fired);
                let wrong = match truth.release_disruption {
                    Truth::Visible => !fired,
                    Truth::Absent => fired,
                    Truth::Faint => false,
                };
                if wrong {
                    misses.push(format!("{name}: world {seed} {} ({} users) truth {:?}: {text}", truth.id, truth.users, truth.release_disruption));
                }
            }
        }
    }
    println!("| release oracle (worlds {first}–{}) | TP | FP | FN | TN | precision | recall | faint: fired |\n|---|---|---|---|---|---|---|---|", first + worlds - 1);
    for (k, (_, name)) in kinds.iter().enumerate() {
        println!("{}", counts[k].row(name));
    }
    for m in &misses {
        println!("{m}");
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
        let observed = observe(&usage_rows(&world), world.as_of);
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
