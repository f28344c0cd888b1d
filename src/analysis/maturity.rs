//! Which maturity level the uploaded data supports, and what would unlock the next one.
//!
//! Level 1: no measurable signal yet (feature pitching). Level 2: usage metrics (event rows
//! or a flat spreadsheet). Level 3: usage tied to goals. Level 4: early indicators across
//! the customer's ecosystem (goals plus at least two of: user-level usage, tickets,
//! surveys, touchpoints, releases). Level 5: goals and milestones measured as partial value.

use crate::dataset::Dataset;
use crate::metrics::measure::Measure;
use crate::scoring::account::AccountResult;

const USAGE: [Measure; 5] = [
    Measure::UsageFrequency,
    Measure::LoginConsistency,
    Measure::FeatureBreadth,
    Measure::SeatUtilisation,
    Measure::Stickiness,
];

fn any_data(accounts: &[AccountResult], measures: &[Measure]) -> bool {
    accounts.iter().any(|a| {
        a.components
            .iter()
            .any(|c| measures.contains(&c.measure) && c.raw.is_some())
    })
}

/// The level (1–5) and a sentence saying what the next level needs.
pub fn assess(dataset: &Dataset, accounts: &[AccountResult]) -> (u8, String) {
    let usage = any_data(accounts, &USAGE) || !dataset.usage.is_empty();
    let goals = any_data(accounts, &[Measure::GoalAttainment]);
    let milestones = any_data(accounts, &[Measure::MilestoneProgress]);
    let user_level = dataset
        .usage
        .user
        .iter()
        .any(|&u| u != crate::dataset::NONE_ID);
    let ecosystem = [
        user_level,
        !dataset.tickets.is_empty(),
        !dataset.surveys.is_empty(),
        !dataset.touchpoints.is_empty(),
        !dataset.releases.is_empty(),
    ]
    .iter()
    .filter(|&&x| x)
    .count();
    if !usage {
        return (
            1,
            "Add product usage (a logins or active-users column is enough) to score adoption."
                .into(),
        );
    }
    if !goals {
        return (2, "Record each customer's goals (baseline, target, current) to see whether usage turns into results.".into());
    }
    if ecosystem < 2 {
        return (3, "Add per-user usage, tickets, surveys, touchpoints or releases to catch early warnings.".into());
    }
    if !milestones {
        return (
            4,
            "Track success-plan milestones to measure the share of expected value delivered."
                .into(),
        );
    }
    (5, "Goals, milestones and early indicators are all in use: health is measured as value delivered.".into())
}
