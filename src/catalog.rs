//! The catalogue of forms a case can be started on: the built-in ones (embedded, from
//! `forms/`) and those an admin imported as XLSForm workbooks (stored in the vault, migration
//! 0011). Owns importing (checked completely before anything is written), listing, finding
//! the definition a case was started on, and exporting any form as an XLSForm.
//!
//! Rules, each on purpose:
//! - importing is an admin's act (`Op::ImportForms`): a form decides what survivors are asked
//!   and how sensitive each answer is taken to be;
//! - a form version is immutable once stored: the same id and version again with the same
//!   definition changes nothing; with a different one it is refused (raise `version`). The
//!   database's triggers refuse changing a stored version or removing one a case uses, so
//!   every case stays on the exact questions it began with;
//! - the ids of built-in forms (`intake`) are reserved: an import cannot shadow them;
//! - a stored definition is checked against its digest and loaded by the same loader as the
//!   built-in forms each time it is read; a mismatch is tampering.
//!
//! Recipe — a new form source: give it a [`FormSource`], list it in [`Vault::forms`], and
//! resolve it in [`Vault::form`] and [`stored_form`].

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};
use waystone_forms::{FormDef, XlsFormErrors, XlsFormProblem};

use crate::access::Op;
use crate::vault::store::forms::{self as form_rows, FormRow};
use crate::vault::{now, Vault, VaultError};

/// Where a form comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormSource {
    /// Embedded in this build (`forms/`).
    Builtin,
    /// Imported into this vault by an admin.
    Imported,
}

impl FormSource {
    pub fn as_str(self) -> &'static str {
        match self {
            FormSource::Builtin => "builtin",
            FormSource::Imported => "imported",
        }
    }
}

/// One form version in the catalogue (definition text only; nothing of a case).
#[derive(Debug, Clone)]
pub struct FormSummary {
    pub id: String,
    pub version: u32,
    /// The title in each of the form's languages.
    pub title: BTreeMap<String, String>,
    pub languages: Vec<String>,
    pub source: FormSource,
    /// How many questions (in every section and repeat).
    pub questions: usize,
    /// Whether New interview offers it.
    pub available: bool,
    /// How many cases in this vault were started on it.
    pub cases: i64,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub form: FormSummary,
    /// `false` when the same version with the same definition was already stored.
    pub added: bool,
}

/// A workbook checked and not stored: what Settings › Forms shows before an import.
#[derive(Debug, Clone)]
pub enum FormCheck {
    /// Importing it would store this definition (`stored`: the same version with the same
    /// definition is already here, so importing changes nothing).
    Ready { form: FormDef, stored: bool },
    /// Importing it would be refused: every problem, each at its sheet, row and column.
    Refused(Vec<XlsFormProblem>),
}

/// The name a form takes from its file when the workbook's settings give no `form_id`.
fn file_stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("form")
        .to_owned()
}

/// Reads a workbook a person chose, refusing an oversized one before reading it.
fn read_workbook_file(path: &Path) -> Result<Vec<u8>, VaultError> {
    Ok(crate::fsio::read_input_file(
        path,
        waystone_forms::xlsform::MAX_WORKBOOK_BYTES as u64,
        "reading the XLSForm workbook",
    )?)
}

fn settings_problem(reason: String) -> XlsFormProblem {
    XlsFormProblem {
        sheet: "settings".into(),
        row: None,
        column: Some("form_id".into()),
        reason,
        unsupported: false,
    }
}

fn digest_of(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

fn canonical(form: &FormDef) -> String {
    form.to_definition_json().to_string()
}

fn summary(form: &FormDef, source: FormSource, available: bool, cases: i64) -> FormSummary {
    FormSummary {
        id: form.id().to_owned(),
        version: form.version(),
        title: form
            .title()
            .iter()
            .map(|(l, t)| (l.to_owned(), t.to_owned()))
            .collect(),
        languages: form.languages().to_vec(),
        source,
        questions: form.questions().len(),
        available,
        cases,
    }
}

fn problems(e: &XlsFormErrors) -> Vec<String> {
    e.problems().iter().map(|p| p.to_string()).collect()
}

/// Loads a stored row, checking its digest.
fn load_row(row: &FormRow) -> Result<FormDef, VaultError> {
    if digest_of(&row.definition) != row.digest {
        return Err(VaultError::Tampered("an imported form's definition"));
    }
    FormDef::parse("vault form", &row.definition)
        .map_err(|_| VaultError::Corrupt("an imported form's definition does not load"))
}

/// The imported form version `id`/`version`, if this vault holds it (for the case code: the
/// definition a case was started on).
pub(crate) fn stored_form(
    conn: &rusqlite::Connection,
    id: &str,
    version: u32,
) -> Result<Option<FormDef>, VaultError> {
    match form_rows::get(conn, id, version)? {
        None => Ok(None),
        Some(row) => load_row(&row).map(Some),
    }
}

/// Whether `form` is one a case may be started on here: built in, or imported with exactly
/// this definition.
pub(crate) fn is_registered(
    conn: &rusqlite::Connection,
    form: &FormDef,
) -> Result<bool, VaultError> {
    // imports cannot take a built-in id, so a built-in id and version is the built-in form
    if waystone_forms::builtin(form.id(), form.version()).is_some() {
        return Ok(true);
    }
    Ok(form_rows::get(conn, form.id(), form.version())?
        .is_some_and(|row| row.digest == digest_of(&canonical(form))))
}

/// The largest form definition a bundle may carry (the workbook limit of `form import`).
pub const MAX_CARRIED_FORM_BYTES: usize = waystone_forms::xlsform::MAX_WORKBOOK_BYTES;

/// An imported form's definition that came with a case bundle, checked as `form import`
/// checks one, and what this vault holds of it.
#[derive(Debug, Clone)]
pub struct CarriedForm {
    pub form: FormDef,
    /// Its canonical JSON, exactly as the sender's catalogue stores it.
    pub definition: String,
    pub digest: String,
    /// `true` when this vault lacks the version: importing the case registers it.
    pub register: bool,
}

/// Checks a form definition carried by a bundle whose manifest names `form_id`/`version`:
/// loaded by the same loader as every stored form, in its canonical encoding (the one the
/// catalogue stores, so its digest is the sender's), not a built-in id, the version the
/// manifest names. Then against this vault: the same version with the same digest is used
/// as held; the same version with another digest is refused (a version never changes); a
/// version not held is to be registered with the case. Reads only. Messages name the form,
/// never case content.
pub(crate) fn check_carried_form(
    conn: &rusqlite::Connection,
    bytes: &[u8],
    form_id: &str,
    version: u32,
) -> Result<CarriedForm, VaultError> {
    let invalid = |m: String| VaultError::InvalidForm(vec![format!("the bundle's form: {m}")]);
    if bytes.len() > MAX_CARRIED_FORM_BYTES {
        return Err(invalid(format!(
            "larger than {MAX_CARRIED_FORM_BYTES} bytes"
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| invalid("not UTF-8".into()))?;
    let form = FormDef::parse("bundle form", text).map_err(|e| {
        VaultError::InvalidForm(
            e.errors()
                .iter()
                .map(|p| format!("the bundle's form: {p}"))
                .collect(),
        )
    })?;
    if canonical(&form) != text {
        return Err(invalid(
            "not in the canonical encoding a catalogue stores".into(),
        ));
    }
    if form.id() != form_id || form.version() != version {
        return Err(invalid(
            "its id or version is not the one the signed manifest names".into(),
        ));
    }
    if waystone_forms::builtin_forms()
        .iter()
        .any(|b| b.id() == form.id())
    {
        return Err(invalid(format!(
            "the id `{}` belongs to a built-in form, which never travels",
            form.id()
        )));
    }
    let digest = digest_of(text);
    let register = match form_rows::get(conn, form.id(), form.version())? {
        None => true,
        Some(row) if row.digest == digest => false,
        Some(_) => {
            return Err(VaultError::InvalidForm(vec![format!(
                "the bundle's form `{}` version {} differs from the version {} this vault holds; a form version never changes once stored, so the case cannot be opened here: ask the sender which definition is theirs",
                form.id(),
                form.version(),
                form.version()
            )]))
        }
    };
    Ok(CarriedForm {
        form,
        definition: text.to_owned(),
        digest,
        register,
    })
}

/// Inside the transaction that imports a case: registers a carried form this vault lacks,
/// not offered for new interviews (an admin decides that in Settings › Forms), with the
/// receiving user as the one who brought it in. A form already held is left as it is.
pub(crate) fn register_carried_form(
    tx: &rusqlite::Connection,
    carried: &CarriedForm,
    user: &str,
) -> Result<bool, VaultError> {
    if !carried.register {
        return Ok(false);
    }
    // checked again inside the transaction: another import may have stored it since
    match form_rows::get(tx, carried.form.id(), carried.form.version())? {
        Some(row) if row.digest == carried.digest => return Ok(false),
        Some(_) => {
            return Err(VaultError::InvalidForm(vec![format!(
                "the bundle's form `{}` version {} differs from the version this vault holds; a form version never changes once stored",
                carried.form.id(),
                carried.form.version()
            )]))
        }
        None => {}
    }
    let title = serde_json::to_string(carried.form.title())
        .map_err(|_| VaultError::Internal("a form title does not serialize"))?;
    let row = FormRow {
        id: carried.form.id().to_owned(),
        version: carried.form.version(),
        title,
        definition: carried.definition.clone(),
        digest: carried.digest.clone(),
        available: false,
        imported_by: user.to_owned(),
        imported_at: now(),
    };
    form_rows::insert(tx, &row, None)?;
    Ok(true)
}

/// The canonical definition of the imported form a case is on, for a bundle to carry
/// (`None` for a built-in form: every build has those).
pub(crate) fn definition_to_carry(
    conn: &rusqlite::Connection,
    id: &str,
    version: u32,
) -> Result<Option<String>, VaultError> {
    if waystone_forms::builtin(id, version).is_some() {
        return Ok(None);
    }
    let row = form_rows::get(conn, id, version)?.ok_or(VaultError::Internal(
        "the case's form version is neither built in nor in this vault",
    ))?;
    // the stored digest is checked, so a tampered definition never travels
    load_row(&row)?;
    Ok(Some(row.definition))
}

impl Vault {
    /// Checks an XLSForm workbook as [`Vault::import_form`] would, writing nothing (admins):
    /// the definition to preview, or every problem at its sheet, row and column.
    pub fn check_form(&self, workbook: &[u8], file_stem: &str) -> Result<FormCheck, VaultError> {
        self.require_op(Op::ImportForms)?;
        let form = match waystone_forms::import_xlsform(workbook, file_stem) {
            Ok(imported) => imported.form,
            Err(e) => return Ok(FormCheck::Refused(e.problems().to_vec())),
        };
        if waystone_forms::builtin_forms()
            .iter()
            .any(|b| b.id() == form.id())
        {
            return Ok(FormCheck::Refused(vec![settings_problem(format!(
                "the form id `{}` belongs to a built-in form; choose another `form_id`",
                form.id()
            ))]));
        }
        let stored = match form_rows::get(&self.conn, form.id(), form.version())? {
            None => false,
            Some(row) if row.digest == digest_of(&canonical(&form)) => true,
            Some(_) => {
                return Ok(FormCheck::Refused(vec![settings_problem(format!(
                    "form `{}` version {} is already in this vault with different questions; a form version never changes once stored: raise `version`",
                    form.id(),
                    form.version()
                ))]))
            }
        };
        Ok(FormCheck::Ready { form, stored })
    }

    /// [`Vault::check_form`] on a workbook file a person chose.
    pub fn check_form_file(&self, path: &Path) -> Result<FormCheck, VaultError> {
        self.require_op(Op::ImportForms)?;
        let bytes = read_workbook_file(path)?;
        self.check_form(&bytes, &file_stem(path))
    }

    /// [`Vault::import_form`] from a workbook file a person chose.
    pub fn import_form_file(&mut self, path: &Path) -> Result<ImportOutcome, VaultError> {
        self.require_op(Op::ImportForms)?;
        let bytes = read_workbook_file(path)?;
        self.import_form(&bytes, &file_stem(path))
    }

    /// Every form version with its cases and whether it is offered, for the admins who
    /// manage them (Settings › Forms).
    pub fn manage_forms(&self) -> Result<Vec<FormSummary>, VaultError> {
        self.require_op(Op::ImportForms)?;
        self.forms()
    }

    /// The definition of a form version *New interview* offers (the latest available
    /// version of its form); any other is refused, so a withdrawn form starts no case.
    pub fn new_interview_form(&self, id: &str, version: u32) -> Result<FormDef, VaultError> {
        if !self
            .forms_for_new_interview()?
            .iter()
            .any(|f| f.id == id && f.version == version)
        {
            return Err(VaultError::Invalid(format!(
                "form `{id}` version {version} is not offered for new interviews"
            )));
        }
        self.form(id, Some(version))
    }

    /// Imports an XLSForm workbook (`.xlsx`, `.ods`, `.xls` bytes) as a form version (admins).
    /// `file_stem` is the form id when the workbook's settings give none. Every problem in
    /// the workbook is reported at once ([`VaultError::InvalidForm`]) and nothing is written.
    pub fn import_form(
        &mut self,
        workbook: &[u8],
        file_stem: &str,
    ) -> Result<ImportOutcome, VaultError> {
        self.require_op(Op::ImportForms)?;
        let imported = waystone_forms::import_xlsform(workbook, file_stem)
            .map_err(|e| VaultError::InvalidForm(problems(&e)))?;
        let form = imported.form;
        if waystone_forms::builtin_forms()
            .iter()
            .any(|b| b.id() == form.id())
        {
            return Err(VaultError::InvalidForm(vec![format!(
                "sheet `settings`: the form id `{}` belongs to a built-in form; choose another `form_id`",
                form.id()
            )]));
        }
        let definition = canonical(&form);
        let digest = digest_of(&definition);
        let title = serde_json::to_string(form.title())
            .map_err(|_| VaultError::Internal("a form title does not serialize"))?;
        let tx = self.conn.transaction()?;
        if let Some(existing) = form_rows::get(&tx, form.id(), form.version())? {
            if existing.digest == digest {
                let cases = form_rows::cases_using(&tx, form.id(), form.version())?;
                return Ok(ImportOutcome {
                    form: summary(&form, FormSource::Imported, existing.available, cases),
                    added: false,
                });
            }
            return Err(VaultError::InvalidForm(vec![format!(
                "sheet `settings`: form `{}` version {} is already in this vault with different questions; a form version never changes once stored: raise `version`",
                form.id(),
                form.version()
            )]));
        }
        let row = FormRow {
            id: form.id().to_owned(),
            version: form.version(),
            title,
            definition,
            digest,
            available: true,
            imported_by: self.session.user.clone(),
            imported_at: now(),
        };
        form_rows::insert(&tx, &row, Some(workbook))?;
        tx.commit()?;
        self.audit("form.import", &format!("{}@{}", form.id(), form.version()))?;
        Ok(ImportOutcome {
            form: summary(&form, FormSource::Imported, true, 0),
            added: true,
        })
    }

    /// Every form version a case can be started on or was started on: the built-in ones,
    /// then the imported ones, by id and version.
    pub fn forms(&self) -> Result<Vec<FormSummary>, VaultError> {
        let mut out = Vec::new();
        for b in waystone_forms::builtin_forms() {
            let cases = form_rows::cases_using(&self.conn, b.id(), b.version())?;
            out.push(summary(&b, FormSource::Builtin, true, cases));
        }
        for row in form_rows::list(&self.conn)? {
            let form = load_row(&row)?;
            let cases = form_rows::cases_using(&self.conn, &row.id, row.version)?;
            out.push(summary(&form, FormSource::Imported, row.available, cases));
        }
        Ok(out)
    }

    /// Offers an imported form version for new interviews, or withdraws it (admins). Cases
    /// already started on it are untouched and stay readable and writable.
    pub fn set_form_available(
        &mut self,
        id: &str,
        version: u32,
        available: bool,
    ) -> Result<(), VaultError> {
        self.require_op(Op::ImportForms)?;
        if waystone_forms::builtin(id, version).is_some() {
            return Err(VaultError::Invalid(
                "a built-in form is always offered".into(),
            ));
        }
        if !form_rows::set_available(&self.conn, id, version, available)? {
            return Err(VaultError::Invalid(format!(
                "no form `{id}` version {version} in this vault"
            )));
        }
        self.audit(
            if available {
                "form.offer"
            } else {
                "form.withdraw"
            },
            &format!("{id}@{version}"),
        )
    }

    /// What *New interview* offers: the latest available version of each form, built in
    /// first.
    pub fn forms_for_new_interview(&self) -> Result<Vec<FormSummary>, VaultError> {
        let mut latest: Vec<FormSummary> = Vec::new();
        for f in self.forms()?.into_iter().filter(|f| f.available) {
            match latest.iter_mut().find(|l| l.id == f.id) {
                Some(l) if l.version < f.version => *l = f,
                Some(_) => {}
                None => latest.push(f),
            }
        }
        Ok(latest)
    }

    /// The definition of form `id`, `version` (the latest when `None`): built in or imported.
    pub fn form(&self, id: &str, version: Option<u32>) -> Result<FormDef, VaultError> {
        let version = match version {
            Some(v) => v,
            None => self
                .forms()?
                .iter()
                .filter(|f| f.id == id)
                .map(|f| f.version)
                .max()
                .ok_or_else(|| VaultError::Invalid(format!("no form `{id}` in this vault")))?,
        };
        if let Some(b) = waystone_forms::builtin(id, version) {
            return Ok(b);
        }
        stored_form(&self.conn, id, version)?.ok_or_else(|| {
            VaultError::Invalid(format!("no form `{id}` version {version} in this vault"))
        })
    }
}
