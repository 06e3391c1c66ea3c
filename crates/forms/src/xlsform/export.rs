//! A definition → XLSForm tables → `.xlsx` bytes (with `rust_xlsxwriter`).
//!
//! Sections become top-level groups; repeats, repeats. The engine's own attributes go into
//! Waystone's extra columns (`sensitivity`, `export`, `precisions`, `time`, `third_party`,
//! `waystone_type`), which other XLSForm tools ignore: `yes_no` is written as a `select_one`
//! of a generated yes/no list, `person_ref`/`place_ref` as `text`, `long_text` as `text` with
//! the `multiline` appearance, `attachment` as `file`. Importing the result gives the same
//! definition.

use std::collections::BTreeSet;

use rust_xlsxwriter::{Format, Workbook as XlsxWorkbook};

use super::{language_header, Sheet, Workbook};
use crate::def::{FormDef, Item, Labels, Note, Question, QuestionType, Repeat, Required};

/// Writing the `.xlsx` failed (the writer's own error; no form content in it).
#[derive(Debug, thiserror::Error)]
#[error("could not write the XLSForm workbook: {0}")]
pub struct ExportError(String);

struct Columns {
    langs: Vec<String>,
    header: Vec<String>,
}

impl Columns {
    fn new(
        langs: &[String],
        choice_filter: bool,
        calculation: bool,
        default: bool,
        repeat_count: bool,
    ) -> Columns {
        let mut header = vec!["type".to_owned(), "name".to_owned()];
        for l in langs {
            header.push(format!("label::{}", language_header(l)));
        }
        for l in langs {
            header.push(format!("hint::{}", language_header(l)));
        }
        header.extend(["required", "relevant", "constraint"].map(str::to_owned));
        for l in langs {
            header.push(format!("constraint_message::{}", language_header(l)));
        }
        if choice_filter {
            header.push("choice_filter".to_owned());
        }
        if calculation {
            header.push("calculation".to_owned());
            header.push("read_only".to_owned());
        }
        if default {
            header.push("default".to_owned());
        }
        if repeat_count {
            header.push("repeat_count".to_owned());
        }
        header.extend(
            [
                "appearance",
                "precisions",
                "time",
                "sensitivity",
                "export",
                "third_party",
                "waystone_type",
            ]
            .map(str::to_owned),
        );
        Columns {
            langs: langs.to_vec(),
            header,
        }
    }

    fn row(&self) -> Vec<String> {
        vec![String::new(); self.header.len()]
    }

    fn set(&self, row: &mut [String], col: &str, v: &str) {
        if let Some(i) = self.header.iter().position(|h| h == col) {
            if let Some(c) = row.get_mut(i) {
                *c = v.to_owned();
            }
        }
    }

    fn set_labels(&self, row: &mut [String], base: &str, labels: &Labels) {
        for l in &self.langs {
            if let Some(t) = labels.get(l) {
                self.set(row, &format!("{base}::{}", language_header(l)), t);
            }
        }
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn question_row(cols: &Columns, q: &Question, yes_no_list: &str) -> Vec<String> {
    let mut row = cols.row();
    let ty = match &q.kind {
        QuestionType::Text | QuestionType::LongText => "text".to_owned(),
        QuestionType::PersonRef | QuestionType::PlaceRef => "text".to_owned(),
        QuestionType::Integer => "integer".to_owned(),
        QuestionType::Decimal => "decimal".to_owned(),
        QuestionType::Date { .. } => "date".to_owned(),
        QuestionType::SelectOne { list } => format!("select_one {list}"),
        QuestionType::SelectMany { list } => format!("select_multiple {list}"),
        QuestionType::YesNo => format!("select_one {yes_no_list}"),
        QuestionType::Attachment => "file".to_owned(),
        QuestionType::Calculate { .. } => "calculate".to_owned(),
    };
    cols.set(&mut row, "type", &ty);
    cols.set(&mut row, "name", &q.name);
    cols.set_labels(&mut row, "label", &q.label);
    if let Some(h) = &q.hint {
        cols.set_labels(&mut row, "hint", h);
    }
    match &q.required {
        Required::No => {}
        Required::Yes => cols.set(&mut row, "required", "yes"),
        Required::When(e) => cols.set(&mut row, "required", e.source()),
    }
    if let Some(e) = &q.relevant {
        cols.set(&mut row, "relevant", e.source());
    }
    if let Some(c) = &q.constraint {
        cols.set(&mut row, "constraint", c.expression.source());
        cols.set_labels(&mut row, "constraint_message", &c.message);
    }
    match &q.kind {
        QuestionType::LongText => cols.set(&mut row, "appearance", "multiline"),
        QuestionType::SelectOne { .. } | QuestionType::SelectMany { .. } => {
            if let Some(f) = &q.choice_filter {
                cols.set(&mut row, "choice_filter", f.source());
            }
        }
        QuestionType::PersonRef => cols.set(&mut row, "waystone_type", "person_ref"),
        QuestionType::PlaceRef => cols.set(&mut row, "waystone_type", "place_ref"),
        QuestionType::YesNo => cols.set(&mut row, "waystone_type", "yes_no"),
        QuestionType::Date { precisions, time } => {
            let p: Vec<&str> = precisions.iter().map(|p| p.as_str()).collect();
            cols.set(&mut row, "precisions", &p.join(" "));
            if *time {
                cols.set(&mut row, "time", "yes");
            }
        }
        _ => {}
    }
    if let Some(d) = &q.default {
        cols.set(&mut row, "default", &d.source);
    }
    if let Some(c) = &q.calculation {
        cols.set(&mut row, "calculation", c.source());
        if !q.is_calculate() {
            cols.set(&mut row, "read_only", "yes");
        }
    }
    cols.set(&mut row, "sensitivity", q.sensitivity.as_str());
    cols.set(&mut row, "export", yes(q.export));
    row
}

fn items_rows(
    cols: &Columns,
    items: &[Item],
    parent_third_party: bool,
    yes_no_list: &str,
    out: &mut Vec<Vec<String>>,
) {
    for item in items {
        match item {
            Item::Question(q) => out.push(question_row(cols, q, yes_no_list)),
            Item::Repeat(r) => repeat_rows(cols, r, parent_third_party, yes_no_list, out),
            Item::Note(n) => out.push(note_row(cols, n)),
        }
    }
}

fn note_row(cols: &Columns, n: &Note) -> Vec<String> {
    let mut row = cols.row();
    cols.set(&mut row, "type", "note");
    cols.set(&mut row, "name", &n.name);
    cols.set_labels(&mut row, "label", &n.label);
    if let Some(h) = &n.hint {
        cols.set_labels(&mut row, "hint", h);
    }
    if let Some(e) = &n.relevant {
        cols.set(&mut row, "relevant", e.source());
    }
    row
}

fn repeat_rows(
    cols: &Columns,
    r: &Repeat,
    parent_third_party: bool,
    yes_no_list: &str,
    out: &mut Vec<Vec<String>>,
) {
    let mut row = cols.row();
    cols.set(&mut row, "type", "begin repeat");
    cols.set(&mut row, "name", &r.name);
    cols.set_labels(&mut row, "label", &r.label);
    if let Some(h) = &r.hint {
        cols.set_labels(&mut row, "hint", h);
    }
    if let Some(e) = &r.relevant {
        cols.set(&mut row, "relevant", e.source());
    }
    if r.third_party && !parent_third_party {
        cols.set(&mut row, "third_party", "yes");
    }
    if let Some(c) = &r.count {
        cols.set(&mut row, "repeat_count", c.source());
    }
    out.push(row);
    items_rows(cols, &r.items, r.third_party, yes_no_list, out);
    let mut end = cols.row();
    cols.set(&mut end, "type", "end repeat");
    out.push(end);
}

/// Whether any question of the form passes `test` (a column such as `choice_filter` is written
/// only when some question uses it, so forms without it export as before).
fn any_question(form: &FormDef, test: fn(&Question) -> bool) -> bool {
    fn any(items: &[Item], test: fn(&Question) -> bool) -> bool {
        items.iter().any(|i| match i {
            Item::Question(q) => test(q),
            Item::Repeat(r) => any(&r.items, test),
            Item::Note(_) => false,
        })
    }
    form.sections.iter().any(|s| any(&s.items, test))
}

fn uses_yes_no(items: &[Item]) -> bool {
    items.iter().any(|i| match i {
        Item::Question(q) => q.kind == QuestionType::YesNo,
        Item::Repeat(r) => uses_yes_no(&r.items),
        Item::Note(_) => false,
    })
}

/// The XLSForm tables (`survey`, `choices`, `settings`) of a definition.
pub fn export_tables(form: &FormDef) -> Workbook {
    let cols = Columns::new(
        &form.languages,
        any_question(form, |q| q.choice_filter.is_some()),
        any_question(form, |q| q.calculation.is_some()),
        any_question(form, |q| q.default.is_some()),
        form.repeats().iter().any(|r| r.count.is_some()),
    );
    // a list name for yes/no questions that the form does not already use
    let mut yes_no_list = "yes_no".to_owned();
    let mut k = 1;
    while form.choice_lists.contains_key(&yes_no_list) {
        k += 1;
        yes_no_list = format!("yes_no_{k}");
    }
    let mut survey = vec![cols.header.clone()];
    for s in &form.sections {
        let mut row = cols.row();
        cols.set(&mut row, "type", "begin group");
        cols.set(&mut row, "name", &s.name);
        cols.set_labels(&mut row, "label", &s.label);
        if let Some(h) = &s.hint {
            cols.set_labels(&mut row, "hint", h);
        }
        if let Some(e) = &s.relevant {
            cols.set(&mut row, "relevant", e.source());
        }
        survey.push(row);
        items_rows(&cols, &s.items, false, &yes_no_list, &mut survey);
        let mut end = cols.row();
        cols.set(&mut end, "type", "end group");
        survey.push(end);
    }

    let mut choices_header = vec!["list_name".to_owned(), "name".to_owned()];
    for l in &form.languages {
        choices_header.push(format!("label::{}", language_header(l)));
    }
    // extra columns (read by choice filters), after the labels
    let extra: BTreeSet<&str> = form
        .choice_lists
        .values()
        .flat_map(|l| l.choices.iter())
        .flat_map(|c| c.properties.keys().map(String::as_str))
        .collect();
    choices_header.extend(extra.iter().map(|k| (*k).to_owned()));
    let mut choices = vec![choices_header];
    for list in form.choice_lists.values() {
        for c in &list.choices {
            let mut row = vec![list.name.clone(), c.name.clone()];
            for l in &form.languages {
                row.push(c.label.get(l).unwrap_or("").to_owned());
            }
            for k in &extra {
                row.push(c.property(k).unwrap_or("").to_owned());
            }
            choices.push(row);
        }
    }
    if form.sections.iter().any(|s| uses_yes_no(&s.items)) {
        for (name, en, ru) in [("yes", "Yes", "Да"), ("no", "No", "Нет")] {
            let mut row = vec![yes_no_list.clone(), name.to_owned()];
            for l in &form.languages {
                row.push(if l == "ru" { ru } else { en }.to_owned());
            }
            row.extend(extra.iter().map(|_| String::new()));
            choices.push(row);
        }
    }

    let first = form.languages.first().cloned().unwrap_or_default();
    let mut settings_header: Vec<String> = ["form_id", "version", "form_title", "default_language"]
        .map(str::to_owned)
        .to_vec();
    let mut settings_row = vec![
        form.id.clone(),
        form.version.to_string(),
        form.title.get(&first).unwrap_or("").to_owned(),
        language_header(&first),
    ];
    for l in &form.languages {
        settings_header.push(format!("waystone_title::{}", language_header(l)));
        settings_row.push(form.title.get(l).unwrap_or("").to_owned());
    }

    Workbook {
        sheets: vec![
            Sheet {
                name: "survey".into(),
                rows: survey,
            },
            Sheet {
                name: "choices".into(),
                rows: choices,
            },
            Sheet {
                name: "settings".into(),
                rows: vec![settings_header, settings_row],
            },
        ],
    }
}

/// Writes text tables as an `.xlsx` workbook (every cell a string; a bold header row).
pub fn write_xlsx(tables: &Workbook) -> Result<Vec<u8>, ExportError> {
    let mut book = XlsxWorkbook::new();
    let bold = Format::new().set_bold();
    for sheet in &tables.sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name)
            .map_err(|e| ExportError(e.to_string()))?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(r).map_err(|e| ExportError(e.to_string()))?;
            for (c, text) in row.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let c = u16::try_from(c).map_err(|e| ExportError(e.to_string()))?;
                let res = if r == 0 {
                    ws.write_string_with_format(r, c, text, &bold)
                } else {
                    ws.write_string(r, c, text)
                };
                res.map_err(|e| ExportError(e.to_string()))?;
            }
        }
    }
    book.save_to_buffer()
        .map_err(|e| ExportError(e.to_string()))
}

/// The definition as an XLSForm `.xlsx` workbook. Importing it gives the same definition.
pub fn export_xlsform(form: &FormDef) -> Result<Vec<u8>, ExportError> {
    write_xlsx(&export_tables(form))
}
