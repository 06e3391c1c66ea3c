//! Vault errors. None carries case content, key material or a passphrase; each says what
//! failed in words a person can act on, and none names a command-line flag (the CLI adds its
//! own hints). `VaultError` is `#[non_exhaustive]`: front ends map it through [`VaultError::code`]
//! (an exhaustive match inside the core), never by listing its variants. The smaller areas
//! have errors of their own that convert into it: `fsio::FileError`,
//! `passphrase::WeakPassphrase`, `crypto::CryptoError`, `waystone_bundle::BundleError`,
//! `waystone_mailbox::MailboxError`.

use crate::error::Code;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    #[error("no vault here: create one, or choose another vault folder")]
    NoVault,
    #[error("a vault already exists here; nothing was changed")]
    AlreadyExists,
    #[error("wrong passphrase or recovery key, or unknown user")]
    AuthFailed,
    #[error("wrong passphrase or recovery key: {0} attempt(s) left before this vault is wiped")]
    AuthFailedAttemptsLeft(u32),
    #[error("wrong passphrase or recovery key: that was the last allowed attempt, and this vault has been wiped")]
    WipedAfterFailedUnlocks,
    #[error("unknown user")]
    UnknownUser,
    #[error("this vault has several users: say which one")]
    UserRequired,
    #[error("a user with that name already exists")]
    UserExists,
    #[error("the last admin cannot be removed")]
    LastAdmin,
    #[error("no such case")]
    CaseNotFound,
    #[error("invalid case: {}", .0.join("; "))]
    InvalidCase(Vec<String>),
    /// A form definition (an XLSForm workbook) refused: every problem, each with its sheet,
    /// row and column. Definition text only, never case content.
    #[error("the form was not imported ({} problem(s)); nothing was written:\n  {}", .0.len(), .0.join("\n  "))]
    InvalidForm(Vec<String>),
    #[error("{0}")]
    Bundle(String),
    /// A bundle refused by a check; the reason is closed (the app translates it).
    #[error("{1}")]
    BundleRefused(BundleRefusal, String),
    #[error("export refused: {0}")]
    ConsentMissing(crate::legal::ConsentMissing),
    #[error("{} redaction candidate(s) await review ({}); decide them in the review screen", .0.len(), .0.join(", "))]
    ReviewPending(Vec<String>),
    #[error("your copy of this case was changed after the bundle's version ({0} answer(s) differ); nothing was changed: compare the two with the sender before replacing yours")]
    Conflict(usize),
    /// A link stood where a key slot file belongs: never followed, so the key slots it points
    /// to may still exist. Every other vault file was removed.
    #[error("NOT fully wiped: {0} is a symbolic link where the key slots belong; it was not followed, and what it points to still exists — the vault may still open with its passphrases. Every other vault file was removed; remove the link's target yourself")]
    WipeIncomplete(String),
    #[error("the vault is locked")]
    Locked,
    #[error("your role does not allow this")]
    Forbidden,
    /// `contact add` over a name pinned to another key: refused unless replacing is asked for.
    #[error("a contact with this name is already pinned to another key (pinned {pinned}, offered {offered}); compare the fingerprints with them out of band before replacing it")]
    ContactPinned { pinned: String, offered: String },
    /// `incoming accept|reject` of an entry that is not (or no longer) held for this user.
    #[error("no held update with that number")]
    NoSuchIncoming,
    #[error("a key slot asks for key-derivation parameters below the safe floor; refused before any unwrap")]
    WeakKdf,
    #[error("the vault is damaged or was tampered with ({0}); nothing was changed")]
    Tampered(&'static str),
    #[error("the vault database is damaged or was tampered with ({0}); nothing was changed")]
    Corrupt(&'static str),
    #[error("the audit log is broken at entry {0}")]
    AuditBroken(i64),
    #[error("this vault was written by a newer version of Waystone; update the app")]
    NewerVersion,
    #[error("the passphrase is too weak: {0}")]
    WeakPassphrase(&'static str),
    #[error("invalid input: {0}")]
    Invalid(String),
    /// Beyond a documented size limit (an answer, the answers of a case); names the limit.
    #[error("not saved: {0}")]
    TooLarge(String),
    /// A file a person named (an export, a bundle, a backup, a workbook): its own closed
    /// problem (`fsio::FileError`), never the path.
    #[error(transparent)]
    File(crate::fsio::FileError),
    #[error("{what} failed: {kind}")]
    Io {
        what: &'static str,
        kind: std::io::ErrorKind,
    },
    /// The operating system refused a read or write of the vault's files (an I/O error, a
    /// file-size limit, a disk that went away): not damage, and the transaction was not saved.
    #[error("the disk refused a read or write of the vault (I/O error); nothing was saved: check the disk and its free space, then try again")]
    DiskIo,
    #[error("database error ({0})")]
    Database(String),
    #[error("internal error ({0})")]
    Internal(&'static str),
    /// A mailbox operation failed (server unreachable, credentials refused, …): the
    /// transport's own leak-free message.
    #[error("{0}")]
    Mailbox(#[from] waystone_mailbox::MailboxError),
    /// No mailbox of that name (or none at all) in this vault.
    #[error("no such mailbox: add one first (an admin), or check its name")]
    NoMailbox,
    /// Another sync of this vault holds its lock (the app beside the command line).
    #[error("another sync of this vault is running (the app or another command); nothing was done: wait for it to finish, then sync again")]
    SyncBusy,
}

impl VaultError {
    pub fn io(what: &'static str, e: std::io::Error) -> Self {
        VaultError::Io {
            what,
            kind: e.kind(),
        }
    }

    pub fn code(&self) -> Code {
        match self {
            VaultError::Mailbox(_) | VaultError::SyncBusy => Code::Internal,
            VaultError::NoMailbox => Code::NotFound,
            VaultError::NoVault
            | VaultError::UnknownUser
            | VaultError::CaseNotFound
            | VaultError::NoSuchIncoming => Code::NotFound,
            VaultError::AlreadyExists
            | VaultError::UserExists
            | VaultError::ContactPinned { .. } => Code::AlreadyExists,
            VaultError::AuthFailed
            | VaultError::AuthFailedAttemptsLeft(_)
            | VaultError::WipedAfterFailedUnlocks => Code::AuthFailed,
            VaultError::UserRequired
            | VaultError::Invalid(_)
            | VaultError::InvalidCase(_)
            | VaultError::InvalidForm(_) => Code::Invalid,
            VaultError::LastAdmin | VaultError::Forbidden => Code::Forbidden,
            VaultError::Locked => Code::Locked,
            VaultError::WeakKdf
            | VaultError::Tampered(_)
            | VaultError::Corrupt(_)
            | VaultError::AuditBroken(_) => Code::Corrupt,
            VaultError::WipeIncomplete(_) => Code::WipeIncomplete,
            VaultError::NewerVersion => Code::NewerVersion,
            VaultError::Bundle(_) | VaultError::BundleRefused(..) => Code::Corrupt,
            VaultError::ConsentMissing(_) => Code::ConsentMissing,
            VaultError::ReviewPending(_) => Code::ReviewPending,
            VaultError::Conflict(_) => Code::AlreadyExists,
            VaultError::WeakPassphrase(_) => Code::WeakPassphrase,
            VaultError::TooLarge(_) => Code::TooLarge,
            VaultError::File(e) => e.code(),
            // the vault's own files: a full disk or a read-only medium is said as such
            VaultError::Io { kind, .. } => match kind {
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                    Code::FileDiskFull
                }
                std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
                    Code::FileReadOnly
                }
                _ => Code::Internal,
            },
            VaultError::DiskIo | VaultError::Database(_) | VaultError::Internal(_) => {
                Code::Internal
            }
        }
    }
}

impl From<rusqlite::Error> for VaultError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as E;
        match e.sqlite_error_code() {
            Some(E::NotADatabase) | Some(E::DatabaseCorrupt) => {
                VaultError::Corrupt("a page failed its integrity check")
            }
            Some(E::DiskFull) => VaultError::Io {
                what: "writing the vault",
                kind: std::io::ErrorKind::StorageFull,
            },
            // an I/O error is the disk's, not damage (found by tests/faults.rs: a file-size
            // limit while the log was recovered was reported as a damaged vault)
            Some(E::SystemIoFailure) => VaultError::DiskIo,
            // Only the SQLite error class is kept: rusqlite messages can quote SQL, never
            // bound values, but we keep even less.
            Some(code) => VaultError::Database(format!("{code:?}")),
            None => VaultError::Database("driver".into()),
        }
    }
}

impl From<crate::fsio::FileError> for VaultError {
    fn from(e: crate::fsio::FileError) -> Self {
        use crate::fsio::FileError as F;
        match e {
            F::Refused(m) => VaultError::Invalid(m.into()),
            F::Io { what, kind } => VaultError::Io { what, kind },
            e => VaultError::File(e),
        }
    }
}

impl From<crate::passphrase::WeakPassphrase> for VaultError {
    fn from(e: crate::passphrase::WeakPassphrase) -> Self {
        VaultError::WeakPassphrase(e.0)
    }
}

/// Why a bundle was refused: a closed set the app translates (the message stays English for
/// the CLI). Each refusal leaves the vault unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleRefusal {
    /// Not a Waystone bundle at all.
    NotABundle,
    /// Not encrypted to this user's key.
    NotForYou,
    /// Signed for other recipients and re-encrypted to this user by someone else.
    NotAddressedToYou,
    /// Signed by a key that is not one of this user's contacts.
    UnknownSender,
    /// The signed sender fingerprint is not the pinned contact's.
    SenderMismatch,
    /// The signer's key is pinned under more than one name.
    AmbiguousSender,
    /// The signature does not verify.
    BadSignature,
    /// The encrypted container failed its integrity checks.
    Damaged,
    /// The file ends early.
    Truncated,
    /// The content does not match what was signed (a part, trailing data, the framing).
    Altered,
    /// A limit was exceeded.
    TooLarge,
    /// The bundle's version of the case is not newer than the one accepted or held here: an
    /// older bundle opened after a newer one (a rollback), or the same version again.
    NotNewer,
    /// The bundle's version is dated further ahead of this computer's clock than
    /// [`MAX_CLOCK_SKEW_MINUTES`] allows.
    FutureDated,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsio::FileError;

    /// A file problem keeps its own code through the vault's error (what the app and the CLI
    /// receive); the vault's own files on a full or read-only disk are said as such too.
    #[test]
    fn file_problems_keep_their_code() {
        let check = |e: VaultError, code: &str| assert_eq!(e.code().as_str(), code, "{e}");
        check(FileError::DiskFull { what: "w" }.into(), "file_disk_full");
        check(FileError::Exists.into(), "file_exists");
        check(FileError::RelativePath.into(), "file_relative_path");
        check(FileError::Refused("r").into(), "invalid");
        let io = |kind| VaultError::Io {
            what: "writing the vault",
            kind,
        };
        check(io(std::io::ErrorKind::StorageFull), "file_disk_full");
        check(io(std::io::ErrorKind::ReadOnlyFilesystem), "file_read_only");
        check(io(std::io::ErrorKind::Interrupted), "internal");
    }
}
