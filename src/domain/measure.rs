//! Measures as data: the id of a measure and the catalogue of built-in measures.
//!
//! A [`Measure`] is only an id (its snake_case name in models, results and exports). What a
//! measure *is* — label, family, unit, direction, where its value comes from, how it is
//! described — is a [`MeasureDef`]. The built-in measures are the entries of [`BUILTINS`];
//! a model adds its own (custom measures bound to a column, see `model::measures`), and
//! `Model::measure_def` answers for both. Adding a built-in measure is one entry here (plus
//! its computation when it needs a new kind of [`Source`]).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A measure's id. Built-in ids are the constants below; custom ids (declared by a model)
/// are interned once per distinct name, so the type stays `Copy` and compares by name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Measure(&'static str);

/// The built-in ids. They keep the names the measures had when they were an enum, so code
/// reads `Measure::Csat` as before; the definitions are in [`BUILTINS`].
#[allow(non_upper_case_globals)]
impl Measure {
    pub const GoalAttainment: Measure = Measure("goal_attainment");
    pub const MilestoneProgress: Measure = Measure("milestone_progress");
    pub const SuccessPlan: Measure = Measure("success_plan");
    pub const EngagementCadence: Measure = Measure("engagement_cadence");
    pub const DaysSinceTouchpoint: Measure = Measure("days_since_touchpoint");
    pub const Csat: Measure = Measure("csat");
    pub const Nps: Measure = Measure("nps");
    pub const Empowerment: Measure = Measure("empowerment");
    pub const UsageFrequency: Measure = Measure("usage_frequency");
    pub const UsageTrend: Measure = Measure("usage_trend");
    pub const LoginConsistency: Measure = Measure("login_consistency");
    pub const FeatureBreadth: Measure = Measure("feature_breadth");
    pub const HighImpactAdoption: Measure = Measure("high_impact_adoption");
    pub const SeatUtilisation: Measure = Measure("seat_utilisation");
    pub const Stickiness: Measure = Measure("stickiness");
    pub const TicketLoad: Measure = Measure("ticket_load");
    pub const ResolutionHours: Measure = Measure("resolution_hours");
}

/// Longest accepted measure id.
pub const MAX_ID_LEN: usize = 64;

/// Most distinct custom ids one process interns (each is a few bytes kept for the life of
/// the process; the cap bounds that for hostile input).
const MAX_INTERNED: usize = 4096;

impl Measure {
    /// The snake_case id.
    pub fn id(self) -> &'static str {
        self.0
    }

    /// The built-in measure with this id.
    pub fn from_id(id: &str) -> Option<Measure> {
        builtin(id).map(|d| d.id)
    }

    /// The measure named `id`: the built-in one, else a custom id (interned). Errors when the
    /// id is too long or too many distinct ids were seen.
    pub fn named(id: &str) -> Result<Measure, String> {
        if let Some(m) = Measure::from_id(id) {
            return Ok(m);
        }
        if id.len() > MAX_ID_LEN {
            return Err(format!(
                "measure id '{}…' is longer than {MAX_ID_LEN} characters",
                id.chars().take(20).collect::<String>()
            ));
        }
        intern(id)
    }

    /// The built-in definition, `None` for a custom measure.
    pub fn builtin(self) -> Option<&'static MeasureDef<'static>> {
        builtin(self.0)
    }

    /// Position among the built-in measures (their slot in per-account value tables).
    pub fn builtin_slot(self) -> Option<usize> {
        BUILTINS.iter().position(|d| d.id == self)
    }
}

fn builtin(id: &str) -> Option<&'static MeasureDef<'static>> {
    BUILTINS.iter().find(|d| d.id.0 == id)
}

fn intern(id: &str) -> Result<Measure, String> {
    use std::sync::{Mutex, PoisonError};
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&name) = names.iter().find(|&&n| n == id) {
        return Ok(Measure(name));
    }
    if names.len() >= MAX_INTERNED {
        return Err(format!(
            "too many distinct measure ids (more than {MAX_INTERNED})"
        ));
    }
    let name: &'static str = Box::leak(id.to_string().into_boxed_str());
    names.push(name);
    Ok(Measure(name))
}

impl fmt::Debug for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Measure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Measure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Measure::named(&id).map_err(serde::de::Error::custom)
    }
}

/// Which family a measure belongs to (DOMAIN idea 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Goals, success plan, relationship, sentiment, empowerment.
    HumanCentred,
    /// Usage, adoption, consistency, support.
    DataDriven,
}

/// Which raw values are healthier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    /// Custom measures: the model's normalisation says it (descending threshold scores,
    /// `higher_is_better`, or per-category scores).
    SetByNormalisation,
}

/// How a column's cells become a custom measure's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// The cell as a number.
    Number,
    /// A date: as-of day minus the date, in days (future dates count 0).
    DaysSince,
    /// 1 = yes/true, 0 = no/false.
    YesNo,
    /// The cell's text, scored per category.
    Category,
}

impl ValueKind {
    /// The unit shown when a custom measure declares none.
    pub fn default_unit(self) -> &'static str {
        match self {
            ValueKind::Number => "",
            ValueKind::DaysSince => "days",
            ValueKind::YesNo => "yes/no",
            ValueKind::Category => "category",
        }
    }
}

/// Where a measure's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// Computed by the engine's measure code (`metrics::{usage, sentiment, support, goals,
    /// relationship}`) from event tables, with flat accounts columns as fallback.
    Computed,
    /// Days since the account's latest row of an activity table as of the scoring day.
    DaysSinceLast(Activity),
    /// A column of a table, read per account (custom measures).
    Column {
        table: &'a str,
        column: &'a str,
        value: ValueKind,
    },
}

/// The dated activity tables a [`Source::DaysSinceLast`] can look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Usage,
}

/// What a measure is: everything but its per-account values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasureDef<'a> {
    pub id: Measure,
    /// Short title, e.g. "Seat utilisation".
    pub label: &'a str,
    /// Noun phrase used inside sentences ("share of seats active").
    pub phrase: &'a str,
    pub family: Family,
    /// Unit of the raw value.
    pub unit: &'a str,
    pub direction: Direction,
    pub source: Source<'a>,
    /// How the value is computed, in plain words.
    pub description: &'a str,
}

const fn def(
    id: Measure,
    label: &'static str,
    phrase: &'static str,
    family: Family,
    unit: &'static str,
    direction: Direction,
    description: &'static str,
) -> MeasureDef<'static> {
    MeasureDef {
        id,
        label,
        phrase,
        family,
        unit,
        direction,
        source: Source::Computed,
        description,
    }
}

use Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower};
use Family::{DataDriven, HumanCentred};

/// The built-in measures, in display order.
#[rustfmt::skip]
pub static BUILTINS: &[MeasureDef<'static>] = &[
    def(Measure::GoalAttainment, "Goal attainment", "goal attainment", HumanCentred, "share", Higher,
        "Mean over goals of (current − baseline) ÷ (target − baseline), each clamped to 0–1 (partial value; baseline 0 when absent; works for lower-is-better targets)."),
    def(Measure::MilestoneProgress, "Milestones reached", "milestone progress", HumanCentred, "share", Higher,
        "Milestones completed ÷ milestones planned (due by the as-of date, else all planned)."),
    def(Measure::SuccessPlan, "Success plan in place", "success plan in place", HumanCentred, "yes/no", Higher,
        "1 when a success plan (at least one open goal or milestone) is in place, else 0."),
    def(Measure::EngagementCadence, "CSM engagement cadence", "CSM touchpoints per month", HumanCentred, "touchpoints/month", Higher,
        "CSM touchpoints per month over the touchpoint window."),
    def(Measure::DaysSinceTouchpoint, "Days since last touchpoint", "days since the last touchpoint", HumanCentred, "days", Lower,
        "Days since the last touchpoint (lower is better)."),
    def(Measure::Csat, "CSAT", "CSAT (share of 4–5 ratings)", HumanCentred, "share", Higher,
        "Share of 4–5 answers on the 1–5 scale, 0–1 (surveys and ticket ratings)."),
    def(Measure::Nps, "NPS", "NPS", HumanCentred, "NPS", Higher,
        "% promoters − % detractors, −100..100."),
    def(Measure::Empowerment, "Customer empowerment", "empowerment", HumanCentred, "share", Higher,
        "Customer empowerment 0–1 (from the accounts table)."),
    def(Measure::UsageFrequency, "Usage frequency", "active days per week", DataDriven, "active days/week", Higher,
        "Active days per week over the recent window (0–7)."),
    def(Measure::UsageTrend, "Usage trend", "usage change vs the previous window", DataDriven, "change", Higher,
        "Change of usage volume, recent window vs. the window before (−1 = stopped, 0 = flat)."),
    def(Measure::LoginConsistency, "Login consistency", "share of active weeks", DataDriven, "share", Higher,
        "Share of active weeks out of the last N weeks, 0–1."),
    def(Measure::FeatureBreadth, "Feature breadth", "share of features used", DataDriven, "share", Higher,
        "Distinct features used in the recent window ÷ features seen portfolio-wide, 0–1."),
    def(Measure::HighImpactAdoption, "High-impact feature adoption", "share of high-impact features used", DataDriven, "share", Higher,
        "Share of the model's high-impact features used in the recent window, 0–1."),
    def(Measure::SeatUtilisation, "Seat utilisation", "share of seats active", DataDriven, "share", Higher,
        "Distinct active users in the last 28 days ÷ licensed seats."),
    def(Measure::Stickiness, "Stickiness (DAU/MAU)", "stickiness (daily ÷ monthly users)", DataDriven, "share", Higher,
        "Mean daily active users ÷ monthly active users over the recent window, 0–1."),
    def(Measure::TicketLoad, "Ticket load", "tickets per seat per month", DataDriven, "tickets/seat/month", Lower,
        "Tickets per seat per month over the ticket window (lower is better)."),
    def(Measure::ResolutionHours, "Resolution time", "median resolution hours", DataDriven, "hours", Lower,
        "Median hours from opened to resolved over the ticket window (lower is better)."),
    MeasureDef { source: Source::DaysSinceLast(Activity::Usage),
        ..def(Measure("days_since_last_login"), "Days since last login", "days since the last login", DataDriven, "days", Lower,
        "Days from the account's latest usage row to the as-of day (lower is better); missing when it has none.") },
];

/// True for ids of the form `[a-z][a-z0-9_]*` (what model files and exports expect).
pub fn is_snake_case(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for d in BUILTINS {
            let m = d.id;
            assert!(is_snake_case(m.id()), "{m}");
            assert_eq!(Measure::from_id(m.id()), Some(m));
            assert_eq!(m.builtin().map(|b| b.id), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.id())
            );
            let back: Measure = serde_json::from_str(&format!("\"{}\"", m.id())).unwrap();
            assert_eq!(back, m);
        }
        let ids: std::collections::BTreeSet<_> = BUILTINS.iter().map(|d| d.id).collect();
        assert_eq!(ids.len(), BUILTINS.len(), "built-in ids are unique");
    }

    #[test]
    fn custom_ids_are_interned_and_never_builtin() {
        let a = Measure::named("monthly_charges").unwrap();
        let b: Measure = serde_json::from_str("\"monthly_charges\"").unwrap();
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.id(), b.id()), "one copy per distinct id");
        assert_eq!(a.builtin(), None);
        assert_eq!(a.builtin_slot(), None);
        assert_eq!(Measure::named("csat").unwrap(), Measure::Csat);
        assert!(Measure::named(&"x".repeat(MAX_ID_LEN + 1)).is_err());
        assert!(!is_snake_case("Monthly") && !is_snake_case("1x") && !is_snake_case(""));
    }
}
