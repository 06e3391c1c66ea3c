//! Markdown exports never make a link out of case text (issue 14). Each output is read back
//! with a CommonMark + GFM parser (comrak, with the autolink, table and strikethrough
//! extensions, as GitHub, GitLab and most editors render) and must hold no link, image or
//! HTML built from user text, while the text still reads the same. The strings are invented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use comrak::nodes::NodeValue;
use comrak::{parse_document, Arena, Options};
use proptest::prelude::*;
use waystone_render::{to_markdown, Block, Document, Lang};

/// Text a case may hold that a Markdown renderer would turn into a link or markup.
const LINKY: &[&str] = &[
    "see https://example.org/report?id=7 now",
    "http://example.org",
    "HTTPS://EXAMPLE.ORG/upper",
    "ftp://files.example.org/x",
    "www.example.org",
    "visit www.example.org/path, then WWW.EXAMPLE.NET.",
    "(www.example.org)",
    "*www.example.org*",
    "_http://example.org_",
    "~www.example.org~",
    "write to a.person@example.org today",
    "mailto:a.person@example.org",
    "xmpp:someone@example.org/home",
    "<https://example.org>",
    "<a.person@example.org>",
    "[text](https://example.org)",
    "[text][ref]\n\n[ref]: https://example.org",
    "![img](https://example.org/x.png)",
    "! [img] (x)",
    "<a href=\"https://example.org\">x</a>",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<!-- comment -->",
    "&lt;a&gt; and &#x3C;b&#x3E;",
    "telegram t.me/someone and vk.com/someone",
    "[[wiki]] and :smile: and $x$",
    "https\\://already.escaped.example.org",
];

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.autolink = true;
    o.extension.table = true;
    o.extension.strikethrough = true;
    o
}

/// What a reader of the rendered Markdown sees as links, images and raw HTML, and the plain
/// text of the document (text nodes joined).
fn read_back(md: &str) -> (Vec<String>, String) {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &options());
    let mut bad = Vec::new();
    let mut text = String::new();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Link(l) => bad.push(format!("link to {}", l.url)),
            NodeValue::Image(l) => bad.push(format!("image {}", l.url)),
            NodeValue::HtmlInline(h) if h != "<br>" => bad.push(format!("html {h}")),
            NodeValue::HtmlBlock(h) if h.literal.trim() != "<!-- pagebreak -->" => {
                bad.push(format!("html block {}", h.literal))
            }
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push('\n'),
            _ => {}
        }
    }
    (bad, text)
}

fn doc(blocks: Vec<Block>) -> Document {
    Document {
        title: "Case 7 — https://example.org/title www.example.org".into(),
        language: Lang::En,
        blocks,
    }
}

fn every_block_kind(text: &str) -> Vec<Block> {
    vec![
        Block::Heading {
            level: 1,
            text: text.into(),
        },
        Block::Paragraph {
            text: text.into(),
            numbered: true,
        },
        Block::Paragraph {
            text: text.into(),
            numbered: false,
        },
        Block::Bullets(vec![text.into()]),
        Block::Note(text.into()),
        Block::Table {
            header: vec![text.into()],
            rows: vec![vec![text.into(), text.into()]],
        },
    ]
}

#[test]
fn no_link_image_or_html_is_made_from_case_text() {
    for linky in LINKY {
        let md = to_markdown(&doc(every_block_kind(linky)));
        let (bad, _) = read_back(&md);
        assert!(bad.is_empty(), "{linky:?} became {bad:?} in:\n{md}");
    }
}

#[test]
fn escaped_urls_and_addresses_still_read_as_written() {
    for (input, reads) in [
        (
            "see https://example.org/a now",
            "see https://example.org/a now",
        ),
        ("www.example.org", "www.example.org"),
        ("a.person@example.org", "a.person@example.org"),
        ("WWW.EXAMPLE.NET", "WWW.EXAMPLE.NET"),
    ] {
        let md = to_markdown(&Document {
            title: String::new(),
            language: Lang::En,
            blocks: vec![Block::Paragraph {
                text: input.into(),
                numbered: false,
            }],
        });
        let (bad, text) = read_back(&md);
        assert!(bad.is_empty(), "{md}");
        assert_eq!(text, reads, "{md}");
    }
}

#[test]
fn ordinary_text_is_not_escaped_more_than_before() {
    // a colon, a dot after "www"-less words, and "mailto" without an address stay as typed
    for plain in [
        "Time: 10:30.",
        "Note: see page 4.",
        "awww.",
        "the www is down",
    ] {
        let md = to_markdown(&Document {
            title: String::new(),
            language: Lang::En,
            blocks: vec![Block::Paragraph {
                text: plain.into(),
                numbered: false,
            }],
        });
        let expected = if plain == "awww." {
            // "www." inside a word is escaped too: harmless, it renders the same
            "awww\\.\n".to_owned()
        } else {
            format!("{plain}\n")
        };
        assert_eq!(md, expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Any mix of URL, address and markup fragments with ordinary words: no link, image or
    /// HTML comes out of it.
    #[test]
    fn no_fragment_mix_makes_a_link(
        parts in prop::collection::vec(prop::sample::select(vec![
            "https://", "http://", "ftp://", "www.", "WWW.", "example", ".org", ".com", "/path",
            "@", "a.person", "mailto:", "xmpp:", "<", ">", "[", "]", "(", ")", "!", "*", "_",
            "~", ":", "//", " ", "\n", "word", "Заявитель", "&", "#", "`", "\\", "|",
        ]), 1..24),
    ) {
        let text: String = parts.concat();
        let md = to_markdown(&doc(every_block_kind(&text)));
        let (bad, _) = read_back(&md);
        prop_assert!(bad.is_empty(), "{:?} became {:?} in:\n{}", text, bad, md);
    }
}
