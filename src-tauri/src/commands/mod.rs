//! Tauri commands: each takes state and typed arguments, calls one core function, maps the
//! error. No SQL, crypto or file walking here. Each is listed once, in `list.rs`; main.rs,
//! build.rs, the capability check, the TypeScript `CommandName` and the access matrix are
//! derived from that list.
//!
//! Every command that takes the session (`State<AppState>`) is `#[tauri::command(async)]`:
//! it runs off the window's main thread. A mailbox sync holds the session for its whole run
//! (up to its timeouts against a silent server); a command waiting for it on the main thread
//! would freeze the window, and the stop keys' blank page must paint at once
//! (`main_thread.rs` checks it).

/// The one list of IPC commands (`ipc_commands!`, `COMMAND_NAMES`); build.rs reads it too.
#[macro_use]
pub mod list;
#[cfg(test)]
mod testing;

#[cfg(test)]
mod access_matrix;
pub mod asylum;
pub mod board;
pub mod cases;
pub mod files;
pub mod forms;
pub mod legal;
pub mod mailbox;
pub mod report;
pub mod transfer;

#[cfg(test)]
mod audit_actions;
#[cfg(test)]
mod generated;
#[cfg(test)]
mod main_thread;

use tauri::{AppHandle, Emitter, State};

use waystone::crypto::Passphrase;
use waystone::passphrase;
use waystone::session::SessionManager;

use crate::dto::{
    CreatedVault, IpcError, Language, LockReason, LockedEvent, PassphraseStrength, Session,
    UserSummary, VaultStatus, WipeReportDto,
};
use crate::state::AppState;

pub const LOCKED_EVENT: &str = "vault-locked";

type Result<T> = std::result::Result<T, IpcError>;

#[tauri::command(async)]
pub fn vault_status(state: State<'_, AppState>) -> Result<VaultStatus> {
    vault_status_in(&state)
}

/// The body of [`vault_status`], and of every command below with an `_in` twin: callable
/// from tests without a running app.
fn vault_status_in(state: &AppState) -> Result<VaultStatus> {
    let s = state.lock();
    let settings = s.settings();
    let guard = s.unlock_guard();
    let users: Vec<UserSummary> = s
        .users()?
        .into_iter()
        .map(|u| UserSummary {
            name: u.name,
            role: u.role.into(),
        })
        .collect();
    let last_user = settings
        .last_user
        .filter(|name| users.iter().any(|u| &u.name == name));
    Ok(VaultStatus {
        exists: s.exists(),
        session: s.session().map(Session::from),
        users,
        language: settings.language.into(),
        idle_minutes: settings.idle_minutes,
        sync_minutes: settings.sync_minutes,
        unlock_limit: guard.limit,
        attempts_left: guard.attempts_left(),
        stop_key_wipes: settings.stop_key_wipes,
        escape_twice_locks: settings.escape_twice_locks,
        last_user,
    })
}

#[tauri::command]
pub fn assess_passphrase(passphrase: String, user: Option<String>) -> PassphraseStrength {
    let p = Passphrase::from_string(passphrase);
    let context: Vec<&str> = user.as_deref().into_iter().collect();
    let s = passphrase::assess(&p, &context);
    PassphraseStrength {
        score: s.score,
        acceptable: s.acceptable,
        feedback: s.feedback.map(Into::into),
    }
}

#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    user: String,
    passphrase: String,
) -> Result<CreatedVault> {
    create_vault_in(&state, &user, passphrase)
}

fn create_vault_in(state: &AppState, user: &str, passphrase: String) -> Result<CreatedVault> {
    let p = Passphrase::from_string(passphrase);
    let mut s = state.lock();
    let recovery = s.create(user, &p)?;
    warn_memory_lock_once();
    let session = s
        .session()
        .map(Session::from)
        .ok_or(IpcError::from(waystone::vault::VaultError::Locked))?;
    Ok(CreatedVault {
        recovery_key: recovery.expose_secret().to_owned(),
        session,
    })
}

#[tauri::command]
pub async fn unlock_vault(
    state: State<'_, AppState>,
    user: String,
    passphrase: String,
) -> Result<Session> {
    unlock_vault_in(&state, &user, passphrase)
}

fn unlock_vault_in(state: &AppState, user: &str, passphrase: String) -> Result<Session> {
    let p = Passphrase::from_string(passphrase);
    let mut s = state.lock();
    let session = Session::from(s.unlock(user, &p)?);
    warn_memory_lock_once();
    Ok(session)
}

/// The panic wipe: locks, then destroys the vault (key slots first). The UI then shows the
/// first-run screen.
#[tauri::command]
pub async fn wipe_vault(app: AppHandle, state: State<'_, AppState>) -> Result<WipeReportDto> {
    let report = wipe_vault_in(&state)?;
    let _ = app.emit(
        LOCKED_EVENT,
        LockedEvent {
            reason: LockReason::Panic,
        },
    );
    Ok(report)
}

fn wipe_vault_in(state: &AppState) -> Result<WipeReportDto> {
    Ok(state.lock().wipe()?.into())
}

/// Admins: the wipe after N failed unlocks (`null`: off).
#[tauri::command(async)]
pub fn set_unlock_limit(state: State<'_, AppState>, limit: Option<u32>) -> Result<()> {
    set_unlock_limit_in(&state, limit)
}

fn set_unlock_limit_in(state: &AppState, limit: Option<u32>) -> Result<()> {
    Ok(state.lock().vault_mut()?.set_unlock_limit(limit)?)
}

/// Admins: whether the stop key (F2) wipes instead of locking.
#[tauri::command(async)]
pub fn set_stop_key_wipes(state: State<'_, AppState>, enabled: bool) -> Result<()> {
    set_stop_key_wipes_in(&state, enabled)
}

fn set_stop_key_wipes_in(state: &AppState, enabled: bool) -> Result<()> {
    Ok(state.lock().set_stop_key_wipes(enabled)?)
}

/// Prints once per process that key pages could not be locked into RAM (never an error).
fn warn_memory_lock_once() {
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if let Some(w) = waystone::crypto::memory_lock_warning() {
        if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            eprintln!("waystone-desktop: {w}");
        }
    }
}

#[tauri::command(async)]
pub fn lock_vault(app: AppHandle, state: State<'_, AppState>, reason: LockReason) {
    lock_vault_in(&state, reason);
    let _ = app.emit(LOCKED_EVENT, LockedEvent { reason });
}

fn lock_vault_in(state: &AppState, reason: LockReason) {
    state.lock().lock(reason.into());
}

#[tauri::command(async)]
pub fn touch_session(state: State<'_, AppState>) {
    touch_session_in(&state);
}

fn touch_session_in(state: &AppState) {
    state.lock().touch();
}

#[tauri::command(async)]
pub fn set_language(state: State<'_, AppState>, language: Language) -> Result<()> {
    set_language_in(&state, language)
}

fn set_language_in(state: &AppState, language: Language) -> Result<()> {
    let s = state.lock();
    let mut settings = s.settings();
    settings.language = language.into();
    Ok(s.store_settings(&settings)?)
}

#[tauri::command(async)]
pub fn set_idle_minutes(state: State<'_, AppState>, minutes: u32) -> Result<()> {
    set_idle_minutes_in(&state, minutes)
}

fn set_idle_minutes_in(state: &AppState, minutes: u32) -> Result<()> {
    let s = state.lock();
    let mut settings = s.settings();
    settings.idle_minutes = minutes;
    Ok(s.store_settings(&settings)?)
}

#[tauri::command(async)]
pub fn set_sync_minutes(state: State<'_, AppState>, minutes: u32) -> Result<()> {
    set_sync_minutes_in(&state, minutes)
}

/// How often the app syncs the mailboxes by itself (0: only when asked); a preference of
/// this device, like the idle lock.
fn set_sync_minutes_in(state: &AppState, minutes: u32) -> Result<()> {
    let s = state.lock();
    let mut settings = s.settings();
    settings.sync_minutes = minutes;
    Ok(s.store_settings(&settings)?)
}

#[tauri::command(async)]
pub fn set_escape_twice_locks(state: State<'_, AppState>, enabled: bool) -> Result<()> {
    set_escape_twice_locks_in(&state, enabled)
}

/// Whether Escape pressed twice locks (a preference of this device, like the idle lock).
fn set_escape_twice_locks_in(state: &AppState, enabled: bool) -> Result<()> {
    let s = state.lock();
    let mut settings = s.settings();
    settings.escape_twice_locks = enabled;
    Ok(s.store_settings(&settings)?)
}

/// Called by the idle timer: settles the vault in a pause (search index, write-ahead log;
/// a failure is left for the next search to redo), locks when idle and tells the UI.
pub fn lock_if_idle(app: &AppHandle, manager: &mut SessionManager) {
    let now = std::time::Instant::now();
    let _ = manager.settle_if_quiet(now);
    if manager.lock_if_idle(now) {
        let _ = app.emit(
            LOCKED_EVENT,
            LockedEvent {
                reason: LockReason::Idle,
            },
        );
    }
}
