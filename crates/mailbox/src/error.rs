//! [`MailboxError`]: every way a mailbox operation fails, and the one function that turns the
//! storage library's errors into it (`classify`).
//!
//! Messages say what failed and what to do. They never carry a credential, a URL, a bucket or
//! folder name, an object's bytes or the server's own error text (which may echo any of
//! those): only fixed wording, an HTTP status number, or an `&'static str` chosen here.

use std::error::Error as StdError;
use std::io;

use thiserror::Error;

/// Why an object read from the mailbox was refused before anything was handed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Damage {
    /// The object's size is not one of the padding buckets: cut short (an interrupted sync or
    /// upload) or lengthened.
    #[error("its size is not a size this mailbox writes (cut short or lengthened)")]
    WrongSize,
    /// The seal does not verify: the bytes were altered, or the object was copied or moved to
    /// another name or recipient, or it was sealed under another mailbox key.
    #[error("its seal does not verify (altered, moved or copied on the server, or sealed with another mailbox key)")]
    Altered,
    /// The seal verifies but the frame inside breaks the format (a bug in the writer).
    #[error("its frame is malformed")]
    Malformed,
    /// Written by a newer Waystone with a frame version this build cannot read.
    #[error("it was written by a newer Waystone (frame version {0}): update Waystone")]
    NewerVersion(u8),
}

/// Every failure of a mailbox operation. No variant carries a secret, a URL, an object's
/// content or the server's error body.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum MailboxError {
    /// Nothing answered at the mailbox's address (connection refused, no route, name not
    /// resolved, TLS handshake failed) or the connection broke mid-transfer.
    #[error("the mailbox server could not be reached or the connection broke: check that it is running and the address is right, then sync again")]
    Unreachable,
    /// The server did not answer in time.
    #[error("the mailbox server did not answer in time: sync again later")]
    Timeout,
    /// The server refused the credentials (wrong user, password, access key or secret).
    #[error("the mailbox refused the credentials: check the user name and password (or access key and secret) in the mailbox's settings")]
    AuthFailed,
    /// The credentials were accepted but are not allowed to do this. Garage also answers so
    /// for a bucket that does not exist (it never tells a key which buckets exist).
    #[error("the mailbox's credentials are not allowed to do this (or the bucket's name is wrong): ask whoever runs the storage for read, write, list and delete rights on this mailbox")]
    PermissionDenied,
    /// The bucket, WebDAV collection or folder does not exist.
    #[error(
        "the mailbox's folder, bucket or collection does not exist: check the mailbox's settings"
    )]
    MailboxMissing,
    /// The object is not there (already delivered and deleted, or never arrived).
    #[error("the object is no longer in the mailbox (already fetched and deleted from another device, or not arrived)")]
    NotFound,
    /// The storage is full or over its quota.
    #[error("the mailbox storage is full or over its quota: free space or raise the quota, then sync again")]
    Full,
    /// An object was refused before being handed up.
    #[error("an object in the mailbox was refused: {0}; it was not imported")]
    Damaged(Damage),
    /// An object (or a payload to send) is larger than this mailbox accepts.
    #[error("the object is larger than the mailbox accepts ({0})")]
    TooLarge(&'static str),
    /// The configuration cannot work (`0` says which part; never its value).
    #[error("the mailbox settings are not usable: {0}")]
    InvalidConfig(&'static str),
    /// The server answered with an error this crate has no better name for.
    #[error("the mailbox server answered with an error (HTTP {status}): try again later, or ask whoever runs the storage")]
    Server {
        /// The HTTP status code.
        status: u16,
    },
    /// A file-system error of the folder engine that is none of the above.
    #[error("the mailbox folder could not be read or written ({0:?}): check its permissions and the disk")]
    Disk(io::ErrorKind),
    /// The blocking API was called from inside an async runtime (a programming error in the
    /// caller: use the async [`crate::Mailbox`] there, or `spawn_blocking`).
    #[error("internal error: the blocking mailbox API was called from an async task")]
    InsideAsyncRuntime,
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Rng,
    /// Something failed that should not (reported, never a panic).
    #[error("internal error in the mailbox transport: {0}")]
    Internal(&'static str),
}

impl MailboxError {
    /// True for failures that may pass on their own (server down, timeout, broken
    /// connection, a server error): the caller keeps the work queued and retries at the next
    /// sync. False for those a person must fix (credentials, settings, a full disk) and for
    /// refused objects.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Unreachable | Self::Timeout => true,
            Self::Server { status } => *status >= 500 && *status != 507,
            _ => false,
        }
    }
}

/// The parts of an S3 error body worth classifying: its `<Code>`.
fn s3_code(body: &str) -> Option<&str> {
    let start = body.find("<Code>")? + "<Code>".len();
    let end = body[start..].find("</Code>")? + start;
    Some(&body[start..end])
}

/// Garage answers a wrong secret or an unknown access key with `AccessDenied` and says which
/// in its `<Message>` ("Forbidden: Invalid signature", "Forbidden: No such key: …"): those
/// are credentials refused, not rights missing.
fn garage_auth_failure(body: &str) -> bool {
    let Some(start) = body.find("<Message>").map(|i| i + "<Message>".len()) else {
        return false;
    };
    let message = &body[start
        ..body[start..]
            .find("</Message>")
            .map_or(body.len(), |e| start + e)];
    message.contains("Invalid signature") || message.contains("No such key")
}

/// The HTTP status in object_store's message "… non-2xx status code: 507 …" or
/// "… error response: …" (the latter carries no number; `None`).
fn status_in(text: &str) -> Option<u16> {
    let marker = "status code: ";
    let start = text.find(marker)? + marker.len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().filter(|s| (100..600).contains(s))
}

/// Turns an object_store error into a [`MailboxError`], looking through its source chain for
/// an HTTP status, a transport failure or an I/O error. Only the error's *kind* is kept.
pub(crate) fn classify(err: &object_store::Error) -> MailboxError {
    use object_store::Error as E;
    // What the chain says, however deep.
    let mut status: Option<u16> = None;
    let mut body_code: Option<String> = None;
    let mut http_kind: Option<object_store::client::HttpErrorKind> = None;
    let mut io_kind: Option<io::ErrorKind> = None;
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        // object_store keeps its retry error type private; its message is the only place the
        // HTTP status and the S3 error code appear. Parsed here, never shown or stored.
        let text = e.to_string();
        status = status.or_else(|| status_in(&text));
        if body_code.is_none() {
            body_code = s3_code(&text).map(str::to_owned);
            if body_code.as_deref() == Some("AccessDenied") && garage_auth_failure(&text) {
                body_code = Some("SignatureDoesNotMatch".to_owned());
            }
        }
        if let Some(h) = e.downcast_ref::<object_store::client::HttpError>() {
            http_kind = http_kind.or(Some(h.kind()));
        }
        if let Some(r) = e.downcast_ref::<reqwest::Error>() {
            if r.is_timeout() {
                http_kind = http_kind.or(Some(object_store::client::HttpErrorKind::Timeout));
            } else if r.is_connect() {
                http_kind = http_kind.or(Some(object_store::client::HttpErrorKind::Connect));
            }
        }
        if let Some(i) = e.downcast_ref::<io::Error>() {
            io_kind = io_kind.or(Some(i.kind()));
        }
        source = e.source();
    }

    if let Some(code) = body_code.as_deref() {
        match code {
            "InvalidAccessKeyId"
            | "SignatureDoesNotMatch"
            | "InvalidToken"
            | "ExpiredToken"
            | "AuthorizationHeaderMalformed" => return MailboxError::AuthFailed,
            "AccessDenied" => return MailboxError::PermissionDenied,
            "NoSuchBucket" => return MailboxError::MailboxMissing,
            "NoSuchKey" => return MailboxError::NotFound,
            "QuotaExceeded" | "EntityTooLarge" | "InsufficientStorage" => {
                return MailboxError::Full
            }
            _ => {}
        }
    }
    if let Some(s) = status {
        return match s {
            401 => MailboxError::AuthFailed,
            403 => MailboxError::PermissionDenied,
            404 => MailboxError::NotFound,
            408 | 504 => MailboxError::Timeout,
            413 | 507 => MailboxError::Full,
            _ => MailboxError::Server { status: s },
        };
    }
    match err {
        E::NotFound { .. } => return MailboxError::NotFound,
        E::Unauthenticated { .. } => return MailboxError::AuthFailed,
        E::PermissionDenied { .. } => return MailboxError::PermissionDenied,
        _ => {}
    }
    if let Some(kind) = io_kind {
        if let Some(e) = from_io_kind(kind) {
            return e;
        }
    }
    match http_kind {
        Some(object_store::client::HttpErrorKind::Timeout) => MailboxError::Timeout,
        Some(
            object_store::client::HttpErrorKind::Connect
            | object_store::client::HttpErrorKind::Request
            | object_store::client::HttpErrorKind::Interrupted,
        ) => MailboxError::Unreachable,
        Some(_) => MailboxError::Internal("the server's answer could not be read"),
        None => match io_kind {
            Some(kind) => MailboxError::Disk(kind),
            None => MailboxError::Internal("the storage library reported an unexpected error"),
        },
    }
}

/// The I/O error kinds with a better name than [`MailboxError::Disk`].
pub(crate) fn from_io_kind(kind: io::ErrorKind) -> Option<MailboxError> {
    use io::ErrorKind as K;
    Some(match kind {
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => MailboxError::Full,
        K::NotFound => MailboxError::NotFound,
        K::PermissionDenied | K::ReadOnlyFilesystem => MailboxError::PermissionDenied,
        K::ConnectionRefused
        | K::ConnectionReset
        | K::ConnectionAborted
        | K::NotConnected
        | K::BrokenPipe
        | K::HostUnreachable
        | K::NetworkUnreachable
        | K::NetworkDown
        | K::AddrNotAvailable
        | K::UnexpectedEof => MailboxError::Unreachable,
        K::TimedOut => MailboxError::Timeout,
        _ => return None,
    })
}

/// Errors of the one request this crate makes itself (WebDAV MOVE).
pub(crate) fn classify_reqwest(err: &reqwest::Error) -> MailboxError {
    if err.is_timeout() {
        return MailboxError::Timeout;
    }
    if err.is_connect() || err.is_request() || err.is_body() {
        return MailboxError::Unreachable;
    }
    let mut source: Option<&(dyn StdError + 'static)> = err.source();
    while let Some(e) = source {
        if let Some(i) = e.downcast_ref::<io::Error>() {
            if let Some(m) = from_io_kind(i.kind()) {
                return m;
            }
        }
        source = e.source();
    }
    MailboxError::Unreachable
}

/// An HTTP status of the one request this crate makes itself.
pub(crate) fn from_status(status: u16) -> MailboxError {
    match status {
        401 => MailboxError::AuthFailed,
        403 => MailboxError::PermissionDenied,
        404 | 409 => MailboxError::NotFound,
        408 | 504 => MailboxError::Timeout,
        413 | 507 => MailboxError::Full,
        s => MailboxError::Server { status: s },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_error_codes_are_read_from_the_body() {
        let body = "<?xml version=\"1.0\"?><Error><Code>InvalidAccessKeyId</Code><Message>x</Message></Error>";
        assert_eq!(s3_code(body), Some("InvalidAccessKeyId"));
        assert_eq!(s3_code("<Error></Error>"), None);
        assert_eq!(s3_code("<Code>unterminated"), None);
        assert_eq!(
            status_in("Server returned non-2xx status code: 507 Insufficient Storage: "),
            Some(507)
        );
        assert_eq!(status_in("status code: 99999"), None);
        assert_eq!(status_in("no status"), None);
    }

    #[test]
    fn garage_says_in_its_message_when_the_credentials_are_wrong() {
        let garage = |m: &str| {
            format!("<Error><Code>AccessDenied</Code><Message>{m}</Message><Resource>/mailbox</Resource></Error>")
        };
        assert!(garage_auth_failure(&garage("Forbidden: Invalid signature")));
        assert!(garage_auth_failure(&garage(
            "Forbidden: No such key: GK0000"
        )));
        assert!(!garage_auth_failure(&garage(
            "Forbidden: Operation is not allowed for this key."
        )));
        assert!(!garage_auth_failure(
            "<Error><Code>AccessDenied</Code></Error>"
        ));
    }

    #[test]
    fn io_kinds_map_to_actionable_errors() {
        let check = |kind: io::ErrorKind, expected: &str| {
            let got = from_io_kind(kind).map(|e| format!("{e:?}"));
            assert_eq!(got.as_deref(), Some(expected), "{kind:?}");
        };
        check(io::ErrorKind::StorageFull, "Full");
        check(io::ErrorKind::QuotaExceeded, "Full");
        check(io::ErrorKind::ConnectionRefused, "Unreachable");
        check(io::ErrorKind::TimedOut, "Timeout");
        check(io::ErrorKind::PermissionDenied, "PermissionDenied");
        assert!(from_io_kind(io::ErrorKind::InvalidData).is_none());
    }

    #[test]
    fn statuses_map_to_actionable_errors() {
        for (status, expected) in [
            (401, "AuthFailed"),
            (403, "PermissionDenied"),
            (404, "NotFound"),
            (507, "Full"),
            (413, "Full"),
            (504, "Timeout"),
            (500, "Server { status: 500 }"),
        ] {
            assert_eq!(format!("{:?}", from_status(status)), expected);
        }
        assert!(MailboxError::Server { status: 503 }.is_transient());
        assert!(!MailboxError::Server { status: 507 }.is_transient());
        assert!(!MailboxError::AuthFailed.is_transient());
    }
}
