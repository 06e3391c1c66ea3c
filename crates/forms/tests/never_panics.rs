//! Property tests: no input — definition, expression, path or answers — makes the engine
//! panic. Definitions come from random text, random JSON, and random mutations of the real
//! intake; answers are random values at random (often wrong) paths. All data is generated.

#![allow(clippy::panic)]

mod common;

use proptest::prelude::*;
use serde_json::Value as Json;
use waystone_forms::{
    is_relevant, is_required, latest_intake, progress, validate, Answer, AnswerPath, Answers,
    FormDef, PartialDate, Value,
};

const INTAKE_JSON: &str = include_str!("../../../forms/intake/v1.json");

fn json_leaf() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)),
        "[a-z_:]{0,12}".prop_map(Json::String),
        expression_text().prop_map(Json::String),
        ".{0,20}".prop_map(Json::String),
    ]
}

fn json_value() -> impl Strategy<Value = Json> {
    json_leaf().prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::btree_map(key(), inner, 0..8)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

/// Keys the format uses, and some it does not.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "format",
            "id",
            "version",
            "languages",
            "title::en",
            "title::ru",
            "choice_lists",
            "sections",
            "name",
            "type",
            "items",
            "label::en",
            "label::ru",
            "hint::en",
            "relevant",
            "required",
            "constraint",
            "constraint_message::en",
            "sensitivity",
            "export",
            "choices",
            "precisions",
            "time",
            "third_party",
            "comment",
            "label",
            "label::xx",
        ])
        .prop_map(str::to_owned),
        "[a-z:]{1,8}",
    ]
}

/// Token soup in the expression language, mostly well-formed tokens in random order.
fn expression_text() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "${consent_documentation}",
        "${methods}",
        "${episodes}",
        "${treatment}",
        "${x}",
        "${apprehension_date}",
        "${current_country}",
        ".",
        "'ru'",
        "'other'",
        "\"x\"",
        "1",
        "-5",
        "99999999999999999999",
        "true",
        "false",
        "and",
        "or",
        "not",
        "(",
        ")",
        ",",
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "selected(",
        "count(",
        "answered(",
        "date(",
        "'2022-09-16'",
        "${",
        "}",
        "$",
        "'",
        "!",
        "==",
        "é",
        "\u{0}",
    ]);
    prop::collection::vec(token, 0..24).prop_map(|t| t.join(" "))
}

/// Every JSON pointer in a document.
fn pointers(v: &Json, here: String, out: &mut Vec<String>) {
    match v {
        Json::Object(m) => {
            for (k, child) in m {
                let p = format!("{here}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        Json::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                let p = format!("{here}/{i}");
                out.push(p.clone());
                pointers(child, p, out);
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    Replace(Json),
    Expression(String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Delete),
        json_value().prop_map(Mutation::Replace),
        expression_text().prop_map(Mutation::Expression),
    ]
}

fn mutate(doc: &mut Json, pointer: &str, m: &Mutation) {
    match m {
        Mutation::Replace(v) => {
            if let Some(slot) = doc.pointer_mut(pointer) {
                *slot = v.clone();
            }
        }
        Mutation::Expression(e) => {
            if let Some(slot) = doc.pointer_mut(pointer) {
                *slot = Json::String(e.clone());
            }
        }
        Mutation::Delete => {
            let Some((parent, last)) = pointer.rsplit_once('/') else {
                return;
            };
            match doc.pointer_mut(parent) {
                Some(Json::Object(o)) => {
                    o.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                Some(Json::Array(a)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        if i < a.len() {
                            a.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn intake_pointers() -> Vec<String> {
    let doc: Json = serde_json::from_str(INTAKE_JSON).unwrap_or(Json::Null);
    let mut out = Vec::new();
    pointers(&doc, String::new(), &mut out);
    out
}

fn parse_must_not_panic(json: &str) {
    // Ok or Err are both fine; a loaded form must be usable without panicking either.
    if let Ok(form) = FormDef::parse("generated.json", json) {
        let answers = Answers::new();
        let _ = validate(&form, &answers);
        let _ = progress(&form, &answers);
    }
}

/// Answer paths drawn from the intake's real paths with random indices, and some nonsense.
fn answer_path() -> impl Strategy<Value = String> {
    let form = latest_intake();
    let mut names: Vec<String> = form
        .questions()
        .iter()
        .map(|q| q.path().to_string())
        .collect();
    names.extend(form.repeats().iter().map(|r| r.path().to_string()));
    names.push("nonexistent".into());
    (prop::sample::select(names), 0u32..3, 0u32..3).prop_map(|(p, i, j)| {
        let mut segs: Vec<String> = p.split('.').map(str::to_owned).collect();
        let n = segs.len();
        for (k, s) in segs.iter_mut().enumerate().take(n.saturating_sub(1)) {
            s.push_str(&format!("[{}]", if k == 0 { i } else { j }));
        }
        segs.join(".")
    })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        ".{0,8}".prop_map(Value::Text),
        any::<i64>().prop_map(Value::Integer),
        "-?[0-9]{1,20}(\\.[0-9]{1,8})?".prop_filter_map("decimal", |s| Value::decimal(&s)),
        (1000i32..2100, 1u8..13, 1u8..29).prop_filter_map("date", |(y, m, d)| {
            PartialDate::exact(y, m, d).ok().map(Value::Date)
        }),
        (1000i32..2100).prop_filter_map("year", |y| PartialDate::year(y).ok().map(Value::Date)),
        prop::sample::select(vec!["ru", "other", "beating", "yes", "x", ""])
            .prop_map(|s| Value::Choice(s.to_owned())),
        prop::collection::vec(
            prop::sample::select(vec!["beating", "other", "suicidal_thoughts", "ru", "x"]),
            0..4
        )
        .prop_map(|v| Value::Choices(v.into_iter().map(str::to_owned).collect())),
        any::<bool>().prop_map(Value::YesNo),
        ".{0,4}".prop_map(Value::PersonRef),
        ".{0,4}".prop_map(Value::PlaceRef),
        ".{0,4}".prop_map(Value::Attachment),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        4 => value().prop_map(Answer::Value),
        1 => Just(Answer::Declined),
        1 => Just(Answer::DontKnow),
        1 => Just(Answer::NotAsked),
    ]
}

fn answers_strategy() -> impl Strategy<Value = Answers> {
    (
        prop::collection::vec((answer_path(), answer()), 0..40),
        prop::collection::vec((answer_path(), 0u32..4), 0..8),
    )
        .prop_map(|(values, counts)| {
            let mut a = Answers::new();
            a.set(
                common::path("consent_documentation"),
                Answer::Value(Value::YesNo(true)),
            );
            for (p, v) in values {
                if let Ok(p) = AnswerPath::parse(&p) {
                    a.set(p, v);
                }
            }
            for (p, n) in counts {
                if let Ok(p) = AnswerPath::parse(&p) {
                    a.set_repeat_count(p, n);
                }
            }
            a
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(s in ".{0,200}") {
        parse_must_not_panic(&s);
    }

    #[test]
    fn random_json_never_panics(v in json_value()) {
        parse_must_not_panic(&v.to_string());
    }

    #[test]
    fn random_expressions_never_panic(e in expression_text()) {
        let mut doc: Json = serde_json::from_str(INTAKE_JSON).unwrap_or(Json::Null);
        // The relevant condition of a question inside the nested treatment repeat, and the
        // constraint of another.
        mutate(&mut doc, "/sections/2/items/0/items/18/items/2/relevant", &Mutation::Expression(e.clone()));
        mutate(&mut doc, "/sections/2/items/0/items/4/constraint", &Mutation::Expression(e));
        parse_must_not_panic(&doc.to_string());
    }

    #[test]
    fn answer_paths_never_panic(s in ".{0,40}") {
        if let Ok(p) = AnswerPath::parse(&s) {
            prop_assert_eq!(p.to_string(), s);
        }
    }

    #[test]
    fn random_answer_json_never_panics(v in json_value()) {
        let _ = serde_json::from_value::<Answers>(v.clone());
        let _ = serde_json::from_value::<Answer>(v);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn mutated_intake_never_panics(
        picks in prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4)
    ) {
        let ptrs = intake_pointers();
        let mut doc: Json = serde_json::from_str(INTAKE_JSON).unwrap_or(Json::Null);
        for (index, m) in &picks {
            let p = index.get(&ptrs);
            mutate(&mut doc, p, m);
        }
        parse_must_not_panic(&doc.to_string());
    }

    #[test]
    fn random_answers_never_panic(a in answers_strategy(), p in answer_path()) {
        let form = latest_intake();
        let problems = validate(&form, &a);
        let _ = progress(&form, &a);
        if let Ok(p) = AnswerPath::parse(&p) {
            let _ = is_relevant(&form, &a, &p);
            let _ = is_required(&form, &a, &p);
        }
        // Problems never repeat and are sorted.
        for w in problems.windows(2) {
            prop_assert!((&w[0].path, w[0].code) < (&w[1].path, w[1].code));
        }
        let _ = format!("{a:?}");
        // Answers survive a JSON round trip.
        let json = serde_json::to_string(&a).unwrap_or_default();
        let back: Option<Answers> = serde_json::from_str(&json).ok();
        prop_assert_eq!(back.as_ref(), Some(&a));
    }
}
