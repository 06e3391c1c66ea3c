//! Real servers on loopback for the engine tests: Apache httpd + mod_dav (WebDAV, basic auth)
//! and moto_server (S3), each on a random free port of 127.0.0.1, in a temporary directory,
//! with a timeout on every readiness loop, stopped when dropped. An S3 server of your own
//! (Garage: scripts/mailbox-garage.sh) replaces moto when `WAYSTONE_MAILBOX_S3_ENDPOINT` is
//! set.
//!
//! A server that is not installed fails the test with a message saying how to install it,
//! unless `WAYSTONE_MAILBOX_SERVERS=optional`: then the test prints `SKIPPED: …` to stderr and
//! returns. scripts/setup.sh installs both (apache2 ≈ 7 s, moto ≈ 12 s here), so CI runs all.
//! All people and payloads are synthetic.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use waystone_mailbox::{
    BlockingMailbox, Config, FolderConfig, MailboxKey, Options, S3Config, WebDavConfig,
};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub const DAV_USER: &str = "field-laptop-1";
pub const DAV_PASSWORD: &str = "correct-horse-synthetic-7";
pub const MAILBOX_SECRET: [u8; 32] = [42; 32];

/// `Ok(None)` when the server is missing and the suite is optional (after printing
/// SKIPPED); an error when it is missing and required.
pub fn missing(what: &str, how: &str) -> Result<Option<std::convert::Infallible>, String> {
    if std::env::var("WAYSTONE_MAILBOX_SERVERS").as_deref() == Ok("optional") {
        eprintln!("SKIPPED: {what} is not installed ({how}); WAYSTONE_MAILBOX_SERVERS=optional");
        Ok(None)
    } else {
        Err(format!(
            "{what} is not installed: {how} (scripts/setup.sh does), or set WAYSTONE_MAILBOX_SERVERS=optional to skip these tests loudly"
        ))
    }
}

pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// A port nothing listens on (bound, then released).
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Waits until something accepts on `port`, at most `timeout`.
pub fn wait_for_port(port: u16, timeout: Duration) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect_timeout(
            &format!("127.0.0.1:{port}").parse().map_err(|_| "addr")?,
            Duration::from_millis(200),
        )
        .is_ok()
        {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(format!(
        "nothing listened on 127.0.0.1:{port} within {timeout:?}"
    ))
}

pub fn wait_for_port_closed(port: u16, timeout: Duration) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect(("127.0.0.1", port)).is_err() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(format!(
        "127.0.0.1:{port} still listening after {timeout:?}"
    ))
}

fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Options for tests: quick to give up, so fault tests take seconds.
pub fn quick_options() -> Options {
    Options {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(5),
        retries: 1,
        retry_timeout: Duration::from_secs(3),
        ..Options::default()
    }
}

pub fn key() -> MailboxKey {
    MailboxKey::from_bytes(MAILBOX_SECRET)
}

pub fn folder_mailbox(path: &Path) -> Result<BlockingMailbox, waystone_mailbox::MailboxError> {
    BlockingMailbox::open(
        Config::Folder(FolderConfig { path: path.into() }),
        key(),
        &quick_options(),
    )
}

/// Apache httpd with mod_dav and basic auth, serving `data/` at `/dav/`.
pub struct Apache {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Option<Child>,
}

impl Apache {
    /// Starts Apache, or `Ok(None)` if it is missing and optional.
    pub fn start() -> Result<Option<Self>, Box<dyn std::error::Error>> {
        if !on_path("apache2") && !Path::new("/usr/sbin/apache2").exists() {
            missing(
                "Apache httpd (WebDAV)",
                "apt-get install --no-install-recommends apache2 apache2-utils",
            )?;
            return Ok(None);
        }
        let dir = tempfile::tempdir()?;
        let port = free_port()?;
        let mut apache = Self {
            dir,
            port,
            child: None,
        };
        apache.write_config()?;
        apache.launch()?;
        Ok(Some(apache))
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/dav/", self.port)
    }

    fn write_config(&self) -> Result<(), Box<dyn std::error::Error>> {
        let root = self.dir.path();
        for sub in ["data", "lock", "run", "logs"] {
            std::fs::create_dir_all(root.join(sub))?;
        }
        // mod_dav writes as the worker user: data and lock dirs must be www-data's.
        let status = Command::new("chown")
            .args(["-R", "www-data:www-data"])
            .arg(root.join("data"))
            .arg(root.join("lock"))
            .status()?;
        if !status.success() {
            return Err("chown www-data failed (the WebDAV tests need root)".into());
        }
        // htpasswd -b takes the password on the command line: a synthetic one, fine here.
        let status = Command::new("htpasswd")
            .args(["-bc"])
            .arg(root.join("htpasswd"))
            .args([DAV_USER, DAV_PASSWORD])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !status.success() {
            return Err("htpasswd failed".into());
        }
        let m = "/usr/lib/apache2/modules";
        let r = root.display();
        let config = format!(
            r#"ServerRoot "{r}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{r}/run/httpd.pid"
DefaultRuntimeDir "{r}/run"
ErrorLog "{r}/logs/error.log"
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module {m}/mod_mpm_event.so
LoadModule authz_core_module {m}/mod_authz_core.so
LoadModule authn_core_module {m}/mod_authn_core.so
LoadModule authn_file_module {m}/mod_authn_file.so
LoadModule auth_basic_module {m}/mod_auth_basic.so
LoadModule authz_user_module {m}/mod_authz_user.so
LoadModule alias_module {m}/mod_alias.so
LoadModule dav_module {m}/mod_dav.so
LoadModule dav_fs_module {m}/mod_dav_fs.so
LogFormat "%h %l %u %t \"%r\" %>s %b" common
CustomLog "{r}/logs/access.log" common
DavLockDB "{r}/lock/DavLock"
Alias /dav "{r}/data"
<Directory "{r}/data">
  Dav On
  AuthType Basic
  AuthName "mailbox"
  AuthUserFile "{r}/htpasswd"
  Require valid-user
</Directory>
"#,
            port = self.port
        );
        std::fs::write(root.join("httpd.conf"), config)?;
        Ok(())
    }

    /// Starts (or restarts) the server on the same port and data.
    pub fn launch(&mut self) -> Result<(), Box<dyn std::error::Error>> {
        let stderr = std::fs::File::create(self.dir.path().join("logs/stderr.log"))?;
        let child = Command::new("apache2")
            .arg("-f")
            .arg(self.dir.path().join("httpd.conf"))
            .arg("-DFOREGROUND")
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()?;
        self.child = Some(child);
        if let Err(e) = wait_for_port(self.port, Duration::from_secs(15)) {
            let log = ["logs/error.log", "logs/stderr.log"]
                .map(|f| std::fs::read_to_string(self.dir.path().join(f)).unwrap_or_default())
                .join("\n");
            return Err(format!("Apache did not start: {e}\n{log}").into());
        }
        Ok(())
    }

    /// Stops the server (SIGTERM, then waits for the port to close).
    pub fn stop(&mut self) -> Result<(), String> {
        if let Some(mut child) = self.child.take() {
            terminate(&mut child);
        }
        wait_for_port_closed(self.port, Duration::from_secs(10))
    }

    pub fn mailbox(
        &self,
        password: &str,
    ) -> Result<BlockingMailbox, waystone_mailbox::MailboxError> {
        BlockingMailbox::open(
            Config::WebDav(WebDavConfig {
                url: self.url(),
                user: DAV_USER.into(),
                password: password.into(),
            }),
            key(),
            &quick_options(),
        )
    }
}

impl Drop for Apache {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// An S3 server: moto_server started here, or an external one (Garage) from the
/// environment.
pub struct S3Server {
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// True for an external server that checks credentials (Garage); moto accepts any.
    pub checks_credentials: bool,
    pub port: u16,
    child: Option<Child>,
}

impl S3Server {
    pub fn start() -> Result<Option<Self>, Box<dyn std::error::Error>> {
        if let Ok(endpoint) = std::env::var("WAYSTONE_MAILBOX_S3_ENDPOINT") {
            let var = |name: &str| {
                std::env::var(name)
                    .map_err(|_| format!("{name} must be set with WAYSTONE_MAILBOX_S3_ENDPOINT"))
            };
            let port = reqwest_port(&endpoint);
            return Ok(Some(Self {
                endpoint,
                bucket: var("WAYSTONE_MAILBOX_S3_BUCKET")?,
                region: var("WAYSTONE_MAILBOX_S3_REGION")?,
                access_key_id: var("WAYSTONE_MAILBOX_S3_ACCESS_KEY_ID")?,
                secret_access_key: var("WAYSTONE_MAILBOX_S3_SECRET_ACCESS_KEY")?,
                checks_credentials: true,
                port,
                child: None,
            }));
        }
        if !on_path("moto_server") {
            missing(
                "moto_server (S3)",
                "python3 -m pip install 'moto[s3]' flask flask-cors",
            )?;
            return Ok(None);
        }
        let port = free_port()?;
        let mut server = Self {
            endpoint: format!("http://127.0.0.1:{port}"),
            bucket: "mailbox".into(),
            region: "us-east-1".into(),
            access_key_id: "synthetic-access".into(),
            secret_access_key: "synthetic-secret".into(),
            checks_credentials: false,
            port,
            child: None,
        };
        server.launch()?;
        raw_http(port, "PUT", "/mailbox")?;
        Ok(Some(server))
    }

    pub fn launch(&mut self) -> Result<(), Box<dyn std::error::Error>> {
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &self.port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        wait_for_port(self.port, Duration::from_secs(30))?;
        Ok(())
    }

    pub fn stop(&mut self) -> Result<(), String> {
        match self.child.take() {
            Some(mut child) => {
                terminate(&mut child);
                wait_for_port_closed(self.port, Duration::from_secs(10))
            }
            None => Err("an external S3 server is not stopped by the tests".into()),
        }
    }

    pub fn is_ours(&self) -> bool {
        self.child.is_some()
    }

    pub fn mailbox_with(
        &self,
        bucket: &str,
        secret: &str,
    ) -> Result<BlockingMailbox, waystone_mailbox::MailboxError> {
        BlockingMailbox::open(
            Config::S3(S3Config {
                endpoint: self.endpoint.clone(),
                bucket: bucket.into(),
                region: self.region.clone(),
                access_key_id: self.access_key_id.as_str().into(),
                secret_access_key: secret.into(),
            }),
            key(),
            &quick_options(),
        )
    }

    pub fn mailbox(&self) -> Result<BlockingMailbox, waystone_mailbox::MailboxError> {
        self.mailbox_with(&self.bucket, &self.secret_access_key)
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            terminate(&mut child);
        }
    }
}

fn reqwest_port(endpoint: &str) -> u16 {
    endpoint
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or(443)
}

/// One unauthenticated HTTP/1.1 request (moto needs no signature to create a bucket).
pub fn raw_http(port: u16, method: &str, path: &str) -> Result<String, Box<dyn std::error::Error>> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    if !answer.starts_with("HTTP/1.1 2") && !answer.starts_with("HTTP/1.0 2") {
        return Err(format!("{method} {path}: {}", answer.lines().next().unwrap_or("")).into());
    }
    Ok(answer)
}

/// A fake server for faults no real server makes on demand: it accepts, reads up to
/// `read_bytes` of the request, then either closes the connection (`hang = false`) or holds
/// it open silently for `hold`.
pub struct FaultyServer {
    pub port: u16,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl FaultyServer {
    pub fn start(read_bytes: usize, hold: Option<Duration>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        listener.set_nonblocking(true)?;
        let handle = std::thread::spawn(move || {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(20) {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        let _ = stream.set_nonblocking(false);
                        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                        let mut buf = vec![0u8; read_bytes.max(1)];
                        let mut got = 0;
                        while got < read_bytes {
                            match stream.read(&mut buf[got..]) {
                                Ok(0) | Err(_) => break,
                                Ok(n) => got += n,
                            }
                        }
                        if let Some(hold) = hold {
                            std::thread::sleep(hold);
                        }
                        drop(stream);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Ok(Self {
            port,
            handle: Some(handle),
        })
    }
}

impl Drop for FaultyServer {
    fn drop(&mut self) {
        // The thread ends by itself within 20 s; tests do not wait for it.
        let _ = self.handle.take();
    }
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(root, &p, out);
                } else if let Ok(rel) = p.strip_prefix(root) {
                    out.push(rel.to_string_lossy().into_owned());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The folder id both Syncthing instances share.
pub const SYNCTHING_FOLDER: &str = "waystone-mailbox";

/// One Syncthing instance: its home (config, keys, index database, log) and the folder it
/// carries.
pub struct SyncthingNode {
    pub home: PathBuf,
    pub folder: PathBuf,
    pub gui_port: u16,
    pub listen_port: u16,
    pub id: String,
    api_key: String,
    child: Option<Child>,
}

/// Two Syncthing instances on loopback carrying one folder between two directories, as two
/// laptops would (MAILBOX.md's recipe): no global or local discovery, no relays, no NAT, no
/// usage reporting or upgrades; only one side dials (both dialling at once resets both
/// connections); `maxConflicts` 10 so concurrent writes make `*.sync-conflict-*` copies.
pub struct Syncthing {
    pub dir: tempfile::TempDir,
    pub a: SyncthingNode,
    pub b: SyncthingNode,
}

impl Syncthing {
    /// Starts both and waits until they are connected, or `Ok(None)` if Syncthing is missing
    /// and optional.
    pub fn start() -> Result<Option<Self>, Box<dyn std::error::Error>> {
        if !on_path("syncthing") {
            missing(
                "Syncthing",
                "apt-get install --no-install-recommends syncthing",
            )?;
            return Ok(None);
        }
        let dir = tempfile::tempdir()?;
        let mut a = SyncthingNode::generate(&dir.path().join("a"))?;
        let mut b = SyncthingNode::generate(&dir.path().join("b"))?;
        // only a dials b; b accepts a from wherever it comes
        let b_address = format!("tcp://127.0.0.1:{}", b.listen_port);
        a.configure(&b.id, &b_address)?;
        b.configure(&a.id, "dynamic")?;
        a.launch()?;
        b.launch()?;
        let st = Syncthing { dir, a, b };
        st.wait_connected(Duration::from_secs(60))?;
        Ok(Some(st))
    }

    fn wait_connected(&self, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            let answer = self
                .a
                .api("GET", "/rest/system/connections")
                .unwrap_or_default();
            if let Some(at) = answer.find(&self.b.id) {
                if answer[at..].contains("\"connected\": true")
                    || answer[at..].contains("\"connected\":true")
                {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err("the two Syncthing instances did not connect".into())
    }

    /// Rescans both folders, then waits until both hold the same files with the same bytes
    /// (Syncthing's own markers and temporaries aside): what one laptop wrote has reached the
    /// other.
    pub fn settle(&self, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            for n in [&self.a, &self.b] {
                let _ = n.api("POST", &format!("/rest/db/scan?folder={SYNCTHING_FOLDER}"));
            }
            if synced_files(&self.a.folder) == synced_files(&self.b.folder) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(150));
        }
        Err("the two Syncthing folders did not converge".into())
    }
}

/// The files of a synced folder with their bytes, without Syncthing's own.
fn synced_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = files_under(dir)
        .into_iter()
        .filter(|name| {
            !name.split('/').any(|part| {
                part == ".stfolder"
                    || part == ".stversions"
                    || part.starts_with(".syncthing.")
                    || part.starts_with("~syncthing~")
            })
        })
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap_or_default();
            (name, bytes)
        })
        .collect();
    out.sort();
    out
}

impl SyncthingNode {
    fn generate(home: &Path) -> Result<Self, Box<dyn std::error::Error>> {
        let folder = home.with_extension("folder");
        std::fs::create_dir_all(&folder)?;
        let status = Command::new("syncthing")
            .arg("generate")
            .arg(format!("--home={}", home.display()))
            .args(["--no-default-folder", "--skip-port-probing"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !status.success() {
            return Err("syncthing generate failed".into());
        }
        let out = Command::new("syncthing")
            .arg("serve")
            .arg(format!("--home={}", home.display()))
            .arg("--device-id")
            .output()?;
        let id = String::from_utf8(out.stdout)?.trim().to_owned();
        if id.is_empty() {
            return Err("syncthing gave no device id".into());
        }
        Ok(SyncthingNode {
            home: home.to_owned(),
            folder,
            gui_port: free_port()?,
            listen_port: free_port()?,
            id,
            api_key: String::new(),
            child: None,
        })
    }

    fn configure(
        &mut self,
        peer: &str,
        peer_address: &str,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let file = self.home.join("config.xml");
        let mut config = std::fs::read_to_string(&file)?;
        let set = |config: &mut String, tag: &str, value: &str| -> Result<(), String> {
            let open = format!("<{tag}>");
            let close = format!("</{tag}>");
            let start = config
                .find(&open)
                .ok_or(format!("no <{tag}> in config.xml"))?;
            let end = config[start..]
                .find(&close)
                .ok_or(format!("no </{tag}> in config.xml"))?
                + start;
            config.replace_range(start + open.len()..end, value);
            Ok(())
        };
        set(
            &mut config,
            "listenAddress",
            &format!("tcp://127.0.0.1:{}", self.listen_port),
        )?;
        for off in [
            "globalAnnounceEnabled",
            "localAnnounceEnabled",
            "relaysEnabled",
            "natEnabled",
            "startBrowser",
            "crashReportingEnabled",
        ] {
            set(&mut config, off, "false")?;
        }
        set(&mut config, "urAccepted", "-1")?;
        set(&mut config, "autoUpgradeIntervalH", "0")?;
        set(&mut config, "reconnectionIntervalS", "1")?;
        // the GUI's address is the first <address> inside <gui>
        let gui = config.find("<gui ").ok_or("no <gui> in config.xml")?;
        let at = config[gui..].find("<address>").ok_or("no GUI address")? + gui;
        let end = config[at..]
            .find("</address>")
            .ok_or("no GUI address end")?
            + at;
        config.replace_range(
            at + "<address>".len()..end,
            &format!("127.0.0.1:{}", self.gui_port),
        );
        let key_at = config.find("<apikey>").ok_or("no API key")? + "<apikey>".len();
        let key_end = config[key_at..].find("</apikey>").ok_or("no API key end")? + key_at;
        self.api_key = config[key_at..key_end].to_owned();
        let extra = format!(
            r#"    <device id="{peer}" name="peer" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>{peer_address}</address>
        <paused>false</paused>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>
    <folder id="{SYNCTHING_FOLDER}" label="mailbox" path="{folder}" type="sendreceive" rescanIntervalS="3600" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="{me}" introducedBy=""></device>
        <device id="{peer}" introducedBy=""></device>
        <minDiskFree unit="%">1</minDiskFree>
        <maxConflicts>10</maxConflicts>
    </folder>
</configuration>"#,
            folder = self.folder.display(),
            me = self.id,
        );
        let end = config
            .rfind("</configuration>")
            .ok_or("no </configuration>")?;
        config.replace_range(end.., &extra);
        std::fs::write(&file, config)?;
        Ok(())
    }

    fn launch(&mut self) -> Result<(), Box<dyn std::error::Error>> {
        let log = std::fs::File::create(self.home.join("syncthing.log"))?;
        let child = Command::new("syncthing")
            .arg("serve")
            .arg(format!("--home={}", self.home.display()))
            .args(["--no-browser", "--no-restart", "--no-upgrade"])
            .env("STMONITORED", "yes")
            .env("STNODEFAULTFOLDER", "1")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        self.child = Some(child);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if self.api("GET", "/rest/system/ping").is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = std::fs::read_to_string(self.home.join("syncthing.log")).unwrap_or_default();
        Err(format!("Syncthing did not answer on its API\n{log}").into())
    }

    /// One request to this instance's REST API (with its key); the body on a 2xx answer.
    pub fn api(&self, method: &str, path: &str) -> Result<String, Box<dyn std::error::Error>> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.gui_port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-API-Key: {key}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            port = self.gui_port,
            key = self.api_key
        )?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        if !answer.starts_with("HTTP/1.1 2") && !answer.starts_with("HTTP/1.0 2") {
            return Err(format!("{method} {path}: {}", answer.lines().next().unwrap_or("")).into());
        }
        Ok(answer)
    }
}

impl Drop for SyncthingNode {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            terminate(&mut child);
        }
    }
}
