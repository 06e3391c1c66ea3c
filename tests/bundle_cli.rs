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
            .all(|p| waystone::vault::transfer::STATUS_CARD_PATHS.contains(&p.as_str())),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| *p == "evacuation_stage"));
}
