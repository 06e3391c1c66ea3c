//! Counted repeats (`repeat_count`) and proposed defaults in the vault: the core fits the
//! instances on every save, refuses adding or removing them by hand (except an extra one kept
//! beyond the count), never deletes answers when the count shrinks, and never records a
//! default by itself. The form and every answer are invented.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use waystone::forms::xlsform::testing::sheet;
use waystone::forms::xlsform::{write_xlsx, Workbook};
use waystone::forms::{Answer, AnswerPath, ProblemCode, Value};
use waystone::vault::VaultError;

fn p(s: &str) -> AnswerPath {
    s.parse().unwrap()
}

fn workbook() -> Vec<u8> {
    write_xlsx(&Workbook {
        sheets: vec![
            sheet(
                "survey",
                &[
                    &["type", "name", "label", "repeat_count", "default"],
                    &["begin group", "family", "Family (invented)", "", ""],
                    &["integer", "children_count", "How many children?", "", ""],
                    &["begin repeat", "children", "Child", "${children_count}", ""],
                    &["text", "first_name", "First name", "", ""],
                    &["end repeat", "", "", "", ""],
                    &["integer", "adults", "Adults", "", "2"],
                    &["end group", "", "", "", ""],
                ],
            ),
            sheet(
                "settings",
                &[&["form_id", "version"], &["invented_family", "1"]],
            ),
        ],
    })
    .unwrap()
}

#[test]
fn a_counted_repeat_follows_its_count_and_keeps_answers() {
    let t = tempfile::tempdir().unwrap();
    let mut v = vault_in(t.path(), "ana").0;
    v.import_form(&workbook(), "family").unwrap();
    let form = v.form("invented_family", Some(1)).unwrap();
    let id = v
        .create_case_with(&form, &waystone::forms::Answers::new())
        .unwrap()
        .id;
    let children = p("children");

    // by hand: refused
    let err = v.writable(&id).unwrap().add_repeat(&children).unwrap_err();
    assert!(
        matches!(&err, VaultError::Invalid(m) if m.contains("counted")),
        "{err:?}"
    );

    // the count's answer adds instances
    let out = v
        .writable(&id)
        .unwrap()
        .save_answer(&p("children_count"), Some(Answer::Value(Value::Integer(2))))
        .unwrap();
    let counted = &out.state.counted;
    assert_eq!(counted.len(), 1);
    assert_eq!((counted[0].expected, counted[0].count), (2, 2));
    // the default is proposed, not recorded
    assert!(out
        .state
        .proposed
        .iter()
        .any(|(path, value)| *path == p("adults") && *value == Value::Integer(2)));
    v.writable(&id)
        .unwrap()
        .save_answer(
            &p("children[1].first_name"),
            Some(Answer::Value(Value::Text("Invented".into()))),
        )
        .unwrap();
    // an instance within the count cannot be removed by hand
    let err = v
        .writable(&id)
        .unwrap()
        .remove_repeat(&children, 0)
        .unwrap_err();
    assert!(matches!(&err, VaultError::Invalid(m) if m.contains("counted")));

    // the count shrinks: the filled instance stays, flagged
    let out = v
        .writable(&id)
        .unwrap()
        .save_answer(&p("children_count"), Some(Answer::Value(Value::Integer(0))))
        .unwrap();
    assert_eq!(
        (out.state.counted[0].expected, out.state.counted[0].count),
        (0, 2)
    );
    assert!(out
        .state
        .problems
        .iter()
        .any(|x| x.path == children && x.code == ProblemCode::BeyondRepeatCount));
    let answers = v.readable(&id).and_then(|mut g| g.case()).unwrap().answers;
    assert_eq!(
        answers.get(&p("children[1].first_name")),
        Some(&Answer::Value(Value::Text("Invented".into())))
    );
    assert!(
        answers.get(&p("adults")).is_none(),
        "a default is never recorded by itself"
    );

    // the extra instance may be removed deliberately; then the empty one before it goes too
    v.writable(&id)
        .unwrap()
        .remove_repeat(&children, 1)
        .unwrap();
    let answers = v.readable(&id).and_then(|mut g| g.case()).unwrap().answers;
    assert_eq!(answers.repeat_count(&children), 0);
}
