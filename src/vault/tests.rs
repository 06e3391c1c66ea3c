#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The vault's own tests: a newer vault refused untouched, a changed or swapped key slot
//! refused, an interrupted passphrase change, and a tampered audit chain named.
use std::fs;
use std::path::PathBuf;

use rusqlite::params;

use super::slots::{SlotFile, SlotKind};
use super::*;
use crate::audit;
use crate::crypto::Passphrase;
use crate::crypto::KDF_FLOOR;

const PASS: &str = "lantern quietly orbit seventeen";

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("v");
    (t, d)
}

#[test]
fn a_vault_from_a_newer_version_is_refused_and_untouched() {
    let (_t, dir) = fresh();
    let p = Passphrase::new(PASS);
    let (v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
    v.conn.execute_batch("PRAGMA user_version = 999;").unwrap();
    drop(v);
    let before = fs::read(dir.join(DB_FILE)).unwrap();
    assert!(matches!(
        Vault::unlock(&dir, None, &p),
        Err(VaultError::NewerVersion)
    ));
    assert_eq!(fs::read(dir.join(DB_FILE)).unwrap(), before);
}

#[test]
fn a_wrapped_key_changed_with_a_recomputed_checksum_fails_authentication_not_as_wrong_passphrase() {
    let (_t, dir) = fresh();
    let p = Passphrase::new(PASS);
    let (v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
    drop(v);
    let mut file = SlotFile::load(&dir).unwrap();
    // an attacker who recomputes the checksum: flip a wrapped-key byte, then the role
    for change in 0..2 {
        let mut f = file.clone();
        let slot = &mut f.slots[0];
        if change == 0 {
            use base64::Engine;
            let b64 = base64::engine::general_purpose::STANDARD;
            let mut ct = b64.decode(&slot.wrapped_key).unwrap();
            ct[3] ^= 1;
            slot.wrapped_key = b64.encode(ct);
        } else {
            slot.role = Some(Role::Coordinator);
        }
        slot.checksum = slots::tests_support::checksum(slot);
        assert!(
            matches!(f.unwrap(&f.slots[0], &p), Err(VaultError::Tampered(_))),
            "change {change}"
        );
    }
    // the untouched slot still unwraps, and a wrong passphrase is an auth failure
    assert!(file.unwrap(&file.slots[0], &p).is_ok());
    assert!(matches!(
        file.unwrap(&file.slots[0], &Passphrase::new("wrong")),
        Err(VaultError::AuthFailed)
    ));
    file.slots.clear();
}

#[test]
fn slot_files_swapped_between_vaults_are_refused() {
    let (_t, a) = fresh();
    let (_u, b) = fresh();
    let p = Passphrase::new(PASS);
    drop(Vault::create(&a, "ana", Role::Admin, &p, KDF_FLOOR).unwrap());
    drop(Vault::create(&b, "ana", Role::Admin, &p, KDF_FLOOR).unwrap());
    fs::copy(b.join(slots::SLOTS_FILE), a.join(slots::SLOTS_FILE)).unwrap();
    assert!(matches!(
        Vault::unlock(&a, None, &p),
        Err(VaultError::Corrupt(_) | VaultError::Tampered(_))
    ));
}

#[test]
fn an_interrupted_passphrase_change_leaves_a_working_passphrase() {
    let (_t, dir) = fresh();
    let p = Passphrase::new(PASS);
    let new = Passphrase::new("marble seventy harbor quietly");
    let (v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
    // simulate a crash after step 1 by storing the two-slot state by hand
    let slot = v
        .slots
        .make_slot(
            SlotKind::Passphrase,
            Some("ana"),
            Some(Role::Admin),
            &new,
            KDF_FLOOR,
            &v.vmk,
        )
        .unwrap();
    let mut both = v.slots.clone();
    both.slots.insert(0, slot);
    both.store(&dir).unwrap();
    drop(v);
    let file = SlotFile::load(&dir).unwrap();
    let user_slots: Vec<_> = file
        .slots
        .iter()
        .filter(|s| s.user.as_deref() == Some("ana"))
        .collect();
    assert_eq!(user_slots.len(), 2);
    assert!(user_slots.iter().any(|s| file.unwrap(s, &p).is_ok()));
    assert!(user_slots.iter().any(|s| file.unwrap(s, &new).is_ok()));
    // after completing the change only the new one works
    let mut v = Vault::unlock(&dir, None, &new).unwrap();
    v.change_passphrase("ana", &Passphrase::new("copper meadow whistle ninety"))
        .unwrap();
    drop(v);
    assert!(matches!(
        Vault::unlock(&dir, None, &p),
        Err(VaultError::AuthFailed)
    ));
}

#[test]
fn deleting_reordering_or_editing_an_audit_entry_is_named() {
    let (_t, dir) = fresh();
    let p = Passphrase::new(PASS);
    let (mut v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
    for i in 0..6 {
        v.audit("test.entry", &format!("s{i}")).unwrap();
    }
    assert_eq!(v.verify_audit().unwrap(), 7);
    let snapshot: Vec<audit::Entry> = v.audit_entries().unwrap();
    let restore = |v: &Vault| {
        v.conn.execute("DELETE FROM audit_log", []).unwrap();
        for e in &snapshot {
            v.conn
                .execute(
                    "INSERT INTO audit_log(seq, at, actor, action, subject, prev_mac, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![e.seq, e.at, e.actor, e.action, e.subject, e.prev_mac, e.mac],
                )
                .unwrap();
        }
    };
    // edit entry 4
    v.conn
        .execute("UPDATE audit_log SET subject = 'other' WHERE seq = 4", [])
        .unwrap();
    assert!(matches!(v.verify_audit(), Err(VaultError::AuditBroken(4))));
    assert!(matches!(v.check(), Err(VaultError::AuditBroken(4))));
    restore(&v);
    // delete entry 3
    v.conn
        .execute("DELETE FROM audit_log WHERE seq = 3", [])
        .unwrap();
    assert!(matches!(v.verify_audit(), Err(VaultError::AuditBroken(3))));
    restore(&v);
    // swap entries 5 and 6 (rows re-inserted in the other order, seq kept)
    v.conn
        .execute("DELETE FROM audit_log WHERE seq IN (5, 6)", [])
        .unwrap();
    for e in [&snapshot[5], &snapshot[4]] {
        v.conn
            .execute(
                "INSERT INTO audit_log(seq, at, actor, action, subject, prev_mac, mac) VALUES (?1 + 100, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![e.seq, e.at, e.actor, e.action, e.subject, e.prev_mac, e.mac],
            )
            .unwrap();
    }
    assert!(matches!(v.verify_audit(), Err(VaultError::AuditBroken(5))));
    restore(&v);
    assert_eq!(v.verify_audit().unwrap(), 7);
    assert_eq!(VaultError::AuditBroken(5).code().exit_status(), 3);
}

/// A stored form version is immutable, and one a case uses cannot be removed: the database
/// itself refuses (migration 0011's triggers), whatever code above it does. Invented form.
#[test]
fn a_stored_form_version_never_changes_and_stays_while_a_case_uses_it() {
    use waystone_forms::xlsform::{write_xlsx, Sheet, Workbook};
    let (_t, dir) = fresh();
    let p = Passphrase::new(PASS);
    let (mut v, _) = Vault::create(&dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
    let rows = |r: &[&[&str]]| -> Vec<Vec<String>> {
        r.iter()
            .map(|row| row.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    };
    let book = write_xlsx(&Workbook {
        sheets: vec![
            Sheet {
                name: "survey".into(),
                rows: rows(&[
                    &["type", "name", "label"],
                    &["text", "q", "Invented question"],
                ]),
            },
            Sheet {
                name: "settings".into(),
                rows: rows(&[&["form_id", "version"], &["invented", "1"]]),
            },
        ],
    })
    .unwrap();
    v.import_form(&book, "invented").unwrap();
    for sql in [
        "UPDATE forms SET definition = '{}' WHERE id = 'invented'",
        "UPDATE forms SET version = 2 WHERE id = 'invented'",
    ] {
        let e = v.conn.execute_batch(sql).unwrap_err().to_string();
        assert!(e.contains("immutable"), "{sql}: {e}");
    }
    // withdrawing it from New interview is allowed
    v.conn
        .execute_batch("UPDATE forms SET available = 0 WHERE id = 'invented'")
        .unwrap();
    let form = v.form("invented", Some(1)).unwrap();
    v.create_case(&form).unwrap();
    let e = v
        .conn
        .execute_batch("DELETE FROM forms WHERE id = 'invented'")
        .unwrap_err()
        .to_string();
    assert!(e.contains("in use by a case"), "{e}");
    // a tampered definition is refused when read
    v.conn
        .execute_batch(
            "DROP TRIGGER forms_immutable; UPDATE forms SET definition = replace(definition, 'Invented question', 'Changed question')",
        )
        .unwrap();
    assert!(matches!(
        v.form("invented", Some(1)),
        Err(VaultError::Tampered(_))
    ));
}
