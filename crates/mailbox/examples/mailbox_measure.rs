//! Throughput of put/get (10 MiB and 100 KiB objects) and the time to list 1,000 small
//! objects, on one engine. A measurement, not a test: nothing is asserted.
//!
//! ```sh
//! cargo run --release -p waystone-mailbox --example measure -- folder DIR
//! cargo run --release -p waystone-mailbox --example measure -- s3 http://127.0.0.1:PORT BUCKET REGION   # keys from WAYSTONE_S3_ACCESS_KEY_ID / WAYSTONE_S3_SECRET_ACCESS_KEY
//! cargo run --release -p waystone-mailbox --example measure -- webdav http://127.0.0.1:PORT/dav/        # WAYSTONE_WEBDAV_USER / WAYSTONE_WEBDAV_PASSWORD
//! ```
//! `scripts/mailbox-bench.sh` starts the servers and runs all three.

use std::time::Instant;

use waystone_mailbox::{
    BlockingMailbox, Config, FolderConfig, MailboxKey, Options, S3Config, WebDavConfig,
};

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| {
        args.get(i)
            .cloned()
            .ok_or("missing argument (see the doc comment)")
    };
    let config = match arg(0)?.as_str() {
        "folder" => Config::Folder(FolderConfig {
            path: arg(1)?.into(),
        }),
        "s3" => Config::S3(S3Config {
            endpoint: arg(1)?,
            bucket: arg(2)?,
            region: arg(3)?,
            access_key_id: env("WAYSTONE_S3_ACCESS_KEY_ID")?.into(),
            secret_access_key: env("WAYSTONE_S3_SECRET_ACCESS_KEY")?.into(),
        }),
        "webdav" => Config::WebDav(WebDavConfig {
            url: arg(1)?,
            user: env("WAYSTONE_WEBDAV_USER")?.into(),
            password: env("WAYSTONE_WEBDAV_PASSWORD")?.into(),
        }),
        _ => return Err("engine must be folder, s3 or webdav".into()),
    };
    let engine = arg(0)?;
    let mb = BlockingMailbox::open(config, MailboxKey::generate()?, &Options::default())?;
    mb.test_connection()?;
    let recipient = waystone_bundle::UserKeys::generate()?.public();
    let prefix = mb.prefix_for(&recipient);

    for (label, size, rounds) in [
        ("10 MiB", 10 * 1024 * 1024, 5usize),
        ("100 KiB", 100 * 1024, 50),
    ] {
        let payload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let start = Instant::now();
        let mut names = Vec::new();
        for _ in 0..rounds {
            names.push(mb.put(&prefix, &payload)?);
        }
        let put = start.elapsed().as_secs_f64();
        let start = Instant::now();
        for name in &names {
            let back = mb.get(name)?;
            if back.len() != payload.len() {
                return Err("a payload came back changed".into());
            }
        }
        let get = start.elapsed().as_secs_f64();
        for name in &names {
            mb.delete(name)?;
        }
        let mib = (size * rounds) as f64 / (1024.0 * 1024.0);
        println!(
            "{engine}\t{label}\tput {:.1} MiB/s ({:.1} ms each)\tget {:.1} MiB/s ({:.1} ms each)",
            mib / put,
            put * 1000.0 / rounds as f64,
            mib / get,
            get * 1000.0 / rounds as f64
        );
    }

    let start = Instant::now();
    let mut names = Vec::new();
    for i in 0..1000u32 {
        names.push(mb.put(&prefix, &i.to_be_bytes())?);
    }
    let put = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let listing = mb.list(&prefix)?;
    let list = start.elapsed().as_secs_f64();
    if listing.objects.len() != 1000 {
        return Err(format!("listed {} of 1000", listing.objects.len()).into());
    }
    let start = Instant::now();
    for name in &names {
        mb.delete(name)?;
    }
    let delete = start.elapsed().as_secs_f64();
    println!(
        "{engine}\t1,000 small objects\tput {put:.2} s\tlist {:.0} ms\tdelete {delete:.2} s",
        list * 1000.0
    );
    Ok(())
}
