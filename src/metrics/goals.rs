//! Goal measures: goal attainment (partial value), milestone progress, success plan.
//!
//! - Goal attainment = mean over measurable goals of clamp((current − baseline) ÷
//!   (target − baseline), 0, 1), baseline 0 when absent. The same formula handles
//!   lower-is-better goals (target below baseline). Goals without numbers count 1 when
//!   done and 0 when missed; others are skipped. Fallback: flat `goal_progress`.
//! - Milestone progress = milestones done ÷ milestones planned, where planned means due
//!   on or before as-of (all milestones when none is due yet). A milestone counts as done
//!   when its completion day is on or before as-of, or (undated) its status is done.
//! - Success plan = 1 when any goal or milestone is open, or was completed within the last
//!   [`PLAN_GRACE_DAYS`] (or has no completion date), else 0 (when a goals table exists);
//!   fallback: flat `success_plan`. Completing the last goal therefore never removes the plan.
//!
//! Goal values are undated snapshots, like flat columns; milestone completion is dated.

use super::index::AccountIndex;
use super::{AccountMeasures, TablesPresent};
use crate::dataset::{Dataset, Day, Goal, GoalKind};
use crate::metrics::measure::Measure;

/// True when a goal's status says it is done (or it has a completion day by `as_of`).
pub fn is_done(goal: &Goal, as_of: Day) -> bool {
    if let Some(day) = goal.completed_day {
        return day <= as_of;
    }
    matches!(
        goal.status
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .as_deref(),
        Some("done" | "completed" | "complete" | "achieved" | "met")
    )
}

fn is_missed(goal: &Goal) -> bool {
    matches!(
        goal.status
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .as_deref(),
        Some("missed" | "failed" | "not_met" | "cancelled")
    )
}

/// Attainment of one goal 0–1, `None` when it cannot be measured.
pub fn attainment(goal: &Goal, as_of: Day) -> Option<f64> {
    match (goal.target, goal.current) {
        (Some(target), Some(current)) if target.is_finite() && current.is_finite() => {
            let baseline = goal.baseline.filter(|b| b.is_finite()).unwrap_or(0.0);
            if target == baseline {
                return Some(if current == target { 1.0 } else { 0.0 });
            }
            Some(((current - baseline) / (target - baseline)).clamp(0.0, 1.0))
        }
        _ if is_done(goal, as_of) => Some(1.0),
        _ if is_missed(goal) => Some(0.0),
        _ => None,
    }
}

/// A plan whose goals were all delivered still counts as in place for this many days.
pub const PLAN_GRACE_DAYS: Day = 365;

/// Fills goal attainment, milestone progress and success plan of account `a`.
pub fn fill(
    dataset: &Dataset,
    index: &AccountIndex,
    tables: &TablesPresent,
    a: usize,
    as_of: Day,
    out: &mut AccountMeasures,
) {
    let goals: Vec<&Goal> = index.goals[a]
        .iter()
        .map(|&i| &dataset.goals[i as usize])
        .collect();
    let flat = &dataset.accounts[a].flat;

    let scores: Vec<f64> = goals
        .iter()
        .filter(|g| g.kind == GoalKind::Goal)
        .filter_map(|g| attainment(g, as_of))
        .collect();
    if !scores.is_empty() {
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        out.set(
            Measure::GoalAttainment,
            Some(mean),
            scores.len() as u32,
            format!(
                "{:.0}% of the way to target on average over {} goals",
                mean * 100.0,
                scores.len()
            ),
        );
    } else if let Some(p) = flat.goal_progress {
        out.set(
            Measure::GoalAttainment,
            Some(p),
            0,
            format!("accounts table: goal progress {:.0}%", p * 100.0),
        );
    }

    let milestones: Vec<&&Goal> = goals
        .iter()
        .filter(|g| g.kind == GoalKind::Milestone)
        .collect();
    if milestones.iter().any(|m| {
        m.due_day.is_some_and(|d| d <= as_of) || m.completed_day.is_some_and(|d| d <= as_of)
    }) {
        out.has_dated_data = true;
    }
    let due: Vec<&&&Goal> = milestones
        .iter()
        .filter(|m| m.due_day.is_some_and(|d| d <= as_of))
        .collect();
    let (planned, scope) = if due.is_empty() {
        (milestones.iter().collect::<Vec<_>>(), "planned")
    } else {
        (due, "due by as-of")
    };
    if !planned.is_empty() {
        let done = planned.iter().filter(|m| is_done(m, as_of)).count();
        let share = done as f64 / planned.len() as f64;
        out.set(
            Measure::MilestoneProgress,
            Some(share),
            planned.len() as u32,
            format!("{done} of {} milestones {scope} are done", planned.len()),
        );
    }

    if tables.goals {
        let open = goals
            .iter()
            .filter(|g| !is_done(g, as_of) && !is_missed(g))
            .count();
        let delivered = goals
            .iter()
            .filter(|g| {
                is_done(g, as_of)
                    && g.completed_day
                        .map_or(true, |d| as_of - d <= PLAN_GRACE_DAYS)
            })
            .count();
        if open > 0 || !goals.is_empty() || flat.success_plan.is_none() {
            let in_place = open + delivered > 0;
            out.set(
                Measure::SuccessPlan,
                Some(if in_place { 1.0 } else { 0.0 }),
                goals.len() as u32,
                if open > 0 {
                    format!("{open} open goals or milestones in the success plan")
                } else if delivered > 0 {
                    format!("{delivered} goals or milestones delivered within the last {PLAN_GRACE_DAYS} days")
                } else if goals.is_empty() {
                    "no goals or milestones recorded".to_string()
                } else {
                    format!(
                        "all {} goals and milestones are closed or missed; no current plan",
                        goals.len()
                    )
                },
            );
        }
    }
    if out.is_missing(Measure::SuccessPlan) {
        if let Some(plan) = flat.success_plan {
            out.set(
                Measure::SuccessPlan,
                Some(if plan { 1.0 } else { 0.0 }),
                0,
                format!(
                    "accounts table: success plan {}",
                    if plan { "in place" } else { "absent" }
                ),
            );
        }
    }
}
