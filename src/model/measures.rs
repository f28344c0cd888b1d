//! Custom measures (Contract A): measures a model declares on a column of the accounts
//! table, beside the built-in catalogue, and the model's view of both.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::measure::{
    is_snake_case, Direction, Family, Measure, MeasureDef, Source, ValueKind, BUILTINS,
};
use crate::model::config::{Model, Normalize};

/// A measure bound to a column, declared in the model's top-level `measures`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomMeasure {
    /// snake_case, unique, not a built-in id.
    pub id: Measure,
    /// Display title; the id when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The table holding the column (only `"accounts"` for now).
    pub table: String,
    /// The header as written in the file, matched after header normalisation (case,
    /// spaces, punctuation).
    pub column: String,
    /// How cells become values.
    pub value: ValueKind,
    /// Unit of the raw value; [`ValueKind::default_unit`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Family for the results' breakdown; data-driven when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<Family>,
}

impl CustomMeasure {
    /// The definition the rest of the engine reads.
    pub fn def(&self) -> MeasureDef<'_> {
        let label = self.label.as_deref().unwrap_or(self.id.id());
        MeasureDef {
            id: self.id,
            label,
            phrase: label,
            family: self.family.unwrap_or(Family::DataDriven),
            unit: self.unit.as_deref().unwrap_or(self.value.default_unit()),
            direction: Direction::SetByNormalisation,
            source: Source::Column {
                table: &self.table,
                column: &self.column,
                value: self.value,
            },
            description: self.description.as_deref().unwrap_or(""),
        }
    }
}

/// Per-category scores of the `categories` normalisation, in the order written (a JSON
/// object `{ "category": score }`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CategoryScores(pub Vec<(String, f64)>);

impl CategoryScores {
    /// The score of `text`, matched case-insensitively after trimming.
    pub fn get(&self, text: &str) -> Option<f64> {
        let key = fold(text);
        self.0.iter().find(|(k, _)| fold(k) == key).map(|(_, s)| *s)
    }
}

/// The matching form of a category: trimmed, lower-cased.
pub fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

impl Serialize for CategoryScores {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for CategoryScores {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = CategoryScores;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of category → score")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<CategoryScores, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, f64>()? {
                    out.push((k, v));
                }
                Ok(CategoryScores(out))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

impl Model {
    /// The definition of `measure`: built in, or declared in the model's `measures`.
    pub fn measure_def(&self, measure: Measure) -> Option<MeasureDef<'_>> {
        match measure.builtin() {
            Some(d) => Some(*d),
            None => self.custom_measure(measure).map(CustomMeasure::def),
        }
    }

    /// The model's declaration of a custom measure.
    pub fn custom_measure(&self, measure: Measure) -> Option<&CustomMeasure> {
        self.measures.iter().find(|c| c.id == measure)
    }

    /// Every measure the model can use: the built-ins, then its custom measures.
    pub fn catalogue(&self) -> impl Iterator<Item = MeasureDef<'_>> {
        BUILTINS
            .iter()
            .copied()
            .chain(self.measures.iter().map(CustomMeasure::def))
    }

    /// The phrase used for `measure` in sentences (its id when unknown).
    pub fn phrase(&self, measure: Measure) -> &str {
        self.measure_def(measure).map_or(measure.id(), |d| d.phrase)
    }
}

/// Problems of the `measures` declarations and of how groups use custom measures.
pub fn check(model: &Model, problems: &mut Vec<String>) {
    let mut seen = std::collections::BTreeSet::new();
    for c in &model.measures {
        let at = format!("measures: '{}'", c.id);
        if !is_snake_case(c.id.id()) {
            problems.push(format!(
                "{at}: ids are snake_case (lower-case letters, digits and _, starting with a letter)"
            ));
        }
        if c.id.builtin().is_some() {
            problems.push(format!(
                "{at}: this id is a built-in measure; give the custom measure another id"
            ));
        } else if !seen.insert(c.id) {
            problems.push(format!("{at}: declared more than once"));
        }
        if !c.table.trim().eq_ignore_ascii_case("accounts") {
            problems.push(format!(
                "{at}: table '{}' is not supported (custom measures read a column of the accounts table)",
                c.table
            ));
        }
        if c.column.trim().is_empty() {
            problems.push(format!("{at}: column is empty"));
        }
    }
    for g in &model.groups {
        for mw in &g.measures {
            let at = format!("group '{}', measure '{}'", g.id, mw.measure);
            let Some(def) = model.measure_def(mw.measure) else {
                problems.push(format!(
                    "{at}: unknown measure (neither built in nor declared under \"measures\")"
                ));
                continue;
            };
            let categorical = matches!(
                def.source,
                Source::Column {
                    value: ValueKind::Category,
                    ..
                }
            );
            let rules = std::iter::once((String::new(), &mw.normalize)).chain(
                mw.by_stage
                    .iter()
                    .map(|(s, n)| (format!(", by_stage '{s}'"), n)),
            );
            for (stage, rule) in rules {
                let at = format!("{at}{stage}");
                match rule {
                    Normalize::Categories { scores, other } => {
                        check_categories(&at, scores, *other, problems)
                    }
                    _ if categorical => problems.push(format!(
                        "{at}: the measure holds categories; normalise it with the \"categories\" method"
                    )),
                    _ => {}
                }
            }
        }
    }
}

fn check_categories(
    at: &str,
    scores: &CategoryScores,
    other: Option<f64>,
    problems: &mut Vec<String>,
) {
    if scores.0.is_empty() {
        problems.push(format!(
            "{at}: the categories method needs at least one category score"
        ));
    }
    let mut keys = std::collections::BTreeSet::new();
    for (k, v) in &scores.0 {
        if !(v.is_finite() && (0.0..=100.0).contains(v)) {
            problems.push(format!("{at}: category '{k}' score must be within 0–100"));
        }
        if !keys.insert(fold(k)) {
            problems.push(format!(
                "{at}: category '{k}' is listed more than once (categories match ignoring case and surrounding spaces)"
            ));
        }
    }
    if let Some(v) = other {
        if !(v.is_finite() && (0.0..=100.0).contains(&v)) {
            problems.push(format!("{at}: \"other\" must be within 0–100"));
        }
    }
}
