#!/usr/bin/env bash
# Sets up everything, builds the UI and the desktop app, and starts it.
#   scripts/run.sh            your vault (~/.local/share/waystone/vault, or $WAYSTONE_VAULT)
#   scripts/run.sh --demo     a throwaway demo vault with synthetic cases (invented people)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
demo=0
for a in "$@"; do
  case "$a" in
    --demo) demo=1 ;;
    *) echo "usage: scripts/run.sh [--demo]"; exit 2 ;;
  esac
done
(cd ui && npm run build)
cargo build -p waystone -p waystone-desktop --features waystone-desktop/custom-protocol
app="$root/target/debug/waystone-desktop"
if [ "$demo" = 1 ]; then
  exec bash scripts/demo.sh "$app"
fi
exec "$app"
