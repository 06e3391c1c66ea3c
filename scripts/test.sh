#!/usr/bin/env bash
# Sets up everything and runs every test: formatting, lints, the core-has-no-Tauri check,
# Rust unit and integration tests, IPC binding drift, the UI's typecheck and unit tests, and
# the end-to-end tests that drive the real app window under Xvfb. CI runs exactly this.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
# Tests use the KDF floor (64 MiB, t=3, p=4) instead of the ~1 s calibration.
export WAYSTONE_KDF_TARGET_MS=0
# A whole run from a clean clone gains nothing from incremental caches (about 2 GB of disk).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
step() { printf '\n=== %s\n' "$*"; }

step "setup"
bash scripts/setup.sh

step "UI: typecheck, unit tests, build"
(cd ui && npm run check && npm test && npm run build)

# One feature set for every cargo call, so the Tauri crate is compiled once.
FEATURES=(--workspace --features waystone-desktop/custom-protocol)

step "Rust: format and lints"
cargo fmt --all -- --check
cargo clippy "${FEATURES[@]}" --all-targets -- -D warnings

step "the core package does not depend on Tauri"
if cargo tree -p waystone -e normal | grep -qE '^[^a-z]*tauri'; then
  echo "the core package 'waystone' depends on tauri"; exit 1
fi

step "Rust: unit and integration tests (also regenerates the IPC bindings)"
cargo test "${FEATURES[@]}"

step "XLSForm import agrees with pyxform (scripts/xlsform-conformance.sh)"
bash scripts/xlsform-conformance.sh

step "fuzzing: a short run of every cargo-fuzz target (fuzz/)"
bash scripts/fuzz-smoke.sh

step "IPC bindings are up to date"
if ! git diff --exit-code -- ui/src/ipc/bindings; then
  echo "ui/src/ipc/bindings changed: run 'cargo test -p waystone-desktop' and commit the result"; exit 1
fi
if [ -n "$(git status --porcelain -- ui/src/ipc/bindings)" ]; then
  git status --porcelain -- ui/src/ipc/bindings
  echo "new generated bindings are not committed"; exit 1
fi

# Every end-to-end test drives one build of the app: the `e2e` profile (Cargo.toml), which has
# what ships in every respect the tests can see (no debug_assertions: no devtools, the release
# webview, no debug-only hooks) without the release profile's optimisation — the release build
# was the slowest step of this script (~17 min on 2 cores). The webview hardening test needs
# exactly that build, and the rest gain from testing what users run.
step "build the app the end-to-end tests drive (profile e2e), and the CLI they make vaults with"
cargo build --profile e2e -p waystone-desktop --features custom-protocol
cargo build "${FEATURES[@]}" --bin waystone

step "end-to-end: the real window under Xvfb through WebDriver"
WAYSTONE_APP="$root/target/e2e/waystone-desktop" bash tests/e2e/run.sh
