//! [`Mailbox`] (async) and [`BlockingMailbox`] (for the synchronous core and CLI): put,
//! list, get and delete sealed objects on one engine.
//!
//! The engines are object_store's `LocalFileSystem`, `AmazonS3` and `HttpStore`. What this
//! module adds per engine:
//! - **Folder**: fsync on (object_store writes `<name>#<n>` then renames; the staging file is
//!   never listed), empty recipient folders removed when their last object goes.
//! - **S3**: nothing; one PUT per object (object_store never splits a plain `put`), which
//!   S3 makes visible all at once.
//! - **WebDAV**: object_store's `HttpStore` PUTs straight to the final name and renames by
//!   COPY + DELETE, and its `list` asks for `Depth: infinity`, which Apache refuses (403).
//!   So uploads go to `<prefix>/.tmp-<id>` and are published with a WebDAV `MOVE` (a rename
//!   on the server's disk) made here with reqwest, and listing uses `list_with_delimiter`
//!   (`Depth: 1`) on every engine.

use std::sync::Arc;

use base64::Engine as _;
use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{
    BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig,
};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::Url;
use secrecy::ExposeSecret;
use waystone_bundle::PublicKeys;

use crate::config::{check_url, Config, Options};
use crate::error::{classify, classify_reqwest, from_status, MailboxError};
use crate::frame;
use crate::key::{MailboxKey, RecipientPrefix};
use crate::name::{classify_entry, random_id, ObjectName, Stray, StrayKind, UPLOAD_TEMP_PREFIX};

/// Which engine a mailbox runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EngineKind {
    /// A local folder carried by a sync tool.
    Folder,
    /// An S3-compatible bucket.
    S3,
    /// A WebDAV collection.
    WebDav,
}

/// One object found in a recipient's prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMeta {
    /// Its name.
    pub name: ObjectName,
    /// Its size on the server (a padding bucket, unless damaged).
    pub size: u64,
    /// When the server says it was last written (Unix seconds).
    pub modified_unix: i64,
}

/// What [`Mailbox::list`] found in one prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The objects, oldest first. Each name appears once.
    pub objects: Vec<ObjectMeta>,
    /// Entries that are not objects (conflict copies, temporary and unknown files). Never
    /// returned as objects.
    pub strays: Vec<Stray>,
}

impl Listing {
    /// The conflict copies and unknown entries: what to report to a person (temporary files
    /// are a sync tool's business).
    pub fn reportable_strays(&self) -> impl Iterator<Item = &Stray> {
        self.strays
            .iter()
            .filter(|s| s.kind != StrayKind::Temporary)
    }
}

/// The WebDAV MOVE this crate makes itself (see the module doc).
struct WebDavMover {
    client: reqwest::Client,
    base: Url,
    auth: HeaderValue,
}

impl WebDavMover {
    fn url(&self, path: &Path) -> Result<Url, MailboxError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|_| MailboxError::InvalidConfig("the WebDAV address cannot hold paths"))?
            .pop_if_empty()
            .extend(path.parts());
        Ok(url)
    }

    async fn publish(&self, from: &Path, to: &Path) -> Result<(), MailboxError> {
        let method = reqwest::Method::from_bytes(b"MOVE")
            .map_err(|_| MailboxError::Internal("the MOVE method"))?;
        let destination = self.url(to)?;
        let response = self
            .client
            .request(method, self.url(from)?)
            .header(AUTHORIZATION, self.auth.clone())
            .header("Destination", destination.as_str())
            .header("Overwrite", "T")
            .send()
            .await
            .map_err(|e| classify_reqwest(&e))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(from_status(status.as_u16()))
        }
    }
}

/// A mailbox on one engine, sealing and unsealing with the team's [`MailboxKey`]. Cheap to
/// share between tasks (`&self` everywhere). Nothing is contacted until the first call.
pub struct Mailbox {
    engine: EngineKind,
    store: Arc<dyn ObjectStore>,
    key: MailboxKey,
    max_object: u64,
    webdav: Option<WebDavMover>,
}

impl std::fmt::Debug for Mailbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailbox")
            .field("engine", &self.engine)
            .finish_non_exhaustive()
    }
}

fn client_options(options: &Options, plain_http: bool) -> ClientOptions {
    ClientOptions::new()
        .with_connect_timeout(options.connect_timeout)
        .with_read_timeout(options.read_timeout)
        .with_timeout_disabled()
        .with_allow_http(plain_http)
}

fn retry_config(options: &Options) -> RetryConfig {
    RetryConfig {
        backoff: BackoffConfig {
            init_backoff: std::time::Duration::from_millis(100),
            max_backoff: std::time::Duration::from_secs(5),
            base: 2.0,
        },
        max_retries: options.retries,
        retry_timeout: options.retry_timeout,
    }
}

impl Mailbox {
    /// Builds the client for `config`. Checks the settings (URLs, a folder that exists) but
    /// contacts no server: use [`Mailbox::test_connection`] for that.
    pub fn open(config: Config, key: MailboxKey, options: &Options) -> Result<Self, MailboxError> {
        let (engine, store, webdav): (EngineKind, Arc<dyn ObjectStore>, _) = match config {
            Config::Folder(folder) => {
                if !folder.path.is_dir() {
                    return Err(MailboxError::MailboxMissing);
                }
                let store = LocalFileSystem::new_with_prefix(&folder.path)
                    .map_err(|e| classify(&e))?
                    .with_fsync(true)
                    .with_automatic_cleanup(true);
                (EngineKind::Folder, Arc::new(store), None)
            }
            Config::S3(s3) => {
                let url = check_url(&s3.endpoint, options)?;
                if s3.bucket.is_empty() || s3.bucket.contains('/') {
                    return Err(MailboxError::InvalidConfig(
                        "the bucket name is empty or has a '/'",
                    ));
                }
                let store = object_store::aws::AmazonS3Builder::new()
                    .with_endpoint(url.as_str().trim_end_matches('/'))
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(s3.access_key_id.expose_secret())
                    .with_secret_access_key(s3.secret_access_key.expose_secret())
                    .with_virtual_hosted_style_request(false)
                    .with_allow_http(url.scheme() == "http")
                    .with_client_options(client_options(options, url.scheme() == "http"))
                    .with_retry(retry_config(options))
                    .build()
                    .map_err(|_| MailboxError::InvalidConfig("the S3 settings were refused"))?;
                (EngineKind::S3, Arc::new(store), None)
            }
            Config::WebDav(dav) => {
                let mut url = check_url(&dav.url, options)?;
                if !url.path().ends_with('/') {
                    let path = format!("{}/", url.path());
                    url.set_path(&path);
                }
                let credentials = format!(
                    "{}:{}",
                    dav.user.expose_secret(),
                    dav.password.expose_secret()
                );
                let credentials = zeroize::Zeroizing::new(credentials);
                let encoded = zeroize::Zeroizing::new(
                    base64::engine::general_purpose::STANDARD.encode(credentials.as_bytes()),
                );
                let mut auth = HeaderValue::from_str(&format!("Basic {}", encoded.as_str()))
                    .map_err(|_| {
                        MailboxError::InvalidConfig(
                            "the WebDAV user or password has characters HTTP cannot carry",
                        )
                    })?;
                auth.set_sensitive(true);
                let mut headers = HeaderMap::new();
                headers.insert(AUTHORIZATION, auth.clone());
                let plain_http = url.scheme() == "http";
                let store = object_store::http::HttpBuilder::new()
                    .with_url(url.as_str())
                    .with_client_options(
                        client_options(options, plain_http).with_default_headers(headers),
                    )
                    .with_retry(retry_config(options))
                    .build()
                    .map_err(|_| MailboxError::InvalidConfig("the WebDAV settings were refused"))?;
                let client = reqwest::Client::builder()
                    .connect_timeout(options.connect_timeout)
                    .read_timeout(options.read_timeout)
                    .https_only(!plain_http)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|_| MailboxError::Internal("building the WebDAV client"))?;
                let mover = WebDavMover {
                    client,
                    base: url,
                    auth,
                };
                (EngineKind::WebDav, Arc::new(store), Some(mover))
            }
        };
        Ok(Self {
            engine,
            store,
            key,
            max_object: options.max_object,
            webdav,
        })
    }

    /// The engine this mailbox runs on.
    pub fn engine(&self) -> EngineKind {
        self.engine
    }

    /// The prefix under which `recipient`'s objects sit in this mailbox.
    pub fn prefix_for(&self, recipient: &PublicKeys) -> RecipientPrefix {
        self.key.prefix_for(recipient)
    }

    /// Lists the mailbox's top level: proves the server answers, the credentials work and
    /// the folder, bucket or collection exists. Writes nothing.
    pub async fn test_connection(&self) -> Result<(), MailboxError> {
        match self.store.list_with_delimiter(None).await {
            Ok(_) => Ok(()),
            // A bucket or collection that does not exist lists as "not found".
            Err(e) => Err(match classify(&e) {
                MailboxError::NotFound => MailboxError::MailboxMissing,
                other => other,
            }),
        }
    }

    /// Pads, seals and uploads `payload` (an age-encrypted, signed bundle) for the recipient
    /// behind `prefix`. The object becomes visible to readers whole or not at all. Returns
    /// its name, to remember until the receipt is back.
    pub async fn put(
        &self,
        prefix: &RecipientPrefix,
        payload: &[u8],
    ) -> Result<ObjectName, MailboxError> {
        let name = ObjectName::random(prefix)?;
        self.put_named(&name, payload).await?;
        Ok(name)
    }

    /// Like [`Mailbox::put`], under a name chosen beforehand with [`ObjectName::random`]
    /// (record it, then upload). Putting the same name again replaces the object whole.
    pub async fn put_named(&self, name: &ObjectName, payload: &[u8]) -> Result<(), MailboxError> {
        let prefix = name.prefix();
        let sealed = frame::seal(&self.key, name, payload, self.max_object)?;
        let path = path_of(&name.key())?;
        let body = PutPayload::from(Bytes::from(sealed));
        match &self.webdav {
            None => {
                self.store
                    .put(&path, body)
                    .await
                    .map_err(|e| classify(&e))?;
            }
            Some(mover) => {
                let temp = path_of(&format!("{prefix}/{UPLOAD_TEMP_PREFIX}{}", random_id()?))?;
                self.store
                    .put(&temp, body)
                    .await
                    .map_err(|e| classify(&e))?;
                if let Err(e) = mover.publish(&temp, &path).await {
                    // Best effort: a temporary left behind is listed as a stray, never read.
                    let _ = self.store.delete(&temp).await;
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// The objects (and strays) under `prefix`, oldest first. A prefix nobody wrote to yet is
    /// empty, not an error.
    pub async fn list(&self, prefix: &RecipientPrefix) -> Result<Listing, MailboxError> {
        let folder = path_of(prefix.as_str())?;
        let result = match self.store.list_with_delimiter(Some(&folder)).await {
            Ok(result) => result,
            Err(e) => match classify(&e) {
                MailboxError::NotFound => return Ok(Listing::default()),
                other => return Err(other),
            },
        };
        let mut listing = Listing::default();
        for meta in result.objects {
            let Some(entry) = meta.location.filename() else {
                continue;
            };
            match classify_entry(prefix, entry) {
                Ok(name) => listing.objects.push(ObjectMeta {
                    name,
                    size: meta.size,
                    modified_unix: meta.last_modified.timestamp(),
                }),
                Err(stray) => listing.strays.push(stray),
            }
        }
        for sub in result.common_prefixes {
            // A PROPFIND answer names the collection itself, and object_store 0.14 passes it
            // on as a sub-folder, with the base URL's path left in front ("dav/<prefix>").
            if sub.filename() == Some(prefix.as_str()) {
                continue;
            }
            let entry = sub.filename().unwrap_or_default();
            listing.strays.push(Stray {
                key: format!("{prefix}/{entry}"),
                kind: StrayKind::Unknown,
                original: None,
            });
        }
        listing
            .objects
            .sort_by(|a, b| (a.modified_unix, &a.name).cmp(&(b.modified_unix, &b.name)));
        listing.objects.dedup_by(|a, b| a.name == b.name);
        Ok(listing)
    }

    /// Downloads `name`, checks and unseals it, and returns the payload exactly as it was
    /// put. A damaged, truncated, renamed or foreign object is refused
    /// ([`MailboxError::Damaged`]) and nothing is returned.
    pub async fn get(&self, name: &ObjectName) -> Result<Vec<u8>, MailboxError> {
        let result = self
            .store
            .get(&path_of(&name.key())?)
            .await
            .map_err(|e| classify(&e))?;
        if result.meta.size > self.max_object {
            return Err(MailboxError::TooLarge(
                "the object is above the mailbox's size limit",
            ));
        }
        let bytes = result.bytes().await.map_err(|e| classify(&e))?;
        frame::open(&self.key, name, Vec::from(bytes), self.max_object)
    }

    /// Deletes `name` (once its receipt is back). Deleting an object that is already gone
    /// succeeds: another device may have done it.
    pub async fn delete(&self, name: &ObjectName) -> Result<(), MailboxError> {
        self.delete_key(&name.key()).await
    }

    /// Deletes a stray (a conflict copy, a stale temporary, an unknown entry) reported by
    /// [`Mailbox::list`].
    pub async fn delete_stray(&self, stray: &Stray) -> Result<(), MailboxError> {
        match stray.key.split_once('/') {
            Some((prefix, entry))
                if RecipientPrefix::parse(prefix).is_some()
                    && !entry.is_empty()
                    && !entry.contains('/') =>
            {
                self.delete_key(&stray.key).await
            }
            _ => Err(MailboxError::InvalidConfig(
                "not an entry of a recipient's prefix",
            )),
        }
    }

    async fn delete_key(&self, key: &str) -> Result<(), MailboxError> {
        match self.store.delete(&path_of(key)?).await {
            Ok(()) => Ok(()),
            Err(e) => match classify(&e) {
                MailboxError::NotFound => Ok(()),
                other => Err(other),
            },
        }
    }

    /// For tests and the bench: writes raw bytes at `key` as the server would hold them.
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub async fn put_raw_for_tests(&self, key: &str, bytes: Vec<u8>) -> Result<(), MailboxError> {
        self.store
            .put(&path_of(key)?, PutPayload::from(Bytes::from(bytes)))
            .await
            .map(|_| ())
            .map_err(|e| classify(&e))
    }

    /// For tests: the raw bytes at `key`.
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub async fn get_raw_for_tests(&self, key: &str) -> Result<Vec<u8>, MailboxError> {
        let r = self
            .store
            .get(&path_of(key)?)
            .await
            .map_err(|e| classify(&e))?;
        Ok(Vec::from(r.bytes().await.map_err(|e| classify(&e))?))
    }
}

fn path_of(key: &str) -> Result<Path, MailboxError> {
    Path::parse(key).map_err(|_| MailboxError::Internal("an object key is not a valid path"))
}

/// [`Mailbox`] for synchronous callers (the core, the CLI): each call runs on a
/// single-threaded runtime this value owns. Call it from a plain thread, never from inside
/// an async task (that is refused with [`MailboxError::InsideAsyncRuntime`]; the Tauri shell
/// uses `spawn_blocking`, or the async [`Mailbox`]).
pub struct BlockingMailbox {
    runtime: tokio::runtime::Runtime,
    inner: Mailbox,
}

impl std::fmt::Debug for BlockingMailbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl BlockingMailbox {
    /// See [`Mailbox::open`].
    pub fn open(config: Config, key: MailboxKey, options: &Options) -> Result<Self, MailboxError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|_| MailboxError::Internal("starting the I/O runtime"))?;
        // reqwest's clients must be built inside a runtime context.
        let inner = {
            let _guard = runtime.enter();
            Mailbox::open(config, key, options)?
        };
        Ok(Self { runtime, inner })
    }

    fn run<T>(
        &self,
        f: impl std::future::Future<Output = Result<T, MailboxError>>,
    ) -> Result<T, MailboxError> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(MailboxError::InsideAsyncRuntime);
        }
        self.runtime.block_on(f)
    }

    /// The async mailbox inside.
    pub fn inner(&self) -> &Mailbox {
        &self.inner
    }

    /// See [`Mailbox::prefix_for`].
    pub fn prefix_for(&self, recipient: &PublicKeys) -> RecipientPrefix {
        self.inner.prefix_for(recipient)
    }

    /// See [`Mailbox::test_connection`].
    pub fn test_connection(&self) -> Result<(), MailboxError> {
        self.run(self.inner.test_connection())
    }

    /// See [`Mailbox::put`].
    pub fn put(
        &self,
        prefix: &RecipientPrefix,
        payload: &[u8],
    ) -> Result<ObjectName, MailboxError> {
        self.run(self.inner.put(prefix, payload))
    }

    /// See [`Mailbox::put_named`].
    pub fn put_named(&self, name: &ObjectName, payload: &[u8]) -> Result<(), MailboxError> {
        self.run(self.inner.put_named(name, payload))
    }

    /// See [`Mailbox::list`].
    pub fn list(&self, prefix: &RecipientPrefix) -> Result<Listing, MailboxError> {
        self.run(self.inner.list(prefix))
    }

    /// See [`Mailbox::get`].
    pub fn get(&self, name: &ObjectName) -> Result<Vec<u8>, MailboxError> {
        self.run(self.inner.get(name))
    }

    /// See [`Mailbox::delete`].
    pub fn delete(&self, name: &ObjectName) -> Result<(), MailboxError> {
        self.run(self.inner.delete(name))
    }

    /// [`Mailbox::put_named`] of each item, all in flight at once; one result per item, in
    /// order. The caller bounds the batch (a few objects, a few tens of MiB): every payload
    /// and its sealed copy are in memory together.
    ///
    /// On WebDAV the first object of each recipient's prefix goes alone: the first PUT into a
    /// folder makes it (MKCOL), and two of those at once race (one is refused with 405).
    pub fn put_all(&self, items: &[(&ObjectName, &[u8])]) -> Vec<Result<(), MailboxError>> {
        let mut results: Vec<Option<Result<(), MailboxError>>> =
            std::iter::repeat_with(|| None).take(items.len()).collect();
        if self.inner.engine() == EngineKind::WebDav {
            let mut first_of_prefix = std::collections::HashSet::new();
            for (slot, (name, payload)) in results.iter_mut().zip(items) {
                if first_of_prefix.insert(name.prefix().as_str()) {
                    *slot = Some(self.put_named(name, payload));
                }
            }
        }
        let rest: Vec<usize> = (0..items.len()).filter(|&i| results[i].is_none()).collect();
        let done = self.run_all(rest.iter().map(|&i| {
            let (name, payload) = items[i];
            self.inner.put_named(name, payload)
        }));
        for (i, result) in rest.into_iter().zip(done) {
            results[i] = Some(result);
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or(Err(MailboxError::Internal("a batch item was not sent"))))
            .collect()
    }

    /// [`Mailbox::get`] of each name, all in flight at once; one result per name, in order.
    pub fn get_all(&self, names: &[&ObjectName]) -> Vec<Result<Vec<u8>, MailboxError>> {
        self.run_all(names.iter().map(|name| self.inner.get(name)))
    }

    /// [`Mailbox::delete`] of each name, all in flight at once; one result per name, in
    /// order.
    pub fn delete_all(&self, names: &[&ObjectName]) -> Vec<Result<(), MailboxError>> {
        self.run_all(names.iter().map(|name| self.inner.delete(name)))
    }

    fn run_all<T, F>(&self, futures: impl Iterator<Item = F>) -> Vec<Result<T, MailboxError>>
    where
        F: std::future::Future<Output = Result<T, MailboxError>>,
    {
        let futures: Vec<F> = futures.collect();
        if tokio::runtime::Handle::try_current().is_ok() {
            return futures
                .iter()
                .map(|_| Err(MailboxError::InsideAsyncRuntime))
                .collect();
        }
        self.runtime.block_on(futures::future::join_all(futures))
    }

    /// See [`Mailbox::delete_stray`].
    pub fn delete_stray(&self, stray: &Stray) -> Result<(), MailboxError> {
        self.run(self.inner.delete_stray(stray))
    }

    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn put_raw_for_tests(&self, key: &str, bytes: Vec<u8>) -> Result<(), MailboxError> {
        self.run(self.inner.put_raw_for_tests(key, bytes))
    }

    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn get_raw_for_tests(&self, key: &str) -> Result<Vec<u8>, MailboxError> {
        self.run(self.inner.get_raw_for_tests(key))
    }
}
