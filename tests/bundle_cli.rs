//! Bundles through the real binary: a case travels exactly; every kind of damage or a wrong
//! sender or recipient is refused with exit 3 and its own message, changing nothing; a status
//! card carries no testimony. Invented data only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

fn ok(v: &TestVault, args: &[&str]) -> String {
    let out = v.run(args, &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn key_line(v: &TestVault) -> String {
    ok(v, &["key", "show"]).trim().to_owned()
}

fn first_id(v: &TestVault) -> String {
    let list = ok(v, &["case", "list", "--json"]);
    serde_json::from_str::<serde_json::Value>(list.lines().next().unwrap()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn cases_of(v: &TestVault) -> String {
    ok(v, &["case", "list", "--json"])
}

#[test]
fn bundles_travel_exactly_and_every_tampering_is_refused() {
    let alice = TestVault::new();
    alice.init();
    let bob = TestVault::new();
    bob.init();
    let carol = TestVault::new();
    carol.init();
    ok(&alice, &["demo", "--cases", "3", "--seed", "5"]);
    ok(&carol, &["demo", "--cases", "1", "--seed", "6"]);
    let (a_key, b_key, c_key) = (key_line(&alice), key_line(&bob), key_line(&carol));
    ok(&alice, &["contact", "add", "bob", &b_key]);
    ok(&alice, &["contact", "add", "carol", &c_key]);
    ok(&bob, &["contact", "add", "alice", &a_key]);
    ok(&carol, &["contact", "add", "bob", &b_key]);
    let id = first_id(&alice);
    let dir = alice.dir.parent().unwrap().to_path_buf();
    let file = dir.join("case.waystone");
    ok(
        &alice,
        &[
            "bundle",
            "create",
            &id,
            "--to",
            "bob",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&file).unwrap();

    // every refusal: exit 3, one line, and bob's vault holds no case afterwards
    let mut messages = std::collections::BTreeMap::new();
    let mut refuse = |what: &str, data: &[u8]| {
        let f = dir.join("bad.waystone");
        std::fs::write(&f, data).unwrap();
        let out = bob.run(
            &["bundle", "open", f.to_str().unwrap()],
            &format!("{PASS}\n"),
        );
        assert_eq!(code(&out), 3, "{what}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{what}: {}", stderr(&out));
        assert_eq!(cases_of(&bob), "", "{what}: bob's vault changed");
        messages.insert(what.to_owned(), stderr(&out));
    };
    for at in [
        0usize,
        10,
        100,
        bytes.len() / 2,
        bytes.len() - 20,
        bytes.len() - 1,
    ] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x01;
        refuse(&format!("bit flipped at {at}"), &bad);
    }
    refuse("truncated", &bytes[..bytes.len() - 7]);
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"appended");
    refuse("appended", &longer);
    // carol (whom bob has not pinned) signs a bundle for bob
    let from_carol = dir.join("carol.waystone");
    ok(
        &carol,
        &[
            "bundle",
            "create",
            &first_id(&carol),
            "--to",
            "bob",
            "--out",
            from_carol.to_str().unwrap(),
        ],
    );
    refuse("unpinned sender", &std::fs::read(&from_carol).unwrap());
    // a bundle alice made for carol only
    let for_carol = dir.join("for-carol.waystone");
    ok(
        &alice,
        &[
            "bundle",
            "create",
            &id,
            "--to",
            "carol",
            "--out",
            for_carol.to_str().unwrap(),
        ],
    );
    refuse("another recipient", &std::fs::read(&for_carol).unwrap());
    let distinct: std::collections::BTreeSet<&String> = [
        &messages["truncated"],
        &messages["unpinned sender"],
        &messages["another recipient"],
        &messages["bit flipped at 0"],
    ]
    .into_iter()
    .collect();
    assert_eq!(
        distinct.len(),
        4,
        "each refusal has its own message: {messages:#?}"
    );

    // the real bundle opens and reproduces the case exactly
    let out = ok(&bob, &["bundle", "open", file.to_str().unwrap()]);
    assert!(out.contains("added") && out.contains("alice"), "{out}");
    assert_eq!(
        ok(&bob, &["case", "export", &id]),
        ok(&alice, &["case", "export", &id])
    );
}

#[test]
fn a_status_card_carries_no_testimony_and_no_names() {
    let alice = TestVault::new();
    alice.init();
    let co = TestVault::new();
    co.init();
    ok(&alice, &["demo", "--cases", "1", "--seed", "8"]);
    ok(&alice, &["contact", "add", "coordinator", &key_line(&co)]);
    ok(&co, &["contact", "add", "alice", &key_line(&alice)]);
    let id = first_id(&alice);
    let export = ok(&alice, &["case", "export", &id]);
    let doc: serde_json::Value = serde_json::from_str(&export).unwrap();
    let texts: Vec<String> = doc["answers"]["answers"]
        .as_object()
        .unwrap()
        .values()
        .filter(|a| a["type"] == "text")
        .map(|a| a["value"].as_str().unwrap().to_owned())
        .collect();
    let file = alice.dir.parent().unwrap().join("card.waystone");
    ok(
        &alice,
        &[
            "bundle",
            "create",
            &id,
            "--to",
            "coordinator",
            "--out",
            file.to_str().unwrap(),
            "--status-card",
        ],
    );
    let out = ok(&co, &["bundle", "open", file.to_str().unwrap()]);
    assert!(out.contains("status card"), "{out}");
    let card = ok(&co, &["case", "export", &id]);
    for t in &texts {
        assert!(
            !card.contains(t.as_str()),
            "the status card carried a text answer"
        );
    }
    let card: serde_json::Value = serde_json::from_str(&card).unwrap();
    let paths: Vec<&String> = card["answers"]["answers"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert!(
        paths
            .iter()
            .all(|p| waystone::exchange::STATUS_CARD_PATHS.contains(&p.as_str())),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| *p == "evacuation_stage"));
}

/// The library on `v`'s vault as its first user (for setting up a newer version).
fn unlocked(v: &TestVault) -> waystone::vault::Vault {
    waystone::vault::Vault::unlock(&v.dir, None, &waystone::crypto::Passphrase::new(PASS)).unwrap()
}

/// A newer version of case `id` in `v`: a changed narrative (and, with `attachment`, a new
/// attachment), stamped now.
fn edit(v: &TestVault, id: &str, narrative: &str, attachment: bool) {
    use waystone::forms::{Answer, Value};
    let mut vault = unlocked(v);
    vault
        .writable(id)
        .and_then(|mut g| {
            g.save_answer(
                &"narrative".parse().unwrap(),
                Some(Answer::Value(Value::Text(narrative.into()))),
            )
        })
        .unwrap();
    if attachment {
        vault
            .writable(id)
            .and_then(|mut g| g.add_attachment("scan.pdf", "application/pdf", b"SYNTHETIC-SCAN"))
            .unwrap();
    }
}

fn bundle_to(v: &TestVault, id: &str, to: &str, name: &str) -> std::path::PathBuf {
    let file = v.dir.parent().unwrap().join(name);
    ok(
        v,
        &[
            "bundle",
            "create",
            id,
            "--to",
            to,
            "--out",
            file.to_str().unwrap(),
        ],
    );
    file
}

fn open(v: &TestVault, file: &std::path::Path) -> std::process::Output {
    v.run(
        &["bundle", "open", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    )
}

fn incoming(v: &TestVault) -> Vec<serde_json::Value> {
    ok(v, &["incoming", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Three invented people, each pinning the others: alice, bob and carol.
fn three() -> (TestVault, TestVault, TestVault) {
    let (alice, bob, carol) = (TestVault::new(), TestVault::new(), TestVault::new());
    for v in [&alice, &bob, &carol] {
        v.init();
    }
    let (a, b, c) = (key_line(&alice), key_line(&bob), key_line(&carol));
    ok(&alice, &["contact", "add", "bob", &b]);
    ok(&alice, &["contact", "add", "carol", &c]);
    ok(&bob, &["contact", "add", "alice", &a]);
    ok(&bob, &["contact", "add", "carol", &c]);
    ok(&carol, &["contact", "add", "alice", &a]);
    ok(&carol, &["contact", "add", "bob", &b]);
    (alice, bob, carol)
}

#[test]
fn an_older_bundle_after_a_newer_one_is_refused_and_the_same_bundle_twice_changes_nothing() {
    let (alice, bob, _carol) = three();
    ok(&alice, &["demo", "--cases", "1", "--seed", "11"]);
    let id = first_id(&alice);
    let v1 = bundle_to(&alice, &id, "bob", "v1.waystone");
    // the same version in a second file, which bob will see only later (a replayed copy)
    let v1_copy = bundle_to(&alice, &id, "bob", "v1-copy.waystone");
    let out = open(&bob, &v1);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    // the same file again: reported as already opened, nothing changed
    let held = export_case(&bob, &id);
    let out = open(&bob, &v1);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("Already opened"), "{said}");
    assert_eq!(export_case(&bob, &id), held);
    assert_eq!(incoming(&bob).len(), 1);

    // a newer version with an attachment, then the older one again
    edit(&alice, &id, "An invented later account.", true);
    let v2 = bundle_to(&alice, &id, "bob", "v2.waystone");
    let out = open(&bob, &v2);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let newer = export_case(&bob, &id);
    assert!(newer.contains("scan.pdf"));
    let out = open(&bob, &v1_copy);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("older or the same version"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1);
    assert_eq!(
        export_case(&bob, &id),
        newer,
        "the rollback changed the case"
    );
    // the first file again: already opened, and still nothing changes
    let out = open(&bob, &v1);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Already opened"));
    assert_eq!(export_case(&bob, &id), newer);

    // the same version sent again in a new file (another encryption) is not newer either
    let again = bundle_to(&alice, &id, "bob", "v2-again.waystone");
    let out = open(&bob, &again);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert_eq!(export_case(&bob, &id), newer);
    assert_eq!(incoming(&bob).len(), 2);
}

/// `case export` of `id` in `v` with `updated_at` set to `at`, imported back into `v`.
fn redate(v: &TestVault, id: &str, at: &str) {
    let mut doc: serde_json::Value = serde_json::from_str(&export_case(v, id)).unwrap();
    doc["updated_at"] = serde_json::Value::String(at.into());
    let f = v.dir.parent().unwrap().join("redated.json");
    std::fs::write(&f, doc.to_string()).unwrap();
    ok(v, &["case", "import", f.to_str().unwrap()]);
}

#[test]
fn an_update_from_someone_the_case_did_not_come_from_is_held_for_a_decision() {
    let (alice, bob, carol) = three();
    ok(&alice, &["demo", "--cases", "1", "--seed", "12"]);
    let id = first_id(&alice);
    let first = bundle_to(&alice, &id, "bob,carol", "first.waystone");
    assert_eq!(code(&open(&bob, &first)), 0);
    assert_eq!(code(&open(&carol, &first)), 0);

    // carol (pinned by bob, but not where the case came from) dates her copy ahead of
    // anything alice will send for a while (as far as a document may be dated: 2099 is
    // refused as a document already)
    edit(&carol, &id, "An invented account carol rewrote.", false);
    redate(&carol, &id, &at_minutes_from_now(50));
    let forged = bundle_to(&carol, &id, "bob", "forged.waystone");
    let before = export_case(&bob, &id);
    let out = open(&bob, &forged);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.starts_with("Held case"), "{said}");
    assert!(said.contains("narrative"), "{said}");
    assert_eq!(export_case(&bob, &id), before, "a held update was applied");
    let list = incoming(&bob);
    assert_eq!(list[0]["state"], "held");
    assert_eq!(list[0]["from"], "carol");
    assert_eq!(list[0]["case"], id.as_str());
    assert_eq!(list[0]["reason"], "untrusted_sender");
    let forged_id = list[0]["id"].as_i64().unwrap().to_string();

    // the true sender's next update still applies
    edit(&alice, &id, "An invented account alice updated.", false);
    let next = bundle_to(&alice, &id, "bob", "next.waystone");
    let out = open(&bob, &next);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let applied = export_case(&bob, &id);
    assert!(applied.contains("alice updated"));

    // rejected: nothing applied, listed as refused
    ok(&bob, &["incoming", "reject", &forged_id]);
    let row = incoming(&bob)
        .into_iter()
        .find(|r| r["id"].as_i64().unwrap().to_string() == forged_id)
        .unwrap();
    assert_eq!(
        (row["state"].clone(), row["reason"].clone()),
        ("refused".into(), "rejected".into())
    );
    assert_eq!(export_case(&bob, &id), applied);
    let out = bob.run(&["incoming", "accept", &forged_id], &format!("{PASS}\n"));
    assert_eq!(code(&out), 1, "a decided entry is no longer held");

    // carol's plausible later update is held, and bob accepts it
    edit(&carol, &id, "An invented account carol sent later.", false);
    redate(&carol, &id, &at_minutes_from_now(55));
    let plausible = bundle_to(&carol, &id, "bob", "plausible.waystone");
    assert!(ok(&bob, &["bundle", "open", plausible.to_str().unwrap()]).starts_with("Held"));
    assert_eq!(export_case(&bob, &id), applied);
    let held_id = incoming(&bob)[0]["id"].as_i64().unwrap().to_string();
    let said = ok(&bob, &["incoming", "accept", &held_id]);
    assert!(said.contains("updated"), "{said}");
    assert!(export_case(&bob, &id).contains("carol sent later"));
    assert_eq!(incoming(&bob)[0]["state"], "imported");
    assert_eq!(incoming(&bob)[0]["reason"], "accepted");
    assert_eq!(
        code(&bob.run(&["audit", "verify"], &format!("{PASS}\n"))),
        0
    );
}

fn at_minutes_from_now(minutes: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(minutes))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[test]
fn a_version_dated_far_ahead_of_the_clock_is_refused_even_from_the_true_sender() {
    let (alice, bob, _carol) = three();
    ok(&alice, &["demo", "--cases", "1", "--seed", "13"]);
    let id = first_id(&alice);
    assert_eq!(
        code(&open(&bob, &bundle_to(&alice, &id, "bob", "a.waystone"))),
        0
    );
    let before = export_case(&bob, &id);
    // three hours ahead: a valid document (its own check allows a day of skew), but not a
    // version this vault will order after its own clock's now
    edit(&alice, &id, "An invented account from the future.", false);
    redate(&alice, &id, &at_minutes_from_now(180));
    let out = open(&bob, &bundle_to(&alice, &id, "bob", "b.waystone"));
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("60 minutes ahead"),
        "{}",
        stderr(&out)
    );
    assert_eq!(export_case(&bob, &id), before);
    // a new case dated ahead is refused too
    ok(&alice, &["demo", "--cases", "1", "--seed", "14"]);
    let ids = case_ids(&alice);
    let other = ids.iter().find(|i| **i != id).unwrap();
    redate(&alice, other, &at_minutes_from_now(180));
    let out = open(&bob, &bundle_to(&alice, other, "bob", "c.waystone"));
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert_eq!(case_ids(&bob), vec![id]);
}

#[test]
fn a_pinned_contact_is_replaced_only_when_asked() {
    let (alice, bob, carol) = three();
    let (b, c) = (key_line(&bob), key_line(&carol));
    let listed = ok(&alice, &["contact", "list"]);
    // the same key again is not a change
    ok(&alice, &["contact", "add", "bob", &b]);
    let out = alice.run(&["contact", "add", "bob", &c], &format!("{PASS}\n"));
    assert_ne!(code(&out), 0);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--replace"), "{err}");
    let fp = |v: &TestVault| -> String {
        serde_json::from_str::<serde_json::Value>(&ok(v, &["--json", "key", "show"])).unwrap()
            ["fingerprint"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (fb, fc) = (fp(&bob), fp(&carol));
    assert!(err.contains(&fb) && err.contains(&fc), "{err}");
    assert_eq!(ok(&alice, &["contact", "list"]), listed);
    ok(&alice, &["contact", "add", "bob", &c, "--replace"]);
    let now = ok(&alice, &["contact", "list"]);
    assert!(now.contains(&format!("bob\t{fc}")), "{now}");
    // the replacement is in the audit log with both fingerprints
    let v = unlocked(&alice);
    let entry = v
        .audit_entries()
        .unwrap()
        .into_iter()
        .find(|e| e.action == "contact.replace")
        .expect("audited");
    assert_eq!(entry.subject, format!("bob: {fb} -> {fc}"));
}

#[test]
fn accept_with_trust_makes_the_sender_trusted_for_the_case() {
    let (alice, bob, _carol) = three();
    ok(&alice, &["demo", "--cases", "1", "--seed", "13"]);
    let id = first_id(&alice);
    // a copy bob holds with no trusted sender (as every case held before migration 0008)
    let file = alice.dir.parent().unwrap().join("copy.json");
    std::fs::write(&file, export_case(&alice, &id)).unwrap();
    ok(&bob, &["case", "import", file.to_str().unwrap()]);
    edit(&alice, &id, "An invented second account.", false);
    let second = bundle_to(&alice, &id, "bob", "second.waystone");
    assert!(ok(&bob, &["bundle", "open", second.to_str().unwrap()]).starts_with("Held"));
    let held_id = incoming(&bob)[0]["id"].as_i64().unwrap().to_string();
    let said = ok(&bob, &["incoming", "accept", &held_id, "--trust"]);
    assert!(said.contains("trusted"), "{said}");
    // alice's next update applies without a decision
    edit(&alice, &id, "An invented third account.", false);
    let third = bundle_to(&alice, &id, "bob", "third.waystone");
    let said = ok(&bob, &["bundle", "open", third.to_str().unwrap()]);
    assert!(said.starts_with("Verified"), "{said}");
    assert!(export_case(&bob, &id).contains("third account"));
}
