//! The coordinator's desk: the board, the workflow (status, assignment, follow-up,
//! evacuation), the registry of perpetrators, units and sites, and the dashboard — each over
//! the cases the rights table lets the acting user see. Pure rules and aggregation live in
//! [`crate::board`]; the SQL in the vault's stores.

mod board;
mod dashboard;
mod export;
mod patterns;
mod registry;
mod workflow;

pub use crate::vault::store::board::BoardRow;
pub use board::{BoardPage, BoardQuery};
pub use dashboard::Dashboard;
pub use export::{status_label, BoardFormat};
pub use registry::{DuplicateSuggestion, RegistryEntry};
pub use workflow::CaseEvent;
