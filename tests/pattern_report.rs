//! The pattern report over a synthetic vault (every person, place and unit here is
//! invented): the three acts at one site are hidden with their complements; a case
//! without statistical consent changes no count; no survivor name, case code, contact or
//! narrative word reaches any format (read back with real readers); the CLI's rights and
//! exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Read;

use common::*;
use waystone::crypto::Passphrase;
use waystone::forms::{Answer, AnswerPath, Answers, PartialDate, Value};
use waystone::render::Lang;
use waystone::report::{Cell, Filter, ReportFormat};
use waystone::vault::{Role, Vault, VaultError};

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}
fn text(s: &str) -> Answer {
    Answer::Value(Value::Text(s.into()))
}

/// Markers planted in what must never appear in a report.
const CANARIES: &[&str] = &[
    "Zyxcanary Survivorname",
    "Зюкканарейка",
    "canary-mail@example.org",
    "+7 999 000-13-13",
    "quokkanarrative",
    "wombatnotes",
    "platypuswitness",
];

/// One invented case: one episode at `site` by `unit` in `region`, one treatment entry per
/// list in `treatments`.
fn case(consent: bool, site: &str, unit: &str, treatments: &[&[&str]], i: usize) -> Answers {
    let mut a = Answers::new();
    a.set(
        p("consent_documentation"),
        Answer::Value(Value::YesNo(true)),
    );
    a.set(
        p("consent_statistics"),
        Answer::Value(Value::YesNo(consent)),
    );
    a.set(p("name_cyrillic"), text(&format!("{} {i}", CANARIES[1])));
    a.set(p("name_latin"), text(&format!("{} {i}", CANARIES[0])));
    a.set(p("contact_email"), text(CANARIES[2]));
    a.set(p("contact_phone"), text(CANARIES[3]));
    a.set(
        p("narrative"),
        text(&format!("The {} of case {i}.", CANARIES[4])),
    );
    a.set(p("interviewer_notes"), text(CANARIES[5]));
    a.set_repeat_count(p("third_parties"), 1);
    a.set(p("third_parties[0].name"), text(CANARIES[6]));
    a.set_repeat_count(p("episodes"), 1);
    a.set(
        p("episodes[0].apprehension_date"),
        Answer::Value(Value::Date(PartialDate::month(2019, 3).unwrap())),
    );
    a.set(p("episodes[0].unit"), text(unit));
    a.set(p("episodes[0].held_place_details"), text(site));
    a.set(
        p("episodes[0].held_place"),
        Answer::Value(Value::PlaceRef("Invented Region".into())),
    );
    a.set_repeat_count(p("episodes[0].treatment"), treatments.len() as u32);
    for (t, methods) in treatments.iter().enumerate() {
        a.set(
            p(&format!("episodes[0].treatment[{t}].methods")),
            Answer::Value(Value::Choices(
                methods.iter().map(|m| m.to_string()).collect(),
            )),
        );
    }
    a.set_repeat_count(p("perpetrators"), 1);
    a.set(p("perpetrators[0].name"), text("Invented Officer One"));
    a.set(p("perpetrators[0].unit"), text(unit));
    a
}

/// A vault of 13 invented cases: 6 at "Site North" and 6 at "Site East" (beating and
/// threats each), and one at "Site Small" with 3 acts of beating.
fn synthetic(dir: &std::path::Path) -> Vault {
    let (mut v, _) = vault_in(dir, "admin");
    let form = waystone::forms::latest_intake();
    let both: &[&str] = &["beating", "threats_death"];
    let mut i = 0;
    for site in ["Site North", "Site East"] {
        for _ in 0..6 {
            v.create_case_with(&form, &case(true, site, "Invented Unit A", &[both], i))
                .unwrap();
            i += 1;
        }
    }
    let beat: &[&str] = &["beating"];
    v.create_case_with(
        &form,
        &case(
            true,
            "Site Small",
            "Invented Unit A",
            &[beat, beat, beat],
            i,
        ),
    )
    .unwrap();
    v
}

fn table<'a>(
    t: &'a waystone::report::PatternTables,
    id: &str,
) -> &'a waystone::report::suppress::Published {
    t.tables.iter().find(|x| x.id == id).unwrap()
}

#[test]
fn three_acts_at_one_site_are_hidden_with_their_complements() {
    let tmp = tempfile::tempdir().unwrap();
    let v = synthetic(tmp.path());
    let t = v.pattern_tables(&Filter::default(), 5).unwrap();
    let s = table(&t, "site_by_method");
    let small = s.rows.iter().position(|r| r == "Site Small").unwrap();
    let beating = s.cols.iter().position(|c| c == "beating").unwrap();
    assert_eq!(s.row_totals[small], Cell::Hidden, "{s:?}");
    assert_eq!(s.cells[small][beating], Cell::Hidden, "{s:?}");
    // the complement in the beating column, and among the site totals
    let others: Vec<usize> = (0..s.rows.len()).filter(|&r| r != small).collect();
    assert!(
        others.iter().any(|&r| s.cells[r][beating] == Cell::Hidden)
            || s.col_totals[beating] == Cell::Hidden,
        "{s:?}"
    );
    assert!(
        others.iter().any(|&r| s.row_totals[r] == Cell::Hidden) || s.total == Cell::Hidden,
        "{s:?}"
    );
    // and the big cells stand
    let north = s.rows.iter().position(|r| r == "Site North").unwrap();
    let threats = s.cols.iter().position(|c| c == "threats_death").unwrap();
    assert_eq!(s.cells[north][threats], Cell::Shown(6));
    // k = 3 publishes the 3
    let t3 = v.pattern_tables(&Filter::default(), 3).unwrap();
    assert_eq!(
        table(&t3, "site_by_method").cells[small][beating],
        Cell::Shown(3)
    );
}

#[test]
fn a_case_without_statistical_consent_changes_no_count() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = synthetic(tmp.path());
    let before = v.pattern_tables(&Filter::default(), 5).unwrap();
    let form = waystone::forms::latest_intake();
    let beat: &[&str] = &["beating", "threats_death", "electric_shocks"];
    let mut no = case(false, "Site Small", "Invented Unit B", &[beat, beat], 99);
    v.create_case_with(&form, &no).unwrap();
    // "declined" and no answer at all are not consent either
    no.set(p("consent_statistics"), Answer::Declined);
    v.create_case_with(&form, &no).unwrap();
    no.remove(&p("consent_statistics"));
    v.create_case_with(&form, &no).unwrap();
    let after = v.pattern_tables(&Filter::default(), 5).unwrap();
    assert_eq!(
        after.cases_without_consent,
        before.cases_without_consent + 3
    );
    assert_eq!(after.tables, before.tables);
    assert_eq!(after.perpetrators, before.perpetrators);
    assert_eq!(after.units, before.units);
    assert_eq!(
        (after.acts, after.episodes, after.cases),
        (before.acts, before.episodes, before.cases)
    );
    // and a consenting one does change them (the comparison can fail)
    let yes = case(true, "Site Small", "Invented Unit B", &[beat], 100);
    v.create_case_with(&form, &yes).unwrap();
    assert_ne!(
        v.pattern_tables(&Filter::default(), 5).unwrap().tables,
        before.tables
    );
}

fn docx_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            all.push_str(&s);
        }
    }
    all
}

fn xlsx_text(bytes: &[u8]) -> String {
    let wb = waystone::forms::xlsform::read_workbook(bytes).unwrap();
    wb.sheets
        .iter()
        .flat_map(|s| s.rows.iter().flatten().cloned().collect::<Vec<_>>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn no_format_carries_a_name_code_contact_or_narrative_word() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = synthetic(tmp.path());
    let codes: Vec<String> = v
        .list_cases(&Default::default())
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(codes.len(), 13);
    for lang in [Lang::En, Lang::Ru] {
        for format in [
            ReportFormat::Docx,
            ReportFormat::Pdf,
            ReportFormat::Markdown,
            ReportFormat::Csv,
            ReportFormat::Xlsx,
        ] {
            let bytes = v
                .pattern_report(&Filter::default(), 2, format, lang)
                .unwrap();
            let text = match format {
                ReportFormat::Docx => docx_text(&bytes),
                ReportFormat::Pdf => squash(&pdf_text(&bytes)),
                ReportFormat::Xlsx => xlsx_text(&bytes),
                _ => String::from_utf8(bytes.clone()).unwrap(),
            };
            // the reader works: the report's own words and a site are there
            assert!(
                text.contains("Site North"),
                "{format:?} {lang:?}: {text:.300}"
            );
            assert!(
                text.contains("HRDAG") || text.contains("Human Rights Data Analysis Group"),
                "{format:?} {lang:?}: the caveat"
            );
            for canary in CANARIES
                .iter()
                .map(|s| s.to_string())
                .chain(codes.iter().cloned())
            {
                assert!(
                    !text.contains(&canary),
                    "{format:?} {lang:?} carries {canary}"
                );
                for enc in encodings(&canary) {
                    assert!(
                        !contains(&bytes, &enc),
                        "{format:?} {lang:?} bytes carry {canary}"
                    );
                }
            }
        }
    }
}

#[test]
fn only_lawyers_and_admins_report_and_k_has_a_floor() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = synthetic(tmp.path());
    let pass = Passphrase::new(PASS);
    v.add_user("cw", Role::Caseworker, &pass).unwrap();
    v.add_user("co", Role::Coordinator, &pass).unwrap();
    v.add_user("law", Role::Lawyer, &pass).unwrap();
    assert!(matches!(
        v.pattern_tables(&Filter::default(), 1),
        Err(VaultError::Invalid(_))
    ));
    let dir = tmp.path().join("admin");
    drop(v);
    for (user, allowed) in [("cw", false), ("co", false), ("law", true)] {
        let u = Vault::unlock(&dir, Some(user), &pass).unwrap();
        let r = u.pattern_tables(&Filter::default(), 5);
        assert_eq!(r.is_ok(), allowed, "{user}");
        if allowed {
            // a lawyer counts only the cases they may read: none assigned here
            assert_eq!(r.unwrap().acts, Cell::Shown(0));
        } else {
            assert!(matches!(r, Err(VaultError::Forbidden)), "{user}");
        }
    }
}

#[test]
fn the_period_filter_leaves_acts_outside_out_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let v = synthetic(tmp.path());
    let inside = Filter {
        from: Some((2019, 1)),
        to: Some((2019, 12)),
        region: None,
    };
    let t = v.pattern_tables(&inside, 5).unwrap();
    assert_eq!((t.acts, t.acts_filtered_out), (Cell::Shown(27), 0));
    let outside = Filter {
        from: Some((2020, 1)),
        ..Filter::default()
    };
    let t = v.pattern_tables(&outside, 5).unwrap();
    assert_eq!((t.acts, t.acts_filtered_out), (Cell::Shown(0), 27));
}

#[test]
fn cli_report_patterns_writes_and_refuses_with_the_contract_codes() {
    let tv = TestVault::new();
    tv.init();
    let out = tv.run(
        &["demo", "--cases", "30", "--seed", "7"],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let dir = tempfile::tempdir().unwrap();
    for fmt in ["docx", "pdf", "csv", "xlsx"] {
        let f = dir.path().join(format!("r.{fmt}"));
        let out = tv.run(
            &[
                "report",
                "patterns",
                "--out",
                f.to_str().unwrap(),
                "--format",
                fmt,
                "--min-cell",
                "5",
            ],
            &format!("{PASS}\n"),
        );
        assert_eq!(code(&out), 0, "{fmt}: {}", stderr(&out));
        assert!(std::fs::metadata(&f).unwrap().len() > 0);
    }
    let f = dir.path().join("bad.docx");
    let f = f.to_str().unwrap();
    for args in [
        vec![
            "report",
            "patterns",
            "--out",
            f,
            "--format",
            "docx",
            "--min-cell",
            "1",
        ],
        vec!["report", "patterns", "--out", f, "--format", "odt"],
        vec![
            "report", "patterns", "--out", f, "--format", "pdf", "--from", "2019-13",
        ],
        vec![
            "report", "patterns", "--out", f, "--format", "pdf", "--from", "2020-01", "--to",
            "2019-01",
        ],
    ] {
        let out = tv.run(&args, &format!("{PASS}\n"));
        assert_eq!(code(&out), 6, "{args:?}: {}", stderr(&out));
    }
    assert!(!std::path::Path::new(f).exists());
}
