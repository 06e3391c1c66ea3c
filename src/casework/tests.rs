#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Ciphertext moved to another place is refused: every wrapped key and every encrypted
//! file names its place (case, attachment, user) in its associated data.
use std::fs;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rusqlite::params;
use sha2::{Digest, Sha256};

use crate::casework::CaseFilter;

use crate::crypto::{Passphrase, KDF_FLOOR};
use crate::vault::Role;
use crate::vault::{Vault, VaultError, ATTACHMENTS_DIR};

fn vault() -> (tempfile::TempDir, Vault) {
    let t = tempfile::tempdir().unwrap();
    let pass = Passphrase::new("lantern quietly orbit seventeen");
    let (v, _) = Vault::create(&t.path().join("v"), "ana", Role::Admin, &pass, KDF_FLOOR).unwrap();
    (t, v)
}

fn key_row(v: &Vault, att: &str) -> (Vec<u8>, Vec<u8>) {
    v.conn
        .query_row(
            "SELECT key_nonce, wrapped_key FROM attachments WHERE id = ?1",
            [att],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn set_key_row(v: &Vault, att: &str, row: &(Vec<u8>, Vec<u8>)) {
    v.conn
        .execute(
            "UPDATE attachments SET key_nonce = ?2, wrapped_key = ?3 WHERE id = ?1",
            params![att, row.0, row.1],
        )
        .unwrap();
}

#[test]
fn an_attachment_key_or_file_moved_to_another_case_or_attachment_is_refused() {
    let (_t, mut v) = vault();
    let form = waystone_forms::latest_intake();
    let c1 = v.create_case(&form).unwrap().id;
    let c2 = v.create_case(&form).unwrap().id;
    let a1 = v
        .writable(&c1)
        .and_then(|mut g| g.add_attachment("a.txt", "text/plain", b"invented attachment one"))
        .unwrap()
        .id;
    let a2 = v
        .writable(&c2)
        .and_then(|mut g| g.add_attachment("b.txt", "text/plain", b"invented attachment two"))
        .unwrap()
        .id;
    let a3 = v
        .writable(&c1)
        .and_then(|mut g| g.add_attachment("c.txt", "text/plain", b"invented attachment three"))
        .unwrap()
        .id;
    let corrupt = |v: &mut Vault, case: &str, att: &str| {
        matches!(
            v.readable(case).and_then(|mut g| g.attachment(att)),
            Err(VaultError::Corrupt(_))
        )
    };
    // the row (key and file) moved to another case
    v.conn
        .execute(
            "UPDATE attachments SET case_id = ?2 WHERE id = ?1",
            params![a1, c2],
        )
        .unwrap();
    assert!(corrupt(&mut v, &c2, &a1), "row moved to another case");
    v.conn
        .execute(
            "UPDATE attachments SET case_id = ?2 WHERE id = ?1",
            params![a1, c1],
        )
        .unwrap();
    assert!(v.readable(&c1).and_then(|mut g| g.attachment(&a1)).is_ok());
    // wrapped keys swapped between attachments of different cases and of the same case
    let (k1, k2, k3) = (key_row(&v, &a1), key_row(&v, &a2), key_row(&v, &a3));
    set_key_row(&v, &a1, &k2);
    set_key_row(&v, &a2, &k1);
    assert!(corrupt(&mut v, &c1, &a1), "key from another case");
    assert!(corrupt(&mut v, &c2, &a2), "key from another case");
    set_key_row(&v, &a1, &k3);
    assert!(corrupt(&mut v, &c1, &a1), "key from the same case");
    // the wrapped key and the file both copied to another attachment id of the same case
    set_key_row(&v, &a1, &k1);
    set_key_row(&v, &a2, &k2);
    set_key_row(&v, &a3, &k1);
    let dir = v.dir.join(ATTACHMENTS_DIR);
    fs::copy(dir.join(format!("{a1}.bin")), dir.join(format!("{a3}.bin"))).unwrap();
    assert!(
        corrupt(&mut v, &c1, &a3),
        "key and file copied to another id"
    );
    // the originals still open
    assert_eq!(
        v.readable(&c1)
            .and_then(|mut g| g.attachment(&a1))
            .unwrap()
            .as_slice(),
        b"invented attachment one"
    );
    assert_eq!(
        v.readable(&c2)
            .and_then(|mut g| g.attachment(&a2))
            .unwrap()
            .as_slice(),
        b"invented attachment two"
    );
}

#[test]
fn an_import_never_rewrites_a_stored_attachment() {
    // Found by the leak scan: a document whose attachment id belonged to another case
    // replaced that case's file before the insert failed, destroying the attachment.
    let (_t, mut v) = vault();
    let form = waystone_forms::latest_intake();
    let c1 = v.create_case(&form).unwrap().id;
    let a1 = v
        .writable(&c1)
        .and_then(|mut g| g.add_attachment("a.txt", "text/plain", b"invented attachment one"))
        .unwrap()
        .id;
    let file = v.dir.join(ATTACHMENTS_DIR).join(format!("{a1}.bin"));
    let stored = fs::read(&file).unwrap();
    let json = v.readable(&c1).and_then(|mut g| g.export()).unwrap();
    // the same case again: the file is kept as it is, and still opens
    v.import_case(&json).unwrap();
    assert_eq!(fs::read(&file).unwrap(), stored);
    assert_eq!(
        v.readable(&c1)
            .and_then(|mut g| g.attachment(&a1))
            .unwrap()
            .as_slice(),
        b"invented attachment one"
    );
    // another case claiming the same attachment id: refused, nothing touched
    let mut other: serde_json::Value = serde_json::from_str(&json).unwrap();
    other["id"] = serde_json::json!(uuid::Uuid::new_v4().to_string());
    other["code"] = serde_json::json!("WS-TEST-OTHR");
    assert!(matches!(
        v.import_case(&other.to_string()),
        Err(VaultError::InvalidCase(_))
    ));
    // this case with other bytes under the stored id: refused too
    let mut changed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let data = b"other invented bytes";
    changed["attachments"][0]["data"] = serde_json::json!(B64.encode(data));
    changed["attachments"][0]["size"] = serde_json::json!(data.len());
    changed["attachments"][0]["sha256"] = serde_json::json!(hex::encode(Sha256::digest(data)));
    assert!(matches!(
        v.import_case(&changed.to_string()),
        Err(VaultError::InvalidCase(_))
    ));
    assert_eq!(fs::read(&file).unwrap(), stored);
    assert_eq!(
        v.readable(&c1)
            .and_then(|mut g| g.attachment(&a1))
            .unwrap()
            .as_slice(),
        b"invented attachment one"
    );
    assert_eq!(v.list_cases(&CaseFilter::default()).unwrap().len(), 1);
}

#[test]
fn an_import_repairs_a_legacy_free_text_status_and_records_it() {
    let (_t, mut v) = vault();
    let form = waystone_forms::latest_intake();
    let c = v.create_case(&form).unwrap().id;
    let json = v.readable(&c).and_then(|mut g| g.export()).unwrap();
    v.conn
        .execute(
            "UPDATE cases SET status = 'testimony text an old version let in' WHERE id = ?1",
            [&c],
        )
        .unwrap();
    v.import_case(&json).unwrap();
    assert_eq!(v.case_summary(&c).unwrap().status, "interview_in_progress");
    let e = &v.case_events(&c).unwrap()[0];
    assert_eq!(
        (e.kind.as_str(), e.detail.as_str()),
        ("status", "(unknown) → interview_in_progress (import)")
    );
}

#[test]
fn an_attachment_added_in_the_app_always_exports_and_imports_again() {
    let (_t, mut v) = vault();
    let form = waystone_forms::latest_intake();
    let c = v.create_case(&form).unwrap().id;
    for (name, media, want_name, want_media) in [
        ("scan.jpg", "image/jpeg", "scan.jpg", "image/jpeg"),
        (
            "a/b\\c\u{1b}[2J.txt",
            "",
            "a_b_c_[2J.txt",
            "application/octet-stream",
        ),
        (
            "фото\u{202e}gpj.exe",
            "text/plain\r\nX: y",
            "фото_gpj.exe",
            "application/octet-stream",
        ),
        ("..", "text/plain", "_", "text/plain"),
    ] {
        let m = v
            .writable(&c)
            .and_then(|mut g| g.add_attachment(name, media, b"invented bytes"))
            .unwrap();
        assert_eq!(
            (m.file_name.as_str(), m.media_type.as_str()),
            (want_name, want_media)
        );
    }
    let long = v
        .writable(&c)
        .and_then(|mut g| g.add_attachment(&"я".repeat(300), "text/plain", b"x"))
        .unwrap();
    assert_eq!(long.file_name.chars().count(), 255);
    let json = v.readable(&c).and_then(|mut g| g.export()).unwrap();
    v.import_case(&json).unwrap();
    assert_eq!(v.readable(&c).and_then(|mut g| g.export()).unwrap(), json);
}

#[test]
fn bundle_keys_moved_to_another_user_are_refused() {
    let (_t, mut v) = vault();
    v.add_user(
        "lev",
        Role::Lawyer,
        &Passphrase::new("marble seventy harbor quietly"),
    )
    .unwrap();
    let ana_line = v.key_line().unwrap();
    v.session.user = "lev".into();
    let lev_line = v.key_line().unwrap();
    assert_ne!(ana_line, lev_line);
    let ana_row: (Vec<u8>, Vec<u8>) = v
        .conn
        .query_row(
            "SELECT nonce, wrapped FROM user_keys WHERE user = 'ana'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    v.conn
        .execute(
            "UPDATE user_keys SET nonce = ?1, wrapped = ?2 WHERE user = 'lev'",
            params![ana_row.0, ana_row.1],
        )
        .unwrap();
    assert!(matches!(v.key_line(), Err(VaultError::Corrupt(_))));
    v.session.user = "ana".into();
    assert_eq!(v.key_line().unwrap(), ana_line);
}
