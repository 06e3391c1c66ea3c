//! The asylum support letter on an invented evacuated case: golden files in English and
//! Russian read back from the DOCX (and the PDF for landmarks), the consent that must name the
//! letter's authority (exit 7 through the CLI otherwise), passages describing sexual conduct
//! withheld and named in the checks, the `asylum` redaction profile at work, corroboration
//! counted and never named, and the asylum table on a vault written by an earlier version.
//! Every person, place, unit and number below is invented. `WAYSTONE_UPDATE_GOLDEN=1`
//! rewrites the golden files after a deliberate change; read the diff.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone::forms::{Answer, Answers, PartialDate, Value};
use waystone::legal::asylum::{
    AsylumConsent, AsylumDetails, ProcedureStage, RiskItem, RiskKind, Signatory,
};
use waystone::legal::consent::{Audience, HostState};
use waystone::legal::export::Format;
use waystone::legal::ConsentMissing;
use waystone::vault::{Vault, VaultError};
use waystone_render::Lang;

fn set(a: &mut Answers, path: &str, v: Value) {
    a.set(path.parse().unwrap(), Answer::Value(v));
}
fn text(s: &str) -> Value {
    Value::Text(s.into())
}
fn choice(s: &str) -> Value {
    Value::Choice(s.into())
}

const SITE: &str = "former police station on the edge of Invented-Yurt";
const UNIT: &str = "patrol regiment No. 9 (invented)";
const AUTHORITY: &str = "Federal Office for Migration and Refugees (BAMF)";

/// An invented gay man, detained once in February 2019 (month only), beaten and given
/// electric shocks, handed to relatives on release, evacuated to Germany; a co-detainee
/// willing to testify and a sister who is not; one forensic record.
fn case() -> Answers {
    let mut a = Answers::new();
    set(&mut a, "consent_documentation", Value::YesNo(true));
    set(&mut a, "consent_legal", Value::YesNo(true));
    set(&mut a, "name_latin", text("Ruslan Vydumkin"));
    set(&mut a, "name_cyrillic", text("Руслан Выдумкин"));
    set(
        &mut a,
        "date_of_birth",
        Value::Date(PartialDate::exact(1996, 4, 12).unwrap()),
    );
    set(&mut a, "gender_identity", choice("man"));
    set(&mut a, "sexual_orientation", choice("gay"));
    set(&mut a, "perceived_lgbt", Value::YesNo(true));
    set(&mut a, "citizenship", Value::Choices(vec!["ru".into()]));
    a.set_repeat_count("episodes".parse().unwrap(), 1);
    set(
        &mut a,
        "episodes[0].apprehension_date",
        Value::Date(PartialDate::month(2019, 2).unwrap()),
    );
    set(
        &mut a,
        "episodes[0].apprehension_circumstances",
        text("Officers stopped my car at a checkpoint and took my phone."),
    );
    set(&mut a, "episodes[0].unit", text(UNIT));
    set(&mut a, "episodes[0].held_place_details", text(SITE));
    set(&mut a, "episodes[0].duration_days", Value::Integer(12));
    set(&mut a, "episodes[0].acknowledged", choice("not_recorded"));
    set(
        &mut a,
        "episodes[0].release_date",
        Value::Date(PartialDate::exact(2019, 2, 21).unwrap()),
    );
    set(
        &mut a,
        "episodes[0].release_circumstances",
        choice("handed_to_relatives"),
    );
    set(&mut a, "episodes[0].respondent_state", choice("ru"));
    a.set_repeat_count("episodes[0].treatment".parse().unwrap(), 1);
    set(
        &mut a,
        "episodes[0].treatment[0].methods",
        Value::Choices(vec!["beating".into(), "electric_shocks".into()]),
    );
    set(
        &mut a,
        "episodes[0].treatment[0].treatment_description",
        text("They beat me with a plastic pipe and gave me electric shocks every night."),
    );
    set(
        &mut a,
        "episodes[0].treatment[0].injuries",
        text("Two broken ribs"),
    );
    set(
        &mut a,
        "episodes[0].treatment[0].medical_documentation",
        Value::YesNo(true),
    );
    a.set_repeat_count("perpetrators".parse().unwrap(), 1);
    set(&mut a, "perpetrators[0].call_sign", text("Dentist"));
    set(&mut a, "perpetrators[0].agency", choice("police"));
    set(&mut a, "perpetrators[0].unit", text(UNIT));
    a.set_repeat_count("third_parties".parse().unwrap(), 2);
    set(&mut a, "third_parties[0].relation", choice("co_detainee"));
    set(&mut a, "third_parties[0].name", text("Adam Pridumov"));
    set(
        &mut a,
        "third_parties[0].willing_to_testify",
        Value::YesNo(true),
    );
    set(&mut a, "third_parties[1].relation", choice("relative"));
    set(&mut a, "third_parties[1].name", text("Kheda Vydumkina"));
    set(
        &mut a,
        "third_parties[1].willing_to_testify",
        Value::YesNo(false),
    );
    set(
        &mut a,
        "left_region_date",
        Value::Date(PartialDate::month(2019, 5).unwrap()),
    );
    set(
        &mut a,
        "risk_factors",
        text("His uncle has said the family will find him wherever he is."),
    );
    set(&mut a, "current_country", choice("de"));
    set(&mut a, "narrative_language", choice("en"));
    a
}

fn details(consent_authority: &str) -> AsylumDetails {
    AsylumDetails {
        host: "DE".into(),
        authority: AUTHORITY.into(),
        file_number: "9000001-160 (invented)".into(),
        stage: Some(ProcedureStage::Interviewed),
        risks_since_leaving: vec![
            RiskItem {
                kind: RiskKind::Summons,
                date: Some(PartialDate::month(2023, 11).unwrap()),
                description: "A summons to the district police department was delivered to the family home.".into(),
            },
            RiskItem {
                kind: RiskKind::ThreatToFamily,
                date: None,
                description: "His sister was questioned by police twice about where he is.".into(),
            },
        ],
        no_risks_since_leaving: false,
        signatory: Signatory {
            name: "Anna Primerova (invented)".into(),
            role: "legal coordinator".into(),
            how_known: "The organisation has assisted the applicant since March 2019 and documented his detention in an interview in April 2019.".into(),
        },
        consent: Some(AsylumConsent {
            given: true,
            host: "DE".into(),
            authority: consent_authority.into(),
            date: Some(PartialDate::exact(2024, 1, 15).unwrap()),
            recorded_by: "ana".into(),
        }),
    }
}

fn de() -> Audience {
    Audience::Asylum(HostState::parse("de").unwrap())
}

/// A vault with the case, one other case at the same site by the same unit, and one
/// elsewhere; the case id.
fn vault_with_case(dir: &std::path::Path, a: &Answers, d: &AsylumDetails) -> (Vault, String) {
    let mut v = vault_in(dir, "ana").0;
    let form = waystone::forms::latest_intake();
    let c = v.create_case_with(&form, a).unwrap();
    let mut same = Answers::new();
    same.set_repeat_count("episodes".parse().unwrap(), 1);
    // the same place and unit, spelled with other capitals and spacing
    set(
        &mut same,
        "episodes[0].held_place_details",
        text(&SITE.to_uppercase().replace(' ', "  ")),
    );
    set(&mut same, "episodes[0].unit", text(UNIT));
    set(&mut same, "name_latin", text("Other Invented Survivor"));
    let other = v.create_case_with(&form, &same).unwrap();
    let mut elsewhere = Answers::new();
    elsewhere.set_repeat_count("episodes".parse().unwrap(), 1);
    set(
        &mut elsewhere,
        "episodes[0].held_place_details",
        text("another invented basement"),
    );
    v.create_case_with(&form, &elsewhere).unwrap();
    v.set_asylum_details(&c.id, d).unwrap();
    let _ = other;
    (v, c.id)
}

#[test]
fn golden_letter_in_english_and_russian_read_back_from_docx_and_pdf() {
    let t = tempfile::tempdir().unwrap();
    let (mut v, id) = vault_with_case(t.path(), &case(), &details(AUTHORITY));
    let other_code = v
        .list_cases(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|c| c.id != id)
        .map(|c| c.code)
        .collect::<Vec<_>>();
    for (lang, file, landmarks) in [
        (
            Lang::En,
            "asylum_letter.en.txt",
            [
                "To: Federal Office for Migration and Refugees (BAMF), Germany",
                "In February 2019 the applicant was apprehended by officers of patrol regiment No. 9 (invented).",
                "One other case documented by the organisation with detention at the same place",
            ],
        ),
        (
            Lang::Ru,
            "asylum_letter.ru.txt",
            [
                "Кому: Federal Office for Migration and Refugees (BAMF), Германия",
                "В феврале 2019 года заявитель был задержан сотрудниками подразделения patrol regiment No. 9 (invented).",
                "Других дел, задокументированных организацией, с содержанием в том же месте: 1;",
            ],
        ),
    ] {
        let docx = v
            .export_legal(&id, de(), Format::Docx, lang, true, None)
            .unwrap();
        let lines = docx_lines(&docx.bytes);
        golden(file, &lines);
        // the applicant is named (it is their claim); the sister is not, nor other cases
        assert!(lines.contains("Ruslan Vydumkin / Руслан Выдумкин"));
        assert!(!lines.contains("Kheda") && !lines.contains("Pridumov"), "{lines}");
        assert!(!lines.contains("Other Invented Survivor"));
        for code in &other_code {
            assert!(!lines.contains(code.as_str()));
        }
        // partial dates stay partial, gaps are visible, nothing says "none"
        assert!(!lines.contains(" 1 February 2019") && !lines.contains(" 1 февраля 2019"));
        assert!(!lines.to_lowercase().contains("none recorded"));
        let pdf = v
            .export_legal(&id, de(), Format::Pdf, lang, true, None)
            .unwrap();
        let text = squash(&pdf_text(&pdf.bytes));
        for l in landmarks {
            assert!(text.contains(l), "{lang:?} PDF misses {l:?}:\n{text}");
        }
        assert!(!pdf.checks.iter().any(|c| c.code == "sexual_content"));
    }
}

#[test]
fn the_applicant_is_named_and_everyone_else_by_role() {
    let mut d = details(AUTHORITY);
    d.risks_since_leaving[1].description =
        "His sister Kheda Vydumkina was questioned; call her on +49 151 23456789.".into();
    let mut a = case();
    set(
        &mut a,
        "risk_factors",
        text("Ruslan Vydumkin fears that Adam Pridumov's relatives will talk."),
    );
    let t = tempfile::tempdir().unwrap();
    let (mut v, id) = vault_with_case(t.path(), &a, &d);
    let lines = docx_lines(
        &v.export_legal(&id, de(), Format::Docx, Lang::En, true, None)
            .unwrap()
            .bytes,
    );
    assert!(
        !lines.contains("Kheda") && !lines.contains("Pridumov"),
        "{lines}"
    );
    assert!(!lines.contains("23456789"), "{lines}");
    assert!(lines.contains("His sister relative "), "{lines}");
    assert!(lines.contains("Ruslan Vydumkin fears that"), "{lines}");
}

#[test]
fn the_consent_must_name_the_authority_and_host_the_letter_is_addressed_to() {
    let t = tempfile::tempdir().unwrap();
    let mut none = details(AUTHORITY);
    none.consent = None;
    let (mut v, id) = vault_with_case(t.path(), &case(), &none);
    let refused = |v: &mut Vault, audience| match v.export_legal(
        &id,
        audience,
        Format::Markdown,
        Lang::En,
        true,
        None,
    ) {
        Err(VaultError::ConsentMissing(m)) => m,
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("exported without the consent"),
    };
    assert_eq!(refused(&mut v, de()), ConsentMissing::AsylumConsent);
    // another authority of the same State
    v.set_asylum_details(&id, &details("Foreigners' Office of Invented City"))
        .unwrap();
    assert_eq!(refused(&mut v, de()), ConsentMissing::AsylumAuthority);
    // the right consent, but a letter to another host State
    v.set_asylum_details(&id, &details(AUTHORITY)).unwrap();
    let fr = Audience::Asylum(HostState::parse("FR").unwrap());
    assert_eq!(refused(&mut v, fr), ConsentMissing::AsylumAuthority);
    // withdrawn
    v.record_asylum_consent(
        &id,
        AsylumConsent {
            given: false,
            host: "DE".into(),
            authority: AUTHORITY.into(),
            ..AsylumConsent::default()
        },
    )
    .unwrap();
    assert_eq!(refused(&mut v, de()), ConsentMissing::AsylumConsent);
    // the documentation consent is still needed first
    v.set_asylum_details(&id, &details(AUTHORITY)).unwrap();
    assert!(v
        .export_legal(&id, de(), Format::Markdown, Lang::En, true, None)
        .is_ok());
    let mut no_doc = case();
    set(&mut no_doc, "consent_documentation", Value::YesNo(false));
    let t2 = tempfile::tempdir().unwrap();
    let (mut v2, id2) = vault_with_case(t2.path(), &no_doc, &details(AUTHORITY));
    assert!(matches!(
        v2.export_legal(&id2, de(), Format::Markdown, Lang::En, true, None),
        Err(VaultError::ConsentMissing(ConsentMissing::Documentation))
    ));
}

#[test]
fn passages_describing_sexual_conduct_are_withheld_and_named_in_the_checks() {
    let mut a = case();
    // planted, in several quoted fields and both languages
    set(
        &mut a,
        "episodes[0].treatment[0].treatment_description",
        text("They asked how often I had sex with men and beat me."),
    );
    set(
        &mut a,
        "episodes[0].apprehension_circumstances",
        text("Полицейские нашли переписку, где мы с другом обсуждали, как переспали."),
    );
    set(
        &mut a,
        "risk_factors",
        text("Relatives saw a video of him kissing his partner."),
    );
    let mut d = details(AUTHORITY);
    d.risks_since_leaving[1].description =
        "Полиция рассказала сестре о его интимной связи с мужчиной.".into();
    let t = tempfile::tempdir().unwrap();
    let (mut v, id) = vault_with_case(t.path(), &a, &d);
    let review = v.legal_review(&id, de(), Lang::En).unwrap();
    let flagged: Vec<&str> = review
        .checks
        .iter()
        .filter(|c| c.code == "sexual_content")
        .map(|c| c.en.as_str())
        .collect();
    assert_eq!(flagged.len(), 4, "{flagged:#?}");
    for field in [
        "episodes[0].treatment[0].treatment_description",
        "episodes[0].apprehension_circumstances",
        "(risk_factors)",
        "risks_since_leaving[1].description",
    ] {
        assert!(
            flagged.iter().any(|c| c.contains(field)),
            "{field} not named: {flagged:#?}"
        );
    }
    assert!(flagged.iter().all(|c| c.contains("C-148/13")));
    let ru = review
        .checks
        .iter()
        .find(|c| c.code == "sexual_content")
        .unwrap();
    assert!(ru.ru.contains("не включено в письмо"));
    let docx = v
        .export_legal(&id, de(), Format::Docx, Lang::En, true, None)
        .unwrap();
    let lines = docx_lines(&docx.bytes);
    for planted in ["had sex", "переспали", "kissing", "интимной связи"] {
        assert!(!lines.contains(planted), "{planted} reached the letter");
    }
    // the negative controls in the same letter stay: ordinary torture, the other risk item
    assert!(lines.contains("Two broken ribs"));
    assert!(lines.contains("A summons to the district police department"));
    assert!(
        docx.checks
            .iter()
            .filter(|c| c.code == "sexual_content")
            .count()
            == 4
    );
}

#[test]
fn risk_since_leaving_is_a_gap_until_someone_records_it_or_that_there_is_none() {
    let t = tempfile::tempdir().unwrap();
    let mut d = details(AUTHORITY);
    d.risks_since_leaving.clear();
    let (mut v, id) = vault_with_case(t.path(), &case(), &d);
    let md = |v: &mut Vault| {
        let e = v
            .export_legal(&id, de(), Format::Docx, Lang::En, true, None)
            .unwrap();
        (docx_lines(&e.bytes), e.checks)
    };
    let (text, checks) = md(&mut v);
    assert!(
        text.contains("threats to the family): [not recorded — ask]"),
        "{text}"
    );
    assert!(checks
        .iter()
        .any(|c| c.code == "missing_fact" && c.en.starts_with("Risk since leaving")));
    d.no_risks_since_leaving = true;
    v.set_asylum_details(&id, &d).unwrap();
    let (text, checks) = md(&mut v);
    assert!(text.contains("The organisation is not aware of summonses"));
    assert!(!checks.iter().any(|c| c.code == "missing_fact"));
}

fn cli_ok(v: &TestVault, args: &[&str]) -> String {
    let out = v.run(args, &format!("{PASS}\n"));
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_cli_exits_7_without_the_consent_naming_the_authority() {
    let v = TestVault::new();
    v.init();
    cli_ok(&v, &["demo", "--cases", "1", "--seed", "19"]);
    let id = case_ids(&v).remove(0);
    let dir = v.dir.parent().unwrap().to_path_buf();
    let file = dir.join("asylum.json");
    let mut d = details(AUTHORITY);
    d.consent = None;
    std::fs::write(&file, serde_json::to_string(&d).unwrap()).unwrap();
    cli_ok(&v, &["asylum", "set", &id, file.to_str().unwrap()]);
    let export = |n: &str, host: &str| {
        let out = dir.join(n);
        let o = v.run(
            &[
                "export",
                &id,
                "--profile",
                "asylum",
                "--host",
                host,
                "--format",
                "md",
                "--out",
                out.to_str().unwrap(),
                "--accept-candidates",
            ],
            &format!("{PASS}\n"),
        );
        (o, out)
    };
    let (o, out) = export("a.md", "DE");
    assert_eq!(code(&o), 7, "{}", stderr(&o));
    assert!(stderr(&o).contains("asylum consent"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing is written without the consent");
    cli_ok(
        &v,
        &[
            "asylum",
            "consent",
            &id,
            "--host",
            "DE",
            "--authority",
            "Foreigners' Office of Invented City",
            "--date",
            "2024-01",
        ],
    );
    let (o, _) = export("b.md", "DE");
    assert_eq!(code(&o), 7, "{}", stderr(&o));
    assert!(stderr(&o).contains("names another host State or authority"));
    cli_ok(
        &v,
        &[
            "asylum",
            "consent",
            &id,
            "--host",
            "de",
            "--authority",
            "federal office for migration and refugees (BAMF)",
        ],
    );
    let shown = cli_ok(&v, &["asylum", "show", &id]);
    let json: serde_json::Value = serde_json::from_str(shown.trim()).unwrap();
    assert_eq!(json["consent"]["host"], "DE");
    assert_eq!(json["consent"]["recorded_by"], "ana");
    // the demo case may lack the documentation consent: then 7 names that one
    let (o, out) = export("c.md", "DE");
    match code(&o) {
        0 => {
            let text = std::fs::read_to_string(&out).unwrap();
            assert!(
                text.contains("Letter in support of an application for international protection")
            );
        }
        7 => assert!(
            stderr(&o).contains("consent_documentation"),
            "{}",
            stderr(&o)
        ),
        c => panic!("exit {c}: {}", stderr(&o)),
    }
    let (o, _) = export("d.md", "FR");
    assert_eq!(code(&o), 7, "{}", stderr(&o));
    // no host, or a bad one: invalid input
    let o = v.run(
        &[
            "export",
            &id,
            "--profile",
            "asylum",
            "--format",
            "md",
            "--out",
            "x.md",
        ],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&o), 6, "{}", stderr(&o));
    let (o, _) = export("e.md", "DEU");
    assert_eq!(code(&o), 6, "{}", stderr(&o));
    // a malformed record names the position, not the content
    std::fs::write(&file, r#"{"host":"DE","secret_field":"Invented Secret"}"#).unwrap();
    let o = v.run(
        &["asylum", "set", &id, file.to_str().unwrap()],
        &format!("{PASS}\n"),
    );
    assert_eq!(code(&o), 6);
    assert!(!stderr(&o).contains("Invented Secret"));
}

#[test]
fn a_vault_written_before_the_asylum_table_gains_it_and_keeps_its_cases() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-0.1.0");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.join("fixture.json")).unwrap())
            .unwrap();
    let pass = meta["passphrases"]["ana"].as_str().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    copy_dir(&fixture.join("org"), &org);
    let v = TestVault::at(org);
    let run = |args: &[&str]| {
        let out = v.run(&[&["--user", "ana"], args].concat(), &format!("{pass}\n"));
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let id = serde_json::from_str::<serde_json::Value>(meta["cases"][0].as_str().unwrap()).unwrap()
        ["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = run(&["case", "export", &id]);
    assert_eq!(run(&["asylum", "show", &id]), "", "no details before");
    let file = tmp.path().join("d.json");
    std::fs::write(
        &file,
        r#"{"host":"NL","authority":"Invented Immigration Service"}"#,
    )
    .unwrap();
    run(&["asylum", "set", &id, file.to_str().unwrap()]);
    assert!(run(&["asylum", "show", &id]).contains("\"host\":\"NL\""));
    run(&["check"]);
    assert_eq!(
        run(&["case", "export", &id]),
        before,
        "the case itself is untouched"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}
