//! Loading a definition: JSON text → checked [`FormDef`], or every problem found.
//!
//! This module owns the definition file format (documented for authors in `forms/README.md`)
//! and all of its checks. It never stops at the first problem: it walks the whole file,
//! records each problem with the file, a JSON-path-like place and a reason, and returns them
//! all. It never panics, whatever the input (a property test feeds it random and mutated
//! files).
//!
//! The work happens in three passes:
//! 1. walk the JSON, building sections, items and choice lists, declaring every name in its
//!    scope (the top level, or a repeat) and queueing each expression with its scope;
//! 2. compile the queued expressions against the complete scopes and put them in place;
//! 3. check that relevance conditions form no cycle and no chain longer than
//!    [`MAX_RELEVANCE_CHAIN`].
//!
//! Recipe — add a question type: add the variant to [`QuestionType`] (with its `as_str`,
//! `value_kind` and `expr_type`), a matching [`Value`](crate::Value) variant if it stores a new
//! kind of value, its name to `TYPES` and to the `kind` match in `load_question` (plus any
//! type-specific keys to `allowed` there and to `KNOWN_KEYS`), a type check in
//! `validate::type_problem`, the table in `forms/README.md`, and a malformed-definition test.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::{Map, Value as Json};

use crate::answer::{Value, ValueKind};
use crate::date::{PartialDate, PrecisionKind};
use crate::def::{
    Choice, ChoiceFilter, ChoiceList, Constraint, DefaultAnswer, DefinitionError, DefinitionErrors,
    FilterTerm, FormDef, Item, Labels, Note, Question, QuestionType, Repeat, Required, Section,
    Sensitivity,
};
use crate::expr::{shorten, Expression, Resolver, Target, TargetKind, Ty};
use crate::filter;
use crate::path::{is_valid_choice_name, is_valid_name, QuestionPath};

/// The definition format this crate reads (`"format": 1`).
pub const FORMAT_VERSION: u64 = 1;
/// Deepest nesting of repeats (an episode's treatment is depth 2).
pub const MAX_REPEAT_DEPTH: usize = 4;
/// Most items (questions and repeats) in one form.
pub const MAX_ITEMS: usize = 3000;
/// Most choices in one list.
pub const MAX_CHOICES: usize = 1000;
/// Longest chain of relevance conditions depending on one another (including enclosing
/// repeats and sections).
pub const MAX_RELEVANCE_CHAIN: usize = 16;
/// Largest definition file, in bytes.
pub const MAX_DEFINITION_BYTES: usize = 4 * 1024 * 1024;

const TYPES: &[&str] = &[
    "text",
    "long_text",
    "integer",
    "decimal",
    "date",
    "select_one",
    "select_many",
    "yes_no",
    "person_ref",
    "place_ref",
    "attachment",
    "calculate",
    "note",
    "repeat",
];

const QUESTION_KEYS: &[&str] = &[
    "type",
    "name",
    "comment",
    "relevant",
    "required",
    "constraint",
    "sensitivity",
    "export",
];

/// Every field some object of the format takes (for clearer messages).
const KNOWN_KEYS: &[&str] = &[
    "type",
    "name",
    "comment",
    "relevant",
    "required",
    "constraint",
    "sensitivity",
    "export",
    "choices",
    "choice_filter",
    "properties",
    "precisions",
    "time",
    "calculation",
    "read_only",
    "default",
    "repeat_count",
    "items",
    "third_party",
    "format",
    "id",
    "version",
    "languages",
    "choice_lists",
    "sections",
];

pub(crate) fn load(source: &str, json: &str) -> Result<FormDef, DefinitionErrors> {
    let mut loader = Loader {
        source,
        errors: Vec::new(),
        languages: Vec::new(),
        langs_ok: false,
        choice_lists: BTreeMap::new(),
        scopes: BTreeMap::new(),
        pending: Vec::new(),
        item_count: 0,
        places: BTreeMap::new(),
        section_places: Vec::new(),
        broken_lists: BTreeSet::new(),
    };
    if json.len() > MAX_DEFINITION_BYTES {
        loader.err(
            "$",
            format!("the file is larger than {MAX_DEFINITION_BYTES} bytes"),
        );
        return Err(DefinitionErrors(loader.errors));
    }
    let root: Json = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            loader.err(
                &format!("line {} column {}", e.line(), e.column()),
                format!("not valid JSON: {e}"),
            );
            return Err(DefinitionErrors(loader.errors));
        }
    };
    let form = loader.load_form(&root);
    if loader.errors.is_empty() {
        if let Some(mut form) = form {
            loader.compile_pending(&mut form);
            if loader.errors.is_empty() {
                loader.check_relevance_graph(&form);
            }
            if loader.errors.is_empty() {
                return Ok(form);
            }
        }
    } else if let Some(mut form) = form {
        // Still compile expressions, to report their problems too.
        loader.compile_pending(&mut form);
    }
    if loader.errors.is_empty() {
        loader.err("$", "the definition could not be read".into());
    }
    Err(DefinitionErrors(loader.errors))
}

/// A name declared in a scope.
struct Declared {
    target: Target,
    place: String,
}

/// Which expression slot a pending expression fills.
enum Slot {
    SectionRelevant,
    Relevant,
    Required,
    Constraint(Labels),
    /// A select question's `choice_filter`; the list it filters.
    ChoiceFilter(String),
    /// A `calculate` item's or a read-only question's `calculation`; the item's name.
    Calculation(String),
    /// A repeat's `repeat_count` (compiled in the enclosing scope).
    RepeatCount,
}

/// An expression waiting for the scopes to be complete.
struct Pending {
    /// Section index, then item indices down the repeats.
    loc: Vec<usize>,
    slot: Slot,
    source: String,
    place: String,
    scope: Vec<String>,
    current: Option<Ty>,
}

struct Loader<'s> {
    source: &'s str,
    errors: Vec<DefinitionError>,
    languages: Vec<String>,
    langs_ok: bool,
    choice_lists: BTreeMap<String, ChoiceList>,
    /// Scope (repeat path, `[]` for the top level) → name → declaration.
    scopes: BTreeMap<Vec<String>, BTreeMap<String, Declared>>,
    pending: Vec<Pending>,
    item_count: usize,
    /// Item path → place of the item, for graph errors.
    places: BTreeMap<QuestionPath, String>,
    section_places: Vec<String>,
    /// Choice lists that exist but failed to load (reported once, where they are defined).
    broken_lists: BTreeSet<String>,
}

/// Where an item sits while loading.
#[derive(Clone)]
struct ItemCtx {
    scope: Vec<String>,
    section: usize,
    loc: Vec<usize>,
    third_party: bool,
}

fn key_place(parent: &str, key: &str) -> String {
    if is_valid_name(key) {
        format!("{parent}.{key}")
    } else {
        format!("{parent}[{:?}]", shorten(key))
    }
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "true/false",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}

impl Loader<'_> {
    fn err(&mut self, place: &str, reason: String) {
        self.errors.push(DefinitionError {
            source_name: self.source.to_owned(),
            place: place.to_owned(),
            reason,
        });
    }

    // -- small readers ------------------------------------------------------------------------

    fn object<'j>(
        &mut self,
        v: &'j Json,
        place: &str,
        what: &str,
    ) -> Option<&'j Map<String, Json>> {
        match v {
            Json::Object(m) => Some(m),
            other => {
                self.err(
                    place,
                    format!("{what} must be an object, not {}", json_kind(other)),
                );
                None
            }
        }
    }

    /// Reports keys that are neither in `allowed` nor a `<prefix>::<declared language>` key.
    fn check_keys(
        &mut self,
        map: &Map<String, Json>,
        place: &str,
        allowed: &[&str],
        label_prefixes: &[&str],
        what: &str,
    ) {
        for key in map.keys() {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            if let Some((prefix, lang)) = key.split_once("::") {
                if label_prefixes.contains(&prefix) {
                    if self.langs_ok && !self.languages.iter().any(|l| l == lang) {
                        self.err(
                            &key_place(place, key),
                            format!(
                                "language `{}` is not declared in `languages` ({})",
                                shorten(lang),
                                self.languages.join(", ")
                            ),
                        );
                    }
                    continue;
                }
            }
            if label_prefixes.contains(&key.as_str()) {
                self.err(
                    &key_place(place, key),
                    format!("`{key}` needs a language, like `{key}::en`"),
                );
            } else if KNOWN_KEYS.contains(&key.as_str()) {
                self.err(
                    &key_place(place, key),
                    format!("`{key}` is not allowed on {what}"),
                );
            } else {
                self.err(
                    &key_place(place, key),
                    format!("unknown field `{}` on {what}", shorten(key)),
                );
            }
        }
    }

    /// Reads `<prefix>::<lang>` for every declared language. Required labels must exist in
    /// all; optional ones (hints) in all or none.
    fn labels(
        &mut self,
        map: &Map<String, Json>,
        place: &str,
        prefix: &str,
        required: bool,
    ) -> Option<Labels> {
        if !self.langs_ok {
            return required.then(Labels::default);
        }
        let mut found = BTreeMap::new();
        let mut missing = Vec::new();
        for lang in self.languages.clone() {
            let key = format!("{prefix}::{lang}");
            match map.get(&key) {
                Some(Json::String(s)) if !s.trim().is_empty() => {
                    found.insert(lang, s.clone());
                }
                Some(Json::String(_)) => {
                    self.err(&key_place(place, &key), format!("`{key}` is empty"));
                    found.insert(lang, String::new());
                }
                Some(other) => {
                    self.err(
                        &key_place(place, &key),
                        format!("`{key}` must be text, not {}", json_kind(other)),
                    );
                    found.insert(lang, String::new());
                }
                None => missing.push(key),
            }
        }
        if !required && found.is_empty() {
            return None;
        }
        for key in missing {
            self.err(
                place,
                format!(
                    "missing `{key}` (every {prefix} needs all declared languages: {})",
                    self.languages.join(", ")
                ),
            );
        }
        Some(Labels::new(found))
    }

    fn name(&mut self, map: &Map<String, Json>, place: &str, what: &str) -> Option<String> {
        match map.get("name") {
            Some(Json::String(s)) if is_valid_name(s) => Some(s.clone()),
            Some(Json::String(s)) => {
                self.err(
                    &format!("{place}.name"),
                    format!(
                        "`{}` is not a valid name (lowercase letters, digits and `_`, starting with a letter, at most 64 characters)",
                        shorten(s)
                    ),
                );
                None
            }
            Some(other) => {
                self.err(
                    &format!("{place}.name"),
                    format!("`name` must be text, not {}", json_kind(other)),
                );
                None
            }
            None => {
                self.err(place, format!("{what} has no `name`"));
                None
            }
        }
    }

    fn choice_name(&mut self, map: &Map<String, Json>, place: &str) -> Option<String> {
        match map.get("name") {
            Some(Json::String(s)) if is_valid_choice_name(s) => Some(s.clone()),
            Some(Json::String(s)) => {
                self.err(
                    &format!("{place}.name"),
                    format!(
                        "`{}` is not a valid choice name (letters, digits, `_`, `-` and `.`, no spaces, at most 64 characters)",
                        shorten(s)
                    ),
                );
                None
            }
            Some(other) => {
                self.err(
                    &format!("{place}.name"),
                    format!("`name` must be text, not {}", json_kind(other)),
                );
                None
            }
            None => {
                self.err(place, "a choice has no `name`".into());
                None
            }
        }
    }

    fn bool_field(&mut self, map: &Map<String, Json>, place: &str, key: &str) -> Option<bool> {
        match map.get(key)? {
            Json::Bool(b) => Some(*b),
            other => {
                self.err(
                    &key_place(place, key),
                    format!("`{key}` must be true or false, not {}", json_kind(other)),
                );
                None
            }
        }
    }

    fn expr_field(&mut self, map: &Map<String, Json>, place: &str, key: &str) -> Option<String> {
        match map.get(key)? {
            Json::String(s) => Some(s.clone()),
            other => {
                self.err(
                    &key_place(place, key),
                    format!(
                        "`{key}` must be an expression in text, not {}",
                        json_kind(other)
                    ),
                );
                None
            }
        }
    }

    /// A choice's `properties`: extra columns for choice filters, each a name and a text.
    fn choice_properties(
        &mut self,
        map: &Map<String, Json>,
        place: &str,
    ) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let Some(v) = map.get("properties") else {
            return out;
        };
        let pplace = format!("{place}.properties");
        let Some(props) = self.object(v, &pplace, "`properties`") else {
            return out;
        };
        for (k, v) in props {
            if !is_valid_name(k) || k == "name" || k == "label" || k == "list_name" {
                self.err(
                    &key_place(&pplace, k),
                    format!("`{}` is not a valid choice column name", shorten(k)),
                );
                continue;
            }
            match v {
                Json::String(s) if s.chars().count() <= 1000 => {
                    out.insert(k.clone(), s.clone());
                }
                Json::String(_) => self.err(
                    &key_place(&pplace, k),
                    "a choice column holds at most 1000 characters".into(),
                ),
                other => self.err(
                    &key_place(&pplace, k),
                    format!("a choice column must be text, not {}", json_kind(other)),
                ),
            }
        }
        out
    }

    fn comment(&mut self, map: &Map<String, Json>, place: &str) {
        if let Some(v) = map.get("comment") {
            if !v.is_string() {
                self.err(&format!("{place}.comment"), "`comment` must be text".into());
            }
        }
    }

    // -- the form -----------------------------------------------------------------------------

    fn load_form(&mut self, root: &Json) -> Option<FormDef> {
        let map = self.object(root, "$", "the definition")?;
        self.load_languages(map);
        self.check_keys(
            map,
            "$",
            &[
                "format",
                "id",
                "version",
                "languages",
                "choice_lists",
                "sections",
                "comment",
            ],
            &["title"],
            "the form",
        );
        self.comment(map, "$");
        match map.get("format") {
            Some(Json::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
            Some(Json::Number(_)) => self.err(
                "$.format",
                format!("unsupported definition format (this build reads format {FORMAT_VERSION})"),
            ),
            Some(other) => self.err(
                "$.format",
                format!(
                    "`format` must be the number {FORMAT_VERSION}, not {}",
                    json_kind(other)
                ),
            ),
            None => self.err("$", format!("missing `format` (use {FORMAT_VERSION})")),
        }
        let id = match map.get("id") {
            Some(Json::String(s)) if is_valid_name(s) => s.clone(),
            Some(_) => {
                self.err("$.id", "`id` must be a valid name, like `intake`".into());
                String::new()
            }
            None => {
                self.err("$", "missing `id`".into());
                String::new()
            }
        };
        let version = match map.get("version") {
            Some(Json::Number(n)) => match n.as_u64().and_then(|v| u32::try_from(v).ok()) {
                Some(v) if v >= 1 => v,
                _ => {
                    self.err(
                        "$.version",
                        "`version` must be a whole number from 1".into(),
                    );
                    0
                }
            },
            Some(other) => {
                self.err(
                    "$.version",
                    format!("`version` must be a number, not {}", json_kind(other)),
                );
                0
            }
            None => {
                self.err("$", "missing `version`".into());
                0
            }
        };
        let title = self.labels(map, "$", "title", true).unwrap_or_default();
        if let Some(v) = map.get("choice_lists") {
            self.load_choice_lists(v);
        }
        let mut sections = Vec::new();
        match map.get("sections") {
            Some(Json::Array(list)) if !list.is_empty() => {
                let mut seen: BTreeMap<String, String> = BTreeMap::new();
                for (i, s) in list.iter().enumerate() {
                    let place = format!("$.sections[{i}]");
                    self.section_places.push(place.clone());
                    if let Some(section) = self.load_section(s, &place, i, &mut seen) {
                        sections.push(section);
                    }
                }
            }
            Some(Json::Array(_)) => {
                self.err("$.sections", "a form needs at least one section".into())
            }
            Some(other) => self.err(
                "$.sections",
                format!("`sections` must be a list, not {}", json_kind(other)),
            ),
            None => self.err("$", "missing `sections`".into()),
        }
        self.check_shadowing();
        let mut form = FormDef {
            id,
            version,
            languages: self.languages.clone(),
            title,
            choice_lists: std::mem::take(&mut self.choice_lists),
            sections,
            index: BTreeMap::new(),
        };
        build_index(&mut form);
        Some(form)
    }

    fn load_languages(&mut self, map: &Map<String, Json>) {
        match map.get("languages") {
            Some(Json::Array(list)) if !list.is_empty() => {
                let mut ok = true;
                for (i, l) in list.iter().enumerate() {
                    match l.as_str() {
                        Some(code)
                            if (2..=3).contains(&code.len())
                                && code.bytes().all(|b| b.is_ascii_lowercase()) =>
                        {
                            if self.languages.iter().any(|x| x == code) {
                                self.err(
                                    &format!("$.languages[{i}]"),
                                    format!("language `{code}` is listed twice"),
                                );
                            } else {
                                self.languages.push(code.to_owned());
                            }
                        }
                        _ => {
                            ok = false;
                            self.err(
                                &format!("$.languages[{i}]"),
                                "a language is a 2- or 3-letter lowercase code, like `en` or `ru`"
                                    .into(),
                            );
                        }
                    }
                }
                self.langs_ok = ok && !self.languages.is_empty();
            }
            Some(_) => self.err(
                "$.languages",
                "`languages` must be a non-empty list of language codes".into(),
            ),
            None => self.err("$", "missing `languages` (e.g. [\"en\", \"ru\"])".into()),
        }
    }

    fn load_choice_lists(&mut self, v: &Json) {
        let Some(map) = self.object(v, "$.choice_lists", "`choice_lists`") else {
            return;
        };
        for (name, list) in map {
            let place = key_place("$.choice_lists", name);
            if !is_valid_name(name) {
                self.err(
                    &place,
                    format!("`{}` is not a valid list name", shorten(name)),
                );
            }
            let choices = match list {
                Json::Array(items) if !items.is_empty() => items,
                Json::Array(_) => {
                    self.err(&place, "a choice list needs at least one choice".into());
                    self.broken_lists.insert(name.clone());
                    continue;
                }
                other => {
                    self.err(
                        &place,
                        format!("a choice list must be a list, not {}", json_kind(other)),
                    );
                    self.broken_lists.insert(name.clone());
                    continue;
                }
            };
            if choices.len() > MAX_CHOICES {
                self.err(
                    &place,
                    format!("a choice list has at most {MAX_CHOICES} choices"),
                );
                self.broken_lists.insert(name.clone());
                continue;
            }
            let mut out: Vec<Choice> = Vec::new();
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for (i, c) in choices.iter().enumerate() {
                let cplace = format!("{place}[{i}]");
                let Some(cmap) = self.object(c, &cplace, "a choice") else {
                    continue;
                };
                self.check_keys(
                    cmap,
                    &cplace,
                    &["name", "comment", "properties"],
                    &["label"],
                    "a choice",
                );
                self.comment(cmap, &cplace);
                let properties = self.choice_properties(cmap, &cplace);
                let cname = self.choice_name(cmap, &cplace);
                let label = self
                    .labels(cmap, &cplace, "label", true)
                    .unwrap_or_default();
                if let Some(cname) = cname {
                    if let Some(first) = seen.get(&cname) {
                        self.err(
                            &format!("{cplace}.name"),
                            format!("duplicate choice `{cname}` (also at {place}[{first}])"),
                        );
                    } else {
                        seen.insert(cname.clone(), i);
                        out.push(Choice {
                            name: cname,
                            label,
                            properties,
                        });
                    }
                }
            }
            self.choice_lists.insert(
                name.clone(),
                ChoiceList {
                    name: name.clone(),
                    choices: out,
                },
            );
        }
    }

    fn load_section(
        &mut self,
        v: &Json,
        place: &str,
        index: usize,
        seen: &mut BTreeMap<String, String>,
    ) -> Option<Section> {
        let map = self.object(v, place, "a section")?;
        self.check_keys(
            map,
            place,
            &["name", "items", "relevant", "comment"],
            &["label", "hint"],
            "a section",
        );
        self.comment(map, place);
        let name = self.name(map, place, "a section");
        if let Some(n) = &name {
            if let Some(first) = seen.get(n) {
                self.err(
                    &format!("{place}.name"),
                    format!("duplicate section name `{n}` (also at {first})"),
                );
            } else {
                seen.insert(n.clone(), place.to_owned());
            }
        }
        let label = self.labels(map, place, "label", true).unwrap_or_default();
        let hint = self.labels(map, place, "hint", false);
        if let Some(src) = self.expr_field(map, place, "relevant") {
            self.pending.push(Pending {
                loc: vec![index],
                slot: Slot::SectionRelevant,
                source: src,
                place: format!("{place}.relevant"),
                scope: Vec::new(),
                current: None,
            });
        }
        let ctx = ItemCtx {
            scope: Vec::new(),
            section: index,
            loc: vec![index],
            third_party: false,
        };
        let items = self.load_items(map.get("items"), place, &ctx, "a section");
        Some(Section {
            name: name.unwrap_or_default(),
            label,
            hint,
            relevant: None,
            items,
        })
    }

    fn load_items(
        &mut self,
        v: Option<&Json>,
        place: &str,
        ctx: &ItemCtx,
        what: &str,
    ) -> Vec<Item> {
        let list = match v {
            Some(Json::Array(list)) if !list.is_empty() => list,
            Some(Json::Array(_)) => {
                self.err(
                    &format!("{place}.items"),
                    format!("{what} needs at least one item"),
                );
                return Vec::new();
            }
            Some(other) => {
                self.err(
                    &format!("{place}.items"),
                    format!("`items` must be a list, not {}", json_kind(other)),
                );
                return Vec::new();
            }
            None => {
                self.err(
                    place,
                    format!("{what} needs `items` with at least one item"),
                );
                return Vec::new();
            }
        };
        let mut items = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let iplace = format!("{place}.items[{i}]");
            self.item_count += 1;
            if self.item_count > MAX_ITEMS {
                self.err(&iplace, format!("a form has at most {MAX_ITEMS} items"));
                break;
            }
            let mut ictx = ctx.clone();
            ictx.loc.push(items.len());
            if let Some(item) = self.load_item(item, &iplace, &ictx) {
                items.push(item);
            }
        }
        items
    }

    fn declare(&mut self, scope: &[String], name: &str, target: Target, place: &str) {
        let entries = self.scopes.entry(scope.to_vec()).or_default();
        if let Some(first) = entries.get(name) {
            let reason = format!("duplicate name `{name}` (also at {})", first.place);
            self.err(&format!("{place}.name"), reason);
            return;
        }
        self.places.insert(target.path.clone(), place.to_owned());
        entries.insert(
            name.to_owned(),
            Declared {
                target,
                place: place.to_owned(),
            },
        );
    }

    /// Declares the name of an item that failed to load, typed so that references to it are
    /// accepted: its own problem is reported once, not again at every use.
    fn declare_broken(&mut self, map: &Map<String, Json>, place: &str, ctx: &ItemCtx) {
        if let Some(Json::String(name)) = map.get("name") {
            if is_valid_name(name) {
                let target = Target {
                    path: QuestionPath::from_names(ctx.scope.clone()).child(name),
                    kind: TargetKind::Question(Ty::Any),
                };
                self.declare(&ctx.scope, name, target, place);
            }
        }
    }

    fn load_item(&mut self, v: &Json, place: &str, ctx: &ItemCtx) -> Option<Item> {
        let map = self.object(v, place, "an item")?;
        let ty = match map.get("type") {
            Some(Json::String(t)) if TYPES.contains(&t.as_str()) => t.clone(),
            Some(Json::String(t)) => {
                self.err(
                    &format!("{place}.type"),
                    format!(
                        "unknown question type `{}` (expected one of: {})",
                        shorten(t),
                        TYPES.join(", ")
                    ),
                );
                self.declare_broken(map, place, ctx);
                return None;
            }
            Some(other) => {
                self.err(
                    &format!("{place}.type"),
                    format!("`type` must be text, not {}", json_kind(other)),
                );
                self.declare_broken(map, place, ctx);
                return None;
            }
            None => {
                self.err(place, "an item has no `type`".into());
                self.declare_broken(map, place, ctx);
                return None;
            }
        };
        if ty == "repeat" {
            return self.load_repeat(map, place, ctx).map(Item::Repeat);
        }
        if ty == "note" {
            return self.load_note(map, place, ctx).map(Item::Note);
        }
        self.load_question(map, &ty, place, ctx).map(Item::Question)
    }

    fn load_repeat(
        &mut self,
        map: &Map<String, Json>,
        place: &str,
        ctx: &ItemCtx,
    ) -> Option<Repeat> {
        self.check_keys(
            map,
            place,
            &[
                "type",
                "name",
                "items",
                "relevant",
                "third_party",
                "repeat_count",
                "comment",
            ],
            &["label", "hint"],
            "a repeat",
        );
        self.comment(map, place);
        let name = self.name(map, place, "a repeat");
        let label = self.labels(map, place, "label", true).unwrap_or_default();
        let hint = self.labels(map, place, "hint", false);
        let third_party =
            self.bool_field(map, place, "third_party").unwrap_or(false) || ctx.third_party;
        let name = name?;
        let path = QuestionPath::from_names(ctx.scope.clone()).child(&name);
        self.declare(
            &ctx.scope,
            &name,
            Target {
                path: path.clone(),
                kind: TargetKind::Repeat,
            },
            place,
        );
        self.pending_relevant(map, place, ctx);
        match map.get("repeat_count") {
            None => {}
            // a constant count is written as a number or as text (`3`, as XLSForm has it)
            Some(Json::Number(n)) => self.pending.push(Pending {
                loc: ctx.loc.clone(),
                slot: Slot::RepeatCount,
                source: n.to_string(),
                place: format!("{place}.repeat_count"),
                scope: ctx.scope.clone(),
                current: None,
            }),
            Some(Json::String(src)) => self.pending.push(Pending {
                loc: ctx.loc.clone(),
                slot: Slot::RepeatCount,
                source: src.clone(),
                place: format!("{place}.repeat_count"),
                scope: ctx.scope.clone(),
                current: None,
            }),
            Some(other) => self.err(
                &format!("{place}.repeat_count"),
                format!(
                    "`repeat_count` must be a whole number or an expression, not {}",
                    json_kind(other)
                ),
            ),
        }
        if ctx.scope.len() + 1 > MAX_REPEAT_DEPTH {
            self.err(
                place,
                format!("repeats nest at most {MAX_REPEAT_DEPTH} deep"),
            );
            return None;
        }
        let mut inner = ctx.clone();
        inner.scope.push(name.clone());
        inner.third_party = third_party;
        let items = self.load_items(map.get("items"), place, &inner, "a repeat");
        Some(Repeat {
            name,
            path,
            section: ctx.section,
            label,
            hint,
            relevant: None,
            third_party,
            count: None,
            items,
        })
    }

    /// Queues an item's `relevant` condition (if it has one) for compiling once every name of
    /// the form is declared.
    fn pending_relevant(&mut self, map: &Map<String, Json>, place: &str, ctx: &ItemCtx) {
        if let Some(src) = self.expr_field(map, place, "relevant") {
            self.pending.push(Pending {
                loc: ctx.loc.clone(),
                slot: Slot::Relevant,
                source: src,
                place: format!("{place}.relevant"),
                scope: ctx.scope.clone(),
                current: None,
            });
        }
    }

    /// A note: a name, a label, perhaps a hint and a relevance condition, nothing else (it takes
    /// no answer, so it has no sensitivity, export flag, requirement or constraint).
    fn load_note(&mut self, map: &Map<String, Json>, place: &str, ctx: &ItemCtx) -> Option<Note> {
        self.check_keys(
            map,
            place,
            &["type", "name", "relevant", "comment"],
            &["label", "hint"],
            "a note",
        );
        self.comment(map, place);
        let name = self.name(map, place, "a note");
        let label = self.labels(map, place, "label", true).unwrap_or_default();
        let hint = self.labels(map, place, "hint", false);
        let name = name?;
        let path = QuestionPath::from_names(ctx.scope.clone()).child(&name);
        self.declare(
            &ctx.scope,
            &name,
            Target {
                path: path.clone(),
                kind: TargetKind::Note,
            },
            place,
        );
        self.pending_relevant(map, place, ctx);
        Some(Note {
            name,
            path,
            section: ctx.section,
            label,
            hint,
            relevant: None,
        })
    }

    fn load_question(
        &mut self,
        map: &Map<String, Json>,
        ty: &str,
        place: &str,
        ctx: &ItemCtx,
    ) -> Option<Question> {
        let calculate = ty == "calculate";
        let mut allowed: Vec<&str> = QUESTION_KEYS.to_vec();
        match ty {
            "select_one" => allowed.extend([
                "choices",
                "choice_filter",
                "default",
                "calculation",
                "read_only",
            ]),
            "select_many" => allowed.extend(["choices", "choice_filter", "default"]),
            "date" => allowed.extend(["precisions", "time", "default", "calculation", "read_only"]),
            "text" | "long_text" | "integer" | "decimal" | "yes_no" => {
                allowed.extend(["calculation", "read_only", "default"])
            }
            // computed, never asked: no requirement or constraint
            "calculate" => {
                allowed = vec![
                    "type",
                    "name",
                    "comment",
                    "relevant",
                    "calculation",
                    "sensitivity",
                    "export",
                ]
            }
            _ => {}
        }
        let what = format!("a `{ty}` question");
        self.check_keys(
            map,
            place,
            &allowed,
            &["label", "hint", "constraint_message"],
            &what,
        );
        self.comment(map, place);
        let name = self.name(map, place, "a question");
        let label = self
            .labels(map, place, "label", !calculate)
            .unwrap_or_default();
        let hint = self.labels(map, place, "hint", false);
        let read_only = self.bool_field(map, place, "read_only").unwrap_or(false);
        let has_calculation = map.contains_key("calculation");
        if calculate && !has_calculation {
            self.err(place, "a `calculate` needs a `calculation`".into());
        }
        if !calculate && read_only && !has_calculation {
            self.err(
                &format!("{place}.read_only"),
                "a read-only question needs a `calculation`: nothing else could fill it in".into(),
            );
        }
        if !calculate && has_calculation && !read_only {
            self.err(
                &format!("{place}.calculation"),
                "a question with a `calculation` must be `read_only`: the calculation would overwrite what the interviewer records".into(),
            );
        }
        if !calculate && has_calculation {
            for key in ["required", "constraint", "default"] {
                if map.contains_key(key) {
                    self.err(
                        &format!("{place}.{key}"),
                        format!("`{key}` on a computed (read-only) question: nobody answers it"),
                    );
                }
            }
        }

        let kind = match ty {
            // the kind of its value is known once its calculation is type checked
            "calculate" => Some(QuestionType::Calculate {
                result: crate::answer::ValueKind::Text,
                list: None,
            }),
            "text" => Some(QuestionType::Text),
            "long_text" => Some(QuestionType::LongText),
            "integer" => Some(QuestionType::Integer),
            "decimal" => Some(QuestionType::Decimal),
            "yes_no" => Some(QuestionType::YesNo),
            "person_ref" => Some(QuestionType::PersonRef),
            "place_ref" => Some(QuestionType::PlaceRef),
            "attachment" => Some(QuestionType::Attachment),
            "date" => self.date_type(map, place),
            _ => self.select_type(map, ty, place),
        };

        let sensitivity = match map.get("sensitivity") {
            Some(Json::String(s)) => match Sensitivity::from_name(s) {
                Some(x) => Some(x),
                None => {
                    self.err(
                        &format!("{place}.sensitivity"),
                        format!(
                            "unknown sensitivity `{}` (expected normal, identity, high_risk, testimony or internal)",
                            shorten(s)
                        ),
                    );
                    None
                }
            },
            Some(other) => {
                self.err(
                    &format!("{place}.sensitivity"),
                    format!("`sensitivity` must be text, not {}", json_kind(other)),
                );
                None
            }
            None => {
                self.err(
                    place,
                    "missing `sensitivity` (normal, identity, high_risk, testimony or internal)"
                        .into(),
                );
                None
            }
        };
        let export = self.bool_field(map, place, "export");
        if !map.contains_key("export") {
            self.err(place, "missing `export` (true or false)".into());
        }
        if sensitivity == Some(Sensitivity::Internal) && export == Some(true) {
            self.err(
                &format!("{place}.export"),
                "an `internal` question is never exported: set `export` to false".into(),
            );
        }

        let has_constraint = map.contains_key("constraint");
        let message = self.labels(map, place, "constraint_message", false);
        if has_constraint && message.is_none() && self.langs_ok {
            self.err(
                place,
                "a `constraint` needs a `constraint_message` in every language".into(),
            );
        }
        if !has_constraint && message.is_some() {
            self.err(place, "`constraint_message` without a `constraint`".into());
        }

        let name = name?;
        let Some(kind) = kind else {
            self.declare_broken(map, place, ctx);
            return None;
        };
        let default = match map.get("default") {
            None => None,
            Some(Json::String(src)) => self
                .default_value(&kind, src, &format!("{place}.default"))
                .map(|value| {
                    Box::new(DefaultAnswer {
                        source: src.clone(),
                        value,
                    })
                }),
            Some(other) => {
                self.err(
                    &format!("{place}.default"),
                    format!(
                        "`default` must be text (the value as the interviewer would give it), not {}",
                        json_kind(other)
                    ),
                );
                None
            }
        };
        let path = QuestionPath::from_names(ctx.scope.clone()).child(&name);
        // a calculate's type is set when its calculation is compiled (before every other
        // expression); until then it accepts anything, like a broken item
        let expr_ty = if calculate { Ty::Any } else { kind.expr_type() };
        self.declare(
            &ctx.scope,
            &name,
            Target {
                path: path.clone(),
                kind: TargetKind::Question(expr_ty.clone()),
            },
            place,
        );

        let mut required = Required::No;
        match map.get("required") {
            None | Some(Json::Bool(false)) => {}
            Some(Json::Bool(true)) => required = Required::Yes,
            Some(Json::String(src)) => self.pending.push(Pending {
                loc: ctx.loc.clone(),
                slot: Slot::Required,
                source: src.clone(),
                place: format!("{place}.required"),
                scope: ctx.scope.clone(),
                current: None,
            }),
            Some(other) => self.err(
                &format!("{place}.required"),
                format!(
                    "`required` must be true, false or an expression, not {}",
                    json_kind(other)
                ),
            ),
        }
        self.pending_relevant(map, place, ctx);
        if let Some(src) = self.expr_field(map, place, "constraint") {
            self.pending.push(Pending {
                loc: ctx.loc.clone(),
                slot: Slot::Constraint(message.unwrap_or_default()),
                source: src,
                place: format!("{place}.constraint"),
                scope: ctx.scope.clone(),
                current: Some(expr_ty),
            });
        }
        if let Some(src) = self.expr_field(map, place, "calculation") {
            self.pending.push(Pending {
                loc: ctx.loc.clone(),
                slot: Slot::Calculation(name.clone()),
                source: src,
                place: format!("{place}.calculation"),
                scope: ctx.scope.clone(),
                current: None,
            });
        }
        if let Some(list) = kind.choice_list() {
            if let Some(src) = self.expr_field(map, place, "choice_filter") {
                self.pending.push(Pending {
                    loc: ctx.loc.clone(),
                    slot: Slot::ChoiceFilter(list.to_owned()),
                    source: src,
                    place: format!("{place}.choice_filter"),
                    scope: ctx.scope.clone(),
                    current: None,
                });
            }
        }

        Some(Question {
            name,
            path,
            section: ctx.section,
            kind,
            label,
            hint,
            required,
            relevant: None,
            constraint: None,
            choice_filter: None,
            sensitivity: sensitivity.unwrap_or(Sensitivity::Internal),
            export: export.unwrap_or(false),
            third_party: ctx.third_party,
            calculation: None,
            read_only,
            default,
        })
    }

    /// A question's `default`: a literal of its type, never an expression. `None` (and a
    /// problem at `place`) when it is not one.
    fn default_value(&mut self, kind: &QuestionType, src: &str, place: &str) -> Option<Value> {
        let text = src.trim();
        let lower = text.to_ascii_lowercase();
        if text.is_empty() {
            self.err(place, "`default` is empty: leave it out instead".into());
            return None;
        }
        if text.contains("${") || lower.contains("now()") || lower.contains("today()") {
            self.err(
                place,
                "a default must be a literal value (a number, a date, a choice name, text): expressions such as `${…}`, `now()` or `today()` are not supported".into(),
            );
            return None;
        }
        let bad = |what: &str| format!("the default `{}` is not {what}", shorten(text));
        let value = match kind {
            QuestionType::Text | QuestionType::LongText => Ok(Value::Text(src.to_owned())),
            QuestionType::Integer => text
                .parse::<i64>()
                .map(Value::Integer)
                .map_err(|_| bad("a whole number")),
            QuestionType::Decimal => Value::decimal(text).ok_or_else(|| bad("a decimal number")),
            QuestionType::YesNo => match lower.as_str() {
                "yes" | "true" | "1" => Ok(Value::YesNo(true)),
                "no" | "false" | "0" => Ok(Value::YesNo(false)),
                _ => Err(bad("yes or no")),
            },
            QuestionType::Date { precisions, .. } => match PartialDate::parse_iso(text) {
                Some(d) if precisions.contains(&d.precision().kind()) => Ok(Value::Date(d)),
                Some(_) => Err(format!(
                    "the default `{}` has a precision this date question does not allow",
                    shorten(text)
                )),
                None => Err(bad("a date written YYYY-MM-DD, YYYY-MM or YYYY")),
            },
            QuestionType::SelectOne { list } => {
                if self.list_has(list, text) {
                    Ok(Value::Choice(text.to_owned()))
                } else {
                    Err(format!(
                        "the default `{}` is not a choice in the list `{list}`",
                        shorten(text)
                    ))
                }
            }
            QuestionType::SelectMany { list } => {
                let names: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
                match names.iter().enumerate().find(|(i, n)| {
                    !self.list_has(list, n) || names[..*i].contains(n)
                }) {
                    Some((_, n)) => Err(format!(
                        "the default names `{}`, which is not a choice in the list `{list}` or is given twice",
                        shorten(n)
                    )),
                    None => Ok(Value::Choices(names)),
                }
            }
            other => Err(format!("a `{}` question takes no default", other.as_str())),
        };
        match value {
            Ok(v) => Some(v),
            Err(reason) => {
                self.err(place, reason);
                None
            }
        }
    }

    /// Whether `list` has `choice`; an unknown or broken list is reported where it is named,
    /// so anything is accepted here.
    fn list_has(&self, list: &str, choice: &str) -> bool {
        match self.choice_lists.get(list) {
            Some(l) => l.contains(choice),
            None => true,
        }
    }

    fn date_type(&mut self, map: &Map<String, Json>, place: &str) -> Option<QuestionType> {
        let time = self.bool_field(map, place, "time").unwrap_or(false);
        let precisions = match map.get("precisions") {
            None => PrecisionKind::ALL.to_vec(),
            Some(Json::Array(list)) if !list.is_empty() => {
                let mut out = Vec::new();
                for (i, p) in list.iter().enumerate() {
                    match p.as_str().and_then(PrecisionKind::from_name) {
                        Some(k) if !out.contains(&k) => out.push(k),
                        Some(_) => self.err(
                            &format!("{place}.precisions[{i}]"),
                            "precision listed twice".into(),
                        ),
                        None => self.err(
                            &format!("{place}.precisions[{i}]"),
                            "unknown precision (expected exact, month, season, year or approximate)"
                                .into(),
                        ),
                    }
                }
                out
            }
            Some(_) => {
                self.err(
                    &format!("{place}.precisions"),
                    "`precisions` must be a non-empty list".into(),
                );
                return None;
            }
        };
        if time && !precisions.contains(&PrecisionKind::Exact) {
            self.err(
                &format!("{place}.time"),
                "`time` needs the `exact` precision".into(),
            );
        }
        Some(QuestionType::Date { precisions, time })
    }

    fn select_type(
        &mut self,
        map: &Map<String, Json>,
        ty: &str,
        place: &str,
    ) -> Option<QuestionType> {
        let list = match map.get("choices") {
            Some(Json::String(list)) => list.clone(),
            Some(other) => {
                self.err(
                    &format!("{place}.choices"),
                    format!(
                        "`choices` must name a choice list, not {}",
                        json_kind(other)
                    ),
                );
                return None;
            }
            None => {
                self.err(
                    place,
                    format!("a `{ty}` question needs `choices` (a choice list name)"),
                );
                return None;
            }
        };
        if !self.choice_lists.contains_key(&list) && !self.broken_lists.contains(&list) {
            self.err(
                &format!("{place}.choices"),
                format!("unknown choice list `{}`", shorten(&list)),
            );
        }
        Some(if ty == "select_one" {
            QuestionType::SelectOne { list }
        } else {
            QuestionType::SelectMany { list }
        })
    }

    /// A name may not reuse a name visible from an enclosing scope: `${name}` must mean one
    /// thing wherever it is written.
    fn check_shadowing(&mut self) {
        let mut found = Vec::new();
        for (scope, names) in &self.scopes {
            for (name, decl) in names {
                for k in 0..scope.len() {
                    if let Some(outer) = self.scopes.get(&scope[..k]).and_then(|m| m.get(name)) {
                        found.push((
                            format!("{}.name", decl.place),
                            format!(
                                "`{name}` is already used in an enclosing scope (at {}); names must be unique along a path",
                                outer.place
                            ),
                        ));
                    }
                }
            }
        }
        for (place, reason) in found {
            self.err(&place, reason);
        }
    }

    // -- pass 2: expressions ------------------------------------------------------------------

    fn compile_pending(&mut self, form: &mut FormDef) {
        let pending = std::mem::take(&mut self.pending);
        // calculations first, in form order: each gives its item's type, which the
        // expressions after it (and the calculations after it) are checked against
        let (calculations, others): (Vec<Pending>, Vec<Pending>) = pending
            .into_iter()
            .partition(|p| matches!(p.slot, Slot::Calculation(_)));
        for p in calculations {
            self.compile_calculation(form, &p);
        }
        for p in others {
            if let Slot::ChoiceFilter(list) = &p.slot {
                self.compile_filter(form, &p, list);
                continue;
            }
            if let Slot::RepeatCount = p.slot {
                self.compile_repeat_count(form, &p);
                continue;
            }
            let compiled = {
                let resolver = ScopeResolver {
                    scopes: &self.scopes,
                    lists: &form.choice_lists,
                    scope: &p.scope,
                    current: p.current.clone(),
                };
                Expression::compile(&p.source, &resolver)
            };
            let expr = match compiled {
                Ok(e) => e,
                Err(e) => {
                    self.err(&p.place, format!("bad expression at {e}"));
                    continue;
                }
            };
            let Some((first, rest)) = p.loc.split_first() else {
                continue;
            };
            let Some(section) = form.sections.get_mut(*first) else {
                continue;
            };
            if let Slot::SectionRelevant = p.slot {
                section.relevant = Some(expr);
                continue;
            }
            let Some(item) = item_at_mut(&mut section.items, rest) else {
                continue;
            };
            match (item, p.slot) {
                (Item::Question(q), Slot::Relevant) => q.relevant = Some(expr),
                (Item::Question(q), Slot::Required) => q.required = Required::When(expr),
                (Item::Question(q), Slot::Constraint(message)) => {
                    q.constraint = Some(Box::new(Constraint {
                        expression: expr,
                        message,
                    }))
                }
                (Item::Repeat(r), Slot::Relevant) => r.relevant = Some(expr),
                (Item::Note(n), Slot::Relevant) => n.relevant = Some(expr),
                _ => {}
            }
        }
    }

    /// Compiles `p`'s source as a value in its scope; a bad expression is reported at its
    /// place and gives `None`.
    fn compile_value_of(&mut self, form: &FormDef, p: &Pending) -> Option<(Expression, Ty)> {
        let compiled = {
            let resolver = ScopeResolver {
                scopes: &self.scopes,
                lists: &form.choice_lists,
                scope: &p.scope,
                current: None,
            };
            Expression::compile_value(&p.source, &resolver)
        };
        match compiled {
            Ok(x) => Some(x),
            Err(e) => {
                self.err(&p.place, format!("bad expression at {e}"));
                None
            }
        }
    }

    /// Compiles a calculation, checks that it uses only answers that come before it and that
    /// its value fits its question, and puts it in place (a `calculate` item takes its type
    /// from it).
    fn compile_calculation(&mut self, form: &mut FormDef, p: &Pending) {
        let Slot::Calculation(name) = &p.slot else {
            return;
        };
        let Some((expr, ty)) = self.compile_value_of(form, p) else {
            return;
        };
        if let Some(later) = first_later_reference(form, &p.loc, &expr) {
            self.err(
                &p.place,
                format!(
                    "the calculation uses `${{{later}}}`, which does not come before it; a calculation may use only earlier answers"
                ),
            );
            return;
        }
        let Some((first, rest)) = p.loc.split_first() else {
            return;
        };
        let Some(Item::Question(q)) = form
            .sections
            .get_mut(*first)
            .and_then(|s| item_at_mut(&mut s.items, rest))
        else {
            return;
        };
        let fits = match (&q.kind, &ty) {
            (QuestionType::SelectOne { list }, Ty::Choice(other)) => list == other,
            _ => matches!(
                (&q.kind, &ty),
                (_, Ty::Any)
                    | (
                        QuestionType::Calculate { .. },
                        Ty::Int | Ty::Dec | Ty::Text | Ty::Choice(_) | Ty::Bool | Ty::Date
                    )
                    | (QuestionType::Integer, Ty::Int)
                    | (QuestionType::Decimal, Ty::Int | Ty::Dec)
                    | (
                        QuestionType::Text | QuestionType::LongText,
                        Ty::Text | Ty::Choice(_)
                    )
                    | (QuestionType::YesNo, Ty::Bool)
                    | (QuestionType::Date { .. }, Ty::Date)
                    // text naming a choice (`if(…, 'a', 'b')`): kept only when it is one
                    | (QuestionType::SelectOne { .. }, Ty::Text)
            ),
        };
        if !fits {
            let what = match &q.kind {
                QuestionType::Calculate { .. } => "a calculate item's value".to_owned(),
                other => format!("a `{}` question", other.as_str()),
            };
            self.err(
                &p.place,
                format!(
                    "the calculation gives {}, which does not fit {what} (a calculation gives a number, text, yes/no, a date or a choice)",
                    ty.describe()
                ),
            );
            return;
        }
        if let QuestionType::Calculate { result, list } = &mut q.kind {
            *result = match &ty {
                Ty::Int => ValueKind::Integer,
                Ty::Dec => ValueKind::Decimal,
                Ty::Bool => ValueKind::YesNo,
                Ty::Date => ValueKind::Date,
                Ty::Choice(l) => {
                    *list = Some(l.clone());
                    ValueKind::Choice
                }
                _ => ValueKind::Text,
            };
            let declared = q.kind.expr_type();
            if let Some(d) = self.scopes.get_mut(&p.scope).and_then(|m| m.get_mut(name)) {
                d.target.kind = TargetKind::Question(declared);
            }
        }
        q.calculation = Some(Box::new(expr));
    }

    /// Compiles a repeat's `repeat_count` in the enclosing scope: a whole number, from answers
    /// before the repeat only (its own instances cannot decide how many there are).
    fn compile_repeat_count(&mut self, form: &mut FormDef, p: &Pending) {
        let Some((expr, ty)) = self.compile_value_of(form, p) else {
            return;
        };
        if !matches!(ty, Ty::Int | Ty::Any) {
            self.err(
                &p.place,
                format!(
                    "`repeat_count` must give a whole number (a number, an integer question, `count(…)`), but this gives {}",
                    ty.describe()
                ),
            );
            return;
        }
        if let Some(later) = first_later_reference(form, &p.loc, &expr) {
            self.err(
                &p.place,
                format!(
                    "`repeat_count` uses `${{{later}}}`, which does not come before the repeat; the count may use only earlier answers"
                ),
            );
            return;
        }
        let Some((first, rest)) = p.loc.split_first() else {
            return;
        };
        if let Some(Item::Repeat(r)) = form
            .sections
            .get_mut(*first)
            .and_then(|s| item_at_mut(&mut s.items, rest))
        {
            r.count = Some(Box::new(expr));
        }
    }

    /// Parses and checks a choice filter and puts it on its question.
    fn compile_filter(&mut self, form: &mut FormDef, p: &Pending, list: &str) {
        let resolved = filter::parse(&p.source).and_then(|terms| {
            let resolver = ScopeResolver {
                scopes: &self.scopes,
                lists: &form.choice_lists,
                scope: &p.scope,
                current: None,
            };
            filter::resolve(&terms, &resolver)
        });
        let terms = match resolved {
            Ok(t) => t,
            Err(e) => {
                self.err(&p.place, format!("bad choice filter at {e}"));
                return;
            }
        };
        let here = p.loc.as_slice();
        let mut out = Vec::new();
        for (column, target) in terms {
            let referenced = target.path.to_string();
            match &target.kind {
                TargetKind::Question(Ty::Choice(_) | Ty::Text) => {}
                _ => {
                    self.err(
                        &p.place,
                        format!("the choice filter compares with `${{{referenced}}}`, which is not a select_one or text question"),
                    );
                    continue;
                }
            }
            match form.index.get(&target.path) {
                Some(loc) if loc.as_slice() < here => {}
                _ => {
                    self.err(
                        &p.place,
                        format!("the choice filter refers to `${{{referenced}}}`, which is not asked before this question"),
                    );
                    continue;
                }
            }
            let has_column = form
                .choice_lists
                .get(list)
                .is_none_or(|l| l.choices.iter().any(|c| c.properties.contains_key(&column)));
            if !has_column {
                self.err(
                    &p.place,
                    format!("no choice of the list `{list}` has the column `{column}` the choice filter compares"),
                );
                continue;
            }
            out.push(FilterTerm { column, target });
        }
        if out.is_empty() {
            return;
        }
        let Some((first, rest)) = p.loc.split_first() else {
            return;
        };
        let Some(section) = form.sections.get_mut(*first) else {
            return;
        };
        if let Some(Item::Question(q)) = item_at_mut(&mut section.items, rest) {
            q.choice_filter = Some(Box::new(ChoiceFilter {
                source: p.source.clone(),
                terms: out,
            }));
        }
    }

    // -- pass 3: relevance dependencies -------------------------------------------------------

    fn check_relevance_graph(&mut self, form: &FormDef) {
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
        enum Node {
            Section(usize),
            Item(QuestionPath),
        }
        let mut deps: BTreeMap<Node, BTreeSet<Node>> = BTreeMap::new();
        for (i, s) in form.sections.iter().enumerate() {
            let entry = deps.entry(Node::Section(i)).or_default();
            if let Some(e) = &s.relevant {
                for t in e.targets() {
                    entry.insert(Node::Item(t.path.clone()));
                }
            }
        }
        let mut stack: Vec<&Item> = form.sections.iter().flat_map(|s| s.items.iter()).collect();
        while let Some(item) = stack.pop() {
            let path = item.path().clone();
            let mut d = BTreeSet::new();
            d.insert(match path.parent() {
                Some(parent) => Node::Item(parent),
                None => Node::Section(item.section_index()),
            });
            if let Some(e) = item.relevant() {
                for t in e.targets() {
                    d.insert(Node::Item(t.path.clone()));
                }
            }
            deps.insert(Node::Item(path), d);
            if let Item::Repeat(r) = item {
                stack.extend(r.items.iter());
            }
        }
        // Kahn's algorithm over "depends on" edges, tracking the longest chain.
        let mut dependents: BTreeMap<&Node, Vec<&Node>> = BTreeMap::new();
        let mut remaining: BTreeMap<&Node, usize> = BTreeMap::new();
        for (n, ds) in &deps {
            remaining.insert(n, ds.len());
            for d in ds {
                dependents.entry(d).or_default().push(n);
            }
        }
        let mut chain: BTreeMap<&Node, usize> = BTreeMap::new();
        let mut queue: VecDeque<&Node> = remaining
            .iter()
            .filter(|(_, c)| **c == 0)
            .map(|(n, _)| *n)
            .collect();
        let mut too_long = Vec::new();
        while let Some(n) = queue.pop_front() {
            let len = chain.get(n).copied().unwrap_or(0);
            remaining.remove(n);
            for m in dependents.get(n).cloned().unwrap_or_default() {
                let c = chain.entry(m).or_insert(0);
                if len + 1 > *c {
                    *c = len + 1;
                    if *c == MAX_RELEVANCE_CHAIN + 1 {
                        too_long.push(m);
                    }
                }
                if let Some(r) = remaining.get_mut(m) {
                    *r = r.saturating_sub(1);
                    if *r == 0 {
                        queue.push_back(m);
                    }
                }
            }
        }
        let place_of = |n: &Node| -> String {
            match n {
                Node::Section(i) => self.section_places.get(*i).cloned().unwrap_or_default(),
                Node::Item(p) => self.places.get(p).cloned().unwrap_or_default(),
            }
        };
        let name_of = |n: &Node| -> String {
            match n {
                Node::Section(i) => format!(
                    "section {}",
                    form.sections
                        .get(*i)
                        .map(|s| s.name.as_str())
                        .unwrap_or("?")
                ),
                Node::Item(p) => p.to_string(),
            }
        };
        let mut errors = Vec::new();
        for n in too_long {
            errors.push((
                format!("{}.relevant", place_of(n)),
                format!(
                    "relevance of `{}` depends on a chain of more than {MAX_RELEVANCE_CHAIN} conditions",
                    name_of(n)
                ),
            ));
        }
        if !remaining.is_empty() {
            // Keep only nodes on or between cycles: drop those nothing remaining depends on.
            let mut core: BTreeSet<&Node> = remaining.keys().copied().collect();
            loop {
                let needed: BTreeSet<&Node> = core
                    .iter()
                    .flat_map(|n| deps.get(*n).into_iter().flatten())
                    .filter(|d| core.contains(d))
                    .collect();
                let before = core.len();
                core.retain(|n| needed.contains(n));
                if core.len() == before {
                    break;
                }
            }
            let names: Vec<String> = core.iter().take(6).map(|n| name_of(n)).collect();
            let first = core.iter().next().map(|n| place_of(n)).unwrap_or_default();
            errors.push((
                format!("{first}.relevant"),
                format!(
                    "relevance conditions depend on each other in a cycle: {}",
                    names.join(", ")
                ),
            ));
        }
        for (place, reason) in errors {
            self.err(&place, reason);
        }
    }
}

/// The first question `expr` refers to that does not come before the item at `here` (an
/// enclosing repeat, for `count(…)`, is allowed): calculations and repeat counts may use only
/// earlier answers, so each is computed once, in form order.
fn first_later_reference(
    form: &FormDef,
    here: &[usize],
    expr: &Expression,
) -> Option<QuestionPath> {
    expr.targets().into_iter().find_map(|t| {
        let loc = form.index.get(&t.path);
        let is_enclosing_repeat = t.kind == TargetKind::Repeat
            && loc.is_some_and(|loc| here.starts_with(loc) && loc.as_slice() != here);
        let before = loc.is_some_and(|loc| loc.as_slice() < here);
        (!before && !is_enclosing_repeat).then(|| t.path.clone())
    })
}

fn item_at_mut<'a>(items: &'a mut [Item], loc: &[usize]) -> Option<&'a mut Item> {
    let (first, rest) = loc.split_first()?;
    let item = items.get_mut(*first)?;
    if rest.is_empty() {
        return Some(item);
    }
    match item {
        Item::Repeat(r) => item_at_mut(&mut r.items, rest),
        Item::Question(_) | Item::Note(_) => None,
    }
}

fn build_index(form: &mut FormDef) {
    fn walk(items: &[Item], loc: &mut Vec<usize>, out: &mut BTreeMap<QuestionPath, Vec<usize>>) {
        for (i, item) in items.iter().enumerate() {
            loc.push(i);
            out.entry(item.path().clone())
                .or_insert_with(|| loc.clone());
            if let Item::Repeat(r) = item {
                walk(&r.items, loc, out);
            }
            loc.pop();
        }
    }
    let mut index = BTreeMap::new();
    for (i, s) in form.sections.iter().enumerate() {
        let mut loc = vec![i];
        walk(&s.items, &mut loc, &mut index);
    }
    form.index = index;
}

/// Resolves `${name}` from a scope: the scope itself, then each enclosing scope outwards.
struct ScopeResolver<'a> {
    scopes: &'a BTreeMap<Vec<String>, BTreeMap<String, Declared>>,
    lists: &'a BTreeMap<String, ChoiceList>,
    scope: &'a [String],
    current: Option<Ty>,
}

impl Resolver for ScopeResolver<'_> {
    fn resolve(&self, name: &str) -> Result<Target, String> {
        for k in (0..=self.scope.len()).rev() {
            if let Some(d) = self.scopes.get(&self.scope[..k]).and_then(|m| m.get(name)) {
                return Ok(d.target.clone());
            }
        }
        for (scope, names) in self.scopes {
            if names.contains_key(name) {
                return Err(format!(
                    "`${{{name}}}` is inside the repeat `{}`, which does not enclose this expression",
                    scope.join(".")
                ));
            }
        }
        Err(format!("unknown question `${{{name}}}`"))
    }

    fn has_choice(&self, list: &str, choice: &str) -> bool {
        match self.lists.get(list) {
            Some(l) => l.contains(choice),
            // An unknown list is reported once, where the question names it.
            None => true,
        }
    }

    fn current(&self) -> Option<Ty> {
        self.current.clone()
    }
}
