//! PDF output: draws the pages `layout` computed, with krilla.
//!
//! This module owns everything PDF-specific: embedding the fonts, the synthetic oblique for
//! notes, table rules, the "1 / 3" page numbers in the footer, and what the file says about
//! itself. What it says is as little as PDF allows:
//!
//! - no document information dictionary (no Title, Author, Creator, Producer, dates);
//! - no XMP metadata stream;
//! - the catalogue's `/Lang` (`en` or `ru`), which names no one and helps screen readers;
//! - the file identifier krilla derives from a hash of the content, so the same document
//!   gives the same bytes.
//!
//! Fonts are embedded as subsets with a ToUnicode map, so `pdftotext` and screen readers get
//! the Latin and Cyrillic text back.

use krilla::geom::{PathBuilder, Point, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use krilla::{Document as PdfDocument, SerializeSettings};

use crate::fonts::{Face, FontMetrics, BOLD, REGULAR};
use crate::layout::{lay_out, Item, TextStyle};
use crate::style::{FOOTER_PT, MARGIN_PT, PAGE_HEIGHT_PT, PAGE_WIDTH_PT, RULE_PT, TEXT_WIDTH_PT};
use crate::{Document, RenderError};

/// Horizontal shear of the synthetic oblique used for notes (about 11°, like a real oblique).
const OBLIQUE_SHEAR: f32 = 0.2;

/// Renders `doc` as PDF bytes.
pub(crate) fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let metrics = FontMetrics::new();
    let layout = lay_out(Some(&doc.title), &doc.blocks, &metrics);

    let regular = Font::new(REGULAR.into(), 0).ok_or(RenderError::Font)?;
    let bold = Font::new(BOLD.into(), 0).ok_or(RenderError::Font)?;
    let font = |face: Face| match face {
        Face::Regular => regular.clone(),
        Face::Bold => bold.clone(),
    };

    let settings = SerializeSettings {
        xmp_metadata: false,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut pdf = PdfDocument::new_with(settings);
    // Only the language: no title, author, creator, producer or dates.
    pdf.set_metadata(Metadata::new().language(doc.language.pdf_tag().to_owned()));

    let total = layout.pages.len();
    for (index, page) in layout.pages.iter().enumerate() {
        let page_settings =
            PageSettings::from_wh(PAGE_WIDTH_PT, PAGE_HEIGHT_PT).ok_or(RenderError::Pdf)?;
        let mut pdf_page = pdf.start_page_with(page_settings);
        let mut surface = pdf_page.surface();
        for item in &page.items {
            match item {
                Item::Text {
                    x,
                    baseline,
                    style,
                    text,
                } => draw_text(&mut surface, font(style.face), *x, *baseline, *style, text),
                Item::Rule { x1, y1, x2, y2 } => {
                    let mut path = PathBuilder::new();
                    path.move_to(*x1, *y1);
                    path.line_to(*x2, *y2);
                    if let Some(path) = path.finish() {
                        surface.set_stroke(Some(Stroke {
                            width: RULE_PT,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
            }
        }
        // Footer: "n / total", centred in the bottom margin.
        let footer = format!("{} / {}", index + 1, total);
        let width = metrics.width(&footer, Face::Regular, FOOTER_PT);
        let footer_style = TextStyle {
            face: Face::Regular,
            size: FOOTER_PT,
            oblique: false,
        };
        draw_text(
            &mut surface,
            regular.clone(),
            MARGIN_PT + (TEXT_WIDTH_PT - width) / 2.0,
            PAGE_HEIGHT_PT - MARGIN_PT / 2.0,
            footer_style,
            &footer,
        );
        surface.finish();
        pdf_page.finish();
    }
    pdf.finish().map_err(|_| RenderError::Pdf)
}

fn draw_text(
    surface: &mut krilla::surface::Surface<'_>,
    font: Font,
    x: f32,
    baseline: f32,
    style: TextStyle,
    text: &str,
) {
    if style.oblique {
        // Shear around the baseline origin: glyph tops (negative y) lean right.
        surface.push_transform(&Transform::from_row(
            1.0,
            0.0,
            -OBLIQUE_SHEAR,
            1.0,
            x,
            baseline,
        ));
        surface.draw_text(
            Point::from_xy(0.0, 0.0),
            font,
            style.size,
            text,
            false,
            TextDirection::LeftToRight,
        );
        surface.pop();
    } else {
        surface.draw_text(
            Point::from_xy(x, baseline),
            font,
            style.size,
            text,
            false,
            TextDirection::LeftToRight,
        );
    }
}
