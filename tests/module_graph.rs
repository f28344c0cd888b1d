//! Layout rules checked on the source text (issue 11):
//! - no import cycle between the top-level modules of `src/` (a module's non-test code names
//!   another through `crate::x`, `crate::{x, …}` or `super::x` reaching the crate root);
//! - no source file in `src/` or `www/` over [`MAX_LINES`] lines, test code aside
//!   (`#[cfg(test)]` items and the files they pull in, `tests.rs`, `testkit.rs`).
//!
//! Run alone with `cargo test --test module_graph`; a failure names every cycle (with a file
//! making each edge) or every long file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 500;

/// Files still over [`MAX_LINES`] while other branches of this session split them (issue 11:
/// model editor, widget). Temporary: remove an entry when its file is
/// split (the test prints the entries that are no longer needed).
const LONG_FILES_BEING_SPLIT: &[&str] = &[
];

/// The checkout to check: this one, or `CH_SOURCE_ROOT` (to run the rules on another tree,
/// e.g. an older commit extracted with `git archive`).
fn root() -> PathBuf {
    std::env::var_os("CH_SOURCE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The text with comments, string and char literals blanked (kept as spaces, so braces
/// inside them do not count and line numbers stay).
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend(bytes.iter().map(|&c| if c == b'\n' { b'\n' } else { b' ' }))
    };
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with(b"/*") {
            let end = rest
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(rest.len(), |p| p + 2);
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with(b"r#\"") || rest.starts_with(b"r\"") {
            let hashes = rest[1..].iter().take_while(|&&c| c == b'#').count();
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat(b'#').take(hashes))
                .collect();
            let start = 2 + hashes;
            let end = rest[start..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(rest.len(), |p| start + p + close.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest[0] == b'\'' {
            // A char literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            let end = if rest.get(1) == Some(&b'\\') {
                rest[2..].iter().position(|&c| c == b'\'').map(|p| p + 3)
            } else {
                let ch = std::str::from_utf8(&rest[1..rest.len().min(6)])
                    .ok()
                    .or_else(|| std::str::from_utf8(&rest[1..rest.len().min(5)]).ok())
                    .or_else(|| std::str::from_utf8(&rest[1..rest.len().min(4)]).ok())
                    .or_else(|| std::str::from_utf8(&rest[1..rest.len().min(3)]).ok())
                    .and_then(|s| s.chars().next());
                ch.map(char::len_utf8)
                    .filter(|&n| rest.get(1 + n) == Some(&b'\''))
                    .map(|n| n + 2)
            };
            let end = end.unwrap_or(1);
            blank(&mut out, &rest[..end]);
            i += end;
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The stripped text with every `#[cfg(test)]` item blanked; also returns the names of
/// `#[cfg(test)] mod name;` declarations (test-only files).
fn without_tests(stripped: &str) -> (String, Vec<String>) {
    let mut text = stripped.as_bytes().to_vec();
    let mut test_mods = Vec::new();
    let mut from = 0;
    while let Some(at) = stripped[from..].find("#[cfg(test)]").map(|p| p + from) {
        let after = at + "#[cfg(test)]".len();
        let item = &stripped[after..];
        let semi = item.find(';');
        let brace = item.find('{');
        let semi_first = match (semi, brace) {
            (Some(s), None) => Some(s),
            (Some(s), Some(b)) if s < b => Some(s),
            _ => None,
        };
        let end = match (semi_first, brace) {
            (Some(s), _) => {
                let decl = item[..s].trim();
                if let Some(name) = decl
                    .strip_prefix("mod ")
                    .or(decl.strip_prefix("pub(crate) mod "))
                {
                    test_mods.push(name.trim().to_string());
                }
                after + s + 1
            }
            (_, Some(b)) => {
                let mut depth = 0usize;
                let mut end = stripped.len();
                for (k, c) in stripped[after + b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = after + b + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            _ => stripped.len(),
        };
        for c in &mut text[at..end] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
        from = end;
    }
    (String::from_utf8_lossy(&text).into_owned(), test_mods)
}

/// Every Rust file of the library (path relative to `src/`), with its non-test text.
/// Files declared only under `#[cfg(test)]` and `tests.rs`/`testkit.rs` are left out.
fn library_sources() -> Vec<(String, String)> {
    let src = root().join("src");
    let mut files = Vec::new();
    files_under(&src, &mut files);
    let mut parsed = Vec::new();
    let mut test_files = BTreeSet::new();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("bin/") {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        let (code, test_mods) = without_tests(&strip(&text));
        let dir = match rel.rsplit_once('/') {
            Some((dir, file)) if file == "mod.rs" || file == "lib.rs" => format!("{dir}/"),
            Some((dir, file)) => format!("{dir}/{}/", file.trim_end_matches(".rs")),
            None if rel == "lib.rs" => String::new(),
            None => format!("{}/", rel.trim_end_matches(".rs")),
        };
        for m in test_mods {
            test_files.insert(format!("{dir}{m}.rs"));
            test_files.insert(format!("{dir}{m}/mod.rs"));
        }
        parsed.push((rel, code));
    }
    parsed
        .into_iter()
        .filter(|(rel, _)| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            !test_files.contains(rel)
                && !test_files.iter().any(|t| {
                    t.ends_with("/mod.rs") && rel.starts_with(t.trim_end_matches("mod.rs"))
                })
                && name != "tests.rs"
                && name != "testkit.rs"
        })
        .collect()
}

/// The top-level module a file belongs to (`scoring/blend.rs` → `scoring`).
fn top_module(rel: &str) -> String {
    rel.split('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".rs")
        .to_string()
}

fn ident_at(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    (end > 0).then(|| &text[..end])
}

/// The top-level modules the non-test code of `rel` names.
fn references(rel: &str, code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add_group = |inner: &str| {
        let mut depth = 0;
        let mut start = 0;
        let bytes = inner.as_bytes();
        for k in 0..=bytes.len() {
            let c = bytes.get(k).copied().unwrap_or(b',');
            match c {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                b',' if depth == 0 => {
                    if let Some(id) = ident_at(inner[start..k].trim_start()) {
                        out.insert(id.to_string());
                    }
                    start = k + 1;
                }
                _ => {}
            }
        }
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(group.len(), |(k, _)| k);
            add_group(&group[..end]);
        } else if let Some(id) = ident_at(rest) {
            add_group(id);
        }
    }
    // `super::` chains that climb to the crate root.
    let depth = rel.split('/').count() - usize::from(rel.ends_with("mod.rs"));
    let climb = "super::".repeat(depth);
    for (at, _) in code.match_indices(&climb) {
        let rest = &code[at + climb.len()..];
        if !rest.starts_with("super::") {
            if let Some(id) = ident_at(rest) {
                out.insert(id.to_string());
            }
        }
    }
    let own = top_module(rel);
    out.retain(|m| *m != own);
    out
}

/// Edges between top-level modules, with one file that makes each edge.
fn module_graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let sources = library_sources();
    let modules: BTreeSet<String> = sources
        .iter()
        .map(|(rel, _)| top_module(rel))
        .filter(|m| m != "lib")
        .collect();
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (rel, code) in &sources {
        let from = top_module(rel);
        if from == "lib" {
            continue;
        }
        for to in references(rel, code) {
            if modules.contains(&to) {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| rel.clone());
            }
        }
    }
    graph
}

/// Every elementary cycle's smallest representative, found by DFS from each node.
fn cycles(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        start: &str,
        path: &mut Vec<String>,
        found: &mut BTreeSet<Vec<String>>,
    ) {
        let here = path.last().cloned().unwrap_or_default();
        for next in graph.get(&here).into_iter().flat_map(|e| e.keys()) {
            if next == start {
                found.insert(path.clone());
            } else if next.as_str() > start && !path.contains(next) && path.len() < 12 {
                path.push(next.clone());
                walk(graph, start, path, found);
                path.pop();
            }
        }
    }
    let mut found = BTreeSet::new();
    for start in graph.keys() {
        walk(graph, start, &mut vec![start.clone()], &mut found);
    }
    found.into_iter().collect()
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = module_graph();
    let found = cycles(&graph);
    let described: Vec<String> = found
        .iter()
        .map(|cycle| {
            let mut steps = Vec::new();
            for (k, from) in cycle.iter().enumerate() {
                let to = &cycle[(k + 1) % cycle.len()];
                steps.push(format!("{from} → {to} ({})", graph[from][to]));
            }
            steps.join(", ")
        })
        .collect();
    assert!(
        described.is_empty(),
        "import cycles between top-level modules of src/:\n{}",
        described.join("\n")
    );
}

#[test]
fn the_cycle_finder_sees_a_cycle_and_the_parser_sees_imports() {
    let code = strip("use crate::{a::X, b::{Y, Z}};\nfn f() { crate::c::g(); let s = \"crate::d\"; }\n// crate::e\n#[cfg(test)]\nmod tests { use crate::f; }\n");
    let (code, _) = without_tests(&code);
    let refs = references("m/x.rs", &code);
    assert_eq!(
        refs,
        ["a", "b", "c"].map(String::from).into_iter().collect()
    );
    assert_eq!(
        references("m/mod.rs", "use super::n::T;"),
        ["n".to_string()].into_iter().collect()
    );
    assert!(references("m/x.rs", "use super::n::T;").is_empty());
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        g.entry(a.into()).or_default().insert(b.into(), "f".into());
    }
    assert_eq!(
        cycles(&g),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
}

/// Lines of `text` outside `#[cfg(test)]` items.
fn code_lines(path: &Path, text: &str) -> usize {
    if path.extension().is_some_and(|e| e == "rs") {
        let (code, _) = without_tests(&strip(text));
        // Count the lines that still hold code or were blank to begin with, minus the tail of
        // blanked test items.
        let kept: Vec<&str> = code.lines().collect();
        let orig: Vec<&str> = text.lines().collect();
        kept.iter()
            .zip(&orig)
            .filter(|(k, o)| !k.trim().is_empty() || o.trim().is_empty())
            .count()
    } else {
        text.lines().count()
    }
}

#[test]
fn no_long_source_files() {
    let root = root();
    let mut files = Vec::new();
    files_under(&root.join("src"), &mut files);
    files_under(&root.join("www"), &mut files);
    let test_files: BTreeSet<String> = {
        let libs: BTreeSet<String> = library_sources()
            .into_iter()
            .map(|(r, _)| format!("src/{r}"))
            .collect();
        files
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .filter(|r| {
                r.starts_with("src/")
                    && r.ends_with(".rs")
                    && !r.starts_with("src/bin/")
                    && !libs.contains(r)
            })
            .collect()
    };
    let mut long = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let source = ["rs", "js", "mjs", "ts", "css", "html"]
            .iter()
            .any(|e| rel.ends_with(&format!(".{e}")));
        let generated = rel.starts_with("www/pkg/")
            || rel.starts_with("www/vendor/")
            || rel.starts_with("www/demo/")
            || rel.contains("/node_modules/");
        if !source || generated || test_files.contains(&rel) {
            continue;
        }
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let n = code_lines(path, &text);
        if n > MAX_LINES {
            long.push((rel, n));
        }
    }
    let unexpected: Vec<String> = long
        .iter()
        .filter(|(rel, _)| !LONG_FILES_BEING_SPLIT.contains(&rel.as_str()))
        .map(|(rel, n)| format!("{rel}: {n} lines"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "source files over {MAX_LINES} lines (tests aside); split them by job:\n{}",
        unexpected.join("\n")
    );
    let stale: Vec<&str> = LONG_FILES_BEING_SPLIT
        .iter()
        .copied()
        .filter(|f| !long.iter().any(|(rel, _)| rel == f))
        .collect();
    if !stale.is_empty() {
        eprintln!(
            "no longer over {MAX_LINES} lines, remove from LONG_FILES_BEING_SPLIT: {stale:?}"
        );
    }
}
