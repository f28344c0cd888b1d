//! Scoring, flags, overrides, trend, analysis and writers on hand-built datasets.

use super::normalize::{percentile, thresholds};
use super::*;
use crate::dataset::{GoalKind, SurveyKind};
use crate::metrics::testkit::{as_of, Kit};
use crate::model::config::{Cut, CutName, Group, MeasureWeight, Normalize, Override};
use crate::results::{score, Flag, Quadrant, Results};

fn mw(measure: Measure, weight: f64, points: Vec<[f64; 2]>) -> MeasureWeight {
    MeasureWeight {
        measure,
        weight,
        normalize: Normalize::Thresholds { points },
        by_stage: Default::default(),
    }
}

/// Two groups: "feel" (CSAT ×2, NPS ×1) and "do" (usage frequency ×1), equal weights.
fn small_model() -> Model {
    let groups = vec![
        Group {
            id: "feel".into(),
            label: "Feel".into(),
            weight: 1.0,
            measures: vec![
                mw(Measure::Csat, 2.0, vec![[0.0, 0.0], [1.0, 100.0]]),
                mw(Measure::Nps, 1.0, vec![[-100.0, 0.0], [100.0, 100.0]]),
            ],
        },
        Group {
            id: "do".into(),
            label: "Do".into(),
            weight: 1.0,
            measures: vec![mw(
                Measure::UsageFrequency,
                1.0,
                vec![[0.0, 0.0], [7.0, 100.0]],
            )],
        },
    ];
    let mut m = Model {
        groups,
        ..Model::default()
    };
    m.quadrants.satisfaction_measures = vec![Measure::Csat];
    m.quadrants.usage_measures = vec![Measure::UsageFrequency];
    m.as_of = Some(crate::dataset::day_to_iso(as_of()));
    assert_eq!(m.validate(), Ok(()));
    m
}

fn find<'r>(r: &'r Results, id: &str) -> &'r AccountResult {
    r.accounts
        .iter()
        .find(|a| a.account_id == id)
        .expect("account present")
}

fn flags_of(r: &Results, id: &str) -> Vec<Flag> {
    find(r, id).flags.iter().map(|f| f.flag).collect()
}

fn approx(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "expected {b}, got {a}");
}

#[test]
fn thresholds_interpolate_clamp_and_fall() {
    let rising = [[0.0, 0.0], [1.0, 40.0], [3.0, 75.0], [5.0, 100.0]];
    approx(thresholds(&rising, 2.0), 57.5);
    approx(thresholds(&rising, 0.5), 20.0);
    approx(thresholds(&rising, -1.0), 0.0);
    approx(thresholds(&rising, 9.0), 100.0);
    let falling = [[0.0, 100.0], [30.0, 80.0], [60.0, 50.0], [120.0, 0.0]];
    approx(thresholds(&falling, 45.0), 65.0);
    approx(thresholds(&falling, 200.0), 0.0);
}

#[test]
fn percentile_uses_mid_ranks_and_can_reverse() {
    let sorted = [1.0, 2.0, 3.0, 4.0];
    approx(percentile(&sorted, 3.0, true), 62.5);
    approx(percentile(&sorted, 3.0, false), 37.5);
    approx(percentile(&sorted, 0.0, true), 0.0);
    approx(percentile(&[7.0], 7.0, true), 50.0);
}

#[test]
fn blend_spreads_missing_weight_and_reports_coverage() {
    let mut k = Kit::new();
    let only_csat = k.account("only_csat");
    let zero_usage = k.account("zero_usage");
    let full = k.account("full");
    for a in [only_csat, zero_usage, full] {
        k.acc(a).flat.csat = Some(0.8);
    }
    k.acc(zero_usage).flat.logins_30d = Some(0.0);
    k.acc(full).flat.nps = Some(0.0);
    k.acc(full).flat.logins_30d = Some(30.0);
    let r = score(&k.build(), &small_model());

    // Missing usage is dropped: the score is CSAT's 80, covering 1/2 × 2/3 of the weight.
    let a = find(&r, "only_csat");
    approx(a.health_score.unwrap(), 80.0);
    approx(a.coverage, 1.0 / 3.0);
    // A real zero is not missing: (80 + 0) / 2.
    let z = find(&r, "zero_usage");
    approx(z.health_score.unwrap(), 40.0);
    approx(z.coverage, 1.0 / 3.0 + 0.5);
    // Full data: feel = (2×80 + 1×50)/3 = 70, do = 100 → 85.
    let f = find(&r, "full");
    approx(f.health_score.unwrap(), 85.0);
    approx(f.coverage, 1.0);
    for acc in [a, z, f] {
        let sum: f64 = acc.components.iter().map(|c| c.contribution).sum();
        approx(sum, acc.health_score.unwrap());
        let applied: f64 = acc.components.iter().map(|c| c.applied_weight).sum();
        approx(applied, 1.0);
        let nominal: f64 = acc.components.iter().map(|c| c.nominal_weight).sum();
        approx(nominal, 1.0);
    }
    let csat = a
        .components
        .iter()
        .find(|c| c.measure == Measure::Csat)
        .unwrap();
    approx(csat.applied_weight, 1.0);
    approx(csat.nominal_weight, 1.0 / 3.0);
    let nps = a
        .components
        .iter()
        .find(|c| c.measure == Measure::Nps)
        .unwrap();
    assert_eq!(
        (nps.raw, nps.normalized, nps.contribution),
        (None, None, 0.0)
    );
}

#[test]
fn account_without_any_data_is_unscored_and_ranked_last() {
    let mut k = Kit::new();
    k.account("empty");
    let a = k.account("known");
    k.acc(a).flat.csat = Some(0.5);
    let r = score(&k.build(), &small_model());
    let e = find(&r, "empty");
    assert_eq!(
        (e.health_score, e.band.clone(), e.coverage),
        (None, None, 0.0)
    );
    let p = e.priority.as_ref().unwrap();
    assert_eq!(p.rank, 2);
    assert!(p.reason.starts_with("Not scored"));
}

#[test]
fn bands_follow_the_model() {
    let m = Model::default();
    assert_eq!(bands::band_of(&m, 0.0).as_deref(), Some("critical"));
    assert_eq!(bands::band_of(&m, 24.99).as_deref(), Some("critical"));
    assert_eq!(bands::band_of(&m, 25.0).as_deref(), Some("poor"));
    assert_eq!(bands::band_of(&m, 79.9).as_deref(), Some("good"));
    assert_eq!(bands::band_of(&m, 100.0).as_deref(), Some("excellent"));
}

#[test]
fn quadrants_use_fixed_satisfaction_cut_and_median_usage_cut() {
    let mut k = Kit::new();
    for (id, csat, logins) in [
        ("champion", 0.9, Some(30.0)),
        ("under", 0.9, Some(15.0)),
        ("cry", 0.3, Some(30.0)),
        ("risk", 0.3, Some(0.0)),
        ("no_usage", 0.9, None),
    ] {
        let a = k.account(id);
        k.acc(a).flat.csat = Some(csat);
        k.acc(a).flat.logins_30d = logins;
    }
    let mut model = small_model();
    model.quadrants.usage_cut =
        crate::model::config::Cut::Named(crate::model::config::CutName::Median);
    let r = score(&k.build(), &model);
    // usage indexes 100, 50, 100, 0 → median 75.
    assert_eq!(r.summary.usage_cut, Some(75.0));
    assert_eq!(find(&r, "champion").quadrant, Some(Quadrant::Champion));
    assert_eq!(find(&r, "under").quadrant, Some(Quadrant::UnderUser));
    assert_eq!(find(&r, "cry").quadrant, Some(Quadrant::CryForHelp));
    assert_eq!(find(&r, "risk").quadrant, Some(Quadrant::AtRisk));
    assert_eq!(find(&r, "no_usage").quadrant, None);
    assert_eq!(find(&r, "no_usage").usage_index, None);
    let play = &find(&r, "cry").priority.as_ref().unwrap().play;
    assert_eq!(play, &model_playbooks().quadrants.cry_for_help.play);
}

fn model_playbooks() -> crate::model::playbooks::Playbooks {
    crate::model::playbooks::Playbooks::default()
}

#[test]
fn usage_trap_fires_for_heavy_use_with_unmet_goals() {
    let mut k = Kit::new();
    let trapped = k.account("trapped");
    let fine = k.account("fine");
    let light = k.account("light");
    for a in [trapped, fine] {
        for d in 0..28 {
            k.usage(a, Some("u"), d, None, 1.0);
        }
    }
    k.usage(light, Some("u"), 1, None, 1.0);
    k.goal(trapped, GoalKind::Goal, None, Some(10.0), Some(2.0));
    k.goal(fine, GoalKind::Goal, None, Some(10.0), Some(9.0));
    k.goal(light, GoalKind::Goal, None, Some(10.0), Some(2.0));
    let data = k.build();
    let r = score(&data, &Model::default());
    assert!(flags_of(&r, "trapped").contains(&Flag::UsageTrap));
    assert!(!flags_of(&r, "fine").contains(&Flag::UsageTrap));
    assert!(!flags_of(&r, "light").contains(&Flag::UsageTrap));
    approx(find(&r, "trapped").value_realized.unwrap(), 0.2);
    // The evidence names the cut that applied: the default model's fixed 50, not a
    // portfolio figure; with `"median"` it says the median.
    let evidence = |r: &Results| {
        find(r, "trapped")
            .flags
            .iter()
            .find(|f| f.flag == Flag::UsageTrap)
            .map(|f| f.evidence.clone())
            .unwrap()
    };
    let fixed = evidence(&r);
    assert!(fixed.contains("the model's fixed usage cut (50)"), "{fixed}");
    assert!(!fixed.contains("portfolio"), "{fixed}");
    let mut median = Model::default();
    median.quadrants.usage_cut = Cut::Named(CutName::Median);
    let r = score(&data, &median);
    let cut = r.summary.usage_cut.unwrap();
    let text = evidence(&r);
    assert!(
        text.contains(&format!("the usage cut at this portfolio's median ({cut:.0})")),
        "{text}"
    );
}

#[test]
fn usage_decline_fires_on_a_large_drop_only() {
    let mut k = Kit::new();
    let falling = k.account("falling");
    let steady = k.account("steady");
    k.usage(falling, None, 2, None, 10.0);
    k.usage(falling, None, 40, None, 40.0);
    k.usage(steady, None, 2, None, 35.0);
    k.usage(steady, None, 40, None, 40.0);
    let r = score(&k.build(), &Model::default());
    let hit = find(&r, "falling")
        .flags
        .iter()
        .find(|f| f.flag == Flag::UsageDecline)
        .cloned();
    let hit = hit.expect("decline flagged");
    assert!(hit.evidence.contains("−75%"), "{}", hit.evidence);
    approx(hit.risk, Model::default().flags.usage_decline.risk);
    assert!(!flags_of(&r, "steady").contains(&Flag::UsageDecline));
}

#[test]
fn usage_decline_is_judged_against_the_accounts_own_swings() {
    // Both accounts fall 40% in the last 28 days. "steady" logged the same volume every
    // week for half a year: the fall is far outside its ordinary swings and fires, saying
    // how much it usually moves. "swinging" alternates busy and slow weeks (140 and 14
    // events): a 40% fall is within what its chart ordinarily does, a near miss that says so.
    let mut k = Kit::new();
    let steady = k.account("steady");
    let swinging = k.account("swinging");
    for d in 28..196 {
        k.usage(steady, None, d, None, 10.0);
        let busy = (d - 28) / 7 % 2 == 0;
        k.usage(swinging, None, d, None, if busy { 20.0 } else { 2.0 });
    }
    for d in 0..28 {
        k.usage(steady, None, d, None, 6.0);
        k.usage(swinging, None, d, None, 6.6);
    }
    let r = score(&k.build(), &Model::default());
    let hit = find(&r, "steady")
        .flags
        .iter()
        .find(|f| f.flag == Flag::UsageDecline)
        .map(|f| f.evidence.clone())
        .expect("a steady account's fall fires");
    assert!(
        hit.contains("−40%") && hit.contains("usually differ by ±9%"),
        "{hit}"
    );
    assert!(!flags_of(&r, "swinging").contains(&Flag::UsageDecline));
    let near = &find(&r, "swinging").near_misses;
    assert!(
        near.iter().any(|m| m.flag == Flag::UsageDecline
            && m.evidence.contains("within this account's ordinary ups and downs")),
        "{near:?}"
    );
}

#[test]
fn usage_decline_is_judged_against_the_usual_level_not_a_busy_month() {
    // Both accounts had ordinary weeks of 60 and 80 events for months, then a busy month
    // of 150 a week (a project push). "after_peak" goes back to 70 a week: 53% below the
    // busy month, far past its ordinary week-to-week swings, but only 22% below its usual
    // 28 days (the average of the 16 weeks before: 360 events) — back to normal after a
    // peak, not a decline; a near miss that says so. "fell" drops to 30 a week: 67% below
    // its usual level, fires. (The previous rule, which read the fall against the month
    // before only, fired for both.)
    let mut k = Kit::new();
    let after_peak = k.account("after_peak");
    let fell = k.account("fell");
    for a in [after_peak, fell] {
        for d in 56..196 {
            let week = if (d - 56) / 7 % 2 == 0 { 60.0 } else { 80.0 };
            k.usage(a, None, d, None, week / 7.0);
        }
        for d in 28..56 {
            k.usage(a, None, d, None, 150.0 / 7.0);
        }
        let recent = if a == fell { 30.0 } else { 70.0 };
        for d in 0..28 {
            k.usage(a, None, d, None, recent / 7.0);
        }
    }
    let r = score(&k.build(), &Model::default());
    assert!(!flags_of(&r, "after_peak").contains(&Flag::UsageDecline));
    let near = &find(&r, "after_peak").near_misses;
    assert!(
        near.iter().any(|m| m.flag == Flag::UsageDecline
            && m.evidence.contains("−53%")
            && m.evidence.contains("busier than usual")
            && m.evidence.contains("22% below its usual 28 days: 360 events")),
        "{near:?}"
    );
    let hit = find(&r, "fell")
        .flags
        .iter()
        .find(|f| f.flag == Flag::UsageDecline)
        .map(|f| f.evidence.clone())
        .expect("a fall far below the usual level fires");
    assert!(hit.contains("−80%") && hit.contains("67% below its usual 28 days"), "{hit}");
}

#[test]
fn seat_under_use_names_the_lone_user() {
    let mut k = Kit::new();
    let lonely = k.account("lonely");
    let small = k.account("small");
    k.acc(lonely).seats = Some(10.0);
    k.acc(small).seats = Some(2.0);
    k.usage(lonely, Some("ann"), 1, None, 5.0);
    k.usage(small, Some("bob"), 1, None, 5.0);
    let r = score(&k.build(), &Model::default());
    let hit = find(&r, "lonely")
        .flags
        .iter()
        .find(|f| f.flag == Flag::SeatUnderUse)
        .cloned();
    let evidence = hit.expect("flagged").evidence;
    assert!(
        evidence.contains("one active user") && evidence.contains("10-seat"),
        "{evidence}"
    );
    assert!(
        !flags_of(&r, "small").contains(&Flag::SeatUnderUse),
        "below min_seats"
    );
}

#[test]
fn champion_loss_detects_a_silent_top_user() {
    // "chief" is active daily 30–59 days ago, far above the helper (every 6th day): lost.
    // "boss" has the same habit but came back 3 days ago: kept. "near" has been away 15
    // days: on watch, a near miss that says where the rule fires.
    let mut k = Kit::new();
    let lost = k.account("lost");
    let kept = k.account("kept");
    let near = k.account("near");
    for a in [lost, kept, near] {
        let (name, quiet) = match a {
            _ if a == lost => ("chief", 30),
            _ if a == kept => ("boss", 30),
            _ => ("lead", 15),
        };
        for d in quiet..quiet + 30 {
            k.usage(a, Some(name), d, None, 1.0);
        }
        for d in 0..14 {
            k.usage(a, Some("helper"), d * 6, None, 1.0);
        }
    }
    k.usage(kept, Some("boss"), 3, None, 1.0);
    let r = score(&k.build(), &Model::default());
    let hit = find(&r, "lost")
        .flags
        .iter()
        .find(|f| f.flag == Flag::ChampionLoss)
        .cloned();
    let e = hit.expect("flagged").evidence;
    assert!(
        e.contains("chief") && e.contains("quiet for 30 days"),
        "{e}"
    );
    assert!(!flags_of(&r, "kept").contains(&Flag::ChampionLoss));
    assert!(!flags_of(&r, "near").contains(&Flag::ChampionLoss));
    let miss = &find(&r, "near").near_misses;
    assert!(
        miss.iter().any(|m| m.flag == Flag::ChampionLoss
            && m.evidence.contains("quiet 15 days")
            && m.evidence.contains("fires at 21")),
        "{miss:?}"
    );

    // Two users: the other one is the median. A 2-user team loses its champion the same way.
    let mut k = Kit::new();
    let pair = k.account("pair");
    for d in 25..85 {
        k.usage(pair, Some("main"), d, None, 3.0);
    }
    for d in 0..12 {
        k.usage(pair, Some("second"), d * 7, None, 1.0);
    }
    let r = score(&k.build(), &Model::default());
    assert!(flags_of(&r, "pair").contains(&Flag::ChampionLoss));

    // An occasional user's ordinary gap is not a departure: seven active days in a quarter
    // are too few to be a champion.
    let mut k = Kit::new();
    let a = k.account("occasional");
    for d in 0..7 {
        k.usage(a, Some("rare"), 30 + d * 14, None, 10.0);
    }
    k.usage(a, Some("other"), 2, None, 1.0);
    let r = score(&k.build(), &Model::default());
    assert!(!flags_of(&r, "occasional").contains(&Flag::ChampionLoss));

    // Without user ids the flag cannot fire.
    let mut k = Kit::new();
    let a = k.account("anon");
    for d in 30..60 {
        k.usage(a, None, d, None, 1.0);
    }
    let r = score(&k.build(), &Model::default());
    assert!(!flags_of(&r, "anon").contains(&Flag::ChampionLoss));
}

#[test]
fn champion_loss_needs_a_lead_over_the_crowd() {
    // A big account: 30 occasional users (2 days each) and six regulars active every 5th
    // day. In "crowd", the quiet user was active on 20 days: first by a hair over regulars
    // with 18, far above the median; ranking first among near-equals is chance, not a
    // champion. In "standout" the quiet user was active every other day (45 days): lost.
    let mut k = Kit::new();
    let crowd = k.account("crowd");
    let standout = k.account("standout");
    for a in [crowd, standout] {
        for u in 0..30 {
            let name = format!("occasional{u}");
            k.usage(a, Some(&name), 5 + u, None, 1.0);
            k.usage(a, Some(&name), 60 + u, None, 1.0);
        }
        for u in 0..6 {
            let name = format!("regular{u}");
            for d in (u..120).step_by(5) {
                k.usage(a, Some(&name), d, None, 1.0);
            }
        }
    }
    for d in (30..90).step_by(3) {
        k.usage(crowd, Some("lucky"), d, None, 1.0);
    }
    for d in (30..120).step_by(2) {
        k.usage(standout, Some("chief"), d, None, 1.0);
    }
    let data = k.build();
    let r = score(&data, &Model::default());
    assert!(!flags_of(&r, "crowd").contains(&Flag::ChampionLoss));
    let e = find(&r, "standout")
        .flags
        .iter()
        .find(|f| f.flag == Flag::ChampionLoss)
        .map(|f| f.evidence.clone())
        .expect("a user far above the regulars is a champion");
    assert!(
        e.contains("chief") && e.contains("outside the top 3 was active on 18"),
        "{e}"
    );
    // The margin is the model's: at 0 the lucky regular counts again.
    let mut model = Model::default();
    model.flags.champion_loss.standout_margin = 0.0;
    let r = score(&data, &model);
    assert!(flags_of(&r, "crowd").contains(&Flag::ChampionLoss));
}

#[test]
fn release_disruption_compares_weeks_around_a_release() {
    // Release 35 days ago. "hit": all usage falls 80% and stays down (the release names no
    // feature the data knows, so all usage is judged). "feature": only Editor use stops
    // after "Editor 2.0". "dip": one week down (a holiday), then back. "calm": steady.
    let mut k = Kit::new();
    let hit = k.account("hit");
    let feature = k.account("feature");
    let dip = k.account("dip");
    let calm = k.account("calm");
    k.release(35, Some("New navigation"));
    k.release(35, Some("Editor 2.0: redesigned"));
    for d in 0..63 {
        let after = d <= 35;
        k.usage(hit, None, d, None, if after { 1.0 } else { 5.0 });
        k.usage(calm, None, d, None, 3.0);
        k.usage(
            dip,
            None,
            d,
            None,
            if (29..=35).contains(&d) { 0.5 } else { 3.0 },
        );
        k.usage(feature, None, d, Some("Search"), 3.0);
        if !after {
            k.usage(feature, None, d, Some("Editor"), 3.0);
        }
    }
    let r = score(&k.build(), &Model::default());
    let evidence = |id: &str| {
        find(&r, id)
            .flags
            .iter()
            .find(|f| f.flag == Flag::ReleaseDisruption)
            .map(|f| f.evidence.clone())
    };
    let e = evidence("hit").expect("flagged");
    assert!(
        e.contains("usage fell 80%") && e.contains("all usage is judged"),
        "{e}"
    );
    let e = evidence("feature").expect("feature-specific drop flagged");
    assert!(
        e.contains("use of Editor") && e.contains("judged on the feature"),
        "{e}"
    );
    assert_eq!(evidence("calm"), None);
    assert_eq!(evidence("dip"), None);
}

#[test]
fn release_disruption_needs_a_fall_beyond_chance() {
    // Both accounts halve after a release 35 days ago and stay there. "few": one person,
    // 6 active days a week falling to 3 — ordinary for a count that small, so a near miss.
    // "many": ten people, 60 active user-days a week falling to 30 — far beyond chance.
    let mut k = Kit::new();
    let few = k.account("few");
    let many = k.account("many");
    k.release(35, Some("New navigation"));
    for d in 0..63 {
        let after = d <= 35;
        let weekday = d % 7;
        if weekday < if after { 3 } else { 6 } {
            k.usage(few, Some("solo"), d, None, 5.0);
            for u in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] {
                k.usage(many, Some(u), d, None, 5.0);
            }
        }
    }
    let r = score(&k.build(), &Model::default());
    let e = find(&r, "many")
        .flags
        .iter()
        .find(|f| f.flag == Flag::ReleaseDisruption)
        .map(|f| f.evidence.clone())
        .expect("a clear fall fires");
    assert!(e.contains("fell 50%") && e.contains("standard errors beyond chance"), "{e}");
    assert!(!flags_of(&r, "few").contains(&Flag::ReleaseDisruption));
    let near = find(&r, "few")
        .near_misses
        .iter()
        .find(|n| n.flag == Flag::ReleaseDisruption)
        .map(|n| n.evidence.clone())
        .expect("the small fall is a near miss");
    assert!(near.contains("within what chance does"), "{near}");
}

/// The release-disruption evidence of `id`, if the flag fired.
fn release_evidence(r: &Results, id: &str) -> Option<String> {
    find(r, id)
        .flags
        .iter()
        .find(|f| f.flag == Flag::ReleaseDisruption)
        .map(|f| f.evidence.clone())
}

#[test]
fn release_disruption_reads_events_as_well_as_people() {
    // Release 35 days ago, 20 weeks of history. "lighter": ten people keep coming every
    // weekday but do 60% less once there — active user-days do not move, events fall by
    // more than half. The rule counting only active user-days did not see it. "jumpy": ten
    // steady light users plus one heavy user whose weeks swing between 400 and 40 events
    // and settle at 80 after the release: events fall by half against the median week, but
    // by less than this account's ordinary weekly swings, so neither a flag nor a near miss.
    let mut k = Kit::new();
    let lighter = k.account("lighter");
    let jumpy = k.account("jumpy");
    let gone = k.account("gone");
    k.release(35, Some("New navigation"));
    let people = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for d in 0..140 {
        let after = d <= 35;
        if d % 7 >= 5 {
            continue; // weekends
        }
        for (i, u) in people.iter().enumerate() {
            // a little texture: some people do a bit more on some days
            let base = 10.0 + ((d + i as i32) % 3) as f32;
            k.usage(lighter, Some(u), d, None, if after { base * 0.4 } else { base });
            k.usage(jumpy, Some(u), d, None, 1.0);
        }
        // the heavy user's busy and quiet weeks, aligned with the weeks the rule reads
        let busy = (d - 36).div_euclid(7) % 2 == 0;
        let heavy = if after { 16.0 } else if busy { 80.0 } else { 8.0 };
        k.usage(jumpy, Some("heavy"), d, None, heavy);
        // "gone": ten light users and one who did four fifths of everything, until the
        // release; events fall 80%, but that is one person leaving (champion loss's story)
        for u in &people {
            k.usage(gone, Some(u), d, None, 1.0);
        }
        if !after {
            k.usage(gone, Some("heavy"), d, None, 40.0);
        }
    }
    let r = score(&k.build(), &Model::default());
    let e = release_evidence(&r, "lighter").expect("a clear fall of events fires");
    assert!(
        e.contains("while active user-days fell 0%: people still come but use the product less")
            && e.contains("events a week")
            && e.contains("beyond its ordinary weekly ups and downs"),
        "{e}"
    );
    assert_eq!(release_evidence(&r, "jumpy"), None);
    let near = find(&r, "jumpy")
        .near_misses
        .iter()
        .any(|n| n.flag == Flag::ReleaseDisruption);
    assert!(!near, "a fall within the account's swings is not even close");
    assert_eq!(release_evidence(&r, "gone"), None);
}

#[test]
fn release_disruption_fall_must_show_in_each_first_week() {
    // Ten people, every weekday. "late": eight people in the first week after the release
    // (down 20%, short of the 30% line), then four: the fall that follows is large and
    // clear, but it did not show at the release, and with releases every week or two a
    // fall that starts a week later may have another cause — not blamed on the release.
    // "steep": four people from the first week on — flagged. "young-dip" (a separate book,
    // its release is two weeks old): one empty week (a holiday), then a normal one — a dip.
    let mut k = Kit::new();
    let late = k.account("late");
    let steep = k.account("steep");
    k.release(35, Some("New navigation"));
    let people = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for d in 0..140 {
        if d % 7 >= 5 {
            continue;
        }
        let active = if d <= 28 {
            4
        } else if d <= 35 {
            8
        } else {
            10
        };
        for u in &people[..active] {
            k.usage(late, Some(u), d, None, 5.0);
        }
        for u in &people[..if d <= 35 { 4 } else { 10 }] {
            k.usage(steep, Some(u), d, None, 5.0);
        }
    }
    let r = score(&k.build(), &Model::default());
    assert_eq!(release_evidence(&r, "late"), None);
    let e = release_evidence(&r, "steep").expect("a fall from the first week on fires");
    assert!(e.contains("down in 5 of the 5 weeks since"), "{e}");

    let mut k = Kit::new();
    let dip = k.account("young-dip");
    k.release(14, Some("New navigation"));
    for d in 0..140 {
        if d % 7 >= 5 || (8..=14).contains(&d) {
            continue;
        }
        for u in &people {
            k.usage(dip, Some(u), d, None, 5.0);
        }
    }
    let r = score(&k.build(), &Model::default());
    assert_eq!(release_evidence(&r, "young-dip"), None);
}

#[test]
fn release_disruption_is_broad_not_one_person() {
    // Three people, release 35 days ago. "champion-left": the person on 5 days a week stops
    // at the release while the two others keep their 2 days a week each: active user-days
    // fall from 9 to 4 a week (56%, clear of chance), but without that one person usage did
    // not move — a staffing story (champion loss), not a release's. The rule before fired.
    // "broad": everyone comes less (5 → 2, 2 → 1, 2 → 1): the same 9 → 4, and without the
    // person who fell most the others still fell by half — a release disruption.
    let mut k = Kit::new();
    let left = k.account("champion-left");
    let broad = k.account("broad");
    k.release(35, Some("New navigation"));
    for d in 0..140 {
        let after = d <= 35;
        let weekday = d % 7;
        if weekday < 5 && !after {
            k.usage(left, Some("chief"), d, None, 5.0);
        }
        if weekday < if after { 2 } else { 5 } {
            k.usage(broad, Some("chief"), d, None, 5.0);
        }
        for u in ["b", "c"] {
            if weekday < 2 {
                k.usage(left, Some(u), d, None, 5.0);
            }
            if weekday < if after { 1 } else { 2 } {
                k.usage(broad, Some(u), d, None, 5.0);
            }
        }
    }
    let r = score(&k.build(), &Model::default());
    assert_eq!(release_evidence(&r, "champion-left"), None);
    let near = find(&r, "champion-left")
        .near_misses
        .iter()
        .find(|n| n.flag == Flag::ReleaseDisruption)
        .map(|n| n.evidence.clone())
        .expect("the fall is shown, with why it is not the release's");
    assert!(
        near.contains("usage fell 56%")
            && near.contains("the fall is one person, chief: 5 active days a week before, 0 after")
            && near.contains("without them usage fell 0%"),
        "{near}"
    );
    let e = release_evidence(&r, "broad").expect("a broad fall fires");
    assert!(e.contains("usage fell 56%"), "{e}");
}

#[test]
fn silence_needs_earlier_contact() {
    let mut k = Kit::new();
    let quiet = k.account("quiet");
    let talking = k.account("talking");
    let rare = k.account("rare");
    let few = k.account("few");
    k.account("never");
    // Every 10 days until 60 days ago: a 60-day silence is 6× the usual gap.
    for ago in (60..=120).step_by(10) {
        k.touchpoint(quiet, ago);
        k.touchpoint(talking, ago);
    }
    k.survey(talking, SurveyKind::Nps, 10, 9.0);
    // Always rarely in touch: 100 quiet days are less than twice the usual 150.
    for ago in [100, 250, 400] {
        k.touchpoint(rare, ago);
    }
    // Too few contacts for a usual gap to exist.
    k.touchpoint(few, 90);
    k.touchpoint(few, 100);
    let r = score(&k.build(), &Model::default());
    let hit = find(&r, "quiet")
        .flags
        .iter()
        .find(|f| f.flag == Flag::Silence)
        .cloned();
    assert!(hit
        .expect("flagged")
        .evidence
        .contains("usually came every 10 days"));
    assert!(!flags_of(&r, "talking").contains(&Flag::Silence));
    assert!(!flags_of(&r, "rare").contains(&Flag::Silence));
    assert!(!flags_of(&r, "few").contains(&Flag::Silence));
    assert!(!flags_of(&r, "never").contains(&Flag::Silence));
}

#[test]
fn ticket_surge_compares_with_the_usual_rate() {
    let mut k = Kit::new();
    let surge = k.account("surge");
    let usual = k.account("usual");
    for d in [1, 5, 9, 20] {
        k.ticket(surge, d, Some(1.0), None);
    }
    for d in [50, 100] {
        k.ticket(surge, d, Some(1.0), None);
    }
    for d in [1, 5, 9] {
        k.ticket(usual, d, Some(1.0), None);
    }
    for d in 0..9 {
        k.ticket(usual, 35 + d * 9, Some(1.0), None);
    }
    let r = score(&k.build(), &Model::default());
    assert!(flags_of(&r, "surge").contains(&Flag::TicketSurge));
    assert!(!flags_of(&r, "usual").contains(&Flag::TicketSurge));
}

#[test]
fn overrides_apply_until_they_expire() {
    let mut k = Kit::new();
    let a = k.account("a");
    let b = k.account("b");
    k.acc(a).flat.csat = Some(0.5);
    k.acc(b).flat.csat = Some(0.5);
    let mut model = small_model();
    let today = crate::dataset::day_to_iso(as_of());
    let yesterday = crate::dataset::day_to_iso(as_of() - 1);
    model.overrides = vec![
        Override {
            account_id: "a".into(),
            health_score: 90.0,
            reason: "exec sponsor renewed".into(),
            expires: today,
        },
        Override {
            account_id: "b".into(),
            health_score: 10.0,
            reason: "old".into(),
            expires: yesterday,
        },
    ];
    let r = score(&k.build(), &model);
    let a = find(&r, "a");
    assert_eq!(a.health_score, Some(90.0));
    assert_eq!(a.computed_score, Some(50.0));
    assert_eq!(a.band.as_deref(), Some("excellent"));
    assert_eq!(a.override_reason.as_deref(), Some("exec sponsor renewed"));
    let b = find(&r, "b");
    assert_eq!(
        (b.health_score, b.computed_score, b.override_reason.clone()),
        (Some(50.0), None, None)
    );
}

#[test]
fn trend_compares_with_the_previous_period_and_shows_what_moved() {
    let mut k = Kit::new();
    let a = k.account("a");
    let flat = k.account("flat");
    for d in 28..56 {
        k.usage(a, None, d, None, 1.0); // daily before
    }
    for d in [0, 7, 14, 21] {
        k.usage(a, None, d, None, 1.0); // weekly now
    }
    k.acc(flat).flat.csat = Some(0.9);
    let r = score(&k.build(), &small_model());
    let acc = find(&r, "a");
    // now: 1 day/week → 100/7; before: 7 days/week → 100.
    approx(acc.health_score.unwrap(), 100.0 / 7.0);
    approx(acc.previous_score.unwrap(), 100.0);
    approx(acc.trend.unwrap(), 100.0 / 7.0 - 100.0);
    let c = acc
        .components
        .iter()
        .find(|c| c.measure == Measure::UsageFrequency)
        .unwrap();
    assert_eq!(c.previous_normalized, Some(100.0));
    assert_eq!(
        acc.trend_explanation.as_deref(),
        Some("active days per week fell 100 → 14")
    );
    let f = find(&r, "flat");
    assert_eq!(
        (f.previous_score, f.trend),
        (None, None),
        "undated flat data has no past"
    );
}

#[test]
fn segments_aggregate_by_arr_tier_and_region() {
    let mut k = Kit::new();
    for (id, arr, region, csat) in [
        ("s1", 5_000.0, "EU", 1.0),
        ("m1", 20_000.0, "EU", 0.5),
        ("e1", 60_000.0, "US", 0.0),
    ] {
        let a = k.account(id);
        k.acc(a).arr = Some(arr);
        k.acc(a).region = Some(region.into());
        k.acc(a).flat.csat = Some(csat);
        k.acc(a).company_size = Some(300.0);
    }
    k.account("nothing");
    let r = score(&k.build(), &small_model());
    let seg = |dim: &str, label: &str| {
        r.segments
            .iter()
            .find(|s| s.dimension == dim && s.label == label)
            .cloned()
            .expect("segment")
    };
    let eu = seg("region", "EU");
    assert_eq!((eu.accounts, eu.scored), (2, 2));
    approx(eu.mean_score.unwrap(), 75.0);
    approx(eu.median_score.unwrap(), 75.0);
    approx(eu.arr, 25_000.0);
    approx(eu.revenue_at_risk, 10_000.0); // 0 × 5k + 0.5 × 20k
    let ent = seg("arr_tier", "Enterprise");
    approx(ent.revenue_at_risk, 60_000.0);
    assert_eq!(
        ent.bands.iter().find(|b| b.0 == "critical").map(|b| b.1),
        Some(1)
    );
    assert_eq!(seg("size_tier", "251-1000").accounts, 3);
    assert_eq!(seg("region", "Unknown").scored, 0);
    let tiers: Vec<&str> = r
        .segments
        .iter()
        .filter(|s| s.dimension == "arr_tier")
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(tiers, ["SMB", "Mid-market", "Enterprise", "Unknown"]);
}

#[test]
fn priority_ranks_by_revenue_at_risk_then_risk() {
    let mut k = Kit::new();
    for (id, arr, csat) in [
        ("big_ok", Some(100_000.0), 0.8),   // risk 0.2 → 20k
        ("small_bad", Some(10_000.0), 0.0), // risk 1 → 10k
        ("mid_bad", Some(30_000.0), 0.5),   // risk 0.5 → 15k
        ("no_arr", None, 0.0),
        ("same_rar", Some(15_000.0), 0.0), // 15k at risk 1 → before mid_bad
    ] {
        let a = k.account(id);
        k.acc(a).arr = arr;
        k.acc(a).flat.csat = Some(csat);
    }
    k.account("unscored");
    let r = score(&k.build(), &small_model());
    let order: Vec<&str> = r.accounts.iter().map(|a| a.account_id.as_str()).collect();
    assert_eq!(
        order,
        [
            "big_ok",
            "same_rar",
            "mid_bad",
            "small_bad",
            "no_arr",
            "unscored"
        ]
    );
    let ranks: Vec<u32> = r
        .accounts
        .iter()
        .map(|a| a.priority.as_ref().unwrap().rank)
        .collect();
    assert_eq!(ranks, [1, 2, 3, 4, 5, 6]);
    approx(
        find(&r, "big_ok")
            .priority
            .as_ref()
            .unwrap()
            .revenue_at_risk
            .unwrap(),
        20_000.0,
    );
    approx(analysis_risk(40.0, 0.7), 1.0);
    approx(analysis_risk(90.0, 0.05), 0.15);
}

fn analysis_risk(score: f64, flags: f64) -> f64 {
    crate::analysis::priority::risk(score, flags)
}

#[test]
fn healthy_patterns_compare_medians_of_top_bands_with_the_rest() {
    let mut k = Kit::new();
    for (id, csat, logins) in [
        ("h1", 1.0, 30.0),
        ("h2", 0.9, 30.0),
        ("o1", 0.2, 3.0),
        ("o2", 0.1, 0.0),
        ("o3", 0.3, 6.0),
    ] {
        let a = k.account(id);
        k.acc(a).flat.csat = Some(csat);
        k.acc(a).flat.logins_30d = Some(logins);
    }
    let r = score(&k.build(), &small_model());
    let p = r
        .healthy_patterns
        .iter()
        .find(|p| p.measure == Measure::Csat)
        .expect("csat pattern");
    approx(p.healthy_median, 0.95);
    approx(p.others_median, 0.2);
    assert!(p.sentence.starts_with("Healthy accounts"), "{}", p.sentence);
    assert_eq!(
        r.healthy_patterns[0].measure,
        Measure::UsageFrequency,
        "largest normalised gap first"
    );
}

#[test]
fn csv_neutralises_formulas_but_keeps_numbers() {
    use crate::output::csv::cell;
    assert_eq!(cell("=SUM(A1:A9)"), "'=SUM(A1:A9)");
    assert_eq!(cell("+1 555"), "'+1 555");
    assert_eq!(cell("-x"), "'-x");
    assert_eq!(cell("@cmd"), "'@cmd");
    assert_eq!(cell("-3.5"), "-3.5");
    assert_eq!(cell("=1,\"a\""), "\"'=1,\"\"a\"\"\"");
    assert_eq!(cell("plain"), "plain");

    let mut k = Kit::new();
    let a = k.account("=HYPERLINK(\"http://x\")");
    k.acc(a).name = Some("Acme, Inc.".into());
    k.acc(a).flat.csat = Some(0.5);
    let r = score(&k.build(), &small_model());
    let text = crate::output::to_csv(&r, &small_model());
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("account_id,name,health_score,band,trend,quadrant"));
    assert!(header.contains("csat_raw,csat_score"));
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("\"'=HYPERLINK(\"\"http://x\"\")\",\"Acme, Inc.\",50,"),
        "{row}"
    );
    // One raw/score pair per model measure.
    assert_eq!(
        header.split(',').count(),
        21 + 2 * r.accounts[0].components.len()
    );
}

#[test]
fn results_do_not_depend_on_row_order() {
    let build = |reverse: bool| {
        let mut k = Kit::new();
        let ids = ["a", "b", "c"];
        let accs: Vec<usize> = ids.iter().map(|id| k.account(id)).collect();
        let mut rows = Vec::new();
        for (i, &a) in accs.iter().enumerate() {
            k.acc(a).seats = Some(5.0);
            for d in 0..50 {
                if (d + i) % 3 != 0 {
                    rows.push((
                        a,
                        ["u1", "u2", "u3"][d % 3],
                        d as i32,
                        ["f1", "f2"][(d + i) % 2],
                        (d % 4) as f32,
                    ));
                }
            }
            k.survey(a, SurveyKind::Nps, 5 + i as i32, 9.0 - i as f64 * 3.0);
            k.survey(a, SurveyKind::Csat, 7, 4.0 + i as f64 % 2.0);
            k.ticket(a, 3 + i as i32, Some(5.0 + i as f64), Some(3.0));
            k.touchpoint(a, 10 * (i as i32 + 1));
        }
        if reverse {
            rows.reverse();
            k.data.surveys.reverse();
            k.data.tickets.reverse();
            k.data.touchpoints.reverse();
        }
        for (a, u, d, f, c) in rows {
            k.usage(a, Some(u), d, Some(f), c);
        }
        k.release(15, None);
        score(&k.build(), &Model::default())
    };
    let forward = crate::output::to_json(&build(false));
    let backward = crate::output::to_json(&build(true));
    assert_eq!(forward, backward);
    assert!(forward.contains("\"health_score\""));
}

#[test]
fn summary_reconciles_and_uses_the_latest_day_by_default() {
    let mut k = Kit::new();
    let a = k.account("a");
    k.usage(a, None, 0, None, 1.0);
    k.data.files.push(crate::ingest::report::FileReport {
        name: "usage.csv".into(),
        rows_read: 3,
        rows_used: 2,
        rows_rejected: 1,
        issues: vec![crate::ingest::report::RowIssue {
            file: "usage.csv".into(),
            line: 3,
            column: Some("date".into()),
            reason: "bad date".into(),
            severity: crate::ingest::report::IssueSeverity::Rejected,
        }],
        ..Default::default()
    });
    let r = score(&k.build(), &Model::default());
    assert_eq!(r.summary.as_of, crate::dataset::day_to_iso(as_of()));
    assert_eq!(
        (
            r.summary.rows_read,
            r.summary.rows_used,
            r.summary.rows_rejected
        ),
        (3, 2, 1)
    );
    assert_eq!(r.rejected_rows.len(), 1);
    assert_eq!(r.summary.accounts, 1);
}

#[test]
fn maturity_grows_from_flat_usage_to_partial_value() {
    let mut k = Kit::new();
    let a = k.account("a");
    k.acc(a).flat.logins_30d = Some(10.0);
    let r = score(&k.build(), &Model::default());
    assert_eq!(r.summary.maturity_level, 2);

    let mut k = Kit::new();
    let a = k.account("a");
    k.acc(a).flat.logins_30d = Some(10.0);
    k.acc(a).flat.goal_progress = Some(0.5);
    assert_eq!(
        score(&k.build(), &Model::default()).summary.maturity_level,
        3
    );

    let mut k = Kit::new();
    let a = k.account("a");
    k.usage(a, Some("u"), 1, None, 1.0);
    k.ticket(a, 2, Some(3.0), None);
    k.goal(a, GoalKind::Goal, None, Some(10.0), Some(5.0));
    let with_goals = k.build();
    assert_eq!(
        score(&with_goals, &Model::default()).summary.maturity_level,
        4
    );
    let mut with_milestones = with_goals;
    with_milestones.goals.push(crate::dataset::Goal {
        kind: GoalKind::Milestone,
        ..with_milestones.goals[0].clone()
    });
    let r = score(&with_milestones, &Model::default());
    assert_eq!(r.summary.maturity_level, 5);
    assert!(!r.summary.priority_note.is_empty());

    assert_eq!(
        score(&Kit::new().build(), &Model::default())
            .summary
            .maturity_level,
        1
    );
}

#[test]
fn backtest_compares_past_scores_with_later_churn() {
    use crate::analysis::backtest::auc;
    approx(auc(&[10.0, 20.0], &[30.0, 40.0]), 1.0);
    approx(auc(&[50.0], &[50.0]), 0.5);
    approx(auc(&[35.0], &[30.0, 40.0]), 0.5);

    let mut k = Kit::new();
    for (id, nps_score, churns) in [
        ("gone", 0.0, true),
        ("stays", 10.0, false),
        ("also", 9.0, false),
    ] {
        let a = k.account(id);
        k.survey(a, SurveyKind::Nps, 120, nps_score); // before the backtest start (90 days)
        if churns {
            k.data.churn_events.push(crate::dataset::ChurnEvent {
                account: a as u32,
                day: Some(as_of() - 30),
                reason: None,
                source: Default::default(),
            });
        }
    }
    let r = score(&k.build(), &Model::default());
    let b = r.backtest.expect("backtest ran");
    assert_eq!((b.scored, b.churned, b.horizon_days), (3, 1, 90));
    approx(b.auc, 1.0);
    assert_eq!(b.bands.iter().map(|x| x.1).sum::<u32>(), 3);

    let mut k = Kit::new();
    let a = k.account("a");
    k.survey(a, SurveyKind::Nps, 120, 5.0);
    assert!(
        score(&k.build(), &Model::default()).backtest.is_none(),
        "no churn data"
    );
}

#[test]
fn competitor_mentions_in_survey_comments_are_flagged() {
    let mut k = Kit::new();
    let named = k.account("named");
    let phrase = k.account("phrase");
    let lookalike = k.account("lookalike");
    let old = k.account("old");
    let comment = |k: &mut Kit, a: usize, days_ago: i32, text: &str| {
        k.survey(a, SurveyKind::Csat, days_ago, 2.0);
        k.data.surveys.last_mut().unwrap().comment = Some(text.to_string());
    };
    comment(
        &mut k,
        named,
        10,
        "Gridwise has bulk editing. Why can't we?",
    );
    comment(&mut k, named, 40, "Fine.");
    comment(&mut k, phrase, 5, "We are trialling another tool");
    comment(
        &mut k,
        lookalike,
        5,
        "Our gridwisely planned rollout is on track",
    );
    comment(&mut k, old, 300, "Gridwise is better");
    let mut model = Model::default();
    model.flags.competitor_mention.competitors = vec!["Gridwise".into()];
    let r = score(&k.build(), &model);
    let hit = find(&r, "named")
        .flags
        .iter()
        .find(|f| f.flag == Flag::CompetitorMention)
        .cloned();
    let evidence = hit.expect("flagged").evidence;
    assert!(
        evidence.starts_with("1 survey comment in the last 180 days mentions alternatives")
            && evidence.contains("(\"Gridwise\")"),
        "{evidence}"
    );
    assert!(flags_of(&r, "phrase").contains(&Flag::CompetitorMention));
    assert!(
        !flags_of(&r, "lookalike").contains(&Flag::CompetitorMention),
        "whole words only"
    );
    assert!(
        !flags_of(&r, "old").contains(&Flag::CompetitorMention),
        "outside the lookback"
    );
    assert_eq!(
        r.summary
            .flags
            .iter()
            .find(|f| f.0 == Flag::CompetitorMention)
            .map(|f| f.1),
        Some(2)
    );
}

#[test]
fn percentile_normalisation_ranks_within_the_portfolio() {
    let mut k = Kit::new();
    for (id, csat) in [("a", 0.1), ("b", 0.4), ("c", 0.4), ("d", 0.9)] {
        let acc = k.account(id);
        k.acc(acc).flat.csat = Some(csat);
    }
    let mut model = small_model();
    model.groups[0].measures[0].normalize = Normalize::Percentile {
        higher_is_better: true,
    };
    let r = score(&k.build(), &model);
    let norm = |id: &str| {
        find(&r, id)
            .components
            .iter()
            .find(|c| c.measure == Measure::Csat)
            .and_then(|c| c.normalized)
    };
    assert_eq!(norm("a"), Some(12.5));
    assert_eq!(norm("b"), Some(50.0));
    assert_eq!(norm("c"), Some(50.0));
    assert_eq!(norm("d"), Some(87.5));
}

#[test]
fn json_output_round_trips_with_the_contract_fields() {
    let mut k = Kit::new();
    let a = k.account("a");
    k.acc(a).flat.csat = Some(0.8);
    k.acc(a).arr = Some(1000.0);
    let r = score(&k.build(), &small_model());
    let pretty: serde_json::Value = serde_json::from_str(&crate::output::to_json(&r)).unwrap();
    let compact: serde_json::Value =
        serde_json::from_str(&crate::output::to_json_compact(&r)).unwrap();
    assert_eq!(pretty, compact);
    let account = &pretty["accounts"][0];
    assert_eq!(account["account_id"], "a");
    assert_eq!(account["health_score"], 80.0);
    assert_eq!(account["components"][0]["measure"], "csat");
    assert_eq!(account["priority"]["rank"], 1);
    assert_eq!(pretty["summary"]["maturity_level"], 1);
}

#[test]
fn csv_writes_the_display_labels_with_the_ids_beside_them() {
    let mut k = Kit::new();
    let a = k.account("A1");
    k.acc(a).flat.csat = Some(0.5);
    let model = small_model();
    let r = score(&k.build(), &model);
    let band_id = r.accounts[0].band.clone().expect("scored");
    let label = model.bands.iter().find(|b| b.id == band_id).unwrap().label.clone();
    let text = crate::output::to_csv(&r, &model);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    assert_eq!(row[col("band")], label);
    assert_eq!(row[col("band_id")], band_id);
    // A model that renames its bands renames them in the export; the id stays.
    let mut renamed = model.clone();
    for b in &mut renamed.bands {
        b.label = format!("Level {}", b.id);
    }
    let text = crate::output::to_csv(&r, &renamed);
    let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[col("band")], format!("Level {band_id}"));
    assert_eq!(row[col("band_id")], band_id);
}

#[test]
fn segment_values_differing_only_in_case_or_spacing_are_one_segment() {
    let mut k = Kit::new();
    for (id, plan, region) in [
        ("a", "Enterprise", "EMEA"),
        ("b", "enterprise", "emea"),
        ("c", "Enterprise", " EMEA "),
        ("d", "ENTERPRISE", "North  America"),
        ("e", "Growth", "north america"),
    ] {
        let i = k.account(id);
        k.acc(i).plan = Some(plan.into());
        k.acc(i).region = Some(region.into());
        k.acc(i).flat.csat = Some(0.8);
    }
    let r = score(&k.build(), &small_model());
    let labels = |dim: &str| -> Vec<(String, u32)> {
        r.segments
            .iter()
            .filter(|s| s.dimension == dim)
            .map(|s| (s.label.clone(), s.accounts))
            .collect()
    };
    // The spelling most accounts use names the segment; a tie goes to the first in sort order.
    assert_eq!(
        labels("plan"),
        vec![("Enterprise".to_string(), 4), ("Growth".to_string(), 1)]
    );
    assert_eq!(
        labels("region"),
        vec![("EMEA".to_string(), 3), ("North  America".to_string(), 2)]
    );
    // Each account carries the unified key, so filtering by segment finds all of them.
    assert!(r
        .accounts
        .iter()
        .filter(|a| a.account_id != "e")
        .all(|a| a.segments.plan.as_deref() == Some("Enterprise")));
    // The same data written in one spelling gives the same segments.
    let mut k2 = Kit::new();
    for id in ["a", "b", "c", "d"] {
        let i = k2.account(id);
        k2.acc(i).plan = Some("Enterprise".into());
        k2.acc(i).flat.csat = Some(0.8);
    }
    let r2 = score(&k2.build(), &small_model());
    let plan2: Vec<(String, u32)> = r2
        .segments
        .iter()
        .filter(|s| s.dimension == "plan")
        .map(|s| (s.label.clone(), s.accounts))
        .collect();
    assert_eq!(plan2, vec![("Enterprise".to_string(), 4)]);
}

/// `small_model` with a yes/no input (success plan) in the "feel" group.
fn model_with_success_plan() -> Model {
    let mut m = small_model();
    m.groups[0].measures.push(mw(
        Measure::SuccessPlan,
        1.0,
        vec![[0.0, 0.0], [1.0, 100.0]],
    ));
    assert_eq!(m.validate(), Ok(()));
    m
}

#[test]
fn healthy_patterns_list_only_real_differences_with_their_size() {
    // Everyone has a success plan ("Yes vs Yes") and the same usage: neither is a difference.
    let mut k = Kit::new();
    for (id, csat) in [
        ("h1", 1.0),
        ("h2", 0.95),
        ("o1", 0.2),
        ("o2", 0.1),
        ("o3", 0.3),
    ] {
        let a = k.account(id);
        k.acc(a).flat.csat = Some(csat);
        k.acc(a).flat.logins_30d = Some(10.0);
        k.acc(a).flat.success_plan = Some(true);
    }
    let r = score(&k.build(), &model_with_success_plan());
    let measures: Vec<Measure> = r.healthy_patterns.iter().map(|p| p.measure).collect();
    assert_eq!(measures, vec![Measure::Csat], "{:?}", r.healthy_patterns);
    let csat = &r.healthy_patterns[0];
    assert_eq!(csat.statistic, "median");
    approx(csat.gap, (0.975 - 0.2) * 100.0); // csat normalises 0–1 → 0–100 in small_model
    assert_eq!((csat.healthy_accounts, csat.others_accounts), (2, 3));

    // A yes/no input that differs is compared by the share with a yes, not by medians.
    let mut k = Kit::new();
    for (id, csat, plan) in [
        ("h1", 1.0, true),
        ("h2", 0.95, true),
        ("o1", 0.2, true),
        ("o2", 0.1, false),
        ("o3", 0.3, false),
        ("o4", 0.3, false),
    ] {
        let a = k.account(id);
        k.acc(a).flat.csat = Some(csat);
        k.acc(a).flat.success_plan = Some(plan);
    }
    let r = score(&k.build(), &model_with_success_plan());
    let plan = r
        .healthy_patterns
        .iter()
        .find(|p| p.measure == Measure::SuccessPlan)
        .expect("success plan differs");
    assert_eq!((plan.statistic, plan.unit.as_ref()), ("share_yes", "share"));
    approx(plan.healthy_median, 1.0);
    approx(plan.others_median, 0.25);
    approx(plan.gap, 75.0);
    assert!(
        plan.sentence.contains("100%") && plan.sentence.contains("25%"),
        "{}",
        plan.sentence
    );
    assert!(!plan.sentence.contains("Yes vs Yes"));
}
