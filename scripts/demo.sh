#!/usr/bin/env bash
# Opens the app on a fresh demo vault in a temporary directory: user "demo", passphrase
# printed below (it is a demo: every case in it is invented).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app="${1:-$root/target/debug/waystone-desktop}"
cli="$root/target/debug/waystone"
dir="$(mktemp -d -t waystone-demo.XXXXXX)/vault"
pass="demo lantern quietly orbit"
export WAYSTONE_KDF_TARGET_MS=0
printf '%s\n' "$pass" | "$cli" --vault "$dir" --user demo --passphrase-stdin init >/dev/null
if "$cli" demo --help >/dev/null 2>&1; then
  printf '%s\n' "$pass" | "$cli" --vault "$dir" --user demo --passphrase-stdin demo --cases 50
fi
echo "Demo vault: $dir"
echo "User: demo   Passphrase: $pass"
exec "$app" --vault "$dir"
