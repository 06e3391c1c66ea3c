//! The board written out (issue 18, the coordinator's desk): every case the board shows for a
//! query — more than one page — with the dashboard's counts, as CSV (read back) and PDF (read
//! back with pdftotext), in English and Russian; status fields only, so a survivor's name and
//! a planted testimony marker never appear; a role sees only its own board; the CLI writes a
//! new file and never over one. Invented cases only (the demo generator).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use waystone::crypto::Passphrase;
use waystone::desk::{BoardFormat, BoardQuery};
use waystone::forms::{Answer, Value};
use waystone::render::Lang;
use waystone::vault::{Role, Vault};

use common::*;

/// Invented; planted in a narrative: it must never leave through the board.
const MARK: &str = "Quorvalenthisk";

fn text_of(v: &mut Vault, id: &str, path: &str) -> Option<String> {
    let case = v.readable(id).unwrap().case().unwrap();
    match case.answers.get(&path.parse().unwrap()) {
        Some(Answer::Value(Value::Text(s))) => Some(s.clone()),
        _ => None,
    }
}

/// The CSV's case rows (between the header line and the blank line before the dashboard).
fn case_rows(csv: &str) -> Vec<Vec<String>> {
    csv.split("\r\n")
        .skip(2)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_board_exports_every_matching_case_with_status_fields_only() {
    let t = tempfile::tempdir().unwrap();
    let (mut v, _) = vault_in(t.path(), "ana");
    let cases =
        waystone::demo::add_demo_cases(&mut v, &waystone::forms::latest_intake(), 60, 9).unwrap();
    let first = cases[0].id.clone();
    v.writable(&first)
        .unwrap()
        .save_answer(
            &"narrative".parse().unwrap(),
            Some(Answer::Value(Value::Text(format!(
                "{MARK}, an invented account"
            )))),
        )
        .unwrap();
    let names: Vec<String> = cases
        .iter()
        .take(10)
        .filter_map(|c| text_of(&mut v, &c.id, "name_cyrillic"))
        .collect();
    assert!(!names.is_empty(), "the demo cases carry invented names");

    let all = v
        .board(&BoardQuery {
            limit: 50,
            ..BoardQuery::default()
        })
        .unwrap();
    assert_eq!(all.total, 60);
    assert_eq!(all.rows.len(), 50, "the board pages");
    let csv = v
        .export_board(
            &BoardQuery::default(),
            Lang::En,
            BoardFormat::Csv,
            "2026-12-07",
        )
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("# Case board,"), "{csv}");
    assert!(csv.contains("Exported 2026-12-07 by ana. 60 cases. Filters: none."));
    assert!(csv.contains("\r\nCase,Status,Filing,Evacuation stage,Risk,Next follow-up,Due date,Caseworker,Lawyer\r\n"));
    let rows = case_rows(&csv);
    assert_eq!(rows.len(), 60, "every case, not one page");
    let codes: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    for c in &cases {
        assert!(codes.contains(&c.code.as_str()), "{} missing", c.code);
    }
    // in the board's order: the first page's rows first
    let page: Vec<&str> = all.rows.iter().map(|r| r.summary.code.as_str()).collect();
    assert_eq!(&codes[..50], &page[..]);
    assert!(csv.contains("\r\n# Dashboard\r\nCount of,Value,Cases\r\n"));
    for leak in names.iter().map(String::as_str).chain([MARK]) {
        assert!(!csv.contains(leak), "the CSV holds testimony: {leak}");
    }

    // a filter narrows the rows (and says what kind it was), the counts stay the dashboard's
    let stage = all.rows[0].summary.stage.clone().unwrap();
    let q = BoardQuery {
        stage: Some(stage.clone()),
        text: Some(MARK.into()),
        ..BoardQuery::default()
    };
    let expected = v
        .board(&BoardQuery {
            limit: 1000,
            ..q.clone()
        })
        .unwrap()
        .total;
    let csv = String::from_utf8(
        v.export_board(&q, Lang::Ru, BoardFormat::Csv, "2026-12-07")
            .unwrap(),
    )
    .unwrap();
    assert_eq!(case_rows(&csv).len() as u32, expected);
    assert!(csv.contains(
        "\r\nДело,Статус,Подача,Этап эвакуации,Риск,Следующий контакт,Срок,Кейс-менеджер,Юрист\r\n"
    ));
    assert!(csv.contains("поиск по показаниям (слова поиска здесь не повторяются)"));
    assert!(!csv.contains(MARK), "a searched word is not repeated");

    let pdf = v
        .export_board(
            &BoardQuery::default(),
            Lang::En,
            BoardFormat::Pdf,
            "2026-12-07",
        )
        .unwrap();
    let text = squash(&pdf_text(&pdf));
    assert!(text.contains("Case board"), "{text}");
    // a narrow table cell may break a code at its hyphen
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for c in &cases {
        assert!(joined.contains(&c.code), "{} not in the PDF", c.code);
    }
    assert!(text.contains("Dashboard"));
    for leak in names.iter().map(String::as_str).chain([MARK]) {
        assert!(!text.contains(leak), "the PDF holds testimony: {leak}");
    }
}

#[test]
fn a_caseworker_exports_only_the_cases_their_board_shows() {
    let t = tempfile::tempdir().unwrap();
    let (mut v, _) = vault_in(t.path(), "ana");
    v.add_user("cw", Role::Caseworker, &Passphrase::new(PASS2))
        .unwrap();
    let cases =
        waystone::demo::add_demo_cases(&mut v, &waystone::forms::latest_intake(), 5, 3).unwrap();
    v.assign(&cases[1].id, Some("cw"), None).unwrap();
    drop(v);
    let cw = Vault::unlock(&t.path().join("ana"), Some("cw"), &Passphrase::new(PASS2)).unwrap();
    let csv = String::from_utf8(
        cw.export_board(
            &BoardQuery::default(),
            Lang::En,
            BoardFormat::Csv,
            "2026-12-07",
        )
        .unwrap(),
    )
    .unwrap();
    let rows = case_rows(&csv);
    assert_eq!(rows.len(), 1, "{csv}");
    assert_eq!(rows[0][0], cases[1].code);
    assert_eq!(rows[0][7], "cw");
    for other in cases.iter().filter(|c| c.id != cases[1].id) {
        assert!(
            !csv.contains(&other.code),
            "another caseworker's case: {}",
            other.code
        );
    }
}

#[test]
fn the_cli_writes_a_new_file_and_never_over_one() {
    let v = TestVault::new();
    v.init();
    let out = v.run(
        &["demo", "--cases", "3", "--seed", "4"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = v.dir.parent().unwrap().join("board.csv");
    let args = [
        "report", "board", "--format", "csv", "--lang", "ru", "--out",
    ];
    let run = |extra: &[&str]| {
        let mut a: Vec<&str> = args.to_vec();
        a.push(file.to_str().unwrap());
        a.extend_from_slice(extra);
        v.run(&a, &format!("{PASS}\n"))
    };
    let out = run(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# Доска дел,"));
    assert_eq!(case_rows(&written).len(), 3);
    let out = run(&[]);
    assert_eq!(code(&out), 6, "an existing file: {}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        written,
        "left as it was"
    );
    let other = v.dir.parent().unwrap().join("other.csv");
    for bad in [
        vec!["--format", "xlsx"],
        vec!["--format", "csv", "--status", "lost"],
        vec!["--format", "csv", "--lang", "fr"],
    ] {
        let mut a: Vec<&str> = vec!["report", "board", "--out", other.to_str().unwrap()];
        a.extend_from_slice(&bad);
        let out = v.run(&a, &format!("{PASS}\n"));
        assert_eq!(code(&out), 6, "{bad:?}: {}", stderr(&out));
        assert!(!other.exists());
    }
}

/// The dashboard export's count rows: "what is counted" → value → cases.
fn count_rows(csv: &str) -> Vec<(String, String, u32)> {
    csv.split("\r\n")
        .skip(2)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0].to_owned(), c[1].to_owned(), c[2].parse().unwrap())
        })
        .collect()
}

#[test]
fn the_dashboard_exports_its_counts_and_nothing_else() {
    let t = tempfile::tempdir().unwrap();
    let (mut v, _) = vault_in(t.path(), "ana");
    v.add_user("cw", Role::Caseworker, &Passphrase::new(PASS2))
        .unwrap();
    let cases =
        waystone::demo::add_demo_cases(&mut v, &waystone::forms::latest_intake(), 12, 5).unwrap();
    v.writable(&cases[0].id)
        .unwrap()
        .save_answer(
            &"narrative".parse().unwrap(),
            Some(Answer::Value(Value::Text(format!("{MARK}, invented")))),
        )
        .unwrap();
    let names: Vec<String> = cases
        .iter()
        .filter_map(|c| text_of(&mut v, &c.id, "name_cyrillic"))
        .collect();
    let d = v.dashboard().unwrap();
    let csv = String::from_utf8(
        v.export_dashboard(Lang::En, BoardFormat::Csv, "2026-12-07")
            .unwrap(),
    )
    .unwrap();
    assert!(csv.starts_with("# Dashboard,"), "{csv}");
    assert!(csv.contains("Exported 2026-12-07 by ana. Counts over the 12 cases"));
    assert!(csv.contains("\r\nCount of,Value,Cases\r\n"));
    let rows = count_rows(&csv);
    // the counts are the dashboard's, read back
    let by_status: u32 = rows.iter().filter(|r| r.0 == "Status").map(|r| r.2).sum();
    let by_stage: u32 = rows
        .iter()
        .filter(|r| r.0 == "Evacuation stage")
        .map(|r| r.2)
        .sum();
    assert_eq!((by_status, by_stage), (12, 12), "{csv}");
    assert_eq!(
        rows.iter().filter(|r| r.0 == "Status").count(),
        d.by_status.len()
    );
    let overdue = rows.iter().find(|r| r.0 == "Follow-up").unwrap();
    assert_eq!(overdue.2 as usize, d.overdue.len());
    let months: Vec<(String, u32)> = rows
        .iter()
        .filter(|r| r.0 == "Detentions per month")
        .map(|r| (r.1.clone(), r.2))
        .collect();
    assert_eq!(months, d.detentions_per_month);
    // counts only: no case code, name, testimony, perpetrator or site
    for leak in cases
        .iter()
        .map(|c| c.code.as_str())
        .chain(names.iter().map(String::as_str))
        .chain([MARK])
        .chain(d.per_perpetrator.iter().map(|(p, _)| p.as_str()))
        .chain(d.per_site.iter().map(|(s, _)| s.as_str()))
    {
        assert!(!csv.contains(leak), "the dashboard CSV holds {leak}");
    }
    // Russian, and the PDF read back
    let ru = String::from_utf8(
        v.export_dashboard(Lang::Ru, BoardFormat::Csv, "2026-12-07")
            .unwrap(),
    )
    .unwrap();
    assert!(ru.starts_with("# Сводка,"));
    assert!(ru.contains("\r\nЧто считается,Значение,Дел\r\n"));
    let pdf = v
        .export_dashboard(Lang::En, BoardFormat::Pdf, "2026-12-07")
        .unwrap();
    let text = squash(&pdf_text(&pdf));
    assert!(
        text.contains("Dashboard") && text.contains("Detentions per month"),
        "{text}"
    );
    assert!(!text.contains(MARK));

    // a caseworker's dashboard counts only the cases their board shows
    v.assign(&cases[3].id, Some("cw"), None).unwrap();
    drop(v);
    let cw = Vault::unlock(&t.path().join("ana"), Some("cw"), &Passphrase::new(PASS2)).unwrap();
    let csv = String::from_utf8(
        cw.export_dashboard(Lang::En, BoardFormat::Csv, "2026-12-07")
            .unwrap(),
    )
    .unwrap();
    let total: u32 = count_rows(&csv)
        .iter()
        .filter(|r| r.0 == "Status")
        .map(|r| r.2)
        .sum();
    assert_eq!(total, 1, "{csv}");
}

#[test]
fn the_cli_writes_the_dashboard_to_a_new_file() {
    let v = TestVault::new();
    v.init();
    let out = v.run(
        &["demo", "--cases", "4", "--seed", "8"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = v.dir.parent().unwrap().join("dashboard.csv");
    let run = |extra: &[&str]| {
        let mut a = vec!["report", "dashboard", "--out", file.to_str().unwrap()];
        a.extend_from_slice(extra);
        v.run(&a, &format!("{PASS}\n"))
    };
    let out = run(&["--format", "csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# Dashboard,"));
    let total: u32 = count_rows(&written)
        .iter()
        .filter(|r| r.0 == "Status")
        .map(|r| r.2)
        .sum();
    assert_eq!(total, 4);
    // never over an existing file; bad values refused before anything is written
    let out = run(&["--format", "csv"]);
    assert_eq!(code(&out), 6, "an existing file: {}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), written);
    std::fs::remove_file(&file).unwrap();
    for bad in [
        vec!["--format", "xlsx"],
        vec!["--format", "csv", "--lang", "fr"],
    ] {
        let out = run(&bad);
        assert_eq!(code(&out), 6, "{bad:?}: {}", stderr(&out));
        assert!(!file.exists());
    }
}
