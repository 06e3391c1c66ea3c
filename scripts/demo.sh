#!/usr/bin/env bash
# Opens the app on a fresh demo vault of invented cases in a temporary directory (the app's
# --demo flag prints its user and passphrase).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "${1:-$root/target/debug/waystone-desktop}" --demo
