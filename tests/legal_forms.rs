//! Legal documents of cases on imported forms, read back from the DOCX and the PDF: a form
//! that copies the intake vocabulary gives the very document the built-in intake gives for
//! the same answers; an unrelated form gives the generic case summary, which says why first,
//! then every section, question and answer with its gaps; the consent gates hold for both.
//! Every form, person and answer here is invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone::forms::xlsform::testing::InventedCheckin;
use waystone::forms::{Answer, AnswerPath, Answers, FormDef, PartialDate, Value};
use waystone::legal::consent::Audience;
use waystone::legal::export::{DocumentKind, Format};
use waystone::vault::{Vault, VaultError};
use waystone_render::Lang;

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}

fn yes() -> Answer {
    Answer::Value(Value::YesNo(true))
}

fn text(s: &str) -> Answer {
    Answer::Value(Value::Text(s.into()))
}

fn choice(s: &str) -> Answer {
    Answer::Value(Value::Choice(s.into()))
}

/// The same invented answers, in the intake vocabulary.
fn intake_answers() -> Answers {
    let mut a = Answers::new();
    a.set(p("consent_documentation"), yes());
    a.set(p("consent_legal"), yes());
    a.set(p("name_latin"), text("Arslan Vymyshlenov"));
    a.set(p("name_cyrillic"), text("Арслан Вымышленов"));
    a.set(p("gender_identity"), choice("man"));
    a.set_repeat_count(p("episodes"), 1);
    a.set(
        p("episodes[0].apprehension_date"),
        Answer::Value(Value::Date(PartialDate::month(2019, 3).unwrap())),
    );
    a.set(p("episodes[0].respondent_state"), choice("ru"));
    a.set(
        p("episodes[0].release_circumstances"),
        choice("handed_to_relatives"),
    );
    a.set(p("episodes[0].unit"), text("Invented unit 7"));
    a.set_repeat_count(p("complaints"), 1);
    a.set(p("complaints[0].decision"), choice("refusal_to_open_case"));
    a.set(
        p("narrative"),
        text("I was taken from the market and held for four days (invented account)."),
    );
    a.set(p("narrative_language"), choice("en"));
    a
}

/// The built-in intake under another id: what an organisation gets by editing a copy of
/// docs/examples/intake-v1.xlsx and giving it its own `form_id`.
fn intake_copy_workbook() -> Vec<u8> {
    let mut json = waystone::forms::latest_intake().to_definition_json();
    json["id"] = "ngo_intake".into();
    let copy = FormDef::parse("copy", &json.to_string()).unwrap();
    waystone::forms::export_xlsform(&copy).unwrap()
}

/// An invented follow-up form that shares no vocabulary but the consent questions.
fn followup_workbook() -> Vec<u8> {
    InventedCheckin::default().xlsx()
}

fn export(
    v: &mut Vault,
    id: &str,
    format: Format,
    lang: Lang,
) -> waystone::legal::export::LegalExport {
    v.export_legal(id, Audience::Echr, format, lang, true, None)
        .unwrap()
}

#[test]
fn a_form_that_copies_the_intake_vocabulary_gives_the_same_document() {
    let t = tempfile::tempdir().unwrap();
    let mut v = vault_in(t.path(), "ana").0;
    let added = v
        .import_form(&intake_copy_workbook(), "ngo_intake")
        .unwrap();
    assert!(added.added);
    let copy = v.form("ngo_intake", Some(1)).unwrap();
    let on_intake = v
        .create_case_with(&waystone::forms::latest_intake(), &intake_answers())
        .unwrap();
    let on_copy = v.create_case_with(&copy, &intake_answers()).unwrap();
    for (format, lang) in [(Format::Docx, Lang::En), (Format::Docx, Lang::Ru)] {
        let a = export(&mut v, &on_intake.id, format, lang);
        let b = export(&mut v, &on_copy.id, format, lang);
        assert_eq!(a.kind, DocumentKind::Structured);
        assert_eq!(b.kind, DocumentKind::Structured);
        let (ta, tb) = (docx_lines(&a.bytes), docx_lines(&b.bytes));
        assert_eq!(ta, tb);
        // the facts are read, and an unanswered question is a gap, on both
        assert!(ta.contains("2019"), "{ta}");
        let gap = match lang {
            Lang::En => "[not recorded — ask]",
            Lang::Ru => "[не записано — уточнить]",
        };
        assert!(ta.contains(gap));
        assert!(ta.contains("Application") || ta.contains("Жалоба"));
    }
    // the review says which document it is
    let r = v
        .legal_review(&on_copy.id, Audience::Echr, Lang::En)
        .unwrap();
    assert_eq!(r.kind, DocumentKind::Structured);
}

#[test]
fn an_unrelated_form_gives_the_generic_summary_with_its_gaps() {
    let t = tempfile::tempdir().unwrap();
    let mut v = vault_in(t.path(), "ana").0;
    v.import_form(&followup_workbook(), "followup").unwrap();
    let form = v.form("followup", Some(1)).unwrap();
    let mut a = Answers::new();
    a.set(p("consent_documentation"), yes());
    a.set(p("consent_legal"), yes());
    a.set(
        p("shelter_needs"),
        text("A quiet room near a clinic (invented)"),
    );
    // doctor_seen left unanswered: a visible gap
    a.set_repeat_count(p("moves"), 2);
    a.set(p("moves[0].city"), text("Invented City One"));
    a.set(p("moves[1].city"), Answer::Declined);
    let case = v.create_case_with(&form, &a).unwrap();

    let r = v.legal_review(&case.id, Audience::Echr, Lang::En).unwrap();
    let DocumentKind::GenericSummary { blockers } = &r.kind else {
        panic!("expected the generic summary, got {:?}", r.kind);
    };
    let named: Vec<&str> = blockers.iter().map(|g| g.path).collect();
    assert_eq!(
        named,
        ["episodes", "episodes.apprehension_date", "narrative"],
        "the core paths the form lacks"
    );

    let en = export(&mut v, &case.id, Format::Docx, Lang::En);
    assert!(matches!(en.kind, DocumentKind::GenericSummary { .. }));
    let text_en = docx_lines(&en.bytes);
    let lines: Vec<&str> = text_en.lines().collect();
    // the first paragraph says plainly why, and names what is missing
    let first = lines
        .iter()
        .position(|l| l.contains("does not use the intake vocabulary"))
        .unwrap_or_else(|| panic!("{text_en}"));
    assert!(
        lines[first].contains("episodes (not in the form)"),
        "{}",
        lines[first]
    );
    assert!(lines[first].contains("narrative (not in the form)"));
    assert!(lines[first].contains("application to the European Court"));
    // then every section, question and answer in order, gaps visible
    let expected = [
        "Consent",
        "Agrees to documentation: yes",
        "Agrees to a legal filing: yes",
        "Follow-up",
        "Shelter needs: A quiet room near a clinic (invented)",
        "Doctor seen: [not recorded — ask]",
        "Move 1",
        "City: Invented City One",
        "Move 2",
        "City: declined to answer",
    ];
    let mut at = first;
    for e in expected {
        let found = lines[at..]
            .iter()
            .position(|l| *l == e)
            .unwrap_or_else(|| panic!("`{e}` not found in order after line {at}:\n{text_en}"));
        at += found + 1;
    }

    // Russian, PDF: the same, in the form's Russian labels
    let ru = export(&mut v, &case.id, Format::Pdf, Lang::Ru);
    let text_ru = squash(&pdf_text(&ru.bytes));
    assert!(
        text_ru.contains("не использует словарь первичного интервью"),
        "{text_ru}"
    );
    assert!(
        text_ru.contains("Был ли врач: [не записано — уточнить]"),
        "{text_ru}"
    );
    assert!(text_ru.contains("Переезд 2"));
}

#[test]
fn the_consent_gates_hold_on_an_imported_form() {
    let t = tempfile::tempdir().unwrap();
    let mut v = vault_in(t.path(), "ana").0;
    v.import_form(&followup_workbook(), "followup").unwrap();
    let form = v.form("followup", Some(1)).unwrap();
    let mut a = Answers::new();
    a.set(p("consent_documentation"), yes());
    a.set(p("shelter_needs"), text("Invented"));
    let case = v.create_case_with(&form, &a).unwrap();
    // no consent to a legal filing recorded: nothing is prepared
    assert!(matches!(
        v.legal_review(&case.id, Audience::Echr, Lang::En),
        Err(VaultError::ConsentMissing(_))
    ));
    assert!(matches!(
        v.export_legal(&case.id, Audience::Echr, Format::Docx, Lang::En, true, None),
        Err(VaultError::ConsentMissing(_))
    ));
}
