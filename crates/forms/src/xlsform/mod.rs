//! XLSForm: forms written as spreadsheets (ODK, KoboToolbox), imported into and exported
//! from the engine's [`FormDef`].
//!
//! This module owns the mapping between an XLSForm workbook (sheets `survey`, `choices`,
//! `settings`) and a definition. It reads `.xlsx`, `.ods` and `.xls` with `calamine`
//! ([`read`]), turns the tables into the engine's definition JSON and loads that with the
//! ordinary loader ([`import`]), and writes a definition back as `.xlsx` with
//! `rust_xlsxwriter` ([`export`]). What is supported, what is refused and why is documented
//! for form authors in `docs/xlsform.md`.
//!
//! Rules:
//! - Everything the engine cannot honour is **refused** with its sheet, row, column and a
//!   plain reason; nothing is dropped silently. Every problem is collected, not just the
//!   first ([`XlsFormErrors`]).
//! - The definition is checked by the same loader as the built-in forms, so an imported form
//!   is exactly as trustworthy as `forms/intake/v1.json`; the loader's problems are mapped
//!   back to the row and column they came from.
//! - `import(export(form))` is the same definition (tested on the built-in intake).
//! - Nothing here panics on any input (property tests, and the `xlsform_import` fuzz target).
//!
//! Recipe — support a new XLSForm type or column: map it in `import.rs` (`question_type` or
//! `COLUMNS`), write it back in `export.rs`, add a row to `docs/xlsform.md`, a test in
//! `tests/xlsform.rs`, and a workbook to the conformance corpus (`scripts/xlsform/`).

use std::fmt;

mod export;
mod import;
mod read;
#[doc(hidden)]
pub mod testing;

pub use export::{export_tables, export_xlsform, write_xlsx, ExportError};
pub use import::{import_tables, Imported};
pub use read::{read_workbook, MAX_WORKBOOK_BYTES};

/// One sheet of a workbook as text cells: `rows[r][c]` is the cell at spreadsheet row
/// `r + 1`, column `c` (0 = `A`). Cells are trimmed; empty cells are `""`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet name as written in the workbook.
    pub name: String,
    /// The rows, from the first row of the sheet.
    pub rows: Vec<Vec<String>>,
}

/// The sheets of a workbook, in workbook order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workbook {
    /// The sheets.
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    /// The sheet called `name` (compared case-insensitively, as XLSForm tools do).
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets
            .iter()
            .find(|s| s.name.trim().eq_ignore_ascii_case(name))
    }
}

/// One problem in a workbook: where (sheet, 1-based row, column) and why. Carries definition
/// text only, never answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsFormProblem {
    /// The sheet (`survey`, `choices`, `settings`), or `""` for the file as a whole.
    pub sheet: String,
    /// The spreadsheet row (1 is the header row), if the problem is in one row.
    pub row: Option<u32>,
    /// The column: its header and letter, e.g. `relevant (E)`, if known.
    pub column: Option<String>,
    /// What is wrong, and what to do.
    pub reason: String,
    /// Whether the problem is a feature Waystone does not support (as opposed to a mistake
    /// that XLSForm itself forbids).
    pub unsupported: bool,
}

impl fmt::Display for XlsFormProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet.is_empty() {
            write!(f, "workbook")?;
        } else {
            write!(f, "sheet `{}`", self.sheet)?;
        }
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Every problem found in a workbook (never empty when returned as an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsFormErrors(pub Vec<XlsFormProblem>);

impl XlsFormErrors {
    /// The problems, in sheet and row order.
    pub fn problems(&self) -> &[XlsFormProblem] {
        &self.0
    }
}

impl fmt::Display for XlsFormErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the XLSForm", self.0.len())?;
        for p in &self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for XlsFormErrors {}

/// Reads and imports an XLSForm workbook (`.xlsx`, `.ods` or `.xls` bytes). `file_stem` is
/// the form id used when the `settings` sheet gives no `form_id` (as pyxform does).
pub fn import_xlsform(bytes: &[u8], file_stem: &str) -> Result<Imported, XlsFormErrors> {
    let workbook = read_workbook(bytes)?;
    import_tables(&workbook, file_stem)
}

/// The column letters of 0-based column `c` (`A`, …, `Z`, `AA`, …).
pub(crate) fn column_letters(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The language code in an XLSForm language name: `English (en)` → `en`, `ru` → `ru`,
/// `Russian` → `ru` for a few well-known names. `None` if no code can be found.
pub(crate) fn language_code(name: &str) -> Option<String> {
    let name = name.trim();
    let valid = |c: &str| (2..=3).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_lowercase());
    if let Some(open) = name.rfind('(') {
        if let Some(inner) = name[open + 1..].strip_suffix(')') {
            let code = inner.trim().to_ascii_lowercase();
            // `(en-GB)`, `(pt_BR)`: the language part
            let code = code
                .split(['-', '_'])
                .next()
                .map(str::to_owned)
                .unwrap_or_default();
            return valid(&code).then_some(code);
        }
    }
    let lower = name.to_ascii_lowercase();
    if valid(&lower) {
        return Some(lower);
    }
    LANGUAGE_NAMES
        .iter()
        .find(|(_, n, native)| n.eq_ignore_ascii_case(name) || *native == name)
        .map(|(code, _, _)| (*code).to_owned())
}

/// `(code, English name, native name)` of the languages whose bare names we recognise, and
/// the names we write on export.
pub(crate) const LANGUAGE_NAMES: &[(&str, &str, &str)] = &[
    ("en", "English", "English"),
    ("ru", "Russian", "Русский"),
    ("ce", "Chechen", "Нохчийн"),
    ("inh", "Ingush", "ГӀалгӀай"),
    ("uk", "Ukrainian", "Українська"),
    ("fr", "French", "Français"),
    ("de", "German", "Deutsch"),
    ("es", "Spanish", "Español"),
    ("ar", "Arabic", "العربية"),
    ("tr", "Turkish", "Türkçe"),
    ("ka", "Georgian", "ქართული"),
    ("az", "Azerbaijani", "Azərbaycanca"),
    ("pt", "Portuguese", "Português"),
    ("it", "Italian", "Italiano"),
    ("nl", "Dutch", "Nederlands"),
    ("pl", "Polish", "Polski"),
    ("zh", "Chinese", "中文"),
    ("ja", "Japanese", "日本語"),
    ("mk", "Macedonian", "Македонски"),
    ("hi", "Hindi", "हिन्दी"),
    ("sw", "Swahili", "Kiswahili"),
    ("fa", "Persian", "فارسی"),
    ("hy", "Armenian", "Հայերեն"),
];

/// The language name written in column headers: `English (en)`, or the bare code.
pub(crate) fn language_header(code: &str) -> String {
    LANGUAGE_NAMES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(c, n, _)| format!("{n} ({c})"))
        .unwrap_or_else(|| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn languages() {
        for (name, code) in [
            ("English (en)", Some("en")),
            ("Russian (ru)", Some("ru")),
            ("Русский (ru)", Some("ru")),
            ("ru", Some("ru")),
            ("Russian", Some("ru")),
            ("Français (fr)", Some("fr")),
            ("Portuguese (pt-BR)", Some("pt")),
            ("Klingon", None),
            ("English (English)", None),
            ("EN", Some("en")),
        ] {
            assert_eq!(language_code(name).as_deref(), code, "{name}");
        }
        assert_eq!(language_header("ru"), "Russian (ru)");
        assert_eq!(language_header("und"), "und");
    }
}
