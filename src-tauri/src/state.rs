//! The app's managed state: the core's session manager behind a mutex, and whether a
//! mailbox sync is running.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use waystone::session::SessionManager;

pub struct AppState {
    manager: Mutex<SessionManager>,
    /// A sync holds the session manager for its whole run; a second one asked meanwhile is
    /// refused at once (the core's `SyncBusy`) instead of queueing behind it.
    syncing: AtomicBool,
}

/// Marks a sync as running until dropped.
pub struct SyncRunning<'a>(&'a AtomicBool);

impl Drop for SyncRunning<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl AppState {
    pub fn new(manager: SessionManager) -> Self {
        Self {
            manager: Mutex::new(manager),
            syncing: AtomicBool::new(false),
        }
    }

    /// A poisoned lock still yields the manager: locking the vault must always be possible.
    pub fn lock(&self) -> MutexGuard<'_, SessionManager> {
        self.manager.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Marks a sync as running; `None` when one already is.
    pub fn begin_sync(&self) -> Option<SyncRunning<'_>> {
        self.syncing
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
            .then_some(SyncRunning(&self.syncing))
    }
}
