//! Waystone document renderers: one document model in, DOCX, PDF or Markdown bytes out.
//!
//! This crate owns the *legal outputs'* last step (DESIGN.md, "Legal outputs"): turning a
//! finished [`Document`] into the files a lawyer edits (DOCX), files with the Court (PDF) or
//! reads anywhere (Markdown), and measuring how many pages a section takes
//! ([`estimate_pages`]) so the form's page budgets can be checked. It is pure: no files, no
//! clock, no environment, no logging. The same document gives the same bytes.
//!
//! ```
//! use waystone_render::{to_docx, to_markdown, to_pdf, estimate_pages, Block, Document, Lang};
//!
//! // Synthetic content: no real person.
//! let doc = Document {
//!     title: "Application: Ivanova v. Russia (specimen)".into(),
//!     language: Lang::En,
//!     blocks: vec![
//!         Block::Heading { level: 1, text: "Statement of facts".into() },
//!         Block::Paragraph { text: "The applicant was born in 1970.".into(), numbered: true },
//!         Block::Note("Redacted for the respondent State".into()),
//!     ],
//! };
//! let docx: Vec<u8> = to_docx(&doc)?;
//! let pdf: Vec<u8> = to_pdf(&doc)?;
//! let md: String = to_markdown(&doc);
//! assert!(md.contains("1. The applicant"));
//! assert!(estimate_pages(&doc.blocks) < 1.0);
//! # Ok::<(), waystone_render::RenderError>(())
//! ```
//!
//! # Code map
//!
//! - `model`: [`Document`], [`Block`], [`Lang`]; paragraph numbering (one place, all formats).
//! - `text`: cleaning user text (line breaks, control characters).
//! - `style`: the house style, page geometry and type sizes shared by DOCX, PDF and the
//!   estimate (A4, 3.5 cm margins, 12 pt, numbered paragraphs: the Court's practice direction).
//! - `fonts`: the bundled DejaVu Sans (Latin + Cyrillic) and its metrics.
//! - `layout`: line breaking and pagination; the PDF draws it and the estimate counts it.
//! - `pdf`, `docx`, `markdown`: one writer per format.
//!
//! # Architecture invariants
//!
//! - No metadata: neither the DOCX nor the PDF names an author, editor, company, program,
//!   version, or a creation/modification time. The title is printed, never put in metadata.
//! - Rendering never fails because of the text: any Unicode string renders (characters the
//!   font lacks print as a missing-glyph box). [`RenderError`] means a broken build.
//! - Errors carry no document text.
//! - Deterministic: the same [`Document`] renders to the same bytes, in every format.
//!
//! # Recipe: add a block kind
//!
//! 1. Add the variant to [`Block`] (in `model.rs`), documented.
//! 2. `layout.rs`: lay it out in `Layouter::block` (stack lines with `text_line`); if it draws
//!    something new (an image, a box), add an `Item` variant and draw it in `pdf.rs`.
//! 3. `docx.rs`: map it in `Builder::block`; `markdown.rs`: in `render_block`.
//! 4. Add it to the synthetic documents in `tests/common/mod.rs` and to the proptest
//!    strategy in `tests/render.rs`; every renderer's tests then cover it.
//!
//! # Recipe: add an output format
//!
//! 1. Add a module `foo.rs` with `pub(crate) fn render(doc: &Document) -> …` that walks
//!    `model::with_numbers(&doc.blocks)` (so numbering matches), cleans text with
//!    `text::clean`, and takes sizes from `style`. A paginated, drawn format reuses
//!    `layout::lay_out` as `pdf.rs` does.
//! 2. Export `pub fn to_foo` here; if it can fail, add a [`RenderError`] variant that carries
//!    no document text.
//! 3. Strip the format's metadata and prove it in a test, as `tests/render.rs` does for DOCX
//!    and PDF; test the round trip of every block's text.

mod docx;
mod error;
mod fonts;
mod layout;
mod markdown;
mod model;
mod pdf;
mod style;
mod text;

pub use error::RenderError;
pub use model::{Block, Document, Lang};

/// Renders `doc` as an editable Word document (DOCX): A4, 3.5 cm margins, 12 pt Arial,
/// real Word numbering for numbered paragraphs, page numbers in the footer, no metadata.
///
/// # Errors
///
/// [`RenderError::DocxPackage`] or [`RenderError::DocxRepack`] if the ZIP package could not
/// be written (not expected: it is written to memory).
pub fn to_docx(doc: &Document) -> Result<Vec<u8>, RenderError> {
    docx::render(doc)
}

/// Renders `doc` as PDF: A4, 3.5 cm margins, 12 pt DejaVu Sans embedded (Latin and
/// Cyrillic), numbered paragraphs, "n / total" page numbers, no metadata, extractable text.
///
/// # Errors
///
/// [`RenderError::Font`] if a bundled font cannot be read, [`RenderError::Pdf`] if krilla
/// cannot write the file (neither is expected).
pub fn to_pdf(doc: &Document) -> Result<Vec<u8>, RenderError> {
    pdf::render(doc)
}

/// Renders `doc` as Markdown (CommonMark plus GitHub tables).
#[must_use]
pub fn to_markdown(doc: &Document) -> String {
    markdown::render(doc)
}

/// Pages `blocks` take on the A4 / 3.5 cm / 12 pt layout: whole pages plus the used part of
/// the last one (`2.4` fits a 3-page budget; an empty list is `0.0`).
///
/// Method: this runs the PDF's own layout (`layout.rs`) on the blocks, without a title
/// (a form section does not start with the document title) and counts the result. Lines are
/// broken with DejaVu Sans's advance widths at the real sizes, so the figure matches the PDF
/// page for page (the `estimate_tracks_the_pdf_page_count` test checks it). The DOCX, opened
/// in Word with Arial (a slightly narrower font) usually takes a little less, so a section
/// the estimate passes also fits in Word. A page break inside `blocks` counts the rest of its
/// page as used.
#[must_use]
pub fn estimate_pages(blocks: &[Block]) -> f32 {
    let metrics = fonts::FontMetrics::new();
    layout::lay_out(None, blocks, &metrics).page_fraction()
}
