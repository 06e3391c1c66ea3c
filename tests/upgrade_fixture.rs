//! Vaults outlive versions: every fixture under tests/fixtures/ (vaults, a bundle and a backup
//! written by an earlier build of the CLI, with what that build exported) is opened by this
//! build. Each user unlocks; `check` passes; every case exports byte for byte as it did; the
//! backup restores (by passphrase and by recovery key) to the same cases; the bundle and the
//! status card open in the second vault. The fixtures are copied first: the committed files are
//! never changed. Every person in them is invented (scripts/make-fixture-vault.sh).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("fixture.json").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Runs the CLI on `vault` as `user` with `stdin` lines.
fn run(vault: &Path, user: &str, args: &[&str], stdin: &str) -> std::process::Output {
    TestVault::at(vault.to_owned()).run(&[&["--user", user], args].concat(), stdin)
}

fn ok(vault: &Path, user: &str, pass: &str, args: &[&str]) -> String {
    let out = run(vault, user, args, &format!("{pass}\n"));
    assert_eq!(
        code(&out),
        0,
        "{} as {user}: {args:?}: {}",
        vault.display(),
        stderr(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

struct Fixture {
    name: String,
    meta: serde_json::Value,
    expected: PathBuf,
    source: PathBuf,
}

impl Fixture {
    fn pass(&self, user: &str) -> &str {
        self.meta["passphrases"][user].as_str().unwrap()
    }
    fn case_ids(&self) -> Vec<String> {
        self.meta["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l.as_str().unwrap()).unwrap();
                v["id"].as_str().unwrap().to_owned()
            })
            .collect()
    }
    fn expected_export(&self, id: &str) -> String {
        std::fs::read_to_string(self.expected.join(format!("{id}.json"))).unwrap()
    }
    /// Every case exports from `vault` (as the admin) exactly as the old build exported it.
    fn assert_cases_identical(&self, vault: &Path, what: &str) {
        for id in self.case_ids() {
            let now = ok(vault, "ana", self.pass("ana"), &["case", "export", &id]);
            assert!(
                now == self.expected_export(&id),
                "{}: {what}: case {id} exports differently from the build that wrote it",
                self.name
            );
        }
    }
}

fn load() -> Vec<Fixture> {
    let all: Vec<Fixture> = fixtures()
        .into_iter()
        .map(|dir| Fixture {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            meta: serde_json::from_slice(&std::fs::read(dir.join("fixture.json")).unwrap())
                .unwrap(),
            expected: dir.join("expected"),
            source: dir,
        })
        .collect();
    assert!(!all.is_empty(), "no upgrade fixture under tests/fixtures");
    all
}

#[test]
fn every_fixture_vault_opens_and_reads_identically() {
    for f in load() {
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path().join("org");
        copy_dir(&f.source.join("org"), &org);

        ok(&org, "ana", f.pass("ana"), &["check"]);
        // every user unlocks with their own passphrase; a wrong one is still refused
        for (user, role) in f.meta["roles"].as_object().unwrap() {
            ok(&org, user, f.pass(user), &["case", "list", "--json"]);
            let listed = ok(&org, "ana", f.pass("ana"), &["--json", "user", "list"]);
            assert!(
                listed.contains(user.as_str()) && listed.contains(role.as_str().unwrap()),
                "{}: user {user} ({role}) missing from {listed}",
                f.name
            );
        }
        let wrong = run(&org, "cw", &["case", "list"], "not the passphrase at all\n");
        assert_eq!(code(&wrong), 2, "{}: {}", f.name, stderr(&wrong));

        // the cases, byte for byte, and the board as the admin lists it
        f.assert_cases_identical(&org, "opened in place");
        let list = ok(&org, "ana", f.pass("ana"), &["--json", "case", "list"]);
        let mut now: Vec<&str> = list.lines().collect();
        let expected = std::fs::read_to_string(f.expected.join("list.jsonl")).unwrap();
        let mut then: Vec<&str> = expected.lines().collect();
        now.sort();
        then.sort();
        assert_eq!(now, then, "{}: the case list changed", f.name);

        // assignments still decide who reads what: the assigned caseworker reads, the
        // coordinator never does
        for (id, who) in f.meta["assigned"].as_object().unwrap() {
            let cw = who["caseworker"].as_str().unwrap();
            let exported = ok(&org, cw, f.pass(cw), &["case", "export", id]);
            assert_eq!(exported, f.expected_export(id), "{}: {id} as {cw}", f.name);
            let coord = run(
                &org,
                "coord",
                &["case", "export", id],
                &format!("{}\n", f.pass("coord")),
            );
            assert_eq!(code(&coord), 5, "{}: coordinator read {id}", f.name);
        }
        ok(&org, "ana", f.pass("ana"), &["audit", "verify"]);
        ok(&org, "ana", f.pass("ana"), &["check"]);
    }
}

#[test]
fn every_fixture_backup_restores_to_the_same_cases() {
    for f in load() {
        let tmp = tempfile::tempdir().unwrap();
        let backup = tmp.path().join("org.backup");
        std::fs::copy(f.source.join("org.backup"), &backup).unwrap();
        let by_pass = tmp.path().join("restored");
        ok(
            &by_pass,
            "ana",
            f.pass("ana"),
            &["restore", backup.to_str().unwrap()],
        );
        ok(&by_pass, "ana", f.pass("ana"), &["check"]);
        f.assert_cases_identical(&by_pass, "restored by passphrase");

        let by_key = tmp.path().join("restored-by-key");
        let key = f.meta["recovery_keys"]["org"].as_str().unwrap();
        let out = run(
            &by_key,
            "ana",
            &["restore", backup.to_str().unwrap(), "--recovery-key"],
            &format!("{key}\n"),
        );
        assert_eq!(code(&out), 0, "{}: {}", f.name, stderr(&out));
        // the restored slots are the backup's: every user keeps their passphrase
        ok(&by_key, "cw", f.pass("cw"), &["check"]);
        f.assert_cases_identical(&by_key, "restored by recovery key");
    }
}

fn json_line(s: &str) -> serde_json::Value {
    serde_json::from_str(s.trim()).unwrap()
}

#[test]
fn every_fixture_bundle_opens_in_the_vault_it_was_addressed_to() {
    for f in load() {
        let tmp = tempfile::tempdir().unwrap();
        let field = tmp.path().join("field");
        copy_dir(&f.source.join("field"), &field);
        let bob = f.pass("bob");
        ok(&field, "bob", bob, &["check"]);
        let bundle = f.source.join("case.waystone");
        let opened = ok(
            &field,
            "bob",
            bob,
            &["--json", "bundle", "open", bundle.to_str().unwrap()],
        );
        assert_eq!(
            json_line(&opened)["outcome"],
            "imported",
            "{}: the bundle was not imported: {opened}",
            f.name
        );
        let id = f.meta["bundle_case"].as_str().unwrap();
        let received = ok(&field, "bob", bob, &["case", "export", id]);
        assert_eq!(
            received,
            f.expected_export(id),
            "{}: the bundled case differs from what its sender exported",
            f.name
        );
        // the status card brings a case's board fields, and nothing of its testimony
        let card = f.source.join("status.waystone");
        let opened = ok(
            &field,
            "bob",
            bob,
            &["--json", "bundle", "open", card.to_str().unwrap()],
        );
        assert_eq!(
            json_line(&opened)["outcome"],
            "imported",
            "{}: the status card was not imported: {opened}",
            f.name
        );
        let card_id = f.meta["status_card_case"].as_str().unwrap();
        let listed = ok(&field, "bob", bob, &["--json", "case", "list"]);
        let row = listed
            .lines()
            .map(json_line)
            .find(|c| c["id"] == card_id)
            .unwrap_or_else(|| panic!("{}: status card not listed", f.name));
        // its board fields as the sender had them (the fixture's list of cases says so)
        let sent = f.meta["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| json_line(c.as_str().unwrap()))
            .find(|c| c["id"] == card_id)
            .unwrap();
        assert_eq!(row["stage"], sent["stage"], "{}: {row}", f.name);
        assert_eq!(row["stage"], "in_hiding", "{}: {row}", f.name);
        let held = ok(
            &field,
            "bob",
            bob,
            &["--json", "incoming", "list", "--held"],
        );
        assert_eq!(held, "", "{}: something was held", f.name);
        ok(&field, "bob", bob, &["audit", "verify"]);
    }
}
