//! Tests of the demo generator, continued: releases, silence, tickets, goals, sentiment,
//! benchmark mode.

use std::collections::{HashMap, HashSet};

use crate::assembly::*;
use crate::calendar::*;
use crate::catalogue::*;
use crate::tests::*;

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
