//! XLSForm's `repeat_count`, `default`, and calculations giving a date or a choice: imported,
//! honoured by the engine, refused at their row when the engine cannot honour them, and
//! round-tripped through export. Every form and answer here is invented for the tests.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use waystone_forms::xlsform::{export_tables, import_tables, Sheet, Workbook};
use waystone_forms::{
    calculate, expected_repeat_count, export_xlsform, import_xlsform, progress, proposals,
    validate, Answer, AnswerPath, Answers, FormDef, PartialDate, ProblemCode, Value,
};

fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    Sheet {
        name: name.into(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    }
}

fn form_of(survey: &[&[&str]], choices: &[&[&str]]) -> FormDef {
    let mut sheets = vec![sheet("survey", survey)];
    if !choices.is_empty() {
        sheets.push(sheet("choices", choices));
    }
    import_tables(&Workbook { sheets }, "invented")
        .unwrap_or_else(|e| panic!("{e}"))
        .form
}

fn problems_of(survey: &[&[&str]], choices: &[&[&str]]) -> Vec<String> {
    let mut sheets = vec![sheet("survey", survey)];
    if !choices.is_empty() {
        sheets.push(sheet("choices", choices));
    }
    match import_tables(&Workbook { sheets }, "t") {
        Ok(_) => panic!("expected a refusal"),
        Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
    }
}

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}

fn set(a: &mut Answers, path: &str, v: Value) {
    a.set(p(path), Answer::Value(v));
}

/// Import → export → import (tables and .xlsx) and the canonical JSON give the same form.
fn assert_round_trips(form: &FormDef) {
    let again = import_tables(&export_tables(form), "invented").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.form.to_definition_json(), form.to_definition_json());
    let again = import_xlsform(&export_xlsform(form).unwrap(), "invented").unwrap();
    assert_eq!(again.form.to_definition_json(), form.to_definition_json());
    let json = form.to_definition_json().to_string();
    assert_eq!(
        FormDef::parse("j", &json).unwrap().to_definition_json(),
        form.to_definition_json()
    );
}

fn children_form() -> FormDef {
    form_of(
        &[
            &["type", "name", "label", "repeat_count", "required"],
            &["integer", "children_count", "How many children?", "", ""],
            &["begin repeat", "children", "Child", "${children_count}", ""],
            &["text", "first_name", "First name", "", "yes"],
            &["end repeat", "", "", "", ""],
            &["begin repeat", "visits", "Visit", "2", ""],
            &["date", "on", "When", "", ""],
            &["end repeat", "", "", "", ""],
        ],
        &[],
    )
}

#[test]
fn a_counted_repeat_has_as_many_instances_as_its_count() {
    let form = form_of(
        &[
            &["type", "name", "label", "repeat_count", "calculation"],
            &["integer", "children_count", "How many children?", "", ""],
            &["begin repeat", "children", "Child", "${children_count}", ""],
            &["text", "first_name", "First name", "", ""],
            &["calculate", "total", "", "", "${children_count}"],
            &["end repeat", "", "", "", ""],
            &["begin repeat", "visits", "Visit", "2", ""],
            &["date", "on", "When", "", ""],
            &["end repeat", "", "", "", ""],
        ],
        &[],
    );
    let children = p("children");
    assert!(form
        .repeat(&children.question_path())
        .unwrap()
        .count()
        .is_some());
    let mut a = Answers::new();
    // a constant count gives its instances at once; an unanswered count gives none
    assert!(calculate(&form, &mut a));
    assert_eq!(a.repeat_count(&p("visits")), 2);
    assert_eq!(a.repeat_count(&children), 0);
    assert_eq!(expected_repeat_count(&form, &a, &children), Some(0));

    // the count's answer grows: instances are added
    set(&mut a, "children_count", Value::Integer(3));
    assert!(calculate(&form, &mut a));
    assert_eq!(a.repeat_count(&children), 3);
    assert_eq!(
        a.get(&p("children[2].total")),
        Some(&Answer::Value(Value::Integer(3))),
        "calculations inside the new instances are computed"
    );
    assert!(!calculate(&form, &mut a), "a second pass changes nothing");

    // it shrinks below an instance holding an answer: that instance stays (with the empty one
    // before it), and the repeat is flagged
    set(
        &mut a,
        "children[2].first_name",
        Value::Text("Invented".into()),
    );
    set(&mut a, "children_count", Value::Integer(1));
    calculate(&form, &mut a);
    assert_eq!(a.repeat_count(&children), 3);
    assert_eq!(
        a.get(&p("children[2].first_name")),
        Some(&Answer::Value(Value::Text("Invented".into())))
    );
    let problems = validate(&form, &a);
    assert!(
        problems
            .iter()
            .any(|q| q.path == children && q.code == ProblemCode::BeyondRepeatCount),
        "{problems:?}"
    );
    assert_eq!(
        ProblemCode::BeyondRepeatCount.as_str(),
        "beyond_repeat_count"
    );

    // once the extra instance is emptied, the empty instances beyond the count go
    a.remove(&p("children[2].first_name"));
    assert!(calculate(&form, &mut a));
    assert_eq!(a.repeat_count(&children), 1);
    assert!(!validate(&form, &a)
        .iter()
        .any(|q| q.code == ProblemCode::BeyondRepeatCount));

    // a count taken back to unanswered leaves no empty instance behind
    a.remove(&p("children_count"));
    calculate(&form, &mut a);
    assert_eq!(a.repeat_count(&children), 0);

    assert_round_trips(&form);
}

#[test]
fn a_filled_instance_beyond_the_count_is_kept_when_the_repeat_stops_being_asked() {
    let form = form_of(
        &[
            &["type", "name", "label", "repeat_count", "relevant"],
            &["select_one yn", "has_children", "Children?", "", ""],
            &["integer", "children_count", "How many?", "", ""],
            &[
                "begin repeat",
                "children",
                "Child",
                "${children_count}",
                "${has_children} = 'yes'",
            ],
            &["text", "first_name", "First name", "", ""],
            &["end repeat", "", "", "", ""],
        ],
        &[
            &["list_name", "name", "label"],
            &["yn", "yes", "Yes"],
            &["yn", "no", "No"],
        ],
    );
    let mut a = Answers::new();
    set(&mut a, "has_children", Value::Choice("yes".into()));
    set(&mut a, "children_count", Value::Integer(2));
    calculate(&form, &mut a);
    assert_eq!(a.repeat_count(&p("children")), 2);
    set(
        &mut a,
        "children[0].first_name",
        Value::Text("Invented".into()),
    );
    set(&mut a, "has_children", Value::Choice("no".into()));
    calculate(&form, &mut a);
    assert_eq!(
        a.repeat_count(&p("children")),
        1,
        "the empty instance goes, the filled one stays"
    );
    assert!(a.get(&p("children[0].first_name")).is_some());
}

#[test]
fn counted_repeats_nest() {
    let form = form_of(
        &[
            &["type", "name", "label", "repeat_count"],
            &["integer", "households", "Households", ""],
            &["begin repeat", "household", "Household", "${households}"],
            &["integer", "members", "Members", ""],
            &["begin repeat", "member", "Member", "${members}"],
            &["text", "role", "Role", ""],
            &["end repeat", "", "", ""],
            &["end repeat", "", "", ""],
        ],
        &[],
    );
    let mut a = Answers::new();
    set(&mut a, "households", Value::Integer(2));
    calculate(&form, &mut a);
    assert_eq!(a.repeat_count(&p("household")), 2);
    set(&mut a, "household[1].members", Value::Integer(3));
    calculate(&form, &mut a);
    assert_eq!(a.repeat_count(&p("household[1].member")), 3);
    assert_eq!(a.repeat_count(&p("household[0].member")), 0);
    assert!(validate(&form, &a).is_empty(), "{:?}", validate(&form, &a));
    assert_round_trips(&form);
}

#[test]
fn repeat_count_mistakes_are_refused_at_their_row() {
    let cases: &[(&[&[&str]], &str)] = &[
        (
            &[
                &["begin repeat", "r", "R", "${later}"],
                &["text", "t", "T", ""],
                &["end repeat", "", "", ""],
                &["integer", "later", "L", ""],
            ],
            "row 2, column repeat_count (D): `repeat_count` uses `${later}`, which does not come before the repeat",
        ),
        (
            &[
                &["text", "n", "N", ""],
                &["begin repeat", "r", "R", "${n}"],
                &["text", "t", "T", ""],
                &["end repeat", "", "", ""],
            ],
            "row 3, column repeat_count (D): `repeat_count` must give a whole number",
        ),
        (
            &[
                &["begin repeat", "r", "R", "${t}"],
                &["integer", "t", "T", ""],
                &["end repeat", "", "", ""],
            ],
            "row 2, column repeat_count (D): bad expression",
        ),
        (
            &[
                &["begin group", "g", "G", "3"],
                &["text", "t", "T", ""],
                &["end group", "", "", ""],
            ],
            "row 2, column repeat_count (D): `repeat_count` applies to a repeat, not to a group",
        ),
        (
            &[&["integer", "t", "T", "3"]],
            "row 2, column repeat_count (D): `repeat_count` applies to a repeat",
        ),
        (
            &[
                &["begin repeat", "r", "R", "pulldata('a', 'b', 'c', 'd')"],
                &["text", "t", "T", ""],
                &["end repeat", "", "", ""],
            ],
            "row 2, column repeat_count (D): `pulldata()` reads external data",
        ),
    ];
    let header: &[&str] = &["type", "name", "label", "repeat_count"];
    for (rows, want) in cases {
        let mut all: Vec<&[&str]> = vec![header];
        all.extend(rows.iter().copied());
        let got = problems_of(&all, &[]);
        assert!(
            got.iter().any(|p| p.contains(want)),
            "want `{want}` in {got:#?}"
        );
    }
}

fn defaults_form() -> FormDef {
    form_of(
        &[
            &["type", "name", "label", "default", "required", "relevant"],
            &["integer", "adults", "Adults", "2", "yes", ""],
            &["select_one lang", "language", "Language", "ru", "", ""],
            &[
                "select_multiple lang",
                "also",
                "Also speaks",
                "en ce",
                "",
                "",
            ],
            &["date", "arrived", "Arrived", "2024-05-01", "", ""],
            &["select_one yn", "interpreter", "Interpreter?", "no", "", ""],
            &["text", "city", "City", "Invented City", "", "${adults} > 1"],
            &["decimal", "share", "Share", "0.50", "", ""],
        ],
        &[
            &["list_name", "name", "label"],
            &["lang", "ru", "Russian"],
            &["lang", "en", "English"],
            &["lang", "ce", "Chechen"],
            &["yn", "yes", "Yes"],
            &["yn", "no", "No"],
        ],
    )
}

#[test]
fn a_default_is_a_proposal_never_an_answer() {
    let form = defaults_form();
    let q = form.question(&p("adults").question_path()).unwrap();
    assert_eq!(q.default_answer().unwrap().value(), &Value::Integer(2));
    let mut a = Answers::new();
    // nothing is recorded by importing or calculating: the question stays unanswered
    assert!(!calculate(&form, &mut a));
    assert!(a.is_empty());
    assert!(validate(&form, &a)
        .iter()
        .any(|x| x.path == p("adults") && x.code == ProblemCode::RequiredMissing));
    let answered: u32 = progress(&form, &a).iter().map(|s| s.answered).sum();
    assert_eq!(answered, 0);

    // every relevant, unanswered question with a default has its proposal
    let shown: Vec<(String, Value)> = proposals(&form, &a)
        .into_iter()
        .map(|(path, v)| (path.to_string(), v.clone()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("adults".to_owned(), Value::Integer(2)),
            ("language".to_owned(), Value::Choice("ru".into())),
            (
                "also".to_owned(),
                Value::Choices(vec!["en".into(), "ce".into()])
            ),
            (
                "arrived".to_owned(),
                Value::Date(PartialDate::exact(2024, 5, 1).unwrap())
            ),
            ("interpreter".to_owned(), Value::Choice("no".into())),
            ("share".to_owned(), Value::Decimal("0.5".into())),
        ],
        "`city` is not asked while `adults` is unanswered"
    );

    // confirming is saving the proposed value as an answer: then it is no proposal any more
    set(&mut a, "adults", Value::Integer(2));
    let left: Vec<String> = proposals(&form, &a)
        .into_iter()
        .map(|(path, _)| path.to_string())
        .collect();
    assert!(!left.contains(&"adults".to_owned()));
    assert!(left.contains(&"city".to_owned()), "now relevant: {left:?}");
    // a declined question has its answer too: no proposal
    a.set(p("language"), Answer::Declined);
    assert!(!proposals(&form, &a)
        .iter()
        .any(|(path, _)| *path == p("language")));

    assert_round_trips(&form);
}

#[test]
fn default_mistakes_are_refused_at_their_row() {
    let header: &[&str] = &[
        "type",
        "name",
        "label",
        "default",
        "calculation",
        "precisions",
    ];
    let cases: &[(&[&[&str]], &str)] = &[
        (&[&["integer", "n", "N", "${m}", "", ""]], "row 2, column default (D): a default must be a literal value"),
        (&[&["date", "d", "D", "today()", "", ""]], "row 2, column default (D): a default must be a literal value"),
        (&[&["text", "t", "T", "concat('a', 'b')", "", ""]], "row 2, column default (D): a default must be a literal value"),
        (&[&["integer", "n", "N", "two", "", ""]], "row 2, column default (D): the default `two` is not a whole number"),
        (&[&["decimal", "n", "N", "1,5", "", ""]], "row 2, column default (D): the default `1,5` is not a decimal number"),
        (&[&["select_one c", "s", "S", "z", "", ""]], "row 2, column default (D): the default `z` is not a choice in the list `c`"),
        (&[&["select_multiple c", "s", "S", "a a", "", ""]], "row 2, column default (D): the default names `a`"),
        (&[&["date", "d", "D", "2024-05", "", "exact"]], "row 2, column default (D): the default `2024-05` has a precision this date question does not allow"),
        (&[&["date", "d", "D", "2024-02-30", "", ""]], "row 2, column default (D): the default `2024-02-30` is not a date"),
        (&[&["integer", "n", "N", "", "", ""], &["integer", "t", "T", "3", "${n} + 1", ""]], "row 3"),
        (&[&["begin group", "g", "G", "x", "", ""], &["text", "t", "T", "", "", ""], &["end group", "", "", "", "", ""]], "row 2, column default (D): `default` applies to questions"),
    ];
    for (rows, want) in cases {
        let mut all: Vec<&[&str]> = vec![header];
        all.extend(rows.iter().copied());
        let got = problems_of(&all, &[&["list_name", "name", "label"], &["c", "a", "A"]]);
        assert!(
            got.iter().any(|p| p.contains(want)),
            "want `{want}` in {got:#?}"
        );
    }
}

#[test]
fn calculations_give_dates_and_choices() {
    let form = form_of(
        &[
            &[
                "type",
                "name",
                "label",
                "calculation",
                "read_only",
                "precisions",
            ],
            &["date", "left", "Left", "", "", "exact month"],
            &["date", "back", "Back", "", "", ""],
            &["calculate", "deadline", "", "date(${left}) + 30", "", ""],
            &["calculate", "days_away", "", "${back} - ${left}", "", ""],
            &["date", "review", "Review on", "${left} - 7", "yes", ""],
            &["select_one country", "country", "Country", "", "", ""],
            &["calculate", "same_country", "", "${country}", "", ""],
            &["integer", "age", "Age", "", "", ""],
            &[
                "select_one band",
                "band",
                "Band",
                "if(${age} < 18, 'minor', 'adult')",
                "yes",
                "",
            ],
            &["text", "note_minor", "Why", "", "", ""],
        ],
        &[
            &["list_name", "name", "label"],
            &["country", "am", "Armenia"],
            &["country", "ge", "Georgia"],
            &["band", "minor", "Minor"],
            &["band", "adult", "Adult"],
        ],
    );
    let kind = |n: &str| {
        form.question(&p(n).question_path())
            .unwrap()
            .kind()
            .value_kind()
            .as_str()
    };
    assert_eq!(kind("deadline"), "date");
    assert_eq!(kind("days_away"), "integer");
    assert_eq!(kind("same_country"), "choice");

    let mut a = Answers::new();
    set(
        &mut a,
        "left",
        Value::Date(PartialDate::exact(2024, 1, 15).unwrap()),
    );
    set(
        &mut a,
        "back",
        Value::Date(PartialDate::exact(2024, 3, 1).unwrap()),
    );
    set(&mut a, "country", Value::Choice("ge".into()));
    set(&mut a, "age", Value::Integer(16));
    assert!(calculate(&form, &mut a));
    let got = |a: &Answers, n: &str| a.get(&p(n)).cloned();
    let day = |y, m, d| {
        Some(Answer::Value(Value::Date(
            PartialDate::exact(y, m, d).unwrap(),
        )))
    };
    assert_eq!(got(&a, "deadline"), day(2024, 2, 14));
    assert_eq!(got(&a, "review"), day(2024, 1, 8));
    assert_eq!(
        got(&a, "days_away"),
        Some(Answer::Value(Value::Integer(46)))
    );
    assert_eq!(
        got(&a, "same_country"),
        Some(Answer::Value(Value::Choice("ge".into())))
    );
    assert_eq!(
        got(&a, "band"),
        Some(Answer::Value(Value::Choice("minor".into())))
    );
    assert!(validate(&form, &a).is_empty(), "{:?}", validate(&form, &a));

    // a partial date gives no computed day (nobody said which day)
    set(
        &mut a,
        "left",
        Value::Date(PartialDate::month(2024, 1).unwrap()),
    );
    assert!(calculate(&form, &mut a));
    assert_eq!(got(&a, "deadline"), None);
    assert_eq!(got(&a, "review"), None);
    assert_eq!(got(&a, "days_away"), None);

    assert_round_trips(&form);
}

#[test]
fn date_arithmetic_mistakes_are_refused_at_their_row() {
    let header: &[&str] = &["type", "name", "label", "calculation", "read_only"];
    let cases: &[(&[&[&str]], &str)] = &[
        (
            &[&["date", "d", "D", "", ""], &["calculate", "c", "", "${d} * 2", ""]],
            "row 3, column calculation (D): bad expression at column 1: `*` with a date",
        ),
        (
            &[&["date", "d", "D", "", ""], &["calculate", "c", "", "${d} + 1.5", ""]],
            "row 3, column calculation (D): bad expression at column 8: `+` with a date",
        ),
        (
            &[&["text", "t", "T", "", ""], &["calculate", "c", "", "date(${t}) + 1", ""]],
            "`date(…)` takes a date question",
        ),
        (
            &[&["date", "d", "D", "", ""], &["integer", "n", "N", "${d} + 1", "yes"]],
            "row 3, column calculation (D): the calculation gives a date, which does not fit a `integer` question",
        ),
    ];
    for (rows, want) in cases {
        let mut all: Vec<&[&str]> = vec![header];
        all.extend(rows.iter().copied());
        let got = problems_of(&all, &[]);
        assert!(
            got.iter().any(|p| p.contains(want)),
            "want `{want}` in {got:#?}"
        );
    }
}

#[test]
fn the_definition_json_takes_counts_and_defaults() {
    let form = children_form();
    let json = form.to_definition_json();
    let text = json.to_string();
    assert!(
        text.contains(r#""repeat_count":"${children_count}""#),
        "{text}"
    );
    assert!(text.contains(r#""repeat_count":"2""#), "{text}");
}

#[test]
fn definition_json_counts_and_defaults_are_checked() {
    let form = |repeat_count: &str, default: &str| {
        format!(
            r#"{{"format": 1, "id": "invented", "version": 1, "languages": ["en"], "title::en": "T",
              "sections": [{{"name": "s", "label::en": "S", "items": [
                {{"type": "integer", "name": "n", "label::en": "N", "sensitivity": "normal", "export": true, "default": {default}}},
                {{"type": "repeat", "name": "r", "label::en": "R", "repeat_count": {repeat_count}, "items": [
                  {{"type": "text", "name": "t", "label::en": "T", "sensitivity": "normal", "export": true}}]}}]}}]}}"#
        )
    };
    let ok = FormDef::parse("j", &form("3", "\"4\"")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.repeats()[0].count().unwrap().source(), "3");
    let ok = FormDef::parse("j", &form("\"${n} + 1\"", "\"4\"")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.repeats()[0].count().unwrap().source(), "${n} + 1");
    for (count, default, want) in [
        ("true", "\"4\"", "$.sections[0].items[1].repeat_count: `repeat_count` must be a whole number or an expression"),
        ("3", "4", "$.sections[0].items[0].default: `default` must be text"),
        ("3", "\"${n}\"", "$.sections[0].items[0].default: a default must be a literal value"),
        ("-2.5", "\"4\"", "$.sections[0].items[1].repeat_count: `repeat_count` must give a whole number"),
    ] {
        let err = FormDef::parse("j", &form(count, default)).unwrap_err().to_string();
        assert!(err.contains(want), "want `{want}` in {err}");
    }
}
