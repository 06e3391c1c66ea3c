//! Which legal documents a case's recorded consent allows, before anyone opens the review:
//! the case list and the board's case panel offer *Legal export* only where at least one
//! document is allowed, and otherwise name the missing consent. Only the consent answers and
//! the asylum consent are read (three answers and one small record, never the testimony),
//! and only the verdicts leave: each document allowed, or the consent it lacks — the same
//! gates [`crate::legal::check_consent`] and
//! [`crate::legal::asylum::check_asylum_consent`] apply when the document is prepared.
//!
//! Recipe — a new document: add its field to [`ExportConsents`], decide it in
//! [`ExportConsents::of`] with the gate `prepare_legal` applies, and add it to the wire type
//! (`src-tauri/src/dto/legal.rs`, `ExportConsentsDto`).

use waystone_forms::Answers;

use crate::access::Op;
use crate::legal::asylum::{check_asylum_consent, AsylumDetails};
use crate::legal::consent::{check_consent, check_documentation, Audience, ConsentMissing};
use crate::vault::{Vault, VaultError};

/// The consent questions the gates read (top-level answers of the intake's consent section).
pub const CONSENT_PATHS: &[&str] = &[
    "consent_documentation",
    "consent_legal",
    "consent_publication",
];

/// For each legal document: `None` when the recorded consent allows it, else the consent it
/// lacks. No case text: verdicts only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportConsents {
    /// The application to the European Court of Human Rights (documentation, legal filing).
    pub echr: Option<ConsentMissing>,
    /// The summary for publication (documentation, publication).
    pub public: Option<ConsentMissing>,
    /// The asylum support letter (documentation; an asylum consent naming the saved host
    /// State and authority).
    pub asylum: Option<ConsentMissing>,
}

impl ExportConsents {
    /// The verdicts from the consent answers and the case's asylum details (if any).
    pub fn of(answers: &Answers, asylum: Option<&AsylumDetails>) -> Self {
        let gate = |a| check_consent(answers, a).err();
        let asylum = match asylum.and_then(AsylumDetails::host_state) {
            // documentation first, as `prepare_legal` checks it first
            Some(host) => {
                gate(Audience::Asylum(host)).or_else(|| check_asylum_consent(asylum, host).err())
            }
            None => Some(
                check_documentation(answers)
                    .err()
                    .unwrap_or(ConsentMissing::AsylumConsent),
            ),
        };
        ExportConsents {
            echr: gate(Audience::Echr),
            public: gate(Audience::Public),
            asylum,
        }
    }

    /// Whether the consent allows at least one document.
    pub fn any_allowed(&self) -> bool {
        self.echr.is_none() || self.public.is_none() || self.asylum.is_none()
    }
}

impl Vault {
    /// Which legal documents case `id`'s recorded consent allows, for someone who may prepare
    /// them (`prepare_legal`). Reads the consent answers and the asylum consent only.
    pub fn export_consents(&mut self, id: &str) -> Result<ExportConsents, VaultError> {
        self.require(id, Op::PrepareLegal)?;
        let answers = crate::vault::store::answers::read_paths(&self.conn, id, CONSENT_PATHS)?;
        let asylum = self.asylum_details_unchecked(id)?;
        Ok(ExportConsents::of(&answers, asylum.as_ref()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::legal::asylum::AsylumConsent;
    use crate::legal::ConsentMissing::*;
    use waystone_forms::{Answer, Value};

    /// Consent answers: `Some(yes)`, or `None` for "declined".
    fn answers(
        documentation: Option<bool>,
        legal: Option<bool>,
        publication: Option<bool>,
    ) -> Answers {
        let mut a = Answers::new();
        for (path, v) in [
            ("consent_documentation", documentation),
            ("consent_legal", legal),
            ("consent_publication", publication),
        ] {
            let answer = v.map_or(Answer::Declined, |b| Answer::Value(Value::YesNo(b)));
            a.set(path.parse().unwrap(), answer);
        }
        a
    }

    fn asylum(given: bool, names: &str) -> AsylumDetails {
        AsylumDetails {
            host: "DE".into(),
            authority: "Invented Federal Office".into(),
            consent: Some(AsylumConsent {
                given,
                host: "DE".into(),
                authority: names.into(),
                ..AsylumConsent::default()
            }),
            ..AsylumDetails::default()
        }
    }

    /// One vector: the answers and the asylum record → (echr, public, asylum).
    fn check(
        a: Answers,
        details: Option<AsylumDetails>,
        expected: [Option<ConsentMissing>; 3],
        any: bool,
    ) {
        let got = ExportConsents::of(&a, details.as_ref());
        assert_eq!([got.echr, got.public, got.asylum], expected);
        assert_eq!(got.any_allowed(), any);
    }

    #[test]
    fn each_document_allowed_or_the_consent_it_lacks() {
        let yes = Some(true);
        let no = Some(false);
        // everything given
        check(
            answers(yes, yes, yes),
            Some(asylum(true, "invented federal office")),
            [None, None, None],
            true,
        );
        // legal filing only
        check(
            answers(yes, yes, no),
            None,
            [None, Some(Publication), Some(AsylumConsent)],
            true,
        );
        // the asylum letter only
        check(
            answers(yes, no, None),
            Some(asylum(true, "Invented Federal Office")),
            [Some(LegalFiling), Some(Publication), None],
            true,
        );
        // negative vectors: nothing allowed
        check(
            answers(yes, no, no),
            None,
            [Some(LegalFiling), Some(Publication), Some(AsylumConsent)],
            false,
        );
        check(
            answers(yes, None, no),
            Some(asylum(false, "Invented Federal Office")),
            [Some(LegalFiling), Some(Publication), Some(AsylumConsent)],
            false,
        );
        check(
            answers(yes, no, no),
            Some(asylum(true, "Another Office")),
            [Some(LegalFiling), Some(Publication), Some(AsylumAuthority)],
            false,
        );
        // no documentation consent forbids every document, whatever else was said
        check(
            answers(no, yes, yes),
            Some(asylum(true, "Invented Federal Office")),
            [
                Some(Documentation),
                Some(Documentation),
                Some(Documentation),
            ],
            false,
        );
        check(
            Answers::new(),
            None,
            [
                Some(Documentation),
                Some(Documentation),
                Some(Documentation),
            ],
            false,
        );
    }
}
