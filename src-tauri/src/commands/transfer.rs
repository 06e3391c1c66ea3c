//! Moving cases: keys and contacts, bundles (verify, then import), backup and the first-run
//! restore, and the audit log view. Each command calls one core function; paths are typed by
//! the person and checked by `waystone::fsio::user_path`.

use tauri::State;

use waystone::crypto::{Passphrase, RecoveryKey};
use waystone::fsio;

use crate::dto::transfer::{
    AuditChainDto, AuditPageDto, BackupInfoDto, BundleVerdictDto, ContactDto, FileDto, IncomingDto,
    KeyLineDto, MergeViewDto, ReceivedDto, WrittenDto,
};
use crate::dto::{IpcError, Session, UserSummary};
use crate::state::AppState;

type Result<T> = std::result::Result<T, IpcError>;

/// Bundle files end with this (see crates/bundle/README.md).
const BUNDLE_EXT: &str = "waystone";
/// The largest bundle read (the core's limit, the CLI's too).
const MAX_BUNDLE_BYTES: u64 = waystone::exchange::MAX_BUNDLE_FILE_BYTES;

#[tauri::command(async)]
pub fn my_key(state: State<'_, AppState>) -> Result<KeyLineDto> {
    my_key_in(&state)
}

pub(super) fn my_key_in(state: &AppState) -> Result<KeyLineDto> {
    let mut s = state.lock();
    let (key_line, fingerprint) = s.vault_mut()?.key_line()?;
    Ok(KeyLineDto {
        key_line,
        fingerprint,
    })
}

#[tauri::command(async)]
pub fn list_contacts(state: State<'_, AppState>) -> Result<Vec<ContactDto>> {
    list_contacts_in(&state)
}

pub(super) fn list_contacts_in(state: &AppState) -> Result<Vec<ContactDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .contacts()?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The fingerprint of a key line, pinning nothing (shown before replacing a contact's key).
#[tauri::command(async)]
pub fn inspect_key_line(key_line: String) -> Result<KeyLineDto> {
    let fingerprint = waystone::exchange::key_line_fingerprint(&key_line)?;
    Ok(KeyLineDto {
        key_line,
        fingerprint,
    })
}

/// Pins a contact. A name already pinned to another key is refused (`already_exists`)
/// unless `replace` is set, after the person compared both fingerprints.
#[tauri::command(async)]
pub fn add_contact(
    state: State<'_, AppState>,
    name: String,
    key_line: String,
    replace: bool,
) -> Result<ContactDto> {
    add_contact_in(&state, name, key_line, replace)
}

pub(super) fn add_contact_in(
    state: &AppState,
    name: String,
    key_line: String,
    replace: bool,
) -> Result<ContactDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .add_contact(&name, &key_line, replace)?
        .into())
}

#[tauri::command(async)]
pub fn send_bundle(
    state: State<'_, AppState>,
    case_id: String,
    to: Vec<String>,
    status_card: bool,
    path: String,
) -> Result<WrittenDto> {
    send_bundle_in(&state, case_id, to, status_card, path)
}

pub(super) fn send_bundle_in(
    state: &AppState,
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
    list_bundle_files_in(&state)
}

pub(super) fn list_bundle_files_in(state: &AppState) -> Result<Vec<FileDto>> {
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
    verify_bundle_in(&state, &path)
}

/// The body of [`verify_bundle`] over the app state (tested without a window).
pub fn verify_bundle_in(state: &AppState, path: &str) -> Result<BundleVerdictDto> {
    let file = fsio::user_path(path)?;
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    let bytes = fsio::read_input_file(&file, MAX_BUNDLE_BYTES, "reading the bundle file")?;
    BundleVerdictDto::from_result(vault.verify_bundle(&bytes))
}

/// Imports the bundle verified as `digest` (refused if the file changed since). An update
/// from someone who is not a trusted sender of the case comes back `held`; the same bundle
/// again `already_opened`.
#[tauri::command(async)]
pub fn import_bundle(
    state: State<'_, AppState>,
    path: String,
    digest: String,
) -> Result<ReceivedDto> {
    import_bundle_in(&state, &path, &digest)
}

/// The body of [`import_bundle`] over the app state (tested without a window).
pub fn import_bundle_in(state: &AppState, path: &str, digest: &str) -> Result<ReceivedDto> {
    let file = fsio::user_path(path)?;
    let mut s = state.lock();
    let vault = s.vault_mut()?;
    let bytes = fsio::read_input_file(&file, MAX_BUNDLE_BYTES, "reading the bundle file")?;
    Ok(vault.import_verified_bundle(&bytes, digest)?.into())
}

/// Bundles this user received and held updates they may decide, newest first (`held_only`:
/// those waiting for a decision; a held one's `changed` is what it would change now).
#[tauri::command(async)]
pub fn list_incoming(state: State<'_, AppState>, held_only: bool) -> Result<Vec<IncomingDto>> {
    list_incoming_in(&state, held_only)
}

pub(super) fn list_incoming_in(state: &AppState, held_only: bool) -> Result<Vec<IncomingDto>> {
    let mut s = state.lock();
    Ok(s.vault_mut()?
        .incoming(held_only)?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Applies a held update after the person's decision (every import check runs again, and the
/// right it exercises); with `trust`, its sender becomes a trusted sender of the case from now
/// on (audited).
#[tauri::command(async)]
pub fn accept_incoming(state: State<'_, AppState>, id: i64, trust: bool) -> Result<ReceivedDto> {
    accept_incoming_in(&state, id, trust)
}

/// The body of [`accept_incoming`] over the app state (tested without a window).
pub fn accept_incoming_in(state: &AppState, id: i64, trust: bool) -> Result<ReceivedDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.accept_incoming_with(id, trust)?.into())
}

/// A held update beside the copy held here, answer by answer (the merge screen).
#[tauri::command(async)]
pub fn merge_view(state: State<'_, AppState>, id: i64) -> Result<MergeViewDto> {
    merge_view_in(&state, id)
}

pub(super) fn merge_view_in(state: &AppState, id: i64) -> Result<MergeViewDto> {
    let mut s = state.lock();
    Ok(MergeViewDto::from_view(s.vault_mut()?.merge_view(id)?)?)
}

/// Merges a held update: theirs for each path in `take`, the copy held here for every other
/// answer; `base` is the version the comparison was made against.
#[tauri::command(async)]
pub fn merge_incoming(
    state: State<'_, AppState>,
    id: i64,
    base: String,
    take: Vec<String>,
) -> Result<ReceivedDto> {
    merge_incoming_in(&state, id, &base, &take)
}

pub(super) fn merge_incoming_in(
    state: &AppState,
    id: i64,
    base: &str,
    take: &[String],
) -> Result<ReceivedDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.merge_incoming(id, base, take)?.into())
}

/// Rejects a held update: nothing applied, its copy deleted.
#[tauri::command(async)]
pub fn reject_incoming(state: State<'_, AppState>, id: i64) -> Result<()> {
    reject_incoming_in(&state, id)
}

pub(super) fn reject_incoming_in(state: &AppState, id: i64) -> Result<()> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.reject_incoming(id)?)
}

#[tauri::command(async)]
pub fn backup_vault(state: State<'_, AppState>, path: String) -> Result<WrittenDto> {
    backup_vault_in(&state, path)
}

pub(super) fn backup_vault_in(state: &AppState, path: String) -> Result<WrittenDto> {
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
    restore_backup_in(&state, path, user, passphrase)
}

pub(super) fn restore_backup_in(
    state: &AppState,
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
    restore_backup_with_recovery_in(&state, path, recovery_key, user, new_passphrase)
}

pub(super) fn restore_backup_with_recovery_in(
    state: &AppState,
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
    audit_page_in(&state, offset, limit)
}

pub(super) fn audit_page_in(state: &AppState, offset: u32, limit: u32) -> Result<AuditPageDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.audit_page(u64::from(offset), limit)?.into())
}

/// Checks the audit chain (admins only).
#[tauri::command(async)]
pub fn verify_audit_chain(state: State<'_, AppState>) -> Result<AuditChainDto> {
    verify_audit_chain_in(&state)
}

pub(super) fn verify_audit_chain_in(state: &AppState) -> Result<AuditChainDto> {
    let mut s = state.lock();
    Ok(s.vault_mut()?.audit_chain_status()?.into())
}

#[cfg(test)]
mod tests {
    //! The bundle-open path through the command bodies the IPC handlers call, with a real
    //! unlocked vault in a temporary folder (invented people and cases only).
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::path::Path;

    use waystone::crypto::{Passphrase, KDF_FLOOR};
    use waystone::forms::{Answer, Value};

    use waystone::vault::{Role, Vault};

    use super::*;
    use crate::dto::transfer::{BundleRefusalDto, OutcomeDto};
    use crate::dto::ErrorCode;

    use crate::commands::testing::{unlocked_admin, PASS};

    fn person(dir: &Path, name: &str) -> Vault {
        Vault::create(
            &dir.join(name),
            name,
            Role::Admin,
            &Passphrase::new(PASS),
            KDF_FLOOR,
        )
        .unwrap()
        .0
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_owned()
    }

    fn verified(state: &AppState, path: &str) -> crate::dto::transfer::BundlePreviewDto {
        match verify_bundle_in(state, path).unwrap() {
            BundleVerdictDto::Verified { preview } => *preview,
            BundleVerdictDto::Refused { reason, message } => {
                panic!("refused: {reason:?} {message}")
            }
        }
    }

    fn refusal(state: &AppState, path: &str) -> BundleRefusalDto {
        match verify_bundle_in(state, path).unwrap() {
            BundleVerdictDto::Refused { reason, .. } => reason,
            BundleVerdictDto::Verified { .. } => panic!("verified"),
        }
    }

    fn narrate(v: &mut Vault, id: &str, text: &str) {
        v.writable(id)
            .unwrap()
            .save_answer(
                &"narrative".parse().unwrap(),
                Some(Answer::Value(Value::Text(text.into()))),
            )
            .unwrap();
    }

    /// Case `id` as interchange JSON, read through the vault the handlers share.
    fn export_of(state: &AppState, id: &str) -> String {
        state
            .lock()
            .vault_mut()
            .unwrap()
            .readable(id)
            .unwrap()
            .export()
            .unwrap()
    }

    #[test]
    fn bundles_through_the_ipc_handlers_refuse_rollback_hold_strangers_and_open_once() {
        let t = tempfile::tempdir().unwrap();
        let state = unlocked_admin(t.path(), "bob", "bob");
        let (mut alice, mut carol) = (person(t.path(), "alice"), person(t.path(), "carol"));
        let bob_line = state.lock().vault_mut().unwrap().key_line().unwrap().0;
        let (a_line, c_line) = (alice.key_line().unwrap().0, carol.key_line().unwrap().0);
        alice.add_contact("bob", &bob_line, false).unwrap();
        alice.add_contact("carol", &c_line, false).unwrap();
        carol.add_contact("alice", &a_line, false).unwrap();
        carol.add_contact("bob", &bob_line, false).unwrap();
        {
            let mut s = state.lock();
            let bob = s.vault_mut().unwrap();
            bob.add_contact("alice", &a_line, false).unwrap();
            bob.add_contact("carol", &c_line, false).unwrap();
        }
        let form = waystone::forms::latest_intake();
        let id = waystone::demo::add_demo_cases(&mut alice, &form, 1, 71).unwrap()[0]
            .id
            .clone();
        let v1 = alice.create_bundle(&id, &["bob", "carol"], false).unwrap();
        let v1_copy = alice.create_bundle(&id, &["bob"], false).unwrap();
        carol.open_bundle(&v1).unwrap();
        let v1 = write(t.path(), "v1.waystone", &v1);
        let v1_copy = write(t.path(), "v1-copy.waystone", &v1_copy);

        // a new case: verified, then imported
        let p = verified(&state, &v1);
        assert!(p.created && !p.held && !p.already_opened);
        let r = import_bundle_in(&state, &v1, &p.digest).unwrap();
        assert_eq!((r.outcome, r.created), (OutcomeDto::Imported, true));
        // the same file again: already opened, nothing changed
        let p = verified(&state, &v1);
        assert!(p.already_opened && p.changed.is_empty());
        let before = export_of(&state, &id);
        let r = import_bundle_in(&state, &v1, &p.digest).unwrap();
        assert_eq!(r.outcome, OutcomeDto::AlreadyOpened);
        assert_eq!(export_of(&state, &id), before);

        // a newer version applies; the older copy is then refused with its own reason
        narrate(&mut alice, &id, "An invented later account.");
        let v2 = write(
            t.path(),
            "v2.waystone",
            &alice.create_bundle(&id, &["bob"], false).unwrap(),
        );
        let p = verified(&state, &v2);
        assert_eq!(p.changed, vec!["narrative".to_owned()]);
        assert_eq!(
            import_bundle_in(&state, &v2, &p.digest).unwrap().outcome,
            OutcomeDto::Imported
        );
        let newer = export_of(&state, &id);
        assert_eq!(refusal(&state, &v1_copy), BundleRefusalDto::NotNewer);
        let digest = waystone::exchange::bundle_digest(&std::fs::read(&v1_copy).unwrap());
        let e = import_bundle_in(&state, &v1_copy, &digest).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Corrupt), "{e:?}");
        assert_eq!(export_of(&state, &id), newer);

        // carol's update (she is not where the case came from): held, not applied
        narrate(&mut carol, &id, "An invented account carol rewrote.");
        let forged = write(
            t.path(),
            "carol.waystone",
            &carol.create_bundle(&id, &["bob"], false).unwrap(),
        );
        let p = verified(&state, &forged);
        assert!(p.held && p.conflict.is_none());
        assert_eq!(p.changed, vec!["narrative".to_owned()]);
        let r = import_bundle_in(&state, &forged, &p.digest).unwrap();
        assert_eq!(r.outcome, OutcomeDto::Held);
        let held_id = r.incoming_id.unwrap();
        assert_eq!(export_of(&state, &id), newer);
        let listed = state.lock().vault_mut().unwrap().incoming(true).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].id, listed[0].from.as_str()), (held_id, "carol"));
        // accepted (it is newer than bob's copy) with trust: carol's next update applies
        let r = accept_incoming_in(&state, held_id, true).unwrap();
        assert_eq!(r.outcome, OutcomeDto::Imported);
        narrate(&mut carol, &id, "An invented account carol sent after.");
        let after = write(
            t.path(),
            "carol-after.waystone",
            &carol.create_bundle(&id, &["bob"], false).unwrap(),
        );
        let p = verified(&state, &after);
        assert!(!p.held);
        assert_eq!(
            import_bundle_in(&state, &after, &p.digest).unwrap().outcome,
            OutcomeDto::Imported
        );
        let newer = export_of(&state, &id);
        assert!(newer.contains("carol sent after"));

        // the origin's next update does not carry carol's account: held as a conflict, shown
        // side by side, merged answer by answer
        narrate(&mut alice, &id, "An invented account the origin completed.");
        let v3 = write(
            t.path(),
            "v3.waystone",
            &alice.create_bundle(&id, &["bob"], false).unwrap(),
        );
        let p = verified(&state, &v3);
        assert!(p.conflict.is_some());
        let r = import_bundle_in(&state, &v3, &p.digest).unwrap();
        assert_eq!(r.outcome, OutcomeDto::Conflict);
        let held = r.incoming_id.unwrap();
        let view = merge_view_in(&state, held).unwrap();
        let row = view.rows.iter().find(|r| r.path == "narrative").unwrap();
        assert_eq!(
            (row.changed_here, row.changed_there),
            (Some(true), Some(true))
        );
        assert!(serde_json::to_string(&row.mine)
            .unwrap()
            .contains("carol sent after"));
        let e = merge_incoming_in(&state, held, "2001-01-01T00:00:00.000Z", &[]).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid), "{e:?}");
        let r =
            merge_incoming_in(&state, held, &view.local_version, &["narrative".into()]).unwrap();
        assert_eq!(r.changed, vec!["narrative".to_owned()]);
        let merged = export_of(&state, &id);
        assert!(merged.contains("the origin completed") && !merged.contains("carol sent after"));

        // a version dated hours ahead of this clock: refused with its own reason
        let mut doc: serde_json::Value =
            serde_json::from_str(&alice.readable(&id).unwrap().export().unwrap()).unwrap();
        let ahead = waystone::exchange::MAX_CLOCK_SKEW_MINUTES * 3;
        doc["updated_at"] = (chrono::Utc::now() + chrono::Duration::minutes(ahead))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
            .into();
        alice.import_case(&doc.to_string()).unwrap();
        let future = write(
            t.path(),
            "future.waystone",
            &alice.create_bundle(&id, &["bob"], false).unwrap(),
        );
        assert_eq!(refusal(&state, &future), BundleRefusalDto::FutureDated);

        // the import insists on the verified file
        let e = import_bundle_in(&state, &v2, &"0".repeat(64)).unwrap_err();
        assert!(matches!(e.code, ErrorCode::Invalid), "{e:?}");
    }
}
