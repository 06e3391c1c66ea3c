//! Wire types of the case board, the registry and the dashboard. A board row carries only
//! what a coordinator may see: codes, workflow fields, dates, risk, assignments.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use waystone::board::Filing;
use waystone::cases::HistoryEntry;
use waystone::desk::{
    BoardPage, BoardQuery, BoardRow, CaseEvent, Dashboard, DuplicateSuggestion, RegistryEntry,
};

use super::cases::CaseSummaryDto;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FilingDto {
    pub body: String,
    pub number: String,
    /// YYYY-MM-DD
    pub date: String,
}

impl From<FilingDto> for Filing {
    fn from(f: FilingDto) -> Self {
        Filing {
            body: f.body,
            number: f.number,
            date: f.date,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BoardRowDto {
    pub summary: CaseSummaryDto,
    pub caseworker: Option<String>,
    pub lawyer: Option<String>,
    pub due_date: Option<String>,
    pub risk: Option<String>,
    pub next_follow_up: Option<String>,
    pub overdue: bool,
    pub first_detention: Option<String>,
    pub last_detention: Option<String>,
    pub filing: Option<FilingDto>,
}

impl From<BoardRow> for BoardRowDto {
    fn from(r: BoardRow) -> Self {
        BoardRowDto {
            summary: r.summary.into(),
            caseworker: r.assignment.caseworker,
            lawyer: r.assignment.lawyer,
            due_date: r.due_date,
            risk: r.risk,
            next_follow_up: r.next_follow_up,
            overdue: r.overdue,
            first_detention: r.first_detention,
            last_detention: r.last_detention,
            filing: r.filing.map(|f| FilingDto {
                body: f.body,
                number: f.number,
                date: f.date,
            }),
        }
    }
}

/// Board filters; absent fields do not filter. Dates are YYYY-MM-DD.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BoardQueryDto {
    #[ts(optional)]
    pub status: Option<String>,
    #[ts(optional)]
    pub stage: Option<String>,
    #[ts(optional)]
    pub risk: Option<String>,
    #[ts(optional)]
    pub detained_from: Option<String>,
    #[ts(optional)]
    pub detained_to: Option<String>,
    #[ts(optional)]
    pub perpetrator: Option<String>,
    #[ts(optional)]
    pub place: Option<String>,
    #[ts(optional)]
    pub text: Option<String>,
    #[ts(optional)]
    pub overdue_only: Option<bool>,
    #[ts(optional)]
    pub offset: Option<u32>,
    #[ts(optional)]
    pub limit: Option<u32>,
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

impl From<BoardQueryDto> for BoardQuery {
    fn from(q: BoardQueryDto) -> Self {
        BoardQuery {
            status: nonempty(q.status),
            stage: nonempty(q.stage),
            risk: nonempty(q.risk),
            detained_from: nonempty(q.detained_from),
            detained_to: nonempty(q.detained_to),
            perpetrator: nonempty(q.perpetrator),
            place: nonempty(q.place),
            text: nonempty(q.text),
            overdue_only: q.overdue_only.unwrap_or(false),
            offset: q.offset.unwrap_or(0),
            limit: q.limit.unwrap_or(50),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BoardPageDto {
    pub rows: Vec<BoardRowDto>,
    pub total: u32,
}

impl From<BoardPage> for BoardPageDto {
    fn from(p: BoardPage) -> Self {
        BoardPageDto {
            rows: p.rows.into_iter().map(Into::into).collect(),
            total: p.total,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CaseEventDto {
    pub at: String,
    pub by: String,
    /// status | assign | due | stage
    pub kind: String,
    pub detail: String,
}

impl From<CaseEvent> for CaseEventDto {
    fn from(e: CaseEvent) -> Self {
        CaseEventDto {
            at: e.at,
            by: e.by,
            kind: e.kind,
            detail: e.detail,
        }
    }
}

/// A change of an answer or a repeat count (no value).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct HistoryEntryDto {
    pub path: String,
    pub kind: String,
    pub cleared: bool,
    pub at: String,
    pub by: String,
}

impl From<HistoryEntry> for HistoryEntryDto {
    fn from(h: HistoryEntry) -> Self {
        HistoryEntryDto {
            path: h.path,
            kind: h.kind,
            cleared: h.cleared,
            at: h.at,
            by: h.by,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegistryLinkDto {
    pub case_id: String,
    pub code: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegistryEntryDto {
    /// perpetrator | unit | site
    pub kind: String,
    pub key: String,
    pub names: Vec<String>,
    pub call_signs: Vec<String>,
    pub ranks: Vec<String>,
    pub units: Vec<String>,
    pub links: Vec<RegistryLinkDto>,
}

impl From<RegistryEntry> for RegistryEntryDto {
    fn from(e: RegistryEntry) -> Self {
        RegistryEntryDto {
            kind: e.kind,
            key: e.key,
            names: e.names,
            call_signs: e.call_signs,
            ranks: e.ranks,
            units: e.units,
            links: e
                .links
                .into_iter()
                .map(|(case_id, code, path)| RegistryLinkDto {
                    case_id,
                    code,
                    path,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateSuggestionDto {
    pub kind: String,
    pub key_a: String,
    pub key_b: String,
    pub names_a: Vec<String>,
    pub names_b: Vec<String>,
}

impl From<DuplicateSuggestion> for DuplicateSuggestionDto {
    fn from(d: DuplicateSuggestion) -> Self {
        DuplicateSuggestionDto {
            kind: d.kind,
            key_a: d.key_a,
            key_b: d.key_b,
            names_a: d.names_a,
            names_b: d.names_b,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CountDto {
    pub key: String,
    pub count: u32,
}

fn counts(v: Vec<(String, u32)>) -> Vec<CountDto> {
    v.into_iter()
        .map(|(key, count)| CountDto { key, count })
        .collect()
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DashboardDto {
    pub by_status: Vec<CountDto>,
    pub by_stage: Vec<CountDto>,
    /// key: YYYY-MM
    pub detentions_per_month: Vec<CountDto>,
    pub overdue: Vec<BoardRowDto>,
    pub per_perpetrator: Vec<CountDto>,
    pub per_site: Vec<CountDto>,
}

impl From<Dashboard> for DashboardDto {
    fn from(d: Dashboard) -> Self {
        DashboardDto {
            by_status: counts(d.by_status),
            by_stage: counts(d.by_stage),
            detentions_per_month: counts(d.detentions_per_month),
            overdue: d.overdue.into_iter().map(Into::into).collect(),
            per_perpetrator: counts(d.per_perpetrator),
            per_site: counts(d.per_site),
        }
    }
}
