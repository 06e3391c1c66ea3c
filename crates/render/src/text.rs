//! Text cleaning shared by every writer.
//!
//! This module owns the one rule for turning arbitrary user text into text every output can
//! carry: [`clean`]. It exists because XML 1.0 (inside DOCX) cannot hold most control
//! characters at all, a PDF font has no glyph for them, and the three formats should agree on
//! what a block's text *is*.

/// Cleans user text for output.
///
/// - `\r\n`, lone `\r`, U+2028 (line separator), U+2029 (paragraph separator), vertical tab
///   and form feed become `\n` (a line break inside the block);
/// - tabs become a single space (layout is the renderer's job, not the text's);
/// - other C0/C1 control characters, DEL, and the non-characters U+FFFE/U+FFFF are dropped
///   (XML 1.0 forbids most of them; none of them print).
///
/// Everything else, including emoji and combining marks, passes through unchanged.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{0B}' | '\u{0C}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clean;

    fn check(input: &str, expected: &str) {
        assert_eq!(clean(input), expected, "input {input:?}");
    }

    #[test]
    fn cleans_text() {
        check("plain", "plain");
        check("Заявитель", "Заявитель");
        check("a\r\nb", "a\nb");
        check("a\rb", "a\nb");
        check("a\u{2028}b\u{2029}c", "a\nb\nc");
        check("a\tb", "a b");
        check("a\u{0}b\u{1F}c\u{7F}d\u{85}e", "abcde");
        check("a\u{FFFF}b\u{FFFE}", "ab");
        check("emoji 🙂 stays", "emoji 🙂 stays");
        check("", "");
    }
}
