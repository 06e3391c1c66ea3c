//! Wire types of the team mailbox: a mailbox as listed (no key, no credential), the setup
//! an admin types (credentials go in only: this type is never serialized back), an outbox
//! item's state, a sync's counts, a refused object's closed reason. No case content: an
//! outbox item names a case by id, a contact by the name its sender pinned.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use waystone::exchange::mailbox::{
    MailboxEngine, MailboxError, MailboxErrorCode, MailboxInfo, MailboxSetup, ObjectRefusal,
    OutboxItem, RefusedObject, SyncReport,
};

/// What kind of storage a mailbox is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MailboxEngineDto {
    Folder,
    S3,
    Webdav,
}

impl From<MailboxEngine> for MailboxEngineDto {
    fn from(e: MailboxEngine) -> Self {
        match e {
            MailboxEngine::Folder => Self::Folder,
            MailboxEngine::S3 => Self::S3,
            MailboxEngine::WebDav => Self::Webdav,
        }
    }
}

/// A mailbox as an admin sees it listed: where it is and its counts, never its key or
/// credentials.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MailboxDto {
    pub name: String,
    pub engine: MailboxEngineDto,
    /// The folder, `ENDPOINT/BUCKET`, or the WebDAV URL.
    pub location: String,
    pub added_by: String,
    pub added_at: String,
    #[ts(type = "number")]
    pub queued: i64,
    #[ts(type = "number")]
    pub uploaded: i64,
    #[ts(type = "number")]
    pub delivered: i64,
}

impl From<MailboxInfo> for MailboxDto {
    fn from(m: MailboxInfo) -> Self {
        MailboxDto {
            engine: m.engine.into(),
            name: m.name,
            location: m.location,
            added_by: m.added_by,
            added_at: m.added_at,
            queued: m.queued,
            uploaded: m.uploaded,
            delivered: m.delivered,
        }
    }
}

/// Where a new mailbox is and how to reach it, as an admin typed it. Travels UI → core only
/// (no `Serialize`); `Debug` hides everything.
#[derive(Deserialize, TS)]
#[serde(tag = "engine", rename_all = "snake_case")]
#[ts(export)]
pub enum MailboxSetupDto {
    /// A folder carried by Syncthing, a sync client or a USB stick.
    Folder { path: String },
    /// An S3-compatible bucket (Garage, MinIO, a cloud).
    #[serde(rename_all = "camelCase")]
    S3 {
        endpoint: String,
        bucket: String,
        /// Empty or absent: `garage` (what Garage expects; other servers ignore it).
        region: Option<String>,
        access_key_id: String,
        secret_access_key: String,
    },
    /// A WebDAV collection (Nextcloud, Apache mod_dav).
    Webdav {
        url: String,
        user: String,
        password: String,
    },
}

impl std::fmt::Debug for MailboxSetupDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MailboxSetupDto { [REDACTED] }")
    }
}

/// The region the CLI's `mailbox add --s3` uses when none is given.
pub const DEFAULT_REGION: &str = "garage";

impl From<MailboxSetupDto> for MailboxSetup {
    fn from(s: MailboxSetupDto) -> Self {
        match s {
            MailboxSetupDto::Folder { path } => MailboxSetup::Folder { path: path.into() },
            MailboxSetupDto::S3 {
                endpoint,
                bucket,
                region,
                access_key_id,
                secret_access_key,
            } => MailboxSetup::S3 {
                endpoint: endpoint.trim().to_owned(),
                bucket: bucket.trim().to_owned(),
                region: region
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty())
                    .unwrap_or_else(|| DEFAULT_REGION.to_owned()),
                access_key_id: access_key_id.into(),
                secret_access_key: secret_access_key.into(),
            },
            MailboxSetupDto::Webdav {
                url,
                user,
                password,
            } => MailboxSetup::WebDav {
                url: url.trim().to_owned(),
                user: user.into(),
                password: password.into(),
            },
        }
    }
}

/// A transport failure as a closed code (the core's [`MailboxErrorCode`]); the UI words each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MailboxErrorDto {
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

impl From<MailboxErrorCode> for MailboxErrorDto {
    fn from(c: MailboxErrorCode) -> Self {
        use MailboxErrorCode as C;
        match c {
            C::Unreachable => Self::Unreachable,
            C::Timeout => Self::Timeout,
            C::AuthFailed => Self::AuthFailed,
            C::PermissionDenied => Self::PermissionDenied,
            C::MailboxMissing => Self::MailboxMissing,
            C::NotFound => Self::NotFound,
            C::Full => Self::Full,
            C::Damaged => Self::Damaged,
            C::TooLarge => Self::TooLarge,
            C::InvalidConfig => Self::InvalidConfig,
            C::ServerError => Self::ServerError,
            C::Disk => Self::Disk,
            C::Internal => Self::Internal,
        }
    }
}

impl From<&MailboxError> for MailboxErrorDto {
    fn from(e: &MailboxError) -> Self {
        MailboxErrorCode::of(e).into()
    }
}

/// Testing a mailbox: it answers, or why not. A failure is an answer, not an error.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MailboxTestDto {
    pub ok: bool,
    pub error: Option<MailboxErrorDto>,
    /// The transport's sentence (never a secret, never the server's text).
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxStateDto {
    Queued,
    Uploaded,
    Delivered,
}

/// What the recipient's receipt says became of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReceiptDto {
    Imported,
    Held,
    AlreadyOpened,
}

/// One item of this user's outbox (no bundle bytes, no content).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutboxItemDto {
    #[ts(type = "number")]
    pub id: i64,
    pub mailbox: String,
    pub to: String,
    pub case_id: String,
    pub status_card: bool,
    pub state: OutboxStateDto,
    #[ts(type = "number")]
    pub attempts: i64,
    pub last_error: Option<MailboxErrorDto>,
    pub receipt: Option<ReceiptDto>,
    pub queued_at: String,
    pub delivered_at: Option<String>,
}

impl From<OutboxItem> for OutboxItemDto {
    fn from(i: OutboxItem) -> Self {
        OutboxItemDto {
            id: i.id,
            mailbox: i.mailbox,
            to: i.to,
            case_id: i.case_id,
            status_card: i.status_card,
            state: match i.state.as_str() {
                "delivered" => OutboxStateDto::Delivered,
                "uploaded" => OutboxStateDto::Uploaded,
                _ => OutboxStateDto::Queued,
            },
            attempts: i.attempts,
            last_error: i.last_error.map(Into::into),
            receipt: i.receipt.as_deref().and_then(|r| match r {
                "imported" => Some(ReceiptDto::Imported),
                "held" => Some(ReceiptDto::Held),
                "already_opened" => Some(ReceiptDto::AlreadyOpened),
                _ => None,
            }),
            queued_at: i.queued_at,
            delivered_at: i.delivered_at,
        }
    }
}

/// A mailbox a sync could not finish; what was queued for it stays queued.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncFailureDto {
    pub mailbox: String,
    pub error: MailboxErrorDto,
    /// The next sync may simply succeed (offline, timeout).
    pub transient: bool,
}

/// What one sync did, in counts (no names, no content).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncReportDto {
    pub sent: u32,
    pub received: u32,
    pub imported: u32,
    pub held: u32,
    pub refused: u32,
    pub already_opened: u32,
    pub delivered: u32,
    pub receipts_sent: u32,
    /// Items still waiting to be uploaded.
    pub queued: u32,
    pub failures: Vec<SyncFailureDto>,
}

fn count(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<SyncReport> for SyncReportDto {
    fn from(r: SyncReport) -> Self {
        SyncReportDto {
            sent: count(r.sent),
            received: count(r.received),
            imported: count(r.imported),
            held: count(r.held),
            refused: count(r.refused),
            already_opened: count(r.already_opened),
            delivered: count(r.delivered),
            receipts_sent: count(r.receipts_sent),
            queued: count(r.queued),
            failures: r
                .failures
                .iter()
                .map(|f| SyncFailureDto {
                    mailbox: f.mailbox.clone(),
                    error: (&f.error).into(),
                    transient: f.error.is_transient(),
                })
                .collect(),
        }
    }
}

/// A sync: done (with its counts, and the mailboxes it could not finish), or refused at
/// once because another sync of this vault is running (in this app or the CLI beside it):
/// an answer, not a failure; nothing changed.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum SyncOutcomeDto {
    Done {
        report: SyncReportDto,
    },
    Busy {
        /// The core's sentence.
        message: String,
    },
}

/// Why a fetched object was refused (never imported); the UI words each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MailboxRefusalDto {
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

impl From<ObjectRefusal> for MailboxRefusalDto {
    fn from(r: ObjectRefusal) -> Self {
        use ObjectRefusal as R;
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
            R::Conflict => Self::Conflict,
            R::Forbidden => Self::Forbidden,
            R::InvalidCase => Self::InvalidCase,
            R::NewerVersion => Self::NewerVersion,
            R::UnknownReceipt => Self::UnknownReceipt,
        }
    }
}

/// An object a sync fetched and refused, as the incoming list shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RefusedObjectDto {
    pub mailbox: String,
    /// The pinned sender, when its signature verified.
    pub from: Option<String>,
    pub from_fingerprint: Option<String>,
    /// The case it named, when its signature verified.
    pub case_id: Option<String>,
    pub reason: MailboxRefusalDto,
    pub received_at: String,
}

impl From<RefusedObject> for RefusedObjectDto {
    fn from(r: RefusedObject) -> Self {
        RefusedObjectDto {
            reason: r.reason.into(),
            mailbox: r.mailbox,
            from: r.from,
            from_fingerprint: r.from_fingerprint,
            case_id: r.case_id,
            received_at: r.received_at,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Every code the core can store maps to its own variant, and back to the same text.
    #[test]
    fn closed_codes_round_trip_through_the_wire_names() {
        for code in MailboxErrorCode::ALL {
            let wire = serde_json::to_string(&MailboxErrorDto::from(code)).unwrap();
            assert_eq!(wire, format!("\"{}\"", code.as_str()));
        }
        // every reason the core records crosses under the name the core records it by
        for reason in ObjectRefusal::ALL {
            let wire = serde_json::to_string(&MailboxRefusalDto::from(reason)).unwrap();
            assert_eq!(wire, format!("\"{}\"", reason.as_str()));
        }
    }

    #[test]
    fn a_setup_never_prints_its_credentials() {
        let s: MailboxSetupDto = serde_json::from_str(
            r#"{"engine":"webdav","url":"https://dav.example.org/m","user":"u","password":"hunter2-invented"}"#,
        )
        .unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
        let s: MailboxSetupDto = serde_json::from_str(
            r#"{"engine":"s3","endpoint":"https://s3.example.org","bucket":"b","region":null,"accessKeyId":"AKINVENTED","secretAccessKey":"s3cr3t-invented"}"#,
        )
        .unwrap();
        assert!(!format!("{s:?}").contains("s3cr3t"));
        assert!(!format!("{:?}", MailboxSetup::from(s)).contains("s3cr3t"));
    }
}

/// The routing rules: contacts who get a status card of every board change, the lawyer
/// contact who gets the whole case at legal review, and whether workflow changes go back to
/// where a case came from.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RoutingDto {
    pub coordinators: Vec<String>,
    pub legal_review_to: Option<String>,
    pub report_to_origin: bool,
}

impl From<waystone::exchange::routing::Routing> for RoutingDto {
    fn from(r: waystone::exchange::routing::Routing) -> Self {
        RoutingDto {
            coordinators: r.coordinators,
            legal_review_to: r.legal_review_to,
            report_to_origin: r.report_to_origin,
        }
    }
}

impl From<RoutingDto> for waystone::exchange::routing::Routing {
    fn from(r: RoutingDto) -> Self {
        waystone::exchange::routing::Routing {
            coordinators: r.coordinators,
            legal_review_to: r.legal_review_to,
            report_to_origin: r.report_to_origin,
        }
    }
}
