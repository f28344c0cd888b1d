//! JSON input: an array of objects, or an object holding one under `rows` or `data`. Keys act
//! as headers (union in first-seen order); each object becomes one record whose "line" is its
//! 1-based position in the array.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

/// One array item: an object's key/value pairs in file order, or a non-object item.
#[derive(Debug)]
pub enum JsonItem {
    /// An object, keys in the order written.
    Object(Vec<(String, Value)>),
    /// Anything else (a number, string, array…), which cannot be a row.
    NotObject,
}

impl<'de> Deserialize<'de> for JsonItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = JsonItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonItem, A::Error> {
                let mut pairs = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    pairs.push((k, v));
                }
                Ok(JsonItem::Object(pairs))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonItem, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(JsonItem::NotObject)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<JsonItem, E> {
                Ok(JsonItem::NotObject)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<JsonItem, E> {
                Ok(JsonItem::NotObject)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<JsonItem, E> {
                Ok(JsonItem::NotObject)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<JsonItem, E> {
                Ok(JsonItem::NotObject)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<JsonItem, E> {
                Ok(JsonItem::NotObject)
            }
            fn visit_unit<E: de::Error>(self) -> Result<JsonItem, E> {
                Ok(JsonItem::NotObject)
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

/// `{ "rows": [...] }` or `{ "data": [...] }`.
struct Wrapped(Option<Vec<JsonItem>>);

impl<'de> Deserialize<'de> for Wrapped {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WrapVisitor;
        impl<'de> Visitor<'de> for WrapVisitor {
            type Value = Wrapped;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object with a \"rows\" or \"data\" array")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wrapped, A::Error> {
                let mut rows = None;
                while let Some(key) = map.next_key::<String>()? {
                    let k = key.to_lowercase();
                    if rows.is_none() && (k == "rows" || k == "data") {
                        rows = Some(map.next_value::<Vec<JsonItem>>()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(Wrapped(rows))
            }
        }
        deserializer.deserialize_map(WrapVisitor)
    }
}

/// A JSON file as a table: headers and rows of cell texts aligned to them (`None` = the item
/// was not an object).
#[derive(Debug, Default)]
pub struct JsonTable {
    /// Union of keys in first-seen order.
    pub headers: Vec<String>,
    /// One entry per array item.
    pub rows: Vec<Option<Vec<String>>>,
}

/// Renders a JSON value as cell text: strings as is, null as blank, others as JSON.
fn cell_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Deepest nesting of objects flattened into `a.b.c` columns in JSON Lines.
const FLATTEN_DEPTH: usize = 3;

/// JSON Lines (one object per line, as Mixpanel's and Amplitude's raw exports write them):
/// each object is a record; nested objects (`"properties": {"time": …}`) are flattened into
/// `properties.time` columns, up to [`FLATTEN_DEPTH`] levels; arrays stay JSON text.
fn json_lines(bytes: &[u8]) -> Result<Vec<JsonItem>, String> {
    let mut items = Vec::new();
    for item in serde_json::Deserializer::from_slice(bytes).into_iter::<JsonItem>() {
        let item = item.map_err(|e| format!("invalid JSON Lines: {e}"))?;
        items.push(match item {
            JsonItem::Object(pairs) => {
                let mut flat = Vec::with_capacity(pairs.len());
                flatten(String::new(), pairs, 0, &mut flat);
                JsonItem::Object(flat)
            }
            other => other,
        });
    }
    Ok(items)
}

fn flatten(
    prefix: String,
    pairs: Vec<(String, Value)>,
    depth: usize,
    out: &mut Vec<(String, Value)>,
) {
    for (k, v) in pairs {
        let key = if prefix.is_empty() {
            k
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Object(map) if depth < FLATTEN_DEPTH && !map.is_empty() => {
                flatten(key, map.into_iter().collect(), depth + 1, out)
            }
            other => out.push((key, other)),
        }
    }
}

/// Parses a whole JSON document into a table, or explains why it cannot be one.
pub fn parse_json_table(bytes: &[u8]) -> Result<JsonTable, String> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let items: Vec<JsonItem> = match first {
        Some(b'[') => serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?,
        Some(b'{') => match serde_json::from_slice::<Wrapped>(bytes) {
            Ok(wrapped) => wrapped
                .0
                .ok_or("JSON object has no \"rows\" or \"data\" array of records")?,
            // Several objects one after the other: JSON Lines (event exports).
            Err(e) if e.is_syntax() && e.to_string().contains("trailing characters") => {
                json_lines(bytes)?
            }
            Err(e) => return Err(format!("invalid JSON: {e}")),
        },
        _ => return Err("not a JSON array or object".into()),
    };
    let mut headers: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for item in &items {
        if let JsonItem::Object(pairs) = item {
            for (k, _) in pairs {
                if !index.contains_key(k) {
                    index.insert(k.clone(), headers.len());
                    headers.push(k.clone());
                }
            }
        }
    }
    if headers.len() > super::MAX_COLUMNS {
        return Err(format!(
            "the JSON records have {} distinct keys; at most {} columns can be read",
            headers.len(),
            super::MAX_COLUMNS
        ));
    }
    // Records are made dense (one cell per key): refuse when that would be far larger than
    // the file itself (many records with different keys), instead of running out of memory.
    let cells = headers.len().saturating_mul(items.len());
    if cells > 1_000_000 + 2 * bytes.len() {
        return Err(format!(
            "the JSON records use {} different keys across {} records, too sparse to read as one table; export a table whose records share their keys",
            headers.len(),
            items.len()
        ));
    }
    let rows = items
        .into_iter()
        .map(|item| match item {
            JsonItem::Object(pairs) => {
                let mut cells = vec![String::new(); headers.len()];
                for (k, v) in pairs {
                    cells[index[&k]] = cell_text(&v);
                }
                Some(cells)
            }
            JsonItem::NotObject => None,
        })
        .collect();
    Ok(JsonTable { headers, rows })
}

/// Feeds a parsed JSON table to a file's record sink: its keys as the header record, each
/// object as a record whose line is its 1-based position; non-objects are rejected rows.
pub(super) fn ingest_json(sink: &mut super::file::RecordSink<'_>, text: &[u8]) {
    use super::csv::Record;
    let table = match parse_json_table(text) {
        Ok(t) => t,
        Err(e) => {
            sink.reporter.report.error = Some(e);
            return;
        }
    };
    let mut bytes = Vec::new();
    let mut ends = Vec::new();
    for h in &table.headers {
        bytes.extend_from_slice(h.as_bytes());
        ends.push(bytes.len());
    }
    sink.record(Record::new(&bytes, &ends, 0));
    for (i, row) in table.rows.iter().enumerate() {
        let line = i as u64 + 1;
        match row {
            Some(cells) => {
                bytes.clear();
                ends.clear();
                for c in cells {
                    bytes.extend_from_slice(c.as_bytes());
                    ends.push(bytes.len());
                }
                sink.record(Record::new(&bytes, &ends, line));
            }
            None => {
                sink.reporter.read();
                sink.reporter.reject(
                    line,
                    None,
                    "not an object",
                    format!("item {line} of the JSON array is not an object"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_of_objects_keeps_key_order_and_unions_keys() {
        let t = parse_json_table(br#"[{"b":1,"a":"x"},{"a":null,"c":true},3]"#).unwrap();
        assert_eq!(t.headers, vec!["b", "a", "c"]);
        assert_eq!(t.rows[0], Some(vec!["1".into(), "x".into(), "".into()]));
        assert_eq!(t.rows[1], Some(vec!["".into(), "".into(), "true".into()]));
        assert_eq!(t.rows[2], None);
    }

    #[test]
    fn wrapped_rows_and_errors() {
        let t = parse_json_table(br#"{"meta":{"x":1},"data":[{"k":"v"}]}"#).unwrap();
        assert_eq!(t.headers, vec!["k"]);
        assert!(parse_json_table(br#"{"other":[]}"#).is_err());
        assert!(parse_json_table(br#"[{"a":1},"#).is_err());
    }

    #[test]
    fn json_lines_are_records_with_nested_objects_flattened() {
        let text = br#"{"event":"Login","properties":{"time":1700000000,"distinct_id":"u1","$groups":{"company":"A1"}}}
{"event":"Export","properties":{"time":1700000100,"distinct_id":"u2","tags":[1,2]}}
"#;
        let t = parse_json_table(text).unwrap();
        // Nested keys come in serde_json's map order (sorted); the top level keeps its own.
        assert_eq!(t.headers[0], "event");
        for h in [
            "properties.time",
            "properties.distinct_id",
            "properties.$groups.company",
        ] {
            assert!(t.headers.iter().any(|x| x == h), "{h}: {:?}", t.headers);
        }
        let tags = t
            .headers
            .iter()
            .position(|h| h == "properties.tags")
            .unwrap();
        assert_eq!(t.rows[1].as_ref().unwrap()[tags], "[1,2]");
        assert!(parse_json_table(b"{\"a\":1}\n{\"a\":").is_err());
    }
}
