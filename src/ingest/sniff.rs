//! Looks at the first bytes of a file to decide its encoding (UTF-8 with or without BOM,
//! UTF-16), its format (JSON or delimited text) and its delimiter.

/// Text encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a BOM, if any, is skipped).
    Utf8,
    /// UTF-16 little-endian; transcoded to UTF-8 on the fly.
    Utf16Le,
    /// UTF-16 big-endian; transcoded to UTF-8 on the fly.
    Utf16Be,
}

/// What the sniffer decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    /// Encoding of the raw bytes.
    pub encoding: Encoding,
    /// Bytes of BOM to skip at the start of the raw input.
    pub bom_len: usize,
}

/// Detects the encoding from the first raw bytes (BOM, or the NUL pattern of UTF-16 text).
/// Returns an error message for binary data.
pub fn sniff_encoding(head: &[u8]) -> Result<Sniffed, String> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(Sniffed {
            encoding: Encoding::Utf8,
            bom_len: 3,
        });
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok(Sniffed {
            encoding: Encoding::Utf16Le,
            bom_len: 2,
        });
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Ok(Sniffed {
            encoding: Encoding::Utf16Be,
            bom_len: 2,
        });
    }
    if let Some(kind) = known_binary(head) {
        return Err(format!(
            "this is {kind}, not CSV or JSON text; open it in its program and export or save it as CSV (UTF-8)"
        ));
    }
    let sample = &head[..head.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs >= 2 {
        let even_nul = sample
            .chunks_exact(2)
            .filter(|p| p[0] == 0 && p[1] != 0)
            .count();
        let odd_nul = sample
            .chunks_exact(2)
            .filter(|p| p[1] == 0 && p[0] != 0)
            .count();
        // Mostly-ASCII UTF-16 text: the high byte is NUL in most pairs and the low byte
        // (almost) never; non-Latin text (Arabic, emoji) lowers the share, so 60 % suffices.
        if odd_nul * 10 >= pairs * 6 && even_nul * 50 <= pairs {
            return Ok(Sniffed {
                encoding: Encoding::Utf16Le,
                bom_len: 0,
            });
        }
        if even_nul * 10 >= pairs * 6 && odd_nul * 50 <= pairs {
            return Ok(Sniffed {
                encoding: Encoding::Utf16Be,
                bom_len: 0,
            });
        }
    }
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if nuls * 10 > sample.len() {
        return Err(format!(
            "this looks like a binary file ({nuls} NUL bytes in the first {} bytes), not CSV or JSON text; export it as CSV (UTF-8)",
            sample.len()
        ));
    }
    Ok(Sniffed {
        encoding: Encoding::Utf8,
        bom_len: 0,
    })
}

/// Recognises files users commonly pick by mistake from their signature.
fn known_binary(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 6] = [
        (
            b"PK\x03\x04",
            "an Excel workbook (.xlsx) or another ZIP archive",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Excel workbook (.xls) or another Office file",
        ),
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x1F\x8B", "a gzip-compressed file"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// True when the text (after BOM and leading whitespace) starts like JSON.
pub fn looks_like_json(text: &[u8]) -> bool {
    matches!(
        text.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'[') | Some(b'{')
    )
}

/// Picks the delimiter among `,` `;` TAB `|` from the first lines: counts outside quotes per
/// line and prefers the candidate present in the header with the most consistent count.
pub fn sniff_delimiter(text: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    // Counts per line (up to 10 lines), outside quotes.
    let mut counts: Vec<[usize; 4]> = Vec::new();
    let mut current = [0usize; 4];
    let mut in_quotes = false;
    let mut line_has_content = false;
    for &b in text {
        if b == b'"' {
            in_quotes = !in_quotes;
            line_has_content = true;
        } else if !in_quotes && (b == b'\n' || b == b'\r') {
            if line_has_content {
                counts.push(current);
                if counts.len() >= 10 {
                    break;
                }
            }
            current = [0; 4];
            line_has_content = false;
        } else if !in_quotes {
            line_has_content = true;
            if let Some(k) = CANDIDATES.iter().position(|&c| c == b) {
                current[k] += 1;
            }
        }
    }
    if line_has_content && counts.len() < 10 {
        counts.push(current);
    }
    let Some(header) = counts.first() else {
        return b',';
    };
    let mut best = (b',', 0usize, 0usize);
    for (k, &cand) in CANDIDATES.iter().enumerate() {
        let in_header = header[k];
        if in_header == 0 {
            continue;
        }
        let consistent = counts.iter().filter(|c| c[k] == in_header).count();
        if (consistent, in_header) > (best.1, best.2) {
            best = (cand, consistent, in_header);
        }
    }
    best.0
}

/// Streaming UTF-16 → UTF-8 transcoder (keeps an odd byte or a lone high surrogate between
/// chunks). Unpaired surrogates become U+FFFD.
#[derive(Debug)]
pub struct Utf16Decoder {
    big_endian: bool,
    pending_byte: Option<u8>,
    pending_high: Option<u16>,
}

impl Utf16Decoder {
    /// A decoder for the given byte order.
    pub fn new(big_endian: bool) -> Self {
        Utf16Decoder {
            big_endian,
            pending_byte: None,
            pending_high: None,
        }
    }

    fn push_unit(&mut self, unit: u16, out: &mut Vec<u8>) {
        let mut buf = [0u8; 4];
        if let Some(high) = self.pending_high.take() {
            if (0xDC00..0xE000).contains(&unit) {
                let c = 0x10000 + (((high as u32) - 0xD800) << 10) + (unit as u32 - 0xDC00);
                let ch = char::from_u32(c).unwrap_or('\u{FFFD}');
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                return;
            }
            out.extend_from_slice('\u{FFFD}'.encode_utf8(&mut buf).as_bytes());
        }
        if (0xD800..0xDC00).contains(&unit) {
            self.pending_high = Some(unit);
        } else {
            let ch = char::from_u32(unit as u32).unwrap_or('\u{FFFD}');
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
    }

    /// Transcodes `bytes`, appending UTF-8 to `out`.
    pub fn decode(&mut self, mut bytes: &[u8], out: &mut Vec<u8>) {
        if let Some(first) = self.pending_byte.take() {
            let Some((&second, rest)) = bytes.split_first() else {
                self.pending_byte = Some(first);
                return;
            };
            let unit = if self.big_endian {
                u16::from_be_bytes([first, second])
            } else {
                u16::from_le_bytes([first, second])
            };
            self.push_unit(unit, out);
            bytes = rest;
        }
        let mut pairs = bytes.chunks_exact(2);
        for pair in &mut pairs {
            let unit = if self.big_endian {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            };
            self.push_unit(unit, out);
        }
        if let [last] = pairs.remainder() {
            self.pending_byte = Some(*last);
        }
    }

    /// Flushes a dangling half character as U+FFFD.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if self.pending_byte.take().is_some() || self.pending_high.take().is_some() {
            out.extend_from_slice("\u{FFFD}".as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3"), b'|');
        // A comma inside quotes does not count.
        assert_eq!(sniff_delimiter(b"\"a,x\";b\n\"1,2\";3\n"), b';');
        assert_eq!(sniff_delimiter(b"single\n1\n"), b',');
    }

    #[test]
    fn encodings() {
        assert_eq!(sniff_encoding(b"\xEF\xBB\xBFa,b").unwrap().bom_len, 3);
        assert_eq!(
            sniff_encoding(b"\xFF\xFEa\0").unwrap().encoding,
            Encoding::Utf16Le
        );
        assert_eq!(
            sniff_encoding(b"a\0,\0b\0\n\0").unwrap().encoding,
            Encoding::Utf16Le
        );
        assert_eq!(
            sniff_encoding(b"\0a\0,\0b\0\n").unwrap().encoding,
            Encoding::Utf16Be
        );
        assert_eq!(sniff_encoding(b"a,b\n").unwrap().encoding, Encoding::Utf8);
        assert!(sniff_encoding(b"\0\0\0\0\0\0\x01\x02").is_err());
        assert!(looks_like_json(b"  \n[{}]"));
        assert!(!looks_like_json(b"a,b"));
    }

    #[test]
    fn utf16_split_anywhere() {
        let text = "id,name\n1,Zoë 😀\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        for split in 0..=le.len() {
            let mut dec = Utf16Decoder::new(false);
            let mut out = Vec::new();
            dec.decode(&le[..split], &mut out);
            dec.decode(&le[split..], &mut out);
            dec.finish(&mut out);
            assert_eq!(String::from_utf8(out).unwrap(), text, "split {split}");
        }
    }
}
