//! What a column's values look like, from a bounded sample of a file's first rows: the share
//! of dates, integers, numbers, emails, ids, yes/no and free text, the range of its numbers,
//! how often its values repeat, and how many of them are ids already known from another file
//! (accounts, subscriptions, users). Recognition ([`super::content`]) reads these profiles.

use super::staging::Staging;
use super::values::{self, DateColumn, DecimalStyle};
use std::collections::{HashMap, HashSet};

/// Rows of a file sampled before its table is decided (then replayed).
pub const SAMPLE_ROWS: usize = 200;
/// Bytes of a file's first rows sampled at most (a huge first row ends the sample early).
pub const SAMPLE_BYTES: usize = 256 * 1024;

/// Ids known from files already read, and the file each set came from.
#[derive(Debug, Clone, Default)]
pub struct Overlap {
    /// Share (0–1) of the column's distinct values that are account ids of an accounts table.
    pub accounts: f64,
    /// The file those account ids came from.
    pub accounts_file: Option<String>,
    /// Share of distinct values that are subscription ids of a subscriptions table.
    pub subscriptions: f64,
    pub subscriptions_file: Option<String>,
    /// Share of distinct values that are user ids seen in a usage table.
    pub users: f64,
}

/// The value profile of one column over the sample.
#[derive(Debug, Clone, Default)]
pub struct ColumnProfile {
    /// Non-blank cells.
    pub filled: usize,
    /// Rows sampled.
    pub rows: usize,
    /// Cells that are plausible dates (1990 to two years ahead).
    pub dates: usize,
    /// Dates carrying a time of day (or epoch seconds).
    pub timestamps: usize,
    /// Cells that are whole numbers.
    pub integers: usize,
    /// Cells that are numbers (whole or not, currency and % allowed).
    pub numbers: usize,
    /// Cells with a currency sign or two decimals (money-like).
    pub money_marks: usize,
    /// Smallest and largest number seen.
    pub min: f64,
    pub max: f64,
    pub emails: usize,
    /// Cells that look like ids: one token of letters and digits (with - _ . : allowed), at
    /// least one digit, or a UUID.
    pub ids: usize,
    /// Cells read as yes/no (true/false, yes/no, y/n; 0/1 only counted when the column is 0/1).
    pub booleans: usize,
    /// Cells of several words (free text or names).
    pub texts: usize,
    /// Distinct non-blank values.
    pub distinct: usize,
    /// Mean length of non-blank cells, in bytes.
    pub mean_len: f64,
    /// Overlap with ids known from other files.
    pub overlap: Overlap,
    /// The distinct values (up to the sample), lower-cased, for vocabulary checks.
    pub values: Vec<String>,
}

impl ColumnProfile {
    /// Share of filled cells satisfying a count.
    pub fn share(&self, n: usize) -> f64 {
        if self.filled == 0 {
            0.0
        } else {
            n as f64 / self.filled as f64
        }
    }
    /// Share of rows where the value repeats an earlier row's (0 = all distinct).
    pub fn repeat_share(&self) -> f64 {
        if self.filled == 0 {
            0.0
        } else {
            1.0 - self.distinct as f64 / self.filled as f64
        }
    }
    pub fn is_date(&self) -> bool {
        self.filled > 0 && self.share(self.dates) >= 0.8
    }
    pub fn is_integer(&self) -> bool {
        self.filled > 0 && self.share(self.integers) >= 0.9 && !self.is_date()
    }
    pub fn is_number(&self) -> bool {
        self.filled > 0 && self.share(self.numbers) >= 0.9 && !self.is_date()
    }
    pub fn is_email(&self) -> bool {
        self.filled > 0 && self.share(self.emails) >= 0.8
    }
    pub fn is_id(&self) -> bool {
        self.filled > 0 && self.share(self.ids + self.emails) >= 0.8 && !self.is_date()
    }
    pub fn is_bool(&self) -> bool {
        self.filled > 0 && self.share(self.booleans) >= 0.95 && self.distinct <= 2
    }
    /// Whole numbers within `lo..=hi`.
    pub fn is_bounded(&self, lo: f64, hi: f64) -> bool {
        self.is_integer() && self.min >= lo && self.max <= hi
    }
    /// Few distinct values for the rows sampled (a category).
    pub fn is_category(&self) -> bool {
        self.filled >= 4 && self.distinct <= (self.filled / 3).clamp(3, 40)
    }
    /// Share of the distinct values found in `words` (lower-case vocabulary).
    pub fn vocabulary_share(&self, words: &[&str]) -> f64 {
        self.vocabulary_share_by(|v| words.contains(&v))
    }
    /// Share of the distinct values (lower-cased) for which `is_word` holds.
    pub fn vocabulary_share_by(&self, is_word: impl Fn(&str) -> bool) -> f64 {
        if self.values.is_empty() {
            return 0.0;
        }
        let hits = self.values.iter().filter(|v| is_word(v.as_str())).count();
        hits as f64 / self.values.len() as f64
    }
}

/// Builds the profile of every column from sampled records (cells as bytes).
pub fn profile_columns(
    columns: usize,
    rows: &[Vec<Vec<u8>>],
    style: DecimalStyle,
    min_secs: i64,
    max_secs: i64,
    staging: &Staging,
) -> Vec<ColumnProfile> {
    (0..columns)
        .map(|c| {
            let mut p = profile_column(
                rows.iter()
                    .map(|r| r.get(c).map(Vec::as_slice).unwrap_or(&[])),
                style,
                min_secs,
                max_secs,
            );
            p.overlap = overlap(&p.values_raw(rows, c), staging);
            p
        })
        .collect()
}

impl ColumnProfile {
    /// The distinct trimmed values of column `c` as written (not lower-cased).
    fn values_raw(&self, rows: &[Vec<Vec<u8>>], c: usize) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut set = std::collections::HashSet::new();
        for r in rows {
            let cell = values::trim(r.get(c).map(Vec::as_slice).unwrap_or(&[]));
            if cell.is_empty() {
                continue;
            }
            let text = String::from_utf8_lossy(cell).into_owned();
            if set.insert(text.clone()) {
                seen.push(text);
            }
        }
        seen
    }
}

fn is_uuid(s: &[u8]) -> bool {
    s.len() == 36
        && s.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn is_email(s: &[u8]) -> bool {
    let Some(at) = s.iter().position(|&b| b == b'@') else {
        return false;
    };
    at > 0 && s[at + 1..].contains(&b'.') && !s.iter().any(|&b| b == b' ' || b == b',')
}

fn is_id_token(s: &[u8]) -> bool {
    if is_uuid(s) {
        return true;
    }
    s.len() >= 2
        && s.len() <= 64
        && s.iter().any(u8::is_ascii_digit)
        && s.iter().all(|&b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/' | b'#')
        })
}

fn profile_column<'a>(
    cells: impl Iterator<Item = &'a [u8]>,
    style: DecimalStyle,
    min_secs: i64,
    max_secs: i64,
) -> ColumnProfile {
    let mut p = ColumnProfile {
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
        ..Default::default()
    };
    let mut date_column = DateColumn::default();
    let mut distinct: HashSet<String> = HashSet::new();
    let mut total_len = 0usize;
    let mut zero_one = 0usize;
    for cell in cells {
        p.rows += 1;
        let s = values::trim(cell);
        if s.is_empty() {
            continue;
        }
        p.filled += 1;
        total_len += s.len();
        // Distinct in any case ("ÉTÉ" and "été" are one value), as the vocabulary checks
        // compare them.
        let lower = String::from_utf8_lossy(s).to_lowercase();
        if distinct.insert(lower.clone()) {
            p.values.push(lower);
        }
        if let Some(d) = values::parse_date(s, &mut date_column) {
            if (min_secs..=max_secs).contains(&d.secs) {
                p.dates += 1;
                if d.secs % 86_400 != 0 {
                    p.timestamps += 1;
                }
            }
        }
        if let Some(n) = values::parse_number(s, style) {
            p.numbers += 1;
            if n.value.fract() == 0.0 && !n.percent {
                p.integers += 1;
            }
            p.min = p.min.min(n.value);
            p.max = p.max.max(n.value);
            let decimals = s.iter().rev().take_while(|b| b.is_ascii_digit()).count();
            let sep = s.len().checked_sub(decimals + 1).map(|i| s[i]);
            if !s[0].is_ascii_digit() && s[0] != b'-'
                || (decimals == 2 && matches!(sep, Some(b'.' | b',')))
            {
                p.money_marks += 1;
            }
            if n.value == 0.0 || n.value == 1.0 {
                zero_one += 1;
            }
        }
        if is_email(s) {
            p.emails += 1;
        } else if is_id_token(s) {
            p.ids += 1;
        }
        if values::parse_bool(s).is_some() && !s.iter().all(u8::is_ascii_digit) {
            p.booleans += 1;
        }
        if s.contains(&b' ') {
            p.texts += 1;
        }
    }
    // 0/1 columns are yes/no only when nothing else appears.
    if zero_one == p.filled && p.filled > 0 {
        p.booleans = p.filled;
    }
    p.distinct = distinct.len();
    p.mean_len = if p.filled == 0 {
        0.0
    } else {
        total_len as f64 / p.filled as f64
    };
    if p.numbers == 0 {
        p.min = 0.0;
        p.max = 0.0;
    }
    p
}

/// How many of `values` are ids already read from an accounts table, a subscriptions table, or
/// users of a usage table (each as a share of the distinct values).
fn overlap(values: &[String], staging: &Staging) -> Overlap {
    let mut o = Overlap::default();
    if values.is_empty() {
        return o;
    }
    let n = values.len() as f64;
    let mut account_files: HashMap<u32, usize> = HashMap::new();
    let mut sub_files: HashMap<u32, usize> = HashMap::new();
    let mut users = 0usize;
    for v in values {
        if let Some(k) = staging.account_keys.get(v) {
            if let Some(&(file, _)) = staging.account_first_seen.get(&k) {
                *account_files.entry(file).or_default() += 1;
            }
        }
        if let Some(k) = staging.subscription_keys.get(v) {
            if let Some(&(file, _)) = staging.subscription_first_seen.get(&k) {
                *sub_files.entry(file).or_default() += 1;
            }
        }
        if staging.users.get(v).is_some() {
            users += 1;
        }
    }
    let name = |file: u32| staging.file_names.get(file as usize).cloned();
    if let Some((&file, &hits)) = account_files
        .iter()
        .max_by_key(|(f, h)| (**h, u32::MAX - **f))
    {
        o.accounts = hits as f64 / n;
        o.accounts_file = name(file);
    }
    if let Some((&file, &hits)) = sub_files.iter().max_by_key(|(f, h)| (**h, u32::MAX - **f)) {
        o.subscriptions = hits as f64 / n;
        o.subscriptions_file = name(file);
    }
    o.users = users as f64 / n;
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_values_ignore_case_beyond_ascii() {
        let cells: [&[u8]; 5] = [
            "ÉTÉ".as_bytes(),
            "été".as_bytes(),
            "Été".as_bytes(),
            b"hiver",
            b"HIVER",
        ];
        let p = profile_column(cells.into_iter(), DecimalStyle::Point, 0, i64::MAX);
        assert_eq!(p.distinct, 2);
        assert_eq!(p.values, vec!["été".to_string(), "hiver".to_string()]);
    }
}
