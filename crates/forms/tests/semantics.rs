//! The evaluation rules, through the public API on small invented forms: values of skipped
//! questions are invisible, three-valued logic, `required` conditions, `count()` of repeats,
//! constraints that cannot be decided, and references resolved in the right repeat instance.

#![allow(clippy::panic)]

mod common;

use common::*;
use serde_json::json;
use waystone_forms::{
    is_relevant, is_required, progress, validate, Answer, Answers, FormDef, PartialDate,
    ProblemCode, Season,
};

fn q(ty: &str, name: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut v = json!({"type": ty, "name": name, "label::en": name, "label::ru": name,
        "sensitivity": "normal", "export": true});
    if let (Some(obj), Some(extra)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in extra {
            obj.insert(k.clone(), x.clone());
        }
    }
    v
}

fn form(items: serde_json::Value) -> FormDef {
    let v = json!({
        "format": 1, "id": "semantics", "version": 1, "languages": ["en", "ru"],
        "title::en": "Semantics", "title::ru": "Семантика",
        "choice_lists": {"abc": [
            {"name": "a", "label::en": "A", "label::ru": "А"},
            {"name": "b", "label::en": "B", "label::ru": "Б"}
        ]},
        "sections": [
            {"name": "one", "label::en": "One", "label::ru": "Один", "items": items},
            {"name": "two", "label::en": "Two", "label::ru": "Два",
             "relevant": "not(${gate})",
             "items": [q("text", "late", json!({"required": true}))]}
        ]
    });
    match FormDef::parse("semantics.json", &v.to_string()) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

fn fixture() -> FormDef {
    form(json!([
        q("yes_no", "gate", json!({})),
        q("yes_no", "q1", json!({})),
        q("yes_no", "q2", json!({"relevant": "${q1}"})),
        q("text", "q3", json!({"relevant": "${q2}"})),
        q("text", "q4", json!({"required": "${q1} and not(answered(${q3}))"})),
        q("integer", "n", json!({})),
        q("integer", "m", json!({"constraint": ". > ${n}",
            "constraint_message::en": "More than n", "constraint_message::ru": "Больше n"})),
        q("select_one", "pick", json!({"choices": "abc"})),
        q("text", "why_b", json!({"relevant": "selected(${pick}, 'b')"})),
        q("text", "unanswered_gate", json!({"relevant": "not(answered(${gate}))"})),
        {"type": "repeat", "name": "events", "label::en": "Event", "label::ru": "Событие",
         "items": [
            q("date", "when", json!({})),
            {"type": "repeat", "name": "acts", "label::en": "Act", "label::ru": "Действие",
             "third_party": true,
             "items": [q("date", "act_date", json!({"constraint": ". >= ${when}",
                "constraint_message::en": "Not before the event",
                "constraint_message::ru": "Не раньше события"}))]}
        ]},
        q("long_text", "summary", json!({"relevant": "count(${events}) > 1"}))
    ]))
}

fn relevant(f: &FormDef, a: &Answers, p: &str) -> bool {
    is_relevant(f, a, &path(p))
}

#[test]
fn values_of_skipped_questions_are_invisible() {
    let f = fixture();
    let a = answers(&[("q1", yes_no(false)), ("q2", yes_no(true))], &[]);
    assert!(!relevant(&f, &a, "q2"));
    assert!(
        !relevant(&f, &a, "q3"),
        "q2 is skipped, so its `yes` does not count"
    );
    let a = answers(&[("q1", yes_no(true)), ("q2", yes_no(true))], &[]);
    assert!(relevant(&f, &a, "q3"));
    let codes: Vec<_> = validate(
        &f,
        &answers(&[("q1", yes_no(false)), ("q2", yes_no(true))], &[]),
    )
    .into_iter()
    .map(|p| (p.path.to_string(), p.code))
    .collect();
    assert_eq!(codes, [("q2".to_owned(), ProblemCode::IrrelevantAnswer)]);
}

#[test]
fn unknown_conditions_hide_and_do_not_require() {
    let f = fixture();
    let none = Answers::new();
    // not(${gate}) with gate unanswered is unknown: the section stays hidden.
    assert!(!relevant(&f, &none, "late"));
    assert!(relevant(&f, &none, "unanswered_gate"));
    let closed = answers(&[("gate", yes_no(true))], &[]);
    assert!(!relevant(&f, &closed, "late"));
    assert!(!relevant(&f, &closed, "unanswered_gate"));
    let open = answers(&[("gate", yes_no(false))], &[]);
    assert!(relevant(&f, &open, "late"));
    assert!(is_required(&f, &open, &path("late")));
    let problems = validate(&f, &open);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, ProblemCode::RequiredMissing);
    // Declined counts as unknown too.
    let declined = answers(&[("gate", Answer::Declined)], &[]);
    assert!(!relevant(&f, &declined, "late"));
}

#[test]
fn required_conditions() {
    let f = fixture();
    let cases: &[(&[(&str, Answer)], bool)] = &[
        (&[], false),
        (&[("q1", yes_no(false))], false),
        (&[("q1", yes_no(true))], true),
        (
            &[
                ("q1", yes_no(true)),
                ("q2", yes_no(true)),
                ("q3", text("x")),
            ],
            false,
        ),
        // q3 skipped (q2 = no): its value does not count, so q4 is required again.
        (
            &[
                ("q1", yes_no(true)),
                ("q2", yes_no(false)),
                ("q3", text("x")),
            ],
            true,
        ),
    ];
    for (values, want) in cases {
        let a = answers(values, &[]);
        assert_eq!(is_required(&f, &a, &path("q4")), *want, "{a:?}");
    }
}

#[test]
fn choices_and_counts() {
    let f = fixture();
    assert!(!relevant(
        &f,
        &answers(&[("pick", choice("a"))], &[]),
        "why_b"
    ));
    assert!(relevant(
        &f,
        &answers(&[("pick", choice("b"))], &[]),
        "why_b"
    ));
    assert!(!relevant(&f, &answers(&[], &[("events", 1)]), "summary"));
    assert!(relevant(&f, &answers(&[], &[("events", 2)]), "summary"));
}

#[test]
fn undecidable_constraints_pass() {
    let f = fixture();
    let check = |values: &[(&str, Answer)], failing: bool| {
        let a = answers(values, &[]);
        let failed = validate(&f, &a)
            .iter()
            .any(|p| p.code == ProblemCode::ConstraintFailed);
        assert_eq!(failed, failing, "{a:?}");
    };
    check(&[("m", int(3))], false);
    check(&[("m", int(3)), ("n", Answer::DontKnow)], false);
    check(&[("m", int(3)), ("n", int(2))], false);
    check(&[("m", int(3)), ("n", int(3))], true);
}

#[test]
fn partial_dates_in_constraints_of_nested_repeats() {
    let f = fixture();
    let check = |when: Answer, act: Answer, failing: bool| {
        let a = answers(
            &[
                ("events[1].when", when),
                ("events[1].acts[0].act_date", act),
            ],
            &[("events", 2), ("events[1].acts", 1)],
        );
        let got: Vec<String> = validate(&f, &a).iter().map(ToString::to_string).collect();
        let want: Vec<String> = if failing {
            vec!["events[1].acts[0].act_date: constraint_failed".into()]
        } else {
            vec![]
        };
        assert_eq!(got, want);
    };
    check(exact(2019, 6, 15), exact(2019, 6, 15), false);
    check(exact(2019, 6, 15), exact(2019, 6, 14), true);
    // "June 2019" may well be the 15th or later.
    check(exact(2019, 6, 15), date(PartialDate::month(2019, 6)), false);
    check(exact(2019, 6, 15), date(PartialDate::month(2019, 5)), true);
    // Winter 2019 runs from December 2018 to February 2019.
    check(
        date(PartialDate::season(2019, Season::Winter)),
        exact(2018, 12, 20),
        false,
    );
    check(
        date(PartialDate::season(2019, Season::Winter)),
        exact(2018, 11, 30),
        true,
    );
    check(
        date(PartialDate::approximate(2019, None, None)),
        exact(2018, 3, 1),
        false,
    );
}

#[test]
fn third_party_flag_is_inherited() {
    let f = fixture();
    let act = f.question(
        &waystone_forms::QuestionPath::parse("events.acts.act_date")
            .unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(act.is_some_and(|q| q.third_party()));
    let when = f.question(
        &waystone_forms::QuestionPath::parse("events.when").unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(when.is_some_and(|q| !q.third_party()));
}

#[test]
fn progress_per_section() {
    let f = fixture();
    let a = answers(
        &[("gate", yes_no(false)), ("late", Answer::NotAsked)],
        &[("events", 1)],
    );
    let p = progress(&f, &a);
    assert_eq!(p.len(), 2);
    // One: gate, q1, q4, n, m, pick, events[0].when (q2, q3, why_b, unanswered_gate, summary
    // skipped).
    assert_eq!((p[0].relevant, p[0].answered, p[0].required), (7, 1, 0));
    assert_eq!(
        (
            p[1].relevant,
            p[1].answered,
            p[1].required,
            p[1].required_answered
        ),
        (1, 1, 1, 1)
    );
    assert!(p[1].is_complete());
}
