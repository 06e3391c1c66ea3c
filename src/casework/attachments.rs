//! A case's attachments: added encrypted, listed, read into memory (never to a file), and
//! removed on their own, audited. The bytes and keys are the store's
//! (`vault::store::attachments`).

use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};
use waystone_forms::Answer;
use zeroize::Zeroizing;

use crate::cases::{self, AttachmentMeta};
use crate::crypto::Subkey;
use crate::vault::store::{answers as answer_rows, attachments as store};
use crate::vault::{now, VaultError};

use super::{Readable, Writable};

impl Writable<'_> {
    /// Encrypts `bytes` into the vault as an attachment of case `id`.
    pub fn add_attachment(
        &mut self,
        file_name: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<AttachmentMeta, VaultError> {
        let id = self.row.summary.id.clone();
        let att_id = uuid::Uuid::new_v4().to_string();
        let key = self.vault.vmk.subkey(Subkey::Attachments);
        let sealed = store::seal_attachment(&key, &id, &att_id, bytes)?;
        store::write_file(&self.vault.dir, &att_id, &sealed.file)?;
        let meta = AttachmentMeta {
            id: att_id.clone(),
            file_name: store::recorded_file_name(file_name),
            media_type: if cases::interchange::is_media_type(media_type) {
                media_type.to_owned()
            } else {
                "application/octet-stream".to_owned()
            },
            size: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(bytes)),
            created_at: now(),
            created_by: self.vault.session.user.clone(),
        };
        if let Err(e) = store::insert(&self.vault.conn, &id, &meta, &sealed) {
            store::remove_files(&self.vault.dir, std::iter::once(&att_id));
            return Err(e);
        }
        self.vault.audit("attachment.add", &att_id)?;
        Ok(meta)
    }

    /// Removes one attachment of a case: its row and its encrypted file. Only someone who
    /// may write the case (a [`Writable`] guard), and only once no answer refers
    /// to it (detach it first); audit-logged. An import never does this.
    pub fn remove_attachment(&mut self, att_id: &str) -> Result<(), VaultError> {
        let case_id = self.row.summary.id.clone();
        let tx = self.vault.conn.transaction()?;
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
        let answers = answer_rows::read(&tx, &case_id)?;
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
            params![case_id, at, self.vault.session.user],
        )?;
        tx.commit()?;
        // the row (with the file's wrapped key) is gone: the file can no longer be decrypted
        store::remove_files(&self.vault.dir, std::iter::once(&att_id.to_owned()));
        self.vault.audit("attachment.remove", att_id)
    }
}

impl Readable<'_> {
    /// The case's attachments (records only).
    pub fn attachments(&self) -> Result<Vec<AttachmentMeta>, VaultError> {
        store::list(&self.vault.conn, self.id())
    }

    /// Decrypts attachment `att_id` of this case into memory (never to a file); audit-logged.
    pub fn attachment(&mut self, att_id: &str) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let bytes = self.attachment_unaudited(att_id)?;
        self.vault.audit("attachment.read", att_id)?;
        Ok(bytes)
    }

    /// [`Readable::attachment`] without an audit entry, for the operations that record their
    /// own (an export, a bundle).
    pub(crate) fn attachment_unaudited(
        &self,
        att_id: &str,
    ) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let key = self.vault.vmk.subkey(Subkey::Attachments);
        store::read_plain(&self.vault.conn, &self.vault.dir, &key, self.id(), att_id)
    }
}
