//! Board, workflow, registry and dashboard commands: each calls one core function.

use tauri::State;

use waystone::board::{RegistryKind, Stage, Status};

use crate::dto::board::{
    BoardExportDto, BoardFormatDto, BoardPageDto, BoardQueryDto, CaseEventDto, DashboardDto,
    DuplicateSuggestionDto, FilingDto, HistoryEntryDto, RegistryEntryDto,
};
use crate::dto::legal::render_lang;
use crate::dto::workflow::{RegistryKindDto, StageDto, StatusDto};
use crate::dto::IpcError;
use crate::dto::Language;
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

/// One page of the board; each row says which statuses this user may move it to.
#[tauri::command(async)]
pub fn board_page(state: State<'_, AppState>, query: BoardQueryDto) -> Result<BoardPageDto> {
    board_page_in(&state, query)
}

pub fn board_page_in(state: &AppState, query: BoardQueryDto) -> Result<BoardPageDto> {
    let mut s = state.lock();
    let v = s.vault_mut()?;
    let page = v.board(&query.into())?;
    Ok(BoardPageDto::new(page, v.session()))
}

/// The board as this user sees it for `query` (every matching case, not one page) with the
/// dashboard's counts, written to a new file: CSV or PDF in `language`, status fields only.
#[tauri::command(async)]
pub fn export_board(
    state: State<'_, AppState>,
    query: BoardQueryDto,
    format: BoardFormatDto,
    language: Language,
    path: String,
) -> Result<BoardExportDto> {
    export_board_in(&state, query, format, language, path)
}

pub fn export_board_in(
    state: &AppState,
    query: BoardQueryDto,
    format: BoardFormatDto,
    language: Language,
    path: String,
) -> Result<BoardExportDto> {
    let path = waystone::fsio::user_path(&path)?;
    let mut s = state.lock();
    let bytes =
        s.vault_mut()?
            .write_board(&query.into(), render_lang(language), format.into(), &path)?;
    Ok(BoardExportDto {
        path: path.to_string_lossy().into_owned(),
        bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
    })
}

/// The dashboard's counts (by status, by evacuation stage, overdue, detentions per month)
/// over the cases this user's board shows, written to a new file: CSV or PDF in `language`,
/// counts only.
#[tauri::command(async)]
pub fn export_dashboard(
    state: State<'_, AppState>,
    format: BoardFormatDto,
    language: Language,
    path: String,
) -> Result<BoardExportDto> {
    export_dashboard_in(&state, format, language, path)
}

pub fn export_dashboard_in(
    state: &AppState,
    format: BoardFormatDto,
    language: Language,
    path: String,
) -> Result<BoardExportDto> {
    let path = waystone::fsio::user_path(&path)?;
    let mut s = state.lock();
    let bytes = s
        .vault_mut()?
        .write_dashboard(render_lang(language), format.into(), &path)?;
    Ok(BoardExportDto {
        path: path.to_string_lossy().into_owned(),
        bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
    })
}

#[tauri::command(async)]
pub fn case_events(state: State<'_, AppState>, case_id: String) -> Result<Vec<CaseEventDto>> {
    case_events_in(&state, case_id)
}

pub(super) fn case_events_in(state: &AppState, case_id: String) -> Result<Vec<CaseEventDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .case_events(&case_id)?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[tauri::command(async)]
pub fn case_history(state: State<'_, AppState>, case_id: String) -> Result<Vec<HistoryEntryDto>> {
    case_history_in(&state, case_id)
}

pub(super) fn case_history_in(state: &AppState, case_id: String) -> Result<Vec<HistoryEntryDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .readable(&case_id)?
        .history()?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[tauri::command(async)]
pub fn change_status(
    state: State<'_, AppState>,
    case_id: String,
    status: StatusDto,
    filing: Option<FilingDto>,
) -> Result<Vec<StatusDto>> {
    change_status_in(&state, &case_id, status, filing)
}

/// Moves the case and answers the statuses it may move to next, for this user: the move
/// was allowed, so they change this case's workflow, and a move leaves the case's ties as
/// they were — the next moves are the table's from the new status.
pub fn change_status_in(
    state: &AppState,
    case_id: &str,
    status: StatusDto,
    filing: Option<FilingDto>,
) -> Result<Vec<StatusDto>> {
    let to = Status::from(status);
    let mut s = state.lock();
    s.vault_mut()?
        .change_status(case_id, to, filing.map(Into::into))?;
    Ok(StatusDto::list(to.allowed_next()))
}

#[tauri::command(async)]
pub fn assign_case(
    state: State<'_, AppState>,
    case_id: String,
    caseworker: Option<String>,
    lawyer: Option<String>,
) -> Result<()> {
    assign_case_in(&state, case_id, caseworker, lawyer)
}

pub(super) fn assign_case_in(
    state: &AppState,
    case_id: String,
    caseworker: Option<String>,
    lawyer: Option<String>,
) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .assign(&case_id, caseworker.as_deref(), lawyer.as_deref())?)
}

#[tauri::command(async)]
pub fn set_due_date(
    state: State<'_, AppState>,
    case_id: String,
    date: Option<String>,
) -> Result<()> {
    set_due_date_in(&state, case_id, date)
}

pub(super) fn set_due_date_in(
    state: &AppState,
    case_id: String,
    date: Option<String>,
) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.set_due_date(&case_id, date.as_deref())?)
}

#[tauri::command(async)]
pub fn set_evacuation(
    state: State<'_, AppState>,
    case_id: String,
    stage: StageDto,
    next_follow_up: Option<String>,
) -> Result<()> {
    set_evacuation_in(&state, case_id, stage, next_follow_up)
}

pub(super) fn set_evacuation_in(
    state: &AppState,
    case_id: String,
    stage: StageDto,
    next_follow_up: Option<String>,
) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.set_evacuation(
        &case_id,
        Stage::from(stage).as_str(),
        next_follow_up.as_deref(),
    )?)
}

#[tauri::command(async)]
pub fn registry(state: State<'_, AppState>) -> Result<Vec<RegistryEntryDto>> {
    registry_in(&state)
}

pub fn registry_in(state: &AppState) -> Result<Vec<RegistryEntryDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .registry()?
        .into_iter()
        .filter_map(RegistryEntryDto::from_core)
        .collect())
}

#[tauri::command(async)]
pub fn registry_suggestions(state: State<'_, AppState>) -> Result<Vec<DuplicateSuggestionDto>> {
    registry_suggestions_in(&state)
}

pub(super) fn registry_suggestions_in(state: &AppState) -> Result<Vec<DuplicateSuggestionDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .registry_suggestions()?
        .into_iter()
        .filter_map(DuplicateSuggestionDto::from_core)
        .collect())
}

#[tauri::command(async)]
pub fn decide_duplicate(
    state: State<'_, AppState>,
    kind: RegistryKindDto,
    key_a: String,
    key_b: String,
    same: bool,
) -> Result<()> {
    decide_duplicate_in(&state, kind, key_a, key_b, same)
}

pub(super) fn decide_duplicate_in(
    state: &AppState,
    kind: RegistryKindDto,
    key_a: String,
    key_b: String,
    same: bool,
) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .decide_duplicate(RegistryKind::from(kind).as_str(), &key_a, &key_b, same)?)
}

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>) -> Result<DashboardDto> {
    dashboard_in(&state)
}

pub fn dashboard_in(state: &AppState) -> Result<DashboardDto> {
    let mut s = state.lock();
    let v = s.vault_mut()?;
    let d = v.dashboard()?;
    Ok(DashboardDto::new(d, v.session()))
}

#[cfg(test)]
mod tests {
    //! The board's closed sets and next statuses through the command bodies, with a real
    //! unlocked vault in a temporary folder (demo cases: invented people only).
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use waystone::crypto::Passphrase;

    use waystone::vault::Role;

    use super::*;

    use crate::commands::testing::{switch_user as as_user, unlocked_admin, PASS, PASS2, PASS3};

    fn all_rows(state: &AppState) -> Vec<crate::dto::board::BoardRowDto> {
        let q = BoardQueryDto {
            limit: Some(500),
            ..BoardQueryDto::default()
        };
        board_page_in(state, q).unwrap().rows
    }

    /// The table's moves as wire values, for a status the row names.
    fn table(status: Option<StatusDto>) -> Vec<StatusDto> {
        StatusDto::list(status.map(Status::from).map_or(&[], Status::allowed_next))
    }

    #[test]
    fn rows_carry_the_moves_their_viewer_may_make_and_closed_sets_only() {
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "v", "ana");
        let ids: Vec<String> = {
            let mut s = state.lock();
            let v = s.vault_mut().unwrap();
            v.add_user("co", Role::Coordinator, &Passphrase::new(PASS2))
                .unwrap();
            v.add_user("cw", Role::Caseworker, &Passphrase::new(PASS3))
                .unwrap();
            let form = waystone::forms::latest_intake();
            let cases = waystone::demo::add_demo_cases(v, &form, 6, 7).unwrap();
            v.assign(&cases[0].id, Some("cw"), None).unwrap();
            cases.into_iter().map(|c| c.id).collect()
        };
        // a move answers the moves that follow it, as the next board page will
        let next = change_status_in(&state, &ids[1], StatusDto::Closed, None).unwrap();
        assert_eq!(next, [StatusDto::InterviewInProgress]);
        let e = change_status_in(&state, &ids[1], StatusDto::Filed, None).unwrap_err();
        assert!(matches!(e.code, crate::dto::ErrorCode::Invalid), "{e:?}");

        // an admin and a coordinator: every case, the table's moves on each
        for (user, pass) in [("ana", PASS), ("co", PASS2)] {
            as_user(&state, user, pass);
            let rows = all_rows(&state);
            assert_eq!(rows.len(), ids.len(), "{user}");
            for r in &rows {
                assert!(r.summary.status.is_some(), "demo statuses are all known");
                assert!(!r.allowed_next.is_empty());
                assert_eq!(r.allowed_next, table(r.summary.status), "{user}");
            }
            let closed = rows.iter().find(|r| r.summary.id == ids[1]).unwrap();
            assert_eq!(closed.summary.status, Some(StatusDto::Closed));
            assert_eq!(closed.allowed_next, [StatusDto::InterviewInProgress]);
            // the dashboard's overdue rows are the same rows, with the same moves
            for r in dashboard_in(&state).unwrap().overdue {
                assert_eq!(r.allowed_next, table(r.summary.status));
            }
        }

        // a caseworker sees only the case assigned to them, and may move it
        as_user(&state, "cw", PASS3);
        let rows = all_rows(&state);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].summary.id, ids[0]);
        assert_eq!(rows[0].allowed_next, table(rows[0].summary.status));
        assert!(!rows[0].allowed_next.is_empty());
        let to = rows[0].allowed_next[0];
        let next = change_status_in(&state, &ids[0], to, None).unwrap();
        assert_eq!(next, table(Some(to)));
        assert_eq!(all_rows(&state)[0].allowed_next, next);
        let e = change_status_in(&state, &ids[2], StatusDto::Closed, None).unwrap_err();
        assert!(matches!(e.code, crate::dto::ErrorCode::Forbidden), "{e:?}");

        // a filter by a closed-set value reaches the core as its name
        as_user(&state, "ana", PASS);
        let q = BoardQueryDto {
            status: Some(StatusDto::Closed),
            ..BoardQueryDto::default()
        };
        let page = board_page_in(&state, q).unwrap();
        assert_eq!(page.total, 1);
        assert_eq!(page.rows[0].summary.id, ids[1]);

        // the dashboard counts every case once, in workflow order
        let d = dashboard_in(&state).unwrap();
        let n: u32 = d.by_status.iter().map(|c| c.count).sum();
        assert_eq!(n as usize, ids.len());
        let order: Vec<usize> = d
            .by_status
            .iter()
            .map(|c| {
                let s = Status::from(c.status.unwrap());
                Status::ALL.iter().position(|x| *x == s).unwrap()
            })
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        let n: u32 = d.by_stage.iter().map(|c| c.count).sum();
        assert_eq!(n as usize, ids.len());

        // every registry entry the core builds has a kind the wire names
        let core = state.lock().vault_mut().unwrap().registry().unwrap();
        assert!(!core.is_empty(), "demo cases name perpetrators and sites");
        let wire = registry_in(&state).unwrap();
        assert_eq!(wire.len(), core.len(), "an entry's kind has no wire name");
    }
}
