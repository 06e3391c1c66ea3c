#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The backup format's own tests: sealing, reading back, and every refusal of a damaged
//! or foreign backup.

use super::*;

fn backup_with(names: &[&str]) -> (Vec<u8>, crypto::SecretKey) {
    let vmk = VaultMasterKey::generate();
    let key = vmk.subkey(Subkey::Backup);
    let slots_json = br#"{"synthetic":"slots"}"#.to_vec();
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for name in names {
        let bytes = format!("synthetic {name}").into_bytes();
        entries.push(FileEntry {
            name: (*name).to_owned(),
            size: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(&bytes)),
        });
        files.push(bytes);
    }
    let manifest = Manifest {
        format: "waystone-backup".into(),
        vault_id: "v-synthetic".into(),
        created_at: "2026-01-01T00:00:00.000Z".into(),
        schema_version: migrations::latest(),
        files: entries,
    };
    (
        seal_backup(&key, &slots_json, &manifest, files).unwrap(),
        key,
    )
}

/// The part after the (synthetic) key-slot header, checked as `backup` checks it.
fn sealed_verdict(bytes: &[u8], key: &crypto::SecretKey) -> Result<(), VaultError> {
    let mut rest = &bytes[MAGIC.len()..];
    let slots_json = take_part(&mut rest).unwrap();
    verify_sealed(key, slots_json, rest, "v-synthetic")
}

fn verdict(names: &[&str]) -> Result<(), VaultError> {
    let (bytes, key) = backup_with(names);
    sealed_verdict(&bytes, &key)
}

#[test]
fn a_backup_whose_manifest_would_not_restore_is_caught() {
    let ok = [
        SLOTS_FILE,
        DB_FILE,
        "attachments/0b6f3c1e-8d2a-4f7b-9c1d-2e3f4a5b6c7d.bin",
    ];
    assert!(verdict(&ok).is_ok());
    // attachment ids in spellings restore refuses, a file restore would not place, and
    // a backup without its database: each is caught before the backup reports success
    for bad in [
        "attachments/{0b6f3c1e-8d2a-4f7b-9c1d-2e3f4a5b6c7d}.bin",
        "attachments/urn:uuid:0b6f3c1e-8d2a-4f7b-9c1d-2e3f4a5b6c7d.bin",
        "attachments/../keys.json",
        "notes.txt",
    ] {
        let names = [SLOTS_FILE, DB_FILE, bad];
        assert!(verdict(&names).is_err(), "{bad}");
    }
    assert!(verdict(&[SLOTS_FILE]).is_err());
}

#[test]
fn a_backup_that_does_not_decrypt_is_caught() {
    let (mut bytes, key) = backup_with(&[SLOTS_FILE, DB_FILE]);
    assert!(sealed_verdict(&bytes, &key).is_ok());
    let other = VaultMasterKey::generate().subkey(Subkey::Backup);
    assert!(sealed_verdict(&bytes, &other).is_err());
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert!(sealed_verdict(&bytes, &key).is_err());
}
