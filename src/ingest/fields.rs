//! The field catalogue: for each table kind, the fields it understands, their header
//! synonyms, whether they are required and how strongly a match points to the kind.

use super::report::TableKind;

/// One field a table kind understands.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Public snake_case id of the field (shown to users, used in overrides).
    pub name: &'static str,
    /// Other header spellings that mean this field (snake_case; normalised before comparing).
    pub synonyms: &'static [&'static str],
    /// Must be present for the kind to be recognised.
    pub required: bool,
    /// How strongly a match points to this kind.
    pub weight: f64,
}

const fn f(
    name: &'static str,
    synonyms: &'static [&'static str],
    required: bool,
    weight: f64,
) -> FieldSpec {
    FieldSpec {
        name,
        synonyms,
        required,
        weight,
    }
}

const ACCOUNT_ID_SYNONYMS: &[&str] = &[
    "account",
    "customer_id",
    "customer",
    "company_id",
    "company",
    "client_id",
    "client",
    "org_id",
    "organization_id",
    "organisation_id",
    "tenant_id",
    "acct_id",
];

pub(super) const ACCOUNTS: &[FieldSpec] = &[
    f("account_id", ACCOUNT_ID_SYNONYMS, true, 1.0),
    f(
        "name",
        &[
            "account_name",
            "company_name",
            "customer_name",
            "client_name",
            "organization_name",
        ],
        false,
        2.0,
    ),
    f(
        "arr",
        &[
            "arr_amount",
            "annual_revenue",
            "contract_value",
            "acv",
            "annual_contract_value",
            "arr_usd",
        ],
        false,
        1.5,
    ),
    f(
        "mrr",
        &["mrr_amount", "monthly_revenue", "mrr_usd"],
        false,
        1.5,
    ),
    f(
        "plan",
        &["plan_tier", "tier", "edition", "package", "plan_name"],
        false,
        1.0,
    ),
    f(
        "seats",
        &["licenses", "licensed_seats", "seat_count", "licences"],
        false,
        1.0,
    ),
    f("industry", &["vertical", "sector"], false, 2.0),
    f(
        "region",
        &["country", "geo", "geography", "market"],
        false,
        1.5,
    ),
    f(
        "company_size",
        &["employees", "employee_count", "headcount", "size"],
        false,
        2.0,
    ),
    f(
        "start_date",
        &[
            "signup_date",
            "created_at",
            "customer_since",
            "contract_start",
            "onboarded_at",
        ],
        false,
        1.0,
    ),
    f(
        "renewal_date",
        &["contract_end", "renewal", "end_date", "next_renewal"],
        false,
        1.5,
    ),
    f(
        "owner",
        &[
            "csm",
            "csm_owner",
            "account_owner",
            "success_manager",
            "customer_success_manager",
            "csm_name",
        ],
        false,
        2.0,
    ),
    f(
        "churned",
        &["churn_flag", "is_churned", "churn"],
        false,
        1.0,
    ),
    f("is_trial", &["trial"], false, 1.0),
    f("csat", &[], false, 1.0),
    f("nps", &[], false, 1.0),
    f(
        "logins_30d",
        &["logins", "monthly_logins", "logins_last_30_days"],
        false,
        1.5,
    ),
    f("active_users", &["mau", "monthly_active_users"], false, 1.5),
    f(
        "goal_progress",
        &["goal_attainment", "value_realized", "value_realised"],
        false,
        1.5,
    ),
    f("features_used", &["feature_count"], false, 1.5),
    f("success_plan", &["has_success_plan"], false, 1.5),
    f("empowerment", &["training_completion"], false, 1.5),
    f("tickets_30d", &[], false, 1.5),
];

const SUBSCRIPTIONS: &[FieldSpec] = &[
    f(
        "subscription_id",
        &["subscription", "sub_id", "contract_id"],
        true,
        6.0,
    ),
    f("account_id", ACCOUNT_ID_SYNONYMS, true, 1.0),
    f(
        "start_date",
        &["subscription_start", "contract_start", "started_at"],
        false,
        1.0,
    ),
    f(
        "end_date",
        &["subscription_end", "contract_end", "ended_at"],
        false,
        1.0,
    ),
    f(
        "seats",
        &["licenses", "licensed_seats", "seat_count"],
        false,
        0.5,
    ),
    f(
        "arr",
        &["arr_amount", "acv", "annual_contract_value", "arr_usd"],
        false,
        0.5,
    ),
    f(
        "mrr",
        &["mrr_amount", "monthly_revenue", "mrr_usd"],
        false,
        0.5,
    ),
    f(
        "plan",
        &["plan_tier", "tier", "edition", "package", "plan_name"],
        false,
        0.5,
    ),
    f(
        "churned",
        &["churn_flag", "is_churned", "churn"],
        false,
        0.5,
    ),
    f("is_trial", &["trial"], false, 0.5),
];

const USAGE: &[FieldSpec] = &[
    f("account_id", ACCOUNT_ID_SYNONYMS, false, 1.0),
    f("subscription_id", &["subscription", "sub_id"], false, 1.0),
    f(
        "user_id",
        &["user", "email", "user_email", "member_id", "username"],
        false,
        2.0,
    ),
    f(
        "date",
        &[
            "usage_date",
            "event_date",
            "timestamp",
            "event_time",
            "day",
            "login_date",
            "ts",
            "activity_date",
        ],
        true,
        2.0,
    ),
    f(
        "feature",
        &["feature_name", "event", "event_name", "action", "module"],
        false,
        1.5,
    ),
    f(
        "count",
        &[
            "usage_count",
            "events",
            "event_count",
            "quantity",
            "n",
            "logins",
        ],
        false,
        2.0,
    ),
    f(
        "duration",
        &[
            "usage_duration_secs",
            "duration_secs",
            "seconds",
            "session_length",
            "duration_seconds",
        ],
        false,
        2.0,
    ),
    f("errors", &["error_count"], false, 1.5),
];

const SURVEYS: &[FieldSpec] = &[
    f("account_id", ACCOUNT_ID_SYNONYMS, true, 1.0),
    f(
        "date",
        &[
            "response_date",
            "submitted_at",
            "responded_at",
            "survey_date",
        ],
        true,
        1.0,
    ),
    f("type", &["survey_type", "survey", "metric"], false, 2.0),
    f(
        "score",
        &[
            "rating",
            "response",
            "nps_score",
            "csat_score",
            "value",
            "nps",
            "csat",
        ],
        true,
        2.5,
    ),
    f(
        "comment",
        &["feedback", "verbatim", "text", "comments"],
        false,
        1.5,
    ),
];

const TICKETS: &[FieldSpec] = &[
    f("account_id", ACCOUNT_ID_SYNONYMS, true, 1.0),
    f(
        "opened",
        &[
            "submitted_at",
            "created_at",
            "opened_at",
            "created",
            "date_opened",
            "open_date",
        ],
        true,
        1.5,
    ),
    f(
        "resolved",
        &[
            "closed_at",
            "resolved_at",
            "solved_at",
            "closed",
            "date_closed",
        ],
        false,
        2.0,
    ),
    f(
        "resolution_hours",
        &["resolution_time_hours", "hours_to_resolve"],
        false,
        2.0,
    ),
    f("priority", &["severity"], false, 2.0),
    f("category", &["type", "topic", "ticket_type"], false, 1.0),
    f(
        "satisfaction",
        &["satisfaction_score", "csat", "rating"],
        false,
        1.5,
    ),
    f(
        "escalated",
        &["escalation_flag", "is_escalated"],
        false,
        2.0,
    ),
];

const GOALS: &[FieldSpec] = &[
    f("account_id", ACCOUNT_ID_SYNONYMS, true, 1.0),
    f(
        "goal",
        &["name", "goal_name", "milestone", "title", "objective"],
        true,
        1.5,
    ),
    f("kind", &["type"], false, 1.0),
    f("baseline", &[], false, 2.0),
    f("target", &["target_value"], false, 2.0),
    f(
        "current",
        &["actual", "progress", "current_value"],
        false,
        1.5,
    ),
    f("due_date", &["deadline", "target_date", "due"], false, 2.0),
    f("status", &[], false, 1.0),
    f(
        "completed_date",
        &["completed_at", "achieved_on", "completed_on"],
        false,
        2.0,
    ),
];

const TOUCHPOINTS: &[FieldSpec] = &[
    f("account_id", ACCOUNT_ID_SYNONYMS, true, 1.0),
    f(
        "date",
        &[
            "activity_date",
            "touchpoint_date",
            "meeting_date",
            "occurred_at",
        ],
        true,
        2.0,
    ),
    f(
        "kind",
        &["type", "channel", "activity_type", "touchpoint_type"],
        false,
        1.5,
    ),
    f("direction", &[], false, 2.5),
];

const RELEASES: &[FieldSpec] = &[
    f(
        "date",
        &["release_date", "released_at", "shipped_on"],
        true,
        2.0,
    ),
    f(
        "feature",
        &["feature_name", "release", "version", "name"],
        false,
        1.5,
    ),
];

const CHURN_EVENTS: &[FieldSpec] = &[
    f("account_id", ACCOUNT_ID_SYNONYMS, true, 1.0),
    f(
        "churn_date",
        &["date", "churned_at", "churned_on"],
        false,
        3.0,
    ),
    f("reason", &["reason_code", "churn_reason"], false, 2.0),
];

/// All kinds, in the order used to break score ties.
pub const ALL_KINDS: [TableKind; 9] = [
    TableKind::Accounts,
    TableKind::Subscriptions,
    TableKind::Usage,
    TableKind::Surveys,
    TableKind::Tickets,
    TableKind::Goals,
    TableKind::Touchpoints,
    TableKind::Releases,
    TableKind::ChurnEvents,
];

/// The field catalogue of `kind`.
pub fn fields(kind: TableKind) -> &'static [FieldSpec] {
    match kind {
        TableKind::Accounts => ACCOUNTS,
        TableKind::Subscriptions => SUBSCRIPTIONS,
        TableKind::Usage => USAGE,
        TableKind::Surveys => SURVEYS,
        TableKind::Tickets => TICKETS,
        TableKind::Goals => GOALS,
        TableKind::Touchpoints => TOUCHPOINTS,
        TableKind::Releases => RELEASES,
        TableKind::ChurnEvents => CHURN_EVENTS,
    }
}

/// Snake_case label of a kind, for messages.
pub fn kind_name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Accounts => "accounts",
        TableKind::Subscriptions => "subscriptions",
        TableKind::Usage => "usage",
        TableKind::Surveys => "surveys",
        TableKind::Tickets => "tickets",
        TableKind::Goals => "goals",
        TableKind::Touchpoints => "touchpoints",
        TableKind::Releases => "releases",
        TableKind::ChurnEvents => "churn_events",
    }
}

/// Filename fragments that hint at a kind.
pub fn filename_hints(kind: TableKind) -> &'static [&'static str] {
    match kind {
        TableKind::Accounts => &["account", "customer", "compan"],
        TableKind::Subscriptions => &["subscription", "contract"],
        TableKind::Usage => &["usage", "event", "login", "activity_log"],
        TableKind::Surveys => &["survey", "nps", "csat"],
        TableKind::Tickets => &["ticket", "support", "helpdesk"],
        TableKind::Goals => &["goal", "milestone", "success_plan"],
        TableKind::Touchpoints => &["touch", "activit", "meeting", "interaction"],
        TableKind::Releases => &["release", "changelog"],
        TableKind::ChurnEvents => &["churn"],
    }
}

