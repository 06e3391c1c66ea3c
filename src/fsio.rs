//! Writing output files (exports, bundles, backups) so that a failure never leaves half a file:
//! the bytes go to a temporary file beside the target, are synced, and only then take the
//! target's name — without replacing a file that is already there. On any error the temporary
//! file is removed and the error names what failed (never the path's content). Recipe, a new
//! kind of file problem the app should explain: a `FileError` variant mapped in
//! `FileError::io`, its `Code` (src/error.rs, with its exit status), the shell's `ErrorCode`,
//! and its English and Russian text in ui/src/i18n (a test walks the codes).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What went wrong with a file a person named. Each ordinary problem (a relative path, a
/// folder that is not there, a folder where a file belongs, a read-only medium, a full disk,
/// a name taken) is a variant of its own, so the app and the CLI can say what to do about it
/// instead of "something went wrong". None carries the path or the file's content: the person
/// sees the path they chose beside the message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// Not a full path: empty, or relative (it would depend on where the app was started).
    #[error("give the full path of the file, starting with / (or ~/ in the app)")]
    RelativePath,
    /// The folder that should hold a new file does not exist.
    #[error(
        "{what} failed: the folder for the new file does not exist; choose an existing folder"
    )]
    FolderMissing { what: &'static str },
    /// The file to read is not there.
    #[error("{what} failed: there is no file at that path; check the folder and the name")]
    NotFound { what: &'static str },
    /// A folder where a file was expected (to read, or as the name of a new file).
    #[error("{what} failed: that is a folder, not a file; choose a file, or name a new file inside the folder")]
    IsAFolder { what: &'static str },
    /// The medium is read-only, or this user may not read or write there.
    #[error("{what} failed: the system does not allow it there (a read-only disk or a folder this user may not use); choose another place")]
    NotAllowed { what: &'static str },
    /// No space left on the disk: nothing was left behind.
    #[error("{what} failed: the disk is full; nothing was left behind; free some space or choose another drive")]
    DiskFull { what: &'static str },
    /// A new file was asked for where a file already is: nothing is ever replaced.
    #[error("a file of that name already exists and was not replaced; choose a new name")]
    Exists,
    /// The file is larger than this kind of file may be.
    #[error("{what} failed: the file is too large for this kind of file")]
    TooLarge { what: &'static str },
    /// The path or name is not acceptable for another reason (said in the message).
    #[error("{0}")]
    Refused(&'static str),
    /// The operating system refused `what` for a reason without a variant of its own (the
    /// kind only: no path).
    #[error("{what} failed: {kind}")]
    Io {
        what: &'static str,
        kind: std::io::ErrorKind,
    },
}

impl FileError {
    /// The closed code front ends branch on (the CLI's exit status, the app's message).
    pub fn code(&self) -> crate::error::Code {
        use crate::error::Code;
        match self {
            FileError::RelativePath => Code::FileRelativePath,
            FileError::FolderMissing { .. } => Code::FileFolderMissing,
            FileError::NotFound { .. } => Code::FileNotFound,
            FileError::IsAFolder { .. } => Code::FileIsFolder,
            FileError::NotAllowed { .. } => Code::FileReadOnly,
            FileError::DiskFull { .. } => Code::FileDiskFull,
            FileError::Exists => Code::FileExists,
            FileError::TooLarge { .. } => Code::FileTooLarge,
            FileError::Refused(_) => Code::Invalid,
            FileError::Io { .. } => Code::Internal,
        }
    }

    /// The variant for an I/O error while doing `what`: each ordinary problem by its
    /// `io::ErrorKind`; any other kind stays `Io` (generic, by its kind only).
    pub fn io(what: &'static str, e: std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound | K::NotADirectory => FileError::NotFound { what },
            K::IsADirectory => FileError::IsAFolder { what },
            K::PermissionDenied | K::ReadOnlyFilesystem => FileError::NotAllowed { what },
            K::StorageFull | K::QuotaExceeded => FileError::DiskFull { what },
            K::AlreadyExists => FileError::Exists,
            K::FileTooLarge => FileError::TooLarge { what },
            kind => FileError::Io { what, kind },
        }
    }

    /// A write's I/O error: "not found" there means the folder is missing.
    fn write_io(what: &'static str, e: std::io::Error) -> Self {
        match e.kind() {
            // "not found" or "not a folder" on the way to a new file: its folder is missing
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => {
                FileError::FolderMissing { what }
            }
            _ => FileError::io(what, e),
        }
    }
}

/// Refuses a path that is not absolute. Every function here that takes a person's path
/// checks it, so the app and the CLI refuse alike (the CLI resolves a relative argument
/// against its working directory first, as command lines do).
pub fn require_absolute(path: &Path) -> Result<(), FileError> {
    if path.as_os_str().is_empty() || !path.is_absolute() {
        return Err(FileError::RelativePath);
    }
    Ok(())
}

/// What [`write_new_file`] would refuse before writing a byte: a relative path, a missing
/// folder, a folder or a file already at `path`. Front ends may call it before slow work
/// (rendering a document) so the person hears about the path first.
pub fn check_new_file(path: &Path, what: &'static str) -> Result<(), FileError> {
    require_absolute(path)?;
    if path.file_name().is_none() {
        return Err(FileError::IsAFolder { what });
    }
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(FileError::IsAFolder { what }),
        Ok(_) => return Err(FileError::Exists),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(FileError::write_io(what, e)),
    }
    let parent = path.parent().unwrap_or(Path::new("/"));
    match fs::metadata(parent) {
        Ok(meta) if meta.is_dir() => Ok(()),
        // a file where the folder should be: the folder is not there
        Ok(_) => Err(FileError::FolderMissing { what }),
        Err(e) => Err(FileError::write_io(what, e)),
    }
}

/// Writes `bytes` to the new file `path` (absolute). Refuses ([`check_new_file`]) a path
/// that is relative, names a folder or an existing file, or lies in a missing folder; on an
/// I/O error (disk full, read-only medium) nothing is left at `path` or beside it.
pub fn write_new_file(path: &Path, bytes: &[u8], what: &'static str) -> Result<(), FileError> {
    check_new_file(path, what)?;
    let parent = path.parent().unwrap_or(Path::new("/"));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or(FileError::Refused("the file name must be valid text"))?;
    let tmp = parent.join(format!(".{name}.{}.partial", std::process::id()));
    let mut created_target = false;
    let result: std::io::Result<()> = (|| {
        write_synced(&tmp, bytes)?;
        // hard_link refuses an existing target, unlike rename: a file created meanwhile stays
        match fs::hard_link(&tmp, path) {
            Ok(()) => {}
            // FAT32/exFAT (USB sticks) have no hard links: write the target itself, created
            // exclusively, and remove it again if writing fails
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::Unsupported
                ) =>
            {
                created_target = true;
                write_synced(path, bytes)?;
            }
            Err(e) => return Err(e),
        }
        fs::remove_file(&tmp)?;
        if let Ok(d) = fs::File::open(parent) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        if created_target && e.kind() != std::io::ErrorKind::AlreadyExists {
            let _ = fs::remove_file(path);
        }
        return Err(FileError::write_io(what, e));
    }
    Ok(())
}

/// Creates `path` (refusing an existing file) readable by this user only, writes `bytes` and
/// syncs them. Output files can be plaintext (a legal export names the applicant): they must
/// not be left to the umask.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// The folder for files a person takes out of the app (bundles, backups, legal exports):
/// `$WAYSTONE_OUTPUT_DIR` if set (tests), else `$HOME/Waystone`. Created on demand with mode
/// 0700 (only this user may list or read it); an existing folder is left as it is.
pub fn output_folder() -> Result<PathBuf, FileError> {
    let dir = match std::env::var_os("WAYSTONE_OUTPUT_DIR").filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => std::env::var_os("HOME")
            .filter(|v| !v.is_empty())
            .map(|h| PathBuf::from(h).join("Waystone"))
            .ok_or(FileError::Refused("no home folder to put output files in"))?,
    };
    if !dir.is_dir() {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&dir)
            .map_err(|e| FileError::io("creating the output folder", e))?;
    }
    Ok(dir)
}

/// `name` in the [`output_folder`], or the first of `stem-2.ext`, `stem-3.ext`, … that does
/// not exist yet, so a second export or backup the same day is offered a name of its own
/// instead of being refused. `name` is a bare file name (no folder, not hidden): this answers
/// for the output folder only, never for a path elsewhere.
pub fn free_output_path(name: &str) -> Result<PathBuf, FileError> {
    if name.is_empty()
        || name.len() > 200
        || name.starts_with('.')
        || name.contains(['/', '\\', '\0'])
    {
        return Err(FileError::Refused(
            "a file name for the output folder is a bare name, without a folder",
        ));
    }
    free_path_in(&output_folder()?, name)
}

/// `path` itself, or the first free `stem-2.ext`, `stem-3.ext`… beside it: the name a save
/// dialog proposes when the person's last choice is taken by now (a second export the same
/// day into a folder of their own). Absolute paths only; creates nothing.
pub fn free_path_beside(path: &Path) -> Result<PathBuf, FileError> {
    require_absolute(path)?;
    let (Some(folder), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
    else {
        return Err(FileError::IsAFolder {
            what: "proposing a file name",
        });
    };
    free_path_in(folder, name)
}

/// [`free_output_path`]'s search, in `folder`.
fn free_path_in(folder: &Path, name: &str) -> Result<PathBuf, FileError> {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => name.split_at(i),
        _ => (name, ""),
    };
    for n in 1..1000u32 {
        let candidate = if n == 1 {
            folder.join(name)
        } else {
            folder.join(format!("{stem}-{n}{ext}"))
        };
        // a dangling link is a name taken too
        if fs::symlink_metadata(&candidate).is_err() {
            return Ok(candidate);
        }
    }
    Err(FileError::Refused(
        "the folder already holds 999 files of this name; choose another name",
    ))
}

/// A path typed by a person: trimmed, `~/` expanded to the home folder, and absolute (a
/// relative path would depend on where the app was started).
pub fn user_path(text: &str) -> Result<PathBuf, FileError> {
    let text = text.trim();
    let path = match text.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(rest))
            .unwrap_or_else(|| PathBuf::from(text)),
        None => PathBuf::from(text),
    };
    if text.is_empty() {
        return Err(FileError::RelativePath);
    }
    require_absolute(&path)?;
    Ok(path)
}

/// A file found in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
    /// Last modification, RFC 3339 (empty when the system does not say).
    pub modified: String,
}

/// The regular files in `dir` whose names end with `.{ext}`, newest first. A missing folder
/// has none.
pub fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<FoundFile>, FileError> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(FileError::io("listing the output folder", e)),
    };
    let suffix = format!(".{ext}");
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !name.ends_with(&suffix) || name.starts_with('.') {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let modified = meta
            .modified()
            .ok()
            .map(|t| {
                chrono::DateTime::<chrono::Utc>::from(t)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            })
            .unwrap_or_default();
        out.push(FoundFile {
            path: entry.path(),
            name,
            size: meta.len(),
            modified,
        });
    }
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// Reads a file a person chose (a bundle, a backup, a workbook) at an absolute path,
/// refusing a folder, and anything larger than `max` bytes before reading it.
pub fn read_input_file(path: &Path, max: u64, what: &'static str) -> Result<Vec<u8>, FileError> {
    require_absolute(path)?;
    let meta = fs::metadata(path).map_err(|e| FileError::io(what, e))?;
    if meta.is_dir() {
        return Err(FileError::IsAFolder { what });
    }
    if !meta.is_file() {
        return Err(FileError::Refused("the path is not a regular file"));
    }
    if meta.len() > max {
        return Err(FileError::TooLarge { what });
    }
    fs::read(path).map_err(|e| FileError::io(what, e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_name_taken_in_the_output_folder_is_offered_with_the_next_number() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let name = "WS-AAAA-BBBB-echr-2026-12-07.docx";
        assert_eq!(free_path_in(d, name).unwrap(), d.join(name));
        fs::write(d.join(name), b"x").unwrap();
        let second = free_path_in(d, name).unwrap();
        assert_eq!(second, d.join("WS-AAAA-BBBB-echr-2026-12-07-2.docx"));
        fs::write(&second, b"x").unwrap();
        assert_eq!(
            free_path_in(d, name).unwrap(),
            d.join("WS-AAAA-BBBB-echr-2026-12-07-3.docx")
        );
        // no extension; a dangling link is a taken name
        #[cfg(unix)]
        std::os::unix::fs::symlink(d.join("gone"), d.join("notes")).unwrap();
        #[cfg(unix)]
        assert_eq!(free_path_in(d, "notes").unwrap(), d.join("notes-2"));
        for bad in ["", "../x.docx", "a/b.docx", ".hidden", "x\\y"] {
            assert!(free_output_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn writes_a_new_file_and_refuses_to_replace_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.bin");
        write_new_file(&p, b"one", "writing the test file").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        let e = write_new_file(&p, b"two", "writing the test file").unwrap_err();
        assert!(matches!(e, FileError::Exists), "{e:?}");
        assert_eq!(fs::read(&p).unwrap(), b"one");
        // nothing else left in the directory
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "only the user may read an output file");
        }
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing-dir").join("out.bin");
        assert!(write_new_file(&p, b"x", "writing the test file").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// The code a file problem carries, with the exit status the CLI gives it.
    fn code_of(r: Result<impl std::fmt::Debug, FileError>) -> (&'static str, i32) {
        let e = r.expect_err("a file problem");
        let code = e.code();
        // the message names what failed, never the path
        assert!(!e.to_string().contains("waystone-fsio-test"), "{e}");
        (code.as_str(), code.exit_status())
    }

    fn check(case: &str, got: (&'static str, i32), expected: (&'static str, i32)) {
        assert_eq!(got, expected, "{case}");
    }

    /// Each ordinary problem of a person's path, writing and reading, gets its own code. Read
    /// only and full disk are made with paths that fail for root too (CI runs as root, where
    /// file permissions refuse nothing): /sys refuses new files, /dev/full every write.
    #[test]
    fn every_ordinary_file_problem_has_a_code_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("waystone-fsio-test");
        fs::create_dir(&d).unwrap();
        fs::write(d.join("there.docx"), b"x").unwrap();
        let w = |p: &Path| write_new_file(p, b"new", "writing the test file");
        let r = |p: &Path| read_input_file(p, 10, "reading the test file");
        check(
            "relative",
            code_of(w(Path::new("out.docx"))),
            ("file_relative_path", 6),
        );
        check(
            "empty",
            code_of(w(Path::new(""))),
            ("file_relative_path", 6),
        );
        check(
            "typed relative",
            code_of(user_path("Documents/out.docx")),
            ("file_relative_path", 6),
        );
        check(
            "missing folder",
            code_of(w(&d.join("no-such-folder").join("out.docx"))),
            ("file_folder_missing", 1),
        );
        check(
            "a folder as the new file",
            code_of(w(&d)),
            ("file_is_folder", 6),
        );
        check(
            "a file there",
            code_of(w(&d.join("there.docx"))),
            ("file_exists", 6),
        );
        check(
            "a file as the folder",
            code_of(w(&d.join("there.docx").join("out.docx"))),
            ("file_folder_missing", 1),
        );
        check(
            "read-only (sysfs refuses new files, root too)",
            code_of(w(Path::new("/sys/waystone-fsio-test.docx"))),
            ("file_read_only", 1),
        );
        check(
            "read relative",
            code_of(r(Path::new("in.waystone"))),
            ("file_relative_path", 6),
        );
        check(
            "read missing",
            code_of(r(&d.join("gone.waystone"))),
            ("file_not_found", 1),
        );
        check("read a folder", code_of(r(&d)), ("file_is_folder", 6));
        fs::write(d.join("big.waystone"), [0u8; 11]).unwrap();
        check(
            "read too large",
            code_of(r(&d.join("big.waystone"))),
            ("file_too_large", 6),
        );
        // nothing was left behind by the refused writes
        let mut left: Vec<_> = fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["big.waystone", "there.docx"]);
    }

    /// A full disk: /dev/full answers every write with ENOSPC, as root too.
    #[test]
    fn a_full_disk_is_said_as_such() {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let e = f.write_all(b"x").and_then(|()| f.sync_all()).unwrap_err();
        let e = FileError::write_io("writing the test file", e);
        assert!(matches!(e, FileError::DiskFull { .. }), "{e:?}");
        assert_eq!(e.code().as_str(), "file_disk_full");
        assert!(e.to_string().contains("the disk is full"), "{e}");
        // a kind the system reports without its own variant stays generic
        let other = FileError::io("x", std::io::Error::from(std::io::ErrorKind::Interrupted));
        assert_eq!(other.code().as_str(), "internal");
    }

    #[test]
    fn a_save_dialog_is_offered_the_next_free_name_beside_any_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("report.pdf");
        assert_eq!(free_path_beside(&p).unwrap(), p);
        fs::write(&p, b"x").unwrap();
        assert_eq!(
            free_path_beside(&p).unwrap(),
            dir.path().join("report-2.pdf")
        );
        assert!(matches!(
            free_path_beside(Path::new("report.pdf")),
            Err(FileError::RelativePath)
        ));
    }

    #[test]
    fn paths_must_be_absolute_and_only_matching_files_are_listed() {
        assert!(user_path("relative/file").is_err());
        assert!(user_path("  ").is_err());
        assert_eq!(user_path(" /tmp/x ").unwrap(), PathBuf::from("/tmp/x"));
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.waystone"), b"1").unwrap();
        fs::write(dir.path().join(".hidden.waystone"), b"1").unwrap();
        fs::write(dir.path().join("b.txt"), b"1").unwrap();
        fs::create_dir(dir.path().join("c.waystone")).unwrap();
        let found = files_with_extension(dir.path(), "waystone").unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "a.waystone");
        assert!(files_with_extension(&dir.path().join("none"), "waystone")
            .unwrap()
            .is_empty());
        assert!(matches!(
            read_input_file(&dir.path().join("a.waystone"), 0, "reading"),
            Err(FileError::TooLarge { .. })
        ));
        assert_eq!(
            read_input_file(&dir.path().join("a.waystone"), 1, "reading").unwrap(),
            b"1"
        );
    }
}
