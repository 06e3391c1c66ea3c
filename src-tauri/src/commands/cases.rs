//! Case and interview commands: each calls one core function and maps the result.

use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;

use waystone::casework::CaseFilter;

use crate::dto::cases::{
    parse_path, AnswerDto, AttachmentDto, CaseLabelDto, CaseSummaryDto, DiscardDto,
    InterviewStateDto, InterviewView,
};
use crate::dto::form::FormView;
use crate::dto::IpcError;
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

/// The interviews list shows this many cases at most, the most recently changed first; the
/// board (paged, searchable) finds the others. A vault of 10,000 cases would otherwise send
/// and draw 10,000 rows.
pub const INTERVIEW_LIST_LIMIT: u32 = 200;

#[tauri::command(async)]
pub fn list_cases(state: State<'_, AppState>) -> Result<Vec<CaseSummaryDto>> {
    list_cases_in(&state)
}

pub(super) fn list_cases_in(state: &AppState) -> Result<Vec<CaseSummaryDto>> {
    let mut s = state.lock();
    let cases = s.vault_mut()?.list_cases(&CaseFilter {
        limit: Some(INTERVIEW_LIST_LIMIT),
        ..CaseFilter::default()
    })?;
    Ok(cases.into_iter().map(Into::into).collect())
}

/// A form version as the interview draws it: built in, or imported into the vault (so a
/// case started on an imported form opens; `waystone::catalog`).
#[tauri::command(async)]
pub fn form_definition(
    state: State<'_, AppState>,
    form_id: String,
    version: u32,
) -> Result<FormView> {
    form_definition_in(&state, &form_id, version)
}

pub(super) fn form_definition_in(
    state: &AppState,
    form_id: &str,
    version: u32,
) -> Result<FormView> {
    let mut s = state.lock();
    let def = s.vault_mut()?.form(form_id, Some(version))?;
    Ok(FormView::from(&def))
}

/// Starts a case on a form *New interview* offers (`forms_for_new_interview`); the case
/// stays on that form id and version for good. `None`: the latest built-in intake.
#[tauri::command(async)]
pub fn create_case(
    state: State<'_, AppState>,
    form_id: Option<String>,
    version: Option<u32>,
) -> Result<CaseSummaryDto> {
    match (form_id, version) {
        (Some(id), Some(v)) => create_case_on_in(&state, &id, v),
        _ => create_case_in(&state),
    }
}

pub(super) fn create_case_in(state: &AppState) -> Result<CaseSummaryDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .create_case(&waystone::forms::latest_intake())?
        .into())
}

/// The body of [`create_case`] on a chosen form version.
pub(super) fn create_case_on_in(
    state: &AppState,
    form_id: &str,
    version: u32,
) -> Result<CaseSummaryDto> {
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    let form = vault.new_interview_form(form_id, version)?;
    Ok(vault.create_case(&form)?.into())
}

#[tauri::command(async)]
pub fn open_case(state: State<'_, AppState>, case_id: String) -> Result<InterviewView> {
    open_case_in(&state, &case_id)
}

/// The body of [`open_case`] (callable from tests without a running app).
pub(super) fn open_case_in(state: &AppState, case_id: &str) -> Result<InterviewView> {
    let mut s = state.lock();
    Ok(InterviewView::from_interview(
        s.vault_mut()?.readable(case_id)?.interview()?,
    )?)
}

#[tauri::command(async)]
pub fn save_answer(
    state: State<'_, AppState>,
    case_id: String,
    path: String,
    answer: Option<AnswerDto>,
) -> Result<InterviewStateDto> {
    save_answer_in(&state, &case_id, &path, answer)
}

/// The body of [`save_answer`] (callable from tests without a running app).
pub(super) fn save_answer_in(
    state: &AppState,
    case_id: &str,
    path: &str,
    answer: Option<AnswerDto>,
) -> Result<InterviewStateDto> {
    let path = parse_path(path)?;
    let answer = answer.map(AnswerDto::into_answer).transpose()?;
    let mut s = state.lock();
    let outcome = s
        .vault_mut()?
        .writable(case_id)?
        .save_answer(&path, answer)?;
    Ok((&outcome.state).into())
}

#[tauri::command(async)]
pub fn add_repeat(
    state: State<'_, AppState>,
    case_id: String,
    container: String,
) -> Result<InterviewView> {
    add_repeat_in(&state, case_id, container)
}

pub(super) fn add_repeat_in(
    state: &AppState,
    case_id: String,
    container: String,
) -> Result<InterviewView> {
    let container = parse_path(&container)?;
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    vault.writable(&case_id)?.add_repeat(&container)?;
    Ok(InterviewView::from_interview(
        vault.readable(&case_id)?.interview()?,
    )?)
}

#[tauri::command(async)]
pub fn remove_repeat(
    state: State<'_, AppState>,
    case_id: String,
    container: String,
    index: u32,
) -> Result<InterviewView> {
    remove_repeat_in(&state, &case_id, &container, index)
}

/// The body of [`remove_repeat`] (callable from tests without a running app).
pub(super) fn remove_repeat_in(
    state: &AppState,
    case_id: &str,
    container: &str,
    index: u32,
) -> Result<InterviewView> {
    let container = parse_path(container)?;
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    vault.writable(case_id)?.remove_repeat(&container, index)?;
    Ok(InterviewView::from_interview(
        vault.readable(case_id)?.interview()?,
    )?)
}

/// Raw body: the file's bytes. Headers: `x-case-id`, `x-file-name` (percent-encoded),
/// `x-media-type`. The bytes go straight into the core, which encrypts them; nothing is
/// written in plaintext.
#[tauri::command(async)]
pub fn add_attachment(state: State<'_, AppState>, request: Request<'_>) -> Result<AttachmentDto> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(invalid("the attachment must be sent as raw bytes"));
    };
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let case_id = header("x-case-id").ok_or_else(|| invalid("missing case id"))?;
    let file_name = header("x-file-name")
        .map(|n| {
            percent_encoding::percent_decode_str(&n)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default();
    let media_type = header("x-media-type").unwrap_or_else(|| "application/octet-stream".into());
    add_attachment_in(&state, &case_id, &file_name, &media_type, bytes)
}

/// The body of [`add_attachment`] once the request is read.
pub(super) fn add_attachment_in(
    state: &AppState,
    case_id: &str,
    file_name: &str,
    media_type: &str,
    bytes: &[u8],
) -> Result<AttachmentDto> {
    let mut s = state.lock();
    let meta = s
        .vault_mut()?
        .writable(case_id)?
        .add_attachment(file_name, media_type, bytes)?;
    Ok((&meta).into())
}

/// The decrypted bytes, straight into the page's memory (shown through a blob: URL that the
/// UI revokes when it is done).
#[tauri::command(async)]
pub fn read_attachment(
    state: State<'_, AppState>,
    case_id: String,
    attachment_id: String,
) -> Result<Response> {
    Ok(Response::new(read_attachment_in(
        &state,
        &case_id,
        &attachment_id,
    )?))
}

/// The body of [`read_attachment`] (callable from tests without a running app).
pub(super) fn read_attachment_in(
    state: &AppState,
    case_id: &str,
    attachment_id: &str,
) -> Result<Vec<u8>> {
    let mut s = state.lock();
    let bytes = s
        .vault_mut()?
        .readable(case_id)?
        .attachment(attachment_id)?;
    Ok(bytes.to_vec())
}

/// Removes an attachment from the vault (its record and encrypted file): the core checks the
/// right to write the case, refuses while an answer still refers to it, and audit-logs it.
#[tauri::command(async)]
pub fn remove_attachment(
    state: State<'_, AppState>,
    case_id: String,
    attachment_id: String,
) -> Result<()> {
    remove_attachment_in(&state, &case_id, &attachment_id)
}

pub(super) fn remove_attachment_in(
    state: &AppState,
    case_id: &str,
    attachment_id: &str,
) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .writable(case_id)?
        .remove_attachment(attachment_id)?)
}

/// This user's own private case labels (of the cases they may read).
#[tauri::command(async)]
pub fn case_labels(state: State<'_, AppState>) -> Result<Vec<CaseLabelDto>> {
    case_labels_in(&state)
}

pub(super) fn case_labels_in(state: &AppState) -> Result<Vec<CaseLabelDto>> {
    let mut s = state.lock();
    let mut labels: Vec<CaseLabelDto> = s
        .vault_mut()?
        .case_labels()?
        .into_iter()
        .map(|(case_id, label)| CaseLabelDto { case_id, label })
        .collect();
    labels.sort_by(|a, b| a.case_id.cmp(&b.case_id));
    Ok(labels)
}

/// Sets (an empty `label` removes) this user's own label of a case; for whoever may read it.
#[tauri::command(async)]
pub fn set_case_label(state: State<'_, AppState>, case_id: String, label: String) -> Result<()> {
    set_case_label_in(&state, &case_id, &label)
}

pub(super) fn set_case_label_in(state: &AppState, case_id: &str, label: &str) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.set_case_label(case_id, label)?)
}

/// Whether this user may discard the case now, and if not why (the interview shows
/// *Discard* only where it works; `waystone::casework::Discard`).
#[tauri::command(async)]
pub fn discard_check(state: State<'_, AppState>, case_id: String) -> Result<DiscardDto> {
    discard_check_in(&state, &case_id)
}

pub(super) fn discard_check_in(state: &AppState, case_id: &str) -> Result<DiscardDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.discard_check(case_id)?.into())
}

/// Discards a case started by mistake (nothing beyond consent; the core checks it again and
/// audits it); its attachments go with it.
#[tauri::command(async)]
pub fn discard_case(state: State<'_, AppState>, case_id: String) -> Result<()> {
    discard_case_in(&state, &case_id)
}

pub(super) fn discard_case_in(state: &AppState, case_id: &str) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.discard_case(case_id)?)
}

/// Deletes a case and everything of it (admins); `typed_code` is the case's code as the
/// admin typed it to confirm, and anything else deletes nothing.
#[tauri::command(async)]
pub fn delete_case(state: State<'_, AppState>, case_id: String, typed_code: String) -> Result<()> {
    delete_case_in(&state, &case_id, &typed_code)
}

pub(super) fn delete_case_in(state: &AppState, case_id: &str, typed_code: &str) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.delete_case(case_id, typed_code)?)
}

fn invalid(msg: &str) -> IpcError {
    IpcError::from(waystone::vault::VaultError::Invalid(msg.into()))
}

#[cfg(test)]
mod tests {
    //! The doors of issue 14 through the command bodies the IPC handlers call, with a real
    //! unlocked vault in a temporary folder (invented people and cases only).
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use waystone::crypto::Passphrase;

    use super::*;
    use crate::dto::cases::ValueDto;
    use crate::dto::ErrorCode;

    use crate::commands::testing::{unlocked_admin, PASS, PASS2, PASS3};

    #[test]
    fn an_oversized_answer_and_a_referred_attachment_are_refused_at_the_edge() {
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "v", "ana");
        let (id, att) = {
            let mut s = state.lock();
            let v = s.vault_mut().unwrap();
            let id = v.create_case(&waystone::forms::latest_intake()).unwrap().id;
            let att = v
                .writable(&id)
                .unwrap()
                .add_attachment("scan.txt", "text/plain", b"invented scan 1207")
                .unwrap()
                .id;
            (id, att)
        };
        let marker = "ZQXMARK";
        let long = format!(
            "{marker}{}",
            "x".repeat(waystone::cases::interchange::MAX_ANSWER_BYTES)
        );
        let e = save_answer_in(
            &state,
            &id,
            "narrative",
            Some(AnswerDto::Answered(ValueDto::Text(long))),
        )
        .unwrap_err();
        assert!(matches!(e.code, ErrorCode::TooLarge), "{e:?}");
        assert!(!e.message.contains(marker), "{e:?}");
        // an attachment an answer refers to is not deleted; once detached, it is
        let answer = AnswerDto::Answered(ValueDto::Attachment(att.clone()));
        save_answer_in(&state, &id, "consent_record", Some(answer)).unwrap();
        let e = remove_attachment_in(&state, &id, &att).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid), "{e:?}");
        save_answer_in(&state, &id, "consent_record", None).unwrap();
        remove_attachment_in(&state, &id, &att).unwrap();
        let e = remove_attachment_in(&state, &id, &att).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid), "{e:?}");
        let mut s = state.lock();
        assert!(s
            .vault_mut()
            .unwrap()
            .readable(&id)
            .unwrap()
            .attachments()
            .unwrap()
            .is_empty());
    }

    /// Issue 15's holes, through the command bodies the IPC handlers call: a coordinator (who
    /// never touches testimony) can neither delete a detention episode nor read an attachment;
    /// a lawyer reads the case assigned to them but does not rewrite it; nothing changes.
    #[test]
    fn access_matrix_holes_remove_repeat_and_read_attachment_are_refused() {
        use waystone::session::LockReason;
        use waystone::vault::Role;
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "v", "ana");
        let (id, att, before) = {
            let mut s = state.lock();
            let v = s.vault_mut().unwrap();
            v.add_user("co", Role::Coordinator, &Passphrase::new(PASS2))
                .unwrap();
            v.add_user("law", Role::Lawyer, &Passphrase::new(PASS3))
                .unwrap();
            let id = v.create_case(&waystone::forms::latest_intake()).unwrap().id;
            let episodes: waystone::forms::AnswerPath = "episodes".parse().unwrap();
            v.writable(&id).unwrap().add_repeat(&episodes).unwrap();
            let att = v
                .writable(&id)
                .unwrap()
                .add_attachment("scan.txt", "text/plain", b"invented scan 4411")
                .unwrap()
                .id;
            let before = v.readable(&id).unwrap().export().unwrap();
            (id, att, before)
        };
        let as_user = |user: &str, pass: &str| {
            let mut s = state.lock();
            s.lock(LockReason::Manual);
            s.unlock(user, &Passphrase::new(pass)).unwrap();
        };
        let refused = |e: IpcError| assert!(matches!(e.code, ErrorCode::Forbidden), "{e:?}");

        as_user("co", PASS2);
        refused(remove_repeat_in(&state, &id, "episodes", 0).unwrap_err());
        refused(read_attachment_in(&state, &id, &att).unwrap_err());
        as_user("law", PASS3);
        refused(read_attachment_in(&state, &id, &att).unwrap_err()); // not assigned
        as_user("ana", PASS);
        state
            .lock()
            .vault_mut()
            .unwrap()
            .assign(&id, None, Some("law"))
            .unwrap();
        as_user("law", PASS3);
        assert_eq!(
            read_attachment_in(&state, &id, &att).unwrap(),
            b"invented scan 4411"
        );
        refused(remove_repeat_in(&state, &id, "episodes", 0).unwrap_err());
        let view = open_case_in(&state, &id).unwrap();
        assert!(!view.writable, "the interview is read-only for a lawyer");

        as_user("ana", PASS);
        let after = state
            .lock()
            .vault_mut()
            .unwrap()
            .readable(&id)
            .unwrap()
            .export()
            .unwrap();
        // the testimony: answers, repeats, attachments (the assignment moved updated_at)
        let content = |json: &str| {
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            (v["answers"].clone(), v["attachments"].clone())
        };
        assert_eq!(
            content(&before),
            content(&after),
            "a refused command changed the case"
        );
        assert_eq!(content(&after).0["repeats"]["episodes"], 1);
        assert!(open_case_in(&state, &id).unwrap().writable);
        remove_repeat_in(&state, &id, "episodes", 0).unwrap();
    }
}
