//! Markdown output (CommonMark with GitHub tables).
//!
//! This module owns the Markdown mapping:
//!
//! - the title is the one `#` heading; heading levels 1–3 become `##`–`####`;
//! - numbered paragraphs are ordered-list items carrying their document-wide number
//!   (`12. …`), so the count continues across headings exactly as in DOCX and PDF;
//! - bullets are `- ` items; notes are `*italic*`; tables are GFM pipe tables (pipes in cells
//!   escaped, line breaks in cells as `<br>`, a blank header row when the table has none);
//! - a line break inside a block is a backslash hard break; blank lines inside a block are
//!   dropped (Markdown cannot hold them inside a paragraph);
//! - a page break is an HTML comment `<!-- pagebreak -->`, invisible when rendered;
//! - user text is escaped so it stays text: emphasis, code, link and HTML characters, and
//!   anything at the start of a line that would begin a heading, list, quote or rule; bare
//!   URLs, `www.` names and e-mail addresses, which GFM turns into links with no markup, are
//!   broken by escapes that render as the bare character (`https\://`, `www\.`, `\@`). The
//!   `markdown_links` test reads every output back with a CommonMark + GFM parser (comrak)
//!   and finds no link, image or HTML made from user text.

use crate::model::{heading_level, table_cells, with_numbers, Block, TableCells};
use crate::text::clean;
use crate::Document;

/// Renders `doc` as Markdown.
pub(crate) fn render(doc: &Document) -> String {
    let mut chunks: Vec<String> = Vec::new();
    let title = one_line(&clean(&doc.title));
    if !title.is_empty() {
        chunks.push(format!("# {}", escape_heading(&title)));
    }
    let mut break_pending = false;
    for (block, number) in with_numbers(&doc.blocks) {
        if matches!(block, Block::PageBreak) {
            break_pending = true;
            continue;
        }
        let Some(chunk) = render_block(block, number) else {
            continue;
        };
        if std::mem::take(&mut break_pending) && !chunks.is_empty() {
            chunks.push("<!-- pagebreak -->".to_owned());
        }
        chunks.push(chunk);
    }
    let mut out = chunks.join("\n\n");
    out.push('\n');
    out
}

/// One block as Markdown, or `None` if it has nothing to show.
fn render_block(block: &Block, number: Option<u32>) -> Option<String> {
    match block {
        Block::Heading { level, text } => {
            let hashes = "#".repeat(usize::from(heading_level(*level)) + 1);
            let text = one_line(&clean(text));
            Some(if text.is_empty() {
                hashes
            } else {
                format!("{hashes} {}", escape_heading(&text))
            })
        }
        Block::Paragraph { text, .. } => {
            let lines = escaped_lines(&clean(text));
            match number {
                Some(n) => Some(list_item(&format!("{n}."), &lines)),
                None if lines.is_empty() => None,
                None => Some(lines.join("\\\n")),
            }
        }
        Block::Bullets(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|item| list_item("-", &escaped_lines(&clean(item))))
                .collect();
            (!items.is_empty()).then(|| items.join("\n"))
        }
        Block::Table { header, rows } => table_cells(header, rows).map(|t| table(&t)),
        Block::Note(text) => {
            let lines = escaped_lines(&clean(text));
            (!lines.is_empty()).then(|| format!("*{}*", lines.join("\\\n")))
        }
        Block::PageBreak => None,
    }
}

/// A list item: `marker`, then the lines, continuation lines indented under the text.
fn list_item(marker: &str, lines: &[String]) -> String {
    let indent = " ".repeat(marker.chars().count() + 1);
    let mut out = marker.to_owned();
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            out.push(' ');
        } else {
            out.push_str("\\\n");
            out.push_str(&indent);
        }
        out.push_str(line);
    }
    out
}

fn table(t: &TableCells) -> String {
    let row = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| escape_cell(c)).collect();
        format!("| {} |", cells.join(" | "))
    };
    let blank = vec![String::new(); t.columns];
    let mut lines = vec![
        row(t.header.as_deref().unwrap_or(&blank)),
        format!("|{}", " --- |".repeat(t.columns)),
    ];
    lines.extend(t.rows.iter().map(|r| row(r)));
    lines.join("\n")
}

/// The non-blank lines of `text`, trimmed and escaped.
fn escaped_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| escape_line_start(&escape_inline(l)))
        .collect()
}

/// Text joined onto one line (headings cannot break).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_heading(text: &str) -> String {
    escape_inline(text).replace('#', "\\#")
}

fn escape_cell(text: &str) -> String {
    text.split('\n')
        .map(|l| escape_inline(l.trim()))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Escapes characters that would become emphasis, code, links, strikethrough, HTML, table
/// cells or entity references anywhere in a line, and breaks the GFM autolink literals
/// (which need no markup at all): a scheme's `://` becomes `\://` (`https\://…`, any
/// scheme), `www.` becomes `www\.`, and every `@` is `\@` (e-mail addresses, `mailto:` and
/// `xmpp:` links all need one). Each escape renders as the bare character.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        let rest = &text[i + c.len_utf8()..];
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' | '@' => {
                out.push('\\');
                out.push(c);
            }
            '&' if rest
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') =>
            {
                out.push_str("\\&");
            }
            ':' if rest.starts_with("//") => out.push_str("\\:"),
            '.' if i >= 3
                && text.is_char_boundary(i - 3)
                && text[i - 3..i].eq_ignore_ascii_case("www") =>
            {
                out.push_str("\\.");
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes what would turn a line into a heading, list item, quote, rule or setext underline.
fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    if matches!(first, Some('#' | '-' | '+' | '=')) {
        return format!("\\{line}");
    }
    // "12." or "12)" at the start would begin an ordered list.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if rest.starts_with('.') || rest.starts_with(')') {
            return format!("{}\\{}", &line[..digits], rest);
        }
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn check(blocks: Vec<Block>, expected: &str) {
        let doc = Document {
            title: String::new(),
            language: Lang::En,
            blocks,
        };
        assert_eq!(render(&doc), expected);
    }

    fn para(text: &str, numbered: bool) -> Block {
        Block::Paragraph {
            text: text.into(),
            numbered,
        }
    }

    #[test]
    fn numbering_continues_across_other_blocks() {
        check(
            vec![
                para("One.", true),
                Block::Heading {
                    level: 1,
                    text: "Facts".into(),
                },
                para("Aside.", false),
                para("Two.", true),
            ],
            "1. One.\n\n## Facts\n\nAside.\n\n2. Two.\n",
        );
    }

    #[test]
    fn user_text_is_escaped() {
        check(
            vec![para("*not* _em_ [link](x) <b> a|b", false)],
            "\\*not\\* \\_em\\_ \\[link\\](x) \\<b\\> a\\|b\n",
        );
        check(vec![para("# not a heading", false)], "\\# not a heading\n");
        check(vec![para("1. not a list", false)], "1\\. not a list\n");
        check(vec![para("first\n===", false)], "first\\\n\\===\n");
        check(
            vec![para("AT&T &amp; R & D", false)],
            "AT\\&T \\&amp; R & D\n",
        );
        check(vec![para("back\\slash", false)], "back\\\\slash\n");
    }

    #[test]
    fn multi_line_blocks_use_hard_breaks_and_indent_continuations() {
        check(vec![para("a\nb\n\nc", true)], "1. a\\\n   b\\\n   c\n");
        check(
            vec![Block::Bullets(vec!["x\ny".into(), "- z".into()])],
            "- x\\\n  y\n- \\- z\n",
        );
        check(
            vec![Block::Note("Redacted\nfor the State".into())],
            "*Redacted\\\nfor the State*\n",
        );
    }

    #[test]
    fn tables_are_gfm_with_escaped_pipes() {
        check(
            vec![Block::Table {
                header: vec!["Date".into(), "Event".into()],
                rows: vec![vec!["2021".into(), "a|b\nc".into()], vec!["only".into()]],
            }],
            "| Date | Event |\n| --- | --- |\n| 2021 | a\\|b<br>c |\n| only |  |\n",
        );
        check(
            vec![Block::Table {
                header: vec![],
                rows: vec![vec!["x".into()]],
            }],
            "|  |\n| --- |\n| x |\n",
        );
    }

    #[test]
    fn title_headings_and_page_breaks() {
        let doc = Document {
            title: "Application\nto the Court".into(),
            language: Lang::En,
            blocks: vec![
                Block::PageBreak,
                Block::Heading {
                    level: 7,
                    text: "Deep # heading".into(),
                },
                Block::PageBreak,
                Block::PageBreak,
                para("", false),
                Block::Note("  ".into()),
                para("after", false),
                Block::PageBreak,
            ],
        };
        assert_eq!(
            render(&doc),
            // The title is content: a break after it starts a new page, as in DOCX and PDF.
            "# Application to the Court\n\n<!-- pagebreak -->\n\n#### Deep \\# heading\n\n<!-- pagebreak -->\n\nafter\n"
        );
    }
}
