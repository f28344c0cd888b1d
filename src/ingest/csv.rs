//! Incremental CSV tokenizer: bytes are pushed in arbitrary chunks (a split may fall inside a
//! quoted field, inside a CRLF pair or inside a multi-byte character) and complete records are
//! handed to a callback. Field bytes live in one reused buffer, so the hot path does not
//! allocate per field.

/// One complete record: its fields as byte slices into a shared buffer.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    bytes: &'a [u8],
    ends: &'a [usize],
    /// Bytes between one field's end and the next field's start: 0 when the fields are
    /// concatenated in the tokenizer's buffer, 1 when the record is a view of the input line
    /// itself (the delimiter sits between fields).
    gap: usize,
    /// 1-based physical line where the record starts.
    pub line: u64,
}

impl<'a> Record<'a> {
    /// Builds a record view over concatenated field bytes and their end offsets.
    pub fn new(bytes: &'a [u8], ends: &'a [usize], line: u64) -> Self {
        Record {
            bytes,
            ends,
            gap: 0,
            line,
        }
    }
    /// A record view over an unquoted input line free of NUL bytes: `ends` are the offsets of
    /// each delimiter (and of the line end) within `line_bytes`.
    pub fn in_line(line_bytes: &'a [u8], ends: &'a [usize], line: u64) -> Self {
        Record {
            bytes: line_bytes,
            ends,
            gap: 1,
            line,
        }
    }
    /// False when the record is known to hold no NUL byte (a line view); true when it may.
    pub fn may_contain_nul(&self) -> bool {
        self.gap == 0
    }
    /// Every byte of every field in one slice (possibly with delimiters between them), for
    /// whole-record checks such as "contains a NUL byte".
    pub fn raw(&self) -> &'a [u8] {
        self.bytes
    }
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    /// Total bytes of the record's fields (delimiters and quotes excluded).
    pub fn byte_len(&self) -> usize {
        let last = self.ends.last().copied().unwrap_or(0);
        // A line view has one delimiter byte between fields.
        last.saturating_sub(self.gap * self.ends.len().saturating_sub(1))
    }
    /// True when the record has no field at all.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// Bytes of field `index`; empty when the record is shorter.
    pub fn field(&self, index: usize) -> &'a [u8] {
        if index >= self.ends.len() {
            return &[];
        }
        let start = if index == 0 {
            0
        } else {
            self.ends[index - 1] + self.gap
        };
        &self.bytes[start..self.ends[index]]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field (nothing read yet).
    FieldStart,
    /// Inside an unquoted field.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just saw a quote inside a quoted field: either a doubled quote or the closing one.
    QuoteInQuoted,
    /// Just ended a record with CR: a following LF belongs to the same line end.
    AfterCr,
}

/// A record that could not be completed at the end of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnterminatedQuote {
    /// Line where the broken record starts.
    pub line: u64,
}

/// The push tokenizer. Feed with [`CsvTokenizer::feed`], close with [`CsvTokenizer::finish`].
#[derive(Debug)]
pub struct CsvTokenizer {
    delimiter: u8,
    state: State,
    buf: Vec<u8>,
    ends: Vec<usize>,
    /// Current physical line (1-based).
    line: u64,
    /// Line where the record under construction started.
    record_line: u64,
    /// True once the record under construction has any content (a byte or a delimiter or quotes).
    record_has_content: bool,
    /// Inside quotes, the previous byte was CR (so an LF does not start another line).
    quoted_prev_cr: bool,
}

impl CsvTokenizer {
    /// A tokenizer splitting fields on `delimiter`.
    pub fn new(delimiter: u8) -> Self {
        CsvTokenizer {
            delimiter,
            state: State::FieldStart,
            buf: Vec::with_capacity(256),
            ends: Vec::with_capacity(32),
            line: 1,
            record_line: 1,
            record_has_content: false,
            quoted_prev_cr: false,
        }
    }

    /// The field delimiter in use.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    fn end_record<F: FnMut(Record<'_>)>(&mut self, sink: &mut F) {
        if self.record_has_content {
            self.ends.push(self.buf.len());
            sink(Record::new(&self.buf, &self.ends, self.record_line));
        }
        self.buf.clear();
        self.ends.clear();
        self.record_has_content = false;
        self.line += 1;
        self.record_line = self.line;
    }

    /// Fast path for one whole line at `start` (at a record start): when the line holds no
    /// quote and ends inside `chunk` with LF, CRLF or a lone CR followed by more input, the
    /// record is handed to `sink` as a view of the line itself (no copy) and the position
    /// after the line end is returned. `None` (nothing consumed) sends the line through the
    /// general state machine. Scans 8 bytes at a time for the four special bytes.
    #[inline]
    fn fast_line<F: FnMut(Record<'_>)>(
        &mut self,
        chunk: &[u8],
        start: usize,
        sink: &mut F,
    ) -> Option<usize> {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        #[inline(always)]
        fn zero_bytes(x: u64) -> u64 {
            // High bit set exactly in the bytes of `x` that are zero (no false positives).
            !(((x & HI7).wrapping_add(HI7)) | x | HI7)
        }
        let n = chunk.len();
        let delim = self.delimiter;
        let d = LO.wrapping_mul(delim as u64);
        let nl = LO.wrapping_mul(b'\n' as u64);
        let cr = LO.wrapping_mul(b'\r' as u64);
        let qu = LO.wrapping_mul(b'"' as u64);
        self.ends.clear();
        let mut j = start;
        let end;
        'scan: loop {
            if j + 8 <= n {
                let mut w = [0u8; 8];
                w.copy_from_slice(&chunk[j..j + 8]);
                let w = u64::from_le_bytes(w);
                // Any byte below 0x23 (NUL, CR, LF, quote, also space and '!')? A cheap test
                // that may flag more bytes than the exact one, never fewer (bytes ≥ 0x80 are
                // never flagged). Without one, only the delimiters of the word matter.
                if (w.wrapping_sub(LO.wrapping_mul(0x23)) & !w & !HI7) == 0 {
                    let mut m = zero_bytes(w ^ d);
                    while m != 0 {
                        self.ends
                            .push(j + (m.trailing_zeros() / 8) as usize - start);
                        m &= m - 1;
                    }
                    j += 8;
                    continue;
                }
                if zero_bytes(w) != 0 {
                    // A NUL byte: the general path keeps it for the row check to reject.
                    self.ends.clear();
                    return None;
                }
                let mut m = zero_bytes(w ^ d) | zero_bytes(w ^ nl) | zero_bytes(w ^ cr);
                if zero_bytes(w ^ qu) != 0 {
                    // A quote: only fine if it comes after this line's end.
                    let q = zero_bytes(w ^ qu).trailing_zeros();
                    let line_end = (zero_bytes(w ^ nl) | zero_bytes(w ^ cr)).trailing_zeros();
                    if q < line_end {
                        self.ends.clear();
                        return None;
                    }
                    m &= !(zero_bytes(w ^ qu));
                }
                while m != 0 {
                    let k = j + (m.trailing_zeros() / 8) as usize;
                    let b = chunk[k];
                    if b == delim {
                        self.ends.push(k - start);
                    } else {
                        end = k;
                        break 'scan;
                    }
                    m &= m - 1;
                }
                j += 8;
            } else {
                while j < n {
                    let b = chunk[j];
                    if b == delim {
                        self.ends.push(j - start);
                    } else if b == b'\n' || b == b'\r' {
                        end = j;
                        break 'scan;
                    } else if b == b'"' || b == 0 {
                        self.ends.clear();
                        return None;
                    }
                    j += 1;
                }
                // No line end in this chunk: the state machine keeps the partial record.
                self.ends.clear();
                return None;
            }
        }
        let next = if chunk[end] == b'\r' {
            if end + 1 >= n {
                // CR at the chunk end: its LF may come with the next chunk.
                self.ends.clear();
                return None;
            }
            end + 1 + (chunk[end + 1] == b'\n') as usize
        } else {
            end + 1
        };
        if end > start {
            self.ends.push(end - start);
            sink(Record::in_line(&chunk[start..end], &self.ends, self.line));
        }
        self.ends.clear();
        self.line += 1;
        self.record_line = self.line;
        Some(next)
    }

    /// Tokenizes `chunk`, calling `sink` for every completed record. Blank lines are skipped.
    pub fn feed<F: FnMut(Record<'_>)>(&mut self, chunk: &[u8], sink: &mut F) {
        let delim = self.delimiter;
        let mut i = 0;
        let n = chunk.len();
        while i < n {
            if self.state == State::FieldStart && !self.record_has_content {
                if let Some(next) = self.fast_line(chunk, i, sink) {
                    i = next;
                    continue;
                }
            }
            match self.state {
                State::AfterCr => {
                    self.state = State::FieldStart;
                    if chunk[i] == b'\n' {
                        i += 1;
                    }
                }
                State::FieldStart => {
                    let b = chunk[i];
                    if b == b'"' {
                        self.state = State::Quoted;
                        self.quoted_prev_cr = false;
                        self.record_has_content = true;
                        i += 1;
                    } else if b == delim {
                        self.record_has_content = true;
                        self.ends.push(self.buf.len());
                        i += 1;
                    } else if b == b'\n' {
                        self.end_record(sink);
                        i += 1;
                    } else if b == b'\r' {
                        self.end_record(sink);
                        self.state = State::AfterCr;
                        i += 1;
                    } else {
                        self.state = State::Unquoted;
                        self.record_has_content = true;
                    }
                }
                State::Unquoted => {
                    // Fast scan to the next delimiter or line end.
                    let start = i;
                    while i < n {
                        let b = chunk[i];
                        if b == delim || b == b'\n' || b == b'\r' {
                            break;
                        }
                        i += 1;
                    }
                    self.buf.extend_from_slice(&chunk[start..i]);
                    if i < n {
                        let b = chunk[i];
                        i += 1;
                        if b == delim {
                            self.ends.push(self.buf.len());
                            self.state = State::FieldStart;
                        } else if b == b'\n' {
                            self.end_record(sink);
                            self.state = State::FieldStart;
                        } else {
                            self.end_record(sink);
                            self.state = State::AfterCr;
                        }
                    }
                }
                State::Quoted => {
                    let start = i;
                    while i < n {
                        let b = chunk[i];
                        if b == b'"' {
                            break;
                        }
                        // Physical lines inside quotes still count (CRLF counts once, even
                        // when the pair is split across chunks).
                        if b == b'\r' || (b == b'\n' && !self.quoted_prev_cr) {
                            self.line += 1;
                        }
                        self.quoted_prev_cr = b == b'\r';
                        i += 1;
                    }
                    self.buf.extend_from_slice(&chunk[start..i]);
                    if i < n {
                        i += 1;
                        self.quoted_prev_cr = false;
                        self.state = State::QuoteInQuoted;
                    }
                }
                State::QuoteInQuoted => {
                    let b = chunk[i];
                    if b == b'"' {
                        self.buf.push(b'"');
                        self.state = State::Quoted;
                        i += 1;
                    } else if b == delim {
                        self.ends.push(self.buf.len());
                        self.state = State::FieldStart;
                        i += 1;
                    } else if b == b'\n' {
                        self.end_record(sink);
                        self.state = State::FieldStart;
                        i += 1;
                    } else if b == b'\r' {
                        self.end_record(sink);
                        self.state = State::AfterCr;
                        i += 1;
                    } else {
                        // Text after a closing quote: keep it, leniently, as part of the field.
                        self.state = State::Unquoted;
                    }
                }
            }
        }
    }

    /// Flushes the last record (one without a trailing newline). An open quote at the end of
    /// the input is reported and the broken record is dropped.
    pub fn finish<F: FnMut(Record<'_>)>(&mut self, sink: &mut F) -> Result<(), UnterminatedQuote> {
        let result = if matches!(self.state, State::Quoted) {
            Err(UnterminatedQuote {
                line: self.record_line,
            })
        } else {
            if self.record_has_content {
                self.ends.push(self.buf.len());
                sink(Record::new(&self.buf, &self.ends, self.record_line));
            }
            Ok(())
        };
        self.buf.clear();
        self.ends.clear();
        self.record_has_content = false;
        self.state = State::FieldStart;
        result
    }
}

/// The tokenizer alone, counting fields: the benchmark probe that times the hot path apart
/// from typing and interning (`scripts/bench.sh`, through the bindings' `CsvScanProbe`).
#[derive(Debug)]
pub struct FieldCounter {
    tokenizer: CsvTokenizer,
    fields: u64,
}

impl FieldCounter {
    /// A counter splitting fields on `delimiter`.
    pub fn new(delimiter: u8) -> Self {
        FieldCounter {
            tokenizer: CsvTokenizer::new(delimiter),
            fields: 0,
        }
    }

    /// Tokenizes the next chunk (any split).
    pub fn push(&mut self, bytes: &[u8]) {
        let fields = &mut self.fields;
        self.tokenizer
            .feed(bytes, &mut |record| *fields += record.len() as u64);
    }

    /// Ends the input and returns the number of fields seen (an unterminated quote still
    /// counts the fields read).
    pub fn finish(&mut self) -> u64 {
        let fields = &mut self.fields;
        let _ = self
            .tokenizer
            .finish(&mut |record| *fields += record.len() as u64);
        *fields
    }
}

#[cfg(test)]
mod field_counter_tests {
    #[test]
    fn counts_fields_across_any_split() {
        let text = b"a,b,c\n\"x,y\",z\n1,2\n";
        for split in 0..text.len() {
            let mut counter = super::FieldCounter::new(b',');
            counter.push(&text[..split]);
            counter.push(&text[split..]);
            assert_eq!(counter.finish(), 7, "split at {split}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Tokenized = (Vec<(u64, Vec<String>)>, Result<(), UnterminatedQuote>);

    /// Splits `input` at the ascending positions `cuts` (every byte lands in one chunk).
    fn split_at<'a>(input: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
        let mut chunks = Vec::with_capacity(cuts.len() + 1);
        let mut prev = 0;
        for &c in cuts {
            chunks.push(&input[prev..c]);
            prev = c;
        }
        chunks.push(&input[prev..]);
        chunks
    }

    fn tokenize_chunks(chunks: &[&[u8]], delimiter: u8) -> Tokenized {
        let mut tok = CsvTokenizer::new(delimiter);
        let mut out = Vec::new();
        let mut sink = |r: Record<'_>| {
            let fields = (0..r.len())
                .map(|i| String::from_utf8_lossy(r.field(i)).into_owned())
                .collect();
            out.push((r.line, fields));
        };
        for c in chunks {
            tok.feed(c, &mut sink);
        }
        let end = tok.finish(&mut sink);
        (out, end)
    }

    fn tokenize(input: &[u8]) -> Tokenized {
        tokenize_chunks(&[input], b',')
    }

    fn rec(line: u64, fields: &[&str]) -> (u64, Vec<String>) {
        (line, fields.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn simple_records_with_and_without_trailing_newline() {
        let (r, end) = tokenize(b"a,b\n1,2\n3,4");
        assert!(end.is_ok());
        assert_eq!(
            r,
            vec![
                rec(1, &["a", "b"]),
                rec(2, &["1", "2"]),
                rec(3, &["3", "4"])
            ]
        );
    }

    #[test]
    fn quotes_delimiters_doubled_quotes_and_embedded_newlines() {
        let (r, _) = tokenize(b"a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,1\n");
        assert_eq!(
            r,
            vec![
                rec(1, &["a", "b"]),
                rec(2, &["x, y", "say \"hi\""]),
                rec(3, &["multi\nline", "z"]),
                rec(5, &["last", "1"]),
            ]
        );
    }

    #[test]
    fn line_endings_and_blank_lines() {
        let (r, _) = tokenize(b"a,b\r\n\r\n1,2\r3,4\n\n5,6\r\n");
        assert_eq!(
            r,
            vec![
                rec(1, &["a", "b"]),
                rec(3, &["1", "2"]),
                rec(4, &["3", "4"]),
                rec(6, &["5", "6"])
            ]
        );
    }

    #[test]
    fn empty_fields_and_quoted_empty() {
        let (r, _) = tokenize(b",\n\"\"\nx,,\n");
        assert_eq!(
            r,
            vec![rec(1, &["", ""]), rec(2, &[""]), rec(3, &["x", "", ""])]
        );
    }

    #[test]
    fn unterminated_quote_is_reported() {
        let (r, end) = tokenize(b"a,b\n1,\"open\n2,3\n");
        assert_eq!(r, vec![rec(1, &["a", "b"])]);
        assert_eq!(end, Err(UnterminatedQuote { line: 2 }));
    }

    #[test]
    fn other_delimiters() {
        let (r, _) = tokenize_chunks(&[b"a;b\n\"1;2\";3\n"], b';');
        assert_eq!(r, vec![rec(1, &["a", "b"]), rec(2, &["1;2", "3"])]);
        let (r, _) = tokenize_chunks(&[b"a\tb\n1\t2\n"], b'\t');
        assert_eq!(r, vec![rec(1, &["a", "b"]), rec(2, &["1", "2"])]);
    }

    #[test]
    fn every_split_point_gives_the_same_records() {
        let input = "id,name,note\r\n1,\"Zoë, \"\"the\"\" one\",\"two\r\nlines\"\r\n\r\n2,Ärger,x\r3,€,\"\"\n4,last,end".as_bytes();
        let whole = tokenize(input);
        assert_eq!(whole.0.len(), 5);
        assert_eq!(whole.0[2].0, 5);
        for split in 0..=input.len() {
            let (a, b) = input.split_at(split);
            assert_eq!(tokenize_chunks(&[a, b], b','), whole, "split at {split}");
        }
        // And one byte at a time.
        let singles: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(tokenize_chunks(&singles, b','), whole);
    }

    /// A deliberately simple whole-input reference parser with the same rules.
    fn reference(input: &[u8]) -> (Vec<(u64, Vec<String>)>, bool) {
        let mut records = Vec::new();
        let mut fields: Vec<Vec<u8>> = vec![Vec::new()];
        let mut has_content = false;
        let mut line = 1u64;
        let mut start_line = 1u64;
        let mut i = 0;
        let mut in_quotes = false;
        let mut field_started = false;
        while i < input.len() {
            let b = input[i];
            if in_quotes {
                if b == b'"' {
                    if input.get(i + 1) == Some(&b'"') {
                        fields.last_mut().unwrap().push(b'"');
                        i += 2;
                        continue;
                    }
                    in_quotes = false;
                } else {
                    if b == b'\r' || (b == b'\n' && (i == 0 || input[i - 1] != b'\r')) {
                        line += 1;
                    }
                    fields.last_mut().unwrap().push(b);
                }
                i += 1;
                continue;
            }
            match b {
                b'"' if !field_started => {
                    in_quotes = true;
                    has_content = true;
                    field_started = true;
                }
                b',' => {
                    fields.push(Vec::new());
                    has_content = true;
                    field_started = false;
                }
                b'\n' | b'\r' => {
                    if has_content {
                        let f = fields
                            .iter()
                            .map(|f| String::from_utf8_lossy(f).into_owned())
                            .collect();
                        records.push((start_line, f));
                    }
                    fields = vec![Vec::new()];
                    has_content = false;
                    field_started = false;
                    if b == b'\r' && input.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line += 1;
                    start_line = line;
                }
                _ => {
                    fields.last_mut().unwrap().push(b);
                    has_content = true;
                    field_started = true;
                }
            }
            i += 1;
        }
        if in_quotes {
            return (records, false);
        }
        if has_content {
            let f = fields
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            records.push((start_line, f));
        }
        (records, true)
    }

    #[test]
    fn random_inputs_match_the_reference_under_random_splits() {
        let alphabet: &[u8] = b"ab,\"\n\r \xc3\xa9";
        let mut seed: u64 = 0x1234_5678;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..3000 {
            let len = next() % 40;
            let input: Vec<u8> = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            let (expected, terminated) = reference(&input);
            let mut cuts: Vec<usize> = (0..next() % 4).map(|_| next() % (len + 1)).collect();
            cuts.sort_unstable();
            let chunks = split_at(&input, &cuts);
            let (got, end) = tokenize_chunks(&chunks, b',');
            assert_eq!(
                end.is_ok(),
                terminated,
                "input {:?}",
                String::from_utf8_lossy(&input)
            );
            assert_eq!(got, expected, "input {:?}", String::from_utf8_lossy(&input));
        }
    }

    /// Long lines exercise the 8-byte fast path (and its fall-backs on quotes, CR at a chunk
    /// end and lines cut by a chunk boundary) against the reference parser.
    #[test]
    fn long_random_lines_match_the_reference_under_random_splits() {
        let mut seed: u64 = 0x9abc_def0;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for round in 0..2000 {
            // Mostly plain text and delimiters; rare quotes, CRs and NULs.
            let len = next() % 400;
            let input: Vec<u8> = (0..len)
                .map(|_| match next() % 100 {
                    0 if round % 3 == 0 => b'"',
                    1 if round % 2 == 0 => b'\r',
                    2..=5 => b'\n',
                    6..=20 => b',',
                    21 => 0,
                    22 => 0xc3,
                    23 => b' ',
                    24 => b'!',
                    25 => b'\x7f',
                    _ => b"abcdefgh-0123456789@."[next() % 21],
                })
                .collect();
            let (expected, terminated) = reference(&input);
            let mut cuts: Vec<usize> = (0..next() % 6).map(|_| next() % (len + 1)).collect();
            cuts.sort_unstable();
            let chunks = split_at(&input, &cuts);
            let (got, end) = tokenize_chunks(&chunks, b',');
            assert_eq!(end.is_ok(), terminated);
            assert_eq!(got, expected, "input {:?}", String::from_utf8_lossy(&input));
        }
    }
}
