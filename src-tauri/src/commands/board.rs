//! Board, workflow, registry and dashboard commands: each calls one core function.

use tauri::State;

use crate::dto::board::{
    BoardPageDto, BoardQueryDto, CaseEventDto, DashboardDto, DuplicateSuggestionDto, FilingDto,
    HistoryEntryDto, RegistryEntryDto,
};
use crate::dto::IpcError;
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

fn invalid(msg: &str) -> IpcError {
    IpcError::from(waystone::vault::VaultError::Invalid(msg.into()))
}

#[tauri::command(async)]
pub fn board_page(state: State<'_, AppState>, query: BoardQueryDto) -> Result<BoardPageDto> {
    board_page_in(&state, query)
}

pub(super) fn board_page_in(state: &AppState, query: BoardQueryDto) -> Result<BoardPageDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.board(&query.into())?.into())
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
    status: String,
    filing: Option<FilingDto>,
) -> Result<()> {
    change_status_in(&state, case_id, status, filing)
}

pub(super) fn change_status_in(
    state: &AppState,
    case_id: String,
    status: String,
    filing: Option<FilingDto>,
) -> Result<()> {
    let to = waystone::board::Status::parse(&status).ok_or_else(|| invalid("unknown status"))?;
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .change_status(&case_id, to, filing.map(Into::into))?)
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
    stage: String,
    next_follow_up: Option<String>,
) -> Result<()> {
    set_evacuation_in(&state, case_id, stage, next_follow_up)
}

pub(super) fn set_evacuation_in(
    state: &AppState,
    case_id: String,
    stage: String,
    next_follow_up: Option<String>,
) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .set_evacuation(&case_id, &stage, next_follow_up.as_deref())?)
}

#[tauri::command(async)]
pub fn registry(state: State<'_, AppState>) -> Result<Vec<RegistryEntryDto>> {
    registry_in(&state)
}

pub(super) fn registry_in(state: &AppState) -> Result<Vec<RegistryEntryDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .registry()?
        .into_iter()
        .map(Into::into)
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
        .map(Into::into)
        .collect())
}

#[tauri::command(async)]
pub fn decide_duplicate(
    state: State<'_, AppState>,
    kind: String,
    key_a: String,
    key_b: String,
    same: bool,
) -> Result<()> {
    decide_duplicate_in(&state, kind, key_a, key_b, same)
}

pub(super) fn decide_duplicate_in(
    state: &AppState,
    kind: String,
    key_a: String,
    key_b: String,
    same: bool,
) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .decide_duplicate(&kind, &key_a, &key_b, same)?)
}

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>) -> Result<DashboardDto> {
    dashboard_in(&state)
}

pub(super) fn dashboard_in(state: &AppState) -> Result<DashboardDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.dashboard()?.into())
}
