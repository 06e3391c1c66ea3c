//! Settings needed before unlock (`settings.json` beside the key slots): the interface
//! language, the idle-lock minutes, whether the stop key wipes, whether Escape twice locks,
//! how often the app syncs the team's mailboxes while unlocked, and the name of the user who
//! unlocked last (preselected on the unlock screen; user names
//! are readable before unlock in `keys.json` anyway). Nothing of a case is ever stored here.
//!
//! Adding a setting: a field with `#[serde(default)]` (an older file still loads), its
//! default in `Default`, a `set_…` command in the shell that loads, changes and stores.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::VaultError;
use super::layout::atomic_write;
pub use super::layout::SETTINGS_FILE;

/// The copy of "the stop key wipes" inside the encrypted database (`private_settings`):
/// `settings.json` is plain and unauthenticated, so every successful unlock puts the file's
/// value back to this one (audited), as for the unlock limit.
pub(crate) const STOP_KEY_DB_SETTING: &str = "stop_key_wipes";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    En,
    Ru,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub language: Language,
    #[serde(default = "default_idle")]
    pub idle_minutes: u32,
    /// The stop key (F2) wipes the vault instead of locking it. Off unless an admin turns it
    /// on; the other stop keys (Ctrl+Shift+L, Esc Esc, the "Stop now" button) always lock.
    /// Mirrored in the encrypted database; change it with `Vault::set_stop_key_wipes`.
    #[serde(default)]
    pub stop_key_wipes: bool,
    /// Escape pressed twice within a second locks like the other stop keys. Off by default:
    /// Escape is a reflex (closing a list, leaving a field), and a reflex must not lock the
    /// room in front of a survivor. F2 and Ctrl+Shift+L always lock.
    #[serde(default)]
    pub escape_twice_locks: bool,
    /// The user who unlocked last on this device, preselected on the unlock screen. A name
    /// only (the names are in `keys.json` in the clear); ignored when no such user exists.
    #[serde(default)]
    pub last_user: Option<String>,
    /// How often the app syncs the mailboxes by itself while unlocked, in minutes (0: only
    /// when asked). A preference of this device; never during an interview.
    #[serde(default = "default_sync")]
    pub sync_minutes: u32,
}

/// Automatic mailbox sync every ten minutes unless configured otherwise.
pub const DEFAULT_SYNC_MINUTES: u32 = 10;
pub const MAX_SYNC_MINUTES: u32 = 240;

fn default_sync() -> u32 {
    DEFAULT_SYNC_MINUTES
}

/// Idle lock after five minutes unless configured otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 5;
pub const MAX_IDLE_MINUTES: u32 = 120;

fn default_idle() -> u32 {
    DEFAULT_IDLE_MINUTES
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: Language::En,
            idle_minutes: DEFAULT_IDLE_MINUTES,
            stop_key_wipes: false,
            escape_twice_locks: false,
            last_user: None,
            sync_minutes: DEFAULT_SYNC_MINUTES,
        }
    }
}

impl Settings {
    /// Missing or unreadable settings fall back to defaults: they are preferences, and the
    /// vault itself never depends on them.
    pub fn load(dir: &Path) -> Settings {
        std::fs::read(dir.join(SETTINGS_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<Settings>(&b).ok())
            .map(|mut s| {
                s.idle_minutes = s.idle_minutes.clamp(1, MAX_IDLE_MINUTES);
                s.sync_minutes = s.sync_minutes.min(MAX_SYNC_MINUTES);
                s
            })
            .unwrap_or_default()
    }

    pub fn store(&self, dir: &Path) -> Result<(), VaultError> {
        if !(1..=MAX_IDLE_MINUTES).contains(&self.idle_minutes) {
            return Err(VaultError::Invalid(
                "idle minutes must be between 1 and 120".into(),
            ));
        }
        if self.sync_minutes > MAX_SYNC_MINUTES {
            return Err(VaultError::Invalid(
                "sync minutes must be between 0 (off) and 240".into(),
            ));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| VaultError::io("creating the vault directory", e))?;
        let json = serde_json::to_vec_pretty(self)
            .map_err(|_| VaultError::Internal("serialising settings"))?;
        atomic_write(dir, SETTINGS_FILE, &json)
    }
}
