//! The snapshot learner on the synthetic generator with known truth (tests/support/snapshot.rs).

mod support;

use customer_health::analysis::backtest::stats;
use customer_health::analysis::learn::shape::Column;
use customer_health::analysis::learn::snapshot::direction;
use customer_health::analysis::learn::{baseline, fit};
use support::snapshot::{generate, Generated, Kind, Role};

/// The generator's columns as learner inputs (id and label left out).
fn columns(g: &Generated) -> Vec<(&'static str, Role, Column)> {
    g.columns
        .iter()
        .filter(|c| !matches!(c.role, Role::Id | Role::Label))
        .map(|c| {
            let column = match c.kind {
                Kind::Number => Column::Number(c.cells.iter().map(|s| s.parse().ok()).collect()),
                Kind::Date => {
                    Column::Number(c.cells.iter().map(|s| Generated::days_since(s)).collect())
                }
                Kind::YesNo => Column::Number(
                    c.cells
                        .iter()
                        .map(|s| Some(if s == "Yes" { 1.0 } else { 0.0 }))
                        .collect(),
                ),
                Kind::Category => {
                    Column::categories(&c.cells.iter().map(|s| Some(s.clone())).collect::<Vec<_>>())
                }
            };
            (c.header, c.role, column)
        })
        .collect()
}

fn auc_of(risks: impl Iterator<Item = f64>, y: &[bool]) -> f64 {
    let items: Vec<(f64, bool)> = risks.zip(y.iter().copied()).collect();
    stats::auc(&items).unwrap()
}

#[test]
fn learned_blend_ranks_nearly_as_well_as_the_truth() {
    for (seed, n) in [(1u64, 1500usize), (2, 3000), (3, 5000)] {
        let g = generate(seed, n, seed as usize, true);
        let cols = columns(&g);
        let allowed: Vec<bool> = cols.iter().map(|c| c.1 != Role::Leak).collect();
        let columns: Vec<Column> = cols.iter().map(|c| c.2.clone()).collect();
        let rows: Vec<usize> = (0..n).collect();
        let t0 = std::time::Instant::now();
        let oof = fit::out_of_fold(&columns, &g.churned, &rows, &allowed, 5, seed);
        let learned = auc_of(oof.iter().map(|s| 100.0 - s.unwrap()), &g.churned);
        let truth = auc_of(g.truth.iter().copied(), &g.churned);
        // The yardstick once (it is the slow part in a debug build).
        let lr = if seed == 2 {
            auc_of(
                baseline::out_of_fold(&columns, &g.churned, &rows, &allowed, 5, seed).into_iter(),
                &g.churned,
            )
        } else {
            f64::NAN
        };
        eprintln!("seed {seed} n {n}: truth {truth:.4} learned {learned:.4} ({:.3}) logistic {lr:.4} in {:?}", learned / truth, t0.elapsed());
        assert!(
            learned >= 0.97 * truth,
            "seed {seed} n {n}: learned {learned} truth {truth}"
        );

        let model = fit::learn(&columns, &g.churned, &rows, &allowed, seed);
        let total: f64 = (0..columns.len()).map(|j| model.weight(j)).sum();
        let mut noise = 0.0;
        for (j, (header, role, _)) in cols.iter().enumerate() {
            let share = model.weight(j) / total;
            eprintln!("  {header:24} {role:?} share {share:.3}");
            if *role == Role::Noise {
                // ~0: a noise column can pick up a few percent from chance patterns in 1,500 rows.
                assert!(share < 0.04, "{header}: noise with share {share}");
                noise += share;
            }
            if *role == Role::Leak {
                assert_eq!(share, 0.0);
            }
            let want = match role {
                Role::Rising | Role::Threshold => Some("higher is riskier"),
                Role::Falling => Some("higher is healthier"),
                _ => None,
            };
            if let (Some(want), Some(shape)) = (want, &model.shapes[j]) {
                // Weak signals (paperless billing) may not enter at all; the ones that do point right.
                if share > 0.02 {
                    assert_eq!(direction(shape), want, "{header}");
                }
            }
        }
        assert!(noise < 0.06, "noise columns together {noise}");
    }
}
