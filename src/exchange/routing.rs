//! Automatic routing (opt-in, per vault): a change on the board sends itself through the
//! team's mailbox, so a coordinator's board and a caseworker's follow what happens in the
//! other vaults without anyone remembering to send.
//!
//! The rules (an admin sets them; all off until then), stored encrypted in
//! `private_settings` under [`ROUTING_KEY`]:
//! - `coordinators`: contacts who get a status card of every workflow or evacuation change;
//! - `legal_review_to`: a lawyer contact who gets the whole case when it moves to legal
//!   review;
//! - `report_to_origin`: a status card of every workflow change goes back to the contact the
//!   case came from (a lawyer's filing reaches the caseworker).
//!
//! Routing queues through the acting user's contacts and rights, exactly as if they had sent
//! by hand (`queue_send`): a contact they have not pinned, a right they lack or a vault
//! without a mailbox skips that item, audited as `routing.skipped` with a closed reason, and
//! the board change itself always stands. Receiving never routes (no loops): only the
//! board's own changes do. The next sync (automatic or asked for) delivers.

use serde::{Deserialize, Serialize};

use crate::access::Op;
use crate::vault::{Vault, VaultError};

/// Where the routing rules live in `private_settings`.
pub const ROUTING_KEY: &str = "routing";

/// The routing rules (all off by default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routing {
    #[serde(default)]
    pub coordinators: Vec<String>,
    #[serde(default)]
    pub legal_review_to: Option<String>,
    #[serde(default)]
    pub report_to_origin: bool,
}

impl Routing {
    pub fn is_off(&self) -> bool {
        self.coordinators.is_empty() && self.legal_review_to.is_none() && !self.report_to_origin
    }
}

/// What a board change was, for routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardChange {
    /// A workflow status change, to this status.
    Status(crate::board::Status),
    /// An evacuation stage (or follow-up) change.
    Evacuation,
}

impl Vault {
    /// The routing rules of this vault (anyone who sends may read them: contact names only).
    pub fn routing(&self) -> Result<Routing, VaultError> {
        match self.private_setting(ROUTING_KEY)? {
            None => Ok(Routing::default()),
            Some(json) => serde_json::from_str(&json)
                .map_err(|_| VaultError::Corrupt("the routing rules are damaged")),
        }
    }

    /// Sets the routing rules (admins: `manage_mailboxes`). Every contact named must be
    /// pinned by someone in this vault (routing sends through the acting user's own
    /// contacts); audited as `routing.set`.
    pub fn set_routing(&mut self, routing: &Routing) -> Result<(), VaultError> {
        self.require_op(Op::ManageMailboxes)?;
        let named = routing
            .coordinators
            .iter()
            .chain(routing.legal_review_to.iter());
        for name in named {
            let pinned: bool = self.conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM contacts WHERE name = ?1)",
                [name],
                |r| r.get(0),
            )?;
            if !pinned {
                return Err(VaultError::Invalid(format!(
                    "{} is not a contact pinned in this vault: pin their key first",
                    crate::hygiene::quote_input(name)
                )));
            }
        }
        let mut clean = routing.clone();
        clean.coordinators.sort();
        clean.coordinators.dedup();
        let json = serde_json::to_string(&clean)
            .map_err(|_| VaultError::Internal("serialising the routing rules"))?;
        self.set_private_setting(ROUTING_KEY, &json)?;
        self.audit(
            "routing.set",
            &format!(
                "coordinators {} legal_review {} origin {}",
                clean.coordinators.len(),
                u8::from(clean.legal_review_to.is_some()),
                u8::from(clean.report_to_origin)
            ),
        )
    }

    /// Queues what the routing rules say for a board change of case `id`; returns how many
    /// items were queued. Never fails the change: a skipped item is audited.
    pub(crate) fn route(&mut self, id: &str, change: BoardChange) -> Result<usize, VaultError> {
        let routing = self.routing()?;
        if routing.is_off() {
            return Ok(0);
        }
        let mut cards: Vec<String> = routing.coordinators.clone();
        if routing.report_to_origin && matches!(change, BoardChange::Status(_)) {
            if let Some(origin) = self.origin_contact(id)? {
                cards.push(origin);
            }
        }
        cards.sort();
        cards.dedup();
        let mut queued = 0;
        if let (BoardChange::Status(crate::board::Status::LegalReview), Some(lawyer)) =
            (change, &routing.legal_review_to)
        {
            queued += self.route_one(id, lawyer, false)?;
            // the lawyer gets the whole case; no card as well
            cards.retain(|c| c != lawyer);
        }
        for name in &cards {
            queued += self.route_one(id, name, true)?;
        }
        Ok(queued)
    }

    fn route_one(&mut self, id: &str, to: &str, status_card: bool) -> Result<usize, VaultError> {
        if !self.contacts()?.iter().any(|c| c.name == to) {
            self.audit("routing.skipped", &format!("{id}:no_contact"))?;
            return Ok(0);
        }
        match self.queue_send(id, &[to], status_card, None) {
            Ok(items) => Ok(items.len()),
            Err(e) => {
                let reason = match e {
                    VaultError::NoMailbox => "no_mailbox",
                    VaultError::Forbidden => "forbidden",
                    VaultError::Locked => return Err(e),
                    _ => "failed",
                };
                self.audit("routing.skipped", &format!("{id}:{reason}"))?;
                Ok(0)
            }
        }
    }

    /// The acting user's contact the case came from whole (its `origin` sender), if pinned.
    fn origin_contact(&self, id: &str) -> Result<Option<String>, VaultError> {
        use rusqlite::OptionalExtension;
        let fingerprint: Option<String> = self
            .conn
            .query_row(
                "SELECT fingerprint FROM case_senders WHERE case_id = ?1 AND why = 'origin'",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(fp) = fingerprint else {
            return Ok(None);
        };
        Ok(self
            .contacts()?
            .into_iter()
            .find(|c| c.fingerprint == fp)
            .map(|c| c.name))
    }
}
