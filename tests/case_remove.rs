//! Taking a case out (issue 18, "started by mistake"): a case holding nothing beyond consent
//! is discarded by its own caseworker, with its consent-record attachment; every other case
//! is refused for its reason and left whole; an admin deletes any case after typing its code,
//! and nothing of it stays readable — answers, history, search, attachments, provenance,
//! private labels. Through the core and the real CLI. All people and answers are invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use waystone::casework::Discard;
use waystone::crypto::{Passphrase, KDF_FLOOR};
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::vault::{Role, Vault, VaultError, ATTACHMENTS_DIR};

use common::*;

const CW: (&str, &str) = ("cw", "amber ferry counts nine slow winter");
const CW2: (&str, &str) = ("cw2", "orchid tundra bicycle seventy quietly");
const CO: (&str, &str) = ("co", "harbor juniper static eleven falcon");
/// Invented; planted in a narrative so the search index holds it.
const MARK: &str = "Zelvortinsky";

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}

fn yes() -> Option<Answer> {
    Some(Answer::Value(Value::YesNo(true)))
}

fn admin_vault(dir: &Path) -> Vault {
    let (mut v, _) =
        Vault::create(dir, "ana", Role::Admin, &Passphrase::new(PASS), KDF_FLOOR).unwrap();
    for (name, role, pass) in [
        (CW.0, Role::Caseworker, CW.1),
        (CW2.0, Role::Caseworker, CW2.1),
        (CO.0, Role::Coordinator, CO.1),
    ] {
        v.add_user(name, role, &Passphrase::new(pass)).unwrap();
    }
    v
}

fn as_user(dir: &Path, who: (&str, &str)) -> Vault {
    Vault::unlock(dir, Some(who.0), &Passphrase::new(who.1)).unwrap()
}

fn attachment_files(dir: &Path) -> usize {
    std::fs::read_dir(dir.join(ATTACHMENTS_DIR))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".bin")
            })
            .count()
        })
        .unwrap_or(0)
}

/// A case started by the acting user with consent answered and a consent record attached.
fn consent_only_case(v: &mut Vault) -> String {
    let id = v.create_case(&waystone::forms::latest_intake()).unwrap().id;
    let mut g = v.writable(&id).unwrap();
    g.save_answer(&p("consent_documentation"), yes()).unwrap();
    let att = g
        .add_attachment("consent.png", "image/png", b"invented consent record")
        .unwrap();
    g.save_answer(
        &p("consent_record"),
        Some(Answer::Value(Value::Attachment(att.id))),
    )
    .unwrap();
    id
}

#[test]
fn a_case_with_nothing_beyond_consent_is_discarded_by_its_caseworker_with_its_attachment() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("v");
    drop(admin_vault(&dir));
    let mut cw = as_user(&dir, CW);
    let id = consent_only_case(&mut cw);
    assert_eq!(attachment_files(&dir), 1);
    assert_eq!(cw.discard_check(&id).unwrap(), Discard::Allowed);
    drop(cw);

    // another caseworker may not, nor a coordinator (who sees the case on the board)
    let mut cw2 = as_user(&dir, CW2);
    assert!(matches!(
        cw2.discard_case(&id),
        Err(VaultError::Forbidden | VaultError::CaseNotFound)
    ));
    drop(cw2);
    let mut co = as_user(&dir, CO);
    assert_eq!(co.discard_check(&id).unwrap(), Discard::NotYours);
    assert!(matches!(co.discard_case(&id), Err(VaultError::Forbidden)));
    assert!(matches!(
        co.delete_case(&id, "x"),
        Err(VaultError::Forbidden)
    ));
    drop(co);

    let mut cw = as_user(&dir, CW);
    cw.discard_case(&id).unwrap();
    assert!(matches!(
        cw.case_summary(&id),
        Err(VaultError::CaseNotFound)
    ));
    assert_eq!(
        attachment_files(&dir),
        0,
        "the consent record's file is gone"
    );
    drop(cw);
    let ana = as_user(&dir, ("ana", PASS));
    let entries = ana.audit_entries().unwrap();
    assert!(entries
        .iter()
        .any(|e| e.action == "case.discard" && e.subject == id && e.actor == CW.0));
    ana.verify_audit().unwrap();
}

#[test]
fn a_case_with_more_than_consent_is_refused_for_its_reason_and_left_whole() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("v");
    drop(admin_vault(&dir));
    let mut cw = as_user(&dir, CW);

    // an answer outside consent, even "Declined"
    let answered = consent_only_case(&mut cw);
    cw.writable(&answered)
        .unwrap()
        .save_answer(&p("narrative"), Some(Answer::Declined))
        .unwrap();
    assert_eq!(cw.discard_check(&answered).unwrap(), Discard::HasAnswers);

    // moved through the workflow: a due date set by an admin (status, stage and due date
    // changes each leave an event); an assignment alone does not count
    let moved = consent_only_case(&mut cw);
    let assigned = consent_only_case(&mut cw);
    drop(cw);
    let mut ana = as_user(&dir, ("ana", PASS));
    ana.assign(&assigned, Some(CW.0), None).unwrap();
    ana.assign(&moved, Some(CW.0), None).unwrap();
    ana.set_due_date(&moved, Some("2031-03-01")).unwrap();
    drop(ana);
    let mut cw = as_user(&dir, CW);
    assert_eq!(cw.discard_check(&moved).unwrap(), Discard::Moved);
    assert_eq!(cw.discard_check(&assigned).unwrap(), Discard::Allowed);
    assert_eq!(cw.discard_check(&answered).unwrap(), Discard::HasAnswers);

    for id in [&answered, &moved] {
        let before = cw.readable(id).unwrap().case().unwrap();
        let r = cw.discard_case(id);
        assert!(
            matches!(&r, Err(VaultError::Invalid(m)) if m.contains("admin can delete")),
            "{r:?}"
        );
        assert_eq!(
            cw.readable(id).unwrap().case().unwrap(),
            before,
            "nothing changed"
        );
    }
    assert_eq!(attachment_files(&dir), 3);
}

#[test]
fn an_admin_deletes_any_case_only_after_typing_its_code_and_nothing_of_it_stays() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("v");
    let mut ana = admin_vault(&dir);
    let keep = consent_only_case(&mut ana);
    let gone = consent_only_case(&mut ana);
    ana.writable(&gone)
        .unwrap()
        .save_answer(
            &p("narrative"),
            Some(Answer::Value(Value::Text(format!(
                "{MARK} invented account"
            )))),
        )
        .unwrap();
    ana.set_evacuation(&gone, "at_risk_in_region", None)
        .unwrap();
    assert_eq!(
        ana.search(MARK).unwrap().len(),
        1,
        "the search index holds the case"
    );
    let code = ana.case_summary(&gone).unwrap().code;
    ana.set_case_label(&gone, "invented label: the one to delete")
        .unwrap();

    for wrong in ["", "WS-0000", &code.to_lowercase()] {
        if wrong == code {
            continue;
        }
        let r = ana.delete_case(&gone, wrong);
        assert!(
            matches!(&r, Err(VaultError::Invalid(m)) if m.contains("nothing was deleted")),
            "{r:?}"
        );
    }
    assert!(ana.case_summary(&gone).is_ok());
    assert_eq!(attachment_files(&dir), 2);

    ana.delete_case(&gone, &format!(" {code} ")).unwrap();
    assert!(matches!(
        ana.case_summary(&gone),
        Err(VaultError::CaseNotFound)
    ));
    assert!(ana.search(MARK).unwrap().is_empty(), "no search hit");
    assert_eq!(attachment_files(&dir), 1, "only the kept case's attachment");
    assert!(ana.case_summary(&keep).is_ok());
    assert!(ana
        .audit_entries()
        .unwrap()
        .iter()
        .any(|e| e.action == "case.delete" && e.subject == gone));
    // nothing of the case is left in any table that names cases (read from the schema), but
    // the record of bundles received for it (`incoming`, like the audit log)
    let tables = ana.debug_rows_naming_case(&gone).unwrap();
    for must in [
        "answers",
        "attachments",
        "case_search",
        "case_bases",
        "case_labels",
    ] {
        assert!(
            tables.iter().any(|(t, _)| t == must),
            "{must} not found: {tables:?}"
        );
    }
    for (table, n) in &tables {
        if table != "incoming" {
            assert_eq!(*n, 0, "{table} still names the deleted case");
        }
    }
    drop(ana);
    // the vault opens and verifies after the deletion
    let (_, report) = Vault::unlock_and_check(&dir, Some("ana"), &Passphrase::new(PASS)).unwrap();
    assert!(report.audit_entries > 0);
}

#[test]
fn the_cli_discards_and_deletes_with_its_exit_codes() {
    let v = TestVault::new();
    v.init();
    let out = v.run(
        &["demo", "--cases", "2", "--seed", "7"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let ids = case_ids(&v);
    assert_eq!(ids.len(), 2);
    // demo cases hold whole interviews: not discardable
    let out = v.run(&["case", "discard", &ids[0]], &format!("{PASS}\n"));
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("admin can delete"),
        "{}",
        stderr(&out)
    );
    let out = v.run(
        &["case", "delete", &ids[0], "--confirm", "nope"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert_eq!(case_ids(&v).len(), 2);
    let list = v.run(&["--json", "case", "list"], &format!("{PASS}\n"));
    let code_of = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|j| j["id"] == ids[0].as_str())
        .unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = v.run(
        &["case", "delete", &ids[0], "--confirm", &code_of],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(case_ids(&v), vec![ids[1].clone()]);
    let out = v.run(
        &["case", "delete", &ids[0], "--confirm", &code_of],
        &format!("{PASS}\n"),
    );
    assert_ne!(code(&out), 0, "a second delete finds nothing");
}

#[test]
fn a_private_label_is_its_authors_alone_and_never_leaves_the_vault() {
    let v = TestVault::new();
    v.init();
    let out = v.run(
        &["demo", "--cases", "1", "--seed", "2"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let id = case_ids(&v).remove(0);
    let label = "вторник, из шелтера (invented)";
    let out = v.run(&["case", "label", &id, label], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = v.run(&["case", "label", &id], &format!("{PASS}\n"));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), label);
    assert!(!export_case(&v, &id).contains("шелтера"), "never exported");
    let list = v.run(&["--json", "case", "list"], &format!("{PASS}\n"));
    assert!(!String::from_utf8(list.stdout).unwrap().contains("шелтера"));
    for bad in ["two\nlines", "rtl \u{202E}x", &"x".repeat(81)] {
        let out = v.run(&["case", "label", &id, bad], &format!("{PASS}\n"));
        assert_eq!(code(&out), 6, "{bad:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains(bad),
            "the refusal does not repeat it"
        );
    }
    let out = v.run(&["case", "label", &id], &format!("{PASS}\n"));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), label, "kept");
    let out = v.run(&["case", "label", &id, ""], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = v.run(&["case", "label", &id], &format!("{PASS}\n"));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "", "removed");
}
