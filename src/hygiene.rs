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
