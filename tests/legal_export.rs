//! Legal exports of demo cases read back with real readers: the DOCX's XML and `pdftotext`
//! show every form section and the Articles, and none of the protected names, contacts or
//! current location; consent gates the export; undecided candidates stop it. Invented data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Read;

use common::*;
use waystone::crypto::Passphrase;
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::legal::consent::Audience;
use waystone::legal::export::Format;
use waystone::vault::{Role, Vault, VaultError};
use waystone_render::Lang;

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}

fn text_of(a: &waystone::forms::Answers, path: &str) -> Option<String> {
    match a.get(&p(path)) {
        Some(Answer::Value(Value::Text(t))) => Some(t.clone()),
        _ => None,
    }
}

fn docx_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // strip tags, unescape the few XML entities
    let mut out = String::new();
    let mut in_tag = false;
    for ch in xml.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[test]
fn demo_exports_hold_every_section_and_no_protected_identity() {
    let t = tempfile::tempdir().unwrap();
    let mut v = vault_in(t.path(), "ana").0;
    waystone::demo::add_demo_cases(&mut v, &waystone::forms::latest_intake(), 12, 21).unwrap();
    let mut exported = 0;
    for c in v.list_cases(&Default::default()).unwrap() {
        let a = v
            .readable(&c.id)
            .and_then(|mut g| g.case())
            .unwrap()
            .answers;
        for (format, lang) in [(Format::Docx, Lang::En), (Format::Pdf, Lang::Ru)] {
            let r = v.export_legal(&c.id, Audience::Echr, format, lang, true, None);
            let export = match r {
                Err(VaultError::ConsentMissing(_)) => continue,
                other => other.unwrap(),
            };
            let text = squash(&match format {
                Format::Docx => docx_text(&export.bytes),
                _ => pdf_text(&export.bytes),
            });
            let sections: &[&str] = match lang {
                Lang::En => &[
                    "drafting aid for the official form",
                    "A. The applicant",
                    "B. State",
                    "C. Representative",
                    "E. Statement of the facts (fields 58–60)",
                    "F. Statement of alleged violation",
                    "(fields 61–62)",
                    "G. Compliance with admissibility criteria",
                    "(fields 63–65)",
                    "H. Information concerning other international procedures",
                    "(fields 66–69)",
                    "I. List of accompanying documents (field 70)",
                    "Declaration and signature",
                    "Confirmation of correspondent",
                    "Request for anonymity",
                ],
                Lang::Ru => &[
                    "проект для официального формуляра",
                    "A. Заявитель",
                    "B. Государство",
                    "C. Представитель",
                    "E. Изложение фактов (поля 58–60)",
                    "F. Изложение предполагаемого(ых) нарушения(й) Конвенции",
                    "(поля 61–62)",
                    "G. Соблюдение критериев приемлемости",
                    "(поля 63–65)",
                    "H. Иные международные процедуры",
                    "(поля 66–69)",
                    "I. Список прилагаемых документов (поле 70)",
                    "Заявление и подпись",
                    "Подтверждение корреспондента",
                    "Просьба об анонимности",
                ],
            };
            for s in sections {
                assert!(text.contains(s), "{format:?} misses section {s}");
            }
            // nothing invented, no internal notes or counts in the filed text
            for banned in [
                "None recorded",
                "Не зарегистрировано",
                "Still missing",
                "Не хватает:",
                "complaint(s)",
                "method(s)",
                "episode(s)",
                "On autumn",
                "On spring",
                "On summer",
                "On winter",
            ] {
                assert!(!text.contains(banned), "{format:?} prints {banned:?}");
            }
            assert!(
                text.contains(match lang {
                    Lang::En => "Article 3",
                    Lang::Ru => "Статья 3",
                }),
                "{format:?} names no Article"
            );
            // the survivor's identity only in section A; everything else protected
            let after_a = text
                .split(match lang {
                    Lang::En => "B. State",
                    Lang::Ru => "B. Государство",
                })
                .nth(1)
                .unwrap();
            for path in ["name_cyrillic", "name_latin"] {
                if let Some(name) = text_of(&a, path) {
                    for part in name.split_whitespace() {
                        assert!(
                            !after_a.contains(part),
                            "{format:?}: the survivor's name part survives outside section A"
                        );
                    }
                }
            }
            for path in [
                "third_parties[0].name",
                "contact_phone",
                "contact_email",
                "current_city",
            ] {
                if let Some(value) = text_of(&a, path) {
                    assert!(!text.contains(&value), "{format:?}: {path} survives");
                    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                    if digits.len() >= 6 {
                        assert!(
                            !text
                                .chars()
                                .filter(char::is_ascii_digit)
                                .collect::<String>()
                                .contains(&digits),
                            "{format:?}: phone digits survive"
                        );
                    }
                }
            }
            // perpetrators are kept for the Court
            if let Some(name) = text_of(&a, "perpetrators[0].name") {
                assert!(
                    text.contains(&name),
                    "{format:?}: a perpetrator's name was lost"
                );
            }
            exported += 1;
        }
    }
    assert!(
        exported >= 10,
        "too few demo cases had consent to a legal filing: {exported}"
    );
}

#[test]
fn consent_gates_and_undecided_candidates_stop_the_export() {
    let t = tempfile::tempdir().unwrap();
    let mut v = vault_in(t.path(), "ana").0;
    let mut answers = waystone::demo::demo_case_answers(3, 1);
    answers.set(p("consent_legal"), Answer::Value(Value::YesNo(true)));
    answers.set(p("consent_publication"), Answer::Value(Value::YesNo(false)));
    let c = v
        .create_case_with(&waystone::forms::latest_intake(), &answers)
        .unwrap();
    assert!(matches!(
        v.export_legal(
            &c.id,
            Audience::Public,
            Format::Markdown,
            Lang::En,
            true,
            None
        ),
        Err(VaultError::ConsentMissing(_))
    ));
    assert_eq!(
        VaultError::ConsentMissing(waystone::legal::ConsentMissing::Publication)
            .code()
            .exit_status(),
        7
    );
    // a witness called Роза, and «роза» as a word in the narrative: a candidate
    v.writable(&c.id)
        .and_then(|mut g| {
            g.save_answer(
                &p("third_parties[0].name"),
                Some(Answer::Value(Value::Text("Роза Вахаева".into()))),
            )
        })
        .unwrap();
    v.writable(&c.id)
        .and_then(|mut g| {
            g.save_answer(
                &p("narrative"),
                Some(Answer::Value(Value::Text(
                    "у ворот росла роза. Роза Вахаева видела, как меня увели.".into(),
                ))),
            )
        })
        .unwrap();
    match v.export_legal(
        &c.id,
        Audience::Echr,
        Format::Markdown,
        Lang::Ru,
        false,
        None,
    ) {
        Err(e @ VaultError::ReviewPending(_)) => {
            assert_eq!(e.code().exit_status(), 8);
            assert!(!e.to_string().contains("Роза") && !e.to_string().contains("роза"));
        }
        other => panic!("expected review candidates, got {other:?}"),
    }
    let md = String::from_utf8(
        v.export_legal(
            &c.id,
            Audience::Echr,
            Format::Markdown,
            Lang::Ru,
            true,
            None,
        )
        .unwrap()
        .bytes,
    )
    .unwrap();
    assert!(!md.contains("Вахаева"));
}

#[test]
fn the_cli_export_writes_a_file_and_exits_7_without_consent() {
    let v = TestVault::new();
    v.init();
    assert_eq!(
        code(&v.run(
            &["demo", "--cases", "6", "--seed", "13"],
            &format!("{PASS}\n")
        )),
        0
    );
    let list = String::from_utf8(
        v.run(&["case", "list", "--json"], &format!("{PASS}\n"))
            .stdout,
    )
    .unwrap();
    let mut codes = std::collections::BTreeSet::new();
    for (i, line) in list.lines().enumerate() {
        let id = serde_json::from_str::<serde_json::Value>(line).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let out_file = v.dir.parent().unwrap().join(format!("out-{i}.docx"));
        let out = v.run(
            &[
                "export",
                &id,
                "--profile",
                "echr",
                "--format",
                "docx",
                "--out",
                out_file.to_str().unwrap(),
                "--accept-candidates",
            ],
            &format!("{PASS}\n"),
        );
        codes.insert(code(&out));
        match code(&out) {
            0 => assert!(out_file.is_file()),
            7 => assert!(!out_file.exists() && stderr(&out).contains("consent")),
            other => panic!("unexpected exit {other}: {}", stderr(&out)),
        }
    }
    assert!(codes.contains(&0));
}

/// A lawyer's review: one replacement rejected, one phrase added, every candidate decided; the
/// DOCX read back shows both choices, and a review of an older state of the case is refused.
#[test]
fn reviewed_export_applies_rejections_candidates_and_manual_phrases() {
    use waystone::legal::review::{Decisions, Segment, SpanKind};
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault_in(dir.path(), "ana").0;
    let mut answers = waystone::demo::demo_case_answers(5, 1);
    answers.set(
        p("consent_documentation"),
        Answer::Value(Value::YesNo(true)),
    );
    answers.set(p("consent_legal"), Answer::Value(Value::YesNo(true)));
    answers.set(
        p("narrative_language"),
        Answer::Value(Value::Choice("ru".into())),
    );
    answers.set(
        p("third_parties[0].name"),
        Answer::Value(Value::Text("Роза Вахаева".into())),
    );
    answers.set(
        p("narrative"),
        Answer::Value(Value::Text(
            "у ворот росла роза. Роза Вахаева видела, как меня увели в Гудермес. Звонили на +7 928 555-01-02."
                .into(),
        )),
    );
    let c = v
        .create_case_with(&waystone::forms::latest_intake(), &answers)
        .unwrap();
    let r = v.legal_review(&c.id, Audience::Echr, Lang::Ru).unwrap();
    let spans = &r.review.spans;
    let phone = spans
        .iter()
        .position(|s| s.original == "+7 928 555-01-02")
        .expect("the phone number is a replacement");
    assert_eq!(spans[phone].kind, SpanKind::Replacement);
    let candidates: Vec<usize> = spans
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.kind, SpanKind::Candidate(_)))
        .map(|(i, _)| i)
        .collect();
    assert!(!candidates.is_empty(), "«роза» as a word is a candidate");
    // the segments of every value put together are the default output, spans included
    assert!(r
        .review
        .values
        .iter()
        .flatten()
        .any(|s| matches!(s, Segment::Span(i) if *i == phone)));

    let (id, token) = (c.id.clone(), r.token.clone());
    let export = |v: &mut Vault, d: &Decisions| {
        v.export_reviewed(&id, Audience::Echr, Format::Docx, Lang::Ru, &token, d, None)
    };
    // nothing exports while a candidate is undecided
    let mut d = Decisions::default();
    d.redact.insert(phone, false);
    d.phrases.push("гудермес".into());
    let e = export(&mut v, &d).unwrap_err();
    assert_eq!(e.code().exit_status(), 8);
    for i in &candidates {
        // the common word stays a word
        d.redact.insert(*i, false);
    }
    let out = export(&mut v, &d).unwrap();
    assert_eq!(out.rejected, 1);
    assert_eq!(out.manual_removals, 1);
    let text = docx_text(&out.bytes);
    assert!(
        text.contains("+7 928 555-01-02"),
        "the rejected replacement is back"
    );
    // whole words only: the phrase went, «Гудермесом» elsewhere in the case stays
    assert!(
        text.contains("увели в [удалено]"),
        "the manual phrase is gone"
    );
    assert!(!text.contains("увели в Гудермес"));
    assert!(text.contains("росла роза"), "the candidate kept as a word");
    assert!(!text.contains("Вахаева"));

    // the case changes: the old review no longer applies
    v.writable(&c.id)
        .and_then(|mut g| {
            g.save_answer(
                &p("narrative"),
                Some(Answer::Value(Value::Text("Другой текст.".into()))),
            )
        })
        .unwrap();
    let e = export(&mut v, &d).unwrap_err();
    assert_eq!(e.code().exit_status(), 6);
}

/// Legal outputs are a lawyer's (or an admin's) act: a caseworker who may read the case gets
/// neither the review nor an export (exit 5).
#[test]
fn caseworkers_cannot_review_or_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut admin = vault_in(dir.path(), "ana").0;
    admin
        .add_user("cw", Role::Caseworker, &Passphrase::new(PASS2))
        .unwrap();
    admin.lock();
    let mut cw =
        Vault::unlock(&dir.path().join("ana"), Some("cw"), &Passphrase::new(PASS2)).unwrap();
    let mut answers = waystone::demo::demo_case_answers(7, 1);
    answers.set(
        p("consent_documentation"),
        Answer::Value(Value::YesNo(true)),
    );
    answers.set(p("consent_legal"), Answer::Value(Value::YesNo(true)));
    let c = cw
        .create_case_with(&waystone::forms::latest_intake(), &answers)
        .unwrap();
    assert!(cw.may(&c.id, waystone::access::Op::ReadTestimony));
    let e = cw
        .legal_review(&c.id, Audience::Echr, Lang::En)
        .unwrap_err();
    assert_eq!(e.code().exit_status(), 5);
    let e = cw
        .export_legal(
            &c.id,
            Audience::Echr,
            Format::Markdown,
            Lang::En,
            true,
            None,
        )
        .unwrap_err();
    assert_eq!(e.code().exit_status(), 5);
}
