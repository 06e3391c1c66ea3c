//! Small-count suppression for published tables of counts, pure: primary suppression of
//! every number below the threshold, complementary suppression so no hidden number follows
//! from a line sum, and an audit that solves, for every hidden number, its exact feasible
//! range from everything published — adding suppression until no range is a single value.
//!
//! What counts as published: every cell, every row and column total and the grand total.
//! Totals obey the same rule as cells. A **zero** is published as it is (no act documented
//! in that cell is not a small count of people; the audit still treats a published zero as a
//! known number). Tables that share a dimension (say `method`) share its totals: the total of
//! "beating" is one number, hidden everywhere or published everywhere, and the grand total
//! is one number across all tables of a report. The audit solves all tables together, so a
//! number hidden in one table cannot be worked out through another.
//!
//! The audit is an integer program per hidden number and direction (min and max): variables
//! are the hidden numbers (non-negative integers, at most the true grand total — a bound
//! tighter than any reader's, so a range we find open is open for them too), constraints are
//! the additive relations (each row and column sums to its total, the totals sum to the grand
//! total) with published numbers as constants. Solver: `microlp` (pure Rust, no C library).
//!
//! Recipe — a new table in a report: give it the dimension names of its rows and columns;
//! a table reusing a dimension must use the same labels with the same totals (the report
//! builder gives every table of one dimension all its labels).

use std::collections::{BTreeMap, BTreeSet};

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOutcome};

/// One table of counts before suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Stable identifier (e.g. `method_by_region`).
    pub id: String,
    /// Name of the row dimension; tables with the same name share the row totals.
    pub row_dim: String,
    /// Name of the column dimension.
    pub col_dim: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// `cells[r][c]`.
    pub cells: Vec<Vec<u64>>,
}

/// A number as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Shown(u64),
    /// Suppressed: written as a marker, never the number.
    Hidden,
}

impl Cell {
    pub fn shown(self) -> Option<u64> {
        match self {
            Cell::Shown(n) => Some(n),
            Cell::Hidden => None,
        }
    }
}

/// A table as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub id: String,
    pub row_dim: String,
    pub col_dim: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub col_totals: Vec<Cell>,
    pub total: Cell,
}

/// The threshold below which a count is never published; below 2 nothing would be hidden
/// (a count of 1 is exactly the single person a report must not point at).
pub const MIN_K: u64 = 2;
/// The default threshold.
pub const DEFAULT_K: u64 = 5;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SuppressError {
    /// The threshold is below [`MIN_K`].
    #[error("the smallest publishable count must be at least {MIN_K}")]
    ThresholdTooLow,
    /// A table's cells do not match its labels.
    #[error("table {0} is not rectangular")]
    Shape(String),
    /// Two tables give one shared total (or the grand total) different values: a bug in the
    /// report builder.
    #[error("tables disagree on a shared total of dimension {0}")]
    InconsistentTotals(String),
    /// The solver failed; its message names numbers of the model, never labels.
    #[error("the suppression audit could not be solved: {0}")]
    Solver(String),
}

/// A published number's identity across the tables of one report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Cell(usize, usize, usize),
    Margin(String, String),
    Total,
}

impl Key {
    fn is_cell(&self) -> bool {
        matches!(self, Key::Cell(..))
    }
}

/// An additive relation: the members sum to `total`.
struct Line {
    members: Vec<Key>,
    total: Key,
}

impl Line {
    fn keys(&self) -> impl Iterator<Item = &Key> {
        self.members.iter().chain(std::iter::once(&self.total))
    }
}

struct Model {
    values: BTreeMap<Key, u64>,
    lines: Vec<Line>,
    bound: u64,
}

fn model(tables: &[Table]) -> Result<Model, SuppressError> {
    let mut values: BTreeMap<Key, u64> = BTreeMap::new();
    let put = |values: &mut BTreeMap<Key, u64>, key: Key, v: u64, dim: &str| match values
        .insert(key.clone(), v)
    {
        Some(old) if old != v => Err(SuppressError::InconsistentTotals(dim.to_owned())),
        _ => Ok(()),
    };
    let mut lines = Vec::new();
    let mut dims_seen: BTreeSet<(String, Vec<String>)> = BTreeSet::new();
    for (t, table) in tables.iter().enumerate() {
        if table.cells.len() != table.rows.len()
            || table.cells.iter().any(|r| r.len() != table.cols.len())
        {
            return Err(SuppressError::Shape(table.id.clone()));
        }
        let mut grand = 0u64;
        let mut col_sums = vec![0u64; table.cols.len()];
        for (r, row) in table.cells.iter().enumerate() {
            let mut sum = 0u64;
            for (c, &v) in row.iter().enumerate() {
                values.insert(Key::Cell(t, r, c), v);
                sum += v;
                col_sums[c] += v;
            }
            grand += sum;
            let m = Key::Margin(table.row_dim.clone(), table.rows[r].clone());
            put(&mut values, m.clone(), sum, &table.row_dim)?;
            lines.push(Line {
                members: (0..table.cols.len()).map(|c| Key::Cell(t, r, c)).collect(),
                total: m,
            });
        }
        for (c, &sum) in col_sums.iter().enumerate() {
            let m = Key::Margin(table.col_dim.clone(), table.cols[c].clone());
            put(&mut values, m.clone(), sum, &table.col_dim)?;
            lines.push(Line {
                members: (0..table.rows.len()).map(|r| Key::Cell(t, r, c)).collect(),
                total: m,
            });
        }
        put(&mut values, Key::Total, grand, "total")?;
        for (dim, labels) in [(&table.row_dim, &table.rows), (&table.col_dim, &table.cols)] {
            if dims_seen.insert((dim.clone(), labels.clone())) {
                lines.push(Line {
                    members: labels
                        .iter()
                        .map(|l| Key::Margin(dim.clone(), l.clone()))
                        .collect(),
                    total: Key::Total,
                });
            }
        }
    }
    let bound = values.get(&Key::Total).copied().unwrap_or(0).max(1);
    Ok(Model {
        values,
        lines,
        bound,
    })
}

/// Suppresses `tables` at threshold `k` (see the module doc); the published tables in the
/// same order.
pub fn suppress(tables: &[Table], k: u64) -> Result<Vec<Published>, SuppressError> {
    if k < MIN_K {
        return Err(SuppressError::ThresholdTooLow);
    }
    let m = model(tables)?;
    // primary
    let mut hidden: BTreeSet<Key> = m
        .values
        .iter()
        .filter(|(_, &v)| (1..k).contains(&v))
        .map(|(key, _)| key.clone())
        .collect();
    loop {
        complementary(&m, &mut hidden);
        let exposed = audit(&m, &hidden)?;
        if exposed.is_empty() {
            break;
        }
        let mut added = false;
        for key in exposed {
            if let Some(extra) = pick_extra(&m, &hidden, &key) {
                added |= hidden.insert(extra);
            }
        }
        if !added {
            // nothing left to hide near the exposed numbers: hide every number (cannot
            // happen while a published number remains, kept as the safe end)
            hidden.extend(m.values.keys().cloned());
            break;
        }
    }
    Ok(publish(tables, &m, &hidden))
}

/// Every line with exactly one hidden number gets a second one: the smallest positive
/// published number of the line, a cell before a total (a zero only if nothing else).
fn complementary(m: &Model, hidden: &mut BTreeSet<Key>) {
    loop {
        let mut changed = false;
        for line in &m.lines {
            if line.keys().filter(|k| hidden.contains(*k)).count() != 1 {
                continue;
            }
            let candidates = line.keys().filter(|k| !hidden.contains(*k));
            if let Some(extra) = best(m, candidates) {
                hidden.insert(extra);
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// The published number to hide next among `candidates`: smallest positive, cells first.
fn best<'a>(m: &Model, candidates: impl Iterator<Item = &'a Key>) -> Option<Key> {
    candidates
        .map(|k| {
            let v = m.values.get(k).copied().unwrap_or(0);
            ((v == 0, !k.is_cell(), v), k)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, k)| k.clone())
}

/// One more number to hide so that the exposed `key` opens up: from the lines through it,
/// else from anything still published.
fn pick_extra(m: &Model, hidden: &BTreeSet<Key>, key: &Key) -> Option<Key> {
    let near = m
        .lines
        .iter()
        .filter(|l| l.keys().any(|k| k == key))
        .flat_map(|l| l.keys())
        .filter(|k| !hidden.contains(*k));
    best(m, near).or_else(|| best(m, m.values.keys().filter(|k| !hidden.contains(*k))))
}

/// The hidden numbers whose feasible range, given everything published, is one value.
fn audit(m: &Model, hidden: &BTreeSet<Key>) -> Result<Vec<Key>, SuppressError> {
    let mut exposed = Vec::new();
    for key in hidden {
        let (lo, hi) = range(m, hidden, key)?;
        if hi - lo < 0.5 {
            exposed.push(key.clone());
        }
    }
    Ok(exposed)
}

/// The (min, max) of hidden `key` over non-negative integer completions of the hidden
/// numbers that satisfy every line.
fn range(m: &Model, hidden: &BTreeSet<Key>, key: &Key) -> Result<(f64, f64), SuppressError> {
    let published = |k: &Key| -> Option<u64> {
        (!hidden.contains(k)).then(|| m.values.get(k).copied().unwrap_or(0))
    };
    let rows: Vec<(Vec<(Key, f64)>, f64)> = m
        .lines
        .iter()
        .filter_map(|line| {
            let mut terms = Vec::new();
            let mut rhs = 0f64;
            for k in &line.members {
                match published(k) {
                    Some(v) => rhs -= v as f64,
                    None => terms.push((k.clone(), 1.0)),
                }
            }
            match published(&line.total) {
                Some(v) => rhs += v as f64,
                None => terms.push((line.total.clone(), -1.0)),
            }
            (!terms.is_empty()).then_some((terms, rhs))
        })
        .collect();
    let vars: Vec<Key> = hidden.iter().cloned().collect();
    let solve = |direction: OptimizationDirection| -> Result<f64, SuppressError> {
        lp_extreme(&vars, &rows, key, m.bound, direction)
    };
    Ok((
        solve(OptimizationDirection::Minimize)?,
        solve(OptimizationDirection::Maximize)?,
    ))
}

/// Solves one integer program: the extreme of `target` over `vars` in `[0, bound]` under
/// `rows` (terms = rhs).
pub(crate) fn lp_extreme<K: Ord + Clone>(
    vars: &[K],
    rows: &[(Vec<(K, f64)>, f64)],
    target: &K,
    bound: u64,
    direction: OptimizationDirection,
) -> Result<f64, SuppressError> {
    let mut p = Problem::new(direction);
    let ub = i32::try_from(bound).unwrap_or(i32::MAX);
    let index: BTreeMap<&K, microlp::Variable> = vars
        .iter()
        .map(|k| {
            let coeff = if k == target { 1.0 } else { 0.0 };
            (k, p.add_integer_var(coeff, (0, ub)))
        })
        .collect();
    for (terms, rhs) in rows {
        // one term per variable (the solver refuses a variable twice in a row)
        let mut merged: BTreeMap<&K, f64> = BTreeMap::new();
        for (k, c) in terms {
            *merged.entry(k).or_insert(0.0) += c;
        }
        let expr: Vec<(microlp::Variable, f64)> = merged
            .into_iter()
            .filter(|(_, c)| *c != 0.0)
            .filter_map(|(k, c)| index.get(k).map(|v| (*v, c)))
            .collect();
        if expr.is_empty() {
            continue;
        }
        p.add_constraint(expr.as_slice(), ComparisonOp::Eq, *rhs);
    }
    match p.solve() {
        Ok(SolveOutcome::Solution(s)) => Ok(s.objective()),
        Ok(SolveOutcome::Interrupted(_)) => Err(SuppressError::Solver("interrupted".into())),
        Err(e) => Err(SuppressError::Solver(e.to_string())),
    }
}

fn publish(tables: &[Table], m: &Model, hidden: &BTreeSet<Key>) -> Vec<Published> {
    let cell = |k: Key| {
        if hidden.contains(&k) {
            Cell::Hidden
        } else {
            Cell::Shown(m.values.get(&k).copied().unwrap_or(0))
        }
    };
    tables
        .iter()
        .enumerate()
        .map(|(t, table)| Published {
            id: table.id.clone(),
            row_dim: table.row_dim.clone(),
            col_dim: table.col_dim.clone(),
            rows: table.rows.clone(),
            cols: table.cols.clone(),
            cells: (0..table.rows.len())
                .map(|r| {
                    (0..table.cols.len())
                        .map(|c| cell(Key::Cell(t, r, c)))
                        .collect()
                })
                .collect(),
            row_totals: table
                .rows
                .iter()
                .map(|l| cell(Key::Margin(table.row_dim.clone(), l.clone())))
                .collect(),
            col_totals: table
                .cols
                .iter()
                .map(|l| cell(Key::Margin(table.col_dim.clone(), l.clone())))
                .collect(),
            total: cell(Key::Total),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(id: &str, rd: &str, cd: &str, cells: &[&[u64]]) -> Table {
        Table {
            id: id.into(),
            row_dim: rd.into(),
            col_dim: cd.into(),
            rows: (0..cells.len()).map(|i| format!("r{i}")).collect(),
            cols: (0..cells.first().map_or(0, |r| r.len()))
                .map(|i| format!("c{i}"))
                .collect(),
            cells: cells.iter().map(|r| r.to_vec()).collect(),
        }
    }

    #[test]
    fn k_below_two_is_refused() {
        let t = table("t", "a", "b", &[&[1]]);
        assert_eq!(suppress(&[t], 1), Err(SuppressError::ThresholdTooLow));
    }

    #[test]
    fn a_large_table_publishes_everything() {
        let t = table("t", "a", "b", &[&[10, 20], &[30, 0]]);
        let p = &suppress(&[t], 5).unwrap_or_default()[0];
        assert_eq!(p.cells[0][0], Cell::Shown(10));
        assert_eq!(p.cells[1][1], Cell::Shown(0));
        assert_eq!(p.total, Cell::Shown(60));
        assert!(p.row_totals.iter().all(|c| c.shown().is_some()));
    }

    #[test]
    fn a_small_cell_and_its_complements_are_hidden() {
        let t = table("t", "a", "b", &[&[3, 20, 9], &[30, 12, 8], &[7, 6, 11]]);
        let p = &suppress(&[t], 5).unwrap_or_default()[0];
        assert_eq!(p.cells[0][0], Cell::Hidden);
        // its row and column each hide one more number
        assert!(p.cells[0][1..].contains(&Cell::Hidden) || p.row_totals[0] == Cell::Hidden);
        assert!(
            p.cells[1..].iter().any(|r| r[0] == Cell::Hidden) || p.col_totals[0] == Cell::Hidden
        );
    }

    #[test]
    fn tables_disagreeing_on_a_shared_total_are_refused() {
        let a = table("a", "m", "x", &[&[5, 5]]);
        let b = table("b", "m", "y", &[&[6]]);
        assert_eq!(
            suppress(&[a, b], 5),
            Err(SuppressError::InconsistentTotals("m".into()))
        );
    }

    #[test]
    fn a_shared_total_is_hidden_in_every_table() {
        // method r0 total 4 (< 5) in both tables
        let a = table("a", "m", "x", &[&[2, 2], &[10, 10]]);
        let b = table("b", "m", "y", &[&[4, 0], &[12, 8]]);
        let out = suppress(&[a, b], 5).unwrap_or_default();
        assert_eq!(out[0].row_totals[0], Cell::Hidden);
        assert_eq!(out[1].row_totals[0], Cell::Hidden);
        assert_eq!(out[0].total, out[1].total);
    }
}
