//! One suite run against every engine on real servers on loopback (a folder; Apache httpd +
//! mod_dav; moto_server or Garage for S3), then the faults each engine can show: a server
//! stopped and started again, connection refused, a connection cut mid-transfer, a server
//! that goes silent, wrong credentials, a missing bucket, objects truncated, altered, copied
//! or moved on the server, the same object delivered twice, Syncthing conflict copies and
//! temporary files. Servers: tests/common/mod.rs. Payloads are synthetic.

mod common;

use std::time::Duration;

use common::*;
use waystone_mailbox::{
    bucket, BlockingMailbox, Config, Damage, MailboxError, MailboxKey, ObjectName, Options,
    RecipientPrefix, S3Config, StrayKind, WebDavConfig, OVERHEAD,
};

/// Synthetic recipients: the caseworker's lawyer and a coordinator.
fn prefixes() -> (RecipientPrefix, RecipientPrefix) {
    let lawyer = "waystone-key-v1 age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    let lawyer = waystone_bundle::PublicKeys::parse_line(lawyer).unwrap_or_else(|_| unreachable!());
    let coordinator = waystone_bundle::UserKeys::generate()
        .unwrap_or_else(|_| unreachable!())
        .public();
    (key().prefix_for(&lawyer), key().prefix_for(&coordinator))
}

const CANARY: &[u8] = b"SYNTHETIC-CANARY-Zarema-Elmurzaeva";

fn payload(len: usize, seed: u8) -> Vec<u8> {
    let mut p: Vec<u8> = (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect();
    if len >= CANARY.len() {
        p[..CANARY.len()].copy_from_slice(CANARY);
    }
    p
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The suite every engine passes.
fn suite(mb: &BlockingMailbox) -> TestResult {
    let (lawyer, coordinator) = prefixes();
    mb.test_connection()?;
    // A prefix nobody wrote to is empty, not an error.
    assert!(mb.list(&lawyer)?.objects.is_empty());

    let sizes = [0usize, 300, 100 * 1024, 1024 * 1024];
    let mut names = Vec::new();
    for (i, len) in sizes.iter().enumerate() {
        names.push(mb.put(&lawyer, &payload(*len, i as u8))?);
    }
    let card = mb.put(&coordinator, &payload(200, 9))?;

    let listing = mb.list(&lawyer)?;
    let listed: Vec<_> = listing.objects.iter().map(|o| o.name.clone()).collect();
    let mut expected = names.clone();
    expected.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "each object listed once");
    assert_eq!(
        listing.reportable_strays().count(),
        0,
        "{:?}",
        listing.strays
    );
    for meta in &listing.objects {
        let i = names
            .iter()
            .position(|n| *n == meta.name)
            .ok_or("unknown name")?;
        assert_eq!(
            meta.size,
            bucket(sizes[i] as u64 + OVERHEAD),
            "padded to its bucket"
        );
    }
    assert_eq!(mb.list(&coordinator)?.objects.len(), 1);

    // The server holds sealed bytes: no plaintext, sizes are buckets only.
    for (i, name) in names.iter().enumerate() {
        let raw = mb.get_raw_for_tests(&name.key())?;
        assert_eq!(raw.len() as u64, bucket(sizes[i] as u64 + OVERHEAD));
        assert!(!contains(&raw, CANARY), "plaintext on the server");
        assert!(
            !contains(&raw, b"age-encryption.org"),
            "an age header on the server"
        );
        assert_eq!(mb.get(name)?, payload(sizes[i], i as u8));
    }

    // A name chosen before the upload (recorded in the outbox first), put twice after a
    // crash: one object, the second version whole.
    let chosen = waystone_mailbox::ObjectName::random(&coordinator)?;
    mb.put_named(&chosen, &payload(700, 1))?;
    mb.put_named(&chosen, &payload(900, 2))?;
    assert_eq!(mb.get(&chosen)?, payload(900, 2));
    assert_eq!(mb.list(&coordinator)?.objects.len(), 2);
    mb.delete(&chosen)?;

    // The same object delivered twice: same name, same bytes; the caller dedups by name.
    assert_eq!(mb.list(&lawyer)?.objects, listing.objects);
    assert_eq!(mb.get(&names[1])?, mb.get(&names[1])?);

    // Tampering on the server. Copied to a new name in the same prefix (a replay under a
    // fresh name) and moved to another recipient: refused, listed but never handed up.
    let raw = mb.get_raw_for_tests(&names[1].key())?;
    let copy_key = format!("{lawyer}/{}", "aaaaaaaaaaaaaaaaaaaaaaaaaa");
    mb.put_raw_for_tests(&copy_key, raw.clone())?;
    let copy = waystone_mailbox::ObjectName::parse(&copy_key).ok_or("name")?;
    assert!(matches!(
        mb.get(&copy),
        Err(MailboxError::Damaged(Damage::Altered))
    ));
    let moved = waystone_mailbox::ObjectName::parse(&format!("{coordinator}/{}", names[1].id()))
        .ok_or("name")?;
    mb.put_raw_for_tests(&moved.key(), raw.clone())?;
    assert!(matches!(
        mb.get(&moved),
        Err(MailboxError::Damaged(Damage::Altered))
    ));
    mb.delete(&copy)?;
    mb.delete(&moved)?;
    // Truncated (an interrupted sync) and altered in place.
    mb.put_raw_for_tests(&names[2].key(), raw[..raw.len() / 2].to_vec())?;
    assert!(matches!(
        mb.get(&names[2]),
        Err(MailboxError::Damaged(Damage::WrongSize))
    ));
    let mut altered = mb.get_raw_for_tests(&names[3].key())?;
    let at = altered.len() / 3;
    altered[at] ^= 0x20;
    mb.put_raw_for_tests(&names[3].key(), altered)?;
    assert!(matches!(
        mb.get(&names[3]),
        Err(MailboxError::Damaged(Damage::Altered))
    ));

    // Delete once the receipt is back; again is fine; then it is gone.
    for name in names.iter().chain([&card]) {
        mb.delete(name)?;
        mb.delete(name)?;
    }
    assert!(matches!(mb.get(&names[0]), Err(MailboxError::NotFound)));
    assert!(mb.list(&lawyer)?.objects.is_empty());
    assert!(mb.list(&coordinator)?.objects.is_empty());
    batches(mb)
}

/// Several transfers in flight at once, into a prefix nobody wrote to (on WebDAV its folder
/// does not exist yet: the first PUTs make it).
fn batches(mb: &BlockingMailbox) -> TestResult {
    let fresh = key().prefix_for(
        &waystone_bundle::UserKeys::generate()
            .unwrap_or_else(|_| unreachable!())
            .public(),
    );
    let names: Vec<ObjectName> = (0..6)
        .map(|_| ObjectName::random(&fresh))
        .collect::<Result<_, _>>()?;
    let payloads: Vec<Vec<u8>> = (0..6).map(|i| payload(1000 + i * 4000, i as u8)).collect();
    let items: Vec<(&ObjectName, &[u8])> = names
        .iter()
        .zip(payloads.iter().map(Vec::as_slice))
        .collect();
    for result in mb.put_all(&items) {
        result?;
    }
    assert_eq!(mb.list(&fresh)?.objects.len(), 6);
    let refs: Vec<&ObjectName> = names.iter().collect();
    for (got, want) in mb.get_all(&refs).into_iter().zip(&payloads) {
        assert_eq!(&got?, want);
    }
    for result in mb.delete_all(&refs) {
        result?;
    }
    assert!(mb.list(&fresh)?.objects.is_empty());
    Ok(())
}

/// Object names on the server's disk: only `<prefix>/<id>`, nothing else of ours.
fn assert_only_sealed_names(files: &[String]) {
    for f in files {
        let ok = f.split_once('/').is_some_and(|(p, id)| {
            RecipientPrefix::parse(p).is_some()
                && waystone_mailbox::ObjectName::parse(f).is_some()
                && !id.is_empty()
        });
        assert!(ok, "unexpected file on the server: {f}");
    }
}

#[test]
fn folder_engine() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mb = folder_mailbox(dir.path())?;
    suite(&mb)?;
    assert!(
        files_under(dir.path()).is_empty(),
        "{:?}",
        files_under(dir.path())
    );
    Ok(())
}

#[test]
fn folder_conflict_copies_and_temporaries_are_never_objects() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mb = folder_mailbox(dir.path())?;
    let (lawyer, _) = prefixes();
    let name = mb.put(&lawyer, &payload(500, 1))?;
    assert_only_sealed_names(&files_under(dir.path()));
    let folder = dir.path().join(lawyer.as_str());
    let object = std::fs::read(folder.join(name.id()))?;
    // What Syncthing leaves: a conflict copy (same bytes here), its temporaries, its marker.
    let conflict = format!("{}.sync-conflict-20250131-120000-ABCDEFG", name.id());
    std::fs::write(folder.join(&conflict), &object)?;
    std::fs::write(
        folder.join(format!(".syncthing.{}.tmp", name.id())),
        &object[..100],
    )?;
    std::fs::write(folder.join(format!("~syncthing~{}.tmp", name.id())), b"")?;
    std::fs::create_dir(dir.path().join(".stfolder"))?;
    std::fs::write(folder.join("notes.txt"), b"someone's file")?;

    let listing = mb.list(&lawyer)?;
    assert_eq!(listing.objects.len(), 1, "the object once, no copy");
    assert_eq!(listing.objects[0].name, name);
    let kinds = |kind| listing.strays.iter().filter(|s| s.kind == kind).count();
    assert_eq!(kinds(StrayKind::SyncConflict), 1);
    assert_eq!(kinds(StrayKind::Temporary), 2);
    assert_eq!(kinds(StrayKind::Unknown), 1);
    let copy = listing
        .strays
        .iter()
        .find(|s| s.kind == StrayKind::SyncConflict)
        .ok_or("conflict copy not reported")?;
    assert_eq!(copy.original.as_ref(), Some(&name));
    assert_eq!(listing.reportable_strays().count(), 2);
    mb.delete_stray(copy)?;
    assert!(!folder.join(&conflict).exists());
    assert_eq!(mb.get(&name)?, payload(500, 1));
    // The top level (test_connection) is unaffected by `.stfolder`.
    mb.test_connection()?;
    Ok(())
}

#[test]
fn folder_missing_is_reported_at_open() -> TestResult {
    let dir = tempfile::tempdir()?;
    let gone = dir.path().join("not-synced-yet");
    assert!(matches!(
        folder_mailbox(&gone),
        Err(MailboxError::MailboxMissing)
    ));
    Ok(())
}

/// ENOSPC on a 512 KiB tmpfs (needs root and `mount`; where refused, says so and returns).
#[test]
fn folder_full_disk_is_full() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"])
        .arg(dir.path())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("NOT RUN: `mount -t tmpfs` is not permitted here; the ENOSPC case needs root");
        return Ok(());
    }
    let result = (|| -> TestResult {
        let mb = folder_mailbox(dir.path())?;
        let (lawyer, _) = prefixes();
        let err = mb
            .put(&lawyer, &payload(1024 * 1024, 1))
            .err()
            .ok_or("a 1 MiB object fit in 512 KiB")?;
        assert!(matches!(err, MailboxError::Full), "{err:?}");
        assert!(
            mb.list(&lawyer)?.objects.is_empty(),
            "nothing half-written is listed"
        );
        Ok(())
    })();
    let _ = std::process::Command::new("umount")
        .arg("-l")
        .arg(dir.path())
        .status();
    result
}

#[test]
fn webdav_engine_on_apache() -> TestResult {
    let Some(apache) = Apache::start()? else {
        return Ok(());
    };
    let mb = apache.mailbox(DAV_PASSWORD)?;
    suite(&mb)?;
    // Our temporary upload names never stay behind; Apache's own never show.
    let (lawyer, _) = prefixes();
    for i in 0..5 {
        mb.put(&lawyer, &payload(2000, i))?;
    }
    let files = files_under(&apache.data());
    assert_eq!(files.len(), 5, "{files:?}");
    assert_only_sealed_names(&files);
    Ok(())
}

#[test]
fn webdav_wrong_password_is_auth_failed_and_leaks_nothing() -> TestResult {
    let Some(apache) = Apache::start()? else {
        return Ok(());
    };
    let mb = apache.mailbox("wrong-password-synthetic")?;
    let (lawyer, _) = prefixes();
    let errors = [
        mb.test_connection().err(),
        mb.put(&lawyer, b"x").err(),
        mb.list(&lawyer).err(),
    ];
    for err in errors {
        let err = err.ok_or("a wrong password was accepted")?;
        assert!(matches!(err, MailboxError::AuthFailed), "{err:?}");
        let text = format!("{err} {err:?}");
        for secret in [
            "wrong-password",
            DAV_USER,
            "127.0.0.1",
            "dav",
            lawyer.as_str(),
        ] {
            assert!(!text.contains(secret), "message leaks {secret}: {text}");
        }
    }
    assert!(files_under(&apache.data()).is_empty());
    Ok(())
}

#[test]
fn webdav_server_stopped_then_back() -> TestResult {
    let Some(mut apache) = Apache::start()? else {
        return Ok(());
    };
    let mb = apache.mailbox(DAV_PASSWORD)?;
    let (lawyer, _) = prefixes();
    let name = mb.put(&lawyer, &payload(5000, 3))?;
    apache.stop()?;
    for err in [
        mb.get(&name).err(),
        mb.put(&lawyer, b"x").err(),
        mb.list(&lawyer).err(),
    ] {
        let err = err.ok_or("a stopped server answered")?;
        assert!(matches!(err, MailboxError::Unreachable), "{err:?}");
        assert!(err.is_transient());
    }
    // The next sync finishes the job.
    apache.launch()?;
    assert_eq!(mb.list(&lawyer)?.objects.len(), 1);
    assert_eq!(mb.get(&name)?, payload(5000, 3));
    Ok(())
}

#[test]
fn s3_engine() -> TestResult {
    let Some(s3) = S3Server::start()? else {
        return Ok(());
    };
    suite(&s3.mailbox()?)
}

#[test]
fn s3_missing_bucket_and_wrong_secret() -> TestResult {
    let Some(s3) = S3Server::start()? else {
        return Ok(());
    };
    let mb = s3.mailbox_with("no-such-bucket-synthetic", &s3.secret_access_key)?;
    let err = mb
        .test_connection()
        .err()
        .ok_or("a missing bucket listed")?;
    if s3.checks_credentials {
        // Garage never tells a key whether a bucket it may not use exists: 403
        assert!(
            matches!(
                err,
                MailboxError::MailboxMissing | MailboxError::PermissionDenied
            ),
            "{err:?}"
        );
    } else {
        assert!(matches!(err, MailboxError::MailboxMissing), "{err:?}");
    }
    if s3.checks_credentials {
        let mb = s3.mailbox_with(&s3.bucket, "wrong-secret-synthetic")?;
        let err = mb
            .test_connection()
            .err()
            .ok_or("a wrong secret was accepted")?;
        assert!(matches!(err, MailboxError::AuthFailed), "{err:?}");
        assert!(!format!("{err} {err:?}").contains("wrong-secret"));
    } else {
        eprintln!("NOTE: moto accepts any credentials; the wrong-secret case runs against Garage (scripts/mailbox-garage.sh)");
    }
    Ok(())
}

#[test]
fn s3_server_stopped_then_back() -> TestResult {
    let Some(mut s3) = S3Server::start()? else {
        return Ok(());
    };
    if !s3.is_ours() {
        eprintln!("NOTE: an external S3 server is not stopped by the tests");
        return Ok(());
    }
    let mb = s3.mailbox()?;
    let (lawyer, _) = prefixes();
    mb.put(&lawyer, b"synthetic")?;
    s3.stop()?;
    let err = mb.list(&lawyer).err().ok_or("a stopped server answered")?;
    assert!(matches!(err, MailboxError::Unreachable), "{err:?}");
    // moto keeps everything in memory: after a restart the bucket is gone, which is exactly
    // what a wiped server looks like.
    s3.launch()?;
    let err = mb
        .test_connection()
        .err()
        .ok_or("a wiped server still had the bucket")?;
    assert!(matches!(err, MailboxError::MailboxMissing), "{err:?}");
    Ok(())
}

fn s3_at(port: u16, options: &Options) -> Result<BlockingMailbox, MailboxError> {
    BlockingMailbox::open(
        Config::S3(S3Config {
            endpoint: format!("http://127.0.0.1:{port}"),
            bucket: "mailbox".into(),
            region: "us-east-1".into(),
            access_key_id: "synthetic".into(),
            secret_access_key: "synthetic".into(),
        }),
        key(),
        options,
    )
}

fn dav_at(port: u16, options: &Options) -> Result<BlockingMailbox, MailboxError> {
    BlockingMailbox::open(
        Config::WebDav(WebDavConfig {
            url: format!("http://127.0.0.1:{port}/dav/"),
            user: DAV_USER.into(),
            password: DAV_PASSWORD.into(),
        }),
        key(),
        options,
    )
}

#[test]
fn connection_refused_is_unreachable_on_every_network_engine() -> TestResult {
    let port = free_port()?;
    let (lawyer, _) = prefixes();
    for mb in [
        s3_at(port, &quick_options())?,
        dav_at(port, &quick_options())?,
    ] {
        let err = mb
            .put(&lawyer, b"x")
            .err()
            .ok_or("nothing listens, yet put succeeded")?;
        assert!(matches!(err, MailboxError::Unreachable), "{err:?}");
        let text = err.to_string();
        assert!(
            !text.contains(&port.to_string()) && !text.contains("127.0.0.1"),
            "{text}"
        );
    }
    Ok(())
}

#[test]
fn connection_cut_mid_upload_is_unreachable() -> TestResult {
    let (lawyer, _) = prefixes();
    // The server reads 64 KiB of a 4 MiB upload, then closes the connection.
    let server = FaultyServer::start(64 * 1024, None)?;
    let options = Options {
        retries: 0,
        ..quick_options()
    };
    for mb in [
        s3_at(server.port, &options)?,
        dav_at(server.port, &options)?,
    ] {
        let err = mb
            .put(&lawyer, &payload(4 * 1024 * 1024, 1))
            .err()
            .ok_or("a cut upload succeeded")?;
        assert!(matches!(err, MailboxError::Unreachable), "{err:?}");
    }
    Ok(())
}

#[test]
fn a_silent_server_times_out() -> TestResult {
    let (lawyer, _) = prefixes();
    let server = FaultyServer::start(16, Some(Duration::from_secs(8)))?;
    let options = Options {
        read_timeout: Duration::from_secs(1),
        retries: 0,
        ..quick_options()
    };
    let mb = s3_at(server.port, &options)?;
    let err = mb.list(&lawyer).err().ok_or("a silent server answered")?;
    assert!(matches!(err, MailboxError::Timeout), "{err:?}");
    Ok(())
}

#[test]
fn another_mailbox_key_sees_nothing_and_reads_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let ours = folder_mailbox(dir.path())?;
    let (lawyer, _) = prefixes();
    let name = ours.put(&lawyer, b"synthetic")?;
    let theirs = BlockingMailbox::open(
        Config::Folder(waystone_mailbox::FolderConfig {
            path: dir.path().into(),
        }),
        MailboxKey::from_bytes([1; 32]),
        &quick_options(),
    )?;
    let lawyer_keys = waystone_bundle::PublicKeys::parse_line("waystone-key-v1 age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")?;
    assert_ne!(theirs.prefix_for(&lawyer_keys), lawyer);
    assert!(matches!(
        theirs.get(&name),
        Err(MailboxError::Damaged(Damage::Altered))
    ));
    Ok(())
}

#[test]
fn blocking_api_inside_an_async_runtime_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mb = folder_mailbox(dir.path())?;
    let (lawyer, _) = prefixes();
    let rt = tokio::runtime::Builder::new_current_thread().build()?;
    let err = rt
        .block_on(async { mb.list(&lawyer) })
        .err()
        .ok_or("accepted inside a runtime")?;
    assert!(matches!(err, MailboxError::InsideAsyncRuntime), "{err:?}");
    Ok(())
}

#[test]
fn plain_http_to_another_computer_is_refused() {
    let err = BlockingMailbox::open(
        Config::WebDav(WebDavConfig {
            url: "http://192.0.2.10/dav/".into(),
            user: DAV_USER.into(),
            password: DAV_PASSWORD.into(),
        }),
        key(),
        &Options::default(),
    )
    .err();
    assert!(
        matches!(err, Some(MailboxError::InvalidConfig(_))),
        "{err:?}"
    );
}
