//! The `waystone` command line: the same core as the desktop app, without a window.
//! The contract (names, flags, exit codes, JSON) is ../shared/CLI.md.

mod cli;

fn main() {
    waystone::hygiene::install_quiet_panic_hook("waystone");
    if !waystone::hygiene::disable_core_dumps() {
        eprintln!("waystone: warning: could not disable core dumps");
    }
    std::process::exit(cli::run());
}
