//! The inverse of [`crate::load`]: a checked [`FormDef`] back to its definition JSON
//! (format 1, the format documented in `forms/README.md`).
//!
//! This module owns the canonical JSON of a definition. Loading the output gives a `FormDef`
//! whose canonical JSON is the same (tested), so the JSON is what the vault stores for an
//! imported form and what round-trip tests compare. Author comments are not kept (the loader
//! drops them). `third_party` is written only on the repeat that sets it, not on the repeats
//! nested in it (which inherit it).
//!
//! Recipe — a new question attribute: write it here beside where `load.rs` reads it, and the
//! round-trip test in `tests/xlsform.rs` will tell you if the two disagree.

use serde_json::{json, Map, Value as Json};

use crate::def::{FormDef, Item, Labels, Note, Question, QuestionType, Repeat, Required};
use crate::load::FORMAT_VERSION;

fn put_labels(map: &mut Map<String, Json>, key: &str, labels: &Labels) {
    for (lang, text) in labels.iter() {
        map.insert(format!("{key}::{lang}"), Json::String(text.to_owned()));
    }
}

fn question_json(q: &Question) -> Json {
    let mut m = Map::new();
    m.insert("type".into(), json!(q.kind.as_str()));
    m.insert("name".into(), json!(q.name));
    put_labels(&mut m, "label", &q.label);
    if let Some(h) = &q.hint {
        put_labels(&mut m, "hint", h);
    }
    match &q.required {
        Required::No => {}
        Required::Yes => {
            m.insert("required".into(), json!(true));
        }
        Required::When(e) => {
            m.insert("required".into(), json!(e.source()));
        }
    }
    if let Some(r) = &q.relevant {
        m.insert("relevant".into(), json!(r.source()));
    }
    if let Some(c) = &q.constraint {
        m.insert("constraint".into(), json!(c.expression.source()));
        put_labels(&mut m, "constraint_message", &c.message);
    }
    match &q.kind {
        QuestionType::SelectOne { list } | QuestionType::SelectMany { list } => {
            m.insert("choices".into(), json!(list));
            if let Some(f) = &q.choice_filter {
                m.insert("choice_filter".into(), json!(f.source()));
            }
        }
        QuestionType::Date { precisions, time } => {
            let p: Vec<&str> = precisions.iter().map(|p| p.as_str()).collect();
            m.insert("precisions".into(), json!(p));
            if *time {
                m.insert("time".into(), json!(true));
            }
        }
        _ => {}
    }
    if let Some(d) = &q.default {
        m.insert("default".into(), json!(d.source));
    }
    if let Some(c) = &q.calculation {
        m.insert("calculation".into(), json!(c.source()));
        if !q.is_calculate() {
            m.insert("read_only".into(), json!(true));
        }
    }
    m.insert("sensitivity".into(), json!(q.sensitivity.as_str()));
    m.insert("export".into(), json!(q.export));
    Json::Object(m)
}

fn repeat_json(r: &Repeat, parent_third_party: bool) -> Json {
    let mut m = Map::new();
    m.insert("type".into(), json!("repeat"));
    m.insert("name".into(), json!(r.name));
    put_labels(&mut m, "label", &r.label);
    if let Some(h) = &r.hint {
        put_labels(&mut m, "hint", h);
    }
    if let Some(e) = &r.relevant {
        m.insert("relevant".into(), json!(e.source()));
    }
    if r.third_party && !parent_third_party {
        m.insert("third_party".into(), json!(true));
    }
    if let Some(c) = &r.count {
        m.insert("repeat_count".into(), json!(c.source()));
    }
    m.insert("items".into(), items_json(&r.items, r.third_party));
    Json::Object(m)
}

fn note_json(n: &Note) -> Json {
    let mut m = Map::new();
    m.insert("type".into(), json!("note"));
    m.insert("name".into(), json!(n.name));
    put_labels(&mut m, "label", &n.label);
    if let Some(h) = &n.hint {
        put_labels(&mut m, "hint", h);
    }
    if let Some(e) = &n.relevant {
        m.insert("relevant".into(), json!(e.source()));
    }
    Json::Object(m)
}

fn items_json(items: &[Item], third_party: bool) -> Json {
    Json::Array(
        items
            .iter()
            .map(|i| match i {
                Item::Question(q) => question_json(q),
                Item::Repeat(r) => repeat_json(r, third_party),
                Item::Note(n) => note_json(n),
            })
            .collect(),
    )
}

/// The definition JSON (format 1) of `form`. Loading it with [`FormDef::parse`] gives the
/// same definition.
pub fn to_definition_json(form: &FormDef) -> Json {
    let mut root = Map::new();
    root.insert("format".into(), json!(FORMAT_VERSION));
    root.insert("id".into(), json!(form.id));
    root.insert("version".into(), json!(form.version));
    root.insert("languages".into(), json!(form.languages));
    put_labels(&mut root, "title", &form.title);
    let mut lists = Map::new();
    for list in form.choice_lists.values() {
        let choices: Vec<Json> = list
            .choices
            .iter()
            .map(|c| {
                let mut m = Map::new();
                m.insert("name".into(), json!(c.name));
                put_labels(&mut m, "label", &c.label);
                if !c.properties.is_empty() {
                    m.insert("properties".into(), json!(c.properties));
                }
                Json::Object(m)
            })
            .collect();
        lists.insert(list.name.clone(), Json::Array(choices));
    }
    if !lists.is_empty() {
        root.insert("choice_lists".into(), Json::Object(lists));
    }
    let sections: Vec<Json> = form
        .sections
        .iter()
        .map(|s| {
            let mut m = Map::new();
            m.insert("name".into(), json!(s.name));
            put_labels(&mut m, "label", &s.label);
            if let Some(h) = &s.hint {
                put_labels(&mut m, "hint", h);
            }
            if let Some(e) = &s.relevant {
                m.insert("relevant".into(), json!(e.source()));
            }
            m.insert("items".into(), items_json(&s.items, false));
            Json::Object(m)
        })
        .collect();
    root.insert("sections".into(), Json::Array(sections));
    Json::Object(root)
}

impl FormDef {
    /// The canonical definition JSON (format 1); see [`to_definition_json`].
    pub fn to_definition_json(&self) -> Json {
        to_definition_json(self)
    }
}
