//! Mappings that stick: a mapping confirmed by the user is saved as a profile keyed by the
//! file's header signature, and applied to later files with the same or similar headers —
//! whatever the file is called and in whatever order its columns come. Profiles are plain JSON
//! (exported and imported by the page, read by the CLI's `--mapping profile.json`).
//!
//! Matching: headers are compared after the engine's header normalisation (case, spaces,
//! punctuation); a profile applies when at least [`MIN_SIMILARITY`] of the union of both
//! header sets is shared (Jaccard), the best such profile winning. Its column and scale entries
//! are carried over to the file's own header spellings; entries whose column the file lacks
//! are reported.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::report::{MappingOverride, TableKind};
use super::schema::normalise_header;

/// Share of headers (over the union of both sets) a file must share with a profile.
pub const MIN_SIMILARITY: f64 = 0.6;

/// A saved mapping for files with one header signature. Written with serde; read by
/// [`parse_profiles`] (one JSON reader for the engine: no second deserialiser in the module).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MappingProfile {
    /// A name for people ("CRM accounts export").
    pub name: String,
    /// The headers of the file the mapping was confirmed on, as written.
    pub headers: Vec<String>,
    /// The table kind, when the user forced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<TableKind>,
    /// Header → field (`""`/`"ignore"`: not used).
    pub columns: BTreeMap<String, String>,
    /// Header (or `header#kind`) → rating scale id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub scales: BTreeMap<String, String>,
}

/// A file of profiles, as exported for a team.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProfileSet {
    /// Format version (1).
    pub customer_health_mappings: u32,
    pub profiles: Vec<MappingProfile>,
}

/// Reads a profile file: a [`ProfileSet`] (`{"profiles": [...]}`), an array of profiles, or
/// one profile. Each profile's kind, columns and scales are read as a [`MappingOverride`].
pub fn parse_profiles(text: &str) -> Result<Vec<MappingProfile>, String> {
    let bad = |e: String| format!("not a mapping profile file ({{\"profiles\": [...]}}): {e}");
    let value: Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let list = match &value {
        Value::Array(list) => list.as_slice(),
        Value::Object(o) => match o.get("profiles") {
            Some(Value::Array(list)) => list.as_slice(),
            Some(_) => return Err(bad("'profiles' is not a list".into())),
            None => std::slice::from_ref(&value),
        },
        _ => return Err(bad("not an object or a list".into())),
    };
    list.iter()
        .enumerate()
        .map(|(i, v)| profile_of(v).map_err(|e| bad(format!("profile {}: {e}", i + 1))))
        .collect()
}

fn profile_of(v: &Value) -> Result<MappingProfile, String> {
    let headers = v["headers"]
        .as_array()
        .ok_or("it has no 'headers' list")?
        .iter()
        .map(|h| h.as_str().map(String::from).ok_or("a header is not text"))
        .collect::<Result<Vec<_>, _>>()?;
    let mapping: MappingOverride =
        serde_json::from_str(&v.to_string()).map_err(|e| e.to_string())?;
    Ok(MappingProfile {
        name: v["name"].as_str().unwrap_or_default().to_string(),
        headers,
        kind: mapping.kind,
        columns: mapping.columns,
        scales: mapping.scales,
    })
}

/// Writes profiles as a [`ProfileSet`] (pretty JSON).
pub fn write_profiles(profiles: &[MappingProfile]) -> String {
    let set = ProfileSet {
        customer_health_mappings: 1,
        profiles: profiles.to_vec(),
    };
    serde_json::to_string_pretty(&set).unwrap_or_default()
}

impl MappingProfile {
    /// A profile from a file's headers and the mapping the user confirmed for it.
    pub fn from_override(name: &str, headers: &[String], mapping: &MappingOverride) -> Self {
        MappingProfile {
            name: name.to_string(),
            headers: headers.to_vec(),
            kind: mapping.kind,
            columns: mapping.columns.clone(),
            scales: mapping.scales.clone(),
        }
    }

    /// Share of headers shared with `headers` (Jaccard over normalised headers).
    pub fn similarity(&self, headers: &[String]) -> f64 {
        let mine = normalised_set(&self.headers);
        let theirs = normalised_set(headers);
        let shared = mine.iter().filter(|h| theirs.contains(h)).count();
        let union = mine.len() + theirs.len() - shared;
        if union == 0 {
            0.0
        } else {
            shared as f64 / union as f64
        }
    }
}

fn normalised_set(headers: &[String]) -> Vec<String> {
    let mut set: Vec<String> = headers
        .iter()
        .map(|h| normalise_header(h))
        .filter(|h| !h.is_empty())
        .collect();
    crate::sort::sort(&mut set);
    set.dedup();
    set
}

/// A profile chosen for a file, turned into that file's mapping override.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The override, keyed by the file's own header spellings.
    pub mapping: MappingOverride,
    /// What the report says: the profile's name, how well it matched, what could not apply.
    pub description: String,
}

/// The best profile for a file with `headers`, applied to them; `None` when none is similar
/// enough.
pub fn choose(profiles: &[MappingProfile], headers: &[String]) -> Option<Applied> {
    let (best, similarity) = profiles
        .iter()
        .map(|p| (p, p.similarity(headers)))
        .filter(|(_, s)| *s >= MIN_SIMILARITY)
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let by_norm = |key: &str| -> Option<String> {
        let (header, suffix) = match key.split_once('#') {
            Some((h, s)) => (h, Some(s)),
            None => (key, None),
        };
        let norm = normalise_header(header);
        let found = headers.iter().find(|h| normalise_header(h) == norm)?;
        Some(match suffix {
            Some(s) => format!("{found}#{s}"),
            None => found.clone(),
        })
    };
    let mut mapping = MappingOverride {
        kind: best.kind,
        ..Default::default()
    };
    let mut missing: Vec<&str> = Vec::new();
    for (header, field) in &best.columns {
        match by_norm(header) {
            Some(h) => {
                mapping.columns.insert(h, field.clone());
            }
            None => missing.push(header),
        }
    }
    for (header, scale) in &best.scales {
        match by_norm(header) {
            Some(h) => {
                mapping.scales.insert(h, scale.clone());
            }
            None => missing.push(header),
        }
    }
    let mine = normalised_set(&best.headers);
    let shared = normalised_set(headers)
        .iter()
        .filter(|h| mine.contains(h))
        .count();
    let mut description = format!(
        "saved mapping '{}' applied: {shared} of this file's {} headers match it ({:.0} % similar)",
        best.name,
        headers.len(),
        similarity * 100.0
    );
    if !missing.is_empty() {
        description.push_str(&format!(
            "; not in this file, so not applied: {}",
            missing.join(", ")
        ));
    }
    Some(Applied {
        mapping,
        description,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn profile() -> MappingProfile {
        let mut mapping = MappingOverride::default();
        mapping.columns.insert("Cust".into(), "account_id".into());
        mapping.columns.insert("Sat".into(), "csat".into());
        mapping.scales.insert("Sat".into(), "one_to_five".into());
        MappingProfile::from_override("crm", &h(&["Cust", "Sat", "Rev", "Owner"]), &mapping)
    }

    #[test]
    fn a_profile_follows_its_columns_in_any_order_and_spelling() {
        let applied = choose(&[profile()], &h(&["owner", "SAT", "cust", "rev"])).unwrap();
        assert_eq!(
            applied.mapping.columns.get("cust").map(String::as_str),
            Some("account_id")
        );
        assert_eq!(
            applied.mapping.columns.get("SAT").map(String::as_str),
            Some("csat")
        );
        assert_eq!(
            applied.mapping.scales.get("SAT").map(String::as_str),
            Some("one_to_five")
        );
        assert!(applied.description.contains("4 of this file's 4 headers"));
    }

    #[test]
    fn similar_headers_match_and_different_ones_do_not() {
        // One column more: 4 of 5 shared (80 %).
        let applied = choose(&[profile()], &h(&["Cust", "Sat", "Rev", "Owner", "Region"]));
        assert!(applied.is_some());
        // A mapped column renamed away: still similar (3 of 5), the missing entry reported.
        let applied = choose(&[profile()], &h(&["Cust", "Rev", "Owner", "Satisfaction"])).unwrap();
        assert!(
            applied.description.contains("not applied: Sat"),
            "{}",
            applied.description
        );
        assert!(choose(&[profile()], &h(&["a", "b", "Cust"])).is_none());
    }

    #[test]
    fn profile_files_round_trip_and_accept_plain_lists() {
        let text = write_profiles(&[profile()]);
        assert_eq!(parse_profiles(&text).unwrap(), vec![profile()]);
        let list = serde_json::to_string(&vec![profile()]).unwrap();
        assert_eq!(parse_profiles(&list).unwrap(), vec![profile()]);
        assert!(parse_profiles("{\"nope\": 1}").is_err());
    }
}
