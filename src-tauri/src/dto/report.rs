//! Wire types of the pattern report screen: the filters and k a person sets, and the
//! published tables (already suppressed in the core: a hidden number crosses as `null`,
//! never as itself). No survivor, case code or narrative is in any of them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use waystone::report::output::Labels;
use waystone::report::suppress::Published;
use waystone::report::tables::{ActorLine, PatternTables, Period};
use waystone::report::{parse_month, Cell, Filter, ReportFormat};
use waystone::vault::VaultError;

use super::legal::render_lang;
use super::Language;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatternRequestDto {
    /// First month counted, YYYY-MM (or a date); empty: no lower bound.
    pub from: String,
    /// Last month counted, YYYY-MM (or a date); empty: no upper bound.
    pub to: String,
    /// Only this region; empty: every region.
    pub region: String,
    /// The smallest publishable count.
    pub k: u32,
    pub language: Language,
}

impl PatternRequestDto {
    /// The core's filter, or `Invalid` naming the field that is not a month.
    pub fn filter(&self) -> Result<Filter, VaultError> {
        let month = |s: &str, what: &str| -> Result<Option<(i32, u8)>, VaultError> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            parse_month(s)
                .map(Some)
                .ok_or_else(|| VaultError::Invalid(format!("{what} must be a month YYYY-MM")))
        };
        let region = self.region.trim();
        Ok(Filter {
            from: month(&self.from, "the first month")?,
            to: month(&self.to, "the last month")?,
            region: (!region.is_empty()).then(|| region.to_owned()),
        })
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PatternFormatDto {
    Docx,
    Pdf,
    Csv,
    Xlsx,
}

impl From<PatternFormatDto> for ReportFormat {
    fn from(f: PatternFormatDto) -> Self {
        match f {
            PatternFormatDto::Docx => ReportFormat::Docx,
            PatternFormatDto::Pdf => ReportFormat::Pdf,
            PatternFormatDto::Csv => ReportFormat::Csv,
            PatternFormatDto::Xlsx => ReportFormat::Xlsx,
        }
    }
}

fn cell(c: Cell) -> Option<u32> {
    c.shown().map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// A published table; `null` is a hidden number.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatternTableDto {
    pub id: String,
    pub row_dim: String,
    pub col_dim: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<Option<u32>>>,
    pub row_totals: Vec<Option<u32>>,
    pub col_totals: Vec<Option<u32>>,
    pub total: Option<u32>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActorLineDto {
    pub label: String,
    pub acts: Option<u32>,
    pub episodes: Option<u32>,
    pub first_month: Option<String>,
    pub last_month: Option<String>,
}

impl From<&ActorLine> for ActorLineDto {
    fn from(l: &ActorLine) -> Self {
        ActorLineDto {
            label: l.label.clone(),
            acts: cell(l.acts),
            episodes: cell(l.episodes),
            first_month: l.period.as_ref().map(|p| p.0.clone()),
            last_month: l.period.as_ref().map(|p| p.1.clone()),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatternPreviewDto {
    pub k: u32,
    /// `month` or `year`: how the period columns are cut.
    pub by_month: bool,
    pub tables: Vec<PatternTableDto>,
    pub perpetrators: Vec<ActorLineDto>,
    pub units: Vec<ActorLineDto>,
    pub actors_below_k: u32,
    pub acts: Option<u32>,
    pub episodes: Option<u32>,
    pub cases: Option<u32>,
    pub cases_without_consent: u32,
    pub acts_filtered_out: u32,
}

impl PatternPreviewDto {
    pub fn new(t: &PatternTables, language: Language) -> Self {
        let form = waystone::forms::latest_intake();
        let labels = Labels {
            form: &form,
            lang: render_lang(language),
        };
        let table = |p: &Published| PatternTableDto {
            id: p.id.clone(),
            row_dim: p.row_dim.clone(),
            col_dim: p.col_dim.clone(),
            rows: p.rows.iter().map(|l| labels.value(&p.row_dim, l)).collect(),
            cols: p.cols.iter().map(|l| labels.value(&p.col_dim, l)).collect(),
            cells: p
                .cells
                .iter()
                .map(|r| r.iter().map(|c| cell(*c)).collect())
                .collect(),
            row_totals: p.row_totals.iter().map(|c| cell(*c)).collect(),
            col_totals: p.col_totals.iter().map(|c| cell(*c)).collect(),
            total: cell(p.total),
        };
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        PatternPreviewDto {
            k: u32::try_from(t.k).unwrap_or(u32::MAX),
            by_month: t.period == Period::Month,
            tables: t.tables.iter().take(4).map(table).collect(),
            perpetrators: t.perpetrators.iter().map(ActorLineDto::from).collect(),
            units: t.units.iter().map(ActorLineDto::from).collect(),
            actors_below_k: n(t.actors_below_k),
            acts: cell(t.acts),
            episodes: cell(t.episodes),
            cases: cell(t.cases),
            cases_without_consent: n(t.cases_without_consent),
            acts_filtered_out: n(t.acts_filtered_out),
        }
    }
}

/// A written report: where, and how many bytes.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PatternExportDto {
    pub path: String,
    pub bytes: u32,
}
