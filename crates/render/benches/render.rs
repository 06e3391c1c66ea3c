//! Benchmark: a ~30-page synthetic application (invented people only): 300 numbered
//! paragraphs in English and Russian, a 40-row chronology, headings. Measures each renderer
//! and the page estimate. Then long narratives (0.25, 0.5, 1 and 2 MB of an invented account,
//! ~600-byte paragraphs as an export splits it) to DOCX, PDF and Markdown: the time must grow
//! in proportion to the size (issue 14). Run with `cargo bench -p waystone-render`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use waystone_render::{estimate_pages, to_docx, to_markdown, to_pdf, Block, Document, Lang};

fn thirty_pages() -> Document {
    let mut blocks = common::long_blocks(300);
    blocks.push(common::heading(1, "Chronology"));
    blocks.push(Block::Table {
        header: vec!["Date".into(), "Event".into(), "Document".into()],
        rows: (0..40)
            .map(|i| {
                vec![
                    format!("{:02}.03.2021", i % 28 + 1),
                    format!(
                        "Synthetic event number {i}, described in a sentence or two for length."
                    ),
                    format!("Exhibit {i}"),
                ]
            })
            .collect(),
    });
    Document {
        title: "Synthetic application (benchmark)".into(),
        language: Lang::En,
        blocks,
    }
}

fn render(c: &mut Criterion) {
    let doc = thirty_pages();
    eprintln!(
        "benchmark document: {:.1} pages (estimate)",
        estimate_pages(&doc.blocks)
    );
    let mut group = c.benchmark_group("30 pages");
    group.sample_size(20);
    group.bench_function("to_pdf", |b| b.iter(|| to_pdf(black_box(&doc)).unwrap()));
    group.bench_function("to_docx", |b| b.iter(|| to_docx(black_box(&doc)).unwrap()));
    group.bench_function("to_markdown", |b| b.iter(|| to_markdown(black_box(&doc))));
    group.bench_function("estimate_pages", |b| {
        b.iter(|| estimate_pages(black_box(&doc.blocks)))
    });
    group.finish();
}

/// An invented account of about `bytes` bytes, in ~600-byte numbered paragraphs mixing
/// Russian and English words.
fn narrative(bytes: usize) -> Document {
    let words = [
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
        "officers",
        "said",
        "nothing",
        "about",
        "the",
        "charges.",
    ];
    let mut blocks = vec![common::heading(2, "The applicant's account (synthetic)")];
    let (mut total, mut n) = (0usize, 0usize);
    while total < bytes {
        let mut text = String::with_capacity(640);
        while text.len() < 600 {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(words[n % words.len()]);
            n += 1;
        }
        total += text.len();
        blocks.push(common::numbered(&text));
    }
    Document {
        title: "Synthetic narrative (benchmark)".into(),
        language: Lang::Ru,
        blocks,
    }
}

fn narratives(c: &mut Criterion) {
    let mut group = c.benchmark_group("narrative");
    group.sample_size(10);
    for (label, kib) in [
        ("0.25MB", 256),
        ("0.5MB", 512),
        ("1MB", 1024),
        ("2MB", 2048),
    ] {
        let doc = narrative(kib * 1024);
        group.bench_function(format!("{label}/to_pdf"), |b| {
            b.iter(|| to_pdf(black_box(&doc)).unwrap())
        });
        group.bench_function(format!("{label}/to_docx"), |b| {
            b.iter(|| to_docx(black_box(&doc)).unwrap())
        });
        group.bench_function(format!("{label}/to_markdown"), |b| {
            b.iter(|| to_markdown(black_box(&doc)))
        });
    }
    group.finish();
}

criterion_group!(benches, render, narratives);
criterion_main!(benches);
