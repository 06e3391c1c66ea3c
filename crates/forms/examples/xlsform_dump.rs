//! Prints what Waystone makes of XLSForm workbooks, one JSON object per line per file, for
//! the conformance script (`scripts/xlsform-conformance.sh`), which compares it with pyxform.
//!
//! `cargo run -p waystone-forms --example xlsform_dump -- FILE…`
//!
//! Accepted: `{"file", "ok": true, "definition": <canonical definition JSON>,
//! "implicit_sections": [names]}`. Refused: `{"file", "ok": false, "problems": [{"sheet",
//! "row", "column", "reason", "unsupported"}]}`.

use std::path::Path;

use serde_json::json;
use waystone_forms::import_xlsform;

fn main() {
    for arg in std::env::args().skip(1) {
        let path = Path::new(&arg);
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("form")
            .to_owned();
        let line = match std::fs::read(path) {
            Err(e) => json!({"file": arg, "ok": false, "problems": [{
                "sheet": "", "row": null, "column": null,
                "reason": format!("cannot read the file: {e}"), "unsupported": false}]}),
            Ok(bytes) => match import_xlsform(&bytes, &stem) {
                Ok(im) => json!({
                    "file": arg, "ok": true,
                    "definition": im.form.to_definition_json(),
                    "implicit_sections": im.implicit_sections,
                }),
                Err(e) => json!({
                    "file": arg, "ok": false,
                    "problems": e.problems().iter().map(|p| json!({
                        "sheet": p.sheet, "row": p.row, "column": p.column,
                        "reason": p.reason, "unsupported": p.unsupported,
                    })).collect::<Vec<_>>(),
                }),
            },
        };
        println!("{line}");
    }
}
