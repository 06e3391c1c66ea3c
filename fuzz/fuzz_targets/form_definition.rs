//! Form definitions (crates/forms): loading and checking a definition file, then validating
//! and scoring an empty interview against whatever loaded (expressions, relevance, repeats).
#![no_main]

use libfuzzer_sys::fuzz_target;
use waystone_forms::{Answers, FormDef};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(form) = FormDef::parse("fuzz.json", text) {
            let answers = Answers::new();
            let _ = waystone_forms::validate(&form, &answers);
            let _ = waystone_forms::progress(&form, &answers);
        }
    }
});
