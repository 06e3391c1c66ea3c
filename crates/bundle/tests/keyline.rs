//! Public key lines and fingerprints: printing, parsing, tolerance of messenger mangling, and
//! specific refusals of damaged lines.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use waystone_bundle::{Fingerprint, KeyLineError, PublicKeys, UserKeys};

/// age's specification example recipient and RFC 8032 test 1's public key.
const VECTOR_AGE: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
const VECTOR_ED: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

fn vector_line() -> String {
    format!("waystone-key-v1 {VECTOR_AGE} ed25519:{VECTOR_ED}")
}

#[test]
fn known_answer_line_and_fingerprint() {
    let keys = PublicKeys::parse_line(&vector_line()).unwrap();
    assert_eq!(keys.to_line(), vector_line());
    assert_eq!(keys.age_recipient(), VECTOR_AGE);
    assert_eq!(
        hex::encode(keys.ed25519_bytes()),
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    );
    // SHA-256("waystone-key-fingerprint-v1" 0x00 age1… 0x00 ed25519)[..20], base32, 8×4.
    assert_eq!(
        keys.fingerprint().to_string(),
        "KTV6 LMZQ JE4E NFOK 4JOX GXUG GXI3 VVOT"
    );
}

#[test]
fn print_parse_round_trip() {
    for _ in 0..20 {
        let k = UserKeys::generate().unwrap().public();
        let line = k.to_line();
        assert!(line.starts_with("waystone-key-v1 age1"));
        assert!(!line.contains('\n'));
        assert_eq!(PublicKeys::parse_line(&line).unwrap(), k);
        let (back, hint) = PublicKeys::parse_line_with_hint(&line).unwrap();
        assert_eq!((back, hint), (k.clone(), None));

        let hinted = k.to_line_with_hint("Lawyer, Strasbourg — Адвокат");
        let (back, hint) = PublicKeys::parse_line_with_hint(&hinted).unwrap();
        assert_eq!(back, k);
        assert_eq!(hint.as_deref(), Some("Lawyer, Strasbourg — Адвокат"));
        assert_eq!(back.fingerprint(), k.fingerprint());
    }
}

#[test]
fn hints_are_tidied_when_printed() {
    let k = UserKeys::generate().unwrap().public();
    let line = k.to_line_with_hint("  two\twords\u{7}\nhere  ");
    assert_eq!(
        PublicKeys::parse_line_with_hint(&line)
            .unwrap()
            .1
            .as_deref(),
        Some("two words here")
    );
    assert_eq!(k.to_line_with_hint(" \u{1b} "), k.to_line());
    let long = k.to_line_with_hint(&"я".repeat(100));
    let hint = PublicKeys::parse_line_with_hint(&long).unwrap().1.unwrap();
    assert_eq!(hint.chars().count(), 64);
}

#[test]
fn messenger_mangling_is_tolerated() {
    let keys = PublicKeys::parse_line(&vector_line()).unwrap();
    let unpadded = vector_line().trim_end_matches('=').to_string();
    for mangled in [
        format!("  {}  \r\n", vector_line()),
        vector_line().replace(' ', "\n"),
        vector_line().replace(' ', " \t "),
        unpadded,
        vector_line().replace(VECTOR_AGE, &VECTOR_AGE.to_uppercase()),
    ] {
        assert_eq!(
            PublicKeys::parse_line(&mangled).as_ref(),
            Ok(&keys),
            "{mangled:?}"
        );
    }
}

/// Data-driven refusals: (line, expected error).
#[test]
fn damaged_lines_are_refused_specifically() {
    use KeyLineError as E;
    let v = vector_line();
    let ed = format!("ed25519:{VECTOR_ED}");
    // Change one character of the age recipient: the bech32 checksum catches it.
    let age_typo = VECTOR_AGE.replacen('q', "p", 1);
    // A y with no curve point, a non-canonical encoding (y = 2^255 - 1 ≥ p), and a
    // small-order point.
    let mut two = [0u8; 32];
    two[0] = 2;
    let not_a_point = format!("ed25519:{}", base64_of(&two));
    let non_canonical = format!("ed25519:{}", base64_of(&[0xffu8; 32]));
    let small_order = format!(
        "ed25519:{}",
        base64_of(&{
            let mut b = [0u8; 32];
            b[0] = 1; // the identity point
            b
        })
    );
    let cases: Vec<(String, E)> = vec![
        (String::new(), E::Empty),
        ("   \n ".into(), E::Empty),
        ("hello world".into(), E::NotAKeyLine),
        (v.replace("waystone-key-v1", "waystone-key"), E::NotAKeyLine),
        (
            v.replace("waystone-key-v1", "Waystone-key-v1"),
            E::NotAKeyLine,
        ),
        (
            v.replace("waystone-key-v1", "waystone-key-v2"),
            E::NewerVersion(2),
        ),
        (
            v.replace("waystone-key-v1", "waystone-key-v0"),
            E::NotAKeyLine,
        ),
        ("waystone-key-v1".into(), E::MissingAgeRecipient),
        (
            format!("waystone-key-v1 {ed} {VECTOR_AGE}"),
            E::MissingAgeRecipient,
        ),
        (
            v.replace(VECTOR_AGE, &age_typo),
            E::BadAgeRecipient("invalid Bech32 encoding"),
        ),
        (
            v.replace(VECTOR_AGE, &VECTOR_AGE[..40]),
            E::BadAgeRecipient("invalid Bech32 encoding"),
        ),
        (format!("waystone-key-v1 {VECTOR_AGE}"), E::MissingEd25519),
        (
            format!("waystone-key-v1 {VECTOR_AGE} {VECTOR_ED}"),
            E::MissingEd25519,
        ),
        (v.replace("ed25519:", "ed448:"), E::MissingEd25519),
        (
            v.replace(VECTOR_ED, &VECTOR_ED[..20]),
            E::BadEd25519Encoding,
        ),
        (v.replace(VECTOR_ED, "!!!!"), E::BadEd25519Encoding),
        (
            v.replace(VECTOR_ED, &base64_of(&[7u8; 33])),
            E::BadEd25519Encoding,
        ),
        (v.replace(&ed, &not_a_point), E::BadEd25519Key),
        (v.replace(&ed, &non_canonical), E::BadEd25519Key),
        (v.replace(&ed, &small_order), E::BadEd25519Key),
        (format!("{v} {}", "x".repeat(65)), E::BadNameHint),
        (format!("{v} bell\u{7}"), E::BadNameHint),
    ];
    for (line, want) in cases {
        let got = PublicKeys::parse_line(&line);
        assert_eq!(got.as_ref().map(|_| ()), Err(&want), "{line:?}");
        // Messages never echo the line.
        let msg = want.to_string();
        assert!(
            !msg.contains(&VECTOR_ED[..10]) && !msg.contains(&VECTOR_AGE[5..20]),
            "{msg}"
        );
    }
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn fingerprints_differ_when_either_key_differs() {
    let a = UserKeys::generate().unwrap().public();
    let b = UserKeys::generate().unwrap().public();
    let mixed = PublicKeys::parse_line(&format!(
        "waystone-key-v1 {} {}",
        a.age_recipient(),
        b.to_line().split(' ').nth(2).unwrap()
    ))
    .unwrap();
    let fps = [a.fingerprint(), b.fingerprint(), mixed.fingerprint()];
    assert!(fps[0] != fps[1] && fps[0] != fps[2] && fps[1] != fps[2]);
    assert_eq!(Fingerprint::parse("not a fingerprint"), None);
    assert_eq!(Fingerprint::parse(&a.fingerprint().to_string()[..30]), None);
}
