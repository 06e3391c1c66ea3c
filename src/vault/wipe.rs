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
//! **Links are never followed.** Every file and folder is reached relative to a directory
//! handle opened without following a link (`O_NOFOLLOW | O_DIRECTORY`, device and inode
//! compared with what `lstat` saw), each file is looked at with `lstat` and opened for the
//! overwrite with `O_NOFOLLOW` (device and inode compared again), and removal is `unlinkat`,
//! which never follows either. A symbolic link found where a vault file or folder belongs
//! (`keys.json`, `vault.db-wal`, `attachments/`, `attachments/ID.bin`, a staging folder's
//! slots…) is left in place, untouched, and named in [`WipeReport::links`]; the file it points
//! to is never opened, so a link to someone else's file cannot make the wipe destroy it. A
//! vault folder that is itself a link is refused before anything is touched. On systems
//! without `openat` (Windows) the same rules hold through `symlink_metadata` checks on paths.
//!
//! Recipe: a new file in the vault directory must be added to [`VAULT_FILES`] (or, under
//! `attachments/`, matched in [`is_attachment_file`]), or a wipe leaves it behind.

use std::fs;
use std::path::Path;

use super::error::VaultError;
use super::layout::{
    overwrite_open_file, ATTACHMENTS_DIR, DB_FILE, GUARD_FILE, GUARD_LOCK_FILE,
    RESTORE_STAGING_PREFIX, SETTINGS_FILE, SLOTS_FILE, SYNC_LOCK_FILE,
};
use nofollow::{DirHandle, Kind};

/// Every file Waystone writes directly in a vault directory, key slots excepted (step 1
/// handles those). Each also has a temporary copy `.NAME.tmp` (`layout::atomic_write`).
const VAULT_FILES: &[&str] = &[
    DB_FILE,
    "vault.db-wal",
    "vault.db-shm",
    "vault.db-journal",
    SETTINGS_FILE,
    GUARD_FILE,
    GUARD_LOCK_FILE,
    SYNC_LOCK_FILE,
];

/// What a wipe did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WipeReport {
    /// Key slot files overwritten with random bytes before they were unlinked.
    pub slot_files: usize,
    /// Every file removed, slot files included.
    pub files: usize,
    /// The vault directory still exists: it holds files Waystone did not write (or links),
    /// which the wipe leaves alone (every vault file is gone all the same).
    pub kept_dir: bool,
    /// Symbolic links found where the vault keeps a file or folder, as paths relative to the
    /// vault folder (`keys.json`, `attachments/ID.bin`, `.waystone-restore-…/keys.json`):
    /// never followed, never removed. What they point to was not touched — if one pointed at
    /// the real key slots, those still exist.
    pub links: Vec<String>,
}

impl WipeReport {
    fn link(&mut self, name: String) {
        if !self.links.contains(&name) {
            self.links.push(name);
        }
    }
}

/// Destroys the vault in `dir`: key slots first (overwritten, synced, unlinked), then every
/// other vault file, then the directory if nothing foreign is left in it. A directory that
/// does not exist is `NoVault`; a vault folder that is a symbolic link is refused
/// (`Invalid`) with nothing touched. Links inside are reported, never followed; a link where
/// a key slot file belongs makes the wipe fail (`WipeIncomplete`) after every other file is
/// gone: what it points to may be the real key slots, and "wiped" would then be a lie.
pub fn wipe(dir: &Path) -> Result<WipeReport, VaultError> {
    match fs::symlink_metadata(dir) {
        Ok(md) if md.file_type().is_symlink() => {
            return Err(VaultError::Invalid(
                "the vault folder is a symbolic link; the wipe never follows links: \
                 wipe the folder it points to"
                    .into(),
            ))
        }
        Ok(md) if md.is_dir() => {}
        _ => return Err(VaultError::NoVault),
    }
    let open_err = |e| VaultError::io("opening the vault folder", e);
    let vault = match DirHandle::open_nofollow(dir) {
        Ok(h) => h,
        Err(e) if e.raw_os_error().is_some() && is_link_error(&e) => {
            return Err(VaultError::Invalid(
                "the vault folder is a symbolic link; the wipe never follows links".into(),
            ))
        }
        Err(e) => return Err(open_err(e)),
    };
    let mut report = WipeReport::default();
    // Links found where a key slot file belongs: the slots may live on behind them.
    let mut slot_links: Vec<String> = Vec::new();
    // Restore staging folders inside the vault and beside it, each with its name in reports.
    let mut staging: Vec<(String, bool, DirHandle)> = Vec::new();
    let parent = dir
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| DirHandle::open_following(p).ok());
    for (inside, holder) in [(true, Some(&vault)), (false, parent.as_ref())] {
        let Some(holder) = holder else { continue };
        for (name, kind) in holder.entries().unwrap_or_default() {
            if !name.starts_with(RESTORE_STAGING_PREFIX) {
                continue;
            }
            match kind {
                Kind::Dir => {
                    if let Ok(h) = holder.open_subdir(&name) {
                        staging.push((name, inside, h));
                    }
                }
                Kind::Link => report.link(name),
                _ => {}
            }
        }
    }
    // Step 1: every key slot file, before anything else.
    let step1 = (|| {
        for (prefix, d) in std::iter::once((None, &vault))
            .chain(staging.iter().map(|(n, _, h)| (Some(n.as_str()), h)))
        {
            for name in [SLOTS_FILE.to_owned(), format!(".{SLOTS_FILE}.tmp")] {
                match d.kind(&name)? {
                    Kind::File => {
                        let mut f = d.open_file_for_overwrite(&name)?;
                        overwrite_open_file(&mut f)?;
                        drop(f);
                        if d.unlink(&name)? {
                            report.slot_files += 1;
                            report.files += 1;
                        }
                    }
                    Kind::Link => {
                        // the vault's own slots (a staging folder's are a restore's copy,
                        // reported like any other link)
                        if prefix.is_none() {
                            slot_links.push(name.clone());
                        }
                        report.link(rel(prefix, &name));
                    }
                    _ => {}
                }
            }
            d.sync();
        }
        Ok(())
    })();
    step1.map_err(|e| VaultError::io("overwriting the key slots", e))?;
    // Step 2: the other vault files, by name, then the directories if they are empty.
    let removed = (|| {
        for (name, inside, d) in &staging {
            remove_vault_files(d, Some(name), &mut report)?;
            // a staging folder is Waystone's own: anything else in it goes too (links stay)
            remove_tree(d, name, &mut report)?;
            let holder = if *inside {
                Some(&vault)
            } else {
                parent.as_ref()
            };
            if let Some(h) = holder {
                let _ = h.rmdir(name);
            }
        }
        remove_vault_files(&vault, None, &mut report)
    })()
    .map_err(|e| VaultError::io("removing the vault files", e))?;
    drop(staging);
    let dir_removed = removed
        && parent
            .as_ref()
            .zip(dir.file_name().and_then(|n| n.to_str()))
            .is_some_and(|(p, n)| p.rmdir_if_same(n, &vault));
    drop(vault);
    report.kept_dir = !dir_removed && fs::symlink_metadata(dir).is_ok();
    if let Some(p) = &parent {
        p.sync();
    }
    if !slot_links.is_empty() {
        let names: Vec<String> = slot_links
            .iter()
            .map(|n| n.escape_debug().to_string())
            .collect();
        return Err(VaultError::WipeIncomplete(names.join(", ")));
    }
    Ok(report)
}

#[cfg(unix)]
fn is_link_error(e: &std::io::Error) -> bool {
    // O_NOFOLLOW on a link: ELOOP (Linux, BSDs) or EMLINK (some BSDs); O_DIRECTORY: ENOTDIR
    e.raw_os_error().is_some_and(|c| {
        c == rustix::io::Errno::LOOP.raw_os_error()
            || c == rustix::io::Errno::MLINK.raw_os_error()
            || c == rustix::io::Errno::NOTDIR.raw_os_error()
    })
}

#[cfg(not(unix))]
fn is_link_error(_: &std::io::Error) -> bool {
    false
}

fn rel(prefix: Option<&str>, name: &str) -> String {
    match prefix {
        Some(p) => format!("{p}/{name}"),
        None => name.to_owned(),
    }
}

/// Removes the vault files Waystone writes in `d` (slot files must be gone already), then
/// `attachments/` if nothing else is left in it. Whether `d` holds nothing of its own any
/// more (no foreign file, no link), so it can go.
fn remove_vault_files(
    d: &DirHandle,
    prefix: Option<&str>,
    report: &mut WipeReport,
) -> std::io::Result<bool> {
    for name in VAULT_FILES {
        for name in [(*name).to_owned(), format!(".{name}.tmp")] {
            match d.kind(&name)? {
                Kind::File if d.unlink(&name)? => report.files += 1,
                Kind::Link => report.link(rel(prefix, &name)),
                _ => {}
            }
        }
    }
    match d.kind(ATTACHMENTS_DIR)? {
        Kind::Dir => {
            let att = d.open_subdir(ATTACHMENTS_DIR)?;
            let here = rel(prefix, ATTACHMENTS_DIR);
            for (name, kind) in att.entries()? {
                if !is_attachment_file(&name) {
                    continue;
                }
                match kind {
                    Kind::File if att.unlink(&name)? => report.files += 1,
                    Kind::Link => report.link(format!("{here}/{name}")),
                    _ => {}
                }
            }
            att.sync();
            drop(att);
            let _ = d.rmdir(ATTACHMENTS_DIR);
        }
        Kind::Link => report.link(rel(prefix, ATTACHMENTS_DIR)),
        _ => {}
    }
    d.sync();
    Ok(d.entries()?.is_empty())
}

/// Removes everything under `d` except symbolic links (reported as `prefix/…`), never
/// following one.
fn remove_tree(d: &DirHandle, prefix: &str, report: &mut WipeReport) -> std::io::Result<()> {
    for (name, kind) in d.entries()? {
        match kind {
            Kind::Dir => {
                let sub = d.open_subdir(&name)?;
                remove_tree(&sub, &format!("{prefix}/{name}"), report)?;
                drop(sub);
                let _ = d.rmdir(&name);
            }
            Kind::Link => report.link(format!("{prefix}/{name}")),
            Kind::File | Kind::Other => {
                d.unlink(&name)?;
            }
            Kind::Missing => {}
        }
    }
    Ok(())
}

/// An encrypted attachment (`ID.bin`) or the temporary file of one being written (`.ID.tmp`).
fn is_attachment_file(name: &str) -> bool {
    name.ends_with(".bin") || (name.starts_with('.') && name.ends_with(".tmp"))
}

mod nofollow;

#[cfg(test)]
mod tests;
