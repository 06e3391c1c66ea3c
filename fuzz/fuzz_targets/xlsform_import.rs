//! XLSForm import (crates/forms/src/xlsform): workbook bytes (`.xlsx`, `.ods`, `.xls`) read by
//! calamine, mapped to a definition and checked. Whatever loads is exported again and must
//! import to the same definition.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waystone_forms::{export_xlsform, import_xlsform};

fuzz_target!(|data: &[u8]| {
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
