//! Recognition by content: each file's table kind and each column's field decided from the
//! header *and* a sample of the values ([`super::profile`]), with reasons the user sees.
//!
//! For every kind, fields are assigned to columns greedily by a score that adds header evidence
//! (the catalogue's own names and synonyms first, then the multilingual vocabulary of
//! [`super::vocab`]) and value evidence (dates for date fields, whole non-negative numbers for
//! counts, a bounded scale for scores, ids matching another file's account ids for the account
//! key…). Values that contradict a header veto it. Some fields may be decided by values alone
//! (the account key by id overlap, a usage file's email column as the user…). The kind's score
//! is the weighted sum of its assigned fields, adjusted by the file's shape: one row per id
//! suits an entity table (accounts, subscriptions), ids repeating on many rows an event table.
//! The header-only decision ([`super::schema::recognise`]) is kept when nothing contradicts it.

use super::evidence::{pct, value_fit, want, Want};
use super::fields::{fields, filename_hints, kind_name, ALL_KINDS};
use super::profile::ColumnProfile;
use super::report::{ColumnEvidence, MappingOverride, RecognitionReport, TableKind};
use super::schema::{self, apply_overrides, KindMapping, Recognition};
use super::vocab::{self, header_words, HeaderWords};

/// Fields that values alone may decide for a kind (no header evidence needed).
fn value_decidable(kind: TableKind, field: &str) -> bool {
    use TableKind::*;
    matches!(
        (kind, field),
        (_, "account_id")
            | (_, "subscription_id")
            | (Usage, "user_id" | "date" | "count" | "feature")
            | (Surveys, "date" | "score")
            | (Tickets, "opened" | "resolved" | "priority")
            | (Goals, "goal")
            | (Touchpoints, "date" | "direction")
            | (Releases, "date")
            | (ChurnEvents, "churn_date")
            | (Subscriptions, "start_date" | "end_date")
    )
}

/// The fields (of any kind) a header clearly names: values alone may not give such a column
/// to a field of another type ("Puntuación" is a score, never a usage count).
fn named_fields(words: &HeaderWords) -> Vec<&'static str> {
    let mut out = Vec::new();
    for kind in ALL_KINDS {
        for spec in fields(kind) {
            if !out.contains(&spec.name)
                && vocab::term_match(words, vocab::terms(kind, spec.name)) >= 0.7
            {
                out.push(spec.name);
            }
        }
    }
    out
}

/// Words in any header of a file that point to a kind ("Ticket #", "NPS", "Subscription ID").
fn kind_hint(kind: TableKind, words: &[HeaderWords]) -> bool {
    let hints = vocab::kind_words(kind);
    words.iter().any(|h| vocab::term_match(h, hints) >= 0.5)
}

/// Fields that belong to one kind of table: a column named for one of them that a kind leaves
/// unused counts against that kind.
const DISTINCTIVE: &[&str] = &[
    "score",
    "priority",
    "goal",
    "target",
    "subscription_id",
    "resolved",
    "count",
    "churn_date",
    "direction",
    "arr",
    "mrr",
];

/// Widest file recognised by content; wider ones are recognised by their headers alone.
pub const MAX_COLUMNS: usize = 512;

/// Least score for a kind chosen by values (the header naming no kind, or another one).
const MIN_CONTENT_SCORE: f64 = 3.0;

/// Values needed before they can veto a header that names a field.
const MIN_VETO_VALUES: usize = 10;

/// One kind's assignment of fields to columns.
struct Assignment {
    mapping: KindMapping,
    /// Per column: (score 0–2, reason) of its field.
    evidence: Vec<Option<(f64, String)>>,
    /// Columns whose header pointed to a field the values contradicted.
    vetoed: Vec<(usize, String)>,
    score: f64,
    /// Share of rows whose key repeats an earlier row's.
    key_repeats: Option<f64>,
    /// Key values sampled.
    key_filled: Option<usize>,
}

/// Header evidence for field `fi` of `kind` on column `col`.
fn header_evidence(
    kind: TableKind,
    fi: usize,
    col: usize,
    header_map: &KindMapping,
    words: &HeaderWords,
) -> (f64, String) {
    let spec = &fields(kind)[fi];
    if header_map.field_of[col] == Some(fi) {
        return (1.0, "header names it".into());
    }
    let m = vocab::term_match(words, vocab::terms(kind, spec.name));
    if m > 0.0 {
        (m * 0.9, "header words suggest it".into())
    } else {
        (0.0, String::new())
    }
}

fn assign(
    kind: TableKind,
    headers: &[String],
    profiles: &[ColumnProfile],
    words: &[HeaderWords],
    named: &[Vec<&'static str>],
) -> Assignment {
    let specs = fields(kind);
    let header_map = schema::map_columns(kind, headers, None);
    let mut pairs: Vec<(f64, usize, usize, String)> = Vec::new();
    let mut vetoed = Vec::new();
    for (fi, spec) in specs.iter().enumerate() {
        let w = want(spec.name);
        for col in 0..headers.len() {
            let (v, v_reason) = value_fit(w, &profiles[col], kind);
            let named_here = header_map.field_of[col] == Some(fi);
            // A few values cannot veto a header naming the field: bad cells are rejected
            // row by row instead.
            let v = if v <= 0.0 && named_here && profiles[col].filled < MIN_VETO_VALUES {
                0.3
            } else {
                v
            };
            if v <= 0.0 {
                if named_here {
                    vetoed.push((col, format!("header suggests {} but {v_reason}", spec.name)));
                }
                continue;
            }
            let (h, h_reason) = header_evidence(kind, fi, col, &header_map, &words[col]);
            let strong_key = matches!(w, Want::AccountKey | Want::SubscriptionKey) && v >= 1.0;
            // A catalogue name carries weak values (bad cells are then rejected row by row);
            // a vocabulary guess needs values that fit.
            let s = if h >= 0.95 || strong_key || h >= 0.4 && v >= 0.5 {
                h + v
            } else if value_decidable(kind, spec.name)
                && v >= if matches!(w, Want::AccountKey | Want::SubscriptionKey) {
                    0.8
                } else {
                    0.7
                }
                && !named[col].iter().any(|n| want(n) != w)
            {
                0.9 * v
            } else {
                continue;
            };
            let reason = if h_reason.is_empty() || h < 0.4 {
                format!("{}: {v_reason}", spec.name)
            } else {
                format!("{}: {h_reason}; {v_reason}", spec.name)
            };
            pairs.push((s, fi, col, reason));
        }
    }
    // Best pairs first; ties keep the catalogue's field order, then the column order.
    crate::sort::sort_by(&mut pairs, |a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut column_of = vec![None; specs.len()];
    let mut field_of = vec![None; headers.len()];
    let mut evidence = vec![None; headers.len()];
    let mut score = 0.0;
    for (s, fi, col, reason) in pairs {
        if column_of[fi].is_some() || field_of[col].is_some() {
            continue;
        }
        // Usage keys on an account or a subscription: one is enough.
        column_of[fi] = Some(col);
        field_of[col] = Some(fi);
        score += specs[fi].weight * s / 2.0;
        evidence[col] = Some((s, reason));
    }
    vetoed.retain(|(col, _)| field_of[*col].is_none());
    // Columns whose header names a field typical of one kind (a rating, a priority, a goal…)
    // that their values fit, left unused by this kind: another kind would explain them.
    let unexplained = (0..headers.len())
        .filter(|&c| {
            field_of[c].is_none()
                && named[c].iter().any(|n| {
                    DISTINCTIVE.contains(n) && value_fit(want(n), &profiles[c], kind).0 >= 0.8
                })
        })
        .count();
    score -= 1.5 * unexplained as f64;
    let mapping = KindMapping {
        kind,
        column_of,
        field_of,
        unknown_override_fields: Vec::new(),
    };
    let key = match kind {
        TableKind::Subscriptions => mapping.column("subscription_id"),
        TableKind::Releases => None,
        _ => mapping
            .column("account_id")
            .or_else(|| mapping.column("subscription_id")),
    };
    let key_repeats = key.map(|c| profiles[c].repeat_share());
    let key_filled = key.map(|c| profiles[c].filled);
    Assignment {
        key_filled,
        mapping,
        evidence,
        vetoed,
        score,
        key_repeats,
    }
}

/// Tables with one row per entity (an account, a subscription); the others record events.
fn is_entity(kind: TableKind) -> bool {
    matches!(kind, TableKind::Accounts | TableKind::Subscriptions)
}

/// Kind score from an assignment: 0 when a required field is missing; the file's shape and
/// name adjust it.
fn kind_score(
    a: &Assignment,
    file_name: &str,
    words: &[HeaderWords],
    reasons: &mut Vec<String>,
) -> f64 {
    let kind = a.mapping.kind;
    if !a.mapping.missing_required().is_empty() || a.score <= 0.0 {
        return 0.0;
    }
    let mut score = a.score;
    let entity = is_entity(kind);
    if let Some(r) = a.key_repeats {
        let rows = a.key_filled.unwrap_or(0);
        if entity && (r > 0.2 && rows >= 20 || r >= 0.5 && rows >= 4) {
            score *= 0.2;
            reasons.push(format!(
                "not {}: its ids repeat on {} of the rows sampled",
                kind_name(kind),
                pct(r)
            ));
        } else if entity && r <= 0.02 {
            score += 2.0;
        } else if !entity && r > 0.2 {
            score += 1.0;
        }
    }
    if kind == TableKind::Releases && a.mapping.field_of.len() > 2 {
        score *= 0.5;
    }
    let lower = file_name.to_lowercase();
    if filename_hints(kind).iter().any(|h| lower.contains(h)) {
        score += 1.5;
    }
    if kind_hint(kind, words) {
        score += 1.5;
    }
    (score * 100.0).round() / 100.0
}

/// Content recognition of one file: `header_rec` is the header-only decision, kept unless the
/// values contradict it.
pub fn recognise(
    file_name: &str,
    headers: &[String],
    profiles: &[ColumnProfile],
    overrides: Option<&MappingOverride>,
    header_rec: Recognition,
    sampled_rows: usize,
) -> (Recognition, RecognitionReport) {
    let words: Vec<HeaderWords> = headers.iter().map(|h| header_words(h)).collect();
    let named: Vec<Vec<&'static str>> = words.iter().map(named_fields).collect();
    let mut notes: Vec<Vec<String>> = Vec::new();
    let mut assignments: Vec<(Assignment, f64)> = Vec::new();
    for kind in ALL_KINDS {
        let a = assign(kind, headers, profiles, &words, &named);
        let mut r = Vec::new();
        let s = kind_score(&a, file_name, &words, &mut r);
        notes.push(r);
        assignments.push((a, s));
    }
    let mut order: Vec<usize> = (0..assignments.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        assignments[b]
            .1
            .partial_cmp(&assignments[a].1)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let scores: Vec<(TableKind, f64)> = order
        .iter()
        .map(|&i| (assignments[i].0.mapping.kind, assignments[i].1))
        .collect();
    let header_kind = header_rec
        .mapping
        .as_ref()
        .filter(|m| m.missing_required().is_empty())
        .map(|m| m.kind);
    let mut reasons = Vec::new();
    let forced = overrides.and_then(|o| o.kind);
    let chosen = if let Some(k) = forced {
        reasons.push(format!("{} chosen by the user", kind_name(k)));
        Some(k)
    } else {
        // A kind chosen by values needs two fields or more and a fair score.
        let best = scores
            .first()
            .filter(|(k, s)| {
                let i = ALL_KINDS.iter().position(|x| x == k).unwrap_or(0);
                *s >= MIN_CONTENT_SCORE
                    && assignments[i].0.mapping.field_of.iter().flatten().count() >= 2
            })
            .map(|(k, _)| *k);
        match header_kind {
            Some(h) => {
                let hi = ALL_KINDS.iter().position(|k| *k == h).unwrap_or(0);
                let header_score = assignments[hi].1;
                let best_score = scores.first().map_or(0.0, |(_, s)| *s);
                // Kept unless the values contradict it or fit another kind far better.
                // Columns the user mapped were part of the header decision: it stands.
                let user_columns = overrides.is_some_and(|o| !o.columns.is_empty());
                // An entity header whose ids are one per row is confirmed by its values: an
                // event kind scoring higher on column words does not overrule it (a per-account
                // snapshot with a CSAT and a date column is still one row per account).
                let header_entity_confirmed = is_entity(h)
                    && assignments[hi].0.key_repeats.is_some_and(|r| r <= 0.02)
                    && assignments[hi].0.key_filled.unwrap_or(0) >= 20
                    && best.is_some_and(|b| !is_entity(b));
                let contradicted = !user_columns
                    && (header_score <= 0.0
                        || !notes[hi].is_empty()
                        || !header_entity_confirmed && best_score >= 1.5 * header_score + 1.0);
                if contradicted && best.is_some_and(|b| b != h) {
                    reasons.push(format!(
                        "the header looked like {}, but the values disagree{}",
                        kind_name(h),
                        notes[hi]
                            .first()
                            .map(|n| format!(" ({n})"))
                            .unwrap_or_default()
                    ));
                    best
                } else {
                    Some(h)
                }
            }
            None => best,
        }
    };
    let Some(kind) = chosen else {
        let report = RecognitionReport {
            confidence: 0.0,
            sampled_rows: sampled_rows as u32,
            scores,
            reasons: vec!["no table kind has its required columns in the header or values".into()],
            columns: Vec::new(),
        };
        return (header_rec, report);
    };
    let ki = ALL_KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    let (mut a, score) = assignments.swap_remove(ki);
    if !a.mapping.missing_required().is_empty() && forced.is_none() {
        // The header's kind is kept, but its values vetoed a required column and no other
        // kind fits: read it as the header says, so that bad cells are rejected row by row.
        if let Some(m) = header_rec.mapping.clone().filter(|m| m.kind == kind) {
            reasons.push("values contradict a required column; read as its header says".into());
            a.evidence = vec![None; headers.len()];
            a.vetoed.clear();
            a.mapping = m;
        }
    }
    let second = scores
        .iter()
        .find(|(k, _)| *k != kind)
        .map_or(0.0, |(_, s)| *s);
    let confidence = if score <= 0.0 {
        0.0
    } else {
        0.5 + 0.5 * ((score - second) / score).clamp(0.0, 1.0)
    };
    if let Some(r) = a.key_repeats {
        reasons.push(if is_entity(kind) {
            format!("one row per id in the {sampled_rows} rows sampled → an entity table")
        } else if r <= 0.02 {
            format!(
                "ids do not repeat in the {sampled_rows} rows sampled, yet the columns fit an event table better"
            )
        } else {
            format!(
                "ids repeat on {} of the {sampled_rows} rows sampled → an event table",
                pct(r)
            )
        });
    }
    reasons.push(format!(
        "{}: score {score}, next {}",
        kind_name(kind),
        scores
            .iter()
            .find(|(k, _)| *k != kind)
            .map(|(k, s)| format!("{} {s}", kind_name(*k)))
            .unwrap_or_default()
    ));
    let mut mapping = a.mapping;
    if let Some(ov) = overrides {
        apply_overrides(&mut mapping, headers, ov);
    }
    let specs = fields(kind);
    let columns = (0..headers.len())
        .map(|col| {
            let field = mapping.field_of[col].map(|f| specs[f].name.to_string());
            let overridden = overrides
                .is_some_and(|o| o.columns.keys().any(|h| h.trim() == headers[col].trim()));
            let (confidence, reason) = if overridden {
                (1.0, "set by the user".to_string())
            } else {
                match (&a.evidence[col], a.vetoed.iter().find(|(c, _)| *c == col)) {
                    (Some((s, r)), _) => ((s / 2.0).min(1.0), r.clone()),
                    (None, Some((_, r))) => (0.0, format!("not used: {r}")),
                    (None, None) => (0.0, "not used: no field fits its header and values".into()),
                }
            };
            ColumnEvidence {
                index: col,
                field,
                confidence: (confidence * 100.0).round() / 100.0,
                reason,
            }
        })
        .collect();
    let report = RecognitionReport {
        confidence: (confidence * 100.0).round() / 100.0,
        sampled_rows: sampled_rows as u32,
        scores,
        reasons,
        columns,
    };
    let recognition = Recognition {
        mapping: Some(mapping),
        candidates: header_rec.candidates,
    };
    (recognition, report)
}
