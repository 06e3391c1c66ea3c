//! End-to-end tests of the three renderers on synthetic applications (invented people only,
//! see `common/mod.rs`): the DOCX is unzipped and its XML read; the PDF is read back with
//! poppler's `pdftotext`, `pdfinfo` and `pdffonts`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::process::Command;

use common::{english, heading, long_blocks, numbered, russian, texts};
use quick_xml::events::Event;
use quick_xml::Reader;
use waystone_render::{estimate_pages, to_docx, to_markdown, to_pdf, Block, Document, Lang};

// ---------------------------------------------------------------------------------------
// DOCX helpers

/// The package's parts, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("entry data");
        parts.insert(entry.name().to_owned(), data);
    }
    parts
}

fn part<'a>(parts: &'a BTreeMap<String, Vec<u8>>, name: &str) -> &'a str {
    std::str::from_utf8(parts.get(name).unwrap_or_else(|| panic!("{name} missing")))
        .expect("utf-8 part")
}

/// Text of each `w:p` (concatenated `w:t`, `w:br` as `\n`), XML-unescaped. Panics if the XML
/// is not well formed.
fn paragraphs(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(t) if in_text => {
                current.push_str(&t.xml10_content().expect("utf-8 text"));
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().expect("utf-8 reference");
                let resolved = quick_xml::escape::resolve_predefined_entity(&name)
                    .map(str::to_owned)
                    .or_else(|| r.resolve_char_ref().ok().flatten().map(|c| c.to_string()))
                    .expect("known entity");
                current.push_str(&resolved);
            }
            Event::Empty(e) if e.name().as_ref() == b"w:br" => current.push('\n'),
            Event::End(e) if e.name().as_ref() == b"w:p" => out.push(std::mem::take(&mut current)),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Attributes of the first element called `name`.
fn attributes(xml: &str, name: &str) -> BTreeMap<String, String> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Empty(e) | Event::Start(e) if e.name().as_ref() == name.as_bytes() => {
                return e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (
                            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                            a.decoded_and_normalized_value(
                                quick_xml::XmlVersion::Implicit1_0,
                                reader.decoder(),
                            )
                            .expect("value")
                            .into_owned(),
                        )
                    })
                    .collect();
            }
            Event::Eof => panic!("no <{name}>"),
            _ => {}
        }
    }
}

fn check_docx(doc: &Document) {
    let bytes = to_docx(doc).expect("docx");
    let parts = unzip(&bytes);
    let document = part(&parts, "word/document.xml");

    // Every heading, paragraph, note, bullet and cell comes back as a paragraph's text.
    let found = paragraphs(document);
    for text in texts(doc) {
        assert!(found.contains(&text), "missing from document.xml: {text}");
    }
    assert!(found.contains(&doc.title));

    // A4, 3.5 cm margins on every side.
    let size = attributes(document, "w:pgSz");
    assert_eq!(size.get("w:w").map(String::as_str), Some("11906"));
    assert_eq!(size.get("w:h").map(String::as_str), Some("16838"));
    let margins = attributes(document, "w:pgMar");
    for side in ["w:top", "w:bottom", "w:left", "w:right"] {
        assert_eq!(
            margins.get(side).map(String::as_str),
            Some("1985"),
            "{side}"
        );
    }

    // 12 pt default text (24 half-points) and the document language.
    let styles = part(&parts, "word/styles.xml");
    let defaults = &styles[styles.find("<w:docDefaults").expect("docDefaults")..];
    assert_eq!(
        attributes(defaults, "w:sz")
            .get("w:val")
            .map(String::as_str),
        Some("24")
    );
    let lang = match doc.language {
        Lang::En => "en-GB",
        Lang::Ru => "ru-RU",
    };
    assert_eq!(
        attributes(defaults, "w:lang")
            .get("w:val")
            .map(String::as_str),
        Some(lang)
    );

    // Numbered paragraphs use one Word list, "1." style.
    let numbered = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { numbered: true, .. }))
        .count();
    assert_eq!(
        document.matches(r#"<w:numId w:val="2" />"#).count(),
        numbered
    );
    let numbering = part(&parts, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:abstractNum w:abstractNumId="2""#));
    assert!(numbering.contains(r#"<w:lvlText w:val="%1." />"#));

    // Table header rows repeat on each page (every fixture table has a header).
    let tables = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table { .. }))
        .count();
    assert_eq!(document.matches("<w:tblHeader />").count(), tables);

    // Page numbers in the footer.
    let footer = part(&parts, "word/footer1.xml");
    assert!(footer.contains("PAGE") && footer.contains("NUMPAGES"));

    check_no_docx_metadata(&bytes, &parts);

    // Deterministic.
    assert_eq!(to_docx(doc).expect("docx"), bytes);
}

fn check_no_docx_metadata(bytes: &[u8], parts: &BTreeMap<String, Vec<u8>>) {
    let core = part(parts, "docProps/core.xml");
    for tag in [
        "dc:creator",
        "cp:lastModifiedBy",
        "dcterms:created",
        "dcterms:modified",
        "cp:revision",
        "dc:title",
        "cp:lastPrinted",
    ] {
        assert!(!core.contains(tag), "core.xml has {tag}: {core}");
    }
    let app = part(parts, "docProps/app.xml");
    for tag in [
        "Application",
        "AppVersion",
        "Company",
        "Manager",
        "TotalTime",
        "Template",
    ] {
        assert!(
            !app.contains(&format!("<{tag}")),
            "app.xml has {tag}: {app}"
        );
    }
    // No part anywhere names the writer or a person.
    for (name, data) in parts {
        let text = String::from_utf8_lossy(data);
        for needle in ["docx-rs", "unknown", "w:rsid", "w15:docId", "w:author"] {
            assert!(!text.contains(needle), "{name} contains {needle}");
        }
    }
    // Every entry carries the fixed DOS epoch, not the time of rendering.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    for i in 0..archive.len() {
        let entry = archive.by_index(i).expect("entry");
        let time = entry.last_modified().expect("timestamp");
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (1980, 1, 1, 0, 0),
            "{}",
            entry.name()
        );
        assert!(
            entry.extra_data().is_none_or(<[u8]>::is_empty),
            "extra field"
        );
    }
}

#[test]
fn docx_holds_every_text_page_setup_and_no_metadata() {
    check_docx(&english());
    check_docx(&russian());
}

#[test]
fn docx_survives_hostile_text() {
    let nasty = "<w:t>&amp; \"quotes\" ]]> \u{0}\u{1}\u{FFFF} 🙂 Ж";
    let doc = Document {
        title: nasty.into(),
        language: Lang::Ru,
        blocks: vec![
            common::numbered(nasty),
            Block::Table {
                header: vec![nasty.into()],
                rows: vec![vec![nasty.into(), nasty.into()]],
            },
        ],
    };
    let parts = unzip(&to_docx(&doc).expect("docx"));
    let found = paragraphs(part(&parts, "word/document.xml"));
    let cleaned = "<w:t>&amp; \"quotes\" ]]>  🙂 Ж";
    assert!(found.iter().filter(|p| *p == cleaned).count() >= 4);
}

#[test]
fn renders_are_identical_on_every_thread() {
    let doc = russian();
    let here = (to_docx(&doc).expect("docx"), to_pdf(&doc).expect("pdf"));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let doc = doc.clone();
            // Render something else first, so any per-thread counter would have moved.
            std::thread::spawn(move || {
                to_docx(&english()).expect("docx");
                (to_docx(&doc).expect("docx"), to_pdf(&doc).expect("pdf"))
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().expect("thread") == here);
    }
}

#[test]
fn docx_page_break_before_a_table_adds_no_blank_line() {
    let doc = Document {
        title: String::new(),
        language: Lang::En,
        blocks: vec![
            common::plain("before"),
            Block::PageBreak,
            Block::Table {
                header: vec!["A".into()],
                rows: vec![vec!["1".into()]],
            },
        ],
    };
    let parts = unzip(&to_docx(&doc).expect("docx"));
    let document = part(&parts, "word/document.xml");
    assert!(document.contains("<w:pageBreakBefore />"), "{document}");
    assert!(!document.contains(r#"w:type="page""#));
}

// ---------------------------------------------------------------------------------------
// PDF helpers

/// Runs a poppler tool on `pdf`. `None` only when the tool is not installed and we are not
/// in CI (CI has poppler-utils; a missing tool there is a failure, not a skip).
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> Option<String> {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(pdf).expect("write temp pdf");
    let output = match Command::new(tool)
        .args(args)
        .arg(file.path())
        .arg("-")
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            eprintln!("skipping: {tool} is not installed (apt-get install poppler-utils)");
            return None;
        }
        Err(e) => panic!("cannot run {tool}: {e}"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{tool} failed: {stderr}");
    assert!(!stderr.contains("Error"), "{tool} complained: {stderr}");
    Some(String::from_utf8(output.stdout).expect("utf-8 output"))
}

/// `pdfinfo` takes no output argument; wrap it so `poppler` can pass "-".
fn pdfinfo(pdf: &[u8]) -> Option<String> {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(pdf).expect("write temp pdf");
    poppler_plain("pdfinfo", file.path())
}

fn pdffonts(pdf: &[u8]) -> Option<String> {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(pdf).expect("write temp pdf");
    poppler_plain("pdffonts", file.path())
}

fn poppler_plain(tool: &str, path: &std::path::Path) -> Option<String> {
    let output = match Command::new(tool).arg(path).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            eprintln!("skipping: {tool} is not installed (apt-get install poppler-utils)");
            return None;
        }
        Err(e) => panic!("cannot run {tool}: {e}"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{tool} failed: {stderr}");
    assert!(!stderr.contains("Error"), "{tool} complained: {stderr}");
    Some(String::from_utf8(output.stdout).expect("utf-8 output"))
}

fn pdftotext(pdf: &[u8]) -> Option<String> {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
}

fn page_count(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo Pages")
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
}

fn check_pdf(doc: &Document) {
    let pdf = to_pdf(doc).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(to_pdf(doc).expect("pdf"), pdf, "deterministic");

    // Nothing about the file, its maker or its time, in the file itself.
    let raw = String::from_utf8_lossy(&pdf);
    for needle in [
        "/Producer",
        "/Creator",
        "/Author",
        "/Title",
        "/CreationDate",
        "/ModDate",
        "/Metadata",
        "xmpmeta",
        "krilla",
    ] {
        assert!(!raw.contains(needle), "PDF contains {needle}");
    }

    let Some(text) = pdftotext(&pdf) else { return };
    let extracted: Vec<&str> = words(&text).collect();
    for block_text in texts(doc).iter().chain(std::iter::once(&doc.title)) {
        for word in words(block_text) {
            assert!(extracted.contains(&word), "pdftotext lost {word:?}");
        }
    }

    let info = pdfinfo(&pdf).expect("pdfinfo present with pdftotext");
    for field in [
        "Title:",
        "Subject:",
        "Keywords:",
        "Author:",
        "Creator:",
        "Producer:",
        "CreationDate:",
        "ModDate:",
    ] {
        assert!(
            !info.lines().any(|l| l.starts_with(field)),
            "pdfinfo shows {field}\n{info}"
        );
    }
    assert!(info.contains("595.3 x 841.9 pts (A4)"), "{info}");
    let pages = page_count(&info);
    // poppler closes up the narrow spaces of the 10 pt footer: compare without whitespace.
    let compact: String = text.split_whitespace().collect();
    assert!(
        compact.contains(&format!("1/{pages}")),
        "footer page number"
    );

    let fonts = pdffonts(&pdf).expect("pdffonts present with pdftotext");
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // name type encoding emb sub uni object ID
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(row.contains("DejaVuSans"), "{row}");
        assert_eq!(
            cols.get(cols.len().saturating_sub(5)),
            Some(&"yes"),
            "not embedded: {row}"
        );
        assert_eq!(
            cols.get(cols.len().saturating_sub(3)),
            Some(&"yes"),
            "no ToUnicode: {row}"
        );
    }
}

#[test]
fn pdf_gives_back_every_word_embeds_the_font_and_has_no_metadata() {
    check_pdf(&english());
    check_pdf(&russian());
}

#[test]
fn long_documents_paginate_and_the_estimate_tracks_the_pdf() {
    let doc = Document {
        title: String::new(),
        language: Lang::En,
        blocks: long_blocks(200),
    };
    let pdf = to_pdf(&doc).expect("pdf");
    let estimate = estimate_pages(&doc.blocks);
    let Some(info) = pdfinfo(&pdf) else { return };
    let pages = page_count(&info);
    eprintln!("200 numbered paragraphs: estimate {estimate:.2} pages, PDF {pages} pages");
    assert!(pages >= 5, "{pages} pages");
    // Same layout: the estimate's page count is the PDF's (it is fractional on the last page).
    assert_eq!(estimate.ceil() as usize, pages);

    let text = pdftotext(&pdf).expect("pdftotext");
    let compact: String = text.split_whitespace().collect();
    assert!(compact.contains(&format!("{pages}/{pages}")));
    // Paragraph numbering ran through to 200 across pages.
    assert!(words(&text).any(|w| w == "200."));
    assert!(words(&text).any(|w| w == "(199)"));
}

#[test]
fn estimate_is_zero_for_nothing_and_grows_with_text() {
    assert_eq!(estimate_pages(&[]), 0.0);
    let one = estimate_pages(&long_blocks(10));
    let two = estimate_pages(&long_blocks(20));
    assert!(one > 0.0 && one < two, "{one} {two}");
    // A page break uses up the rest of its page.
    let mut broken = long_blocks(1);
    broken.push(Block::PageBreak);
    broken.extend(long_blocks(1));
    let broken = estimate_pages(&broken);
    assert!(broken > 1.0 && broken < 1.2, "{broken}");
}

// ---------------------------------------------------------------------------------------
// Markdown

#[test]
fn markdown_numbers_continuously_and_keeps_every_text() {
    for doc in [english(), russian()] {
        let md = to_markdown(&doc);
        assert!(md.starts_with(&format!("# {}\n", doc.title)));
        let numbers: Vec<String> = md
            .lines()
            .filter_map(|l| l.split_once(". ").map(|(n, _)| n.to_owned()))
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
            .collect();
        let expected: Vec<String> = (1..=numbers.len()).map(|n| n.to_string()).collect();
        assert_eq!(numbers, expected);
        assert_eq!(numbers.len(), 6);
        for text in texts(&doc) {
            assert!(md.contains(&text), "missing {text}");
        }
        assert!(md.contains("| --- | --- | --- |"));
        assert!(md.contains("<!-- pagebreak -->"));
        assert_eq!(to_markdown(&doc), md);
    }
    assert!(to_markdown(&english())
        .contains("*Names of the officers are redacted for the respondent State.*"));
}

/// A long narrative as an export makes it (issue 14: a 2 MB narrative's PDF took 94 s): one
/// numbered paragraph per paragraph of the account, plus one paragraph with no blank line in
/// it at all. Every paragraph comes out whole in every format — the PDF read back with
/// `pdftotext`. (Speed is measured in `benches/render.rs`, never asserted here.)
#[test]
fn a_long_narrative_comes_out_complete_in_every_format() {
    let vocabulary = [
        "Заявитель",
        "was",
        "held",
        "in",
        "a",
        "cell",
        "for",
        "several",
        "days",
        "без",
        "адвоката",
        "и",
        "связи",
    ];
    let mut blocks = vec![heading(1, "The applicant's account (synthetic)")];
    let mut n = 0usize;
    for p in 0..600 {
        let mut text = format!("P{p}start");
        for _ in 0..60 {
            text.push(' ');
            text.push_str(vocabulary[n % vocabulary.len()]);
            n += 1;
        }
        text.push_str(&format!(" P{p}end."));
        blocks.push(numbered(&text));
    }
    // one paragraph of ~60 KB with no break in it
    let mut long = String::from("Longstart");
    for _ in 0..8_000 {
        long.push(' ');
        long.push_str(vocabulary[n % vocabulary.len()]);
        n += 1;
    }
    long.push_str(" Longend.");
    blocks.push(numbered(&long));
    let doc = Document {
        title: "Synthetic account".into(),
        language: Lang::Ru,
        blocks,
    };
    let markers: Vec<String> = (0..600)
        .flat_map(|p| [format!("P{p}start"), format!("P{p}end.")])
        .chain(["Longstart".to_owned(), "Longend.".to_owned()])
        .collect();

    let md = to_markdown(&doc);
    let docx = to_docx(&doc).expect("docx");
    let document = String::from_utf8(unzip(&docx)["word/document.xml"].clone()).expect("utf-8");
    for m in &markers {
        assert!(md.contains(m.as_str()), "markdown lost {m}");
        assert!(document.contains(m.as_str()), "docx lost {m}");
    }
    let pdf = to_pdf(&doc).expect("pdf");
    let Some(text) = pdftotext(&pdf) else { return };
    let extracted: std::collections::HashSet<&str> = words(&text).collect();
    for m in &markers {
        assert!(extracted.contains(m.as_str()), "pdftotext lost {m}");
    }
    // and the words in between, in order, for the long paragraph's last page
    assert!(text.contains("Longend."));
}

#[test]
fn docx_a_table_too_wide_for_its_words_is_set_smaller_in_every_cell() {
    // five columns of an 11-letter word (invented headings): too wide at 12 pt on the page
    let header: Vec<String> = (0..5).map(|i| format!("Задержания{i}")).collect();
    let doc = Document {
        title: String::new(),
        language: Lang::Ru,
        blocks: vec![Block::Table {
            header: header.clone(),
            rows: vec![(0..5).map(|i| i.to_string()).collect()],
        }],
    };
    let parts = unzip(&to_docx(&doc).expect("docx"));
    let document = part(&parts, "word/document.xml");
    let sizes: Vec<u32> = document
        .match_indices("<w:sz w:val=\"")
        .map(|(i, m)| {
            let rest = &document[i + m.len()..];
            rest[..rest.find('"').expect("value")]
                .parse()
                .expect("number")
        })
        .collect();
    // every run of the table (five header cells, five body cells) says its size, below 24
    assert_eq!(sizes.len(), 10, "{document}");
    assert!(
        sizes
            .iter()
            .all(|&s| (16..24).contains(&s) && s == sizes[0]),
        "{sizes:?}"
    );
    for h in &header {
        assert!(document.contains(h.as_str()), "{h} whole in the DOCX");
    }
}
