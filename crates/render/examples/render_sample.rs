//! Writes the synthetic sample applications (invented people only) in every format, for a
//! person to look at: `cargo run -p waystone-render --example render_sample -- OUT_DIR`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: render_sample OUT_DIR")?,
    );
    std::fs::create_dir_all(&out)?;
    let long = waystone_render::Document {
        title: String::new(),
        language: waystone_render::Lang::En,
        blocks: common::long_blocks(200),
    };
    let docs = [
        ("sample-en", common::english()),
        ("sample-ru", common::russian()),
        ("long-200", long),
    ];
    for (name, doc) in docs {
        std::fs::write(
            out.join(format!("{name}.docx")),
            waystone_render::to_docx(&doc)?,
        )?;
        std::fs::write(
            out.join(format!("{name}.pdf")),
            waystone_render::to_pdf(&doc)?,
        )?;
        std::fs::write(
            out.join(format!("{name}.md")),
            waystone_render::to_markdown(&doc),
        )?;
        println!(
            "{name}: estimate {:.2} pages",
            waystone_render::estimate_pages(&doc.blocks)
        );
    }
    Ok(())
}
