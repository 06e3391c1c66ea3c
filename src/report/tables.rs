//! The pattern report's tables, pure: acts ([`super::acts`]) counted by method × period,
//! method × region, site × method and unit × method, episodes per unit, and the
//! per-perpetrator list — then every number through [`super::suppress`] (the four act
//! tables share their method total and grand total; the per-unit episode counts share the
//! unit dimension's labels with a grand total of their own).
//!
//! The period is a month when the report covers at most [`MONTHS_MAX`] months, else a year,
//! so a table stays readable and its cells large enough to publish; an act dated only to a
//! year falls into "date unknown" in a monthly table.
//!
//! Recipe — a new table: build it with [`count`] over two dimensions of an act, push it into
//! the list given to [`super::suppress::suppress`] (one call, so shared totals stay
//! consistent), and give it a title in [`super::output`].

use std::collections::{BTreeMap, BTreeSet};

use super::acts::{Act, Extract, When, DATE_UNKNOWN, NOT_RECORDED};
use super::suppress::{self, Cell, Published, SuppressError, Table};

/// The longest report span (in months) tabulated by month; longer ones go by year.
pub const MONTHS_MAX: i64 = 24;

/// How finely time is tabulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Year,
}

/// One line of the per-perpetrator (or per-unit) section, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorLine {
    pub label: String,
    pub acts: Cell,
    pub episodes: Cell,
    /// First and last month known ("YYYY-MM"), only when the episodes are published.
    pub period: Option<(String, String)>,
}

/// The report's numbers, all suppressed at `k`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternTables {
    pub k: u64,
    pub period: Period,
    /// method × period, method × region, site × method, unit × method, unit × episodes.
    pub tables: Vec<Published>,
    pub perpetrators: Vec<ActorLine>,
    pub units: Vec<ActorLine>,
    /// Perpetrators or units left out of the lists because their acts are below k.
    pub actors_below_k: usize,
    pub cases_without_consent: usize,
    pub acts_filtered_out: usize,
    /// Published counts of acts, episodes and cases, each hidden below k.
    pub acts: Cell,
    pub episodes: Cell,
    pub cases: Cell,
}

fn period_label(w: When, period: Period) -> String {
    match (w, period) {
        (When::Month(y, m), Period::Month) => format!("{y:04}-{m:02}"),
        (When::Month(y, _) | When::Year(y), Period::Year) => format!("{y:04}"),
        _ => DATE_UNKNOWN.to_owned(),
    }
}

/// Month granularity when every dated act (or the requested period) spans ≤ [`MONTHS_MAX`].
pub fn choose_period(acts: &[Act], from: Option<(i32, u8)>, to: Option<(i32, u8)>) -> Period {
    let m = |(y, mo): (i32, u8)| i64::from(y) * 12 + i64::from(mo) - 1;
    let dated: Vec<i64> = acts
        .iter()
        .filter_map(|a| match a.when {
            When::Month(y, mo) => Some(m((y, mo))),
            When::Year(y) => Some(i64::from(y) * 12),
            When::Unknown => None,
        })
        .collect();
    let lo = from.map(m).or_else(|| dated.iter().min().copied());
    let hi = to.map(m).or_else(|| dated.iter().max().copied());
    match (lo, hi) {
        (Some(lo), Some(hi)) if hi - lo < MONTHS_MAX => Period::Month,
        (None, None) => Period::Month,
        _ => Period::Year,
    }
}

/// Sorted labels, the "not recorded" / "date unknown" bucket last.
fn labels(values: impl IntoIterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = values.into_iter().collect();
    let (mut known, unknown): (Vec<String>, Vec<String>) = set
        .into_iter()
        .partition(|l| l != NOT_RECORDED && l != DATE_UNKNOWN);
    known.extend(unknown);
    known
}

/// A table of act counts over two dimensions.
pub fn count(
    id: &str,
    (row_dim, rows): (&str, &[String]),
    (col_dim, cols): (&str, &[String]),
    pairs: impl IntoIterator<Item = (String, String)>,
) -> Table {
    let ri: BTreeMap<&String, usize> = rows.iter().enumerate().map(|(i, l)| (l, i)).collect();
    let ci: BTreeMap<&String, usize> = cols.iter().enumerate().map(|(i, l)| (l, i)).collect();
    let mut cells = vec![vec![0u64; cols.len()]; rows.len()];
    for (r, c) in pairs {
        if let (Some(&r), Some(&c)) = (ri.get(&r), ci.get(&c)) {
            cells[r][c] += 1;
        }
    }
    Table {
        id: id.to_owned(),
        row_dim: row_dim.to_owned(),
        col_dim: col_dim.to_owned(),
        rows: rows.to_vec(),
        cols: cols.to_vec(),
        cells,
    }
}

fn threshold(n: usize, k: u64) -> Cell {
    let n = n as u64;
    if n == 0 || n >= k {
        Cell::Shown(n)
    } else {
        Cell::Hidden
    }
}

/// First and last month among acts known to the month.
fn span(acts: &[&Act]) -> Option<(String, String)> {
    let months: BTreeSet<(i32, u8)> = acts
        .iter()
        .filter_map(|a| match a.when {
            When::Month(y, m) => Some((y, m)),
            _ => None,
        })
        .collect();
    let f = |(y, m): (i32, u8)| format!("{y:04}-{m:02}");
    Some((f(*months.first()?), f(*months.last()?)))
}

/// Every table and list of the report from `x`, suppressed at `k`.
pub fn build(x: &Extract, k: u64, period: Period) -> Result<PatternTables, SuppressError> {
    if k < suppress::MIN_K {
        return Err(SuppressError::ThresholdTooLow);
    }
    let acts = &x.acts;
    let methods = labels(acts.iter().map(|a| a.method.clone()));
    let periods = {
        let mut whens: Vec<When> = acts.iter().map(|a| a.when).collect();
        whens.sort();
        let mut out: Vec<String> = Vec::new();
        for w in whens {
            let l = period_label(w, period);
            if !out.contains(&l) {
                out.push(l);
            }
        }
        labels(out) // sorted: YYYY-MM sorts chronologically, unknown last
    };
    let regions = labels(acts.iter().map(|a| a.region.clone()));
    let sites = labels(acts.iter().map(|a| a.site.clone()));
    let units = labels(acts.iter().map(|a| a.unit.clone()));
    let episodes_col = vec!["episodes".to_owned()];

    // episodes per unit: (case, episode) → unit
    let mut episode_unit: BTreeMap<(usize, u32), String> = BTreeMap::new();
    for a in acts {
        episode_unit.insert((a.case, a.episode), a.unit.clone());
    }

    let tables = vec![
        count(
            "method_by_period",
            ("method", &methods),
            ("period", &periods),
            acts.iter()
                .map(|a| (a.method.clone(), period_label(a.when, period))),
        ),
        count(
            "method_by_region",
            ("method", &methods),
            ("region", &regions),
            acts.iter().map(|a| (a.method.clone(), a.region.clone())),
        ),
        count(
            "site_by_method",
            ("site", &sites),
            ("method", &methods),
            acts.iter().map(|a| (a.site.clone(), a.method.clone())),
        ),
        count(
            "unit_by_method",
            ("unit", &units),
            ("method", &methods),
            acts.iter().map(|a| (a.unit.clone(), a.method.clone())),
        ),
    ];
    let mut published = suppress::suppress(&tables, k)?;
    // episodes per unit: its own universe (episodes, not acts)
    let ep_table = count(
        "unit_episodes",
        ("unit (episodes)", &units),
        ("episodes", &episodes_col),
        episode_unit
            .values()
            .map(|u| (u.clone(), episodes_col[0].clone())),
    );
    let ep = suppress::suppress(&[ep_table], k)?;
    published.extend(ep);

    // per unit: acts = the unit × method table's published row total
    let mut actors_below_k = 0;
    let mut unit_lines = Vec::new();
    if let (Some(um), Some(ue)) = (published.get(3), published.get(4)) {
        for (i, label) in units.iter().enumerate() {
            if label == NOT_RECORDED {
                continue;
            }
            let acts_cell = um.row_totals.get(i).copied().unwrap_or(Cell::Hidden);
            if acts_cell == Cell::Hidden {
                actors_below_k += 1;
                continue;
            }
            let episodes = ue.row_totals.get(i).copied().unwrap_or(Cell::Hidden);
            let mine: Vec<&Act> = acts.iter().filter(|a| &a.unit == label).collect();
            unit_lines.push(ActorLine {
                label: label.clone(),
                acts: acts_cell,
                episodes,
                period: episodes.shown().and_then(|_| span(&mine)),
            });
        }
    }
    // per perpetrator: acts in the cases that name them (perpetrators are linked to the
    // case, not to an episode); not additive, so a plain threshold suffices
    let names = labels(acts.iter().flat_map(|a| a.perpetrators.clone()));
    let mut perp_lines = Vec::new();
    for name in names {
        let mine: Vec<&Act> = acts
            .iter()
            .filter(|a| a.perpetrators.contains(&name))
            .collect();
        let acts_cell = threshold(mine.len(), k);
        if acts_cell == Cell::Hidden || mine.is_empty() {
            actors_below_k += 1;
            continue;
        }
        let eps: BTreeSet<(usize, u32)> = mine.iter().map(|a| (a.case, a.episode)).collect();
        let episodes = threshold(eps.len(), k);
        perp_lines.push(ActorLine {
            label: name,
            acts: acts_cell,
            episodes,
            period: episodes.shown().and_then(|_| span(&mine)),
        });
    }
    let ep_total = published.get(4).map_or(Cell::Shown(0), |t| t.total);
    let cases: BTreeSet<usize> = acts.iter().map(|a| a.case).collect();
    Ok(PatternTables {
        k,
        period,
        acts: published.first().map(|t| t.total).unwrap_or(Cell::Shown(0)),
        tables: published,
        perpetrators: perp_lines,
        units: unit_lines,
        actors_below_k,
        cases_without_consent: x.cases_without_consent,
        acts_filtered_out: x.acts_filtered_out,
        episodes: ep_total,
        cases: threshold(cases.len(), k),
    })
}
