//! Property tests: any text in any block renders in every format without panicking, the DOCX
//! stays well-formed XML, and printable text survives into the DOCX unchanged. Inputs are
//! random strings, not people.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Cursor, Read};

use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use waystone_render::{estimate_pages, to_docx, to_markdown, to_pdf, Block, Document, Lang};

/// Any string (controls, surrogate-free planes, combining marks…), or text that looks like a
/// real document in either alphabet, with Markdown and XML specials and emoji mixed in.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Zа-яА-ЯёЁ0-9 ,.;:!?()«»—|*_#<>&\\[\\]`\\\\\n\t🙂👩‍⚖️中文ًّ]{0,120}",
        // One long unbreakable word: must be split between characters.
        "[a-zа-я]{200,400}",
    ]
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        (any::<u8>(), text()).prop_map(|(level, text)| Block::Heading { level, text }),
        (text(), any::<bool>()).prop_map(|(text, numbered)| Block::Paragraph { text, numbered }),
        prop::collection::vec(text(), 0..4).prop_map(Block::Bullets),
        (
            prop::collection::vec(text(), 0..4),
            prop::collection::vec(prop::collection::vec(text(), 0..5), 0..4),
        )
            .prop_map(|(header, rows)| Block::Table { header, rows }),
        text().prop_map(Block::Note),
        Just(Block::PageBreak),
    ]
}

fn document() -> impl Strategy<Value = Document> {
    (
        text(),
        prop_oneof![Just(Lang::En), Just(Lang::Ru)],
        prop::collection::vec(block(), 0..8),
    )
        .prop_map(|(title, language, blocks)| Document {
            title,
            language,
            blocks,
        })
}

/// Reads every XML part of a DOCX to the end; panics on malformed XML.
fn assert_docx_well_formed(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut document = String::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut xml = String::new();
        entry.read_to_string(&mut xml).expect("utf-8 part");
        let mut reader = Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{} is not well-formed: {e}", entry.name()),
            }
        }
        if entry.name() == "word/document.xml" {
            document = xml;
        }
    }
    document
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_document_renders_in_every_format(doc in document()) {
        let md = to_markdown(&doc);
        prop_assert!(md.ends_with('\n'));

        let docx = to_docx(&doc).expect("docx");
        assert_docx_well_formed(&docx);

        let pdf = to_pdf(&doc).expect("pdf");
        prop_assert!(pdf.starts_with(b"%PDF-"));

        let pages = estimate_pages(&doc.blocks);
        prop_assert!(pages.is_finite() && pages >= 0.0);
    }

    #[test]
    fn printable_text_reaches_the_docx_unchanged(text in "[a-zA-Zа-яА-ЯёЁ0-9,.;:!?()«»—|*_#<>&'\"]{1,20}( [a-zA-Zа-яА-ЯёЁ0-9,.;:!?()«»—|*_#<>&'\"]{1,20}){0,10}") {
        let doc = Document {
            title: String::new(),
            language: Lang::Ru,
            blocks: vec![Block::Paragraph { text: text.clone(), numbered: true }],
        };
        let xml = assert_docx_well_formed(&to_docx(&doc).expect("docx"));
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let found = xml.contains(&escaped)
            || xml.contains(&escaped.replace('"', "&quot;").replace('\'', "&apos;"));
        prop_assert!(found, "{text:?} not in document.xml");
    }
}
