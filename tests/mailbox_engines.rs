//! The team scenario of tests/mailbox_cli.rs over real servers on loopback, started here
//! with the mailbox crate's helpers (crates/mailbox/tests/common): Apache httpd + mod_dav
//! with basic auth (WebDAV), moto (S3; Garage through scripts/mailbox-garage.sh and
//! `WAYSTONE_MAILBOX_S3_*`), and two Syncthing instances carrying the caseworker's folder to
//! the office's (discovery and relays off). After the scenario every file the server wrote (data, logs) or
//! every object and name it holds is scanned for the case code, a narrative word, user and
//! contact names. WebDAV also loses its server mid-way: items stay queued, the next sync
//! finishes. A missing server fails with its install command unless
//! `WAYSTONE_MAILBOX_SERVERS=optional`. Invented data only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod mailbox_team;
#[path = "../crates/mailbox/tests/common/mod.rs"]
mod servers;

use std::io::{Read, Write};
use std::path::PathBuf;

use common::*;
use mailbox_team::*;

#[test]
fn webdav_mailbox_carries_the_team_scenario_survives_a_restart_and_leaks_nothing() {
    let Some(mut apache) = servers::Apache::start().unwrap() else {
        return;
    };
    let engine = Engine {
        flags: vec!["--webdav".into(), apache.url()],
        env: vec![
            ("WAYSTONE_WEBDAV_USER".into(), servers::DAV_USER.into()),
            (
                "WAYSTONE_WEBDAV_PASSWORD".into(),
                servers::DAV_PASSWORD.into(),
            ),
        ],
    };
    let team = Team::new(&engine);
    let root = apache.dir.path().to_owned();
    let mut seen = scenario(&team, &|| files(&root));

    // the server goes away: exit 1 with one line, the item stays queued; back: delivered
    apache.stop().unwrap();
    team.field
        .ok(&["case", "stage", &team.case_id, "in_shelter"]);
    team.field.ok(&[
        "send",
        &team.case_id,
        "--to",
        CONTACT_LAWYER,
        "--status-card",
    ]);
    let out = team.field.run(&["sync"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("could not be reached"),
        "{}",
        stderr(&out)
    );
    let queued: Vec<_> = team
        .field
        .outbox()
        .into_iter()
        .filter(|i| i["state"] == "queued")
        .collect();
    assert_eq!(
        (queued.len(), queued[0]["last_error"].as_str()),
        (1, Some("unreachable"))
    );
    apache.launch().unwrap();
    let r = team.field.sync();
    assert_eq!(
        (r["sent"].as_u64(), r["queued"].as_u64()),
        (Some(1), Some(0)),
        "{r}"
    );
    seen.extend(files(&root));
    // the lawyer moved the stage too since the last exchange with the caseworker: both sides
    // changed it, so the card is held for a merge, never applied over the lawyer's
    let r = team.lawyer.sync();
    assert_eq!(
        (r["imported"].as_u64(), r["held"].as_u64()),
        (Some(0), Some(1)),
        "{r}"
    );
    let held = team
        .lawyer
        .incoming()
        .into_iter()
        .find(|i| i["state"] == "held" && i["reason"] == "conflict")
        .expect("the card held as a conflict");
    let held_id = held["id"].to_string();
    let cmp = team.lawyer.lines(&["incoming", "compare", &held_id]);
    let rows = cmp[0]["rows"].as_array().unwrap();
    let stage = rows
        .iter()
        .find(|r| r["path"] == "evacuation_stage")
        .expect("the stage differs");
    assert_eq!(stage["theirs"]["value"], "in_shelter", "{stage}");
    let base = cmp[0]["base"].as_str().unwrap();
    team.lawyer.ok(&[
        "incoming",
        "merge",
        &held_id,
        "--base",
        base,
        "--take",
        "evacuation_stage",
    ]);
    let row = team
        .lawyer
        .lines(&["case", "list"])
        .into_iter()
        .find(|c| c["id"] == team.case_id.as_str())
        .unwrap();
    assert_eq!(row["stage"], "in_shelter", "{row}");
    let r = team.field.sync();
    assert_eq!(r["delivered"], 1, "{r}");
    seen.extend(files(&root));

    let logs: Vec<_> = seen.iter().filter(|(n, _)| n.starts_with("logs")).collect();
    assert!(!logs.is_empty(), "no server log was scanned");
    let hits = scan(&seen);
    assert!(hits.is_empty(), "the WebDAV server saw: {hits:?}");
}

/// One unsigned GET to moto (it checks no signature), the body as bytes.
fn get(port: u16, path: &str) -> Vec<u8> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let at = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    all[at..].to_vec()
}

/// Every object moto holds in the bucket: its key and bytes.
fn bucket_objects(server: &servers::S3Server) -> Vec<(PathBuf, Vec<u8>)> {
    let listing =
        String::from_utf8(get(server.port, &format!("/{}?list-type=2", server.bucket))).unwrap();
    let mut out = vec![(PathBuf::from("listing.xml"), listing.clone().into_bytes())];
    for part in listing.split("<Key>").skip(1) {
        let key = part.split("</Key>").next().unwrap();
        out.push((
            PathBuf::from(key),
            get(server.port, &format!("/{}/{key}", server.bucket)),
        ));
    }
    out
}

#[test]
fn s3_mailbox_carries_the_team_scenario_and_leaks_nothing() {
    let Some(server) = servers::S3Server::start().unwrap() else {
        return;
    };
    let engine = Engine {
        flags: vec![
            "--s3".into(),
            server.endpoint.clone(),
            "--bucket".into(),
            server.bucket.clone(),
            "--region".into(),
            server.region.clone(),
        ],
        env: vec![
            (
                "WAYSTONE_S3_ACCESS_KEY_ID".into(),
                server.access_key_id.clone(),
            ),
            (
                "WAYSTONE_S3_SECRET_ACCESS_KEY".into(),
                server.secret_access_key.clone(),
            ),
        ],
    };
    let team = Team::new(&engine);
    let snapshot = || {
        if server.is_ours() {
            bucket_objects(&server)
        } else {
            vec![]
        }
    };
    let seen = scenario(&team, &snapshot);
    if server.is_ours() {
        assert!(
            seen.iter().any(|(n, _)| n.components().count() == 2),
            "no object was scanned"
        );
    }
    let hits = scan(&seen);
    assert!(hits.is_empty(), "the S3 server saw: {hits:?}");
    assert!(
        snapshot()
            .iter()
            .all(|(n, _)| n == &PathBuf::from("listing.xml")),
        "objects left behind"
    );
}

#[test]
fn syncthing_carries_the_team_scenario_between_two_laptops_folders_and_leaks_nothing() {
    let Some(st) = servers::Syncthing::start().unwrap() else {
        return;
    };
    let folder = |p: &std::path::Path| Engine {
        flags: vec!["--folder".into(), p.to_string_lossy().into_owned()],
        env: vec![],
    };
    let team = Team::with_engines(&folder(&st.a.folder), &folder(&st.b.folder));
    // what the "server" holds: both folders, both Syncthing homes (index database, config,
    // log), after the two sides converged
    let snapshot = || {
        st.settle(std::time::Duration::from_secs(60)).unwrap();
        let mut all = Vec::new();
        for (tag, dir) in [
            ("a-folder", &st.a.folder),
            ("b-folder", &st.b.folder),
            ("a-home", &st.a.home),
            ("b-home", &st.b.home),
        ] {
            all.extend(
                files(dir)
                    .into_iter()
                    .map(|(n, b)| (PathBuf::from(tag).join(n), b)),
            );
        }
        all
    };
    let seen = scenario(&team, &snapshot);
    assert!(
        seen.iter()
            .any(|(n, _)| n.starts_with("b-folder") && !n.to_string_lossy().contains(".stfolder")),
        "nothing reached the office's folder"
    );
    let hits = scan(&seen);
    assert!(
        hits.is_empty(),
        "Syncthing's folders or homes hold: {hits:?}"
    );
}
