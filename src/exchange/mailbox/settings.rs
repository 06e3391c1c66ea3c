//! Mailboxes kept in the vault: where each is (settings) and its secrets (the team's mailbox
//! key, S3 keys or WebDAV password) sealed under the `mailboxes` subkey inside the encrypted
//! database; adding, listing, removing and testing them (admins), and the key line that sets
//! up a teammate's vault.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use waystone_mailbox::{
    BlockingMailbox, Config, FolderConfig, MailboxKey, Options, S3Config, SecretString,
    WebDavConfig,
};
use zeroize::Zeroizing;

use crate::access::Op;
use crate::crypto::{self, Subkey};
use crate::vault::store::mailbox::{self as store, MailboxRow};
use crate::vault::{now, Vault, VaultError};

/// The environment variable a front end reads (once, at `mailbox add`) for the team's
/// mailbox key: the line `mailbox key NAME` printed in the first vault. Without it a new key
/// is made.
pub const MAILBOX_KEY_ENV: &str = "WAYSTONE_MAILBOX_KEY";

const KEY_LINE_PREFIX: &str = "waystone-mailbox-key-v1:";

/// Where a new mailbox is and how to reach it. Credentials are secrets: `Debug` hides them.
pub enum MailboxSetup {
    /// A folder carried by Syncthing, a sync client or a USB stick.
    Folder { path: PathBuf },
    /// An S3-compatible bucket (Garage, MinIO, a cloud).
    S3 {
        endpoint: String,
        bucket: String,
        region: String,
        access_key_id: SecretString,
        secret_access_key: SecretString,
    },
    /// A WebDAV collection (Nextcloud, Apache mod_dav).
    WebDav {
        url: String,
        user: SecretString,
        password: SecretString,
    },
}

impl std::fmt::Debug for MailboxSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MailboxSetup { [REDACTED] }")
    }
}

/// A mailbox as listed: no secret, no key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxInfo {
    pub name: String,
    pub engine: super::codes::MailboxEngine,
    /// The folder, `ENDPOINT/BUCKET`, or the WebDAV URL.
    pub location: String,
    pub added_by: String,
    pub added_at: String,
    /// Items (cases and status cards) waiting to be uploaded, uploaded and awaiting their
    /// receipt, and delivered.
    pub queued: i64,
    pub uploaded: i64,
    pub delivered: i64,
}

/// The non-secret settings, as stored (JSON inside the encrypted database).
#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bucket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// The secrets, as sealed. Zeroized on drop.
#[derive(Serialize, Deserialize, Default, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
struct Secrets {
    key: String,
    #[serde(default)]
    first: String,
    #[serde(default)]
    second: String,
}

/// Reads a mailbox key line (`waystone-mailbox-key-v1:` and 64 hex digits).
pub fn parse_key_line(line: &str) -> Result<MailboxKey, VaultError> {
    let bad =
        || VaultError::Invalid("the mailbox key is not a key line printed by `mailbox key`".into());
    let hex_part = line.trim().strip_prefix(KEY_LINE_PREFIX).ok_or_else(bad)?;
    let bytes = Zeroizing::new(hex::decode(hex_part).map_err(|_| bad())?);
    let array: [u8; 32] = bytes.as_slice().try_into().map_err(|_| bad())?;
    Ok(MailboxKey::from_bytes(array))
}

fn check_name(name: &str) -> Result<(), VaultError> {
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(VaultError::Invalid(
            "a mailbox name is 1 to 64 characters without control characters".into(),
        ));
    }
    Ok(())
}

fn aad(vault_id: &str, name: &str) -> String {
    format!("waystone-mailbox-v1|{vault_id}|{name}")
}

/// Transport options: the crate's defaults (10 s to connect, 3 retries within 30 s).
pub(super) fn options() -> Options {
    Options::default()
}

impl Vault {
    /// Adds a mailbox (admins). `key`: the team's mailbox key from another vault, or `None`
    /// to make a new one. The settings are checked (URLs, a folder that exists) without
    /// contacting the server; `test_mailbox` does that.
    pub fn add_mailbox(
        &mut self,
        name: &str,
        setup: MailboxSetup,
        key: Option<MailboxKey>,
    ) -> Result<MailboxInfo, VaultError> {
        self.require_op(Op::ManageMailboxes)?;
        let name = name.trim();
        check_name(name)?;
        let key = match key {
            Some(k) => k,
            None => MailboxKey::generate()?,
        };
        let mut settings = Settings::default();
        let mut secrets = Secrets::default();
        secrets.key = hex::encode(key.expose_secret_bytes());
        let engine = match setup {
            MailboxSetup::Folder { path } => {
                let path = std::path::absolute(&path).map_err(|_| {
                    VaultError::Invalid("the mailbox folder's path is not usable".into())
                })?;
                settings.path = Some(
                    path.to_str()
                        .ok_or_else(|| {
                            VaultError::Invalid("the mailbox folder's path is not UTF-8".into())
                        })?
                        .to_owned(),
                );
                "folder"
            }
            MailboxSetup::S3 {
                endpoint,
                bucket,
                region,
                access_key_id,
                secret_access_key,
            } => {
                use secrecy::ExposeSecret;
                settings.endpoint = Some(endpoint);
                settings.bucket = Some(bucket);
                settings.region = Some(region);
                secrets.first = access_key_id.expose_secret().to_owned();
                secrets.second = secret_access_key.expose_secret().to_owned();
                "s3"
            }
            MailboxSetup::WebDav {
                url,
                user,
                password,
            } => {
                use secrecy::ExposeSecret;
                settings.url = Some(url);
                secrets.first = user.expose_secret().to_owned();
                secrets.second = password.expose_secret().to_owned();
                "webdav"
            }
        };
        let settings_json = serde_json::to_string(&settings)
            .map_err(|_| VaultError::Internal("mailbox settings"))?;
        // the settings must make a client (checked before anything is stored)
        drop(build(engine, &settings, &secrets)?);
        let plain = Zeroizing::new(
            serde_json::to_vec(&secrets).map_err(|_| VaultError::Internal("mailbox secrets"))?,
        );
        let (nonce, sealed) = crypto::seal(
            &self.vmk.subkey(Subkey::Mailboxes),
            &plain,
            aad(&self.slots.vault_id, name).as_bytes(),
        );
        store::insert(
            &self.conn,
            &MailboxRow {
                id: 0,
                name: name.to_owned(),
                engine: engine.to_owned(),
                settings: settings_json,
                nonce: nonce.to_vec(),
                sealed,
                added_by: self.session.user.clone(),
                added_at: now(),
            },
        )?;
        self.audit("mailbox.add", name)?;
        self.mailbox_info(name)
    }

    /// The names of this vault's mailboxes, in the order they were added (the first is the
    /// default for sending): for anyone who sends, to choose one. No location, engine or
    /// credential.
    pub fn mailbox_names(&self) -> Result<Vec<String>, VaultError> {
        Ok(store::list(&self.conn)?
            .into_iter()
            .map(|m| m.name)
            .collect())
    }

    /// Every mailbox of this vault (admins), without secrets.
    pub fn mailboxes(&self) -> Result<Vec<MailboxInfo>, VaultError> {
        self.require_op(Op::ManageMailboxes)?;
        store::list(&self.conn)?
            .iter()
            .map(|row| self.info_of(row))
            .collect()
    }

    fn mailbox_info(&self, name: &str) -> Result<MailboxInfo, VaultError> {
        let row = store::by_name(&self.conn, name)?.ok_or(VaultError::NoMailbox)?;
        self.info_of(&row)
    }

    fn info_of(&self, row: &MailboxRow) -> Result<MailboxInfo, VaultError> {
        let s = settings_of(row)?;
        let location = match row.engine.as_str() {
            "folder" => s.path.unwrap_or_default(),
            "s3" => format!(
                "{}/{}",
                s.endpoint.unwrap_or_default().trim_end_matches('/'),
                s.bucket.unwrap_or_default()
            ),
            _ => s.url.unwrap_or_default(),
        };
        let (queued, uploaded, delivered) = store::outbox_counts(&self.conn, row.id)?;
        Ok(MailboxInfo {
            name: row.name.clone(),
            engine: super::codes::MailboxEngine::parse(&row.engine)
                .ok_or(VaultError::Corrupt("a mailbox's engine is unknown"))?,
            location,
            added_by: row.added_by.clone(),
            added_at: row.added_at.clone(),
            queued,
            uploaded,
            delivered,
        })
    }

    /// Removes a mailbox and its outbox and inbox records (admins); returns how many items
    /// were still waiting to be uploaded (they are dropped; send them again through another
    /// mailbox). Objects already on the server stay there.
    pub fn remove_mailbox(&mut self, name: &str) -> Result<usize, VaultError> {
        self.require_op(Op::ManageMailboxes)?;
        let row = store::by_name(&self.conn, name)?.ok_or(VaultError::NoMailbox)?;
        let dropped = store::remove(&self.conn, row.id)?;
        self.audit("mailbox.remove", name)?;
        Ok(dropped)
    }

    /// Lists the mailbox's top level (admins): the server answers, the credentials work,
    /// the folder, bucket or collection exists. Writes nothing there.
    pub fn test_mailbox(&self, name: &str) -> Result<(), VaultError> {
        self.require_op(Op::ManageMailboxes)?;
        let row = store::by_name(&self.conn, name)?.ok_or(VaultError::NoMailbox)?;
        self.open_mailbox(&row)?.test_connection()?;
        Ok(())
    }

    /// **Secret**: the mailbox key as one line, for setting up a teammate's vault with the
    /// same key (admins; audited). Hand it over as a recovery key is: in person, never by
    /// e-mail or chat.
    pub fn mailbox_key_line(&mut self, name: &str) -> Result<Zeroizing<String>, VaultError> {
        self.require_op(Op::ManageMailboxes)?;
        let row = store::by_name(&self.conn, name)?.ok_or(VaultError::NoMailbox)?;
        let secrets = self.unseal(&row)?;
        self.audit("mailbox.key_shown", name)?;
        Ok(Zeroizing::new(format!("{KEY_LINE_PREFIX}{}", secrets.key)))
    }

    fn unseal(&self, row: &MailboxRow) -> Result<Secrets, VaultError> {
        let damaged = VaultError::Corrupt("a mailbox's sealed settings were changed or moved");
        let plain = crypto::open(
            &self.vmk.subkey(Subkey::Mailboxes),
            &row.nonce,
            &row.sealed,
            aad(&self.slots.vault_id, &row.name).as_bytes(),
        )
        .map_err(|_| damaged)?;
        serde_json::from_slice(&plain)
            .map_err(|_| VaultError::Corrupt("a mailbox's sealed settings are damaged"))
    }

    /// The transport client of a stored mailbox (contacts no server yet).
    pub(super) fn open_mailbox(&self, row: &MailboxRow) -> Result<BlockingMailbox, VaultError> {
        let secrets = self.unseal(row)?;
        build(&row.engine, &settings_of(row)?, &secrets)
    }
}

fn settings_of(row: &MailboxRow) -> Result<Settings, VaultError> {
    serde_json::from_str(&row.settings)
        .map_err(|_| VaultError::Corrupt("a mailbox's settings are damaged"))
}

fn build(engine: &str, s: &Settings, secrets: &Secrets) -> Result<BlockingMailbox, VaultError> {
    let missing = || VaultError::Corrupt("a mailbox's settings are incomplete");
    let key_bytes = Zeroizing::new(
        hex::decode(&secrets.key).map_err(|_| VaultError::Corrupt("a mailbox key is damaged"))?,
    );
    let array: [u8; 32] = key_bytes
        .as_slice()
        .try_into()
        .map_err(|_| VaultError::Corrupt("a mailbox key is damaged"))?;
    let key = MailboxKey::from_bytes(array);
    let config = match engine {
        "folder" => Config::Folder(FolderConfig {
            path: s.path.clone().ok_or_else(missing)?.into(),
        }),
        "s3" => Config::S3(S3Config {
            endpoint: s.endpoint.clone().ok_or_else(missing)?,
            bucket: s.bucket.clone().ok_or_else(missing)?,
            region: s.region.clone().ok_or_else(missing)?,
            access_key_id: secrets.first.as_str().into(),
            secret_access_key: secrets.second.as_str().into(),
        }),
        "webdav" => Config::WebDav(WebDavConfig {
            url: s.url.clone().ok_or_else(missing)?,
            user: secrets.first.as_str().into(),
            password: secrets.second.as_str().into(),
        }),
        _ => return Err(VaultError::Corrupt("a mailbox's engine is unknown")),
    };
    Ok(BlockingMailbox::open(config, key, &options())?)
}
