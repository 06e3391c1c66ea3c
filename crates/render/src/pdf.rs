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
//!
//! Text is shaped here ([`Shaper`]), not by krilla's `draw_text`: that one parses the whole
//! font and builds a new shaping plan for every line it draws, which made a 2 MB narrative
//! take most of a minute. The shaper parses each font once per document and keeps one plan
//! per script; the glyphs (and so the bytes of the PDF) are the ones `draw_text` produced.

use krilla::geom::{PathBuilder, Point, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, GlyphId, KrillaGlyph};
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
    let mut shape_regular = Shaper::new(REGULAR).ok_or(RenderError::Font)?;
    let mut shape_bold = Shaper::new(BOLD).ok_or(RenderError::Font)?;

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
                } => {
                    let (font, shaper) = match style.face {
                        Face::Regular => (&regular, &mut shape_regular),
                        Face::Bold => (&bold, &mut shape_bold),
                    };
                    draw_text(&mut surface, font, shaper, *x, *baseline, *style, text);
                }
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
            &regular,
            &mut shape_regular,
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
    font: &Font,
    shaper: &mut Shaper<'_>,
    x: f32,
    baseline: f32,
    style: TextStyle,
    text: &str,
) {
    let glyphs = shaper.shape(text);
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
        surface.draw_glyphs(
            Point::from_xy(0.0, 0.0),
            &glyphs,
            font.clone(),
            text,
            style.size,
            false,
        );
        surface.pop();
    } else {
        surface.draw_glyphs(
            Point::from_xy(x, baseline),
            &glyphs,
            font.clone(),
            text,
            style.size,
            false,
        );
    }
}

/// Left-to-right shaping with one font, as krilla's `draw_text` does it (rustybuzz, no
/// features beyond the font's defaults), but with the font parsed once and one shaping plan
/// per script kept for the whole document.
pub(crate) struct Shaper<'f> {
    face: rustybuzz::Face<'f>,
    units_per_em: f32,
    plans: Vec<(
        Option<rustybuzz::Script>,
        Option<rustybuzz::Language>,
        rustybuzz::ShapePlan,
    )>,
    /// Lines shaped (for the tests' work counter).
    #[cfg(test)]
    pub(crate) lines: usize,
}

impl<'f> Shaper<'f> {
    pub(crate) fn new(font: &'f [u8]) -> Option<Self> {
        let face = rustybuzz::Face::from_slice(font, 0)?;
        let units_per_em = face.units_per_em().max(1) as f32;
        Some(Shaper {
            face,
            units_per_em,
            plans: Vec::new(),
            #[cfg(test)]
            lines: 0,
        })
    }

    /// The glyphs of one line, each with the byte range of the text it stands for.
    pub(crate) fn shape(&mut self, text: &str) -> Vec<KrillaGlyph> {
        use rustybuzz::{script, Direction, UnicodeBuffer};
        #[cfg(test)]
        {
            self.lines += 1;
        }
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(Direction::LeftToRight);
        let script = Some(buffer.script()).filter(|s| *s != script::UNKNOWN);
        let language = buffer.language();
        let at = match self
            .plans
            .iter()
            .position(|(s, l, _)| *s == script && *l == language)
        {
            Some(i) => i,
            None => {
                let plan = rustybuzz::ShapePlan::new(
                    &self.face,
                    Direction::LeftToRight,
                    script,
                    language.as_ref(),
                    &[],
                );
                self.plans.push((script, language, plan));
                self.plans.len() - 1
            }
        };
        let plan = &self.plans[at].2;
        let output = rustybuzz::shape_with_plan(&self.face, plan, buffer);
        let upem = self.units_per_em;
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            // a cluster runs to the start of the next glyph of another cluster
            let end = infos[i + 1..]
                .iter()
                .find(|next| next.cluster != info.cluster)
                .map_or(text.len(), |next| next.cluster as usize);
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / upem,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                info.cluster as usize..end,
                None,
            ));
        }
        glyphs
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The work counter behind the 2 MB narrative figure: the font is parsed once per
    /// document and a shaping plan is built once per script, however many lines are drawn
    /// (krilla's `draw_text` parsed the font and built a plan for every line).
    #[test]
    fn a_long_document_builds_one_plan_per_script_not_one_per_line() {
        let mut shaper = Shaper::new(REGULAR).unwrap();
        for i in 0..2_000 {
            shaper.shape(if i % 2 == 0 {
                "The applicant, an invented person, was held"
            } else {
                "Заявитель, вымышленное лицо, был задержан"
            });
            shaper.shape(&format!("{} / 2000", i + 1));
        }
        assert_eq!(shaper.lines, 4_000);
        // Latin, Cyrillic, and digits only (no script)
        assert_eq!(shaper.plans.len(), 3, "one plan per script");
    }

    #[test]
    fn glyphs_cover_the_line_in_order() {
        let mut shaper = Shaper::new(BOLD).unwrap();
        for text in ["Заявитель", "fi ffl Wa Ta", "e\u{301}tude", "1 / 3", ""] {
            let glyphs = shaper.shape(text);
            let mut at = 0;
            let mut prev = 0..0;
            for g in &glyphs {
                // each glyph starts where the last cluster ended, or shares its cluster
                assert!(g.text_range.start == at || g.text_range == prev, "{text:?}");
                assert!(g.text_range.end > g.text_range.start, "{text:?}");
                at = g.text_range.end;
                prev = g.text_range.clone();
            }
            assert_eq!(at, text.len(), "{text:?}: the glyphs cover the text");
        }
    }
}
