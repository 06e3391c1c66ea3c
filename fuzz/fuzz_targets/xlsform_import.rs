//! XLSForm import (crates/forms/src/xlsform): workbook bytes (`.xlsx`, `.ods`, `.xls`) read by
//! calamine, mapped to a definition and checked. Whatever loads is exported again and must
//! import to the same definition.
//!
//! calamine 0.38 panics on some damaged `.xls` files (an out-of-range slice in `cfb.rs`);
//! `read_workbook` catches that and refuses the file (regression test:
//! `crates/forms/tests/xlsform.rs`, `a_reader_panic_is_a_refusal`). libFuzzer's panic hook
//! aborts before any unwinding, so this target lets panics raised inside calamine unwind to
//! that catch, and keeps every other panic fatal.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use waystone_forms::{export_xlsform, import_xlsform};

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let fatal = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_reader = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            if !in_reader {
                fatal(info);
            }
        }));
    });
    if let Ok(imported) = import_xlsform(data, "fuzz") {
        let json = imported.form.to_definition_json();
        if let Ok(bytes) = export_xlsform(&imported.form) {
            match import_xlsform(&bytes, "fuzz") {
                Ok(again) => assert_eq!(again.form.to_definition_json(), json),
                Err(e) => panic!("an exported form does not import: {e}"),
            }
        }
    }
});
