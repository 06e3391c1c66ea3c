//! The closed set of error codes every core error maps to. The CLI turns a code into an exit
//! status (../shared/CLI.md), the desktop shell into `{ code, message }` for the UI. A code is
//! added only when a caller branches on it.

/// What kind of failure happened, without any detail that could carry case content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Wrong passphrase, unknown user, wrong recovery key.
    AuthFailed,
    /// Corrupt or tampered data: vault, key slots, attachment, bundle, backup, audit chain.
    Corrupt,
    /// Written by a newer version of Waystone.
    NewerVersion,
    /// The user's role does not allow it.
    Forbidden,
    /// Invalid input: arguments, a case, a form definition.
    Invalid,
    /// Beyond a documented size limit (an answer too long to save): the app says which.
    TooLarge,
    /// A wipe could not destroy the key slots (a link stood in their place): the app must not
    /// say the vault is gone.
    WipeIncomplete,
    /// An export the survivor's consent does not cover.
    ConsentMissing,
    /// Redaction candidates await a person's decision.
    ReviewPending,
    /// A new passphrase is too weak.
    WeakPassphrase,
    /// The vault is locked (the desktop session ended).
    Locked,
    /// Something that must not exist yet does (a vault, a user).
    AlreadyExists,
    /// Something asked for does not exist (no vault here, no such user).
    NotFound,
    /// A file path that is not a full path (relative, or empty).
    FileRelativePath,
    /// The folder that should hold a new file does not exist.
    FileFolderMissing,
    /// No file at the path to read.
    FileNotFound,
    /// A folder where a file was expected.
    FileIsFolder,
    /// A read-only medium, or a place this user may not read or write.
    FileReadOnly,
    /// No space left on the disk.
    FileDiskFull,
    /// A new file was asked for where a file already is (nothing is replaced).
    FileExists,
    /// A file larger than its kind may be.
    FileTooLarge,
    /// Anything else: I/O, a bug.
    Internal,
}

impl Code {
    /// The CLI exit status for this code (../shared/CLI.md).
    pub fn exit_status(self) -> i32 {
        match self {
            Code::AuthFailed => 2,
            Code::Corrupt | Code::WipeIncomplete => 3,
            Code::NewerVersion => 4,
            Code::Forbidden => 5,
            // the file problems keep the statuses they had as generic errors: a path or name
            // to change is invalid input (6), what the disk or the system refused is 1
            Code::Invalid
            | Code::WeakPassphrase
            | Code::TooLarge
            | Code::FileRelativePath
            | Code::FileIsFolder
            | Code::FileExists
            | Code::FileTooLarge => 6,
            Code::ConsentMissing => 7,
            Code::ReviewPending => 8,
            Code::Locked
            | Code::AlreadyExists
            | Code::NotFound
            | Code::FileFolderMissing
            | Code::FileNotFound
            | Code::FileReadOnly
            | Code::FileDiskFull
            | Code::Internal => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Code::AuthFailed => "auth_failed",
            Code::Corrupt => "corrupt",
            Code::NewerVersion => "newer_version",
            Code::Forbidden => "forbidden",
            Code::Invalid => "invalid",
            Code::TooLarge => "too_large",
            Code::WipeIncomplete => "wipe_incomplete",
            Code::WeakPassphrase => "weak_passphrase",
            Code::ConsentMissing => "consent_missing",
            Code::ReviewPending => "review_pending",
            Code::Locked => "locked",
            Code::AlreadyExists => "already_exists",
            Code::NotFound => "not_found",
            Code::FileRelativePath => "file_relative_path",
            Code::FileFolderMissing => "file_folder_missing",
            Code::FileNotFound => "file_not_found",
            Code::FileIsFolder => "file_is_folder",
            Code::FileReadOnly => "file_read_only",
            Code::FileDiskFull => "file_disk_full",
            Code::FileExists => "file_exists",
            Code::FileTooLarge => "file_too_large",
            Code::Internal => "internal",
        }
    }
}
