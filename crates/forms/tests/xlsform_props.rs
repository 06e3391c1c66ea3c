//! Property tests of the XLSForm importer: random valid XLSForm tables import without panic,
//! validate an empty interview, and round-trip through `.xlsx`; random tables of junk are
//! refused or accepted but never panic; random damage to an `.xlsx` is refused (or, where the
//! damage hit bytes nobody reads, gives the same form). All forms are generated.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use waystone_forms::xlsform::{import_tables, write_xlsx, Sheet, Workbook};
use waystone_forms::{import_xlsform, progress, validate, Answers};

/// One generated row kind.
#[derive(Debug, Clone)]
enum Gen {
    Text {
        multiline: bool,
    },
    Integer {
        constraint: bool,
    },
    Decimal {
        constraint: bool,
    },
    /// A `calculate` item (arithmetic, `if`, `concat`) over constants and the gate.
    Calculate,
    Date,
    SelectOne,
    SelectMany {
        or_other: bool,
    },
    Acknowledge,
    Image,
    Note,
    /// A repeat; counted (`repeat_count` 2) or not.
    Repeat(Vec<Gen>, bool),
}

fn gen_item() -> impl Strategy<Value = Gen> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(|multiline| Gen::Text { multiline }),
        any::<bool>().prop_map(|constraint| Gen::Integer { constraint }),
        any::<bool>().prop_map(|constraint| Gen::Decimal { constraint }),
        Just(Gen::Calculate),
        Just(Gen::Date),
        Just(Gen::SelectOne),
        any::<bool>().prop_map(|or_other| Gen::SelectMany { or_other }),
        Just(Gen::Acknowledge),
        Just(Gen::Image),
        Just(Gen::Note),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        (prop::collection::vec(inner, 1..5), any::<bool>())
            .prop_map(|(items, counted)| Gen::Repeat(items, counted))
    })
}

/// Groups (each a list of items), whether to add a loose question before them, whether the
/// questions refer to a gate question.
fn gen_form() -> impl Strategy<Value = (Vec<Vec<Gen>>, bool, bool, bool)> {
    (
        prop::collection::vec(prop::collection::vec(gen_item(), 1..6), 0..4),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
}

const HEADER: &[&str] = &[
    "type",
    "name",
    "label::English (en)",
    "label::Russian (ru)",
    "relevant",
    "required",
    "constraint",
    "constraint_message::English (en)",
    "constraint_message::Russian (ru)",
    "appearance",
    "calculation",
    "repeat_count",
    "default",
];

struct Builder {
    rows: Vec<Vec<String>>,
    n: usize,
    gate: bool,
}

impl Builder {
    fn row(&mut self, cells: &[&str]) {
        let mut r: Vec<String> = cells.iter().map(|c| (*c).to_owned()).collect();
        r.resize(HEADER.len(), String::new());
        self.rows.push(r);
    }

    fn items(&mut self, items: &[Gen], top: bool) {
        for g in items {
            self.n += 1;
            let name = format!("q{}", self.n);
            let en = format!("Invented question {}", self.n);
            let ru = format!("Вымышленный вопрос {}", self.n);
            let relevant = if self.gate && top {
                "${gate} = 'yes'"
            } else {
                ""
            };
            match g {
                Gen::Text { multiline } => self.row(&[
                    "text",
                    &name,
                    &en,
                    &ru,
                    relevant,
                    "",
                    "",
                    "",
                    "",
                    if *multiline { "multiline" } else { "" },
                ]),
                Gen::Integer { constraint } => {
                    if *constraint {
                        self.row(&[
                            "integer", &name, &en, &ru, relevant, "yes", ". >= 0", "0+", "0+",
                        ]);
                    } else {
                        // a default: proposed only, so nothing is recorded by it
                        self.row(&[
                            "integer", &name, &en, &ru, relevant, "", "", "", "", "", "", "", "3",
                        ]);
                    }
                }
                Gen::Decimal { constraint } => {
                    if *constraint {
                        self.row(&[
                            "decimal", &name, &en, &ru, relevant, "", ". > -0.5", "> -0,5",
                            "> -0,5",
                        ]);
                    } else {
                        self.row(&["decimal", &name, &en, &ru, relevant]);
                    }
                }
                Gen::Calculate => {
                    let calculation = if self.gate {
                        "if(${gate} = 'yes', round(7 div 2, 1) * 2, -1)"
                    } else {
                        "concat('n', string-length('abc') + 1 mod 2)"
                    };
                    self.row(&[
                        "calculate",
                        &name,
                        "",
                        "",
                        relevant,
                        "",
                        "",
                        "",
                        "",
                        "",
                        calculation,
                    ]);
                }
                Gen::Date => self.row(&["date", &name, &en, &ru, relevant]),
                Gen::SelectOne => self.row(&["select_one colours", &name, &en, &ru, relevant]),
                Gen::SelectMany { or_other } => self.row(&[
                    if *or_other {
                        "select_multiple colours or_other"
                    } else {
                        "select_multiple colours"
                    },
                    &name,
                    &en,
                    &ru,
                    relevant,
                ]),
                Gen::Acknowledge => self.row(&["acknowledge", &name, &en, &ru, relevant]),
                Gen::Image => self.row(&["image", &name, &en, &ru, relevant]),
                Gen::Note => self.row(&["note", &name, &en, &ru, relevant]),
                Gen::Repeat(inner, counted) => {
                    self.row(&[
                        "begin repeat",
                        &name,
                        &en,
                        &ru,
                        relevant,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        if *counted { "2" } else { "" },
                    ]);
                    self.items(inner, false);
                    self.row(&["end repeat"]);
                }
            }
        }
    }
}

fn build(groups: &[Vec<Gen>], loose: bool, gate: bool, settings: bool) -> Workbook {
    let mut b = Builder {
        rows: vec![HEADER.iter().map(|h| (*h).to_owned()).collect()],
        n: 0,
        gate,
    };
    if gate {
        b.row(&["select_one yn", "gate", "Continue?", "Продолжить?"]);
    }
    if loose || groups.is_empty() {
        b.items(&[Gen::Text { multiline: false }], true);
    }
    for (i, g) in groups.iter().enumerate() {
        let name = format!("group{i}");
        b.row(&["begin group", &name, "Invented group", "Вымышленная группа"]);
        b.items(g, true);
        b.row(&["end group"]);
    }
    let mut sheets = vec![
        Sheet {
            name: "survey".into(),
            rows: b.rows,
        },
        Sheet {
            name: "choices".into(),
            rows: [
                [
                    "list_name",
                    "name",
                    "label::English (en)",
                    "label::Russian (ru)",
                ],
                ["colours", "red", "Red", "Красный"],
                ["colours", "blue", "Blue", "Синий"],
                ["yn", "yes", "Yes", "Да"],
                ["yn", "no", "No", "Нет"],
            ]
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect(),
        },
    ];
    if settings {
        sheets.push(Sheet {
            name: "settings".into(),
            rows: vec![
                vec!["form_id".into(), "version".into(), "form_title".into()],
                vec![
                    "generated".into(),
                    "7".into(),
                    "Generated (invented)".into(),
                ],
            ],
        });
    }
    Workbook { sheets }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn valid_tables_import_validate_and_round_trip((groups, loose, gate, settings) in gen_form()) {
        let tables = build(&groups, loose, gate, settings);
        let imported = match import_tables(&tables, "generated") {
            Ok(i) => i,
            Err(e) => panic!("a valid generated form was refused: {e}"),
        };
        let mut answers = Answers::new();
        // computed values are stored like answers and fit their questions
        waystone_forms::calculate(&imported.form, &mut answers);
        let problems = validate(&imported.form, &answers);
        prop_assert!(
            problems.iter().all(|p| p.code.as_str() == "required_missing"),
            "{:?}",
            problems
        );
        prop_assert!(!waystone_forms::calculate(&imported.form, &mut answers), "one pass is enough");
        // a default is a proposal: only computed values are recorded by calculating
        prop_assert!(answers.iter().all(|(path, _)| imported
            .form
            .question(&path.question_path())
            .is_some_and(|q| q.read_only())));
        // a counted repeat has its count (2) wherever it is asked
        for (container, n) in answers.repeats() {
            prop_assert_eq!(
                Some(n),
                waystone_forms::expected_repeat_count(&imported.form, &answers, container)
            );
        }
        let _ = progress(&imported.form, &answers);
        let bytes = write_xlsx(&tables).unwrap();
        let again = import_xlsform(&bytes, "generated").unwrap();
        prop_assert_eq!(again.form.to_definition_json(), imported.form.to_definition_json());
        let exported = waystone_forms::export_xlsform(&imported.form).unwrap();
        let third = import_xlsform(&exported, "other").unwrap();
        prop_assert_eq!(third.form.to_definition_json(), imported.form.to_definition_json());
    }

    #[test]
    fn junk_tables_never_panic(
        rows in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    Just(String::new()),
                    "(text|integer|date|note|begin group|end group|begin repeat|end repeat|select_one yn|select_multiple yn or_other|acknowledge|calculate)".prop_map(String::from),
                    "[a-z]{1,6}".prop_map(String::from),
                    "\\$\\{[a-z]{1,4}\\} (=|>|<) '?[a-z0-9]{0,3}'?".prop_map(String::from),
                    ".{0,12}".prop_map(String::from),
                ],
                0..8,
            ),
            0..24,
        ),
    ) {
        let mut all = vec![HEADER.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
        all.extend(rows);
        let tables = Workbook { sheets: vec![Sheet { name: "survey".into(), rows: all }] };
        match import_tables(&tables, "junk") {
            Ok(im) => { let _ = validate(&im.form, &Answers::new()); }
            Err(e) => prop_assert!(!e.problems().is_empty()),
        }
    }

    #[test]
    fn damaged_xlsx_is_refused_or_unchanged(
        (groups, loose, gate, settings) in gen_form(),
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let tables = build(&groups, loose, gate, settings);
        let original = import_tables(&tables, "generated").unwrap();
        let mut bytes = write_xlsx(&tables).unwrap();
        for (at, byte) in &damage {
            let i = at.index(bytes.len());
            bytes[i] ^= byte | 1;
        }
        match import_xlsform(&bytes, "generated") {
            Err(e) => prop_assert!(!e.problems().is_empty() && !e.to_string().is_empty()),
            Ok(im) => prop_assert_eq!(im.form.to_definition_json(), original.form.to_definition_json()),
        }
    }
}
