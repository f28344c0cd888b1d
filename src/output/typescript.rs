//! The TypeScript string-literal unions of the engine's catalogues (`www/lib/catalogue.d.ts`),
//! written from the same [`vocabulary`] the browser receives: built-in measures, flags,
//! quadrants, table kinds and segment dimensions. Adding a built-in measure (or a flag, a
//! table kind…) changes the unions with no hand edit; `tests/typescript_catalogue.rs` fails
//! when the committed file is stale and names the command that rewrites it:
//! `cargo run --quiet --bin customer-health -- typescript > www/lib/catalogue.d.ts`
//! (scripts/build.sh and scripts/build-npm.sh run it).

use crate::model::config::Model;
use crate::output::vocabulary::vocabulary;

/// The command that writes the file, named in its header and in the staleness test.
pub const REGENERATE: &str =
    "cargo run --quiet --bin customer-health -- typescript > www/lib/catalogue.d.ts";

/// One `export type Name = | 'a' | 'b';` block with its doc comment.
fn union(out: &mut String, name: &str, doc: &str, ids: &[&str]) {
    out.push_str(&format!("\n/** {doc} */\nexport type {name} =\n"));
    for (k, id) in ids.iter().enumerate() {
        let quoted = id.replace('\\', "\\\\").replace('\'', "\\'");
        let end = if k + 1 == ids.len() { ";" } else { "" };
        out.push_str(&format!("  | '{quoted}'{end}\n"));
    }
}

/// The text of `www/lib/catalogue.d.ts`.
pub fn catalogue_d_ts() -> String {
    // The default model's vocabulary: its custom measures (if any) are not built-in ids.
    let words = vocabulary(&Model::default());
    let measures: Vec<&str> = words
        .measures
        .iter()
        .filter(|m| !m.custom)
        .map(|m| m.id.as_str())
        .collect();
    let flags: Vec<&str> = words.flags.iter().map(|f| f.id).collect();
    let quadrants: Vec<&str> = words.quadrants.iter().map(|q| q.id).collect();
    let kinds: Vec<&str> = words.table_kinds.iter().map(|t| t.id).collect();
    let dimensions: Vec<&str> = words
        .segment_dimensions
        .iter()
        .map(|d| d.id.as_str())
        .collect();

    let mut out = format!(
        "// Generated from the engine's catalogues (src/output/typescript.rs); do not edit.\n\
         // Rewrite it with: {REGENERATE}\n"
    );
    union(
        &mut out,
        "Measure",
        "A built-in measure id (its snake_case name in models, results and exports; \
         src/domain/measure.rs `BUILTINS`).",
        &measures,
    );
    union(
        &mut out,
        "Flag",
        "Early-warning flags (src/domain/flag.rs).",
        &flags,
    );
    union(
        &mut out,
        "Quadrant",
        "Satisfaction × usage quadrant (src/domain/quadrant.rs).",
        &quadrants,
    );
    union(
        &mut out,
        "TableKind",
        "The kinds of table the engine recognises from headers (src/domain/report.rs).",
        &kinds,
    );
    union(
        &mut out,
        "SegmentDimension",
        "Segment dimension names (src/output/vocabulary.rs).",
        &dimensions,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measure::BUILTINS;

    #[test]
    fn every_builtin_measure_flag_and_kind_is_a_member() {
        let text = catalogue_d_ts();
        for d in BUILTINS {
            assert!(
                text.contains(&format!("  | '{}'", d.id.id())),
                "{}",
                d.id.id()
            );
        }
        for id in [
            "usage_trap",
            "competitor_mention",
            "at_risk",
            "churn_events",
            "plan",
        ] {
            assert!(text.contains(&format!("  | '{id}'")), "{id}");
        }
        // Each union ends once, with a semicolon after its last member.
        assert_eq!(text.matches("export type ").count(), 5);
        assert_eq!(text.matches("';\n").count(), 5);
    }

    #[test]
    fn a_quote_in_an_id_is_escaped() {
        let mut out = String::new();
        union(&mut out, "T", "d", &["it's", "a\\b"]);
        assert!(
            out.contains("  | 'it\\'s'\n") && out.contains("  | 'a\\\\b';\n"),
            "{out}"
        );
    }
}
