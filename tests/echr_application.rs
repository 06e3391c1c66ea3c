//! The ECHR application as a Registry would read it, on one invented case built to exercise
//! every rule: part letters E–I with the form's field numbers, gaps instead of invented
//! answers, partial dates kept partial, the chronology in date order, argument instead of
//! counts, grammatical gender from the recorded identity, a numbered chronological list of
//! documents, and the time limit (partial dates across the 2022 rule change, the date of
//! knowledge, no remedy) in the checks, not the text. Golden files hold the DOCX read back in
//! English and Russian; set `WAYSTONE_UPDATE_GOLDEN=1` to rewrite them after a deliberate
//! change, and read the diff.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use common::*;
use waystone::forms::{Answer, Answers, PartialDate, Season, Value};
use waystone::legal::consent::Audience;
use waystone::legal::echr::{self, Check};
use waystone::legal::export::Format;
use waystone_render::{Block, Lang};

fn set(a: &mut Answers, path: &str, v: Value) {
    a.set(path.parse().unwrap(), Answer::Value(v));
}
fn text(s: &str) -> Value {
    Value::Text(s.into())
}
fn choice(s: &str) -> Value {
    Value::Choice(s.into())
}
fn date(d: PartialDate) -> Value {
    Value::Date(d)
}

/// An invented applicant: a trans woman, two detentions recorded out of date order (March
/// 2021, then autumn 2019), ill-treatment in one of them, a medical record, one complaint
/// refused three times and appealed, a final decision known to the month and the day she
/// learned of it.
fn case() -> Answers {
    let mut a = Answers::new();
    set(&mut a, "consent_documentation", Value::YesNo(true));
    set(&mut a, "consent_legal", Value::YesNo(true));
    set(&mut a, "consent_publication", Value::YesNo(true));
    set(&mut a, "name_latin", text("Zarema Testova"));
    set(&mut a, "gender_identity", choice("trans_woman"));
    set(&mut a, "perceived_lgbt", Value::YesNo(true));
    a.set_repeat_count("episodes".parse().unwrap(), 2);
    set(
        &mut a,
        "episodes[0].apprehension_date",
        date(PartialDate::month(2021, 3).unwrap()),
    );
    set(&mut a, "episodes[0].respondent_state", choice("ru"));
    set(&mut a, "episodes[0].duration_days", Value::Integer(1));
    set(
        &mut a,
        "episodes[1].apprehension_date",
        date(PartialDate::season(2019, Season::Autumn).unwrap()),
    );
    set(&mut a, "episodes[1].respondent_state", choice("ru"));
    set(&mut a, "episodes[1].acknowledged", choice("not_recorded"));
    set(&mut a, "episodes[1].duration_days", Value::Integer(9));
    set(
        &mut a,
        "episodes[1].release_date",
        date(PartialDate::exact(2019, 10, 14).unwrap()),
    );
    a.set_repeat_count("episodes[1].treatment".parse().unwrap(), 1);
    set(
        &mut a,
        "episodes[1].treatment[0].methods",
        Value::Choices(vec!["beating".into(), "threats_death".into()]),
    );
    set(
        &mut a,
        "episodes[1].treatment[0].medical_documentation",
        Value::YesNo(true),
    );
    set(
        &mut a,
        "episodes[1].treatment[0].psychological_effects",
        Value::Choices(vec!["nightmares".into(), "anxiety".into()]),
    );
    set(
        &mut a,
        "episodes[1].treatment[0].medical_source",
        choice("forensic_expert"),
    );
    set(
        &mut a,
        "episodes[1].treatment[0].medical_date",
        date(PartialDate::exact(2019, 10, 20).unwrap()),
    );
    a.set_repeat_count("perpetrators".parse().unwrap(), 1);
    set(&mut a, "perpetrators[0].call_sign", text("Professor"));
    set(&mut a, "remedies_sought", Value::YesNo(true));
    a.set_repeat_count("complaints".parse().unwrap(), 1);
    set(
        &mut a,
        "complaints[0].body",
        choice("investigative_committee"),
    );
    set(
        &mut a,
        "complaints[0].complaint_date",
        date(PartialDate::exact(2019, 11, 5).unwrap()),
    );
    set(&mut a, "complaints[0].complaint_number", text("17-204"));
    set(
        &mut a,
        "complaints[0].decision",
        choice("refusal_to_open_case"),
    );
    set(&mut a, "complaints[0].refusals_count", Value::Integer(3));
    set(
        &mut a,
        "complaints[0].decision_date",
        date(PartialDate::exact(2020, 2, 3).unwrap()),
    );
    set(&mut a, "complaints[0].appealed", Value::YesNo(true));
    set(&mut a, "complaints[0].appeal_body", text("district court"));
    set(
        &mut a,
        "complaints[0].appeal_date",
        date(PartialDate::exact(2020, 3, 2).unwrap()),
    );
    set(&mut a, "complaints[0].appeal_outcome", choice("dismissed"));
    set(
        &mut a,
        "final_decision_date",
        date(PartialDate::month(2021, 9).unwrap()),
    );
    set(
        &mut a,
        "final_decision_known_date",
        date(PartialDate::exact(2021, 10, 15).unwrap()),
    );
    a
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The draft's text with its values filled in unredacted, and its checks.
fn draft_text(a: &Answers, audience: Audience, lang: Lang) -> (String, Vec<Check>) {
    let form = waystone::forms::latest_intake();
    let d = echr::draft(a, &form, audience, lang, day(2021, 11, 1));
    let blocks = echr::fill(d.blocks, &d.values);
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } | Block::Note(text) => {
                out.push(text)
            }
            Block::Bullets(v) => out.extend(v),
            Block::Table { header, rows } => {
                out.push(header.join(" | "));
                out.extend(rows.into_iter().map(|r| r.join(" | ")));
            }
            _ => {}
        }
    }
    (out.join("\n"), d.checks)
}

fn check<'a>(checks: &'a [Check], code: &str) -> Option<&'a Check> {
    checks.iter().find(|c| c.code == code)
}

#[test]
fn partial_dates_stay_partial_and_the_chronology_is_in_date_order() {
    let (en, _) = draft_text(&case(), Audience::Echr, Lang::En);
    let autumn = en
        .find("In the autumn of 2019 the applicant was apprehended.")
        .expect(&en);
    let march = en
        .find("In March 2021 the applicant was apprehended.")
        .expect(&en);
    assert!(
        autumn < march,
        "the facts follow the dates, not the order of entry"
    );
    assert!(en.contains("On 14 October 2019 the applicant was released."));
    assert!(!en.contains("On autumn") && !en.contains("On March"));
    let (ru, _) = draft_text(&case(), Audience::Echr, Lang::Ru);
    assert!(
        ru.contains("Осенью 2019 года заявительница была задержана."),
        "{ru}"
    );
    assert!(ru.contains("В марте 2021 года заявительница была задержана."));
    assert!(ru.contains("14 октября 2019 года заявительница была освобождена."));
    assert!(ru.find("Осенью 2019").unwrap() < ru.find("В марте 2021").unwrap());
    assert!(
        ru.contains("Одно из двух задержаний заявительницы так и не было официально оформлено.")
    );
    assert!(
        !ru.contains("г.."),
        "no doubled full stop after an abbreviated year"
    );
    // «около» with the genitive; every detention unrecorded reads "none of"
    let mut about = case();
    set(
        &mut about,
        "episodes[0].apprehension_date",
        date(PartialDate::approximate(2018, Some(9), None).unwrap()),
    );
    set(
        &mut about,
        "episodes[0].acknowledged",
        choice("not_recorded"),
    );
    let (ru2, _) = draft_text(&about, Audience::Echr, Lang::Ru);
    assert!(ru2.contains("около сентября 2018 года |"), "{ru2}");
    assert!(ru2.contains("Примерно в сентябре 2018 года заявительница была задержана."));
    assert!(ru2
        .contains("Ни одно из двух задержаний заявительницы так и не было официально оформлено."));
    let (en2, _) = draft_text(&about, Audience::Echr, Lang::En);
    assert!(
        en2.contains("about September 2018 |")
            && en2.contains("In or about September 2018 the applicant")
    );
    assert!(en2.contains("None of the applicant's two detentions was ever officially recorded."));
    // the chronology table too
    assert!(en.contains("autumn 2019 |") && ru.contains("март 2021 года |"));
    // public: never a day, only the month
    let (public, _) = draft_text(&case(), Audience::Public, Lang::En);
    assert!(public.contains("In October 2019 the applicant was released."));
    assert!(!public.contains("14 October 2019"));
}

#[test]
fn an_officer_known_only_by_call_sign_or_unit_reads_as_a_sentence() {
    let (en, _) = draft_text(&case(), Audience::Echr, Lang::En);
    assert!(en
        .contains("identified the following officers: an officer with the call-sign “Professor”."));
    let (ru, _) = draft_text(&case(), Audience::Echr, Lang::Ru);
    assert!(ru.contains("опознала следующих сотрудников: сотрудник с позывным «Professor»."));
    let mut a = case();
    a.set_repeat_count("perpetrators".parse().unwrap(), 2);
    set(&mut a, "perpetrators[0].rank", text("lieutenant"));
    set(&mut a, "perpetrators[1].unit", text("patrol unit 2"));
    let (en, _) = draft_text(&a, Audience::Echr, Lang::En);
    assert!(
        en.contains("lieutenant (call-sign “Professor”); an officer of patrol unit 2."),
        "{en}"
    );
    assert!(!en.contains("(«"));
}

#[test]
fn russian_grammar_follows_the_recorded_gender_identity() {
    let (ru, _) = draft_text(&case(), Audience::Echr, Lang::Ru);
    assert!(
        ru.contains("заявительница подверглась жестокому обращению"),
        "{ru}"
    );
    assert!(ru.contains("Заявительница просит не раскрывать её личность"));
    assert!(!ru.contains("заявитель был задержан"));
    let mut man = case();
    set(&mut man, "gender_identity", choice("man"));
    let (ru, _) = draft_text(&man, Audience::Echr, Lang::Ru);
    assert!(ru.contains("Осенью 2019 года заявитель был задержан."));
    assert!(ru.contains("Заявитель просит не раскрывать его личность"));
    let (en, _) = draft_text(&case(), Audience::Echr, Lang::En);
    assert!(en.contains("not to disclose her identity"));
}

#[test]
fn the_violations_part_argues_and_the_notes_go_to_the_checks() {
    let (en, checks) = draft_text(&case(), Audience::Echr, Lang::En);
    // Article 3 counts the detentions with ill-treatment (one of two)
    assert!(
        en.contains("was ill-treated during one episode of detention"),
        "{en}"
    );
    assert!(en.contains("Lapunov v. Russia, no. 28834/19, 12 September 2023"));
    assert!(en
        .contains("The applicant reports psychological after-effects: nightmares; anxiety, fear."));
    // released 14 October, examined 20 October 2019
    assert!(en.contains("documented medically 6 days after the applicant's release"));
    assert!(en.contains("The authorities refused three times to open a criminal case"));
    assert!(en.contains("appealed once against these decisions, without result"));
    assert!(en.contains("One of the applicant's two detentions was never officially recorded."));
    // death threats are Article 3; Article 2 only for a relative killed or disappeared, or
    // an applicant handed over to relatives
    assert!(!en.contains("Article 2 —"));
    let mut handed = case();
    set(
        &mut handed,
        "episodes[1].release_circumstances",
        choice("handed_to_relatives"),
    );
    let (en2, _) = draft_text(&handed, Audience::Echr, Lang::En);
    assert!(en2.contains("Article 2 —") && en2.contains("\"honour\" killing"));
    for banned in [
        "complaint(s)",
        "detention(s)",
        "episode(s)",
        "Still missing",
        "method",
        "None recorded",
    ] {
        assert!(!en.contains(banned), "the filed text holds {banned:?}");
    }
    // Article 14 needs the slurs, which the case does not hold: a check, not the text
    let missing = checks
        .iter()
        .filter(|c| c.code == "missing_fact")
        .collect::<Vec<_>>();
    assert!(missing.iter().any(|c| c.en.starts_with("Article 14:")));
    assert!(missing.iter().any(|c| c.en.contains("Fields 66–69")));
    let (ru, _) = draft_text(&case(), Audience::Echr, Lang::Ru);
    assert!(ru.contains("Власти трижды отказали в возбуждении уголовного дела"));
    assert!(ru.contains("«Лапунов против России» (Lapunov v. Russia), жалоба № 28834/19"));
    assert!(!ru.contains("Не хватает"));
    assert!(ru.contains("через 6 дней после освобождения"));
    assert!(ru.contains(
        "Заявительница сообщает о психологических последствиях: ночные кошмары; тревога, страх."
    ));
}

#[test]
fn parts_e_to_i_carry_field_numbers_and_unasked_questions_show_a_gap() {
    for (lang, parts, gap) in [
        (
            Lang::En,
            [
                "E. Statement of the facts (fields 58–60)",
                "(fields 61–62)",
                "(fields 63–65)",
                "(fields 66–69)",
                "I. List of accompanying documents (field 70)",
            ],
            "[not recorded — ask]",
        ),
        (
            Lang::Ru,
            [
                "E. Изложение фактов (поля 58–60)",
                "(поля 61–62)",
                "(поля 63–65)",
                "(поля 66–69)",
                "I. Список прилагаемых документов (поле 70)",
            ],
            "[не записано — уточнить]",
        ),
    ] {
        let (t, _) = draft_text(&case(), Audience::Echr, lang);
        let mut at = 0;
        for part in parts {
            let i = t
                .find(part)
                .unwrap_or_else(|| panic!("{part} missing:\n{t}"));
            assert!(i > at, "{part} out of order");
            at = i;
        }
        // other international proceedings: no question asks it yet
        let h = &t[t.find("(fields 66–69)").or(t.find("(поля 66–69)")).unwrap()..];
        assert!(h.lines().nth(1).unwrap().ends_with(gap), "{h}");
    }
}

#[test]
fn the_list_of_documents_is_numbered_and_chronological() {
    let (en, _) = draft_text(&case(), Audience::Echr, Lang::En);
    let list: Vec<&str> = en
        .split("(field 70)")
        .nth(1)
        .unwrap()
        .lines()
        .skip(2)
        .take_while(|l| l.contains(" | "))
        .collect();
    assert_eq!(
        list,
        [
            "1. | 20 October 2019 | Medical record of the injuries (forensic medical expert)",
            "2. | 5 November 2019 | Complaint to: Investigative Committee, No. 17-204",
            "3. | 3 February 2020 | Decision of: Investigative Committee: refusal to open a criminal case",
            "4. | 2 March 2020 | Appeal to: district court",
            "5. | September 2021 | Final domestic decision",
        ],
        "{en}"
    );
    let (ru, _) = draft_text(&case(), Audience::Echr, Lang::Ru);
    assert!(ru.contains("№ | Дата | Документ"));
    assert!(ru.contains("2. | 5 ноября 2019 года | Жалоба: Следственный комитет, № 17-204"));
    // nothing recorded: a gap, not a placeholder list
    let mut empty = Answers::new();
    set(&mut empty, "consent_legal", Value::YesNo(true));
    let (t, _) = draft_text(&empty, Audience::Echr, Lang::En);
    let after = t.split("(field 70)").nth(1).unwrap();
    assert_eq!(after.lines().nth(1), Some("[not recorded — ask]"));
}

#[test]
fn the_deadline_uses_the_earliest_day_under_the_rule_giving_the_earlier_deadline() {
    // "September 2021": six months from 1 September 2021; the date of knowledge beside it
    let (g, checks) = draft_text(&case(), Audience::Echr, Lang::En);
    let d = check(&checks, "deadline").expect("a deadline check");
    assert!(
        d.en.contains("6 months from the final decision of September 2021"),
        "{}",
        d.en
    );
    assert!(d.en.contains("counted from 1 September 2021"));
    assert!(d.en.contains("lodge the application by 1 March 2022"));
    assert!(d
        .en
        .contains("learned of the decision on or from 15 October 2021"));
    assert!(d.en.contains("(until 15 April 2022)"));
    assert!(
        d.ru.contains("Заявительница узнала о решении 15 октября 2021 года"),
        "{}",
        d.ru
    );
    assert!(
        g.contains("September 2021. Date on which the applicant learned of it: 15 October 2021.")
    );
    assert!(!g.contains("must be lodged"), "the arithmetic is not filed");

    // "2022": January falls under six months, February on under four: 1 June 2022 wins
    let mut y = case();
    set(
        &mut y,
        "final_decision_date",
        date(PartialDate::year(2022).unwrap()),
    );
    a_deadline(
        &y,
        "4 months from the final decision of 2022",
        "by 1 June 2022",
    );
    // "January 2022": wholly under the old rule
    set(
        &mut y,
        "final_decision_date",
        date(PartialDate::month(2022, 1).unwrap()),
    );
    a_deadline(
        &y,
        "6 months from the final decision of January 2022",
        "by 1 July 2022",
    );
    // an exact day
    set(
        &mut y,
        "final_decision_date",
        date(PartialDate::exact(2022, 2, 1).unwrap()),
    );
    a_deadline(
        &y,
        "4 months from the final decision of 1 February 2022",
        "by 1 June 2022",
    );
}

fn a_deadline(a: &Answers, rule: &str, by: &str) {
    let (_, checks) = draft_text(a, Audience::Echr, Lang::En);
    let d = check(&checks, "deadline").unwrap();
    assert!(d.en.contains(rule) && d.en.contains(by), "{}", d.en);
}

#[test]
fn without_a_remedy_time_runs_from_the_act_and_the_un_is_named() {
    let mut a = case();
    set(&mut a, "remedies_sought", Value::YesNo(false));
    set(
        &mut a,
        "remedies_not_sought_reason",
        text("Complaining would have put the family at risk."),
    );
    a.set_repeat_count("complaints".parse().unwrap(), 0);
    a.remove(&"final_decision_date".parse().unwrap());
    let (g, checks) = draft_text(&a, Audience::Echr, Lang::En);
    let c = check(&checks, "no_remedy").expect("a no-remedy check");
    assert!(c.en.contains("runs from the act") && c.en.contains("Committee against Torture"));
    assert!(c.ru.contains("Комитет ООН по правам человека"));
    assert!(check(&checks, "deadline").is_none() && check(&checks, "no_final_decision").is_none());
    assert!(g.contains("No domestic remedy was used (see field 65)."));
    assert!(g.contains("Complaining would have put the family at risk."));
}

#[test]
fn jurisdiction_checks_cover_release_dates_late_decisions_and_a_missing_state() {
    let (_, checks) = draft_text(&case(), Audience::Echr, Lang::En);
    assert!(
        check(&checks, "jurisdiction").is_none(),
        "all before 16 September 2022"
    );
    let mut a = case();
    // apprehended before the cut, released after it
    set(
        &mut a,
        "episodes[1].release_date",
        date(PartialDate::exact(2022, 10, 1).unwrap()),
    );
    set(
        &mut a,
        "complaints[0].decision_date",
        date(PartialDate::month(2023, 1).unwrap()),
    );
    a.remove(&"episodes[0].respondent_state".parse().unwrap());
    let (_, checks) = draft_text(&a, Audience::Echr, Lang::En);
    let j: Vec<&str> = checks
        .iter()
        .filter(|c| c.code == "jurisdiction")
        .map(|c| c.en.as_str())
        .collect();
    assert_eq!(j.len(), 3, "{j:?}");
    assert!(j[0].starts_with("Episode 1 records no State responsible"));
    assert!(j[1].starts_with("Episode 2: the detention lasted beyond 16 September 2022"));
    assert!(j[2].starts_with("A domestic decision is dated after 16 September 2022"));
}

/// The real export path (consent, redaction, rendering) read back: DOCX against the golden
/// files, PDF for the same landmarks.
#[test]
fn golden_application_in_english_and_russian_read_back_from_docx_and_pdf() {
    let t = tempfile::tempdir().unwrap();
    let mut v = vault_in(t.path(), "ana").0;
    let mut a = case();
    set(&mut a, "narrative_language", choice("en"));
    set(
        &mut a,
        "narrative",
        text("They took me to a basement and beat me for days."),
    );
    let c = v
        .create_case_with(&waystone::forms::latest_intake(), &a)
        .unwrap();
    for (lang, file, landmarks) in [
        (
            Lang::En,
            "echr_application.en.txt",
            [
                "E. Statement of the facts (fields 58–60)",
                "In the autumn of 2019 the applicant was apprehended.",
                "1. 20 October 2019",
            ],
        ),
        (
            Lang::Ru,
            "echr_application.ru.txt",
            [
                "E. Изложение фактов (поля 58–60)",
                "Осенью 2019 года заявительница была задержана.",
                "1. 20 октября 2019 года",
            ],
        ),
    ] {
        let docx = v
            .export_legal(&c.id, Audience::Echr, Format::Docx, lang, true, None)
            .unwrap();
        golden(file, &docx_lines(&docx.bytes));
        let pdf = v
            .export_legal(&c.id, Audience::Echr, Format::Pdf, lang, true, None)
            .unwrap();
        let text = squash(&pdf_text(&pdf.bytes));
        for l in landmarks {
            assert!(text.contains(l), "{lang:?} PDF misses {l:?}:\n{text}");
        }
        assert!(!text.contains("None recorded") && !text.contains("complaint(s)"));
    }
}
