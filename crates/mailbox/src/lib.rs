//! Waystone's mailbox transport: carries already-encrypted bundles through storage the
//! organisation runs — a folder carried by Syncthing or a sync client, an S3-compatible
//! bucket (Garage, MinIO, a cloud), a WebDAV collection (Nextcloud, Apache mod_dav) — so
//! that the server sees only padded, randomly named, sealed objects.
//!
//! Owns: object names and recipient prefixes (`name`, `key`), the padded and sealed object
//! format (`frame`), the engines through one client library, object_store (`mailbox`), and
//! the classification of every failure into [`MailboxError`] (`error`). It knows nothing of
//! vaults, cases, contacts, receipts or retries across syncs: the core drives it (outbox,
//! seen names, receipts, replay and rollback refusal), and the bundle inside each object is
//! opened and verified by `waystone-bundle`.
//!
//! What the server sees, and what it cannot, is in this crate's README.md and SECURITY.md.
//!
//! # Recipe: send a bundle, fetch it on the other side
//!
//! ```
//! use waystone_mailbox::{BlockingMailbox, Config, FolderConfig, MailboxKey, Options};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?; // a synced folder, in real use
//! let lawyer = waystone_bundle::UserKeys::generate()?.public();
//! // Once per mailbox: one key for the team, stored encrypted in each vault.
//! let secret = MailboxKey::generate()?.expose_secret_bytes().to_owned();
//!
//! // The caseworker's side.
//! let config = Config::Folder(FolderConfig { path: dir.path().into() });
//! let outbox = BlockingMailbox::open(config, MailboxKey::from_bytes(secret), &Options::default())?;
//! let bundle = b"age-encrypted, signed bundle bytes".to_vec();
//! let name = outbox.put(&outbox.prefix_for(&lawyer), &bundle)?; // keep `name` until the receipt
//!
//! // The lawyer's side (another device sharing the folder).
//! let config = Config::Folder(FolderConfig { path: dir.path().into() });
//! let inbox = BlockingMailbox::open(config, MailboxKey::from_bytes(secret), &Options::default())?;
//! let listing = inbox.list(&inbox.prefix_for(&lawyer))?;
//! assert_eq!(listing.objects.len(), 1);
//! assert_eq!(inbox.get(&listing.objects[0].name)?, bundle); // then waystone_bundle::open
//! inbox.delete(&name)?; // once the receipt went back
//! # Ok(()) }
//! ```
//!
//! # Recipe: a new engine
//!
//! Prefer an object_store backend: add a [`Config`] variant, build the store in
//! `Mailbox::open`, and say in this module's docs what the engine lacks (atomic publish,
//! shallow listing) and how the adapter makes up for it, as WebDAV's MOVE does. Then run the
//! suite in `tests/engines.rs` against a real server of it on loopback.

mod config;
mod error;
mod frame;
mod key;
mod mailbox;
mod name;

pub use config::{Config, FolderConfig, Options, S3Config, SecretString, WebDavConfig};
pub use error::{Damage, MailboxError};
pub use frame::{bucket, is_bucket, DEFAULT_MAX_OBJECT, FRAME_VERSION, MIN_BUCKET, OVERHEAD};
pub use key::{MailboxKey, RecipientPrefix};
pub use mailbox::{BlockingMailbox, EngineKind, Listing, Mailbox, ObjectMeta};
pub use name::{ObjectName, Stray, StrayKind};
