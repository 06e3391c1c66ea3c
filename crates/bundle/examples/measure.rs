//! Measures creating and opening one bundle with a large synthetic part.
//!
//! ```text
//! cargo run --release -p waystone-bundle --example measure -- 200   # part size in MB
//! ```
//!
//! Prints wall-clock times and, on Linux, the peak resident memory of each step (the peak is
//! reset between steps through /proc/self/clear_refs). Nothing is asserted.

use std::time::Instant;

use waystone_bundle::{create, open, BundleKind, Manifest, Part, PinnedSender, UserKeys};

fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn show(label: &str) {
    match peak_rss_mib() {
        Some(m) => println!("  peak RSS during {label}: {m} MiB"),
        None => println!("  peak RSS during {label}: (not available)"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mb: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(200);
    let size = mb * 1024 * 1024;
    let sender = UserKeys::generate()?;
    let recipient = UserKeys::generate()?;

    // Synthetic, incompressible-looking content (xorshift), made before timing starts.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let big: Vec<u8> = (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let parts = vec![
        Part::new("case.json", br#"{"synthetic":true}"#.to_vec()),
        Part::new("attachments/big.bin", big),
    ];
    let manifest = Manifest {
        kind: BundleKind::Case,
        case_id: "c-measure".into(),
        form_id: "intake".into(),
        form_version: 1,
        sender_name: "Benchmark (synthetic)".into(),
        sender_fingerprint: String::new(),
        recipients: vec![],
        created_at: "2025-01-31T12:00:00Z".into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        audit_head: String::new(),
        parts: vec![],
    };
    println!("part: {mb} MiB");
    show("setup (parts in memory)");

    reset_peak();
    let t = Instant::now();
    let bundle = create(&manifest, &parts, &sender, &[recipient.public()])?;
    let create_time = t.elapsed();
    println!(
        "create: {create_time:.2?} -> bundle of {} bytes",
        bundle.len()
    );
    show("create (parts + bundle)");

    drop(parts);
    reset_peak();
    let pinned = [PinnedSender {
        name: "Sender".into(),
        keys: sender.public(),
    }];
    let t = Instant::now();
    let opened = open(&bundle, &recipient, &pinned)?;
    let open_time = t.elapsed();
    println!(
        "open:   {open_time:.2?} -> {} parts, {} bytes",
        opened.parts.len(),
        opened.parts.iter().map(|p| p.bytes.len()).sum::<usize>()
    );
    show("open (bundle + opened parts)");
    let mib = size as f64 / (1024.0 * 1024.0);
    println!(
        "throughput: create {:.0} MiB/s, open {:.0} MiB/s",
        mib / create_time.as_secs_f64(),
        mib / open_time.as_secs_f64()
    );
    let t = Instant::now();
    drop(opened);
    println!("drop of the opened parts (zeroize): {:.2?}", t.elapsed());
    Ok(())
}
