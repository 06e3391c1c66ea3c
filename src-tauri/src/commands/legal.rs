//! Legal review and export: the review of a case's ECHR or public output, and the export
//! with the lawyer's decisions, written as a new file.

use tauri::State;

use crate::dto::legal::{
    render_lang, AudienceDto, ExportRequestDto, ExportResultDto, LegalReviewDto,
};
use crate::dto::{IpcError, Language};
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

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
    let decisions = waystone::legal::review::Decisions {
        redact: request
            .decisions
            .iter()
            .map(|d| (d.span as usize, d.redact))
            .collect(),
        phrases: request.phrases.clone(),
    };
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
