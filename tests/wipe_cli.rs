//! The panic wipe and the wipe after N failed unlocks, through the real `waystone` binary.
//! Every person and every string planted here is invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use waystone::crypto::{Passphrase, KDF_FLOOR};
use waystone::vault::{Role, Vault};

const CANARIES: &[&str] = &[
    "WIPE-CANARY-latin-4c1d",
    "СТЕРЕТЬ-канарейка-8e2a",
    "wipe-emoji-🕯️-5f90",
    "מחיקה-rtl-3b7c",
];
const WRONG: &str = "definitely not the passphrase";

fn guard(v: &TestVault) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(v.dir.join("unlock-guard.json")).unwrap()).unwrap()
}

/// Every encoding the suite scans for (as in vault_leaks.rs).
fn encodings(s: &str) -> Vec<Vec<u8>> {
    let utf16le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let json = serde_json::to_string(s).unwrap();
    vec![
        s.as_bytes().to_vec(),
        utf16le,
        utf16be,
        json.trim_matches('"').as_bytes().to_vec(),
    ]
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn wipe_needs_its_confirmation_flag_and_changes_nothing_without_it() {
    let v = TestVault::new();
    v.init();
    let before = snapshot(&v.dir);
    let out = v.run(&["wipe"], "");
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(stderr(&out).contains("--yes-destroy-everything"));
    assert_eq!(snapshot(&v.dir), before);
    // no vault here: exit 1, nothing created
    let empty = TestVault::new();
    let out = empty.run(&["wipe", "--yes-destroy-everything"], "");
    assert_eq!(code(&out), 1);
    assert!(!empty.dir.exists());
}

#[test]
fn wipe_overwrites_the_key_slots_then_removes_every_file_and_no_canary_survives() {
    let v = TestVault::new();
    let p = Passphrase::new(PASS);
    let (mut vault, _) = Vault::create(&v.dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
    for (i, c) in CANARIES.iter().enumerate() {
        vault
            .debug_set_private_setting(&format!("k{i}"), c)
            .unwrap();
    }
    drop(vault);
    // 40 demo cases (with their answers and history) make a vault of realistic size
    let out = v.run(
        &["demo", "--cases", "40", "--seed", "8"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // a hard link outside the vault keeps the slot file's inode: after the wipe it must hold
    // random bytes, not the slots (overwritten in place before the unlink)
    let outside = v.dir.parent().unwrap().join("slots-inode");
    let slots_before = std::fs::read(v.dir.join("keys.json")).unwrap();
    std::fs::hard_link(v.dir.join("keys.json"), &outside).unwrap();
    let files_before = files_under(&v.dir).len();
    let bytes_before: u64 = files_under(&v.dir)
        .iter()
        .map(|f| f.metadata().unwrap().len())
        .sum();

    let started = Instant::now();
    let out = v.run(&["--json", "wipe", "--yes-destroy-everything"], "");
    let took = started.elapsed();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["slot_files"], 1);
    assert_eq!(report["files"].as_u64(), Some(files_before as u64));

    assert!(!v.dir.exists(), "the vault directory is gone");
    let overwritten = std::fs::read(&outside).unwrap();
    assert_eq!(overwritten.len(), slots_before.len());
    assert_ne!(overwritten, slots_before);
    assert!(serde_json::from_slice::<serde_json::Value>(&overwritten).is_err());
    std::fs::remove_file(&outside).unwrap();
    // nothing readable is left anywhere under the vault's parent directory
    for f in files_under(v.dir.parent().unwrap()) {
        let bytes = std::fs::read(&f).unwrap();
        for c in CANARIES {
            for enc in encodings(c) {
                assert!(
                    !bytes.windows(enc.len()).any(|w| w == enc.as_slice()),
                    "a canary survived in {}",
                    f.display()
                );
            }
        }
    }
    // the figure for SECURITY.md (measured, never asserted)
    eprintln!(
        "wipe: {files_before} files, {} KiB, {} ms through the CLI",
        bytes_before / 1024,
        took.as_millis()
    );
    // and the directory can hold a new vault
    v.init();
}

#[test]
fn a_wipe_removes_only_the_vault_files_and_keeps_a_folder_holding_other_files() {
    let v = TestVault::new();
    let p = Passphrase::new(PASS);
    let (mut vault, _) = Vault::create(&v.dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
    for (i, c) in CANARIES.iter().enumerate() {
        vault
            .debug_set_private_setting(&format!("k{i}"), c)
            .unwrap();
    }
    drop(vault);
    let out = v.run(
        &["demo", "--cases", "30", "--seed", "3"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // the counter, its lock and "F2 wipes" exist too
    assert_eq!(
        code(&v.run(&["unlock-limit", "5"], &format!("{PASS}\n"))),
        0
    );
    assert_eq!(code(&v.run(&["check"], &format!("{WRONG}\n"))), 2);
    assert!(v.dir.join("unlock-guard.lock").is_file());
    // temporary copies an interrupted write left
    std::fs::write(v.dir.join(".settings.json.tmp"), b"{}").unwrap();
    std::fs::create_dir_all(v.dir.join("attachments")).unwrap();
    std::fs::write(v.dir.join("attachments").join(".0f3e.tmp"), b"x").unwrap();
    // an interrupted restore's staging folder beside the vault: a copy of its files
    let parent = v.dir.parent().unwrap();
    let staging = parent.join(".waystone-restore-0b6a");
    std::fs::create_dir_all(staging.join("attachments")).unwrap();
    for name in ["keys.json", "vault.db"] {
        std::fs::copy(v.dir.join(name), staging.join(name)).unwrap();
    }
    // the vault folder also holds someone's own files, and so does its parent
    let foreign = [
        (v.dir.join("notes.txt"), &b"shopping list"[..]),
        (v.dir.join("attachments").join("holiday.jpg"), &b"JPEG"[..]),
        (parent.join("other").join("letter.txt"), &b"dear"[..]),
    ];
    for (path, bytes) in &foreign {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    let out = v.run(&["--json", "wipe", "--yes-destroy-everything"], "");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["slot_files"], 2,
        "the vault's slots and the staged copy"
    );
    assert_eq!(report["kept_dir"], true);
    // the foreign files survive, byte for byte; nothing of the vault is left
    for (path, bytes) in &foreign {
        assert_eq!(std::fs::read(path).unwrap(), *bytes, "{}", path.display());
    }
    let mut left = files_under(&v.dir);
    left.sort();
    assert_eq!(
        left,
        [
            v.dir.join("attachments").join("holiday.jpg"),
            v.dir.join("notes.txt")
        ]
    );
    assert!(!staging.exists());
    for f in files_under(parent) {
        let bytes = std::fs::read(&f).unwrap();
        for c in CANARIES {
            for enc in encodings(c) {
                assert!(
                    !bytes.windows(enc.len()).any(|w| w == enc.as_slice()),
                    "a canary survived in {}",
                    f.display()
                );
            }
        }
    }
    // without --json the report says the folder was kept
    std::fs::remove_file(v.dir.join("notes.txt")).unwrap();
    v.init();
    let out = v.run(&["wipe", "--yes-destroy-everything"], "");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("was kept"), "{text}");
    assert_eq!(
        files_under(&v.dir),
        [v.dir.join("attachments").join("holiday.jpg")]
    );
}

#[test]
fn without_a_limit_wrong_passphrases_never_count_or_wipe() {
    let v = TestVault::new();
    v.init();
    for _ in 0..4 {
        let out = v.run(&["check"], &format!("{WRONG}\n"));
        assert_eq!(code(&out), 2);
        assert!(!stderr(&out).contains("attempt"), "{}", stderr(&out));
    }
    assert!(!v.dir.join("unlock-guard.json").exists());
    assert_eq!(code(&v.run(&["check"], &format!("{PASS}\n"))), 0);
}

#[test]
fn failed_unlocks_count_down_reset_on_success_and_the_last_one_wipes() {
    let v = TestVault::new();
    let recovery = v.init();
    // a caseworker may not set it; out-of-range limits are refused
    let out = v.run(
        &["user", "add", "cw", "--role", "caseworker"],
        &format!("{PASS}\n{PASS2}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = v.run(
        &["--user", "cw", "unlock-limit", "3"],
        &format!("{PASS2}\n"),
    );
    assert_eq!(code(&out), 5);
    for bad in ["2", "101", "many"] {
        let out = v.run(
            &["--user", "ana", "unlock-limit", bad],
            &format!("{PASS}\n"),
        );
        assert_eq!(code(&out), 6, "{bad}");
    }
    let out = v.run(
        &["--user", "ana", "unlock-limit", "3"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(guard(&v)["limit"], 3);

    // two wrong passphrases: exit 2 with the attempts left, counted on disk
    for left in [2, 1] {
        let out = v.run(&["--user", "ana", "check"], &format!("{WRONG}\n"));
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains(&format!("{left} attempt(s) left")),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(guard(&v)["failed"], 2);
    // an unknown user runs no KDF and is not counted
    let out = v.run(&["--user", "nobody", "check"], &format!("{WRONG}\n"));
    assert_eq!(code(&out), 2);
    assert_eq!(guard(&v)["failed"], 2);
    // the right passphrase (of another user) resets the count
    let out = v.run(&["--user", "cw", "check"], &format!("{PASS2}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(guard(&v)["failed"], 0);

    // a wrong recovery key counts too
    let out = v.run(
        &["--user", "ana", "recover"],
        &format!("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\n{PASS3}\n"),
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(guard(&v)["failed"], 1);
    // the right recovery key resets it (and gives ana a new passphrase)
    let out = v.run(
        &["--user", "ana", "recover"],
        &format!("{recovery}\n{PASS3}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(guard(&v)["failed"], 0);

    // three wrong in a row: the third wipes, still exit 2, and says so
    for _ in 0..2 {
        assert_eq!(
            code(&v.run(&["--user", "ana", "check"], &format!("{WRONG}\n"))),
            2
        );
    }
    let out = v.run(&["--user", "ana", "check"], &format!("{WRONG}\n"));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("wiped"), "{}", stderr(&out));
    assert!(!v.dir.exists());
}

#[test]
fn a_limit_edited_while_locked_is_put_back_and_audited_at_the_next_unlock() {
    let v = TestVault::new();
    v.init();
    let out = v.run(&["unlock-limit", "5"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // someone with the disk deletes the counter file: the limit is off until the next
    // successful unlock, which restores it from the encrypted database
    std::fs::remove_file(v.dir.join("unlock-guard.json")).unwrap();
    let out = v.run(&["check"], &format!("{WRONG}\n"));
    assert_eq!(code(&out), 2);
    assert!(!stderr(&out).contains("attempt"));
    assert_eq!(code(&v.run(&["check"], &format!("{PASS}\n"))), 0);
    assert_eq!(guard(&v)["limit"], 5);
    // an edit to "off" likewise
    std::fs::write(
        v.dir.join("unlock-guard.json"),
        br#"{"format":"waystone-unlock-guard","limit":null,"failed":0}"#,
    )
    .unwrap();
    let out = v.run(&["--json", "unlock-limit"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0);
    assert_eq!(guard(&v)["limit"], 5);
    let p = Passphrase::new(PASS);
    let vault = Vault::unlock(&v.dir, None, &p).unwrap();
    let restored = vault
        .audit_entries()
        .unwrap()
        .iter()
        .filter(|e| e.action == "unlock_limit.restored")
        .count();
    assert_eq!(restored, 2);
    drop(vault);
    // a damaged counter file is refused (exit 3), not read as "off"
    std::fs::write(v.dir.join("unlock-guard.json"), b"{ not json").unwrap();
    assert_eq!(code(&v.run(&["check"], &format!("{WRONG}\n"))), 3);
}

#[test]
fn an_attempt_killed_during_the_kdf_still_counts() {
    let v = TestVault::new();
    // a slow KDF (calibrated to ~1 s) so that the kill lands inside it
    let mut init = assert_cmd::Command::cargo_bin("waystone").unwrap();
    let out = init
        .env("WAYSTONE_KDF_TARGET_MS", "1500")
        .arg("--vault")
        .arg(&v.dir)
        .args(["--passphrase-stdin", "init"])
        .write_stdin(format!("{PASS}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        code(&v.run(&["unlock-limit", "3"], &format!("{PASS}\n"))),
        0
    );

    let bin = assert_cmd::cargo::cargo_bin("waystone");
    let mut child = std::process::Command::new(bin)
        .arg("--vault")
        .arg(&v.dir)
        .args(["--passphrase-stdin", "check"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{WRONG}").unwrap();
    }
    // kill -9 as soon as the count is on disk: the KDF has started (or is about to)
    let deadline = Instant::now() + Duration::from_secs(30);
    while guard(&v)["failed"] != 1 {
        assert!(Instant::now() < deadline, "the attempt was never counted");
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        None,
        "killed, not finished: the kill came during the KDF"
    );
    assert_eq!(guard(&v)["failed"], 1, "the killed attempt counts");
    // it counts towards the limit: two more wrong ones wipe
    let out = v.run(&["check"], &format!("{WRONG}\n"));
    assert!(
        stderr(&out).contains("1 attempt(s) left"),
        "{}",
        stderr(&out)
    );
}

// ---- The wipe never follows a link (issue 14) ----------------------------------------------
// Each test plants a symbolic link where the wipe expects a vault file or folder, pointing at
// invented "someone else's" files outside the vault. The wipe must leave those byte for byte,
// name the link in its report, and still destroy everything that is really the vault's.

#[cfg(unix)]
fn links_in(report: &serde_json::Value) -> Vec<String> {
    report["links"]
        .as_array()
        .unwrap_or_else(|| panic!("the report lists no links: {report}"))
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_symlinked_keys_json_fails_the_wipe_and_the_file_it_points_to_is_untouched() {
    let v = TestVault::new();
    v.init();
    let outside = v.dir.parent().unwrap().join("thesis-draft.txt");
    let bytes = b"chapter one: an invented thesis that is not the vault's".repeat(40);
    std::fs::write(&outside, &bytes).unwrap();
    // the vault's own slots move to a copy kept in the vault folder under another name, so
    // the test can also see that the link did not stop the rest of the wipe
    std::fs::remove_file(v.dir.join("keys.json")).unwrap();
    std::os::unix::fs::symlink(&outside, v.dir.join("keys.json")).unwrap();
    std::os::unix::fs::symlink(&outside, v.dir.join(".keys.json.tmp")).unwrap();

    // the key slots may live on behind the link: the wipe says it failed (exit 3, one line
    // naming both links), never "wiped", after removing every other vault file
    let out = v.run(&["--json", "wipe", "--yes-destroy-everything"], "");
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("NOT fully wiped"), "{err}");
    assert!(
        err.contains("keys.json") && err.contains(".keys.json.tmp"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing reported as wiped");
    assert_eq!(std::fs::read(&outside).unwrap(), bytes, "the outside file");
    // the database went all the same; the links are still links
    assert!(!v.dir.join("vault.db").exists());
    for l in ["keys.json", ".keys.json.tmp"] {
        let md = std::fs::symlink_metadata(v.dir.join(l)).unwrap();
        assert!(md.file_type().is_symlink(), "{l}");
    }
    // without --json too: the same refusal, never a "Wiped" line
    let v2 = TestVault::new();
    v2.init();
    std::fs::remove_file(v2.dir.join("keys.json")).unwrap();
    std::os::unix::fs::symlink(&outside, v2.dir.join("keys.json")).unwrap();
    let out = v2.run(&["wipe", "--yes-destroy-everything"], "");
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Wiped"));
    assert!(stderr(&out).contains("keys.json"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&outside).unwrap(), bytes);
}

#[cfg(unix)]
#[test]
fn a_symlinked_attachments_folder_is_reported_and_its_bin_files_survive() {
    let v = TestVault::new();
    v.init();
    let elsewhere = v.dir.parent().unwrap().join("photos");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let planted = [
        ("0b1e.bin", &b"someone else's binary"[..]),
        ("firmware.bin", &b"\x7fELF invented"[..]),
        (".9c2d.tmp", &b"a temp file of another program"[..]),
    ];
    for (name, bytes) in planted {
        std::fs::write(elsewhere.join(name), bytes).unwrap();
    }
    let _ = std::fs::remove_dir_all(v.dir.join("attachments"));
    std::os::unix::fs::symlink(&elsewhere, v.dir.join("attachments")).unwrap();

    let out = v.run(&["--json", "wipe", "--yes-destroy-everything"], "");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (name, bytes) in planted {
        assert_eq!(
            std::fs::read(elsewhere.join(name)).unwrap(),
            bytes,
            "{name}"
        );
    }
    assert_eq!(links_in(&report), ["attachments"]);
    assert_eq!(report["slot_files"], 1, "the real slots were destroyed");
    assert!(!v.dir.join("keys.json").exists());
    assert!(!v.dir.join("vault.db").exists());
}

#[cfg(unix)]
#[test]
fn links_to_the_database_files_and_inside_attachments_are_reported_and_never_followed() {
    let v = TestVault::new();
    v.init();
    let parent = v.dir.parent().unwrap().to_owned();
    let outside_wal = parent.join("journal.txt");
    let outside_bin = parent.join("backup.bin");
    std::fs::write(&outside_wal, b"an invented diary").unwrap();
    std::fs::write(&outside_bin, b"an invented archive").unwrap();
    std::os::unix::fs::symlink(&outside_wal, v.dir.join("vault.db-wal")).unwrap();
    std::os::unix::fs::symlink(&outside_wal, v.dir.join(".settings.json.tmp")).unwrap();
    std::fs::create_dir_all(v.dir.join("attachments")).unwrap();
    std::fs::write(v.dir.join("attachments").join("6f1c.bin"), b"ciphertext").unwrap();
    std::os::unix::fs::symlink(&outside_bin, v.dir.join("attachments").join("7a2d.bin")).unwrap();
    // a restore staging folder beside the vault holding a link where its slots would be
    let staging = parent.join(".waystone-restore-5e1f");
    std::fs::create_dir_all(&staging).unwrap();
    std::os::unix::fs::symlink(&outside_bin, staging.join("keys.json")).unwrap();

    let out = v.run(&["--json", "wipe", "--yes-destroy-everything"], "");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(std::fs::read(&outside_wal).unwrap(), b"an invented diary");
    assert_eq!(std::fs::read(&outside_bin).unwrap(), b"an invented archive");
    let mut links = links_in(&report);
    links.sort();
    assert_eq!(
        links,
        [
            ".settings.json.tmp",
            ".waystone-restore-5e1f/keys.json",
            "attachments/7a2d.bin",
            "vault.db-wal"
        ]
    );
    assert_eq!(report["slot_files"], 1);
    assert!(!v.dir.join("attachments").join("6f1c.bin").exists());
    assert!(!v.dir.join("vault.db").exists());
    assert!(!v.dir.join("keys.json").exists());
}

#[cfg(unix)]
#[test]
fn a_vault_folder_that_is_itself_a_link_is_refused_and_nothing_is_touched() {
    let v = TestVault::new();
    v.init();
    let real = v.dir.parent().unwrap().join("real-vault");
    std::fs::rename(&v.dir, &real).unwrap();
    std::os::unix::fs::symlink(&real, &v.dir).unwrap();
    let before = snapshot(&real);
    let out = v.run(&["--json", "wipe", "--yes-destroy-everything"], "");
    assert_ne!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));
    assert!(stderr(&out).contains("link"), "{}", stderr(&out));
    assert_eq!(snapshot(&real), before);
}
