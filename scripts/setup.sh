#!/usr/bin/env bash
# Installs whatever is missing on a fresh Debian/Ubuntu with Rust and Node: system packages,
# the UI's npm packages, tauri-driver. Idempotent and quick when everything is there.
# Sourced or run by scripts/run.sh and scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

APT_PACKAGES=(build-essential pkg-config curl file perl make
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev libxdo-dev
  xvfb xauth webkit2gtk-driver imagemagick fonts-dejavu-core poppler-utils python3 python3-pip
  apache2 apache2-utils syncthing)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The mailbox's WebDAV tests run their own Apache on a random loopback port. Where installing
# the package started the system Apache (no policy-rc.d), stop it: nothing should listen on :80.
if ((${#missing[@]})) && [[ " ${missing[*]} " == *" apache2 "* ]]; then
  if command -v systemctl >/dev/null && systemctl is-active --quiet apache2 2>/dev/null; then
    $sudo_cmd systemctl disable --now apache2 || true
  elif command -v service >/dev/null; then
    $sudo_cmd service apache2 stop >/dev/null 2>&1 || true
  fi
fi

# The mailbox's S3 tests (crates/mailbox/tests/engines.rs) run moto_server on loopback
# (about 12 s to install here). Garage, the S3 store we recommend, is tested by
# scripts/mailbox-garage.sh (its install takes 12+ minutes).
if ! command -v moto_server >/dev/null; then
  echo "setup: installing moto (S3 server for the mailbox tests)"
  python3 -m pip install --quiet 'moto[s3]' flask flask-cors ||
    python3 -m pip install --quiet --break-system-packages 'moto[s3]' flask flask-cors
fi

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is required (install Rust and Node first)"; exit 1; }
done

# The UI's packages, exactly as locked.
if [ ! -d "$root/ui/node_modules" ] || [ "$root/ui/package-lock.json" -nt "$root/ui/node_modules/.package-lock.json" ]; then
  echo "setup: installing the UI's npm packages"
  (cd "$root/ui" && npm ci --no-audit --no-fund)
fi

# tauri-driver drives the real window in the end-to-end tests (pinned to the v2 line).
if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

# Fuzzing (scripts/fuzz-smoke.sh): a nightly toolchain and cargo-fuzz.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "setup: installing the nightly toolchain (for cargo-fuzz)"
  # where no other toolchain can be fetched, fuzz-smoke.sh uses stable in bootstrap mode
  rustup toolchain install nightly --profile minimal ||
    echo "setup: no nightly toolchain; fuzzing will use the stable compiler (RUSTC_BOOTSTRAP)"
fi
if ! command -v cargo-fuzz >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-fuzz" ]; then
  echo "setup: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
