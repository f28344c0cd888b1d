//! The field catalogue of each table kind, header normalisation and synonym matching, and
//! recognition of a file's table kind from its headers (and a filename hint).

use super::report::{ColumnMapping, MappingOverride, TableKind};

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

const ACCOUNTS: &[FieldSpec] = &[
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
fn filename_hints(kind: TableKind) -> &'static [&'static str] {
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

/// Lower-cases and drops everything but letters and digits, so that "Account ID",
/// "account-id", "account_id" and "accountId" all become "accountid".
pub fn normalise_header(header: &str) -> String {
    header
        .chars()
        .map(fold_full_width)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Full-width forms (`Ａｃｃｏｕｎｔ`, common in East Asian spreadsheets) → their ASCII letters
/// and digits; any other character unchanged.
fn fold_full_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// How well a header matched a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MatchQuality {
    Synonym,
    Canonical,
}

/// `normalise_header(raw) == normalised`, without allocating (called for every header ×
/// field × synonym).
fn normalises_to(raw: &str, normalised: &str) -> bool {
    raw.chars()
        .map(fold_full_width)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .eq(normalised.chars())
}

fn match_field(spec: &FieldSpec, normalised: &str) -> Option<MatchQuality> {
    if normalises_to(spec.name, normalised) {
        return Some(MatchQuality::Canonical);
    }
    spec.synonyms
        .iter()
        .any(|s| normalises_to(s, normalised))
        .then_some(MatchQuality::Synonym)
}

/// The mapping of one file's columns onto one kind's fields.
#[derive(Debug, Clone)]
pub struct KindMapping {
    /// The table kind.
    pub kind: TableKind,
    /// For each catalogue field (same order as [`fields`]), the column feeding it.
    pub column_of: Vec<Option<usize>>,
    /// For each column, the catalogue field index it feeds.
    pub field_of: Vec<Option<usize>>,
    /// Overrides naming an unknown field (reported as notes).
    pub unknown_override_fields: Vec<String>,
}

impl KindMapping {
    /// Column of the field called `name`, if mapped.
    pub fn column(&self, name: &str) -> Option<usize> {
        let index = fields(self.kind).iter().position(|f| f.name == name)?;
        self.column_of[index]
    }

    /// Required fields that have no column (usage: account or subscription id counts as one).
    pub fn missing_required(&self) -> Vec<&'static str> {
        let specs = fields(self.kind);
        let mut missing: Vec<&'static str> = specs
            .iter()
            .zip(&self.column_of)
            .filter(|(spec, col)| spec.required && col.is_none())
            .map(|(spec, _)| spec.name)
            .collect();
        if self.kind == TableKind::Usage
            && self.column("account_id").is_none()
            && self.column("subscription_id").is_none()
        {
            missing.insert(0, "account_id or subscription_id");
        }
        missing
    }

    /// Recognition score: the weights of matched fields, 0 when a required field is missing.
    pub fn score(&self) -> f64 {
        if !self.missing_required().is_empty() {
            return 0.0;
        }
        let specs = fields(self.kind);
        let score: f64 = specs
            .iter()
            .zip(&self.column_of)
            .filter(|(_, c)| c.is_some())
            .map(|(s, _)| s.weight)
            .sum();
        score
    }

    /// The public per-column mapping for the report.
    pub fn describe(&self, headers: &[String]) -> Vec<ColumnMapping> {
        let specs = fields(self.kind);
        headers
            .iter()
            .enumerate()
            .map(|(index, header)| ColumnMapping {
                index,
                header: header.clone(),
                field: self.field_of[index].map(|f| specs[f].name.to_string()),
            })
            .collect()
    }
}

/// Maps `headers` onto `kind`'s fields. A canonical name beats a synonym; otherwise the first
/// column wins. Overrides (header → field, `""`/`"ignore"` to drop) are applied last.
pub fn map_columns(
    kind: TableKind,
    headers: &[String],
    overrides: Option<&MappingOverride>,
) -> KindMapping {
    let specs = fields(kind);
    let mut column_of: Vec<Option<usize>> = vec![None; specs.len()];
    let mut quality: Vec<Option<MatchQuality>> = vec![None; specs.len()];
    let mut field_of: Vec<Option<usize>> = vec![None; headers.len()];
    for (col, header) in headers.iter().enumerate() {
        let norm = normalise_header(header);
        if norm.is_empty() {
            continue;
        }
        for (fi, spec) in specs.iter().enumerate() {
            if let Some(q) = match_field(spec, &norm) {
                let better = match quality[fi] {
                    None => true,
                    Some(old) => q > old,
                };
                if better {
                    if let Some(old_col) = column_of[fi] {
                        field_of[old_col] = None;
                    }
                    column_of[fi] = Some(col);
                    quality[fi] = Some(q);
                    field_of[col] = Some(fi);
                }
                break;
            }
        }
    }
    let mut unknown_override_fields = Vec::new();
    if let Some(ov) = overrides {
        for (header, field) in &ov.columns {
            let norm_header = header.trim();
            let Some(col) = headers.iter().position(|h| h.trim() == norm_header) else {
                continue;
            };
            if let Some(old) = field_of[col].take() {
                column_of[old] = None;
            }
            let field = field.trim();
            if field.is_empty() || field.eq_ignore_ascii_case("ignore") {
                continue;
            }
            match specs.iter().position(|s| s.name == field) {
                Some(fi) => {
                    if let Some(prev) = column_of[fi] {
                        field_of[prev] = None;
                    }
                    column_of[fi] = Some(col);
                    field_of[col] = Some(fi);
                }
                None => unknown_override_fields.push(field.to_string()),
            }
        }
    }
    KindMapping {
        kind,
        column_of,
        field_of,
        unknown_override_fields,
    }
}

/// Result of recognising a file's kind.
#[derive(Debug, Clone)]
pub struct Recognition {
    /// The chosen mapping, if any kind qualified (or was forced).
    pub mapping: Option<KindMapping>,
    /// Every kind's score, best first.
    pub candidates: Vec<(TableKind, f64)>,
}

/// Scores every kind for `headers` (plus a bonus when `file_name` hints at it) and picks the
/// best one; `overrides.kind` forces the kind.
pub fn recognise(
    file_name: &str,
    headers: &[String],
    overrides: Option<&MappingOverride>,
) -> Recognition {
    let lower_name = file_name.to_lowercase();
    let mut scored: Vec<(KindMapping, f64)> = ALL_KINDS
        .iter()
        .map(|&kind| {
            let mapping = map_columns(kind, headers, overrides);
            let mut score = mapping.score();
            if kind == TableKind::Releases && mapping.column("date").is_some() {
                // A release list has no account column; penalise files that look per-account.
                let has_account = headers.iter().any(|h| {
                    let n = normalise_header(h);
                    ACCOUNTS[0]
                        .synonyms
                        .iter()
                        .any(|s| normalise_header(s) == n)
                        || n == "accountid"
                        || n == "subscriptionid"
                });
                if has_account {
                    score *= 0.3;
                }
            }
            if kind == TableKind::Accounts && mapping.score() > 0.0 {
                // Event tables also carry account ids; an accounts table has one row per
                // account and no event columns.
                let event_like = headers.iter().any(|h| {
                    let n = normalise_header(h);
                    n == "subscriptionid"
                        || n == "ticketid"
                        || n == "usageid"
                        || n == "churneventid"
                });
                if event_like {
                    score *= 0.3;
                }
            }
            if score > 0.0 && filename_hints(kind).iter().any(|h| lower_name.contains(h)) {
                score += 3.0;
            }
            (mapping, (score * 100.0).round() / 100.0)
        })
        .collect();
    // Stable sort keeps ALL_KINDS order on ties.
    crate::sort::sort_by(&mut scored, |a, b| {
        b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal)
    });
    let candidates = scored.iter().map(|(m, s)| (m.kind, *s)).collect();
    let mapping = match overrides.and_then(|o| o.kind) {
        Some(forced) => scored
            .into_iter()
            .find(|(m, _)| m.kind == forced)
            .map(|(m, _)| m),
        None => scored.into_iter().find(|(_, s)| *s > 0.0).map(|(m, _)| m),
    };
    Recognition {
        mapping,
        candidates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn header_normalisation() {
        for h in [
            "Account ID",
            "account-id",
            "account_id",
            "accountId",
            " ACCOUNT_ID ",
        ] {
            assert_eq!(normalise_header(h), "accountid");
        }
    }

    #[test]
    fn canonical_name_beats_synonym_and_first_wins_otherwise() {
        let m = map_columns(
            TableKind::Accounts,
            &headers(&["customer", "Account ID", "company"]),
            None,
        );
        assert_eq!(m.column("account_id"), Some(1));
        assert_eq!(m.field_of, vec![None, Some(0), None]);
    }

    #[test]
    fn recognises_typical_tables() {
        let cases: &[(&str, &[&str], TableKind)] = &[
            (
                "x.csv",
                &["Account ID", "Name", "ARR", "Industry", "CSM"],
                TableKind::Accounts,
            ),
            (
                "x.csv",
                &["account_id", "user", "date", "event"],
                TableKind::Usage,
            ),
            (
                "x.csv",
                &["account", "date", "score", "type"],
                TableKind::Surveys,
            ),
            (
                "x.csv",
                &["account_id", "created_at", "closed_at", "priority"],
                TableKind::Tickets,
            ),
            (
                "x.csv",
                &["account_id", "goal", "target", "current", "due_date"],
                TableKind::Goals,
            ),
            (
                "x.csv",
                &["account_id", "date", "type", "direction"],
                TableKind::Touchpoints,
            ),
            ("x.csv", &["release_date", "feature"], TableKind::Releases),
            (
                "x.csv",
                &["account_id", "churn_date", "reason"],
                TableKind::ChurnEvents,
            ),
            (
                "x.csv",
                &["subscription_id", "account_id", "start_date", "mrr_amount"],
                TableKind::Subscriptions,
            ),
            (
                "nps.csv",
                &["customer_id", "submitted_at", "rating"],
                TableKind::Surveys,
            ),
        ];
        for (name, h, kind) in cases {
            let r = recognise(name, &headers(h), None);
            assert_eq!(
                r.mapping.map(|m| m.kind),
                Some(*kind),
                "{h:?}: {:?}",
                r.candidates
            );
        }
    }

    #[test]
    fn unknown_headers_are_not_recognised_and_overrides_apply() {
        let r = recognise("stuff.csv", &headers(&["foo", "bar"]), None);
        assert!(r.mapping.is_none());
        assert!(r.candidates.iter().all(|(_, s)| *s == 0.0));
        let mut ov = MappingOverride {
            kind: Some(TableKind::Accounts),
            ..Default::default()
        };
        ov.columns.insert("foo".into(), "account_id".into());
        ov.columns.insert("bar".into(), "ignore".into());
        let r = recognise("stuff.csv", &headers(&["foo", "bar"]), Some(&ov));
        let m = r.mapping.unwrap();
        assert_eq!(m.kind, TableKind::Accounts);
        assert_eq!(m.column("account_id"), Some(0));
        assert_eq!(m.field_of[1], None);
    }
}
