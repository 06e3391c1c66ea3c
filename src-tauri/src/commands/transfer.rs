//! Moving cases: keys and contacts, bundles (verify, then import), backup and the first-run
//! restore, and the audit log view. Each command calls one core function; paths are typed by
//! the person and checked by `waystone::fsio::user_path`.

use tauri::State;

use waystone::crypto::{Passphrase, RecoveryKey};
use waystone::fsio;

use crate::dto::transfer::{
    AuditChainDto, AuditPageDto, BackupInfoDto, BundleVerdictDto, ContactDto, FileDto, KeyLineDto,
    ReceivedDto, WrittenDto,
};
use crate::dto::{IpcError, Session, UserSummary};
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

/// Bundle files end with this (see crates/bundle/README.md).
const BUNDLE_EXT: &str = "waystone";
/// The largest bundle read: the bundle crate's part limit plus room for its framing.
const MAX_BUNDLE_BYTES: u64 = (2 << 30) + (64 << 20);

#[tauri::command(async)]
pub fn my_key(state: State<'_, AppState>) -> Result<KeyLineDto> {
    let mut s = state.lock();
    let (key_line, fingerprint) = s.vault_mut()?.key_line()?;
    Ok(KeyLineDto {
        key_line,
        fingerprint,
    })
}

#[tauri::command(async)]
pub fn list_contacts(state: State<'_, AppState>) -> Result<Vec<ContactDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .contacts()?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[tauri::command(async)]
pub fn add_contact(
    state: State<'_, AppState>,
    name: String,
    key_line: String,
) -> Result<ContactDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.add_contact(&name, &key_line)?.into())
}

#[tauri::command(async)]
pub fn send_bundle(
    state: State<'_, AppState>,
    case_id: String,
    to: Vec<String>,
    status_card: bool,
    path: String,
) -> Result<WrittenDto> {
    let out = fsio::user_path(&path)?;
    let names: Vec<&str> = to.iter().map(String::as_str).collect();
    let mut s = state.lock();
    let bytes = s
        .vault_mut()?
        .create_bundle(&case_id, &names, status_card)?;
    fsio::write_new_file(&out, &bytes, "writing the bundle file")?;
    Ok(WrittenDto {
        path: out.to_string_lossy().into_owned(),
        bytes: bytes.len() as u64,
    })
}

/// The bundles in the output folder, newest first.
#[tauri::command(async)]
pub fn list_bundle_files(state: State<'_, AppState>) -> Result<Vec<FileDto>> {
    state.lock().vault_mut()?;
    let dir = fsio::output_folder()?;
    Ok(fsio::files_with_extension(&dir, BUNDLE_EXT)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Verifies a bundle and says what importing it would do; writes nothing.
#[tauri::command(async)]
pub fn verify_bundle(state: State<'_, AppState>, path: String) -> Result<BundleVerdictDto> {
    let file = fsio::user_path(&path)?;
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    let bytes = fsio::read_input_file(&file, MAX_BUNDLE_BYTES, "reading the bundle file")?;
    BundleVerdictDto::from_result(vault.verify_bundle(&bytes))
}

/// Imports the bundle verified as `digest` (refused if the file changed since).
#[tauri::command(async)]
pub fn import_bundle(
    state: State<'_, AppState>,
    path: String,
    digest: String,
) -> Result<ReceivedDto> {
    let file = fsio::user_path(&path)?;
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    let bytes = fsio::read_input_file(&file, MAX_BUNDLE_BYTES, "reading the bundle file")?;
    Ok(vault.import_verified_bundle(&bytes, &digest)?.into())
}

#[tauri::command(async)]
pub fn backup_vault(state: State<'_, AppState>, path: String) -> Result<WrittenDto> {
    let out = fsio::user_path(&path)?;
    let mut s = state.lock();
    let bytes = s.vault_mut()?.backup(&out)?;
    Ok(WrittenDto {
        path: out.to_string_lossy().into_owned(),
        bytes,
    })
}

/// The users of a backup, before anything is unlocked (first run).
#[tauri::command(async)]
pub fn backup_info(path: String) -> Result<BackupInfoDto> {
    let file = fsio::user_path(&path)?;
    Ok(BackupInfoDto {
        users: waystone::vault::backup::backup_users(&file)?
            .into_iter()
            .map(|u| UserSummary {
                name: u.name,
                role: u.role.into(),
            })
            .collect(),
    })
}

/// First run: restores a backup (verified in full first) and unlocks it as `user`.
#[tauri::command(async)]
pub fn restore_backup(
    state: State<'_, AppState>,
    path: String,
    user: String,
    passphrase: String,
) -> Result<Session> {
    let file = fsio::user_path(&path)?;
    let p = Passphrase::from_string(passphrase);
    let mut s = state.lock();
    Ok(Session::from(s.restore_with_passphrase(&file, &user, &p)?))
}

/// First run with the recovery key: restores, then gives `user` a new passphrase.
#[tauri::command(async)]
pub fn restore_backup_with_recovery(
    state: State<'_, AppState>,
    path: String,
    recovery_key: String,
    user: String,
    new_passphrase: String,
) -> Result<Session> {
    let file = fsio::user_path(&path)?;
    let key = RecoveryKey::parse(&recovery_key);
    let p = Passphrase::from_string(new_passphrase);
    let mut s = state.lock();
    Ok(Session::from(
        s.restore_with_recovery(&file, &key, &user, &p)?,
    ))
}

/// A page of the audit log, newest first (admins only).
#[tauri::command(async)]
pub fn audit_page(state: State<'_, AppState>, offset: u32, limit: u32) -> Result<AuditPageDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.audit_page(u64::from(offset), limit)?.into())
}

/// Checks the audit chain (admins only).
#[tauri::command(async)]
pub fn verify_audit_chain(state: State<'_, AppState>) -> Result<AuditChainDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.audit_chain_status()?.into())
}
