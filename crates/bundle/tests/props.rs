//! Property tests: hostile input never panics and never opens; random parts round-trip.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::OnceLock;

use common::*;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use waystone_bundle::testing::{seal, unseal, RawArchive, ARCHIVE_MAGIC};
use waystone_bundle::{create, open, BundleKind, Part, PinnedSender, UserKeys};

struct Fixture {
    alice: UserKeys,
    bob: UserKeys,
    pinned: Vec<PinnedSender>,
    bundle: Vec<u8>,
    inner: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let alice = keys();
        let bob = keys();
        let bundle = create(
            &manifest(BundleKind::Case),
            &parts(2000),
            &alice,
            &[bob.public()],
        )
        .unwrap();
        let inner = unseal(&bundle, &bob).unwrap();
        let pinned = vec![pin("Alice", &alice.public())];
        Fixture {
            alice,
            bob,
            pinned,
            bundle,
            inner,
        }
    })
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Overwrite(usize, Vec<u8>),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(p, b)| Edit::Flip(p, b)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), vec(any::<u8>(), 1..40)).prop_map(|(p, v)| Edit::Insert(p, v)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Edit::Delete(p, n)),
        (any::<usize>(), vec(any::<u8>(), 1..16)).prop_map(|(p, v)| Edit::Overwrite(p, v)),
    ]
}

/// Applies edits; returns whether the bytes changed.
fn apply(bytes: &mut Vec<u8>, edits: &[Edit]) -> bool {
    let before = bytes.clone();
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Flip(p, b) => {
                if !bytes.is_empty() {
                    bytes[p % len] ^= 1 << b;
                }
            }
            Edit::Truncate(p) => bytes.truncate(p % len),
            Edit::Insert(p, v) => {
                let at = p % (bytes.len() + 1);
                bytes.splice(at..at, v.iter().copied());
            }
            Edit::Delete(p, n) => {
                let at = p % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Edit::Overwrite(p, v) => {
                for (i, b) in v.iter().enumerate() {
                    let at = (p % len) + i;
                    if at < bytes.len() {
                        bytes[at] = *b;
                    }
                }
            }
        }
    }
    *bytes != before
}

fn part_name() -> impl Strategy<Value = String> {
    "[a-z0-9_]{1,8}(/[A-Za-z0-9._-]{0,6}[a-z0-9])?"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_or_open(bytes in vec(any::<u8>(), 0..4096), age_magic in any::<bool>()) {
        let f = fixture();
        let mut input = if age_magic { b"age-encryption.org/v1\n".to_vec() } else { Vec::new() };
        input.extend_from_slice(&bytes);
        prop_assert!(open(&input, &f.bob, &f.pinned).is_err());
    }

    #[test]
    fn arbitrary_archives_to_a_real_recipient_never_panic(body in vec(any::<u8>(), 0..2048), with_head in any::<bool>()) {
        // Well-encrypted to Bob, so parsing reaches the archive reader.
        let f = fixture();
        let mut inner = Vec::new();
        if with_head {
            inner.extend_from_slice(ARCHIVE_MAGIC);
            inner.extend_from_slice(&[0, 1, 0, 0]);
        }
        inner.extend_from_slice(&body);
        let sealed = seal(&inner, &[f.bob.public()]).unwrap();
        prop_assert!(open(&sealed, &f.bob, &f.pinned).is_err());
    }

    #[test]
    fn edited_bundles_never_open(edits in vec(edit(), 1..4)) {
        let f = fixture();
        let mut b = f.bundle.clone();
        if apply(&mut b, &edits) {
            prop_assert!(open(&b, &f.bob, &f.pinned).is_err());
        }
    }

    #[test]
    fn edited_archives_never_open(edits in vec(edit(), 1..4), resign in any::<bool>()) {
        // An attacker holding Bob's public key edits the plaintext archive and re-encrypts
        // it; optionally re-signs with Alice's real key (to drive the parser past the
        // signature). Without a re-sign nothing may open; with it, only what still matches
        // every check may, and it must then equal what was signed.
        let f = fixture();
        let mut inner = f.inner.clone();
        if !apply(&mut inner, &edits) {
            return Ok(());
        }
        if resign {
            if let Some(mut raw) = RawArchive::parse(&inner) {
                raw.resign(&f.alice);
                inner = raw.encode();
            }
        }
        let sealed = seal(&inner, &[f.bob.public()]).unwrap();
        match open(&sealed, &f.bob, &f.pinned) {
            Err(e) => prop_assert!(!e.to_string().contains(CANARY)),
            Ok(o) => {
                prop_assert!(resign, "an unsigned edit opened");
                let raw = RawArchive::parse(&inner).unwrap();
                prop_assert_eq!(o.parts.len(), raw.parts.len());
                for (p, (n, b)) in o.parts.iter().zip(&raw.parts) {
                    prop_assert_eq!(&p.name, n);
                    prop_assert_eq!(&p.bytes, b);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn random_parts_round_trip(
        named in btree_map(part_name(), vec(any::<u8>(), 0..3000), 0..6),
        n_recipients in 1usize..4,
        status_card in any::<bool>(),
    ) {
        let f = fixture();
        let parts: Vec<Part> = named.into_iter().map(|(n, b)| Part::new(n, b)).collect();
        let rs: Vec<UserKeys> = (0..n_recipients).map(|_| keys()).collect();
        let publics: Vec<_> = rs.iter().map(UserKeys::public).collect();
        let kind = if status_card { BundleKind::StatusCard } else { BundleKind::Case };
        let b = create(&manifest(kind), &parts, &f.alice, &publics).unwrap();
        for r in &rs {
            let o = open(&b, r, &f.pinned).unwrap();
            prop_assert_eq!(&o.parts, &parts);
            prop_assert_eq!(o.manifest.kind, kind);
            prop_assert_eq!(o.sender.as_str(), "Alice");
        }
    }
}
