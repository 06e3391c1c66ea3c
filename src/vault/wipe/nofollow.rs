//! Opening and removing a vault's entries without ever following a symbolic link (the
//! wipe's file-system layer): `openat`/`unlinkat` with `O_NOFOLLOW` on Unix, checked
//! metadata elsewhere.

/// Directory handles that never follow a link: the wipe reaches every file through one.
#[cfg(unix)]
mod imp {
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
mod imp {
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

pub(super) use imp::*;
