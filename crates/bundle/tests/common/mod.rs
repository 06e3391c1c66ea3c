//! Shared fixtures for the bundle tests. Every person, case and byte here is synthetic.
#![allow(dead_code, clippy::unwrap_used)]

use waystone_bundle::{BundleKind, Manifest, Part, PinnedSender, PublicKeys, UserKeys};

/// A marker planted in synthetic case content; no error message or debug output may contain it.
pub const CANARY: &str = "SYNTHETIC-CANARY-Zhukova-Magomed";

pub fn keys() -> UserKeys {
    UserKeys::generate().unwrap()
}

pub fn manifest(kind: BundleKind) -> Manifest {
    Manifest {
        kind,
        case_id: "c-0f3a9b".into(),
        form_id: "intake".into(),
        form_version: 3,
        sender_name: "Caseworker A (synthetic)".into(),
        sender_fingerprint: String::new(),
        recipients: vec![],
        created_at: "2025-01-31T12:00:00Z".into(),
        app_version: "0.1.0".into(),
        audit_head: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        parts: vec![],
    }
}

/// Deterministic pseudo-random bytes (xorshift), so large parts are not all zeros.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

pub fn case_json() -> Part {
    Part::new(
        "case.json",
        format!(r#"{{"synthetic":true,"survivor":"{CANARY}","narrative":"invented"}}"#)
            .into_bytes(),
    )
}

/// A case.json plus two attachments, `attachment_len` bytes for the first.
pub fn parts(attachment_len: usize) -> Vec<Part> {
    vec![
        case_json(),
        Part::new("attachments/0b1e-photo.bin", noise(attachment_len, 7)),
        Part::new("attachments/77aa-empty.bin", Vec::new()),
    ]
}

pub fn pin(name: &str, keys: &PublicKeys) -> PinnedSender {
    PinnedSender {
        name: name.into(),
        keys: keys.clone(),
    }
}
