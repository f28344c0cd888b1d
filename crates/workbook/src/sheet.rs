//! Writes one sheet, row by row, as tab-separated text the engine reads like any export.
//!
//! - Line N of the text is row N of the sheet (empty rows are empty lines, which the engine
//!   skips), so row numbers in the engine's report are the sheet's row numbers.
//! - The first [`HEAD_ROWS`] rows are held back to handle merged cells above the data: a
//!   merged title (one filled cell across the row) stays one cell, so the engine skips it as a
//!   title line; header cells merged across two or three rows (a group name over its columns)
//!   are combined into one header row, "Usage" over "Logins" → "Usage Logins"; a merged header
//!   with no row of sub-headers below is repeated and numbered ("Contact (1)", "Contact (2)").
//! - Below the header, a merged range gives its value to every cell it covers (what the
//!   sheet shows).
//! - Every line has at least as many fields as the widest of the first rows, as the engine
//!   expects of a table.

use calamine::Dimensions;

use crate::cell::{cell_ref, CellText, Kind};
use crate::clip;

/// Rows held back to find the header and its merged cells.
pub(crate) const HEAD_ROWS: usize = 10;
/// At most this many sheet rows are combined into one header row.
const MAX_HEADER_ROWS: u32 = 3;
const SAMPLES: usize = 3;

/// One sheet's text in the making.
pub(crate) struct SheetWriter {
    merges: Vec<Dimensions>,
    first_col: u32,
    width: usize,
    head: Vec<(u32, Vec<CellText>)>,
    head_done: bool,
    /// Row index of the next line to write.
    next_row: u32,
    out: Vec<u8>,
    /// Body merges: index into `merges` → the value of its top-left cell.
    anchors: Vec<Option<CellText>>,
    pub rows_written: u64,
    notes: Vec<String>,
    body_merges: Vec<String>,
    cells_left_of_table: u64,
}

impl SheetWriter {
    /// `first_col`: the sheet's leftmost used column; `merges`: its merged ranges.
    pub fn new(first_col: u32, merges: Vec<Dimensions>) -> Self {
        let anchors = vec![None; merges.len()];
        SheetWriter {
            merges,
            first_col,
            width: 0,
            head: Vec::new(),
            head_done: false,
            next_row: 0,
            out: Vec::new(),
            anchors,
            rows_written: 0,
            notes: Vec::new(),
            body_merges: Vec::new(),
            cells_left_of_table: 0,
        }
    }

    /// Takes the next non-empty row (rows come in increasing order); `cells` are
    /// `(column, value)` pairs in increasing column order.
    pub fn push_row(&mut self, row: u32, cells: Vec<(u32, CellText)>) {
        let mut line: Vec<CellText> = Vec::new();
        for (col, value) in cells {
            if value.is_empty() {
                continue;
            }
            let Some(index) = col.checked_sub(self.first_col) else {
                self.cells_left_of_table += 1;
                continue;
            };
            let index = index as usize;
            if line.len() <= index {
                line.resize(index + 1, CellText::empty());
            }
            line[index] = value;
        }
        if self.head_done {
            self.body_row(row, line);
        } else {
            self.head.push((row, line));
            if self.head.len() >= HEAD_ROWS {
                self.flush_head();
            }
        }
    }

    /// The sheet's text and the notes for its report.
    pub fn finish(mut self) -> (Vec<u8>, Vec<String>) {
        if !self.head_done {
            self.flush_head();
        }
        if !self.body_merges.is_empty() {
            let n = self.body_merges.len();
            self.notes.push(format!(
                "{n} merged cell range(s) below the header: every cell of a range read with the range's value ({}{})",
                self.body_merges.iter().take(SAMPLES).cloned().collect::<Vec<_>>().join(", "),
                if n > SAMPLES { ", …" } else { "" }
            ));
        }
        if self.cells_left_of_table > 0 {
            self.notes.push(format!(
                "{} cell(s) left of the sheet's declared first column were not read",
                self.cells_left_of_table
            ));
        }
        (self.out, self.notes)
    }

    fn flush_head(&mut self) {
        self.head_done = true;
        let mut head = std::mem::take(&mut self.head);
        self.width = head.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
        let band = self.header_band(&head);
        let mut header_merges = vec![false; self.merges.len()];
        if let Some((top, bottom, used)) = band {
            for &m in &used {
                header_merges[m] = true;
            }
            self.combine_header(&mut head, top, bottom, &used);
        }
        // Titles are merges alone on their row: left as one cell so the engine skips them.
        for (row, line) in head {
            let titles: Vec<usize> = (0..self.merges.len())
                .filter(|&m| !header_merges[m] && self.is_title(m, row, &line))
                .collect();
            for m in titles {
                header_merges[m] = true;
            }
            self.body_row_with(row, line, &header_merges);
        }
    }

    /// Merges over one row holding only the merged value: a title.
    fn is_title(&self, m: usize, row: u32, line: &[CellText]) -> bool {
        let d = &self.merges[m];
        d.start.0 == row
            && d.end.0 == row
            && line.iter().filter(|c| !c.is_empty()).count() == 1
            && d.start.1 >= self.first_col
            && line
                .get((d.start.1 - self.first_col) as usize)
                .is_some_and(|c| !c.is_empty())
    }

    /// The rows of a multi-row header: the first merged text cells of the first rows and the
    /// rows their merges reach, plus the row of sub-headers under a group name. Returns
    /// (top row, bottom row, merges used), or `None` when the header is one plain row.
    fn header_band(&self, head: &[(u32, Vec<CellText>)]) -> Option<(u32, u32, Vec<usize>)> {
        let get = |row: u32, col: u32| -> Option<&CellText> {
            let line = &head.iter().find(|(r, _)| *r == row)?.1;
            line.get(col.checked_sub(self.first_col)? as usize)
        };
        let last_head_row = head.last()?.0;
        let filled = |row: u32| {
            head.iter()
                .find(|(r, _)| *r == row)
                .map_or(0, |(_, l)| l.iter().filter(|v| !v.is_empty()).count())
        };
        // Merged text cells on a header row (not a title alone on its row), reaching at most
        // MAX_HEADER_ROWS rows.
        let candidates: Vec<usize> = (0..self.merges.len())
            .filter(|&m| {
                let d = &self.merges[m];
                let (r, c) = d.start;
                r <= last_head_row
                    && d.end.0 - r < MAX_HEADER_ROWS
                    && get(r, c).is_some_and(|v| v.kind == Kind::Text)
                    && !(d.end.0 == r && filled(r) == 1)
            })
            .collect();
        let top = candidates.iter().map(|&m| self.merges[m].start.0).min()?;
        // Only titles may stand above the header; a fuller row above means these merges are
        // in the data.
        if head
            .iter()
            .any(|(r, l)| *r < top && l.iter().filter(|v| !v.is_empty()).count() > 2)
        {
            return None;
        }
        let used: Vec<usize> = candidates
            .into_iter()
            .filter(|&m| self.merges[m].start.0 == top)
            .collect();
        let mut bottom = used.iter().map(|&m| self.merges[m].end.0).max()?;
        if used.is_empty() {
            return None;
        }
        // A group name merged across columns with nothing merged below it: the next row names
        // its columns when every cell there is text and the next row has no numbers or dates.
        let grouped = used.iter().any(|&m| {
            let d = &self.merges[m];
            d.end.0 == bottom && d.end.1 > d.start.1
        });
        if grouped && bottom - top + 1 < MAX_HEADER_ROWS {
            let below = bottom + 1;
            let names_below = used.iter().all(|&m| {
                let d = &self.merges[m];
                d.end.0 < bottom
                    || d.end.1 == d.start.1
                    || (d.start.1..=d.end.1)
                        .all(|c| get(below, c).is_some_and(|v| v.kind == Kind::Text))
            });
            let row_below = head.iter().find(|(r, _)| *r == below).map(|(_, l)| l);
            let no_values = row_below
                .is_some_and(|l| l.iter().all(|v| matches!(v.kind, Kind::Text | Kind::Empty)));
            if names_below && no_values {
                bottom = below;
            }
        }
        Some((top, bottom, used))
    }

    /// Writes rows `top..=bottom` as one header row (at `bottom`, the rows above left empty).
    fn combine_header(
        &mut self,
        head: &mut Vec<(u32, Vec<CellText>)>,
        top: u32,
        bottom: u32,
        used: &[usize],
    ) {
        let width = self.width;
        let mut grid: Vec<Vec<CellText>> = (top..=bottom)
            .map(|r| {
                let mut line = head
                    .iter()
                    .find(|(hr, _)| *hr == r)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default();
                line.resize(width, CellText::empty());
                line
            })
            .collect();
        // Spread each merged value over its range.
        for &m in used {
            let d = self.merges[m];
            let anchor =
                grid[(d.start.0 - top) as usize][(d.start.1 - self.first_col) as usize].clone();
            for r in d.start.0..=d.end.0.min(bottom) {
                for c in d.start.1..=d.end.1 {
                    if let Some(cell) =
                        grid[(r - top) as usize].get_mut((c - self.first_col) as usize)
                    {
                        *cell = anchor.clone();
                    }
                }
            }
        }
        let mut names: Vec<String> = (0..width)
            .map(|c| {
                let mut parts: Vec<&str> = Vec::new();
                for line in &grid {
                    let t = line[c].text.trim();
                    if !t.is_empty() && parts.last() != Some(&t) {
                        parts.push(t);
                    }
                }
                parts.join(" ")
            })
            .collect();
        // Columns still sharing a name (a merge with no sub-headers) are numbered.
        let mut repeated = Vec::new();
        for c in 0..width {
            let same: Vec<usize> = (0..width)
                .filter(|&o| !names[c].is_empty() && names[o] == names[c])
                .collect();
            if same.len() > 1 && same[0] == c {
                repeated.push(names[c].clone());
                for (i, &o) in same.iter().enumerate() {
                    names[o] = format!("{} ({})", names[o], i + 1);
                }
            }
        }
        let mut ordered = used.to_vec();
        ordered.sort_by_key(|&m| (self.merges[m].start.1, self.merges[m].start.0));
        let merged: Vec<String> = ordered
            .iter()
            .map(|&m| {
                let d = self.merges[m];
                format!(
                    "{}:{}",
                    cell_ref(d.start.0, d.start.1),
                    cell_ref(d.end.0, d.end.1)
                )
            })
            .collect();
        let shown: Vec<String> = names
            .iter()
            .filter(|n| !n.is_empty())
            .take(6)
            .map(|n| format!("'{n}'"))
            .collect();
        let mut note = if bottom > top {
            format!(
                "merged header cells ({}) over rows {}–{}: combined into one header row ({}{})",
                merged.join(", "),
                top + 1,
                bottom + 1,
                shown.join(", "),
                if names.iter().filter(|n| !n.is_empty()).count() > 6 {
                    ", …"
                } else {
                    ""
                }
            )
        } else {
            format!(
                "merged header cells ({}) read as one header row",
                merged.join(", ")
            )
        };
        if !repeated.is_empty() {
            note.push_str(&format!(
                "; merged header(s) with no sub-headers below repeated and numbered: {}",
                repeated
                    .iter()
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        self.notes.push(note);
        head.retain(|(r, _)| *r < top || *r > bottom);
        let header = names
            .into_iter()
            .map(|text| CellText {
                kind: if text.is_empty() {
                    Kind::Empty
                } else {
                    Kind::Text
                },
                text,
            })
            .collect();
        let at = head
            .iter()
            .position(|(r, _)| *r > bottom)
            .unwrap_or(head.len());
        head.insert(at, (bottom, header));
    }

    fn body_row(&mut self, row: u32, line: Vec<CellText>) {
        let none = vec![false; self.merges.len()];
        self.body_row_with(row, line, &none);
    }

    /// Writes a row, giving merged ranges (other than `skip`) their value.
    fn body_row_with(&mut self, row: u32, mut line: Vec<CellText>, skip: &[bool]) {
        for (m, &skipped) in skip.iter().enumerate() {
            let d = self.merges[m];
            if skipped || row < d.start.0 || row > d.end.0 || d.end.1 < self.first_col {
                continue;
            }
            if row == d.start.0 {
                let anchor = d
                    .start
                    .1
                    .checked_sub(self.first_col)
                    .and_then(|c| line.get(c as usize))
                    .cloned();
                match anchor {
                    Some(a) if !a.is_empty() => {
                        self.body_merges.push(format!(
                            "{}:{} '{}'",
                            cell_ref(d.start.0, d.start.1),
                            cell_ref(d.end.0, d.end.1),
                            clip(&a.text, 30)
                        ));
                        self.anchors[m] = Some(a);
                    }
                    _ => continue,
                }
            }
            let Some(value) = self.anchors[m].clone() else {
                continue;
            };
            for c in d.start.1.max(self.first_col)..=d.end.1 {
                let i = (c - self.first_col) as usize;
                if line.len() <= i {
                    line.resize(i + 1, CellText::empty());
                }
                if line[i].is_empty() {
                    line[i] = value.clone();
                }
            }
        }
        self.write_line(row, &line);
    }

    fn write_line(&mut self, row: u32, line: &[CellText]) {
        while self.next_row < row {
            self.out.push(b'\n');
            self.next_row += 1;
        }
        if line.iter().all(CellText::is_empty) {
            self.out.push(b'\n');
            self.next_row = row + 1;
            return;
        }
        let fields = line.len().max(self.width);
        for i in 0..fields {
            if i > 0 {
                self.out.push(b'\t');
            }
            if let Some(cell) = line.get(i) {
                write_field(&mut self.out, &cell.text);
            }
        }
        self.out.push(b'\n');
        self.next_row = row + 1;
        self.rows_written += 1;
    }
}

/// One field, quoted when it holds a tab, a quote or a line break.
fn write_field(out: &mut Vec<u8>, text: &str) {
    if text.contains(['\t', '"', '\n', '\r']) {
        out.push(b'"');
        for b in text.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> (u32, CellText) {
        (
            0,
            CellText {
                text: s.into(),
                kind: Kind::Text,
            },
        )
    }

    fn row(cells: &[(u32, &str)]) -> Vec<(u32, CellText)> {
        cells
            .iter()
            .map(|&(c, s)| {
                let kind = if s.parse::<f64>().is_ok() {
                    Kind::Number
                } else {
                    Kind::Text
                };
                (
                    c,
                    CellText {
                        text: s.into(),
                        kind,
                    },
                )
            })
            .collect()
    }

    fn text(w: SheetWriter) -> (String, Vec<String>) {
        let (bytes, notes) = w.finish();
        (String::from_utf8(bytes).unwrap(), notes)
    }

    #[test]
    fn title_group_header_and_vertical_merges() {
        // A1:D1 title; row 3: "Account" (A3:A4), "ARR" (B3:B4), "Usage" over C3:D3; row 4 names C, D.
        let merges = vec![
            Dimensions::new((0, 0), (0, 3)),
            Dimensions::new((2, 0), (3, 0)),
            Dimensions::new((2, 1), (3, 1)),
            Dimensions::new((2, 2), (2, 3)),
        ];
        let mut w = SheetWriter::new(0, merges);
        w.push_row(0, row(&[(0, "Accounts, Q3")]));
        w.push_row(2, row(&[(0, "Account"), (1, "ARR"), (2, "Usage")]));
        w.push_row(3, row(&[(2, "Logins"), (3, "Users")]));
        w.push_row(4, row(&[(0, "A-1"), (1, "100"), (2, "5"), (3, "2")]));
        let (out, notes) = text(w);
        assert_eq!(
            out,
            "Accounts, Q3\t\t\t\n\n\nAccount\tARR\tUsage Logins\tUsage Users\nA-1\t100\t5\t2\n"
        );
        assert!(notes[0].contains("rows 3–4"), "{notes:?}");
    }

    #[test]
    fn merge_without_sub_headers_is_numbered_and_body_merges_fill() {
        let merges = vec![
            Dimensions::new((0, 1), (0, 2)),
            Dimensions::new((1, 0), (2, 0)),
        ];
        let mut w = SheetWriter::new(0, merges);
        w.push_row(0, row(&[(0, "account_id"), (1, "Contact")]));
        w.push_row(1, row(&[(0, "A-1"), (1, "Dana"), (2, "7")]));
        w.push_row(2, row(&[(1, "Lee"), (2, "8")]));
        let (out, notes) = text(w);
        assert_eq!(
            out,
            "account_id\tContact (1)\tContact (2)\nA-1\tDana\t7\nA-1\tLee\t8\n"
        );
        assert!(notes.iter().any(|n| n.contains("numbered")), "{notes:?}");
        assert!(notes.iter().any(|n| n.contains("A2:A3 'A-1'")), "{notes:?}");
    }

    #[test]
    fn rows_keep_their_numbers_and_width() {
        let mut w = SheetWriter::new(1, Vec::new());
        w.push_row(1, row(&[(1, "a"), (2, "b"), (3, "c")]));
        w.push_row(
            4,
            vec![
                t("x"),
                (
                    2,
                    CellText {
                        text: "say \"hi\"\tthere".into(),
                        kind: Kind::Text,
                    },
                ),
            ],
        );
        w.push_row(5, row(&[(0, "lost"), (1, "y")]));
        let (out, notes) = text(w);
        assert_eq!(out, "\na\tb\tc\n\n\n\t\"say \"\"hi\"\"\tthere\"\t\ny\t\t\n");
        assert!(
            notes.iter().any(|n| n.contains("2 cell(s) left")),
            "{notes:?}"
        );
    }
}
