//! The words the product shows: labels, colours and descriptions of quadrants, flags, bands,
//! measures, segment dimensions and table kinds.
//!
//! One table for every surface: the app and the embeddable widget (both through the bindings'
//! `vocabulary()`) and the exports. The words of quadrants, flags and measures are the domain
//! layer's (`domain::{quadrant, flag, measure}`); segment dimensions and table kinds are named
//! here. Ids stay the machine names used in models and results. Bands and custom measures
//! belong to a model, so [`vocabulary`] takes the model whose words are wanted.

use serde::Serialize;

use crate::ingest::report::TableKind;
use crate::ingest::schema::{fields, kind_name, ALL_KINDS};
use crate::domain::measure::Family;
use crate::model::config::Model;
use crate::domain::flag::{Flag, FlagInfo};
use crate::domain::quadrant::{Quadrant, QuadrantInfo};

/// One named thing: its id, the label a person reads, and a sentence saying what it means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub id: String,
    pub label: String,
    pub description: String,
}

/// A health band of the model: label, colour and lowest score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandTerm {
    pub id: String,
    pub label: String,
    pub color: String,
    pub min: f64,
}

/// A measure: label, unit, family and what it measures (from the measure catalogue,
/// `domain::measure`, and the model's custom measures).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureTerm {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub family: Family,
    pub description: String,
    /// Declared by the model (bound to a column), not built in.
    pub custom: bool,
}

/// A table kind: its words and the fields it understands (for the mapping dropdowns).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableTerm {
    pub id: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub fields: Vec<FieldTerm>,
}

/// One field of a table kind, as the mapping names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldTerm {
    pub name: &'static str,
    pub required: bool,
}

/// Everything the browser needs to name what it shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vocabulary {
    /// In display order (champion, under-user, cry for help, at risk): plural heading
    /// (`label`), chip text (`short`), axes and colour.
    pub quadrants: Vec<QuadrantInfo>,
    /// In evaluation order: label and a one-line hint.
    pub flags: Vec<FlagInfo>,
    /// The model's bands, lowest first.
    pub bands: Vec<BandTerm>,
    /// Built-in measures in display order, then the model's custom measures.
    pub measures: Vec<MeasureTerm>,
    pub segment_dimensions: Vec<Term>,
    pub table_kinds: Vec<TableTerm>,
    /// The default share of the model's weight below which a score is marked low coverage
    /// (the page may set its own per device).
    pub low_coverage_below: f64,
}

/// (id, label, description) of a segment dimension, in display order.
const SEGMENT_DIMENSIONS: [(&str, &str, &str); 5] = [
    ("arr_tier", "ARR tier", "Accounts grouped by the model's ARR tiers."),
    ("region", "Region", "The region or country in the accounts table."),
    ("size_tier", "Company size", "Accounts grouped by the model's company-size tiers."),
    ("plan", "Plan", "The plan in the accounts or subscriptions table."),
    ("lifecycle_stage", "Lifecycle stage", "The model's lifecycle stage, by tenure."),
];

/// (label, description) of a table kind.
fn table_words(kind: TableKind) -> (&'static str, &'static str) {
    match kind {
        TableKind::Accounts => ("Accounts", "One row per customer."),
        TableKind::Subscriptions => ("Subscriptions", "One row per contract line."),
        TableKind::Usage => ("Product usage", "Usage events or daily counts."),
        TableKind::Surveys => ("Surveys (CSAT / NPS)", "Survey answers."),
        TableKind::Tickets => ("Support tickets", "One row per support ticket."),
        TableKind::Goals => ("Goals & milestones", "The customer's goals and milestones."),
        TableKind::Touchpoints => ("CSM touchpoints", "Calls, emails, meetings and QBRs."),
        TableKind::Releases => ("Releases", "Product release dates."),
        TableKind::ChurnEvents => ("Churn events", "Recorded churn outcomes."),
    }
}

fn term(id: &str, label: &str, description: &str) -> Term {
    Term {
        id: id.to_string(),
        label: label.to_string(),
        description: description.to_string(),
    }
}

/// The label of a band id in `model` (the id itself when the model has no such band).
pub fn band_label<'a>(model: &'a Model, id: &'a str) -> &'a str {
    model
        .bands
        .iter()
        .find(|b| b.id == id)
        .map_or(id, |b| b.label.as_str())
}

/// The vocabulary for `model` (its bands and custom measures; built-ins for everything else).
pub fn vocabulary(model: &Model) -> Vocabulary {
    Vocabulary {
        quadrants: Quadrant::ALL.iter().map(|q| *q.info()).collect(),
        flags: Flag::ALL.iter().map(|f| *f.info()).collect(),
        bands: model
            .bands
            .iter()
            .map(|b| BandTerm {
                id: b.id.clone(),
                label: b.label.clone(),
                color: b.color.clone(),
                min: b.min,
            })
            .collect(),
        measures: model
            .catalogue()
            .map(|d| MeasureTerm {
                id: d.id.id().to_string(),
                label: d.label.to_string(),
                unit: d.unit.to_string(),
                family: d.family,
                description: d.description.to_string(),
                custom: d.id.builtin().is_none(),
            })
            .collect(),
        segment_dimensions: SEGMENT_DIMENSIONS
            .iter()
            .map(|&(id, label, description)| term(id, label, description))
            .collect(),
        table_kinds: ALL_KINDS
            .iter()
            .map(|&k| {
                let (label, description) = table_words(k);
                TableTerm {
                    id: kind_name(k),
                    label,
                    description,
                    fields: fields(k)
                        .iter()
                        .map(|f| FieldTerm {
                            name: f.name,
                            required: f.required,
                        })
                        .collect(),
                }
            })
            .collect(),
        low_coverage_below: crate::domain::coverage::LOW_COVERAGE_BELOW,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measure::BUILTINS;

    /// The id a serde-serialised value carries (`"under_user"` for `Quadrant::UnderUser`).
    fn serde_id<T: Serialize>(value: T) -> &'static str {
        let text = serde_json::to_value(value).unwrap().as_str().unwrap().to_string();
        Box::leak(text.into_boxed_str())
    }

    #[test]
    fn ids_are_the_ids_results_carry() {
        let v = vocabulary(&Model::default());
        let quadrants: Vec<&str> = v.quadrants.iter().map(|q| q.id).collect();
        assert_eq!(quadrants, Quadrant::ALL.map(serde_id));
        let flags: Vec<&str> = v.flags.iter().map(|f| f.id).collect();
        assert_eq!(flags, Flag::ALL.map(serde_id));
        let measure_ids: Vec<&str> = v.measures.iter().map(|m| m.id.as_str()).collect();
        let expected: Vec<&str> = BUILTINS.iter().map(|d| d.id.id()).collect();
        assert_eq!(measure_ids, expected);
        let kinds: Vec<&str> = v.table_kinds.iter().map(|t| t.id).collect();
        assert_eq!(kinds, ALL_KINDS.map(kind_name));
        let accounts = &v.table_kinds[0].fields;
        assert_eq!((accounts[0].name, accounts[0].required), ("account_id", true));
    }

    #[test]
    fn every_label_is_unique_readable_and_not_an_id() {
        let v = vocabulary(&Model::default());
        let lists: Vec<Vec<(&str, &str, &str)>> = vec![
            v.quadrants.iter().map(|q| (q.id, q.short, q.axis)).collect(),
            v.quadrants.iter().map(|q| (q.id, q.label, q.axis)).collect(),
            v.flags.iter().map(|t| (t.id, t.label, t.hint)).collect(),
            v.measures
                .iter()
                .map(|t| (t.id.as_str(), t.label.as_str(), t.description.as_str()))
                .collect(),
            v.segment_dimensions
                .iter()
                .map(|t| (t.id.as_str(), t.label.as_str(), t.description.as_str()))
                .collect(),
            v.table_kinds
                .iter()
                .map(|t| (t.id, t.label, t.description))
                .collect(),
        ];
        for list in lists {
            let mut labels: Vec<&str> = list.iter().map(|t| t.1).collect();
            labels.sort_unstable();
            labels.dedup();
            assert_eq!(labels.len(), list.len(), "labels repeat in {list:?}");
            for (id, label, description) in list {
                assert!(!label.contains('_'), "{id}: label {label:?} looks like an id");
                assert!(description.len() > 5, "{id}: no description");
            }
        }
    }

    #[test]
    fn custom_measures_of_the_model_are_named_too() {
        let model = Model::from_json(
            &crate::model::config::DEFAULT_MODEL_JSON.replacen(
                "{",
                r#"{ "measures": [ { "id": "monthly_charges", "label": "Monthly charges",
                    "table": "accounts", "column": "MonthlyCharges", "value": "number",
                    "unit": "USD/month", "description": "What the customer pays a month." } ],"#,
                1,
            ),
        )
        .unwrap();
        let v = vocabulary(&model);
        let last = v.measures.last().unwrap();
        assert_eq!(
            (last.id.as_str(), last.label.as_str(), last.unit.as_str(), last.custom),
            ("monthly_charges", "Monthly charges", "USD/month", true)
        );
        assert_eq!(v.measures.len(), BUILTINS.len() + 1);
        assert!(v.measures[..BUILTINS.len()].iter().all(|m| !m.custom));
    }

    #[test]
    fn bands_follow_the_model() {
        let mut model = Model::default();
        let v = vocabulary(&model);
        assert_eq!(v.bands.len(), model.bands.len());
        assert_eq!(band_label(&model, "fair"), "Watch");
        model.bands[2].label = "Keep an eye on".into();
        assert_eq!(vocabulary(&model).bands[2].label, "Keep an eye on");
        assert_eq!(band_label(&model, "no_such_band"), "no_such_band");
    }

    #[test]
    fn quadrant_colours_are_dark_enough_for_white_text() {
        // WCAG relative luminance; white text needs a contrast of at least 4.5:1.
        fn luminance(hex: &str) -> f64 {
            let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
            let channel = |c: u32| {
                let s = f64::from(c) / 255.0;
                if s <= 0.03928 {
                    s / 12.92
                } else {
                    ((s + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(v >> 16 & 255) + 0.7152 * channel(v >> 8 & 255) + 0.0722 * channel(v & 255)
        }
        for q in vocabulary(&Model::default()).quadrants {
            // The widget's chips print white on the quadrant colour.
            let contrast = 1.05 / (luminance(q.color) + 0.05);
            assert!(contrast >= 4.5, "{}: {contrast:.2}", q.id);
        }
    }
}
