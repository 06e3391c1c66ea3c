//! Where a mailbox is and how to reach it: [`Config`] (one of three engines) and
//! [`Options`] (timeouts, retries, size limit).
//!
//! Credentials are [`SecretString`]s: `Debug` prints `[REDACTED]`, they zeroize on drop, and
//! they are read only when the storage client is built. The core stores them inside the
//! encrypted vault and builds a `Config` when it syncs.

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use reqwest::Url;
pub use secrecy::SecretString;

use crate::error::MailboxError;
use crate::frame::DEFAULT_MAX_OBJECT;

/// Which storage holds the mailbox.
#[non_exhaustive]
pub enum Config {
    /// A local folder that something else carries: Syncthing, a Nextcloud or other desktop
    /// sync client, a USB stick.
    Folder(FolderConfig),
    /// An S3-compatible bucket: Garage, MinIO, a cloud bucket.
    S3(S3Config),
    /// A WebDAV collection: Nextcloud/ownCloud, Apache httpd with mod_dav.
    WebDav(WebDavConfig),
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Folder(c) => c.fmt(f),
            Self::S3(c) => c.fmt(f),
            Self::WebDav(c) => c.fmt(f),
        }
    }
}

/// A folder mailbox. The folder must exist.
pub struct FolderConfig {
    /// The folder (the root of the synced folder, or a folder inside it).
    pub path: PathBuf,
}

impl fmt::Debug for FolderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The path may name a person's home directory: not printed.
        f.write_str("FolderConfig { .. }")
    }
}

/// An S3-compatible bucket, addressed path-style (`ENDPOINT/BUCKET/KEY`), which Garage,
/// MinIO and the clouds all accept.
pub struct S3Config {
    /// `https://host[:port]` (plain `http://` only to this computer, or with
    /// [`Options::allow_plain_http`]). No user or password in the URL.
    pub endpoint: String,
    /// The bucket.
    pub bucket: String,
    /// The region (`garage` for Garage's default, `us-east-1` for MinIO's).
    pub region: String,
    /// The access key id (Garage: `GK…`). One per device is the least-privilege setup.
    pub access_key_id: SecretString,
    /// The secret access key.
    pub secret_access_key: SecretString,
}

impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("S3Config { access_key_id: [REDACTED], secret_access_key: [REDACTED], .. }")
    }
}

/// A WebDAV collection with HTTP basic authentication.
pub struct WebDavConfig {
    /// The collection's URL, e.g.
    /// `https://cloud.example.org/remote.php/dav/files/USER/mailbox/`. No user or password in
    /// the URL.
    pub url: String,
    /// The user name.
    pub user: SecretString,
    /// The password (Nextcloud: an app password for this device).
    pub password: SecretString,
}

impl fmt::Debug for WebDavConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebDavConfig { user: [REDACTED], password: [REDACTED], .. }")
    }
}

/// How patient the transport is, and the largest object it writes or reads.
#[derive(Debug, Clone)]
pub struct Options {
    /// Longest wait for a connection to open.
    pub connect_timeout: Duration,
    /// Longest wait between two reads of one response (a stalled transfer). There is no
    /// limit on a whole transfer, so a large bundle over a slow link is not cut off.
    pub read_timeout: Duration,
    /// Retries of a request that failed on the way (connection refused or reset, a 5xx).
    pub retries: usize,
    /// No retry starts later than this after the first attempt.
    pub retry_timeout: Duration,
    /// Largest object written or read (default: room for the largest bundle).
    pub max_object: u64,
    /// Allow `http://` to hosts other than this computer. Off by default: passwords and
    /// signatures would cross the network in clear. Loopback is always allowed.
    pub allow_plain_http: bool,
}

impl Default for Options {
    /// 10 s to connect, 60 s of silence mid-transfer, 3 retries within 30 s, objects up to
    /// 2.25 GiB, no plain HTTP beyond loopback.
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            retries: 3,
            retry_timeout: Duration::from_secs(30),
            max_object: DEFAULT_MAX_OBJECT,
            allow_plain_http: false,
        }
    }
}

/// Checks a server URL: http(s), no credentials inside, TLS unless loopback or allowed.
pub(crate) fn check_url(text: &str, options: &Options) -> Result<Url, MailboxError> {
    let url = Url::parse(text.trim())
        .map_err(|_| MailboxError::InvalidConfig("the server address is not a valid URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(MailboxError::InvalidConfig(
            "the server address carries a user name or password: enter them in their own fields",
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" => {
            let loopback = match url.host() {
                Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
                Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
                Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                None => false,
            };
            if !loopback && !options.allow_plain_http {
                return Err(MailboxError::InvalidConfig(
                    "the server address uses plain http:// to another computer: use https://",
                ));
            }
        }
        _ => {
            return Err(MailboxError::InvalidConfig(
                "the server address must start with https://",
            ))
        }
    }
    if url.host().is_none() || url.query().is_some() || url.fragment().is_some() {
        return Err(MailboxError::InvalidConfig(
            "the server address must be a plain https://host/path URL",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, allow_plain_http: bool, expected: Result<(), &str>) {
        let options = Options {
            allow_plain_http,
            ..Options::default()
        };
        let got = check_url(url, &options)
            .map(|_| ())
            .map_err(|e| e.to_string());
        match expected {
            Ok(()) => assert!(got.is_ok(), "{url}: {got:?}"),
            Err(part) => {
                let message = got.err().unwrap_or_default();
                assert!(message.contains(part), "{url}: {message}");
                assert!(
                    !message.contains("secret"),
                    "{url}: the message echoes the URL"
                );
            }
        }
    }

    #[test]
    fn urls() {
        check(
            "https://cloud.example.org/remote.php/dav/files/u/mailbox/",
            false,
            Ok(()),
        );
        check("http://127.0.0.1:3900", false, Ok(()));
        check("http://[::1]:8080/dav/", false, Ok(()));
        check("http://localhost:8080/dav/", false, Ok(()));
        check("http://10.0.0.5:3900", false, Err("use https://"));
        check("http://10.0.0.5:3900", true, Ok(()));
        check(
            "https://user:secret@example.org/dav/",
            false,
            Err("their own fields"),
        );
        check(
            "https://user@example.org/dav/",
            false,
            Err("their own fields"),
        );
        check(
            "ftp://example.org/secret",
            false,
            Err("must start with https://"),
        );
        check("not a url secret", false, Err("not a valid URL"));
        check(
            "https://example.org/dav/?secret=1",
            false,
            Err("plain https://host/path"),
        );
    }

    #[test]
    fn debug_never_prints_credentials() {
        let s3 = Config::S3(S3Config {
            endpoint: "https://s3.example.org".into(),
            bucket: "mailbox".into(),
            region: "garage".into(),
            access_key_id: "GK-access-canary".into(),
            secret_access_key: "secret-canary".into(),
        });
        let dav = Config::WebDav(WebDavConfig {
            url: "https://example.org/dav/".into(),
            user: "user-canary".into(),
            password: "password-canary".into(),
        });
        let folder = Config::Folder(FolderConfig {
            path: "/home/person-canary/Sync".into(),
        });
        for config in [s3, dav, folder] {
            let text = format!("{config:?}");
            assert!(!text.contains("canary"), "{text}");
        }
    }
}
