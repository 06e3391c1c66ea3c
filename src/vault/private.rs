//! Settings kept inside the encrypted database: the unlock limit and the stop keys' wipe
//! (each mirrored to a file readable before unlock, and put back from here on every unlock),
//! and free-form private settings.

use rusqlite::{params, OptionalExtension};

use super::error::VaultError;
use super::handle::Vault;
use super::{settings, unlock_guard};

impl Vault {
    /// The unlock limit as the encrypted database records it (`None`: off).
    pub fn unlock_limit(&self) -> Result<Option<u32>, VaultError> {
        Ok(self
            .private_setting(unlock_guard::DB_SETTING)?
            .and_then(|v| v.parse::<u32>().ok()))
    }

    /// Sets (or, with `None`, turns off) the wipe after N failed unlocks. Admins only. The
    /// database copy is written first; the file beside the slots follows, and the next
    /// unlock repairs it if a crash came between.
    pub fn set_unlock_limit(&mut self, limit: Option<u32>) -> Result<(), VaultError> {
        self.require_op(crate::access::Op::WipeSettings)?;
        unlock_guard::validate_limit(limit)?;
        match limit {
            Some(n) => self.set_private_setting(unlock_guard::DB_SETTING, &n.to_string())?,
            None => {
                self.conn.execute(
                    "DELETE FROM private_settings WHERE key = ?1",
                    [unlock_guard::DB_SETTING],
                )?;
            }
        }
        let mut g = unlock_guard::UnlockGuard::load(&self.dir).unwrap_or_default();
        g.limit = limit;
        g.failed = 0;
        g.store(&self.dir)?;
        let what = limit.map_or_else(|| "off".to_owned(), |n| n.to_string());
        self.audit("unlock_limit.set", &what)
    }

    /// Puts `unlock-guard.json` back to the limit the database records, if it differs (edited
    /// or deleted while locked); the repair is audited.
    pub(super) fn restore_unlock_guard(&mut self) -> Result<(), VaultError> {
        let want = self.unlock_limit()?;
        let mut g = unlock_guard::UnlockGuard::load(&self.dir).unwrap_or_default();
        if g.limit != want {
            g.limit = want;
            g.failed = 0;
            g.store(&self.dir)?;
            self.audit("unlock_limit.restored", "")?;
        }
        Ok(())
    }

    /// Whether the stop key (F2) wipes, as the encrypted database records it.
    pub fn stop_key_wipes(&self) -> Result<bool, VaultError> {
        Ok(self
            .private_setting(settings::STOP_KEY_DB_SETTING)?
            .as_deref()
            == Some("on"))
    }

    /// Turns on or off "the stop key (F2) wipes instead of locking". Admins only. The database
    /// copy is written first, then `settings.json`; the next unlock repairs the file if a
    /// crash came between or it was edited while locked. Audited.
    pub fn set_stop_key_wipes(&mut self, on: bool) -> Result<(), VaultError> {
        self.require_op(crate::access::Op::WipeSettings)?;
        let value = if on { "on" } else { "off" };
        self.set_private_setting(settings::STOP_KEY_DB_SETTING, value)?;
        let mut file = settings::Settings::load(&self.dir);
        file.stop_key_wipes = on;
        file.store(&self.dir)?;
        self.audit("stop_key_wipes.set", value)
    }

    /// Puts "the stop key wipes" in `settings.json` back to what the database records, if it
    /// differs (edited or deleted while locked); the repair is audited. A vault whose
    /// database has no record yet (made before the setting was mirrored) adopts the file's.
    pub(super) fn restore_stop_key_setting(&mut self) -> Result<(), VaultError> {
        let mut file = settings::Settings::load(&self.dir);
        match self.private_setting(settings::STOP_KEY_DB_SETTING)? {
            None => {
                let value = if file.stop_key_wipes { "on" } else { "off" };
                self.set_private_setting(settings::STOP_KEY_DB_SETTING, value)?;
            }
            Some(recorded) => {
                let want = recorded == "on";
                if file.stop_key_wipes != want {
                    file.stop_key_wipes = want;
                    file.store(&self.dir)?;
                    self.audit("stop_key_wipes.restored", "")?;
                }
            }
        }
        Ok(())
    }

    /// Debug builds only: stores a free-form encrypted setting without any right asked, so
    /// the leak and wipe tests can plant canaries in `private_settings`. Compiled out of
    /// release builds; the core's own settings go through their operations' rights.
    #[cfg(debug_assertions)]
    #[doc(hidden)]
    pub fn debug_set_private_setting(&mut self, key: &str, value: &str) -> Result<(), VaultError> {
        self.set_private_setting(key, value)
    }

    /// A free-form vault setting stored encrypted; each caller in the core asks its own right
    /// first (the unlock limit, the stop key, the routing rules).
    pub(crate) fn set_private_setting(&mut self, key: &str, value: &str) -> Result<(), VaultError> {
        self.conn.execute(
            "INSERT INTO private_settings(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn private_setting(&self, key: &str) -> Result<Option<String>, VaultError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM private_settings WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }
}
