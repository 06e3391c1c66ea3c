//! The built-in form definitions, embedded in the binary at build time.
//!
//! This module owns the list of embedded definition files (`forms/<id>/v<version>.json` at the
//! repository root) and access to them. Every version ever released stays in the list, so a
//! case answered against an old version can always be read and validated against the
//! definition it was answered with. A test parses every embedded file: a broken definition
//! fails the build's test run, never a user.
//!
//! Recipe — add a form version: copy `forms/<id>/v<N>.json` to `v<N+1>.json`, change
//! `"version"` and the questions, and add the new file to `SOURCES` below (keep the old
//! one). `latest_*` picks the highest version automatically.

use std::sync::OnceLock;

use crate::def::{DefinitionErrors, FormDef, Labels};

/// The id of the built-in intake interview.
pub const INTAKE_ID: &str = "intake";

/// Every embedded definition: (source name, JSON text).
const SOURCES: &[(&str, &str)] = &[(
    "forms/intake/v1.json",
    include_str!("../../../forms/intake/v1.json"),
)];

fn parsed() -> &'static [Result<FormDef, DefinitionErrors>] {
    static PARSED: OnceLock<Vec<Result<FormDef, DefinitionErrors>>> = OnceLock::new();
    PARSED.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(name, json)| FormDef::parse(name, json))
            .collect()
    })
}

/// Every embedded form version that loads (all of them: a test checks it).
pub fn builtin_forms() -> Vec<FormDef> {
    parsed()
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .cloned()
        .collect()
}

/// The problems of embedded definitions that fail to load (empty in any tested build).
pub fn builtin_form_errors() -> Vec<DefinitionErrors> {
    parsed()
        .iter()
        .filter_map(|r| r.as_ref().err())
        .cloned()
        .collect()
}

/// The embedded form `id` at `version`.
pub fn builtin(id: &str, version: u32) -> Option<FormDef> {
    parsed()
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .find(|f| f.id() == id && f.version() == version)
        .cloned()
}

/// The highest embedded version of form `id`.
pub fn latest_builtin(id: &str) -> Option<FormDef> {
    parsed()
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .filter(|f| f.id() == id)
        .max_by_key(|f| f.version())
        .cloned()
}

/// The newest built-in intake.
///
/// The embedded files are checked by this crate's tests, so this always finds one in a tested
/// build. Should it ever not (a build shipped without running them), it returns an empty
/// placeholder form (`id` "intake", version 0, no sections) instead of panicking; callers that
/// want to tell the difference use [`latest_builtin`]`(INTAKE_ID)`.
pub fn latest_intake() -> FormDef {
    latest_builtin(INTAKE_ID).unwrap_or_else(|| FormDef {
        id: INTAKE_ID.to_owned(),
        version: 0,
        languages: Vec::new(),
        title: Labels::default(),
        choice_lists: Default::default(),
        sections: Vec::new(),
        index: Default::default(),
    })
}
