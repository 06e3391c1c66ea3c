//! Errors of the renderers.
//!
//! This module owns [`RenderError`]. No variant carries document text: a render error may be
//! logged or shown, and nothing of a case may reach a log (DESIGN.md, "Quality bars").

/// Why a document could not be rendered. None of these depend on the document's text (every
/// string renders); they mean a broken build or a bug here, and retrying will not help.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// docx-rs could not write the Word package.
    #[error("could not write the DOCX package")]
    DocxPackage(#[source] zip::result::ZipError),
    /// The Word package could not be rewritten without metadata.
    #[error("could not rewrite the DOCX package without metadata")]
    DocxRepack(#[source] zip::result::ZipError),
    /// A bundled font could not be read (the build is broken).
    #[error("a bundled font could not be read")]
    Font,
    /// krilla could not write the PDF.
    #[error("could not write the PDF")]
    Pdf,
}
