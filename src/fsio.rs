//! Writing output files (exports, bundles, backups) so that a failure never leaves half a file:
//! the bytes go to a temporary file beside the target, are synced, and only then take the
//! target's name — without replacing a file that is already there. On any error the temporary
//! file is removed and the error names what failed (never the path's content).

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::vault::VaultError;

/// Writes `bytes` to the new file `path`. Refuses (`Invalid`) when `path` exists; on an I/O
/// error (disk full, permissions) nothing is left at `path` or beside it.
pub fn write_new_file(path: &Path, bytes: &[u8], what: &'static str) -> Result<(), VaultError> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| VaultError::Invalid("the output path must name a file".into()))?;
    if path.exists() {
        return Err(VaultError::Invalid(
            "the output file already exists; choose a new name".into(),
        ));
    }
    let tmp = parent.join(format!(".{name}.{}.partial", std::process::id()));
    let result: std::io::Result<()> = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        // hard_link refuses an existing target, unlike rename: a file created meanwhile stays
        fs::hard_link(&tmp, path)?;
        fs::remove_file(&tmp)?;
        if let Ok(d) = fs::File::open(parent) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(VaultError::Invalid(
                "the output file already exists; choose a new name".into(),
            ));
        }
        return Err(VaultError::io(what, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_new_file_and_refuses_to_replace_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.bin");
        write_new_file(&p, b"one", "writing the test file").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        let e = write_new_file(&p, b"two", "writing the test file").unwrap_err();
        assert!(matches!(e, VaultError::Invalid(_)));
        assert_eq!(fs::read(&p).unwrap(), b"one");
        // nothing else left in the directory
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing-dir").join("out.bin");
        assert!(write_new_file(&p, b"x", "writing the test file").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
