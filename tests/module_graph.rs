//! Layout rules checked on the source text (issue 11), counted the way the owner's layering
//! script (`before-stop`, its python part) counts them, so that this test fails whenever that
//! script reports a circle or a long file:
//! - a top-level module of `src/` is a `src/*.rs` file or a `src/<dir>`, except `lib.rs`,
//!   `main.rs` and `bin`;
//! - a file's text is read whole (comments and strings included) except the blocks
//!   `#[cfg(test)] mod name { … }`; files named `tests.rs` or `testkit.rs` are skipped, every
//!   other file is read, test-only files declared with `#[cfg(test)] mod name;` included;
//! - a module uses another when its text names `crate::other` or lists `other` among the words
//!   of a `crate::{…}` group (up to the first `}`);
//! - no circle between top-level modules;
//! - no `.rs` file under `src/` over [`MAX_LINES`] lines (newlines, outside those test blocks)
//!   and no `.js` file under `www/` outside `vendor`/`pkg` folders over [`MAX_LINES`] lines.
//!   The other web sources (`.mjs`, `.ts`, `.css`, `.html`) are held to the same bound.
//!
//! Run alone with `cargo test --test module_graph`; a failure names every circle (with a file
//! making each edge) or every long file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 500;

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

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The length of the word (`\w+`) at the start of `text`, 0 when there is none.
fn word_len(text: &str) -> usize {
    text.find(|c: char| !is_word(c)).unwrap_or(text.len())
}

/// Where a `#[cfg(test)] mod name {` opening starting at `at` ends (just after its `{`).
fn test_mod_opening(text: &str, at: usize) -> Option<usize> {
    let mut rest = text[at..].strip_prefix("#[cfg(test)]")?.trim_start();
    rest = rest.strip_prefix("mod")?;
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return None;
    }
    let name = word_len(trimmed);
    if name == 0 {
        return None;
    }
    let rest = trimmed[name..].trim_start().strip_prefix('{')?;
    Some(text.len() - rest.len())
}

/// The text without its `#[cfg(test)] mod name { … }` blocks (braces counted as written).
fn without_test_blocks(text: &str) -> String {
    let mut body = String::with_capacity(text.len());
    let mut kept_from = 0;
    for (at, _) in text.match_indices("#[cfg(test)]") {
        if at < kept_from {
            continue;
        }
        let Some(open) = test_mod_opening(text, at) else {
            continue;
        };
        body.push_str(&text[kept_from..at]);
        let mut depth = 1;
        let mut end = text.len();
        for (k, c) in text[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = open + k + 1;
                break;
            }
        }
        kept_from = end;
    }
    body.push_str(&text[kept_from..]);
    body
}

/// Every word the text names as `crate::word` or inside a `crate::{…}` group.
fn crate_words(body: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in body.match_indices("crate::") {
        let rest = &body[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // An unclosed group names nothing (the script's pattern needs the `}`).
            let group = &group[..group.find('}').unwrap_or(0)];
            out.extend(
                group
                    .split(|c: char| !is_word(c))
                    .filter(|w| !w.is_empty())
                    .map(String::from),
            );
        } else {
            let n = word_len(rest);
            if n > 0 {
                out.insert(rest[..n].to_string());
            }
        }
    }
    out
}

/// One Rust file of `src/`, as the rules read it.
struct Source {
    /// Path relative to the checkout (`src/scoring/blend.rs`).
    rel: String,
    /// The top-level module (`scoring`), or the first path part for `lib.rs`, `bin/…`.
    top: String,
    /// The text outside test blocks.
    body: String,
}

/// The top-level modules of `src/`.
fn top_modules(src: &Path) -> BTreeSet<String> {
    fs::read_dir(src)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let module = (name.ends_with(".rs") || e.path().is_dir())
                && !["lib.rs", "main.rs", "bin"].contains(&name.as_str());
            module.then(|| name.trim_end_matches(".rs").to_string())
        })
        .collect()
}

fn rust_sources(root: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    files_under(&root.join("src"), &mut files);
    files
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".rs") && name != "tests.rs" && name != "testkit.rs"
        })
        .map(|p| {
            let rel = relative(root, &p);
            let first = rel["src/".len()..].split('/').next().unwrap();
            let top = first.strip_suffix(".rs").unwrap_or(first).to_string();
            let text = fs::read_to_string(&p).unwrap();
            Source {
                rel,
                top,
                body: without_test_blocks(&text),
            }
        })
        .collect()
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

type Graph = BTreeMap<String, BTreeMap<String, String>>;

/// Edges between top-level modules, with one file that makes each edge.
fn module_graph(root: &Path) -> Graph {
    let tops = top_modules(&root.join("src"));
    let mut graph = Graph::new();
    for s in rust_sources(root) {
        if !tops.contains(&s.top) {
            continue;
        }
        for to in crate_words(&s.body) {
            if tops.contains(&to) && to != s.top {
                graph
                    .entry(s.top.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| s.rel.clone());
            }
        }
    }
    graph
}

fn reachable(graph: &Graph, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(here) = todo.pop() {
        for next in graph.get(&here).into_iter().flat_map(|e| e.keys()) {
            if seen.insert(next.clone()) {
                todo.push(next.clone());
            }
        }
    }
    seen
}

/// The circles as the owner's script reports them: each set of modules that reach one another.
fn circles(graph: &Graph) -> BTreeSet<Vec<String>> {
    let reach: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reachable(graph, m))).collect();
    let mut out = BTreeSet::new();
    for (m, from_m) in &reach {
        if !from_m.contains(*m) {
            continue;
        }
        let circle: BTreeSet<String> = from_m
            .iter()
            .filter(|o| reach.get(o).is_some_and(|r| r.contains(*m)))
            .cloned()
            .collect();
        out.insert(circle.into_iter().collect());
    }
    out
}

/// The edges inside a circle, each with a file that makes it.
fn describe(graph: &Graph, circle: &[String]) -> String {
    let mut lines = vec![format!("circle: {}", circle.join(" <-> "))];
    for from in circle {
        for (to, file) in graph.get(from).into_iter().flatten() {
            if circle.contains(to) {
                lines.push(format!("  {from} → {to} ({file})"));
            }
        }
    }
    lines.join("\n")
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = module_graph(&root());
    let found: Vec<String> = circles(&graph)
        .iter()
        .map(|c| describe(&graph, c))
        .collect();
    assert!(
        found.is_empty(),
        "import circles between top-level modules of src/ (move the code to the layer it \
         belongs to):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_reader_counts_like_the_owners_script() {
    let text = "use crate::{a::X, b::{Y, Z}, q};\nfn f() { crate::c::g(); }\n// crate::d\n\
                let s = \"crate::e\";\n#[cfg(test)]\nmod tests { use crate::f; { crate::g; } }\n\
                crate::h;\n#[cfg(test)]\nmod file_tests;\n#[cfg(test)]\nfn t() { crate::i; }\n";
    let body = without_test_blocks(text);
    assert!(body.contains("crate::h") && !body.contains("crate::f") && !body.contains("crate::g"));
    // Comments, strings, test functions and words of a nested group up to its first `}` count.
    let words: Vec<String> = crate_words(&body).into_iter().collect();
    assert_eq!(words, ["X", "Y", "Z", "a", "b", "c", "d", "e", "h", "i"]);
    assert!(!crate_words("use crate::{a::{B}, q};").contains("q"));

    let mut g = Graph::new();
    for (a, b) in [
        ("a", "b"),
        ("b", "c"),
        ("c", "a"),
        ("c", "d"),
        ("e", "f"),
        ("f", "e"),
    ] {
        g.entry(a.into())
            .or_default()
            .insert(b.into(), "f.rs".into());
    }
    let found: Vec<Vec<String>> = circles(&g).into_iter().collect();
    assert_eq!(found, [vec!["a", "b", "c"], vec!["e", "f"]]);
}

/// A circle made only by a test-only file that is not named `tests.rs` fails the rule.
#[test]
fn a_test_only_file_counts_unless_named_tests_rs() {
    let dir = std::env::temp_dir().join(format!("ch-module-graph-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    write("src/lib.rs", "pub mod low;\npub mod high;\n");
    write("src/high.rs", "use crate::low::X;\n");
    write(
        "src/low/mod.rs",
        "pub struct X;\n#[cfg(test)]\nmod end_to_end;\n",
    );
    write("src/low/end_to_end.rs", "use crate::high;\n");
    write("src/bin/cli.rs", "use crate::high;\n");
    let found = circles(&module_graph(&dir));
    assert_eq!(found.into_iter().collect::<Vec<_>>(), [vec!["high", "low"]]);
    fs::rename(
        dir.join("src/low/end_to_end.rs"),
        dir.join("src/low/tests.rs"),
    )
    .unwrap();
    assert!(circles(&module_graph(&dir)).is_empty());
    fs::remove_dir_all(&dir).unwrap();
}

/// Files over [`MAX_LINES`] lines as the owner counts them (see the module comment).
fn long_files(root: &Path) -> Vec<String> {
    let mut long = Vec::new();
    for s in rust_sources(root) {
        let n = s.body.matches('\n').count();
        if n > MAX_LINES {
            long.push(format!("{} ({n} lines)", s.rel));
        }
    }
    let mut web = Vec::new();
    files_under(&root.join("www"), &mut web);
    for path in web {
        let rel = relative(root, &path);
        let folder = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let owners_js = rel.ends_with(".js") && !rel.ends_with(".min.js");
        let other = [".mjs", ".ts", ".css", ".html"]
            .iter()
            .any(|e| rel.ends_with(e));
        if !(owners_js || other) || folder.contains("vendor") || folder.contains("pkg") {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let n = text.lines().count();
        if n > MAX_LINES {
            long.push(format!("{rel} ({n} lines)"));
        }
    }
    long
}

#[test]
fn no_long_source_files() {
    let long = long_files(&root());
    assert!(
        long.is_empty(),
        "source files over {MAX_LINES} lines (tests aside); split them by job:\n{}",
        long.join("\n")
    );
}
