//! The intake vocabulary (`waystone::cases::vocabulary`): the list of paths the code reads is
//! held to the code itself (every intake path named in a string of the readers' source is
//! listed with that reader), docs/intake-vocabulary.md's table is held to the list and the
//! built-in intake (`UPDATE_EXPECT=1` rewrites it), and the check reports each path a form
//! lacks or names differently, precisely. Every form here is invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use waystone::cases::vocabulary::{self, ChoiceNames, Mismatch, Reader, Shape, TERMS};
use waystone::forms::xlsform::{write_xlsx, Sheet, Workbook};
use waystone::forms::{FormDef, QuestionPath};

const READERS: &[(Reader, &str)] = &[
    (Reader::Board, "src/board"),
    (Reader::Cases, "src/cases"),
    (Reader::Desk, "src/desk"),
    (Reader::Exchange, "src/exchange"),
    (Reader::Legal, "src/legal"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The string literals of a Rust source (escapes kept as written; enough for path names).
fn literals(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.chars().peekable();
    let mut in_str: Option<String> = None;
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        match &mut in_str {
            None => {
                // a char literal '"' is not a string
                if c == '"' && prev != '\'' {
                    in_str = Some(String::new());
                } else if c == '/' && chars.peek() == Some(&'/') {
                    // a line comment
                    for d in chars.by_ref() {
                        if d == '\n' {
                            break;
                        }
                    }
                }
            }
            Some(s) => match c {
                '\\' => {
                    s.push(c);
                    if let Some(d) = chars.next() {
                        s.push(d);
                    }
                }
                '"' => out.push(in_str.take().unwrap()),
                _ => s.push(c),
            },
        }
        prev = c;
    }
    out
}

/// A literal as a question path: indices (`[0]`, `[{e}]`, `[{i}]`) dropped; `{base}.name`
/// resolved when `name` ends exactly one intake path.
fn as_intake_path(lit: &str, intake_paths: &BTreeSet<String>) -> Option<String> {
    let mut s = String::new();
    let mut depth = 0;
    for c in lit.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => s.push(c),
            _ => {}
        }
    }
    if intake_paths.contains(&s) {
        return Some(s);
    }
    let (_, name) = s.split_once("}.")?;
    if !s.starts_with('{') || name.contains(['{', '}', ' ']) {
        return None;
    }
    let ends: Vec<&String> = intake_paths
        .iter()
        .filter(|p| p.rsplit('.').next() == Some(name) && p.contains('.'))
        .collect();
    match ends.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

fn intake_paths() -> BTreeSet<String> {
    let intake = waystone::forms::latest_intake();
    intake
        .questions()
        .iter()
        .map(|q| q.path().to_string())
        .chain(intake.repeats().iter().map(|r| r.path().to_string()))
        .collect()
}

#[test]
fn every_intake_path_the_code_names_is_in_the_list_with_its_reader() {
    let paths = intake_paths();
    let mut found: BTreeMap<String, BTreeSet<Reader>> = BTreeMap::new();
    for (reader, dir) in READERS {
        let mut files = Vec::new();
        rust_files(&root().join(dir), &mut files);
        for f in files {
            // the list itself is not a reader
            if f.ends_with("cases/vocabulary.rs") {
                continue;
            }
            let src = std::fs::read_to_string(&f).unwrap();
            // unit tests name paths of their own fixtures
            let src = src.split("#[cfg(test)]").next().unwrap();
            for lit in literals(src) {
                if let Some(p) = as_intake_path(&lit, &paths) {
                    found.entry(p).or_default().insert(*reader);
                }
            }
        }
    }
    assert!(found.len() > 40, "the scan found too little: {found:?}");
    let mut unlisted = Vec::new();
    for (path, readers) in &found {
        let term = TERMS.iter().find(|t| t.path == path);
        for r in readers {
            if !term.is_some_and(|t| t.read_by.contains(r)) {
                unlisted.push(format!("{path} read by {}", r.folder()));
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "add these to cases::vocabulary::TERMS: {unlisted:#?}"
    );
    // and every listed path is an intake path the list can describe
    let intake = waystone::forms::latest_intake();
    for t in TERMS {
        assert!(
            vocabulary::intake_shape(&intake, t).is_some(),
            "{} is not in the built-in intake",
            t.path
        );
    }
}

/// The doc's table, as the list and the built-in intake say it.
fn table() -> String {
    let intake = waystone::forms::latest_intake();
    let mut out = String::from(
        "| path | intake section | type (choice list) | choice names needed | read by |\n|---|---|---|---|---|\n",
    );
    for t in TERMS {
        let qp = QuestionPath::parse(t.path).unwrap();
        let item = intake.item(&qp).unwrap();
        let section = intake.sections()[item.section_index()].name();
        let (ty, needed) = match vocabulary::intake_shape(&intake, t).unwrap() {
            Shape::Repeat => ("repeat".to_owned(), String::new()),
            Shape::Question { list, .. } => {
                let kind = intake.question(&qp).unwrap().kind().as_str();
                match list {
                    None => (kind.to_owned(), String::new()),
                    Some(l) => (
                        format!("{kind} (`{l}`)"),
                        match t.choices {
                            ChoiceNames::Intake => "every name of the list".to_owned(),
                            ChoiceNames::Only([]) => "none (labels only)".to_owned(),
                            ChoiceNames::Only(names) => names
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                        },
                    ),
                }
            }
        };
        let readers = t
            .read_by
            .iter()
            .map(|r| format!("`{}`", r.folder()))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "| `{}` | {section} | {ty} | {needed} | {readers} |\n",
            t.path
        ));
    }
    out
}

#[test]
fn the_docs_table_is_the_list() {
    let doc_path = root().join("docs/intake-vocabulary.md");
    let doc = std::fs::read_to_string(&doc_path).unwrap();
    let start = doc.find("| path |").expect("the doc has its table");
    let end = doc[start..]
        .find("\n\n")
        .map_or(doc.len(), |i| start + i + 1);
    let expected = table();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let new = format!("{}{}{}", &doc[..start], expected, &doc[end..]);
        std::fs::write(&doc_path, new).unwrap();
        return;
    }
    assert_eq!(
        &doc[start..end],
        expected,
        "docs/intake-vocabulary.md's table differs from cases::vocabulary::TERMS; \
         UPDATE_EXPECT=1 cargo test --test intake_vocabulary rewrites it"
    );
}

#[test]
fn the_intake_and_a_copy_of_it_provide_every_path() {
    let intake = waystone::forms::latest_intake();
    let r = vocabulary::check(&intake);
    assert!(r.gaps.is_empty(), "{:?}", r.gaps);
    assert_eq!(r.provided.len(), TERMS.len());
    assert!(r.feeds_legal_documents());

    let mut json = intake.to_definition_json();
    json["id"] = "ngo_intake".into();
    let copy = FormDef::parse("copy", &json.to_string()).unwrap();
    let r = vocabulary::check(&copy);
    assert!(r.gaps.is_empty(), "{:?}", r.gaps);
    assert!(r.feeds_legal_documents());
}

fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
    r.iter()
        .map(|row| row.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

/// An invented form from survey and choices rows.
fn form(survey: &[&[&str]], choices: &[&[&str]]) -> FormDef {
    let bytes = write_xlsx(&Workbook {
        sheets: vec![
            Sheet {
                name: "survey".into(),
                rows: rows(survey),
            },
            Sheet {
                name: "choices".into(),
                rows: rows(choices),
            },
            Sheet {
                name: "settings".into(),
                rows: rows(&[&["form_id", "version"], &["invented_form", "1"]]),
            },
        ],
    })
    .unwrap();
    waystone::forms::import_xlsform(&bytes, "invented_form")
        .map_err(|e| {
            e.problems()
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
        })
        .unwrap()
        .form
}

#[test]
fn a_path_with_another_type_nesting_or_list_is_reported_precisely() {
    let f = form(
        &[
            &["type", "name", "label"],
            &["begin group", "about", "About (invented)"],
            &[
                "acknowledge",
                "consent_documentation",
                "Consent to documentation",
            ],
            &["integer", "narrative", "Account"],
            &["text", "episodes", "Episodes"],
            &["date", "apprehension_date", "When"],
            &["select_one gi", "gender_identity", "Gender identity"],
            &["end group", "", ""],
        ],
        &[
            &["list_name", "name", "label"],
            &["gi", "woman", "Woman"],
            &["gi", "something_else", "Other (invented)"],
        ],
    );
    let r = vocabulary::check(&f);
    let gap = |path: &str| {
        r.gaps
            .iter()
            .find(|g| g.path == path)
            .unwrap_or_else(|| panic!("{path} not reported: {:?}", r.gaps))
            .mismatch
            .clone()
    };
    assert!(r.provided.contains(&"consent_documentation"), "{r:?}");
    assert_eq!(
        gap("narrative"),
        Mismatch::WrongType {
            expected: "text",
            found: "integer"
        }
    );
    assert_eq!(
        gap("episodes"),
        Mismatch::WrongType {
            expected: "repeat",
            found: "text"
        }
    );
    assert_eq!(
        gap("episodes.apprehension_date"),
        Mismatch::Elsewhere {
            found: "apprehension_date".into()
        }
    );
    let intake = waystone::forms::latest_intake();
    let expected_missing: Vec<String> = intake
        .choice_list("gender_identities")
        .unwrap()
        .choices()
        .iter()
        .map(|c| c.name().to_owned())
        .filter(|n| n != "woman")
        .collect();
    assert!(!expected_missing.is_empty());
    assert_eq!(
        gap("gender_identity"),
        Mismatch::MissingChoices {
            list: "gi".into(),
            names: expected_missing
        }
    );
    assert_eq!(gap("consent_legal"), Mismatch::Missing);
    // the messages name the paths and types, as the review screen shows them
    assert_eq!(
        gap("narrative").to_string(),
        "type integer in the form, the code reads text"
    );
    // a legal path of another type stops the structured documents, and says which
    assert!(!r.feeds_legal_documents());
    let blockers: Vec<&str> = r.legal_blockers().iter().map(|g| g.path).collect();
    for p in [
        "narrative",
        "episodes",
        "episodes.apprehension_date",
        "gender_identity",
    ] {
        assert!(blockers.contains(&p), "{p} not among {blockers:?}");
    }
    // a missing non-core path is a gap in the document, not a blocker
    assert!(!blockers.contains(&"consent_legal"));
}
