//! A coverage-free, adversarial mutation fuzzer of the whole engine (ingest → scoring →
//! exports). Ignored by default; CI runs a bounded pass:
//!
//! ```text
//! FUZZ_SECONDS=90 cargo test --profile fuzz --test fuzz_engine -- --ignored --nocapture
//! ```
//!
//! Seeds: every file under `tests/corpus/` (≤ 1 MiB), the first lines of `www/demo/*.csv`,
//! and built-in well-formed tables of every kind (CSV, TSV, `;`-delimited, JSON, UTF-16).
//! Each iteration picks 1–3 seeds, applies 1–10 structure-aware mutations (byte flips,
//! inserted quotes / delimiters / NUL / CR / BOM / invalid UTF-8, duplicated or truncated
//! lines, swapped columns, spliced seeds, huge fields, Excel serial dates, formulas, numbers at
//! the edge of f64, UTF-16 re-encoding, JSON nesting…), gives each file a name, random chunk
//! cuts and sometimes a forced table kind, sometimes a mutated model, and checks the oracle of
//! `tests/fuzz_harness` (no panic, same result for any chunk split, reconciled row counts,
//! bounded scores, well-formed and formula-safe exports). Inputs whose behaviour signature is
//! new are added to the working corpus (a cheap stand-in for coverage feedback).
//!
//! Environment: `FUZZ_SECONDS` (default 60), `FUZZ_SEED` (default: from the clock),
//! `FUZZ_HANG_SECS` (per-input watchdog, default 20), `FUZZ_RSS_MB` (resident-memory watchdog,
//! default 4096), `FUZZ_GROWTH_MB` (most resident memory one input may add, default 1024),
//! `FUZZ_REPRO=dir` (re-run one saved case).
//! Failures are saved under `target/fuzz-failures/<kind>-<seed>-<iteration>/` (the files,
//! `case.json` with names, cuts, mappings and model) and fail the test at the end.
#![cfg(not(target_arch = "wasm32"))]

mod fuzz_harness;

use fuzz_harness::{check, Case, FileCase, KINDS, NAMES};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use customer_health::ingest::report::MappingOverride;
use customer_health::model::config::DEFAULT_MODEL_JSON;

// ---------------------------------------------------------------------------------------
// Random numbers (xorshift64*, no dependency)
// ---------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    #[allow(clippy::explicit_auto_deref)]
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------

fn builtin_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = [
        "account_id,name,arr,seats,plan,region,csat,nps,logins_30d,active_users,goal_progress,features_used,success_plan,tickets_30d\nA1,Acme,12000,10,pro,EMEA,0.8,30,40,6,0.5,4,yes,2\nA2,\"Beta, Inc.\",50000,25,enterprise,NA,0.6,-10,5,2,0.2,1,no,9\nA3,Gamma,,3,starter,APAC,,,,,,,,\n",
        "account_id,user_id,date,feature,count,duration_secs\nA1,u1,2024-06-01,reports,5,300\nA1,u2,2024-06-15,alerts,1,20\nA2,u3,2024-05-20,reports,12,900\nA3,u4,06/01/2024,export,3,\n",
        "account_id,response_date,survey_type,score,comment\nA1,2024-06-10,nps,9,Great\nA2,2024-06-11,csat,2,\"Switching to Rival, too slow\"\nA3,2024-06-12,nps,4,\n",
        "ticket_id,account_id,created_at,resolved_at,priority,category,satisfaction\nT1,A1,2024-06-01 09:00:00,2024-06-02 10:30:00,high,bug,4\nT2,A2,2024-06-03T08:00:00Z,,low,question,\n",
        "account_id,goal,kind,baseline,target,current,due_date,status,completed_date\nA1,Cut churn,goal,10,5,7,2024-12-31,on_track,\nA1,Launch,milestone,,,,2024-05-01,done,2024-04-28\nA2,Adoption,goal,0,100,120,,,\n",
        "account_id,date,type,direction\nA1,2024-06-20,call,outbound\nA2,2024-01-02,email,inbound\n",
        "release_date,feature,notes\n2024-05-01,reports,New reports\n2024-06-01,alerts,\n",
        "subscription_id,account_id,start_date,end_date,seats,arr,plan,churned\nS1,A1,2023-01-01,2025-01-01,10,12000,pro,false\nS2,A2,2022-01-01,2024-03-01,5,3000,starter,true\n",
        "account_id,churn_date,reason\nA2,2024-03-01,price\n",
        "account_id;name;arr;seats\nA1;Acme;1.234,50;10\nA2;Beta;99,9;3\n",
        "account_id\tdate\tcount\nA1\t2024-06-01\t3\nA2\t45444\t2\n",
        "account_id|name|arr\nA1|Acme|100\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    seeds.push(
        br#"[{"account_id":"A1","name":"Acme","arr":12000,"seats":10},{"account_id":"A2","name":null,"arr":"5e3","seats":true},3,{"account_id":{"nested":[1,2]}}]"#.to_vec(),
    );
    seeds.push(
        br#"{"data":[{"account_id":"A1","date":"2024-06-01","count":4,"user_id":"u1"}],"meta":{"v":1}}"#.to_vec(),
    );
    // UTF-16 LE with BOM.
    let text = "account_id,name,arr\nA1,Zoë ✓,100\nA2,مرحبا,200\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    seeds.push(utf16);
    seeds
}

fn corpus_files(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            corpus_files(&p, out);
        } else if let Ok(meta) = p.metadata() {
            if meta.len() <= 1 << 20 {
                if let Ok(bytes) = std::fs::read(&p) {
                    out.push(bytes);
                }
            }
        }
    }
}

fn demo_heads(out: &mut Vec<Vec<u8>>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/demo");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.extension().is_some_and(|e| e == "csv") {
            if let Ok(text) = std::fs::read_to_string(&p) {
                let head: Vec<&str> = text.lines().take(60).collect();
                out.push((head.join("\n") + "\n").into_bytes());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------

const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"|",
    b"\n",
    b"\r",
    b"\r\n",
    b"\0",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xC3",
    b"\xE2\x82",
    b"\xF0\x9F\x98\x80",
    b"\xED\xA0\x80",
    b"\xC0\xAF",
    b"\xE9",
    b"=HYPERLINK(\"http://evil.example\",\"x\")",
    b"+cmd|' /C calc'!A0",
    b"-2+3",
    b"@SUM(A1:A9)",
    b"\t=1+1",
    b"<img src=x onerror=alert(1)>",
    b"<script>alert(1)</script>",
    b"\xE2\x80\xAE",
    b"\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9",
    b"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9",
    b"1e308",
    b"-1e308",
    b"1e309",
    b"NaN",
    b"inf",
    b"-0",
    b"0x1F",
    b"99999999999999999999999999",
    b"-9223372036854775808",
    b"4294967296",
    b"1.234,56",
    b"1,234.56",
    b"45444",
    b"45444.5",
    b"2024-02-30",
    b"2024-13-01",
    b"0000-00-00",
    b"9999-12-31",
    b"1899-12-30",
    b"31/12/2024",
    b"12/31/2024",
    b"2024-06-01T25:61:61Z",
    b"2024-06-01T10:00:00+14:00",
    b"1717200000",
    b"1717200000000",
    b"TRUE",
    b"yes",
    b"",
    b" ",
    b"null",
    b"[",
    b"]",
    b"{",
    b"}",
    b"{\"a\":",
    b"\\u0000",
    b"\\ud800",
    b"account_id",
    b"date",
    b"count",
    b"score",
    b"arr",
    b"seats",
    b"user_id",
    b"feature",
    b"subscription_id",
    b"opened_at",
    b"resolved_at",
    b"goal",
    b"target",
    b"current",
];

fn random_token(rng: &mut Rng) -> Vec<u8> {
    rng.pick(TOKENS).to_vec()
}

fn line_spans(data: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &b) in data.iter().enumerate() {
        if b == b'\n' {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < data.len() {
        spans.push((start, data.len()));
    }
    spans
}

#[allow(clippy::explicit_auto_deref)]
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, others: &[Vec<u8>]) {
    let len = data.len();
    match rng.below(24) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = rng.next() as u8;
        }
        2..=4 => {
            let i = rng.below(len + 1);
            let t = random_token(rng);
            data.splice(i..i, t);
        }
        5 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(64));
            data.drain(i..i + n);
        }
        6 if len > 0 => {
            // Truncate (a cut-off download).
            let i = rng.below(len);
            data.truncate(i);
        }
        7 => {
            // Duplicate a line many times.
            let spans = line_spans(data);
            if !spans.is_empty() {
                let (s, e) = *rng.pick(&spans);
                let line = data[s..e].to_vec();
                let max = if rng.chance(8) { 2000 } else { 5 };
                // Bounded: the fuzzer itself must not allocate gigabytes (a 1 MiB line × 2000).
                let times = (1 + rng.below(max))
                    .min((4 << 20) / line.len().max(1))
                    .max(1);
                let mut insert = Vec::with_capacity(line.len() * times);
                for _ in 0..times {
                    insert.extend_from_slice(&line);
                }
                data.splice(e..e, insert);
            }
        }
        8 => {
            // Delete or swap lines.
            let spans = line_spans(data);
            if spans.len() >= 2 {
                let a = rng.below(spans.len());
                let b = rng.below(spans.len());
                let (sa, ea) = spans[a.min(b)];
                let (sb, eb) = spans[a.max(b)];
                if rng.chance(2) || a == b {
                    data.drain(sa..ea);
                } else {
                    let la = data[sa..ea].to_vec();
                    let lb = data[sb..eb].to_vec();
                    let mut out = data[..sa].to_vec();
                    out.extend_from_slice(&lb);
                    out.extend_from_slice(&data[ea..sb]);
                    out.extend_from_slice(&la);
                    out.extend_from_slice(&data[eb..]);
                    *data = out;
                }
            }
        }
        9 => {
            // Replace one field of a line with a token.
            let spans = line_spans(data);
            if !spans.is_empty() {
                let (s, e) = *rng.pick(&spans);
                let fields: Vec<usize> = (s..e)
                    .filter(|&i| matches!(data[i], b',' | b';' | b'\t' | b'|'))
                    .collect();
                let start = if fields.is_empty() {
                    s
                } else {
                    rng.pick(&fields) + 1
                };
                let end = (start..e)
                    .find(|&i| matches!(data[i], b',' | b';' | b'\t' | b'|' | b'\n' | b'\r'))
                    .unwrap_or(e);
                let t = random_token(rng);
                data.splice(start..end, t);
            }
        }
        10 => {
            // Splice in part of another seed.
            if !others.is_empty() {
                let o = rng.pick(others);
                if !o.is_empty() {
                    let a = rng.below(o.len());
                    let b = a + rng.below(o.len() - a + 1);
                    let i = rng.below(len + 1);
                    data.splice(i..i, o[a..b].iter().copied());
                }
            }
        }
        11 => {
            // A huge field.
            let i = rng.below(len + 1);
            let n = [1 << 10, 1 << 14, 1 << 17, 1 << 20][rng.below(4)];
            let byte = *rng.pick(b"a\",\n9 \0");
            data.splice(i..i, std::iter::repeat(byte).take(n));
        }
        12 => {
            // Many columns.
            let i = rng.below(len + 1);
            let n = [100, 5000, 70_000][rng.below(3)];
            let mut cols = Vec::with_capacity(n * 3);
            for k in 0..n {
                cols.extend_from_slice(format!(",c{k}").as_bytes());
            }
            data.splice(i..i, cols);
        }
        13 => {
            // Re-encode the (lossy) text as UTF-16, either endianness, with or without BOM.
            let text = String::from_utf8_lossy(data).into_owned();
            let be = rng.chance(2);
            let mut out = Vec::new();
            if rng.chance(3) {
                out.extend_from_slice(if be { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
            }
            for u in text.encode_utf16() {
                out.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            if rng.chance(4) && !out.is_empty() {
                out.pop(); // odd length
            }
            *data = out;
        }
        14 => {
            // Re-encode as Latin-1 (é → 0xE9).
            let text = String::from_utf8_lossy(data).into_owned();
            *data = text
                .chars()
                .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
                .collect();
        }
        15 => {
            // CRLF ↔ LF ↔ CR.
            let text = String::from_utf8_lossy(data).into_owned();
            let out = match rng.below(3) {
                0 => text.replace('\n', "\r\n"),
                1 => text.replace("\r\n", "\n"),
                _ => text.replace('\n', "\r"),
            };
            *data = out.into_bytes();
        }
        16 => {
            // Swap the delimiter.
            let from = *rng.pick(b",;\t|");
            let to = *rng.pick(b",;\t| :");
            for b in data.iter_mut() {
                if *b == from {
                    *b = to;
                }
            }
        }
        17 => {
            // Wrap the text in JSON-ish nesting.
            let depth = [1, 10, 100, 129, 1000, 100_000][rng.below(6)];
            let mut out = Vec::with_capacity(depth * 2 + data.len());
            out.extend(std::iter::repeat(b'[').take(depth));
            out.extend_from_slice(data);
            if !rng.chance(4) {
                out.extend(std::iter::repeat(b']').take(depth));
            }
            *data = out;
        }
        18 => {
            // Blank lines and whitespace-only lines.
            let i = rng.below(len + 1);
            let t: &[u8] =
                *rng.pick(&[&b"\n\n\n"[..], b"   \n", b",,,,\n", b"\r\n\r\n", b" \t \n"]);
            data.splice(i..i, t.iter().copied());
        }
        19 => {
            // Number edits: replace a digit run with an extreme number.
            let runs: Vec<(usize, usize)> = {
                let mut v = Vec::new();
                let mut i = 0;
                while i < len {
                    if data[i].is_ascii_digit() {
                        let s = i;
                        while i < len && (data[i].is_ascii_digit() || data[i] == b'.') {
                            i += 1;
                        }
                        v.push((s, i));
                    } else {
                        i += 1;
                    }
                }
                v
            };
            if !runs.is_empty() {
                let (s, e) = *rng.pick(&runs);
                let t: &[u8] = *rng.pick(&[
                    &b"0"[..],
                    b"-1",
                    b"1e308",
                    b"1e-320",
                    b"340282366920938463463374607431768211456",
                    b"4294967295",
                    b"2147483648",
                    b"-2147483649",
                    b"0.0000001",
                    b"45444",
                    b"99999",
                    b"1",
                ]);
                data.splice(s..e, t.iter().copied());
            }
        }
        20 => {
            // Duplicate the header's first column name (duplicated headers).
            let spans = line_spans(data);
            if let Some(&(s, e)) = spans.first() {
                let end = (s..e)
                    .find(|&i| matches!(data[i], b',' | b';' | b'\t' | b'|' | b'\n' | b'\r'))
                    .unwrap_or(e);
                let name = data[s..end].to_vec();
                let mut ins = vec![b','];
                ins.extend_from_slice(&name);
                data.splice(end..end, ins);
            }
        }
        21 => {
            // Only a BOM / only a header.
            let spans = line_spans(data);
            if rng.chance(2) {
                if let Some(&(_, e)) = spans.first() {
                    data.truncate(e);
                }
            } else {
                *data = b"\xEF\xBB\xBF".to_vec();
            }
        }
        22 if len > 0 => {
            // Repeat a random slice (exercises long records and chunk boundaries).
            let a = rng.below(len);
            let b = (a + 1 + rng.below(64)).min(len);
            let slice = data[a..b].to_vec();
            let times = 1 + rng.below(200);
            let mut ins = Vec::new();
            for _ in 0..times {
                ins.extend_from_slice(&slice);
            }
            data.splice(b..b, ins);
        }
        _ => {
            let i = rng.below(len + 1);
            data.insert(i, rng.next() as u8);
        }
    }
}

#[allow(clippy::explicit_auto_deref)]
fn mutate_model(rng: &mut Rng) -> String {
    let mut text = DEFAULT_MODEL_JSON.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = text.len();
        match rng.below(6) {
            0 => {
                // Change a number.
                let digits: Vec<usize> = (0..len).filter(|&i| text[i].is_ascii_digit()).collect();
                if !digits.is_empty() {
                    let i = *rng.pick(&digits);
                    let t: &[u8] = *rng.pick(&[
                        &b"0"[..],
                        b"-1",
                        b"1e308",
                        b"9999",
                        b"0.0001",
                        b"100",
                        b"101",
                        b"3661",
                    ]);
                    text.splice(i..i + 1, t.iter().copied());
                }
            }
            1 => {
                // Swap two quoted strings (measure ids, methods).
                let quotes: Vec<usize> = (0..len).filter(|&i| text[i] == b'"').collect();
                if quotes.len() >= 4 {
                    let q = rng.below(quotes.len() / 2) * 2;
                    let r = rng.below(quotes.len() / 2) * 2;
                    let a = text[quotes[q]..=quotes[q + 1]].to_vec();
                    let b = text[quotes[r]..=quotes[r + 1]].to_vec();
                    if quotes[q] < quotes[r] {
                        text.splice(quotes[r]..=quotes[r + 1], a);
                        text.splice(quotes[q]..=quotes[q + 1], b);
                    }
                }
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below(20).min(len - i - 1);
                text.drain(i..i + n);
            }
            3 => {
                let s = String::from_utf8_lossy(&text)
                    .replacen("\"median\"", "50", 1)
                    .replacen("\"as_of\": null", "\"as_of\": \"2024-06-30\"", 1);
                text = s.into_bytes();
            }
            4 => {
                // Duplicate an array element region.
                let s = String::from_utf8_lossy(&text).into_owned();
                if let Some(i) = s.find("{ \"measure\"") {
                    let end = s[i..].find('}').map(|e| i + e + 1).unwrap_or(i);
                    let elt = s[i..end].to_string();
                    text = format!("{}{}}}, {}", &s[..i], &elt, &s[i..]).into_bytes();
                }
            }
            _ => {
                let i = rng.below(len + 1);
                text.splice(i..i, random_token(rng));
            }
        }
    }
    String::from_utf8_lossy(&text).into_owned()
}

fn random_name(rng: &mut Rng) -> String {
    if rng.chance(10) {
        let weird = [
            "",
            "../../etc/passwd",
            "<script>alert(1)</script>.csv",
            "données clients.CSV",
            "📈.json",
            "a\0b.csv",
            "name with\nnewline.csv",
        ];
        rng.pick(&weird).to_string()
    } else {
        rng.pick(&NAMES).to_string()
    }
}

fn random_mapping(rng: &mut Rng, bytes: &[u8]) -> Option<MappingOverride> {
    if !rng.chance(6) {
        return None;
    }
    let mut m = MappingOverride::default();
    if rng.chance(2) {
        m.kind = Some(*rng.pick(&KINDS));
    }
    let head = &bytes[..bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len())];
    let head = String::from_utf8_lossy(head);
    let fields = [
        "account_id",
        "date",
        "count",
        "score",
        "arr",
        "name",
        "ignore",
        "",
        "nonsense_field",
        "opened",
        "seats",
        "subscription_id",
    ];
    for h in head.split([',', ';', '\t', '|']).take(30) {
        if rng.chance(2) {
            m.columns
                .insert(h.trim().to_string(), rng.pick(&fields).to_string());
        }
    }
    Some(m)
}

fn random_cuts(rng: &mut Rng, len: usize) -> Vec<usize> {
    match rng.below(6) {
        0 => Vec::new(),
        1 if len < 4096 => (1..len).collect(), // byte by byte
        2 => {
            let step = 1 + rng.below(17);
            (1..len / step + 1)
                .map(|i| i * step)
                .take(200_000)
                .collect()
        }
        _ => (0..1 + rng.below(30)).map(|_| rng.below(len + 1)).collect(),
    }
}

// ---------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------

fn save_case(case: &Case, dir: &Path, message: &str) {
    let _ = std::fs::create_dir_all(dir);
    let mut manifest = Vec::new();
    for (i, f) in case.files.iter().enumerate() {
        let file = format!("file{i}.bin");
        let _ = std::fs::write(dir.join(&file), &f.bytes);
        manifest.push(serde_json::json!({
            "file": file,
            "name": f.name,
            "cuts": f.cuts,
            "mapping": f.mapping,
        }));
    }
    let doc = serde_json::json!({
        "message": message,
        "files": manifest,
        "model": case.model,
    });
    let _ = std::fs::write(
        dir.join("case.json"),
        serde_json::to_string_pretty(&doc).unwrap_or_default(),
    );
}

fn load_case(dir: &Path) -> Case {
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("case.json")).expect("case.json"))
            .expect("case.json parses");
    let files = doc["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| FileCase {
            name: f["name"].as_str().unwrap_or("").to_string(),
            bytes: std::fs::read(dir.join(f["file"].as_str().unwrap_or(""))).unwrap_or_default(),
            cuts: serde_json::from_value(f["cuts"].clone()).unwrap_or_default(),
            mapping: serde_json::from_value(f["mapping"].clone()).unwrap_or_default(),
        })
        .collect();
    Case {
        files,
        model: doc["model"].as_str().map(str::to_string),
    }
}

fn failures_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("fuzz-failures")
}

/// Resident memory of this process in MiB (Linux; 0 elsewhere).
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / (1 << 20))
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

// ---------------------------------------------------------------------------------------
// The loop
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct Stats {
    iterations: u64,
    bytes: u64,
    rows_read: u64,
    rows_used: u64,
    accounts: u64,
    scored: u64,
    models_accepted: u64,
    corpus_added: u64,
    slowest: Duration,
    slowest_bytes: usize,
    max_growth_mb: u64,
    failures: Vec<String>,
}

#[test]
#[ignore = "fuzzing: run with FUZZ_SECONDS=N cargo test --profile fuzz --test fuzz_engine -- --ignored"]
fn fuzz_engine() {
    if let Some(dir) = std::env::var_os("FUZZ_REPRO") {
        let case = load_case(Path::new(&dir));
        let r = check(&case);
        println!("repro: {r:?}");
        r.expect("the saved case passes");
        return;
    }
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let rss_limit_mb: u64 = std::env::var("FUZZ_RSS_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4096);
    let growth_limit_mb: u64 = std::env::var("FUZZ_GROWTH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let hang_secs: u64 = std::env::var("FUZZ_HANG_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        });
    let mut seeds = builtin_seeds();
    corpus_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"),
        &mut seeds,
    );
    demo_heads(&mut seeds);
    println!(
        "fuzz_engine: seed {seed}, {} seeds, {seconds} s budget, hang watchdog {hang_secs} s, memory watchdog {rss_limit_mb} MiB",
        seeds.len()
    );

    // The watchdog: the loop runs on its own thread and stamps each input's start; an input
    // running past the hang budget is saved and the process exits non-zero.
    let started_ms = Arc::new(AtomicU64::new(0));
    let current: Arc<Mutex<Option<Case>>> = Arc::new(Mutex::new(None));
    let done = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now();
    let watchdog = {
        let (started_ms, current, done) = (started_ms.clone(), current.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let s = started_ms.load(Ordering::Relaxed);
                let now = t0.elapsed().as_millis() as u64;
                // Memory: an input that makes the engine balloon would crash a browser tab.
                let rss_mb = resident_mb();
                if rss_mb > rss_limit_mb {
                    let dir = failures_dir().join(format!("memory-{seed}"));
                    if let Ok(guard) = current.lock() {
                        if let Some(case) = guard.as_ref() {
                            save_case(case, &dir, &format!("resident memory {rss_mb} MiB"));
                        }
                    }
                    eprintln!(
                        "fuzz_engine: MEMORY — resident {rss_mb} MiB over {rss_limit_mb} MiB; input saved to {}",
                        dir.display()
                    );
                    std::process::exit(1);
                }
                if s > 0 && now.saturating_sub(s) > hang_secs * 1000 {
                    let dir = failures_dir().join(format!("hang-{seed}"));
                    if let Ok(guard) = current.lock() {
                        if let Some(case) = guard.as_ref() {
                            save_case(case, &dir, "hang");
                        }
                    }
                    eprintln!(
                        "fuzz_engine: HANG — an input ran over {hang_secs} s; saved to {}",
                        dir.display()
                    );
                    std::process::exit(1);
                }
            }
        })
    };

    // Quiet panics: they are caught, counted and saved.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));

    let mut rng = Rng(seed.max(1));
    let mut corpus = seeds.clone();
    let mut signatures: HashSet<Vec<String>> = HashSet::new();
    let mut stats = Stats::default();
    let deadline = Duration::from_secs(seconds);
    while t0.elapsed() < deadline && stats.failures.len() < 5 {
        // Build a case.
        let n_files = 1 + rng.below(3);
        let mut case = Case::default();
        for _ in 0..n_files {
            let mut bytes = rng.pick(&corpus).clone();
            let n_mut = 1 + rng.below(10);
            for _ in 0..n_mut {
                mutate(&mut rng, &mut bytes, &seeds);
                // Keep every intermediate input bounded (8 MiB), not only the final one.
                bytes.truncate(8 << 20);
            }
            let cuts = random_cuts(&mut rng, bytes.len());
            let mapping = random_mapping(&mut rng, &bytes);
            case.files.push(FileCase {
                name: random_name(&mut rng),
                bytes,
                cuts,
                mapping,
            });
        }
        if rng.chance(8) {
            case.model = Some(mutate_model(&mut rng));
        }
        let size: usize = case.files.iter().map(|f| f.bytes.len()).sum();
        if let Ok(mut g) = current.lock() {
            *g = Some(case.clone());
        }
        let rss_before = resident_mb();
        let start = Instant::now();
        started_ms.store(t0.elapsed().as_millis().max(1) as u64, Ordering::Relaxed);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&case)));
        started_ms.store(0, Ordering::Relaxed);
        let took = start.elapsed();
        // Resident memory only grows at a new peak, so growth is charged to the input that
        // caused it (the watchdog may see a later, innocent input).
        let grew = resident_mb().saturating_sub(rss_before);
        stats.max_growth_mb = stats.max_growth_mb.max(grew);
        stats.iterations += 1;
        stats.bytes += size as u64;
        if took > stats.slowest {
            stats.slowest = took;
            stats.slowest_bytes = size;
        }
        let failure = match result {
            Ok(Ok(_)) if grew > growth_limit_mb => Some((
                "memory",
                format!("resident memory grew by {grew} MiB on one input of {size} bytes"),
            )),
            Ok(Ok(outcome)) => {
                stats.rows_read += outcome.rows_read;
                stats.rows_used += outcome.rows_used;
                stats.accounts += outcome.accounts as u64;
                stats.scored += outcome.scored as u64;
                stats.models_accepted += outcome.model_accepted as u64;
                let mut sig = outcome.signature;
                sig.sort();
                sig.dedup();
                if size <= 256 << 10 && signatures.insert(sig) && corpus.len() < 4000 {
                    // New behaviour: keep one of its files for further mutation.
                    let f = rng.pick(&case.files);
                    corpus.push(f.bytes.clone());
                    stats.corpus_added += 1;
                }
                None
            }
            Ok(Err(message)) => Some(("invariant", message)),
            Err(p) => Some(("panic", panic_message(&*p))),
        };
        if let Some((kind, message)) = failure {
            let dir = failures_dir().join(format!("{kind}-{seed}-{}", stats.iterations));
            save_case(&case, &dir, &message);
            let line = format!("{kind}: {message} (saved to {})", dir.display());
            eprintln!("fuzz_engine: {line}");
            stats.failures.push(line);
        }
    }
    done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    std::panic::set_hook(default_hook);
    let elapsed = t0.elapsed().as_secs_f64();
    println!(
        "fuzz_engine: {} iterations in {elapsed:.1} s ({:.0}/s), {:.1} MiB of input, {} rows read ({} used), {} accounts ({} scored), {} mutated models accepted, {} inputs added to the corpus, slowest input {:.0} ms ({} bytes), largest memory growth on one input {} MiB, {} failures",
        stats.iterations,
        stats.iterations as f64 / elapsed.max(1e-9),
        stats.bytes as f64 / (1 << 20) as f64,
        stats.rows_read,
        stats.rows_used,
        stats.accounts,
        stats.scored,
        stats.models_accepted,
        stats.corpus_added,
        stats.slowest.as_secs_f64() * 1000.0,
        stats.slowest_bytes,
        stats.max_growth_mb,
        stats.failures.len()
    );
    assert!(
        stats.failures.is_empty(),
        "fuzz failures:\n{}",
        stats.failures.join("\n")
    );
}
