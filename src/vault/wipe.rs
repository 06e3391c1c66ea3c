//! The panic wipe: destroys a vault directory so that nothing in it can be decrypted again.
//!
//! Order matters. The key slots go first — every slot file (`keys.json` and a temporary copy
//! an interrupted write may have left, in the vault and in any restore staging folder) is
//! overwritten in place with random bytes, synced, and only then unlinked, and the directory
//! is synced. From that moment the database and the attachments are ciphertext under a master
//! key that exists nowhere on this disk. Then the other files Waystone writes are unlinked —
//! by name, never "everything in the folder": the database with its WAL, shared-memory and
//! journal files, `settings.json`, the unlock counter and its lock, the temporary copies of
//! each (`.NAME.tmp`), `attachments/*.bin` and their temporary files (`attachments/.ID.tmp`),
//! and restore staging folders (`.waystone-restore-*`, beside the vault or inside it). Last,
//! `attachments/` and the vault directory are removed with `remove_dir`, which refuses a
//! directory that still holds something: a file Waystone did not write (the vault was pointed
//! at a folder holding other things) survives, and the report says the directory was kept.
//!
//! Limits (written in SECURITY.md too): an overwrite in place reaches the old blocks on an
//! ordinary ext4/NTFS hard disk, but an SSD's wear levelling or a copy-on-write file system
//! (btrfs, ZFS, APFS) may keep the old slot bytes somewhere the OS no longer shows; full-disk
//! encryption is what covers that. Copies made before the wipe (backups, disk images) are
//! untouched.
//!
//! Recipe: a new file in the vault directory must be added to [`VAULT_FILES`] (or, under
//! `attachments/`, matched in [`is_attachment_file`]), or a wipe leaves it behind.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::backup::RESTORE_STAGING_PREFIX;
use super::guard::{GUARD_FILE, GUARD_LOCK_FILE};
use super::settings::SETTINGS_FILE;
use super::slots::SLOTS_FILE;
use super::{VaultError, ATTACHMENTS_DIR, DB_FILE};

/// Every file Waystone writes directly in a vault directory, key slots excepted (step 1
/// handles those). Each also has a temporary copy `.NAME.tmp` (`slots::atomic_write`).
const VAULT_FILES: &[&str] = &[
    DB_FILE,
    "vault.db-wal",
    "vault.db-shm",
    "vault.db-journal",
    SETTINGS_FILE,
    GUARD_FILE,
    GUARD_LOCK_FILE,
];

/// What a wipe did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WipeReport {
    /// Key slot files overwritten with random bytes before they were unlinked.
    pub slot_files: usize,
    /// Every file removed, slot files included.
    pub files: usize,
    /// The vault directory still exists: it holds files Waystone did not write, which the
    /// wipe leaves alone (every vault file is gone all the same).
    pub kept_dir: bool,
}

/// Destroys the vault in `dir`: key slots first (overwritten, synced, unlinked), then every
/// other vault file, then the directory if nothing foreign is left in it. A directory that
/// does not exist is `NoVault`.
pub fn wipe(dir: &Path) -> Result<WipeReport, VaultError> {
    if !dir.is_dir() {
        return Err(VaultError::NoVault);
    }
    let mut report = WipeReport::default();
    let staging = staging_dirs(dir);
    // Step 1: every key slot file, before anything else.
    for d in std::iter::once(dir).chain(staging.iter().map(PathBuf::as_path)) {
        for name in [SLOTS_FILE.to_owned(), format!(".{SLOTS_FILE}.tmp")] {
            let path = d.join(name);
            if path.is_file() {
                destroy_file(&path).map_err(|e| VaultError::io("overwriting the key slots", e))?;
                report.slot_files += 1;
                report.files += 1;
            }
        }
        sync_dir(d);
    }
    // Step 2: the other vault files, by name, then the directories if they are empty.
    let removed = (|| {
        for d in &staging {
            remove_vault_files(d, &mut report.files)?;
            // a staging folder is Waystone's own: anything else in it goes too
            if d.is_dir() {
                let _ = fs::remove_dir_all(d);
            }
        }
        remove_vault_files(dir, &mut report.files)
    })()
    .map_err(|e| VaultError::io("removing the vault files", e))?;
    report.kept_dir = !removed;
    if let Some(parent) = dir.parent() {
        sync_dir(parent);
    }
    Ok(report)
}

/// Restore staging folders inside `dir` and beside it (in its parent).
fn staging_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in [Some(dir), dir.parent()].into_iter().flatten() {
        let Ok(entries) = fs::read_dir(d) else {
            continue;
        };
        for entry in entries.flatten() {
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with(RESTORE_STAGING_PREFIX))
            {
                out.push(entry.path());
            }
        }
    }
    out
}

/// Removes the vault files Waystone writes in `dir` (slot files must be gone already), then
/// `attachments/` and `dir` if nothing else is left in them. Whether `dir` was removed.
fn remove_vault_files(dir: &Path, files: &mut usize) -> std::io::Result<bool> {
    for name in VAULT_FILES {
        for path in [dir.join(name), dir.join(format!(".{name}.tmp"))] {
            if remove_if_present(&path)? {
                *files += 1;
            }
        }
    }
    let attachments = dir.join(ATTACHMENTS_DIR);
    if attachments.is_dir() {
        for entry in fs::read_dir(&attachments)? {
            let entry = entry?;
            if !entry.file_type()?.is_dir()
                && entry.file_name().to_str().is_some_and(is_attachment_file)
                && remove_if_present(&entry.path())?
            {
                *files += 1;
            }
        }
        let _ = fs::remove_dir(&attachments);
    }
    Ok(fs::remove_dir(dir).is_ok() || !dir.exists())
}

/// An encrypted attachment (`ID.bin`) or the temporary file of one being written (`.ID.tmp`).
fn is_attachment_file(name: &str) -> bool {
    name.ends_with(".bin") || (name.starts_with('.') && name.ends_with(".tmp"))
}

fn remove_if_present(path: &Path) -> std::io::Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Overwrites the file's bytes with random ones, syncs, and unlinks it.
fn destroy_file(path: &Path) -> std::io::Result<()> {
    overwrite_in_place(path)?;
    fs::remove_file(path)
}

/// Overwrites every byte of the file at `path` with random ones and syncs it (the file keeps
/// its name and length).
pub(crate) fn overwrite_in_place(path: &Path) -> std::io::Result<()> {
    let mut f = fs::OpenOptions::new().write(true).open(path)?;
    overwrite_open_file(&mut f)
}

/// Overwrites every byte of an open file with random ones and syncs it.
pub(crate) fn overwrite_open_file(f: &mut fs::File) -> std::io::Result<()> {
    use std::io::Seek;
    let len = f.metadata()?.len();
    f.seek(std::io::SeekFrom::Start(0))?;
    let mut left = len;
    while left > 0 {
        let chunk = crate::crypto::random_bytes::<4096>();
        let n = usize::try_from(left.min(4096)).unwrap_or(4096);
        f.write_all(&chunk[..n])?;
        left -= n as u64;
    }
    f.sync_all()
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_that_is_not_there_is_no_vault() {
        let t = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        assert!(matches!(
            wipe(&t.path().join("missing")),
            Err(VaultError::NoVault)
        ));
    }

    #[test]
    fn attachment_names_are_matched_and_foreign_ones_are_not() {
        for (name, ours) in [
            ("6f1c2a.bin", true),
            (".6f1c2a.tmp", true),
            ("notes.txt", false),
            ("holiday.jpg", false),
            ("x.tmp", false),
        ] {
            assert_eq!(is_attachment_file(name), ours, "{name}");
        }
    }
}
