//! Header recognition: normalisation and synonym matching against the field catalogue
//! ([`super::fields`]), the mapping of a file's columns onto a kind's fields (with the user's
//! overrides), and the header-only score of each kind (and a filename hint).

use super::fields::ACCOUNTS;
pub use super::fields::{fields, filename_hints, kind_name, FieldSpec, ALL_KINDS};
use super::report::{ColumnMapping, MappingOverride, TableKind};

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
    if raw.is_ascii() && normalised.is_ascii() {
        // Fast path (every catalogue name and synonym is ASCII).
        let mut want = normalised.bytes();
        for b in raw.bytes().filter(u8::is_ascii_alphanumeric) {
            if want.next() != Some(b.to_ascii_lowercase()) {
                return false;
            }
        }
        return want.next().is_none();
    }
    raw.chars()
        .map(fold_full_width)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .eq(normalised.chars())
}

/// Header evidence for `spec` from a normalised header: 1.0 for its own name, 0.95 for a
/// listed synonym.
pub fn header_match(spec: &FieldSpec, normalised: &str) -> Option<f64> {
    match_field(spec, normalised).map(|q| match q {
        MatchQuality::Canonical => 1.0,
        MatchQuality::Synonym => 0.95,
    })
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
    let mut mapping = KindMapping {
        kind,
        column_of,
        field_of,
        unknown_override_fields: Vec::new(),
    };
    if let Some(ov) = overrides {
        apply_overrides(&mut mapping, headers, ov);
    }
    mapping
}

/// Applies a user's column overrides (header → field, `""`/`"ignore"` to drop) to `mapping`:
/// they win over anything recognised.
pub fn apply_overrides(mapping: &mut KindMapping, headers: &[String], ov: &MappingOverride) {
    let specs = fields(mapping.kind);
    let KindMapping {
        column_of,
        field_of,
        unknown_override_fields,
        ..
    } = mapping;
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
