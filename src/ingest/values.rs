//! Hand-written cell parsers for numbers and booleans (dates are in [`super::dates`], re-exported
//! here). Common shapes take fast paths.

pub use super::dates::{
    civil_day, civil_from_day, parse_date, DateColumn, DayMonthOrder, ParsedDate,
};

/// Seconds per day.
pub const SECS_PER_DAY: i64 = 86_400;

/// How a numeric cell is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalStyle {
    /// `1,234.50`
    Point,
    /// `1.234,50` (files delimited by `;`).
    Comma,
}

/// A parsed number and whether it carried a percent sign.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value as written (a percent sign is not applied).
    pub value: f64,
    /// True when the cell ended with `%`.
    pub percent: bool,
}

/// Decodes bytes that are not valid UTF-8 as Windows-1252 (what spreadsheets on Windows
/// write; Latin-1 plus typographic quotes, dashes and € in 0x80–0x9F). The five bytes that
/// Windows-1252 leaves undefined map to the same code points as in Latin-1.
pub fn decode_windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// Trims ASCII whitespace at both ends.
#[inline]
pub fn trim(bytes: &[u8]) -> &[u8] {
    // Fast path: nothing to trim (ASCII whitespace is at most b' '; the invisible Unicode
    // spaces below start with a byte ≥ 0x80 and end with one ≥ 0x80).
    match (bytes.first(), bytes.last()) {
        (Some(&a), Some(&b)) if (b'!'..0x80).contains(&a) && (b'!'..0x80).contains(&b) => {
            return bytes
        }
        (None, _) => return bytes,
        _ => {}
    }
    let mut start = 0;
    let mut end = bytes.len();
    loop {
        let rest = &bytes[start..end];
        match rest.first() {
            Some(b) if b.is_ascii_whitespace() => start += 1,
            _ => match INVISIBLE_SPACES.iter().find(|s| rest.starts_with(s)) {
                Some(s) => start += s.len(),
                None => break,
            },
        }
    }
    loop {
        let rest = &bytes[start..end];
        match rest.last() {
            Some(b) if b.is_ascii_whitespace() => end -= 1,
            _ => match INVISIBLE_SPACES.iter().find(|s| rest.ends_with(s)) {
                Some(s) => end -= s.len(),
                None => break,
            },
        }
    }
    &bytes[start..end]
}

/// Spaces spreadsheets and web copies leave around values that look like nothing on screen
/// (UTF-8): no-break space, narrow no-break space, zero-width space, byte-order mark /
/// zero-width no-break space, ideographic space.
const INVISIBLE_SPACES: [&[u8]; 5] = [
    "\u{a0}".as_bytes(),
    "\u{202f}".as_bytes(),
    "\u{200b}".as_bytes(),
    "\u{feff}".as_bytes(),
    "\u{3000}".as_bytes(),
];

/// Parses a number: `1234`, `-1.5`, `1,234.50`, `$1,200`, `12%`, `1.234,50` (comma style),
/// `(12)` accounting negatives. `None` for anything else (the cell must be non-blank).
pub fn parse_number(cell: &[u8], style: DecimalStyle) -> Option<Number> {
    let s = trim(cell);
    if s.is_empty() {
        return None;
    }
    // Fastest path: a plain non-negative integer of up to 15 digits (exact in f64).
    if s.len() <= 15 && s.iter().all(u8::is_ascii_digit) {
        let mut v: u64 = 0;
        for &b in s {
            v = v * 10 + (b - b'0') as u64;
        }
        return Some(Number {
            value: v as f64,
            percent: false,
        });
    }
    // Fast path: plain ASCII digits with an optional sign and decimal point.
    if s.iter()
        .all(|&b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
        && style == DecimalStyle::Point
    {
        let text = std::str::from_utf8(s).ok()?;
        return text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(|value| Number {
                value,
                percent: false,
            });
    }
    let text = std::str::from_utf8(s).ok()?;
    let mut negative = false;
    let mut percent = false;
    let mut body = text.trim();
    if body.starts_with('(') && body.ends_with(')') {
        negative = true;
        body = body[1..body.len() - 1].trim();
    }
    if let Some(rest) = body.strip_suffix('%') {
        percent = true;
        body = rest.trim();
    }
    if let Some(rest) = body.strip_prefix('-') {
        negative = !negative;
        body = rest.trim();
    } else if let Some(rest) = body.strip_prefix('+') {
        body = rest.trim();
    }
    for symbol in ["$", "€", "£", "¥", "USD", "EUR", "GBP"] {
        if let Some(rest) = body.strip_prefix(symbol) {
            body = rest.trim();
        }
        if let Some(rest) = body.strip_suffix(symbol) {
            body = rest.trim();
        }
    }
    if let Some(rest) = body.strip_prefix('-') {
        negative = !negative;
        body = rest.trim();
    }
    let (group, decimal) = match style {
        DecimalStyle::Point => (',', '.'),
        DecimalStyle::Comma => ('.', ','),
    };
    let mut clean = String::with_capacity(body.len());
    let mut seen_digit = false;
    for c in body.chars() {
        if c.is_ascii_digit() {
            seen_digit = true;
            clean.push(c);
        } else if c == decimal {
            clean.push('.');
        } else if c == group || c == ' ' || c == '\u{a0}' || c == '\'' || c == '_' {
            if !seen_digit {
                return None;
            }
        } else if (c == 'e' || c == 'E') && seen_digit {
            clean.push('e');
        } else {
            return None;
        }
    }
    if !seen_digit {
        return None;
    }
    let mut value: f64 = clean.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    if negative {
        value = -value;
    }
    Some(Number { value, percent })
}

/// Parses a boolean: true/false, yes/no, y/n, t/f, 1/0 (case-insensitive).
pub fn parse_bool(cell: &[u8]) -> Option<bool> {
    let s = trim(cell);
    if s.len() > 5 {
        return None;
    }
    let mut lower = [0u8; 5];
    for (i, b) in s.iter().enumerate() {
        lower[i] = b.to_ascii_lowercase();
    }
    match &lower[..s.len()] {
        b"true" | b"yes" | b"y" | b"t" | b"1" => Some(true),
        b"false" | b"no" | b"n" | b"f" | b"0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_removes_ascii_and_invisible_unicode_spaces() {
        assert_eq!(trim(b"  A1 \t"), b"A1");
        assert_eq!(trim("\u{a0}A2\u{a0}".as_bytes()), b"A2");
        assert_eq!(
            trim("\u{feff}\u{200b} A3\u{202f}\u{3000}".as_bytes()),
            b"A3"
        );
        assert_eq!(trim("\u{a0}".as_bytes()), b"");
        // Non-ASCII text at the edges is kept whole.
        assert_eq!(trim("café".as_bytes()), "café".as_bytes());
        assert_eq!(trim(" Zürich\u{a0}".as_bytes()), "Zürich".as_bytes());
        assert_eq!(trim("A\u{a0}B".as_bytes()), "A\u{a0}B".as_bytes());
    }

    fn num(s: &str) -> Option<f64> {
        parse_number(s.as_bytes(), DecimalStyle::Point).map(|n| n.value)
    }

    #[test]
    fn numbers() {
        assert_eq!(num("1234"), Some(1234.0));
        assert_eq!(num(" -1.5 "), Some(-1.5));
        assert_eq!(num("1,234.50"), Some(1234.5));
        assert_eq!(num("$1,200"), Some(1200.0));
        assert_eq!(num("-$3"), Some(-3.0));
        assert_eq!(num("(12)"), Some(-12.0));
        assert_eq!(num("1e3"), Some(1000.0));
        assert_eq!(num(""), None);
        assert_eq!(num("abc"), None);
        assert_eq!(num("12abc"), None);
        assert_eq!(num("1.2.3"), None);
        let p = parse_number(b"12%", DecimalStyle::Point).unwrap();
        assert_eq!((p.value, p.percent), (12.0, true));
        let c = parse_number(b"1.234,50", DecimalStyle::Comma).unwrap();
        assert_eq!(c.value, 1234.5);
        assert_eq!(
            parse_number(b"3,5", DecimalStyle::Comma).unwrap().value,
            3.5
        );
    }

    #[test]
    fn booleans() {
        for t in ["true", "TRUE", "Yes", "y", "1", "T"] {
            assert_eq!(parse_bool(t.as_bytes()), Some(true), "{t}");
        }
        for f in ["false", "False", "no", "N", "0"] {
            assert_eq!(parse_bool(f.as_bytes()), Some(false), "{f}");
        }
        assert_eq!(parse_bool(b"maybe"), None);
        assert_eq!(parse_bool(b""), None);
    }
}
