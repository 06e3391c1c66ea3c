//! Backups: one encrypted file holding the whole vault — key slots, database, attachments,
//! settings — and restore that verifies everything before it writes anything.
//!
//! Layout: `WSBK` + version byte 1; the key slot file (length-prefixed, as on disk: wrapped
//! keys and user names only, needed to unlock the backup); then, encrypted with the vault's
//! backup subkey in the STREAM construction (crypto::stream, with the SHA-256 of the slot
//! header as associated data), an
//! archive: a manifest (vault id, time, schema version, every file's name, size and SHA-256)
//! followed by the files, each length-prefixed.
//!
//! Restore: read the slots, unlock them with a user's passphrase or the recovery key,
//! decrypt (any change to any byte fails), check every file against the manifest, write the
//! files into a fresh temporary directory beside the target, open the restored database
//! with its key and run the integrity checks, and only then move the directory into place.
//! The target must not hold a vault: restore never replaces one.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::crypto::{self, Passphrase, RecoveryKey, Subkey, VaultMasterKey};

use super::error::VaultError;
use super::handle::{now, Vault};
use super::layout::{ATTACHMENTS_DIR, DB_FILE, SETTINGS_FILE, SLOTS_FILE};
use super::slots::{SlotFile, SlotKind};
use super::{db, migrations};

const MAGIC: &[u8; 5] = b"WSBK\x01";
/// A backup's key-slot header may claim no more than this ([`backup_users`] reads only it).
const MAX_HEADER: u64 = 1024 * 1024;
/// Names of the temporary directories a restore writes beside the target before moving the
/// vault into place (`{prefix}{uuid}`). They hold a vault's key slots and database while a
/// restore runs; one left by a crash is removed by the next restore, and the panic wipe must
/// remove them too.
pub use super::layout::RESTORE_STAGING_PREFIX;
/// No backup part may claim more than this (a hostile file must not make us allocate it).
const MAX_PART: u64 = 64 * 1024 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    vault_id: String,
    created_at: String,
    schema_version: i64,
    files: Vec<FileEntry>,
}

#[derive(Serialize, Deserialize)]
struct FileEntry {
    name: String,
    size: u64,
    sha256: String,
}

/// How to unlock a backup.
pub enum BackupSecret<'a> {
    Passphrase {
        user: Option<&'a str>,
        passphrase: &'a Passphrase,
    },
    Recovery(&'a RecoveryKey),
}

/// What a restore brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub files: usize,
    pub bytes: u64,
    pub created_at: String,
}

/// The encrypted part is bound to the exact key-slot header in front of it: a changed header
/// byte fails decryption even where it would not stop the unwrap.
fn header_aad(slots_json: &[u8]) -> Vec<u8> {
    format!(
        "waystone-backup-v1|{}",
        hex::encode(Sha256::digest(slots_json))
    )
    .into_bytes()
}

fn push_part(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn take_part<'a>(input: &mut &'a [u8]) -> Result<&'a [u8], VaultError> {
    let bad = VaultError::Tampered("the backup's contents are malformed");
    if input.len() < 8 {
        return Err(bad);
    }
    let (len, rest) = input.split_at(8);
    let len = u64::from_le_bytes(
        len.try_into()
            .map_err(|_| VaultError::Tampered("the backup's contents are malformed"))?,
    );
    if len > MAX_PART || len as usize > rest.len() {
        return Err(bad);
    }
    let (part, rest) = rest.split_at(len as usize);
    *input = rest;
    Ok(part)
}

impl Vault {
    /// Writes the whole vault into `out` (a new file; written atomically), then reads the
    /// file back and checks that it would restore (see [`verify_written`]); a file that
    /// would not is removed and the backup fails. Admins only: a backup holds every case's
    /// testimony and every user's key slot.
    pub fn backup(&mut self, out: &Path) -> Result<u64, VaultError> {
        // the rights table (src/access.rs): admins only
        if !crate::access::allows(self.session.role, crate::access::Op::Backup, None) {
            return Err(VaultError::Forbidden);
        }
        // the path first (relative, missing folder, a file there…), before the slow work
        crate::fsio::check_new_file(out, "writing the backup file")?;
        // Every committed change into the main database file, so it is complete on its own.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let mut names: Vec<String> = vec![SLOTS_FILE.into(), DB_FILE.into()];
        if self.dir.join(SETTINGS_FILE).is_file() {
            names.push(SETTINGS_FILE.into());
        }
        let att_dir = self.dir.join(ATTACHMENTS_DIR);
        if att_dir.is_dir() {
            let mut atts: Vec<String> = fs::read_dir(&att_dir)
                .map_err(|e| VaultError::io("reading the attachments folder", e))?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".bin"))
                .map(|n| format!("{ATTACHMENTS_DIR}/{n}"))
                .collect();
            atts.sort();
            names.extend(atts);
        }
        let mut files = Vec::with_capacity(names.len());
        let mut entries = Vec::with_capacity(names.len());
        for name in &names {
            let bytes = fs::read(self.dir.join(name))
                .map_err(|e| VaultError::io("reading the vault for a backup", e))?;
            entries.push(FileEntry {
                name: name.clone(),
                size: bytes.len() as u64,
                sha256: hex::encode(Sha256::digest(&bytes)),
            });
            files.push(bytes);
        }
        let manifest = Manifest {
            format: "waystone-backup".into(),
            vault_id: self.slots.vault_id.clone(),
            created_at: now(),
            schema_version: migrations::latest(),
            files: entries,
        };
        let key = self.vmk.subkey(Subkey::Backup);
        let slots_json = serde_json::to_vec(&self.slots)
            .map_err(|_| VaultError::Internal("serialising key slots"))?;
        let file = seal_backup(&key, &slots_json, &manifest, files)?;
        let len = file.len() as u64;
        crate::fsio::write_new_file(out, &file, "writing the backup file")?;
        drop(file);
        // what was written must restore: read it back from the disk and check it as a
        // restore would, or remove it
        if let Err(e) = verify_written(out, &key, &self.slots.vault_id) {
            let _ = fs::remove_file(out);
            return Err(e);
        }
        self.audit("vault.backup", "")?;
        Ok(len)
    }
}

/// The backup file's bytes: magic, key slots, then the sealed archive of the manifest and
/// `files` (in the manifest's order).
fn seal_backup(
    key: &crypto::SecretKey,
    slots_json: &[u8],
    manifest: &Manifest,
    files: Vec<Vec<u8>>,
) -> Result<Vec<u8>, VaultError> {
    let manifest_json = serde_json::to_vec(manifest)
        .map_err(|_| VaultError::Internal("serialising the manifest"))?;
    let mut archive = Zeroizing::new(Vec::new());
    push_part(&mut archive, &manifest_json);
    for f in &files {
        push_part(&mut archive, f);
    }
    drop(files);
    let sealed = crypto::stream::encrypt(key, &archive, &header_aad(slots_json))
        .map_err(|_| VaultError::Internal("encrypting the backup"))?;
    let mut file = Vec::with_capacity(MAGIC.len() + 8 + slots_json.len() + sealed.len());
    file.extend_from_slice(MAGIC);
    push_part(&mut file, slots_json);
    file.extend_from_slice(&sealed);
    Ok(file)
}

/// Checks that the backup at `file` would restore, as [`restore`] will check it: its header
/// parses and names this vault, the archive decrypts with the backup subkey, and the
/// manifest's every file is there with a name restore accepts, its size and its SHA-256.
fn verify_written(file: &Path, key: &crypto::SecretKey, vault_id: &str) -> Result<(), VaultError> {
    let failed = |_| {
        VaultError::Tampered(
            "the backup just written does not read back as it would restore; it was removed",
        )
    };
    let bytes = crate::fsio::read_input_file(file, MAX_PART, "reading the backup back")?;
    verify_bytes(&bytes, key, vault_id).map_err(failed)
}

fn verify_bytes(bytes: &[u8], key: &crypto::SecretKey, vault_id: &str) -> Result<(), VaultError> {
    let (slots_json, slots, rest) = read_header(bytes)?;
    if slots.vault_id != vault_id {
        return Err(VaultError::Tampered("the backup names another vault"));
    }
    verify_sealed(key, slots_json, rest, vault_id)
}

/// The sealed archive after the header decrypts and its manifest would restore.
fn verify_sealed(
    key: &crypto::SecretKey,
    slots_json: &[u8],
    sealed: &[u8],
    vault_id: &str,
) -> Result<(), VaultError> {
    let archive = crypto::stream::decrypt(key, sealed, &header_aad(slots_json))
        .map_err(|_| VaultError::Tampered("the backup does not decrypt"))?;
    read_archive(&archive, vault_id).map(|_| ())
}

/// The users whose passphrase can restore the backup at `file`, read from its key-slot header
/// without unlocking anything (names and roles only, as the unlock screen shows them).
///
/// Reads the magic and the key-slot header only (at most [`MAX_HEADER`] bytes, never the
/// archive), and answers one error for every file that is not a readable backup — missing,
/// unreadable, not a file, or not a backup alike — so it tells nothing else about the path.
pub fn backup_users(file: &Path) -> Result<Vec<super::UserSummary>, VaultError> {
    let slots = read_header_file(file)?;
    Ok(slots
        .users()
        .map(|(name, role)| super::UserSummary {
            name: name.to_owned(),
            role,
        })
        .collect())
}

/// The key slots of the backup at `file`, reading nothing past them. See [`backup_users`].
fn read_header_file(file: &Path) -> Result<SlotFile, VaultError> {
    use std::io::Read;
    let not_a_backup = || VaultError::Tampered("this is not a Waystone backup");
    const WHAT: &str = "reading the backup";
    crate::fsio::require_absolute(file)?;
    // a missing file, a folder, a file this user may not read: said as such, not "damaged"
    let mut f = fs::File::open(file).map_err(|e| crate::fsio::FileError::io(WHAT, e))?;
    let meta = f.metadata().map_err(|_| not_a_backup())?;
    if meta.is_dir() {
        return Err(crate::fsio::FileError::IsAFolder { what: WHAT }.into());
    }
    if !meta.is_file() {
        return Err(not_a_backup());
    }
    let mut magic = [0u8; 5];
    f.read_exact(&mut magic).map_err(|_| not_a_backup())?;
    if &magic[..4] != b"WSBK" {
        return Err(not_a_backup());
    }
    if magic[4] != MAGIC[4] {
        return Err(VaultError::NewerVersion);
    }
    let mut len = [0u8; 8];
    f.read_exact(&mut len).map_err(|_| not_a_backup())?;
    let len = u64::from_le_bytes(len);
    if len > MAX_HEADER {
        return Err(not_a_backup());
    }
    let mut header = Vec::new();
    (&mut f)
        .take(len)
        .read_to_end(&mut header)
        .map_err(|_| not_a_backup())?;
    if header.len() as u64 != len {
        return Err(not_a_backup());
    }
    serde_json::from_slice(&header).map_err(|_| not_a_backup())
}

/// The magic, version and key-slot header of a backup; returns the raw header and the
/// parsed slots, and leaves `bytes` past them in the returned rest. Needs no key (public so
/// it can be fuzzed).
pub fn read_header(bytes: &[u8]) -> Result<(&[u8], SlotFile, &[u8]), VaultError> {
    if bytes.len() < MAGIC.len() || &bytes[..4] != b"WSBK" {
        return Err(VaultError::Tampered("this is not a Waystone backup"));
    }
    if bytes[4] != MAGIC[4] {
        return Err(VaultError::NewerVersion);
    }
    let mut rest = &bytes[MAGIC.len()..];
    let slots_json = take_part(&mut rest)?;
    let slots: SlotFile = serde_json::from_slice(slots_json)
        .map_err(|_| VaultError::Tampered("the backup's key slots are damaged"))?;
    Ok((slots_json, slots, rest))
}

/// Creates `dir` (its parent must exist) readable by the user only.
fn private_dir(dir: &Path) -> Result<(), VaultError> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| VaultError::io("creating the restore folder", e))?;
    super::layout::restrict_permissions(dir);
    Ok(())
}

/// Removes the staging directories a crashed restore left in `parent` (they hold key slots
/// and a database). Best effort: a restore goes on without it.
fn remove_stale_staging(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(RESTORE_STAGING_PREFIX));
        // never follow a link: only a real directory of ours is removed
        if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether `target` may receive a restore: it does not exist, or is an empty directory, or
/// holds only `settings.json` (the language chosen on the first-run screen).
fn restorable_target(target: &Path) -> Result<bool, VaultError> {
    if !target.exists() {
        return Ok(true);
    }
    let entries =
        fs::read_dir(target).map_err(|e| VaultError::io("reading the vault folder", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| VaultError::io("reading the vault folder", e))?;
        if entry.file_name() != SETTINGS_FILE {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A decrypted backup archive, checked: its creation time and every file with its bytes.
pub struct ArchiveContents<'a> {
    pub created_at: String,
    pub files: Vec<(String, &'a [u8])>,
}

/// Reads and checks a decrypted backup archive of vault `vault_id`: the manifest, then every
/// file against its name rules, size and SHA-256, and that nothing is missing or extra.
/// [`restore`] calls it after decryption; public so it can be fuzzed without a key.
pub fn read_archive<'a>(
    archive: &'a [u8],
    vault_id: &str,
) -> Result<ArchiveContents<'a>, VaultError> {
    let mut input: &[u8] = archive;
    let manifest: Manifest = serde_json::from_slice(take_part(&mut input)?)
        .map_err(|_| VaultError::Tampered("the backup's manifest is damaged"))?;
    if manifest.vault_id != vault_id || manifest.format != "waystone-backup" {
        return Err(VaultError::Tampered(
            "the backup's manifest does not match its key slots",
        ));
    }
    if manifest.schema_version > migrations::latest() {
        return Err(VaultError::NewerVersion);
    }
    let mut parts = Vec::with_capacity(manifest.files.len());
    for entry in &manifest.files {
        let part = take_part(&mut input)?;
        let safe = entry.name == SLOTS_FILE
            || entry.name == DB_FILE
            || entry.name == SETTINGS_FILE
            || entry
                .name
                .strip_prefix(&format!("{ATTACHMENTS_DIR}/"))
                .is_some_and(|n| {
                    n.ends_with(".bin")
                        && n.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
                });
        if !safe
            || part.len() as u64 != entry.size
            || hex::encode(Sha256::digest(part)) != entry.sha256
        {
            return Err(VaultError::Tampered(
                "a file in the backup does not match its manifest",
            ));
        }
        parts.push((entry.name.clone(), part));
    }
    if !input.is_empty()
        || !parts.iter().any(|(n, _)| n == DB_FILE)
        || !parts.iter().any(|(n, _)| n == SLOTS_FILE)
    {
        return Err(VaultError::Tampered(
            "the backup's contents are incomplete or have extra data",
        ));
    }
    Ok(ArchiveContents {
        created_at: manifest.created_at,
        files: parts,
    })
}

/// Restores the backup at `file` into `target` (which must not hold a vault), verifying
/// everything first. Nothing is written under `target` unless every check passes.
pub fn restore(
    file: &Path,
    target: &Path,
    secret: BackupSecret<'_>,
) -> Result<RestoreReport, VaultError> {
    if super::exists(target) || target.join(DB_FILE).exists() {
        return Err(VaultError::AlreadyExists);
    }
    if !restorable_target(target)? {
        return Err(VaultError::Invalid(
            "the restore target is not an empty directory".into(),
        ));
    }
    let bytes = crate::fsio::read_input_file(file, MAX_PART, "reading the backup")?;
    let (slots_json, slots, rest) = read_header(&bytes)?;
    let vmk: VaultMasterKey = match secret {
        BackupSecret::Passphrase { user, passphrase } => {
            let name = match user {
                Some(u) => u.to_owned(),
                None => {
                    let users: Vec<_> = slots.users().collect();
                    match users.as_slice() {
                        [(u, _)] => (*u).to_owned(),
                        [] => return Err(VaultError::UnknownUser),
                        _ => return Err(VaultError::UserRequired),
                    }
                }
            };
            let mut found = Err(VaultError::AuthFailed);
            for slot in slots.slots_for_user(&name) {
                match slots.unwrap(slot, passphrase) {
                    Ok(v) => {
                        found = Ok(v);
                        break;
                    }
                    Err(VaultError::AuthFailed) => {}
                    Err(e) => found = Err(e),
                }
            }
            found?
        }
        BackupSecret::Recovery(key) => {
            let slot = slots
                .slots
                .iter()
                .find(|s| s.kind == SlotKind::Recovery)
                .ok_or(VaultError::AuthFailed)?;
            slots.unwrap(slot, &key.as_passphrase())?
        }
    };
    let key = vmk.subkey(Subkey::Backup);
    let archive = crypto::stream::decrypt(&key, rest, &header_aad(slots_json))
        .map_err(|_| VaultError::Tampered("the backup was changed, truncated or extended"))?;
    let contents = read_archive(&archive, &slots.vault_id)?;
    let parts = contents.files;
    // Write into a fresh sibling directory, verify the database there, then move it in place.
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    fs::create_dir_all(&parent).map_err(|e| VaultError::io("creating the restore folder", e))?;
    remove_stale_staging(&parent);
    let staging = parent.join(format!("{RESTORE_STAGING_PREFIX}{}", uuid::Uuid::new_v4()));
    let result = (|| {
        // only the user may enter it, like a vault made by `create`
        private_dir(&staging)?;
        private_dir(&staging.join(ATTACHMENTS_DIR))?;
        let mut total = 0u64;
        for (name, part) in &parts {
            let path = staging.join(name);
            let dir = path.parent().unwrap_or(&staging).to_path_buf();
            let file_name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            super::layout::atomic_write(&dir, &file_name, part)?;
            total += part.len() as u64;
        }
        let conn = db::open(&staging.join(DB_FILE), &vmk.subkey(Subkey::Database))?;
        db::integrity_check(&conn)?;
        drop(conn);
        if target.exists() {
            // an empty directory may stand where the vault goes, or one holding only the
            // language chosen before the restore (kept unless the backup brings its own)
            let settings = target.join(SETTINGS_FILE);
            if settings.exists() {
                if !staging.join(SETTINGS_FILE).exists() {
                    let chosen = fs::read(&settings)
                        .map_err(|e| VaultError::io("reading the settings", e))?;
                    super::layout::atomic_write(&staging, SETTINGS_FILE, &chosen)?;
                }
                fs::remove_file(&settings)
                    .map_err(|e| VaultError::io("moving the restored vault into place", e))?;
            }
            fs::remove_dir(target).map_err(|_| {
                VaultError::Invalid("the restore target is not an empty directory".into())
            })?;
        }
        fs::rename(&staging, target)
            .map_err(|e| VaultError::io("moving the restored vault into place", e))?;
        Ok(total)
    })();
    match result {
        Ok(total) => Ok(RestoreReport {
            files: parts.len(),
            bytes: total,
            created_at: contents.created_at,
        }),
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests;
