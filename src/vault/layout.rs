//! The files of a vault directory — their names, in one place — and writing them safely:
//! atomically (temporary file, fsync, rename, fsync the directory), with the replaced key
//! slots overwritten, and the directory readable by its owner only.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::error::VaultError;

/// The key slots: one per user and one for the recovery key (readable before unlock).
pub const SLOTS_FILE: &str = "keys.json";
/// The SQLCipher database.
pub const DB_FILE: &str = "vault.db";
/// Language and idle minutes, needed before unlock; nothing of a case.
pub const SETTINGS_FILE: &str = "settings.json";
/// The unlock limit and the failed attempts since the last success.
pub const GUARD_FILE: &str = "unlock-guard.json";
/// The empty file whose advisory lock serialises unlock attempts (the wipe removes it).
pub const GUARD_LOCK_FILE: &str = "unlock-guard.lock";
/// The empty file whose advisory lock lets one mailbox sync of this vault run at a time.
pub const SYNC_LOCK_FILE: &str = "mailbox-sync.lock";
/// The folder of encrypted attachment files (`ID.bin`).
pub const ATTACHMENTS_DIR: &str = "attachments";
/// A restore is unpacked beside the target in a folder named with this prefix.
pub const RESTORE_STAGING_PREFIX: &str = ".waystone-restore-";

/// Writes `name` in `dir` atomically: temp file, fsync, rename over, fsync the directory.
pub(crate) fn atomic_write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), VaultError> {
    write_replacing(dir, name, bytes, false)
}

/// [`atomic_write`]; with `shred_old`, the file it replaces is overwritten in place with
/// random bytes once the new one has its name ([`replace_and_shred`]).
pub(super) fn write_replacing(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    shred_old: bool,
) -> Result<(), VaultError> {
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if shred_old {
            replace_and_shred(dir, &tmp, &dir.join(name))
        } else {
            fs::rename(&tmp, dir.join(name))?;
            fs::File::open(dir)?.sync_all()
        }
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(VaultError::io("writing the key slots", e));
    }
    Ok(())
}

/// Renames `tmp` over `target` and then overwrites the old `target`'s bytes with random ones.
///
/// The old file is opened before the rename, so the handle still reaches its blocks after
/// the new file takes the name; the overwrite comes only after the rename and the directory
/// are synced. A crash at any point leaves the old file or the new one under the name, never
/// random bytes (overwriting first and renaming after would not). A crash between the rename
/// and the overwrite leaves the old bytes in a freed inode, as before this existed. Where the
/// rename cannot replace a file that is open (some Windows file systems), it is retried with
/// the handle closed and the old bytes are not overwritten. Copy-on-write file systems and
/// SSDs may keep the old blocks anyway (SECURITY.md).
fn replace_and_shred(dir: &Path, tmp: &Path, target: &Path) -> std::io::Result<()> {
    let old = fs::OpenOptions::new().write(true).open(target).ok();
    let mut old = match (fs::rename(tmp, target), old) {
        (Ok(()), old) => old,
        (Err(_), Some(open)) => {
            drop(open);
            fs::rename(tmp, target)?;
            None
        }
        (Err(e), None) => return Err(e),
    };
    fs::File::open(dir)?.sync_all()?;
    if let Some(f) = old.as_mut() {
        overwrite_open_file(f)?;
    }
    Ok(())
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

#[cfg(unix)]
pub(super) fn restrict_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
}

#[cfg(not(unix))]
pub(super) fn restrict_permissions(_dir: &Path) {}
