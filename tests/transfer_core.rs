//! What the app needs from the core to move cases: a bundle verified without importing
//! (nothing written), the import bound to the verified file and recording the sender's signed
//! audit chain head, refusals with a closed reason and the vault unchanged, conflicts shown
//! rather than overwritten, the audit log page for admins only, and a first-run restore.
//! Every person in these cases is invented (demo data).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use waystone::crypto::{Passphrase, RecoveryKey, KDF_FLOOR};
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::session::SessionManager;
use waystone::vault::audit_view::ChainStatus;
use waystone::vault::transfer::{bundle_digest, BundleRefusal};
use waystone::vault::{Role, Vault, VaultError};

const PASS: &str = "lantern quietly orbit seventeen";

fn vault_in(dir: &Path, user: &str) -> (Vault, RecoveryKey) {
    Vault::create(
        &dir.join(user),
        user,
        Role::Admin,
        &Passphrase::new(PASS),
        KDF_FLOOR,
    )
    .unwrap()
}

fn line(v: &mut Vault) -> String {
    v.key_line().unwrap().0
}

/// Everything a refusal must leave alone: the audit chain length, the cases, the contacts.
fn snapshot(v: &Vault) -> (usize, usize, usize) {
    (
        v.audit_entries().unwrap().len(),
        v.list_cases(&Default::default()).unwrap().len(),
        v.contacts().unwrap().len(),
    )
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
    alice.add_contact("bob", &b).unwrap();
    alice.add_contact("carol", &c).unwrap();
    bob.add_contact("alice", &a).unwrap();
    carol.add_contact("bob", &b).unwrap();
    let id = cases[0].id.clone();

    let bytes = alice.create_bundle(&id, &["bob"], false).unwrap();
    let head_at_send = {
        // the head signed into the bundle is the last entry before `bundle.create`
        let entries = alice.audit_entries().unwrap();
        assert_eq!(entries.last().unwrap().action, "bundle.create");
        hex::encode(&entries[entries.len() - 2].mac)
    };

    // verify: a full summary, nothing written
    let before = snapshot(&bob);
    let preview = bob.verify_bundle(&bytes).unwrap();
    assert_eq!(snapshot(&bob), before);
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
    assert_eq!(snapshot(&bob), before);

    // the import insists on the very file that was verified
    let other = alice.create_bundle(&id, &["bob"], false).unwrap();
    assert!(matches!(
        bob.import_verified_bundle(&other, &preview.digest),
        Err(VaultError::Invalid(_))
    ));
    assert_eq!(snapshot(&bob), before);

    let received = bob.import_verified_bundle(&bytes, &preview.digest).unwrap();
    assert!(received.created);
    assert_eq!(received.code, cases[0].code);
    assert_eq!(
        bob.export_case(&id).unwrap(),
        alice.export_case(&id).unwrap()
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
    alice.add_contact("bob", &b).unwrap();
    bob.add_contact("alice", &a).unwrap();
    let first = alice.create_bundle(&id, &["bob"], false).unwrap();
    bob.open_bundle(&first).unwrap();

    // alice changes the narrative and sends again; bob meanwhile changed the stage
    let narrative: AnswerPath = "narrative".parse().unwrap();
    alice
        .save_answer(
            &id,
            &narrative,
            Some(Answer::Value(Value::Text(
                "An invented later account.".into(),
            ))),
        )
        .unwrap();
    let second = alice.create_bundle(&id, &["bob"], false).unwrap();
    // an update with no local change: what changed is listed
    let update = bob.verify_bundle(&second).unwrap();
    assert!(!update.created && update.conflict.is_none());
    assert_eq!(update.changed, vec!["narrative".to_owned()]);

    std::thread::sleep(std::time::Duration::from_millis(5));
    let stage: AnswerPath = "evacuation_stage".parse().unwrap();
    bob.save_answer(
        &id,
        &stage,
        Some(Answer::Value(Value::Choice("in_hiding".into()))),
    )
    .unwrap();
    let held = bob.export_case(&id).unwrap();
    let older = alice.create_bundle(&id, &["bob"], false).unwrap();
    let preview = bob.verify_bundle(&older).unwrap();
    let conflict = preview.conflict.expect("the conflict is shown");
    assert!(conflict.differing.contains(&"evacuation_stage".to_owned()));
    assert!(conflict.local_updated_at > conflict.bundle_updated_at);
    let before = snapshot(&bob);
    assert!(matches!(
        bob.import_verified_bundle(&older, &preview.digest),
        Err(VaultError::Conflict(_))
    ));
    assert_eq!(snapshot(&bob), before);
    assert_eq!(bob.export_case(&id).unwrap(), held);
}

#[test]
fn the_audit_log_page_is_for_admins_newest_first_with_case_codes() {
    let t = tempfile::tempdir().unwrap();
    let (mut admin, _) = vault_in(t.path(), "admin");
    let form = waystone::forms::latest_intake();
    let case = waystone::demo::add_demo_cases(&mut admin, &form, 1, 31).unwrap()[0].clone();
    admin.export_case(&case.id).unwrap();
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
    assert!(matches!(v.backup(&file), Err(VaultError::Invalid(_))));
    assert_eq!(std::fs::metadata(&file).unwrap().len(), size);
    let export = v.export_case(&id).unwrap();
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
    assert_eq!(s.vault_mut().unwrap().export_case(&id).unwrap(), export);
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
    assert_eq!(s2.vault_mut().unwrap().export_case(&id).unwrap(), export);
    s2.lock(waystone::session::LockReason::Manual);
    assert!(s2.unlock("admin", &new).is_ok());
}
