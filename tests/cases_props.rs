//! Property: any generated case survives export → import → export unchanged, whatever text
//! its answers hold (any Unicode, control characters, right-to-left, emoji). Invented data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use waystone::crypto::{Passphrase, KDF_FLOOR};
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::vault::{Role, Vault};

#[test]
fn generated_cases_survive_export_and_import() {
    let t = tempfile::tempdir().unwrap();
    let p = Passphrase::new("lantern quietly orbit seventeen");
    let a = std::cell::RefCell::new(
        Vault::create(&t.path().join("a"), "ana", Role::Admin, &p, KDF_FLOOR)
            .unwrap()
            .0,
    );
    let b = std::cell::RefCell::new(
        Vault::create(&t.path().join("b"), "ana", Role::Admin, &p, KDF_FLOOR)
            .unwrap()
            .0,
    );
    let form = waystone::forms::latest_intake();
    let mut runner = TestRunner::new(Config {
        cases: 48,
        ..Config::default()
    });
    let strategy = (
        any::<u64>(),
        0u32..1000,
        "\\PC{0,200}",
        prop::option::of(any::<String>()),
        any::<bool>(),
    );
    runner
        .run(&strategy, |(seed, index, narrative, notes, declined)| {
            let mut answers = waystone::demo::demo_case_answers(seed, index);
            let path = |s: &str| s.parse::<AnswerPath>().unwrap();
            answers.set(path("narrative"), Answer::Value(Value::Text(narrative)));
            match notes {
                Some(n) => answers.set(path("interviewer_notes"), Answer::Value(Value::Text(n))),
                None => answers.remove(&path("interviewer_notes")),
            };
            if declined {
                answers.set(path("date_of_birth"), Answer::Declined);
            }
            let (mut a, mut b) = (a.borrow_mut(), b.borrow_mut());
            let created = a.create_case_with(&form, &answers).unwrap();
            let first = a
                .readable(&created.id)
                .and_then(|mut g| g.export())
                .unwrap();
            let (id, new) = b.import_case(&first).unwrap();
            prop_assert!(new);
            prop_assert_eq!(&id, &created.id);
            prop_assert_eq!(b.readable(&id).and_then(|mut g| g.export()).unwrap(), first);
            prop_assert!(b.readable(&id).and_then(|mut g| g.case()).unwrap().answers == answers);
            Ok(())
        })
        .unwrap();
}
