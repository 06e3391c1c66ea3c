//! A case on an imported form travels with its form: the bundle carries the definition
//! (covered by the signed manifest), the recipient registers it with the case (not offered
//! for new interviews) or uses the identical one it holds, refuses one that differs under the
//! same id and version and writes nothing, and refuses a carried definition altered after
//! signing. The same through a folder mailbox. Older bundles (no form carried) still open.
//! Every form, person and answer here is invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone::exchange::mailbox::{parse_key_line, MailboxSetup};
use waystone::exchange::BundleRefusal;
use waystone::forms::xlsform::testing::InventedCheckin;
use waystone::forms::{Answer, AnswerPath, Answers, Value};
use waystone::vault::{Vault, VaultError};
use waystone_bundle::testing::{seal, unseal, RawArchive};
use waystone_bundle::{PublicKeys, UserKeys};

/// An invented follow-up form; `label` changes one question's label (another definition
/// under the same id and version).
fn followup(label: &str) -> Vec<u8> {
    InventedCheckin {
        shelter_needs: [label, "Нужды в убежище"],
        ..InventedCheckin::default()
    }
    .xlsx()
}

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}

/// Alice (with the form and a case on it) and Bob (without the form), pinned to each other.
fn two_vaults(t: &std::path::Path) -> (Vault, Vault, String) {
    let (mut alice, _) = vault_in(t, "alice");
    let (mut bob, _) = vault_in(t, "bob");
    alice
        .import_form(&followup("Shelter needs"), "followup")
        .unwrap();
    let form = alice.form("followup", Some(1)).unwrap();
    let mut a = Answers::new();
    a.set(
        p("consent_documentation"),
        Answer::Value(Value::YesNo(true)),
    );
    a.set(
        p("shelter_needs"),
        Answer::Value(Value::Text("A quiet room (invented)".into())),
    );
    a.set_repeat_count(p("moves"), 1);
    a.set(
        p("moves[0].city"),
        Answer::Value(Value::Text("Invented Town".into())),
    );
    let case = alice.create_case_with(&form, &a).unwrap();
    let (la, lb) = (line(&mut alice), line(&mut bob));
    alice.add_contact("bob", &lb, false).unwrap();
    bob.add_contact("alice", &la, false).unwrap();
    (alice, bob, case.id)
}

fn answers_of(v: &mut Vault, id: &str) -> Answers {
    v.readable(id).and_then(|mut g| g.case()).unwrap().answers
}

fn imported_forms(v: &Vault) -> Vec<(String, u32, bool)> {
    v.forms()
        .unwrap()
        .into_iter()
        .filter(|f| f.source == waystone::catalog::FormSource::Imported)
        .map(|f| (f.id, f.version, f.available))
        .collect()
}

#[test]
fn a_case_on_an_imported_form_travels_with_its_form() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, mut bob, id) = two_vaults(t.path());
    assert!(imported_forms(&bob).is_empty());
    let bytes = alice.create_bundle(&id, &["bob"], false).unwrap();
    // the manifest lists the carried definition beside the document
    let preview = bob.verify_bundle(&bytes).unwrap();
    let names: Vec<&str> = preview.parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["case.json", "form.json"]);
    assert_eq!(
        (preview.form_id.as_str(), preview.form_version),
        ("followup", 1)
    );
    // verifying wrote nothing
    assert!(imported_forms(&bob).is_empty());

    let got = bob.open_bundle(&bytes).unwrap();
    assert!(got.created);
    // registered with the case, not offered for new interviews until an admin decides
    assert_eq!(imported_forms(&bob), [("followup".to_owned(), 1, false)]);
    assert!(bob
        .forms_for_new_interview()
        .unwrap()
        .iter()
        .all(|f| f.id != "followup"));
    assert_eq!(answers_of(&mut bob, &id), answers_of(&mut alice, &id));
    // the same definition as the sender's, digest and all
    assert_eq!(
        bob.form("followup", Some(1)).unwrap().to_definition_json(),
        alice
            .form("followup", Some(1))
            .unwrap()
            .to_definition_json()
    );
    assert!(bob
        .audit_entries()
        .unwrap()
        .iter()
        .any(|e| e.action == "form.receive"));

    // an update of the case comes back to Alice, who holds the form: used as held
    {
        let mut w = bob.writable(&id).unwrap();
        w.save_answer(
            &p("shelter_needs"),
            Some(Answer::Value(Value::Text("Two rooms (invented)".into()))),
        )
        .unwrap();
    }
    let back = bob.create_bundle(&id, &["alice"], false).unwrap();
    let got = alice.open_bundle(&back).unwrap();
    assert!(!got.created);
    assert_eq!(answers_of(&mut alice, &id), answers_of(&mut bob, &id));
    assert_eq!(imported_forms(&alice), [("followup".to_owned(), 1, true)]);
    // a status card of the case carries the form too
    let card = alice.create_bundle(&id, &["bob"], true).unwrap();
    let preview = bob.verify_bundle(&card).unwrap();
    assert_eq!(preview.parts.len(), 2);
}

#[test]
fn the_same_version_with_another_definition_is_refused_and_nothing_written() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, mut bob, id) = two_vaults(t.path());
    // Bob holds another definition under the same id and version
    bob.import_form(&followup("Needs of another kind"), "followup")
        .unwrap();
    let before = imported_forms(&bob);
    let bytes = alice.create_bundle(&id, &["bob"], false).unwrap();
    let err = bob.open_bundle(&bytes).unwrap_err();
    match &err {
        VaultError::InvalidForm(msgs) => {
            let m = msgs.join(" ");
            assert!(m.contains("`followup` version 1"), "{m}");
            assert!(m.contains("never changes"), "{m}");
        }
        other => panic!("expected the form refused, got {other:?}"),
    }
    assert!(bob.list_cases(&Default::default()).unwrap().is_empty());
    assert_eq!(imported_forms(&bob), before);
    assert!(bob.incoming(false).unwrap().is_empty());
}

#[test]
fn a_carried_definition_altered_after_signing_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, mut bob, id) = two_vaults(t.path());
    // an attacker who can read the bundle (a recipient's key: here a probe the test holds)
    // edits the carried form and re-encrypts it to Bob, keeping Alice's signature
    let probe = UserKeys::generate().unwrap();
    alice
        .add_contact("probe", &probe.public().to_line(), false)
        .unwrap();
    let bytes = alice.create_bundle(&id, &["bob", "probe"], false).unwrap();
    let mut raw = RawArchive::parse(&unseal(&bytes, &probe).unwrap()).unwrap();
    assert_eq!(raw.parts[1].0, "form.json");
    let original = raw.parts[1].1.clone();
    let edited = String::from_utf8(original.clone())
        .unwrap()
        .replace("Shelter needs", "Shelter needz")
        .into_bytes();
    assert_ne!(edited, original);
    raw.parts[1].1 = edited.clone();
    let to_bob = |raw: &RawArchive, bob: &mut Vault| {
        seal(
            &raw.encode(),
            &[PublicKeys::parse_line(&line(bob)).unwrap()],
        )
        .unwrap()
    };
    let refused = |r: Result<(), VaultError>| match r {
        Err(VaultError::BundleRefused(reason, _)) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    };
    // the part no longer has the digest Alice signed
    let forged = to_bob(&raw, &mut bob);
    assert_eq!(
        refused(bob.open_bundle(&forged).map(|_| ())),
        BundleRefusal::Altered
    );
    // the manifest edited to the new digest: Alice's signature no longer verifies
    let sha = |b: &[u8]| hex::encode(<sha2::Sha256 as sha2::Digest>::digest(b));
    let manifest = String::from_utf8(raw.manifest.clone()).unwrap();
    assert!(manifest.contains(&sha(&original)));
    raw.manifest = manifest
        .replace(&sha(&original), &sha(&edited))
        .into_bytes();
    let forged = to_bob(&raw, &mut bob);
    assert_eq!(
        refused(bob.open_bundle(&forged).map(|_| ())),
        BundleRefusal::BadSignature
    );
    // and signed again by the attacker: not a key Bob pinned
    raw.resign(&probe);
    let forged = to_bob(&raw, &mut bob);
    let reason = refused(bob.open_bundle(&forged).map(|_| ()));
    assert!(
        matches!(
            reason,
            BundleRefusal::UnknownSender | BundleRefusal::SenderMismatch
        ),
        "{reason:?}"
    );
    assert!(bob.list_cases(&Default::default()).unwrap().is_empty());
    assert!(imported_forms(&bob).is_empty());
}

#[test]
fn a_bundle_without_a_carried_form_still_opens() {
    // a case on the built-in intake carries no form, as every bundle before forms travelled
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    let cases = waystone::demo::add_demo_cases(&mut alice, &waystone::forms::latest_intake(), 1, 5)
        .unwrap();
    let (la, lb) = (line(&mut alice), line(&mut bob));
    alice.add_contact("bob", &lb, false).unwrap();
    bob.add_contact("alice", &la, false).unwrap();
    let bytes = alice.create_bundle(&cases[0].id, &["bob"], false).unwrap();
    let preview = bob.verify_bundle(&bytes).unwrap();
    assert_eq!(preview.parts.len(), 1);
    assert!(bob.open_bundle(&bytes).unwrap().created);
    assert!(imported_forms(&bob).is_empty());
}

#[test]
fn the_mailbox_carries_the_form_too() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, mut bob, id) = two_vaults(t.path());
    let folder = t.path().join("mailbox");
    std::fs::create_dir(&folder).unwrap();
    alice
        .add_mailbox(
            "team",
            MailboxSetup::Folder {
                path: folder.clone(),
            },
            None,
        )
        .unwrap();
    let key = alice.mailbox_key_line("team").unwrap();
    bob.add_mailbox(
        "team",
        MailboxSetup::Folder { path: folder },
        Some(parse_key_line(&key).unwrap()),
    )
    .unwrap();
    // Carol holds another definition under the same id and version
    let (mut carol, _) = vault_in(t.path(), "carol");
    carol
        .import_form(&followup("Needs of another kind"), "followup")
        .unwrap();
    carol
        .add_mailbox(
            "team",
            MailboxSetup::Folder {
                path: t.path().join("mailbox"),
            },
            Some(parse_key_line(&key).unwrap()),
        )
        .unwrap();
    let (la, lc) = (line(&mut alice), line(&mut carol));
    alice.add_contact("carol", &lc, false).unwrap();
    carol.add_contact("alice", &la, false).unwrap();

    alice
        .queue_send(&id, &["bob", "carol"], false, None)
        .unwrap();
    let sent = alice.sync_mailboxes().unwrap();
    assert_eq!(sent.sent, 2);
    let got = bob.sync_mailboxes().unwrap();
    assert_eq!((got.imported, got.refused), (1, 0));
    assert_eq!(imported_forms(&bob), [("followup".to_owned(), 1, false)]);
    assert_eq!(answers_of(&mut bob, &id), answers_of(&mut alice, &id));
    // refused at Carol's, once and for good (not retried), nothing written
    let got = carol.sync_mailboxes().unwrap();
    assert_eq!((got.imported, got.refused), (0, 1));
    assert!(carol.list_cases(&Default::default()).unwrap().is_empty());
    assert_eq!(imported_forms(&carol), [("followup".to_owned(), 1, true)]);
    let refused = carol.mailbox_refusals().unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0].reason,
        waystone::exchange::mailbox::ObjectRefusal::InvalidCase
    );
    let again = carol.sync_mailboxes().unwrap();
    assert_eq!((again.received, again.refused), (0, 0));
}
