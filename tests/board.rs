//! The case board: search, roles (a coordinator never gets testimony or identity), workflow,
//! evacuation changes with history, registry duplicates, dashboard. Invented data only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone::board::{Filing, Status};
use waystone::crypto::{Passphrase, KDF_FLOOR};
use waystone::desk::BoardQuery;
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::vault::{Role, Vault, VaultError};

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}

/// A vault with an admin (ana), a caseworker (cw), a lawyer (lev), a coordinator (co), and
/// `n` demo cases created by the caseworker.
fn org(n: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("v");
    let (mut admin, _) =
        Vault::create(&dir, "ana", Role::Admin, &Passphrase::new(PASS), KDF_FLOOR).unwrap();
    admin
        .add_user("cw", Role::Caseworker, &Passphrase::new(PASS2))
        .unwrap();
    admin
        .add_user("lev", Role::Lawyer, &Passphrase::new(PASS3))
        .unwrap();
    admin
        .add_user(
            "co",
            Role::Coordinator,
            &Passphrase::new("quiet river lantern ninety"),
        )
        .unwrap();
    drop(admin);
    let mut cw = Vault::unlock(&dir, Some("cw"), &Passphrase::new(PASS2)).unwrap();
    waystone::demo::add_demo_cases(&mut cw, &waystone::forms::latest_intake(), n, 11).unwrap();
    (t, dir)
}

fn as_user(dir: &std::path::Path, user: &str) -> Vault {
    let pass = match user {
        "ana" => PASS,
        "cw" => PASS2,
        "lev" => PASS3,
        _ => "quiet river lantern ninety",
    };
    Vault::unlock(dir, Some(user), &Passphrase::new(pass)).unwrap()
}

/// The ids of every case on `v`'s board, in the board's order.
fn board_ids(v: &Vault) -> Vec<String> {
    v.board(&BoardQuery {
        limit: u32::MAX,
        ..Default::default()
    })
    .unwrap()
    .rows
    .into_iter()
    .map(|r| r.summary.id)
    .collect()
}

#[test]
fn a_word_from_a_narrative_finds_its_case_through_the_cli() {
    let v = TestVault::new();
    v.init();
    assert_eq!(
        code(&v.run(
            &["demo", "--cases", "30", "--seed", "2"],
            &format!("{PASS}\n")
        )),
        0
    );
    let mut vault = Vault::unlock(&v.dir, None, &Passphrase::new(PASS)).unwrap();
    let cases = vault.list_cases(&Default::default()).unwrap();
    let target = &cases[7];
    let answers = vault
        .readable(&target.id)
        .and_then(|mut g| g.case())
        .unwrap()
        .answers;
    let Some(Answer::Value(Value::Text(narrative))) = answers.get(&p("narrative")) else {
        panic!("no narrative")
    };
    // the demo number is unique to the case: "Демо-номер 12." / "Demo number 12."
    let word = narrative
        .split_whitespace()
        .last()
        .unwrap()
        .trim_end_matches('.')
        .to_owned();
    drop(vault);
    // add a unique word to one case and find it, in another grammatical form and with ё
    let mut vault = Vault::unlock(&v.dir, None, &Passphrase::new(PASS)).unwrap();
    vault
        .writable(&target.id)
        .and_then(|mut g| {
            g.save_answer(
                &p("narrative"),
                Some(Answer::Value(Value::Text(format!(
                    "{narrative} Нас держали в ёлочном подвале-{word}."
                )))),
            )
        })
        .unwrap();
    drop(vault);
    for query in ["ёлочный", "елочном", "ЁЛОЧНОГО"] {
        let out = v.run(&["search", query, "--json"], &format!("{PASS}\n"));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let ids: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(ids, vec![target.id.clone()], "query {query}");
    }
    let out = v.run(
        &["search", "zzzz-nothing-like-this", "--json"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0);
    assert!(out.stdout.is_empty());
}

#[test]
fn a_coordinator_sees_the_board_but_never_testimony_or_identity() {
    let (_t, dir) = org(6);
    let mut co = as_user(&dir, "co");
    let page = co.board(&BoardQuery::default()).unwrap();
    assert_eq!(page.total, 6);
    let id = page.rows[0].summary.id.clone();
    assert!(matches!(
        co.readable(&id).and_then(|mut g| g.case()),
        Err(VaultError::Forbidden)
    ));
    assert!(matches!(
        co.readable(&id).and_then(|mut g| g.interview()),
        Err(VaultError::Forbidden)
    ));
    assert!(matches!(
        co.readable(&id).and_then(|mut g| g.export()),
        Err(VaultError::Forbidden)
    ));
    assert!(matches!(
        co.readable(&id).and_then(|g| g.history()),
        Err(VaultError::Forbidden)
    ));
    assert!(matches!(
        co.readable(&id).and_then(|g| g.attachments()),
        Err(VaultError::Forbidden)
    ));
    assert!(matches!(co.registry(), Err(VaultError::Forbidden)));
    assert!(matches!(
        co.writable(&id)
            .and_then(|mut g| g.save_answer(&p("narrative"), Some(Answer::Declined))),
        Err(VaultError::Forbidden)
    ));
    assert!(matches!(
        co.board(&BoardQuery {
            text: Some("подвал".into()),
            ..Default::default()
        }),
        Err(VaultError::Forbidden)
    ));
    // searching by code works, by testimony finds nothing
    let code_hit = co.search(&page.rows[0].summary.code).unwrap();
    assert_eq!(code_hit.len(), 1);
    assert!(co.search("Grozny").unwrap().is_empty());
    let d = co.dashboard().unwrap();
    assert!(d.per_perpetrator.is_empty() && d.per_site.is_empty());
    assert_eq!(d.by_stage.iter().map(|x| x.1).sum::<u32>(), 6);
    // events are workflow facts, readable
    co.set_evacuation(&id, "relocated", Some("2020-01-01"))
        .unwrap();
    assert!(co.case_events(&id).unwrap()[0].detail.contains("relocated"));
}

#[test]
fn coordinator_export_exits_5_in_the_cli() {
    let v = TestVault::new();
    v.init();
    assert_eq!(
        code(&v.run(&["demo", "--cases", "2"], &format!("{PASS}\n"))),
        0
    );
    let out = v.run(
        &[
            "--user",
            "ana",
            "user",
            "add",
            "co",
            "--role",
            "coordinator",
        ],
        &format!("{PASS}\n{PASS2}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = v.run(
        &["--user", "co", "case", "list", "--json"],
        &format!("{PASS2}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let first = String::from_utf8(out.stdout).unwrap();
    let id = serde_json::from_str::<serde_json::Value>(first.lines().next().unwrap()).unwrap()
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = v.run(
        &["--user", "co", "case", "export", &id],
        &format!("{PASS2}\n"),
    );
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn caseworkers_and_lawyers_see_only_their_cases() {
    let (_t, dir) = org(3);
    let mut ana = as_user(&dir, "ana");
    let ids = board_ids(&ana);
    let mut lev = as_user(&dir, "lev");
    assert_eq!(lev.board(&BoardQuery::default()).unwrap().total, 0);
    assert!(matches!(
        lev.readable(&ids[0]).and_then(|mut g| g.case()),
        Err(VaultError::Forbidden)
    ));
    drop(lev);
    ana.assign(&ids[0], Some("cw"), Some("lev")).unwrap();
    assert!(
        matches!(
            ana.assign(&ids[0], Some("lev"), None),
            Err(VaultError::Invalid(_))
        ),
        "lev is no caseworker"
    );
    let mut lev = as_user(&dir, "lev");
    assert_eq!(lev.board(&BoardQuery::default()).unwrap().total, 1);
    assert!(lev.readable(&ids[0]).and_then(|mut g| g.case()).is_ok());
    assert!(matches!(
        lev.assign(&ids[1], None, Some("lev")),
        Err(VaultError::Forbidden)
    ));
}

#[test]
fn the_workflow_allows_only_its_transitions_and_records_them() {
    let (_t, dir) = org(1);
    let mut cw = as_user(&dir, "cw");
    let id = cw.list_cases(&Default::default()).unwrap()[0].id.clone();
    assert!(matches!(
        cw.change_status(&id, Status::Filed, None),
        Err(VaultError::Invalid(_))
    ));
    cw.change_status(&id, Status::InterviewComplete, None)
        .unwrap();
    cw.change_status(&id, Status::LegalReview, None).unwrap();
    cw.change_status(&id, Status::FilingPrepared, None).unwrap();
    assert!(
        matches!(
            cw.change_status(&id, Status::Filed, None),
            Err(VaultError::Invalid(_))
        ),
        "filing details required"
    );
    let filing = Filing {
        body: "ECtHR".into(),
        number: "12345/24".into(),
        date: "2024-05-02".into(),
    };
    cw.change_status(&id, Status::Filed, Some(filing.clone()))
        .unwrap();
    let row = cw.board(&BoardQuery::default()).unwrap().rows.remove(0);
    assert_eq!(row.summary.status, "filed");
    assert_eq!(row.filing, Some(filing));
    let events = cw.case_events(&id).unwrap();
    assert_eq!(events.len(), 4);
    assert!(events[0].detail.contains("12345/24") && events.iter().all(|e| e.by == "cw"));
}

#[test]
fn the_board_filters_and_puts_overdue_and_high_risk_first() {
    let (_t, dir) = org(25);
    let mut co = as_user(&dir, "co");
    let all = co
        .board(&BoardQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.total, 25);
    let in_shelter = co
        .board(&BoardQuery {
            stage: Some("in_shelter".into()),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert!(
        in_shelter.total > 0
            && in_shelter
                .rows
                .iter()
                .all(|r| r.summary.stage.as_deref() == Some("in_shelter"))
    );
    // make one follow-up overdue: it comes first
    let last = all.rows.last().unwrap().summary.id.clone();
    co.set_evacuation(&last, "in_transit", Some("2001-01-01"))
        .unwrap();
    let page = co
        .board(&BoardQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    let first_calm = page
        .rows
        .iter()
        .position(|r| !r.overdue)
        .unwrap_or(page.rows.len());
    assert!(
        page.rows[first_calm..].iter().all(|r| !r.overdue),
        "overdue follow-ups come first"
    );
    assert!(page.rows[..first_calm].iter().any(|r| r.summary.id == last));
    let overdue = co
        .board(&BoardQuery {
            overdue_only: true,
            ..Default::default()
        })
        .unwrap();
    assert!(
        overdue.rows.iter().all(|r| r.overdue) && overdue.rows.iter().any(|r| r.summary.id == last)
    );
    // within each group, risk decides
    for group in [&page.rows[..first_calm], &page.rows[first_calm..]] {
        let ranks: Vec<u8> = group
            .iter()
            .map(|r| waystone::board::risk_rank(r.risk.as_deref()))
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
    }
    let small = co
        .board(&BoardQuery {
            limit: 5,
            offset: 5,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(small.rows.len(), 5);
    assert_eq!(small.rows[0].summary.id, page.rows[5].summary.id);
    // a caseworker sees the coordinator's change in the history
    drop(co);
    let mut cw = as_user(&dir, "cw");
    let history = cw.readable(&last).and_then(|g| g.history()).unwrap();
    assert!(history
        .iter()
        .any(|h| h.path == "evacuation_stage" && h.by == "co"));
    assert!(cw
        .case_events(&last)
        .unwrap()
        .iter()
        .any(|e| e.kind == "stage" && e.by == "co"));
}

#[test]
fn the_registry_groups_perpetrators_and_suggests_spellings_for_a_person_to_decide() {
    let (_t, dir) = org(20);
    let mut ana = as_user(&dir, "ana");
    let ids: Vec<String> = ana
        .list_cases(&Default::default())
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    // the same invented officer written three ways in three cases
    for (id, name) in ids
        .iter()
        .zip(["Вахид Дадаев", "Vakhid Dadaev", "Vakhid Dadayev"])
    {
        ana.writable(id)
            .and_then(|mut g| {
                g.save_answer(
                    &p("perpetrators[0].name"),
                    Some(Answer::Value(Value::Text(name.into()))),
                )
            })
            .unwrap();
    }
    let entries = ana.registry().unwrap();
    let recurring = entries
        .iter()
        .filter(|e| e.kind == "perpetrator" && e.links.len() > 1)
        .count();
    assert!(recurring > 0, "demo perpetrators recur across cases");
    let suggestions = ana.registry_suggestions().unwrap();
    let dadaev: Vec<_> = suggestions
        .iter()
        .filter(|s| {
            s.names_a
                .iter()
                .chain(&s.names_b)
                .any(|n| n.contains("Дадаев") || n.contains("Dadaev") || n.contains("Dadayev"))
        })
        .collect();
    assert!(!dadaev.is_empty(), "{suggestions:?}");
    for s in &dadaev {
        ana.decide_duplicate(&s.kind, &s.key_a, &s.key_b, true)
            .unwrap();
    }
    let merged = ana
        .registry()
        .unwrap()
        .into_iter()
        .find(|e| e.names.iter().any(|n| n == "Вахид Дадаев"))
        .unwrap();
    assert_eq!(merged.links.len(), 3, "{:?}", merged.names);
    assert!(ana
        .registry_suggestions()
        .unwrap()
        .iter()
        .all(|s| !s.names_a.iter().any(|n| n.contains("Dadaev"))));
    let d = ana.dashboard().unwrap();
    assert!(!d.per_perpetrator.is_empty() && !d.detentions_per_month.is_empty());
}

/// A text search is answered by a different query shape from the plain board (the index's
/// matches joined to their cases); both must order and page the same way, and agree on the
/// count, for every role.
#[test]
fn text_search_pages_agree_with_the_whole_board() {
    let (_t, dir) = org(40);
    let ids = |page: waystone::desk::BoardPage| -> Vec<String> {
        page.rows.into_iter().map(|r| r.summary.id).collect()
    };
    for user in ["ana", "cw", "lev"] {
        let v = as_user(&dir, user);
        let everything = board_ids(&v);
        let mut found_any = false;
        for text in ["подвал", "Grozny", "zzzz-nothing-like-this"] {
            let query = |offset: u32, limit: u32| BoardQuery {
                text: Some(text.into()),
                offset,
                limit,
                ..Default::default()
            };
            let all = v.board(&query(0, u32::MAX)).unwrap();
            assert_eq!(all.total as usize, all.rows.len(), "{user} {text}");
            let matched = ids(all);
            found_any |= !matched.is_empty();
            // the matches, in the order of the whole board
            let expected: Vec<String> = everything
                .iter()
                .filter(|id| matched.contains(id))
                .cloned()
                .collect();
            assert_eq!(matched, expected, "{user} {text}: order");
            // pages of 7 put together are the same list
            let mut paged = Vec::new();
            for offset in (0..matched.len() as u32 + 7).step_by(7) {
                let page = v.board(&query(offset, 7)).unwrap();
                assert_eq!(page.total as usize, matched.len(), "{user} {text}: total");
                paged.extend(ids(page));
            }
            assert_eq!(paged, matched, "{user} {text}: pages");
        }
        if user != "lev" {
            assert!(found_any, "{user}: the demo narratives mention a basement");
        }
    }
}

/// A saved answer marks its case's search row stale; the next search rewrites it, even in a
/// later session after the vault was closed without settling (as after a crash).
#[test]
fn a_saved_word_is_found_by_the_next_search_even_after_a_restart() {
    let (_t, dir) = org(3);
    let mut cw = as_user(&dir, "cw");
    let id = cw.board(&BoardQuery::default()).unwrap().rows[0]
        .summary
        .id
        .clone();
    let found = |v: &Vault, word: &str| -> Vec<String> {
        v.search(word).unwrap().into_iter().map(|s| s.id).collect()
    };
    // invented words, in no demo narrative
    assert!(found(&cw, "квазиландыш").is_empty());
    cw.writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &p("interviewer_notes"),
                Some(Answer::Value(Value::Text(
                    "Synthetic note: квазиландыш".into(),
                ))),
            )
        })
        .unwrap();
    assert_eq!(found(&cw, "квазиландыш"), vec![id.clone()]);
    cw.writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &p("interviewer_notes"),
                Some(Answer::Value(Value::Text(
                    "Synthetic note: псевдовереск".into(),
                ))),
            )
        })
        .unwrap();
    drop(cw); // closed without settling: the mark is in the database
    let cw = as_user(&dir, "cw");
    assert_eq!(found(&cw, "псевдовереск"), vec![id]);
    assert!(found(&cw, "квазиландыш").is_empty(), "the old text is gone");
}

/// Two sessions on one vault (the app and the CLI): saves in one while the other searches —
/// which now writes, rewriting stale search rows — must all succeed. With deferred
/// transactions a save that read before the search's commit failed with "database busy".
#[test]
fn saves_in_one_session_survive_searches_in_another() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Barrier};
    let (_t, dir) = org(12);
    let ids = board_ids(&as_user(&dir, "cw"));
    let done = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(2));
    let writer = {
        let (dir, done, start) = (dir.clone(), done.clone(), start.clone());
        std::thread::spawn(move || {
            let mut w = as_user(&dir, "cw");
            start.wait();
            let failed = (0..150)
                .filter(|n| {
                    let id = &ids[n % ids.len()];
                    let note = Answer::Value(Value::Text(format!("Synthetic note {n}")));
                    w.writable(id)
                        .and_then(|mut g| g.save_answer(&p("interviewer_notes"), Some(note)))
                        .is_err()
                })
                .count();
            done.store(true, Ordering::SeqCst);
            failed
        })
    };
    let reader = as_user(&dir, "cw");
    start.wait();
    let mut searches = 0;
    while !done.load(Ordering::SeqCst) {
        reader.search("note").unwrap();
        searches += 1;
    }
    assert_eq!(
        writer.join().unwrap(),
        0,
        "saves failed beside {searches} searches"
    );
    assert!(searches > 0);
}

/// The idle settle works in bounded steps: 40 stale cases take two steps of 32, and the
/// search finds what they say either way.
#[test]
fn settling_is_done_in_bounded_steps() {
    let (_t, dir) = org(40);
    let mut cw = as_user(&dir, "cw");
    let ids = board_ids(&cw);
    assert_eq!(ids.len(), 40);
    assert!(cw.settle_step(32).unwrap(), "nothing stale after the demo");
    for id in &ids {
        let note = Answer::Value(Value::Text("Synthetic note: полуночник".into()));
        cw.writable(id)
            .and_then(|mut g| g.save_answer(&p("interviewer_notes"), Some(note)))
            .unwrap();
    }
    assert!(!cw.settle_step(32).unwrap(), "32 of 40 rewritten");
    assert!(
        cw.settle_step(32).unwrap(),
        "the last 8, then the checkpoint"
    );
    assert_eq!(cw.search("полуночник").unwrap().len(), 40);
}

/// The interviews list asks for the most recent cases only: for every role, a limited list
/// is the start of the whole one, which holds exactly what the board lets that role list.
#[test]
fn a_limited_case_list_is_the_start_of_the_whole_one() {
    use waystone::casework::CaseFilter;
    let (_t, dir) = org(15);
    let mut admin = as_user(&dir, "ana");
    let id = admin.list_cases(&CaseFilter::default()).unwrap()[3]
        .id
        .clone();
    admin.assign(&id, None, Some("lev")).unwrap();
    drop(admin);
    for (user, expected) in [("ana", 15), ("cw", 15), ("lev", 1), ("co", 15)] {
        let v = as_user(&dir, user);
        let all = v.list_cases(&CaseFilter::default()).unwrap();
        assert_eq!(all.len(), expected, "{user}");
        let mut on_board = board_ids(&v);
        let mut listed: Vec<String> = all.iter().map(|c| c.id.clone()).collect();
        on_board.sort();
        listed.sort();
        assert_eq!(listed, on_board, "{user}: the same cases as the board");
        assert!(
            all.windows(2).all(|w| w[0].updated_at >= w[1].updated_at),
            "{user}: most recent first"
        );
        let five = v
            .list_cases(&CaseFilter {
                limit: Some(5),
                ..Default::default()
            })
            .unwrap();
        let start: Vec<_> = all.iter().take(5).map(|c| &c.id).collect();
        assert_eq!(
            five.iter().map(|c| &c.id).collect::<Vec<_>>(),
            start,
            "{user}"
        );
    }
}

#[test]
fn the_demo_vault_has_a_team_and_every_case_a_caseworker() {
    use waystone::demo::{create_demo_vault, DEMO_PASSPHRASE, DEMO_TEAM};
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("demo");
    create_demo_vault(&dir, 6, 1).unwrap();
    for (name, _) in DEMO_TEAM {
        Vault::unlock(&dir, Some(name), &Passphrase::new(DEMO_PASSPHRASE)).unwrap();
    }
    let co = Vault::unlock(
        &dir,
        Some(DEMO_TEAM[2].0),
        &Passphrase::new(DEMO_PASSPHRASE),
    )
    .unwrap();
    let rows = co
        .board(&BoardQuery {
            limit: u32::MAX,
            ..Default::default()
        })
        .unwrap()
        .rows;
    assert_eq!(rows.len(), 6);
    assert!(rows
        .iter()
        .all(|r| r.assignment.caseworker.as_deref() == Some(DEMO_TEAM[0].0)));
    let with_lawyer = rows
        .iter()
        .filter(|r| r.assignment.lawyer.as_deref() == Some(DEMO_TEAM[1].0))
        .count();
    assert_eq!(with_lawyer, 2);
}
