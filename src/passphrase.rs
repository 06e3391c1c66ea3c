//! Passphrase strength: zxcvbn's estimate (score 0–4) plus a minimum length. A new
//! passphrase must reach score 3 and 12 characters. The verdict is a closed set of feedback
//! codes so the UI can explain it in English or Russian.

use crate::crypto::Passphrase;

pub const MIN_CHARS: usize = 12;
pub const MIN_SCORE: u8 = 3;

/// Why a passphrase is weak, in a form every UI language can phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback {
    TooShort,
    TooGuessable,
    Repeated,
    Sequence,
    Common,
    Personal,
}

impl Feedback {
    pub fn as_str(self) -> &'static str {
        match self {
            Feedback::TooShort => "too_short",
            Feedback::TooGuessable => "too_guessable",
            Feedback::Repeated => "repeated",
            Feedback::Sequence => "sequence",
            Feedback::Common => "common",
            Feedback::Personal => "personal",
        }
    }

    fn sentence(self) -> &'static str {
        match self {
            Feedback::TooShort => "use at least 12 characters; several unrelated words work well",
            Feedback::TooGuessable => "add more unrelated words",
            Feedback::Repeated => "avoid repeated characters or words",
            Feedback::Sequence => "avoid sequences such as abc or 1234 and keyboard rows",
            Feedback::Common => "it is a common password or close to one",
            Feedback::Personal => "avoid names, dates and your user name",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strength {
    pub score: u8,
    pub acceptable: bool,
    pub feedback: Option<Feedback>,
}

/// Rates `p`; `context` holds words the passphrase must not lean on (the user name).
pub fn assess(p: &Passphrase, context: &[&str]) -> Strength {
    use zxcvbn::feedback::Warning as W;
    let text = p.expose_secret();
    let chars = text.chars().count();
    if chars == 0 {
        return Strength {
            score: 0,
            acceptable: false,
            feedback: Some(Feedback::TooShort),
        };
    }
    let entropy = zxcvbn::zxcvbn(text, context);
    let score = u8::from(entropy.score());
    let warning = entropy.feedback().and_then(|f| f.warning());
    let feedback = if chars < MIN_CHARS {
        Some(Feedback::TooShort)
    } else if score >= MIN_SCORE {
        None
    } else {
        Some(match warning {
            Some(
                W::RepeatsLikeAaaAreEasyToGuess | W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
            ) => Feedback::Repeated,
            Some(
                W::SequencesLikeAbcAreEasyToGuess
                | W::StraightRowsOfKeysAreEasyToGuess
                | W::ShortKeyboardPatternsAreEasyToGuess,
            ) => Feedback::Sequence,
            Some(
                W::ThisIsATop10Password
                | W::ThisIsATop100Password
                | W::ThisIsACommonPassword
                | W::ThisIsSimilarToACommonlyUsedPassword,
            ) => Feedback::Common,
            Some(
                W::NamesAndSurnamesByThemselvesAreEasyToGuess
                | W::CommonNamesAndSurnamesAreEasyToGuess
                | W::DatesAreOftenEasyToGuess
                | W::RecentYearsAreEasyToGuess,
            ) => Feedback::Personal,
            _ => Feedback::TooGuessable,
        })
    };
    Strength {
        score,
        acceptable: feedback.is_none(),
        feedback,
    }
}

/// A new passphrase refused, with the reason a person can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the passphrase is too weak: {0}")]
pub struct WeakPassphrase(pub &'static str);

/// Refuses a weak new passphrase with its reason.
pub fn require_strong(p: &Passphrase, context: &[&str]) -> Result<(), WeakPassphrase> {
    match assess(p, context).feedback {
        None => Ok(()),
        Some(f) => Err(WeakPassphrase(f.sentence())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(p: &str, acceptable: bool, feedback: Option<Feedback>) {
        let s = assess(&Passphrase::new(p), &["olga"]);
        assert_eq!(s.acceptable, acceptable, "{p}");
        if let Some(f) = feedback {
            assert_eq!(s.feedback, Some(f), "{p}");
        }
    }

    #[test]
    fn strength_vectors() {
        check("", false, Some(Feedback::TooShort));
        check("short1!", false, Some(Feedback::TooShort));
        check("password1234", false, Some(Feedback::Common));
        check("aaaaaaaaaaaaaaaa", false, None);
        check("qwertyuiopasdf", false, None);
        check("olga olga olga", false, None);
        check("lantern quietly orbit seventeen", true, None);
        check("ветер тихо река сорок семь", true, None);
    }
}
