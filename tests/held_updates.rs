//! Held updates and the provenance of a case's versions: who may decide a held update (the
//! right it would exercise, not whoever opened it), what a status card may change, what a
//! card that created a case makes its sender, the version a card records, decisions on the
//! vault as it is when they are taken, and trust given explicitly on accept. Every person in
//! these cases is invented (demo data).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{line, vault_in, PASS};
use waystone::crypto::Passphrase;
use waystone::exchange::{BundleRefusal, Outcome};
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::vault::{Role, Vault, VaultError};

fn path(p: &str) -> AnswerPath {
    p.parse().unwrap()
}

fn narrate(v: &mut Vault, id: &str, text: &str) {
    std::thread::sleep(std::time::Duration::from_millis(5));
    v.writable(id)
        .and_then(|mut g| {
            g.save_answer(
                &path("narrative"),
                Some(Answer::Value(Value::Text(text.into()))),
            )
        })
        .unwrap();
}

fn held_id(o: Outcome) -> i64 {
    match o {
        Outcome::Held { incoming_id } => incoming_id,
        other => panic!("not held: {other:?}"),
    }
}

fn refusal<T: std::fmt::Debug>(r: Result<T, VaultError>) -> BundleRefusal {
    match r {
        Err(VaultError::BundleRefused(reason, _)) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Two people who know each other's keys.
fn pair(a: &mut Vault, a_name: &str, b: &mut Vault, b_name: &str) {
    let (la, lb) = (line(a), line(b));
    a.add_contact(b_name, &lb, false).unwrap();
    b.add_contact(a_name, &la, false).unwrap();
}

fn demo_case(v: &mut Vault, seed: u64) -> String {
    let form = waystone::forms::latest_intake();
    waystone::demo::add_demo_cases(v, &form, 1, seed).unwrap()[0]
        .id
        .clone()
}

#[test]
fn a_lawyer_cannot_rewrite_testimony_through_a_held_update_and_its_caseworker_decides_it() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    // the lawyer's second vault, where they are admin
    let (mut second, _) = vault_in(t.path(), "second");
    let (mut admin, _) = vault_in(t.path(), "org");
    let (pl, pc) = (
        Passphrase::new("amber ferry counts nine slow winter"),
        Passphrase::new("copper meadow whistle ninety lantern"),
    );
    admin.add_user("law", Role::Lawyer, &pl).unwrap();
    admin.add_user("cw", Role::Caseworker, &pc).unwrap();
    let dir = admin.dir().to_path_buf();
    drop(admin);
    let open = |user: &str, p: &Passphrase| Vault::unlock(&dir, Some(user), p).unwrap();
    let mut law = open("law", &pl);
    pair(&mut alice, "alice", &mut law, "law");
    pair(&mut second, "second", &mut law, "law");
    alice
        .add_contact("second", &line(&mut second), false)
        .unwrap();
    second
        .add_contact("alice", &line(&mut alice), false)
        .unwrap();
    let id = demo_case(&mut alice, 201);
    let first = alice.create_bundle(&id, &["law", "second"], false).unwrap();
    assert!(law.open_bundle(&first).unwrap().created);
    second.open_bundle(&first).unwrap();
    drop(law);
    // the case's caseworker here
    let mut admin = open("org", &Passphrase::new(PASS));
    admin.assign(&id, Some("cw"), Some("law")).unwrap();
    drop(admin);
    let mut law = open("law", &pl);
    let before = law.readable(&id).and_then(|mut g| g.export()).unwrap();

    // the lawyer edits the testimony in their second vault and sends it to themselves
    narrate(&mut second, &id, "An invented rewrite of the account.");
    let edited = second.create_bundle(&id, &["law"], false).unwrap();
    let held = held_id(law.open_bundle(&edited).unwrap().outcome);
    assert!(matches!(
        law.accept_incoming(held),
        Err(VaultError::Forbidden)
    ));
    assert!(matches!(
        law.accept_incoming_with(held, true),
        Err(VaultError::Forbidden)
    ));
    assert_eq!(
        law.readable(&id).and_then(|mut g| g.export()).unwrap(),
        before
    );
    // the lawyer still sees what they opened
    assert_eq!(law.incoming(true).unwrap().len(), 1);
    drop(law);

    // the case's caseworker sees the held update and decides it
    let mut cw = open("cw", &pc);
    let listed = cw.incoming(true).unwrap();
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), vec![held]);
    assert_eq!(listed[0].changed, vec!["narrative".to_owned()]);
    assert_eq!(cw.accept_incoming(held).unwrap().outcome, Outcome::Imported);
    assert_ne!(
        cw.readable(&id).and_then(|mut g| g.export()).unwrap(),
        before
    );
}

#[test]
fn someone_without_the_right_neither_sees_nor_decides_anothers_held_update() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut carol, _) = vault_in(t.path(), "carol");
    let (mut admin, _) = vault_in(t.path(), "org");
    pair(&mut alice, "alice", &mut admin, "org");
    pair(&mut carol, "carol", &mut admin, "org");
    pair(&mut carol, "carol", &mut alice, "alice");
    let id = demo_case(&mut alice, 202);
    let first = alice.create_bundle(&id, &["org", "carol"], false).unwrap();
    admin.open_bundle(&first).unwrap();
    carol.open_bundle(&first).unwrap();
    narrate(&mut carol, &id, "An invented account carol rewrote.");
    let held = held_id(
        admin
            .open_bundle(&carol.create_bundle(&id, &["org"], false).unwrap())
            .unwrap()
            .outcome,
    );
    let pc = Passphrase::new("copper meadow whistle ninety lantern");
    admin.add_user("cw2", Role::Caseworker, &pc).unwrap();
    let dir = admin.dir().to_path_buf();
    drop(admin);
    let mut cw2 = Vault::unlock(&dir, Some("cw2"), &pc).unwrap();
    assert!(cw2.incoming(false).unwrap().is_empty());
    assert!(matches!(
        cw2.accept_incoming(held),
        Err(VaultError::Forbidden | VaultError::NoSuchIncoming)
    ));
    assert!(matches!(
        cw2.reject_incoming(held),
        Err(VaultError::Forbidden | VaultError::NoSuchIncoming)
    ));
}

#[test]
fn a_status_card_that_creates_a_case_trusts_its_sender_for_cards_only() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut dave, _) = vault_in(t.path(), "dave");
    pair(&mut alice, "alice", &mut dave, "dave");
    let id = demo_case(&mut alice, 203);
    let card = alice.create_bundle(&id, &["dave"], true).unwrap();
    assert!(dave.open_bundle(&card).unwrap().created);
    narrate(&mut alice, &id, "An invented later account.");
    let whole = alice.create_bundle(&id, &["dave"], false).unwrap();
    assert!(matches!(
        dave.open_bundle(&whole).unwrap().outcome,
        Outcome::Held { .. }
    ));
}

#[test]
fn a_status_card_never_changes_the_consent_held_here_nor_the_cases_code() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    pair(&mut alice, "alice", &mut bob, "bob");
    let id = demo_case(&mut alice, 204);
    let consent = path("consent_documentation");
    let stage = path("evacuation_stage");
    alice
        .writable(&id)
        .and_then(|mut g| g.save_answer(&consent, Some(Answer::Value(Value::YesNo(true)))))
        .unwrap();
    bob.open_bundle(&alice.create_bundle(&id, &["bob"], false).unwrap())
        .unwrap();
    let held_consent = bob
        .readable(&id)
        .and_then(|mut g| g.case())
        .unwrap()
        .answers
        .get(&consent)
        .cloned();
    assert_eq!(held_consent, Some(Answer::Value(Value::YesNo(true))));

    // a card that says consent was withdrawn and moves the stage: the stage only
    std::thread::sleep(std::time::Duration::from_millis(5));
    alice
        .writable(&id)
        .and_then(|mut g| g.save_answer(&consent, Some(Answer::Value(Value::YesNo(false)))))
        .unwrap();
    let moved = Answer::Value(Value::Choice("in_transit".into()));
    alice
        .writable(&id)
        .and_then(|mut g| g.save_answer(&stage, Some(moved.clone())))
        .unwrap();
    let card = alice.create_bundle(&id, &["bob"], true).unwrap();
    let preview = bob.verify_bundle(&card).unwrap();
    assert!(!preview
        .changed
        .contains(&"consent_documentation".to_owned()));
    let r = bob.open_bundle(&card).unwrap();
    assert_eq!(r.outcome, Outcome::Imported);
    assert!(!r.changed.contains(&"consent_documentation".to_owned()));
    let after = bob
        .readable(&id)
        .and_then(|mut g| g.case())
        .unwrap()
        .answers;
    assert_eq!(after.get(&consent).cloned(), held_consent);
    assert_eq!(after.get(&stage), Some(&moved));

    // a card naming another code for the case: refused, nothing changed
    let mut doc: serde_json::Value =
        serde_json::from_str(&alice.readable(&id).and_then(|mut g| g.export()).unwrap()).unwrap();
    doc["code"] = "WS-ZZZZ-ZZZZ".into();
    doc["updated_at"] = chrono::Utc::now()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        .into();
    alice.import_case(&doc.to_string()).unwrap();
    let renamed = alice.create_bundle(&id, &["bob"], true).unwrap();
    let before = bob.readable(&id).and_then(|mut g| g.export()).unwrap();
    assert_eq!(refusal(bob.verify_bundle(&renamed)), BundleRefusal::Altered);
    assert_eq!(refusal(bob.open_bundle(&renamed)), BundleRefusal::Altered);
    assert_eq!(
        bob.readable(&id).and_then(|mut g| g.export()).unwrap(),
        before
    );
}

#[test]
fn a_card_dated_ahead_does_not_block_the_origins_next_update() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    let (mut carol, _) = vault_in(t.path(), "carol");
    pair(&mut alice, "alice", &mut bob, "bob");
    pair(&mut carol, "carol", &mut bob, "bob");
    let id = demo_case(&mut alice, 205);
    bob.open_bundle(&alice.create_bundle(&id, &["bob"], false).unwrap())
        .unwrap();
    // bob sends carol (who follows the board) a card; carol's clock runs 30 minutes ahead
    carol
        .open_bundle(&bob.create_bundle(&id, &["carol"], true).unwrap())
        .unwrap();
    carol
        .writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &path("evacuation_stage"),
                Some(Answer::Value(Value::Choice("in_transit".into()))),
            )
        })
        .unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_str(&carol.readable(&id).and_then(|mut g| g.export()).unwrap()).unwrap();
    doc["updated_at"] = (chrono::Utc::now() + chrono::Duration::minutes(30))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        .into();
    carol.import_case(&doc.to_string()).unwrap();
    let card = carol.create_bundle(&id, &["bob"], true).unwrap();
    assert_eq!(bob.open_bundle(&card).unwrap().outcome, Outcome::Imported);

    // the origin's genuine update a moment later is not refused as older; it does not carry
    // the stage carol's card set here, so it is held for a merge, never applied over it
    narrate(&mut alice, &id, "An invented later account.");
    let update = alice.create_bundle(&id, &["bob"], false).unwrap();
    let r = bob.open_bundle(&update).unwrap();
    let Outcome::Conflict { incoming_id } = r.outcome else {
        panic!("not held as a conflict: {:?}", r.outcome)
    };
    let view = bob.merge_view(incoming_id).unwrap();
    let row = |p: &str| view.rows.iter().find(|r| r.path == p).unwrap().clone();
    // the comparison says which side changed what since the last exchange with alice
    assert_eq!(
        (
            row("narrative").changed_here,
            row("narrative").changed_there
        ),
        (Some(false), Some(true))
    );
    assert_eq!(
        (
            row("evacuation_stage").changed_here,
            row("evacuation_stage").changed_there
        ),
        (Some(true), Some(false))
    );
    bob.merge_incoming(incoming_id, &view.local_version, &["narrative".into()])
        .unwrap();
    assert_eq!(
        bob.readable(&id)
            .and_then(|mut g| g.case())
            .unwrap()
            .answers
            .get(&path("evacuation_stage")),
        Some(&Answer::Value(Value::Choice("in_transit".into())))
    );
    assert_eq!(
        bob.readable(&id)
            .and_then(|mut g| g.case())
            .unwrap()
            .answers
            .get(&path("narrative")),
        Some(&Answer::Value(Value::Text(
            "An invented later account.".into()
        )))
    );
}

#[test]
fn a_held_update_is_decided_on_the_vault_and_the_keys_as_they_are_then() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    let (mut carol, _) = vault_in(t.path(), "carol");
    let (mut mallory, _) = vault_in(t.path(), "mallory");
    pair(&mut alice, "alice", &mut bob, "bob");
    pair(&mut carol, "carol", &mut bob, "bob");
    pair(&mut carol, "carol", &mut alice, "alice");
    let id = demo_case(&mut alice, 206);
    let first = alice.create_bundle(&id, &["bob", "carol"], false).unwrap();
    bob.open_bundle(&first).unwrap();
    carol.open_bundle(&first).unwrap();

    // carol's change is held; then the origin sends the same words, later: applied
    let words = "An invented account both wrote.";
    narrate(&mut carol, &id, words);
    let from_carol = carol.create_bundle(&id, &["bob"], false).unwrap();
    let held = held_id(bob.open_bundle(&from_carol).unwrap().outcome);
    assert_eq!(bob.incoming(true).unwrap()[0].changed, vec!["narrative"]);
    narrate(&mut alice, &id, words);
    bob.open_bundle(&alice.create_bundle(&id, &["bob"], false).unwrap())
        .unwrap();
    // the list shows what it would change now: nothing of the answers
    let now = bob.incoming(true).unwrap();
    assert_eq!(now.len(), 1);
    assert!(now[0].changed.is_empty(), "{:?}", now[0].changed);
    // and accepting it would roll the case back: refused, still held
    assert_eq!(refusal(bob.accept_incoming(held)), BundleRefusal::NotNewer);
    assert_eq!(bob.incoming(true).unwrap().len(), 1);

    // a second held update from carol; then carol's key is replaced here: refused
    narrate(&mut carol, &id, "An invented third account.");
    let third = carol.create_bundle(&id, &["bob"], false).unwrap();
    let held3 = held_id(bob.open_bundle(&third).unwrap().outcome);
    bob.add_contact("carol", &line(&mut mallory), true).unwrap();
    let before = bob.readable(&id).and_then(|mut g| g.export()).unwrap();
    assert_eq!(
        refusal(bob.accept_incoming(held3)),
        BundleRefusal::SenderMismatch
    );
    assert_eq!(
        bob.readable(&id).and_then(|mut g| g.export()).unwrap(),
        before
    );
}

#[test]
fn trust_is_given_on_accept_only_when_asked_and_audited() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    pair(&mut alice, "alice", &mut bob, "bob");
    let id = demo_case(&mut alice, 207);
    // a copy held with no trusted sender (as every case held before migration 0008)
    bob.import_case(&alice.readable(&id).and_then(|mut g| g.export()).unwrap())
        .unwrap();
    narrate(&mut alice, &id, "An invented second account.");
    let second = alice.create_bundle(&id, &["bob"], false).unwrap();
    let held = held_id(bob.open_bundle(&second).unwrap().outcome);
    // accepted without trust: the next update is held again
    bob.accept_incoming(held).unwrap();
    narrate(&mut alice, &id, "An invented third account.");
    let third = alice.create_bundle(&id, &["bob"], false).unwrap();
    let held = held_id(bob.open_bundle(&third).unwrap().outcome);
    // accepted with trust: the next one applies
    bob.accept_incoming_with(held, true).unwrap();
    narrate(&mut alice, &id, "An invented fourth account.");
    let fourth = alice.create_bundle(&id, &["bob"], false).unwrap();
    assert_eq!(bob.open_bundle(&fourth).unwrap().outcome, Outcome::Imported);
    let actions: Vec<String> = bob
        .audit_entries()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"incoming.trust".to_owned()),
        "{actions:?}"
    );
}

fn stage(v: &mut Vault, id: &str, value: &str) {
    std::thread::sleep(std::time::Duration::from_millis(5));
    v.writable(id)
        .and_then(|mut g| {
            g.save_answer(
                &path("evacuation_stage"),
                Some(Answer::Value(Value::Choice(value.into()))),
            )
        })
        .unwrap();
}

fn answer(v: &mut Vault, id: &str, p: &str) -> Option<Answer> {
    let doc = v.readable(id).and_then(|mut g| g.export()).unwrap();
    let doc = waystone::cases::interchange::CaseDocument::parse_and_check(&doc).unwrap();
    doc.answers.get(&path(p)).cloned()
}

/// The origin's update and a change made here since: held, compared, merged answer by answer.
fn conflicting(seed: u64) -> (tempfile::TempDir, Vault, Vault, String, Vec<u8>, i64) {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    pair(&mut alice, "alice", &mut bob, "bob");
    let id = demo_case(&mut alice, seed);
    let first = alice.create_bundle(&id, &["bob"], false).unwrap();
    assert_eq!(bob.open_bundle(&first).unwrap().outcome, Outcome::Imported);
    narrate(
        &mut alice,
        &id,
        "An invented later account from the origin.",
    );
    stage(&mut bob, &id, "in_hiding");
    let update = alice.create_bundle(&id, &["bob"], false).unwrap();
    let r = bob.open_bundle(&update).unwrap();
    let Outcome::Conflict { incoming_id } = r.outcome else {
        panic!("not held as a conflict: {:?}", r.outcome)
    };
    (t, alice, bob, id, update, incoming_id)
}

#[test]
fn a_conflict_is_held_and_merged_answer_by_answer_never_overwritten() {
    let (_t, _alice, mut bob, id, update, held) = conflicting(71);
    let mine_before = bob.readable(&id).and_then(|mut g| g.export()).unwrap();
    let listed = bob.incoming(true).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].reason,
        waystone::exchange::IncomingReason::Conflict
    );
    // accepting it whole is refused: it would overwrite a change made here
    assert!(matches!(
        bob.accept_incoming(held),
        Err(VaultError::Conflict(_))
    ));
    let view = bob.merge_view(held).unwrap();
    let paths: Vec<&str> = view.rows.iter().map(|r| r.path.as_str()).collect();
    assert!(paths.contains(&"narrative") && paths.contains(&"evacuation_stage"));
    let stage_row = view
        .rows
        .iter()
        .find(|r| r.path == "evacuation_stage")
        .unwrap();
    assert_eq!(
        stage_row.mine,
        Some(waystone::exchange::MergeValue::Answer(Answer::Value(
            Value::Choice("in_hiding".into())
        )))
    );
    // nothing was written by looking
    assert_eq!(
        bob.readable(&id).and_then(|mut g| g.export()).unwrap(),
        mine_before
    );
    // a path that does not differ is refused, and so is a stale comparison
    assert!(matches!(
        bob.merge_incoming(held, &view.local_version, &["code".into()]),
        Err(VaultError::Invalid(_))
    ));
    assert!(matches!(
        bob.merge_incoming(held, "2001-01-01T00:00:00Z", &["narrative".into()]),
        Err(VaultError::Invalid(_))
    ));
    let r = bob
        .merge_incoming(held, &view.local_version, &["narrative".into()])
        .unwrap();
    assert_eq!(r.changed, vec!["narrative".to_owned()]);
    // theirs where taken, mine everywhere else
    assert_eq!(
        answer(&mut bob, &id, "narrative"),
        Some(Answer::Value(Value::Text(
            "An invented later account from the origin.".into()
        )))
    );
    assert_eq!(
        answer(&mut bob, &id, "evacuation_stage"),
        Some(Answer::Value(Value::Choice("in_hiding".into())))
    );
    // the board says who the case was last heard from
    let page = bob.board(&waystone::desk::BoardQuery::default()).unwrap();
    let row = page.rows.iter().find(|r| r.summary.id == id).unwrap();
    assert_eq!(
        row.last_heard.as_ref().map(|(from, _)| from.as_str()),
        Some("alice")
    );
    let entry = bob
        .incoming(false)
        .unwrap()
        .into_iter()
        .find(|i| i.id == held)
        .unwrap();
    assert_eq!(entry.reason, waystone::exchange::IncomingReason::Merged);
    assert!(bob.incoming(true).unwrap().is_empty());
    assert!(bob
        .audit_entries()
        .unwrap()
        .iter()
        .any(|e| e.action == "incoming.merge"));
    // the same update again changes nothing
    let before = bob.readable(&id).and_then(|mut g| g.export()).unwrap();
    assert_eq!(
        bob.open_bundle(&update).unwrap().outcome,
        Outcome::AlreadyOpened
    );
    assert_eq!(
        bob.readable(&id).and_then(|mut g| g.export()).unwrap(),
        before
    );
}

#[test]
fn a_merge_keeping_every_answer_here_changes_no_answer_and_closes_the_entry() {
    let (_t, mut alice, mut bob, id, _update, held) = conflicting(72);
    let view = bob.merge_view(held).unwrap();
    let before = answer(&mut bob, &id, "narrative");
    bob.merge_incoming(held, &view.local_version, &[]).unwrap();
    assert_eq!(answer(&mut bob, &id, "narrative"), before);
    assert_eq!(
        answer(&mut bob, &id, "evacuation_stage"),
        Some(Answer::Value(Value::Choice("in_hiding".into())))
    );
    // an older version from the origin is refused now: its version was accepted
    assert!(bob.incoming(true).unwrap().is_empty());
    narrate(
        &mut alice,
        &id,
        "An invented account from the origin, later still.",
    );
    let newer = alice.create_bundle(&id, &["bob"], false).unwrap();
    // the origin's next update is newer than the version accepted but older than the merge
    // made here: held again, never applied over the merge
    let r = bob.open_bundle(&newer).unwrap();
    assert!(matches!(r.outcome, Outcome::Conflict { .. }));
}

#[test]
fn an_update_that_carries_every_change_made_here_applies_without_a_merge() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    let (mut carol, _) = vault_in(t.path(), "carol");
    pair(&mut alice, "alice", &mut bob, "bob");
    pair(&mut alice, "alice", &mut carol, "carol");
    let id = demo_case(&mut alice, 73);
    let first = alice.create_bundle(&id, &["bob", "carol"], false).unwrap();
    bob.open_bundle(&first).unwrap();
    carol.open_bundle(&first).unwrap();
    // bob changes the stage and sends it back; alice changed nothing since: it applies
    stage(&mut bob, &id, "in_hiding");
    let back = bob.create_bundle(&id, &["alice"], false).unwrap();
    assert_eq!(alice.open_bundle(&back).unwrap().outcome, Outcome::Imported);
    // alice adds to the account and sends again: it carries bob's stage, so it applies there
    narrate(
        &mut alice,
        &id,
        "An invented account, completed by the origin.",
    );
    let again = alice.create_bundle(&id, &["bob"], false).unwrap();
    assert_eq!(bob.open_bundle(&again).unwrap().outcome, Outcome::Imported);
    assert_eq!(
        answer(&mut bob, &id, "evacuation_stage"),
        Some(Answer::Value(Value::Choice("in_hiding".into())))
    );
    // carol worked from the first version: her change would drop bob's stage at alice, so
    // alice compares, though carol is a trusted sender of the case
    narrate(&mut carol, &id, "An invented note by a second colleague.");
    let from_carol = carol.create_bundle(&id, &["alice"], false).unwrap();
    assert!(matches!(
        alice.open_bundle(&from_carol).unwrap().outcome,
        Outcome::Conflict { .. }
    ));
    assert_eq!(
        answer(&mut alice, &id, "evacuation_stage"),
        Some(Answer::Value(Value::Choice("in_hiding".into())))
    );
}
