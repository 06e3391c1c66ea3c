//! Process hygiene for both front ends (CLI and desktop): no core dumps (a dump of this
//! process could hold keys and decrypted testimony), and panics that print one fixed line
//! instead of their payload (which could quote data).

/// Disables core dumps for this process and its children. Failure is reported, not fatal:
/// the caller prints a warning.
pub fn disable_core_dumps() -> bool {
    rlimit::setrlimit(rlimit::Resource::CORE, 0, 0).is_ok()
}

/// Replaces the panic message with one fixed line naming the program.
pub fn install_quiet_panic_hook(program: &'static str) {
    std::panic::set_hook(Box::new(move |_| {
        eprintln!("{program}: internal error; nothing more is printed so that no data can leak");
    }));
}

/// Debug builds only: panics when `WAYSTONE_DEBUG_PANIC` names `point`, with `payload` (case
/// content) in the panic message, so the test suite can prove that a panic prints the quiet
/// hook's fixed line and nothing of the payload, and leaves no file behind
/// (tests/vault_leaks.rs). Compiled to nothing in release builds: the shipped binaries have no
/// such switch. No input reaches a real panic, so the suite needs this to test the hook.
#[cfg(debug_assertions)]
#[allow(clippy::panic)]
pub fn debug_forced_panic(point: &str, payload: &str) {
    if std::env::var("WAYSTONE_DEBUG_PANIC").as_deref() == Ok(point) {
        panic!("forced panic at {point} with case content: {payload}");
    }
}

/// Release builds: nothing (see the debug version).
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn debug_forced_panic(_point: &str, _payload: &str) {}

#[cfg(test)]
mod tests {
    #[test]
    fn core_dumps_are_off_after_the_call() {
        assert!(super::disable_core_dumps());
        assert_eq!(rlimit::getrlimit(rlimit::Resource::CORE).ok(), Some((0, 0)));
    }
}

/// `s` with every control character (C0, DEL, C1) and every bidirectional formatting
/// character written as `\u{…}`, and backslashes doubled: safe to print on a terminal. Values
/// stored by older versions (before the interchange checked its fields) can hold escape
/// sequences and newlines that would forge or hide lines of output.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || c == '\\'
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One line of JSON with the characters serde_json leaves as they are but a terminal may act
/// on (C1 controls, DEL, bidirectional formatting) written as `\uXXXX`: the same JSON value,
/// safe to print. (serde_json already escapes C0 controls; these characters can only occur
/// inside strings.)
pub fn json_terminal_safe(line: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !line.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 12);
    for c in line.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A piece of input to name in an error message: [`terminal_safe`] and cut to 32
/// characters (with `…`), in quotes. Use only for identifiers a person typed (a user name, a
/// form id), never for case content.
pub fn quote_input(s: &str) -> String {
    const MAX: usize = 32;
    let cut: String = s.chars().take(MAX).collect();
    let more = if s.chars().count() > MAX { "…" } else { "" };
    format!("\"{}{more}\"", terminal_safe(&cut))
}

#[cfg(test)]
mod terminal_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn terminal_output_carries_no_control_or_direction_characters() {
        for (input, expected) in [
            ("WS-ABCD-EFGH", "WS-ABCD-EFGH"),
            ("WS-\u{1b}[31mRED", "WS-\\u{1b}[31mRED"),
            ("a\nb\tc\rd", "a\\u{a}b\\u{9}c\\u{d}d"),
            ("x\u{202e}gpj.exe", "x\\u{202e}gpj.exe"),
            ("del\u{7f} c1\u{9b}", "del\\u{7f} c1\\u{9b}"),
            ("back\\slash", "back\\\\slash"),
            ("Кириллица ok", "Кириллица ok"),
        ] {
            assert_eq!(terminal_safe(input), expected, "{input:?}");
        }
        assert_eq!(quote_input("ab\u{1b}c"), "\"ab\\u{1b}c\"");
        let v = serde_json::json!({ "code": "a\u{1b}b\u{9b}c\u{202e}d\nе" });
        let line = json_terminal_safe(&v.to_string()).into_owned();
        assert!(
            !line.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{line:?}"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&line).unwrap(), v);
        assert_eq!(
            quote_input(&"x".repeat(40)),
            format!("\"{}…\"", "x".repeat(32))
        );
    }
}
