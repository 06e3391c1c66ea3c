//! The doors that write a case from outside (issue 14): `case import` checks rights, never
//! removes an attachment it does not list, moves the status only one recorded step, checks
//! every field of the document against a closed set or a pattern, accepts one spelling of a
//! UUID, refuses a duplicated answer and an oversized one; what a terminal prints carries no
//! control character from a case. Through the real CLI (and the core where the CLI has no
//! command: saving an answer, removing an attachment). All people are invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use base64::Engine;
use serde_json::{json, Value as Json};
use sha2::Digest;

use common::*;

const CW1: (&str, &str) = ("cw1", "amber ferry counts nine slow winter");
const CW2: (&str, &str) = ("cw2", "orchid tundra bicycle seventy quietly");
const LAW1: (&str, &str) = ("law1", "copper meadow whistle ninety lantern");
const LAW2: (&str, &str) = ("law2", "velvet canyon ripple forty marble");
const CO: (&str, &str) = ("co", "harbor juniper static eleven falcon");
const ANA: (&str, &str) = ("ana", PASS);

/// Marks every injected value: it must never come back in an error message.
const MARK: &str = "ZQXMARK";

fn as_user(v: &TestVault, who: (&str, &str), args: &[&str]) -> std::process::Output {
    let mut all = vec!["--user", who.0];
    all.extend_from_slice(args);
    v.run(&all, &format!("{}\n", who.1))
}

fn import_as(v: &TestVault, who: (&str, &str), doc: &str) -> std::process::Output {
    let file = v.dir.parent().unwrap().join("import.json");
    std::fs::write(&file, doc).unwrap();
    let out = as_user(v, who, &["case", "import", file.to_str().unwrap()]);
    std::fs::remove_file(&file).unwrap();
    out
}

fn export_as(v: &TestVault, who: (&str, &str), id: &str) -> String {
    let out = as_user(v, who, &["case", "export", id]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// The ids of the cases the admin lists (a vault with several users needs `--user`).
fn ids_as_ana(v: &TestVault) -> Vec<String> {
    let out = as_user(v, ANA, &["--json", "case", "list"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Json>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn attachment(id: &str, name: &str, data: &[u8]) -> Json {
    json!({
        "id": id, "file_name": name, "media_type": "text/plain", "size": data.len(),
        "sha256": hex::encode(sha2::Sha256::digest(data)),
        "data": base64::engine::general_purpose::STANDARD.encode(data),
    })
}

fn text(s: &str) -> Json {
    json!({"status": "answered", "type": "text", "value": s})
}

/// A demo case (invented) exported from a scratch vault, as a document to import.
fn demo_doc(seed: &str) -> Json {
    let src = TestVault::new();
    src.init();
    assert_eq!(
        code(&src.run(
            &["demo", "--cases", "1", "--seed", seed],
            &format!("{PASS}\n")
        )),
        0
    );
    let id = case_ids(&src).remove(0);
    serde_json::from_str(&export_case(&src, &id)).unwrap()
}

/// A vault with one user of each role, and a case cw1 made (status
/// `interview_in_progress`, one attachment) with law1 assigned as its lawyer.
struct Team {
    v: TestVault,
    id: String,
    att: String,
}

fn team() -> Team {
    let v = TestVault::new();
    v.init();
    for ((name, pass), role) in [
        (CW1, "caseworker"),
        (CW2, "caseworker"),
        (LAW1, "lawyer"),
        (LAW2, "lawyer"),
        (CO, "coordinator"),
    ] {
        let out = v.run(
            &["--user", "ana", "user", "add", name, "--role", role],
            &format!("{PASS}\n{pass}\n"),
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let mut doc = demo_doc("5");
    let att = "5d0c3e9a-2b71-4c8e-9f4a-1e2d3c4b5a69".to_owned();
    doc["created_by"] = json!("cw1");
    doc["updated_by"] = json!("cw1");
    doc["status"] = json!("interview_in_progress");
    doc["attachments"] = json!([attachment(&att, "scan.txt", b"invented scan 6610")]);
    let out = import_as(&v, CW1, &doc.to_string());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let id = doc["id"].as_str().unwrap().to_owned();
    let out = as_user(&v, ANA, &["case", "assign", &id, "--lawyer", "law1"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    Team { v, id, att }
}

impl Team {
    fn held(&self) -> String {
        export_as(&self.v, ANA, &self.id)
    }
    fn files(&self) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        snapshot(&self.v.dir.join("attachments"))
            .into_iter()
            .collect()
    }
}

/// The held case rewritten as an attacker would: narrative replaced, the other answers
/// removed, status jumped, no attachments listed.
fn rewritten(held: &str) -> Json {
    let mut doc: Json = serde_json::from_str(held).unwrap();
    let answers = doc["answers"]["answers"].as_object_mut().unwrap();
    answers.retain(|k, _| k == "consent_documentation");
    answers.insert("narrative".into(), text("REWRITTEN testimony 4471"));
    doc["status"] = json!("decided");
    doc["attachments"] = json!([]);
    doc
}

#[test]
fn import_over_a_case_needs_the_right_to_write_it() {
    let t = team();
    let held = t.held();
    let files = t.files();
    let attack = rewritten(&held).to_string();
    // the assigned lawyer reads the case but does not rewrite a survivor's words (the rights
    // table's write_testimony row)
    for who in [CO, CW2, LAW2, LAW1] {
        let out = import_as(&t.v, who, &attack);
        assert_eq!(code(&out), 5, "{}: {}", who.0, stderr(&out));
        assert_eq!(t.held(), held, "{} changed the case", who.0);
        assert_eq!(t.files(), files, "{} changed the attachment files", who.0);
    }
    // a coordinator's status card rights do not reach the testimony either
    let mut same_status: Json = rewritten(&held);
    same_status["status"] = json!("interview_in_progress");
    let out = import_as(&t.v, CO, &same_status.to_string());
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert_eq!(t.held(), held);
    // those who may write the case may import over it
    for who in [CW1, ANA] {
        let mut doc: Json = serde_json::from_str(&held).unwrap();
        doc["answers"]["answers"]["narrative"] = text(&format!("corrected by {}", who.0));
        let out = import_as(&t.v, who, &doc.to_string());
        assert_eq!(code(&out), 0, "{}: {}", who.0, stderr(&out));
        let now: Json = serde_json::from_str(&t.held()).unwrap();
        assert_eq!(
            now["answers"]["answers"]["narrative"],
            text(&format!("corrected by {}", who.0)),
            "{}'s import was written",
            who.0
        );
        assert_eq!(
            t.files(),
            files,
            "{}'s import kept the attachment files",
            who.0
        );
    }
}

#[test]
fn a_case_is_created_by_import_only_by_a_role_that_may_create_and_in_the_importers_name() {
    let t = team();
    let before = ids_as_ana(&t.v);
    let fresh = |created_by: &str| {
        let mut d = demo_doc("9");
        d["created_by"] = json!(created_by);
        d
    };
    // a coordinator may not create a case, in anyone's name
    for by in ["co", "cw1", "ana"] {
        let out = import_as(&t.v, CO, &fresh(by).to_string());
        assert_eq!(code(&out), 5, "co as {by}: {}", stderr(&out));
    }
    // a caseworker or lawyer may not make a case in someone else's name
    for (who, by) in [(CW2, "cw1"), (LAW1, "cw2"), (CW1, "ana")] {
        let out = import_as(&t.v, who, &fresh(by).to_string());
        assert_eq!(code(&out), 5, "{} as {by}: {}", who.0, stderr(&out));
    }
    assert_eq!(ids_as_ana(&t.v), before, "a refused import created a case");
    // in their own name they may, and can read the case afterwards (a lawyer is assigned)
    for who in [CW2, LAW1] {
        let doc = fresh(who.0);
        let out = import_as(&t.v, who, &doc.to_string());
        assert_eq!(code(&out), 0, "{}: {}", who.0, stderr(&out));
        let id = doc["id"].as_str().unwrap();
        assert_eq!(export_as(&t.v, who, id), export_as(&t.v, ANA, id));
    }
}

#[test]
fn an_import_never_removes_an_attachment_it_does_not_list() {
    let t = team();
    let files = t.files();
    assert_eq!(files.len(), 1);
    let mut doc: Json = serde_json::from_str(&t.held()).unwrap();
    doc["attachments"] = json!([]);
    doc["answers"]["answers"]["narrative"] = text("a later version, without the scan");
    let out = import_as(&t.v, CW1, &doc.to_string());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let after: Json = serde_json::from_str(&t.held()).unwrap();
    assert_eq!(
        after["attachments"].as_array().unwrap().len(),
        1,
        "row removed"
    );
    assert_eq!(after["attachments"][0]["id"], json!(t.att));
    assert_eq!(t.files(), files, "file removed or rewritten");
    // a second attachment listed is added beside the held one
    let second = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    doc["attachments"] = json!([attachment(second, "photo.txt", b"invented photo 3302")]);
    let out = import_as(&t.v, CW1, &doc.to_string());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let after: Json = serde_json::from_str(&t.held()).unwrap();
    assert_eq!(after["attachments"].as_array().unwrap().len(), 2);
    assert_eq!(t.files().len(), 2);
    assert_eq!(code(&as_user(&t.v, ANA, &["check"])), 0);
}

#[test]
fn an_import_moves_the_status_only_one_allowed_step_recorded_as_an_event() {
    let t = team();
    let held = t.held();
    let history = |v: &TestVault| {
        let out = as_user(v, ANA, &["--json", "case", "history", &t.id]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    // interview_in_progress → decided, filed, legal_review: not one allowed step
    for jump in ["decided", "filed", "legal_review", "intake_scheduled"] {
        let mut doc: Json = serde_json::from_str(&held).unwrap();
        doc["status"] = json!(jump);
        let out = import_as(&t.v, CW1, &doc.to_string());
        assert_eq!(code(&out), 6, "{jump}: {}", stderr(&out));
        assert!(stderr(&out).contains("status:"), "{}", stderr(&out));
        assert_eq!(t.held(), held, "{jump}");
    }
    // one allowed step: applied, and in the case's workflow history
    let mut doc: Json = serde_json::from_str(&held).unwrap();
    doc["status"] = json!("interview_complete");
    let out = import_as(&t.v, CW1, &doc.to_string());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let after: Json = serde_json::from_str(&t.held()).unwrap();
    assert_eq!(after["status"], json!("interview_complete"));
    let events = history(&t.v);
    assert!(
        events.lines().any(|l| {
            let e: Json = serde_json::from_str(l).unwrap();
            e["kind"] == "status"
                && e["by"] == "cw1"
                && e["detail"] == "interview_in_progress → interview_complete (import)"
        }),
        "{events}"
    );
}

/// One malformed-field vector: a change to a valid document, and the field every problem
/// line must name.
type Mutation = fn(&mut Json);

fn malformed_vectors() -> Vec<(&'static str, Mutation, &'static [&'static str])> {
    fn future(days: i64) -> String {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
    vec![
        (
            "status: free text",
            |d| d["status"] = json!(format!("{MARK} testimony")),
            &["status:"],
        ),
        (
            "status: escape codes",
            |d| d["status"] = json!(format!("decided\u{1b}[2J{MARK}")),
            &["status:"],
        ),
        (
            "status: unknown name",
            |d| d["status"] = json!("under_review"),
            &["status:"],
        ),
        (
            "code: escape and newline",
            |d| d["code"] = json!(format!("WS-\u{1b}[31m{MARK}\nWS-FAKE")),
            &["code:"],
        ),
        (
            "code: lower case",
            |d| d["code"] = json!("ws-abcd-efgh"),
            &["code:"],
        ),
        ("code: empty", |d| d["code"] = json!(""), &["code:"]),
        (
            "code: double hyphen",
            |d| d["code"] = json!("WS--ABCD"),
            &["code:"],
        ),
        (
            "code: too long",
            |d| d["code"] = json!(format!("WS-{}", "A".repeat(62))),
            &["code:"],
        ),
        (
            "created_by: newline",
            |d| d["created_by"] = json!(format!("ana\n{MARK}")),
            &["created_by:"],
        ),
        (
            "created_by: empty",
            |d| d["created_by"] = json!(""),
            &["created_by:"],
        ),
        (
            "updated_by: a sentence",
            |d| d["updated_by"] = json!(format!("{MARK} lives at Lenina 5")),
            &["updated_by:"],
        ),
        (
            "updated_by: 65 letters",
            |d| d["updated_by"] = json!("a".repeat(65)),
            &["updated_by:"],
        ),
        (
            "created_at: words",
            |d| d["created_at"] = json!(format!("yesterday {MARK}")),
            &["created_at:"],
        ),
        (
            "created_at: year 2099",
            |d| d["created_at"] = json!("2099-01-01T00:00:00.000Z"),
            &["created_at:"],
        ),
        (
            "updated_at: month 13",
            |d| d["updated_at"] = json!("2026-13-01T00:00:00Z"),
            &["updated_at:"],
        ),
        (
            "updated_at: two days ahead",
            |d| d["updated_at"] = json!(future(2)),
            &["updated_at:"],
        ),
        (
            "updated_at: no zone",
            |d| d["updated_at"] = json!("2026-01-01T00:00:00"),
            &["updated_at:"],
        ),
        (
            "file_name: path",
            |d| d["attachments"][0]["file_name"] = json!(format!("../../{MARK}/passwd")),
            &["attachments[0].file_name:"],
        ),
        (
            "file_name: backslash",
            |d| d["attachments"][0]["file_name"] = json!(format!("..\\{MARK}.jpg")),
            &["attachments[0].file_name:"],
        ),
        (
            "file_name: escape codes",
            |d| d["attachments"][0]["file_name"] = json!(format!("a\u{1b}]0;{MARK}\u{7}.jpg")),
            &["attachments[0].file_name:"],
        ),
        (
            "file_name: right-to-left override",
            |d| d["attachments"][0]["file_name"] = json!(format!("{MARK}\u{202e}gpj.exe")),
            &["attachments[0].file_name:"],
        ),
        (
            "file_name: 256 characters",
            |d| d["attachments"][0]["file_name"] = json!("я".repeat(256)),
            &["attachments[0].file_name:"],
        ),
        (
            "media_type: no subtype",
            |d| d["attachments"][0]["media_type"] = json!("image"),
            &["attachments[0].media_type:"],
        ),
        (
            "media_type: header injection",
            |d| d["attachments"][0]["media_type"] = json!(format!("image/jpeg\r\nX-{MARK}: 1")),
            &["attachments[0].media_type:"],
        ),
        (
            "media_type: empty",
            |d| d["attachments"][0]["media_type"] = json!(""),
            &["attachments[0].media_type:"],
        ),
        (
            "sha256: upper case",
            |d| {
                let s = d["attachments"][0]["sha256"]
                    .as_str()
                    .unwrap()
                    .to_uppercase();
                d["attachments"][0]["sha256"] = json!(s);
            },
            &["attachments[0].sha256:"],
        ),
        (
            "sha256: not hex",
            |d| d["attachments"][0]["sha256"] = json!(format!("{MARK}{}", "z".repeat(57))),
            &["attachments[0].sha256:"],
        ),
        (
            "form: unknown id with escape codes",
            |d| d["form"]["id"] = json!(format!("intake\u{1b}[2J{MARK}")),
            &["form:"],
        ),
    ]
}

#[test]
fn every_malformed_field_is_refused_with_exit_6_naming_it_and_echoing_nothing() {
    let v = TestVault::new();
    v.init();
    let mut good = demo_doc("7");
    good["attachments"] = json!([attachment(
        "0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d",
        "scan.txt",
        b"invented scan 2290"
    )]);
    let before = snapshot(&v.dir);
    let check = |what: &str, doc: &Json, expected: &[&str]| {
        let out = import_as(&v, ANA, &doc.to_string());
        let err = stderr(&out);
        assert_eq!(code(&out), 6, "{what}: {err}");
        for e in expected {
            assert!(err.contains(e), "{what}: {e} not listed in: {err}");
        }
        assert!(!err.contains(MARK), "{what}: input echoed: {err:?}");
        assert!(
            !err.trim_end().chars().any(|c| c.is_control() && c != '\n'),
            "{what}: a control character in the message: {err:?}"
        );
    };
    let vectors = malformed_vectors();
    for (what, mutate, expected) in &vectors {
        let mut doc = good.clone();
        mutate(&mut doc);
        check(what, &doc, expected);
    }
    // all at once: every problem is listed, not only the first
    let mut all = good.clone();
    let mut expected = Vec::new();
    for (_, mutate, fields) in vectors.iter().filter(|(w, ..)| {
        [
            "status: free text",
            "code: lower case",
            "created_by: newline",
            "updated_by: a sentence",
            "created_at: year 2099",
            "updated_at: month 13",
            "file_name: path",
            "media_type: no subtype",
            "sha256: not hex",
            "form: unknown id with escape codes",
        ]
        .contains(w)
    }) {
        mutate(&mut all);
        expected.extend_from_slice(fields);
    }
    assert_eq!(expected.len(), 10);
    check("all at once", &all, &expected);
    // nothing was written
    assert!(case_ids(&v).is_empty());
    assert_eq!(
        snapshot(&v.dir).keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    // and the valid document imports
    let out = import_as(&v, ANA, &good.to_string());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// The other spellings of a UUID the `uuid` crate accepts.
fn spellings(id: &str) -> Vec<String> {
    let simple = id.replace('-', "");
    vec![
        id.to_uppercase(),
        format!("{{{id}}}"),
        format!("urn:uuid:{id}"),
        simple.clone(),
        simple.to_uppercase(),
    ]
}

#[test]
fn ids_have_one_spelling_and_a_backup_of_what_was_imported_restores() {
    let v = TestVault::new();
    v.init();
    let good = demo_doc("11");
    let id = good["id"].as_str().unwrap().to_owned();
    let att = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4";
    let mut good = good;
    good["attachments"] = json!([attachment(att, "scan.txt", b"invented scan 8812")]);
    for s in spellings(&id) {
        let mut doc = good.clone();
        doc["id"] = json!(s);
        let out = import_as(&v, ANA, &doc.to_string());
        assert_eq!(code(&out), 6, "case id {s}: {}", stderr(&out));
        assert!(stderr(&out).contains("id: not a UUID"), "{}", stderr(&out));
    }
    for s in spellings(att) {
        let mut doc = good.clone();
        doc["attachments"][0]["id"] = json!(s);
        let out = import_as(&v, ANA, &doc.to_string());
        assert_eq!(code(&out), 6, "attachment id {s}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("attachments[0].id: not a UUID"),
            "{}",
            stderr(&out)
        );
    }
    assert!(case_ids(&v).is_empty());
    // the canonical spelling imports, is exported the same, and survives backup + restore
    let out = import_as(&v, ANA, &good.to_string());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let held = export_case(&v, &id);
    let held_json: Json = serde_json::from_str(&held).unwrap();
    assert_eq!(held_json["attachments"][0]["id"], json!(att));
    let backup = v.dir.parent().unwrap().join("all.wsbackup");
    let out = v.run(
        &["backup", "--out", backup.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let r = TestVault::new();
    let out = r.run(&["restore", backup.to_str().unwrap()], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(export_case(&r, &id), held);
}

#[test]
fn an_answer_path_given_twice_is_refused() {
    let v = TestVault::new();
    v.init();
    let mut doc = demo_doc("13");
    doc["answers"]["answers"]["narrative"] = text("the account as recorded");
    let compact = doc.to_string();
    let key = "\"answers\":{\"answers\":{";
    assert!(compact.contains(key));
    for dup in [
        // the second one would win: a silent rewrite of the first
        format!(
            "\"narrative\":{{\"status\":\"answered\",\"type\":\"text\",\"value\":\"{MARK}\"}},"
        ),
        "\"narrative\":{\"status\":\"declined\"},".to_owned(),
    ] {
        let text = compact.replacen(key, &format!("{key}{dup}"), 1);
        let out = import_as(&v, ANA, &text);
        assert_eq!(code(&out), 6, "{}", stderr(&out));
        assert!(!stderr(&out).contains(MARK), "{}", stderr(&out));
    }
    // the same in the repeat counts
    let text = compact.replacen("\"repeats\":{", "\"repeats\":{\"episodes\":1,", 1);
    if doc["answers"]["repeats"]["episodes"].is_number() {
        let out = import_as(&v, ANA, &text);
        assert_eq!(code(&out), 6, "{}", stderr(&out));
    }
    assert!(case_ids(&v).is_empty());
}

#[test]
fn an_oversized_answer_is_refused_at_import() {
    use waystone::cases::interchange::{MAX_ANSWERS_BYTES, MAX_ANSWER_BYTES};
    let v = TestVault::new();
    v.init();
    let doc = demo_doc("17");
    let cases: Vec<(&str, Json, Option<&str>)> = vec![
        (
            "one answer over the limit",
            {
                let mut d = doc.clone();
                d["answers"]["answers"]["narrative"] = text(&"x".repeat(MAX_ANSWER_BYTES));
                d
            },
            Some("answers.narrative: longer than the limit"),
        ),
        (
            "all the answers over the limit",
            {
                let mut d = doc.clone();
                let each = "б".repeat(MAX_ANSWER_BYTES / 2 - 64); // 2 bytes a letter
                for p in [
                    "narrative",
                    "aliases",
                    "nicknames",
                    "contact_safety",
                    "consent_recipients",
                ] {
                    d["answers"]["answers"][p] = text(&each);
                }
                assert!(5 * each.len() > MAX_ANSWERS_BYTES);
                d
            },
            Some("answers: longer than the limit"),
        ),
        (
            "a long testimony within the limit",
            {
                let mut d = doc.clone();
                d["answers"]["answers"]["narrative"] = text(&"я".repeat(MAX_ANSWER_BYTES / 2 - 64));
                d
            },
            None,
        ),
    ];
    for (what, d, problem) in cases {
        let out = import_as(&v, ANA, &d.to_string());
        match problem {
            Some(p) => {
                assert_eq!(code(&out), 6, "{what}: {}", stderr(&out));
                assert!(stderr(&out).contains(p), "{what}: {}", stderr(&out));
                assert!(stderr(&out).len() < 2000, "{what}: content echoed?");
            }
            None => assert_eq!(code(&out), 0, "{what}: {}", stderr(&out)),
        }
    }
}

#[test]
fn an_oversized_answer_is_refused_at_save() {
    use waystone::cases::interchange::{MAX_ANSWERS_BYTES, MAX_ANSWER_BYTES};
    use waystone::forms::{Answer, AnswerPath, Value};
    use waystone::vault::VaultError;
    let v = TestVault::new();
    v.init();
    let mut vault = waystone::vault::Vault::unlock(
        &v.dir,
        Some("ana"),
        &waystone::crypto::Passphrase::new(PASS),
    )
    .unwrap();
    let id = vault
        .create_case(&waystone::forms::latest_intake())
        .unwrap()
        .id;
    let save = |vault: &mut waystone::vault::Vault, p: &str, s: String| {
        let path: AnswerPath = p.parse().unwrap();
        vault
            .writable(&id)
            .and_then(|mut g| g.save_answer(&path, Some(Answer::Value(Value::Text(s)))))
    };
    let too_large = |e: VaultError| {
        assert_eq!(e.code().exit_status(), 6, "{e}");
        assert_eq!(e.code(), waystone::Code::TooLarge, "{e}");
        assert!(!e.to_string().contains(MARK), "{e}");
    };
    match save(
        &mut vault,
        "narrative",
        format!("{MARK}{}", "x".repeat(MAX_ANSWER_BYTES)),
    ) {
        Err(e) => too_large(e),
        Ok(_) => panic!("an oversized answer was saved"),
    }
    // just under: saved
    save(&mut vault, "narrative", "x".repeat(MAX_ANSWER_BYTES - 64)).unwrap();
    // the answers of the case together
    let each = "ж".repeat(MAX_ANSWER_BYTES / 2 - 64);
    let mut refused = false;
    for p in [
        "aliases",
        "nicknames",
        "contact_safety",
        "consent_recipients",
        "recorder_name",
    ] {
        match save(&mut vault, p, each.clone()) {
            Ok(_) => {}
            Err(e) => {
                too_large(e);
                refused = true;
                break;
            }
        }
    }
    assert!(
        refused,
        "{} MiB of answers were saved",
        MAX_ANSWERS_BYTES >> 20
    );
}

#[test]
fn a_legacy_code_with_control_characters_never_reaches_the_terminal_raw() {
    let v = TestVault::new();
    v.init();
    assert_eq!(
        code(&v.run(&["demo", "--cases", "2"], &format!("{PASS}\n"))),
        0
    );
    let ids = case_ids(&v);
    let forged = "WS-\u{1b}[2J\u{1b}[1;1HX\nforged-id\tWS-FAKE\tdecided\t-\u{9b}31m\u{202e}";
    {
        let mut vault = waystone::vault::Vault::unlock(
            &v.dir,
            Some("ana"),
            &waystone::crypto::Passphrase::new(PASS),
        )
        .unwrap();
        vault.debug_store_unchecked_code(&ids[0], forged).unwrap();
    }
    for args in [&["case", "list"][..], &["case", "list", "--json"][..]] {
        let out = v.run(args, &format!("{PASS}\n"));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            text.lines().count(),
            2,
            "{args:?}: a line was forged: {text:?}"
        );
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\t')
                    || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{args:?}: {text:?}"
        );
        for line in text.lines() {
            if args.len() == 2 {
                assert_eq!(line.split('\t').count(), 4, "{line:?}");
            }
        }
    }
}

#[test]
fn removing_an_attachment_is_its_own_checked_and_audited_operation() {
    use waystone::crypto::Passphrase;
    use waystone::vault::{Vault, VaultError};
    let t = team();
    let open =
        |who: (&str, &str)| Vault::unlock(&t.v.dir, Some(who.0), &Passphrase::new(who.1)).unwrap();
    let file = t.v.dir.join("attachments").join(format!("{}.bin", t.att));
    assert!(file.exists());
    for who in [CO, CW2, LAW2] {
        let mut v = open(who);
        assert!(
            matches!(
                v.writable(&t.id)
                    .and_then(|mut g| g.remove_attachment(&t.att)),
                Err(VaultError::Forbidden)
            ),
            "{}",
            who.0
        );
    }
    assert!(file.exists());
    let mut v = open(CW1);
    assert!(matches!(
        v.writable(&t.id)
            .and_then(|mut g| g.remove_attachment("00000000-0000-4000-8000-000000000000")),
        Err(VaultError::Invalid(_))
    ));
    v.writable(&t.id)
        .and_then(|mut g| g.remove_attachment(&t.att))
        .unwrap();
    drop(v);
    assert!(!file.exists(), "the encrypted file stayed");
    let doc: Json = serde_json::from_str(&t.held()).unwrap();
    assert!(doc["attachments"].as_array().unwrap().is_empty());
    let admin = open(ANA);
    let page = admin.audit_page(0, 1000).unwrap();
    assert!(
        page.rows
            .iter()
            .any(|r| r.action == "attachment.remove" && r.actor == "cw1"),
        "no audit entry"
    );
    drop(admin);
    assert_eq!(code(&as_user(&t.v, ANA, &["check"])), 0);
}
