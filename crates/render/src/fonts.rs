//! The bundled fonts and their metrics.
//!
//! This module owns the font files compiled into the binary (DejaVu Sans regular and bold,
//! from `assets/fonts/`, Bitstream Vera licence in `assets/fonts/LICENSE-DejaVu.txt`) and the
//! width measurement that line breaking uses. DejaVu Sans covers Latin and Cyrillic, so
//! English and Russian documents print with one font; characters it lacks (emoji, most CJK)
//! print as the font's "missing glyph" box and are measured as such.
//!
//! Widths are the sum of the glyphs' advance widths, without kerning. The PDF writer shapes
//! each line with kerning, which only ever makes a line a little *narrower*, so a line
//! measured here never overflows the text area.

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, GlyphId, MetadataProvider};

/// DejaVu Sans (regular).
pub(crate) static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub(crate) static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Which of the two bundled faces a piece of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
}

/// Advance widths and vertical metrics of the bundled faces.
pub(crate) struct FontMetrics {
    regular: Option<FaceMetrics>,
    bold: Option<FaceMetrics>,
}

struct FaceMetrics {
    charmap: Charmap<'static>,
    glyphs: GlyphMetrics<'static>,
    units_per_em: f32,
    /// Ascent as a fraction of the em.
    ascent: f32,
    /// Descent (positive) as a fraction of the em.
    descent: f32,
}

/// Average advance used only if a bundled font could not be read (never expected: a unit test
/// proves both parse). Keeps measurement total rather than fallible.
const FALLBACK_ADVANCE_EM: f32 = 0.6;

impl FaceMetrics {
    fn new(data: &'static [u8]) -> Option<Self> {
        let font = FontRef::new(data).ok()?;
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em);
        if units_per_em <= 0.0 {
            return None;
        }
        Some(FaceMetrics {
            charmap: font.charmap(),
            glyphs: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
            ascent: metrics.ascent / units_per_em,
            descent: metrics.descent.abs() / units_per_em,
        })
    }

    fn advance_em(&self, c: char) -> f32 {
        let glyph = self.charmap.map(c).unwrap_or(GlyphId::NOTDEF);
        self.glyphs
            .advance_width(glyph)
            .map_or(FALLBACK_ADVANCE_EM, |w| w / self.units_per_em)
    }
}

impl FontMetrics {
    /// Reads the bundled fonts' tables.
    pub(crate) fn new() -> Self {
        FontMetrics {
            regular: FaceMetrics::new(REGULAR),
            bold: FaceMetrics::new(BOLD),
        }
    }

    fn face(&self, face: Face) -> Option<&FaceMetrics> {
        match face {
            Face::Regular => self.regular.as_ref(),
            Face::Bold => self.bold.as_ref(),
        }
    }

    /// Whether both bundled fonts were read (false would mean a broken build).
    #[cfg(test)]
    pub(crate) fn is_complete(&self) -> bool {
        self.regular.is_some() && self.bold.is_some()
    }

    /// Width of `text` set in `face` at `size` points.
    pub(crate) fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        let em: f32 = match self.face(face) {
            Some(f) => text.chars().map(|c| f.advance_em(c)).sum(),
            None => text.chars().count() as f32 * FALLBACK_ADVANCE_EM,
        };
        em * size
    }

    /// Width of one character.
    pub(crate) fn char_width(&self, c: char, face: Face, size: f32) -> f32 {
        match self.face(face) {
            Some(f) => f.advance_em(c) * size,
            None => FALLBACK_ADVANCE_EM * size,
        }
    }

    /// Distance from the top of a line box of height `line_height` to the baseline, for text
    /// at `size` points: the glyphs' ascent + descent is centred in the box.
    pub(crate) fn baseline_offset(&self, face: Face, size: f32, line_height: f32) -> f32 {
        let (ascent, descent) = self
            .face(face)
            .map_or((0.8, 0.2), |f| (f.ascent, f.descent));
        (line_height - (ascent + descent) * size) / 2.0 + ascent * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_parse_and_cover_latin_and_cyrillic() {
        let m = FontMetrics::new();
        assert!(m.is_complete());
        for face in [Face::Regular, Face::Bold] {
            let f = m
                .face(face)
                .map(|f| (f.charmap.map('Ж'), f.charmap.map('W')));
            assert!(matches!(f, Some((Some(_), Some(_)))));
        }
        // Bold is wider than regular; a space is narrower than a letter.
        assert!(m.width("Заявитель", Face::Bold, 12.0) > m.width("Заявитель", Face::Regular, 12.0));
        assert!(m.char_width(' ', Face::Regular, 12.0) < m.char_width('m', Face::Regular, 12.0));
        // A missing glyph still has a width (the .notdef box), so layout always progresses.
        assert!(m.char_width('\u{1F600}', Face::Regular, 12.0) > 0.0);
    }
}
