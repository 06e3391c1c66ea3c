//! Why a fetched object was refused and never imported: a closed set, recorded by name in
//! the inbox and shown by each front end in its own words.

use crate::exchange::model::BundleRefusal;

/// A refused object's reason: a bundle refusal, a refusal of the document it carries, a
/// damaged object, or a receipt for nothing this vault sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectRefusal {
    NotABundle,
    NotForYou,
    NotAddressedToYou,
    UnknownSender,
    SenderMismatch,
    AmbiguousSender,
    BadSignature,
    Damaged,
    Truncated,
    Altered,
    TooLarge,
    NotNewer,
    FutureDated,
    Conflict,
    Forbidden,
    InvalidCase,
    NewerVersion,
    UnknownReceipt,
}

impl ObjectRefusal {
    pub const ALL: [ObjectRefusal; 18] = [
        Self::NotABundle,
        Self::NotForYou,
        Self::NotAddressedToYou,
        Self::UnknownSender,
        Self::SenderMismatch,
        Self::AmbiguousSender,
        Self::BadSignature,
        Self::Damaged,
        Self::Truncated,
        Self::Altered,
        Self::TooLarge,
        Self::NotNewer,
        Self::FutureDated,
        Self::Conflict,
        Self::Forbidden,
        Self::InvalidCase,
        Self::NewerVersion,
        Self::UnknownReceipt,
    ];

    /// The name recorded in the inbox and printed by the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotABundle => "not_a_bundle",
            Self::NotForYou => "not_for_you",
            Self::NotAddressedToYou => "not_addressed_to_you",
            Self::UnknownSender => "unknown_sender",
            Self::SenderMismatch => "sender_mismatch",
            Self::AmbiguousSender => "ambiguous_sender",
            Self::BadSignature => "bad_signature",
            Self::Damaged => "damaged",
            Self::Truncated => "truncated",
            Self::Altered => "altered",
            Self::TooLarge => "too_large",
            Self::NotNewer => "not_newer",
            Self::FutureDated => "future_dated",
            Self::Conflict => "conflict",
            Self::Forbidden => "forbidden",
            Self::InvalidCase => "invalid_case",
            Self::NewerVersion => "newer_version",
            Self::UnknownReceipt => "unknown_receipt",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl From<BundleRefusal> for ObjectRefusal {
    fn from(r: BundleRefusal) -> Self {
        use BundleRefusal as R;
        match r {
            R::NotABundle => Self::NotABundle,
            R::NotForYou => Self::NotForYou,
            R::NotAddressedToYou => Self::NotAddressedToYou,
            R::UnknownSender => Self::UnknownSender,
            R::SenderMismatch => Self::SenderMismatch,
            R::AmbiguousSender => Self::AmbiguousSender,
            R::BadSignature => Self::BadSignature,
            R::Damaged => Self::Damaged,
            R::Truncated => Self::Truncated,
            R::Altered => Self::Altered,
            R::TooLarge => Self::TooLarge,
            R::NotNewer => Self::NotNewer,
            R::FutureDated => Self::FutureDated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ObjectRefusal;

    #[test]
    fn every_reason_reads_back_from_its_name() {
        for r in ObjectRefusal::ALL {
            assert_eq!(ObjectRefusal::parse(r.as_str()), Some(r));
        }
        assert_eq!(ObjectRefusal::parse("something else"), None);
    }
}
