//! The closed codes of transport failures, as stored in the outbox and shown by the app.

use waystone_mailbox::MailboxError;

/// A transport error as a closed code (stored in the outbox, shown by the app), never the
/// server's text.
pub fn error_code(e: &MailboxError) -> &'static str {
    match e {
        MailboxError::Unreachable => "unreachable",
        MailboxError::Timeout => "timeout",
        MailboxError::AuthFailed => "auth_failed",
        MailboxError::PermissionDenied => "permission_denied",
        MailboxError::MailboxMissing => "mailbox_missing",
        MailboxError::NotFound => "not_found",
        MailboxError::Full => "full",
        MailboxError::Damaged(_) => "damaged",
        MailboxError::TooLarge(_) => "too_large",
        MailboxError::InvalidConfig(_) => "invalid_config",
        MailboxError::Server { .. } => "server_error",
        MailboxError::Disk(_) => "disk",
        _ => "internal",
    }
}
