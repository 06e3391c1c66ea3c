//! Wire types of the case board, the registry and the dashboard. A board row carries only
//! what a coordinator may see: codes, workflow fields, dates, risk, assignments — and the
//! statuses the person looking at it may move it to (`allowedNext`, from the core's
//! transition table and rights table: the UI never knows the workflow's rules).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use waystone::board::{self, Filing, Stage, Status};
use waystone::cases::HistoryEntry;
use waystone::desk::{
    BoardPage, BoardQuery, BoardRow, CaseEvent, Dashboard, DuplicateSuggestion, RegistryEntry,
};
use waystone::vault::Session;

use super::cases::CaseSummaryDto;
use super::workflow::{RegistryKindDto, RiskDto, StageDto, StatusDto};

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
    pub risk: Option<RiskDto>,
    pub next_follow_up: Option<String>,
    pub overdue: bool,
    pub first_detention: Option<String>,
    pub last_detention: Option<String>,
    pub filing: Option<FilingDto>,
    /// The contact whose bundle was last imported for this case, and when: "last heard from".
    pub last_heard: Option<LastHeardDto>,
    /// The statuses `actor` may move this case to now (`board::next_statuses`): empty when
    /// they may not change its workflow, or its status is unknown.
    pub allowed_next: Vec<StatusDto>,
}

impl BoardRowDto {
    /// The row as `actor` (the session's user) sees it.
    pub fn new(r: BoardRow, actor: &Session) -> Self {
        let allowed_next = StatusDto::list(board::next_statuses(
            actor.role,
            &actor.user,
            &r.summary.status,
            &r.assignment,
        ));
        BoardRowDto {
            allowed_next,
            summary: r.summary.into(),
            caseworker: r.assignment.caseworker,
            lawyer: r.assignment.lawyer,
            due_date: r.due_date,
            risk: r.risk.as_deref().and_then(RiskDto::from_name),
            next_follow_up: r.next_follow_up,
            overdue: r.overdue,
            first_detention: r.first_detention,
            last_detention: r.last_detention,
            filing: r.filing.map(|f| FilingDto {
                body: f.body,
                number: f.number,
                date: f.date,
            }),
            last_heard: r.last_heard.map(|(from, at)| LastHeardDto { from, at }),
        }
    }
}

/// Who a case was last heard from (a pinned contact's name) and when (RFC 3339).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LastHeardDto {
    pub from: String,
    pub at: String,
}

/// The board's export formats (`waystone::desk::BoardFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BoardFormatDto {
    Csv,
    Pdf,
}

impl From<BoardFormatDto> for waystone::desk::BoardFormat {
    fn from(f: BoardFormatDto) -> Self {
        match f {
            BoardFormatDto::Csv => waystone::desk::BoardFormat::Csv,
            BoardFormatDto::Pdf => waystone::desk::BoardFormat::Pdf,
        }
    }
}

/// A file the board was written to.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BoardExportDto {
    pub path: String,
    pub bytes: u32,
}

/// Board filters; absent fields do not filter. Dates are YYYY-MM-DD.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct BoardQueryDto {
    #[ts(optional)]
    pub status: Option<StatusDto>,
    #[ts(optional)]
    pub stage: Option<StageDto>,
    #[ts(optional)]
    pub risk: Option<RiskDto>,
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
            status: q.status.map(|s| Status::from(s).as_str().to_owned()),
            stage: q.stage.map(|s| Stage::from(s).as_str().to_owned()),
            risk: q.risk.map(|r| board::Risk::from(r).as_str().to_owned()),
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

impl BoardPageDto {
    pub fn new(p: BoardPage, actor: &Session) -> Self {
        BoardPageDto {
            rows: p
                .rows
                .into_iter()
                .map(|r| BoardRowDto::new(r, actor))
                .collect(),
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
    pub kind: RegistryKindDto,
    pub key: String,
    pub names: Vec<String>,
    pub call_signs: Vec<String>,
    pub ranks: Vec<String>,
    pub units: Vec<String>,
    pub links: Vec<RegistryLinkDto>,
}

impl RegistryEntryDto {
    /// `None` for a kind the core does not name (it writes only `RegistryKind`'s names; the
    /// commands' tests hold every entry of a demo vault to it).
    pub fn from_core(e: RegistryEntry) -> Option<Self> {
        Some(RegistryEntryDto {
            kind: RegistryKindDto::from_name(&e.kind)?,
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
        })
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateSuggestionDto {
    pub kind: RegistryKindDto,
    pub key_a: String,
    pub key_b: String,
    pub names_a: Vec<String>,
    pub names_b: Vec<String>,
}

impl DuplicateSuggestionDto {
    /// `None` for a kind the core does not name (see [`RegistryEntryDto::from_core`]).
    pub fn from_core(d: DuplicateSuggestion) -> Option<Self> {
        Some(DuplicateSuggestionDto {
            kind: RegistryKindDto::from_name(&d.kind)?,
            key_a: d.key_a,
            key_b: d.key_b,
            names_a: d.names_a,
            names_b: d.names_b,
        })
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

/// Cases per status, in workflow order; `status` null counts cases whose status this version
/// does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StatusCountDto {
    pub status: Option<StatusDto>,
    pub count: u32,
}

/// Cases per evacuation stage, least to most settled; `stage` null counts cases with none
/// recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StageCountDto {
    pub stage: Option<StageDto>,
    pub count: u32,
}

/// Counts keyed by name, re-keyed by a closed set in its order (`all`), unknown names and
/// none together last.
fn keyed<K: Copy, T>(
    v: Vec<(String, u32)>,
    all: &[K],
    name: fn(K) -> &'static str,
    make: fn(Option<K>, u32) -> T,
) -> Vec<T> {
    let mut known = vec![0u32; all.len()];
    let mut other = 0u32;
    for (key, n) in v {
        match all.iter().position(|&k| name(k) == key) {
            Some(i) => known[i] = known[i].saturating_add(n),
            None => other = other.saturating_add(n),
        }
    }
    let mut out: Vec<T> = all
        .iter()
        .zip(known)
        .filter(|(_, n)| *n > 0)
        .map(|(&k, n)| make(Some(k), n))
        .collect();
    if other > 0 {
        out.push(make(None, other));
    }
    out
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DashboardDto {
    pub by_status: Vec<StatusCountDto>,
    pub by_stage: Vec<StageCountDto>,
    /// key: YYYY-MM
    pub detentions_per_month: Vec<CountDto>,
    pub overdue: Vec<BoardRowDto>,
    pub per_perpetrator: Vec<CountDto>,
    pub per_site: Vec<CountDto>,
}

impl DashboardDto {
    pub fn new(d: Dashboard, actor: &Session) -> Self {
        DashboardDto {
            by_status: keyed(d.by_status, &Status::ALL, Status::as_str, |s, count| {
                StatusCountDto {
                    status: s.map(Into::into),
                    count,
                }
            }),
            by_stage: keyed(d.by_stage, &Stage::ALL, Stage::as_str, |s, count| {
                StageCountDto {
                    stage: s.map(Into::into),
                    count,
                }
            }),
            detentions_per_month: counts(d.detentions_per_month),
            overdue: d
                .overdue
                .into_iter()
                .map(|r| BoardRowDto::new(r, actor))
                .collect(),
            per_perpetrator: counts(d.per_perpetrator),
            per_site: counts(d.per_site),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[(&str, u32)], expected: &[(Option<StageDto>, u32)]) {
        let v = input.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        let got: Vec<(Option<StageDto>, u32)> =
            keyed(v, &Stage::ALL, Stage::as_str, |s, n| (s.map(Into::into), n));
        assert_eq!(got, expected, "{input:?}");
    }

    #[test]
    fn counts_take_the_closed_sets_order_with_unknown_and_none_last() {
        use StageDto::*;
        check(&[], &[]);
        check(
            &[("relocated", 2), ("in_hiding", 1), ("none", 4)],
            &[(Some(InHiding), 1), (Some(Relocated), 2), (None, 4)],
        );
        // a name this version does not know counts with "none", never under its text
        check(
            &[("none", 1), ("somewhere", 2), ("at_risk_in_region", 3)],
            &[(Some(AtRiskInRegion), 3), (None, 3)],
        );
        check(&[("in_transit", 0)], &[]);
    }
}
