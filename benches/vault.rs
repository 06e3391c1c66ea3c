//! Vault benchmarks at 100, 1,000 and 10,000 synthetic cases (`waystone::demo`: every person
//! invented). What `scripts/bench.sh` turns into BENCHMARKS.md; see that file for results.
//!
//! Two modes, one set of operations:
//! - `cargo bench -p waystone --bench vault` — criterion (mean with confidence interval).
//! - `WAYSTONE_BENCH_REPORT=FILE` — report mode (scripts/bench.sh): each operation is timed
//!   one call at a time, N times, and p50/p99/mean are appended to FILE as JSON lines. p99 of
//!   single calls is what the save target is about; criterion's samples average many calls.
//!
//! Environment:
//! - `WAYSTONE_BENCH_DB=sqlcipher|plain` (default sqlcipher). `plain` runs the same workload
//!   on databases opened without a key (needs `--features bench-plaintext`). One variant per
//!   process: SQLCipher's `cipher_memory_security`, once on, stays on for the whole process.
//! - `WAYSTONE_BENCH_SIZES=100,1000,10000` (case counts).
//! - `WAYSTONE_BENCH_ATTACH_MB=200` (attachments of the bundle case; 0 skips the attachment
//!   and bundle measurements; plain runs always skip them, they do not touch the database).
//! - `WAYSTONE_BENCH_SQLCIPHER_VAULTS=DIR-{n}`: use these demo vaults (user `demo`, the demo
//!   passphrase, KDF floor, seed 20240901) for the SQLCipher runs instead of building them.
//! - `WAYSTONE_BENCH_CACHE=DIR` (default `target/bench-vaults`): demo vaults are built once
//!   per variant and size and reused while the code that shapes them is unchanged (key: hash
//!   of src/demo.rs, forms/ and crates/forms/src/; older vaults are migrated on unlock).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{black_box, Criterion, Throughput};
use sha2::{Digest, Sha256};
use waystone::crypto::{derive_kek, stream, KdfParams, Passphrase, Subkey, VaultMasterKey};
use waystone::demo::{create_demo_vault, DEMO_PASSPHRASE, DEMO_USER};
use waystone::desk::BoardQuery;
use waystone::forms::{Answer, AnswerPath, Value};
use waystone::legal::export::Format;
use waystone::legal::Audience;
use waystone::vault::Vault;
use waystone_render::Lang;

const SEED: u64 = 20_240_901;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Which database the run measures.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Db {
    /// The vault as shipped.
    Sqlcipher,
    /// Keyed, without `cipher_memory_security` (to attribute the overhead).
    SqlcipherNoMemsec,
    /// No key: SQLCipher without a key is plain SQLite.
    Plain,
}

impl Db {
    fn name(self) -> &'static str {
        match self {
            Db::Sqlcipher => "sqlcipher",
            Db::SqlcipherNoMemsec => "sqlcipher-no-memsec",
            Db::Plain => "plain",
        }
    }

    fn from_env() -> Db {
        let db = match env_or("WAYSTONE_BENCH_DB", "sqlcipher").as_str() {
            "plain" => Db::Plain,
            "sqlcipher-no-memsec" => Db::SqlcipherNoMemsec,
            _ => Db::Sqlcipher,
        };
        if db != Db::Sqlcipher {
            #[cfg(feature = "bench-plaintext")]
            waystone::vault::bench_database_options(db != Db::Plain, false);
            #[cfg(not(feature = "bench-plaintext"))]
            panic!(
                "WAYSTONE_BENCH_DB={} needs `--features bench-plaintext`",
                db.name()
            );
        }
        db
    }

    /// Where its demo vaults are cached (the memory-security variant shares SQLCipher's).
    fn cache_name(self) -> &'static str {
        match self {
            Db::Plain => "plain",
            _ => "sqlcipher",
        }
    }
}

/// Hash of the sources that decide what a demo vault holds, so a cached vault is rebuilt
/// when they change.
fn inputs_key() -> String {
    let mut files = Vec::new();
    // not src/vault/ nor migrations/: an older cached vault is migrated on unlock, as a
    // user's would be
    for dir in ["forms", "crates/forms/src"] {
        collect(&root().join(dir), &mut files);
    }
    files.push(root().join("src/demo.rs"));
    files.sort();
    let mut h = Sha256::new();
    for f in files {
        h.update(
            f.strip_prefix(root())
                .unwrap_or(&f)
                .to_string_lossy()
                .as_bytes(),
        );
        h.update(fs::read(&f).unwrap_or_default());
    }
    hex::encode(&h.finalize()[..8])
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn cache_dir() -> PathBuf {
    std::env::var_os("WAYSTONE_BENCH_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/bench-vaults"))
}

fn ensure_dir(dir: PathBuf) -> PathBuf {
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// A private copy of the cached demo vault of `size` cases (built first if missing).
fn work_vault(db: Db, size: u32, work: &Path) -> PathBuf {
    let mut cached = cache_dir().join(format!("bench-{}-{size}-{}", db.cache_name(), inputs_key()));
    // scripts/bench.sh hands over the vaults it built with `waystone demo` (same user,
    // passphrase, KDF floor and seed), so the SQLCipher ones are not built twice
    if let (Ok(pattern), false) = (
        std::env::var("WAYSTONE_BENCH_SQLCIPHER_VAULTS"),
        db == Db::Plain,
    ) {
        cached = PathBuf::from(pattern.replace("{n}", &size.to_string()));
    }
    if !cached.join("vault.db").exists() {
        let building = cached.with_extension("building");
        let _ = fs::remove_dir_all(&building);
        let start = Instant::now();
        create_demo_vault(&building, size, SEED).unwrap();
        eprintln!(
            "built a {} demo vault of {size} cases in {:.1} s",
            db.name(),
            start.elapsed().as_secs_f64()
        );
        let _ = fs::remove_dir_all(&cached);
        fs::rename(&building, &cached).unwrap();
    }
    let dir = work.join(format!("{}-{size}", db.name()));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(&cached, &dir);
    dir
}

fn pass() -> Passphrase {
    Passphrase::new(DEMO_PASSPHRASE)
}

fn unlock(dir: &Path) -> Vault {
    Vault::unlock(dir, Some(DEMO_USER), &pass()).unwrap()
}

fn case_ids(v: &Vault) -> Vec<String> {
    let page = v
        .board(&BoardQuery {
            limit: u32::MAX,
            ..BoardQuery::default()
        })
        .unwrap();
    let mut ids: Vec<String> = page.rows.into_iter().map(|r| r.summary.id).collect();
    ids.sort();
    ids
}

/// A case the ECHR export accepts (the survivor consented to a legal filing).
fn exportable(v: &mut Vault, ids: &[String]) -> String {
    for id in ids {
        if v.export_legal(id, Audience::Echr, Format::Markdown, Lang::En, true, None)
            .is_ok()
        {
            return id.clone();
        }
    }
    panic!("no demo case can be exported for the ECHR")
}

fn note(i: u64) -> Option<Answer> {
    Some(Answer::Value(Value::Text(format!(
        "Benchmark note {i}: the interviewer paused here (synthetic)."
    ))))
}

const BOARD_STAGE: &str = "in_hiding";
const SEARCH: &str = "подвал";

/// The operations measured on a vault of each size.
struct Ops {
    dir: PathBuf,
    vault: Vault,
    ids: Vec<String>,
    export_id: String,
    save_id: String,
    notes: AnswerPath,
    i: u64,
}

impl Ops {
    fn new(dir: PathBuf) -> Ops {
        let mut vault = unlock(&dir);
        let ids = case_ids(&vault);
        let export_id = exportable(&mut vault, &ids);
        let save_id = ids[ids.len() / 2].clone();
        Ops {
            dir,
            vault,
            ids,
            export_id,
            save_id,
            notes: "interviewer_notes".parse().unwrap(),
            i: 0,
        }
    }

    fn unlock(&mut self) {
        black_box(unlock(&self.dir));
    }

    fn save_answer(&mut self) {
        self.i += 1;
        let out = self
            .vault
            .writable(&self.save_id)
            .and_then(|mut g| g.save_answer(&self.notes, note(self.i)))
            .unwrap();
        black_box(out);
    }

    /// A save and then the pause after it: the case's search row rewritten and the
    /// write-ahead log folded in ([`Vault::settle`], which the app runs after 5 s of quiet).
    fn save_and_settle(&mut self) {
        self.save_answer();
        self.vault.settle().unwrap();
    }

    fn open_case(&mut self) {
        self.i += 1;
        let id = &self.ids[(self.i as usize * 7919) % self.ids.len()];
        black_box(
            self.vault
                .readable(id)
                .and_then(|mut g| g.interview())
                .unwrap(),
        );
    }

    fn board_page(&mut self) {
        black_box(self.vault.board(&BoardQuery::default()).unwrap());
    }

    fn board_filter(&mut self) {
        let q = BoardQuery {
            stage: Some(BOARD_STAGE.into()),
            limit: 50,
            ..BoardQuery::default()
        };
        black_box(self.vault.board(&q).unwrap());
    }

    fn search(&mut self) {
        black_box(self.vault.search(SEARCH).unwrap());
    }

    fn export(&mut self, format: Format) {
        let out = self
            .vault
            .export_legal(
                &self.export_id,
                Audience::Echr,
                format,
                Lang::En,
                true,
                None,
            )
            .unwrap();
        black_box(out.bytes.len());
    }
}

type Op = (&'static str, usize, fn(&mut Ops));

/// (name, single calls timed in report mode, operation)
const OPS: &[Op] = &[
    ("unlock_floor", 8, Ops::unlock),
    ("save_answer", 300, Ops::save_answer),
    ("save_and_settle", 100, Ops::save_and_settle),
    ("open_case", 100, Ops::open_case),
    ("board_first_page", 100, Ops::board_page),
    ("board_filter_stage", 100, Ops::board_filter),
    ("search_fts", 100, Ops::search),
    ("export_echr_docx", 10, |o| o.export(Format::Docx)),
    ("export_echr_pdf", 10, |o| o.export(Format::Pdf)),
];

struct Stats {
    n: usize,
    p50: f64,
    p99: f64,
    mean: f64,
    max: f64,
}

fn stats(mut ms: Vec<f64>) -> Stats {
    ms.sort_by(f64::total_cmp);
    let n = ms.len();
    let at = |q: f64| ms[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
    Stats {
        n,
        p50: at(0.50),
        p99: at(0.99),
        mean: ms.iter().sum::<f64>() / n as f64,
        max: ms[n - 1],
    }
}

fn time_calls(n: usize, mut f: impl FnMut()) -> Stats {
    f(); // warm-up: caches, prepared statements
    let ms = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    stats(ms)
}

struct Report(Option<fs::File>);

impl Report {
    fn line(&mut self, db: Db, size: u32, op: &str, s: &Stats, extra: serde_json::Value) {
        let mut v = serde_json::json!({
            "db": db.name(), "size": size, "op": op, "n": s.n,
            "p50_ms": s.p50, "p99_ms": s.p99, "mean_ms": s.mean, "max_ms": s.max,
        });
        if let (Some(o), serde_json::Value::Object(e)) = (v.as_object_mut(), extra) {
            o.extend(e);
        }
        eprintln!("{v}");
        if let Some(f) = &mut self.0 {
            writeln!(f, "{v}").unwrap();
        }
    }
}

fn sizes() -> Vec<u32> {
    // `cargo test --benches` runs each benchmark once, without `--bench`: keep that quick
    let quick = !std::env::args().any(|a| a == "--bench");
    let default = if quick { "100" } else { "100,1000,10000" };
    env_or("WAYSTONE_BENCH_SIZES", default)
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn attach_mb() -> usize {
    env_or("WAYSTONE_BENCH_ATTACH_MB", "200")
        .parse()
        .unwrap_or(200)
}

/// Argon2id alone at the floor and at the calibrated default (what a new vault gets here).
fn kdf_report(report: &mut Report, db: Db) {
    let calibrated = KdfParams::calibrated(Duration::from_millis(1000));
    for (name, params) in [
        ("kdf_floor", waystone::crypto::KDF_FLOOR),
        ("kdf_calibrated", calibrated),
    ] {
        let s = time_calls(5, || {
            black_box(derive_kek(&pass(), &[7u8; 16], params).unwrap());
        });
        let extra = serde_json::json!({"m_kib": params.m_kib, "t": params.t, "p": params.p});
        report.line(db, 0, name, &s, extra);
    }
}

/// Attachment encryption throughput, then a case with `mb` MB of attachments sent as a
/// bundle from `sender` to a fresh vault and opened there.
fn attachments_report(report: &mut Report, db: Db, work: &Path, sender_dir: &Path, mb: usize) {
    let key = VaultMasterKey::generate().subkey(Subkey::Attachments);
    let buf: Vec<u8> = (0..64usize << 20).map(|i| (i * 31 % 251) as u8).collect();
    let mbps = |s: &Stats| (buf.len() as f64 / (1 << 20) as f64) / (s.p50 / 1e3);
    // the cipher as `openssl speed` measures its own: into a buffer used again
    let mut sealed = Vec::new();
    let s = time_calls(5, || {
        stream::encrypt_into(&key, &buf, b"bench", &mut sealed).unwrap()
    });
    report.line(
        db,
        0,
        "stream_encrypt_64MiB",
        &s,
        serde_json::json!({"mib_per_s": mbps(&s)}),
    );
    // what adding a file does today: a fresh 64 MiB buffer each time (its page faults)
    let s = time_calls(5, || {
        black_box(stream::encrypt(&key, &buf, b"bench").unwrap());
    });
    report.line(
        db,
        0,
        "stream_encrypt_fresh_64MiB",
        &s,
        serde_json::json!({"mib_per_s": mbps(&s)}),
    );
    let s = time_calls(5, || {
        black_box(stream::decrypt(&key, &sealed, b"bench").unwrap());
    });
    report.line(
        db,
        0,
        "stream_decrypt_64MiB",
        &s,
        serde_json::json!({"mib_per_s": mbps(&s)}),
    );
    drop((buf, sealed));

    // sender: the benchmark vault; one case becomes large: a 25,000-word narrative and the
    // attachments (50 MB each, like interview audio)
    let mut sender = unlock(sender_dir);
    let ids = case_ids(&sender);
    let id = exportable(&mut sender, &ids);
    let narrative: AnswerPath = "narrative".parse().unwrap();
    sender
        .writable(&id)
        .and_then(|mut g| {
            g.save_answer(
                &narrative,
                Some(Answer::Value(Value::Text(long_narrative(25_000)))),
            )
        })
        .unwrap();
    let part = 50usize << 20;
    let parts = (mb << 20).div_ceil(part);
    let t = Instant::now();
    for k in 0..parts {
        let bytes: Vec<u8> = (0..part).map(|i| ((i + k) * 13 % 251) as u8).collect();
        sender
            .writable(&id)
            .and_then(|mut g| g.add_attachment(&format!("interview-{k}.ogg"), "audio/ogg", &bytes))
            .unwrap();
    }
    let secs = t.elapsed().as_secs_f64();
    report.line(
        db,
        0,
        "attachments_add",
        &stats(vec![secs * 1e3]),
        serde_json::json!({"mb": parts * 50}),
    );
    let (sender_line, _) = sender.key_line().unwrap();
    let receiver_dir = |k: usize| work.join(format!("receiver-{k}"));
    let make_receiver = |k: usize| {
        let dir = receiver_dir(k);
        let _ = fs::remove_dir_all(&dir);
        create_demo_vault(&dir, 0, SEED).unwrap();
        let mut r = unlock(&dir);
        r.add_contact("sender", &sender_line, false).unwrap();
        r
    };
    let (receiver_line, _) = make_receiver(0).key_line().unwrap();
    sender
        .add_contact("receiver", &receiver_line, false)
        .unwrap();
    let mut bundle = Vec::new();
    let s = time_calls(3, || {
        bundle = sender.create_bundle(&id, &["receiver"], false).unwrap();
    });
    let extra = serde_json::json!({"mb": parts * 50, "bundle_bytes": bundle.len()});
    report.line(db, 0, "bundle_create", &s, extra.clone());
    drop(sender);
    // each open goes into a fresh receiver (same keys: the first receiver's directory is
    // copied before it has opened anything)
    let pristine = work.join("receiver-pristine");
    let _ = fs::remove_dir_all(&pristine);
    copy_dir(&receiver_dir(0), &pristine);
    let mut ms = Vec::new();
    for k in 0..4 {
        let dir = receiver_dir(k);
        let _ = fs::remove_dir_all(&dir);
        copy_dir(&pristine, &dir);
        let mut r = unlock(&dir);
        let t = Instant::now();
        black_box(r.open_bundle(&bundle).unwrap());
        if k > 0 {
            ms.push(t.elapsed().as_secs_f64() * 1e3); // the first one warms the page cache
        }
        drop(r);
        let _ = fs::remove_dir_all(&dir);
    }
    report.line(db, 0, "bundle_open", &stats(ms), extra);
    // scripts/bench.sh measures the CLI's memory on these and opens the large case in the app
    if let Some(keep) = std::env::var_os("WAYSTONE_BENCH_KEEP").map(PathBuf::from) {
        let _ = fs::remove_dir_all(&keep);
        copy_dir(sender_dir, &keep.join("sender"));
        copy_dir(&pristine, &keep.join("receiver"));
        let code = unlock(sender_dir).case_summary(&id).unwrap().code;
        fs::write(keep.join("case-id"), &id).unwrap();
        fs::write(keep.join("case-code"), code).unwrap();
    }
    let _ = fs::remove_dir_all(&pristine);
}

/// A synthetic narrative of about `words` words (invented; no real person or event).
fn long_narrative(words: usize) -> String {
    const W: &[&str] = &[
        "[synthetic]",
        "его",
        "увезли",
        "в",
        "отдел",
        "и",
        "допрашивали",
        "несколько",
        "часов",
        "потом",
        "сотрудник",
        "сказал",
        "что",
        "никто",
        "не",
        "поможет",
        "после",
        "этого",
        "родственники",
        "обратились",
        "в",
        "прокуратуру",
        "но",
        "ответа",
        "не",
        "получили",
        "задержание",
        "произошло",
        "возле",
        "рынка",
    ];
    let mut out = String::with_capacity(words * 8);
    for i in 0..words {
        out.push_str(W[(i * 7 + i / 13) % W.len()]);
        out.push(if i % 17 == 16 { '.' } else { ' ' });
        if i % 17 == 16 {
            out.push(' ');
        }
    }
    out
}

fn report_mode(path: &str) {
    let db = Db::from_env();
    let mut report = Report(Some(
        fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap(),
    ));
    let work = tempfile::Builder::new()
        .prefix("work-")
        .tempdir_in(ensure_dir(cache_dir()))
        .unwrap();
    // WAYSTONE_BENCH_ONLY=attachments or =<operation>: that alone (for profiling)
    let only = env_or("WAYSTONE_BENCH_ONLY", "");
    let only_attachments = only == "attachments";
    if db == Db::Sqlcipher && only.is_empty() {
        kdf_report(&mut report, db);
    }
    let sizes = sizes();
    for &size in sizes.iter().filter(|_| !only_attachments) {
        let mut ops = Ops::new(work_vault(db, size, work.path()));
        for (name, n, op) in OPS.iter().filter(|o| only.is_empty() || o.0 == only) {
            let s = time_calls(*n, || op(&mut ops));
            report.line(db, size, name, &s, serde_json::json!({}));
        }
    }
    let mb = attach_mb();
    if db == Db::Sqlcipher && mb > 0 && (only.is_empty() || only_attachments) {
        let size = sizes.last().copied().unwrap_or(100);
        let dir = work_vault(db, size, work.path());
        attachments_report(&mut report, db, work.path(), &dir, mb);
    }
}

fn criterion_mode() {
    let db = Db::from_env();
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let work = tempfile::Builder::new()
        .prefix("work-")
        .tempdir_in(ensure_dir(cache_dir()))
        .unwrap();
    for size in sizes() {
        let mut ops = Ops::new(work_vault(db, size, work.path()));
        let mut g = c.benchmark_group(format!("vault/{}/{size}", db.name()));
        for (name, _, op) in OPS {
            if name.starts_with("unlock") || name.starts_with("export") {
                g.sample_size(10);
            } else {
                g.sample_size(20);
            }
            g.bench_function(*name, |b| b.iter(|| op(&mut ops)));
        }
        g.finish();
    }
    if db == Db::Sqlcipher {
        let key = VaultMasterKey::generate().subkey(Subkey::Attachments);
        let buf = vec![0x5au8; 16 << 20];
        let sealed = stream::encrypt(&key, &buf, b"bench").unwrap();
        let mut g = c.benchmark_group("attachments");
        g.sample_size(10);
        g.throughput(Throughput::Bytes(buf.len() as u64));
        g.bench_function("stream_encrypt_16MiB", |b| {
            b.iter(|| stream::encrypt(&key, black_box(&buf), b"bench").unwrap())
        });
        g.bench_function("stream_decrypt_16MiB", |b| {
            b.iter(|| stream::decrypt(&key, black_box(&sealed), b"bench").unwrap())
        });
        g.finish();
    }
    c.final_summary();
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    match std::env::var("WAYSTONE_BENCH_REPORT") {
        Ok(path) => report_mode(&path),
        Err(_) => criterion_mode(),
    }
}
