//! Which lifecycle stage an account is in at the date its measures were computed, and how a
//! component's explanation names the stage thresholds applied.
//!
//! The stage follows the tenure of that date, so the previous period (trend) and backtest
//! cut-offs use the stage the account was in back then.

use crate::metrics::AccountMeasures;
use crate::model::config::{MeasureWeight, Model, Normalize};
use crate::model::lifecycle::Stage;

/// The account's stage, `None` when the model has no stages or its tenure is unknown.
pub fn stage_of<'m>(model: &'m Model, account: &AccountMeasures) -> Option<&'m Stage> {
    let lifecycle = model.lifecycle.as_ref()?;
    lifecycle.stage_at(account.tenure?.days)
}

/// What a component's evidence adds about the normalisation applied: the stage override
/// and the tenure behind it, or that tenure is unknown where an override would apply.
/// Empty when the measure has no stage overrides.
pub fn evidence_note(
    mw: &MeasureWeight,
    account: &AccountMeasures,
    stage: Option<&Stage>,
) -> String {
    if mw.by_stage.is_empty() {
        return String::new();
    }
    let Some(tenure) = account.tenure else {
        return "; default normalisation: tenure unknown (no start date, subscription or activity)"
            .into();
    };
    let since = format!(
        "tenure {} days from the {}",
        tenure.days,
        tenure.source.describe()
    );
    match mw.normalize_in(stage) {
        (Normalize::Thresholds { .. }, Some(s)) => {
            format!("; {} stage thresholds applied ({since})", s.label)
        }
        (Normalize::Percentile { .. }, Some(s)) => {
            format!("; ranked among {} stage accounts ({since})", s.label)
        }
        (Normalize::Categories { .. }, Some(s)) => {
            format!("; {} stage category scores applied ({since})", s.label)
        }
        (_, None) => match stage {
            Some(s) => format!(
                "; default normalisation: no {} stage override ({since})",
                s.label
            ),
            None => String::new(),
        },
    }
}
