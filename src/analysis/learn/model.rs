//! The learned model file: the current model with a first group of the learned measures, each
//! normalised by its learned shape, weighted by its learned share, custom measures declared
//! (Contract A), the churn probability map attached, and the as-of day fixed when a measure
//! counts days since a date (so a later file reads those days exactly as the training did).

use super::shape::Shape;
use super::snapshot::SnapshotLearning;
use crate::dataset::{day_to_iso, Day};
use crate::domain::measure::{Measure, ValueKind};
use crate::model::config::{Group, MeasureWeight, Model, Normalize};
use crate::model::measures::{CategoryScores, CustomMeasure};
use crate::model::probability::ChurnProbability;

/// Id of the one group a learned model has.
pub const GROUP: &str = "learned";

fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

/// The 0–100 normalisation of a shape: 100 at its least risky value, 0 at its riskiest,
/// linear in the learned log-odds in between.
pub fn normalize(shape: &Shape) -> Normalize {
    let (lo, hi) = shape.range();
    let score = |v: f64| {
        if hi > lo {
            round(100.0 * (hi - v) / (hi - lo), 4)
        } else {
            50.0
        }
    };
    match shape {
        Shape::Points { points } => Normalize::Thresholds {
            points: points.iter().map(|p| [p[0], score(p[1])]).collect(),
        },
        Shape::Categories {
            values,
            names,
            other,
        } => Normalize::Categories {
            scores: CategoryScores(
                values
                    .iter()
                    .zip(names)
                    .filter_map(|(v, n)| v.map(|v| (n.clone(), score(v))))
                    .collect(),
            ),
            other: Some(score(*other)),
        },
    }
}

/// Builds the learned model from `current` (bands, flags, playbooks… kept) and a learning
/// run; `as_of` is the day the learning counted days-since measures to.
pub fn learned_model(
    current: &Model,
    learned: &SnapshotLearning,
    as_of: Day,
) -> Result<Model, String> {
    let mut model = current.clone();
    let mut measures = Vec::new();
    let mut declared: Vec<CustomMeasure> = Vec::new();
    for m in &learned.measures {
        let id = Measure::named(&m.id)?;
        if m.builtin {
            // A measure of the current model: keep its declaration if it is a custom one.
            if let Some(c) = current.custom_measure(id) {
                declared.push(c.clone());
            }
        } else {
            declared.push(CustomMeasure {
                id,
                label: Some(m.header.clone()),
                table: "accounts".into(),
                column: m.header.clone(),
                value: m.value,
                unit: None,
                description: Some(format!(
                    "Learned from {}: {}; {:.1}% of the score with every input present.",
                    m.file.as_deref().unwrap_or("the accounts table"),
                    m.direction,
                    m.share * 100.0
                )),
                family: None,
            });
        }
        measures.push(MeasureWeight {
            measure: id,
            weight: round(m.share * 100.0, 6),
            normalize: normalize(&m.shape),
            by_stage: Default::default(),
        });
    }
    if measures.is_empty() {
        return Err("no measure was learned: nothing to write".into());
    }
    model.measures = declared;
    // The current groups stay with weight 0: they no longer count in the score, but the
    // quadrant indexes and the explanations still find their measures' normalisations.
    let learned_ids: Vec<Measure> = measures.iter().map(|m| m.measure).collect();
    let mut groups = vec![Group {
        id: GROUP.into(),
        label: "Learned from churn".into(),
        weight: 100.0,
        measures,
    }];
    for g in &current.groups {
        let mut g = g.clone();
        g.measures.retain(|m| !learned_ids.contains(&m.measure));
        g.weight = 0.0;
        if !g.measures.is_empty() && g.id != GROUP {
            groups.push(g);
        }
    }
    model.groups = groups;
    model.version = format!("{}-learned", current.version);
    if learned
        .measures
        .iter()
        .any(|m| m.value == ValueKind::DaysSince)
    {
        model.as_of = Some(day_to_iso(as_of));
    }
    model.churn_probability = learned.platt.map(|p| ChurnProbability {
        method: "platt".into(),
        intercept: round(p.intercept, 9),
        slope: round(p.slope, 9),
        fitted_on: format!(
            "out-of-fold scores of {} labelled accounts ({} churned), {} stratified folds",
            learned.labelled, learned.churned, learned.folds
        ),
    });
    model
        .validate()
        .map_err(|p| format!("the learned model is invalid: {}", p.join("; ")))?;
    Ok(model)
}
