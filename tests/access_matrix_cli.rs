//! The rights table through the real CLI: every command the binary lists (read from its own
//! `--help`, so a new command without a row here fails) × every role, on a case tied to the
//! user and on one that is not, asserting the answer of `waystone::access` — refused with
//! exit 5 exactly where the table says no. Commands no role gates say why. Invented people
//! and cases only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone::access::{allows, Op, Ties};
use waystone::vault::Role;

/// How a command is gated.
#[derive(Clone, Copy)]
enum Gate {
    /// An operation on one case (run on a tied and on an untied case).
    OnCase(Op),
    /// An operation on no one case.
    Global(Op),
    /// Listing: never refused, but the case is listed exactly where `list_case` allows.
    Lists,
    /// No role gates it, and why.
    Open(&'static str),
}

/// The row of every command. A command the binary lists and this table lacks fails the test.
fn gate(command: &str) -> Option<Gate> {
    use Gate::*;
    Some(match command {
        "case list" | "search" => Lists,
        "case export" => OnCase(Op::ReadTestimony),
        "case import" => OnCase(Op::WriteTestimony),
        "case status" | "case stage" => OnCase(Op::ChangeWorkflow),
        "case assign" => OnCase(Op::Assign),
        "case history" => OnCase(Op::ListCase),
        "case discard" => OnCase(Op::DiscardCase),
        // a private label of one's own: for whoever may read the case (src/casework/labels.rs)
        "case label" => OnCase(Op::ReadTestimony),
        "case delete" => OnCase(Op::DeleteCase),
        "export" => OnCase(Op::PrepareLegal),
        // reading the details reaches exactly as far as recording the consent (which is
        // the wider of the two asylum rows)
        "asylum show" | "asylum consent" => OnCase(Op::AsylumConsent),
        "asylum set" => OnCase(Op::AsylumDetails),
        "bundle create" | "send" => OnCase(Op::SendCase),
        "mailbox add" | "mailbox list" | "mailbox remove" | "mailbox test" | "mailbox key" => {
            Global(Op::ManageMailboxes)
        }
        "routing set" | "routing off" => Global(Op::ManageMailboxes),
        "routing show" => Open("the routing rules name contacts only; anyone who sends follows them"),
        "sync" | "outbox list" => Open(
            "each user's own outbox and prefix; every bundle fetched is decided per bundle (tests/mailbox_cli.rs)",
        ),
        "demo" => Global(Op::CreateCase),
        "backup" => Global(Op::Backup),
        "user add" | "user remove" | "user passwd" => Global(Op::ManageUsers),
        "unlock-limit" => Global(Op::WipeSettings),
        "form import" => Global(Op::ImportForms),
        "report patterns" => Global(Op::ReportPatterns),
        "form list" | "form export" => {
            Open("form definitions only, no case content: every role sees which forms exist")
        }
        "init" | "recover" | "restore" => Open("before any session: the vault's own keys decide"),
        "wipe" => Open("the panic wipe needs no passphrase, by design (SECURITY.md)"),
        "redact" => Open("no vault is opened"),
        "report board" => Open(
            "the board as the user's own board lists it (`list_case`), status fields only (tests/board_export.rs)",
        ),
        "report dashboard" => Open(
            "the dashboard's counts over the cases the user's own board lists (`list_case`), counts only (tests/board_export.rs)",
        ),
        "check" | "audit verify" => Open("integrity only: prints no case content"),
        "user list" => Open("names and roles, readable before unlock"),
        "key show" | "contact add" | "contact list" => Open("each user's own keys and contacts"),
        "bundle open" | "incoming list" | "incoming accept" | "incoming reject" | "incoming compare"
        | "incoming merge" => {
            Open("decided per bundle: receive/write rights and provenance (tests/held_updates.rs, tests/bundle_cli.rs)")
        }
        _ => return None,
    })
}

/// A one-question XLSForm workbook (an invented form) with the given form id.
fn invented_workbook(form_id: &str) -> Vec<u8> {
    use waystone::forms::xlsform::{write_xlsx, Sheet, Workbook};
    let rows = |r: &[&[&str]]| -> Vec<Vec<String>> {
        r.iter()
            .map(|row| row.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    };
    write_xlsx(&Workbook {
        sheets: vec![
            Sheet {
                name: "survey".into(),
                rows: rows(&[
                    &["type", "name", "label"],
                    &["text", "q", "Invented question"],
                ]),
            },
            Sheet {
                name: "settings".into(),
                rows: rows(&[&["form_id", "version"], &[form_id, "1"]]),
            },
        ],
    })
    .unwrap()
}

const USERS: [(&str, Role, &str); 4] = [
    ("cw", Role::Caseworker, PASS2),
    ("law", Role::Lawyer, PASS3),
    ("co", Role::Coordinator, PASS2),
    ("ad", Role::Admin, PASS3),
];

/// The leaf commands the binary lists, from its own help.
fn commands() -> Vec<String> {
    let help = |args: &[&str]| -> Vec<String> {
        let out = assert_cmd::Command::cargo_bin("waystone")
            .unwrap()
            .args(args)
            .arg("--help")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let mut names = Vec::new();
        let mut inside = false;
        for line in text.lines() {
            if line.starts_with("Commands:") {
                inside = true;
                continue;
            }
            if inside && !line.starts_with("  ") {
                break;
            }
            if inside {
                if let Some(name) = line.split_whitespace().next() {
                    if name != "help" {
                        names.push(name.to_owned());
                    }
                }
            }
        }
        names
    };
    let mut out = Vec::new();
    for top in help(&[]) {
        let subs = help(&[&top]);
        if subs.is_empty() {
            out.push(top);
        } else {
            out.extend(subs.into_iter().map(|s| format!("{top} {s}")));
        }
    }
    out
}

fn run_as(v: &TestVault, user: &str, stdin: &str, args: &[&str]) -> std::process::Output {
    v.run(&[&["--user", user], args].concat(), stdin)
}

#[test]
fn access_matrix_every_cli_command_for_every_role() {
    let v = TestVault::new();
    v.init(); // "ana", an admin
    for (name, role, pass) in USERS {
        let out = run_as(
            &v,
            "ana",
            &format!("{PASS}\n{pass}\n"),
            &["user", "add", name, "--role", role.as_str()],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let out = run_as(
        &v,
        "ana",
        &format!("{PASS}\n"),
        &["demo", "--cases", "2", "--seed", "44"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let listed_cases = run_as(&v, "ana", &format!("{PASS}\n"), &["--json", "case", "list"]);
    let ids: Vec<String> = String::from_utf8(listed_cases.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let (tied, untied) = (ids[0].clone(), ids[1].clone());
    let out = run_as(
        &v,
        "ana",
        &format!("{PASS}\n"),
        &[
            "case",
            "assign",
            &tied,
            "--caseworker",
            "cw",
            "--lawyer",
            "law",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let dir = v.dir.parent().unwrap().to_path_buf();
    // every user pins one contact, so `bundle create` can address someone
    let key = String::from_utf8(run_as(&v, "ana", &format!("{PASS}\n"), &["key", "show"]).stdout)
        .unwrap();
    for (name, _, pass) in USERS {
        let out = run_as(
            &v,
            name,
            &format!("{pass}\n"),
            &["contact", "add", "desk", key.trim()],
        );
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
    }

    // one folder mailbox, so `send`, `mailbox test|key|remove` have something to act on
    let boxes = dir.join("mailboxes");
    std::fs::create_dir_all(&boxes).unwrap();
    let out = run_as(
        &v,
        "ana",
        &format!("{PASS}\n"),
        &[
            "mailbox",
            "add",
            "office",
            "--folder",
            boxes.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let listed = commands();
    assert!(
        listed.len() >= 25,
        "the help lists {} commands",
        listed.len()
    );
    let missing: Vec<&String> = listed.iter().filter(|c| gate(c).is_none()).collect();
    assert!(
        missing.is_empty(),
        "commands with no row in the access matrix: {missing:?}"
    );

    let mut checked = 0;
    let mut n = 0;
    for command in &listed {
        let g = gate(command).unwrap();
        for (user, role, pass) in USERS {
            let cases: Vec<(&str, Ties)> = match g {
                Gate::OnCase(_) | Gate::Lists => vec![
                    (
                        tied.as_str(),
                        Ties {
                            created: false,
                            caseworker: user == "cw",
                            lawyer: user == "law",
                        },
                    ),
                    (untied.as_str(), Ties::default()),
                ],
                Gate::Global(_) => vec![("", Ties::default())],
                Gate::Open(_) => continue,
            };
            for (id, ties) in cases {
                n += 1;
                let tmp_user = format!("tmp{n}");
                let doc_file = dir.join(format!("doc{n}.json"));
                let out_file = dir.join(format!("out{n}"));
                let mut stdin = format!("{pass}\n");
                let args: Vec<String> = match command.as_str() {
                    "case list" => vec!["--json".into(), "case".into(), "list".into()],
                    "search" => vec!["--json".into(), "search".into(), "Demo".into()],
                    "case export" | "case history" => command
                        .split(' ')
                        .map(String::from)
                        .chain([id.to_owned()])
                        .collect(),
                    "case import" => {
                        let out = run_as(&v, "ana", &format!("{PASS}\n"), &["case", "export", id]);
                        let mut doc: serde_json::Value =
                            serde_json::from_slice(&out.stdout).unwrap();
                        doc["answers"]["answers"]["interviewer_notes"] = serde_json::json!({
                            "status": "answered", "type": "text", "value": format!("note {n} (invented)")
                        });
                        std::fs::write(&doc_file, doc.to_string()).unwrap();
                        vec![
                            "case".into(),
                            "import".into(),
                            doc_file.display().to_string(),
                        ]
                    }
                    // where allowed, the demo case's answers (discard) and a confirmation that
                    // is not its code (delete) refuse with exit 6: the rights come first, and
                    // the matrix's cases stay (tests/case_remove.rs removes cases for real)
                    "case discard" => ["case", "discard", id].map(String::from).to_vec(),
                    "case label" => vec![
                        "case".into(),
                        "label".into(),
                        id.into(),
                        format!("invented label {n}"),
                    ],
                    "case delete" => ["case", "delete", id, "--confirm", "not-its-code"]
                        .map(String::from)
                        .to_vec(),
                    "case status" => {
                        vec!["case".into(), "status".into(), id.into(), "closed".into()]
                    }
                    "case stage" => {
                        vec!["case".into(), "stage".into(), id.into(), "in_hiding".into()]
                    }
                    "case assign" => {
                        // the tied case keeps cw and law; the untied one goes to the admin
                        // "ad" (who reaches every case anyway), so it stays untied to them
                        let (c, l) = if id == tied {
                            ("cw", "law")
                        } else {
                            ("ad", "ad")
                        };
                        ["case", "assign", id, "--caseworker", c, "--lawyer", l]
                            .map(String::from)
                            .to_vec()
                    }
                    "export" => vec![
                        "export".into(),
                        id.into(),
                        "--profile".into(),
                        "echr".into(),
                        "--format".into(),
                        "md".into(),
                        "--out".into(),
                        out_file.display().to_string(),
                        "--accept-candidates".into(),
                    ],
                    "asylum show" => ["asylum", "show", id].map(String::from).to_vec(),
                    "asylum set" => {
                        std::fs::write(
                            &doc_file,
                            r#"{"host":"DE","authority":"Invented Office for Refugees"}"#,
                        )
                        .unwrap();
                        vec![
                            "asylum".into(),
                            "set".into(),
                            id.into(),
                            doc_file.display().to_string(),
                        ]
                    }
                    "asylum consent" => [
                        "asylum",
                        "consent",
                        id,
                        "--host",
                        "DE",
                        "--authority",
                        "Invented Office for Refugees",
                    ]
                    .map(String::from)
                    .to_vec(),
                    "bundle create" => vec![
                        "bundle".into(),
                        "create".into(),
                        id.into(),
                        "--to".into(),
                        "desk".into(),
                        "--out".into(),
                        out_file.display().to_string(),
                    ],
                    "demo" => vec![
                        "demo".into(),
                        "--cases".into(),
                        "1".into(),
                        "--seed".into(),
                        format!("{n}"),
                    ],
                    "backup" => vec![
                        "backup".into(),
                        "--out".into(),
                        out_file.display().to_string(),
                    ],
                    "unlock-limit" => vec!["unlock-limit".into(), "off".into()],
                    "report patterns" => vec![
                        "report".into(),
                        "patterns".into(),
                        "--format".into(),
                        "csv".into(),
                        "--out".into(),
                        out_file.display().to_string(),
                    ],
                    "form import" => {
                        let file = dir.join(format!("form{n}.xlsx"));
                        std::fs::write(&file, invented_workbook(&format!("invented_{n}"))).unwrap();
                        vec!["form".into(), "import".into(), file.display().to_string()]
                    }
                    "send" => ["send", id, "--to", "desk"].map(String::from).to_vec(),
                    "mailbox add" => vec![
                        "mailbox".into(),
                        "add".into(),
                        format!("box{n}"),
                        "--folder".into(),
                        boxes.display().to_string(),
                    ],
                    "mailbox list" => vec!["mailbox".into(), "list".into()],
                    "routing off" => vec!["routing".into(), "off".into()],
                    "routing set" => {
                        vec!["routing".into(), "set".into(), "--report-to-origin".into()]
                    }
                    "mailbox test" | "mailbox key" => command
                        .split(' ')
                        .map(String::from)
                        .chain(["office".to_owned()])
                        .collect(),
                    "mailbox remove" => {
                        // a throwaway mailbox made by ana for this one attempt
                        let out = run_as(
                            &v,
                            "ana",
                            &format!("{PASS}\n"),
                            &[
                                "mailbox",
                                "add",
                                &format!("gone{n}"),
                                "--folder",
                                boxes.to_str().unwrap(),
                            ],
                        );
                        assert_eq!(code(&out), 0, "{}", stderr(&out));
                        vec!["mailbox".into(), "remove".into(), format!("gone{n}")]
                    }
                    "user add" => {
                        stdin = format!("{pass}\n{PASS}\n");
                        vec![
                            "user".into(),
                            "add".into(),
                            tmp_user.clone(),
                            "--role".into(),
                            "caseworker".into(),
                        ]
                    }
                    "user remove" | "user passwd" => {
                        // a throwaway user made by ana for this one attempt
                        let out = run_as(
                            &v,
                            "ana",
                            &format!("{PASS}\n{PASS}\n"),
                            &["user", "add", &tmp_user, "--role", "caseworker"],
                        );
                        assert_eq!(code(&out), 0, "{}", stderr(&out));
                        if command == "user passwd" {
                            stdin = format!("{pass}\n{PASS3}\n");
                        }
                        command
                            .split(' ')
                            .map(String::from)
                            .chain([tmp_user.clone()])
                            .collect()
                    }
                    other => panic!("no arguments written for {other}"),
                };
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let out = run_as(&v, user, &stdin, &args);
                let what = format!(
                    "{user} ({role}) `{command}` on {}",
                    if id.is_empty() {
                        "-"
                    } else if id == tied {
                        "a tied case"
                    } else {
                        "an untied case"
                    }
                );
                match g {
                    Gate::OnCase(op) => {
                        let allowed = allows(role, op, Some(ties));
                        assert_eq!(
                            code(&out) == 5,
                            !allowed,
                            "{what}: exit {}: {}",
                            code(&out),
                            stderr(&out)
                        );
                    }
                    Gate::Global(op) => {
                        let allowed = allows(role, op, None);
                        assert_eq!(
                            code(&out) == 5,
                            !allowed,
                            "{what}: exit {}: {}",
                            code(&out),
                            stderr(&out)
                        );
                        if allowed {
                            assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
                        }
                    }
                    Gate::Lists => {
                        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
                        let shown = String::from_utf8_lossy(&out.stdout).contains(id);
                        // search finds demo narratives for roles that read testimony, and codes
                        // only for coordinators: listing is what `case list` proves
                        if command == "case list" {
                            assert_eq!(shown, allows(role, Op::ListCase, Some(ties)), "{what}");
                        } else if shown {
                            assert!(
                                allows(role, Op::ListCase, Some(ties)),
                                "{what}: a case not on this user's board"
                            );
                        }
                    }
                    Gate::Open(_) => unreachable!(),
                }
                checked += 1;
            }
        }
    }
    for c in &listed {
        if let Some(Gate::Open(why)) = gate(c) {
            assert!(!why.is_empty(), "`{c}` is open without a reason");
            println!("  open: `{c}` — {why}");
        }
    }
    let gated = listed
        .iter()
        .filter(|c| !matches!(gate(c), Some(Gate::Open(_))))
        .count();
    println!(
        "access matrix: {} commands × {} roles checked ({gated} gated by the rights table, {} open with a reason; {checked} runs)",
        listed.len(),
        USERS.len(),
        listed.len() - gated
    );
}
