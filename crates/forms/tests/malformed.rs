//! Malformed definitions: every problem is reported (not just the first), each with the file,
//! a JSON-path-like place and a reason. The fixture form is invented.

#![allow(clippy::panic)]

use serde_json::{json, Value as Json};
use waystone_forms::{DefinitionErrors, FormDef};

const FILE: &str = "forms/mini/v1.json";

/// A small valid form touching every construct: a choice list, a select, skip logic, a
/// repeat nested in a repeat, a constraint.
fn base() -> Json {
    json!({
        "format": 1,
        "id": "mini",
        "version": 1,
        "languages": ["en", "ru"],
        "title::en": "Mini", "title::ru": "Мини",
        "choice_lists": {
            "colours": [
                {"name": "red", "label::en": "Red", "label::ru": "Красный"},
                {"name": "blue", "label::en": "Blue", "label::ru": "Синий"}
            ]
        },
        "sections": [{
            "name": "main", "label::en": "Main", "label::ru": "Основное",
            "items": [
                {"type": "yes_no", "name": "consent", "label::en": "Consent?",
                 "label::ru": "Согласие?", "required": true, "sensitivity": "normal",
                 "export": true},
                {"type": "select_one", "name": "colour", "choices": "colours",
                 "label::en": "Colour", "label::ru": "Цвет", "relevant": "${consent}",
                 "sensitivity": "normal", "export": true},
                {"type": "repeat", "name": "events", "label::en": "Event",
                 "label::ru": "Событие", "items": [
                    {"type": "date", "name": "when", "label::en": "When",
                     "label::ru": "Когда", "sensitivity": "testimony", "export": true},
                    {"type": "repeat", "name": "acts", "label::en": "Act",
                     "label::ru": "Действие", "relevant": "${consent} and answered(${when})",
                     "items": [
                        {"type": "integer", "name": "times", "label::en": "Times",
                         "label::ru": "Сколько раз", "constraint": ". >= 1",
                         "constraint_message::en": "At least once",
                         "constraint_message::ru": "Не меньше одного раза",
                         "sensitivity": "testimony", "export": true}
                    ]}
                ]}
            ]
        }]
    })
}

/// Applies `edits` (JSON pointer → new value, `None` to delete) to the base form.
fn edited(edits: &[(&str, Option<Json>)]) -> Json {
    let mut v = base();
    for (pointer, new) in edits {
        match new {
            Some(new) => match v.pointer_mut(pointer) {
                Some(slot) => *slot = new.clone(),
                None => {
                    // Insert a new key into the parent object.
                    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                    match v.pointer_mut(parent).and_then(Json::as_object_mut) {
                        Some(obj) => {
                            obj.insert(key.replace("~1", "/").replace("~0", "~"), new.clone());
                        }
                        None => panic!("no parent for {pointer}"),
                    }
                }
            },
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                match v.pointer_mut(parent) {
                    Some(Json::Object(obj)) => {
                        obj.remove(key);
                    }
                    _ => panic!("no parent for {pointer}"),
                }
            }
        }
    }
    v
}

fn errors_of(json: &str) -> DefinitionErrors {
    match FormDef::parse(FILE, json) {
        Ok(_) => panic!("expected errors for {json}"),
        Err(e) => e,
    }
}

/// `check(definition, expected)`: exactly these problems, as `(place, reason fragment)`, in
/// any order; each carries the file name.
fn check(v: &Json, expected: &[(&str, &str)]) {
    let errors = errors_of(&v.to_string());
    let listing = errors.to_string();
    assert_eq!(errors.len(), expected.len(), "{listing}");
    for e in errors.errors() {
        assert_eq!(e.source_name, FILE);
        assert!(!e.reason.is_empty());
        assert!(
            e.to_string().starts_with(&format!("{FILE}: {}: ", e.place)),
            "{e}"
        );
    }
    for (place, fragment) in expected {
        assert!(
            errors
                .errors()
                .iter()
                .any(|e| e.place == *place && e.reason.contains(fragment)),
            "missing ({place}, {fragment}) in\n{listing}"
        );
    }
}

const Q0: &str = "/sections/0/items/0";
const Q1: &str = "/sections/0/items/1";
const ACTS: &str = "/sections/0/items/2/items/1";
const TIMES: &str = "/sections/0/items/2/items/1/items/0";

#[test]
fn base_fixture_is_valid() {
    let form = FormDef::parse(FILE, &base().to_string());
    assert!(form.is_ok(), "{:?}", form.err().map(|e| e.to_string()));
}

#[test]
fn missing_russian_label() {
    check(
        &edited(&[(&format!("{Q1}/label::ru"), None)]),
        &[("$.sections[0].items[1]", "missing `label::ru`")],
    );
    check(
        &edited(&[(&format!("{TIMES}/constraint_message::ru"), None)]),
        &[(
            "$.sections[0].items[2].items[1].items[0]",
            "missing `constraint_message::ru`",
        )],
    );
    check(
        &edited(&[("/choice_lists/colours/1/label::ru", Some(json!("  ")))]),
        &[("$.choice_lists.colours[1][\"label::ru\"]", "is empty")],
    );
    check(
        &edited(&[("/title::ru", None)]),
        &[("$", "missing `title::ru`")],
    );
}

#[test]
fn unknown_choice_list() {
    check(
        &edited(&[(&format!("{Q1}/choices"), Some(json!("flavours")))]),
        &[(
            "$.sections[0].items[1].choices",
            "unknown choice list `flavours`",
        )],
    );
}

#[test]
fn bad_expressions() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "${consent",
            "$.sections[0].items[1].relevant",
            "column 1: `${` is not closed",
        ),
        (
            "${nobody}",
            "$.sections[0].items[1].relevant",
            "unknown question `${nobody}`",
        ),
        (
            "${colour} = 'green'",
            "$.sections[0].items[1].relevant",
            "'green' is not a choice",
        ),
        (
            "${consent} = 1",
            "$.sections[0].items[1].relevant",
            "cannot compare",
        ),
        (
            ". = true",
            "$.sections[0].items[1].relevant",
            "only allowed in a constraint",
        ),
        (
            "${times} > 1",
            "$.sections[0].items[1].relevant",
            "inside the repeat `events.acts`, which does not enclose",
        ),
        (
            "${events}",
            "$.sections[0].items[1].relevant",
            "use `count(…)`",
        ),
    ];
    for (expr, place, fragment) in cases {
        check(
            &edited(&[(&format!("{Q1}/relevant"), Some(json!(expr)))]),
            &[(place, fragment)],
        );
    }
    // Expressions resolve outwards: the inner repeat sees the episode and the top level.
    let ok = edited(&[(
        &format!("{TIMES}/relevant"),
        Some(json!(
            "${consent} and ${when} < date('2022-09-16') and count(${acts}) < 5"
        )),
    )]);
    assert!(FormDef::parse(FILE, &ok.to_string()).is_ok());
    check(
        &edited(&[(&format!("{Q0}/required"), Some(json!(7)))]),
        &[(
            "$.sections[0].items[0].required",
            "true, false or an expression",
        )],
    );
    check(
        &edited(&[(&format!("{TIMES}/constraint"), Some(json!(". = 'x'")))]),
        &[(
            "$.sections[0].items[2].items[1].items[0].constraint",
            "cannot compare an integer with text",
        )],
    );
}

#[test]
fn duplicate_names() {
    check(
        &edited(&[(&format!("{Q1}/name"), Some(json!("consent")))]),
        &[(
            "$.sections[0].items[1].name",
            "duplicate name `consent` (also at $.sections[0].items[0])",
        )],
    );
    // A repeat may not reuse a name visible from outside it.
    check(
        &edited(&[(&format!("{TIMES}/name"), Some(json!("when")))]),
        &[(
            "$.sections[0].items[2].items[1].items[0].name",
            "`when` is already used in an enclosing scope",
        )],
    );
    check(
        &edited(&[("/choice_lists/colours/1/name", Some(json!("red")))]),
        &[("$.choice_lists.colours[1].name", "duplicate choice `red`")],
    );
    let mut two_sections = base();
    if let Some(Json::Array(sections)) = two_sections.pointer_mut("/sections") {
        let mut copy = sections[0].clone();
        copy["items"] = json!([{"type": "text", "name": "note", "label::en": "Note",
            "label::ru": "Заметка", "sensitivity": "internal", "export": false}]);
        sections.push(copy);
    }
    check(
        &two_sections,
        &[("$.sections[1].name", "duplicate section name `main`")],
    );
}

#[test]
fn repeats_need_children() {
    check(
        &edited(&[(&format!("{ACTS}/items"), Some(json!([])))]),
        &[(
            "$.sections[0].items[2].items[1].items",
            "a repeat needs at least one item",
        )],
    );
    check(
        &edited(&[(&format!("{ACTS}/items"), None)]),
        &[("$.sections[0].items[2].items[1]", "a repeat needs `items`")],
    );
    check(
        &edited(&[("/sections/0/items", Some(json!([])))]),
        &[("$.sections[0].items", "a section needs at least one item")],
    );
}

#[test]
fn wrong_types() {
    check(
        &edited(&[(&format!("{Q0}/type"), Some(json!("number")))]),
        &[(
            "$.sections[0].items[0].type",
            "unknown question type `number`",
        )],
    );
    check(
        &edited(&[(&format!("{Q0}/type"), Some(json!(3)))]),
        &[("$.sections[0].items[0].type", "`type` must be text")],
    );
    check(
        &edited(&[(&format!("{Q0}/export"), Some(json!("yes")))]),
        &[("$.sections[0].items[0].export", "must be true or false")],
    );
    check(
        &edited(&[(&format!("{Q0}/sensitivity"), Some(json!("secret")))]),
        &[(
            "$.sections[0].items[0].sensitivity",
            "unknown sensitivity `secret`",
        )],
    );
    check(
        &edited(&[(&format!("{Q1}/type"), Some(json!("text")))]),
        &[(
            "$.sections[0].items[1].choices",
            "not allowed on a `text` question",
        )],
    );
    check(
        &edited(&[(&format!("{Q1}/choices"), None)]),
        &[("$.sections[0].items[1]", "needs `choices`")],
    );
    check(
        &edited(&[("/sections", Some(json!({})))]),
        &[("$.sections", "must be a list")],
    );
    check(&json!([1, 2]), &[("$", "must be an object")]);
}

#[test]
fn other_problems_each_with_a_place() {
    let cases: Vec<(Json, &str, &str)> = vec![
        (
            edited(&[(&format!("{Q0}/requried"), Some(json!(true)))]),
            "$.sections[0].items[0].requried",
            "unknown field `requried`",
        ),
        (
            edited(&[(&format!("{Q0}/label"), Some(json!("Consent")))]),
            "$.sections[0].items[0].label",
            "needs a language",
        ),
        (
            edited(&[(&format!("{Q0}/label::de"), Some(json!("Zustimmung")))]),
            "$.sections[0].items[0][\"label::de\"]",
            "language `de` is not declared",
        ),
        (
            edited(&[(&format!("{Q0}/sensitivity"), None)]),
            "$.sections[0].items[0]",
            "missing `sensitivity`",
        ),
        (
            edited(&[(&format!("{Q0}/export"), None)]),
            "$.sections[0].items[0]",
            "missing `export`",
        ),
        (
            edited(&[(&format!("{Q0}/sensitivity"), Some(json!("internal")))]),
            "$.sections[0].items[0].export",
            "never exported",
        ),
        (
            edited(&[(&format!("{TIMES}/constraint"), None)]),
            "$.sections[0].items[2].items[1].items[0]",
            "`constraint_message` without a `constraint`",
        ),
        (
            edited(&[
                (&format!("{TIMES}/constraint_message::en"), None),
                (&format!("{TIMES}/constraint_message::ru"), None),
            ]),
            "$.sections[0].items[2].items[1].items[0]",
            "needs a `constraint_message`",
        ),
        (
            edited(&[(&format!("{Q1}/name"), Some(json!("Colour")))]),
            "$.sections[0].items[1].name",
            "not a valid name",
        ),
        (
            edited(&[("/choice_lists/colours/0/name", Some(json!("dark red")))]),
            "$.choice_lists.colours[0].name",
            "not a valid choice name",
        ),
        (
            edited(&[("/choice_lists/colours/0/name", Some(json!("")))]),
            "$.choice_lists.colours[0].name",
            "not a valid choice name",
        ),
        (
            edited(&[("/id", Some(json!("Mini Form")))]),
            "$.id",
            "valid name",
        ),
        (
            edited(&[("/version", Some(json!(0)))]),
            "$.version",
            "from 1",
        ),
        (
            edited(&[("/format", Some(json!(2)))]),
            "$.format",
            "unsupported",
        ),
        (edited(&[("/format", None)]), "$", "missing `format`"),
        (
            edited(&[("/languages", Some(json!(["en", "EN"])))]),
            "$.languages[1]",
            "lowercase code",
        ),
        (
            edited(&[("/choice_lists/colours", Some(json!([])))]),
            "$.choice_lists.colours",
            "at least one choice",
        ),
        (
            edited(&[(
                "/sections/0/items/2/items/0/precisions",
                Some(json!(["exact", "fortnight"])),
            )]),
            "$.sections[0].items[2].items[0].precisions[1]",
            "unknown precision",
        ),
        (
            edited(&[
                (
                    "/sections/0/items/2/items/0/precisions",
                    Some(json!(["year"])),
                ),
                ("/sections/0/items/2/items/0/time", Some(json!(true))),
            ]),
            "$.sections[0].items[2].items[0].time",
            "needs the `exact` precision",
        ),
        (
            edited(&[(&format!("{Q0}/comment"), Some(json!(1)))]),
            "$.sections[0].items[0].comment",
            "must be text",
        ),
    ];
    for (v, place, fragment) in &cases {
        check(v, &[(place, fragment)]);
    }
}

#[test]
fn relevance_cycles_and_chains() {
    check(
        &edited(&[(&format!("{Q0}/relevant"), Some(json!("${colour} = 'red'")))]),
        &[("$.sections[0].items[1].relevant", "cycle: colour, consent")],
    );
    check(
        &edited(&[(&format!("{Q0}/relevant"), Some(json!("${consent}")))]),
        &[("$.sections[0].items[0].relevant", "cycle: consent")],
    );
    // A chain of twenty questions, each asked only if the previous one was answered yes.
    let mut items = vec![json!({"type": "yes_no", "name": "q0", "label::en": "Q",
        "label::ru": "В", "sensitivity": "normal", "export": true})];
    for i in 1..20 {
        items.push(
            json!({"type": "yes_no", "name": format!("q{i}"), "label::en": "Q",
            "label::ru": "В", "relevant": format!("${{q{}}}", i - 1),
            "sensitivity": "normal", "export": true}),
        );
    }
    let chain = edited(&[("/sections/0/items", Some(Json::Array(items)))]);
    let errors = errors_of(&chain.to_string());
    assert_eq!(errors.len(), 1, "{errors}");
    assert!(
        errors.errors()[0].reason.contains("chain of more than"),
        "{errors}"
    );
}

#[test]
fn repeats_nest_at_most_four_deep() {
    let leaf = json!({"type": "text", "name": "x", "label::en": "X", "label::ru": "Икс",
        "sensitivity": "normal", "export": true});
    let mut inner = leaf;
    for depth in (1..=5).rev() {
        inner = json!({"type": "repeat", "name": format!("r{depth}"), "label::en": "R",
            "label::ru": "Р", "items": [inner]});
    }
    let v = edited(&[("/sections/0/items", Some(json!([inner])))]);
    check(
        &v,
        &[(
            "$.sections[0].items[0].items[0].items[0].items[0].items[0]",
            "repeats nest at most 4 deep",
        )],
    );
}

#[test]
fn all_problems_are_collected() {
    let v = edited(&[
        (&format!("{Q0}/type"), Some(json!("number"))),
        (&format!("{Q1}/label::ru"), None),
        (&format!("{Q1}/choices"), Some(json!("flavours"))),
        (&format!("{ACTS}/items"), Some(json!([]))),
        ("/sections/0/items/2/items/0/name", Some(json!("colour"))),
        ("/version", Some(json!("one"))),
    ]);
    check(
        &v,
        &[
            ("$.version", "must be a number"),
            (
                "$.sections[0].items[0].type",
                "unknown question type `number`",
            ),
            ("$.sections[0].items[1]", "missing `label::ru`"),
            (
                "$.sections[0].items[1].choices",
                "unknown choice list `flavours`",
            ),
            (
                "$.sections[0].items[2].items[1].items",
                "a repeat needs at least one item",
            ),
            (
                "$.sections[0].items[2].items[0].name",
                "`colour` is already used in an enclosing scope",
            ),
            // Renaming `when` leaves a reference to it dangling: a real second problem.
            (
                "$.sections[0].items[2].items[1].relevant",
                "unknown question `${when}`",
            ),
        ],
    );
}

#[test]
fn not_json_at_all() {
    let errors = errors_of("{\"format\": 1,");
    assert_eq!(errors.len(), 1);
    let e = &errors.errors()[0];
    assert_eq!(e.source_name, FILE);
    assert!(e.place.starts_with("line 1 column"), "{e}");
    assert!(e.reason.starts_with("not valid JSON"), "{e}");
    let errors = errors_of("");
    assert_eq!(errors.len(), 1);
}

/// Choice filters and choice `properties` in the definition JSON: each problem at its place.
#[test]
fn bad_choice_filters_and_properties() {
    let with_props = |filter: &str| {
        edited(&[
            (
                "/choice_lists/colours/0/properties",
                Some(json!({"tone": "warm"})),
            ),
            (&format!("{Q1}/choice_filter"), Some(json!(filter))),
        ])
    };
    let q1 = "$.sections[0].items[1].choice_filter";
    // a yes/no answer is not compared
    check(
        &with_props("tone = ${consent}"),
        &[(
            q1,
            "`${consent}`, which is not a select_one or text question",
        )],
    );
    check(
        &with_props("tone = ${colour}"),
        &[(q1, "`${colour}`, which is not asked before this question")],
    );
    check(
        &with_props("shade = ${nowhere}"),
        &[(
            q1,
            "bad choice filter at column 9: unknown question `${nowhere}`",
        )],
    );
    check(
        &with_props("tone = ${when}"),
        &[(q1, "inside the repeat `events`, which does not enclose")],
    );
    check(
        &with_props("tone = ${consent} or tone = ${consent}"),
        &[(q1, "`or` is not supported")],
    );
    check(&with_props(""), &[(q1, "")]);
    // a filter on a question that is not a select
    check(
        &edited(&[(
            &format!("{Q0}/choice_filter"),
            Some(json!("tone = ${colour}")),
        )]),
        &[(
            "$.sections[0].items[0].choice_filter",
            "`choice_filter` is not allowed on a `yes_no` question",
        )],
    );
    // properties: an object of names → text
    check(
        &edited(&[("/choice_lists/colours/0/properties", Some(json!(["warm"])))]),
        &[("$.choice_lists.colours[0].properties", "must be an object")],
    );
    check(
        &edited(&[(
            "/choice_lists/colours/0/properties",
            Some(json!({"tone": 3, "Bad Name": "x"})),
        )]),
        &[
            ("$.choice_lists.colours[0].properties.tone", "must be text"),
            (
                "$.choice_lists.colours[0].properties[\"Bad Name\"]",
                "not a valid choice column name",
            ),
        ],
    );
}
