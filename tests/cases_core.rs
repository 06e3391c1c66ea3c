//! Case storage in the core: answers saved with history, structural problems refused,
//! repeat instances removed with their answers, attachments encrypted, tamper-evident and
//! bound to their case. All data is invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use waystone::crypto::{Passphrase, KDF_FLOOR};
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::vault::{Role, Vault, VaultError, ATTACHMENTS_DIR};

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}

fn text(s: &str) -> Option<Answer> {
    Some(Answer::Value(Value::Text(s.into())))
}

fn vault() -> (tempfile::TempDir, Vault) {
    let t = tempfile::tempdir().unwrap();
    let pass = Passphrase::new("lantern quietly orbit seventeen");
    let (v, _) = Vault::create(&t.path().join("v"), "ana", Role::Admin, &pass, KDF_FLOOR).unwrap();
    (t, v)
}

#[test]
fn answers_are_saved_with_history_and_structural_problems_refused() {
    let (_t, mut v) = vault();
    let c = v.create_case(&waystone::forms::latest_intake()).unwrap();
    v.writable(&c.id)
        .and_then(|mut g| {
            g.save_answer(
                &p("consent_documentation"),
                Some(Answer::Value(Value::YesNo(true))),
            )
        })
        .unwrap();
    v.writable(&c.id)
        .and_then(|mut g| g.save_answer(&p("narrative"), text("first")))
        .unwrap();
    v.writable(&c.id)
        .and_then(|mut g| g.save_answer(&p("narrative"), text("second")))
        .unwrap();
    v.writable(&c.id)
        .and_then(|mut g| g.save_answer(&p("narrative"), Some(Answer::Declined)))
        .unwrap();
    let case = v.readable(&c.id).and_then(|mut g| g.case()).unwrap();
    assert_eq!(case.answers.get(&p("narrative")), Some(&Answer::Declined));
    let history = v.readable(&c.id).and_then(|g| g.history()).unwrap();
    let narrative: Vec<_> = history.iter().filter(|h| h.path == "narrative").collect();
    assert_eq!(narrative.len(), 3);
    assert!(narrative.iter().all(|h| h.by == "ana" && !h.at.is_empty()));

    for (path, answer) in [
        ("no_such_question", text("x")),
        ("narrative", Some(Answer::Value(Value::Integer(3)))),
        (
            "evacuation_stage",
            Some(Answer::Value(Value::Choice("on_the_moon".into()))),
        ),
        ("episodes[4].unit", text("x")),
    ] {
        let r = v
            .writable(&c.id)
            .and_then(|mut g| g.save_answer(&p(path), answer));
        assert!(matches!(r, Err(VaultError::Invalid(_))), "{path}: {r:?}");
    }
    assert!(matches!(
        v.writable("nope")
            .and_then(|mut g| g.save_answer(&p("narrative"), text("x"))),
        Err(VaultError::CaseNotFound)
    ));
}

#[test]
fn removing_an_episode_removes_its_answers_and_renumbers_the_rest() {
    let (_t, mut v) = vault();
    let c = v.create_case(&waystone::forms::latest_intake()).unwrap();
    v.writable(&c.id)
        .and_then(|mut g| {
            g.save_answer(
                &p("consent_documentation"),
                Some(Answer::Value(Value::YesNo(true))),
            )
        })
        .unwrap();
    for i in 0..3 {
        assert_eq!(
            v.writable(&c.id)
                .and_then(|mut g| g.add_repeat(&p("episodes")))
                .unwrap(),
            i
        );
        v.writable(&c.id)
            .and_then(|mut g| {
                g.save_answer(
                    &p(&format!("episodes[{i}].unit")),
                    text(&format!("unit {i}")),
                )
            })
            .unwrap();
    }
    v.writable(&c.id)
        .and_then(|mut g| g.remove_repeat(&p("episodes"), 1))
        .unwrap();
    let a = v
        .readable(&c.id)
        .and_then(|mut g| g.case())
        .unwrap()
        .answers;
    assert_eq!(a.repeat_count(&p("episodes")), 2);
    assert_eq!(a.get(&p("episodes[0].unit")), text("unit 0").as_ref());
    assert_eq!(a.get(&p("episodes[1].unit")), text("unit 2").as_ref());
    assert_eq!(a.get(&p("episodes[2].unit")), None);
    assert!(
        v.writable(&c.id)
            .and_then(|mut g| g.add_repeat(&p("narrative")))
            .is_err(),
        "not a repeat"
    );
}

#[test]
fn attachments_are_encrypted_checked_and_bound_to_their_case() {
    let (t, mut v) = vault();
    let form = waystone::forms::latest_intake();
    let c1 = v.create_case(&form).unwrap();
    let c2 = v.create_case(&form).unwrap();
    let photo: Vec<u8> = b"SYNTHETIC-INJURY-PHOTO-MARKER-4410 ".repeat(5000);
    let m1 = v
        .writable(&c1.id)
        .and_then(|mut g| g.add_attachment("photo.jpg", "image/jpeg", &photo))
        .unwrap();
    let m2 = v
        .writable(&c2.id)
        .and_then(|mut g| g.add_attachment("other.jpg", "image/jpeg", b"another invented file"))
        .unwrap();
    assert_eq!(
        v.readable(&c1.id)
            .and_then(|mut g| g.attachment(&m1.id))
            .unwrap()
            .as_slice(),
        photo.as_slice()
    );
    assert_eq!(m1.size, photo.len() as u64);

    let dir = t.path().join("v").join(ATTACHMENTS_DIR);
    let f1 = dir.join(format!("{}.bin", m1.id));
    let f2 = dir.join(format!("{}.bin", m2.id));
    let stored = std::fs::read(&f1).unwrap();
    assert!(
        !stored
            .windows(34)
            .any(|w| w == b"SYNTHETIC-INJURY-PHOTO-MARKER-4410"),
        "plaintext on disk"
    );

    // reading through the wrong case is refused
    assert!(v
        .readable(&c2.id)
        .and_then(|mut g| g.attachment(&m1.id))
        .is_err());
    // a file copied over another case's attachment is refused
    let original2 = std::fs::read(&f2).unwrap();
    std::fs::write(&f2, &stored).unwrap();
    assert!(matches!(
        v.readable(&c2.id).and_then(|mut g| g.attachment(&m2.id)),
        Err(VaultError::Corrupt(_))
    ));
    std::fs::write(&f2, &original2).unwrap();
    // one flipped bit anywhere is refused
    for at in [0, 12, stored.len() / 2, stored.len() - 1] {
        let mut bad = stored.clone();
        bad[at] ^= 0x01;
        std::fs::write(&f1, &bad).unwrap();
        assert!(
            matches!(
                v.readable(&c1.id).and_then(|mut g| g.attachment(&m1.id)),
                Err(VaultError::Corrupt(_))
            ),
            "byte {at}"
        );
    }
    std::fs::write(&f1, &stored).unwrap();
    assert_eq!(
        v.readable(&c1.id)
            .and_then(|mut g| g.attachment(&m1.id))
            .unwrap()
            .len(),
        photo.len()
    );
}
