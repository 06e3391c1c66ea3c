//! The foundation's bar, through the real `waystone` binary: init, check, wrong passphrase,
//! weak or tampered key slots, a damaged database, users and recovery.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

#[test]
fn init_then_check_right_and_wrong_passphrase() {
    let v = TestVault::new();
    v.init();
    let before = snapshot(&v.dir);
    let out = v.run(&["check"], "not the passphrase at all\n");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(
        stderr(&out).lines().count(),
        1,
        "one clear line: {}",
        stderr(&out)
    );
    assert_eq!(
        snapshot(&v.dir),
        before,
        "a failed unlock must not touch any file"
    );
    let out = v.run(&["check"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn unknown_user_is_an_auth_failure() {
    let v = TestVault::new();
    v.init();
    let out = v.run(&["--user", "nobody", "check"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 2);
}

#[test]
fn init_refuses_an_existing_vault_and_a_weak_passphrase() {
    let v = TestVault::new();
    v.init();
    let before = snapshot(&v.dir);
    let out = v.run(&["init"], &format!("{PASS2}\n"));
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(snapshot(&v.dir), before);

    let w = TestVault::new();
    let out = w.run(&["init"], "password1234\n");
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(!w.dir.join("keys.json").exists());
}

#[test]
fn no_file_is_a_plain_sqlite_database() {
    let v = TestVault::new();
    v.init();
    for (path, bytes) in snapshot(&v.dir) {
        assert!(
            !bytes.starts_with(b"SQLite format 3\0"),
            "{} is plaintext SQLite",
            path.display()
        );
    }
}

#[test]
fn kdf_below_the_floor_is_refused_before_unwrap() {
    let v = TestVault::new();
    v.init();
    let mut keys = v.keys_json();
    keys["slots"][0]["kdf"]["m_kib"] = serde_json::json!(8 * 1024);
    v.write_keys_json(&keys);
    let before = snapshot(&v.dir);
    let out = v.run(&["check"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("below the safe floor"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&v.dir), before);
}

#[test]
fn a_flipped_byte_in_a_slot_is_tampering() {
    for field in ["wrapped_key", "nonce", "role", "user", "salt", "kek_check"] {
        let v = TestVault::new();
        v.init();
        let mut keys = v.keys_json();
        let slot = &mut keys["slots"][0];
        let target = if field == "salt" {
            &mut slot["kdf"]["salt"]
        } else {
            &mut slot[field]
        };
        let s = target.as_str().unwrap().to_owned();
        let mut bytes = s.into_bytes();
        // flip one character to another valid one of the same alphabet
        bytes[2] = if bytes[2] == b'A' { b'B' } else { b'A' };
        *target = serde_json::json!(String::from_utf8(bytes).unwrap());
        v.write_keys_json(&keys);
        let out = v.run(&["check"], &format!("{PASS}\n"));
        assert_eq!(code(&out), 3, "{field}: {}", stderr(&out));
    }
}

/// A vault with a few users, so the database has more than its first pages.
fn grown_vault() -> TestVault {
    let v = TestVault::new();
    v.init();
    for i in 0..3 {
        let out = v.run(
            &[
                "--user",
                "ana",
                "user",
                "add",
                &format!("user{i}"),
                "--role",
                "caseworker",
            ],
            &format!("{PASS}\n{PASS2}\n"),
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    v
}

#[test]
fn a_damaged_database_is_reported_and_never_replaced() {
    let len = std::fs::metadata(grown_vault().dir.join("vault.db"))
        .unwrap()
        .len() as usize;
    assert!(len >= 4 * 4096, "database of {len} bytes");
    // the first page (header and schema), a middle page, the last page
    for offset in [100usize, len / 2, len - 100] {
        let v = grown_vault();
        let db = v.dir.join("vault.db");
        let mut bytes = std::fs::read(&db).unwrap();
        for b in &mut bytes[offset..offset + 16] {
            *b ^= 0x5a;
        }
        std::fs::write(&db, &bytes).unwrap();
        let out = v.run(&["--user", "ana", "check"], &format!("{PASS}\n"));
        assert_eq!(code(&out), 3, "offset {offset}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert_eq!(
            std::fs::read(&db).unwrap(),
            bytes,
            "the damaged file must be left as it was"
        );
    }
}

#[test]
fn missing_database_is_damage_not_a_fresh_vault() {
    let v = TestVault::new();
    v.init();
    std::fs::remove_file(v.dir.join("vault.db")).unwrap();
    let out = v.run(&["check"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        !v.dir.join("vault.db").exists(),
        "no fresh database may be created"
    );
}

#[test]
fn users_roles_passphrase_change_and_recovery() {
    let v = TestVault::new();
    let recovery = v.init();
    // admin adds a lawyer
    let out = v.run(
        &["user", "add", "lev", "--role", "lawyer"],
        &format!("{PASS}\n{PASS2}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = v.run(&["user", "list", "--json"], "");
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        listed.contains(r#"{"name":"ana","role":"admin"}"#)
            && listed.contains(r#"{"name":"lev","role":"lawyer"}"#),
        "{listed}"
    );
    // several users: --user is required
    let out = v.run(&["check"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    // a lawyer may not add users: exit 5
    let out = v.run(
        &["--user", "lev", "user", "add", "x", "--role", "admin"],
        &format!("{PASS2}\n{PASS3}\n"),
    );
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    // the lawyer changes their own passphrase: old fails, new works
    let out = v.run(
        &["--user", "lev", "user", "passwd"],
        &format!("{PASS2}\n{PASS3}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        code(&v.run(&["--user", "lev", "check"], &format!("{PASS2}\n"))),
        2
    );
    assert_eq!(
        code(&v.run(&["--user", "lev", "check"], &format!("{PASS3}\n"))),
        0
    );
    // the last admin cannot be removed; the lawyer can be
    assert_eq!(
        code(&v.run(
            &["--user", "ana", "user", "remove", "ana"],
            &format!("{PASS}\n")
        )),
        5
    );
    assert_eq!(
        code(&v.run(
            &["--user", "ana", "user", "remove", "lev"],
            &format!("{PASS}\n")
        )),
        0
    );
    assert_eq!(
        code(&v.run(&["--user", "lev", "check"], &format!("{PASS3}\n"))),
        2
    );
    // recovery: a wrong key fails, the right one (typed loosely) sets a new passphrase
    let out = v.run(
        &["--user", "ana", "recover"],
        &format!("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\n{PASS2}\n"),
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let typed = recovery.to_lowercase().replace('-', " ");
    let out = v.run(
        &["--user", "ana", "recover"],
        &format!("{typed}\n{PASS2}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        code(&v.run(&["--user", "ana", "check"], &format!("{PASS}\n"))),
        2
    );
    assert_eq!(
        code(&v.run(&["--user", "ana", "check"], &format!("{PASS2}\n"))),
        0
    );
}

#[test]
fn nfc_and_nfd_passphrases_unlock_the_same_slot() {
    let v = TestVault::new();
    let composed = "й ветер тихо река сорок семь";
    let out = v.run(&["init"], &format!("{composed}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let decomposed = composed.replace('й', "и\u{0306}");
    assert_eq!(code(&v.run(&["check"], &format!("{decomposed}\n"))), 0);
}
