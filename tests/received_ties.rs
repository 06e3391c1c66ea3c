//! A case that came in a bundle keeps its sender's `created_by` (so it exports exactly as
//! sent); that name must tie no local user of the same name to the case. Before, a local
//! caseworker named like the remote creator could read, change and send a case nobody gave
//! them. Invented people only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

fn ok(v: &TestVault, user: &str, pass: &str, args: &[&str]) -> String {
    let out = v.run(&[&["--user", user], args].concat(), &format!("{pass}\n"));
    assert_eq!(code(&out), 0, "{user} {args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_received_cases_remote_creator_name_gives_no_local_user_a_tie() {
    // the sender's vault: its first user is called "cw1"
    let sender = TestVault::new();
    let out = sender.run(&["--user", "cw1", "init"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    ok(
        &sender,
        "cw1",
        PASS,
        &["demo", "--cases", "1", "--seed", "31"],
    );
    let id = ok(&sender, "cw1", PASS, &["--json", "case", "list"]);
    let id: serde_json::Value = serde_json::from_str(id.lines().next().unwrap()).unwrap();
    let id = id["id"].as_str().unwrap().to_owned();
    assert!(ok(&sender, "cw1", PASS, &["case", "export", &id]).contains("\"created_by\": \"cw1\""));

    // the receiving vault: an admin, and a local caseworker who happens to be called "cw1"
    let receiver = TestVault::new();
    let out = receiver.run(&["--user", "bob", "init"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = receiver.run(
        &[
            "--user",
            "bob",
            "user",
            "add",
            "cw1",
            "--role",
            "caseworker",
        ],
        &format!("{PASS}\n{PASS2}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let bob_key = ok(&receiver, "bob", PASS, &["key", "show"]);
    let cw1_key = ok(&sender, "cw1", PASS, &["key", "show"]);
    ok(
        &sender,
        "cw1",
        PASS,
        &["contact", "add", "bob", bob_key.trim()],
    );
    ok(
        &receiver,
        "bob",
        PASS,
        &["contact", "add", "field", cw1_key.trim()],
    );
    let file = receiver.dir.parent().unwrap().join("case.waystone");
    ok(
        &sender,
        "cw1",
        PASS,
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
    ok(
        &receiver,
        "bob",
        PASS,
        &["bundle", "open", file.to_str().unwrap()],
    );
    let held = ok(&receiver, "bob", PASS, &["case", "export", &id]);
    assert!(
        held.contains("\"created_by\": \"cw1\""),
        "the sender's creator is kept"
    );

    // the local cw1 neither lists nor reads it
    assert_eq!(ok(&receiver, "cw1", PASS2, &["--json", "case", "list"]), "");
    let out = receiver.run(
        &["--user", "cw1", "case", "export", &id],
        &format!("{PASS2}\n"),
    );
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    // until someone assigns it to them
    ok(
        &receiver,
        "bob",
        PASS,
        &["case", "assign", &id, "--caseworker", "cw1"],
    );
    let now: serde_json::Value =
        serde_json::from_str(&ok(&receiver, "cw1", PASS2, &["case", "export", &id])).unwrap();
    let then: serde_json::Value = serde_json::from_str(&held).unwrap();
    assert!(
        now["answers"] == then["answers"],
        "the assigned cw1 reads the same case"
    );
}
