//! Consent gates every export: no consent to legal filing → no `echr` export; no consent to
//! publication → no `public` export; no asylum consent naming the letter's authority → no
//! `asylum` letter ([`crate::legal::asylum::check_asylum_consent`]). The refusal names the
//! missing consent.

use waystone_forms::{Answer, AnswerPath, Answers, Value};

/// Who an export is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The European Court of Human Rights (and the respondent State, who will read it).
    Echr,
    /// Publication.
    Public,
    /// A host State's asylum authority: the letter supporting the survivor's claim there.
    Asylum(HostState),
}

/// A host State as an ISO 3166-1 alpha-2 code, upper case ("DE").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HostState([u8; 2]);

impl HostState {
    /// Two ASCII letters, any case; anything else is `None`.
    pub fn parse(s: &str) -> Option<HostState> {
        let b = s.trim().as_bytes();
        match b {
            [x, y] if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
                Some(HostState([x.to_ascii_uppercase(), y.to_ascii_uppercase()]))
            }
            _ => None,
        }
    }
    /// "DE".
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl Audience {
    pub fn parse(s: &str) -> Option<Audience> {
        match s {
            "echr" => Some(Audience::Echr),
            "public" => Some(Audience::Public),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Echr => "echr",
            Audience::Public => "public",
            Audience::Asylum(_) => "asylum",
        }
    }
}

/// The consent that is missing, by its question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ConsentMissing {
    #[error("the survivor has not consented to documentation (consent_documentation)")]
    Documentation,
    #[error("the survivor has not consented to a legal filing (consent_legal)")]
    LegalFiling,
    #[error("the survivor has not consented to publication (consent_publication)")]
    Publication,
    #[error("no asylum consent is recorded for this case: record it in the case's asylum details (consent given, naming the authority)")]
    AsylumConsent,
    #[error("the recorded asylum consent names another host State or authority than the one this letter is addressed to; record a consent naming this authority")]
    AsylumAuthority,
}

fn yes(answers: &Answers, path: &str) -> bool {
    path.parse::<AnswerPath>()
        .ok()
        .and_then(|p| answers.get(&p).cloned())
        .is_some_and(|a| matches!(a, Answer::Value(Value::YesNo(true))))
}

/// Ok when the survivor consented to documentation, which every document needs first.
pub fn check_documentation(answers: &Answers) -> Result<(), ConsentMissing> {
    if yes(answers, "consent_documentation") {
        Ok(())
    } else {
        Err(ConsentMissing::Documentation)
    }
}

/// Ok when the recorded consent allows an export for `audience`. Only an explicit "yes"
/// counts: declined, don't know, not asked or nothing recorded all refuse.
pub fn check_consent(answers: &Answers, audience: Audience) -> Result<(), ConsentMissing> {
    check_documentation(answers)?;
    match audience {
        Audience::Echr if !yes(answers, "consent_legal") => Err(ConsentMissing::LegalFiling),
        Audience::Public if !yes(answers, "consent_publication") => {
            Err(ConsentMissing::Publication)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        let mut a = Answers::new();
        for (p, v) in pairs {
            a.set(p.parse().unwrap(), v.clone());
        }
        a
    }

    #[test]
    fn only_an_explicit_yes_opens_the_gate() {
        let y = Answer::Value(Value::YesNo(true));
        let n = Answer::Value(Value::YesNo(false));
        let full = answers(&[
            ("consent_documentation", y.clone()),
            ("consent_legal", y.clone()),
            ("consent_publication", n.clone()),
        ]);
        assert_eq!(check_consent(&full, Audience::Echr), Ok(()));
        assert_eq!(
            check_consent(&full, Audience::Public),
            Err(ConsentMissing::Publication)
        );
        let declined = answers(&[
            ("consent_documentation", y.clone()),
            ("consent_legal", Answer::Declined),
        ]);
        assert_eq!(
            check_consent(&declined, Audience::Echr),
            Err(ConsentMissing::LegalFiling)
        );
        assert_eq!(
            check_consent(&Answers::new(), Audience::Echr),
            Err(ConsentMissing::Documentation)
        );
        let no_doc = answers(&[("consent_documentation", n), ("consent_legal", y)]);
        assert_eq!(
            check_consent(&no_doc, Audience::Echr),
            Err(ConsentMissing::Documentation)
        );
    }
}
