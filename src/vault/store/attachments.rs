//! The `attachments` table and the encrypted files under `attachments/`: each file is
//! encrypted (crypto::stream) under a random per-file key, wrapped by the attachments subkey;
//! both name their place (case, attachment) in their associated data, so a file or key moved
//! to another place does not open.

use std::fs;
use std::io::Write;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::cases::{self, AttachmentMeta};
use crate::crypto::{self, SecretKey};
use crate::vault::error::VaultError;

pub use crate::vault::layout::ATTACHMENTS_DIR;

pub(crate) struct SealedAttachment {
    pub(crate) file: Vec<u8>,
    pub(crate) key_nonce: [u8; crypto::NONCE_LEN],
    pub(crate) wrapped_key: Vec<u8>,
}

fn attachment_aad(case_id: &str, att_id: &str) -> String {
    format!("waystone-attachment-v1|{case_id}|{att_id}")
}

pub(crate) fn seal_attachment(
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
pub(crate) fn recorded_file_name(name: &str) -> String {
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

/// Removes the encrypted files of these attachment ids (best effort: a leftover file
/// without a row holds nothing anyone can decrypt).
pub(crate) fn remove_files<'a>(vault_dir: &std::path::Path, ids: impl Iterator<Item = &'a String>) {
    for id in ids {
        let _ = fs::remove_file(vault_dir.join(ATTACHMENTS_DIR).join(format!("{id}.bin")));
    }
}

/// Encrypted bytes to attachments/ID.bin atomically (temp, fsync, rename, fsync dir).
pub(crate) fn write_file(
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

/// The attachments of a case, oldest first (records only).
pub(crate) fn list(conn: &Connection, case_id: &str) -> Result<Vec<AttachmentMeta>, VaultError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, file_name, media_type, size, sha256, created_at, created_by
         FROM attachments WHERE case_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
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

/// Adds the record of an attachment whose encrypted file is already written.
pub(crate) fn insert(
    conn: &Connection,
    case_id: &str,
    meta: &AttachmentMeta,
    sealed: &SealedAttachment,
) -> Result<(), VaultError> {
    conn.execute(
        "INSERT INTO attachments(id, case_id, file_name, media_type, size, sha256, key_nonce, wrapped_key, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![meta.id, case_id, meta.file_name, meta.media_type, meta.size as i64, meta.sha256, sealed.key_nonce.to_vec(), sealed.wrapped_key, meta.created_at, meta.created_by],
    )?;
    Ok(())
}

/// Decrypts an attachment of `case_id` into memory and checks it against its recorded
/// SHA-256. `CaseNotFound` when the case holds no such attachment.
pub(crate) fn read_plain(
    conn: &Connection,
    vault_dir: &Path,
    att_key: &SecretKey,
    case_id: &str,
    att_id: &str,
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    let row: Option<(Vec<u8>, Vec<u8>, String)> = conn
        .query_row(
            "SELECT key_nonce, wrapped_key, sha256 FROM attachments WHERE id = ?1 AND case_id = ?2",
            params![att_id, case_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (nonce, wrapped, sha) = row.ok_or(VaultError::CaseNotFound)?;
    let file_key = unwrap_file_key(att_key, case_id, att_id, &nonce, &wrapped)?;
    let stored = fs::read(
        vault_dir
            .join(ATTACHMENTS_DIR)
            .join(format!("{att_id}.bin")),
    )
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
