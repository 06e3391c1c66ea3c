//! Key pages are locked into RAM where the OS allows; where it refuses, the CLI still works
//! and says so in one warning line on stderr.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

const WARNING: &str = "could not be locked into RAM";

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1).map(|u| u == "0"))
        .unwrap_or(false)
}

/// Runs the CLI with no memlock allowance: `prlimit --memlock=0:0`, and as root also without
/// CAP_IPC_LOCK (which would let root lock regardless of the limit).
fn run_without_memlock(v: &TestVault, args: &[&str], stdin: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("waystone");
    let mut cmd = std::process::Command::new("prlimit");
    cmd.arg("--memlock=0:0");
    if is_root() {
        cmd.args([
            "setpriv",
            "--bounding-set=-ipc_lock",
            "--inh-caps=-ipc_lock",
        ]);
    }
    cmd.arg("--")
        .arg(bin)
        .arg("--vault")
        .arg(&v.dir)
        .arg("--passphrase-stdin")
        .args(args)
        .env("WAYSTONE_KDF_TARGET_MS", "0")
        .env_remove("WAYSTONE_PASSPHRASE")
        .env_remove("WAYSTONE_NEW_PASSPHRASE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("prlimit (util-linux) runs");
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_refused_memory_lock_is_a_warning_and_everything_still_works() {
    let v = TestVault::new();
    let out = run_without_memlock(&v, &["init"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("waystone: warning:") && err.contains(WARNING),
        "{err}"
    );
    let out = run_without_memlock(&v, &["check"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains(WARNING));
    // an error still comes first, on its own line, with its own exit code
    let out = run_without_memlock(&v, &["check"], "wrong wrong wrong wrong\n");
    assert_eq!(code(&out), 2);
    let first = stderr(&out).lines().next().unwrap_or_default().to_owned();
    assert!(first.contains("wrong passphrase"), "{first}");
}

#[test]
fn with_the_usual_allowance_keys_are_locked_and_nothing_is_said() {
    // The default memlock limit (8 MiB on current Linux; root is exempt) covers a session's
    // key pages, one page each.
    let v = TestVault::new();
    v.init();
    let out = v.run(&["check"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0);
    assert!(!stderr(&out).contains(WARNING), "{}", stderr(&out));
}
