//! XLSForm import and export: the built-in intake round-trips through `.xlsx`, the canonical
//! JSON round-trips through the loader, and workbooks with unsupported features are refused at
//! their rows. Every form here is invented for the tests.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use waystone_forms::xlsform::{
    export_tables, import_tables, read_workbook, write_xlsx, Sheet, Workbook,
};
use waystone_forms::{export_xlsform, import_xlsform, latest_intake, FormDef};

fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    Sheet {
        name: name.into(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
    }
}

/// Without trailing empty cells (a spreadsheet does not store them).
fn trimmed(mut w: Workbook) -> Workbook {
    for s in &mut w.sheets {
        for r in &mut s.rows {
            while r.last().is_some_and(|c| c.is_empty()) {
                r.pop();
            }
        }
    }
    w
}

#[test]
fn canonical_json_loads_back_to_itself() {
    let intake = latest_intake();
    let json = intake.to_definition_json();
    let again = FormDef::parse("canonical", &json.to_string()).expect("canonical JSON loads");
    assert_eq!(again.to_definition_json(), json);
}

#[test]
fn intake_round_trips_through_tables() {
    let intake = latest_intake();
    let tables = export_tables(&intake);
    let imported = match import_tables(&tables, "intake") {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    };
    assert!(imported.implicit_sections.is_empty());
    assert_eq!(
        imported.form.to_definition_json(),
        intake.to_definition_json()
    );
}

#[test]
fn intake_round_trips_through_xlsx() {
    let intake = latest_intake();
    let bytes = export_xlsform(&intake).expect("export");
    let imported = match import_xlsform(&bytes, "whatever") {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        imported.form.to_definition_json(),
        intake.to_definition_json()
    );
}

#[test]
fn the_committed_example_is_the_current_export() {
    // docs/examples/intake-v1.xlsx is what `form export intake` writes; regenerate it with
    // UPDATE_EXPECT=1 when the intake changes (a new version).
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/examples/intake-v1.xlsx"
    );
    let intake = latest_intake();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, export_xlsform(&intake).expect("export")).expect("write example");
    }
    let bytes = std::fs::read(path).expect("docs/examples/intake-v1.xlsx exists");
    let committed = trimmed(read_workbook(&bytes).expect("readable"));
    assert!(
        committed == trimmed(export_tables(&intake)),
        "docs/examples/intake-v1.xlsx is stale: run with UPDATE_EXPECT=1"
    );
}

fn two_language_form() -> Workbook {
    Workbook {
        sheets: vec![
            sheet(
                "survey",
                &[
                    &[
                        "type",
                        "name",
                        "label::English (en)",
                        "label::Russian (ru)",
                        "hint::English (en)",
                        "hint::Russian (ru)",
                        "required",
                        "relevant",
                        "constraint",
                        "constraint_message::English (en)",
                        "constraint_message::Russian (ru)",
                        "appearance",
                    ],
                    &[
                        "begin group",
                        "about",
                        "About (invented form)",
                        "О себе (вымышленная форма)",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "field-list",
                    ],
                    &[
                        "select_one yn",
                        "evacuated",
                        "Evacuated?",
                        "Эвакуирован(а)?",
                        "",
                        "",
                        "yes",
                        "",
                        "",
                        "",
                        "",
                        "minimal",
                    ],
                    &[
                        "text",
                        "city",
                        "City",
                        "Город",
                        "Current city",
                        "Текущий город",
                        "",
                        "${evacuated} = 'yes'",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &[
                        "text",
                        "story",
                        "Account",
                        "Рассказ",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "multiline",
                    ],
                    &[
                        "date",
                        "left_on",
                        "Left on",
                        "Дата выезда",
                        "",
                        "",
                        "",
                        "",
                        ". >= date('2017')",
                        "After 2017",
                        "После 2017",
                        "month-year",
                    ],
                    &[
                        "integer",
                        "people",
                        "How many?",
                        "Сколько?",
                        "",
                        "",
                        "",
                        "",
                        ". >= 0 and . <= 50",
                        "0–50",
                        "0–50",
                        "",
                    ],
                    &[
                        "select_multiple needs or_other",
                        "needs",
                        "Needs",
                        "Потребности",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &[
                        "image", "photo", "Photo", "Фото", "", "", "", "", "", "", "", "",
                    ],
                    &[
                        "acknowledge",
                        "ack",
                        "Understood",
                        "Понятно",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &["end group", "", "", "", "", "", "", "", "", "", "", ""],
                    &[
                        "begin repeat",
                        "moves",
                        "Move",
                        "Переезд",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &[
                        "text", "place", "Where", "Куда", "", "", "", "", "", "", "", "",
                    ],
                    &[
                        "begin repeat",
                        "stops",
                        "Stop",
                        "Остановка",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &[
                        "integer",
                        "nights",
                        "Nights",
                        "Ночей",
                        "",
                        "",
                        "",
                        "count(${stops}) > 0",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &["end repeat", "", "", "", "", "", "", "", "", "", "", ""],
                    &["end repeat", "", "", "", "", "", "", "", "", "", "", ""],
                ],
            ),
            sheet(
                "choices",
                &[
                    &[
                        "list_name",
                        "name",
                        "label::English (en)",
                        "label::Russian (ru)",
                    ],
                    &["yn", "yes", "Yes", "Да"],
                    &["yn", "no", "No", "Нет"],
                    &["needs", "housing", "Housing", "Жильё"],
                    &["needs", "medical", "Medical care", "Медицинская помощь"],
                ],
            ),
            sheet(
                "settings",
                &[
                    &["form_id", "version", "form_title", "default_language"],
                    &[
                        "invented_followup",
                        "2024061201",
                        "Follow-up (invented)",
                        "Russian (ru)",
                    ],
                ],
            ),
        ],
    }
}

#[test]
fn a_two_language_form_imports_with_its_structure() {
    let im = match import_tables(&two_language_form(), "f") {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    };
    let f = &im.form;
    assert_eq!(f.id(), "invented_followup");
    assert_eq!(f.version(), 2024061201);
    assert_eq!(f.languages(), ["ru", "en"], "the default language first");
    // the group is a section; the top-level repeat stands in an implicit section
    let names: Vec<&str> = f.sections().iter().map(|s| s.name()).collect();
    assert_eq!(names, ["about", "survey"]);
    assert_eq!(im.implicit_sections, ["survey"]);
    let kinds: Vec<(String, &str)> = f
        .questions()
        .iter()
        .map(|q| (q.path().to_string(), q.kind().as_str()))
        .collect();
    let kinds: Vec<(&str, &str)> = kinds.iter().map(|(p, k)| (p.as_str(), *k)).collect();
    assert_eq!(
        kinds,
        [
            ("evacuated", "select_one"),
            ("city", "text"),
            ("story", "long_text"),
            ("left_on", "date"),
            ("people", "integer"),
            ("needs", "select_many"),
            ("needs_other", "text"),
            ("photo", "attachment"),
            ("ack", "yes_no"),
            ("moves.place", "text"),
            ("moves.stops.nights", "integer"),
        ]
    );
    // or_other added the `other` choice
    assert!(f.choice_list("needs").unwrap().contains("other"));
    // and the whole thing round-trips through .xlsx
    let bytes = export_xlsform(f).unwrap();
    let again = import_xlsform(&bytes, "x").unwrap();
    assert_eq!(again.form.to_definition_json(), f.to_definition_json());
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

/// Negative vectors: (survey rows, the problem expected, as a substring of its line).
#[test]
fn unsupported_features_are_refused_at_their_row() {
    let header: &[&str] = &[
        "type",
        "name",
        "label",
        "choice_filter",
        "repeat_count",
        "default",
        "read_only",
        "appearance",
    ];
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "select_one_from_file towns.csv",
                "town",
                "Town",
                "",
                "",
                "",
                "",
                "",
            ],
            "row 2, column type (A): external choice lists",
        ),
        (
            &[
                "select_one towns",
                "town",
                "Town",
                "region = ${r} or region = ${s}",
                "",
                "",
                "",
                "",
            ],
            "row 2, column choice_filter (D): this choice filter is not supported (at character 15: `or` is not supported",
        ),
        (
            &["begin repeat", "kids", "Kids", "", "2.5", "", "", ""],
            "row 2, column repeat_count (E): `repeat_count` must give a whole number",
        ),
        (
            &["text", "t", "T", "", "", "now()", "", ""],
            "row 2, column default (F): a default must be a literal value",
        ),
        (
            &["text", "t", "T", "", "", "", "yes", ""],
            "row 2, column read_only (G)",
        ),
        (
            &["geopoint", "g", "G", "", "", "", "", ""],
            "row 2, column type (A): `geopoint`",
        ),
        (
            &["start", "s", "", "", "", "", "", ""],
            "row 2, column type (A): metadata",
        ),
        (
            &["text", "t", "T", "", "", "", "", "numbers"],
            "row 2, column appearance (H)",
        ),
        (
            &["frobnicate", "t", "T", "", "", "", "", ""],
            "row 2, column type (A): unknown question type",
        ),
    ];
    for (row, want) in cases {
        let mut survey: Vec<&[&str]> = vec![header, row];
        if row[0] == "begin repeat" {
            survey.push(&["text", "kid", "Kid", "", "", "", "", ""]);
            survey.push(&["end repeat", "", "", "", "", "", "", ""]);
        }
        let got = problems_of(
            &survey,
            &[&["list_name", "name", "label"], &["towns", "a", "A"]],
        );
        assert!(
            got.iter().any(|p| p.contains(want)),
            "{row:?}: expected `{want}` in {got:#?}"
        );
    }
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let got = problems_of(
        &[
            &["type", "name", "label", "relevant", "required"],
            &["note", "n1", "Intro", "", "yes"],
            &["text", "a", "A", "pulldata('f', 'c', 'k', 'v') = 'x'"],
            &["begin group", "g", "G", ""],
            &["begin group", "h", "H", ""],
            &["text", "b", "B", "${nope} = 'x'"],
            &["end group", "", "", ""],
            &["end group", "", "", ""],
            &["begin repeat", "r", "R", ""],
            &["text", "c", "C", ""],
        ],
        &[],
    );
    for want in [
        "row 2, column required (E): `required` does not apply to a note",
        "row 3, column relevant (D): `pulldata()`",
        "row 5, column type (A): a group inside a group",
        "row 6, column relevant (D)",
        "row 9, column type (A): this repeat is never closed",
    ] {
        assert!(
            got.iter().any(|p| p.contains(want)),
            "expected `{want}` in {got:#?}"
        );
    }
}

#[test]
fn damaged_files_are_refused_plainly() {
    for bytes in [&b""[..], b"not a workbook", b"PK\x03\x04garbage"] {
        let e = import_xlsform(bytes, "x").unwrap_err();
        assert!(e.to_string().contains("not a readable workbook"), "{e}");
    }
    let good = write_xlsx(&two_language_form()).unwrap();
    let mut cut = good.clone();
    cut.truncate(good.len() / 2);
    assert!(import_xlsform(&cut, "x").is_err());
}

#[test]
fn choice_names_from_existing_forms_are_kept() {
    let w = Workbook {
        sheets: vec![
            sheet(
                "survey",
                &[
                    &["type", "name", "label", "relevant"],
                    &["select_one scale", "how_often", "How often? (invented)", ""],
                    &["text", "why", "Why?", "${how_often} = '3'"],
                ],
            ),
            sheet(
                "choices",
                &[
                    &["list_name", "name", "label"],
                    &["scale", "1", "Never"],
                    &["scale", "Yes", "Sometimes"],
                    &["scale", "3", "Often"],
                    &["scale", "dont-know", "Don't know"],
                ],
            ),
        ],
    };
    let im = match import_tables(&w, "scale_form") {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    };
    let names: Vec<&str> = im
        .form
        .choice_list("scale")
        .unwrap()
        .choices()
        .iter()
        .map(|c| c.name())
        .collect();
    assert_eq!(names, ["1", "Yes", "3", "dont-know"]);
    // a space is still refused (a select-many answer is a space-separated list in XLSForm)
    let mut bad = w.clone();
    bad.sheets[1].rows[1][1] = "not ok".into();
    let e = import_tables(&bad, "scale_form").unwrap_err().to_string();
    assert!(e.contains("sheet `choices`, row 2, column name (B)"), "{e}");
}

/// A damaged `.xls` (found by the `xlsform_import` fuzz target from one of pyxform's example
/// workbooks) on which calamine 0.38 panics inside its CFB reader: the importer refuses it.
#[test]
fn a_reader_panic_is_a_refusal() {
    let bytes = include_bytes!("fixtures/damaged-cfb.xls");
    let e = import_xlsform(bytes, "x").unwrap_err().to_string();
    assert!(e.contains("damaged"), "{e}");
}

/// A compound file whose directory's sector chain loops (made by the fuzz target from a
/// corpus workbook; no person in it): calamine 0.38 would follow the loop until memory ran
/// out. The importer checks the container first and refuses it as damaged.
#[test]
fn a_looping_xls_container_is_refused_before_the_reader_follows_it() {
    let bytes = include_bytes!("fixtures/looping-cfb.xls");
    let e = import_xlsform(bytes, "x").unwrap_err().to_string();
    assert!(e.contains("damaged"), "{e}");
}

/// An `.xls` whose DIMENSIONS record declares a sheet of billions of cells (made by the fuzz
/// target; no person in it): calamine reserves room for them before reading a cell. The
/// importer reads the record first and refuses the workbook.
#[test]
fn an_xls_declaring_an_impossible_sheet_size_is_refused_before_the_reader_reserves_it() {
    let bytes = include_bytes!("fixtures/huge-dimensions.xls");
    let e = import_xlsform(bytes, "x").unwrap_err().to_string();
    assert!(
        e.contains("more than 65536 rows") || e.contains("damaged"),
        "{e}"
    );
}

/// An `.xlsx` with one value at A1 and one at XFD1048576 (the last cell a sheet has): the
/// spreadsheet reader's range would hold every cell between them, 17 billion. The importer
/// reads the cells one by one first and refuses the sheet; nothing that size is allocated.
#[test]
fn an_xlsx_with_a_value_in_its_last_cell_is_refused_before_the_range_is_built() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("survey").unwrap();
    sheet.write_string(0, 0, "type").unwrap();
    sheet.write_string(1_048_575, 16_383, "far away").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let e = import_xlsform(&bytes, "x").unwrap_err().to_string();
    assert!(e.contains("beyond 20000 rows or 256 columns"), "{e}");
}

/// A note (`type note`) is display-only text: it imports with its label, hint and relevance in
/// every language, takes no answer, counts for nothing in progress, cannot be referred to by
/// an expression, and round-trips through the export.
#[test]
fn notes_are_shown_never_answered() {
    use waystone_forms::{progress, validate, Answer, Answers, Item, Value};
    let survey: &[&[&str]] = &[
        &[
            "type",
            "name",
            "label::English (en)",
            "label::Russian (ru)",
            "hint::English (en)",
            "hint::Russian (ru)",
            "relevant",
        ],
        &[
            "integer",
            "age",
            "Age (invented)",
            "Возраст (вымышленный)",
            "",
            "",
            "",
        ],
        &[
            "note",
            "warn",
            "The next questions are hard.",
            "Следующие вопросы тяжёлые.",
            "Offer a break.",
            "Предложите перерыв.",
            "${age} >= 18",
        ],
        &[
            "text",
            "story",
            "What happened?",
            "Что случилось?",
            "",
            "",
            "",
        ],
    ];
    let wb = Workbook {
        sheets: vec![sheet("survey", survey)],
    };
    let imported = import_tables(&wb, "notes").unwrap_or_else(|e| panic!("{e}"));
    let form = &imported.form;
    let items = form.sections()[0].items();
    let Item::Note(note) = &items[1] else {
        panic!("expected a note, got {:?}", items[1]);
    };
    assert_eq!(note.label().get("ru"), Some("Следующие вопросы тяжёлые."));
    assert_eq!(
        note.hint().and_then(|h| h.get("en")),
        Some("Offer a break.")
    );
    assert_eq!(note.relevant().map(|e| e.source()), Some("${age} >= 18"));
    assert_eq!(form.questions().len(), 2, "a note is not a question");

    // no answer slot: progress counts the two questions, an answer at the note is refused
    let mut answers = Answers::new();
    answers.set("age".parse().unwrap(), Answer::Value(Value::Integer(30)));
    let counted: u32 = progress(form, &answers).iter().map(|p| p.relevant).sum();
    assert_eq!(counted, 2);
    assert!(validate(form, &answers).is_empty());
    answers.set(
        "warn".parse().unwrap(),
        Answer::Value(Value::Text("x".into())),
    );
    assert!(
        !validate(form, &answers).is_empty(),
        "an answer recorded at a note is a problem"
    );

    // skip logic applies to it like to a question
    let mut young = Answers::new();
    young.set("age".parse().unwrap(), Answer::Value(Value::Integer(16)));
    assert!(!waystone_forms::is_relevant(
        form,
        &young,
        &"warn".parse().unwrap()
    ));
    assert!(waystone_forms::is_relevant(
        form,
        &answers,
        &"warn".parse().unwrap()
    ));

    // round trip: tables, .xlsx, canonical JSON
    let again = import_tables(&export_tables(form), "notes").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.form.to_definition_json(), form.to_definition_json());
    let bytes = export_xlsform(form).unwrap();
    let again = import_xlsform(&bytes, "notes").unwrap();
    assert_eq!(again.form.to_definition_json(), form.to_definition_json());
    let json = form.to_definition_json().to_string();
    assert_eq!(
        FormDef::parse("n", &json).unwrap().to_definition_json(),
        form.to_definition_json()
    );

    // an expression may not use a note
    let got = problems_of(
        &[
            &["type", "name", "label", "relevant"],
            &["note", "intro", "Intro", ""],
            &["text", "t", "T", "${intro} = 'x'"],
        ],
        &[],
    );
    assert!(
        got.iter()
            .any(|p| p.contains("row 3") && p.contains("is a note")),
        "{got:#?}"
    );
}

/// A decimal question (invented form): imported with its constraint, answered with exact
/// decimal text, checked numerically against decimals and integers, and round-tripped.
#[test]
fn decimals_are_exact_and_compare_by_value() {
    use waystone_forms::{validate, Answer, Answers, Value};
    let survey: &[&[&str]] = &[
        &[
            "type",
            "name",
            "label::English (en)",
            "label::Russian (ru)",
            "constraint",
            "constraint_message::English (en)",
            "constraint_message::Russian (ru)",
            "relevant",
        ],
        &["integer", "rooms", "Rooms", "Комнаты", "", "", "", ""],
        &[
            "decimal",
            "weight",
            "Weight, kg",
            "Вес, кг",
            ". >= 0.5 and . < 500",
            "From 0.5 to 500",
            "От 0,5 до 500",
            "",
        ],
        &[
            "text",
            "why",
            "Why more than the rooms?",
            "Почему больше, чем комнат?",
            "",
            "",
            "",
            "${weight} > ${rooms}",
        ],
    ];
    let wb = Workbook {
        sheets: vec![sheet("survey", survey)],
    };
    let form = import_tables(&wb, "decimals")
        .unwrap_or_else(|e| panic!("{e}"))
        .form;
    let q = form.question(&"weight".parse().unwrap()).unwrap();
    assert_eq!(q.kind().as_str(), "decimal");

    let check = |weight: &str, rooms: i64| {
        let mut a = Answers::new();
        a.set(
            "rooms".parse().unwrap(),
            Answer::Value(Value::Integer(rooms)),
        );
        a.set(
            "weight".parse().unwrap(),
            Answer::Value(Value::decimal(weight).unwrap()),
        );
        let problems: Vec<String> = validate(&form, &a)
            .iter()
            .map(|p| format!("{}:{}", p.path, p.code.as_str()))
            .collect();
        let why = waystone_forms::is_relevant(&form, &a, &"why".parse().unwrap());
        (problems, why)
    };
    assert_eq!(check("0.5", 0), (vec![], true));
    assert_eq!(check("0.50", 1), (vec![], false), "0.5 < 1");
    assert_eq!(
        check("0.49999", 0),
        (vec!["weight:constraint_failed".to_owned()], true)
    );
    assert_eq!(check("2.0000001", 2), (vec![], true), "2.0000001 > 2");
    assert_eq!(check("2.000", 2), (vec![], false), "2.000 = 2");

    // a decimal text that is not canonical (built by hand) is the wrong type
    let mut a = Answers::new();
    a.set(
        "weight".parse().unwrap(),
        Answer::Value(Value::Decimal("1,5".into())),
    );
    let codes: Vec<&str> = validate(&form, &a)
        .iter()
        .map(|p| p.code.as_str())
        .collect();
    assert_eq!(codes, ["wrong_type"]);

    // round trip: tables, .xlsx, canonical JSON
    let again = import_tables(&export_tables(&form), "decimals").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.form.to_definition_json(), form.to_definition_json());
    let bytes = export_xlsform(&form).unwrap();
    let again = import_xlsform(&bytes, "decimals").unwrap();
    assert_eq!(again.form.to_definition_json(), form.to_definition_json());
}

/// Calculations (invented form): a `calculate` item and a read-only question showing a computed
/// value; computed in form order by `calculate()`, typed at load, only from earlier answers,
/// never counted as something to ask, and round-tripped.
#[test]
fn calculations_are_computed_from_earlier_answers() {
    use waystone_forms::{calculate, progress, validate, Answer, Answers, Value};
    let survey: &[&[&str]] = &[
        &[
            "type",
            "name",
            "label::English (en)",
            "label::Russian (ru)",
            "calculation",
            "read_only",
            "relevant",
        ],
        &["integer", "nights", "Nights", "Ночей", "", "", ""],
        &[
            "decimal",
            "rate",
            "Cost a night",
            "Цена за ночь",
            "",
            "",
            "",
        ],
        &["calculate", "total", "", "", "${nights} * ${rate}", "", ""],
        &["calculate", "big", "", "", "${total} > 100", "", ""],
        &[
            "text",
            "summary",
            "Summary",
            "Итог",
            "concat(${nights}, ' x ', ${rate}, ' = ', round(${total}, 1))",
            "yes",
            "",
        ],
        &[
            "text",
            "why",
            "Why so much?",
            "Почему так дорого?",
            "",
            "",
            "${big}",
        ],
    ];
    let form = import_tables(
        &Workbook {
            sheets: vec![sheet("survey", survey)],
        },
        "calc",
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .form;
    let q = |n: &str| form.question(&n.parse().unwrap()).unwrap();
    assert_eq!(q("total").kind().value_kind().as_str(), "decimal");
    assert_eq!(q("big").kind().value_kind().as_str(), "yes_no");
    assert!(q("summary").read_only() && !q("summary").is_calculate());

    let mut a = Answers::new();
    a.set("nights".parse().unwrap(), Answer::Value(Value::Integer(3)));
    a.set(
        "rate".parse().unwrap(),
        Answer::Value(Value::decimal("40.15").unwrap()),
    );
    assert!(calculate(&form, &mut a));
    let got = |a: &Answers, n: &str| a.get(&n.parse().unwrap()).cloned();
    assert_eq!(
        got(&a, "total"),
        Some(Answer::Value(Value::Decimal("120.45".into())))
    );
    assert_eq!(got(&a, "big"), Some(Answer::Value(Value::YesNo(true))));
    assert_eq!(
        got(&a, "summary"),
        Some(Answer::Value(Value::Text("3 x 40.15 = 120.5".into())))
    );
    assert!(!calculate(&form, &mut a), "a second pass changes nothing");
    assert!(waystone_forms::is_relevant(
        &form,
        &a,
        &"why".parse().unwrap()
    ));
    assert!(validate(&form, &a).is_empty(), "{:?}", validate(&form, &a));
    // computed values are nobody's answer to give: progress counts nights, rate and why
    let counted: u32 = progress(&form, &a).iter().map(|p| p.relevant).sum();
    assert_eq!(counted, 3);
    // an input goes: the values that depend on it go too (nothing is invented)
    a.remove(&"rate".parse().unwrap());
    assert!(calculate(&form, &mut a));
    assert_eq!(got(&a, "total"), None);
    assert_eq!(got(&a, "big"), None);
    assert_eq!(
        got(&a, "summary"),
        None,
        "a missing part leaves no joined text with a hole in it"
    );

    // round trip: tables, .xlsx, canonical JSON
    let again = import_tables(&export_tables(&form), "calc").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.form.to_definition_json(), form.to_definition_json());
    let bytes = export_xlsform(&form).unwrap();
    let again = import_xlsform(&bytes, "calc").unwrap();
    assert_eq!(again.form.to_definition_json(), form.to_definition_json());
    let json = form.to_definition_json().to_string();
    assert_eq!(
        FormDef::parse("c", &json).unwrap().to_definition_json(),
        form.to_definition_json()
    );
}

/// Negative vectors for calculations and read-only questions, each at its row and column.
#[test]
fn calculation_mistakes_are_refused_at_their_row() {
    let header: &[&str] = &["type", "name", "label", "calculation", "read_only"];
    let cases: &[(&[&[&str]], &str)] = &[
        (
            &[&["calculate", "c", "", "${later} + 1", ""], &["integer", "later", "L", "", ""]],
            "row 2, column calculation (D): the calculation uses `${later}`, which does not come before it",
        ),
        (
            &[&["calculate", "c", "", "${c} + 1", ""]],
            "row 2, column calculation (D): the calculation uses `${c}`",
        ),
        (
            &[&["text", "t", "T", "", "yes"]],
            "row 2, column read_only (E): a read-only question needs a `calculation`",
        ),
        (
            &[&["integer", "n", "N", "", ""], &["integer", "t", "T", "${n} + 1", ""]],
            "row 3, column calculation (D): a question with a `calculation` must be `read_only`",
        ),
        (
            &[&["decimal", "n", "N", "", ""], &["integer", "t", "T", "${n} * 2", "yes"]],
            "row 3, column calculation (D): the calculation gives a decimal number, which does not fit a `integer` question",
        ),
        (
            &[&["calculate", "c", "", "", ""]],
            "row 2",
        ),
        (
            &[&["calculate", "c", "", "pulldata('a', 'b', 'c', 'd')", ""]],
            "row 2, column calculation (D): `pulldata()` reads external data",
        ),
        (
            &[&["calculate", "c", "", "today()", ""]],
            "row 2, column calculation (D): a computed value may use only the answers, not the current date or time: `today()`",
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

/// A calculation inside a repeat (invented form) is computed per instance, from that
/// instance's answers; `count()` of the enclosing repeat counts every instance.
#[test]
fn calculations_in_a_repeat_use_their_own_instance() {
    use waystone_forms::{calculate, Answer, Answers, Value};
    let survey: &[&[&str]] = &[
        &["type", "name", "label", "calculation"],
        &["begin repeat", "stays", "Stay (invented)", ""],
        &["integer", "days", "Days", ""],
        &["calculate", "weeks", "", "round(${days} div 7, 1)"],
        &["calculate", "of", "", "count(${stays})"],
        &["end repeat", "", "", ""],
    ];
    let form = import_tables(
        &Workbook {
            sheets: vec![sheet("survey", survey)],
        },
        "stays",
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .form;
    let mut a = Answers::new();
    a.set_repeat_count("stays".parse().unwrap(), 2);
    a.set(
        "stays[0].days".parse().unwrap(),
        Answer::Value(Value::Integer(10)),
    );
    a.set(
        "stays[1].days".parse().unwrap(),
        Answer::Value(Value::Integer(3)),
    );
    assert!(calculate(&form, &mut a));
    let got = |p: &str| a.get(&p.parse().unwrap()).cloned();
    assert_eq!(
        got("stays[0].weeks"),
        Some(Answer::Value(Value::Decimal("1.4".into())))
    );
    assert_eq!(
        got("stays[1].weeks"),
        Some(Answer::Value(Value::Decimal("0.4".into())))
    );
    assert_eq!(got("stays[0].of"), Some(Answer::Value(Value::Integer(2))));
    assert_eq!(got("stays[1].of"), Some(Answer::Value(Value::Integer(2))));
}
