//! Tests of the demo generator: determinism, stories planted, no accidental signals.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::assembly::*;
use crate::calendar::*;
use crate::catalogue::*;
use crate::plan::*;
use crate::usage::*;

pub(crate) fn cfg() -> Config {
    Config {
        seed: 20_261_031,
        as_of: days_from_civil(2026, 10, 31),
        accounts: 150,
    }
}

pub(crate) fn text(files: &BTreeMap<&'static str, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files[name].clone()).unwrap()
}

/// Splits a CSV line, honouring double quotes.
pub(crate) fn split(line: &str) -> Vec<String> {
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

pub(crate) fn rows(files: &BTreeMap<&'static str, Vec<u8>>, name: &str) -> Vec<Vec<String>> {
    text(files, name).lines().skip(1).map(split).collect()
}

/// account ids per story, read back from expectations.json
pub(crate) fn story_ids(files: &BTreeMap<&'static str, Vec<u8>>, story: &str) -> Vec<String> {
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

pub(crate) struct Ev {
    pub(crate) user: String,
    pub(crate) day: i64,
    pub(crate) feature: String,
    pub(crate) events: u64,
}

pub(crate) fn usage_of(files: &BTreeMap<&'static str, Vec<u8>>) -> HashMap<String, Vec<Ev>> {
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

pub(crate) fn sum(evs: &[Ev], from: i64, to: i64) -> u64 {
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
