//! Line breaking and pagination for the paginated, drawn output (the PDF), and the page
//! estimate built on it.
//!
//! This module owns the *geometry* of a rendered document: where each line of text and each
//! table rule goes on which page. It knows nothing of PDF syntax: [`lay_out`] returns
//! [`Page`]s of positioned [`Item`]s that `pdf` draws, and [`crate::estimate_pages`] counts
//! them. Because the estimate runs this very code, it agrees with the PDF page for page.
//!
//! Method, in short: text is broken into lines greedily at spaces (a word wider than the line
//! is broken between characters), measured with the bundled font's advance widths
//! (`fonts`); blocks are stacked top to bottom with the spacing in `style`; a line that does
//! not fit starts a new page, with widow and orphan control (no paragraph leaves a single
//! line alone at the foot or head of a page). Headings keep with the start of the block after
//! them; table rows move
//! whole to the next page when they fit there, and only rows taller than a page are split;
//! a table's header row is repeated on each page it continues onto.
//!
//! Recipe, a new block kind: add a method here that stacks its lines with
//! [`Layouter::text_line`] (or pushes items and advances `y` itself), call it from
//! [`Layouter::block`], then draw nothing new in `pdf` unless the block needs a new kind of
//! [`Item`].

use crate::fonts::{Face, FontMetrics};
use crate::model::{heading_level, table_cells, with_numbers, Block, TableCells};
use crate::style::{
    heading_pt, line_height, BODY_PT, BULLET, BULLET_INDENT_PT, CELL_PAD_X_PT, CELL_PAD_Y_PT,
    HEADING_SPACE_BEFORE_PT, MARGIN_PT, NOTE_PT, NUMBER_INDENT_PT, SPACE_AFTER_PT, TEXT_HEIGHT_PT,
    TEXT_WIDTH_PT, TITLE_PT, TITLE_SPACE_AFTER_PT,
};
use crate::text::clean;

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    /// Regular or bold.
    pub(crate) face: Face,
    /// Size in points.
    pub(crate) size: f32,
    /// Slanted (the PDF draws a synthetic oblique: there is no italic font bundled).
    pub(crate) oblique: bool,
}

impl TextStyle {
    pub(crate) const BODY: TextStyle = TextStyle {
        face: Face::Regular,
        size: BODY_PT,
        oblique: false,
    };
    const STRONG: TextStyle = TextStyle {
        face: Face::Bold,
        size: BODY_PT,
        oblique: false,
    };
    const NOTE: TextStyle = TextStyle {
        face: Face::Regular,
        size: NOTE_PT,
        oblique: true,
    };
    const TITLE: TextStyle = TextStyle {
        face: Face::Bold,
        size: TITLE_PT,
        oblique: false,
    };

    fn heading(level: u8) -> TextStyle {
        TextStyle {
            face: Face::Bold,
            size: heading_pt(heading_level(level)),
            oblique: false,
        }
    }
}

/// Something drawn on a page. Coordinates are points from the page's top-left corner, y down.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// One line (or one cell line, or a paragraph number) of text.
    Text {
        /// Left edge of the text.
        x: f32,
        /// Baseline.
        baseline: f32,
        /// Face, size, slant.
        style: TextStyle,
        /// The text, never empty, never containing `\n`.
        text: String,
    },
    /// A straight rule (table borders).
    Rule {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
    },
}

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    /// What to draw, in drawing order.
    pub(crate) items: Vec<Item>,
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// At least one page (an empty document has one empty page).
    pub(crate) pages: Vec<Page>,
    /// Height used on the last page by its last line, in points (0 if it is empty).
    pub(crate) last_page_used: f32,
}

impl Layout {
    /// Pages taken, as a fraction: full pages plus the used part of the last one.
    pub(crate) fn page_fraction(&self) -> f32 {
        let full = self.pages.len().saturating_sub(1) as f32;
        full + (self.last_page_used / TEXT_HEIGHT_PT).clamp(0.0, 1.0)
    }
}

/// Lays out an optional title followed by `blocks`.
pub(crate) fn lay_out(title: Option<&str>, blocks: &[Block], metrics: &FontMetrics) -> Layout {
    let mut l = Layouter::new(metrics);
    if let Some(title) = title {
        let title = clean(title);
        if !title.trim().is_empty() {
            l.title(&title);
        }
    }
    for (i, (block, number)) in with_numbers(blocks).enumerate() {
        l.block(block, number, blocks.get(i + 1));
    }
    l.finish()
}

/// Floating-point slack when testing whether something fits.
const EPSILON: f32 = 0.01;

/// Width of the widest cell line a table column may ask for before it must wrap.
struct Column {
    /// Widest single word (bold in the header): below this, words break between characters.
    min: f32,
    /// Widest line as written: above this, the column has nothing to gain.
    natural: f32,
}

/// Geometry of a table being laid out.
struct TableGrid {
    /// Left edge of each column's cell box.
    lefts: Vec<f32>,
    /// Text width inside each cell (box width minus padding).
    widths: Vec<f32>,
    /// Right edge of the last column.
    right: f32,
}

impl TableGrid {
    fn new(widths: &[f32]) -> Self {
        let mut lefts = Vec::with_capacity(widths.len());
        let mut x = MARGIN_PT;
        for w in widths {
            lefts.push(x);
            x += w + 2.0 * CELL_PAD_X_PT;
        }
        TableGrid {
            lefts,
            widths: widths.to_vec(),
            right: x,
        }
    }
}

/// A table row broken into lines: `cells[c]` are the lines of column `c`.
struct RowLines {
    cells: Vec<Vec<String>>,
    style: TextStyle,
}

impl RowLines {
    fn line_count(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
    }
}

pub(crate) struct Layouter<'m> {
    metrics: &'m FontMetrics,
    pages: Vec<Page>,
    current: Vec<Item>,
    /// Height used on the current page, from the top of the text area.
    y: f32,
    /// Bottom of the last line placed on the current page.
    used: f32,
    /// Nothing placed on the current page yet.
    fresh: bool,
    /// A page break waits for the next block (so a trailing break makes no blank page).
    break_pending: bool,
}

impl<'m> Layouter<'m> {
    fn new(metrics: &'m FontMetrics) -> Self {
        Layouter {
            metrics,
            pages: Vec::new(),
            current: Vec::new(),
            y: 0.0,
            used: 0.0,
            fresh: true,
            break_pending: false,
        }
    }

    fn finish(mut self) -> Layout {
        let last_page_used = if self.fresh { 0.0 } else { self.used };
        self.pages.push(Page {
            items: std::mem::take(&mut self.current),
        });
        Layout {
            pages: self.pages,
            last_page_used,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Page {
            items: std::mem::take(&mut self.current),
        });
        self.y = 0.0;
        self.used = 0.0;
        self.fresh = true;
    }

    fn room(&self) -> f32 {
        TEXT_HEIGHT_PT - self.y
    }

    /// Starts a new page unless `height` fits on this one (or this one is still empty).
    fn ensure(&mut self, height: f32) {
        if !self.fresh && height > self.room() + EPSILON {
            self.new_page();
        }
    }

    /// Vertical space; collapses at the top of a page.
    fn space(&mut self, height: f32) {
        if !self.fresh {
            self.y += height;
        }
    }

    fn block(&mut self, block: &Block, number: Option<u32>, next: Option<&Block>) {
        if matches!(block, Block::PageBreak) {
            self.break_pending = true;
            return;
        }
        if std::mem::take(&mut self.break_pending) && !self.fresh {
            self.new_page();
        }
        match block {
            Block::Heading { level, text } => self.heading(*level, &clean(text), next),
            Block::Paragraph { text, .. } => {
                let label = number.map(|n| format!("{n}."));
                let indent = if label.is_some() {
                    NUMBER_INDENT_PT
                } else {
                    0.0
                };
                self.paragraph(&clean(text), TextStyle::BODY, indent, label.as_deref());
            }
            Block::Bullets(items) => {
                for item in items {
                    self.paragraph(
                        &clean(item),
                        TextStyle::BODY,
                        BULLET_INDENT_PT,
                        Some(BULLET),
                    );
                }
            }
            Block::Table { header, rows } => self.table(header, rows),
            Block::Note(text) => self.paragraph(&clean(text), TextStyle::NOTE, 0.0, None),
            Block::PageBreak => {}
        }
    }

    fn title(&mut self, text: &str) {
        let style = TextStyle::TITLE;
        let lh = line_height(style.size);
        for line in wrap(self.metrics, text, style, TEXT_WIDTH_PT) {
            let width = self.metrics.width(&line, style.face, style.size);
            let x = MARGIN_PT + ((TEXT_WIDTH_PT - width) / 2.0).max(0.0);
            self.text_line(lh, vec![(x, style, line)]);
        }
        self.space(TITLE_SPACE_AFTER_PT);
    }

    fn heading(&mut self, level: u8, text: &str, next: Option<&Block>) {
        let style = TextStyle::heading(level);
        let lh = line_height(style.size);
        let lines = wrap(self.metrics, text, style, TEXT_WIDTH_PT);
        // Keep with next: the heading, the space after it and the start of the next block
        // must fit on one page.
        let needed = HEADING_SPACE_BEFORE_PT
            + lines.len() as f32 * lh
            + SPACE_AFTER_PT
            + self.first_chunk(next);
        self.ensure(needed);
        self.space(HEADING_SPACE_BEFORE_PT);
        for line in lines {
            self.text_line(lh, vec![(MARGIN_PT, style, line)]);
        }
        self.space(SPACE_AFTER_PT);
    }

    /// A paragraph, list item or note: lines at `indent`, an optional label (paragraph number,
    /// bullet) hanging in front of the first line.
    ///
    /// Widow and orphan control, as Word does it by default: a paragraph split over two pages
    /// leaves at least two lines at the foot of the first and carries at least two to the
    /// next; if it cannot, it moves whole.
    fn paragraph(&mut self, text: &str, style: TextStyle, indent: f32, label: Option<&str>) {
        let lh = line_height(style.size);
        let lines = wrap(self.metrics, text, style, TEXT_WIDTH_PT - indent);
        let count = lines.len();
        let mut break_before = None;
        if !self.fresh {
            let fit = ((self.room() + EPSILON) / lh).floor() as usize;
            if fit < count {
                // Pull one line over if only one would go (no widow)...
                let here = if count - fit < 2 {
                    fit.saturating_sub(1)
                } else {
                    fit
                };
                // ...and move it all if fewer than two would stay (no orphan).
                break_before = Some(if here < 2 { 0 } else { here });
            }
        }
        for (i, line) in lines.into_iter().enumerate() {
            if break_before == Some(i) {
                self.new_page();
            }
            let mut runs = Vec::with_capacity(2);
            if i == 0 {
                if let Some(label) = label {
                    runs.push((MARGIN_PT, style, label.to_owned()));
                }
            }
            runs.push((MARGIN_PT + indent, style, line));
            self.text_line(lh, runs);
        }
        self.space(SPACE_AFTER_PT);
    }

    /// Height of the part of `block` that must share a page with a heading before it: the
    /// lines widow/orphan control will not separate (all of a paragraph of up to three lines,
    /// else two), a table's header and first line, a heading's first line.
    fn first_chunk(&self, block: Option<&Block>) -> f32 {
        let lines = |text: &str, style: TextStyle, indent: f32| {
            let n = wrap(self.metrics, &clean(text), style, TEXT_WIDTH_PT - indent).len();
            let keep = if n < 4 { n } else { 2 };
            keep as f32 * line_height(style.size)
        };
        match block {
            Some(Block::Paragraph { text, numbered }) => {
                let indent = if *numbered { NUMBER_INDENT_PT } else { 0.0 };
                lines(text, TextStyle::BODY, indent)
            }
            Some(Block::Note(text)) => lines(text, TextStyle::NOTE, 0.0),
            Some(Block::Bullets(items)) => items
                .first()
                .map_or(0.0, |item| lines(item, TextStyle::BODY, BULLET_INDENT_PT)),
            Some(Block::Heading { level, .. }) => {
                HEADING_SPACE_BEFORE_PT + line_height(TextStyle::heading(*level).size)
            }
            Some(Block::Table { .. }) => 2.0 * (line_height(BODY_PT) + 2.0 * CELL_PAD_Y_PT),
            Some(Block::PageBreak) | None => 0.0,
        }
    }

    /// Places one line box of height `lh` holding `runs` (x, style, text), on a new page if
    /// it does not fit.
    fn text_line(&mut self, lh: f32, runs: Vec<(f32, TextStyle, String)>) {
        self.ensure(lh);
        let top = MARGIN_PT + self.y;
        for (x, style, text) in runs {
            if text.is_empty() {
                continue;
            }
            let baseline = top + self.metrics.baseline_offset(style.face, style.size, lh);
            self.current.push(Item::Text {
                x,
                baseline,
                style,
                text,
            });
        }
        self.y += lh;
        self.used = self.y;
        self.fresh = false;
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        let Some(TableCells {
            header,
            rows: body,
            columns,
        }) = table_cells(header, rows)
        else {
            return;
        };
        let fit = fit_table(self.metrics, header.as_deref(), &body, columns);
        let grid = TableGrid::new(&fit.widths);
        let metrics = self.metrics;
        let sized = |style: TextStyle| TextStyle {
            size: fit.size,
            ..style
        };
        let lines = |cells: &[String], style: TextStyle| RowLines {
            cells: cells
                .iter()
                .zip(&grid.widths)
                .map(|(text, width)| wrap(metrics, text, style, *width))
                .collect(),
            style,
        };
        let header = header.map(|h| lines(&h, sized(TextStyle::STRONG)));
        let body: Vec<RowLines> = body
            .iter()
            .map(|r| lines(r, sized(TextStyle::BODY)))
            .collect();

        let lh = line_height(fit.size);
        let row_height = |r: &RowLines| r.line_count() as f32 * lh + 2.0 * CELL_PAD_Y_PT;
        // The header repeats on continuation pages unless it is absurdly tall.
        let repeat = header
            .as_ref()
            .filter(|h| row_height(h) <= TEXT_HEIGHT_PT / 3.0);

        if let Some(h) = &header {
            // Keep the header with the first line of the first row.
            let first = body.first().map_or(0.0, |_| lh + 2.0 * CELL_PAD_Y_PT);
            let needed = row_height(h) + first;
            if needed <= TEXT_HEIGHT_PT {
                self.ensure(needed);
            }
            self.table_row(h, &grid, None, false);
        }
        for (i, row) in body.iter().enumerate() {
            // The first row splits rather than leave the header alone at the foot of a page.
            let after_header = i == 0 && header.is_some();
            self.table_row(row, &grid, repeat, after_header);
        }
        self.space(SPACE_AFTER_PT);
    }

    /// Places a table row, moving it to the next page if it fits there whole, splitting it
    /// between lines only if it is taller than a page. `repeat` is the header to draw at the
    /// top of each continuation page; `stay` keeps the row's start on this page.
    fn table_row(
        &mut self,
        row: &RowLines,
        grid: &TableGrid,
        repeat: Option<&RowLines>,
        stay: bool,
    ) {
        let lh = line_height(row.style.size);
        let pad = 2.0 * CELL_PAD_Y_PT;
        let total = row.line_count();
        let mut done = 0usize;
        // True right after a page break (and its repeated header): breaking again is useless.
        let mut page_top = self.fresh || stay;
        while done < total {
            let need = (total - done) as f32 * lh + pad;
            if need > self.room() + EPSILON && !page_top {
                let header_height = repeat.map_or(0.0, |h| h.line_count() as f32 * lh + pad);
                let whole_fits_next = need <= TEXT_HEIGHT_PT - header_height + EPSILON;
                if whole_fits_next || self.room() < lh + pad {
                    self.continue_table(grid, repeat);
                    page_top = true;
                    continue;
                }
            }
            let fit = (((self.room() - pad) / lh + EPSILON).floor().max(1.0)) as usize;
            let take = fit.min(total - done);
            self.table_slice(row, grid, done, take);
            done += take;
            page_top = false;
            if done < total {
                self.continue_table(grid, repeat);
                page_top = true;
            }
        }
    }

    fn continue_table(&mut self, grid: &TableGrid, repeat: Option<&RowLines>) {
        self.new_page();
        if let Some(header) = repeat {
            self.table_slice(header, grid, 0, header.line_count());
        }
    }

    /// Draws lines `from..from + count` of every cell of `row`, with its rules.
    fn table_slice(&mut self, row: &RowLines, grid: &TableGrid, from: usize, count: usize) {
        let lh = line_height(row.style.size);
        let top = MARGIN_PT + self.y;
        let height = count as f32 * lh + 2.0 * CELL_PAD_Y_PT;
        let bottom = top + height;
        let style = row.style;
        let baseline = self.metrics.baseline_offset(style.face, style.size, lh);
        for (c, lines) in row.cells.iter().enumerate() {
            let x = grid.lefts.get(c).copied().unwrap_or(MARGIN_PT) + CELL_PAD_X_PT;
            for (i, line) in lines.iter().skip(from).take(count).enumerate() {
                if line.is_empty() {
                    continue;
                }
                self.current.push(Item::Text {
                    x,
                    baseline: top + CELL_PAD_Y_PT + i as f32 * lh + baseline,
                    style,
                    text: line.clone(),
                });
            }
        }
        let left = grid.lefts.first().copied().unwrap_or(MARGIN_PT);
        for y in [top, bottom] {
            self.current.push(Item::Rule {
                x1: left,
                y1: y,
                x2: grid.right,
                y2: y,
            });
        }
        for x in grid
            .lefts
            .iter()
            .copied()
            .chain(std::iter::once(grid.right))
        {
            self.current.push(Item::Rule {
                x1: x,
                y1: top,
                x2: x,
                y2: bottom,
            });
        }
        self.y += height;
        self.used = self.y;
        self.fresh = false;
    }
}

/// The smallest size a table's text is set at to keep its words whole (see [`fit_table`]).
pub(crate) const MIN_TABLE_PT: f32 = 8.0;

/// How a table is set: its text size and the text width of each column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableFit {
    pub(crate) size: f32,
    pub(crate) widths: Vec<f32>,
}

/// The size and column widths of a table, shared by the PDF and the DOCX grid: body size
/// when every column can hold its longest word; otherwise the text is set smaller, down to
/// [`MIN_TABLE_PT`], until they can — a word is broken inside only when even that is too
/// wide (a table of many columns of long words, such as a report's counts by month).
pub(crate) fn fit_table(
    m: &FontMetrics,
    header: Option<&[String]>,
    body: &[Vec<String>],
    columns: usize,
) -> TableFit {
    let at_body = measure_columns(m, header, body, columns, BODY_PT);
    let available = available_width(columns);
    let sum_min: f32 = at_body.iter().map(|c| c.min).sum();
    // widths scale with the size, so the size that makes the longest words fit is direct
    let size = if sum_min > available && sum_min > 0.0 {
        // down to a half point, the steps a DOCX run size can take: Word sets what the PDF does
        ((BODY_PT * available / sum_min * 2.0).floor() / 2.0).clamp(MIN_TABLE_PT, BODY_PT)
    } else {
        BODY_PT
    };
    let cols = if size == BODY_PT {
        at_body
    } else {
        measure_columns(m, header, body, columns, size)
    };
    TableFit {
        size,
        widths: share_width(&cols, available),
    }
}

/// The text width a table of `columns` columns shares out (cell padding excluded).
fn available_width(columns: usize) -> f32 {
    (TEXT_WIDTH_PT - columns as f32 * 2.0 * CELL_PAD_X_PT).max(0.0)
}

/// Each column's longest word (`min`) and longest line (`natural`) at `size`.
fn measure_columns(
    m: &FontMetrics,
    header: Option<&[String]>,
    body: &[Vec<String>],
    columns: usize,
    size: f32,
) -> Vec<Column> {
    let mut cols: Vec<Column> = (0..columns)
        .map(|_| Column {
            min: 0.0,
            natural: 0.0,
        })
        .collect();
    let rows = header
        .map(|h| (h, Face::Bold))
        .into_iter()
        .chain(body.iter().map(|r| (r.as_slice(), Face::Regular)));
    for (row, face) in rows {
        for (col, text) in cols.iter_mut().zip(row) {
            for line in text.split('\n') {
                col.natural = col.natural.max(m.width(line, face, size));
                for word in line.split(' ') {
                    col.min = col.min.max(m.width(word, face, size));
                }
            }
        }
    }
    cols
}

/// Text width of each column: natural widths when they fit, otherwise the HTML "auto" table
/// method (every column gets its longest word, the rest is shared in proportion to what
/// each column would still like to have).
fn share_width(cols: &[Column], available: f32) -> Vec<f32> {
    let columns = cols.len();
    let sum_natural: f32 = cols.iter().map(|c| c.natural).sum();
    let sum_min: f32 = cols.iter().map(|c| c.min.min(available)).sum();
    let n = columns as f32;
    let widths: Vec<f32> = if sum_natural <= available {
        let spare = available - sum_natural;
        cols.iter()
            .map(|c| {
                if sum_natural > 0.0 {
                    c.natural + spare * c.natural / sum_natural
                } else {
                    available / n
                }
            })
            .collect()
    } else if sum_min >= available {
        cols.iter()
            .map(|c| {
                if sum_min > 0.0 {
                    available * c.min.min(available) / sum_min
                } else {
                    available / n
                }
            })
            .collect()
    } else {
        let spare = available - sum_min;
        let wants: f32 = cols
            .iter()
            .map(|c| (c.natural - c.min.min(available)).max(0.0))
            .sum();
        cols.iter()
            .map(|c| {
                let min = c.min.min(available);
                if wants > 0.0 {
                    min + spare * (c.natural - min).max(0.0) / wants
                } else {
                    min + spare / n
                }
            })
            .collect()
    };
    widths
}

/// Breaks `text` into lines no wider than `width` (at `style`): greedily at spaces, and
/// between characters inside a word that is wider than a whole line. Every `\n` starts a new
/// line; runs of spaces collapse. Always returns at least one (possibly empty) line.
pub(crate) fn wrap(metrics: &FontMetrics, text: &str, style: TextStyle, width: f32) -> Vec<String> {
    let (face, size) = (style.face, style.size);
    let space = metrics.char_width(' ', face, size);
    let mut out = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0f32;
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            let word_width = metrics.width(word, face, size);
            let gap = if line.is_empty() { 0.0 } else { space };
            if line_width + gap + word_width <= width + EPSILON {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if word_width <= width + EPSILON {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            for c in word.chars() {
                let w = metrics.char_width(c, face, size);
                if !line.is_empty() && line_width + w > width + EPSILON {
                    out.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += w;
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::Paragraph {
            text: text.to_owned(),
            numbered: true,
        }
    }

    fn texts(layout: &Layout) -> Vec<Vec<String>> {
        layout
            .pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Text { text, .. } => Some(text.clone()),
                        Item::Rule { .. } => None,
                    })
                    .collect()
            })
            .collect()
    }

    /// A table of `columns` columns whose cells hold one long word each (invented counts by
    /// month, the shape of a report's wide tables).
    fn wide_table(columns: usize, word: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let header = (0..columns).map(|i| format!("{word}{i}")).collect();
        let body = (0..3)
            .map(|r| (0..columns).map(|i| format!("{}", r * 100 + i)).collect())
            .collect();
        (header, body)
    }

    #[test]
    fn a_table_whose_words_fit_keeps_the_body_size() {
        let m = FontMetrics::new();
        let (header, body) = wide_table(3, "Month");
        let fit = fit_table(&m, Some(&header), &body, 3);
        assert_eq!(fit.size, BODY_PT);
        assert_eq!(fit.widths.len(), 3);
    }

    #[test]
    fn a_table_too_wide_for_its_words_is_set_smaller_and_breaks_none() {
        let m = FontMetrics::new();
        // five columns of an 11-letter word: too wide at 12 pt, not at 8
        let (header, body) = wide_table(5, "Задержания");
        let at_body: f32 = header.iter().map(|h| m.width(h, Face::Bold, BODY_PT)).sum();
        assert!(
            at_body > available_width(5),
            "the test table must not fit at body size"
        );
        let fit = fit_table(&m, Some(&header), &body, 5);
        assert!(
            fit.size < BODY_PT && fit.size >= MIN_TABLE_PT,
            "{}",
            fit.size
        );
        assert_eq!(
            fit.size * 2.0,
            (fit.size * 2.0).round(),
            "a half-point step"
        );
        for (h, w) in header.iter().zip(&fit.widths) {
            assert!(
                m.width(h, Face::Bold, fit.size) <= w + EPSILON,
                "{h} broken at {}",
                fit.size
            );
        }
        // laid out: every header word comes out whole, on one line of its cell
        let layout = lay_out(
            None,
            &[Block::Table {
                header: header.clone(),
                rows: body,
            }],
            &m,
        );
        let words = texts(&layout).concat();
        for h in &header {
            assert!(words.contains(h), "{h} is not whole in {words:?}");
        }
    }

    #[test]
    fn a_table_too_wide_even_at_the_smallest_size_stops_there() {
        let m = FontMetrics::new();
        let (header, body) = wide_table(12, &"Ж".repeat(30));
        let fit = fit_table(&m, Some(&header), &body, 12);
        assert_eq!(fit.size, MIN_TABLE_PT);
        let total: f32 = fit.widths.iter().sum();
        assert!(total <= available_width(12) + EPSILON);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_overlong_words() {
        let m = FontMetrics::new();
        let style = TextStyle::BODY;
        let w = m.width("alpha beta", style.face, style.size);
        assert_eq!(
            wrap(&m, "alpha beta gamma", style, w),
            vec!["alpha beta", "gamma"]
        );
        assert_eq!(wrap(&m, "a\n\nb", style, 100.0), vec!["a", "", "b"]);
        assert_eq!(wrap(&m, "   ", style, 100.0), vec![""]);
        let long = "x".repeat(200);
        let lines = wrap(&m, &long, style, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        for line in &lines {
            assert!(m.width(line, style.face, style.size) <= 100.0 + EPSILON);
        }
        // A width smaller than one character still makes progress, one character a line.
        assert_eq!(wrap(&m, "abc", style, 0.1), vec!["a", "b", "c"]);
    }

    #[test]
    fn lines_stay_inside_the_text_area() {
        let m = FontMetrics::new();
        let blocks: Vec<Block> = (0..120)
            .map(|i| para(&format!("Paragraph {i} of synthetic text that wraps over a line or two when it is long enough to need it.")))
            .collect();
        let layout = lay_out(Some("Title"), &blocks, &m);
        assert!(layout.pages.len() > 3);
        for page in &layout.pages {
            for item in &page.items {
                if let Item::Text {
                    x,
                    baseline,
                    style,
                    text,
                } = item
                {
                    let right = x + m.width(text, style.face, style.size);
                    assert!(*x >= MARGIN_PT - EPSILON);
                    assert!(right <= MARGIN_PT + TEXT_WIDTH_PT + 0.5, "{text}");
                    assert!(*baseline > MARGIN_PT);
                    assert!(*baseline < MARGIN_PT + TEXT_HEIGHT_PT);
                }
            }
        }
    }

    #[test]
    fn page_breaks_collapse_and_trailing_break_adds_no_page() {
        let m = FontMetrics::new();
        let one = lay_out(None, &[para("a"), Block::PageBreak], &m);
        assert_eq!(one.pages.len(), 1);
        let two = lay_out(
            None,
            &[
                Block::PageBreak,
                para("a"),
                Block::PageBreak,
                Block::PageBreak,
                para("b"),
            ],
            &m,
        );
        assert_eq!(texts(&two), vec![vec!["1.", "a"], vec!["2.", "b"]]);
    }

    #[test]
    fn empty_document_is_one_empty_page_and_zero_estimate() {
        let m = FontMetrics::new();
        let layout = lay_out(None, &[], &m);
        assert_eq!(layout.pages.len(), 1);
        assert_eq!(layout.page_fraction(), 0.0);
    }

    #[test]
    fn widows_and_orphans_are_avoided() {
        let m = FontMetrics::new();
        // A filler, then a paragraph of `lines` lines "0", "1", …; returns the lines of that
        // paragraph on each page.
        let lh = line_height(BODY_PT);
        let split = |free_lines: usize, lines: usize| -> Vec<Vec<String>> {
            // One filler paragraph leaving room for exactly `free_lines` lines.
            let filler =
                ((TEXT_HEIGHT_PT - SPACE_AFTER_PT - free_lines as f32 * lh) / lh).floor() as usize;
            let text: Vec<String> = (0..lines).map(|i| i.to_string()).collect();
            let blocks = vec![
                Block::Paragraph {
                    text: vec!["filler"; filler].join("\n"),
                    numbered: false,
                },
                Block::Paragraph {
                    text: text.join("\n"),
                    numbered: false,
                },
            ];
            texts(&lay_out(None, &blocks, &m))
                .into_iter()
                .map(|page| page.into_iter().filter(|t| t != "filler").collect())
                .collect()
        };
        let pages = |v: &[&[&str]]| -> Vec<Vec<String>> {
            v.iter()
                .map(|p| p.iter().map(|s| (*s).to_owned()).collect())
                .collect()
        };
        // One free line: no orphan, the paragraph moves whole.
        assert_eq!(split(1, 3), pages(&[&[], &["0", "1", "2"]]));
        // Three free lines, four lines: pull one over so no widow is left alone.
        assert_eq!(split(3, 4), pages(&[&["0", "1"], &["2", "3"]]));
        // Three free lines, five lines: a clean 3 + 2 split.
        assert_eq!(split(3, 5), pages(&[&["0", "1", "2"], &["3", "4"]]));
        // Two free lines, three lines: pulling one over would orphan one, so all move.
        assert_eq!(split(2, 3), pages(&[&[], &["0", "1", "2"]]));
    }

    #[test]
    fn heading_keeps_with_next() {
        let m = FontMetrics::new();
        // Fill the page to within one line of the bottom, then a heading.
        let mut blocks: Vec<Block> = Vec::new();
        let per = line_height(BODY_PT) + SPACE_AFTER_PT;
        let count = ((TEXT_HEIGHT_PT - 30.0) / per).floor();
        let room = TEXT_HEIGHT_PT - count * per;
        let heading_alone = HEADING_SPACE_BEFORE_PT + line_height(heading_pt(1));
        // Room for the heading, not for the heading and the line after it.
        assert!(room > heading_alone && room < heading_alone + SPACE_AFTER_PT + per);
        for _ in 0..count as usize {
            blocks.push(Block::Paragraph {
                text: "x".into(),
                numbered: false,
            });
        }
        blocks.push(Block::Heading {
            level: 1,
            text: "Heading".into(),
        });
        blocks.push(para("after"));
        let layout = lay_out(None, &blocks, &m);
        let pages = texts(&layout);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1][0], "Heading");
    }

    #[test]
    fn long_table_repeats_its_header_and_tall_rows_split() {
        let m = FontMetrics::new();
        let rows: Vec<Vec<String>> = (0..80)
            .map(|i| vec![format!("2020-01-{i:02}"), format!("Event {i}")])
            .collect();
        let table = Block::Table {
            header: vec!["Date".into(), "Event".into()],
            rows,
        };
        let layout = lay_out(None, &[table], &m);
        let pages = texts(&layout);
        assert!(pages.len() >= 2);
        for page in &pages {
            assert_eq!(&page[..2], &["Date".to_owned(), "Event".to_owned()]);
        }
        // A single cell taller than a page is split over pages rather than lost.
        let tall = Block::Table {
            header: vec![],
            rows: vec![vec![vec!["line"; 100].join("\n")]],
        };
        let layout = lay_out(None, &[tall], &m);
        let count: usize = texts(&layout).iter().map(Vec::len).sum();
        assert_eq!(count, 100);
        assert!(layout.pages.len() >= 3);
    }

    #[test]
    fn ragged_and_empty_tables_do_not_break_layout() {
        let m = FontMetrics::new();
        let blocks = vec![
            Block::Table {
                header: vec![],
                rows: vec![],
            },
            Block::Table {
                header: vec!["A".into()],
                rows: vec![vec![], vec!["1".into(), "2".into(), "3".into()]],
            },
        ];
        let layout = lay_out(None, &blocks, &m);
        assert_eq!(texts(&layout), vec![vec!["A", "1", "2", "3"]]);
    }
}
