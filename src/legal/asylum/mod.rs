//! The asylum support letter (issue 19): a letter of the organisation to a host State's
//! asylum authority supporting a survivor's claim for international protection, on the terms
//! of the Qualification Directive (2011/95/EU), never describing sexual conduct.
//!
//! - [`details`]: the case-level record a lawyer abroad fills in (host State, authority, file
//!   number, stage, risks since leaving, signatory, the consent naming the authority), and the
//!   consent check;
//! - [`sexual`]: the detector that keeps descriptions of sexual acts out of the letter;
//! - [`letter`]: the letter built from the answers, the details and the corroboration counts;
//! - [`store`]: the vault operations (read, write, record the consent, count corroboration),
//!   each through the rights table.
//!
//! The export runs the legal pipeline (`legal::export`): consent gate (documentation + this
//! consent) → the `asylum` redaction profile → review → checks → DOCX/PDF/MD → export record.

pub mod details;
pub mod letter;
pub mod sexual;
mod store;

pub use details::{
    check_asylum_consent, AsylumConsent, AsylumDetails, ProcedureStage, RiskItem, RiskKind,
    Signatory,
};
pub use letter::Corroboration;
pub use sexual::{classify, SexualContent};
