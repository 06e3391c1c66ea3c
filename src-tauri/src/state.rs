//! The app's managed state: the core's session manager behind a mutex.

use std::sync::{Mutex, MutexGuard};

use waystone::session::SessionManager;

pub struct AppState(Mutex<SessionManager>);

impl AppState {
    pub fn new(manager: SessionManager) -> Self {
        Self(Mutex::new(manager))
    }

    /// A poisoned lock still yields the manager: locking the vault must always be possible.
    pub fn lock(&self) -> MutexGuard<'_, SessionManager> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
