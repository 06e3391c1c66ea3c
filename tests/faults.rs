//! Faults: a full disk and failing writes during saves, legal exports, backups and bundles.
//! Each must fail with exit 1 and one clear stderr line, leave no file behind (no partial
//! output, nothing in the private `TMPDIR`), and leave the vault as it was: `check` passes and
//! the earlier answers are all there.
//!
//! Two ways of failing writes, both real kernel errors:
//! - **ENOSPC**: a small tmpfs (`mount -t tmpfs -o size=…`), filled up. Needs root with
//!   CAP_SYS_ADMIN (this machine and CI run as root); where `mount` is refused the test says so
//!   on stderr and runs the second way only.
//! - **EFBIG**: `RLIMIT_FSIZE` on the child (`prlimit --fsize`, with SIGXFSZ ignored so the
//!   write returns an error instead of killing the process) — works in any container. It
//!   hits whichever write crosses the limit first (the database's write-ahead log or the
//!   output file), so it checks the same outcome from other points of failure.
//!
//! Every person in the data is invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;

/// A size-limited tmpfs, unmounted on drop.
struct SmallFs {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl SmallFs {
    fn mount(kib: u64) -> Option<SmallFs> {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("small");
        fs::create_dir(&dir).unwrap();
        let mounted = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k,mode=0700"),
                "tmpfs",
            ])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !mounted {
            eprintln!("faults: `mount -t tmpfs` is not permitted here; ENOSPC cases not run, EFBIG cases run");
            return None;
        }
        Some(SmallFs { _tmp: tmp, dir })
    }

    /// Fills the filesystem, then frees `leave` bytes.
    fn fill(&self, leave: u64) {
        let path = self.dir.join("filler");
        let mut f = fs::File::create(&path).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while f.write_all(&chunk).is_ok() {}
        drop(f);
        let len = fs::metadata(&path).unwrap().len();
        let f = fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(len.saturating_sub(leave)).unwrap();
        f.sync_all().unwrap();
    }

    fn unfill(&self) {
        let _ = fs::remove_file(self.dir.join("filler"));
    }

    /// Every name in the filesystem except the filler.
    fn files(&self) -> Vec<String> {
        names(&self.dir)
            .into_iter()
            .filter(|n| n != "filler")
            .collect()
    }
}

impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `sh` that ignores SIGXFSZ (inherited through exec) and caps file sizes at `bytes`.
fn fsize_wrapper(bytes: u64) -> Vec<String> {
    vec![
        "sh".into(),
        "-c".into(),
        format!("trap '' XFSZ; exec prlimit --fsize={bytes}:{bytes} -- \"$@\""),
        "sh".into(),
    ]
}

/// The failure every fault must produce: exit 1, one line naming what failed.
fn assert_clear_failure(out: &std::process::Output, what: &str) {
    let err = stderr(out);
    assert_eq!(code(out), 1, "{what}: exit status; stderr: {err}");
    assert_eq!(err.lines().count(), 1, "{what}: one line: {err}");
    assert!(
        err.starts_with("waystone: ")
            && (err.contains(" failed: ") || err.contains("refused a read or write"))
            && !err.contains("damaged")
            && !err.contains("tampered"),
        "{what}: says the disk failed, not that the vault is damaged: {err}"
    );
}

fn ok(v: &TestVault, args: &[&str]) -> String {
    let out = v.run(args, &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// The answers and attachments of every case, to compare before and after a fault.
fn contents(v: &TestVault) -> Vec<(serde_json::Value, serde_json::Value)> {
    let mut all: Vec<_> = case_ids(v)
        .iter()
        .map(|id| {
            let doc: serde_json::Value = serde_json::from_str(&export_case(v, id)).unwrap();
            (doc["answers"].clone(), doc["attachments"].clone())
        })
        .collect();
    all.sort_by_key(|a| a.0.to_string());
    all
}

/// A case document with a new id and code and about `bytes` bytes of long text, spread over
/// four answers (each within the per-answer limit of the interchange).
fn big_case(template: &str, bytes: usize) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(template).unwrap();
    doc["id"] = serde_json::json!(uuid::Uuid::new_v4().to_string());
    doc["code"] = serde_json::json!("WS-FULL-DISK");
    doc["attachments"] = serde_json::json!([]);
    let line = "SYNTHETIC-FAULT-NARRATIVE выдуманный текст 0123456789. ";
    let paths = ["narrative", "aliases", "nicknames", "contact_safety"];
    let each = bytes / paths.len();
    assert!(each < waystone::cases::interchange::MAX_ANSWER_BYTES);
    for p in paths {
        doc["answers"]["answers"][p] = serde_json::json!({
            "status": "answered", "type": "text", "value": line.repeat(each / line.len() + 1)
        });
    }
    doc.to_string()
}

/// A vault with demo cases, a pinned contact, and the id of a case that exports.
fn vault_with_cases() -> (TestVault, TestVault, String) {
    let v = TestVault::new();
    v.init();
    ok(&v, &["demo", "--cases", "4", "--seed", "21"]);
    let bob = TestVault::new();
    bob.init();
    let bob_line = ok(&bob, &["key", "show"]).trim().to_owned();
    ok(&v, &["contact", "add", "bob", &bob_line]);
    let scratch = tempfile::tempdir().unwrap();
    let id = case_ids(&v)
        .into_iter()
        .find(|id| {
            let out = scratch.path().join(format!("{id}.pdf"));
            let r = v.run(
                &[
                    "export",
                    id,
                    "--profile",
                    "echr",
                    "--format",
                    "pdf",
                    "--out",
                    out.to_str().unwrap(),
                    "--accept-candidates",
                ],
                &format!("{PASS}\n"),
            );
            code(&r) == 0
        })
        .expect("a demo case with consent to legal filing");
    (v, bob, id)
}

fn output_commands(id: &str, out: &Path) -> Vec<(&'static str, Vec<String>)> {
    let out = out.to_str().unwrap().to_owned();
    vec![
        (
            "export",
            [
                "export",
                id,
                "--profile",
                "echr",
                "--format",
                "pdf",
                "--out",
                &out,
                "--accept-candidates",
            ]
            .map(String::from)
            .to_vec(),
        ),
        (
            "backup",
            ["backup", "--out", &out].map(String::from).to_vec(),
        ),
        (
            "bundle",
            ["bundle", "create", id, "--to", "bob", "--out", &out]
                .map(String::from)
                .to_vec(),
        ),
    ]
}

#[test]
fn a_full_disk_or_a_failing_write_during_export_backup_and_bundle_leaves_nothing() {
    let (v, _bob, id) = vault_with_cases();
    let before = contents(&v);
    let private_tmp = tempfile::tempdir().unwrap();
    let env = [("TMPDIR", private_tmp.path())];
    let pass = format!("{PASS}\n");
    let mut faults = 0;

    // ENOSPC: the output goes to a filesystem with 8 KiB free
    if let Some(small) = SmallFs::mount(512) {
        small.fill(8 * 1024);
        for (what, args) in output_commands(&id, &small.dir.join("out.bin")) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = v.run_with(&[], &env, &args, &pass);
            assert_clear_failure(&out, &format!("{what} on a full disk"));
            assert!(
                stderr(&out).contains("the disk is full"),
                "{what}: says the disk is full: {}",
                stderr(&out)
            );
            assert_eq!(
                small.files(),
                Vec::<String>::new(),
                "{what}: a file was left"
            );
            faults += 1;
        }
        small.unfill();
    }

    // EFBIG: no file of the process may grow past 16 KiB (output, or the vault's log)
    let outdir = tempfile::tempdir().unwrap();
    let wrapper = fsize_wrapper(16 * 1024);
    let wrapper: Vec<&str> = wrapper.iter().map(String::as_str).collect();
    for (what, args) in output_commands(&id, &outdir.path().join("out.bin")) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = v.run_with(&wrapper, &env, &args, &pass);
        assert_clear_failure(&out, &format!("{what} with a failing write"));
        assert_eq!(
            names(outdir.path()),
            Vec::<String>::new(),
            "{what}: a file was left"
        );
        eprintln!("faults: {what} under RLIMIT_FSIZE: {}", stderr(&out).trim());
        faults += 1;
    }

    assert_eq!(names(private_tmp.path()), Vec::<String>::new(), "TMPDIR");
    ok(&v, &["check"]);
    assert_eq!(contents(&v), before, "the cases changed");
    // and the same commands work once there is room
    for (what, args) in output_commands(&id, &outdir.path().join("ok.bin")) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(code(&v.run(&args, &pass)), 0, "{what} after the faults");
        fs::remove_file(outdir.path().join("ok.bin")).unwrap();
    }
    eprintln!("faults: {faults} failed output writes, none left a file");
}

#[test]
fn a_full_disk_or_a_failing_write_during_saves_keeps_the_previous_state() {
    let pass = format!("{PASS}\n");
    let mut faults = 0;

    // ENOSPC: the vault itself lives on a small filesystem
    if let Some(small) = SmallFs::mount(4 * 1024) {
        let v = TestVault::at(small.dir.join("vault"));
        v.init();
        ok(&v, &["demo", "--cases", "2", "--seed", "3"]);
        let before = contents(&v);
        let template = export_case(&v, &case_ids(&v)[0]);
        let case_file = tempfile::NamedTempFile::new().unwrap();
        fs::write(case_file.path(), big_case(&template, 1 << 20)).unwrap();
        small.fill(64 * 1024);
        let out = v.run(
            &["case", "import", case_file.path().to_str().unwrap()],
            &pass,
        );
        assert_clear_failure(&out, "case import on a full disk");
        faults += 1;

        // the autosave path: an unlocked vault whose disk fills up
        small.unfill();
        {
            use waystone::forms::{Answer, Value};
            let mut vault = waystone::vault::Vault::unlock(
                &v.dir,
                None,
                &waystone::crypto::Passphrase::new(PASS),
            )
            .unwrap();
            let id = case_ids_of(&vault)[0].clone();
            small.fill(16 * 1024);
            // ~950 KB: within the per-answer limit, far beyond the 16 KiB left
            let big = "SYNTHETIC-AUTOSAVE-ON-A-FULL-DISK ".repeat(28_000);
            let path = "narrative".parse().unwrap();
            let r = vault
                .writable(&id)
                .and_then(|mut g| g.save_answer(&path, Some(Answer::Value(Value::Text(big)))));
            assert!(r.is_err(), "a save on a full disk must fail");
            // said as a full disk (issue 18), still exit status 1
            let code = r.unwrap_err().code();
            assert_eq!(code, waystone::Code::FileDiskFull);
            assert_eq!(code.exit_status(), 1);
            faults += 1;
        }
        small.unfill();
        ok(&v, &["check"]);
        assert_eq!(
            contents(&v),
            before,
            "the cases changed after a failed save"
        );
    }

    // EFBIG: the database's write-ahead log may not grow past 256 KiB
    let v = TestVault::new();
    v.init();
    ok(&v, &["demo", "--cases", "2", "--seed", "3"]);
    let before = contents(&v);
    let template = export_case(&v, &case_ids(&v)[0]);
    let case_file = tempfile::NamedTempFile::new().unwrap();
    fs::write(case_file.path(), big_case(&template, 1 << 20)).unwrap();
    let wrapper = fsize_wrapper(256 * 1024);
    let wrapper: Vec<&str> = wrapper.iter().map(String::as_str).collect();
    let out = v.run_with(
        &wrapper,
        &[],
        &["case", "import", case_file.path().to_str().unwrap()],
        &pass,
    );
    assert_clear_failure(&out, "case import with a failing write");
    eprintln!("faults: import under RLIMIT_FSIZE: {}", stderr(&out).trim());
    faults += 1;
    ok(&v, &["check"]);
    assert_eq!(
        contents(&v),
        before,
        "the cases changed after a failed import"
    );
    // with room, the same import works
    ok(&v, &["case", "import", case_file.path().to_str().unwrap()]);
    assert_eq!(case_ids(&v).len(), 3);
    eprintln!("faults: {faults} failed saves, the previous state intact each time");
}

fn case_ids_of(vault: &waystone::vault::Vault) -> Vec<String> {
    vault
        .list_cases(&Default::default())
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect()
}
