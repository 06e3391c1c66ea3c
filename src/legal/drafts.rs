//! Review drafts: a lawyer's unfinished redaction decisions and hidden phrases on one
//! document of one case, kept in the encrypted vault (`review_drafts`, migration 0014) so
//! that leaving the review or a lock loses nothing. The review screen saves the draft as the
//! lawyer decides (and once more on leaving, before a manual lock); [`Vault::legal_review`]
//! gives it back when the review's token is the one the decisions were made on, and drops it
//! — saying so, and why — when the token differs: the case (or its asylum details) changed,
//! or the redaction rules did, so the spans the decisions name may no longer be the same.
//!
//! A draft is the reviewer's own: keyed by case, user, document (audience, with the asylum
//! letter's host State) and document language; nobody else reads it, and it never leaves
//! the vault (no export, bundle, backup of its own; the webview keeps nothing of it). It is
//! removed with the case. Audited without content: `case.review_draft_save` when a draft is
//! first written (later saves continue the same draft), `case.review_draft_restore`,
//! `case.review_draft_drop`, `case.review_draft_clear`.

use waystone_render::Lang;

use crate::access::Op;
use crate::legal::consent::Audience;
use crate::legal::review::{Decisions, MAX_PHRASE_CHARS, RULESET_VERSION};
use crate::vault::store::review_drafts::{self, DraftKey, StoredDraft};
use crate::vault::{now, Vault, VaultError};

/// The most phrases a draft keeps.
pub const MAX_DRAFT_PHRASES: usize = 500;
/// The most span decisions a draft keeps.
pub const MAX_DRAFT_DECISIONS: usize = 200_000;

/// What became of the reviewer's draft when a review was prepared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftState {
    /// No draft was kept for this document.
    None,
    /// The decisions made earlier on this same state of the case, given back.
    Restored(Decisions),
    /// A draft was kept but made on another state: dropped, for this reason.
    Dropped(DraftDropped),
}

/// Why a kept draft was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftDropped {
    /// The case's answers (or the asylum details the letter reads) changed since.
    CaseChanged,
    /// Waystone's redaction rules changed since (another version).
    RulesChanged,
}

fn document(audience: Audience) -> String {
    match audience {
        Audience::Asylum(host) => format!("asylum:{}", host.code()),
        a => a.as_str().to_owned(),
    }
}

fn language(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Ru => "ru",
    }
}

/// The decisions as stored: `{"redact": [[span, bool], …], "phrases": […]}`.
fn encode(d: &Decisions) -> Result<String, VaultError> {
    let redact: Vec<(usize, bool)> = d.redact.iter().map(|(i, b)| (*i, *b)).collect();
    serde_json::to_string(&serde_json::json!({ "redact": redact, "phrases": d.phrases }))
        .map_err(|_| VaultError::Internal("writing a review draft"))
}

fn decode(s: &str) -> Option<Decisions> {
    #[derive(serde::Deserialize)]
    struct Stored {
        redact: Vec<(usize, bool)>,
        phrases: Vec<String>,
    }
    let stored: Stored = serde_json::from_str(s).ok()?;
    Some(Decisions {
        redact: stored.redact.into_iter().collect(),
        phrases: stored.phrases,
    })
}

/// Problems that refuse a draft (sizes and shapes only; nothing quoted).
fn check(token: &str, d: &Decisions) -> Result<(), VaultError> {
    if token.len() != 64
        || !token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(VaultError::Invalid(
            "the review token is not one Waystone gave".into(),
        ));
    }
    if d.redact.len() > MAX_DRAFT_DECISIONS || d.phrases.len() > MAX_DRAFT_PHRASES {
        return Err(VaultError::Invalid(format!(
            "a review draft keeps at most {MAX_DRAFT_DECISIONS} decisions and {MAX_DRAFT_PHRASES} phrases"
        )));
    }
    if let Some(n) = d.phrases.iter().position(|p| {
        let p = p.trim();
        p.is_empty() || p.chars().count() > MAX_PHRASE_CHARS
    }) {
        return Err(VaultError::Invalid(format!(
            "hidden phrase {} is empty or longer than {MAX_PHRASE_CHARS} characters",
            n + 1
        )));
    }
    Ok(())
}

impl Vault {
    /// Keeps the acting user's decisions on case `id`'s document for `audience` in `lang`,
    /// made on the review with `token`, over any draft held for that document.
    pub fn save_review_draft(
        &mut self,
        id: &str,
        audience: Audience,
        lang: Lang,
        token: &str,
        decisions: &Decisions,
    ) -> Result<(), VaultError> {
        self.require(id, Op::PrepareLegal)?;
        check(token, decisions)?;
        let user = self.session.user.clone();
        let doc = document(audience);
        let key = DraftKey {
            case_id: id,
            user: &user,
            document: &doc,
            language: language(lang),
        };
        let stored = StoredDraft {
            token: token.to_owned(),
            ruleset: RULESET_VERSION.to_owned(),
            decisions: encode(decisions)?,
        };
        if review_drafts::put(&self.conn, &key, &stored, &now())? {
            self.audit("case.review_draft_save", id)?;
        }
        Ok(())
    }

    /// Forgets the acting user's draft of that document (the reviewer starts over).
    pub fn clear_review_draft(
        &mut self,
        id: &str,
        audience: Audience,
        lang: Lang,
    ) -> Result<(), VaultError> {
        self.require(id, Op::PrepareLegal)?;
        let user = self.session.user.clone();
        let doc = document(audience);
        let key = DraftKey {
            case_id: id,
            user: &user,
            document: &doc,
            language: language(lang),
        };
        if review_drafts::remove(&self.conn, &key)? {
            self.audit("case.review_draft_clear", id)?;
        }
        Ok(())
    }

    /// The acting user's draft of that document for a review prepared with `token`: given
    /// back when made on the same token, otherwise removed and said why. The caller has
    /// checked the right to prepare the document.
    pub(super) fn take_review_draft(
        &mut self,
        id: &str,
        audience: Audience,
        lang: Lang,
        token: &str,
    ) -> Result<DraftState, VaultError> {
        let user = self.session.user.clone();
        let doc = document(audience);
        let key = DraftKey {
            case_id: id,
            user: &user,
            document: &doc,
            language: language(lang),
        };
        let Some(held) = review_drafts::get(&self.conn, &key)? else {
            return Ok(DraftState::None);
        };
        if held.token == token {
            if let Some(d) = decode(&held.decisions) {
                self.audit("case.review_draft_restore", id)?;
                return Ok(DraftState::Restored(d));
            }
        }
        review_drafts::remove(&self.conn, &key)?;
        self.audit("case.review_draft_drop", id)?;
        Ok(DraftState::Dropped(if held.ruleset == RULESET_VERSION {
            DraftDropped::CaseChanged
        } else {
            DraftDropped::RulesChanged
        }))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn decisions_read_back_as_written() {
        let d = Decisions {
            redact: [(0, false), (7, true), (12, true)].into_iter().collect(),
            phrases: vec!["Аргун".into(), "the \"invented\" shelter".into()],
        };
        assert_eq!(decode(&encode(&d).unwrap()), Some(d));
        assert_eq!(decode("{\"redact\": 3}"), None);
        assert_eq!(decode("not json"), None);
    }

    #[test]
    fn a_draft_must_fit_its_limits() {
        let token = "a".repeat(64);
        let ok = Decisions {
            redact: [(1, true)].into_iter().collect(),
            phrases: vec!["Invented".into()],
        };
        assert!(check(&token, &ok).is_ok());
        for bad_token in [
            "",
            "A".repeat(64).as_str(),
            "g".repeat(64).as_str(),
            &"a".repeat(63),
        ] {
            assert!(check(bad_token, &ok).is_err(), "{bad_token}");
        }
        let empty_phrase = Decisions {
            phrases: vec!["  ".into()],
            ..Decisions::default()
        };
        assert!(check(&token, &empty_phrase).is_err());
        let long_phrase = Decisions {
            phrases: vec!["я".repeat(MAX_PHRASE_CHARS + 1)],
            ..Decisions::default()
        };
        assert!(check(&token, &long_phrase).is_err());
        let many = Decisions {
            phrases: vec!["x".into(); MAX_DRAFT_PHRASES + 1],
            ..Decisions::default()
        };
        assert!(check(&token, &many).is_err());
    }
}
