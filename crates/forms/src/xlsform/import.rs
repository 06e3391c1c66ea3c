//! Text tables → the engine's definition JSON → [`FormDef`], every problem at its row.
//!
//! Two passes. First the tables are read row by row into definition JSON, refusing what the
//! engine cannot honour and recording, for every JSON object written, the sheet row it came
//! from and which column each key came from. Then the ordinary loader checks the JSON (names,
//! labels in every language, expressions, scopes, cycles), and each of its problems is mapped
//! back to a row and column through that record.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value as Json};

use super::{column_letters, language_code, Sheet, Workbook, XlsFormErrors, XlsFormProblem};
use crate::def::FormDef;
use crate::load::FORMAT_VERSION;
use crate::path::is_valid_name;

/// A workbook imported as a definition.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The checked definition.
    pub form: FormDef,
    /// Sections the importer made for questions that stood outside any group (XLSForm allows
    /// them; Waystone's questions always belong to a section). Their names.
    pub implicit_sections: Vec<String>,
}

/// Where a JSON object came from: its sheet and row, and the column of each of its keys.
#[derive(Debug, Clone)]
struct Origin {
    sheet: &'static str,
    row: u32,
    /// JSON key (`relevant`, `label::ru`) → column description (`relevant (E)`).
    columns: BTreeMap<String, String>,
}

/// What one column of the survey or choices sheet holds.
#[derive(Debug, Clone)]
struct Column {
    index: usize,
    /// The base name, lowercased and with aliases resolved (`label`, `constraint_message`).
    base: String,
    /// The language code for a translated column (`label::Russian (ru)` → `ru`); `None` for
    /// untranslated columns.
    lang: Option<String>,
    /// `relevant (E)`.
    describe: String,
}

/// Columns that take a language (`label::English (en)`).
const TRANSLATED: &[&str] = &[
    "label",
    "hint",
    "constraint_message",
    "required_message",
    "guidance_hint",
    "image",
    "audio",
    "video",
    "big-image",
];

/// Columns Waystone knows and refuses when they hold anything, with the reason.
const REFUSED_COLUMNS: &[(&str, &str)] = &[
    ("required_message", "custom \"required\" messages are not supported; the app always says the same words (remove the text)"),
    ("guidance_hint", "guidance hints are not supported; put the text in `hint`"),
    ("parameters", "question parameters are not supported"),
    ("image", "media in labels is not supported"),
    ("audio", "media in labels is not supported"),
    ("video", "media in labels is not supported"),
    ("big-image", "media in labels is not supported"),
    ("trigger", "triggers are not supported"),
    ("entities", "entities are not supported"),
    ("save_to", "entities are not supported"),
];

/// Appearances that change only how a question is drawn: accepted and not stored.
const DISPLAY_APPEARANCES: &[&str] = &[
    "minimal",
    "quick",
    "horizontal",
    "horizontal-compact",
    "compact",
    "likert",
    "field-list",
    "no-calendar",
    "list-nolabel",
    "label",
    "columns",
    "columns-pack",
    "table-list",
];

/// Header aliases pyxform accepts, → our base names.
fn canonical_base(base: &str) -> String {
    let b = base.trim().to_ascii_lowercase();
    match b.as_str() {
        "list name" => "list_name".into(),
        "relevance" | "bind:relevant" => "relevant".into(),
        "bind:constraint" => "constraint".into(),
        "bind:required" => "required".into(),
        "bind:jr:constraintmsg" => "constraint_message".into(),
        "bind:jr:requiredmsg" => "required_message".into(),
        "bind:calculate" => "calculation".into(),
        "bind:readonly" => "read_only".into(),
        "control:appearance" => "appearance".into(),
        "comments" => "comment".into(),
        "caption" => "label".into(),
        "jr:constraintmsg" | "constraint message" => "constraint_message".into(),
        "jr:requiredmsg" | "required message" => "required_message".into(),
        "calculate" => "calculation".into(),
        "readonly" | "read only" => "read_only".into(),
        "choice filter" => "choice_filter".into(),
        "repeat count" | "jr:count" => "repeat_count".into(),
        "guidance_hint" | "guidance hint" => "guidance_hint".into(),
        "media::image" => "image".into(),
        "media::audio" => "audio".into(),
        "media::video" => "video".into(),
        "media::big-image" => "big-image".into(),
        _ => b,
    }
}

struct Importer {
    problems: Vec<XlsFormProblem>,
    /// JSON place → origin.
    origins: Vec<(String, Origin)>,
    /// Every language code seen, in order of first appearance.
    languages: Vec<String>,
    /// The code of plain (untranslated) label columns.
    default_lang: String,
    /// Names of rows refused by the importer: loader complaints about references to them are
    /// consequences, not new problems.
    refused_names: BTreeSet<String>,
    /// Choice lists used as yes/no (`waystone_type` `yes_no`), and lists used by selects.
    yes_no_lists: BTreeSet<String>,
    select_lists: BTreeSet<String>,
    /// Lists that need an `other` choice (`or_other`).
    or_other_lists: BTreeSet<String>,
}

/// A group or repeat being read (between its begin and end rows).
struct Frame {
    kind: FrameKind,
    row: u32,
    place: String,
    obj: Map<String, Json>,
    items: Vec<Json>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    Section,
    /// A section made for questions outside any group.
    ImplicitSection,
    Repeat,
    /// A group refused (nested); its items are read into the enclosing frame so their own
    /// problems are still found.
    Transparent,
}

fn cell(row: &[String], c: usize) -> &str {
    row.get(c).map(String::as_str).unwrap_or("")
}

fn truthy(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "true()" | "1" => Some(true),
        "no" | "false" | "false()" | "0" | "" => Some(false),
        _ => None,
    }
}

/// Functions of the engine's expression language.
const ENGINE_FUNCTIONS: &[&str] = &[
    "selected",
    "count",
    "answered",
    "date",
    "not",
    "if",
    "concat",
    "string-length",
    "round",
    "int",
    "number",
];

impl Importer {
    fn problem(&mut self, sheet: &str, row: Option<u32>, column: Option<String>, reason: String) {
        self.problems.push(XlsFormProblem {
            sheet: sheet.to_owned(),
            row,
            column,
            reason,
            unsupported: false,
        });
    }

    fn unsupported(&mut self, sheet: &str, row: u32, column: Option<String>, reason: String) {
        self.problems.push(XlsFormProblem {
            sheet: sheet.to_owned(),
            row: Some(row),
            column,
            reason,
            unsupported: true,
        });
    }

    /// Reads a sheet's header row into columns.
    fn columns(&mut self, sheet: &Sheet, sheet_key: &str) -> Vec<Column> {
        let mut out = Vec::new();
        let Some(header) = sheet.rows.first() else {
            return out;
        };
        for (i, h) in header.iter().enumerate() {
            let h = h.trim();
            if h.is_empty() {
                continue;
            }
            let describe = format!("{h} ({})", column_letters(i));
            // the old single-colon form: `label:English`
            let single = h
                .find(':')
                .filter(|&p| !h[p..].starts_with("::"))
                .filter(|&p| TRANSLATED.contains(&canonical_base(&h[..p]).as_str()));
            let (base, lang_name) = match h.find("::").or(single) {
                Some(pos) if single == Some(pos) => (&h[..pos], Some(&h[pos + 1..])),
                Some(pos) if !h.to_ascii_lowercase().starts_with("media::") => {
                    (&h[..pos], Some(&h[pos + 2..]))
                }
                Some(pos) => {
                    // media::image::English (en)
                    let rest = &h[pos + 2..];
                    match rest.find("::") {
                        Some(p2) => (&h[..pos + 2 + p2], Some(&rest[p2 + 2..])),
                        None => (h, None),
                    }
                }
                None => (h, None),
            };
            let base = canonical_base(base);
            let lang = match lang_name {
                None => None,
                Some(name) if TRANSLATED.contains(&base.as_str()) => match language_code(name) {
                    Some(code) => Some(code),
                    None => {
                        self.problem(
                            sheet_key,
                            Some(1),
                            Some(describe.clone()),
                            format!(
                                "cannot tell the language code of `{}`: write it as `Name (code)`, e.g. `{base}::English (en)`",
                                name.trim()
                            ),
                        );
                        continue;
                    }
                },
                Some(_) => {
                    if !base.starts_with("bind")
                        && !base.starts_with("instance")
                        && !base.starts_with("body")
                    {
                        self.problem(
                            sheet_key,
                            Some(1),
                            Some(describe.clone()),
                            format!("the column `{base}` does not take a language"),
                        );
                        continue;
                    }
                    None
                }
            };
            let lang = lang.or_else(|| {
                TRANSLATED
                    .contains(&base.as_str())
                    .then(|| self.default_lang.clone())
            });
            if let Some(l) = &lang {
                if !self.languages.contains(l) {
                    self.languages.push(l.clone());
                }
            }
            let column = Column {
                index: i,
                base: if lang_name.is_some() && !TRANSLATED.contains(&base.as_str()) {
                    h.to_ascii_lowercase()
                } else {
                    base
                },
                lang,
                describe,
            };
            if let Some(dup) = out
                .iter()
                .find(|c: &&Column| c.base == column.base && c.lang == column.lang)
            {
                let dup_desc = dup.describe.clone();
                self.problem(
                    sheet_key,
                    Some(1),
                    Some(column.describe.clone()),
                    format!("the same column as {dup_desc}"),
                );
                continue;
            }
            out.push(column);
        }
        out
    }

    /// Converts an XLSForm expression to the engine's language, or explains why it cannot.
    fn expression(&mut self, src: &str, row: u32, col: &str) -> Option<String> {
        let mut out = String::with_capacity(src.len());
        let chars: Vec<char> = src.chars().collect();
        let mut i = 0;
        let mut ok = true;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '\'' | '"' => {
                    let start = i;
                    i += 1;
                    while i < chars.len() && chars[i] != c {
                        i += 1;
                    }
                    i = (i + 1).min(chars.len());
                    out.extend(&chars[start..i]);
                }
                '$' if chars.get(i + 1) == Some(&'{') => {
                    let start = i;
                    while i < chars.len() && chars[i] != '}' {
                        i += 1;
                    }
                    i = (i + 1).min(chars.len());
                    out.extend(&chars[start..i]);
                }
                '/' => {
                    self.unsupported(
                        "survey",
                        row,
                        Some(col.to_owned()),
                        "XPath paths (`/data/x`, `../x`) are not supported; refer to questions as ${name} (division is written `div`)".into(),
                    );
                    ok = false;
                    break;
                }
                c if c.is_alphabetic() || c == '_' => {
                    let start = i;
                    while i < chars.len()
                        && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | ':' | '-' | '.'))
                    {
                        i += 1;
                    }
                    let word: String = chars[start..i].iter().collect();
                    let mut j = i;
                    while j < chars.len() && chars[j].is_whitespace() {
                        j += 1;
                    }
                    let is_call = chars.get(j) == Some(&'(');
                    let lower = word.to_ascii_lowercase();
                    if is_call && (lower == "true" || lower == "false") {
                        // true() / false() → true / false
                        let mut k = j + 1;
                        while k < chars.len() && chars[k].is_whitespace() {
                            k += 1;
                        }
                        if chars.get(k) == Some(&')') {
                            out.push_str(&lower);
                            i = k + 1;
                            continue;
                        }
                    }
                    if is_call && !ENGINE_FUNCTIONS.contains(&word.as_str()) {
                        let why = match lower.as_str() {
                            "pulldata" => "`pulldata()` reads external data, which Waystone does not support",
                            "instance" => "`instance()` reads external or secondary data, which Waystone does not support",
                            "jr:choice-name" | "indexed-repeat" | "position" => "this repeat or choice function is not supported",
                            "today" | "now" => "a computed value may use only the answers, not the current date or time",
                            _ => "this function is not supported",
                        };
                        self.unsupported(
                            "survey",
                            row,
                            Some(col.to_owned()),
                            format!(
                                "{why}: `{word}()` (Waystone understands selected(), count(), not(), date(), answered(), if(), concat(), string-length(), round(), int(), number())"
                            ),
                        );
                        ok = false;
                    }
                    out.push_str(&word);
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        ok.then_some(out)
    }

    fn push_item(&mut self, stack: &mut [Frame], item: Json, origin: Origin) -> String {
        let Some(frame) = stack
            .iter_mut()
            .rev()
            .find(|f| f.kind != FrameKind::Transparent)
        else {
            return String::new();
        };
        let place = format!("{}.items[{}]", frame.place, frame.items.len());
        frame.items.push(item);
        self.origins.push((place.clone(), origin));
        place
    }
}

/// Imports the tables of an XLSForm workbook. `file_stem` is the form id when the settings
/// give none.
pub fn import_tables(workbook: &Workbook, file_stem: &str) -> Result<Imported, XlsFormErrors> {
    let mut im = Importer {
        problems: Vec::new(),
        origins: Vec::new(),
        languages: Vec::new(),
        default_lang: "und".into(),
        refused_names: BTreeSet::new(),
        yes_no_lists: BTreeSet::new(),
        select_lists: BTreeSet::new(),
        or_other_lists: BTreeSet::new(),
    };

    // settings
    let mut settings: BTreeMap<String, (String, String)> = BTreeMap::new();
    if let Some(sheet) = workbook.sheet("settings") {
        let header = sheet.rows.first().cloned().unwrap_or_default();
        let values = sheet.rows.get(1).cloned().unwrap_or_default();
        for (i, h) in header.iter().enumerate() {
            let key = match h.trim().to_ascii_lowercase().as_str() {
                "title" => "form_title".to_owned(),
                k => k.to_owned(),
            };
            let v = cell(&values, i).to_owned();
            if key.is_empty() || v.is_empty() {
                continue;
            }
            let describe = format!("{} ({})", h.trim(), column_letters(i));
            let known = matches!(
                key.as_str(),
                "form_id" | "id_string" | "version" | "form_title" | "default_language"
            ) || key.starts_with("waystone_title::")
                || key == "style";
            if !known {
                let why = match key.as_str() {
                    "instance_name" => "instance names are not supported (cases are named by their code)",
                    "submission_url" | "public_key" => "submission settings do not apply: answers stay in the encrypted vault",
                    "allow_choice_duplicates" => "duplicate choice names are not allowed",
                    k if k.starts_with("form_title::") => "XLSForm tools do not accept a translated `form_title`; write the title in each language as `waystone_title::Russian (ru)`",
                    _ => "this setting is not supported",
                };
                im.unsupported("settings", 2, Some(describe), format!("{why}; remove it"));
                continue;
            }
            settings.insert(key, (v, describe));
        }
    }
    if let Some((dl, describe)) = settings.get("default_language") {
        match language_code(dl) {
            Some(code) => im.default_lang = code,
            None => im.problem(
                "settings",
                Some(2),
                Some(describe.clone()),
                format!("cannot tell the language code of `{dl}`: write it as `Name (code)`"),
            ),
        }
    }
    let default_lang = im.default_lang.clone();

    let mut root = Map::new();
    root.insert("format".into(), json!(FORMAT_VERSION));
    let settings_origin = |key: &str| Origin {
        sheet: "settings",
        row: 2,
        columns: settings
            .get(key)
            .map(|(_, d)| BTreeMap::from([(key.to_owned(), d.clone())]))
            .unwrap_or_default(),
    };
    let id = settings
        .get("form_id")
        .or_else(|| settings.get("id_string"))
        .map(|(v, _)| v.clone())
        .unwrap_or_else(|| id_from_file_stem(file_stem));
    root.insert("id".into(), json!(id));
    im.origins.push(("$.id".into(), {
        let mut o = settings_origin("form_id");
        if let Some(c) = o.columns.remove("form_id") {
            o.columns.insert("id".into(), c);
        }
        o
    }));
    match settings.get("version") {
        None => {
            root.insert("version".into(), json!(1));
        }
        Some((v, d)) => match v.parse::<u32>() {
            Ok(n) if n >= 1 => {
                root.insert("version".into(), json!(n));
            }
            _ => {
                let d = d.clone();
                im.unsupported(
                    "settings",
                    2,
                    Some(d),
                    format!("the version must be a whole number from 1 to 4294967295 (like 2024061201), not `{v}`"),
                );
            }
        },
    }

    // survey and choices headers (languages come from both)
    // a workbook of one sheet is its survey (as pyxform reads it)
    let only_sheet = match workbook.sheets.as_slice() {
        [only] => Some(only),
        _ => None,
    };
    let survey = workbook.sheet("survey").or(only_sheet);
    for (sheet, why) in [
        ("entities", "entities are not supported"),
        (
            "external_choices",
            "external selects are not supported; put the choices in the `choices` sheet",
        ),
        ("osm", "OpenStreetMap questions are not supported"),
    ] {
        if let Some(sh) = workbook.sheet(sheet) {
            if sh
                .rows
                .iter()
                .skip(1)
                .any(|r| r.iter().any(|c| !c.is_empty()))
            {
                im.problems.push(XlsFormProblem {
                    sheet: sheet.to_owned(),
                    row: Some(2),
                    column: None,
                    reason: format!("{why}; remove the `{sheet}` sheet"),
                    unsupported: true,
                });
            }
        }
    }
    let choices = workbook.sheet("choices");
    let survey_cols = match survey {
        Some(s) => im.columns(s, "survey"),
        None => {
            im.problem("", None, None, "the workbook has no `survey` sheet".into());
            Vec::new()
        }
    };
    let choice_cols = match choices {
        Some(s) => im.columns(s, "choices"),
        None => Vec::new(),
    };
    // languages: the default first
    let mut languages = im.languages.clone();
    if languages.is_empty() {
        languages.push(default_lang.clone());
    }
    if let Some(pos) = languages.iter().position(|l| *l == default_lang) {
        let l = languages.remove(pos);
        languages.insert(0, l);
    }
    root.insert("languages".into(), json!(languages));

    // title
    for lang in &languages {
        let title = settings
            .iter()
            .find(|(k, _)| {
                k.strip_prefix("waystone_title::")
                    .and_then(language_code)
                    .is_some_and(|c| c == *lang)
            })
            .or_else(|| settings.get_key_value("form_title"))
            .map(|(_, (v, _))| v.clone())
            .unwrap_or_else(|| id.clone());
        root.insert(format!("title::{lang}"), json!(title));
    }

    // survey rows
    let mut sections: Vec<Json> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let col_of = |cols: &[Column], base: &str| cols.iter().find(|c| c.base == base).cloned();
    let type_col = col_of(&survey_cols, "type");
    let name_col = col_of(&survey_cols, "name");
    if survey.is_some() && type_col.is_none() {
        im.problem(
            "survey",
            Some(1),
            None,
            "the survey sheet has no `type` column".into(),
        );
    }
    if let (Some(sheet), Some(type_col)) = (survey, &type_col) {
        let mut section_count = 0usize;
        for (r, row) in sheet.rows.iter().enumerate().skip(1) {
            let rownum = u32::try_from(r + 1).unwrap_or(u32::MAX);
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let ty_raw = cell(row, type_col.index).trim().to_owned();
            let name = name_col
                .as_ref()
                .map(|c| cell(row, c.index).to_owned())
                .unwrap_or_default();
            let mut origin = Origin {
                sheet: "survey",
                row: rownum,
                columns: BTreeMap::new(),
            };
            for c in &survey_cols {
                let key = match &c.lang {
                    Some(l) => format!("{}::{l}", c.base),
                    None => c.base.clone(),
                };
                origin.columns.insert(key, c.describe.clone());
            }
            if let Some(c) = &name_col {
                origin.columns.insert("name".into(), c.describe.clone());
            }
            origin
                .columns
                .insert("type".into(), type_col.describe.clone());
            origin
                .columns
                .insert("choices".into(), type_col.describe.clone());
            if ty_raw.is_empty() {
                im.problem(
                    "survey",
                    Some(rownum),
                    Some(type_col.describe.clone()),
                    "the row has content but no type".into(),
                );
                continue;
            }
            let ty_norm: String = ty_raw
                .to_ascii_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            // pyxform's older spellings: `select one from x`, `select all that apply from x or
            // specify other`
            let ty_norm = ty_norm
                .replacen("begin_", "begin ", 1)
                .replacen("end_", "end ", 1)
                .replace("select all that apply", "select_multiple")
                .replace("select one", "select_one")
                .replace("select multiple", "select_multiple")
                .replace(" or specify other", " or_other")
                .replacen("select_one from ", "select_one ", 1)
                .replacen("select_multiple from ", "select_multiple ", 1);
            let tcol = Some(type_col.describe.clone());

            // end rows
            if ty_norm == "end group" || ty_norm == "end repeat" {
                let want_repeat = ty_norm == "end repeat";
                match stack.pop() {
                    Some(f) if f.kind == FrameKind::ImplicitSection => {
                        // an end with no begin: the implicit section is not a group
                        stack.push(f);
                        im.problem(
                            "survey",
                            Some(rownum),
                            tcol,
                            format!("`{ty_raw}` without a matching begin row"),
                        );
                    }
                    Some(f) => {
                        let is_repeat = f.kind == FrameKind::Repeat;
                        if is_repeat != want_repeat && f.kind != FrameKind::Transparent {
                            im.problem(
                                "survey",
                                Some(rownum),
                                tcol,
                                format!(
                                    "`{ty_raw}` closes the {} begun at row {}",
                                    if is_repeat { "repeat" } else { "group" },
                                    f.row
                                ),
                            );
                        }
                        close_frame(&mut im, &mut stack, &mut sections, f);
                    }
                    None => {
                        im.problem(
                            "survey",
                            Some(rownum),
                            tcol,
                            format!("`{ty_raw}` without a matching begin row"),
                        );
                    }
                }
                continue;
            }

            // reads the common columns into an object
            let mut obj = Map::new();
            let mut label_langs = BTreeSet::new();
            for c in &survey_cols {
                let v = cell(row, c.index).trim();
                if v.is_empty() || c.base == "type" || c.base == "name" {
                    continue;
                }
                match c.base.as_str() {
                    "label" | "hint" | "constraint_message" => {
                        if let Some(l) = &c.lang {
                            if c.base == "label" {
                                label_langs.insert(l.clone());
                            }
                            obj.insert(format!("{}::{l}", c.base), json!(v));
                        }
                    }
                    "relevant" | "constraint" | "calculation" => {
                        if let Some(e) = im.expression(v, rownum, &c.describe) {
                            obj.insert(c.base.clone(), json!(e));
                        }
                    }
                    // cascading selects: only `column = ${question}` terms joined by `and`
                    "choice_filter" => match crate::filter::parse(v) {
                        Ok(_) => {
                            obj.insert("choice_filter".into(), json!(v));
                        }
                        Err(e) => im.unsupported(
                            "survey",
                            rownum,
                            Some(c.describe.clone()),
                            format!(
                                "this choice filter is not supported (at character {}: {})",
                                e.column, e.message
                            ),
                        ),
                    },
                    "required" => match truthy(v) {
                        Some(true) => {
                            obj.insert("required".into(), json!(true));
                        }
                        Some(false) => {}
                        None => {
                            if let Some(e) = im.expression(v, rownum, &c.describe) {
                                obj.insert("required".into(), json!(e));
                            }
                        }
                    },
                    // a note for the form's authors, as in Waystone's JSON definitions
                    "comment" => {}
                    // how many instances a repeat has (checked on the begin repeat row)
                    "repeat_count" => {
                        if let Some(e) = im.expression(v, rownum, &c.describe) {
                            obj.insert("repeat_count".into(), json!(e));
                        }
                    }
                    // a proposal the interviewer confirms: only a literal value
                    "default" => {
                        if let Some(why) = dynamic_default(v) {
                            im.unsupported("survey", rownum, Some(c.describe.clone()), why);
                        } else {
                            obj.insert("default".into(), json!(v));
                        }
                    }
                    // shown, not editable: only with a calculation (the loader checks)
                    "read_only" => match truthy(v) {
                        Some(true) => {
                            obj.insert("read_only".into(), json!(true));
                        }
                        Some(false) => {}
                        None => im.unsupported(
                            "survey",
                            rownum,
                            Some(c.describe.clone()),
                            "`read_only` is yes or no here (a condition is not supported)".into(),
                        ),
                    },
                    "sensitivity" | "appearance" | "precisions" | "time" | "export"
                    | "third_party" | "waystone_type" => {
                        obj.insert(format!("x:{}", c.base), json!(v));
                    }
                    other => {
                        if let Some((_, why)) = REFUSED_COLUMNS.iter().find(|(n, _)| *n == other) {
                            im.unsupported(
                                "survey",
                                rownum,
                                Some(c.describe.clone()),
                                (*why).into(),
                            );
                        } else {
                            im.unsupported(
                                "survey",
                                rownum,
                                Some(c.describe.clone()),
                                format!("the column `{other}` is not an XLSForm column Waystone supports; remove it or empty it"),
                            );
                        }
                    }
                }
            }
            if !name.is_empty() {
                obj.insert("name".into(), json!(name));
            }
            let take = |obj: &mut Map<String, Json>, k: &str| -> Option<String> {
                obj.remove(&format!("x:{k}"))
                    .and_then(|v| v.as_str().map(str::to_owned))
            };
            let appearance = take(&mut obj, "appearance");
            let waystone_type = take(&mut obj, "waystone_type");
            let sensitivity = take(&mut obj, "sensitivity");
            let export = take(&mut obj, "export");
            let precisions = take(&mut obj, "precisions");
            let time = take(&mut obj, "time");
            let third_party = take(&mut obj, "third_party");
            let col = |base: &str| {
                survey_cols
                    .iter()
                    .find(|c| c.base == base)
                    .map(|c| c.describe.clone())
            };
            let appearance_words: Vec<String> = appearance
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            let mut behaviour_appearance = Vec::new();
            for w in &appearance_words {
                if !DISPLAY_APPEARANCES.contains(&w.as_str()) && !w.starts_with("columns-") {
                    behaviour_appearance.push(w.clone());
                }
            }

            // begin rows
            if ty_norm == "begin group" || ty_norm == "begin repeat" {
                let is_repeat = ty_norm == "begin repeat";
                let mut behaviour_appearance = behaviour_appearance;
                behaviour_appearance.retain(|w| w != "field-list");
                if !behaviour_appearance.is_empty() {
                    im.unsupported(
                        "survey",
                        rownum,
                        col("appearance"),
                        format!(
                            "the appearance `{}` is not supported on a group or repeat",
                            behaviour_appearance.join(" ")
                        ),
                    );
                }
                for (v, k) in [
                    (&precisions, "precisions"),
                    (&time, "time"),
                    (&waystone_type, "waystone_type"),
                    (&sensitivity, "sensitivity"),
                    (&export, "export"),
                ] {
                    if v.is_some() {
                        im.problem(
                            "survey",
                            Some(rownum),
                            col(k),
                            format!(
                                "`{k}` applies to questions, not to a {}",
                                if is_repeat { "repeat" } else { "group" }
                            ),
                        );
                    }
                }
                for k in ["required", "constraint", "constraint_message"] {
                    if obj
                        .keys()
                        .any(|key| key == k || key.starts_with(&format!("{k}::")))
                    {
                        im.unsupported(
                            "survey",
                            rownum,
                            col(k),
                            format!(
                                "`{k}` on a {} is not supported",
                                if is_repeat { "repeat" } else { "group" }
                            ),
                        );
                    }
                }
                obj.retain(|k, _| !(k == "required" || k.starts_with("constraint")));
                if obj.contains_key("default") {
                    obj.remove("default");
                    im.problem(
                        "survey",
                        Some(rownum),
                        col("default"),
                        format!(
                            "`default` applies to questions, not to a {}",
                            if is_repeat { "repeat" } else { "group" }
                        ),
                    );
                }
                if !is_repeat && obj.remove("repeat_count").is_some() {
                    im.problem(
                        "survey",
                        Some(rownum),
                        col("repeat_count"),
                        "`repeat_count` applies to a repeat, not to a group".into(),
                    );
                }
                let top = stack.last().map(|f| f.kind);
                if !is_repeat {
                    if third_party.is_some() {
                        im.problem(
                            "survey",
                            Some(rownum),
                            col("third_party"),
                            "`third_party` applies to repeats".into(),
                        );
                    }
                    match top {
                        None | Some(FrameKind::ImplicitSection) => {
                            if let Some(f) = stack.pop() {
                                close_frame(&mut im, &mut stack, &mut sections, f);
                            }
                            let place = format!("$.sections[{section_count}]");
                            section_count += 1;
                            im.origins.push((place.clone(), origin));
                            stack.push(Frame {
                                kind: FrameKind::Section,
                                row: rownum,
                                place,
                                obj,
                                items: Vec::new(),
                            });
                        }
                        Some(_) => {
                            im.unsupported(
                                "survey",
                                rownum,
                                tcol,
                                "a group inside a group or repeat is not supported (Waystone's sections are one level deep); remove this group's begin and end rows, or make it a repeat".into(),
                            );
                            stack.push(Frame {
                                kind: FrameKind::Transparent,
                                row: rownum,
                                place: String::new(),
                                obj,
                                items: Vec::new(),
                            });
                        }
                    }
                } else {
                    if let Some(tp) = &third_party {
                        match truthy(tp) {
                            Some(true) => {
                                obj.insert("third_party".into(), json!(true));
                            }
                            Some(false) => {}
                            None => im.problem(
                                "survey",
                                Some(rownum),
                                col("third_party"),
                                "`third_party` is yes or no".into(),
                            ),
                        }
                    }
                    obj.insert("type".into(), json!("repeat"));
                    if top.is_none() {
                        let place = format!("$.sections[{section_count}]");
                        section_count += 1;
                        stack.push(Frame {
                            kind: FrameKind::ImplicitSection,
                            row: rownum,
                            place,
                            obj: Map::new(),
                            items: Vec::new(),
                        });
                    }
                    let place = im.push_item(&mut stack, Json::Null, origin);
                    stack.push(Frame {
                        kind: FrameKind::Repeat,
                        row: rownum,
                        place,
                        obj,
                        items: Vec::new(),
                    });
                }
                continue;
            }

            // questions
            let refuse = |im: &mut Importer, reason: String| {
                im.unsupported("survey", rownum, tcol.clone(), reason);
                if !name.is_empty() {
                    im.refused_names.insert(name.clone());
                }
            };
            let words: Vec<&str> = ty_norm.split(' ').collect();
            let (base_ty, list, or_other) = match words.as_slice() {
                [t] => (t.to_string(), None, false),
                [t, l] => (t.to_string(), Some(l.to_string()), false),
                [t, l, "or_other"] => (t.to_string(), Some(l.to_string()), true),
                // `select one list`, `select multiple list`
                ["select", m, l] => (format!("select_{m}"), Some(l.to_string()), false),
                ["select", m, l, "or_other"] => (format!("select_{m}"), Some(l.to_string()), true),
                _ => (ty_norm.clone(), None, false),
            };
            let base_ty = match base_ty.as_str() {
                "select_multiple" | "select_many" => "select_multiple".to_owned(),
                other => other.to_owned(),
            };
            let mut engine_ty: Option<&str> = None;
            match (base_ty.as_str(), &list) {
                ("text" | "string", None) => {
                    engine_ty = Some("text");
                    if let Some(pos) = behaviour_appearance.iter().position(|w| w == "multiline") {
                        behaviour_appearance.remove(pos);
                        engine_ty = Some("long_text");
                    }
                }
                ("integer" | "int", None) => engine_ty = Some("integer"),
                ("decimal", None) => engine_ty = Some("decimal"),
                ("date", None) => {
                    engine_ty = Some("date");
                    let mut from_appearance = None;
                    behaviour_appearance.retain(|w| match w.as_str() {
                        "month-year" => { from_appearance = Some("month"); false }
                        "year" => { from_appearance = Some("year"); false }
                        _ => true,
                    });
                    let list: Vec<String> = match (&precisions, from_appearance) {
                        (Some(p), _) => p.split([' ', ',']).filter(|w| !w.is_empty()).map(str::to_owned).collect(),
                        (None, Some(a)) => vec![a.to_owned()],
                        (None, None) => vec!["exact".to_owned()],
                    };
                    obj.insert("precisions".into(), json!(list));
                    if let Some(t) = &time {
                        match truthy(t) {
                            Some(true) => { obj.insert("time".into(), json!(true)); }
                            Some(false) => {}
                            None => im.problem("survey", Some(rownum), col("time"), "`time` is yes or no".into()),
                        }
                    }
                }
                ("select_one" | "select_multiple", Some(l)) => {
                    if l.contains('.') {
                        refuse(&mut im, format!("external choice lists (`{l}`) are not supported; put the choices in the `choices` sheet"));
                    } else {
                        engine_ty = Some(if base_ty == "select_one" { "select_one" } else { "select_many" });
                        obj.insert("choices".into(), json!(l));
                    }
                }
                ("select_one_from_file" | "select_multiple_from_file" | "select_one_external" | "select_multiple_external", _) => {
                    refuse(&mut im, "external choice lists (from a file or external data) are not supported; put the choices in the `choices` sheet".into());
                }
                ("acknowledge", None) => engine_ty = Some("yes_no"),
                ("image" | "file" | "audio" | "video" | "background-audio", None) => {
                    if base_ty == "background-audio" {
                        refuse(&mut im, "background audio recording is not supported: record the interview with consent as an attachment".into());
                    } else {
                        engine_ty = Some("attachment");
                    }
                }
                ("note", None) => engine_ty = Some("note"),
                ("calculate", None) => {
                    engine_ty = Some("calculate");
                    // always read-only; pyxform adds it by itself
                    obj.remove("read_only");
                }
                ("start" | "end" | "today" | "deviceid" | "phonenumber" | "username" | "email" | "audit" | "simserial" | "subscriberid" | "start-geopoint", None) => {
                    refuse(&mut im, format!("metadata (`{base_ty}`) is not collected: Waystone's audit log records who changed what and when; remove the row"));
                }
                ("geopoint" | "geotrace" | "geoshape", None) => refuse(&mut im, format!("`{base_ty}` is not supported: locations are recorded as places, and a coordinate is too dangerous to keep")),
                ("time" | "datetime" | "range" | "barcode" | "hidden" | "xml-external" | "csv-external" | "rank" | "trigger", _) => {
                    refuse(&mut im, format!("the type `{base_ty}` is not supported"));
                }
                ("begin" | "end", _) => refuse(&mut im, format!("`{ty_raw}` is not supported (loops are not; use a repeat)")),
                (t, _) if t.starts_with("get") || t.starts_with("uri:") || t == "phone" || t.starts_with("set") => {
                    refuse(&mut im, format!("metadata (`{ty_raw}`) is not collected: Waystone's audit log records who changed what and when; remove the row"));
                }
                ("include" | "osm", _) => refuse(&mut im, format!("`{base_ty}` is not supported")),
                (t, Some(_)) if t.starts_with("select") => {
                    refuse(&mut im, format!("unknown type `{ty_raw}`"));
                }
                _ => {
                    im.problem("survey", Some(rownum), tcol.clone(), format!("unknown question type `{ty_raw}`"));
                    if !name.is_empty() {
                        im.refused_names.insert(name.clone());
                    }
                }
            }
            if let Some(wt) = &waystone_type {
                match (wt.as_str(), engine_ty) {
                    ("person_ref" | "place_ref", Some("text")) => engine_ty = Some(if wt == "person_ref" { "person_ref" } else { "place_ref" }),
                    ("yes_no", Some("select_one")) => {
                        engine_ty = Some("yes_no");
                        if let Some(Json::String(l)) = obj.remove("choices") {
                            im.yes_no_lists.insert(l);
                        }
                    }
                    _ => im.problem("survey", Some(rownum), col("waystone_type"), format!("`waystone_type` `{wt}` does not fit the type `{ty_raw}` (use person_ref or place_ref with text, yes_no with select_one of yes/no)")),
                }
            }
            if engine_ty != Some("date") {
                for (v, k) in [(&precisions, "precisions"), (&time, "time")] {
                    if v.is_some() {
                        im.problem(
                            "survey",
                            Some(rownum),
                            col(k),
                            format!("`{k}` applies to date questions"),
                        );
                    }
                }
            }
            if third_party.is_some() {
                im.problem(
                    "survey",
                    Some(rownum),
                    col("third_party"),
                    "`third_party` applies to repeats".into(),
                );
            }
            if obj.remove("repeat_count").is_some() {
                im.problem(
                    "survey",
                    Some(rownum),
                    col("repeat_count"),
                    "`repeat_count` applies to a repeat (its `begin repeat` row)".into(),
                );
            }
            let Some(engine_ty) = engine_ty else {
                continue;
            };
            if !behaviour_appearance.is_empty() {
                im.unsupported("survey", rownum, col("appearance"), format!("the appearance `{}` changes how the question works, which Waystone does not support", behaviour_appearance.join(" ")));
            }
            if let Some(Json::String(l)) = obj.get("choices") {
                im.select_lists.insert(l.clone());
            }
            obj.insert("type".into(), json!(engine_ty));
            if engine_ty == "note" {
                // A note takes no answer: what only an answer can have is a mistake at its row.
                let answer_only: Vec<String> = obj
                    .keys()
                    .filter(|k| {
                        let base = k.split("::").next().unwrap_or(k);
                        !matches!(
                            base,
                            "type" | "name" | "label" | "hint" | "relevant" | "comment"
                        )
                    })
                    .cloned()
                    .collect();
                for k in answer_only {
                    obj.remove(&k);
                    let base = k.split("::").next().unwrap_or(&k).to_owned();
                    im.problem(
                        "survey",
                        Some(rownum),
                        col(&base),
                        format!("`{base}` does not apply to a note (a note takes no answer)"),
                    );
                }
                for (v, k) in [(&sensitivity, "sensitivity"), (&export, "export")] {
                    if v.is_some() {
                        im.problem(
                            "survey",
                            Some(rownum),
                            col(k),
                            format!("`{k}` does not apply to a note (a note takes no answer)"),
                        );
                    }
                }
            } else {
                let sens = sensitivity.unwrap_or_else(|| "high_risk".into());
                let export_v = match export.as_deref().map(truthy) {
                    None => sens != "internal",
                    Some(Some(b)) => b,
                    Some(None) => {
                        im.problem(
                            "survey",
                            Some(rownum),
                            col("export"),
                            "`export` is yes or no".into(),
                        );
                        true
                    }
                };
                obj.insert("sensitivity".into(), json!(sens));
                obj.insert("export".into(), json!(export_v));
                if let Some(origin_col) = col("sensitivity") {
                    origin.columns.insert("sensitivity".into(), origin_col);
                }
            }
            let q_name = name.clone();
            // the `_other` question of an or_other select shares its sensitivity and export
            let shared: Vec<(String, Json)> = ["sensitivity", "export"]
                .into_iter()
                .filter_map(|k| obj.get(k).map(|v| (k.to_owned(), v.clone())))
                .collect();
            if stack.is_empty() {
                let place = format!("$.sections[{section_count}]");
                section_count += 1;
                stack.push(Frame {
                    kind: FrameKind::ImplicitSection,
                    row: rownum,
                    place,
                    obj: Map::new(),
                    items: Vec::new(),
                });
            }
            im.push_item(&mut stack, Json::Object(obj), origin.clone());
            if or_other {
                if let Some(l) = &list {
                    im.or_other_lists.insert(l.clone());
                }
                // pyxform's expansion: a text question `<name>_other`, asked when `other` is chosen
                let mut other = Map::new();
                other.insert("type".into(), json!("text"));
                other.insert("name".into(), json!(format!("{q_name}_other")));
                for l in &languages {
                    let (label, _) = other_labels(l);
                    other.insert(format!("label::{l}"), json!(label));
                }
                other.insert(
                    "relevant".into(),
                    json!(format!("selected(${{{q_name}}}, 'other')")),
                );
                other.extend(shared);
                im.push_item(&mut stack, Json::Object(other), origin);
            }
        }
        while let Some(f) = stack.pop() {
            if f.kind != FrameKind::ImplicitSection {
                im.problem(
                    "survey",
                    Some(f.row),
                    Some(type_col.describe.clone()),
                    format!(
                        "this {} is never closed (no `end {}` row)",
                        if f.kind == FrameKind::Repeat {
                            "repeat"
                        } else {
                            "group"
                        },
                        if f.kind == FrameKind::Repeat {
                            "repeat"
                        } else {
                            "group"
                        }
                    ),
                );
            }
            close_frame(&mut im, &mut stack, &mut sections, f);
        }
    }
    // implicit sections: named and labelled after the form
    let mut used: BTreeSet<String> = sections
        .iter()
        .filter_map(|s| s.get("name").and_then(Json::as_str).map(str::to_owned))
        .collect();
    let mut implicit_names = Vec::new();
    for s in sections.iter_mut() {
        if s.get("x:implicit").is_none() {
            continue;
        }
        let mut n = "survey".to_owned();
        let mut k = 1;
        while used.contains(&n) {
            k += 1;
            n = format!("survey_{k}");
        }
        used.insert(n.clone());
        implicit_names.push(n.clone());
        if let Json::Object(m) = s {
            m.remove("x:implicit");
            m.insert("name".into(), json!(n));
            for l in &languages {
                if let Some(t) = root.get(&format!("title::{l}")) {
                    m.insert(format!("label::{l}"), t.clone());
                }
            }
        }
    }
    if sections.is_empty() && survey.is_some() && type_col.is_some() && im.problems.is_empty() {
        im.problem("survey", None, None, "the survey has no questions".into());
    }
    root.insert("sections".into(), Json::Array(sections));

    // choices
    let mut lists: Map<String, Json> = Map::new();
    if let Some(sheet) = choices {
        let list_col = col_of(&choice_cols, "list_name");
        let cname_col = col_of(&choice_cols, "name");
        match (&list_col, &cname_col) {
            (Some(lc), Some(nc)) => {
                for (r, row) in sheet.rows.iter().enumerate().skip(1) {
                    let rownum = u32::try_from(r + 1).unwrap_or(u32::MAX);
                    if row.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let list = cell(row, lc.index).to_owned();
                    if list.is_empty() {
                        im.problem(
                            "choices",
                            Some(rownum),
                            Some(lc.describe.clone()),
                            "the choice has no list_name".into(),
                        );
                        continue;
                    }
                    let mut obj = Map::new();
                    let mut origin = Origin {
                        sheet: "choices",
                        row: rownum,
                        columns: BTreeMap::new(),
                    };
                    origin.columns.insert("name".into(), nc.describe.clone());
                    let cname = cell(row, nc.index);
                    if !cname.is_empty() {
                        obj.insert("name".into(), json!(cname));
                    }
                    let mut properties = Map::new();
                    for c in &choice_cols {
                        let v = cell(row, c.index).trim();
                        match (c.base.as_str(), &c.lang) {
                            ("label", Some(l)) => {
                                origin
                                    .columns
                                    .insert(format!("label::{l}"), c.describe.clone());
                                if !v.is_empty() {
                                    obj.insert(format!("label::{l}"), json!(v));
                                }
                            }
                            ("list_name" | "name", _) => {}
                            // an extra column, read by choice filters (`country` of a city)
                            (other, None)
                                if !v.is_empty()
                                    && !TRANSLATED.contains(&other)
                                    && is_valid_name(other) =>
                            {
                                origin
                                    .columns
                                    .entry("properties".into())
                                    .or_insert_with(|| c.describe.clone());
                                properties.insert(other.to_owned(), json!(v));
                            }
                            (other, _) if !v.is_empty() => {
                                let why = if TRANSLATED.contains(&other) && other != "label" {
                                    "media or hints on choices are not supported".to_owned()
                                } else {
                                    format!("the choice column `{other}` is not supported: extra choice columns (for choice filters) need a plain name, like `country`")
                                };
                                im.unsupported("choices", rownum, Some(c.describe.clone()), why);
                            }
                            _ => {}
                        }
                    }
                    if !properties.is_empty() {
                        obj.insert("properties".into(), Json::Object(properties));
                    }
                    let entry = lists
                        .entry(list.clone())
                        .or_insert_with(|| Json::Array(Vec::new()));
                    if let Json::Array(a) = entry {
                        let place = if is_valid_name(&list) {
                            format!("$.choice_lists.{list}[{}]", a.len())
                        } else {
                            format!(
                                "$.choice_lists[{:?}][{}]",
                                crate::expr::shorten(&list),
                                a.len()
                            )
                        };
                        a.push(Json::Object(obj));
                        im.origins.push((place, origin));
                    }
                }
            }
            _ => {
                if sheet
                    .rows
                    .iter()
                    .skip(1)
                    .any(|r| r.iter().any(|c| !c.is_empty()))
                {
                    im.problem(
                        "choices",
                        Some(1),
                        None,
                        "the choices sheet needs `list_name` and `name` columns".into(),
                    );
                }
            }
        }
    }
    // or_other: add `other` to each list
    for l in &im.or_other_lists.clone() {
        if let Some(Json::Array(a)) = lists.get_mut(l) {
            if a.iter()
                .any(|c| c.get("name").and_then(Json::as_str) == Some("other"))
            {
                continue;
            }
            let mut m = Map::new();
            m.insert("name".into(), json!("other"));
            for lang in &languages {
                m.insert(format!("label::{lang}"), json!(other_labels(lang).1));
            }
            a.push(Json::Object(m));
        }
    }
    // lists used only as yes/no are not choice lists of the definition
    for l in &im.yes_no_lists {
        if !im.select_lists.contains(l) {
            lists.remove(l);
        }
    }
    // unknown lists referenced by selects
    if !lists.is_empty() {
        root.insert("choice_lists".into(), Json::Object(lists));
    }

    let json_text = Json::Object(root).to_string();
    let loaded = FormDef::parse("xlsform", &json_text);
    let mut problems = std::mem::take(&mut im.problems);
    match loaded {
        Ok(form) if problems.is_empty() => {
            return Ok(Imported {
                form,
                implicit_sections: implicit_names,
            })
        }
        Ok(_) => {}
        Err(errs) => {
            let had_problems = !problems.is_empty();
            for e in errs.errors() {
                if im
                    .refused_names
                    .iter()
                    .any(|n| e.reason.contains(&format!("${{{n}}}")))
                {
                    continue;
                }
                let p = map_problem(&im, &e.place, &e.reason);
                // a form-level complaint after refused rows (no section left, no version) is
                // a consequence of those rows, not a problem of its own
                if had_problems && p.row.is_none() {
                    continue;
                }
                problems.push(p);
            }
        }
    }
    problems.sort_by(|a, b| {
        let key = |p: &XlsFormProblem| {
            let s = match p.sheet.as_str() {
                "" => 0,
                "settings" => 1,
                "survey" => 2,
                "choices" => 3,
                _ => 4,
            };
            (s, p.row.unwrap_or(0))
        };
        key(a).cmp(&key(b))
    });
    problems.dedup();
    Err(XlsFormErrors(problems))
}

/// The form id made from a file name when the settings give none (pyxform uses the file name
/// as it is; Waystone's ids are names): lowercase ASCII letters, digits and `_`, starting with
/// a letter. `Follow-up Form (2024)` → `follow_up_form_2024`.
pub(crate) fn id_from_file_stem(stem: &str) -> String {
    let mut out = String::new();
    for c in stem.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_end_matches('_').to_owned();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "form_");
    }
    out.truncate(64);
    out.trim_end_matches('_').to_owned()
}

/// Why a `default` cell is not a literal value, if it is not: XLSForm also takes dynamic
/// defaults (`${other}`, `now()`, `today()`, any expression), which would put a value in the
/// interview that nobody gave.
fn dynamic_default(v: &str) -> Option<String> {
    let looks_like_call = v.char_indices().any(|(i, c)| {
        c == '('
            && v[..i]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric() || p == '-')
    });
    (v.contains("${") || looks_like_call || v.contains("/data/")).then(|| {
        "a default must be a literal value (a number, a date YYYY-MM-DD, a choice name, text): expressions, references and functions such as `now()` or `today()` are not supported, since a default only proposes a value the interviewer confirms".to_owned()
    })
}

/// The labels pyxform's `or_other` adds: the `other` choice's and the specify question's.
fn other_labels(lang: &str) -> (&'static str, &'static str) {
    match lang {
        "ru" => ("Уточните другое.", "Другое"),
        _ => ("Specify other.", "Other"),
    }
}

fn close_frame(im: &mut Importer, stack: &mut [Frame], sections: &mut Vec<Json>, f: Frame) {
    let mut obj = f.obj;
    match f.kind {
        FrameKind::Transparent => {}
        FrameKind::Section | FrameKind::ImplicitSection => {
            if f.kind == FrameKind::ImplicitSection {
                obj.insert("x:implicit".into(), json!(true));
            }
            obj.insert("items".into(), Json::Array(f.items));
            sections.push(Json::Object(obj));
        }
        FrameKind::Repeat => {
            obj.insert("items".into(), Json::Array(f.items));
            // put the repeat in the slot reserved when it began
            if let Some(slot) = find_slot(stack, sections, &f.place) {
                *slot = Json::Object(obj);
            } else {
                im.problem(
                    "survey",
                    Some(f.row),
                    None,
                    "internal: the repeat lost its place".into(),
                );
            }
        }
    }
}

/// The `Json::Null` placeholder at `place` (`$.sections[i].items[j]…`) in the open frames.
fn find_slot<'a>(
    stack: &'a mut [Frame],
    _sections: &'a mut [Json],
    place: &str,
) -> Option<&'a mut Json> {
    let (parent, idx) = place.rsplit_once(".items[")?;
    let idx: usize = idx.strip_suffix(']')?.parse().ok()?;
    let frame = stack.iter_mut().rev().find(|f| f.place == parent)?;
    frame.items.get_mut(idx)
}

/// Maps a loader problem at a JSON place back to a sheet, row and column.
fn map_problem(im: &Importer, place: &str, reason: &str) -> XlsFormProblem {
    let mut best: Option<&(String, Origin)> = None;
    for entry in &im.origins {
        let p = &entry.0;
        if place.starts_with(p.as_str())
            && matches!(
                place[p.len()..].chars().next(),
                None | Some('.') | Some('[')
            )
            && best.is_none_or(|b| b.0.len() < p.len())
        {
            best = Some(entry);
        }
    }
    let Some((p, origin)) = best else {
        return XlsFormProblem {
            sheet: if place.starts_with("$.choice_lists") {
                "choices".into()
            } else if place == "$"
                || place.starts_with("$.languages")
                || place.starts_with("$.title")
                || place.starts_with("$[")
            {
                "settings".into()
            } else {
                "survey".into()
            },
            row: None,
            column: None,
            reason: reason.to_owned(),
            unsupported: false,
        };
    };
    let rest = &place[p.len()..];
    let key = if let Some(r) = rest.strip_prefix(".") {
        r.split(['.', '[']).next().unwrap_or("").to_owned()
    } else if let Some(r) = rest.strip_prefix("[\"") {
        r.split('"').next().unwrap_or("").to_owned()
    } else {
        // the problem is about the object itself: a missing key named in the reason
        reason.split('`').nth(1).unwrap_or("").to_owned()
    };
    let column = origin.columns.get(&key).cloned();
    XlsFormProblem {
        sheet: origin.sheet.to_owned(),
        row: Some(origin.row),
        column,
        reason: reason.to_owned(),
        unsupported: false,
    }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    fn wb(survey: &[&[&str]], choices: &[&[&str]], settings: &[&[&str]]) -> Workbook {
        let sheet = |name: &str, rows: &[&[&str]]| Sheet {
            name: name.into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
                .collect(),
        };
        let mut sheets = vec![sheet("survey", survey)];
        if !choices.is_empty() {
            sheets.push(sheet("choices", choices));
        }
        if !settings.is_empty() {
            sheets.push(sheet("settings", settings));
        }
        Workbook { sheets }
    }

    fn problems(w: &Workbook) -> Vec<String> {
        match import_tables(w, "test") {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn ids_from_file_names() {
        for (stem, id) in [
            ("followup", "followup"),
            ("Follow-up Form (2024)", "follow_up_form_2024"),
            ("UCL_Biomass_Plot_Form", "ucl_biomass_plot_form"),
            ("2024 intake", "form_2024_intake"),
            ("", "form"),
            ("Анкета", "form"),
        ] {
            assert_eq!(id_from_file_stem(stem), id, "{stem}");
        }
    }

    #[test]
    fn a_small_form_imports() {
        let w = wb(
            &[
                &[
                    "type",
                    "name",
                    "label::English (en)",
                    "label::Russian (ru)",
                    "relevant",
                ],
                &["begin group", "g", "Group", "Группа", ""],
                &["select_one yn", "q", "Q?", "В?", ""],
                &["text", "t", "T", "Т", "${q} = 'yes'"],
                &["end group", "", "", "", ""],
            ],
            &[
                &[
                    "list_name",
                    "name",
                    "label::English (en)",
                    "label::Russian (ru)",
                ],
                &["yn", "yes", "Yes", "Да"],
                &["yn", "no", "No", "Нет"],
            ],
            &[
                &["form_id", "version", "form_title"],
                &["invented", "3", "Invented"],
            ],
        );
        let im = match import_tables(&w, "x") {
            Ok(i) => i,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(im.form.id(), "invented");
        assert_eq!(im.form.version(), 3);
        assert_eq!(im.form.languages(), ["en", "ru"]);
        assert_eq!(im.form.questions().len(), 2);
    }

    #[test]
    fn refusals_name_row_and_column() {
        let w = wb(
            &[
                &["type", "name", "label", "relevant", "calculation"],
                &["text", "a", "A", "pulldata('x', 'y', 'z', 'w') = 'q'", ""],
                &["calculate", "c", "", "", "1 + 1"],
                &["note", "n", "N", "", ""],
                &["text", "b", "B", "${c} = '2'", ""],
            ],
            &[],
            &[],
        );
        let p = problems(&w);
        assert!(
            p.iter()
                .any(|p| p.contains("row 2, column relevant (D)") && p.contains("pulldata")),
            "{p:#?}"
        );
        // a calculate is fine, and so is a note
        assert!(!p.iter().any(|p| p.contains("row 3")), "{p:#?}");
        assert!(!p.iter().any(|p| p.contains("row 4")), "{p:#?}");
        // the calculate's value is an integer: comparing it with text is a mistake at its row
        assert!(
            p.iter().any(|p| p.contains("row 5, column relevant (D)")
                && p.contains("cannot compare an integer with text")),
            "{p:#?}"
        );
    }

    #[test]
    fn loader_problems_map_to_rows() {
        let w = wb(
            &[
                &["type", "name", "label::en", "label::ru", "constraint"],
                &["integer", "age", "Age", "Возраст", ". > ${nope}"],
                &["text", "Bad-Name", "X", "Х", ""],
                &["text", "no_ru", "Only English", "", ""],
            ],
            &[],
            &[],
        );
        let p = problems(&w);
        assert!(
            p.iter()
                .any(|p| p.starts_with("sheet `survey`, row 2, column constraint (E)")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|p| p.starts_with("sheet `survey`, row 3, column name (B)")),
            "{p:#?}"
        );
        assert!(
            p.iter()
                .any(|p| p.starts_with("sheet `survey`, row 4") && p.contains("label::ru")),
            "{p:#?}"
        );
    }
}
