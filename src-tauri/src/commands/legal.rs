//! Legal review and export: the review of a case's ECHR or public output, and the export
//! with the lawyer's decisions, written as a new file.

use tauri::State;

use crate::dto::legal::{
    decisions, render_lang, AudienceDto, ExportConsentsDto, ExportRequestDto, ExportResultDto,
    LegalReviewDto, ReviewDraftSaveDto,
};
use crate::dto::{IpcError, Language};
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

/// Which legal documents each case's recorded consent allows (the case list and the board's
/// case panel offer *Legal export* only where one is). Refused whole (`forbidden`) when the
/// user may not prepare legal documents of one of the cases.
#[tauri::command(async)]
pub fn export_consents(
    state: State<'_, AppState>,
    case_ids: Vec<String>,
) -> Result<Vec<ExportConsentsDto>> {
    export_consents_in(&state, case_ids)
}

pub(super) fn export_consents_in(
    state: &AppState,
    case_ids: Vec<String>,
) -> Result<Vec<ExportConsentsDto>> {
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    case_ids
        .into_iter()
        .map(|id| {
            let c = vault.export_consents(&id)?;
            Ok(ExportConsentsDto::new(id, c))
        })
        .collect()
}

#[tauri::command(async)]
pub fn legal_review(
    state: State<'_, AppState>,
    case_id: String,
    audience: AudienceDto,
    host: Option<String>,
    language: Language,
) -> Result<LegalReviewDto> {
    legal_review_in(&state, case_id, audience, host.as_deref(), language)
}

pub(super) fn legal_review_in(
    state: &AppState,
    case_id: String,
    audience: AudienceDto,
    host: Option<&str>,
    language: Language,
) -> Result<LegalReviewDto> {
    let audience = audience.to_core(host)?;
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .legal_review(&case_id, audience, render_lang(language))?
        .into())
}

/// Keeps the lawyer's decisions on the document under review as a draft in the vault (given
/// back by the next `legal_review` of the same document while the case is unchanged).
#[tauri::command(async)]
pub fn save_review_draft(state: State<'_, AppState>, draft: ReviewDraftSaveDto) -> Result<()> {
    save_review_draft_in(&state, draft)
}

pub(super) fn save_review_draft_in(state: &AppState, draft: ReviewDraftSaveDto) -> Result<()> {
    let audience = draft.audience.to_core(draft.host.as_deref())?;
    let mut s = state.lock();
    Ok(s.vault_mut()?.save_review_draft(
        &draft.case_id,
        audience,
        render_lang(draft.language),
        &draft.token,
        &decisions(&draft.decisions, &draft.phrases),
    )?)
}

/// Forgets the lawyer's kept decisions on one document (they start over).
#[tauri::command(async)]
pub fn clear_review_draft(
    state: State<'_, AppState>,
    case_id: String,
    audience: AudienceDto,
    host: Option<String>,
    language: Language,
) -> Result<()> {
    clear_review_draft_in(&state, &case_id, audience, host.as_deref(), language)
}

pub(super) fn clear_review_draft_in(
    state: &AppState,
    case_id: &str,
    audience: AudienceDto,
    host: Option<&str>,
    language: Language,
) -> Result<()> {
    let audience = audience.to_core(host)?;
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .clear_review_draft(case_id, audience, render_lang(language))?)
}

/// The forms a hidden phrase may also be written in (cases, Latin spellings), the phrase as
/// typed first: the review shows them before hiding, and the lawyer unticks what should stay.
/// Computed from the phrase alone; needs an unlocked session, reads nothing of the vault.
#[tauri::command(async)]
pub fn phrase_forms(state: State<'_, AppState>, phrase: String) -> Result<Vec<String>> {
    phrase_forms_in(&state, &phrase)
}

pub(super) fn phrase_forms_in(state: &AppState, phrase: &str) -> Result<Vec<String>> {
    let mut s = state.lock();
    s.vault_mut()?;
    Ok(waystone::legal::review::phrase_forms(phrase))
}

#[tauri::command(async)]
pub fn export_legal(
    state: State<'_, AppState>,
    request: ExportRequestDto,
) -> Result<ExportResultDto> {
    export_legal_in(&state, request)
}

pub(super) fn export_legal_in(
    state: &AppState,
    request: ExportRequestDto,
) -> Result<ExportResultDto> {
    // trimmed, `~/` expanded; the core's writer refuses a relative path, a missing folder,
    // a folder or a file already there, each with its own code
    let path = waystone::fsio::user_path(&request.path)?;
    let decisions = decisions(&request.decisions, &request.phrases);
    let audience = request.audience.to_core(request.host.as_deref())?;
    let export = {
        let mut s = state.lock();
        s.vault_mut()?.export_reviewed(
            &request.case_id,
            audience,
            request.format.into(),
            render_lang(request.language),
            &request.token,
            &decisions,
            Some(&path),
        )?
    };
    Ok(ExportResultDto::new(
        path.to_string_lossy().into_owned(),
        &export,
    ))
}

#[cfg(test)]
mod tests {
    //! `export_consents` against the gate the review itself applies: for each combination of
    //! consent answers, a document the query calls allowed opens in the review, and one it
    //! calls refused is refused with `consent_missing`. An invented demo case.
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::commands::testing::unlocked_admin;
    use crate::dto::legal::ConsentMissingDto;
    use crate::dto::ErrorCode;
    use waystone::forms::{Answer, Value};

    #[test]
    fn the_query_agrees_with_the_review_gate() {
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "v", "ana");
        let id = {
            let mut s = state.lock();
            let v = s.vault_mut().unwrap();
            waystone::demo::add_demo_cases(v, &waystone::forms::latest_intake(), 1, 7)
                .unwrap()
                .remove(0)
                .id
        };
        let set = |path: &str, yes: bool| {
            let mut s = state.lock();
            let v = s.vault_mut().unwrap();
            v.writable(&id)
                .and_then(|mut g| {
                    g.save_answer(
                        &path.parse().unwrap(),
                        Some(Answer::Value(Value::YesNo(yes))),
                    )
                })
                .unwrap();
        };
        let opens =
            |audience| match legal_review_in(&state, id.clone(), audience, None, Language::En) {
                Ok(_) => true,
                Err(e) if matches!(e.code, ErrorCode::ConsentMissing) => false,
                Err(e) => panic!("unexpected refusal {:?}", e.code),
            };
        for (documentation, legal, publication) in [
            (true, true, true),
            (true, true, false),
            (true, false, true),
            (true, false, false),
            (false, true, true),
        ] {
            set("consent_documentation", documentation);
            set("consent_legal", legal);
            set("consent_publication", publication);
            let c = export_consents_in(&state, vec![id.clone()])
                .unwrap()
                .remove(0);
            assert_eq!(c.case_id, id);
            assert_eq!(c.echr.is_none(), opens(AudienceDto::Echr), "{c:?}");
            assert_eq!(c.public.is_none(), opens(AudienceDto::Public), "{c:?}");
            // no asylum details were saved: the letter lacks its own consent (or documentation)
            let asylum = if documentation {
                ConsentMissingDto::AsylumConsent
            } else {
                ConsentMissingDto::Documentation
            };
            assert_eq!(c.asylum, Some(asylum));
            if !documentation {
                assert_eq!(c.echr, Some(ConsentMissingDto::Documentation));
            } else if !legal {
                assert_eq!(c.echr, Some(ConsentMissingDto::LegalFiling));
            }
            if documentation && !publication {
                assert_eq!(c.public, Some(ConsentMissingDto::Publication));
            }
        }
        // an unknown case: not found, and nothing for the others of the same request
        let e = export_consents_in(&state, vec![id.clone(), "no-such-case".into()]).unwrap_err();
        assert!(matches!(e.code, ErrorCode::NotFound), "{:?}", e.code);
    }
}
