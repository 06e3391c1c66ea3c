//! A case's asylum details and the survivor's consent to the asylum letter: read them, save
//! them, record or withdraw the consent naming the authority. The vault asks the rights
//! table (`asylum_details`, `asylum_consent`); errors name fields, never values.

use tauri::State;

use crate::dto::asylum::{AsylumConsentDto, AsylumDetailsDto};
use crate::dto::IpcError;
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

/// Case `case_id`'s asylum details, `None` when none are recorded.
#[tauri::command(async)]
pub fn asylum_details(
    state: State<'_, AppState>,
    case_id: String,
) -> Result<Option<AsylumDetailsDto>> {
    asylum_details_in(&state, &case_id)
}

pub(super) fn asylum_details_in(
    state: &AppState,
    case_id: &str,
) -> Result<Option<AsylumDetailsDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .asylum_details(case_id)?
        .as_ref()
        .map(Into::into))
}

/// Replaces the case's asylum details, keeping the consent held (`record_asylum_consent`
/// changes it). Returns the details as stored.
#[tauri::command(async)]
pub fn set_asylum_details(
    state: State<'_, AppState>,
    case_id: String,
    details: AsylumDetailsDto,
) -> Result<AsylumDetailsDto> {
    set_asylum_details_in(&state, &case_id, &details)
}

pub(super) fn set_asylum_details_in(
    state: &AppState,
    case_id: &str,
    details: &AsylumDetailsDto,
) -> Result<AsylumDetailsDto> {
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    let held = vault.asylum_details(case_id)?;
    let consent = held.as_ref().and_then(|h| h.consent.clone());
    let core = details.to_core(held.as_ref(), consent)?;
    vault.set_asylum_details(case_id, &core)?;
    Ok((&core).into())
}

/// Records the survivor's consent to a letter to `consent.authority` of `consent.host`, or
/// its refusal or withdrawal (`given` false). Returns the details as stored.
#[tauri::command(async)]
pub fn record_asylum_consent(
    state: State<'_, AppState>,
    case_id: String,
    consent: AsylumConsentDto,
) -> Result<AsylumDetailsDto> {
    record_asylum_consent_in(&state, &case_id, &consent)
}

pub(super) fn record_asylum_consent_in(
    state: &AppState,
    case_id: &str,
    consent: &AsylumConsentDto,
) -> Result<AsylumDetailsDto> {
    let core = consent.to_core()?;
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    vault.record_asylum_consent(case_id, core)?;
    let stored = vault.asylum_details(case_id)?.unwrap_or_default();
    Ok((&stored).into())
}
