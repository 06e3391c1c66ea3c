//! Imported forms through the real `waystone` binary and the library: `form import` (every
//! problem, exit 6, nothing written), `form list --json`, `form export` round-trips, versions
//! are immutable, and a case stays on the version it began with. Every form and answer here is
//! invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone::forms::xlsform::{write_xlsx, Sheet, Workbook};
use waystone::forms::{Answer, AnswerPath, Value};

fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
    r.iter()
        .map(|row| row.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

/// A two-language follow-up form (invented), version `version`, with a repeat and skip logic.
fn followup(version: &str, extra_question: bool) -> Vec<u8> {
    let mut survey = vec![
        vec![
            "type",
            "name",
            "label::English (en)",
            "label::Russian (ru)",
            "relevant",
            "required",
        ],
        vec![
            "begin group",
            "followup",
            "Follow-up (invented)",
            "Повторная встреча (вымышленная)",
            "",
            "",
        ],
        vec![
            "select_one yn",
            "safe_now",
            "Safe now?",
            "Сейчас в безопасности?",
            "",
            "yes",
        ],
        vec![
            "text",
            "concern",
            "What worries you?",
            "Что вас беспокоит?",
            "${safe_now} = 'no'",
            "",
        ],
        vec!["begin repeat", "moves", "Move", "Переезд", "", ""],
        vec!["text", "city", "City", "Город", "", ""],
        vec!["end repeat", "", "", "", "", ""],
    ];
    if extra_question {
        survey.push(vec!["integer", "nights", "Nights", "Ночей", "", ""]);
    }
    survey.push(vec!["end group", "", "", "", "", ""]);
    let survey: Vec<&[&str]> = survey.iter().map(Vec::as_slice).collect();
    write_xlsx(&Workbook {
        sheets: vec![
            Sheet {
                name: "survey".into(),
                rows: rows(&survey),
            },
            Sheet {
                name: "choices".into(),
                rows: rows(&[
                    &[
                        "list_name",
                        "name",
                        "label::English (en)",
                        "label::Russian (ru)",
                    ],
                    &["yn", "yes", "Yes", "Да"],
                    &["yn", "no", "No", "Нет"],
                ]),
            },
            Sheet {
                name: "settings".into(),
                rows: rows(&[
                    &["form_id", "version", "form_title", "default_language"],
                    &["followup", version, "Follow-up (invented)", "English (en)"],
                ]),
            },
        ],
    })
    .unwrap()
}

fn list_json(v: &TestVault) -> Vec<serde_json::Value> {
    let out = v.run(&["--json", "form", "list"], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn import_list_export_and_immutable_versions() {
    let v = TestVault::new();
    v.init();
    let dir = v.dir.parent().unwrap().to_path_buf();
    // the built-in intake is listed from the start
    let listed = list_json(&v);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], "intake");
    assert_eq!(listed[0]["source"], "builtin");

    let file = dir.join("followup.xlsx");
    std::fs::write(&file, followup("1", false)).unwrap();
    let out = v.run(
        &["form", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let listed = list_json(&v);
    let f = listed.iter().find(|f| f["id"] == "followup").unwrap();
    assert_eq!(f["version"], 1);
    assert_eq!(f["source"], "imported");
    assert_eq!(f["languages"], serde_json::json!(["en", "ru"]));
    assert_eq!(f["questions"], 3);

    // the same version again, unchanged: accepted, nothing new
    let out = v.run(
        &["form", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("unchanged"));
    // the same version with different questions: refused, exit 6
    std::fs::write(&file, followup("1", true)).unwrap();
    let out = v.run(
        &["form", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(stderr(&out).contains("raise `version`"), "{}", stderr(&out));
    // a new version is a new definition
    std::fs::write(&file, followup("2", true)).unwrap();
    let out = v.run(
        &["form", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(list_json(&v).len(), 3);

    // export (latest and a given version) and import the export: unchanged
    for (version, name) in [(None, "latest.xlsx"), (Some("1"), "v1.xlsx")] {
        let out_file = dir.join(name);
        let mut args = vec![
            "form",
            "export",
            "followup",
            "--out",
            out_file.to_str().unwrap(),
        ];
        if let Some(v) = version {
            args.extend(["--version", v]);
        }
        let out = v.run(&args, &format!("{PASS}\n"));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let out = v.run(
            &["form", "import", out_file.to_str().unwrap()],
            &format!("{PASS}\n"),
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("unchanged"));
    }
    // the built-in intake exports too, and its id is reserved
    let intake = dir.join("intake.xlsx");
    let out = v.run(
        &[
            "form",
            "export",
            "intake",
            "--out",
            intake.to_str().unwrap(),
        ],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = v.run(
        &["form", "import", intake.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(stderr(&out).contains("built-in form"), "{}", stderr(&out));
}

#[test]
fn a_malformed_workbook_lists_every_problem_and_writes_nothing() {
    let v = TestVault::new();
    v.init();
    let dir = v.dir.parent().unwrap().to_path_buf();
    let bad = write_xlsx(&Workbook {
        sheets: vec![Sheet {
            name: "survey".into(),
            rows: rows(&[
                &["type", "name", "label", "relevant", "choice_filter"],
                &["geopoint", "where", "Invented place", "", ""],
                &["text", "a", "A", "pulldata('f', 'c', 'k', 'v') = 'x'", ""],
                &["select_one towns", "town", "Town", "", "region = 'x'"],
                &["begin group", "g", "G", "", ""],
            ]),
        }],
    })
    .unwrap();
    let file = dir.join("bad.xlsx");
    std::fs::write(&file, bad).unwrap();
    let out = v.run(
        &["form", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    let err = stderr(&out);
    for want in [
        "row 2",
        "row 3, column relevant (D)",
        "row 4, column choice_filter (E)",
        "row 5",
    ] {
        assert!(err.contains(want), "`{want}` missing from:\n{err}");
    }
    assert_eq!(list_json(&v).len(), 1, "nothing was stored");

    // damaged bytes: a plain refusal, exit 6
    let mut damaged = followup("1", false);
    let mid = damaged.len() / 2;
    damaged.truncate(mid);
    std::fs::write(&file, damaged).unwrap();
    let out = v.run(
        &["form", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a readable workbook"),
        "{}",
        stderr(&out)
    );
    assert_eq!(list_json(&v).len(), 1, "nothing was stored");

    // bytes flipped at pseudo-random places inside the archive (fixed seeds, so a failure
    // can be replayed): refused with exit 6 and nothing stored — or, where the damage hit
    // bytes nobody reads, the very same form imported
    let clean = followup("1", false);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..4 {
        let mut damaged = clean.clone();
        for _ in 0..3 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let span = damaged.len() / 2;
            let at = damaged.len() / 4 + usize::try_from(seed % span as u64).unwrap();
            damaged[at] ^= 0xA5;
        }
        std::fs::write(&file, &damaged).unwrap();
        let before = list_json(&v).len();
        let out = v.run(
            &["form", "import", file.to_str().unwrap()],
            &format!("{PASS}\n"),
        );
        match code(&out) {
            6 => assert_eq!(list_json(&v).len(), before, "round {round}: nothing stored"),
            0 => {
                let pass = waystone::crypto::Passphrase::new(PASS);
                let vault = waystone::vault::Vault::unlock(&v.dir, None, &pass).unwrap();
                let stored = vault.form("followup", Some(1)).unwrap();
                let want = waystone::forms::import_xlsform(&clean, "followup")
                    .unwrap()
                    .form;
                assert_eq!(
                    stored.to_definition_json(),
                    want.to_definition_json(),
                    "round {round}: damage that imports must give the same form"
                );
            }
            other => panic!("round {round}: exit {other}: {}", stderr(&out)),
        }
    }
}

#[test]
fn a_case_stays_on_the_version_it_began_with() {
    let v = TestVault::new();
    v.init();
    let pass = waystone::crypto::Passphrase::new(PASS);
    let mut vault = waystone::vault::Vault::unlock(&v.dir, None, &pass).unwrap();
    vault
        .import_form(&followup("1", false), "followup")
        .unwrap();
    let v1 = vault.form("followup", None).unwrap();
    assert_eq!(v1.version(), 1);
    let case = vault.create_case(&v1).unwrap();
    {
        let mut w = vault.writable(&case.id).unwrap();
        let path = AnswerPath::parse("safe_now").unwrap();
        w.save_answer(&path, Some(Answer::Value(Value::Choice("no".into()))))
            .unwrap();
        let path = AnswerPath::parse("concern").unwrap();
        w.save_answer(
            &path,
            Some(Answer::Value(Value::Text("Invented worry".into()))),
        )
        .unwrap();
    }
    // a new version arrives; the case is still answered and read against version 1
    vault.import_form(&followup("2", true), "followup").unwrap();
    assert_eq!(vault.form("followup", None).unwrap().version(), 2);
    let interview = vault.readable(&case.id).unwrap().interview().unwrap();
    assert_eq!(interview.case.summary.form_version, 1);
    assert_eq!(interview.case.answers.iter().count(), 2);
    let listed = vault.forms().unwrap();
    let v1_row = listed
        .iter()
        .find(|f| f.id == "followup" && f.version == 1)
        .unwrap();
    assert_eq!(v1_row.cases, 1);
    // New interview offers the latest available version of each form; a withdrawn one is
    // not offered, and its cases stay readable
    let offered = |vault: &waystone::vault::Vault| -> Vec<(String, u32)> {
        vault
            .forms_for_new_interview()
            .unwrap()
            .into_iter()
            .map(|f| (f.id, f.version))
            .collect()
    };
    assert_eq!(
        offered(&vault),
        [("intake".to_owned(), 1), ("followup".to_owned(), 2)]
    );
    vault.set_form_available("followup", 2, false).unwrap();
    assert_eq!(
        offered(&vault),
        [("intake".to_owned(), 1), ("followup".to_owned(), 1)]
    );
    vault.set_form_available("followup", 1, false).unwrap();
    assert_eq!(offered(&vault), [("intake".to_owned(), 1)]);
    assert!(vault.set_form_available("intake", 1, false).is_err());
    assert!(vault.readable(&case.id).unwrap().interview().is_ok());
    vault.set_form_available("followup", 2, true).unwrap();
    // a form that is not in the vault cannot start a case
    let stray = waystone::forms::import_xlsform(&followup("9", false), "x")
        .unwrap()
        .form;
    assert!(vault.create_case(&stray).is_err());
    drop(vault);
    // and after a restart the answers are all there
    let mut vault = waystone::vault::Vault::unlock(&v.dir, None, &pass).unwrap();
    let interview = vault.readable(&case.id).unwrap().interview().unwrap();
    assert_eq!(interview.case.answers.iter().count(), 2);
    drop(vault);
    // the case travels as interchange JSON and comes back against its imported form
    let out = v.run(&["case", "export", &case.id], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["form"]["id"], "followup");
    assert_eq!(doc["form"]["version"], 1);
    doc["answers"]["answers"]["concern"]["value"] = serde_json::json!("Another invented worry");
    let file = v.dir.parent().unwrap().join("case.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = v.run(
        &["case", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // an answer the form does not have is refused (checked against version 1)
    doc["answers"]["answers"]["nights"] =
        serde_json::json!({"status": "answered", "type": "integer", "value": 3});
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = v.run(
        &["case", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 6, "{}", stderr(&out));
}

/// A decimal answer (invented) is saved as exact text, exported as a JSON string, read back
/// canonicalised, and refused in any other spelling, naming the answer only.
#[test]
fn a_decimal_answer_travels_exactly() {
    let v = TestVault::new();
    v.init();
    let form = write_xlsx(&Workbook {
        sheets: vec![
            Sheet {
                name: "survey".into(),
                rows: rows(&[
                    &["type", "name", "label", "constraint", "constraint_message"],
                    &[
                        "decimal",
                        "dose",
                        "Invented dose",
                        ". >= 0.5",
                        "At least 0.5",
                    ],
                ]),
            },
            Sheet {
                name: "settings".into(),
                rows: rows(&[&["form_id", "version"], &["doses", "1"]]),
            },
        ],
    })
    .unwrap();
    let pass = waystone::crypto::Passphrase::new(PASS);
    let mut vault = waystone::vault::Vault::unlock(&v.dir, None, &pass).unwrap();
    vault.import_form(&form, "doses").unwrap();
    let def = vault.form("doses", None).unwrap();
    let case = vault.create_case(&def).unwrap();
    {
        let mut w = vault.writable(&case.id).unwrap();
        let path = AnswerPath::parse("dose").unwrap();
        w.save_answer(&path, Some(Answer::Value(Value::decimal("0.1").unwrap())))
            .unwrap();
    }
    drop(vault);
    let out = v.run(&["case", "export", &case.id], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["answers"]["answers"]["dose"],
        serde_json::json!({"status": "answered", "type": "decimal", "value": "0.1"}),
        "a string, exactly as typed: no float on the way"
    );
    let file = v.dir.parent().unwrap().join("case.json");
    let import = |doc: &serde_json::Value| {
        std::fs::write(&file, doc.to_string()).unwrap();
        v.run(
            &["case", "import", file.to_str().unwrap()],
            &format!("{PASS}\n"),
        )
    };
    // a non-canonical spelling is read into the canonical one
    doc["answers"]["answers"]["dose"]["value"] = serde_json::json!("00.750");
    let out = import(&doc);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = v.run(&["case", "export", &case.id], &format!("{PASS}\n"));
    let back: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(back["answers"]["answers"]["dose"]["value"], "0.75");
    // a comma, an exponent or a JSON number is refused, without quoting the value
    for bad in [
        serde_json::json!("0,75"),
        serde_json::json!("7.5e-1"),
        serde_json::json!(0.75),
    ] {
        doc["answers"]["answers"]["dose"]["value"] = bad.clone();
        let out = import(&doc);
        assert_eq!(code(&out), 6, "{bad}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(!err.contains("0,75") && !err.contains("7.5e-1"), "{err}");
    }
    let out = v.run(&["case", "export", &case.id], &format!("{PASS}\n"));
    let back: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        back["answers"]["answers"]["dose"]["value"], "0.75",
        "a refused import wrote nothing"
    );
}

/// Calculated values (invented form) are the core's: computed on each save, never typed in,
/// exported like answers, and recomputed from the document's answers on import.
#[test]
fn calculated_values_follow_their_inputs() {
    let v = TestVault::new();
    v.init();
    let form = write_xlsx(&Workbook {
        sheets: vec![Sheet {
            name: "survey".into(),
            rows: rows(&[
                &["type", "name", "label", "calculation", "read_only"],
                &["integer", "nights", "Invented nights", "", ""],
                &["calculate", "weeks", "", "round(${nights} div 7, 1)", ""],
                &[
                    "text",
                    "summary",
                    "Summary",
                    "concat(${nights}, ' nights')",
                    "yes",
                ],
            ]),
        }],
    })
    .unwrap();
    let pass = waystone::crypto::Passphrase::new(PASS);
    let mut vault = waystone::vault::Vault::unlock(&v.dir, None, &pass).unwrap();
    vault.import_form(&form, "stays").unwrap();
    let def = vault.form("stays", None).unwrap();
    let case = vault.create_case(&def).unwrap();
    let path = |s: &str| AnswerPath::parse(s).unwrap();
    {
        let mut w = vault.writable(&case.id).unwrap();
        let out = w
            .save_answer(&path("nights"), Some(Answer::Value(Value::Integer(10))))
            .unwrap();
        let computed: Vec<String> = out
            .state
            .computed
            .iter()
            .map(|(p, a)| {
                format!(
                    "{p}={}",
                    a.as_ref()
                        .map_or("none".into(), |a| serde_json::to_string(a).unwrap())
                )
            })
            .collect();
        assert_eq!(
            computed,
            [
                r#"weeks={"status":"answered","type":"decimal","value":"1.4"}"#,
                r#"summary={"status":"answered","type":"text","value":"10 nights"}"#,
            ]
        );
        // a calculated value cannot be typed in
        let refused = w.save_answer(
            &path("weeks"),
            Some(Answer::Value(Value::decimal("9").unwrap())),
        );
        assert!(
            matches!(&refused, Err(e) if e.to_string().contains("read_only")),
            "{refused:?}"
        );
    }
    drop(vault);
    let out = v.run(&["case", "export", &case.id], &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["answers"]["answers"]["weeks"]["value"], "1.4");
    // a document's own calculated value is not taken: it is recomputed from its answers
    doc["answers"]["answers"]["nights"]["value"] = serde_json::json!(21);
    doc["answers"]["answers"]["weeks"]["value"] = serde_json::json!("99");
    let file = v.dir.parent().unwrap().join("case.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = v.run(
        &["case", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = v.run(&["case", "export", &case.id], &format!("{PASS}\n"));
    let back: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(back["answers"]["answers"]["weeks"]["value"], "3");
    assert_eq!(back["answers"]["answers"]["summary"]["value"], "21 nights");
    // an input gone: the values that depend on it are gone too, nothing is invented
    let mut doc = back.clone();
    doc["answers"]["answers"]
        .as_object_mut()
        .unwrap()
        .remove("nights");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = v.run(
        &["case", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = v.run(&["case", "export", &case.id], &format!("{PASS}\n"));
    let back: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(back["answers"]["answers"].get("weeks").is_none(), "{back}");
    assert!(
        back["answers"]["answers"].get("summary").is_none(),
        "{back}"
    );
}

#[test]
fn only_admins_import() {
    let v = TestVault::new();
    v.init();
    let out = v.run(
        &["user", "add", "cw", "--role", "caseworker"],
        &format!("{PASS}\n{PASS2}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = v.dir.parent().unwrap().join("f.xlsx");
    std::fs::write(&file, followup("1", false)).unwrap();
    let out = v.run(
        &["--user", "cw", "form", "import", file.to_str().unwrap()],
        &format!("{PASS2}\n"),
    );
    assert_eq!(code(&out), 5, "{}", stderr(&out));
}
