//! Typed stores, one per table or group of tables, over a connection or a transaction: the
//! only SQL of cases, answers, attachments and the board. No rights are checked here; the
//! domain modules above ask the rights table first ([`crate::casework::guard`]).

pub(crate) mod answers;
pub(crate) mod asylum;
pub(crate) mod attachments;
pub(crate) mod board;
pub(crate) mod cases;
pub(crate) mod forms;
pub(crate) mod mailbox;
pub(crate) mod review_drafts;
