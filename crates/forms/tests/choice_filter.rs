//! Cascading selects (`choice_filter`): the supported form imports, offers only the matching
//! choices, flags an answer the filter no longer offers, round-trips through `.xlsx`; every
//! other form is refused at its row and column. Every place and answer here is invented.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use waystone_forms::xlsform::{import_tables, Sheet, Workbook};
use waystone_forms::{
    export_xlsform, import_xlsform, offered_choices, validate, Answer, AnswerPath, Answers,
    FormDef, ProblemCode, Severity, Value,
};

fn sheet(name: &str, rows: &[Vec<String>]) -> Sheet {
    Sheet {
        name: name.into(),
        rows: rows.to_vec(),
    }
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

const SURVEY_HEADER: &[&str] = &[
    "type",
    "name",
    "label::English (en)",
    "label::Russian (ru)",
    "relevant",
    "choice_filter",
];

/// An invented form: a region, a town filtered by region, a repeat of visits whose district
/// is filtered by the town outside the repeat and the visit's own kind.
fn workbook(town_filter: &str, district_filter: &str) -> Workbook {
    let survey = vec![
        row(SURVEY_HEADER),
        row(&["begin group", "where", "Where", "Где", "", ""]),
        row(&["select_one regions", "region", "Region", "Регион", "", ""]),
        row(&["select_one towns", "town", "Town", "Город", "", town_filter]),
        row(&["end group", "", "", "", "", ""]),
        row(&["begin repeat", "visits", "Visit", "Визит", "", ""]),
        row(&["select_one kinds", "kind", "Kind", "Вид", "", ""]),
        row(&[
            "select_multiple districts",
            "district",
            "Districts",
            "Районы",
            "${kind} = 'city'",
            district_filter,
        ]),
        row(&["end repeat", "", "", "", "", ""]),
    ];
    let mut choices = vec![row(&[
        "list_name",
        "name",
        "label::English (en)",
        "label::Russian (ru)",
        "region",
        "town",
        "kind",
    ])];
    for r in [
        &["regions", "north", "North", "Север", "", "", ""][..],
        &["regions", "south", "South", "Юг", "", "", ""],
        &["towns", "alder", "Alder", "Ольховка", "north", "", ""],
        &["towns", "birch", "Birch", "Берёзовка", "north", "", ""],
        &["towns", "cedar", "Cedar", "Кедровка", "south", "", ""],
        &["kinds", "city", "City", "Город", "", "", ""],
        &["kinds", "field", "Field", "Поле", "", "", ""],
        &[
            "districts",
            "d1",
            "Alder one",
            "Ольховка-1",
            "",
            "alder",
            "city",
        ],
        &[
            "districts",
            "d2",
            "Alder two",
            "Ольховка-2",
            "",
            "alder",
            "city",
        ],
        &[
            "districts",
            "d3",
            "Cedar one",
            "Кедровка-1",
            "",
            "cedar",
            "city",
        ],
    ] {
        choices.push(row(r));
    }
    Workbook {
        sheets: vec![sheet("survey", &survey), sheet("choices", &choices)],
    }
}

fn form() -> FormDef {
    match import_tables(
        &workbook("region = ${region}", "town = ${town} and ${kind} = kind"),
        "cascade",
    ) {
        Ok(i) => i.form,
        Err(e) => panic!("{e}"),
    }
}

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}

fn choice(s: &str) -> Answer {
    Answer::Value(Value::Choice(s.into()))
}

#[test]
fn the_filter_and_the_extra_columns_are_kept() {
    let f = form();
    let town = f.question(&"town".parse().unwrap()).unwrap();
    let filter = town.choice_filter().expect("a filter");
    assert_eq!(filter.source(), "region = ${region}");
    let terms: Vec<(String, String)> = filter
        .terms()
        .map(|(c, q)| (c.to_owned(), q.to_string()))
        .collect();
    assert_eq!(terms, [("region".to_owned(), "region".to_owned())]);
    let alder = f.choice_list("towns").unwrap().get("alder").unwrap();
    assert_eq!(alder.property("region"), Some("north"));
    assert_eq!(alder.property("town"), None, "an empty cell is no property");
    let district = f.question(&"visits.district".parse().unwrap()).unwrap();
    assert_eq!(district.choice_filter().unwrap().terms().count(), 2);
}

#[test]
fn only_the_matching_choices_are_offered() {
    let f = form();
    let mut a = Answers::new();
    // nothing chosen yet: only choices with an empty `region` (none)
    assert_eq!(offered_choices(&f, &a, &p("town")), Some(vec![]));
    a.set(p("region"), choice("north"));
    assert_eq!(
        offered_choices(&f, &a, &p("town")),
        Some(vec!["alder", "birch"])
    );
    a.set(p("region"), choice("south"));
    assert_eq!(offered_choices(&f, &a, &p("town")), Some(vec!["cedar"]));
    // an unfiltered question offers everything: no answer
    assert_eq!(offered_choices(&f, &a, &p("region")), None);
    // inside the repeat: the town outside and the instance's own kind
    a.set(p("town"), choice("cedar"));
    a.set_repeat_count(p("visits"), 2);
    a.set(p("visits[0].kind"), choice("city"));
    a.set(p("visits[1].kind"), choice("field"));
    assert_eq!(
        offered_choices(&f, &a, &p("visits[0].district")),
        Some(vec!["d3"])
    );
    assert_eq!(
        offered_choices(&f, &a, &p("visits[1].district")),
        Some(vec![])
    );
}

#[test]
fn an_answer_the_filter_does_not_offer_is_flagged() {
    let f = form();
    let mut a = Answers::new();
    a.set(p("region"), choice("north"));
    a.set(p("town"), choice("alder"));
    assert!(validate(&f, &a).is_empty(), "{:?}", validate(&f, &a));
    // the parent changes: the town no longer fits
    a.set(p("region"), choice("south"));
    let problems = validate(&f, &a);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, p("town"));
    assert_eq!(problems[0].code, ProblemCode::ChoiceNotOffered);
    assert_eq!(problems[0].code.as_str(), "choice_not_offered");
    assert_eq!(problems[0].code.severity(), Severity::Invalid);
    // select-many: one of the districts is not offered
    a.set(p("town"), choice("cedar"));
    a.set_repeat_count(p("visits"), 1);
    a.set(p("visits[0].kind"), choice("city"));
    a.set(
        p("visits[0].district"),
        Answer::Value(Value::Choices(vec!["d3".into()])),
    );
    assert!(validate(&f, &a).is_empty(), "{:?}", validate(&f, &a));
    a.set(
        p("visits[0].district"),
        Answer::Value(Value::Choices(vec!["d3".into(), "d1".into()])),
    );
    let codes: Vec<(String, ProblemCode)> = validate(&f, &a)
        .into_iter()
        .map(|p| (p.path.to_string(), p.code))
        .collect();
    assert_eq!(
        codes,
        [(
            "visits[0].district".to_owned(),
            ProblemCode::ChoiceNotOffered
        )]
    );
    // declined is not a choice: nothing to flag
    a.set(p("visits[0].district"), Answer::Declined);
    assert!(validate(&f, &a).is_empty());
}

#[test]
fn the_filtered_form_round_trips_through_xlsx() {
    let f = form();
    let bytes = export_xlsform(&f).unwrap();
    let again = import_xlsform(&bytes, "whatever").unwrap();
    assert_eq!(again.form.to_definition_json(), f.to_definition_json());
    // and through the canonical JSON (what the vault stores)
    let json = f.to_definition_json();
    let loaded = FormDef::parse("stored", &json.to_string()).unwrap();
    assert_eq!(loaded.to_definition_json(), json);
}

/// Negative vectors: (town filter, the problem expected as a substring of its line). Row 4 is
/// the town; column F is `choice_filter`.
#[test]
fn other_filters_are_refused_at_their_row_and_column() {
    let cases: &[(&str, &str)] = &[
        (
            "region = ${region} or region = ${town}",
            "sheet `survey`, row 4, column choice_filter (F): this choice filter is not supported (at character 20: `or` is not supported",
        ),
        (
            "selected(${region}, 'north')",
            "sheet `survey`, row 4, column choice_filter (F): this choice filter is not supported (at character 1: functions (`selected(…)`)",
        ),
        (
            "region != ${region}",
            "sheet `survey`, row 4, column choice_filter (F): this choice filter is not supported (at character 8: only `=`",
        ),
        (
            "region = 'north'",
            "sheet `survey`, row 4, column choice_filter (F): this choice filter is not supported (at character 10: constants",
        ),
        (
            "starts-with(region, ${region})",
            "sheet `survey`, row 4, column choice_filter (F): this choice filter is not supported (at character 1: functions",
        ),
        (
            "country = ${region}",
            "sheet `survey`, row 4, column choice_filter (F): no choice of the list `towns` has the column `country`",
        ),
        (
            "region = ${nowhere}",
            "sheet `survey`, row 4, column choice_filter (F): bad choice filter at column 10: unknown question `${nowhere}`",
        ),
        (
            "region = ${town}",
            "`${town}`, which is not asked before this question",
        ),
        (
            "region = ${kind}",
            "`${kind}` is inside the repeat `visits`, which does not enclose this expression",
        ),
    ];
    for (filter, expected) in cases {
        let w = workbook(filter, "");
        let problems: Vec<String> = match import_tables(&w, "cascade") {
            Ok(_) => panic!("{filter:?} was accepted"),
            Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
        };
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{filter:?}: expected {expected:?} in {problems:?}"
        );
    }
}

#[test]
fn a_filter_on_a_later_or_non_select_question_is_refused() {
    // the district filter refers to an integer question
    let mut w = workbook("region = ${region}", "town = ${n}");
    w.sheets[0]
        .rows
        .insert(7, row(&["integer", "n", "N", "N", "", ""]));
    let problems: Vec<String> = match import_tables(&w, "cascade") {
        Ok(_) => panic!("accepted"),
        Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
    };
    assert!(
        problems
            .iter()
            .any(|p| p.contains("row 9") && p.contains("not a select_one or text question")),
        "{problems:?}"
    );
}

#[test]
fn a_definition_without_filters_or_properties_still_loads() {
    // what a vault stored before choice filters existed
    let json = r#"{"format":1,"id":"old","version":1,"languages":["en"],"title::en":"Old",
        "choice_lists":{"c":[{"name":"a","label::en":"A"}]},
        "sections":[{"name":"s","label::en":"S","items":[
          {"type":"select_one","name":"q","label::en":"Q","choices":"c",
           "sensitivity":"normal","export":true}]}]}"#;
    let f = FormDef::parse("old", json).unwrap();
    let q = f.question(&"q".parse().unwrap()).unwrap();
    assert!(q.choice_filter().is_none());
    assert_eq!(
        f.choice_list("c").unwrap().choices()[0]
            .properties()
            .count(),
        0
    );
}

proptest! {
    /// For any assignment of towns to regions and any answers, the offered towns are exactly
    /// those of the chosen region, a town outside them is flagged, and the form round-trips.
    #[test]
    fn offered_and_flagged_agree_with_the_column(
        regions in prop::collection::vec(0usize..3, 1..8),
        chosen_region in 0usize..4,
        chosen_town in 0usize..8,
    ) {
        let mut survey = vec![
            row(&["type", "name", "label", "choice_filter"]),
            row(&["select_one regions", "region", "Region", ""]),
            row(&["select_one towns", "town", "Town", "region = ${region}"]),
        ];
        survey.push(row(&["text", "note_text", "Notes", ""]));
        let mut choices = vec![row(&["list_name", "name", "label", "region"])];
        for r in 0..3 {
            choices.push(row(&["regions", &format!("r{r}"), &format!("Region {r}"), ""]));
        }
        for (t, r) in regions.iter().enumerate() {
            choices.push(row(&["towns", &format!("t{t}"), &format!("Town {t}"), &format!("r{r}")]));
        }
        let w = Workbook { sheets: vec![sheet("survey", &survey), sheet("choices", &choices)] };
        let f = match import_tables(&w, "gen") {
            Ok(i) => i.form,
            Err(e) => { prop_assert!(false, "{e}"); unreachable!() }
        };
        let mut a = Answers::new();
        if chosen_region < 3 {
            a.set(p("region"), choice(&format!("r{chosen_region}")));
        }
        let expected: Vec<String> = regions
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == chosen_region)
            .map(|(t, _)| format!("t{t}"))
            .collect();
        let offered: Vec<String> = offered_choices(&f, &a, &p("town"))
            .unwrap()
            .into_iter()
            .map(str::to_owned)
            .collect();
        prop_assert_eq!(&offered, &expected);
        if chosen_town < regions.len() {
            let town = format!("t{chosen_town}");
            a.set(p("town"), choice(&town));
            let flagged = validate(&f, &a)
                .iter()
                .any(|p| p.code == ProblemCode::ChoiceNotOffered);
            prop_assert_eq!(flagged, !expected.contains(&town));
        }
        let bytes = export_xlsform(&f).unwrap();
        let again = import_xlsform(&bytes, "gen").unwrap();
        prop_assert_eq!(again.form.to_definition_json(), f.to_definition_json());
    }
}
