//! Assembles every table and the ground truth (expectations.json); benchmark streaming.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use crate::calendar::*;
use crate::catalogue::*;
use crate::plan::*;
use crate::rng::*;
use crate::tables::*;
use crate::usage::*;

pub(crate) const TABLES: [&str; 8] = [
    "accounts.csv",
    "usage_events.csv",
    "surveys.csv",
    "support_tickets.csv",
    "goals.csv",
    "touchpoints.csv",
    "releases.csv",
    "expectations.json",
];

pub(crate) fn json_str(s: &str) -> String {
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
pub(crate) fn detail(cfg: &Config, a: &Account, rows: &[UsageRow]) -> String {
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
pub(crate) fn generate(cfg: &Config) -> BTreeMap<&'static str, Vec<u8>> {
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
pub(crate) fn stream_usage<W: std::io::Write>(
    cfg: &Config,
    n: u64,
    w: &mut W,
) -> std::io::Result<()> {
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
