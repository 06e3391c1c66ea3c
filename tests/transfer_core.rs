//! What the app needs from the core to move cases: a bundle verified without importing
//! (nothing written), the import bound to the verified file and recording the sender's signed
//! audit chain head, refusals with a closed reason and the vault unchanged, conflicts shown
//! rather than overwritten, the audit log page for admins only, and a first-run restore.
//! Every person in these cases is invented (demo data).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{line, vault_in, PASS};
use waystone::crypto::{Passphrase, RecoveryKey};
use waystone::exchange::{bundle_digest, BundleRefusal};
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::session::SessionManager;
use waystone::vault::audit_view::ChainStatus;
use waystone::vault::{Role, Vault, VaultError};

/// Everything a refusal must leave alone: the audit chain (apart from the `case.export`
/// entries these snapshots write themselves), the contacts, every case as `export_case`
/// gives it (answers and attachment bytes) and every encrypted attachment file.
type Snapshot = (
    usize,
    usize,
    Vec<String>,
    std::collections::BTreeMap<PathBuf, Vec<u8>>,
);

fn snapshot(v: &mut Vault) -> Snapshot {
    let audit = v
        .audit_entries()
        .unwrap()
        .iter()
        .filter(|e| e.action != "case.export")
        .count();
    let ids: Vec<String> = v
        .list_cases(&Default::default())
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let exports = ids
        .iter()
        .map(|id| v.readable(id).and_then(|mut g| g.export()).unwrap())
        .collect();
    let mut files = std::collections::BTreeMap::new();
    if let Ok(dir) = std::fs::read_dir(v.dir().join("attachments")) {
        for e in dir {
            let p = e.unwrap().path();
            files.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    (audit, v.contacts().unwrap().len(), exports, files)
}

fn refusal(r: Result<impl std::fmt::Debug, VaultError>) -> BundleRefusal {
    match r {
        Err(VaultError::BundleRefused(reason, message)) => {
            assert!(!message.is_empty());
            reason
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn verify_writes_nothing_and_import_records_the_senders_audit_head() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    let (mut carol, _) = vault_in(t.path(), "carol");
    let form = waystone::forms::latest_intake();
    let cases = waystone::demo::add_demo_cases(&mut alice, &form, 2, 11).unwrap();
    waystone::demo::add_demo_cases(&mut carol, &form, 1, 12).unwrap();
    let (a, b, c) = (line(&mut alice), line(&mut bob), line(&mut carol));
    alice.add_contact("bob", &b, false).unwrap();
    alice.add_contact("carol", &c, false).unwrap();
    bob.add_contact("alice", &a, false).unwrap();
    carol.add_contact("bob", &b, false).unwrap();
    let id = cases[0].id.clone();

    let bytes = alice.create_bundle(&id, &["bob"], false).unwrap();
    let head_at_send = {
        // the head signed into the bundle is the last entry before `bundle.create`
        let entries = alice.audit_entries().unwrap();
        assert_eq!(entries.last().unwrap().action, "bundle.create");
        hex::encode(&entries[entries.len() - 2].mac)
    };

    // verify: a full summary, nothing written
    let before = snapshot(&mut bob);
    let preview = bob.verify_bundle(&bytes).unwrap();
    assert_eq!(snapshot(&mut bob), before);
    assert_eq!(preview.sender, "alice");
    assert_eq!(preview.sender_claims, "alice");
    assert_eq!(preview.sender_fingerprint, alice.key_line().unwrap().1);
    assert_eq!(preview.code, cases[0].code);
    assert_eq!(preview.case_id, id);
    assert!(preview.created && !preview.status_card);
    assert!(preview.conflict.is_none());
    assert!(!preview.changed.is_empty());
    assert_eq!(preview.audit_head, head_at_send);
    assert_eq!(preview.parts.len(), 1);
    assert_eq!(preview.parts[0].name, "case.json");
    assert_eq!(preview.parts[0].sha256.len(), 64);
    assert_eq!(preview.digest, bundle_digest(&bytes));

    // refusals: a closed reason each, and bob's vault exactly as it was
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 1;
    let reason = refusal(bob.verify_bundle(&flipped));
    assert!(
        matches!(reason, BundleRefusal::Damaged | BundleRefusal::Altered),
        "{reason:?}"
    );
    assert!(matches!(
        refusal(bob.verify_bundle(&bytes[..bytes.len() - 5])),
        BundleRefusal::Truncated | BundleRefusal::Damaged
    ));
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"x");
    refusal(bob.verify_bundle(&longer));
    let from_carol = carol
        .create_bundle(
            &carol.list_cases(&Default::default()).unwrap()[0].id,
            &["bob"],
            false,
        )
        .unwrap();
    assert_eq!(
        refusal(bob.verify_bundle(&from_carol)),
        BundleRefusal::UnknownSender
    );
    let for_carol = alice.create_bundle(&id, &["carol"], false).unwrap();
    assert_eq!(
        refusal(bob.verify_bundle(&for_carol)),
        BundleRefusal::NotForYou
    );
    assert_eq!(
        refusal(bob.open_bundle(&from_carol)),
        BundleRefusal::UnknownSender
    );
    assert_eq!(refusal(bob.open_bundle(&flipped)), reason);
    assert_eq!(snapshot(&mut bob), before);

    // the import insists on the very file that was verified
    let other = alice.create_bundle(&id, &["bob"], false).unwrap();
    assert!(matches!(
        bob.import_verified_bundle(&other, &preview.digest),
        Err(VaultError::Invalid(_))
    ));
    assert_eq!(snapshot(&mut bob), before);

    let received = bob.import_verified_bundle(&bytes, &preview.digest).unwrap();
    assert!(received.created);
    assert_eq!(received.code, cases[0].code);
    assert_eq!(
        bob.readable(&id).and_then(|mut g| g.export()).unwrap(),
        alice.readable(&id).and_then(|mut g| g.export()).unwrap()
    );
    let entries = bob.audit_entries().unwrap();
    let head = entries
        .iter()
        .find(|e| e.action == "bundle.sender_audit_head")
        .expect("the sender's chain head is recorded");
    assert_eq!(
        head.subject,
        format!("{}:{}", preview.sender_fingerprint, head_at_send)
    );
    assert!(entries
        .iter()
        .any(|e| e.action == "bundle.open" && e.subject == id));
    assert_eq!(bob.verify_audit().unwrap(), entries.len());
}

#[test]
fn a_local_edit_after_the_bundles_version_is_shown_and_never_overwritten() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    let form = waystone::forms::latest_intake();
    let id = waystone::demo::add_demo_cases(&mut alice, &form, 1, 21).unwrap()[0]
        .id
        .clone();
    let (a, b) = (line(&mut alice), line(&mut bob));
    alice.add_contact("bob", &b, false).unwrap();
    bob.add_contact("alice", &a, false).unwrap();
    let first = alice.create_bundle(&id, &["bob"], false).unwrap();
    bob.open_bundle(&first).unwrap();

    // alice changes the narrative and sends again; bob meanwhile changed the stage
    let narrative: AnswerPath = "narrative".parse().unwrap();
    alice
        .writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &narrative,
                Some(Answer::Value(Value::Text(
                    "An invented later account.".into(),
                ))),
            )
        })
        .unwrap();
    let second = alice.create_bundle(&id, &["bob"], false).unwrap();
    // an update with no local change: what changed is listed
    let update = bob.verify_bundle(&second).unwrap();
    assert!(!update.created && update.conflict.is_none());
    assert_eq!(update.changed, vec!["narrative".to_owned()]);

    std::thread::sleep(std::time::Duration::from_millis(5));
    let stage: AnswerPath = "evacuation_stage".parse().unwrap();
    bob.writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &stage,
                Some(Answer::Value(Value::Choice("in_hiding".into()))),
            )
        })
        .unwrap();
    let held = bob.readable(&id).and_then(|mut g| g.export()).unwrap();
    let older = alice.create_bundle(&id, &["bob"], false).unwrap();
    let preview = bob.verify_bundle(&older).unwrap();
    let conflict = preview.conflict.expect("the conflict is shown");
    assert!(conflict.differing.contains(&"evacuation_stage".to_owned()));
    assert!(conflict.local_updated_at > conflict.bundle_updated_at);
    // held for a comparison, never applied: the copy held is unchanged
    let r = bob.import_verified_bundle(&older, &preview.digest).unwrap();
    assert!(matches!(
        r.outcome,
        waystone::exchange::Outcome::Conflict { .. }
    ));
    assert_eq!(
        bob.readable(&id).and_then(|mut g| g.export()).unwrap(),
        held
    );
    // and the same bundle again changes nothing
    let again = bob.open_bundle(&older).unwrap();
    assert_eq!(again.outcome, waystone::exchange::Outcome::AlreadyOpened);
    assert_eq!(
        bob.readable(&id).and_then(|mut g| g.export()).unwrap(),
        held
    );
}

#[test]
fn the_audit_log_page_is_for_admins_newest_first_with_case_codes() {
    let t = tempfile::tempdir().unwrap();
    let (mut admin, _) = vault_in(t.path(), "admin");
    let form = waystone::forms::latest_intake();
    let case = waystone::demo::add_demo_cases(&mut admin, &form, 1, 31).unwrap()[0].clone();
    admin
        .readable(&case.id)
        .and_then(|mut g| g.export())
        .unwrap();
    admin
        .add_user(
            "cw",
            Role::Caseworker,
            &Passphrase::new("amber ferry counts nine slow winter"),
        )
        .unwrap();
    let page = admin.audit_page(0, 2).unwrap();
    assert_eq!(page.total as usize, admin.audit_entries().unwrap().len());
    assert_eq!(page.rows.len(), 2);
    assert_eq!(page.rows[0].action, "user.add");
    assert_eq!(page.rows[0].subject.as_deref(), Some("cw"));
    assert_eq!(page.rows[1].action, "case.export");
    assert_eq!(page.rows[1].case_code.as_deref(), Some(case.code.as_str()));
    assert_eq!(page.rows[1].subject, None);
    assert!(page.rows[0].seq > page.rows[1].seq);
    let last = admin.audit_page(page.total - 1, 50).unwrap();
    assert_eq!(last.rows.len(), 1);
    assert_eq!(last.rows[0].action, "vault.create");
    assert_eq!(
        admin.audit_chain_status().unwrap(),
        ChainStatus::Intact(page.total as usize)
    );
    let dir = admin.dir().to_path_buf();
    drop(admin);
    let cw = Vault::unlock(
        &dir,
        Some("cw"),
        &Passphrase::new("amber ferry counts nine slow winter"),
    )
    .unwrap();
    assert!(matches!(cw.audit_page(0, 10), Err(VaultError::Forbidden)));
    assert!(matches!(
        cw.audit_chain_status(),
        Err(VaultError::Forbidden)
    ));
}

fn backup_of(t: &Path) -> (PathBuf, String, RecoveryKey) {
    let (mut v, recovery) = vault_in(t, "admin");
    let form = waystone::forms::latest_intake();
    let id = waystone::demo::add_demo_cases(&mut v, &form, 2, 41).unwrap()[0]
        .id
        .clone();
    let file = t.join("out").join("b.wsbk");
    std::fs::create_dir_all(t.join("out")).unwrap();
    v.backup(&file).unwrap();
    // a second backup to the same name is refused, the first kept
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(matches!(
        v.backup(&file),
        Err(VaultError::File(waystone::fsio::FileError::Exists))
    ));
    assert_eq!(std::fs::metadata(&file).unwrap().len(), size);
    let export = v.readable(&id).and_then(|mut g| g.export()).unwrap();
    (file, export, recovery)
}

#[test]
fn first_run_restore_over_a_chosen_language_and_with_the_recovery_key() {
    let t = tempfile::tempdir().unwrap();
    let (file, export, recovery) = backup_of(t.path());
    let id = serde_json::from_str::<serde_json::Value>(&export).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let users = waystone::vault::backup::backup_users(&file).unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].name, "admin");

    // the first-run screen stored a language: the folder holds settings.json only
    let target = t.path().join("restored");
    let mut s = SessionManager::new(target.clone());
    s.store_settings(&waystone::vault::settings::Settings {
        language: waystone::vault::settings::Language::Ru,
        ..Default::default()
    })
    .unwrap();
    assert!(!s.exists());
    // a wrong passphrase writes nothing
    assert!(matches!(
        s.restore_with_passphrase(&file, "admin", &Passphrase::new("wrong wrong wrong wrong")),
        Err(VaultError::AuthFailed)
    ));
    assert!(!s.exists());
    s.restore_with_passphrase(&file, "admin", &Passphrase::new(PASS))
        .unwrap();
    assert_eq!(
        s.vault_mut()
            .unwrap()
            .readable(&id)
            .and_then(|mut g| g.export())
            .unwrap(),
        export
    );
    // never over an existing vault
    assert!(matches!(
        s.restore_with_passphrase(&file, "admin", &Passphrase::new(PASS)),
        Err(VaultError::AlreadyExists)
    ));

    // the recovery key: a weak or unknown user is refused before anything is written
    let target2 = t.path().join("restored2");
    let mut s2 = SessionManager::new(target2.clone());
    let new = Passphrase::new("copper meadow whistle ninety");
    assert!(matches!(
        s2.restore_with_recovery(&file, &recovery, "admin", &Passphrase::new("short")),
        Err(VaultError::WeakPassphrase(_))
    ));
    assert!(matches!(
        s2.restore_with_recovery(&file, &recovery, "nobody", &new),
        Err(VaultError::UnknownUser)
    ));
    assert!(!target2.exists());
    s2.restore_with_recovery(&file, &recovery, "admin", &new)
        .unwrap();
    assert_eq!(
        s2.vault_mut()
            .unwrap()
            .readable(&id)
            .and_then(|mut g| g.export())
            .unwrap(),
        export
    );
    s2.lock(waystone::session::LockReason::Manual);
    assert!(s2.unlock("admin", &new).is_ok());
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

#[test]
fn a_status_card_over_a_held_case_keeps_its_attachments() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    let form = waystone::forms::latest_intake();
    let id = waystone::demo::add_demo_cases(&mut alice, &form, 1, 51).unwrap()[0]
        .id
        .clone();
    let scan = b"an invented scan 5120";
    alice
        .writable(&id)
        .and_then(|mut g| g.add_attachment("scan.txt", "text/plain", scan))
        .unwrap();
    let (a, b) = (line(&mut alice), line(&mut bob));
    alice.add_contact("bob", &b, false).unwrap();
    bob.add_contact("alice", &a, false).unwrap();
    bob.open_bundle(&alice.create_bundle(&id, &["bob"], false).unwrap())
        .unwrap();
    let held = json(&bob.readable(&id).and_then(|mut g| g.export()).unwrap());
    assert_eq!(held["attachments"].as_array().unwrap().len(), 1);

    std::thread::sleep(std::time::Duration::from_millis(5));
    let stage: AnswerPath = "evacuation_stage".parse().unwrap();
    alice
        .writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &stage,
                Some(Answer::Value(Value::Choice("in_hiding".into()))),
            )
        })
        .unwrap();
    let card = alice.create_bundle(&id, &["bob"], true).unwrap();
    let received = bob.open_bundle(&card).unwrap();
    assert!(received.status_card && !received.created);

    // the attachment is still there and opens
    let list = bob.readable(&id).and_then(|g| g.attachments()).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        bob.readable(&id)
            .and_then(|mut g| g.attachment(&list[0].id))
            .unwrap()
            .as_slice(),
        scan
    );
    // the export differs from the held one only in the card's fields
    let after = json(&bob.readable(&id).and_then(|mut g| g.export()).unwrap());
    assert_eq!(
        after["answers"]["answers"]["evacuation_stage"]["value"],
        "in_hiding"
    );
    let strip = |mut v: serde_json::Value| {
        let o = v.as_object_mut().unwrap();
        for k in ["updated_at", "updated_by", "status"] {
            o.remove(k);
        }
        let answers = v["answers"]["answers"].as_object_mut().unwrap();
        for p in waystone::exchange::STATUS_CARD_PATHS {
            answers.remove(*p);
        }
        v
    };
    assert_eq!(strip(after), strip(held));
}

#[test]
fn a_bundle_for_a_held_case_needs_read_rights_and_never_moves_its_assignment() {
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut admin, _) = vault_in(t.path(), "admin");
    let (p1, p2) = (
        Passphrase::new("amber ferry counts nine slow winter"),
        Passphrase::new("copper meadow whistle ninety lantern"),
    );
    admin.add_user("cw1", Role::Caseworker, &p1).unwrap();
    admin.add_user("cw2", Role::Caseworker, &p2).unwrap();
    let dir = admin.dir().to_path_buf();
    drop(admin);
    let a = line(&mut alice);
    let open = |user: &str, p: &Passphrase| Vault::unlock(&dir, Some(user), p).unwrap();
    let mut cw1 = open("cw1", &p1);
    cw1.add_contact("alice", &a, false).unwrap();
    alice.add_contact("cw1", &line(&mut cw1), false).unwrap();
    // a case cw1 made here, which a coordinator then gave to cw2
    let form = waystone::forms::latest_intake();
    let id = waystone::demo::add_demo_cases(&mut cw1, &form, 1, 61).unwrap()[0]
        .id
        .clone();
    let bytes = cw1.create_bundle(&id, &["alice"], false).unwrap();
    drop(cw1);
    assert!(alice.open_bundle(&bytes).unwrap().created);
    let mut admin = open("admin", &Passphrase::new(PASS));
    admin.assign(&id, Some("cw2"), None).unwrap();
    drop(admin);

    // cw1 (who made it, so may read it) receives an update: the assignment stays with cw2
    // (a newer version: the same one again would be refused as not newer)
    alice
        .writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &"narrative".parse().unwrap(),
                Some(Answer::Value(Value::Text("An invented update.".into()))),
            )
        })
        .unwrap();
    let update = alice.create_bundle(&id, &["cw1"], false).unwrap();
    let mut cw1 = open("cw1", &p1);
    assert!(!cw1.open_bundle(&update).unwrap().created);
    drop(cw1);
    let cw2 = open("cw2", &p2);
    assert!(
        cw2.may(&id, waystone::access::Op::ReadTestimony),
        "the import moved the case away from cw2"
    );
    drop(cw2);

    // someone who may not read the case held here is refused, and nothing changes
    let p3 = Passphrase::new("orchid tundra bicycle seventy");
    let mut admin = open("admin", &Passphrase::new(PASS));
    admin.add_user("cw3", Role::Caseworker, &p3).unwrap();
    drop(admin);
    let mut cw3 = open("cw3", &p3);
    cw3.add_contact("alice", &a, false).unwrap();
    alice.add_contact("cw3", &line(&mut cw3), false).unwrap();
    let full = alice.create_bundle(&id, &["cw3"], false).unwrap();
    let card = alice.create_bundle(&id, &["cw3"], true).unwrap();
    let before = snapshot(&mut cw3);
    for b in [&full, &card] {
        assert!(matches!(cw3.verify_bundle(b), Err(VaultError::Forbidden)));
        assert!(matches!(cw3.open_bundle(b), Err(VaultError::Forbidden)));
    }
    assert_eq!(snapshot(&mut cw3), before);
    assert!(!cw3.may(&id, waystone::access::Op::ReadTestimony));
    drop(cw3);
    assert!(open("cw2", &p2).may(&id, waystone::access::Op::ReadTestimony));
}

#[test]
fn a_status_card_is_only_for_cases_on_the_senders_board() {
    let t = tempfile::tempdir().unwrap();
    let (mut admin, _) = vault_in(t.path(), "admin");
    let (mut bob, _) = vault_in(t.path(), "bob");
    let form = waystone::forms::latest_intake();
    let id = waystone::demo::add_demo_cases(&mut admin, &form, 1, 71).unwrap()[0]
        .id
        .clone();
    let p = Passphrase::new("amber ferry counts nine slow winter");
    admin.add_user("cw", Role::Caseworker, &p).unwrap();
    let dir = admin.dir().to_path_buf();
    drop(admin);
    let mut cw = Vault::unlock(&dir, Some("cw"), &p).unwrap();
    cw.add_contact("bob", &line(&mut bob), false).unwrap();
    assert!(matches!(
        cw.create_bundle(&id, &["bob"], true),
        Err(VaultError::Forbidden)
    ));
    assert!(matches!(
        cw.create_bundle(&id, &["bob"], false),
        Err(VaultError::Forbidden)
    ));
}

#[test]
fn a_restore_is_private_and_clears_what_a_crashed_one_left() {
    let t = tempfile::tempdir().unwrap();
    let (file, export, _) = backup_of(t.path());
    let id = json(&export)["id"].as_str().unwrap().to_owned();
    // a crashed restore left its staging folder (key slots, database) beside the target
    let stale = t.path().join(format!(
        "{}0000",
        waystone::vault::backup::RESTORE_STAGING_PREFIX
    ));
    std::fs::create_dir_all(stale.join("attachments")).unwrap();
    std::fs::write(stale.join("keys.json"), b"{}").unwrap();
    let target = t.path().join("restored");
    let mut s = SessionManager::new(target.clone());
    s.restore_with_passphrase(&file, "admin", &Passphrase::new(PASS))
        .unwrap();
    assert_eq!(
        s.vault_mut()
            .unwrap()
            .readable(&id)
            .and_then(|mut g| g.export())
            .unwrap(),
        export
    );
    assert!(!stale.exists(), "the stale staging folder was left");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "a restored vault is for its user only");
    }
}

#[test]
fn backup_users_reads_the_header_only_and_says_one_thing_of_a_non_backup() {
    let t = tempfile::tempdir().unwrap();
    let (file, _, _) = backup_of(t.path());
    let users = |p: &Path| waystone::vault::backup::backup_users(p).map_err(|e| e.to_string());
    assert_eq!(users(&file).unwrap().len(), 1);
    let other = t.path().join("other.bin");
    std::fs::write(&other, b"not a backup at all").unwrap();
    // a header claiming more than the cap is not read
    let mut huge = b"WSBK\x01".to_vec();
    huge.extend_from_slice(&(2u64 * 1024 * 1024).to_le_bytes());
    huge.extend_from_slice(&[b' '; 64]);
    let claims = t.path().join("claims.wsbk");
    std::fs::write(&claims, &huge).unwrap();
    // just the header of a real backup is enough: the archive is never read
    let bytes = std::fs::read(&file).unwrap();
    let len = u64::from_le_bytes(bytes[5..13].try_into().unwrap()) as usize;
    let head = t.path().join("head.wsbk");
    std::fs::write(&head, &bytes[..13 + len]).unwrap();
    assert_eq!(users(&head).unwrap().len(), 1);
    // every file that is not a backup says one thing; a file that is not there and a folder
    // are ordinary file problems, said as such (issue 18), not as a damaged backup
    let errors: Vec<String> = [&other, &claims]
        .iter()
        .map(|p| users(p).unwrap_err())
        .collect();
    assert!(errors.iter().all(|e| e == &errors[0]), "{errors:?}");
    let code = |p: &Path| waystone::vault::backup::backup_users(p).unwrap_err().code();
    assert_eq!(code(&other), waystone::Code::Corrupt);
    assert_eq!(
        code(&t.path().join("missing.wsbk")),
        waystone::Code::FileNotFound
    );
    assert_eq!(code(t.path()), waystone::Code::FileIsFolder);
}

#[test]
fn a_status_card_from_someone_the_case_did_not_come_from_waits_and_is_applied_on_accept() {
    use waystone::exchange::Outcome;
    use waystone::exchange::{IncomingReason, IncomingState};
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut bob, _) = vault_in(t.path(), "bob");
    let (mut carol, _) = vault_in(t.path(), "carol");
    let (a, b, c) = (line(&mut alice), line(&mut bob), line(&mut carol));
    alice.add_contact("bob", &b, false).unwrap();
    alice.add_contact("carol", &c, false).unwrap();
    bob.add_contact("alice", &a, false).unwrap();
    bob.add_contact("carol", &c, false).unwrap();
    carol.add_contact("alice", &a, false).unwrap();
    carol.add_contact("bob", &b, false).unwrap();
    let form = waystone::forms::latest_intake();
    let id = waystone::demo::add_demo_cases(&mut alice, &form, 1, 81).unwrap()[0]
        .id
        .clone();
    let first = alice.create_bundle(&id, &["bob", "carol"], false).unwrap();
    assert_eq!(bob.open_bundle(&first).unwrap().outcome, Outcome::Imported);
    carol.open_bundle(&first).unwrap();

    // carol moves the stage and sends bob a status card: held, bob's copy unchanged
    std::thread::sleep(std::time::Duration::from_millis(5));
    let stage: AnswerPath = "evacuation_stage".parse().unwrap();
    let moved = Answer::Value(Value::Choice("relocated".into()));
    carol
        .writable(&id)
        .and_then(|mut g| g.save_answer(&stage, Some(moved.clone())))
        .unwrap();
    let card = carol.create_bundle(&id, &["bob"], true).unwrap();
    let preview = bob.verify_bundle(&card).unwrap();
    assert!(preview.held && preview.status_card);
    let held_copy = bob.readable(&id).and_then(|mut g| g.export()).unwrap();
    let r = bob.open_bundle(&card).unwrap();
    let Outcome::Held { incoming_id } = r.outcome else {
        panic!("not held: {:?}", r.outcome)
    };
    assert!(r.changed.contains(&"evacuation_stage".to_owned()));
    assert_eq!(
        bob.readable(&id).and_then(|mut g| g.export()).unwrap(),
        held_copy
    );
    // opened again: already opened, still one held entry
    assert_eq!(
        bob.open_bundle(&card).unwrap().outcome,
        Outcome::AlreadyOpened
    );
    assert_eq!(bob.incoming(true).unwrap().len(), 1);

    // accepted: the card's fields applied over bob's copy
    let accepted = bob.accept_incoming(incoming_id).unwrap();
    assert_eq!(accepted.outcome, Outcome::Imported);
    assert_eq!(
        bob.readable(&id)
            .and_then(|mut g| g.case())
            .unwrap()
            .answers
            .get(&stage),
        Some(&moved)
    );
    assert_ne!(
        bob.readable(&id).and_then(|mut g| g.export()).unwrap(),
        held_copy
    );
    let all = bob.incoming(false).unwrap();
    assert_eq!(
        all.iter()
            .map(|i| (i.state, i.reason, i.from.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (IncomingState::Imported, IncomingReason::Accepted, "carol"),
            (IncomingState::Imported, IncomingReason::NewCase, "alice"),
        ]
    );
    // decided once: a second accept or a reject finds nothing held
    assert!(matches!(
        bob.accept_incoming(incoming_id),
        Err(VaultError::NoSuchIncoming)
    ));
    assert!(matches!(
        bob.reject_incoming(incoming_id),
        Err(VaultError::NoSuchIncoming)
    ));
    let actions: Vec<String> = bob
        .audit_entries()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"bundle.held".to_owned()));
    assert!(actions.contains(&"incoming.accept".to_owned()));
}

#[test]
fn a_status_card_recipient_may_send_status_cards_back_but_not_the_case() {
    use waystone::exchange::Outcome;
    let t = tempfile::tempdir().unwrap();
    let (mut alice, _) = vault_in(t.path(), "alice");
    let (mut dave, _) = vault_in(t.path(), "dave");
    let (a, d) = (line(&mut alice), line(&mut dave));
    alice.add_contact("dave", &d, false).unwrap();
    dave.add_contact("alice", &a, false).unwrap();
    let form = waystone::forms::latest_intake();
    let id = waystone::demo::add_demo_cases(&mut alice, &form, 1, 91).unwrap()[0]
        .id
        .clone();
    // alice sends dave (who follows the board) a status card only
    let card = alice.create_bundle(&id, &["dave"], true).unwrap();
    assert_eq!(dave.open_bundle(&card).unwrap().outcome, Outcome::Imported);
    // dave moves the stage and sends a status card back: applied
    std::thread::sleep(std::time::Duration::from_millis(5));
    let stage: AnswerPath = "evacuation_stage".parse().unwrap();
    let moved = Answer::Value(Value::Choice("in_transit".into()));
    dave.writable(&id)
        .and_then(|mut g| g.save_answer(&stage, Some(moved.clone())))
        .unwrap();
    let back = dave.create_bundle(&id, &["alice"], true).unwrap();
    assert_eq!(alice.open_bundle(&back).unwrap().outcome, Outcome::Imported);
    assert_eq!(
        alice
            .readable(&id)
            .and_then(|mut g| g.case())
            .unwrap()
            .answers
            .get(&stage),
        Some(&moved)
    );
    // but the whole case from dave is held: alice never sent it to him
    std::thread::sleep(std::time::Duration::from_millis(5));
    dave.writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &"narrative".parse().unwrap(),
                Some(Answer::Value(Value::Text("An invented rewrite.".into()))),
            )
        })
        .unwrap();
    let whole = dave.create_bundle(&id, &["alice"], false).unwrap();
    let before = alice.readable(&id).and_then(|mut g| g.export()).unwrap();
    assert!(matches!(
        alice.open_bundle(&whole).unwrap().outcome,
        Outcome::Held { .. }
    ));
    assert_eq!(
        alice.readable(&id).and_then(|mut g| g.export()).unwrap(),
        before
    );
}
