//! Workbook bytes → text tables, with `calamine` (which detects `.xlsx`, `.xls`, `.xlsb` and
//! `.ods` by content). No spreadsheet parsing of our own.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::{Sheet, Workbook, XlsFormErrors, XlsFormProblem};

/// The largest workbook file read (8 MiB): an XLSForm is a few hundred rows.
pub const MAX_WORKBOOK_BYTES: usize = 8 * 1024 * 1024;
/// The most rows read from one sheet.
const MAX_ROWS: u32 = 20_000;
/// The most columns read from one sheet.
const MAX_COLUMNS: u32 = 256;
/// The longest cell kept (longer cells are refused).
const MAX_CELL_CHARS: usize = 20_000;

fn file_problem(reason: String) -> XlsFormErrors {
    XlsFormErrors(vec![XlsFormProblem {
        sheet: String::new(),
        row: None,
        column: None,
        reason,
        unsupported: false,
    }])
}

/// A cell as text, the way XLSForm tools read it: text trimmed, whole numbers without `.0`,
/// booleans as `TRUE`/`FALSE`.
fn cell_text(d: &Data) -> Result<String, String> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::DateTime(dt) => dt.to_string(),
        Data::Error(e) => return Err(format!("the cell holds a spreadsheet error ({e})")),
    })
}

/// Reads every sheet of a workbook into text tables. A file that is not a workbook, a
/// damaged one, or one too large, is refused with a plain reason.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook, XlsFormErrors> {
    if bytes.len() > MAX_WORKBOOK_BYTES {
        return Err(file_problem(format!(
            "the file is larger than {} MiB; an XLSForm is much smaller",
            MAX_WORKBOOK_BYTES / (1024 * 1024)
        )));
    }
    // calamine is a well-tested reader, but it parses untrusted bytes: a panic inside it must
    // become a refusal, never a crash of the app (this crate promises not to panic).
    let result = std::panic::catch_unwind(|| read_inner(bytes));
    match result {
        Ok(r) => r,
        Err(_) => Err(file_problem(
            "the workbook is damaged (the spreadsheet reader could not read it)".into(),
        )),
    }
}

fn read_inner(bytes: &[u8]) -> Result<Workbook, XlsFormErrors> {
    let mut sheets = match open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(s) => s,
        Err(_) => {
            return Err(file_problem(
                "the file is not a readable workbook (.xlsx, .ods or .xls), or it is damaged"
                    .into(),
            ))
        }
    };
    let mut problems = Vec::new();
    let mut out = Workbook::default();
    for name in sheets.sheet_names() {
        let range = match sheets.worksheet_range(&name) {
            Ok(r) => r,
            Err(_) => {
                problems.push(XlsFormProblem {
                    sheet: name.clone(),
                    row: None,
                    column: None,
                    reason: "the sheet is damaged and cannot be read".into(),
                    unsupported: false,
                });
                continue;
            }
        };
        let mut rows: Vec<Vec<String>> = Vec::new();
        if let Some((r0, c0)) = range.start() {
            for (dr, row) in range.rows().enumerate() {
                let r = r0 as usize + dr;
                for (dc, cell) in row.iter().enumerate() {
                    let c = c0 as usize + dc;
                    let text = match cell_text(cell) {
                        Ok(t) => t,
                        Err(reason) => {
                            problems.push(XlsFormProblem {
                                sheet: name.clone(),
                                row: u32::try_from(r + 1).ok(),
                                column: Some(super::column_letters(c)),
                                reason,
                                unsupported: false,
                            });
                            continue;
                        }
                    };
                    if text.is_empty() {
                        continue;
                    }
                    if r >= MAX_ROWS as usize || c >= MAX_COLUMNS as usize {
                        problems.push(XlsFormProblem {
                            sheet: name.clone(),
                            row: None,
                            column: None,
                            reason: format!(
                                "the sheet has content beyond {MAX_ROWS} rows or {MAX_COLUMNS} columns"
                            ),
                            unsupported: false,
                        });
                        return Err(XlsFormErrors(problems));
                    }
                    if text.chars().count() > MAX_CELL_CHARS {
                        problems.push(XlsFormProblem {
                            sheet: name.clone(),
                            row: u32::try_from(r + 1).ok(),
                            column: Some(super::column_letters(c)),
                            reason: format!("the cell is longer than {MAX_CELL_CHARS} characters"),
                            unsupported: false,
                        });
                        continue;
                    }
                    if rows.len() <= r {
                        rows.resize(r + 1, Vec::new());
                    }
                    let row = &mut rows[r];
                    if row.len() <= c {
                        row.resize(c + 1, String::new());
                    }
                    row[c] = text;
                }
            }
        }
        out.sheets.push(Sheet { name, rows });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(XlsFormErrors(problems))
    }
}
