//! Private case labels (issue 18, "finding yesterday's survivor"): a short text of a user's
//! own beside a case's code in their case list ("Tuesday, the woman from the shelter"). Only
//! someone who may read the case's testimony sets one ([`Op::ReadTestimony`]: never a
//! coordinator), and each user reads only their own. A label is kept in the encrypted vault
//! (`case_labels`, migration 0013) and nowhere else: no interchange export, bundle, board,
//! board export, document or audit entry reads it — it may well name the survivor. Setting it
//! is not audited for the same reason (an audit subject is an id, and the act says nothing).
//!
//! A label is one line of at most [`MAX_LABEL_CHARS`] characters; control and bidirectional
//! formatting characters are refused, so a label can neither break a line of the CLI nor
//! reorder what is shown beside it. An empty label removes it.

use std::collections::HashMap;

use rusqlite::params;

use crate::access::Op;
use crate::vault::{now, Vault, VaultError};

/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 80;

/// Whether `c` may stand in a label: no C0/C1 control, DEL, line separator or bidirectional
/// formatting character.
fn allowed(c: char) -> bool {
    !(c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c))
}

/// The label as stored: trimmed, checked. `Ok(None)` for an empty one (remove).
pub fn checked_label(label: &str) -> Result<Option<String>, VaultError> {
    let label = label.trim();
    if label.is_empty() {
        return Ok(None);
    }
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(VaultError::Invalid(format!(
            "a label is at most {MAX_LABEL_CHARS} characters"
        )));
    }
    if !label.chars().all(allowed) {
        return Err(VaultError::Invalid(
            "a label is one line of ordinary text (no control or direction characters)".into(),
        ));
    }
    Ok(Some(label.to_owned()))
}

impl Vault {
    /// Sets (or, with an empty `label`, removes) the acting user's own label of case `id`.
    /// Only for someone who may read the case's testimony.
    pub fn set_case_label(&mut self, id: &str, label: &str) -> Result<(), VaultError> {
        self.require(id, Op::ReadTestimony)?;
        let user = self.session.user.clone();
        match checked_label(label)? {
            None => {
                self.conn.execute(
                    "DELETE FROM case_labels WHERE case_id = ?1 AND user = ?2",
                    params![id, user],
                )?;
            }
            Some(label) => {
                self.conn.execute(
                    "INSERT INTO case_labels(case_id, user, label, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(case_id, user) DO UPDATE SET label = excluded.label, updated_at = excluded.updated_at",
                    params![id, user, label, now()],
                )?;
            }
        }
        Ok(())
    }

    /// The acting user's own labels, by case id — of the cases they may still read (a label
    /// on a case since taken from them stays hidden, and comes back if it is given back).
    pub fn case_labels(&self) -> Result<HashMap<String, String>, VaultError> {
        let mut stmt = self
            .conn
            .prepare("SELECT case_id, label FROM case_labels WHERE user = ?1")?;
        let rows = stmt
            .query_map([&self.session.user], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?))
            })?
            .collect::<Result<Vec<(String, String)>, _>>()?;
        Ok(rows
            .into_iter()
            .filter(|(id, _)| self.may(id, Op::ReadTestimony))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_label_is_one_plain_line_of_bounded_length() {
        assert_eq!(checked_label("  ").unwrap(), None);
        assert_eq!(
            checked_label(" вторник, из шелтера ").unwrap().as_deref(),
            Some("вторник, из шелтера")
        );
        for bad in [
            "two\nlines",
            "tab\there",
            "bell\u{7}",
            "rtl \u{202E}override",
            "isolate \u{2067}x",
            "line\u{2028}sep",
        ] {
            assert!(checked_label(bad).is_err(), "{bad:?}");
        }
        assert!(checked_label(&"я".repeat(MAX_LABEL_CHARS)).is_ok());
        assert!(checked_label(&"я".repeat(MAX_LABEL_CHARS + 1)).is_err());
    }
}
