//! Cases through the real `waystone` binary: demo data stays encrypted, export → import →
//! export is identical, malformed cases are refused with every problem and change nothing.
//! Every person in the demo data is invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;

#[test]
fn demo_cases_never_reach_the_disk_in_the_clear() {
    let v = TestVault::new();
    v.init();
    let out = v.run(
        &["demo", "--cases", "200", "--seed", "7"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // read the answers back through the library (one unlock instead of 200)
    let mut texts = Vec::new();
    {
        use waystone::forms::{Answer, Value};
        let mut vault =
            waystone::vault::Vault::unlock(&v.dir, None, &waystone::crypto::Passphrase::new(PASS))
                .unwrap();
        let cases = vault.list_cases(&Default::default()).unwrap();
        assert_eq!(cases.len(), 200);
        for c in cases {
            for (_, a) in vault
                .readable(&c.id)
                .and_then(|mut g| g.case())
                .unwrap()
                .answers
                .iter()
            {
                if let Answer::Value(Value::Text(t)) = a {
                    texts.push(t.clone());
                }
            }
        }
    }
    texts.sort();
    texts.dedup();
    // Under 8 bytes a string turns up in megabytes of ciphertext by chance alone, so only
    // longer ones prove anything; demo narratives, names and units are all longer.
    let needles: Vec<Vec<u8>> = texts
        .iter()
        .filter(|t| t.len() >= 8)
        .flat_map(|t| {
            let utf16: Vec<u8> = t.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            [t.as_bytes().to_vec(), utf16]
        })
        .collect();
    assert!(
        needles.len() > 2 * 200,
        "too few answers to prove anything: {}",
        needles.len()
    );
    let ac = aho_corasick::AhoCorasick::new(&needles).unwrap();
    let files = snapshot(&v.dir);
    let bytes: usize = files.values().map(Vec::len).sum();
    assert!(bytes > 100_000, "the vault holds the cases ({bytes} bytes)");
    for (path, content) in files {
        if let Some(m) = ac.find(&content) {
            panic!(
                "a text answer ({} bytes) is readable in {}",
                needles[m.pattern().as_usize()].len(),
                path.display()
            );
        }
    }
}

#[test]
fn export_import_export_is_identical() {
    let a = TestVault::new();
    a.init();
    assert_eq!(
        code(&a.run(
            &["demo", "--cases", "12", "--seed", "3"],
            &format!("{PASS}\n")
        )),
        0
    );
    let b = TestVault::new();
    b.init();
    for id in case_ids(&a) {
        let first = export_case(&a, &id);
        let file = a.dir.parent().unwrap().join(format!("{id}.json"));
        std::fs::write(&file, &first).unwrap();
        let out = b.run(
            &["case", "import", file.to_str().unwrap()],
            &format!("{PASS}\n"),
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), id);
        assert_eq!(export_case(&b, &id), first, "case {id} changed on the way");
        // importing the same document again is an update that changes nothing
        let out = b.run(
            &["case", "import", file.to_str().unwrap()],
            &format!("{PASS}\n"),
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(export_case(&b, &id), first);
    }
}

#[test]
fn malformed_cases_exit_6_list_every_problem_and_change_nothing() {
    let a = TestVault::new();
    a.init();
    assert_eq!(
        code(&a.run(&["demo", "--cases", "1"], &format!("{PASS}\n"))),
        0
    );
    let id = case_ids(&a).remove(0);
    let good: serde_json::Value = serde_json::from_str(&export_case(&a, &id)).unwrap();

    let b = TestVault::new();
    b.init();
    let before = snapshot(&b.dir);
    let secret = "ЛИЧНОЕ-содержимое-7731";
    let mut bad = good.clone();
    bad["answers"]["answers"]["evacuation_stage"] =
        serde_json::json!({"status":"answered","type":"choice","value":"on_the_moon"});
    bad["answers"]["answers"]["no_such_question"] =
        serde_json::json!({"status":"answered","type":"text","value": secret});
    bad["answers"]["answers"]["narrative"] =
        serde_json::json!({"status":"answered","type":"integer","value": 3});
    bad["form"]["version"] = serde_json::json!(1);
    let cases: Vec<(&str, String)> = vec![
        ("several problems", serde_json::to_string(&bad).unwrap()),
        ("not JSON", format!("{{\"id\": \"{secret}\"")),
        ("unknown form", {
            let mut x = good.clone();
            x["form"]["id"] = serde_json::json!("nope");
            serde_json::to_string(&x).unwrap()
        }),
        ("bad attachment digest", {
            let mut x = good.clone();
            x["attachments"] = serde_json::json!([{"id": uuid_like(), "file_name": "a.jpg", "media_type": "image/jpeg", "size": 3, "sha256": "00", "data": "YWJj"}]);
            serde_json::to_string(&x).unwrap()
        }),
        ("unknown status", {
            let mut x = good.clone();
            x["answers"]["answers"]["narrative"] = serde_json::json!({"status": secret});
            serde_json::to_string(&x).unwrap()
        }),
    ];
    for (what, text) in cases {
        let file = b.dir.parent().unwrap().join("bad.json");
        std::fs::write(&file, &text).unwrap();
        let out = b.run(
            &["case", "import", file.to_str().unwrap()],
            &format!("{PASS}\n"),
        );
        assert_eq!(code(&out), 6, "{what}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains(secret) && !stderr(&out).contains("ЛИЧНОЕ"),
            "{what}: content in the error: {}",
            stderr(&out)
        );
        if what == "several problems" {
            let e = stderr(&out);
            for p in [
                "evacuation_stage: unknown_choice",
                "no_such_question: unknown_question",
                "narrative: wrong_type",
            ] {
                assert!(e.contains(p), "{what}: {p} not listed in: {e}");
            }
        }
        let _ = std::fs::remove_file(&file);
    }
    // nothing changed but the audit log of unlocks: no case was added
    assert!(case_ids(&b).is_empty());
    assert_eq!(
        snapshot(&b.dir).keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
}

fn uuid_like() -> String {
    "0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d".into()
}

#[test]
fn an_attachment_listed_twice_is_refused_and_the_stored_one_stays_readable() {
    let a = TestVault::new();
    a.init();
    assert_eq!(
        code(&a.run(
            &["demo", "--cases", "1", "--seed", "5"],
            &format!("{PASS}\n")
        )),
        0
    );
    let id = case_ids(&a).remove(0);
    // the case with one attachment (invented bytes), imported: the attachment is stored
    let mut doc: serde_json::Value = serde_json::from_str(&export_case(&a, &id)).unwrap();
    let data = b"invented scan bytes 4471";
    {
        use base64::Engine;
        use sha2::Digest;
        doc["attachments"] = serde_json::json!([{
            "id": uuid_like(), "file_name": "scan.txt", "media_type": "text/plain",
            "size": data.len(),
            "sha256": hex::encode(sha2::Sha256::digest(data)),
            "data": base64::engine::general_purpose::STANDARD.encode(data),
        }]);
    }
    let file = a.dir.parent().unwrap().join("with-attachment.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = a.run(
        &["case", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let held = export_case(&a, &id);

    // the exported case with attachments[0] repeated: refused, listed as a problem
    let mut twice: serde_json::Value = serde_json::from_str(&held).unwrap();
    let first = twice["attachments"][0].clone();
    twice["attachments"].as_array_mut().unwrap().push(first);
    std::fs::write(&file, twice.to_string()).unwrap();
    let files_before: Vec<_> = snapshot(&a.dir.join("attachments")).into_iter().collect();
    let out = a.run(
        &["case", "import", file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("attachments[1].id"),
        "{}",
        stderr(&out)
    );
    // nothing changed: the stored file is the same and still opens with its key
    let files_after: Vec<_> = snapshot(&a.dir.join("attachments")).into_iter().collect();
    assert_eq!(files_after, files_before);
    assert_eq!(export_case(&a, &id), held);
    assert_eq!(code(&a.run(&["check"], &format!("{PASS}\n"))), 0);
}
