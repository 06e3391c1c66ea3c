//! The panic wipe: destroys a vault directory so that nothing in it can be decrypted again.
//!
//! Order matters. The key slots go first — every slot file (`keys.json` and a temporary copy
//! an interrupted write may have left) is overwritten in place with random bytes, synced, and
//! only then unlinked, and the directory is synced. From that moment the database and the
//! attachments are ciphertext under a master key that exists nowhere on this disk. Then every
//! other file (database, WAL, attachments, settings, the unlock counter, anything else) is
//! unlinked and the directory removed.
//!
//! Limits (written in SECURITY.md too): an overwrite in place reaches the old blocks on an
//! ordinary ext4/NTFS hard disk, but an SSD's wear levelling or a copy-on-write file system
//! (btrfs, ZFS, APFS) may keep the old slot bytes somewhere the OS no longer shows; full-disk
//! encryption is what covers that. Copies made before the wipe (backups, disk images) are
//! untouched.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::slots::SLOTS_FILE;
use super::VaultError;

/// What a wipe did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WipeReport {
    /// Key slot files overwritten with random bytes before they were unlinked.
    pub slot_files: usize,
    /// Every file removed, slot files included.
    pub files: usize,
}

/// Destroys the vault in `dir`: key slots first (overwritten, synced, unlinked), then every
/// other file, then the directory. A directory that does not exist is `NoVault`.
pub fn wipe(dir: &Path) -> Result<WipeReport, VaultError> {
    if !dir.is_dir() {
        return Err(VaultError::NoVault);
    }
    let mut report = WipeReport::default();
    // Step 1: every key slot file, before anything else.
    for name in [SLOTS_FILE.to_owned(), format!(".{SLOTS_FILE}.tmp")] {
        let path = dir.join(name);
        if path.is_file() {
            destroy_file(&path).map_err(|e| VaultError::io("overwriting the key slots", e))?;
            report.slot_files += 1;
            report.files += 1;
        }
    }
    sync_dir(dir);
    // Step 2: everything else, then the directory itself.
    report.files += remove_tree(dir).map_err(|e| VaultError::io("removing the vault files", e))?;
    if let Some(parent) = dir.parent() {
        sync_dir(parent);
    }
    Ok(report)
}

/// Overwrites the file's bytes with random ones, syncs, and unlinks it.
fn destroy_file(path: &Path) -> std::io::Result<()> {
    let len = fs::metadata(path)?.len();
    let mut f = fs::OpenOptions::new().write(true).open(path)?;
    let mut left = len;
    while left > 0 {
        let chunk = crate::crypto::random_bytes::<4096>();
        let n = usize::try_from(left.min(4096)).unwrap_or(4096);
        f.write_all(&chunk[..n])?;
        left -= n as u64;
    }
    f.sync_all()?;
    drop(f);
    fs::remove_file(path)
}

/// Removes every file under `dir` and `dir` itself; the number of files removed.
fn remove_tree(dir: &Path) -> std::io::Result<usize> {
    let mut files = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            files += remove_tree(&path)?;
        } else {
            fs::remove_file(&path)?;
            files += 1;
        }
    }
    fs::remove_dir(dir)?;
    Ok(files)
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
}
