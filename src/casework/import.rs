//! The interchange JSON in and out: a readable case exported whole (`case export`), and a
//! document imported as a new case or over a held one (`case import`, and the bundle's
//! import), with the rights, status and attachment rules each way in has.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rusqlite::{params, OptionalExtension, Transaction};
use waystone_forms::Answers;
use zeroize::Zeroizing;

use crate::access::{Op, Role};
use crate::cases;
use crate::cases::interchange::{AttachmentDoc, CaseDocument, FormRef};
use crate::crypto::Subkey;
use crate::vault::store::attachments::{self as store, SealedAttachment};
use crate::vault::store::board::{event, write_derived};
use crate::vault::store::{answers as answer_rows, cases as case_rows};
use crate::vault::{now, Vault, VaultError};

use super::guard::Readable;

impl Readable<'_> {
    /// The case as interchange JSON (audit-logged as an export).
    pub fn export(&mut self) -> Result<String, VaultError> {
        let id = self.row.summary.id.clone();
        let id = id.as_str();
        let case = self.read()?;
        let mut attachments = Vec::with_capacity(case.attachments.len());
        for a in &case.attachments {
            let bytes = self.attachment_unaudited(&a.id)?;
            attachments.push(AttachmentDoc {
                id: a.id.clone(),
                file_name: a.file_name.clone(),
                media_type: a.media_type.clone(),
                size: a.size,
                sha256: a.sha256.clone(),
                data: B64.encode(bytes.as_slice()),
            });
        }
        let s = case.summary;
        let doc = CaseDocument {
            format: cases::interchange::FORMAT.into(),
            version: cases::interchange::VERSION,
            id: s.id,
            code: s.code,
            form: FormRef {
                id: s.form_id,
                version: s.form_version,
            },
            status: s.status,
            created_at: s.created_at,
            created_by: s.created_by,
            updated_at: s.updated_at,
            updated_by: s.updated_by,
            answers: case.answers,
            attachments,
            filing: crate::vault::store::cases::filing(&self.vault.conn, id)?,
        };
        self.vault.audit("case.export", id)?;
        Ok(doc.to_json())
    }
}

impl Vault {
    /// Validates `json` and adds the case, or updates the one with the same id (`case
    /// import`). Nothing is written unless every check passes. Returns the id and whether it
    /// was new.
    ///
    /// Rights ([`Op::CreateCase`], [`Op::WriteTestimony`]): a new
    /// case only by a role that may create cases, naming the importing user as `created_by`
    /// (an admin may import a case made by anyone: moving cases between an organisation's
    /// vaults is an admin's task; a lawyer who imports a new case is assigned to it, as when
    /// a bundle brings one); a case held here only by someone who may write it. An import
    /// never removes an attachment it does not list ([`super::Writable::remove_attachment`]
    /// does, on its own, on a [`super::Writable`]), and moves the status only one allowed step (not to `filed`, which needs the
    /// filing details), recorded as a workflow event.
    pub fn import_case(&mut self, json: &str) -> Result<(String, bool), VaultError> {
        let (id, created) =
            self.import_case_from(json, AttachmentMode::Merge, ImportSource::File, None)?;
        if created && self.session.role == Role::Lawyer {
            // a lawyer reads only the cases assigned to them
            self.conn.execute(
                "UPDATE cases SET assigned_lawyer = ?2 WHERE id = ?1",
                params![id, self.session.user],
            )?;
        }
        Ok((id, created))
    }

    /// The bundle's import (`bundle open`): [`Vault::import_case`] for a document a pinned
    /// contact signed, so its `created_by` (the sender's side) is kept and its status
    /// (already moved step by step in the sender's vault) is taken as it is, recorded as a
    /// workflow event. A status card ([`AttachmentMode::KeepStored`]) carries no attachment
    /// and needs only the right to move the case along; a new one may be held by any role.
    /// `carried`: the imported form the bundle brought, checked; registered in the same
    /// transaction as the case when this vault lacks it.
    pub(crate) fn import_case_with(
        &mut self,
        json: &str,
        mode: AttachmentMode,
        carried: Option<&crate::catalog::CarriedForm>,
    ) -> Result<(String, bool), VaultError> {
        self.import_case_from(json, mode, ImportSource::Bundle, carried)
    }

    fn import_case_from(
        &mut self,
        json: &str,
        mode: AttachmentMode,
        source: ImportSource,
        carried: Option<&crate::catalog::CarriedForm>,
    ) -> Result<(String, bool), VaultError> {
        // the case's form: built in, or imported into this vault (a stored form that fails
        // its digest is not found here; reading it elsewhere reports the tampering), or
        // carried by the bundle
        let conn = &self.conn;
        let doc = CaseDocument::parse_and_check_with(json, &|id, version| {
            waystone_forms::builtin(id, version)
                .or_else(|| {
                    crate::catalog::stored_form(conn, id, version)
                        .ok()
                        .flatten()
                })
                .or_else(|| {
                    carried
                        .filter(|c| c.form.id() == id && c.form.version() == version)
                        .map(|c| c.form.clone())
                })
        })
        .map_err(VaultError::InvalidCase)?;
        if mode == AttachmentMode::KeepStored && !doc.attachments.is_empty() {
            return Err(VaultError::InvalidCase(vec![
                "attachments: this import carries none".into(),
            ]));
        }
        // Rights first, before anything is decrypted or written.
        let held = match case_rows::summary(&self.conn, &doc.id) {
            Ok(s) => Some(s),
            Err(VaultError::CaseNotFound) => None,
            Err(e) => return Err(e),
        };
        match (&held, mode) {
            (Some(_), AttachmentMode::KeepStored) => {
                self.require(&doc.id, Op::ReceiveStatusCard)?;
            }
            // a file imported here rewrites the case; a bundle brings its sender's version,
            // which those who work on the case accept (provenance is checked before this)
            (Some(_), AttachmentMode::Merge) => match source {
                ImportSource::File => {
                    self.require(&doc.id, Op::WriteTestimony)?;
                }
                ImportSource::Bundle => {
                    self.require(&doc.id, Op::ReceiveCase)?;
                }
            },
            // a status card holds no testimony: whoever follows the case may hold one
            (None, AttachmentMode::KeepStored) => {}
            (None, AttachmentMode::Merge) => {
                if !crate::board::may_create_case(self.session.role) {
                    return Err(VaultError::Forbidden);
                }
                if source == ImportSource::File
                    && self.session.role != Role::Admin
                    && doc.created_by != self.session.user
                {
                    // a case is never made in someone else's name
                    return Err(VaultError::Forbidden);
                }
            }
        }
        let status_event = match &held {
            Some(h) if h.status != doc.status => Some(status_move(&h.status, &doc.status, source)?),
            _ => None,
        };
        let att_key = self.vmk.subkey(Subkey::Attachments);
        // Encrypt attachments in memory first, so a failure writes nothing.
        let mut sealed = Vec::with_capacity(doc.attachments.len());
        for a in &doc.attachments {
            let bytes = Zeroizing::new(
                B64.decode(&a.data)
                    .map_err(|_| VaultError::InvalidCase(vec!["attachment data".into()]))?,
            );
            sealed.push(store::seal_attachment(&att_key, &doc.id, &a.id, &bytes)?);
        }
        let user = self.session.user.clone();
        let at = now();
        let tx = self.conn.transaction()?;
        let code_taken: bool = tx
            .query_row(
                "SELECT 1 FROM cases WHERE code = ?1 AND id <> ?2",
                params![doc.code, doc.id],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if code_taken {
            return Err(VaultError::InvalidCase(vec![
                "code: another case here already uses it".into(),
            ]));
        }
        let before = if held.is_some() {
            answer_rows::read(&tx, &doc.id)?
        } else {
            Answers::new()
        };
        // the form first: the case's row names it
        let registered = match carried {
            Some(c) if c.form.id() == doc.form.id && c.form.version() == doc.form.version => {
                crate::catalog::register_carried_form(&tx, c, &user)?
            }
            _ => false,
        };
        tx.execute(
            "INSERT INTO cases(id, code, form_id, form_version, status, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(id) DO UPDATE SET code = excluded.code, form_id = excluded.form_id,
               form_version = excluded.form_version, status = excluded.status,
               updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![doc.id, doc.code, doc.form.id, doc.form.version, doc.status, doc.created_at, doc.created_by, doc.updated_at, doc.updated_by],
        )?;
        if let Some(detail) = &status_event {
            event(&tx, &doc.id, &at, &user, "status", detail)?;
        }
        // a document without filing details leaves those held here as they are
        if let Some(f) = &doc.filing {
            tx.execute(
                "UPDATE cases SET filing_body = ?2, filing_number = ?3, filing_date = ?4 WHERE id = ?1",
                params![doc.id, f.body.trim(), f.number.trim(), f.date],
            )?;
        }
        // calculated values are the core's, never the document's: recomputed from its answers
        let mut answers = doc.answers.clone();
        let def = match waystone_forms::builtin(&doc.form.id, doc.form.version) {
            Some(f) => Some(f),
            None => crate::catalog::stored_form(&tx, &doc.form.id, doc.form.version)?,
        };
        if let Some(def) = def {
            waystone_forms::calculate(&def, &mut answers);
        }
        answer_rows::replace(&tx, &doc.id, &before, &answers, &at, &user)?;
        write_derived(&tx, &doc.id, &answers)?;
        let mut placed = Vec::new();
        if let Err(e) = merge_attachments(&tx, &self.dir, &doc, &sealed, &at, &user, &mut placed) {
            drop(tx);
            // the rows were rolled back: the files written for them have no row
            store::remove_files(&self.dir, placed.iter());
            return Err(e);
        }
        // A failed commit leaves any new file without a row (never a row without its file).
        tx.commit()?;
        if registered {
            self.audit(
                "form.receive",
                &format!("{}@{}", doc.form.id, doc.form.version),
            )?;
        }
        self.audit("case.import", &doc.id)?;
        Ok((doc.id, held.is_none()))
    }

    /// Debug builds only: stores `code` on case `id` without any check, as versions before
    /// the interchange checked its fields could, so tests/import_doors_cli.rs can prove the
    /// CLI escapes what older vaults hold. Compiled out of release builds.
    #[cfg(debug_assertions)]
    #[doc(hidden)]
    pub fn debug_store_unchecked_code(&mut self, id: &str, code: &str) -> Result<(), VaultError> {
        self.conn.execute(
            "UPDATE cases SET code = ?2 WHERE id = ?1",
            params![id, code],
        )?;
        Ok(())
    }
}

/// What kind of document an import writes, as far as the stored attachments go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttachmentMode {
    /// A whole case: the attachments it lists are added (or kept, when already held);
    /// stored ones it does not list stay.
    Merge,
    /// A status card: the document must list none; the stored attachments stay.
    KeepStored,
}

/// Where an imported document comes from: decides whose name `created_by` may carry and how
/// a status change is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportSource {
    /// `case import`: a file anyone could have edited.
    File,
    /// `bundle open`: signed by a pinned contact.
    Bundle,
}

impl ImportSource {
    fn as_str(self) -> &'static str {
        match self {
            ImportSource::File => "import",
            ImportSource::Bundle => "bundle",
        }
    }
}

/// The workflow event of an import that changes a held case's status, or the refusal. From a
/// file: one allowed step ([`crate::board::Status::allowed_next`]), never to `filed` (the
/// document does not carry the filing details). From a bundle: as sent (the sender's vault
/// moved it step by step). Names statuses only (a closed set, checked already).
fn status_move(held: &str, to: &str, source: ImportSource) -> Result<String, VaultError> {
    use crate::board::Status;
    let next = Status::parse(to).ok_or_else(|| {
        VaultError::InvalidCase(vec!["status: not one of the board's statuses".into()])
    })?;
    let Some(from) = Status::parse(held) else {
        // free text an older version let in (never printed: it may be testimony): any
        // import by someone who may write the case repairs it, recorded
        return Ok(format!(
            "(unknown) → {} ({})",
            next.as_str(),
            source.as_str()
        ));
    };
    match source {
        ImportSource::Bundle => Ok(format!("{} → {} (bundle)", from.as_str(), next.as_str())),
        ImportSource::File if next != Status::Filed && from.allowed_next().contains(&next) => {
            Ok(format!("{} → {} (import)", from.as_str(), next.as_str()))
        }
        ImportSource::File => Err(VaultError::InvalidCase(vec![format!(
            "status: a case held here as {} cannot be moved to {} by an import; keep the held status in the document, or change it with `case status`",
            from.as_str(),
            next.as_str()
        )])),
    }
}

/// Inside the import's transaction: adds the document's attachments to the case. A file
/// whose id has a row is never written (a failure before the commit would leave that row's
/// key unable to open it): the same attachment of this case (same id, same SHA-256) keeps its
/// file, key and record; an id held by another case, other bytes under a stored id, or an id
/// listed twice is refused before any file is written. Stored attachments the document does
/// not list are left as they are. Files written for new ids are named in `placed`, so the
/// caller can remove them if the transaction does not commit.
fn merge_attachments(
    tx: &Transaction<'_>,
    dir: &std::path::Path,
    doc: &CaseDocument,
    sealed: &[SealedAttachment],
    at: &str,
    user: &str,
    placed: &mut Vec<String>,
) -> Result<(), VaultError> {
    let mut held = std::collections::HashSet::new();
    for (i, a) in doc.attachments.iter().enumerate() {
        if doc.attachments[..i].iter().any(|b| b.id == a.id) {
            return Err(VaultError::InvalidCase(vec![format!(
                "attachments[{i}].id: listed more than once"
            )]));
        }
        let stored: Option<(String, String)> = tx
            .query_row(
                "SELECT case_id, sha256 FROM attachments WHERE id = ?1",
                [&a.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match stored {
            None => {}
            Some((case, sha)) if case == doc.id && sha == a.sha256 => {
                held.insert(a.id.as_str());
            }
            Some(_) => {
                return Err(VaultError::InvalidCase(vec![format!(
                    "attachments[{i}].id: already used by another attachment here"
                )]))
            }
        }
    }
    for (a, s) in doc.attachments.iter().zip(sealed) {
        if held.contains(a.id.as_str()) {
            continue;
        }
        // no row holds this id: its file name is free
        placed.push(a.id.clone());
        store::write_file(dir, &a.id, &s.file)?;
        tx.execute(
            "INSERT INTO attachments(id, case_id, file_name, media_type, size, sha256, key_nonce, wrapped_key, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![a.id, doc.id, a.file_name, a.media_type, a.size as i64, a.sha256, s.key_nonce.to_vec(), s.wrapped_key, at, user],
        )?;
    }
    Ok(())
}
