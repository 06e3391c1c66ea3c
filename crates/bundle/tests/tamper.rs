//! Bundles that must not open: bit flips, cuts, appended bytes, other files, and archives
//! forged by someone holding a recipient key (re-signed, re-ordered, re-encrypted, …).
//! Negative vectors in the manner of age's `fail_*` tests. All content is synthetic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone_bundle::testing::{seal, unseal, RawArchive};
use waystone_bundle::{
    create, open, BundleError, BundleKind, Opened, PartProblem, PinnedSender, PublicKeys, UserKeys,
};

struct World {
    alice: UserKeys,
    bob: UserKeys,
    carol: UserKeys,
    mallory: UserKeys,
    pinned: Vec<PinnedSender>,
    bundle: Vec<u8>,
}

/// Alice sends Bob a case; Bob pinned Alice and Carol (not Mallory).
fn world(attachment_len: usize) -> World {
    let alice = keys();
    let bob = keys();
    let carol = keys();
    let mallory = keys();
    let bundle = create(
        &manifest(BundleKind::Case),
        &parts(attachment_len),
        &alice,
        &[bob.public()],
    )
    .unwrap();
    let pinned = vec![pin("Alice", &alice.public()), pin("Carol", &carol.public())];
    World {
        alice,
        bob,
        carol,
        mallory,
        pinned,
        bundle,
    }
}

impl World {
    fn open(&self, bytes: &[u8]) -> Result<Opened, BundleError> {
        open(bytes, &self.bob, &self.pinned)
    }
    fn raw(&self) -> RawArchive {
        RawArchive::parse(&unseal(&self.bundle, &self.bob).unwrap()).unwrap()
    }
    /// Re-encrypts an edited archive to Bob, as any holder of Bob's public key can.
    fn reseal(&self, raw: &RawArchive) -> Result<Opened, BundleError> {
        self.open(&seal(&raw.encode(), &[self.bob.public()]).unwrap())
    }
    fn reseal_bytes(&self, inner: &[u8]) -> Result<Opened, BundleError> {
        self.open(&seal(inner, &[self.bob.public()]).unwrap())
    }
}

fn manifest_text(raw: &RawArchive) -> String {
    String::from_utf8(raw.manifest.clone()).unwrap()
}

fn assert_no_content(e: &BundleError) {
    let msg = e.to_string();
    assert!(!msg.contains(CANARY) && !msg.contains("invented"), "{msg}");
}

/// Positions to flip in a multi-chunk bundle: every byte of the age header, a spread across
/// the payload, both sides of each 64 KiB chunk boundary, the middle, and the last bytes.
/// (Each payload flip costs a decryption up to its chunk, so the small-bundle test covers
/// the nonce and payload densely instead.)
fn flip_positions(len: usize, header_len: usize) -> Vec<usize> {
    let mut pos: Vec<usize> = (0..header_len.min(len)).collect();
    pos.extend((header_len..len).step_by(12_289));
    let chunk = 64 * 1024 + 16;
    let mut b = header_len + chunk;
    while b < len {
        pos.extend([b - 1, b]);
        b += chunk;
    }
    pos.push(len / 2);
    pos.extend(len.saturating_sub(4)..len);
    pos.retain(|&p| p < len);
    pos.sort_unstable();
    pos.dedup();
    pos
}

fn age_header_len(bundle: &[u8]) -> usize {
    let mac = bundle.windows(4).position(|w| w == b"\n---").unwrap();
    let end = mac + 1 + bundle[mac + 1..].iter().position(|&b| b == b'\n').unwrap() + 1;
    end + 16 // the payload nonce
}

/// Flips each bit at each position, one at a time, and expects every result refused.
fn assert_flips_refused(w: &World, positions: &[usize]) -> usize {
    let mut flipped = w.bundle.clone();
    let mut tried = 0;
    for &p in positions {
        for bit in 0..8 {
            flipped[p] ^= 1 << bit;
            match w.open(&flipped) {
                Ok(_) => panic!(
                    "flip at byte {p} bit {bit} of {} was accepted",
                    w.bundle.len()
                ),
                Err(e) => assert_no_content(&e),
            }
            flipped[p] ^= 1 << bit;
            tried += 1;
        }
    }
    tried
}

#[test]
fn bit_flips_across_a_small_bundle_are_refused() {
    // One age chunk: every byte of the header and nonce, every 5th byte of the payload and
    // the last 32 bytes, each with all 8 single-bit flips.
    let w = world(300);
    assert!(w.open(&w.bundle).is_ok());
    let len = w.bundle.len();
    let header_len = age_header_len(&w.bundle);
    let mut positions: Vec<usize> = (0..header_len).collect();
    positions.extend((header_len..len).step_by(5));
    positions.extend(len - 32..len);
    positions.sort_unstable();
    positions.dedup();
    assert!(assert_flips_refused(&w, &positions) > 2000);
}

#[test]
fn bit_flips_across_a_multi_chunk_bundle_are_refused() {
    // ~140 KiB: three age chunks, so flips land in the first, middle and last chunk.
    let w = world(140_000);
    assert!(w.open(&w.bundle).is_ok());
    let positions = flip_positions(w.bundle.len(), age_header_len(&w.bundle));
    assert!(positions.contains(&0) && positions.contains(&(w.bundle.len() - 1)));
    assert!(assert_flips_refused(&w, &positions) > 1500);
}

#[test]
fn truncation_at_any_length_is_refused() {
    let w = world(140_000);
    let len = w.bundle.len();
    let header_len = age_header_len(&w.bundle);
    let mut cuts: Vec<usize> = (0..header_len + 40).collect();
    cuts.extend((header_len..len).step_by(1013));
    let chunk = 64 * 1024 + 16;
    cuts.extend([
        header_len + chunk,
        header_len + 2 * chunk,
        len - 17,
        len - 16,
        len - 1,
    ]);
    for cut in cuts {
        let r = w.open(&w.bundle[..cut]);
        assert!(r.is_err(), "cut at {cut} of {len} was accepted");
    }
    assert_eq!(w.open(&w.bundle[..10]).unwrap_err(), BundleError::Truncated);
    assert_eq!(w.open(&[]).unwrap_err(), BundleError::NotABundle);
}

#[test]
fn appended_bytes_are_refused() {
    let w = world(70_000);
    for extra in [
        vec![0u8],
        vec![0xff; 16],
        noise(65_552, 3),
        w.bundle.clone(),
    ] {
        let mut b = w.bundle.clone();
        b.extend_from_slice(&extra);
        assert!(
            w.open(&b).is_err(),
            "{} appended bytes accepted",
            extra.len()
        );
    }
}

#[test]
fn other_files_are_not_bundles() {
    let w = world(10);
    for other in [
        b"hello".to_vec(),
        b"PK\x03\x04 a zip file".to_vec(),
        b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n".to_vec(),
        b"age-encryption.org/v2\n-> X25519 abc\n".to_vec(),
        noise(4096, 11),
    ] {
        assert_eq!(w.open(&other).unwrap_err(), BundleError::NotABundle);
    }
    // A valid age file to Bob whose content is not a Waystone archive.
    assert_eq!(
        w.reseal_bytes(b"just some text, not an archive")
            .unwrap_err(),
        BundleError::NotABundle
    );
}

#[test]
fn forged_by_unpinned_key_is_unknown_sender() {
    let w = world(100);
    let mut raw = w.raw();
    raw.manifest = manifest_text(&raw)
        .replace("c-0f3a9b", "c-evil00")
        .into_bytes();
    raw.resign(&w.mallory);
    assert_eq!(w.reseal(&raw).unwrap_err(), BundleError::UnknownSender);
    // Even unchanged content re-signed by Mallory is not accepted as anyone's.
    let mut raw = w.raw();
    raw.resign(&w.mallory);
    assert_eq!(w.reseal(&raw).unwrap_err(), BundleError::UnknownSender);
}

#[test]
fn altered_and_resigned_by_another_pinned_contact_is_shown_as_that_contact() {
    // Policy: the sender shown is the pinned name of whoever signed. Carol (pinned) takes
    // Alice's bundle, alters it and signs it as herself: it opens as Carol's.
    let w = world(100);
    let mut raw = w.raw();
    let alice_fp = w.alice.public().fingerprint().to_string();
    let carol_fp = w.carol.public().fingerprint().to_string();
    raw.manifest = manifest_text(&raw)
        .replace("c-0f3a9b", "c-0f3a9c")
        .replace(&alice_fp, &carol_fp)
        .into_bytes();
    raw.resign(&w.carol);
    let o = w.reseal(&raw).unwrap();
    assert_eq!(o.sender, "Carol");
    assert_eq!(o.manifest.case_id, "c-0f3a9c");
    assert_eq!(o.manifest.sender_name, "Caseworker A (synthetic)"); // a claim only

    // If Carol keeps Alice's fingerprint in the signed manifest, it is refused.
    let mut raw = w.raw();
    raw.resign(&w.carol);
    assert_eq!(w.reseal(&raw).unwrap_err(), BundleError::SenderMismatch);
}

#[test]
fn signature_must_cover_the_exact_manifest() {
    let w = world(100);
    // Manifest changed, signature kept.
    let mut raw = w.raw();
    raw.manifest = manifest_text(&raw)
        .replace("c-0f3a9b", "c-0f3a9c")
        .into_bytes();
    assert_eq!(w.reseal(&raw).unwrap_err(), BundleError::BadSignature);
    // Signature bit flipped.
    for i in [0, 31, 32, 63] {
        let mut raw = w.raw();
        raw.signature[i] ^= 0x10;
        assert_eq!(
            w.reseal(&raw).unwrap_err(),
            BundleError::BadSignature,
            "byte {i}"
        );
    }
    // Signer swapped for another pinned key without a new signature.
    let mut raw = w.raw();
    raw.signer = w.carol.public().ed25519_bytes();
    assert_eq!(w.reseal(&raw).unwrap_err(), BundleError::BadSignature);
    // The untouched archive resealed still opens (the harness itself is sound).
    assert!(w.reseal(&w.raw()).is_ok());
}

#[test]
fn manifest_must_be_canonical_and_consistent() {
    let w = world(100);
    type Edit = Box<dyn Fn(String) -> String>;
    let cases: Vec<(&str, Edit)> = vec![
        ("space", Box::new(|m| m.replacen(',', ", ", 1))),
        (
            "format 2",
            Box::new(|m| m.replacen("\"format\":1", "\"format\":2", 1)),
        ),
        (
            "unknown field",
            Box::new(|m| m.replacen('{', "{\"extra\":1,", 1)),
        ),
        (
            "duplicate key",
            Box::new(|m| m.replacen('{', "{\"format\":1,", 1)),
        ),
        ("kind", Box::new(|m| m.replacen("\"case\"", "\"cases\"", 1))),
        ("not json", Box::new(|m| m[1..].to_string())),
        ("audit head", Box::new(|m| m.replacen("9f86", "9F86", 1))),
    ];
    for (what, edit) in cases {
        let mut raw = w.raw();
        raw.manifest = edit(manifest_text(&raw)).into_bytes();
        raw.resign(&w.alice);
        let e = w.reseal(&raw).unwrap_err();
        assert!(matches!(e, BundleError::Malformed(_)), "{what}: {e:?}");
    }
}

#[test]
fn forwarded_bundle_is_not_addressed_to_you() {
    // Bob decrypts Alice's bundle and re-encrypts it, unchanged, to Dave who pinned Alice.
    let w = world(100);
    let dave = keys();
    let inner = unseal(&w.bundle, &w.bob).unwrap();
    let forwarded = seal(&inner, &[dave.public()]).unwrap();
    assert_eq!(
        open(&forwarded, &dave, &[pin("Alice", &w.alice.public())]).unwrap_err(),
        BundleError::NotAddressedToYou
    );
}

fn part_err(r: Result<Opened, BundleError>) -> (Option<String>, PartProblem) {
    match r.unwrap_err() {
        BundleError::PartMismatch { part, problem } => (part, problem),
        e => panic!("expected PartMismatch, got {e:?}"),
    }
}

#[test]
fn parts_must_match_the_manifest() {
    let w = world(1000);
    let photo = Some("attachments/0b1e-photo.bin".to_string());

    let mut raw = w.raw();
    raw.parts[1].1[500] ^= 1;
    assert_eq!(part_err(w.reseal(&raw)), (photo.clone(), PartProblem::Hash));

    let mut raw = w.raw();
    raw.parts[1].1.push(0);
    assert_eq!(part_err(w.reseal(&raw)), (photo.clone(), PartProblem::Size));

    let mut raw = w.raw();
    raw.parts.pop();
    raw.part_count -= 1;
    assert_eq!(
        part_err(w.reseal(&raw)),
        (
            Some("attachments/77aa-empty.bin".into()),
            PartProblem::Missing
        )
    );

    let mut raw = w.raw();
    raw.parts
        .push(("attachments/extra.bin".into(), vec![1, 2, 3]));
    raw.part_count += 1;
    assert_eq!(part_err(w.reseal(&raw)).1, PartProblem::Extra);

    let mut raw = w.raw();
    raw.parts[2] = ("attachments/other.bin".into(), vec![]);
    assert_eq!(
        part_err(w.reseal(&raw)),
        (Some("attachments/other.bin".into()), PartProblem::Extra)
    );

    let mut raw = w.raw();
    raw.parts[1] = raw.parts[0].clone();
    assert_eq!(
        part_err(w.reseal(&raw)),
        (Some("case.json".into()), PartProblem::Duplicate)
    );

    let mut raw = w.raw();
    raw.parts.swap(1, 2);
    assert_eq!(
        part_err(w.reseal(&raw)),
        (
            Some("attachments/77aa-empty.bin".into()),
            PartProblem::OutOfOrder
        )
    );

    // A name outside the part-name alphabet is not echoed.
    let mut raw = w.raw();
    raw.parts[0].0 = format!("{CANARY} secret name");
    let (name, _) = part_err(w.reseal(&raw));
    assert_eq!(name, None);
}

#[test]
fn framing_errors_inside_the_container() {
    let w = world(1000);
    let check = |edit: &dyn Fn(&mut RawArchive), want: BundleError| {
        let mut raw = w.raw();
        edit(&mut raw);
        let got = w.reseal(&raw).unwrap_err();
        assert_eq!(got, want);
        assert_no_content(&got);
    };
    check(&|r| r.trailing = vec![0], BundleError::TrailingData);
    check(
        &|r| r.trailing = noise(100_000, 5),
        BundleError::TrailingData,
    );
    check(
        &|r| r.version = 2,
        BundleError::NewerVersion {
            found: 2,
            supported: 1,
        },
    );
    check(
        &|r| r.version = u16::MAX,
        BundleError::NewerVersion {
            found: u16::MAX,
            supported: 1,
        },
    );
    check(&|r| r.magic = *b"WSBUNDLF", BundleError::NotABundle);
    check(
        &|r| r.end = *b"WSBEND\0\x01",
        BundleError::Malformed("end marker missing"),
    );
    check(
        &|r| r.parts[1].0 = String::new(),
        BundleError::Malformed("part name length out of bounds"),
    );
    assert!(matches!(
        {
            let mut r = w.raw();
            r.version = 0;
            w.reseal(&r).unwrap_err()
        },
        BundleError::Malformed(_)
    ));
    assert!(matches!(
        {
            let mut r = w.raw();
            r.reserved = 1;
            w.reseal(&r).unwrap_err()
        },
        BundleError::Malformed(_)
    ));
    assert!(matches!(
        {
            let mut r = w.raw();
            r.manifest.clear();
            w.reseal(&r).unwrap_err()
        },
        BundleError::Malformed(_)
    ));
    // Part count larger than what follows: the end marker is read as a part header.
    assert!(w
        .reseal(&{
            let mut r = w.raw();
            r.part_count += 5;
            r
        })
        .is_err());

    // Cut inside the archive (the age layer itself is intact): Truncated.
    let inner = w.raw().encode();
    for cut in [0, 7, 12, 15, 16, 100, inner.len() - 9, inner.len() - 1] {
        let e = w.reseal_bytes(&inner[..cut]).unwrap_err();
        assert!(
            matches!(e, BundleError::Truncated | BundleError::NotABundle),
            "cut {cut}: {e:?}"
        );
    }
}

#[test]
fn hostile_lengths_do_not_allocate() {
    let w = world(10);
    let good = w.raw().encode();
    let mlen_at = 12;
    // Manifest length beyond the limit.
    let mut inner = good.clone();
    inner[mlen_at..mlen_at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(
        w.reseal_bytes(&inner).unwrap_err(),
        BundleError::TooLarge("manifest size")
    );
    // Manifest length within the limit but beyond the input.
    let mut inner = good.clone();
    inner[mlen_at..mlen_at + 4].copy_from_slice(&(4u32 << 20).to_be_bytes());
    assert_eq!(w.reseal_bytes(&inner).unwrap_err(), BundleError::Truncated);

    // A signed manifest claiming an enormous part: refused from the manifest alone.
    let mut raw = w.raw();
    let text = manifest_text(&raw);
    let size = format!("\"size\":{}", 10);
    assert!(text.contains(&size));
    raw.manifest = text
        .replacen(&size, &format!("\"size\":{}", u64::MAX / 2), 1)
        .into_bytes();
    raw.resign(&w.alice);
    assert_eq!(
        w.reseal(&raw).unwrap_err(),
        BundleError::TooLarge("total size of the parts")
    );
}

#[test]
fn signed_by_pinned_key_under_a_different_name_entry_with_other_age_key_is_mismatch() {
    // A contact entry whose Ed25519 key matches but whose age key differs (a stale or
    // hand-edited contact) is not the identity the manifest names.
    let w = world(10);
    let line = w.alice.public().to_line();
    let other_age = keys().public().age_recipient();
    let stale_line = format!(
        "waystone-key-v1 {other_age} {}",
        line.split(' ').nth(2).unwrap()
    );
    let stale = PublicKeys::parse_line(&stale_line).unwrap();
    assert_eq!(
        open(&w.bundle, &w.bob, &[pin("Alice (old)", &stale)]).unwrap_err(),
        BundleError::SenderMismatch
    );
}
