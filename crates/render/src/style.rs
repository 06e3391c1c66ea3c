//! The house style shared by the paginated outputs (DOCX and PDF) and the page estimate.
//!
//! This module owns page geometry, type sizes and spacing, in one place, so the DOCX a lawyer
//! edits and the PDF the Court receives agree, and so [`crate::estimate_pages`] measures the
//! layout that is actually printed. Change a number here and both writers follow.
//!
//! The Court's practice direction on applications asks for A4, margins of at least 3.5 cm,
//! text of at least 12 pt and numbered paragraphs; the values below meet it.

/// A4 width in twentieths of a point ("twips", Word's unit): 210 mm.
pub(crate) const PAGE_WIDTH_TWIPS: u32 = 11_906;
/// A4 height in twips: 297 mm.
pub(crate) const PAGE_HEIGHT_TWIPS: u32 = 16_838;
/// Margin on every side, in twips. 3.5 cm is 1984.25 twips; rounded *up* so the margin is
/// never below the Court's minimum.
pub(crate) const MARGIN_TWIPS: i32 = 1_985;

/// 3.5 cm in points (99.21): the Court's minimum margin.
const COURT_MARGIN_PT: f32 = 35.0 / 25.4 * 72.0;
// Checked when compiling: the margin is the Court's minimum, rounded up by less than a twip.
const _: () = assert!(MARGIN_PT >= COURT_MARGIN_PT && MARGIN_PT - COURT_MARGIN_PT < 0.05);

/// Twips in one point.
const TWIPS_PER_PT: f32 = 20.0;

/// A4 width in points.
pub(crate) const PAGE_WIDTH_PT: f32 = PAGE_WIDTH_TWIPS as f32 / TWIPS_PER_PT;
/// A4 height in points.
pub(crate) const PAGE_HEIGHT_PT: f32 = PAGE_HEIGHT_TWIPS as f32 / TWIPS_PER_PT;
/// Margin in points (99.25 pt).
pub(crate) const MARGIN_PT: f32 = MARGIN_TWIPS as f32 / TWIPS_PER_PT;
/// Width of the text area in points.
pub(crate) const TEXT_WIDTH_PT: f32 = PAGE_WIDTH_PT - 2.0 * MARGIN_PT;
/// Height of the text area in points.
pub(crate) const TEXT_HEIGHT_PT: f32 = PAGE_HEIGHT_PT - 2.0 * MARGIN_PT;

/// Body text size (the Court's minimum).
pub(crate) const BODY_PT: f32 = 12.0;
/// Size of a [`crate::Block::Note`].
pub(crate) const NOTE_PT: f32 = 10.0;
/// Size of the document title.
pub(crate) const TITLE_PT: f32 = 16.0;
/// Size of the page number in the footer.
pub(crate) const FOOTER_PT: f32 = 10.0;

/// Size of a heading of `level` (already clamped to 1..=3).
pub(crate) fn heading_pt(level: u8) -> f32 {
    match level {
        1 => 14.0,
        2 => 13.0,
        _ => 12.0,
    }
}

/// Every line is at least this tall (Word: line spacing "at least 14 pt").
pub(crate) const MIN_LINE_PT: f32 = 14.0;

/// Height of one line of text set at `size` points: at least [`MIN_LINE_PT`], more for large
/// type (1.15 × size, Word's "single" spacing for Arial; DejaVu Sans's own is 1.164).
pub(crate) fn line_height(size: f32) -> f32 {
    MIN_LINE_PT.max(size * 1.15)
}

/// Space after every paragraph, list item, note and table.
pub(crate) const SPACE_AFTER_PT: f32 = 6.0;
/// Extra space before a heading (dropped at the top of a page).
pub(crate) const HEADING_SPACE_BEFORE_PT: f32 = 12.0;
/// Space after the title.
pub(crate) const TITLE_SPACE_AFTER_PT: f32 = 12.0;
/// Hanging indent of numbered paragraphs: the number sits in the margin of the text block,
/// the text starts here ("200." fits).
pub(crate) const NUMBER_INDENT_PT: f32 = 30.0;
/// Hanging indent of bulleted items.
pub(crate) const BULLET_INDENT_PT: f32 = 18.0;
/// Bullet character (present in DejaVu Sans and in every Word font).
pub(crate) const BULLET: &str = "\u{2022}";
/// Left/right padding inside a table cell (Word's default cell margin, 108 twips).
pub(crate) const CELL_PAD_X_PT: f32 = 5.4;
/// Top/bottom padding inside a table cell.
pub(crate) const CELL_PAD_Y_PT: f32 = 2.0;
/// Width of table rules.
pub(crate) const RULE_PT: f32 = 0.5;

/// Converts points to twips, rounding to the nearest twip.
pub(crate) fn twips(pt: f32) -> i32 {
    (pt * TWIPS_PER_PT).round() as i32
}

/// Converts points to Word's half-points (font sizes).
pub(crate) fn half_points(pt: f32) -> usize {
    (pt * 2.0).round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_matches_a4_and_the_court_margin() {
        // A4 is 595.28 x 841.89 pt; Word rounds to whole twips.
        assert!((PAGE_WIDTH_PT - 595.3).abs() < 0.01);
        assert!((PAGE_HEIGHT_PT - 841.9).abs() < 0.01);
        assert_eq!(twips(BODY_PT), 240);
        assert_eq!(half_points(BODY_PT), 24);
    }
}
