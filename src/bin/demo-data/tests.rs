//! Tests of the demo generator: determinism, stories planted, no accidental signals.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::assembly::*;
use crate::calendar::*;
use crate::catalogue::*;
use crate::plan::*;
use crate::usage::*;

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
        sum(evs, c.as_of - 27, c.as_of) as f64 / sum(evs, c.as_of - 55, c.as_of - 28).max(1) as f64
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
