//! Small-count suppression, held to its promise over random tables and random k: every
//! published number (cell, row or column total, grand total) is 0 or at least k, and for
//! every hidden number the reader's exact feasible range — solved here from the published
//! tables alone, as non-negative integers under the row, column and grand-total relations
//! (shared totals shared across tables) — is more than one value. Synthetic numbers only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOutcome};
use proptest::prelude::*;
use waystone::report::suppress::{suppress, Cell, Published, Table};

/// Random acts over (method, a, b): table 1 is method × a, table 2 method × b, so the two
/// share the method totals and the grand total, as a report's tables do.
fn tables(counts: &[Vec<Vec<u64>>], two: bool) -> Vec<Table> {
    let m = counts.len();
    let na = counts[0].len();
    let nb = counts[0][0].len();
    let labels = |p: &str, n: usize| (0..n).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    let t1 = Table {
        id: "method_by_a".into(),
        row_dim: "method".into(),
        col_dim: "a".into(),
        rows: labels("m", m),
        cols: labels("a", na),
        cells: (0..m)
            .map(|i| (0..na).map(|j| counts[i][j].iter().sum()).collect())
            .collect(),
    };
    let mut out = vec![t1];
    if two {
        out.push(Table {
            id: "method_by_b".into(),
            row_dim: "method".into(),
            col_dim: "b".into(),
            rows: labels("m", m),
            cols: labels("b", nb),
            cells: (0..m)
                .map(|i| {
                    (0..nb)
                        .map(|l| (0..na).map(|j| counts[i][j][l]).sum())
                        .collect()
                })
                .collect(),
        });
    }
    out
}

/// What a reader sees as a variable: a hidden number, by its identity across tables.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Var {
    Cell(usize, usize, usize),
    Margin(String, String),
    Total,
}

/// A term is either a known number or a variable.
enum Term {
    Known(u64),
    Unknown(Var),
}

fn term(c: Cell, v: Var) -> Term {
    match c {
        Cell::Shown(n) => Term::Known(n),
        Cell::Hidden => Term::Unknown(v),
    }
}

/// The relations a reader can write down from the published tables: each row and column
/// sums to its total; the totals of each dimension sum to the grand total.
fn relations(p: &[Published]) -> Vec<(Vec<Term>, Term)> {
    let mut out = Vec::new();
    for (t, tab) in p.iter().enumerate() {
        for r in 0..tab.rows.len() {
            out.push((
                (0..tab.cols.len())
                    .map(|c| term(tab.cells[r][c], Var::Cell(t, r, c)))
                    .collect(),
                term(
                    tab.row_totals[r],
                    Var::Margin(tab.row_dim.clone(), tab.rows[r].clone()),
                ),
            ));
        }
        for c in 0..tab.cols.len() {
            out.push((
                (0..tab.rows.len())
                    .map(|r| term(tab.cells[r][c], Var::Cell(t, r, c)))
                    .collect(),
                term(
                    tab.col_totals[c],
                    Var::Margin(tab.col_dim.clone(), tab.cols[c].clone()),
                ),
            ));
        }
        out.push((
            (0..tab.rows.len())
                .map(|r| {
                    term(
                        tab.row_totals[r],
                        Var::Margin(tab.row_dim.clone(), tab.rows[r].clone()),
                    )
                })
                .collect(),
            term(tab.total, Var::Total),
        ));
        out.push((
            (0..tab.cols.len())
                .map(|c| {
                    term(
                        tab.col_totals[c],
                        Var::Margin(tab.col_dim.clone(), tab.cols[c].clone()),
                    )
                })
                .collect(),
            term(tab.total, Var::Total),
        ));
    }
    out
}

/// min or max of `target` over the reader's integer completions.
fn extreme(p: &[Published], target: &Var, dir: OptimizationDirection) -> f64 {
    let rel = relations(p);
    let mut vars: BTreeMap<Var, microlp::Variable> = BTreeMap::new();
    let mut problem = Problem::new(dir);
    // the reader's bound: the grand total if published, else a generous one
    let bound = p[0].total.shown().map_or(100_000, |n| n as i32);
    let mut var = |problem: &mut Problem, v: &Var| -> microlp::Variable {
        *vars.entry(v.clone()).or_insert_with(|| {
            let coeff = if v == target { 1.0 } else { 0.0 };
            problem.add_integer_var(coeff, (0, bound))
        })
    };
    var(&mut problem, target);
    for (members, total) in &rel {
        let mut expr = Vec::new();
        let mut rhs = 0.0;
        for m in members {
            match m {
                Term::Known(n) => rhs -= *n as f64,
                Term::Unknown(v) => expr.push((var(&mut problem, v), 1.0)),
            }
        }
        match total {
            Term::Known(n) => rhs += *n as f64,
            Term::Unknown(v) => expr.push((var(&mut problem, v), -1.0)),
        }
        if !expr.is_empty() {
            problem.add_constraint(expr.as_slice(), ComparisonOp::Eq, rhs);
        }
    }
    match problem.solve().expect("the true table is a solution") {
        SolveOutcome::Solution(s) => s.objective(),
        SolveOutcome::Interrupted(_) => panic!("interrupted"),
    }
}

fn check(input: &[Table], k: u64) {
    let published = suppress(input, k).unwrap();
    let ok = |c: Cell| c.shown().is_none_or(|n| n == 0 || n >= k);
    for (tab, src) in published.iter().zip(input) {
        let true_total: u64 = src.cells.iter().flatten().sum();
        for (r, row) in tab.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                assert!(ok(*cell), "{} cell {r},{c} = {cell:?} below k={k}", tab.id);
                if let Cell::Shown(n) = cell {
                    assert_eq!(*n, src.cells[r][c], "a published cell is its true value");
                }
            }
        }
        assert!(
            tab.row_totals.iter().all(|c| ok(*c)),
            "{} row totals",
            tab.id
        );
        assert!(
            tab.col_totals.iter().all(|c| ok(*c)),
            "{} col totals",
            tab.id
        );
        assert!(ok(tab.total));
        if let Cell::Shown(n) = tab.total {
            assert_eq!(n, true_total);
        }
    }
    // every hidden number: solve its range from what is published
    let mut hidden: Vec<(Var, u64)> = Vec::new();
    for (t, (tab, src)) in published.iter().zip(input).enumerate() {
        for (r, row) in tab.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if *cell == Cell::Hidden {
                    hidden.push((Var::Cell(t, r, c), src.cells[r][c]));
                }
            }
        }
        for (r, cell) in tab.row_totals.iter().enumerate() {
            if *cell == Cell::Hidden {
                let v = src.cells[r].iter().sum();
                hidden.push((Var::Margin(tab.row_dim.clone(), tab.rows[r].clone()), v));
            }
        }
        for (c, cell) in tab.col_totals.iter().enumerate() {
            if *cell == Cell::Hidden {
                let v = src.cells.iter().map(|row| row[c]).sum();
                hidden.push((Var::Margin(tab.col_dim.clone(), tab.cols[c].clone()), v));
            }
        }
        if tab.total == Cell::Hidden && t == 0 {
            hidden.push((Var::Total, src.cells.iter().flatten().sum()));
        }
    }
    for (v, truth) in hidden {
        let lo = extreme(&published, &v, OptimizationDirection::Minimize);
        let hi = extreme(&published, &v, OptimizationDirection::Maximize);
        assert!(
            lo <= truth as f64 + 1e-6 && truth as f64 <= hi + 1e-6,
            "{v:?}: the truth {truth} lies outside [{lo}, {hi}]: the relations are wrong"
        );
        assert!(
            hi - lo >= 0.5,
            "{v:?} is recoverable: its range is [{lo}, {hi}]"
        );
    }
}

fn counts() -> impl Strategy<Value = Vec<Vec<Vec<u64>>>> {
    // mostly small numbers and zeros, the shape where suppression bites
    let n = prop_oneof![3 => Just(0u64), 4 => 1u64..4, 2 => 4u64..12];
    (1usize..=4, 1usize..=4, 1usize..=3).prop_flat_map(move |(m, a, b)| {
        proptest::collection::vec(
            proptest::collection::vec(proptest::collection::vec(n.clone(), b), a),
            m,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn one_table_publishes_nothing_recoverable(c in counts(), k in 2u64..=6) {
        check(&tables(&c, false), k);
    }

    #[test]
    fn tables_sharing_totals_publish_nothing_recoverable(c in counts(), k in 2u64..=6) {
        check(&tables(&c, true), k);
    }
}

/// The issue's case: one site with 3 acts at k = 5 — that cell is hidden, and so is a
/// complement in its row and in its column, and neither can be solved for.
#[test]
fn three_acts_at_one_site_hide_the_cell_and_its_complements() {
    let t = Table {
        id: "site_by_method".into(),
        row_dim: "site".into(),
        col_dim: "method".into(),
        rows: vec!["site A".into(), "site B".into(), "site C".into()],
        cols: vec!["beating".into(), "threats".into()],
        cells: vec![vec![3, 0], vec![9, 12], vec![7, 8]],
    };
    let p = suppress(std::slice::from_ref(&t), 5).unwrap();
    let tab = &p[0];
    assert_eq!(tab.cells[0][0], Cell::Hidden);
    assert_eq!(
        tab.row_totals[0],
        Cell::Hidden,
        "site A's total is 3 as well"
    );
    let column_complement = tab.cells[1][0] == Cell::Hidden || tab.cells[2][0] == Cell::Hidden;
    assert!(column_complement, "another beating cell is hidden: {tab:?}");
    let site_complement = tab.row_totals[1] == Cell::Hidden
        || tab.row_totals[2] == Cell::Hidden
        || tab.total == Cell::Hidden;
    assert!(site_complement, "another site total is hidden: {tab:?}");
    check(&[t], 5);
}

/// Negative: a table a reader could solve is caught by the same check (the checker is not
/// vacuous): hide one cell only, publish the rest.
#[test]
fn the_checker_catches_a_lone_hidden_cell() {
    let t = Table {
        id: "t".into(),
        row_dim: "r".into(),
        col_dim: "c".into(),
        rows: vec!["r0".into(), "r1".into()],
        cols: vec!["c0".into(), "c1".into()],
        cells: vec![vec![3, 10], vec![10, 10]],
    };
    let mut p = suppress(std::slice::from_ref(&t), 2).unwrap();
    assert!(p[0].cells.iter().flatten().all(|c| *c != Cell::Hidden));
    p[0].cells[0][0] = Cell::Hidden;
    let lo = extreme(&p, &Var::Cell(0, 0, 0), OptimizationDirection::Minimize);
    let hi = extreme(&p, &Var::Cell(0, 0, 0), OptimizationDirection::Maximize);
    assert_eq!((lo, hi), (3.0, 3.0));
}
