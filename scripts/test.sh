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

step "build the app binary the end-to-end tests drive"
cargo build "${FEATURES[@]}" --bins

step "end-to-end: the real window under Xvfb through WebDriver"
E2E_DEBUG=()
for f in tests/e2e/*.test.mjs; do
  [ "$f" = tests/e2e/hardening.test.mjs ] || E2E_DEBUG+=("$f")
done
WAYSTONE_APP="$root/target/debug/waystone-desktop" bash tests/e2e/run.sh "${E2E_DEBUG[@]}"

# The webview's hardening is tested against what ships: a release build (no devtools, the
# release webview settings). From a clean target dir on 2 cores this build is the slowest
# step; see tests/e2e/README.md for the figure.
step "release build of the app, then the webview hardening test against it"
cargo build --release -p waystone-desktop --features custom-protocol
WAYSTONE_APP="$root/target/release/waystone-desktop" bash tests/e2e/run.sh tests/e2e/hardening.test.mjs
