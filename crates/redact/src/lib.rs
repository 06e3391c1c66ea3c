//! Waystone's redaction engine: turns a case narrative into a text fit for one audience.
//!
//! Pure: no vault, no I/O, no logging of content. Input: a text, the case's known entities
//! ([`Entities`], parsed from the entities file) and a [`Profile`] (`echr`, `public`); output:
//! a [`Redaction`] with the redacted text, a log of every replacement ([`LogEntry`]: offsets,
//! entity id, rule, replacement, and the original only as an HMAC-SHA256 under the caller's
//! key) and the [`Candidate`]s a reviewer should look at.
//!
//! ```
//! use waystone_redact::{redact, Entities, Profile};
//! let entities = Entities::from_json(r#"{"lang":"ru","entities":[
//!   {"id":"p1","kind":"person","role":"survivor","names":["Руслан Закаев"],"aliases":[]},
//!   {"id":"x1","kind":"person","role":"perpetrator","names":["Вахид Цураев"],"aliases":[]}]}"#)?;
//! let profile = Profile::builtin("echr")?;
//! let out = redact("Цураев допрашивал Руслана Закаева.", &entities, &profile, &[7u8; 32]);
//! assert_eq!(out.text, "Цураев допрашивал заявителя.");
//! # Ok::<(), waystone_redact::RedactError>(())
//! ```
//!
//! Code map: [`entities`] (the entities file), `names` (declension `names::ru`,
//! transliteration `names::translit`, word lists `names::lexicon`, form generation),
//! `index` (one Aho-Corasick automaton of all forms), `spelling` (disguised spellings:
//! letter-spaced names and look-alike digits, matched through look-alike skeletons of the same
//! forms), `normalize` (homoglyphs, invisible characters, offsets), [`detect`] (regex detectors), `gazetteer` (localities, regions,
//! places abroad), `evidence` (every form of an evidence place written as a street, and its
//! adjective), [`profile`] (profiles as data), `engine` (the pipeline: evidence before the address
//! detector, unregistered names as spans, everyday-word names by grammatical role), [`log`] (log and
//! candidates, with their sentence and their group).
//!
//! # Recipe: adding a detector
//! 1. Add a variant to [`Detector`] with its key in `Detector::key` and in `Detector::ALL`.
//! 2. Write the pattern in `detect.rs` (a `LazyLock<Rx>` static; list it in the
//!    `every_pattern_compiles` test) and push [`Detector`] hits from `detect()`, in normalised
//!    offsets (the text there is lower-case, with one space between words and `-` for dashes).
//! 3. Give it an action in every profile under `profiles/` (`keep` or `remove` with a marker
//!    from `profiles/vocabulary.json`; add the marker there in English and Russian). Profile
//!    validation refuses a profile that forgets it.
//! 4. Add positive and negative cases to the `detect` tests and a corpus case under
//!    `tests/redaction-corpus/cases/`.
//!
//! # Recipe: adding a profile
//! 1. Copy `profiles/echr.json` to `profiles/NAME.json`, set `"name"` and decide an action for
//!    every person role, place role, organisation role and detector.
//! 2. Add `("NAME", include_str!("../profiles/NAME.json"))` to `BUILTIN` in `profile.rs`.
//! 3. New labels or markers go to `profiles/vocabulary.json` (Russian labels: six cases for
//!    each gender). `cargo test -p waystone-redact` checks that every built-in profile is valid
//!    and complete (`profile::tests`); to hold the new profile to the corpus bar, add its name
//!    to the profile list in `tests/corpus.rs` and its expectations to the corpus cases.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod address;
pub mod detect;
mod engine;
pub mod entities;
mod error;
mod evidence;
mod gazetteer;
mod index;
pub mod log;
mod names;
mod normalize;
pub mod profile;
mod spelling;

pub use detect::Detector;
pub use engine::{redact, Redaction};
pub use entities::{Entities, Entity, Gender, Lang, OrgRole, PersonRole, PlaceRole, Role};
pub use error::RedactError;
pub use log::{Candidate, CandidateReason, LogEntry};
pub use names::{manual_forms, MAX_MANUAL_FORMS};
pub use profile::Profile;

/// Every form the engine looks for, for one entity of `entities` (normalised: lower-case,
/// `ё` → `е`), including the other gender's surname forms and the family plural. For tests
/// and review tools: these are case content.
pub fn generated_forms(entities: &Entities, entity_id: &str) -> Vec<String> {
    let Some(idx) = entities.list.iter().position(|e| e.id == entity_id) else {
        return vec![];
    };
    entities.index.forms_of(idx)
}
