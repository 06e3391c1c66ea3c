//! Waystone core: the encrypted vault and everything that works on cases, with no Tauri and
//! no UI. The `waystone` CLI (src/main.rs) and the desktop shell (src-tauri/) are thin
//! adapters over this library. See ARCHITECTURE.md for the map.

pub mod access;
pub mod audit;
pub mod board;
pub mod cases;
pub mod casework;
pub mod catalog;
pub mod crypto;
pub mod demo;
pub mod desk;
pub mod error;
pub mod exchange;
pub mod fsio;
pub mod hygiene;
pub mod legal;
pub mod passphrase;
pub mod report;
pub mod session;
pub mod vault;

pub use error::Code;
/// The form engine (a pure crate of its own, re-exported as a core module).
pub use waystone_forms as forms;
/// The redaction engine (a pure crate of its own, re-exported as a core module).
pub use waystone_redact as redact;
/// The DOCX/PDF/Markdown renderers (a pure crate of its own, re-exported as a core module).
pub use waystone_render as render;
