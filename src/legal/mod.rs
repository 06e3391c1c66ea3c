//! Legal outputs: what an application to the European Court of Human Rights needs from a
//! case — consent gates, the admissibility time limit, the Court's temporal jurisdiction over
//! Russia, and the Articles the facts suggest with the facts that support them and the facts
//! still missing. Pure: reads answers, decides nothing about redaction.
//!
//! Recipe — a new Article rule: add it to [`articles::suggest`] with the answer paths it reads,
//! its supporting-fact and missing-fact messages in both languages, and a test vector.

pub mod admissibility;
pub mod allowed;
pub mod articles;
pub mod asylum;
pub mod consent;
pub mod drafts;
pub mod echr;
pub mod entities;
pub mod export;
pub mod review;
pub mod summary;

pub use admissibility::{
    earliest_time_limit, jurisdiction_flags, time_limit, Deadline, JurisdictionFlag,
};
pub use articles::{suggest, ArticleSuggestion};
pub use consent::{check_consent, check_documentation, Audience, ConsentMissing, HostState};
