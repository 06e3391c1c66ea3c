//! Object names and what else may be found in a recipient's prefix.
//!
//! An object lives at `<prefix>/<id>`: both parts are 26 lowercase RFC 4648 base32
//! characters (16 bytes; the prefix from [`crate::MailboxKey::prefix_for`], the id from the
//! OS random number generator). No extension, no date, no sender. Lowercase letters and
//! digits 2–7 only, so the name is the same on case-insensitive file systems, needs no
//! escaping in a URL and cannot be a Syncthing, WebDAV or object_store temporary name.
//!
//! Anything else in a prefix is a [`Stray`]: a Syncthing conflict copy, a temporary file of
//! a sync tool, a WebDAV server or of our own WebDAV upload, or something unknown. Strays are
//! never returned as objects, so they are never imported; conflict copies and unknown entries
//! are reported, temporary ones counted.

use std::fmt;

use data_encoding::BASE32_NOPAD;
use rand::RngCore;

use crate::error::MailboxError;
use crate::key::RecipientPrefix;

/// Bytes behind a prefix or an object id.
pub(crate) const ID_LEN: usize = 16;
/// Characters of a prefix or an object id.
pub(crate) const ID_CHARS: usize = 26;
/// The start of our own WebDAV upload's temporary name (`.tmp-<id>`), published by MOVE.
pub(crate) const UPLOAD_TEMP_PREFIX: &str = ".tmp-";

pub(crate) fn encode_id(bytes: &[u8; ID_LEN]) -> String {
    BASE32_NOPAD.encode(bytes).to_ascii_lowercase()
}

/// True for exactly 26 characters of `a–z 2–7` that decode to 16 bytes.
pub(crate) fn is_id(text: &str) -> bool {
    text.len() == ID_CHARS
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))
        && BASE32_NOPAD
            .decode(text.to_ascii_uppercase().as_bytes())
            .is_ok_and(|d| d.len() == ID_LEN && encode_id(&to_array(&d)) == text)
}

fn to_array(d: &[u8]) -> [u8; ID_LEN] {
    let mut out = [0u8; ID_LEN];
    out.copy_from_slice(&d[..ID_LEN.min(d.len())]);
    out
}

pub(crate) fn random_id() -> Result<String, MailboxError> {
    let mut bytes = [0u8; ID_LEN];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|_| MailboxError::Rng)?;
    Ok(encode_id(&bytes))
}

/// The name of one object: its recipient's prefix and a random id. Stable for the object's
/// life, so the core can remember which names it has fetched (a name seen twice is the same
/// object delivered twice) and delete the object once a receipt is back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectName {
    prefix: RecipientPrefix,
    id: String,
}

impl ObjectName {
    /// A fresh random name under `prefix`, for [`crate::Mailbox::put_named`]: the core can
    /// record it in its outbox *before* uploading, so a crash between upload and record
    /// leaves no object it does not know of.
    pub fn random(prefix: &RecipientPrefix) -> Result<Self, MailboxError> {
        Ok(Self {
            prefix: prefix.clone(),
            id: random_id()?,
        })
    }

    /// The recipient's prefix.
    pub fn prefix(&self) -> &RecipientPrefix {
        &self.prefix
    }

    /// The object's random id (26 characters).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key on the server, `<prefix>/<id>` (what the core stores in its outbox and
    /// incoming tables).
    pub fn key(&self) -> String {
        format!("{}/{}", self.prefix, self.id)
    }

    /// Reads a key made by [`ObjectName::key`] back. `None` for anything else.
    pub fn parse(key: &str) -> Option<Self> {
        let (prefix, id) = key.split_once('/')?;
        let prefix = RecipientPrefix::parse(prefix)?;
        is_id(id).then(|| Self {
            prefix,
            id: id.to_owned(),
        })
    }
}

impl fmt::Display for ObjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.prefix, self.id)
    }
}

/// What an entry that is not an object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StrayKind {
    /// A Syncthing conflict copy (`<id>.sync-conflict-<date>-<time>-<device>`): two devices
    /// wrote the same name. Never imported; the original under `<id>` is the object. Safe to
    /// delete.
    SyncConflict,
    /// A temporary file: Syncthing's `.syncthing.*.tmp` / `~syncthing~*.tmp`, Apache
    /// mod_dav's `.davfs.tmp*`, a `*.part` of a sync client, or our own WebDAV upload's
    /// `.tmp-<id>` (an upload that did not finish). Ignored; a stale one may be deleted.
    Temporary,
    /// Anything else (a folder, a file someone put there). Never imported; reported.
    Unknown,
}

/// An entry in a recipient's prefix that is not an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    /// The entry's key on the server, `<prefix>/<entry>`. Names only; no content.
    pub key: String,
    /// What it is.
    pub kind: StrayKind,
    /// For a conflict copy whose original name is an object id: that object's name.
    pub original: Option<ObjectName>,
}

/// Sorts the last segment of a listed key.
pub(crate) fn classify_entry(prefix: &RecipientPrefix, entry: &str) -> Result<ObjectName, Stray> {
    if is_id(entry) {
        return Ok(ObjectName {
            prefix: prefix.clone(),
            id: entry.to_owned(),
        });
    }
    let key = format!("{prefix}/{entry}");
    if let Some(at) = entry.find(".sync-conflict-") {
        let original = &entry[..at];
        return Err(Stray {
            key,
            kind: StrayKind::SyncConflict,
            original: is_id(original).then(|| ObjectName {
                prefix: prefix.clone(),
                id: original.to_owned(),
            }),
        });
    }
    let temporary = entry.starts_with(".syncthing.")
        || entry.starts_with("~syncthing~")
        || entry.starts_with(".davfs.tmp")
        || entry.starts_with(UPLOAD_TEMP_PREFIX)
        || entry.ends_with(".part")
        || entry.ends_with(".tmp");
    Err(Stray {
        key,
        kind: if temporary {
            StrayKind::Temporary
        } else {
            StrayKind::Unknown
        },
        original: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix() -> RecipientPrefix {
        RecipientPrefix::parse("gd5bahj3dtx6ptsycz3y4lnw4e").unwrap_or_else(|| unreachable!())
    }

    const ID: &str = "mfrggzdfmztwq2lknnwg23tpoa";

    /// One entry name → what it is classified as.
    fn check(entry: &str, expected: &str) {
        let got = match classify_entry(&prefix(), entry) {
            Ok(name) => format!("object {}", name.id()),
            Err(stray) => format!(
                "{:?}{}",
                stray.kind,
                stray
                    .original
                    .map(|o| format!(" of {}", o.id()))
                    .unwrap_or_default()
            ),
        };
        assert_eq!(got, expected, "entry {entry:?}");
    }

    #[test]
    fn entries_are_classified() {
        check(ID, &format!("object {ID}"));
        check(
            &format!("{ID}.sync-conflict-20250131-120000-ABCDEFG"),
            &format!("SyncConflict of {ID}"),
        );
        check("junk.sync-conflict-20250131-120000-ABCDEFG", "SyncConflict");
        check(&format!(".syncthing.{ID}.tmp"), "Temporary");
        check(&format!("~syncthing~{ID}.tmp"), "Temporary");
        check(".davfs.tmpAbC123", "Temporary");
        check(&format!(".tmp-{ID}"), "Temporary");
        check(&format!("{ID}.part"), "Temporary");
        check(".stfolder", "Unknown");
        check("notes.txt", "Unknown");
        check(&ID.to_ascii_uppercase(), "Unknown");
        check(&ID[..25], "Unknown");
        check(&format!("{ID}#1"), "Unknown");
        // 26 characters of the alphabet whose last one carries bits beyond 128: not canonical.
        check("mfrggzdfmztwq2lknnwg23tpob", "Unknown");
    }

    #[test]
    fn names_round_trip_and_are_random() -> Result<(), MailboxError> {
        let a = ObjectName::random(&prefix())?;
        let b = ObjectName::random(&prefix())?;
        assert_ne!(a, b);
        assert_eq!(ObjectName::parse(&a.key()), Some(a.clone()));
        assert_eq!(a.key(), a.to_string());
        assert!(is_id(a.id()));
        for bad in [
            "",
            "/",
            ID,
            &format!("{ID}/"),
            &format!("{}/{ID}/x", prefix()),
        ] {
            assert!(ObjectName::parse(bad).is_none(), "{bad}");
        }
        Ok(())
    }
}
