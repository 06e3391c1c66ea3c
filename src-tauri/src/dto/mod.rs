//! Wire types: what crosses IPC, converted from core types. TypeScript twins are generated
//! by ts-rs into ui/src/ipc/bindings/ when the tests run (CI fails on drift). Nothing here
//! carries a key; passphrases only travel UI → core, never back.

pub mod asylum;
pub mod board;
pub mod cases;
pub mod files;
pub mod form;
pub mod legal;
pub mod mailbox;
pub mod report;
pub mod rights;
pub mod transfer;
pub mod workflow;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use waystone::vault::{self, settings};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Caseworker,
    Lawyer,
    Coordinator,
    Admin,
}

impl From<vault::Role> for Role {
    fn from(r: vault::Role) -> Self {
        match r {
            vault::Role::Caseworker => Role::Caseworker,
            vault::Role::Lawyer => Role::Lawyer,
            vault::Role::Coordinator => Role::Coordinator,
            vault::Role::Admin => Role::Admin,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Language {
    En,
    Ru,
}

impl From<settings::Language> for Language {
    fn from(l: settings::Language) -> Self {
        match l {
            settings::Language::En => Language::En,
            settings::Language::Ru => Language::Ru,
        }
    }
}

impl From<Language> for settings::Language {
    fn from(l: Language) -> Self {
        match l {
            Language::En => settings::Language::En,
            Language::Ru => settings::Language::Ru,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UserSummary {
    pub name: String,
    pub role: Role,
}

/// Who is signed in, and what the rights table lets their role do (the UI shows tabs and
/// actions from `rights`, never from the role's name).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Session {
    pub user: String,
    pub role: Role,
    pub rights: rights::RightsDto,
}

impl From<&vault::Session> for Session {
    fn from(s: &vault::Session) -> Self {
        Session {
            user: s.user.clone(),
            role: s.role.into(),
            rights: rights::RightsDto::for_role(s.role),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VaultStatus {
    pub exists: bool,
    pub session: Option<Session>,
    pub users: Vec<UserSummary>,
    pub language: Language,
    pub idle_minutes: u32,
    /// Minutes between the app's own mailbox syncs while unlocked (0: only when asked).
    pub sync_minutes: u32,
    /// The wipe after N failed unlocks: N, or null when off.
    pub unlock_limit: Option<u32>,
    /// Attempts left before that wipe, when it is on.
    pub attempts_left: Option<u32>,
    /// The stop key (F2) wipes instead of locking.
    pub stop_key_wipes: bool,
    /// Escape pressed twice locks (off unless someone turned it on in Settings).
    pub escape_twice_locks: bool,
    /// The user who unlocked last on this device, if still a user (preselected).
    pub last_user: Option<String>,
}

/// What a panic wipe did (counts, and the names of links it refused to follow).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WipeReportDto {
    pub slot_files: u32,
    pub files: u32,
    /// The vault folder still exists: it holds files that are not the vault's (or links).
    pub kept_dir: bool,
    /// Symbolic links found where vault files belong, relative to the vault folder (file
    /// names only, no case content): left in place, never followed.
    pub links: Vec<String>,
}

impl From<vault::WipeReport> for WipeReportDto {
    fn from(r: vault::WipeReport) -> Self {
        WipeReportDto {
            slot_files: u32::try_from(r.slot_files).unwrap_or(u32::MAX),
            files: u32::try_from(r.files).unwrap_or(u32::MAX),
            kept_dir: r.kept_dir,
            links: r.links,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StrengthFeedback {
    TooShort,
    TooGuessable,
    Repeated,
    Sequence,
    Common,
    Personal,
}

impl From<waystone::passphrase::Feedback> for StrengthFeedback {
    fn from(f: waystone::passphrase::Feedback) -> Self {
        use waystone::passphrase::Feedback as F;
        match f {
            F::TooShort => StrengthFeedback::TooShort,
            F::TooGuessable => StrengthFeedback::TooGuessable,
            F::Repeated => StrengthFeedback::Repeated,
            F::Sequence => StrengthFeedback::Sequence,
            F::Common => StrengthFeedback::Common,
            F::Personal => StrengthFeedback::Personal,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PassphraseStrength {
    pub score: u8,
    pub acceptable: bool,
    pub feedback: Option<StrengthFeedback>,
}

/// Sent once, right after creation; the UI drops it after the confirmation step.
#[derive(Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CreatedVault {
    pub recovery_key: String,
    pub session: Session,
}

impl std::fmt::Debug for CreatedVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CreatedVault { recovery_key: [REDACTED], .. }")
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LockReason {
    Manual,
    Idle,
    Panic,
}

impl From<LockReason> for waystone::session::LockReason {
    fn from(r: LockReason) -> Self {
        match r {
            LockReason::Manual => waystone::session::LockReason::Manual,
            LockReason::Idle => waystone::session::LockReason::Idle,
            LockReason::Panic => waystone::session::LockReason::Panic,
        }
    }
}

/// Payload of the `vault-locked` event.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LockedEvent {
    pub reason: LockReason,
}

/// The closed set of error codes the UI branches on (core `Code`).
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    AuthFailed,
    Corrupt,
    NewerVersion,
    Forbidden,
    Invalid,
    WeakPassphrase,
    Locked,
    AlreadyExists,
    NotFound,
    Internal,
    /// The survivor's recorded consent does not allow this export.
    ConsentMissing,
    /// Redaction candidates await a decision.
    ReviewPending,
    /// Beyond a documented size limit (an answer too long to save).
    TooLarge,
    /// A wipe could not destroy the key slots (a link stood in their place).
    WipeIncomplete,
    /// A file path that is not a full path.
    FileRelativePath,
    /// The folder for a new file does not exist.
    FileFolderMissing,
    /// No file at the path to read.
    FileNotFound,
    /// A folder where a file was expected.
    FileIsFolder,
    /// A read-only medium, or a place this user may not use.
    FileReadOnly,
    /// The disk is full.
    FileDiskFull,
    /// A file of that name is there already (never replaced).
    FileExists,
    /// A file larger than its kind may be.
    FileTooLarge,
}

/// Every command's error: `{ code, message }`, never case content.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<waystone::fsio::FileError> for IpcError {
    fn from(e: waystone::fsio::FileError) -> Self {
        waystone::vault::VaultError::from(e).into()
    }
}

impl From<waystone::vault::VaultError> for IpcError {
    fn from(e: waystone::vault::VaultError) -> Self {
        use waystone::Code as C;
        let code = match e.code() {
            C::AuthFailed => ErrorCode::AuthFailed,
            C::Corrupt => ErrorCode::Corrupt,
            C::NewerVersion => ErrorCode::NewerVersion,
            C::Forbidden => ErrorCode::Forbidden,
            C::ConsentMissing => ErrorCode::ConsentMissing,
            C::ReviewPending => ErrorCode::ReviewPending,
            C::Invalid => ErrorCode::Invalid,
            C::WeakPassphrase => ErrorCode::WeakPassphrase,
            C::Locked => ErrorCode::Locked,
            C::AlreadyExists => ErrorCode::AlreadyExists,
            C::NotFound => ErrorCode::NotFound,
            C::Internal => ErrorCode::Internal,
            C::TooLarge => ErrorCode::TooLarge,
            C::WipeIncomplete => ErrorCode::WipeIncomplete,
            C::FileRelativePath => ErrorCode::FileRelativePath,
            C::FileFolderMissing => ErrorCode::FileFolderMissing,
            C::FileNotFound => ErrorCode::FileNotFound,
            C::FileIsFolder => ErrorCode::FileIsFolder,
            C::FileReadOnly => ErrorCode::FileReadOnly,
            C::FileDiskFull => ErrorCode::FileDiskFull,
            C::FileExists => ErrorCode::FileExists,
            C::FileTooLarge => ErrorCode::FileTooLarge,
        };
        IpcError {
            code,
            message: e.to_string(),
        }
    }
}
