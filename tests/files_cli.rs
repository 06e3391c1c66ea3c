//! File problems through the real CLI (issue 18): each ordinary problem of an `--out` or FILE
//! path — a folder that is not there, a folder instead of a file, a file already there, a
//! read-only place, a missing file to read — has its own one-line message (naming no path)
//! and the exit status of ../shared/CLI.md, never a generic "failed: …" line. A relative
//! path is resolved against the working directory, as command lines read paths; the core
//! itself refuses a relative one (src/fsio.rs tests). Invented data only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

/// `waystone --vault DIR --passphrase-stdin ARGS` run in `cwd`.
fn run_in(v: &TestVault, cwd: &Path, args: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("waystone").unwrap();
    cmd.current_dir(cwd)
        .env("WAYSTONE_KDF_TARGET_MS", "0")
        .env_remove("WAYSTONE_PASSPHRASE")
        .env_remove("WAYSTONE_NEW_PASSPHRASE")
        .arg("--vault")
        .arg(&v.dir)
        .arg("--passphrase-stdin")
        .args(args)
        .write_stdin(format!("{PASS}\n"));
    cmd.output().unwrap()
}

/// The exit status and the one line said, checked to name no path of the test.
fn said(out: &Output, base: &Path) -> (i32, String) {
    let err = stderr(out);
    assert!(
        !err.contains(base.to_str().unwrap()) && !err.contains("files-cli"),
        "the message names a path: {err}"
    );
    (code(out), err)
}

#[test]
fn each_ordinary_file_problem_has_its_own_message_and_exit_status() {
    let v = TestVault::new();
    v.init();
    let out = v.run(
        &["demo", "--cases", "1", "--seed", "3"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let base = v.dir.parent().unwrap().join("files-cli");
    std::fs::create_dir(&base).unwrap();

    // a relative --out is the working directory's: scripts keep working
    let out = run_in(&v, &base, &["backup", "--out", "first.wsbk"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read(base.join("first.wsbk")).unwrap();

    let cases: [(&str, Vec<String>, i32, &str); 5] = [
        (
            "a file already there is never replaced",
            vec!["backup".into(), "--out".into(), "first.wsbk".into()],
            6,
            "already exists and was not replaced",
        ),
        (
            "a folder that is not there",
            vec![
                "backup".into(),
                "--out".into(),
                "no-such-folder/b.wsbk".into(),
            ],
            1,
            "the folder for the new file does not exist",
        ),
        (
            "a folder instead of a file",
            vec!["backup".into(), "--out".into(), ".".into()],
            6,
            "that is a folder, not a file",
        ),
        (
            "a read-only place (sysfs refuses new files, root too)",
            vec![
                "backup".into(),
                "--out".into(),
                "/sys/waystone-cli-test.wsbk".into(),
            ],
            1,
            "the system does not allow it there",
        ),
        (
            "a bundle that is not there",
            vec!["bundle".into(), "open".into(), "gone.waystone".into()],
            1,
            "there is no file at that path",
        ),
    ];
    for (case, args, status, words) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (got, err) = said(&run_in(&v, &base, &args), &base);
        assert_eq!(got, status, "{case}: {err}");
        assert!(err.contains(words), "{case}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{case}: one line: {err}");
    }
    // a backup to restore that is not there: said as such, not as damage (an empty vault
    // folder, as restore needs)
    let empty = TestVault::new();
    let (got, err) = said(&run_in(&empty, &base, &["restore", "gone.wsbk"]), &base);
    assert_eq!(got, 1, "{err}");
    assert!(err.contains("there is no file at that path"), "{err}");
    assert!(!empty.dir.exists(), "nothing restored");

    // nothing was replaced or left behind
    assert_eq!(std::fs::read(base.join("first.wsbk")).unwrap(), written);
    let names: Vec<String> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["first.wsbk"]);
}
