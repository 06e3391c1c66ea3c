//! Creating and opening bundles that are meant to open: recipients, parts, manifest filling,
//! sender naming, input validation and limits. All people and content are synthetic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use sha2::{Digest, Sha256};
use waystone_bundle::{
    create, create_with_limits, open, open_with_limits, BundleError, BundleKind, Limits, Part,
    UserKeys,
};

#[test]
fn one_recipient_several_parts_with_a_5_mb_part() {
    let alice = keys();
    let bob = keys();
    let mut parts = parts(5 * 1024 * 1024);
    parts.push(Part::new("attachments/9c-audio.bin", noise(70_000, 9)));
    let m = manifest(BundleKind::Case);
    let bundle = create(&m, &parts, &alice, &[bob.public()]).unwrap();
    assert!(bundle.len() > 5 * 1024 * 1024);

    let opened = open(&bundle, &bob, &[pin("Alice (pinned)", &alice.public())]).unwrap();
    assert_eq!(opened.sender, "Alice (pinned)");
    assert_eq!(opened.parts, parts);

    let got = &opened.manifest;
    assert_eq!(got.kind, BundleKind::Case);
    assert_eq!(got.case_id, m.case_id);
    assert_eq!(got.form_id, m.form_id);
    assert_eq!(got.form_version, m.form_version);
    assert_eq!(got.sender_name, m.sender_name);
    assert_eq!(got.created_at, m.created_at);
    assert_eq!(got.app_version, m.app_version);
    assert_eq!(got.audit_head, m.audit_head);
    assert_eq!(
        got.sender_fingerprint,
        alice.public().fingerprint().to_string()
    );
    assert_eq!(got.recipients, vec![bob.public().fingerprint().to_string()]);
    assert_eq!(got.parts.len(), parts.len());
    for (entry, part) in got.parts.iter().zip(&parts) {
        assert_eq!(entry.name, part.name);
        assert_eq!(entry.size, part.bytes.len() as u64);
        assert_eq!(entry.sha256, hex::encode(Sha256::digest(&part.bytes)));
    }
}

#[test]
fn three_recipients_each_open_and_others_cannot() {
    let alice = keys();
    let rs: Vec<UserKeys> = (0..3).map(|_| keys()).collect();
    let publics: Vec<_> = rs.iter().map(UserKeys::public).collect();
    let parts = parts(200_000);
    let bundle = create(&manifest(BundleKind::Case), &parts, &alice, &publics).unwrap();
    let pinned = [pin("Alice", &alice.public())];
    for r in &rs {
        let opened = open(&bundle, r, &pinned).unwrap();
        assert_eq!(opened.parts, parts);
        assert_eq!(opened.manifest.recipients.len(), 3);
    }
    // Neither a stranger nor the sender (not a recipient) can open it.
    assert_eq!(
        open(&bundle, &keys(), &pinned).unwrap_err(),
        BundleError::NotForYou
    );
    assert_eq!(
        open(&bundle, &alice, &pinned).unwrap_err(),
        BundleError::NotForYou
    );
}

#[test]
fn sender_can_address_themselves() {
    let alice = keys();
    let bob = keys();
    let bundle = create(
        &manifest(BundleKind::Case),
        &parts(10),
        &alice,
        &[bob.public(), alice.public()],
    )
    .unwrap();
    let own = open(&bundle, &alice, &[pin("me", &alice.public())]).unwrap();
    assert_eq!(own.sender, "me");
}

#[test]
fn status_card_and_no_parts_round_trip() {
    let alice = keys();
    let coord = keys();
    let card = [Part::new(
        "status_card.json",
        br#"{"stage":"in_shelter"}"#.to_vec(),
    )];
    let b = create(
        &manifest(BundleKind::StatusCard),
        &card,
        &alice,
        &[coord.public()],
    )
    .unwrap();
    let o = open(&b, &coord, &[pin("Alice", &alice.public())]).unwrap();
    assert_eq!(o.manifest.kind, BundleKind::StatusCard);
    assert_eq!(o.parts, card);

    let empty = create(
        &manifest(BundleKind::StatusCard),
        &[],
        &alice,
        &[coord.public()],
    )
    .unwrap();
    let o = open(&empty, &coord, &[pin("Alice", &alice.public())]).unwrap();
    assert!(o.parts.is_empty() && o.manifest.parts.is_empty());
}

#[test]
fn caller_filled_fields_are_replaced_by_create() {
    let alice = keys();
    let bob = keys();
    let mut m = manifest(BundleKind::Case);
    m.sender_fingerprint = "AAAA AAAA AAAA AAAA AAAA AAAA AAAA AAAA".into();
    m.recipients = vec!["made up".into()];
    m.parts = vec![waystone_bundle::PartEntry {
        name: "ghost.json".into(),
        size: 1,
        sha256: "00".repeat(32),
    }];
    let b = create(&m, &parts(5), &alice, &[bob.public()]).unwrap();
    let o = open(&b, &bob, &[pin("Alice", &alice.public())]).unwrap();
    assert_eq!(
        o.manifest.sender_fingerprint,
        alice.public().fingerprint().to_string()
    );
    assert_eq!(
        o.manifest.recipients,
        vec![bob.public().fingerprint().to_string()]
    );
    assert_eq!(o.manifest.parts.len(), 3);
}

#[test]
fn sender_is_the_pinned_name_not_the_claimed_one() {
    let alice = keys();
    let bob = keys();
    let mut m = manifest(BundleKind::Case);
    m.sender_name = "Somebody Important".into();
    let b = create(&m, &parts(5), &alice, &[bob.public()]).unwrap();
    let o = open(
        &b,
        &bob,
        &[
            pin("Carol", &keys().public()),
            pin("Alice K.", &alice.public()),
        ],
    )
    .unwrap();
    assert_eq!(o.sender, "Alice K.");
    assert_eq!(o.manifest.sender_name, "Somebody Important");
}

#[test]
fn unpinned_or_ambiguous_signer_is_refused() {
    let alice = keys();
    let bob = keys();
    let b = create(
        &manifest(BundleKind::Case),
        &parts(5),
        &alice,
        &[bob.public()],
    )
    .unwrap();
    assert_eq!(open(&b, &bob, &[]).unwrap_err(), BundleError::UnknownSender);
    assert_eq!(
        open(&b, &bob, &[pin("Carol", &keys().public())]).unwrap_err(),
        BundleError::UnknownSender
    );
    assert_eq!(
        open(
            &b,
            &bob,
            &[
                pin("Alice", &alice.public()),
                pin("Alicia", &alice.public())
            ]
        )
        .unwrap_err(),
        BundleError::AmbiguousSender
    );
    // The same contact pinned twice under the same name is not ambiguous.
    let o = open(
        &b,
        &bob,
        &[pin("Alice", &alice.public()), pin("Alice", &alice.public())],
    );
    assert_eq!(o.unwrap().sender, "Alice");
}

#[test]
fn create_refuses_bad_input() {
    let alice = keys();
    let bob = keys().public();
    let ok_parts = parts(3);
    let check = |m: waystone_bundle::Manifest, ps: &[Part], rs: &[waystone_bundle::PublicKeys]| {
        create(&m, ps, &alice, rs).unwrap_err()
    };
    let base = || manifest(BundleKind::Case);
    let invalid = |e: BundleError| matches!(e, BundleError::InvalidInput(_));

    assert!(invalid(check(base(), &ok_parts, &[])));
    assert!(invalid(check(
        base(),
        &ok_parts,
        &[bob.clone(), bob.clone()]
    )));
    for bad_name in [
        "",
        "/abs",
        "a//b",
        "a/",
        "../x",
        "a/../b",
        "./a",
        "a\\b",
        "ümlaut",
        "sp ace",
        "a\nb",
        &"n".repeat(256),
    ] {
        let e = check(
            base(),
            &[Part::new(bad_name, vec![1])],
            std::slice::from_ref(&bob),
        );
        assert!(invalid(e), "{bad_name:?}");
    }
    let dup = [Part::new("a.json", vec![1]), Part::new("a.json", vec![2])];
    assert!(invalid(check(base(), &dup, std::slice::from_ref(&bob))));

    let mut m = base();
    m.case_id = String::new();
    assert!(invalid(check(m, &ok_parts, std::slice::from_ref(&bob))));
    let mut m = base();
    m.sender_name = "line\nbreak".into();
    assert!(invalid(check(m, &ok_parts, std::slice::from_ref(&bob))));
    let mut m = base();
    m.form_id = "x".repeat(513);
    assert!(invalid(check(m, &ok_parts, std::slice::from_ref(&bob))));
    let mut m = base();
    m.audit_head = "ABCDEF".into();
    assert!(invalid(check(m, &ok_parts, std::slice::from_ref(&bob))));
    let mut m = base();
    m.audit_head = String::new();
    assert!(create(&m, &ok_parts, &alice, std::slice::from_ref(&bob)).is_ok());
}

#[test]
fn create_enforces_limits() {
    let alice = keys();
    let bob = keys().public();
    let m = manifest(BundleKind::Case);
    let lim = |f: fn(&mut Limits)| {
        let mut l = Limits::default();
        f(&mut l);
        l
    };
    let too_large = |e: BundleError| matches!(e, BundleError::TooLarge(_));
    let ps = parts(1000);
    assert!(too_large(
        create_with_limits(
            &m,
            &ps,
            &alice,
            std::slice::from_ref(&bob),
            &lim(|l| l.max_parts = 2)
        )
        .unwrap_err()
    ));
    assert!(too_large(
        create_with_limits(
            &m,
            &ps,
            &alice,
            std::slice::from_ref(&bob),
            &lim(|l| l.max_total_size = 999)
        )
        .unwrap_err()
    ));
    assert!(too_large(
        create_with_limits(
            &m,
            &ps,
            &alice,
            std::slice::from_ref(&bob),
            &lim(|l| l.max_manifest_len = 100)
        )
        .unwrap_err()
    ));
    let two = [bob.clone(), keys().public()];
    assert!(too_large(
        create_with_limits(&m, &ps, &alice, &two, &lim(|l| l.max_recipients = 1)).unwrap_err()
    ));
    let e = create_with_limits(&m, &ps, &alice, &[bob], &lim(|l| l.max_name_len = 8));
    assert!(matches!(e.unwrap_err(), BundleError::InvalidInput(_)));
}

#[test]
fn open_enforces_the_openers_limits() {
    let alice = keys();
    let bob = keys();
    let b = create(
        &manifest(BundleKind::Case),
        &parts(1000),
        &alice,
        &[bob.public()],
    )
    .unwrap();
    let pinned = [pin("Alice", &alice.public())];
    let lim = |f: fn(&mut Limits)| {
        let mut l = Limits::default();
        f(&mut l);
        l
    };
    for l in [
        lim(|l| l.max_parts = 2),
        lim(|l| l.max_total_size = 999),
        lim(|l| l.max_manifest_len = 100),
    ] {
        let e = open_with_limits(&b, &bob, &pinned, &l).unwrap_err();
        assert!(matches!(e, BundleError::TooLarge(_)), "{l:?}: {e:?}");
    }
    let e = open_with_limits(&b, &bob, &pinned, &lim(|l| l.max_name_len = 8)).unwrap_err();
    assert!(matches!(e, BundleError::Malformed(_)), "{e:?}");
    assert!(open_with_limits(&b, &bob, &pinned, &Limits::default()).is_ok());
}

#[test]
fn too_many_age_recipients_are_refused_before_key_agreement() {
    let alice = keys();
    let many: Vec<UserKeys> = (0..65).map(|_| keys()).collect();
    let publics: Vec<_> = many.iter().map(UserKeys::public).collect();
    let big = Limits {
        max_recipients: 100,
        ..Limits::default()
    };
    let b = create_with_limits(
        &manifest(BundleKind::Case),
        &parts(5),
        &alice,
        &publics,
        &big,
    )
    .unwrap();
    let pinned = [pin("Alice", &alice.public())];
    assert!(matches!(
        open(&b, &many[0], &pinned).unwrap_err(),
        BundleError::TooLarge(_)
    ));
    assert!(open_with_limits(&b, &many[64], &pinned, &big).is_ok());
}

#[test]
fn debug_output_never_shows_content_or_secrets() {
    let alice = keys();
    let bob = keys();
    let b = create(
        &manifest(BundleKind::Case),
        &parts(5),
        &alice,
        &[bob.public()],
    )
    .unwrap();
    let o = open(&b, &bob, &[pin("Alice", &alice.public())]).unwrap();
    let dbg = format!("{o:?}");
    assert!(!dbg.contains(CANARY), "{dbg}");
    assert!(dbg.contains("case.json"));
    assert_eq!(format!("{alice:?}"), "[REDACTED]");
    let secret = alice.to_secret_bytes();
    let secret_text = String::from_utf8_lossy(&secret[6..80]).to_string();
    assert!(!format!("{:?}", alice.public()).contains(&secret_text));
}

#[test]
fn secret_record_round_trip_and_refusals() {
    let k = keys();
    let rec = k.to_secret_bytes();
    let back = UserKeys::from_secret_bytes(&rec).unwrap();
    assert_eq!(back.public(), k.public());
    // The restored keys open what was sent to the original.
    let alice = keys();
    let b = create(
        &manifest(BundleKind::Case),
        &parts(5),
        &alice,
        &[k.public()],
    )
    .unwrap();
    assert!(open(&b, &back, &[pin("Alice", &alice.public())]).is_ok());

    use waystone_bundle::KeysError as E;
    assert_eq!(
        UserKeys::from_secret_bytes(b"").unwrap_err(),
        E::NotUserKeys
    );
    assert_eq!(
        UserKeys::from_secret_bytes(b"XXXX\x01").unwrap_err(),
        E::NotUserKeys
    );
    let mut newer = rec.to_vec();
    newer[4] = 2;
    assert_eq!(
        UserKeys::from_secret_bytes(&newer).unwrap_err(),
        E::NewerVersion(2)
    );
    for cut in [5, 6, 40, rec.len() - 1] {
        assert!(matches!(
            UserKeys::from_secret_bytes(&rec[..cut]).unwrap_err(),
            E::Malformed(_)
        ));
    }
    let mut longer = rec.to_vec();
    longer.push(0);
    assert!(matches!(
        UserKeys::from_secret_bytes(&longer).unwrap_err(),
        E::Malformed(_)
    ));
    let mut bad = rec.to_vec();
    bad[20] ^= 0x01; // damages the bech32 checksum of the age identity
    assert!(matches!(
        UserKeys::from_secret_bytes(&bad).unwrap_err(),
        E::Malformed(_)
    ));
}
