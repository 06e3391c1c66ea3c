//! Writing output files (exports, bundles, backups) so that a failure never leaves half a file:
//! the bytes go to a temporary file beside the target, are synced, and only then take the
//! target's name — without replacing a file that is already there. On any error the temporary
//! file is removed and the error names what failed (never the path's content).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What went wrong with a file a person named: never the path or the file's content.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// The path or the file is not acceptable (exists already, not absolute, too large…).
    #[error("{0}")]
    Refused(&'static str),
    /// The operating system refused `what` (the kind only: no path).
    #[error("{what} failed: {kind}")]
    Io {
        what: &'static str,
        kind: std::io::ErrorKind,
    },
}

impl FileError {
    fn io(what: &'static str, e: std::io::Error) -> Self {
        FileError::Io {
            what,
            kind: e.kind(),
        }
    }
}

/// Writes `bytes` to the new file `path`. Refuses (`Invalid`) when `path` exists; on an I/O
/// error (disk full, permissions) nothing is left at `path` or beside it.
pub fn write_new_file(path: &Path, bytes: &[u8], what: &'static str) -> Result<(), FileError> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or(FileError::Refused("the output path must name a file"))?;
    if path.exists() {
        return Err(FileError::Refused(
            "the output file already exists; choose a new name",
        ));
    }
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
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(FileError::Refused(
                "the output file already exists; choose a new name",
            ));
        }
        return Err(FileError::io(what, e));
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
        "the output folder already holds 999 files of this name",
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
    if text.is_empty() || !path.is_absolute() {
        return Err(FileError::Refused(
            "give the full path of the file, starting with / or ~/",
        ));
    }
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

/// Reads a file a person chose (a bundle, a backup), refusing anything larger than `max`
/// bytes before reading it.
pub fn read_input_file(path: &Path, max: u64, what: &'static str) -> Result<Vec<u8>, FileError> {
    let meta = fs::metadata(path).map_err(|e| FileError::io(what, e))?;
    if !meta.is_file() {
        return Err(FileError::Refused("the path is not a file"));
    }
    if meta.len() > max {
        return Err(FileError::Refused("the file is too large"));
    }
    fs::read(path).map_err(|e| FileError::io(what, e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
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
        assert!(matches!(e, FileError::Refused(_)));
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
        assert!(read_input_file(&dir.path().join("a.waystone"), 0, "reading").is_err());
        assert_eq!(
            read_input_file(&dir.path().join("a.waystone"), 1, "reading").unwrap(),
            b"1"
        );
    }
}
