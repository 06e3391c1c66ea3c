//! The closed codes of transport failures and of mailbox engines, as stored in the outbox and
//! the mailbox table and shown by each front end in its own words (never the server's text).

use waystone_mailbox::MailboxError;

/// Why a transport step failed: a closed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailboxErrorCode {
    Unreachable,
    Timeout,
    AuthFailed,
    PermissionDenied,
    MailboxMissing,
    NotFound,
    Full,
    Damaged,
    TooLarge,
    InvalidConfig,
    ServerError,
    Disk,
    Internal,
}

impl MailboxErrorCode {
    pub const ALL: [MailboxErrorCode; 13] = [
        Self::Unreachable,
        Self::Timeout,
        Self::AuthFailed,
        Self::PermissionDenied,
        Self::MailboxMissing,
        Self::NotFound,
        Self::Full,
        Self::Damaged,
        Self::TooLarge,
        Self::InvalidConfig,
        Self::ServerError,
        Self::Disk,
        Self::Internal,
    ];

    /// The transport error's code.
    pub fn of(e: &MailboxError) -> Self {
        match e {
            MailboxError::Unreachable => Self::Unreachable,
            MailboxError::Timeout => Self::Timeout,
            MailboxError::AuthFailed => Self::AuthFailed,
            MailboxError::PermissionDenied => Self::PermissionDenied,
            MailboxError::MailboxMissing => Self::MailboxMissing,
            MailboxError::NotFound => Self::NotFound,
            MailboxError::Full => Self::Full,
            MailboxError::Damaged(_) => Self::Damaged,
            MailboxError::TooLarge(_) => Self::TooLarge,
            MailboxError::InvalidConfig(_) => Self::InvalidConfig,
            MailboxError::Server { .. } => Self::ServerError,
            MailboxError::Disk(_) => Self::Disk,
            _ => Self::Internal,
        }
    }

    /// The name stored in the outbox and printed by the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unreachable => "unreachable",
            Self::Timeout => "timeout",
            Self::AuthFailed => "auth_failed",
            Self::PermissionDenied => "permission_denied",
            Self::MailboxMissing => "mailbox_missing",
            Self::NotFound => "not_found",
            Self::Full => "full",
            Self::Damaged => "damaged",
            Self::TooLarge => "too_large",
            Self::InvalidConfig => "invalid_config",
            Self::ServerError => "server_error",
            Self::Disk => "disk",
            Self::Internal => "internal",
        }
    }

    /// A stored name back; a name this version does not know reads as `internal`.
    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .unwrap_or(Self::Internal)
    }
}

/// A transport error as a closed code (stored in the outbox, shown by the app), never the
/// server's text.
pub fn error_code(e: &MailboxError) -> &'static str {
    MailboxErrorCode::of(e).as_str()
}

/// Where a mailbox lives: a closed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailboxEngine {
    Folder,
    S3,
    WebDav,
}

impl MailboxEngine {
    /// The name stored in the mailbox table (its CHECK constraint lists exactly these).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Folder => "folder",
            Self::S3 => "s3",
            Self::WebDav => "webdav",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Folder, Self::S3, Self::WebDav]
            .into_iter()
            .find(|e| e.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::{MailboxEngine, MailboxErrorCode};

    #[test]
    fn every_code_reads_back_from_its_name() {
        for c in MailboxErrorCode::ALL {
            assert_eq!(MailboxErrorCode::parse(c.as_str()), c);
        }
        assert_eq!(MailboxErrorCode::parse("other"), MailboxErrorCode::Internal);
        for e in [
            MailboxEngine::Folder,
            MailboxEngine::S3,
            MailboxEngine::WebDav,
        ] {
            assert_eq!(MailboxEngine::parse(e.as_str()), Some(e));
        }
        assert_eq!(MailboxEngine::parse("ftp"), None);
    }
}
