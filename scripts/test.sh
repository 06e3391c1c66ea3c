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
WAYSTONE_APP="$root/target/debug/waystone-desktop" bash tests/e2e/run.sh
