//! The one document model every renderer reads.
//!
//! This module owns [`Document`], [`Lang`] and [`Block`]: plain data, no formatting knobs.
//! The house style (sizes, spacing, margins) lives in `style`, so a block says *what* it is
//! and each writer decides *how* it looks in its format.
//!
//! Text in a block may be any Unicode. Writers clean it the same way (see `text::clean`):
//! `\r\n`/`\r`/U+2028/U+2029 become line breaks inside the block, tabs become spaces, and
//! control characters that no output format can carry are dropped.

/// A document to render: a title and a flow of blocks.
///
/// The title is printed at the top of the first page (DOCX, PDF) or as the single `#`
/// heading (Markdown). It is **never** written into file metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Printed title; empty means "no title line".
    pub title: String,
    /// Main language of the text (spell-check language in DOCX, `/Lang` in PDF).
    pub language: Lang,
    /// The content, in reading order.
    pub blocks: Vec<Block>,
}

/// The document's main language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
}

impl Lang {
    /// BCP 47 tag with region, as Word expects it in `w:lang` (`en-GB`, `ru-RU`).
    pub(crate) fn word_tag(self) -> &'static str {
        match self {
            Lang::En => "en-GB",
            Lang::Ru => "ru-RU",
        }
    }

    /// Short BCP 47 tag for the PDF catalogue's `/Lang` (`en`, `ru`).
    pub(crate) fn pdf_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }
}

/// One unit of content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading. Levels outside `1..=3` are clamped into that range.
    Heading {
        /// 1 (section), 2 (sub-section) or 3.
        level: u8,
        /// Heading text.
        text: String,
    },
    /// Body text. Numbered paragraphs are numbered 1, 2, 3… continuously through the whole
    /// document (the Court's practice direction asks for this); unnumbered ones take no number
    /// and do not interrupt the count.
    Paragraph {
        /// Paragraph text; `\n` is a line break inside the paragraph.
        text: String,
        /// Whether the paragraph takes the next number.
        numbered: bool,
    },
    /// A bulleted list, one string per item.
    Bullets(Vec<String>),
    /// A table with a header row (e.g. the chronology, the list of documents). Rows shorter
    /// than the widest row are padded with empty cells; an empty `header` means no header row.
    Table {
        /// Header cells, printed bold (and repeated on each page in the PDF).
        header: Vec<String>,
        /// Body rows.
        rows: Vec<Vec<String>>,
    },
    /// A small italic note, e.g. "Redacted for the respondent State".
    Note(String),
    /// Start a new page. A break at the top of an empty page, or at the very end, does nothing
    /// (so two breaks in a row never make a blank page).
    PageBreak,
}

/// Pairs each block with the number its paragraph takes, if it is a numbered paragraph.
///
/// Numbering is continuous through `blocks` and starts at 1; this is the single place that
/// decides it, so all three formats agree.
pub(crate) fn with_numbers(blocks: &[Block]) -> impl Iterator<Item = (&Block, Option<u32>)> {
    let mut next = 0u32;
    blocks.iter().map(move |block| match block {
        Block::Paragraph { numbered: true, .. } => {
            next = next.saturating_add(1);
            (block, Some(next))
        }
        _ => (block, None),
    })
}

/// A table's cells, cleaned (see `text::clean`) and squared up: every row has `columns`
/// cells. `None` from [`table_cells`] means the table has no cells at all and is skipped.
pub(crate) struct TableCells {
    /// The header row, if the block has one.
    pub(crate) header: Option<Vec<String>>,
    /// Body rows.
    pub(crate) rows: Vec<Vec<String>>,
    /// Number of columns (at least 1).
    pub(crate) columns: usize,
}

/// Squares up a [`Block::Table`]: pads short rows with empty cells and cleans every cell.
pub(crate) fn table_cells(header: &[String], rows: &[Vec<String>]) -> Option<TableCells> {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(header.len()))
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return None;
    }
    let square = |row: &[String]| -> Vec<String> {
        (0..columns)
            .map(|c| {
                row.get(c)
                    .map(|s| crate::text::clean(s))
                    .unwrap_or_default()
            })
            .collect()
    };
    Some(TableCells {
        header: (!header.is_empty()).then(|| square(header)),
        rows: rows.iter().map(|r| square(r)).collect(),
        columns,
    })
}

/// Heading level clamped into `1..=3`.
pub(crate) fn heading_level(level: u8) -> u8 {
    level.clamp(1, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_continuous_and_skips_other_blocks() {
        let p = |n: bool| Block::Paragraph {
            text: String::new(),
            numbered: n,
        };
        let blocks = vec![
            p(true),
            Block::Heading {
                level: 1,
                text: String::new(),
            },
            p(false),
            p(true),
            Block::PageBreak,
            p(true),
        ];
        let numbers: Vec<Option<u32>> = with_numbers(&blocks).map(|(_, n)| n).collect();
        assert_eq!(numbers, vec![Some(1), None, None, Some(2), None, Some(3)]);
    }

    #[test]
    fn tables_are_squared_up() {
        assert!(table_cells(&[], &[]).is_none());
        assert!(table_cells(&[], &[vec![]]).is_none());
        let t = table_cells(&["A".into()], &[vec![], vec!["1".into(), "2\t".into()]]);
        let t = t.map(|t| (t.header, t.rows, t.columns));
        assert_eq!(
            t,
            Some((
                Some(vec!["A".to_owned(), String::new()]),
                vec![
                    vec![String::new(), String::new()],
                    vec!["1".to_owned(), "2 ".to_owned()]
                ],
                2
            ))
        );
    }

    #[test]
    fn heading_levels_are_clamped() {
        assert_eq!(heading_level(0), 1);
        assert_eq!(heading_level(2), 2);
        assert_eq!(heading_level(9), 3);
    }
}
