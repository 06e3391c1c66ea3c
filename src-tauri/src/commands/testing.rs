//! What the command bodies' tests share: the invented passphrases and an app state with a
//! fresh vault, unlocked as its first user (an admin). Test builds only.
#![allow(clippy::panic)]

use std::path::Path;

use waystone::crypto::Passphrase;
use waystone::session::{LockReason, SessionManager};

use crate::state::AppState;

pub const PASS: &str = "lantern quietly orbit seventeen";
pub const PASS2: &str = "marble seventy harbor quietly";
pub const PASS3: &str = "copper meadow whistle ninety";

/// An app state over a new vault in `dir/name`, unlocked as the admin `user` (passphrase
/// [`PASS`]).
pub fn unlocked_admin(dir: &Path, name: &str, user: &str) -> AppState {
    let state = AppState::new(SessionManager::new(dir.join(name)));
    state
        .lock()
        .create(user, &Passphrase::new(PASS))
        .unwrap_or_else(|e| panic!("creating the test vault: {e}"));
    state
}

/// Locks the session and unlocks it again as `user`.
pub fn switch_user(state: &AppState, user: &str, pass: &str) {
    let mut s = state.lock();
    s.lock(LockReason::Manual);
    s.unlock(user, &Passphrase::new(pass))
        .unwrap_or_else(|e| panic!("unlocking as {user}: {e}"));
}
