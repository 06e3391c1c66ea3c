//! Wire types of moving cases: keys and contacts, bundles (the verification summary before
//! an import), backups, and the audit log view. Nothing here carries testimony but the merge
//! screen's comparison (`MergeViewDto`), which the core gives only to those who may read the
//! case: a bundle's summary names answer paths, never values; an audit row names a case by
//! its code.

use serde::Serialize;
use ts_rs::TS;

use waystone::exchange::{
    BundleConflict, BundlePreview, BundleRefusal, Contact, Outcome, PartSummary, Received,
};
use waystone::exchange::{Incoming, IncomingReason, IncomingState, MergeValue, MergeView};
use waystone::fsio::FoundFile;
use waystone::vault::audit_view::{AuditPage, AuditRow, ChainStatus};
use waystone::vault::VaultError;

use super::{IpcError, UserSummary};

/// This user's public key line and its fingerprint, to compare out of band.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KeyLineDto {
    pub key_line: String,
    pub fingerprint: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ContactDto {
    pub name: String,
    pub fingerprint: String,
}

impl From<Contact> for ContactDto {
    fn from(c: Contact) -> Self {
        ContactDto {
            name: c.name,
            fingerprint: c.fingerprint,
        }
    }
}

/// A file found in the output folder.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FileDto {
    pub name: String,
    pub path: String,
    #[ts(type = "number")]
    pub size: u64,
    pub modified: String,
}

impl From<FoundFile> for FileDto {
    fn from(f: FoundFile) -> Self {
        FileDto {
            name: f.name,
            path: f.path.to_string_lossy().into_owned(),
            size: f.size,
            modified: f.modified,
        }
    }
}

/// A file the app wrote (a bundle, a backup).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WrittenDto {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Why a bundle was refused (the UI translates each); the vault is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BundleRefusalDto {
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
    /// The signed case document fails the case checks.
    InvalidCase,
    /// Written by a newer Waystone.
    NewerVersion,
    /// Not newer than the version of the case already here (a rollback or a replay).
    NotNewer,
    /// Dated further ahead of this computer's clock than the skew allowed.
    FutureDated,
}

impl From<BundleRefusal> for BundleRefusalDto {
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

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PartDto {
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub sha256: String,
}

impl From<PartSummary> for PartDto {
    fn from(p: PartSummary) -> Self {
        PartDto {
            name: p.name,
            size: p.size,
            sha256: p.sha256,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConflictDto {
    pub local_updated_at: String,
    pub bundle_updated_at: String,
    /// Answer paths that differ (never values).
    pub differing: Vec<String>,
}

impl From<BundleConflict> for ConflictDto {
    fn from(c: BundleConflict) -> Self {
        ConflictDto {
            local_updated_at: c.local_updated_at,
            bundle_updated_at: c.bundle_updated_at,
            differing: c.differing,
        }
    }
}

/// Everything the person sees before importing: who sent it (the pinned contact), that the
/// signature and every part verified, the case code, and what the import would change.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BundlePreviewDto {
    /// SHA-256 of the file: the import insists on exactly this file.
    pub digest: String,
    pub status_card: bool,
    pub case_id: String,
    pub code: String,
    pub sender: String,
    pub sender_fingerprint: String,
    pub sender_claims: String,
    pub created_at: String,
    pub app_version: String,
    pub form_id: String,
    pub form_version: u32,
    pub audit_head: String,
    pub parts: Vec<PartDto>,
    /// New to this vault (else an update of the copy held).
    pub created: bool,
    pub changed: Vec<String>,
    pub conflict: Option<ConflictDto>,
    /// This very bundle was opened before: importing it changes nothing.
    pub already_opened: bool,
    /// The sender is not a trusted sender of the case held here: importing holds it for a
    /// decision (Accept / Reject in the held list), nothing is applied.
    pub held: bool,
}

impl From<BundlePreview> for BundlePreviewDto {
    fn from(p: BundlePreview) -> Self {
        BundlePreviewDto {
            digest: p.digest,
            status_card: p.status_card,
            case_id: p.case_id,
            code: p.code,
            sender: p.sender,
            sender_fingerprint: p.sender_fingerprint,
            sender_claims: p.sender_claims,
            created_at: p.created_at,
            app_version: p.app_version,
            form_id: p.form_id,
            form_version: p.form_version,
            audit_head: p.audit_head,
            parts: p.parts.into_iter().map(Into::into).collect(),
            created: p.created,
            changed: p.changed,
            conflict: p.conflict.map(Into::into),
            already_opened: p.already_opened,
            held: p.held,
        }
    }
}

/// Opening a bundle: verified (with its summary) or refused (with its reason). A refusal is
/// an answer, not a failure: nothing was changed.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum BundleVerdictDto {
    Verified {
        preview: Box<BundlePreviewDto>,
    },
    Refused {
        reason: BundleRefusalDto,
        /// The core's English sentence (technical detail).
        message: String,
    },
}

impl BundleVerdictDto {
    /// A refusal of the bundle itself becomes a verdict; anything else stays an error.
    pub fn from_result(r: Result<BundlePreview, VaultError>) -> Result<Self, IpcError> {
        match r {
            Ok(p) => Ok(Self::Verified {
                preview: Box::new(p.into()),
            }),
            Err(e) => {
                let reason = match &e {
                    VaultError::BundleRefused(r, _) => BundleRefusalDto::from(*r),
                    VaultError::InvalidCase(_) => BundleRefusalDto::InvalidCase,
                    VaultError::NewerVersion => BundleRefusalDto::NewerVersion,
                    _ => return Err(e.into()),
                };
                Ok(Self::Refused {
                    reason,
                    message: e.to_string(),
                })
            }
        }
    }
}

/// What became of a bundle that verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutcomeDto {
    Imported,
    /// Kept for a person's decision; nothing applied.
    Held,
    /// Opened before; nothing changed.
    AlreadyOpened,
    /// The copy here changed after its version: kept for a merge; nothing applied.
    Conflict,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReceivedDto {
    pub status_card: bool,
    pub case_id: String,
    pub code: String,
    pub sender: String,
    pub created: bool,
    pub changed: Vec<String>,
    pub outcome: OutcomeDto,
    /// The held entry's number (when held).
    #[ts(type = "number | null")]
    pub incoming_id: Option<i64>,
}

impl From<Received> for ReceivedDto {
    fn from(r: Received) -> Self {
        let (outcome, incoming_id) = match r.outcome {
            Outcome::Imported => (OutcomeDto::Imported, None),
            Outcome::Held { incoming_id } => (OutcomeDto::Held, Some(incoming_id)),
            Outcome::Conflict { incoming_id } => (OutcomeDto::Conflict, Some(incoming_id)),
            Outcome::AlreadyOpened => (OutcomeDto::AlreadyOpened, None),
        };
        ReceivedDto {
            status_card: r.status_card,
            case_id: r.case_id,
            code: r.code,
            sender: r.sender,
            created: r.created,
            changed: r.changed,
            outcome,
            incoming_id,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IncomingStateDto {
    Imported,
    Held,
    Refused,
}

/// Why an incoming bundle is in its state (the UI translates each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IncomingReasonDto {
    NewCase,
    TrustedSender,
    UntrustedSender,
    Accepted,
    Rejected,
    Conflict,
    Merged,
}

/// A bundle received: who sent it (pinned name and fingerprint), which case (by code), what
/// it changes (answer paths only) and what became of it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IncomingDto {
    #[ts(type = "number")]
    pub id: i64,
    pub from: String,
    pub from_fingerprint: String,
    pub case_id: String,
    pub code: String,
    pub status_card: bool,
    pub version: String,
    pub state: IncomingStateDto,
    pub reason: IncomingReasonDto,
    pub changed: Vec<String>,
    pub received_at: String,
}

impl IncomingDto {
    fn reason(r: IncomingReason) -> IncomingReasonDto {
        match r {
            IncomingReason::NewCase => IncomingReasonDto::NewCase,
            IncomingReason::TrustedSender => IncomingReasonDto::TrustedSender,
            IncomingReason::UntrustedSender => IncomingReasonDto::UntrustedSender,
            IncomingReason::Accepted => IncomingReasonDto::Accepted,
            IncomingReason::Rejected => IncomingReasonDto::Rejected,
            IncomingReason::Conflict => IncomingReasonDto::Conflict,
            IncomingReason::Merged => IncomingReasonDto::Merged,
        }
    }
}

impl From<Incoming> for IncomingDto {
    fn from(i: Incoming) -> Self {
        IncomingDto {
            id: i.id,
            from: i.from,
            from_fingerprint: i.from_fingerprint,
            case_id: i.case_id,
            code: i.code,
            status_card: i.status_card,
            version: i.version,
            state: match i.state {
                IncomingState::Imported => IncomingStateDto::Imported,
                IncomingState::Held => IncomingStateDto::Held,
                IncomingState::Refused => IncomingStateDto::Refused,
            },
            reason: IncomingDto::reason(i.reason),
            changed: i.changed,
            received_at: i.received_at,
        }
    }
}

/// The users of a backup (names and roles from its key-slot header).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupInfoDto {
    pub users: Vec<UserSummary>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditRowDto {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub case_code: Option<String>,
    pub subject: Option<String>,
}

impl From<AuditRow> for AuditRowDto {
    fn from(r: AuditRow) -> Self {
        AuditRowDto {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            case_code: r.case_code,
            subject: r.subject,
        }
    }
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AuditPageDto {
    pub rows: Vec<AuditRowDto>,
    #[ts(type = "number")]
    pub total: u64,
}

impl From<AuditPage> for AuditPageDto {
    fn from(p: AuditPage) -> Self {
        AuditPageDto {
            rows: p.rows.into_iter().map(Into::into).collect(),
            total: p.total,
        }
    }
}

/// The chain check: intact (how many entries) or the first broken entry.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditChainDto {
    pub ok: bool,
    pub entries: u32,
    #[ts(type = "number | null")]
    pub broken_at: Option<i64>,
}

impl From<ChainStatus> for AuditChainDto {
    fn from(s: ChainStatus) -> Self {
        match s {
            ChainStatus::Intact(n) => AuditChainDto {
                ok: true,
                entries: u32::try_from(n).unwrap_or(u32::MAX),
                broken_at: None,
            },
            ChainStatus::Broken(seq) => AuditChainDto {
                ok: false,
                entries: 0,
                broken_at: Some(seq),
            },
        }
    }
}

/// A compared value: an answer (as the interview shows it), or the workflow status.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MergeValueDto {
    Answer {
        answer: crate::dto::cases::AnswerDto,
    },
    Status {
        status: String,
    },
}

impl MergeValueDto {
    fn from_value(v: &MergeValue) -> Result<Self, VaultError> {
        Ok(match v {
            MergeValue::Answer(a) => MergeValueDto::Answer {
                answer: crate::dto::cases::AnswerDto::from_answer(a)?,
            },
            MergeValue::Status(s) => MergeValueDto::Status { status: s.clone() },
        })
    }
}

/// One difference between the copy held here and a held update; `changedHere` /
/// `changedThere` say which side changed it since the last exchange with the sender (`null`:
/// no exchange with them is recorded).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeRowDto {
    pub path: String,
    pub mine: Option<MergeValueDto>,
    pub theirs: Option<MergeValueDto>,
    pub changed_here: Option<bool>,
    pub changed_there: Option<bool>,
}

/// A held update beside the copy held here: the merge screen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergeViewDto {
    #[ts(type = "number")]
    pub incoming_id: i64,
    pub case_id: String,
    pub code: String,
    pub from: String,
    pub status_card: bool,
    /// The form the case follows (the screen labels the answers with it).
    pub form_id: String,
    pub form_version: u32,
    pub reason: IncomingReasonDto,
    /// The version of the copy held here that was compared: the merge names it back.
    pub local_version: String,
    pub update_version: String,
    pub rows: Vec<MergeRowDto>,
    pub new_attachments: u32,
}

impl MergeViewDto {
    pub fn from_view(v: MergeView) -> Result<Self, VaultError> {
        let reason = IncomingDto::reason(v.reason);
        let mut rows = Vec::with_capacity(v.rows.len());
        for r in &v.rows {
            rows.push(MergeRowDto {
                path: r.path.clone(),
                mine: r.mine.as_ref().map(MergeValueDto::from_value).transpose()?,
                theirs: r
                    .theirs
                    .as_ref()
                    .map(MergeValueDto::from_value)
                    .transpose()?,
                changed_here: r.changed_here,
                changed_there: r.changed_there,
            });
        }
        Ok(MergeViewDto {
            incoming_id: v.incoming_id,
            case_id: v.case_id,
            code: v.code,
            from: v.from,
            status_card: v.status_card,
            form_id: v.form_id,
            form_version: v.form_version,
            reason,
            local_version: v.local_version,
            update_version: v.update_version,
            rows,
            new_attachments: u32::try_from(v.new_attachments).unwrap_or(u32::MAX),
        })
    }
}
