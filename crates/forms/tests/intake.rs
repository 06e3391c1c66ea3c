//! The built-in intake against answers: a complete (invented) case passes, each kind of
//! problem is reported, skip logic behaves, progress counts. Every person, place, unit and
//! event in these fixtures is invented.

#![allow(clippy::panic)]

mod common;

use common::*;
use waystone_forms::{
    is_relevant, is_required, latest_intake, progress, validate, Answer, Answers, FormDef,
    PartialDate, ProblemCode, Season, SectionProgress, Severity, TimeOfDay, Value,
};

fn intake() -> FormDef {
    let form = latest_intake();
    assert!(form.version() >= 1, "the built-in intake did not load");
    form
}

/// A complete, consistent, entirely invented case.
fn complete_case() -> Answers {
    let at = |h, m| match TimeOfDay::new(h, m) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    answers(
        &[
            // Consent
            ("consent_documentation", yes_no(true)),
            ("consent_legal", yes_no(true)),
            ("consent_named_recipients", yes_no(true)),
            ("consent_recipients", text("Invented Legal Aid Centre")),
            ("consent_publication", yes_no(false)),
            ("consent_statistics", yes_no(true)),
            ("consent_revocable_explained", yes_no(true)),
            ("consent_method", choice("written")),
            ("consent_date", exact(2023, 5, 10)),
            ("interview_language", choice("ru")),
            ("interpreter_present", yes_no(false)),
            ("recorder_name", text("Interviewer A (invented)")),
            // Survivor
            ("name_cyrillic", text("Тестов Тест Тестович")),
            ("name_latin", text("Testov Test")),
            ("date_of_birth", date(PartialDate::year(1994))),
            ("gender_identity", choice("man")),
            ("sexual_orientation", Answer::Declined),
            ("perceived_lgbt", yes_no(true)),
            ("citizenship", choices(&["ru"])),
            ("documents[0].document_type", choice("internal_passport")),
            ("documents[0].document_held", yes_no(false)),
            ("documents[0].document_confiscated", yes_no(true)),
            // Detention
            (
                "episodes[0].apprehension_date",
                date(PartialDate::exact_at(2019, 3, 14, at(21, 30))),
            ),
            ("episodes[0].apprehenders_count", int(4)),
            (
                "episodes[0].apprehenders_clothing",
                choices(&["camouflage", "masks"]),
            ),
            ("episodes[0].held_site_type", choice("unofficial")),
            ("episodes[0].duration_days", int(14)),
            ("episodes[0].release_date", exact(2019, 3, 28)),
            ("episodes[0].acknowledged", choice("not_recorded")),
            (
                "episodes[0].release_circumstances",
                choice("handed_to_relatives"),
            ),
            ("episodes[0].respondent_state", choice("ru")),
            (
                "episodes[0].treatment[0].methods",
                choices(&["beating", "electric_shocks"]),
            ),
            ("episodes[0].treatment[0].frequency", choice("daily")),
            (
                "episodes[0].treatment[0].medical_documentation",
                yes_no(true),
            ),
            (
                "episodes[0].treatment[0].medical_source",
                choice("doctor_abroad"),
            ),
            (
                "episodes[0].treatment[0].medical_date",
                date(PartialDate::month(2019, 9)),
            ),
            (
                "episodes[0].treatment[0].ip_consistency",
                choice("highly_consistent"),
            ),
            (
                "episodes[0].treatment[1].methods",
                choices(&["threats_death", "forced_outing", "other"]),
            ),
            (
                "episodes[0].treatment[1].methods_other",
                text("An invented method"),
            ),
            (
                "episodes[0].treatment[1].medical_documentation",
                yes_no(false),
            ),
            (
                "episodes[0].treatment[1].psychological_effects",
                choices(&["nightmares", "anxiety"]),
            ),
            // Perpetrators
            ("perpetrators[0].call_sign", text("Invented-1")),
            ("perpetrators[0].agency", choice("police")),
            (
                "perpetrators[0].roles",
                choices(&["interrogated", "ill_treated"]),
            ),
            // Witnesses
            ("third_parties[0].relation", choice("co_detainee")),
            ("third_parties[0].name", text("A. (invented)")),
            // Remedies
            ("remedies_sought", yes_no(true)),
            ("complaints[0].body", choice("investigative_committee")),
            ("complaints[0].complaint_date", exact(2019, 10, 1)),
            ("complaints[0].decision", choice("refusal_to_open_case")),
            ("complaints[0].refusals_count", int(3)),
            ("complaints[0].decision_date", exact(2019, 11, 15)),
            ("complaints[0].appealed", yes_no(false)),
            ("final_decision_date", exact(2020, 2, 1)),
            ("final_decision_known_date", exact(2020, 2, 10)),
            // Evacuation
            ("evacuation_stage", choice("relocated")),
            ("current_country", choice("de")),
            ("current_city", text("Invented City")),
            ("left_region_date", date(PartialDate::month(2019, 4))),
            (
                "arrival_date",
                date(PartialDate::season(2019, Season::Summer)),
            ),
            ("status_abroad", choice("asylum_applied")),
            ("needs", choices(&["legal", "psychological"])),
            ("risk_level", choice("medium")),
            ("next_follow_up", exact(2023, 6, 1)),
            // Account and notes
            ("narrative", text("An invented account.")),
            ("narrative_language", choice("ru")),
            ("interviewer_notes", text("Invented note.")),
        ],
        &[
            ("documents", 1),
            ("episodes", 1),
            ("episodes[0].treatment", 2),
            ("perpetrators", 1),
            ("third_parties", 1),
            ("complaints", 1),
        ],
    )
}

#[test]
fn complete_case_has_no_problems() {
    let form = intake();
    let problems = validate(&form, &complete_case());
    assert!(problems.is_empty(), "{problems:#?}");
    for p in progress(&form, &complete_case()) {
        assert!(p.is_complete(), "{p:?}");
    }
}

/// `check(change, expected)`: applies `change` to the complete case and expects exactly these
/// `(path, code)` problems.
fn check(change: impl FnOnce(&mut Answers), expected: &[(&str, ProblemCode)]) {
    let form = intake();
    let mut a = complete_case();
    change(&mut a);
    let got: Vec<(String, ProblemCode)> = validate(&form, &a)
        .into_iter()
        .map(|p| (p.path.to_string(), p.code))
        .collect();
    let want: Vec<(String, ProblemCode)> = expected
        .iter()
        .map(|(p, c)| ((*p).to_owned(), *c))
        .collect();
    assert_eq!(got, want);
}

fn set(p: &str, a: Answer) -> impl FnOnce(&mut Answers) {
    let p = path(p);
    move |ans: &mut Answers| {
        ans.set(p, a);
    }
}

fn remove(p: &str) -> impl FnOnce(&mut Answers) {
    let p = path(p);
    move |ans: &mut Answers| {
        ans.remove(&p);
    }
}

fn count(p: &str, n: u32) -> impl FnOnce(&mut Answers) {
    let p = path(p);
    move |ans: &mut Answers| ans.set_repeat_count(p, n)
}

use ProblemCode::*;

#[test]
fn required_answers() {
    check(
        remove("name_cyrillic"),
        &[("name_cyrillic", RequiredMissing)],
    );
    check(
        set("name_cyrillic", text("   ")),
        &[("name_cyrillic", RequiredMissing)],
    );
    // Declined, don't know and not asked are answers.
    check(set("name_cyrillic", Answer::Declined), &[]);
    check(set("name_cyrillic", Answer::DontKnow), &[]);
    check(set("name_cyrillic", Answer::NotAsked), &[]);
    // Required only when relevant: the interpreter's name once an interpreter was present.
    check(
        set("interpreter_present", yes_no(true)),
        &[("interpreter_name", RequiredMissing)],
    );
    // Empty select-many counts as nothing recorded.
    check(
        set("episodes[0].treatment[0].methods", choices(&[])),
        &[("episodes[0].treatment[0].methods", RequiredMissing)],
    );
    // A new, empty instance needs its required answers.
    check(
        count("episodes", 2),
        &[("episodes[1].apprehension_date", RequiredMissing)],
    );
    check(
        count("episodes[0].treatment", 3),
        &[("episodes[0].treatment[2].methods", RequiredMissing)],
    );
    // Required when a choice is selected.
    check(
        remove("episodes[0].treatment[1].methods_other"),
        &[("episodes[0].treatment[1].methods_other", RequiredMissing)],
    );
}

#[test]
fn constraints() {
    let form = intake();
    let mut a = complete_case();
    a.set(path("consent_revocable_explained"), yes_no(false));
    let problems = validate(&form, &a);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!(p.code, ConstraintFailed);
    assert_eq!(p.code.severity(), Severity::Invalid);
    assert_eq!(
        p.message.as_ref().and_then(|m| m.get("en")),
        Some("Explain that consent can be withdrawn at any time before you continue.")
    );
    assert!(p.message.as_ref().and_then(|m| m.get("ru")).is_some());

    check(
        set("episodes[0].apprehenders_count", int(0)),
        &[("episodes[0].apprehenders_count", ConstraintFailed)],
    );
    check(set("episodes[0].apprehenders_count", int(500)), &[]);
    check(
        set("episodes[0].duration_days", int(-1)),
        &[("episodes[0].duration_days", ConstraintFailed)],
    );
    check(
        set("episodes[0].release_date", exact(2019, 3, 13)),
        &[("episodes[0].release_date", ConstraintFailed)],
    );
    // Same day as the apprehension: allowed.
    check(set("episodes[0].release_date", exact(2019, 3, 14)), &[]);
    // "March 2019" may be after the 14th: not certainly wrong, so it passes.
    check(
        set(
            "episodes[0].release_date",
            date(PartialDate::month(2019, 3)),
        ),
        &[],
    );
    // With the apprehension date unknown, the constraint cannot fail.
    check(set("episodes[0].apprehension_date", Answer::DontKnow), &[]);
    check(
        set("date_of_birth", date(PartialDate::year(1899))),
        &[("date_of_birth", ConstraintFailed)],
    );
    check(
        set("complaints[0].decision_date", exact(2019, 9, 30)),
        &[("complaints[0].decision_date", ConstraintFailed)],
    );
    check(
        set("arrival_date", date(PartialDate::month(2019, 3))),
        &[("arrival_date", ConstraintFailed)],
    );
    // A constraint referring to the enclosing episode: the examination before the apprehension.
    check(
        set(
            "episodes[0].treatment[0].medical_date",
            date(PartialDate::year(2018)),
        ),
        &[("episodes[0].treatment[0].medical_date", ConstraintFailed)],
    );
}

#[test]
fn constraints_use_the_right_repeat_instance() {
    let form = intake();
    let mut a = complete_case();
    a.set_repeat_count(path("episodes"), 2);
    a.set(
        path("episodes[1].apprehension_date"),
        date(PartialDate::year(2021)),
    );
    a.set_repeat_count(path("episodes[1].treatment"), 1);
    for ep in [0, 1] {
        let base = format!("episodes[{ep}].treatment[0]");
        a.set(path(&format!("{base}.methods")), choices(&["beating"]));
        a.set(path(&format!("{base}.medical_documentation")), yes_no(true));
        a.set(
            path(&format!("{base}.medical_date")),
            date(PartialDate::month(2020, 1)),
        );
    }
    let got: Vec<String> = validate(&form, &a)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        got,
        ["episodes[1].treatment[0].medical_date: constraint_failed"]
    );
}

#[test]
fn structural_problems() {
    check(
        set("name_cyrillic", int(5)),
        &[("name_cyrillic", WrongType)],
    );
    check(
        set("episodes[0].apprehenders_count", text("four")),
        &[("episodes[0].apprehenders_count", WrongType)],
    );
    check(
        set("gender_identity", choices(&["man"])),
        &[("gender_identity", WrongType)],
    );
    check(
        set("favourite_colour", text("x")),
        &[("favourite_colour", UnknownQuestion)],
    );
    check(
        set("episodes[0].favourite_colour", text("x")),
        &[("episodes[0].favourite_colour", UnknownQuestion)],
    );
    // A repeat is not a question; a question is not a repeat.
    check(
        set("treatment", text("x")),
        &[("treatment", UnknownQuestion)],
    );
    check(set("methods", text("x")), &[("methods", UnknownQuestion)]);
    check(
        set("gender_identity", choice("wizard")),
        &[("gender_identity", UnknownChoice)],
    );
    check(
        set(
            "episodes[0].apprehenders_clothing",
            choices(&["camouflage", "tuxedo"]),
        ),
        &[("episodes[0].apprehenders_clothing", UnknownChoice)],
    );
    check(
        set(
            "episodes[0].apprehenders_clothing",
            choices(&["masks", "masks"]),
        ),
        &[("episodes[0].apprehenders_clothing", DuplicateChoice)],
    );
    check(
        set("consent_date", date(PartialDate::month(2023, 5))),
        &[("consent_date", DatePrecisionNotAllowed)],
    );
    check(
        set(
            "date_of_birth",
            date(PartialDate::season(1994, Season::Spring)),
        ),
        &[("date_of_birth", DatePrecisionNotAllowed)],
    );
    let at = TimeOfDay::new(9, 0).ok();
    if let Some(at) = at {
        check(
            set("date_of_birth", date(PartialDate::exact_at(1994, 1, 1, at))),
            &[("date_of_birth", DatePrecisionNotAllowed)],
        );
    }
    check(
        set("episodes[1].duration_days", int(3)),
        &[("episodes[1].duration_days", BadRepeatIndex)],
    );
    check(
        set("episodes[0].treatment[5].methods", choices(&["beating"])),
        &[("episodes[0].treatment[5].methods", BadRepeatIndex)],
    );
    check(count("nonexistent", 2), &[("nonexistent", UnknownQuestion)]);
    check(
        count("name_cyrillic", 2),
        &[("name_cyrillic", UnknownQuestion)],
    );
    check(
        count("episodes[3].treatment", 1),
        &[("episodes[3].treatment", BadRepeatIndex)],
    );
    check(
        count("perpetrators", 501),
        &[("perpetrators", TooManyInstances)],
    );
}

#[test]
fn answers_to_skipped_questions() {
    check(
        set("interpreter_name", text("Invented Interpreter")),
        &[("interpreter_name", IrrelevantAnswer)],
    );
    // Not asked is the right record for a skipped question.
    check(set("interpreter_name", Answer::NotAsked), &[]);
    check(
        set(
            "episodes[0].treatment[1].ip_consistency",
            choice("consistent"),
        ),
        &[("episodes[0].treatment[1].ip_consistency", IrrelevantAnswer)],
    );
    check(set("status_abroad", Answer::DontKnow), &[]);
    // Withdrawn documentation consent: everything after consent becomes irrelevant, and
    // nothing there is required any more.
    let form = intake();
    let mut a = complete_case();
    a.set(path("consent_documentation"), yes_no(false));
    let problems = validate(&form, &a);
    assert!(
        problems.iter().all(|p| p.code == IrrelevantAnswer),
        "{problems:?}"
    );
    assert!(problems.iter().any(|p| p.path == path("name_cyrillic")));
    assert!(problems
        .iter()
        .any(|p| p.path == path("episodes[0].treatment[0].methods")));
    assert!(!problems.iter().any(|p| p.path == path("interviewer_notes")));
    assert_eq!(IrrelevantAnswer.severity(), Severity::Warning);
}

#[test]
fn problems_never_carry_content() {
    let form = intake();
    let mut a = complete_case();
    let secret = "Секретов Секрет";
    a.set(
        path("name_cyrillic"),
        Answer::Value(Value::Integer(123_456_789)),
    );
    a.set(
        path("name_latin"),
        Answer::Value(Value::Choice(secret.into())),
    );
    a.set(path("gender_identity"), choice(secret));
    a.set(path("citizenship"), choices(&[secret]));
    a.set(path("episodes[0].apprehenders_count"), int(987_654_321));
    let problems = validate(&form, &a);
    assert_eq!(problems.len(), 5, "{problems:?}");
    let debug = format!("{problems:?}");
    let json = serde_json::to_string(&problems).unwrap_or_default();
    let display: String = problems.iter().map(ToString::to_string).collect();
    for out in [&debug, &json, &display] {
        assert!(!out.contains("Секрет"), "{out}");
        assert!(
            !out.contains("123456789") && !out.contains("987654321"),
            "{out}"
        );
    }
    assert!(!format!("{a:?}").contains("Секрет"));
}

/// `check_relevant(answers, path, expected)`.
fn check_relevant(a: &Answers, p: &str, expected: bool) {
    assert_eq!(
        is_relevant(&intake(), a, &path(p)),
        expected,
        "{p} in {a:?}"
    );
}

#[test]
fn treatment_is_relevant_only_inside_an_existing_episode() {
    let consent = [("consent_documentation", yes_no(true))];
    let none = answers(&consent, &[]);
    check_relevant(&none, "episodes", true);
    check_relevant(&none, "episodes[0].apprehension_date", false);
    check_relevant(&none, "episodes[0].treatment", false);
    check_relevant(&none, "episodes[0].treatment[0].methods", false);
    let episode = answers(&consent, &[("episodes", 1)]);
    check_relevant(&episode, "episodes[0].apprehension_date", true);
    check_relevant(&episode, "episodes[0].treatment", true);
    check_relevant(&episode, "episodes[0].treatment[0].methods", false);
    let treatment = answers(&consent, &[("episodes", 1), ("episodes[0].treatment", 1)]);
    check_relevant(&treatment, "episodes[0].treatment[0].methods", true);
    check_relevant(&treatment, "episodes[1].treatment[0].methods", false);
    check_relevant(&treatment, "episodes[0].treatment[1].methods", false);
}

#[test]
fn later_sections_wait_for_documentation_consent() {
    let cases: &[(&[(&str, Answer)], bool)] = &[
        (&[], false),
        (&[("consent_documentation", Answer::Declined)], false),
        (&[("consent_documentation", yes_no(false))], false),
        (&[("consent_documentation", yes_no(true))], true),
    ];
    for (values, want) in cases {
        let a = answers(values, &[]);
        check_relevant(&a, "name_cyrillic", *want);
        check_relevant(&a, "evacuation_stage", *want);
        check_relevant(&a, "consent_publication", *want);
        // The consent questions themselves and the interviewer's notes are always asked.
        check_relevant(&a, "consent_documentation", true);
        check_relevant(&a, "consent_date", true);
        check_relevant(&a, "interviewer_notes", true);
    }
}

#[test]
fn sexual_orientation_is_asked_but_optional() {
    let form = intake();
    let a = answers(&[("consent_documentation", yes_no(true))], &[]);
    check_relevant(&a, "sexual_orientation", true);
    assert!(!is_required(&form, &a, &path("sexual_orientation")));
    assert!(is_required(&form, &a, &path("name_cyrillic")));
    check_relevant(&a, "sexual_orientation_other", false);
    let other = answers(
        &[
            ("consent_documentation", yes_no(true)),
            ("sexual_orientation", choice("other")),
        ],
        &[],
    );
    check_relevant(&other, "sexual_orientation_other", true);
}

#[test]
fn medical_consistency_only_with_medical_documentation() {
    let base = [("consent_documentation", yes_no(true))];
    let repeats = [("episodes", 1), ("episodes[0].treatment", 1)];
    let doc = "episodes[0].treatment[0].medical_documentation";
    let cases: &[(Option<Answer>, bool)] = &[
        (None, false),
        (Some(yes_no(false)), false),
        (Some(Answer::DontKnow), false),
        (Some(Answer::Declined), false),
        (Some(yes_no(true)), true),
    ];
    for (answer, want) in cases {
        let mut a = answers(&base, &repeats);
        if let Some(ans) = answer {
            a.set(path(doc), ans.clone());
        }
        for q in [
            "ip_consistency",
            "medical_source",
            "medical_date",
            "medical_record",
        ] {
            check_relevant(&a, &format!("episodes[0].treatment[0].{q}"), *want);
        }
        check_relevant(&a, "episodes[0].treatment[0].injuries", true);
    }
}

#[test]
fn skip_logic_of_choices_and_comparisons() {
    let consent = ("consent_documentation", yes_no(true));
    let rel = |values: Vec<(&str, Answer)>, repeats: &[(&str, u32)], p: &str, want: bool| {
        let mut v = vec![consent.clone()];
        v.extend(values);
        check_relevant(&answers(&v, repeats), p, want);
    };
    let tr = &[("episodes", 1), ("episodes[0].treatment", 1)][..];
    rel(vec![], tr, "episodes[0].treatment[0].methods_other", false);
    rel(
        vec![("episodes[0].treatment[0].methods", choices(&["beating"]))],
        tr,
        "episodes[0].treatment[0].methods_other",
        false,
    );
    rel(
        vec![(
            "episodes[0].treatment[0].methods",
            choices(&["beating", "other"]),
        )],
        tr,
        "episodes[0].treatment[0].methods_other",
        true,
    );
    rel(
        vec![(
            "episodes[0].treatment[0].psychological_effects",
            choices(&["suicidal_thoughts"]),
        )],
        tr,
        "episodes[0].treatment[0].support_offered",
        true,
    );
    rel(
        vec![("gender_identity", choice("other"))],
        &[],
        "gender_identity_other",
        true,
    );
    rel(
        vec![("gender_identity", choice("woman"))],
        &[],
        "gender_identity_other",
        false,
    );
    rel(
        vec![("current_country", choice("ru"))],
        &[],
        "status_abroad",
        false,
    );
    rel(
        vec![("current_country", choice("de"))],
        &[],
        "status_abroad",
        true,
    );
    rel(vec![], &[], "status_abroad", false);
    rel(
        vec![("evacuation_stage", choice("in_shelter"))],
        &[],
        "arrival_date",
        true,
    );
    rel(
        vec![("evacuation_stage", choice("relocated"))],
        &[],
        "arrival_date",
        true,
    );
    rel(
        vec![("evacuation_stage", choice("in_transit"))],
        &[],
        "arrival_date",
        false,
    );
    rel(
        vec![("remedies_sought", yes_no(true))],
        &[],
        "complaints",
        true,
    );
    rel(
        vec![("remedies_sought", yes_no(false))],
        &[],
        "complaints",
        false,
    );
    rel(
        vec![("remedies_sought", yes_no(false))],
        &[("complaints", 1)],
        "complaints[0].body",
        false,
    );
    rel(
        vec![("remedies_sought", yes_no(false))],
        &[],
        "remedies_not_sought_reason",
        true,
    );
    rel(
        vec![("remedies_sought", yes_no(true))],
        &[],
        "remedies_not_sought_reason",
        false,
    );
    rel(
        vec![
            ("complaints[0].decision", choice("refusal_to_open_case")),
            ("remedies_sought", yes_no(true)),
        ],
        &[("complaints", 1)],
        "complaints[0].refusals_count",
        true,
    );
    rel(
        vec![("documents[0].document_held", yes_no(false))],
        &[("documents", 1)],
        "documents[0].document_confiscated",
        true,
    );
    // Unknown paths are never relevant.
    rel(vec![], &[], "no_such_question", false);
}

#[test]
fn progress_counts_slots() {
    let form = intake();
    let p = |s: &str, relevant, answered, required, required_answered| SectionProgress {
        section: s.to_owned(),
        relevant,
        answered,
        required,
        required_answered,
    };
    // Nothing recorded: only the ungated consent questions and the notes are relevant.
    assert_eq!(
        progress(&form, &Answers::new()),
        [
            p("consent", 7, 0, 6, 0),
            p("survivor", 0, 0, 0, 0),
            p("detention", 0, 0, 0, 0),
            p("perpetrators", 0, 0, 0, 0),
            p("witnesses", 0, 0, 0, 0),
            p("remedies", 0, 0, 0, 0),
            p("evacuation", 0, 0, 0, 0),
            p("narrative", 0, 0, 0, 0),
            p("notes", 3, 0, 0, 0),
        ]
    );
    let a = answers(
        &[
            ("consent_documentation", yes_no(true)),
            ("consent_named_recipients", yes_no(false)),
            ("episodes[1].treatment[0].methods", Answer::Declined),
        ],
        &[("episodes", 2), ("episodes[1].treatment", 1)],
    );
    let got = progress(&form, &a);
    // Consent: 14 questions, 12 relevant (the recipients and the interpreter's name are
    // skipped), 2 answered; 11 required, 2 of them answered.
    assert_eq!(got[0], p("consent", 12, 2, 11, 2));
    // Detention: 2 episodes × 18 questions + 1 treatment × 10 (of its 16 questions,
    // methods_other, support_offered and the 4 medical follow-ups are skipped) = 46;
    // required: 2 apprehension dates + 1 methods.
    assert_eq!(got[2], p("detention", 46, 1, 3, 1));
    assert!(!got[2].is_complete());
}
