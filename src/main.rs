//! The `waystone` command line: the same core as the desktop app, without a window.
//! The contract (names, flags, exit codes, JSON) is ../shared/CLI.md.

mod cli;

fn main() {
    cli::install_panic_hook();
    std::process::exit(cli::run());
}
