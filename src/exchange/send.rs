//! Making a bundle: a whole case (with its attachments) or a status card (the board's
//! fields only), signed by the acting user and encrypted to the chosen contacts. A case on an
//! imported form carries that form's definition (`form.json`, the catalogue's canonical
//! JSON); a built-in form is never carried.

use rusqlite::{params, OptionalExtension};
use waystone_bundle::{BundleKind, Manifest, Part, PublicKeys};
use waystone_forms::{AnswerPath, Answers};

use crate::cases::interchange::CaseDocument;

use crate::vault::{now, Vault, VaultError};

use super::model::{bundle_error, FORM_PART, STATUS_CARD_PATHS};

impl Vault {
    /// A signed, encrypted bundle of case `id` for the named contacts: the whole case, or a
    /// status card (case code, status, stage, dates, risk — no testimony, no names).
    pub fn create_bundle(
        &mut self,
        id: &str,
        to: &[&str],
        status_card: bool,
    ) -> Result<Vec<u8>, VaultError> {
        // the rights table's own rows for sending, before anything is read
        let op = if status_card {
            crate::access::Op::SendStatusCard
        } else {
            crate::access::Op::SendCase
        };
        self.require(id, op)?;
        if to.is_empty() {
            return Err(VaultError::Invalid("name at least one recipient".into()));
        }
        let contacts = self.contacts()?;
        let mut recipients = Vec::with_capacity(to.len());
        for name in to {
            let c = contacts.iter().find(|c| c.name == *name).ok_or_else(|| {
                VaultError::Invalid(format!(
                    "{} is not a pinned contact: pin their key first",
                    crate::hygiene::quote_input(name)
                ))
            })?;
            recipients.push(
                PublicKeys::parse_line(&c.key_line)
                    .map_err(|_| VaultError::Corrupt("a pinned contact's key line is damaged"))?,
            );
        }
        let (part, kind) = if status_card {
            (
                Part::new("status.json", self.status_card_json(id)?.into_bytes()),
                BundleKind::StatusCard,
            )
        } else {
            (
                Part::new("case.json", self.readable(id)?.export()?.into_bytes()),
                BundleKind::Case,
            )
        };
        let summary = crate::vault::store::cases::summary(&self.conn, id)?;
        // an imported form travels with the case (inside the encrypted, signed archive, bound
        // by the manifest like the document): the recipient may not hold it
        let mut parts = vec![part];
        if let Some(definition) =
            crate::catalog::definition_to_carry(&self.conn, &summary.form_id, summary.form_version)?
        {
            parts.push(Part::new(FORM_PART, definition.into_bytes()));
        }
        let keys = self.user_keys()?;
        let manifest = Manifest {
            kind,
            case_id: summary.id.clone(),
            form_id: summary.form_id.clone(),
            form_version: summary.form_version,
            sender_name: self.session.user.clone(),
            sender_fingerprint: String::new(),
            recipients: vec![],
            created_at: now(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            audit_head: self.audit_head()?,
            parts: vec![],
        };
        let bytes =
            waystone_bundle::create(&manifest, &parts, &keys, &recipients).map_err(bundle_error)?;
        // those this vault sent the whole case to may send it back updated; those it sent a
        // status card to, status cards (a stronger standing already held is kept)
        let at = now();
        let sent = crate::vault::store::answers::read(&self.conn, id)?;
        for r in &recipients {
            // what they now hold: an update from them is compared with it three ways
            self.record_base(
                &summary.id,
                &r.fingerprint().to_string(),
                &summary.status,
                &sent,
                status_card,
            )?;
            self.conn.execute(
                "INSERT INTO case_senders(case_id, fingerprint, why, since) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(case_id, fingerprint) DO UPDATE SET why = excluded.why
                 WHERE case_senders.why = 'card_to' AND excluded.why = 'sent_to'",
                params![
                    summary.id,
                    r.fingerprint().to_string(),
                    if status_card { "card_to" } else { "sent_to" },
                    at
                ],
            )?;
        }
        self.audit(
            if status_card {
                "bundle.status_card"
            } else {
                "bundle.create"
            },
            id,
        )?;
        Ok(bytes)
    }

    pub(super) fn audit_head(&self) -> Result<String, VaultError> {
        Ok(self
            .conn
            .query_row(
                "SELECT mac FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .optional()?
            .map(hex::encode)
            .unwrap_or_default())
    }

    /// The minimised case document of a status card; [`Vault::create_bundle`] has asked the
    /// rights table for `send_status_card` first.
    fn status_card_json(&mut self, id: &str) -> Result<String, VaultError> {
        let row = crate::vault::store::cases::summary(&self.conn, id)?;
        let full = crate::vault::store::answers::read(&self.conn, id)?;
        let mut answers = Answers::new();
        for p in STATUS_CARD_PATHS {
            if let Ok(path) = p.parse::<AnswerPath>() {
                if let Some(a) = full.get(&path) {
                    answers.set(path, a.clone());
                }
            }
        }
        let doc = CaseDocument {
            format: crate::cases::interchange::FORMAT.into(),
            version: crate::cases::interchange::VERSION,
            id: row.id,
            code: row.code,
            form: crate::cases::interchange::FormRef {
                id: row.form_id,
                version: row.form_version,
            },
            status: row.status,
            created_at: row.created_at,
            created_by: row.created_by,
            updated_at: row.updated_at,
            updated_by: row.updated_by,
            answers,
            attachments: vec![],
            filing: crate::vault::store::cases::filing(&self.conn, id)?,
        };
        Ok(doc.to_json())
    }
}
