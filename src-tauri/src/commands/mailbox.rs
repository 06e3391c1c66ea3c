//! The team mailbox: mailboxes (admins: list, add, test, remove), queuing a case or status
//! card for contacts, the outbox, sync, and the objects a sync refused. Each command calls
//! one core function (`waystone::exchange::mailbox`). Credentials and the team's key only
//! come in (`add_mailbox`); nothing here sends one back.
//!
//! Sync runs off the UI thread (`async` commands run on Tauri's worker pool) and holds the
//! session for its whole run; a second sync asked meanwhile — here, or by the CLI beside the
//! app (the core's file lock) — is answered `busy` at once.
//!
//! The core's transport (`BlockingMailbox`) owns a small runtime of its own and refuses to
//! run, or to be dropped, inside Tauri's async runtime: every body that opens a mailbox
//! runs on a plain scoped thread ([`on_plain_thread`]).

use tauri::State;

use waystone::exchange::mailbox::parse_key_line;
use waystone::vault::VaultError;

use crate::dto::mailbox::{
    MailboxDto, MailboxSetupDto, MailboxTestDto, OutboxItemDto, RefusedObjectDto, RoutingDto,
    SyncOutcomeDto,
};
use crate::dto::IpcError;
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

/// Runs `body` on a plain OS thread (no async runtime in its context) and waits for it.
fn on_plain_thread<T: Send>(body: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    std::thread::scope(|s| s.spawn(body).join()).unwrap_or_else(|_| {
        Err(IpcError::from(VaultError::Internal(
            "a mailbox operation stopped unexpectedly",
        )))
    })
}

/// The names of the vault's mailboxes (anyone who sends chooses one); nothing else.
#[tauri::command(async)]
pub fn list_mailbox_names(state: State<'_, AppState>) -> Result<Vec<String>> {
    list_mailbox_names_in(&state)
}

pub(super) fn list_mailbox_names_in(state: &AppState) -> Result<Vec<String>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.mailbox_names()?)
}

/// Admins: every mailbox of this vault, without key or credentials.
#[tauri::command(async)]
pub fn list_mailboxes(state: State<'_, AppState>) -> Result<Vec<MailboxDto>> {
    list_mailboxes_in(&state)
}

pub(super) fn list_mailboxes_in(state: &AppState) -> Result<Vec<MailboxDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .mailboxes()?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Admins: adds a mailbox. `team_key`: the line `mailbox key` printed in a teammate's vault
/// (the same key for the whole team), or empty for a new key. Contacts no server (`test_mailbox`
/// does).
#[tauri::command(async)]
pub fn add_mailbox(
    state: State<'_, AppState>,
    name: String,
    setup: MailboxSetupDto,
    team_key: Option<String>,
) -> Result<MailboxDto> {
    let state = state.inner();
    on_plain_thread(move || add_mailbox_in(state, &name, setup, team_key))
}

pub(super) fn add_mailbox_in(
    state: &AppState,
    name: &str,
    setup: MailboxSetupDto,
    team_key: Option<String>,
) -> Result<MailboxDto> {
    let team_key = zeroize::Zeroizing::new(team_key.unwrap_or_default());
    let key = if team_key.trim().is_empty() {
        None
    } else {
        Some(parse_key_line(&team_key)?)
    };
    let mut s = state.lock();
    Ok(s.vault_mut()?.add_mailbox(name, setup.into(), key)?.into())
}

/// Admins: removes a mailbox; answers how many items not yet uploaded were dropped.
#[tauri::command(async)]
pub fn remove_mailbox(state: State<'_, AppState>, name: String) -> Result<u32> {
    let state = state.inner();
    on_plain_thread(move || remove_mailbox_in(state, &name))
}

pub(super) fn remove_mailbox_in(state: &AppState, name: &str) -> Result<u32> {
    let mut s = state.lock();
    let dropped = s.vault_mut()?.remove_mailbox(name)?;
    Ok(u32::try_from(dropped).unwrap_or(u32::MAX))
}

/// Admins: asks the mailbox's server (or folder) whether it answers and takes the
/// credentials. A transport failure is the answer, with its closed code.
#[tauri::command(async)]
pub fn test_mailbox(state: State<'_, AppState>, name: String) -> Result<MailboxTestDto> {
    let state = state.inner();
    on_plain_thread(move || test_mailbox_in(state, &name))
}

pub(super) fn test_mailbox_in(state: &AppState, name: &str) -> Result<MailboxTestDto> {
    let mut s = state.lock();
    match s.vault_mut()?.test_mailbox(name) {
        Ok(()) => Ok(MailboxTestDto {
            ok: true,
            error: None,
            message: None,
        }),
        Err(VaultError::Mailbox(e)) => Ok(MailboxTestDto {
            ok: false,
            error: Some((&e).into()),
            message: Some(e.to_string()),
        }),
        Err(e) => Err(e.into()),
    }
}

/// Queues case `case_id` (or its status card) for each contact through `mailbox` (`None`:
/// the first one). The rights are `send_bundle`'s; nothing is contacted until a sync.
#[tauri::command(async)]
pub fn queue_send(
    state: State<'_, AppState>,
    case_id: String,
    to: Vec<String>,
    status_card: bool,
    mailbox: Option<String>,
) -> Result<Vec<OutboxItemDto>> {
    let state = state.inner();
    on_plain_thread(move || queue_send_in(state, &case_id, &to, status_card, mailbox.as_deref()))
}

pub(super) fn queue_send_in(
    state: &AppState,
    case_id: &str,
    to: &[String],
    status_card: bool,
    mailbox: Option<&str>,
) -> Result<Vec<OutboxItemDto>> {
    let names: Vec<&str> = to.iter().map(String::as_str).collect();
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .queue_send(case_id, &names, status_card, mailbox)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// This user's outbox, newest first: queued, uploaded, delivered.
#[tauri::command(async)]
pub fn list_outbox(state: State<'_, AppState>) -> Result<Vec<OutboxItemDto>> {
    list_outbox_in(&state)
}

pub(super) fn list_outbox_in(state: &AppState) -> Result<Vec<OutboxItemDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .outbox()?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Syncs every mailbox: uploads, fetches, imports through the bundle checks, receipts.
#[tauri::command(async)]
pub fn sync_mailboxes(state: State<'_, AppState>) -> Result<SyncOutcomeDto> {
    let state = state.inner();
    on_plain_thread(move || sync_mailboxes_in(state))
}

pub(super) fn sync_mailboxes_in(state: &AppState) -> Result<SyncOutcomeDto> {
    let busy = || SyncOutcomeDto::Busy {
        message: VaultError::SyncBusy.to_string(),
    };
    let Some(_running) = state.begin_sync() else {
        return Ok(busy());
    };
    let mut s = state.lock();
    match s.vault_mut()?.sync_mailboxes() {
        Ok(report) => Ok(SyncOutcomeDto::Done {
            report: report.into(),
        }),
        Err(VaultError::SyncBusy) => Ok(busy()),
        Err(e) => Err(e.into()),
    }
}

/// The objects this user's syncs fetched and refused (never imported), newest first.
#[tauri::command(async)]
pub fn list_refused_objects(state: State<'_, AppState>) -> Result<Vec<RefusedObjectDto>> {
    list_refused_objects_in(&state)
}

pub(super) fn list_refused_objects_in(state: &AppState) -> Result<Vec<RefusedObjectDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .mailbox_refusals()?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[cfg(test)]
mod tests {
    //! Two vaults through one folder mailbox, through the command bodies the IPC handlers
    //! call (invented people and cases only).
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::commands::testing::unlocked_admin;
    use crate::dto::mailbox::{MailboxErrorDto, OutboxStateDto, ReceiptDto, SyncReportDto};
    use crate::dto::ErrorCode;

    fn done(outcome: SyncOutcomeDto) -> SyncReportDto {
        match outcome {
            SyncOutcomeDto::Done { report } => report,
            SyncOutcomeDto::Busy { message } => panic!("busy: {message}"),
        }
    }

    fn folder(path: &std::path::Path) -> MailboxSetupDto {
        MailboxSetupDto::Folder {
            path: path.display().to_string(),
        }
    }

    #[test]
    fn a_case_queued_synced_imported_and_delivered_between_two_vaults() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (
            unlocked_admin(t.path(), "a", "ana"),
            unlocked_admin(t.path(), "b", "bea"),
        );
        let boxes = t.path().join("shared");
        std::fs::create_dir(&boxes).unwrap();
        let line = |s: &AppState| s.lock().vault_mut().unwrap().key_line().unwrap().0;
        let (a_line, b_line) = (line(&a), line(&b));
        crate::commands::transfer::add_contact_in(&a, "bea".into(), b_line, false).unwrap();
        crate::commands::transfer::add_contact_in(&b, "ana".into(), a_line, false).unwrap();

        // nothing to sync through yet: a clear not_found
        let e = sync_mailboxes_in(&a).unwrap_err();
        assert!(matches!(e.code, ErrorCode::NotFound), "{e:?}");

        let m = add_mailbox_in(&a, "office", folder(&boxes), None).unwrap();
        assert_eq!(m.name, "office");
        // a key line that is not one: refused, nothing added
        let e = add_mailbox_in(&b, "office", folder(&boxes), Some("not a key".into())).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid), "{e:?}");
        assert!(list_mailboxes_in(&b).unwrap().is_empty());
        let key = a
            .lock()
            .vault_mut()
            .unwrap()
            .mailbox_key_line("office")
            .unwrap();
        add_mailbox_in(&b, "office", folder(&boxes), Some(key.to_string())).unwrap();
        assert!(test_mailbox_in(&a, "office").unwrap().ok);
        // what is listed never holds the key
        let listed = serde_json::to_string(&list_mailboxes_in(&a).unwrap()).unwrap();
        assert!(!listed.contains(&key[key.len() - 16..]), "{listed}");

        let form = waystone::forms::latest_intake();
        let id = {
            let mut s = a.lock();
            waystone::demo::add_demo_cases(s.vault_mut().unwrap(), &form, 1, 5).unwrap()[0]
                .id
                .clone()
        };
        let queued = queue_send_in(&a, &id, &["bea".into()], false, None).unwrap();
        assert_eq!(queued.len(), 1);
        assert_eq!(
            (queued[0].state, queued[0].to.as_str()),
            (OutboxStateDto::Queued, "bea")
        );

        // a second sync while one runs: refused at once, nothing done
        {
            let _running = a.begin_sync().unwrap();
            assert!(matches!(
                sync_mailboxes_in(&a).unwrap(),
                SyncOutcomeDto::Busy { .. }
            ));
        }
        assert_eq!(list_outbox_in(&a).unwrap()[0].state, OutboxStateDto::Queued);

        let r = done(sync_mailboxes_in(&a).unwrap());
        assert_eq!((r.sent, r.received, r.failures.len()), (1, 0, 0));
        assert_eq!(
            list_outbox_in(&a).unwrap()[0].state,
            OutboxStateDto::Uploaded
        );
        let r = done(sync_mailboxes_in(&b).unwrap());
        assert_eq!((r.received, r.imported, r.refused), (1, 1, 0));
        assert!(b.lock().vault_mut().unwrap().readable(&id).is_ok());
        let r = done(sync_mailboxes_in(&a).unwrap());
        assert_eq!(r.delivered, 1);
        let item = &list_outbox_in(&a).unwrap()[0];
        assert_eq!(
            (item.state, item.receipt),
            (OutboxStateDto::Delivered, Some(ReceiptDto::Imported))
        );
        assert!(list_refused_objects_in(&b).unwrap().is_empty());

        // the folder gone: the test says why, a sync reports it and keeps what is queued
        queue_send_in(&a, &id, &["bea".into()], true, Some("office")).unwrap();
        std::fs::remove_dir_all(&boxes).unwrap();
        let tested = test_mailbox_in(&a, "office").unwrap();
        assert!(!tested.ok && tested.error.is_some(), "{tested:?}");
        let r = done(sync_mailboxes_in(&a).unwrap());
        assert_eq!((r.sent, r.queued, r.failures.len()), (0, 1, 1));
        let item = &list_outbox_in(&a).unwrap()[0];
        assert_eq!(item.state, OutboxStateDto::Queued);
        assert_eq!(item.last_error, Some(r.failures[0].error));
        assert_ne!(r.failures[0].error, MailboxErrorDto::Internal);

        assert_eq!(remove_mailbox_in(&a, "office").unwrap(), 1);
        assert!(list_mailboxes_in(&a).unwrap().is_empty());
    }
}

/// The routing rules (contact names only; anyone who sends follows them).
#[tauri::command(async)]
pub fn routing_rules(state: State<'_, AppState>) -> Result<RoutingDto> {
    routing_rules_in(&state)
}

pub(super) fn routing_rules_in(state: &AppState) -> Result<RoutingDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.routing()?.into())
}

/// Admins: replaces the routing rules (every contact named must be pinned in the vault).
#[tauri::command(async)]
pub fn set_routing(state: State<'_, AppState>, routing: RoutingDto) -> Result<RoutingDto> {
    set_routing_in(&state, routing)
}

pub(super) fn set_routing_in(state: &AppState, routing: RoutingDto) -> Result<RoutingDto> {
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    vault.set_routing(&routing.into())?;
    Ok(vault.routing()?.into())
}
