//! Workbook bytes → text tables, with `calamine` (which detects `.xlsx`, `.xls`, `.xlsb` and
//! `.ods` by content). No spreadsheet parsing of our own.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, DataRef, Reader, Sheets, Xlsx};

use super::{Sheet, Workbook, XlsFormErrors, XlsFormProblem};

/// The largest workbook file read (8 MiB): an XLSForm is a few hundred rows.
pub const MAX_WORKBOOK_BYTES: usize = 8 * 1024 * 1024;
/// The most a workbook may unpack to (64 MiB): an XLSForm of thousands of rows unpacks to a
/// few MiB; more is a damaged file or a decompression bomb.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The most parts a workbook's zip may hold.
const MAX_PARTS: usize = 10_000;
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
    check_unpacked_size(bytes)?;
    check_compound_file(bytes)?;
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

/// The signature of a compound file (CFB, the container of an `.xls`).
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// For a compound file (`.xls`): opens the container with the `cfb` crate first, which
/// checks its sector chains (no loop, no sector out of range, none used twice) and its
/// directory tree. calamine's own reader trusts the chains and, on a looping one, grows one
/// buffer until memory runs out. Anything that is not a compound file passes untouched.
fn check_compound_file(bytes: &[u8]) -> Result<(), XlsFormErrors> {
    if !bytes.starts_with(&CFB_MAGIC) {
        return Ok(());
    }
    let checked = std::panic::catch_unwind(|| -> Result<bool, ()> {
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| ())?;
        // the workbook stream: "Workbook" (BIFF8), "Book" (BIFF5); no larger than the file
        for name in ["/Workbook", "/Book"] {
            if let Ok(mut stream) = file.open_stream(name) {
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut stream, &mut data).map_err(|_| ())?;
                return Ok(dimensions_fit(&data));
            }
        }
        Ok(true)
    });
    match checked {
        Ok(Ok(true)) => Ok(()),
        Ok(Ok(false)) => Err(file_problem(format!(
            "a sheet of the workbook declares more than {BIFF_MAX_ROWS} rows or {BIFF_MAX_COLUMNS} columns, more than an .xls can hold"
        ))),
        _ => Err(file_problem(
            "the workbook is damaged (its .xls container is not valid)".into(),
        )),
    }
}

/// The most rows and columns a BIFF8 (`.xls`) sheet has.
const BIFF_MAX_ROWS: u64 = 65_536;
const BIFF_MAX_COLUMNS: u64 = 256;

/// Whether every DIMENSIONS record of a BIFF workbook stream declares a sheet an `.xls` can
/// hold. calamine reserves room for rows × columns cells from this record before reading a
/// single cell, so a forged one asks for hundreds of gigabytes. Read as calamine reads it
/// (`parse_dimensions`): BIFF8 rows as 32-bit numbers, BIFF5 as 16-bit; the last row and
/// column are one past the end; a first column beyond 255 counts as 0.
fn dimensions_fit(stream: &[u8]) -> bool {
    let u16_at = |d: &[u8], i: usize| u64::from(u16::from_le_bytes([d[i], d[i + 1]]));
    let u32_at =
        |d: &[u8], i: usize| u64::from(u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]]));
    let mut at = 0usize;
    while let Some(head) = stream.get(at..at + 4) {
        let typ = u16_at(head, 0);
        let len = u16_at(head, 2) as usize;
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            break;
        };
        if typ == 0x0200 {
            let (first_row, last_row, mut first_col, last_col) = match len {
                10 => (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, 4),
                    u16_at(data, 6),
                ),
                14 | 16 => (
                    u32_at(data, 0),
                    u32_at(data, 4),
                    u16_at(data, 8),
                    u16_at(data, 10),
                ),
                _ => (0, 0, 0, 0), // calamine refuses it itself
            };
            if first_col > 0xFF || last_col < first_col {
                first_col = 0;
            }
            if last_row >= 1 && last_col >= 1 {
                // calamine's end is (last_row - 1, last_col - 1): one before the start would
                // wrap round to the largest number
                if last_row - 1 < first_row || last_col - 1 < first_col {
                    return false;
                }
                if last_row - first_row > BIFF_MAX_ROWS || last_col - first_col > BIFF_MAX_COLUMNS {
                    return false;
                }
            }
        }
        at += 4 + len;
    }
    true
}

/// For a zip container (`.xlsx`, `.ods`): unpacks every part into nothing, counting the bytes
/// really produced (not the sizes the archive declares, which a crafted file can understate),
/// and refuses the file once the total passes [`MAX_UNPACKED_BYTES`]. Anything that is not a
/// readable zip is left to calamine, which refuses it in its own words.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), XlsFormErrors> {
    use std::io::Read;
    if !bytes.starts_with(b"PK") {
        return Ok(());
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let too_big = || {
        file_problem(format!(
            "the workbook unpacks to more than {} MiB; an XLSForm is much smaller (the file may be damaged or crafted)",
            MAX_UNPACKED_BYTES / (1024 * 1024)
        ))
    };
    if archive.len() > MAX_PARTS {
        return Err(too_big());
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else {
            continue;
        };
        let mut limited = part.take(MAX_UNPACKED_BYTES - total + 1);
        // a read error is the reader's to report (calamine refuses the file); count what came
        let n = std::io::copy(&mut limited, &mut std::io::sink()).unwrap_or(0);
        total = total.saturating_add(n);
        if total > MAX_UNPACKED_BYTES {
            return Err(too_big());
        }
    }
    Ok(())
}

/// Whether an `.xlsx` sheet has a value beyond [`MAX_ROWS`] × [`MAX_COLUMNS`], read cell by
/// cell before calamine builds its range: the range holds every cell between the first and
/// the last value, so two values at A1 and XFD1048576 would ask for 17 billion cells. A sheet
/// the cell reader cannot open is left to `worksheet_range`, which says it is damaged.
fn xlsx_beyond_limits(x: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> bool {
    let Ok(mut cells) = x.worksheet_cells_reader(name) else {
        return false;
    };
    while let Ok(Some(cell)) = cells.next_cell() {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        if r >= MAX_ROWS || c >= MAX_COLUMNS {
            return true;
        }
    }
    false
}

/// The problem of a sheet with content beyond the limits.
fn beyond_limits(sheet: &str) -> XlsFormProblem {
    XlsFormProblem {
        sheet: sheet.to_owned(),
        row: None,
        column: None,
        reason: format!("the sheet has content beyond {MAX_ROWS} rows or {MAX_COLUMNS} columns"),
        unsupported: false,
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
        if let Sheets::Xlsx(x) = &mut sheets {
            if xlsx_beyond_limits(x, &name) {
                problems.push(beyond_limits(&name));
                continue;
            }
        }
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
                        problems.push(beyond_limits(&name));
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;

    /// A zip whose one part is `n` zero bytes, deflated (a few KiB for many MiB).
    fn zip_of_zeros(n: usize) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let chunk = vec![0u8; 1 << 20];
        let mut left = n;
        while left > 0 {
            let k = left.min(chunk.len());
            w.write_all(&chunk[..k]).unwrap();
            left -= k;
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_small_file_that_unpacks_huge_is_refused_before_reading() {
        let bomb = zip_of_zeros(MAX_UNPACKED_BYTES as usize + (1 << 20));
        assert!(
            bomb.len() < MAX_WORKBOOK_BYTES,
            "the bomb fits the file cap"
        );
        let err = read_workbook(&bomb).unwrap_err();
        assert!(
            err.to_string().contains("unpacks to more than 64 MiB"),
            "{err}"
        );
        // below the cap the size check lets it through (calamine then refuses a non-workbook)
        let small = zip_of_zeros(1 << 20);
        let err = read_workbook(&small).unwrap_err();
        assert!(!err.to_string().contains("unpacks"), "{err}");
    }
}
