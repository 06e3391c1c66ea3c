//! Backups through the real binary: restore gives identical cases, the file holds none of the
//! case text, and every kind of damage is refused before anything is written. Invented data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

#[test]
fn backup_then_restore_gives_identical_cases_and_refuses_damage() {
    let a = TestVault::new();
    let recovery = a.init();
    assert_eq!(
        code(&a.run(
            &["demo", "--cases", "8", "--seed", "4"],
            &format!("{PASS}\n")
        )),
        0
    );
    // an attachment too, with a marker
    {
        let mut v =
            waystone::vault::Vault::unlock(&a.dir, None, &waystone::crypto::Passphrase::new(PASS))
                .unwrap();
        let id = v.list_cases(&Default::default()).unwrap()[0].id.clone();
        v.writable(&id)
            .and_then(|mut g| {
                g.add_attachment(
                    "scan.pdf",
                    "application/pdf",
                    "SYNTHETIC-MEDICAL-REPORT-MARKER-5521"
                        .repeat(100)
                        .as_bytes(),
                )
            })
            .unwrap();
    }
    let backup = a.dir.parent().unwrap().join("vault.wsbk");
    let out = a.run(
        &["backup", "--out", backup.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let bytes = std::fs::read(&backup).unwrap();

    // nothing of the cases is readable in the backup
    let mut vault =
        waystone::vault::Vault::unlock(&a.dir, None, &waystone::crypto::Passphrase::new(PASS))
            .unwrap();
    let mut texts = vec!["SYNTHETIC-MEDICAL-REPORT-MARKER-5521".to_owned()];
    for c in vault.list_cases(&Default::default()).unwrap() {
        for (_, ans) in vault
            .readable(&c.id)
            .and_then(|mut g| g.case())
            .unwrap()
            .answers
            .iter()
        {
            if let waystone::forms::Answer::Value(waystone::forms::Value::Text(t)) = ans {
                if t.len() >= 8 {
                    texts.push(t.clone());
                }
            }
        }
    }
    drop(vault);
    for t in &texts {
        for enc in encodings(t) {
            assert!(!contains(&bytes, &enc), "case text readable in the backup");
        }
    }

    // restore into an empty place, by passphrase and by recovery key
    for by_recovery in [false, true] {
        let b = TestVault::new();
        let out = if by_recovery {
            b.run(
                &["restore", backup.to_str().unwrap(), "--recovery-key"],
                &format!("{recovery}\n"),
            )
        } else {
            b.run(&["restore", backup.to_str().unwrap()], &format!("{PASS}\n"))
        };
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let ids_a = case_ids(&a);
        assert_eq!(case_ids(&b).len(), ids_a.len());
        for id in &ids_a {
            assert_eq!(
                export_case(&b, id),
                export_case(&a, id),
                "case {id} differs after restore"
            );
        }
        assert_eq!(code(&b.run(&["check"], &format!("{PASS}\n"))), 0);
        // restoring over an existing vault is refused and changes nothing
        let before = snapshot(&b.dir);
        let out = b.run(&["restore", backup.to_str().unwrap()], &format!("{PASS}\n"));
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert_eq!(snapshot(&b.dir), before);
    }

    // wrong passphrase: exit 2; damage anywhere: exit 3; the target never appears
    let c = TestVault::new();
    let out = c.run(
        &["restore", backup.to_str().unwrap()],
        "not the right passphrase\n",
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(!c.dir.exists());
    let damaged = c.dir.parent().unwrap().join("damaged.wsbk");
    for at in [
        2usize,
        40,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len() - 1,
    ] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x04;
        std::fs::write(&damaged, &bad).unwrap();
        let out = c.run(
            &["restore", damaged.to_str().unwrap()],
            &format!("{PASS}\n"),
        );
        assert!(
            matches!(code(&out), 2 | 3),
            "byte {at}: {} {}",
            code(&out),
            stderr(&out)
        );
        assert!(!c.dir.exists(), "byte {at}: something was written");
    }
    for cut in [bytes.len() - 1, bytes.len() / 2] {
        std::fs::write(&damaged, &bytes[..cut]).unwrap();
        let out = c.run(
            &["restore", damaged.to_str().unwrap()],
            &format!("{PASS}\n"),
        );
        assert_eq!(code(&out), 3, "truncated at {cut}: {}", stderr(&out));
        assert!(!c.dir.exists());
    }
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"extra");
    std::fs::write(&damaged, &longer).unwrap();
    assert_eq!(
        code(&c.run(
            &["restore", damaged.to_str().unwrap()],
            &format!("{PASS}\n")
        )),
        3
    );
    assert!(!c.dir.exists());
    // no staging directory is left behind
    let leftovers: Vec<_> = std::fs::read_dir(c.dir.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".waystone-restore")
        })
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn only_admins_write_a_backup() {
    let v = TestVault::new();
    v.init();
    assert_eq!(
        code(&v.run(
            &["demo", "--cases", "2", "--seed", "7"],
            &format!("{PASS}\n")
        )),
        0
    );
    for (user, role, pass) in [
        ("cw", "caseworker", PASS2),
        ("lev", "lawyer", PASS3),
        ("coord", "coordinator", "orchid tundra bicycle seventy"),
    ] {
        let out = v.run(
            &["--user", "ana", "user", "add", user, "--role", role],
            &format!("{PASS}\n{pass}\n"),
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let file = v.dir.parent().unwrap().join(format!("{user}.wsbk"));
        let out = v.run(
            &["--user", user, "backup", "--out", file.to_str().unwrap()],
            &format!("{pass}\n"),
        );
        assert_eq!(code(&out), 5, "{role}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert!(!file.exists(), "{role} wrote a backup");
    }
    let file = v.dir.parent().unwrap().join("admin.wsbk");
    let out = v.run(
        &["--user", "ana", "backup", "--out", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(file.exists());
}

#[test]
fn a_backup_that_would_not_restore_is_not_reported_as_written() {
    let v = TestVault::new();
    v.init();
    assert_eq!(
        code(&v.run(
            &["demo", "--cases", "1", "--seed", "8"],
            &format!("{PASS}\n")
        )),
        0
    );
    // a file in the attachments folder under a name restore refuses (as a braced attachment
    // id once made): the backup would carry it and its restore would fail
    let atts = v.dir.join("attachments");
    std::fs::create_dir_all(&atts).unwrap();
    std::fs::write(
        atts.join("{0b6f3c1e-8d2a-4f7b-9c1d-2e3f4a5b6c7d}.bin"),
        b"synthetic sealed bytes",
    )
    .unwrap();
    let file = v.dir.parent().unwrap().join("v.wsbk");
    let out = v.run(
        &["backup", "--out", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("does not read back"),
        "{}",
        stderr(&out)
    );
    assert!(!file.exists(), "a backup that would not restore was left");
    // without the stray file it is written, and it restores
    std::fs::remove_file(atts.join("{0b6f3c1e-8d2a-4f7b-9c1d-2e3f4a5b6c7d}.bin")).unwrap();
    let out = v.run(
        &["backup", "--out", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let r = TestVault::new();
    let out = r.run(&["restore", file.to_str().unwrap()], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(case_ids(&r), case_ids(&v));
}
