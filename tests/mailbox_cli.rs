//! The team mailbox through the real binary over the folder engine (a shared temporary
//! folder, as Syncthing or a sync client would carry it): the scenario of issue 16 across
//! three vaults, then the faults — an object altered on the server, the same object twice,
//! a replayed and an older bundle, a Syncthing conflict copy, the mailbox gone and back,
//! two syncs at once — and a scan of everything the server held for names and words.
//! WebDAV and S3 run the same scenario in tests/mailbox_engines.rs. Invented data only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod mailbox_team;

use common::*;
use mailbox_team::*;

fn folder_engine(dir: &std::path::Path) -> Engine {
    Engine {
        flags: vec!["--folder".into(), dir.display().to_string()],
        env: vec![],
    }
}

/// The object files in the folder (no strays), by relative name.
fn objects(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    files(dir)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.components().count() == 2 && !n.to_string_lossy().contains('.'))
        .collect()
}

#[test]
fn folder_mailbox_carries_the_team_scenario_and_leaks_nothing() {
    let shared = tempfile::tempdir().unwrap();
    let team = Team::new(&folder_engine(shared.path()));
    let seen = scenario(&team, &|| files(shared.path()));
    assert!(
        seen.len() >= 4,
        "the server never held an object: {}",
        seen.len()
    );
    let hits = scan(&seen);
    assert!(hits.is_empty(), "the server saw: {hits:?}");
    // every object is gone once delivered and its receipt came back
    assert!(
        objects(shared.path()).is_empty(),
        "{:?}",
        objects(shared.path())
    );
    // the key and credentials are in no list
    let list = team
        .field
        .admin_ok(&["--json", "mailbox", "list"], &format!("{PASS}\n"));
    assert!(
        !list.contains(team.key_line.split(':').nth(1).unwrap()),
        "{list}"
    );
    assert!(list.contains("\"engine\":\"folder\""), "{list}");
    // only admins manage mailboxes
    let out = team.field.run(&["mailbox", "list"]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
}

#[test]
fn folder_mailbox_faults_change_nothing_and_the_next_sync_finishes() {
    let shared = tempfile::tempdir().unwrap();
    let team = Team::new(&folder_engine(shared.path()));
    let id = team.case_id.as_str();
    let raw = team.folder_mailbox(shared.path());

    // 1. an object altered on the server is refused; the lawyer's vault holds nothing
    team.field.ok(&["send", id, "--to", CONTACT_LAWYER]);
    team.field.sync();
    let objs = objects(shared.path());
    assert_eq!(objs.len(), 1);
    let path = shared.path().join(&objs[0]);
    let name = waystone_mailbox::ObjectName::parse(&objs[0].to_string_lossy()).unwrap();
    let prefix = name.prefix().clone();
    let payload = raw.get(&name).unwrap();
    let good = std::fs::read(&path).unwrap();
    let mut bad = good.clone();
    bad[good.len() / 2] ^= 0x20;
    std::fs::write(&path, &bad).unwrap();
    let r = team.lawyer.sync();
    assert_eq!(
        (r["refused"].as_u64(), r["imported"].as_u64()),
        (Some(1), Some(0)),
        "{r}"
    );
    assert!(team.lawyer.lines(&["case", "list"]).is_empty());
    let refused = team.lawyer.incoming();
    assert_eq!(refused.len(), 1);
    assert_eq!(
        (refused[0]["state"].as_str(), refused[0]["reason"].as_str()),
        (Some("refused"), Some("altered"))
    );
    assert_eq!(
        team.field.outbox()[0]["state"],
        "uploaded",
        "no receipt for a refused object"
    );

    // 2. the genuine bytes again (under a new name: a name is opened once) import once
    let first = raw.put(&prefix, &payload).unwrap();
    let r = team.lawyer.sync();
    assert_eq!(r["imported"], 1, "{r}");
    // a sync tool brings the same object back: recognised by name, never opened again
    raw.put_named(&first, &payload).unwrap();
    // and a Syncthing conflict copy of it is ignored
    let copy = shared.path().join(format!(
        "{}.sync-conflict-20250203-101500-ABCDEFG",
        first.key()
    ));
    std::fs::write(
        &copy,
        std::fs::read(shared.path().join(first.key())).unwrap(),
    )
    .unwrap();
    let r = team.lawyer.sync();
    assert_eq!(
        (
            r["received"].as_u64(),
            r["imported"].as_u64(),
            r["refused"].as_u64()
        ),
        (Some(0), Some(0), Some(0)),
        "{r}"
    );
    assert!(r["strays"].as_u64().unwrap() >= 1, "{r}");
    assert!(
        !copy.exists(),
        "the conflict copy of a fetched object stays"
    );
    // the same bundle under another name: already opened, nothing changes
    let again = raw.put(&prefix, &payload).unwrap();
    let before = team.lawyer.export(id);
    let r = team.lawyer.sync();
    assert_eq!(
        (r["already_opened"].as_u64(), r["imported"].as_u64()),
        (Some(1), Some(0)),
        "{r}"
    );
    assert_eq!(team.lawyer.export(id), before);
    let _ = again;

    // 3. a replayed version and an older one are refused: two bundles of one version, one
    // kept aside while a newer version is delivered, then put back
    team.field.ok(&["send", id, "--to", CONTACT_LAWYER]);
    team.field.ok(&["send", id, "--to", CONTACT_LAWYER]);
    team.field.sync();
    let pending: Vec<_> = objects(shared.path());
    assert!(pending.len() >= 2, "{pending:?}");
    let aside: Vec<(std::path::PathBuf, Vec<u8>)> = pending
        .iter()
        .map(|n| {
            (
                shared.path().join(n),
                std::fs::read(shared.path().join(n)).unwrap(),
            )
        })
        .collect();
    // one replays the version the lawyer already holds (same answers, same time)
    let r = team.lawyer.sync();
    assert_eq!(r["refused"].as_u64(), Some(aside.len() as u64), "{r}");
    let reasons: Vec<String> = team
        .lawyer
        .incoming()
        .iter()
        .filter(|i| i["state"] == "refused")
        .map(|i| i["reason"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        reasons.iter().filter(|r| *r == "not_newer").count() >= 2,
        "{reasons:?}"
    );
    // the caseworker edits the case (a newer version), the lawyer takes it; an older
    // bundle put back afterwards is refused
    let mut doc: serde_json::Value = serde_json::from_str(&team.field.export(id)).unwrap();
    doc["answers"]["answers"]["interviewer_notes"]["value"] =
        serde_json::json!("Invented, corrected after a second interview.");
    doc["updated_at"] =
        serde_json::json!(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
    let f = team.field.v.dir.parent().unwrap().join("v2.json");
    std::fs::write(&f, doc.to_string()).unwrap();
    team.field.ok(&["case", "import", f.to_str().unwrap()]);
    let old_version = team.field.ok(&["send", id, "--to", CONTACT_LAWYER]);
    let _ = old_version;
    team.field.sync();
    let r = team.lawyer.sync();
    assert_eq!(r["imported"], 1, "{r}");
    let v2 = team.lawyer.export(id);
    for (p, bytes) in &aside {
        // sealed under its own name: put back exactly where it was
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let r = team.lawyer.sync();
    // those names were fetched before: recognised and removed, never opened again
    assert_eq!(
        (r["received"].as_u64(), r["imported"].as_u64()),
        (Some(0), Some(0)),
        "{r}"
    );
    assert_eq!(
        team.lawyer.export(id),
        v2,
        "an older bundle changed the case"
    );

    // 4. the mailbox gone (a sync folder unmounted): exit 1, one line, items stay queued;
    // back again: the next sync finishes
    team.field
        .ok(&["send", id, "--to", CONTACT_COORD, "--status-card"]);
    let moved = shared.path().with_extension("away");
    std::fs::rename(shared.path(), &moved).unwrap();
    let out = team.field.run(&["--json", "sync"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(MAILBOX) && stderr(&out).contains("queued"),
        "{}",
        stderr(&out)
    );
    let queued: Vec<_> = team
        .field
        .outbox()
        .into_iter()
        .filter(|i| i["state"] == "queued")
        .collect();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0]["last_error"], "mailbox_missing");
    std::fs::rename(&moved, shared.path()).unwrap();
    let r = team.field.sync();
    assert_eq!(
        (r["sent"].as_u64(), r["queued"].as_u64()),
        (Some(1), Some(0)),
        "{r}"
    );
    let r = team.coord.sync();
    assert_eq!(r["imported"], 1, "{r}");

    // 5. two syncs at once: the second is refused at once, changes nothing
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(team.field.v.dir.join(waystone::vault::SYNC_LOCK_FILE))
        .unwrap();
    lock.try_lock().unwrap();
    let out = team.field.run(&["sync"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("another sync of this vault is running"),
        "{}",
        stderr(&out)
    );
    lock.unlock().unwrap();
    let r = team.field.sync();
    assert_eq!(r["delivered"], 1, "{r}");
}

#[test]
fn routing_sends_board_changes_by_itself_and_the_filing_comes_back() {
    let shared = tempfile::tempdir().unwrap();
    let team = Team::new(&folder_engine(shared.path()));
    let id = team.case_id.as_str();
    // off by default: a board change queues nothing
    team.field.ok(&["case", "status", id, "interview_complete"]);
    assert!(team.field.outbox().is_empty());
    // routing names contacts pinned in the vault, and only an admin sets it
    let out = team
        .field
        .run(&["routing", "set", "--coordinators", CONTACT_COORD]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    let out = team.field.admin(
        &["routing", "set", "--coordinators", "Nobody-Pinned"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    team.field.admin_ok(
        &[
            "routing",
            "set",
            "--coordinators",
            CONTACT_COORD,
            "--legal-review-to",
            CONTACT_LAWYER,
        ],
        &format!("{PASS}\n"),
    );
    let shown = team.field.lines(&["routing", "show"]);
    assert_eq!(shown[0]["coordinators"][0], CONTACT_COORD, "{shown:?}");

    // legal review: the whole case to the lawyer; the evacuation change: a card to the
    // coordinator (and the status change too)
    team.field.ok(&["case", "status", id, "legal_review"]);
    team.field.ok(&["case", "stage", id, "in_hiding"]);
    let outbox = team.field.outbox();
    let to_lawyer: Vec<_> = outbox
        .iter()
        .filter(|i| i["to"] == CONTACT_LAWYER)
        .collect();
    let to_coord: Vec<_> = outbox.iter().filter(|i| i["to"] == CONTACT_COORD).collect();
    assert_eq!(to_lawyer.len(), 1, "{outbox:?}");
    assert_eq!(to_lawyer[0]["status_card"], false);
    assert_eq!(to_coord.len(), 2, "{outbox:?}");
    assert!(to_coord.iter().all(|i| i["status_card"] == true));
    let r = team.field.sync();
    assert_eq!(r["sent"], 3, "{r}");

    // the coordinator's board follows without anyone sending by hand
    let r = team.coord.sync();
    assert!(r["imported"].as_u64().unwrap() >= 1, "{r}");
    let c = team.coord.board_row(id);
    assert_eq!(
        (c["status"].as_str(), c["stage"].as_str()),
        (Some("legal_review"), Some("in_hiding")),
        "{c}"
    );
    // the lawyer holds the case and routes its own changes back to where it came from
    let r = team.lawyer.sync();
    assert_eq!(r["imported"], 1, "{r}");
    team.lawyer.admin_ok(
        &["routing", "set", "--report-to-origin"],
        &format!("{PASS}\n"),
    );
    team.lawyer.ok(&["case", "status", id, "filing_prepared"]);
    team.lawyer.file_application(id);
    let back: Vec<_> = team
        .lawyer
        .outbox()
        .into_iter()
        .filter(|i| i["to"] == CONTACT_FIELD && i["status_card"] == true)
        .collect();
    assert_eq!(back.len(), 2, "{back:?}");
    team.lawyer.sync();
    team.field.sync();
    let f = team.field.board_row(id);
    assert_eq!(
        (f["status"].as_str(), f["filing"]["number"].as_str()),
        (Some("filed"), Some(APPLICATION)),
        "{f}"
    );
    // receiving routes nothing: the caseworker queued nothing new for the filing
    assert_eq!(team.field.outbox().len(), 3);
    let hits = scan(&files(shared.path()));
    assert!(hits.is_empty(), "the server saw: {hits:?}");
}

#[test]
fn send_queues_several_cases_in_order_and_stops_at_the_first_it_cannot() {
    let shared = tempfile::tempdir().unwrap();
    let team = Team::new(&folder_engine(shared.path()));
    let ids: Vec<String> = team
        .field
        .lines(&["demo", "--cases", "2"])
        .into_iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let list = format!("{},{}", ids[0], ids[1]);
    let queued = team
        .field
        .lines(&["send", &list, "--to", CONTACT_COORD, "--status-card"]);
    let cases: Vec<_> = queued.iter().map(|q| q["case"].clone()).collect();
    assert_eq!(cases, vec![ids[0].clone(), ids[1].clone()]);

    // an unknown case in the middle: an error naming nothing of a case; the one before it
    // stays queued, the one after is not
    let unknown = "00000000-0000-4000-8000-000000000000";
    let list = format!("{},{unknown},{}", team.case_id, ids[0]);
    let out = team
        .field
        .run(&["send", &list, "--to", CONTACT_LAWYER, "--status-card"]);
    assert_ne!(code(&out), 0);
    let to_lawyer: Vec<_> = team
        .field
        .outbox()
        .into_iter()
        .filter(|i| i["to"] == CONTACT_LAWYER)
        .map(|i| i["case"].clone())
        .collect();
    assert_eq!(to_lawyer, vec![serde_json::json!(team.case_id)]);
    let r = team.field.sync();
    assert_eq!(r["sent"], 3, "{r}");
    assert_eq!(team.coord.sync()["imported"], 2);
}
