//! Case storage: the SQL behind cases, answers with history, repeat counts and encrypted
//! attachments. Every answer is saved in one transaction with who and when, and the change is
//! appended to `answer_history`. Attachment bytes are encrypted (crypto::stream) before they
//! touch the disk, under a random per-file key wrapped by the attachments subkey.

use std::fs;
use std::io::Write;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::access::Op;
use crate::cases::interchange::{AttachmentDoc, CaseDocument, FormRef};
use crate::cases::interview::{interview_state, InterviewState};
use crate::cases::{self, AttachmentMeta, Case, CaseSummary, HistoryEntry};
use crate::crypto::{self, SecretKey, Subkey};
use waystone_forms::{Answer, AnswerPath, Answers, FormDef, Problem};

use super::{now, Vault, VaultError};

pub const ATTACHMENTS_DIR: &str = "attachments";

const SUMMARY_COLUMNS: &str =
    "id, code, form_id, form_version, status, stage, created_at, created_by, updated_at, updated_by";

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<CaseSummary> {
    Ok(CaseSummary {
        id: r.get(0)?,
        code: r.get(1)?,
        form_id: r.get(2)?,
        form_version: r.get(3)?,
        status: r.get(4)?,
        stage: r.get(5)?,
        created_at: r.get(6)?,
        created_by: r.get(7)?,
        updated_at: r.get(8)?,
        updated_by: r.get(9)?,
    })
}

/// Filters for listing cases.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub status: Option<String>,
    pub stage: Option<String>,
    /// At most this many (the most recently changed); `None`: all.
    pub limit: Option<u32>,
}

/// What saving one answer found: problems at that path a person should see (a constraint
/// message), after structural problems were already refused, and the whole interview's new
/// state (skip logic, required questions, progress).
#[derive(Debug, Clone)]
pub struct SaveOutcome {
    pub problems: Vec<Problem>,
    pub state: InterviewState,
}

/// A case opened for interviewing: its answers and their live state.
#[derive(Debug, Clone)]
pub struct Interview {
    pub case: Case,
    pub state: InterviewState,
    /// Whether the acting user may change the testimony ([`crate::access::Op::WriteTestimony`]);
    /// the interview screen is read-only otherwise.
    pub writable: bool,
}

impl Vault {
    /// Starts a case on `form` (the form version is kept with it for good).
    pub fn create_case(&mut self, form: &FormDef) -> Result<CaseSummary, VaultError> {
        self.create_case_with(form, &Answers::new())
    }

    /// Creates a case with a whole set of answers in one transaction (demo data, tests).
    /// Structural problems refuse it; an unfinished interview is fine.
    pub fn create_case_with(
        &mut self,
        form: &FormDef,
        answers: &Answers,
    ) -> Result<CaseSummary, VaultError> {
        // a coordinator could not read the case afterwards: interviewing is for other roles
        if !crate::board::may_create_case(self.session.role) {
            return Err(VaultError::Forbidden);
        }
        let mut problems: Vec<String> = waystone_forms::validate(form, answers)
            .into_iter()
            .filter(|p| cases::is_structural(p.code))
            .map(|p| format!("{}: {}", p.path, p.code.as_str()))
            .collect();
        problems.extend(cases::interchange::answers_size_problems(answers));
        if !problems.is_empty() {
            return Err(VaultError::InvalidCase(problems));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let (at, user) = (now(), self.session.user.clone());
        let tx = self.conn.transaction()?;
        let mut code = cases::new_code();
        while tx
            .query_row("SELECT 1 FROM cases WHERE code = ?1", [&code], |_| Ok(()))
            .optional()?
            .is_some()
        {
            code = cases::new_code();
        }
        tx.execute(
            "INSERT INTO cases(id, code, form_id, form_version, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
            params![id, code, form.id(), form.version(), at, user],
        )?;
        replace_answers(&tx, &id, &Answers::new(), answers, &at, &user)?;
        touch_case(&tx, &id, &at, &user, answers)?;
        tx.commit()?;
        self.audit("case.create", &id)?;
        self.case_summary(&id)
    }

    pub fn case_summary(&self, id: &str) -> Result<CaseSummary, VaultError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM cases WHERE id = ?1"
            ))?
            .query_row([id], summary_from_row)
            .optional()?
            .ok_or(VaultError::CaseNotFound)
    }

    /// Cases, most recently changed first.
    /// The cases the acting user may list, most recently changed first.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>, VaultError> {
        self.recent_cases(filter)
    }

    /// The whole case. Reading testimony is audit-logged.
    pub fn load_case(&mut self, id: &str) -> Result<Case, VaultError> {
        self.require_read(id)?;
        let case = self.read_case(id)?;
        self.audit("case.read", id)?;
        Ok(case)
    }

    /// Opens a case for the interview screen (audit-logged as a read of testimony).
    pub fn open_interview(&mut self, id: &str) -> Result<Interview, VaultError> {
        let case = self.load_case(id)?;
        let form = form_of(&case.summary)?;
        let state = interview_state(&form, &case.answers);
        let writable = self.can_write(id);
        Ok(Interview {
            case,
            state,
            writable,
        })
    }

    fn read_case(&self, id: &str) -> Result<Case, VaultError> {
        let summary = self.case_summary(id)?;
        let answers = read_answers(&self.conn, id)?;
        let attachments = self.attachment_list(id)?;
        Ok(Case {
            summary,
            answers,
            attachments,
        })
    }

    /// Saves (or with `None`, clears) one answer. Structural problems (unknown question,
    /// wrong type, unknown choice, missing repeat instance…) refuse the save; constraint
    /// messages for that path are returned for the interviewer to see.
    pub fn save_answer(
        &mut self,
        id: &str,
        path: &AnswerPath,
        answer: Option<Answer>,
    ) -> Result<SaveOutcome, VaultError> {
        self.require_write(id)?;
        let summary = self.case_summary(id)?;
        let form = form_of(&summary)?;
        let tx = self.conn.transaction()?;
        let mut answers = read_answers(&tx, id)?;
        match &answer {
            Some(a) => {
                answers.set(path.clone(), a.clone());
            }
            None => {
                answers.remove(path);
            }
        }
        let at_path: Vec<Problem> = waystone_forms::validate(&form, &answers)
            .into_iter()
            .filter(|p| &p.path == path)
            .collect();
        if let Some(p) = at_path.iter().find(|p| cases::is_structural(p.code)) {
            return Err(VaultError::Invalid(format!(
                "{}: {}",
                p.path,
                p.code.as_str()
            )));
        }
        let path_s = path.to_string();
        let value = answer.as_ref().map(answer_json).transpose()?;
        if let Some(v) = &value {
            check_answer_size(&tx, id, &path_s, v.len())?;
        }
        let (at, user) = (now(), self.session.user.clone());
        write_answer(&tx, id, &path_s, value.as_deref(), &at, &user)?;
        touch_case(&tx, id, &at, &user, &answers)?;
        tx.commit()?;
        Ok(SaveOutcome {
            problems: at_path,
            state: interview_state(&form, &answers),
        })
    }

    /// Adds an instance to a repeat group (an episode, a perpetrator); returns its index.
    pub fn add_repeat(&mut self, id: &str, container: &AnswerPath) -> Result<u32, VaultError> {
        self.require_write(id)?;
        let summary = self.case_summary(id)?;
        let form = form_of(&summary)?;
        let tx = self.conn.transaction()?;
        let mut answers = read_answers(&tx, id)?;
        let index = answers.add_repeat_instance(container);
        if waystone_forms::validate(&form, &answers)
            .iter()
            .any(|p| &p.path == container && cases::is_structural(p.code))
        {
            return Err(VaultError::Invalid(format!(
                "{container}: not a repeat of this form"
            )));
        }
        let (at, user) = (now(), self.session.user.clone());
        write_repeat(
            &tx,
            id,
            container,
            answers.repeat_count(container),
            &at,
            &user,
        )?;
        touch_case(&tx, id, &at, &user, &answers)?;
        tx.commit()?;
        Ok(index)
    }

    /// Removes instance `index` of a repeat with every answer inside it; later instances
    /// move down by one.
    pub fn remove_repeat(
        &mut self,
        id: &str,
        container: &AnswerPath,
        index: u32,
    ) -> Result<(), VaultError> {
        self.require_write(id)?;
        let tx = self.conn.transaction()?;
        let before = read_answers(&tx, id)?;
        let mut after = before.clone();
        if !after.remove_repeat_instance(container, index) {
            return Err(VaultError::Invalid(format!(
                "{container}[{index}]: no such instance"
            )));
        }
        let (at, user) = (now(), self.session.user.clone());
        replace_answers(&tx, id, &before, &after, &at, &user)?;
        touch_case(&tx, id, &at, &user, &after)?;
        tx.commit()?;
        Ok(())
    }

    /// Who changed what and when, newest first (no values).
    pub fn case_history(&self, id: &str) -> Result<Vec<HistoryEntry>, VaultError> {
        self.require_read(id)?;
        let mut stmt = self.conn.prepare(
            "SELECT path, kind, value IS NULL, at, by FROM answer_history WHERE case_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(HistoryEntry {
                path: r.get(0)?,
                kind: r.get(1)?,
                cleared: r.get(2)?,
                at: r.get(3)?,
                by: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The case as interchange JSON (audit-logged as an export).
    pub fn export_case(&mut self, id: &str) -> Result<String, VaultError> {
        self.require_read(id)?;
        let case = self.read_case(id)?;
        let mut attachments = Vec::with_capacity(case.attachments.len());
        for a in &case.attachments {
            let bytes = self.read_attachment_bytes(id, &a.id)?;
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
        };
        self.audit("case.export", id)?;
        Ok(doc.to_json())
    }

    /// Validates `json` and adds the case, or updates the one with the same id (`case
    /// import`). Nothing is written unless every check passes. Returns the id and whether it
    /// was new.
    ///
    /// Rights ([`crate::board::may_create_case`], [`crate::board::may_write_case`]): a new
    /// case only by a role that may create cases, naming the importing user as `created_by`
    /// (an admin may import a case made by anyone: moving cases between an organisation's
    /// vaults is an admin's task; a lawyer who imports a new case is assigned to it, as when
    /// a bundle brings one); a case held here only by someone who may write it. An import
    /// never removes an attachment it does not list ([`Vault::remove_attachment`] does, on
    /// its own), and moves the status only one allowed step (not to `filed`, which needs the
    /// filing details), recorded as a workflow event.
    pub fn import_case(&mut self, json: &str) -> Result<(String, bool), VaultError> {
        let (id, created) =
            self.import_case_from(json, AttachmentMode::Merge, ImportSource::File)?;
        if created && self.session.role == super::Role::Lawyer {
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
    pub(crate) fn import_case_with(
        &mut self,
        json: &str,
        mode: AttachmentMode,
    ) -> Result<(String, bool), VaultError> {
        self.import_case_from(json, mode, ImportSource::Bundle)
    }

    fn import_case_from(
        &mut self,
        json: &str,
        mode: AttachmentMode,
        source: ImportSource,
    ) -> Result<(String, bool), VaultError> {
        let doc = CaseDocument::parse_and_check(json).map_err(VaultError::InvalidCase)?;
        if mode == AttachmentMode::KeepStored && !doc.attachments.is_empty() {
            return Err(VaultError::InvalidCase(vec![
                "attachments: this import carries none".into(),
            ]));
        }
        // Rights first, before anything is decrypted or written.
        let held = match self.case_summary(&doc.id) {
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
                ImportSource::File => self.require_write(&doc.id)?,
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
                    && self.session.role != super::Role::Admin
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
            sealed.push(seal_attachment(&att_key, &doc.id, &a.id, &bytes)?);
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
            read_answers(&tx, &doc.id)?
        } else {
            Answers::new()
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
            super::board::event(&tx, &doc.id, &at, &user, "status", detail)?;
        }
        replace_answers(&tx, &doc.id, &before, &doc.answers, &at, &user)?;
        super::board::write_derived(&tx, &doc.id, &doc.answers)?;
        let mut placed = Vec::new();
        if let Err(e) = merge_attachments(&tx, &self.dir, &doc, &sealed, &at, &user, &mut placed) {
            drop(tx);
            // the rows were rolled back: the files written for them have no row
            remove_attachment_files(&self.dir, placed.iter());
            return Err(e);
        }
        // A failed commit leaves any new file without a row (never a row without its file).
        tx.commit()?;
        self.audit("case.import", &doc.id)?;
        Ok((doc.id, held.is_none()))
    }

    /// Removes one attachment of a case: its row and its encrypted file. Only someone who
    /// may write the case ([`crate::board::may_write_case`]), and only once no answer refers
    /// to it (detach it first); audit-logged. An import never does this.
    pub fn remove_attachment(&mut self, case_id: &str, att_id: &str) -> Result<(), VaultError> {
        self.require_write(case_id)?;
        let tx = self.conn.transaction()?;
        let found = tx
            .query_row(
                "SELECT 1 FROM attachments WHERE id = ?1 AND case_id = ?2",
                params![att_id, case_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !found {
            return Err(VaultError::Invalid(
                "this case has no such attachment".into(),
            ));
        }
        let answers = read_answers(&tx, case_id)?;
        let referred = answers.iter().any(|(_, a)| {
            matches!(a, Answer::Value(waystone_forms::Value::Attachment(x)) if x == att_id)
        });
        if referred {
            return Err(VaultError::Invalid(
                "an answer still refers to this attachment: detach it first".into(),
            ));
        }
        tx.execute(
            "DELETE FROM attachments WHERE id = ?1 AND case_id = ?2",
            params![att_id, case_id],
        )?;
        let at = now();
        tx.execute(
            "UPDATE cases SET updated_at = ?2, updated_by = ?3 WHERE id = ?1",
            params![case_id, at, self.session.user],
        )?;
        tx.commit()?;
        // the row (with the file's wrapped key) is gone: the file can no longer be decrypted
        remove_attachment_files(&self.dir, std::iter::once(&att_id.to_owned()));
        self.audit("attachment.remove", att_id)
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

    /// Encrypts `bytes` into the vault as an attachment of case `id`.
    pub fn add_attachment(
        &mut self,
        id: &str,
        file_name: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<AttachmentMeta, VaultError> {
        self.require_write(id)?;
        let att_id = uuid::Uuid::new_v4().to_string();
        let key = self.vmk.subkey(Subkey::Attachments);
        let sealed = seal_attachment(&key, id, &att_id, bytes)?;
        write_attachment_file(&self.dir, &att_id, &sealed.file)?;
        let meta = AttachmentMeta {
            id: att_id.clone(),
            file_name: recorded_file_name(file_name),
            media_type: if cases::interchange::is_media_type(media_type) {
                media_type.to_owned()
            } else {
                "application/octet-stream".to_owned()
            },
            size: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(bytes)),
            created_at: now(),
            created_by: self.session.user.clone(),
        };
        let result = self.conn.execute(
            "INSERT INTO attachments(id, case_id, file_name, media_type, size, sha256, key_nonce, wrapped_key, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![meta.id, id, meta.file_name, meta.media_type, meta.size as i64, meta.sha256, sealed.key_nonce.to_vec(), sealed.wrapped_key, meta.created_at, meta.created_by],
        );
        if let Err(e) = result {
            let _ = fs::remove_file(self.dir.join(ATTACHMENTS_DIR).join(format!("{att_id}.bin")));
            return Err(e.into());
        }
        self.audit("attachment.add", &att_id)?;
        Ok(meta)
    }

    pub fn attachment_list(&self, id: &str) -> Result<Vec<AttachmentMeta>, VaultError> {
        self.require_read(id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, file_name, media_type, size, sha256, created_at, created_by
             FROM attachments WHERE case_id = ?1 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(AttachmentMeta {
                id: r.get(0)?,
                file_name: r.get(1)?,
                media_type: r.get(2)?,
                size: r.get::<_, i64>(3)? as u64,
                sha256: r.get(4)?,
                created_at: r.get(5)?,
                created_by: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Decrypts an attachment into memory (never to a file); audit-logged.
    pub fn read_attachment(
        &mut self,
        case_id: &str,
        att_id: &str,
    ) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        self.require_read(case_id)?;
        let bytes = self.read_attachment_bytes(case_id, att_id)?;
        self.audit("attachment.read", att_id)?;
        Ok(bytes)
    }

    fn read_attachment_bytes(
        &self,
        case_id: &str,
        att_id: &str,
    ) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let row: Option<(Vec<u8>, Vec<u8>, String)> = self
            .conn
            .query_row(
                "SELECT key_nonce, wrapped_key, sha256 FROM attachments WHERE id = ?1 AND case_id = ?2",
                params![att_id, case_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (nonce, wrapped, sha) = row.ok_or(VaultError::CaseNotFound)?;
        let att_key = self.vmk.subkey(Subkey::Attachments);
        let file_key = unwrap_file_key(&att_key, case_id, att_id, &nonce, &wrapped)?;
        let stored = fs::read(self.dir.join(ATTACHMENTS_DIR).join(format!("{att_id}.bin")))
            .map_err(|_| VaultError::Corrupt("an attachment file is missing or unreadable"))?;
        let plain = crypto::stream::decrypt(
            &file_key,
            &stored,
            attachment_aad(case_id, att_id).as_bytes(),
        )
        .map_err(|_| VaultError::Corrupt("an attachment file was changed or moved"))?;
        if hex::encode(Sha256::digest(plain.as_slice())) != sha {
            return Err(VaultError::Corrupt(
                "an attachment does not match its recorded SHA-256",
            ));
        }
        Ok(plain)
    }
}

struct SealedAttachment {
    file: Vec<u8>,
    key_nonce: [u8; crypto::NONCE_LEN],
    wrapped_key: Vec<u8>,
}

fn attachment_aad(case_id: &str, att_id: &str) -> String {
    format!("waystone-attachment-v1|{case_id}|{att_id}")
}

fn seal_attachment(
    att_key: &SecretKey,
    case_id: &str,
    att_id: &str,
    bytes: &[u8],
) -> Result<SealedAttachment, VaultError> {
    let file_key = SecretKey::from_bytes(crypto::random_bytes::<32>());
    let aad = attachment_aad(case_id, att_id);
    let file = crypto::stream::encrypt(&file_key, bytes, aad.as_bytes())
        .map_err(|_| VaultError::Internal("encrypting an attachment"))?;
    let (key_nonce, wrapped_key) =
        crypto::seal(att_key, file_key.expose_secret_bytes(), aad.as_bytes());
    Ok(SealedAttachment {
        file,
        key_nonce,
        wrapped_key,
    })
}

fn unwrap_file_key(
    att_key: &SecretKey,
    case_id: &str,
    att_id: &str,
    nonce: &[u8],
    wrapped: &[u8],
) -> Result<SecretKey, VaultError> {
    let plain = crypto::open(
        att_key,
        nonce,
        wrapped,
        attachment_aad(case_id, att_id).as_bytes(),
    )
    .map_err(|_| VaultError::Corrupt("an attachment key was changed or moved"))?;
    let bytes: [u8; 32] = plain
        .as_slice()
        .try_into()
        .map_err(|_| VaultError::Corrupt("an attachment key has the wrong length"))?;
    Ok(SecretKey::from_bytes(bytes))
}

/// The file name recorded for an attachment, held to the interchange's rule
/// ([`cases::interchange::is_file_name`]) so that every case exports and imports again: a
/// control, direction or separator character becomes `_`, the name is cut to
/// [`cases::interchange::MAX_FILE_NAME_CHARS`]. The name is a label: files are stored by id.
fn recorded_file_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if cases::interchange::is_file_name_char(c) {
                c
            } else {
                '_'
            }
        })
        .take(cases::interchange::MAX_FILE_NAME_CHARS)
        .collect();
    if cases::interchange::is_file_name(&clean) {
        clean
    } else {
        "_".to_owned()
    }
}

/// Refuses an answer of `len` bytes (as stored) at `path` beyond the limits of the
/// interchange ([`cases::interchange::MAX_ANSWER_BYTES`] each,
/// [`cases::interchange::MAX_ANSWERS_BYTES`] for the case's answers together).
fn check_answer_size(
    tx: &Transaction<'_>,
    id: &str,
    path: &str,
    len: usize,
) -> Result<(), VaultError> {
    use cases::interchange::{MAX_ANSWERS_BYTES, MAX_ANSWER_BYTES};
    if len > MAX_ANSWER_BYTES {
        return Err(VaultError::TooLarge(format!(
            "an answer may hold at most {} KiB (about {} pages of text)",
            MAX_ANSWER_BYTES / 1024,
            MAX_ANSWER_BYTES / 1024 / 4
        )));
    }
    let others: i64 = tx
        .prepare_cached(
            "SELECT COALESCE(SUM(length(CAST(answer AS BLOB))), 0) FROM answers
             WHERE case_id = ?1 AND path <> ?2",
        )?
        .query_row(params![id, path], |r| r.get(0))?;
    if usize::try_from(others)
        .unwrap_or(usize::MAX)
        .saturating_add(len)
        > MAX_ANSWERS_BYTES
    {
        return Err(VaultError::TooLarge(format!(
            "the answers of one case may hold at most {} MiB together",
            MAX_ANSWERS_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

fn form_of(summary: &CaseSummary) -> Result<FormDef, VaultError> {
    waystone_forms::builtin(&summary.form_id, summary.form_version).ok_or(VaultError::Internal(
        "the case's form version is not in this build",
    ))
}

fn answer_json(a: &Answer) -> Result<String, VaultError> {
    serde_json::to_string(a).map_err(|_| VaultError::Internal("serialising an answer"))
}

pub(crate) fn read_answers(conn: &rusqlite::Connection, id: &str) -> Result<Answers, VaultError> {
    let mut answers = Answers::new();
    let mut stmt = conn.prepare_cached("SELECT path, answer FROM answers WHERE case_id = ?1")?;
    let rows = stmt.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (path, json) = row?;
        let path: AnswerPath = path
            .parse()
            .map_err(|_| VaultError::Corrupt("a stored answer path is invalid"))?;
        let answer: Answer = serde_json::from_str(&json)
            .map_err(|_| VaultError::Corrupt("a stored answer is invalid"))?;
        answers.set(path, answer);
    }
    let mut stmt = conn.prepare_cached("SELECT path, count FROM repeats WHERE case_id = ?1")?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
    for row in rows {
        let (path, count) = row?;
        let path: AnswerPath = path
            .parse()
            .map_err(|_| VaultError::Corrupt("a stored repeat path is invalid"))?;
        answers.set_repeat_count(path, count);
    }
    Ok(answers)
}

fn write_repeat(
    tx: &Transaction<'_>,
    id: &str,
    container: &AnswerPath,
    count: u32,
    at: &str,
    user: &str,
) -> Result<(), VaultError> {
    let path = container.to_string();
    if count == 0 {
        tx.execute(
            "DELETE FROM repeats WHERE case_id = ?1 AND path = ?2",
            params![id, path],
        )?;
    } else {
        tx.execute(
            "INSERT INTO repeats(case_id, path, count) VALUES (?1, ?2, ?3)
             ON CONFLICT(case_id, path) DO UPDATE SET count = excluded.count",
            params![id, path, count],
        )?;
    }
    tx.execute(
        "INSERT INTO answer_history(case_id, path, kind, value, at, by) VALUES (?1, ?2, 'repeat', ?3, ?4, ?5)",
        params![id, path, (count > 0).then(|| count.to_string()), at, user],
    )?;
    Ok(())
}

/// Writes the difference between `before` and `after`, with a history entry per change.
fn replace_answers(
    tx: &Transaction<'_>,
    id: &str,
    before: &Answers,
    after: &Answers,
    at: &str,
    user: &str,
) -> Result<(), VaultError> {
    for (path, _) in before.iter() {
        if after.get(path).is_none() {
            write_answer(tx, id, &path.to_string(), None, at, user)?;
        }
    }
    for (path, answer) in after.iter() {
        if before.get(path) != Some(answer) {
            write_answer(
                tx,
                id,
                &path.to_string(),
                Some(&answer_json(answer)?),
                at,
                user,
            )?;
        }
    }
    for (path, count) in before.repeat_counts() {
        if after.repeat_count(path) == 0 && count > 0 {
            write_repeat(tx, id, path, 0, at, user)?;
        }
    }
    for (path, count) in after.repeat_counts() {
        if before.repeat_count(path) != count {
            write_repeat(tx, id, path, count, at, user)?;
        }
    }
    Ok(())
}

fn touch_case(
    tx: &Transaction<'_>,
    id: &str,
    at: &str,
    user: &str,
    answers: &Answers,
) -> Result<(), VaultError> {
    tx.prepare_cached("UPDATE cases SET updated_at = ?2, updated_by = ?3 WHERE id = ?1")?
        .execute(params![id, at, user])?;
    super::board::write_derived(tx, id, answers)
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
        write_attachment_file(dir, &a.id, &s.file)?;
        tx.execute(
            "INSERT INTO attachments(id, case_id, file_name, media_type, size, sha256, key_nonce, wrapped_key, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![a.id, doc.id, a.file_name, a.media_type, a.size as i64, a.sha256, s.key_nonce.to_vec(), s.wrapped_key, at, user],
        )?;
    }
    Ok(())
}

/// Removes the encrypted files of these attachment ids (best effort: a leftover file
/// without a row holds nothing anyone can decrypt).
fn remove_attachment_files<'a>(vault_dir: &std::path::Path, ids: impl Iterator<Item = &'a String>) {
    for id in ids {
        let _ = fs::remove_file(vault_dir.join(ATTACHMENTS_DIR).join(format!("{id}.bin")));
    }
}

/// Encrypted bytes to attachments/ID.bin atomically (temp, fsync, rename, fsync dir).
fn write_attachment_file(
    vault_dir: &std::path::Path,
    att_id: &str,
    bytes: &[u8],
) -> Result<(), VaultError> {
    let dir = vault_dir.join(ATTACHMENTS_DIR);
    fs::create_dir_all(&dir).map_err(|e| VaultError::io("creating the attachments folder", e))?;
    let tmp = dir.join(format!(".{att_id}.tmp"));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(format!("{att_id}.bin")))?;
        fs::File::open(&dir)?.sync_all()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(VaultError::io("writing an attachment", e));
    }
    Ok(())
}

/// Sets (or with `None` clears) the answer at `path` and appends the change to the history,
/// inside the caller's transaction. The one place answers are written.
pub(crate) fn write_answer(
    tx: &Transaction<'_>,
    id: &str,
    path: &str,
    json: Option<&str>,
    at: &str,
    user: &str,
) -> Result<(), VaultError> {
    // cached statements: the autosave path runs them every few seconds, and each fresh
    // prepare is dozens of allocations (locked and wiped under memory security)
    match json {
        Some(v) => tx
            .prepare_cached(
                "INSERT INTO answers(case_id, path, answer, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(case_id, path) DO UPDATE SET answer = excluded.answer,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            )?
            .execute(params![id, path, v, at, user])?,
        None => tx
            .prepare_cached("DELETE FROM answers WHERE case_id = ?1 AND path = ?2")?
            .execute(params![id, path])?,
    };
    tx.prepare_cached(
        "INSERT INTO answer_history(case_id, path, kind, value, at, by) VALUES (?1, ?2, 'answer', ?3, ?4, ?5)",
    )?
    .execute(params![id, path, json, at, user])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    //! Ciphertext moved to another place is refused: every wrapped key and every encrypted
    //! file names its place (case, attachment, user) in its associated data.
    use super::*;
    use crate::crypto::{Passphrase, KDF_FLOOR};
    use crate::vault::Role;

    fn vault() -> (tempfile::TempDir, Vault) {
        let t = tempfile::tempdir().unwrap();
        let pass = Passphrase::new("lantern quietly orbit seventeen");
        let (v, _) =
            Vault::create(&t.path().join("v"), "ana", Role::Admin, &pass, KDF_FLOOR).unwrap();
        (t, v)
    }

    fn key_row(v: &Vault, att: &str) -> (Vec<u8>, Vec<u8>) {
        v.conn
            .query_row(
                "SELECT key_nonce, wrapped_key FROM attachments WHERE id = ?1",
                [att],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    }

    fn set_key_row(v: &Vault, att: &str, row: &(Vec<u8>, Vec<u8>)) {
        v.conn
            .execute(
                "UPDATE attachments SET key_nonce = ?2, wrapped_key = ?3 WHERE id = ?1",
                params![att, row.0, row.1],
            )
            .unwrap();
    }

    #[test]
    fn an_attachment_key_or_file_moved_to_another_case_or_attachment_is_refused() {
        let (_t, mut v) = vault();
        let form = waystone_forms::latest_intake();
        let c1 = v.create_case(&form).unwrap().id;
        let c2 = v.create_case(&form).unwrap().id;
        let a1 = v
            .add_attachment(&c1, "a.txt", "text/plain", b"invented attachment one")
            .unwrap()
            .id;
        let a2 = v
            .add_attachment(&c2, "b.txt", "text/plain", b"invented attachment two")
            .unwrap()
            .id;
        let a3 = v
            .add_attachment(&c1, "c.txt", "text/plain", b"invented attachment three")
            .unwrap()
            .id;
        let corrupt = |v: &mut Vault, case: &str, att: &str| {
            matches!(v.read_attachment(case, att), Err(VaultError::Corrupt(_)))
        };
        // the row (key and file) moved to another case
        v.conn
            .execute(
                "UPDATE attachments SET case_id = ?2 WHERE id = ?1",
                params![a1, c2],
            )
            .unwrap();
        assert!(corrupt(&mut v, &c2, &a1), "row moved to another case");
        v.conn
            .execute(
                "UPDATE attachments SET case_id = ?2 WHERE id = ?1",
                params![a1, c1],
            )
            .unwrap();
        assert!(v.read_attachment(&c1, &a1).is_ok());
        // wrapped keys swapped between attachments of different cases and of the same case
        let (k1, k2, k3) = (key_row(&v, &a1), key_row(&v, &a2), key_row(&v, &a3));
        set_key_row(&v, &a1, &k2);
        set_key_row(&v, &a2, &k1);
        assert!(corrupt(&mut v, &c1, &a1), "key from another case");
        assert!(corrupt(&mut v, &c2, &a2), "key from another case");
        set_key_row(&v, &a1, &k3);
        assert!(corrupt(&mut v, &c1, &a1), "key from the same case");
        // the wrapped key and the file both copied to another attachment id of the same case
        set_key_row(&v, &a1, &k1);
        set_key_row(&v, &a2, &k2);
        set_key_row(&v, &a3, &k1);
        let dir = v.dir.join(ATTACHMENTS_DIR);
        fs::copy(dir.join(format!("{a1}.bin")), dir.join(format!("{a3}.bin"))).unwrap();
        assert!(
            corrupt(&mut v, &c1, &a3),
            "key and file copied to another id"
        );
        // the originals still open
        assert_eq!(
            v.read_attachment(&c1, &a1).unwrap().as_slice(),
            b"invented attachment one"
        );
        assert_eq!(
            v.read_attachment(&c2, &a2).unwrap().as_slice(),
            b"invented attachment two"
        );
    }

    #[test]
    fn an_import_never_rewrites_a_stored_attachment() {
        // Found by the leak scan: a document whose attachment id belonged to another case
        // replaced that case's file before the insert failed, destroying the attachment.
        let (_t, mut v) = vault();
        let form = waystone_forms::latest_intake();
        let c1 = v.create_case(&form).unwrap().id;
        let a1 = v
            .add_attachment(&c1, "a.txt", "text/plain", b"invented attachment one")
            .unwrap()
            .id;
        let file = v.dir.join(ATTACHMENTS_DIR).join(format!("{a1}.bin"));
        let stored = fs::read(&file).unwrap();
        let json = v.export_case(&c1).unwrap();
        // the same case again: the file is kept as it is, and still opens
        v.import_case(&json).unwrap();
        assert_eq!(fs::read(&file).unwrap(), stored);
        assert_eq!(
            v.read_attachment(&c1, &a1).unwrap().as_slice(),
            b"invented attachment one"
        );
        // another case claiming the same attachment id: refused, nothing touched
        let mut other: serde_json::Value = serde_json::from_str(&json).unwrap();
        other["id"] = serde_json::json!(uuid::Uuid::new_v4().to_string());
        other["code"] = serde_json::json!("WS-TEST-OTHR");
        assert!(matches!(
            v.import_case(&other.to_string()),
            Err(VaultError::InvalidCase(_))
        ));
        // this case with other bytes under the stored id: refused too
        let mut changed: serde_json::Value = serde_json::from_str(&json).unwrap();
        let data = b"other invented bytes";
        changed["attachments"][0]["data"] = serde_json::json!(B64.encode(data));
        changed["attachments"][0]["size"] = serde_json::json!(data.len());
        changed["attachments"][0]["sha256"] = serde_json::json!(hex::encode(Sha256::digest(data)));
        assert!(matches!(
            v.import_case(&changed.to_string()),
            Err(VaultError::InvalidCase(_))
        ));
        assert_eq!(fs::read(&file).unwrap(), stored);
        assert_eq!(
            v.read_attachment(&c1, &a1).unwrap().as_slice(),
            b"invented attachment one"
        );
        assert_eq!(v.list_cases(&CaseFilter::default()).unwrap().len(), 1);
    }

    #[test]
    fn an_import_repairs_a_legacy_free_text_status_and_records_it() {
        let (_t, mut v) = vault();
        let form = waystone_forms::latest_intake();
        let c = v.create_case(&form).unwrap().id;
        let json = v.export_case(&c).unwrap();
        v.conn
            .execute(
                "UPDATE cases SET status = 'testimony text an old version let in' WHERE id = ?1",
                [&c],
            )
            .unwrap();
        v.import_case(&json).unwrap();
        assert_eq!(v.case_summary(&c).unwrap().status, "interview_in_progress");
        let e = &v.case_events(&c).unwrap()[0];
        assert_eq!(
            (e.kind.as_str(), e.detail.as_str()),
            ("status", "(unknown) → interview_in_progress (import)")
        );
    }

    #[test]
    fn an_attachment_added_in_the_app_always_exports_and_imports_again() {
        let (_t, mut v) = vault();
        let form = waystone_forms::latest_intake();
        let c = v.create_case(&form).unwrap().id;
        for (name, media, want_name, want_media) in [
            ("scan.jpg", "image/jpeg", "scan.jpg", "image/jpeg"),
            (
                "a/b\\c\u{1b}[2J.txt",
                "",
                "a_b_c_[2J.txt",
                "application/octet-stream",
            ),
            (
                "фото\u{202e}gpj.exe",
                "text/plain\r\nX: y",
                "фото_gpj.exe",
                "application/octet-stream",
            ),
            ("..", "text/plain", "_", "text/plain"),
        ] {
            let m = v
                .add_attachment(&c, name, media, b"invented bytes")
                .unwrap();
            assert_eq!(
                (m.file_name.as_str(), m.media_type.as_str()),
                (want_name, want_media)
            );
        }
        let long = v
            .add_attachment(&c, &"я".repeat(300), "text/plain", b"x")
            .unwrap();
        assert_eq!(long.file_name.chars().count(), 255);
        let json = v.export_case(&c).unwrap();
        v.import_case(&json).unwrap();
        assert_eq!(v.export_case(&c).unwrap(), json);
    }

    #[test]
    fn bundle_keys_moved_to_another_user_are_refused() {
        let (_t, mut v) = vault();
        v.add_user(
            "lev",
            Role::Lawyer,
            &Passphrase::new("marble seventy harbor quietly"),
        )
        .unwrap();
        let ana_line = v.key_line().unwrap();
        v.session.user = "lev".into();
        let lev_line = v.key_line().unwrap();
        assert_ne!(ana_line, lev_line);
        let ana_row: (Vec<u8>, Vec<u8>) = v
            .conn
            .query_row(
                "SELECT nonce, wrapped FROM user_keys WHERE user = 'ana'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        v.conn
            .execute(
                "UPDATE user_keys SET nonce = ?1, wrapped = ?2 WHERE user = 'lev'",
                params![ana_row.0, ana_row.1],
            )
            .unwrap();
        assert!(matches!(v.key_line(), Err(VaultError::Corrupt(_))));
        v.session.user = "ana".into();
        assert_eq!(v.key_line().unwrap(), ana_line);
    }
}
