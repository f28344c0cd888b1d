//! The part of [`Results`] that is not per account, as JSON, with the dictionaries that
//! decode [`AccountColumns`].

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::AccountColumns;
use crate::results::{Flag, Quadrant, Results};

/// `results` without `accounts`, as HTML-safe JSON, plus `dictionaries`: `{ "rejected_rows",
/// "files", "summary", "segments", "healthy_patterns", "backtest", "dictionaries": { "plan":
/// [null, "Pro", …], …, "quadrant": [null, "champion", …], "flag": ["usage_trap", …] } }`. A
/// coded column's label for code `c` is `dictionaries[name][c]`; `flag[k]` is bit `k` of the
/// flag bitmask.
pub fn rest_json(results: &Results, columns: &AccountColumns) -> Result<String, String> {
    let error = |e: serde_json::Error| format!("could not write results: {e}");
    let mut text = serde_json::to_string(&WithoutAccounts(results))
        .map(crate::output::json::html_safe)
        .map_err(error)?;
    if text.pop() != Some('}') {
        return Err("could not write results: not a JSON object".to_string());
    }
    let quadrant: Vec<Option<String>> = std::iter::once(None)
        .chain(Quadrant::ALL.iter().map(|&q| Some(q.id().to_string())))
        .collect();
    let flag: Vec<Option<String>> = Flag::ALL
        .iter()
        .map(|&f| Some(f.id().to_string()))
        .collect();
    let coded = columns.code_columns();
    let named = coded
        .iter()
        .map(|&(name, column)| (name, column.labels.as_slice()))
        .chain([("quadrant", quadrant.as_slice()), ("flag", flag.as_slice())]);
    let mut dictionaries = String::from(",\"dictionaries\":{");
    for (k, (name, labels)) in named.enumerate() {
        if k > 0 {
            dictionaries.push(',');
        }
        dictionaries.push_str(&serde_json::to_string(name).map_err(error)?);
        dictionaries.push(':');
        dictionaries.push_str(&serde_json::to_string(labels).map_err(error)?);
    }
    dictionaries.push_str("}}");
    text.push_str(&crate::output::json::html_safe(dictionaries));
    Ok(text)
}

/// Serialises like `Results` minus `accounts`, through the same per-field serialisers as
/// `Results`' derived impl (so the wasm module compiles no second copy of them).
struct WithoutAccounts<'a>(&'a Results);

impl Serialize for WithoutAccounts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut out = serializer.serialize_struct("Results", 6)?;
        out.serialize_field("rejected_rows", &r.rejected_rows)?;
        out.serialize_field("files", &r.files)?;
        out.serialize_field("summary", &r.summary)?;
        out.serialize_field("segments", &r.segments)?;
        out.serialize_field("healthy_patterns", &r.healthy_patterns)?;
        out.serialize_field("backtest", &r.backtest)?;
        out.end()
    }
}
