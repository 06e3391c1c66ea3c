//! Key bytes kept in RAM the operating system is asked not to swap out (`mlock`).
//!
//! Each 32-byte key lives at the start of its own page-aligned, page-sized heap block, so a
//! page holds one key and nothing else: locking and unlocking one key never changes the lock
//! of another (mlock works on whole pages and does not count nested locks). The lock is
//! requested when the key is made; a refusal (an unprivileged process over its
//! `RLIMIT_MEMLOCK`, an OS without mlock) is not an error — the key works, unlocked, and the
//! refusal is counted so the front ends can print a warning ([`memory_lock_report`]).
//!
//! Dropping a key zeroizes its page first, then unlocks it, then frees it.
//!
//! Not covered: passphrases and the recovery key (short-lived strings that also pass
//! through the webview and IPC, which we cannot lock), Argon2's working memory (64 MiB and
//! more, beyond usual lock limits), and SQLCipher's own page cache (SQLCipher locks its key
//! memory itself where it can, with `cipher_memory_security`).

use std::sync::atomic::{AtomicUsize, Ordering};

use zeroize::Zeroize;

/// The page size the layout assumes (x86-64 and most ARM Linux kernels).
const PAGE: usize = 4096;

/// One page: the key at its start, the rest unused (never holds anything else).
#[repr(C, align(4096))]
struct Page {
    key: [u8; 32],
    rest: [u8; PAGE - 32],
}

static LOCKED: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);

/// How key pages fared since the process started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryLockReport {
    /// Key pages the OS locked into RAM.
    pub locked: usize,
    /// Key pages the OS refused to lock (the key was still made and works).
    pub refused: usize,
}

/// Counts of key pages locked and refused so far in this process.
pub fn memory_lock_report() -> MemoryLockReport {
    MemoryLockReport {
        locked: LOCKED.load(Ordering::Relaxed),
        refused: REFUSED.load(Ordering::Relaxed),
    }
}

/// The one-line warning a front end prints when some key page could not be locked, or
/// `None` when every lock succeeded.
pub fn memory_lock_warning() -> Option<String> {
    let r = memory_lock_report();
    (r.refused > 0).then(|| {
        format!(
            "warning: {} key page(s) could not be locked into RAM (mlock refused: raise the \
             memlock limit, e.g. LimitMEMLOCK); keys could reach swap",
            r.refused
        )
    })
}

/// 32 secret bytes on a page of their own, locked into RAM where the OS allows.
pub(crate) struct LockedKey {
    // Declared before `page`: fields drop in order, so the page is unlocked before it is
    // freed (and after `Drop::drop` below zeroized it).
    lock: Option<region::LockGuard>,
    page: Box<Page>,
}

impl LockedKey {
    /// A zeroed key page, locked if the OS allows.
    pub(crate) fn zeroed() -> Self {
        let page = Box::new(Page {
            key: [0u8; 32],
            rest: [0u8; PAGE - 32],
        });
        let lock = match region::lock(std::ptr::from_ref::<Page>(&*page), PAGE) {
            Ok(guard) => {
                LOCKED.fetch_add(1, Ordering::Relaxed);
                Some(guard)
            }
            Err(_) => {
                REFUSED.fetch_add(1, Ordering::Relaxed);
                None
            }
        };
        Self { lock, page }
    }

    /// Copies `bytes` into a locked page and wipes the caller's copy.
    pub(crate) fn from_bytes(mut bytes: [u8; 32]) -> Self {
        let mut key = Self::zeroed();
        key.bytes_mut().copy_from_slice(&bytes);
        bytes.zeroize();
        key
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.page.key
    }

    pub(crate) fn bytes_mut(&mut self) -> &mut [u8; 32] {
        &mut self.page.key
    }

    /// Whether the OS locked this key's page.
    #[cfg(test)]
    pub(crate) fn is_locked(&self) -> bool {
        self.lock.is_some()
    }
}

impl Drop for LockedKey {
    fn drop(&mut self) {
        self.page.key.zeroize();
        self.page.rest.zeroize();
        // On a system with pages larger than ours, several key blocks can share one page;
        // unlocking one would unlock its neighbours, so such a page simply stays locked.
        if region::page::size() > PAGE {
            if let Some(guard) = self.lock.take() {
                std::mem::forget(guard);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_page_is_attempted_and_counted() {
        let before = memory_lock_report();
        let key = LockedKey::from_bytes([7u8; 32]);
        let after = memory_lock_report();
        assert_eq!(
            (after.locked + after.refused) - (before.locked + before.refused),
            1,
            "one lock attempt per key"
        );
        assert_eq!(key.bytes(), &[7u8; 32]);
        // the page is the key's own: aligned to the page size and a whole page long
        assert_eq!(std::ptr::from_ref::<Page>(&*key.page) as usize % PAGE, 0);
        assert_eq!(std::mem::size_of::<Page>(), PAGE);
        if key.is_locked() {
            assert!(after.locked > before.locked);
        } else {
            assert!(memory_lock_warning().is_some());
        }
    }
}
