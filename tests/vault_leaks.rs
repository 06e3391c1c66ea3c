//! Canaries planted in the vault are found in no file under its directory, in any encoding.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone::crypto::{Passphrase, KDF_FLOOR};
use waystone::vault::{Role, Vault};

const CANARIES: &[&str] = &[
    "CANARY-latin-7f3a9c",
    "КАНАРЕЙКА-кириллица-5d2e",
    "canary-emoji-🕊️-41b8",
    "קנרית-rtl-9e1f",
];

#[test]
fn planted_canaries_never_reach_the_disk() {
    let v = TestVault::new();
    let p = Passphrase::new(PASS);
    let (mut vault, _recovery) = Vault::create(&v.dir, "ana", Role::Admin, &p, KDF_FLOOR).unwrap();
    for (i, c) in CANARIES.iter().enumerate() {
        vault
            .debug_set_private_setting(&format!("k{i}"), c)
            .unwrap();
        vault.audit("test.plant", &format!("subject-{i}")).unwrap();
    }
    // scan while open (WAL present) and after lock
    let scan = |when: &str| {
        for (path, bytes) in snapshot(&v.dir) {
            for c in CANARIES {
                for enc in encodings(c) {
                    assert!(
                        !contains(&bytes, &enc),
                        "{when}: a canary is readable in {}",
                        path.display()
                    );
                }
            }
        }
    };
    scan("while unlocked");
    drop(vault);
    scan("after lock");
    // and the values are really there, behind the key
    let vault = Vault::unlock(&v.dir, Some("ana"), &p).unwrap();
    assert_eq!(
        vault.private_setting("k1").unwrap().as_deref(),
        Some(CANARIES[1])
    );
}

/// Four unique canaries (Latin, Cyrillic, emoji, right-to-left) for place `i`.
fn canary_set(i: usize) -> Vec<String> {
    vec![
        format!("CANARY-latin-{i:02}-7f3a9c"),
        format!("КАНАРЕЙКА-{i:02}-кириллица"),
        format!("canary-{i:02}-🕊️🏳️‍🌈-emoji"),
        format!("קנרית-{i:02}-rtl-עברית"),
    ]
}

/// An interchange document with canaries in every text, long-text, person and place question
/// of the intake, top level and inside repeats (names, aliases, contacts, places, units,
/// "other" texts of choices, complaint numbers, narrative, interviewer notes…), and in an
/// attachment's name and bytes. Dates, numbers and choices hold no free text.
/// Returns the JSON and every canary planted.
fn canary_case() -> (String, Vec<String>) {
    use base64::Engine;
    use sha2::Digest;
    let form = waystone::forms::latest_intake();
    let mut answers = serde_json::Map::new();
    let mut repeats = serde_json::Map::new();
    let mut planted = Vec::new();
    let texts = form
        .questions()
        .into_iter()
        .filter_map(|q| match q.kind().value_kind() {
            waystone::forms::ValueKind::Text => Some((q, "text")),
            waystone::forms::ValueKind::PersonRef => Some((q, "person_ref")),
            waystone::forms::ValueKind::PlaceRef => Some((q, "place_ref")),
            _ => None,
        });
    for (i, (q, kind)) in texts.enumerate() {
        let segments = q.path().segments();
        let mut path = String::new();
        for (j, seg) in segments.iter().enumerate() {
            if j > 0 {
                path.push('.');
            }
            path.push_str(seg);
            if j + 1 < segments.len() {
                repeats.insert(path.clone(), serde_json::json!(1));
                path.push_str("[0]");
            }
        }
        let set = canary_set(i);
        answers.insert(
            path,
            serde_json::json!({ "status": "answered", "type": kind, "value": set.join(" ") }),
        );
        planted.extend(set);
    }
    let att = canary_set(90);
    let file_canaries = canary_set(91);
    let data = format!("synthetic attachment: {}\n", att.join(" ")).repeat(40);
    planted.extend(att);
    planted.extend(file_canaries.iter().cloned());
    let doc = serde_json::json!({
        "format": "waystone-case", "version": 1,
        "id": uuid::Uuid::new_v4().to_string(), "code": "WS-LEAK-SCAN",
        "form": { "id": "intake", "version": 1 },
        "status": "interview_in_progress",
        "created_at": "2025-01-31T12:00:00.000Z", "created_by": "ana",
        "updated_at": "2025-01-31T12:00:00.000Z", "updated_by": "ana",
        "answers": { "answers": answers, "repeats": repeats },
        "attachments": [{
            "id": uuid::Uuid::new_v4().to_string(),
            "file_name": format!("{}.txt", file_canaries.join("_")),
            "media_type": "text/plain",
            "size": data.len(),
            "sha256": hex::encode(sha2::Sha256::digest(data.as_bytes())),
            "data": base64::engine::general_purpose::STANDARD.encode(&data),
        }],
    });
    (doc.to_string(), planted)
}

/// The same case under new ids and code.
fn renamed(doc: &str, code: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(doc).unwrap();
    v["id"] = serde_json::json!(uuid::Uuid::new_v4().to_string());
    v["code"] = serde_json::json!(code);
    v["attachments"][0]["id"] = serde_json::json!(uuid::Uuid::new_v4().to_string());
    v.to_string()
}

#[test]
fn canaries_in_every_field_reach_no_file_no_temp_file_and_no_output() {
    use std::time::{Duration, Instant};
    let v = TestVault::new();
    let private_tmp = tempfile::tempdir().unwrap();
    let outdir = tempfile::tempdir().unwrap();
    let inputs = tempfile::tempdir().unwrap();
    let env = [("TMPDIR", private_tmp.path())];
    let pass = format!("{PASS}\n");
    let (doc, planted) = canary_case();
    let needles: Vec<(String, &'static str, Vec<u8>)> = planted
        .iter()
        .flat_map(|c| {
            encodings_named(c)
                .into_iter()
                .map(move |(n, e)| (c.clone(), n, e))
        })
        .collect();
    let ac = aho_corasick::AhoCorasick::new(needles.iter().map(|n| &n.2)).unwrap();
    let hits = |bytes: &[u8]| -> Vec<String> {
        ac.find_overlapping_iter(bytes)
            .map(|m| {
                let (c, n, _) = &needles[m.pattern().as_usize()];
                format!("{c} as {n}")
            })
            .collect()
    };
    // the scanner finds the canaries where they are in the clear: the input document holds
    // every one (the attachment's only as base64)
    let input = inputs.path().join("case.json");
    std::fs::write(&input, &doc).unwrap();
    for c in &planted {
        let found = hits(doc.as_bytes());
        assert!(
            found.iter().any(|h| h.starts_with(&format!("{c} as "))),
            "the scanner misses {c} in the input"
        );
    }

    let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut run = |args: &[&str], env: &[(&str, &std::path::Path)], want: i32| {
        let out = v.run_with(&[], env, args, &pass);
        assert_eq!(code(&out), want, "{args:?}: {}", stderr(&out));
        outputs.push((format!("stdout of {args:?}"), out.stdout.clone()));
        outputs.push((format!("stderr of {args:?}"), out.stderr.clone()));
        out
    };
    let text = |out: std::process::Output| String::from_utf8(out.stdout).unwrap();
    run(&["--user", "ana", "init"], &env, 0);
    let id = text(run(&["case", "import", input.to_str().unwrap()], &env, 0))
        .trim()
        .to_owned();
    run(&["case", "list", "--json"], &env, 0);
    run(&["case", "history", &id], &env, 0);
    run(&["search", "КАНАРЕЙКА"], &env, 0);
    run(&["search", &planted[0]], &env, 0);
    run(&["check"], &env, 0);
    run(&["audit", "verify"], &env, 0);
    let backup = outdir.path().join("vault.backup");
    run(&["backup", "--out", backup.to_str().unwrap()], &env, 0);

    // kill -9 in the middle of a save: an import of the same canaries, killed while the
    // database log grows
    let second = inputs.path().join("second.json");
    std::fs::write(&second, renamed(&doc, "WS-LEAK-KILL")).unwrap();
    let wal = v.dir.join("vault.db-wal");
    let wal_before = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_waystone"))
        .env("WAYSTONE_KDF_TARGET_MS", "0")
        .env("TMPDIR", private_tmp.path())
        .arg("--vault")
        .arg(&v.dir)
        .args(["--passphrase-stdin", "case", "import"])
        .arg(&second)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(pass.as_bytes())
            .unwrap();
    }
    let start = Instant::now();
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) <= wal_before + 8192
        && child.try_wait().unwrap().is_none()
        && start.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_micros(100));
    }
    let _ = child.kill();
    let killed = child.wait_with_output().unwrap();

    // a panic with the canaries in its message (debug builds only: hygiene::debug_forced_panic)
    let third = inputs.path().join("third.json");
    std::fs::write(&third, renamed(&doc, "WS-LEAK-PANIC")).unwrap();
    let panic_env = [
        ("TMPDIR", private_tmp.path()),
        ("WAYSTONE_DEBUG_PANIC", std::path::Path::new("case-import")),
    ];
    let panicked = run(
        &["case", "import", third.to_str().unwrap()],
        &panic_env,
        101,
    );
    assert_eq!(
        String::from_utf8_lossy(&panicked.stderr),
        "waystone: internal error; nothing more is printed so that no data can leak\n"
    );
    run(&["check"], &env, 0);
    outputs.push(("stdout of the killed import".into(), killed.stdout));
    outputs.push(("stderr of the killed import".into(), killed.stderr));

    // scan: the vault, the private temp directory, the backup, every output
    let mut places: Vec<(String, Vec<u8>)> = outputs;
    for dir in [v.dir.as_path(), private_tmp.path(), outdir.path()] {
        for (path, bytes) in snapshot(dir) {
            places.push((path.display().to_string(), bytes));
        }
    }
    let files = places.len();
    for (place, bytes) in &places {
        let found = hits(bytes);
        assert!(found.is_empty(), "{place}: {found:?}");
    }

    // and the canaries are really inside, behind the key
    let mut vault =
        waystone::vault::Vault::unlock(&v.dir, None, &waystone::crypto::Passphrase::new(PASS))
            .unwrap();
    let case = vault.readable(&id).and_then(|mut g| g.case()).unwrap();
    let narrative = case.answers.get(&"narrative".parse().unwrap()).cloned();
    assert!(
        matches!(narrative, Some(waystone::forms::Answer::Value(waystone::forms::Value::Text(ref t))) if t.contains("CANARY-latin-")),
        "the narrative holds its canaries"
    );
    let att = &case.attachments[0];
    let bytes = vault
        .readable(&id)
        .and_then(|mut g| g.attachment(&att.id))
        .unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains(&planted[planted.len() - 5]));
    eprintln!(
        "leaks: {} canaries × {} encodings ({} needles) over {} places (vault files, temp files, \
         backup, stdout and stderr of {} commands incl. a kill -9 and a panic): 0 hits",
        planted.len(),
        needles.len() / planted.len(),
        needles.len(),
        files,
        places
            .iter()
            .filter(|(p, _)| p.starts_with("stdout"))
            .count()
    );
}
