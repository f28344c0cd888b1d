//! Surveys, tickets, goals, touchpoints and releases.

use std::fmt::Write as _;

use crate::calendar::*;
use crate::catalogue::*;
use crate::plan::*;
use crate::rng::*;

pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub(crate) const COMPETITOR_ASKS: [&str; 5] = [
    "Gridwise has bulk editing across projects. Why can't we do that here?",
    "We are trialling Plotfin because their scheduled exports just work.",
    "Tallyhive offers SSO audit logs out of the box; our security team keeps asking for it.",
    "Our ops lead prefers Gridwise's offline mode. Please add something similar.",
    "Plotfin lets admins clone workspaces in one click. We rebuild ours by hand every month.",
];
pub(crate) const LOW_COMMENTS: [&str; 5] = [
    "Reports time out on our bigger datasets.",
    "Support takes days to answer.",
    "Too many clicks for simple things.",
    "Setup never really finished on our side.",
    "Not sure we are getting value for the price.",
];
pub(crate) const MID_COMMENTS: [&str; 4] = [
    "Does the job.",
    "Fine overall, exports could be faster.",
    "Good product, onboarding was slow.",
    "OK.",
];
pub(crate) const HIGH_COMMENTS: [&str; 5] = [
    "Our team relies on it every day.",
    "Great support and the dashboards are excellent.",
    "Saves us hours each week.",
    "Easy to use, love it.",
    "Happy with it.",
];

pub(crate) fn score(rng: &mut Rng, sat: Sat, nps: bool) -> i64 {
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
pub(crate) fn cadence(rng: &mut Rng, from: i64, to: i64, every: f64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut t = from as f64 + rng.uniform(0.0, every);
    while t <= to as f64 {
        out.push(t.floor() as i64);
        t += every * rng.uniform(0.6, 1.4);
    }
    out
}

/// Moves a weekend day to the next Monday (or back to Friday when Monday is past `until`).
pub(crate) fn business_day(d: i64, until: i64) -> i64 {
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
pub(crate) fn voice_until(cfg: &Config, a: &Account) -> i64 {
    if a.story == Story::Silence {
        cfg.as_of - SILENCE_OFFSET
    } else {
        cfg.as_of
    }
}

pub(crate) fn gen_surveys(cfg: &Config, a: &Account, out: &mut String) {
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

pub(crate) fn comment(rng: &mut Rng, story: Story, sat: Sat) -> String {
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

pub(crate) fn gen_tickets(cfg: &Config, a: &Account, next_id: &mut u64, out: &mut String) {
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

pub(crate) fn fmt_ts(secs: i64) -> String {
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

pub(crate) const GOALS: [(&str, i64, i64); 6] = [
    ("Cut month-end reporting time (hours)", 40, 10),
    ("Raise forecast accuracy (%)", 60, 90),
    ("Reduce manual data entry (hours per week)", 30, 6),
    ("Regional teams live on the platform", 0, 8),
    ("Approval flows automated", 0, 20),
    ("On-time delivery rate (%)", 70, 95),
];
pub(crate) const MILESTONES: [&str; 6] = [
    "Success plan agreed",
    "SSO and provisioning configured",
    "Data integrations connected",
    "First team trained",
    "Executive dashboard live",
    "First QBR held",
];

pub(crate) fn gen_goals(cfg: &Config, a: &Account, out: &mut String) {
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

pub(crate) fn gen_touchpoints(cfg: &Config, a: &Account, out: &mut String) {
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

pub(crate) fn gen_releases(cfg: &Config) -> String {
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
