//! The redaction log and the review candidates.
//!
//! Owns [`LogEntry`], [`Candidate`], [`CandidateReason`] and the keyed hash. Both record
//! offsets (bytes and characters in the input, bytes in the output), entity ids, rules and
//! replacements — never the original text: the original appears only as
//! HMAC-SHA256(log key, original), so a reviewer holding the key can check that a span is what
//! they think it is, and nobody without it learns anything from the log.

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

/// One replacement made in the output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    /// Byte offset of the replaced span in the input.
    pub start: usize,
    /// Byte offset of the end of the replaced span in the input.
    pub end: usize,
    /// Character offset of the replaced span in the input.
    pub char_start: usize,
    /// Character offset of the end of the replaced span in the input.
    pub char_end: usize,
    /// Byte offset of the replacement in the output.
    pub out_start: usize,
    /// Byte offset of the end of the replacement in the output.
    pub out_end: usize,
    /// The entity replaced, when the span is a known entity.
    pub entity: Option<String>,
    /// The rule applied, e.g. `person:witness:lettered`, `detector:phone:remove`.
    pub rule: String,
    /// The text now in the output (empty when a repeated name was dropped).
    pub replacement: String,
    /// HMAC-SHA256(log key, original span), hex.
    pub original_hmac: String,
}

/// Why a span awaits a reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateReason {
    /// A protected person's name that is also an ordinary word (роза, Hope), in a context
    /// that does not settle it (lower case, start of a sentence).
    CommonWord,
    /// A form shared by several known entities; the most protective reading was applied.
    AmbiguousEntity,
    /// Another gender's form of a protected person's surname, or the family plural: names a
    /// relative who may not be registered.
    FamilyName,
    /// A capitalised first name that belongs to no registered entity: someone the case data
    /// does not know yet. Left in place; register the person to redact it.
    UnregisteredName,
    /// An address that is also a place the case lists as evidence (a detention site on that
    /// street), in a sentence that speaks of where someone lives: removed by default; the
    /// reviewer decides whether it is evidence (keep) or a residence.
    EvidenceOrResidence,
}

/// A span awaiting review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Byte offset in the input.
    pub start: usize,
    /// Byte offset of the end in the input.
    pub end: usize,
    /// Character offset in the input.
    pub char_start: usize,
    /// Character offset of the end in the input.
    pub char_end: usize,
    /// Byte offset in the output.
    pub out_start: usize,
    /// Byte offset of the end in the output.
    pub out_end: usize,
    /// The entity the span was read as.
    pub entity: Option<String>,
    /// Why it needs review.
    pub reason: CandidateReason,
    /// Whether the span was redacted in the output (the default for uncertain matches).
    pub redacted: bool,
    /// The replacement now in the output at `out_start..out_end`; empty when the span was
    /// kept (the original then stands there, and is not repeated here).
    pub replacement: String,
    /// HMAC-SHA256(log key, original span), hex.
    pub original_hmac: String,
    /// Candidates with the same group are one decision: every form of one unregistered name
    /// in the text, every uncertain occurrence of one name that is an everyday word. A keyed
    /// hash (not the name); `None` for a candidate that stands alone.
    pub group: Option<String>,
    /// Byte offsets in the input of the sentence the candidate stands in, so a review can
    /// show it with its sentence (a sentence ends at `.`, `!`, `?` before a capital, or at a
    /// line break).
    pub sentence_start: usize,
    /// End of that sentence (bytes, input).
    pub sentence_end: usize,
}

/// HMAC-SHA256 of `data` under `key`, with a domain label so that the same key can serve
/// several purposes without its outputs being comparable.
pub(crate) fn keyed_hash(key: &[u8; 32], domain: &str, data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail for a 32-byte key.
    let mut out = [0u8; 32];
    if let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) {
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(data);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// The hex keyed hash of an original span, as stored in logs (callers that record their own
/// spans, e.g. a reviewer's manual redactions, use the same hash).
pub fn original_hmac(key: &[u8; 32], original: &str) -> String {
    hex::encode(keyed_hash(
        key,
        "waystone-redact/log/v1",
        original.as_bytes(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_keyed_and_domain_separated() {
        let k1 = [1u8; 32];
        let k2 = [2u8; 32];
        assert_ne!(original_hmac(&k1, "x"), original_hmac(&k2, "x"));
        assert_eq!(original_hmac(&k1, "x"), original_hmac(&k1, "x"));
        assert_ne!(keyed_hash(&k1, "a", b"x"), keyed_hash(&k1, "b", b"x"));
        assert_eq!(original_hmac(&k1, "x").len(), 64);
    }
}
