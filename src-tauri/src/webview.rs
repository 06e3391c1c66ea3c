//! WebKitGTK's memory settings: environment variables the shell sets in its own process before
//! GTK and WebKit start, so the web and network processes WebKit spawns inherit them. Issue 9
//! asks for the whole app (all its processes) to stay under 250 MB resident; the measurements
//! behind each setting are in BENCHMARKS.md ("The desktop app's memory").
//!
//! - `WEBKIT_DISABLE_COMPOSITING_MODE=1`: the web process paints the page on the CPU instead of
//!   compositing layers through OpenGL. The UI has no animation, transition or 3D transform
//!   (`ui/src/app.css`), so nothing is lost on screen. With Mesa's software renderer (a machine
//!   without a GPU, or Xvfb) compositing cost ~80 MiB (PSS) at the unlock screen and ~140 MiB on a
//!   long interview.
//! - `JSC_useJIT=false`: JavaScriptCore interprets the UI's script instead of compiling it to
//!   machine code: ~17–25 MiB less once a large case is open, no measurable slowdown of the
//!   screens (the script is small; the time goes to IPC and layout), and no JIT memory (written
//!   and then executed) in the process that renders case content.
//!
//! A variable the user has already set is left alone: `WEBKIT_DISABLE_COMPOSITING_MODE=0`
//! brings compositing back, `JSC_useJIT=true` the JIT (to compare, or to work around a driver).
//! Neither touches the webview's hardening (CSP, incognito, no devtools in release).
//!
//! Recipe: to add a setting, add a line to [`SETTINGS`] and measure it with `scripts/bench.sh`
//! (step 5) before and after. Settings of the live webview (`WebviewWindow::with_webview`, a
//! `webkit2gtk::WebView` on Linux) were measured too and changed nothing worth keeping: cache
//! model `DocumentViewer`, page cache off, WebGL and WebAudio off, and the hardware-acceleration
//! policy `Never` (the same as the first variable above, but applied only after the web process
//! has started, so ~15 MiB less effective).

/// The variables, with the value each gets when the user has not set it.
const SETTINGS: &[(&str, &str)] = &[
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    ("JSC_useJIT", "false"),
];

/// The settings `is_set` says the user has not made.
fn unset(is_set: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    SETTINGS
        .iter()
        .filter(|(name, _)| !is_set(name))
        .copied()
        .collect()
}

/// Sets each variable the user has not set. Call it first in `main`, before any thread starts:
/// the environment is shared by the whole process.
pub fn limit_memory() {
    for (name, value) in unset(|name| std::env::var_os(name).is_some()) {
        std::env::set_var(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::unset;

    fn check(user_sets: &[&str], expected: &[(&str, &str)]) {
        assert_eq!(
            unset(|name| user_sets.contains(&name)),
            expected,
            "{user_sets:?}"
        );
    }

    #[test]
    fn the_users_own_value_wins() {
        check(
            &[],
            &[
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("JSC_useJIT", "false"),
            ],
        );
        check(
            &["WEBKIT_DISABLE_COMPOSITING_MODE"],
            &[("JSC_useJIT", "false")],
        );
        check(&["JSC_useJIT"], &[("WEBKIT_DISABLE_COMPOSITING_MODE", "1")]);
        check(&["JSC_useJIT", "WEBKIT_DISABLE_COMPOSITING_MODE"], &[]);
        // other variables do not count
        check(
            &["WEBKIT_DISABLE_DMABUF_RENDERER", "JSC_useDFGJIT"],
            &[
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("JSC_useJIT", "false"),
            ],
        );
    }
}
