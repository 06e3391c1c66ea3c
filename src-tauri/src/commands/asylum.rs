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

#[cfg(test)]
mod tests {
    //! The asylum commands with a real unlocked vault in a temporary folder: saving keeps the
    //! consent, the letter is refused until a consent names the authority, errors name fields
    //! and never values. An invented demo case, an invented authority.
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::commands::legal::legal_review_in;
    use crate::commands::testing::unlocked_admin;
    use crate::dto::legal::AudienceDto;
    use crate::dto::{ErrorCode, Language};

    const AUTHORITY: &str = "Invented Asylum Office";

    fn details(host: &str) -> AsylumDetailsDto {
        AsylumDetailsDto {
            host: host.into(),
            authority: AUTHORITY.into(),
            file_number: "INV-31-2026".into(),
            stage: None,
            risks: Vec::new(),
            no_risks: true,
            signatory_name: "Invented Signatory".into(),
            signatory_role: String::new(),
            signatory_how_known: String::new(),
            consent: None,
        }
    }

    fn consent(given: bool) -> AsylumConsentDto {
        AsylumConsentDto {
            given,
            host: "de".into(),
            authority: AUTHORITY.to_lowercase(),
            date: "2026-11".into(),
            recorded_by: "someone else".into(),
        }
    }

    #[test]
    fn details_and_consent_through_the_commands_gate_the_letter() {
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "v", "ana");
        let id = {
            let mut s = state.lock();
            let v = s.vault_mut().unwrap();
            let id = waystone::demo::add_demo_cases(v, &waystone::forms::latest_intake(), 1, 3)
                .unwrap()
                .remove(0)
                .id;
            let yes = waystone::forms::Answer::Value(waystone::forms::Value::YesNo(true));
            v.writable(&id)
                .and_then(|mut g| {
                    g.save_answer(&"consent_documentation".parse().unwrap(), Some(yes))
                })
                .unwrap();
            id
        };
        let review = |host: Option<&str>| {
            legal_review_in(&state, id.clone(), AudienceDto::Asylum, host, Language::En)
        };

        assert!(asylum_details_in(&state, &id).unwrap().is_none());
        let saved = set_asylum_details_in(&state, &id, &details("de")).unwrap();
        assert_eq!(saved.host, "DE");

        // no consent: refused as consent_missing; no host: invalid
        assert!(matches!(
            review(Some("DE")).unwrap_err().code,
            ErrorCode::ConsentMissing
        ));
        assert!(matches!(review(None).unwrap_err().code, ErrorCode::Invalid));

        let stored = record_asylum_consent_in(&state, &id, &consent(true)).unwrap();
        let c = stored.consent.unwrap();
        assert_eq!((c.host.as_str(), c.date.as_str()), ("DE", "2026-11"));
        assert_eq!(c.recorded_by, "ana", "the vault names who recorded it");
        assert!(review(Some("de")).is_ok());
        // a letter to another host State than the details' is refused
        assert!(matches!(
            review(Some("FR")).unwrap_err().code,
            ErrorCode::ConsentMissing
        ));

        // saving the details again keeps the consent (the DTO's is not read)
        set_asylum_details_in(&state, &id, &details("DE")).unwrap();
        assert!(
            asylum_details_in(&state, &id)
                .unwrap()
                .unwrap()
                .consent
                .unwrap()
                .given
        );
        assert!(review(Some("DE")).is_ok());

        // withdrawn: refused again
        record_asylum_consent_in(&state, &id, &consent(false)).unwrap();
        assert!(matches!(
            review(Some("DE")).unwrap_err().code,
            ErrorCode::ConsentMissing
        ));
    }

    #[test]
    fn bad_values_are_refused_naming_the_field_not_the_value() {
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "v", "ana");
        let id = {
            let mut s = state.lock();
            let v = s.vault_mut().unwrap();
            v.create_case(&waystone::forms::latest_intake()).unwrap().id
        };
        let mut d = details("DE");
        d.risks.push(crate::dto::asylum::AsylumRiskDto {
            kind: crate::dto::asylum::RiskKindDto::Summons,
            date: "31.12.2025".into(),
            description: "invented".into(),
        });
        let e = set_asylum_details_in(&state, &id, &d).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid));
        assert!(
            e.message.contains("risk date") && !e.message.contains("31.12.2025"),
            "{}",
            e.message
        );

        let e = set_asylum_details_in(&state, &id, &details("XYZ")).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid));
        assert!(!e.message.contains("XYZ"), "{}", e.message);

        let mut c = consent(true);
        c.authority = "  ".into();
        let e = record_asylum_consent_in(&state, &id, &c).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid));
        assert!(
            asylum_details_in(&state, &id).unwrap().is_none(),
            "nothing written"
        );
    }
}
