//! The SQLCipher connection: opened with a raw 256-bit key (never a passphrase), checked
//! before use, then hardened. A wrong key or a damaged file is an error; the file is never
//! created, replaced or rewritten as plaintext on the way.

use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use zeroize::Zeroizing;

use crate::crypto::SecretKey;

use super::error::VaultError;

/// Creates a new encrypted database (the file must not exist).
pub fn create(path: &Path, key: &SecretKey) -> Result<Connection, VaultError> {
    if path.exists() {
        return Err(VaultError::AlreadyExists);
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    keyed(conn, key)
}

/// Opens an existing encrypted database; a missing file is damage, not a reason to create one.
pub fn open(path: &Path, key: &SecretKey) -> Result<Connection, VaultError> {
    if !path.is_file() {
        return Err(VaultError::Corrupt("the database file is missing"));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    keyed(conn, key)
}

/// Benchmarks only (`--features bench-plaintext`, never in the app or the CLI): databases
/// opened or created afterwards in this process get no key (`key = false`: plain SQLite)
/// and/or no `cipher_memory_security`, so `benches/vault.rs` can run the same workload
/// without them and report SQLCipher's overhead as a ratio. Everything else (schema, pragmas,
/// queries) is the vault's own.
#[cfg(feature = "bench-plaintext")]
pub fn bench_database_options(key: bool, memory_security: bool) {
    use std::sync::atomic::Ordering::SeqCst;
    BENCH_NO_KEY.store(!key, SeqCst);
    BENCH_NO_MEMORY_SECURITY.store(!memory_security, SeqCst);
}
#[cfg(feature = "bench-plaintext")]
static BENCH_NO_KEY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
#[cfg(feature = "bench-plaintext")]
static BENCH_NO_MEMORY_SECURITY: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// The open sequence of DESIGN.md: key, cipher_version, probe, then the pragmas.
fn keyed(mut conn: Connection, key: &SecretKey) -> Result<Connection, VaultError> {
    // SQLCipher would print "hmac check failed" lines on a damaged page; our error says it.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    #[cfg(feature = "bench-plaintext")]
    let (plaintext, memory_security) = (
        BENCH_NO_KEY.load(std::sync::atomic::Ordering::SeqCst),
        !BENCH_NO_MEMORY_SECURITY.load(std::sync::atomic::Ordering::SeqCst),
    );
    #[cfg(not(feature = "bench-plaintext"))]
    let (plaintext, memory_security) = (false, true);
    let sql = Zeroizing::new(format!(
        "PRAGMA key = \"x'{}'\";",
        hex::encode(key.expose_secret_bytes())
    ));
    if !plaintext {
        conn.execute_batch(&sql)?;
    }
    drop(sql);
    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .ok();
    if version.as_deref().is_none_or(str::is_empty) {
        return Err(VaultError::Internal(
            "SQLCipher is not available in this build",
        ));
    }
    // The key was already proven by the key slot, so failing here means damage.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| match VaultError::from(e) {
        VaultError::Database(_) => VaultError::Corrupt("the database cannot be read"),
        other => other,
    })?;
    if memory_security && !plaintext {
        conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    }
    conn.execute_batch(
        "PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -4096; -- 4 MiB: holds the pages the board and search touch at 10,000 cases (BENCHMARKS.md)
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;",
    )?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(VaultError::Internal("the database refused WAL mode"));
    }
    conn.execute_batch("PRAGMA synchronous = FULL;")?;
    // Plans never depend on bound values (we keep no statistics), so binding a search
    // text or a filter must not re-prepare a cached statement: each re-prepare is
    // hundreds of allocations, every one locked and wiped under memory security.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    // room for every statement of the save, read and board paths (rusqlite keeps 16)
    conn.set_prepared_statement_cache_capacity(64);
    // Every transaction takes the write lock when it begins. A deferred one reads first and
    // asks for the lock at its first write; if another process (the CLI beside the app, or a
    // search refreshing its index) committed in between, SQLite refuses at once
    // (SQLITE_BUSY_SNAPSHOT, which the busy timeout does not wait out) and the save is lost.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    Ok(conn)
}

/// SQLCipher's page HMAC check over the whole file, then SQLite's structural check.
pub fn integrity_check(conn: &Connection) -> Result<(), VaultError> {
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let problems = stmt.query_map([], |r| r.get::<_, String>(0))?.count();
    if problems > 0 {
        return Err(VaultError::Corrupt("pages failed their HMAC check"));
    }
    let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if result != "ok" {
        return Err(VaultError::Corrupt("the database structure is damaged"));
    }
    Ok(())
}
