//! The Reports screen: the pattern report's preview (published numbers only) and its
//! export to a new file. Lawyers and admins (`report_patterns`).

use tauri::State;

use crate::dto::legal::render_lang;
use crate::dto::report::{
    PatternExportDto, PatternFormatDto, PatternPreviewDto, PatternRequestDto,
};
use crate::dto::IpcError;
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

#[tauri::command(async)]
pub fn pattern_preview(
    state: State<'_, AppState>,
    request: PatternRequestDto,
) -> Result<PatternPreviewDto> {
    pattern_preview_in(&state, request)
}

pub(super) fn pattern_preview_in(
    state: &AppState,
    request: PatternRequestDto,
) -> Result<PatternPreviewDto> {
    let filter = request.filter()?;
    let mut s = state.lock();
    let t = s
        .vault_mut()?
        .pattern_tables(&filter, u64::from(request.k))?;
    Ok(PatternPreviewDto::new(&t, request.language))
}

#[tauri::command(async)]
pub fn export_pattern_report(
    state: State<'_, AppState>,
    request: PatternRequestDto,
    format: PatternFormatDto,
    path: String,
) -> Result<PatternExportDto> {
    export_pattern_report_in(&state, request, format, path)
}

pub(super) fn export_pattern_report_in(
    state: &AppState,
    request: PatternRequestDto,
    format: PatternFormatDto,
    path: String,
) -> Result<PatternExportDto> {
    let path = waystone::fsio::user_path(&path)?;
    let filter = request.filter()?;
    let bytes = {
        let mut s = state.lock();
        s.vault_mut()?.write_pattern_report(
            &filter,
            u64::from(request.k),
            format.into(),
            render_lang(request.language),
            &path,
        )?
    };
    Ok(PatternExportDto {
        path: path.to_string_lossy().into_owned(),
        bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
    })
}
