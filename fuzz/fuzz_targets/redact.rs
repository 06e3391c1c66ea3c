//! Redaction input (crates/redact): any text through `redact` with a fixed entities file (a
//! synthetic case of the corpus), both profiles. The first byte picks the profile.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use waystone_redact::{redact, Entities, Profile};

const ENTITIES: &str =
    include_str!("../../tests/redaction-corpus/cases/c01_ru_female_declension/entities.json");

fn setup() -> &'static (Entities, Profile, Profile) {
    static SETUP: OnceLock<(Entities, Profile, Profile)> = OnceLock::new();
    SETUP.get_or_init(|| {
        match (
            Entities::from_json(ENTITIES),
            Profile::builtin("echr"),
            Profile::builtin("public"),
        ) {
            (Ok(e), Ok(a), Ok(b)) => (e, a, b),
            _ => std::process::abort(),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(rest) {
        let (entities, echr, public) = setup();
        let profile = if pick % 2 == 0 { echr } else { public };
        let _ = redact(text, entities, profile, &[7u8; 32]);
    }
});
