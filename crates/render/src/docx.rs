//! DOCX output: an editable Word document, built with docx-rs, then re-packed clean.
//!
//! This module owns the Word-specific decisions:
//!
//! - **Page**: A4 (11906 × 16838 twips), 1985-twip (3.5 cm) margins on every side, Arial
//!   12 pt (Arial has Cyrillic on every Word installation; the PDF's DejaVu Sans is a little
//!   wider, so the PDF page estimate errs on the safe side for the Word file), line spacing
//!   "at least 14 pt", 6 pt after each paragraph — the same numbers as the PDF (`style`).
//! - **Numbered paragraphs use real Word numbering** (`w:numPr`, one list for the whole
//!   document, "1." with a hanging indent). The lawyer will edit this file: insert or delete a
//!   paragraph and Word renumbers everything after it, which typed "12." prefixes would not
//!   do. Word numbers a list continuously across headings and notes, which is what the
//!   Court's "numbered consecutively" asks for.
//! - Headings use the built-in `Heading1..3` style ids (so Word's navigation pane and
//!   table of contents see them) and keep with the next paragraph; tables get a fixed grid
//!   with the same column widths as the PDF and a header row that repeats on every page;
//!   page numbers "n / total" are `PAGE` and `NUMPAGES` fields in the footer.
//! - Two things docx-rs cannot express are patched into the XML while re-packing (see
//!   [`with_language`], [`with_header_rows`]); each leaves the part untouched if docx-rs's
//!   markup ever changes, and a test then fails.
//!
//! **Metadata.** docx-rs writes `docProps/core.xml` with `creator`/`lastModifiedBy`
//! ("unknown") and 1970 timestamps, and stamps ZIP entries with the current time when the
//! `zip` crate's `time` feature is on anywhere in the build. [`repack`] therefore rewrites the
//! package: `docProps/core.xml` becomes an empty `cp:coreProperties` (every child is optional
//! in OPC), `docProps/app.xml` an empty `Properties` (no application name or version), every
//! entry gets the fixed DOS epoch 1980-01-01 00:00 and the same options, directory entries
//! are dropped, and paragraph ids are assigned here, not from docx-rs's thread-local counter.
//! Same document in, same bytes out.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, IndentLevel, Level, LevelJc,
    LevelText, LineSpacing, LineSpacingType, NumPages, NumberFormat, Numbering, NumberingId,
    PageMargin, PageNum, Paragraph, Run, RunFonts, SpecialIndentType, Start, Style, StyleType,
    Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, WidthType,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::fonts::FontMetrics;
use crate::layout::fit_table;
use crate::model::{heading_level, table_cells, with_numbers, Block, Lang, TableCells};
use crate::style::{
    half_points, heading_pt, twips, BODY_PT, BULLET, BULLET_INDENT_PT, CELL_PAD_X_PT,
    CELL_PAD_Y_PT, FOOTER_PT, HEADING_SPACE_BEFORE_PT, MARGIN_TWIPS, MIN_LINE_PT, NOTE_PT,
    NUMBER_INDENT_PT, PAGE_HEIGHT_TWIPS, PAGE_WIDTH_TWIPS, RULE_PT, SPACE_AFTER_PT, TEXT_WIDTH_PT,
    TITLE_PT, TITLE_SPACE_AFTER_PT,
};
use crate::text::clean;
use crate::{Document, RenderError};

/// Body font. Present with Cyrillic in every Word and LibreOffice (as Liberation Sans) install.
const FONT: &str = "Arial";
/// `w:abstractNum`/`w:num` id of the paragraph numbering. docx-rs always writes a default list
/// with id 1, so ours start at 2.
const NUMBERED_LIST: usize = 2;
/// `w:abstractNum`/`w:num` id of the bullet list.
const BULLET_LIST: usize = 3;

/// What `docProps/core.xml` says: nothing.
const CORE_XML: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"#,
);

/// What `docProps/app.xml` says: nothing (no Application, AppVersion, Company…).
const APP_XML: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>"#,
);

/// Renders `doc` as DOCX bytes.
pub(crate) fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let metrics = FontMetrics::new();
    let mut builder = Builder {
        docx: skeleton(),
        metrics: &metrics,
        next_para_id: 1,
        break_pending: false,
        has_content: false,
        table_headers: Vec::new(),
    };
    let title = clean(&doc.title);
    if !title.trim().is_empty() {
        let p = builder.paragraph().style("Title").add_run(text_run(&title));
        builder.push(p);
    }
    for (block, number) in with_numbers(&doc.blocks) {
        builder.block(block, number.is_some());
    }

    let mut raw = Cursor::new(Vec::new());
    builder
        .docx
        .build()
        .pack(&mut raw)
        .map_err(RenderError::DocxPackage)?;
    repack(raw.get_ref(), doc.language, &builder.table_headers)
}

struct Builder<'m> {
    docx: Docx,
    metrics: &'m FontMetrics,
    /// Paragraph ids (`w14:paraId`) are numbered here so output never depends on which thread
    /// rendered what before.
    next_para_id: u32,
    break_pending: bool,
    has_content: bool,
    /// For each table, in document order: whether its first row is a header row.
    table_headers: Vec<bool>,
}

impl Builder<'_> {
    /// A new paragraph with the next deterministic id.
    fn paragraph(&mut self) -> Paragraph {
        let id = format!("{:08X}", self.next_para_id);
        self.next_para_id = self.next_para_id.saturating_add(1);
        // Widow/orphan control is Word's default for new documents but is off when the
        // element is absent; the PDF layout does it, so say it explicitly.
        Paragraph::new().id(id).widow_control(true)
    }

    /// Adds a body paragraph, carrying a pending page break as "page break before".
    fn push(&mut self, mut p: Paragraph) {
        if std::mem::take(&mut self.break_pending) && self.has_content {
            p = p.page_break_before(true);
        }
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
        self.has_content = true;
    }

    fn block(&mut self, block: &Block, numbered: bool) {
        match block {
            Block::Heading { level, text } => {
                let level = heading_level(*level);
                let p = self
                    .paragraph()
                    .style(&format!("Heading{level}"))
                    .keep_next(true)
                    .add_run(text_run(&clean(text)));
                self.push(p);
            }
            Block::Paragraph { text, .. } => {
                let mut p = self.paragraph().add_run(text_run(&clean(text)));
                if numbered {
                    p = p.numbering(NumberingId::new(NUMBERED_LIST), IndentLevel::new(0));
                }
                self.push(p);
            }
            Block::Bullets(items) => {
                for item in items {
                    let p = self
                        .paragraph()
                        .numbering(NumberingId::new(BULLET_LIST), IndentLevel::new(0))
                        .add_run(text_run(&clean(item)));
                    self.push(p);
                }
            }
            Block::Table { header, rows } => {
                if let Some(cells) = table_cells(header, rows) {
                    self.table(&cells);
                }
            }
            Block::Note(text) => {
                let run = text_run(&clean(text)).italic().size(half_points(NOTE_PT));
                let p = self.paragraph().add_run(run);
                self.push(p);
            }
            Block::PageBreak => self.break_pending = true,
        }
    }

    fn table(&mut self, cells: &TableCells) {
        // A table cannot carry "page break before": a 1 pt high empty paragraph does it.
        if std::mem::take(&mut self.break_pending) && self.has_content {
            let p = self.paragraph().page_break_before(true).line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line(twips(1.0))
                    .before(0)
                    .after(0),
            );
            self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
        }
        let fit = fit_table(
            self.metrics,
            cells.header.as_deref(),
            &cells.rows,
            cells.columns,
        );
        let widths: Vec<usize> = fit
            .widths
            .iter()
            .map(|w| twips(w + 2.0 * CELL_PAD_X_PT).max(1) as usize)
            .collect();
        let mut rows = Vec::with_capacity(cells.rows.len() + 1);
        if let Some(header) = &cells.header {
            rows.push(self.row(header, &widths, true, fit.size));
        }
        for row in &cells.rows {
            rows.push(self.row(row, &widths, false, fit.size));
        }
        self.table_headers.push(cells.header.is_some());
        // Border widths are in eighths of a point.
        let rule = (RULE_PT * 8.0).round() as usize;
        let borders = [
            TableBorderPosition::Top,
            TableBorderPosition::Left,
            TableBorderPosition::Bottom,
            TableBorderPosition::Right,
            TableBorderPosition::InsideH,
            TableBorderPosition::InsideV,
        ]
        .into_iter()
        .fold(TableBorders::new(), |b, side| {
            b.set(TableBorder::new(side).size(rule))
        });
        let pad_y = twips(CELL_PAD_Y_PT).max(0) as usize;
        let pad_x = twips(CELL_PAD_X_PT).max(0) as usize;
        let table = Table::new(rows)
            .set_grid(widths)
            .width(twips(TEXT_WIDTH_PT).max(0) as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(pad_y, pad_x, pad_y, pad_x));
        self.docx = std::mem::take(&mut self.docx).add_table(table);
        // Word needs a paragraph between two tables or it joins them; an exactly 6 pt high
        // empty one also matches the PDF's space after a table.
        let gap = self.paragraph().line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(twips(SPACE_AFTER_PT))
                .before(0)
                .after(0),
        );
        self.docx = std::mem::take(&mut self.docx).add_paragraph(gap);
        self.has_content = true;
    }

    /// One table row; `size` is the table's text size ([`fit_table`]), set on each run when
    /// it is below the body size.
    fn row(&mut self, cells: &[String], widths: &[usize], header: bool, size: f32) -> TableRow {
        let cells = cells
            .iter()
            .zip(widths)
            .map(|(text, width)| {
                let mut run = text_run(text);
                if header {
                    run = run.bold();
                }
                if size < BODY_PT {
                    run = run.size(half_points(size));
                }
                let p = self
                    .paragraph()
                    .line_spacing(LineSpacing::new().after(0))
                    .add_run(run);
                TableCell::new()
                    .width(*width, WidthType::Dxa)
                    .add_paragraph(p)
            })
            .collect();
        TableRow::new(cells)
    }
}

/// A run holding `text`, with `\n` as line breaks.
fn text_run(text: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        if !line.is_empty() {
            run = run.add_text(line);
        }
    }
    run
}

/// Page set-up, default type, styles, lists and the page-number footer.
fn skeleton() -> Docx {
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let spacing = |before: f32, after: f32| {
        LineSpacing::new()
            .line_rule(LineSpacingType::AtLeast)
            .line(twips(MIN_LINE_PT))
            .before(twips(before).max(0) as u32)
            .after(twips(after).max(0) as u32)
    };
    let heading = |level: u8| {
        Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(half_points(heading_pt(level)))
            .outline_lvl(usize::from(level - 1))
            .line_spacing(spacing(HEADING_SPACE_BEFORE_PT, SPACE_AFTER_PT))
    };
    let title = Style::new("Title", StyleType::Paragraph)
        .name("Title")
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .bold()
        .size(half_points(TITLE_PT))
        .align(AlignmentType::Center)
        .line_spacing(spacing(0.0, TITLE_SPACE_AFTER_PT));
    let hanging = |indent: f32| {
        let t = twips(indent);
        (Some(t), Some(SpecialIndentType::Hanging(t)))
    };
    let (num_left, num_hang) = hanging(NUMBER_INDENT_PT);
    let numbered = AbstractNumbering::new(NUMBERED_LIST).add_level(
        Level::new(
            0,
            Start::new(1),
            NumberFormat::new("decimal"),
            LevelText::new("%1."),
            LevelJc::new("left"),
        )
        .indent(num_left, num_hang, None, None),
    );
    let (bullet_left, bullet_hang) = hanging(BULLET_INDENT_PT);
    let bullets = AbstractNumbering::new(BULLET_LIST).add_level(
        Level::new(
            0,
            Start::new(1),
            NumberFormat::new("bullet"),
            LevelText::new(BULLET),
            LevelJc::new("left"),
        )
        .indent(bullet_left, bullet_hang, None, None),
    );
    let footer_style = Style::new("Footer", StyleType::Paragraph)
        .name("footer")
        .based_on("Normal")
        .size(half_points(FOOTER_PT))
        .align(AlignmentType::Center)
        .line_spacing(spacing(0.0, 0.0));
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            // Outside the body's id range (paraId must stay below 0x80000000).
            .id("7FFFFFFF")
            .style("Footer")
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" / "))
            .add_num_pages(NumPages::new()),
    );
    Docx::new()
        .page_size(PAGE_WIDTH_TWIPS, PAGE_HEIGHT_TWIPS)
        .page_margin(PageMargin {
            top: MARGIN_TWIPS,
            left: MARGIN_TWIPS,
            bottom: MARGIN_TWIPS,
            right: MARGIN_TWIPS,
            header: MARGIN_TWIPS / 2,
            footer: MARGIN_TWIPS / 2,
            gutter: 0,
        })
        .default_fonts(fonts)
        .default_size(half_points(BODY_PT))
        .default_line_spacing(spacing(0.0, SPACE_AFTER_PT))
        .add_style(title)
        .add_style(footer_style)
        .add_style(heading(1))
        .add_style(heading(2))
        .add_style(heading(3))
        .add_abstract_numbering(numbered)
        .add_numbering(Numbering::new(NUMBERED_LIST, NUMBERED_LIST))
        .add_abstract_numbering(bullets)
        .add_numbering(Numbering::new(BULLET_LIST, BULLET_LIST))
        .footer(footer)
}

/// Rewrites the package docx-rs produced: neutral `docProps`, the document language in the
/// default run properties, repeating table header rows, fixed timestamps, no directory
/// entries. See the module docs.
fn repack(raw: &[u8], lang: Lang, table_headers: &[bool]) -> Result<Vec<u8>, RenderError> {
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(RenderError::DocxRepack)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(RenderError::DocxRepack)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|e| RenderError::DocxRepack(e.into()))?;
        let data = match name.as_str() {
            "docProps/core.xml" => CORE_XML.as_bytes().to_vec(),
            "docProps/app.xml" => APP_XML.as_bytes().to_vec(),
            "word/styles.xml" => with_language(data, lang),
            "word/document.xml" => with_header_rows(data, table_headers),
            _ => data,
        };
        out.start_file(name, options)
            .map_err(RenderError::DocxRepack)?;
        out.write_all(&data)
            .map_err(|e| RenderError::DocxRepack(e.into()))?;
    }
    let out = out.finish().map_err(RenderError::DocxRepack)?;
    Ok(out.into_inner())
}

/// Adds `<w:lang>` (spell-check and hyphenation language) to the document-default run
/// properties in `word/styles.xml`. docx-rs cannot set it. `w:lang` is the last child docx-rs
/// could write there, so appending keeps the schema's element order. If the expected markup is
/// not found (a docx-rs change), the part is left as it was; a test notices.
fn with_language(styles: Vec<u8>, lang: Lang) -> Vec<u8> {
    const END: &str = "</w:rPr></w:rPrDefault>";
    let xml = match String::from_utf8(styles) {
        Ok(xml) => xml,
        Err(not_utf8) => return not_utf8.into_bytes(),
    };
    match xml.find(END) {
        Some(at) if !xml[..at].contains("<w:lang ") => {
            let tag = lang.word_tag();
            let lang_xml = format!(r#"<w:lang w:val="{tag}" w:eastAsia="{tag}" w:bidi="{tag}"/>"#);
            let mut out = String::with_capacity(xml.len() + lang_xml.len());
            out.push_str(&xml[..at]);
            out.push_str(&lang_xml);
            out.push_str(&xml[at..]);
            out.into_bytes()
        }
        _ => xml.into_bytes(),
    }
}

/// Marks the first row of each table that has a header as a header row (`w:tblHeader`), so
/// Word repeats it at the top of every page the table runs onto, as the PDF does. docx-rs
/// cannot set it; it writes every row's properties as an empty `<w:trPr />`, which is
/// replaced for the first row after each table grid. Left as it was if the markup differs.
fn with_header_rows(document: Vec<u8>, table_headers: &[bool]) -> Vec<u8> {
    const FIRST_ROW: &str = "</w:tblGrid><w:tr><w:trPr />";
    const HEADER_ROW: &str = "</w:tblGrid><w:tr><w:trPr><w:tblHeader /></w:trPr>";
    if !table_headers.contains(&true) {
        return document;
    }
    let xml = match String::from_utf8(document) {
        Ok(xml) => xml,
        Err(not_utf8) => return not_utf8.into_bytes(),
    };
    let mut out = String::with_capacity(xml.len() + 32 * table_headers.len());
    let mut rest = xml.as_str();
    let mut tables = table_headers.iter();
    while let Some(at) = rest.find(FIRST_ROW) {
        out.push_str(&rest[..at]);
        let header = tables.next().copied().unwrap_or(false);
        out.push_str(if header { HEADER_ROW } else { FIRST_ROW });
        rest = &rest[at + FIRST_ROW.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    fn part(package: &[u8], name: &str) -> String {
        let mut archive = ZipArchive::new(Cursor::new(package)).expect("zip");
        let mut entry = archive.by_name(name).expect("part");
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("utf-8");
        text
    }

    #[test]
    fn repack_is_what_removes_docx_rs_metadata() {
        // docx-rs on its own names a creator and dates: the negative vector.
        let mut raw = Cursor::new(Vec::new());
        skeleton().build().pack(&mut raw).expect("pack");
        let raw = raw.into_inner();
        let core = part(&raw, "docProps/core.xml");
        assert!(core.contains("dc:creator") && core.contains("dcterms:created"));

        let clean = repack(&raw, Lang::Ru, &[]).expect("repack");
        assert_eq!(part(&clean, "docProps/core.xml"), CORE_XML);
        assert_eq!(part(&clean, "docProps/app.xml"), APP_XML);
        assert!(part(&clean, "word/styles.xml").contains(r#"<w:lang w:val="ru-RU""#));
        // Directory entries are dropped; parts keep their order.
        let archive = ZipArchive::new(Cursor::new(&clean)).expect("zip");
        let names: Vec<&str> = archive.file_names().collect();
        assert!(names.iter().all(|n| !n.ends_with('/')), "{names:?}");
    }

    #[test]
    fn language_goes_into_the_default_run_properties_once() {
        let styles = "<w:rPrDefault><w:rPr><w:sz w:val=\"24\" /></w:rPr></w:rPrDefault>";
        let out = String::from_utf8(with_language(styles.into(), Lang::En)).expect("utf-8");
        assert_eq!(
            out,
            "<w:rPrDefault><w:rPr><w:sz w:val=\"24\" /><w:lang w:val=\"en-GB\" \
             w:eastAsia=\"en-GB\" w:bidi=\"en-GB\"/></w:rPr></w:rPrDefault>"
        );
        // Already there, or markup not recognised: unchanged.
        assert_eq!(
            with_language(out.clone().into(), Lang::Ru),
            out.into_bytes()
        );
        assert_eq!(
            with_language(b"<w:styles/>".to_vec(), Lang::Ru),
            b"<w:styles/>"
        );
    }

    #[test]
    fn only_tables_with_a_header_get_a_header_row() {
        let first = "</w:tblGrid><w:tr><w:trPr />";
        let xml = format!("<a>{first}<w:tr><w:trPr /></a><b>{first}</b><c>{first}</c>");
        let out = with_header_rows(xml.clone().into_bytes(), &[true, false, true]);
        let out = String::from_utf8(out).expect("utf-8");
        assert_eq!(out.matches("<w:tblHeader />").count(), 2);
        assert!(out.starts_with("<a></w:tblGrid><w:tr><w:trPr><w:tblHeader /></w:trPr><w:tr><w:trPr /></a><b></w:tblGrid><w:tr><w:trPr /></b>"));
        assert_eq!(
            with_header_rows(xml.clone().into_bytes(), &[false]),
            xml.into_bytes()
        );
    }
}
