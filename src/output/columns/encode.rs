//! The column encodings: optional strings in one UTF-8 buffer, and dictionary-coded labels.

use std::collections::HashMap;

/// Optional strings in one UTF-8 buffer (Arrow's layout): entry `i` is
/// `bytes[offsets[i]..offsets[i + 1]]` when bit `i` of `present` is set, missing otherwise.
///
/// Offsets are `u32`: a column holds at most 4 GiB of text, the whole wasm32 address space.
#[derive(Debug, Clone, PartialEq)]
pub struct TextColumn {
    /// Every present entry's UTF-8 bytes, back to back.
    pub bytes: Vec<u8>,
    /// `len() + 1` byte offsets into `bytes`, starting at 0.
    pub offsets: Vec<u32>,
    /// Presence bitmap: bit `i % 32` of word `i / 32` is set when entry `i` is present.
    pub present: Vec<u32>,
}

impl Default for TextColumn {
    fn default() -> Self {
        TextColumn {
            bytes: Vec::new(),
            offsets: vec![0],
            present: Vec::new(),
        }
    }
}

impl TextColumn {
    /// An empty column with room for `entries` entries.
    pub fn with_capacity(entries: usize) -> Self {
        let mut offsets = Vec::with_capacity(entries + 1);
        offsets.push(0);
        TextColumn {
            bytes: Vec::new(),
            offsets,
            present: Vec::with_capacity(entries.div_ceil(32)),
        }
    }

    /// Appends one entry (`None` = missing).
    pub fn push(&mut self, value: Option<&str>) {
        let index = self.len();
        if index % 32 == 0 {
            self.present.push(0);
        }
        if let Some(text) = value {
            self.bytes.extend_from_slice(text.as_bytes());
            if let Some(word) = self.present.last_mut() {
                *word |= 1 << (index % 32);
            }
        }
        self.offsets.push(self.bytes.len() as u32);
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// True when the column has no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entry `i`, `None` when missing or out of range.
    pub fn get(&self, i: usize) -> Option<&str> {
        let word = *self.present.get(i / 32)?;
        if word & (1 << (i % 32)) == 0 {
            return None;
        }
        let start = *self.offsets.get(i)? as usize;
        let end = *self.offsets.get(i + 1)? as usize;
        std::str::from_utf8(self.bytes.get(start..end)?).ok()
    }
}

/// Integer codes, as narrow as the dictionary allows.
#[derive(Debug, Clone, PartialEq)]
pub enum Codes {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Codes {
    /// Code of entry `i` (0 when out of range).
    pub fn get(&self, i: usize) -> u32 {
        match self {
            Codes::U8(v) => v.get(i).map_or(0, |&c| c.into()),
            Codes::U16(v) => v.get(i).map_or(0, |&c| c.into()),
            Codes::U32(v) => v.get(i).copied().unwrap_or(0),
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        match self {
            Codes::U8(v) => v.len(),
            Codes::U16(v) => v.len(),
            Codes::U32(v) => v.len(),
        }
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Dictionary-coded optional labels: entry `i` is `labels[codes[i]]`; `labels[0]` is `None`
/// (missing), the other labels appear in order of first use.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeColumn {
    pub codes: Codes,
    pub labels: Vec<Option<String>>,
}

impl CodeColumn {
    /// Encodes `values` in order.
    pub fn encode<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Self {
        let mut dictionary = Dictionary::default();
        let codes: Vec<u32> = values
            .map(|value| value.map_or(0, |text| dictionary.code(text)))
            .collect();
        let labels = std::iter::once(None)
            .chain(dictionary.labels.iter().map(|l| Some(l.to_string())))
            .collect::<Vec<_>>();
        CodeColumn {
            codes: narrow(codes, labels.len()),
            labels,
        }
    }

    /// Label of entry `i`, `None` when missing.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.labels
            .get(self.codes.get(i) as usize)
            .and_then(|label| label.as_deref())
    }
}

/// Labels in order of first use, coded from 1. Most coded columns have a handful of labels
/// (bands, plans, plays), found faster by a scan than by hashing; past [`SCAN_LIMIT`] labels
/// a hash map takes over.
#[derive(Default)]
struct Dictionary<'a> {
    labels: Vec<&'a str>,
    index: HashMap<&'a str, u32>,
}

const SCAN_LIMIT: usize = 16;

impl<'a> Dictionary<'a> {
    fn code(&mut self, text: &'a str) -> u32 {
        if self.labels.len() <= SCAN_LIMIT {
            if let Some(k) = self.labels.iter().position(|&l| l == text) {
                return k as u32 + 1;
            }
        } else if let Some(&code) = self.index.get(text) {
            return code;
        }
        self.labels.push(text);
        let code = self.labels.len() as u32;
        if self.labels.len() > SCAN_LIMIT {
            if self.index.is_empty() {
                self.index = self.labels.iter().zip(1..).map(|(&l, k)| (l, k)).collect();
            } else {
                self.index.insert(text, code);
            }
        }
        code
    }
}

/// The narrowest code type that holds `distinct` codes.
fn narrow(codes: Vec<u32>, distinct: usize) -> Codes {
    if distinct <= 1 << 8 {
        Codes::U8(codes.into_iter().map(|c| c as u8).collect())
    } else if distinct <= 1 << 16 {
        Codes::U16(codes.into_iter().map(|c| c as u16).collect())
    } else {
        Codes::U32(codes)
    }
}

/// A missing number as NaN (JSON `null` on the other side).
pub fn number(value: Option<f64>) -> f64 {
    value.unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_column_keeps_missing_apart_from_empty() {
        let values = [Some("Acme"), None, Some(""), Some("Ünïcødé ✓")];
        let mut column = TextColumn::with_capacity(values.len());
        for v in values {
            column.push(v);
        }
        assert_eq!(column.len(), 4);
        for (i, v) in values.iter().enumerate() {
            assert_eq!(column.get(i), *v);
        }
        assert_eq!(column.get(4), None);
        assert_eq!(column.offsets, [0, 4, 4, 4, 4 + "Ünïcødé ✓".len() as u32]);
    }

    #[test]
    fn text_column_presence_spans_words() {
        let mut column = TextColumn::default();
        for i in 0..70 {
            column.push((i % 3 == 0).then_some("x"));
        }
        assert_eq!(column.present.len(), 3);
        for i in 0..70 {
            assert_eq!(column.get(i).is_some(), i % 3 == 0, "{i}");
        }
    }

    #[test]
    fn codes_are_as_narrow_as_the_dictionary() {
        let few = CodeColumn::encode([Some("b"), None, Some("a"), Some("b")].into_iter());
        assert_eq!(few.codes, Codes::U8(vec![1, 0, 2, 1]));
        assert_eq!(few.labels, [None, Some("b".into()), Some("a".into())]);
        assert_eq!(few.get(1), None);
        assert_eq!(few.get(3), Some("b"));

        let names: Vec<String> = (0..300).map(|i| format!("owner {i}")).collect();
        let twice = names.iter().chain(&names).map(|s| Some(s.as_str()));
        let many = CodeColumn::encode(twice);
        assert!(matches!(many.codes, Codes::U16(_)));
        assert_eq!(many.labels.len(), 301);
        for (i, name) in names.iter().enumerate() {
            assert_eq!(many.codes.get(i), i as u32 + 1);
            assert_eq!(many.get(300 + i), Some(name.as_str()));
        }

        let names: Vec<String> = (0..70_000).map(|i| i.to_string()).collect();
        let huge = CodeColumn::encode(names.iter().map(|s| Some(s.as_str())));
        assert!(matches!(huge.codes, Codes::U32(_)));
        assert_eq!(huge.get(69_999), Some("69999"));
    }
}
