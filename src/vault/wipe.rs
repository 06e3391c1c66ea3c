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
use std::io::Write;
use std::path::Path;

use super::backup::RESTORE_STAGING_PREFIX;
use super::guard::{GUARD_FILE, GUARD_LOCK_FILE};
use super::settings::SETTINGS_FILE;
use super::slots::SLOTS_FILE;
use super::{VaultError, ATTACHMENTS_DIR, DB_FILE};
use nofollow::{DirHandle, Kind};

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

/// Directory handles that never follow a link: the wipe reaches every file through one.
#[cfg(unix)]
mod nofollow {
    use std::io;
    use std::os::fd::OwnedFd;
    use std::path::Path;

    use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags, Stat, CWD};

    /// What is at a name inside a directory, seen without following a link.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Kind {
        Missing,
        File,
        Dir,
        Link,
        /// A FIFO, socket or device: never Waystone's, never opened.
        Other,
    }

    fn kind_of(st: &Stat) -> Kind {
        match FileType::from_raw_mode(st.st_mode) {
            FileType::RegularFile => Kind::File,
            FileType::Directory => Kind::Dir,
            FileType::Symlink => Kind::Link,
            _ => Kind::Other,
        }
    }

    fn same(a: &Stat, b: &Stat) -> bool {
        a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    fn changed() -> io::Error {
        io::Error::other("a vault file changed while the wipe was looking at it")
    }

    const DIR_FLAGS: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::NOFOLLOW)
        .union(OFlags::CLOEXEC);

    /// An open directory; every name is resolved relative to it.
    pub struct DirHandle {
        fd: OwnedFd,
    }

    impl DirHandle {
        /// Opens `path` as a directory without following a link in its last component, and
        /// checks it is the directory `lstat` saw (same device and inode).
        pub fn open_nofollow(path: &Path) -> io::Result<Self> {
            let seen = rustix::fs::lstat(path)?;
            let fd = rustix::fs::openat(CWD, path, DIR_FLAGS, Mode::empty())?;
            if !same(&seen, &rustix::fs::fstat(&fd)?) {
                return Err(changed());
            }
            Ok(DirHandle { fd })
        }

        /// Opens `path` as a directory, following links (the folder that holds the vault is
        /// the user's own path: links above the vault folder are theirs to have).
        pub fn open_following(path: &Path) -> io::Result<Self> {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(CWD, path, flags, Mode::empty())?;
            Ok(DirHandle { fd })
        }

        fn stat(&self, name: &str) -> io::Result<Option<Stat>> {
            match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(st) => Ok(Some(st)),
                Err(rustix::io::Errno::NOENT) => Ok(None),
                Err(e) => Err(e.into()),
            }
        }

        pub fn kind(&self, name: &str) -> io::Result<Kind> {
            Ok(self.stat(name)?.as_ref().map_or(Kind::Missing, kind_of))
        }

        /// Opens the directory `name` inside this one without following a link, checking it
        /// is the one `lstat` saw.
        pub fn open_subdir(&self, name: &str) -> io::Result<Self> {
            let seen = self.stat(name)?.ok_or_else(changed)?;
            let fd = rustix::fs::openat(&self.fd, name, DIR_FLAGS, Mode::empty())?;
            if kind_of(&seen) != Kind::Dir || !same(&seen, &rustix::fs::fstat(&fd)?) {
                return Err(changed());
            }
            Ok(DirHandle { fd })
        }

        /// Opens the regular file `name` for writing without following a link (and without
        /// blocking on a FIFO), checking it is the file `lstat` saw.
        pub fn open_file_for_overwrite(&self, name: &str) -> io::Result<std::fs::File> {
            let seen = self.stat(name)?.ok_or_else(changed)?;
            let flags = OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
            let fd = rustix::fs::openat(&self.fd, name, flags, Mode::empty())?;
            let opened = rustix::fs::fstat(&fd)?;
            if kind_of(&opened) != Kind::File || !same(&seen, &opened) {
                return Err(changed());
            }
            Ok(std::fs::File::from(fd))
        }

        /// Unlinks `name` (never follows: a link would be removed itself, but callers never
        /// pass one). Whether something was removed.
        pub fn unlink(&self, name: &str) -> io::Result<bool> {
            match rustix::fs::unlinkat(&self.fd, name, AtFlags::empty()) {
                Ok(()) => Ok(true),
                Err(rustix::io::Errno::NOENT) => Ok(false),
                Err(e) => Err(e.into()),
            }
        }

        /// Removes the empty directory `name`; refused (false) if anything is left in it.
        pub fn rmdir(&self, name: &str) -> bool {
            rustix::fs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR).is_ok()
        }

        /// Removes the empty directory `name` only if it is still the directory `other` has
        /// open.
        pub fn rmdir_if_same(&self, name: &str, other: &DirHandle) -> bool {
            let (Ok(Some(here)), Ok(theirs)) = (self.stat(name), rustix::fs::fstat(&other.fd))
            else {
                return false;
            };
            same(&here, &theirs) && self.rmdir(name)
        }

        /// Every name in the directory (`.` and `..` left out) with what it is, links not
        /// followed. Names that are not UTF-8 are never Waystone's and are counted as foreign.
        pub fn entries(&self) -> io::Result<Vec<(String, Kind)>> {
            let mut out = Vec::new();
            for entry in Dir::read_from(&self.fd)? {
                let entry = entry?;
                let raw = entry.file_name().to_bytes();
                if raw == b"." || raw == b".." {
                    continue;
                }
                let Ok(name) = std::str::from_utf8(raw) else {
                    out.push((String::new(), Kind::Other));
                    continue;
                };
                let kind = self.kind(name)?;
                out.push((name.to_owned(), kind));
            }
            Ok(out)
        }

        pub fn sync(&self) {
            let _ = rustix::fs::fsync(&self.fd);
        }
    }
}

/// Without `openat`: the same rules through `symlink_metadata` checks on paths (a race with
/// someone swapping a file for a link between the check and the use is not closed here).
#[cfg(not(unix))]
mod nofollow {
    use std::fs;
    use std::io;
    use std::path::{Path, PathBuf};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Kind {
        Missing,
        File,
        Dir,
        Link,
        Other,
    }

    pub struct DirHandle {
        path: PathBuf,
    }

    fn changed() -> io::Error {
        io::Error::other("a vault file changed while the wipe was looking at it")
    }

    fn kind_at(path: &Path) -> io::Result<Kind> {
        match fs::symlink_metadata(path) {
            Ok(md) if md.file_type().is_symlink() => Ok(Kind::Link),
            Ok(md) if md.is_dir() => Ok(Kind::Dir),
            Ok(md) if md.is_file() => Ok(Kind::File),
            Ok(_) => Ok(Kind::Other),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Kind::Missing),
            Err(e) => Err(e),
        }
    }

    impl DirHandle {
        pub fn open_nofollow(path: &Path) -> io::Result<Self> {
            if kind_at(path)? != Kind::Dir {
                return Err(changed());
            }
            Ok(DirHandle {
                path: path.to_owned(),
            })
        }

        pub fn open_following(path: &Path) -> io::Result<Self> {
            if !path.is_dir() {
                return Err(changed());
            }
            Ok(DirHandle {
                path: path.to_owned(),
            })
        }

        pub fn kind(&self, name: &str) -> io::Result<Kind> {
            kind_at(&self.path.join(name))
        }

        pub fn open_subdir(&self, name: &str) -> io::Result<Self> {
            DirHandle::open_nofollow(&self.path.join(name))
        }

        pub fn open_file_for_overwrite(&self, name: &str) -> io::Result<fs::File> {
            let path = self.path.join(name);
            if kind_at(&path)? != Kind::File {
                return Err(changed());
            }
            fs::OpenOptions::new().write(true).open(path)
        }

        pub fn unlink(&self, name: &str) -> io::Result<bool> {
            match fs::remove_file(self.path.join(name)) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(e),
            }
        }

        pub fn rmdir(&self, name: &str) -> bool {
            let path = self.path.join(name);
            kind_at(&path).is_ok_and(|k| k == Kind::Dir) && fs::remove_dir(path).is_ok()
        }

        pub fn rmdir_if_same(&self, name: &str, other: &DirHandle) -> bool {
            let _ = name;
            kind_at(&other.path).is_ok_and(|k| k == Kind::Dir)
                && fs::remove_dir(&other.path).is_ok()
        }

        pub fn entries(&self) -> io::Result<Vec<(String, Kind)>> {
            let mut out = Vec::new();
            for entry in fs::read_dir(&self.path)? {
                let entry = entry?;
                let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                    out.push((String::new(), Kind::Other));
                    continue;
                };
                let kind = kind_at(&entry.path())?;
                out.push((name, kind));
            }
            Ok(out)
        }

        pub fn sync(&self) {}
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
