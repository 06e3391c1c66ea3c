//! A team of three vaults — a caseworker's, a lawyer's and a coordinator's — each its own
//! directory, driven through the real `waystone` binary as separate processes, sharing one
//! mailbox on an engine the test starts. Every person, case and word is invented.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{code, stderr, TestVault, PASS, PASS2};

/// Strings that must never reach the server: the case code, a narrative word, user and
/// contact names.
pub const CODE: &str = "WS-QZ7M-K4RV";
pub const NARRATIVE: &str = "Vorthalen";
pub const ATTACHMENT_WORD: &str = "Quillamere";
pub const USERS: [&str; 4] = ["nadia-field", "leon-advocate", "coco-desk", "ana-admin"];
pub const CONTACT_LAWYER: &str = "Orlova-Legal";
pub const CONTACT_COORD: &str = "Bremen-Office";
pub const CONTACT_FIELD: &str = "Amir-Field";
pub const MAILBOX: &str = "team-box";
/// The application number the lawyer files under (an applicant's number identifies them at
/// the Court: it never reaches the server either).
pub const APPLICATION: &str = "48213/25";

/// Where the mailbox is: the `mailbox add` flags after the name, and the environment
/// (credentials).
#[derive(Clone)]
pub struct Engine {
    pub flags: Vec<String>,
    pub env: Vec<(String, String)>,
}

/// One vault: an admin (`ana-admin`, PASS) who sets it up, and the person who works in it.
pub struct Member {
    pub v: TestVault,
    pub user: &'static str,
    pub env: Vec<(String, String)>,
}

impl Member {
    pub fn new(user: &'static str, role: &str) -> Self {
        let v = TestVault::new();
        let out = v.run(
            &["--user", USERS[3], "--json", "init"],
            &format!("{PASS}\n"),
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let m = Member {
            v,
            user,
            env: vec![],
        };
        m.admin_ok(
            &["user", "add", user, "--role", role],
            &format!("{PASS}\n{PASS2}\n"),
        );
        m
    }

    fn command(&self, user: &str, args: &[&str], stdin: &str) -> Output {
        let mut cmd = assert_cmd::Command::cargo_bin("waystone").unwrap();
        cmd.env("WAYSTONE_KDF_TARGET_MS", "0")
            .env_remove("WAYSTONE_PASSPHRASE")
            .env_remove("WAYSTONE_NEW_PASSPHRASE")
            .env_remove("WAYSTONE_MAILBOX_KEY")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .arg("--vault")
            .arg(&self.v.dir)
            .arg("--passphrase-stdin")
            .args(["--user", user])
            .args(args)
            .write_stdin(stdin.to_owned());
        cmd.output().unwrap()
    }

    /// As the working user.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(self.user, args, &format!("{PASS2}\n"))
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(code(&out), 0, "{} {args:?}: {}", self.user, stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    }

    /// One JSON object per line.
    pub fn lines(&self, args: &[&str]) -> Vec<serde_json::Value> {
        self.ok(&[&["--json"], args].concat())
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    pub fn sync(&self) -> serde_json::Value {
        let mut l = self.lines(&["sync"]);
        assert_eq!(l.len(), 1);
        l.remove(0)
    }

    pub fn admin(&self, args: &[&str], stdin: &str) -> Output {
        self.command(USERS[3], args, stdin)
    }

    pub fn admin_ok(&self, args: &[&str], stdin: &str) -> String {
        let out = self.admin(args, stdin);
        assert_eq!(code(&out), 0, "admin {args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn key_line(&self) -> String {
        self.ok(&["key", "show"]).trim().to_owned()
    }

    /// Case `id` as `case list --json` shows it (status, stage, filing).
    pub fn board_row(&self, id: &str) -> serde_json::Value {
        self.lines(&["case", "list"])
            .into_iter()
            .find(|c| c["id"] == id)
            .expect("the case on the board")
    }

    /// Files case `id` (from `filing_prepared`) with the Court under [`APPLICATION`].
    pub fn file_application(&self, id: &str) {
        self.ok(&[
            "case",
            "status",
            id,
            "filed",
            "--body",
            "ECtHR",
            "--number",
            APPLICATION,
            "--date",
            "2025-03-14",
        ]);
    }

    pub fn export(&self, id: &str) -> String {
        self.ok(&["case", "export", id])
    }

    pub fn outbox(&self) -> Vec<serde_json::Value> {
        self.lines(&["outbox", "list"])
    }

    pub fn incoming(&self) -> Vec<serde_json::Value> {
        self.lines(&["incoming", "list"])
    }
}

pub struct Team {
    pub field: Member,
    pub lawyer: Member,
    pub coord: Member,
    /// The mailbox key line (secret) every vault was set up with.
    pub key_line: String,
    pub case_id: String,
}

/// The case a caseworker records in an interview: answers and an attachment.
pub fn interview_doc(id: &str) -> serde_json::Value {
    use base64::Engine as _;
    use sha2::Digest;
    let data = format!("scan of a summons, invented: {ATTACHMENT_WORD}\n").repeat(30);
    let text = |s: &str| serde_json::json!({"status": "answered", "type": "text", "value": s});
    serde_json::json!({
        "format": "waystone-case", "version": 1,
        "id": id, "code": CODE,
        "form": { "id": "intake", "version": 1 },
        "status": "interview_in_progress",
        "created_at": "2025-02-03T09:00:00.000Z", "created_by": USERS[0],
        "updated_at": "2025-02-03T09:00:00.000Z", "updated_by": USERS[0],
        "answers": { "answers": {
            "interviewer_notes": text(&format!("Invented account: taken from {NARRATIVE} at night, held three days.")),
        }, "repeats": {} },
        "attachments": [{
            "id": "0b8e6c52-4f1d-4c3a-9e7b-2a5d8f1c6e34",
            "file_name": "summons.txt", "media_type": "text/plain", "size": data.len(),
            "sha256": hex::encode(sha2::Sha256::digest(data.as_bytes())),
            "data": base64::engine::general_purpose::STANDARD.encode(data.as_bytes()),
        }],
    })
}

impl Team {
    /// Three vaults, contacts pinned both ways, the mailbox added in each (the caseworker's
    /// admin makes the key; the others take it from `WAYSTONE_MAILBOX_KEY`), and the case
    /// recorded by the caseworker.
    pub fn new(engine: &Engine) -> Self {
        Self::with_engines(engine, engine)
    }

    /// As [`Team::new`], the caseworker's mailbox on `field` and the lawyer's and the
    /// coordinator's on `office` (two folders a sync tool carries between laptops).
    pub fn with_engines(field_engine: &Engine, office: &Engine) -> Self {
        let mut field = Member::new(USERS[0], "caseworker");
        let mut lawyer = Member::new(USERS[1], "lawyer");
        let mut coord = Member::new(USERS[2], "coordinator");
        let (fk, lk, ck) = (field.key_line(), lawyer.key_line(), coord.key_line());
        field.ok(&["contact", "add", CONTACT_LAWYER, &lk]);
        field.ok(&["contact", "add", CONTACT_COORD, &ck]);
        lawyer.ok(&["contact", "add", CONTACT_FIELD, &fk]);
        lawyer.ok(&["contact", "add", CONTACT_COORD, &ck]);
        coord.ok(&["contact", "add", CONTACT_FIELD, &fk]);
        coord.ok(&["contact", "add", CONTACT_LAWYER, &lk]);
        let add = |engine: &Engine| -> Vec<String> {
            ["mailbox", "add", MAILBOX]
                .into_iter()
                .map(str::to_owned)
                .chain(engine.flags.iter().cloned())
                .collect()
        };
        field.env = field_engine.env.clone();
        for m in [&mut lawyer, &mut coord] {
            m.env = office.env.clone();
        }
        let (add_field, add_office) = (add(field_engine), add(office));
        let add_field: Vec<&str> = add_field.iter().map(String::as_str).collect();
        let add: Vec<&str> = add_office.iter().map(String::as_str).collect();
        field.admin_ok(&add_field, &format!("{PASS}\n"));
        let key_line = field
            .admin_ok(&["mailbox", "key", MAILBOX], &format!("{PASS}\n"))
            .trim()
            .to_owned();
        for m in [&mut lawyer, &mut coord] {
            m.env
                .push(("WAYSTONE_MAILBOX_KEY".into(), key_line.clone()));
            m.admin_ok(&add, &format!("{PASS}\n"));
            m.env.retain(|(k, _)| k != "WAYSTONE_MAILBOX_KEY");
        }
        let case_id = "7d3f2a10-5b6c-4e8f-a1b2-c3d4e5f60718".to_owned();
        let doc_file = field.v.dir.parent().unwrap().join("interview.json");
        std::fs::write(&doc_file, interview_doc(&case_id).to_string()).unwrap();
        field.ok(&["case", "import", doc_file.to_str().unwrap()]);
        Team {
            field,
            lawyer,
            coord,
            key_line,
            case_id,
        }
    }

    /// The team's mailbox on `path` through the transport (for the faults: raw objects).
    pub fn folder_mailbox(&self, path: &Path) -> waystone_mailbox::BlockingMailbox {
        waystone_mailbox::BlockingMailbox::open(
            waystone_mailbox::Config::Folder(waystone_mailbox::FolderConfig { path: path.into() }),
            waystone::exchange::mailbox::parse_key_line(&self.key_line).unwrap(),
            &waystone_mailbox::Options::default(),
        )
        .unwrap()
    }
}

/// Every file under `dir` with its relative name and bytes.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                out.push((p.strip_prefix(dir).unwrap().to_owned(), bytes));
            }
        }
    }
    out.sort();
    out
}

/// The strings the server must never see, in every encoding `common::encodings` knows.
pub fn forbidden() -> Vec<String> {
    let mut words = vec![
        CODE.to_owned(),
        NARRATIVE.to_owned(),
        ATTACHMENT_WORD.to_owned(),
        CONTACT_LAWYER.to_owned(),
        CONTACT_COORD.to_owned(),
        CONTACT_FIELD.to_owned(),
        "summons".to_owned(),
        APPLICATION.to_owned(),
    ];
    words.extend(USERS.iter().map(|u| u.to_string()));
    words
}

/// Scans names and bytes for every forbidden string; returns the hits.
pub fn scan(seen: &[(PathBuf, Vec<u8>)]) -> Vec<String> {
    let mut hits = Vec::new();
    for word in forbidden() {
        for (name, bytes) in seen {
            let lower = name.to_string_lossy().to_lowercase();
            if lower.contains(&word.to_lowercase()) {
                hits.push(format!("{word} in the name {}", name.display()));
            }
            for (enc, needle) in crate::common::encodings_named(&word) {
                if crate::common::contains(bytes, &needle) {
                    hits.push(format!("{word} ({enc}) in {}", name.display()));
                }
            }
        }
    }
    hits
}

/// The scenario of issue 16 over any engine; `server` returns what the server holds right
/// now (names and bytes, logs included). Returns everything seen on the server on the way.
pub fn scenario(t: &Team, server: &dyn Fn() -> Vec<(PathBuf, Vec<u8>)>) -> Vec<(PathBuf, Vec<u8>)> {
    let mut seen = Vec::new();
    let id = t.case_id.as_str();
    // the caseworker sends the case to the lawyer: queued, then uploaded
    t.field.ok(&["send", id, "--to", CONTACT_LAWYER]);
    assert_eq!(t.field.outbox()[0]["state"], "queued");
    let r = t.field.sync();
    assert_eq!(r["sent"], 1, "{r}");
    assert_eq!(t.field.outbox()[0]["state"], "uploaded");
    seen.extend(server());

    // the lawyer syncs and holds an identical copy
    let r = t.lawyer.sync();
    assert_eq!(
        (r["received"].as_u64(), r["imported"].as_u64()),
        (Some(1), Some(1)),
        "{r}"
    );
    assert_eq!(r["refused"], 0, "{r}");
    assert_eq!(
        t.lawyer.export(id),
        t.field.export(id),
        "the lawyer's copy differs"
    );
    seen.extend(server());

    // the receipt comes back: delivered
    let r = t.field.sync();
    assert_eq!(r["delivered"], 1, "{r}");
    let item = &t.field.outbox()[0];
    assert_eq!(
        (item["state"].as_str(), item["receipt"].as_str()),
        (Some("delivered"), Some("imported"))
    );

    // the lawyer files the application and sends the filing back as a status card: the
    // caseworker's board shows it, the testimony there unchanged
    for step in ["interview_complete", "legal_review", "filing_prepared"] {
        t.lawyer.ok(&["case", "status", id, step]);
    }
    t.lawyer.file_application(id);
    t.lawyer
        .ok(&["send", id, "--to", CONTACT_FIELD, "--status-card"]);
    let r = t.lawyer.sync();
    assert_eq!(r["sent"], 1, "{r}");
    seen.extend(server());
    let testimony_before = t.field.export(id);
    let r = t.field.sync();
    assert_eq!(
        (r["imported"].as_u64(), r["held"].as_u64()),
        (Some(1), Some(0)),
        "{r}"
    );
    let row = t.field.board_row(id);
    assert_eq!(row["status"], "filed", "{row}");
    assert_eq!(row["filing"]["number"], APPLICATION, "{row}");
    let after: serde_json::Value = serde_json::from_str(&t.field.export(id)).unwrap();
    let before: serde_json::Value = serde_json::from_str(&testimony_before).unwrap();
    assert_eq!(
        after["answers"], before["answers"],
        "a status card changed the testimony"
    );

    // a status card to the coordinator: the board shows the case filed, the testimony stays out
    t.field
        .ok(&["send", id, "--to", CONTACT_COORD, "--status-card"]);
    t.field.sync();
    seen.extend(server());
    let r = t.coord.sync();
    assert_eq!(r["imported"], 1, "{r}");
    let board = t.coord.lines(&["case", "list"]);
    assert_eq!(board.len(), 1);
    assert_eq!(
        (board[0]["id"].as_str(), board[0]["code"].as_str()),
        (Some(id), Some(CODE))
    );
    let row = t.coord.board_row(id);
    assert_eq!(
        (row["status"].as_str(), row["filing"]["number"].as_str()),
        (Some("filed"), Some(APPLICATION)),
        "{row}"
    );
    let out = t.coord.run(&["case", "export", id]);
    assert_eq!(code(&out), 5, "the coordinator read the testimony");
    let search = t.coord.run(&["--json", "search", NARRATIVE]);
    assert!(!String::from_utf8_lossy(&search.stdout).contains(id));

    // a conflicting edit is held, never applied: the coordinator moved the case on; the
    // lawyer's card (not a trusted sender of this case here) waits for a decision
    t.coord.ok(&["case", "stage", id, "in_hiding"]);
    let before = t.coord.lines(&["case", "list"]);
    t.lawyer.ok(&["case", "stage", id, "in_transit"]);
    t.lawyer
        .ok(&["send", id, "--to", CONTACT_COORD, "--status-card"]);
    t.lawyer.sync();
    seen.extend(server());
    let r = t.coord.sync();
    assert_eq!(
        (r["held"].as_u64(), r["imported"].as_u64()),
        (Some(1), Some(0)),
        "{r}"
    );
    assert_eq!(
        t.coord.lines(&["case", "list"]),
        before,
        "a held card changed the board"
    );
    let held: Vec<_> = t
        .coord
        .incoming()
        .into_iter()
        .filter(|i| i["state"] == "held")
        .collect();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["from"], CONTACT_LAWYER);
    // the lawyer's item is delivered too (the receipt says held)
    seen.extend(server());
    t.lawyer.sync();
    let item = &t.lawyer.outbox()[0];
    assert_eq!(
        (item["state"].as_str(), item["receipt"].as_str()),
        (Some("delivered"), Some("held"))
    );
    // the caseworker's card: delivered as well
    seen.extend(server());
    let r = t.field.sync();
    assert_eq!(r["delivered"], 1, "{r}");
    assert!(t.field.outbox().iter().all(|i| i["state"] == "delivered"));
    seen.extend(server());
    seen
}
