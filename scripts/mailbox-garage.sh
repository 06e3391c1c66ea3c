#!/usr/bin/env bash
# Runs the mailbox's S3 tests (crates/mailbox/tests/engines.rs, `s3_*`) and the three-vault
# team scenario over S3 (tests/mailbox_engines.rs, `s3_`) against Garage, the self-hosted S3
# store we recommend, instead of moto — including the wrong-credentials case moto cannot
# show. With `bench` as first argument, runs the transport measure example instead; with
# `sync-bench`, the team sync bench (scripts/mailbox-sync-bench.sh --engines garage).
#
# Needs the `garage` binary: `cargo install garage --locked` (v2.5.0 took 12 min 37 s on 2
# cores, too slow for every CI run; set GARAGE_INSTALL=1 to let this script do it). A
# single-node Garage on random free ports of 127.0.0.1, in a temporary directory, stopped on
# exit. One key per device is the least-privilege setup (see SECURITY.md); here one key.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v garage >/dev/null; then
  if [ "${GARAGE_INSTALL:-0}" = 1 ]; then
    cargo install garage --locked
  else
    echo "garage is not installed: cargo install garage --locked (12+ min), or GARAGE_INSTALL=1 $0" >&2
    exit 1
  fi
fi
if [ "${1:-}" = sync-bench ]; then
  shift
  exec bash scripts/mailbox-sync-bench.sh --engines garage "$@"
fi
source scripts/lib/loopback.sh
lb_init
lb_start_garage
export WAYSTONE_MAILBOX_S3_ENDPOINT=$LB_S3_ENDPOINT WAYSTONE_MAILBOX_S3_BUCKET=$LB_S3_BUCKET
export WAYSTONE_MAILBOX_S3_REGION=$LB_S3_REGION
export WAYSTONE_MAILBOX_S3_ACCESS_KEY_ID=$LB_S3_KEY WAYSTONE_MAILBOX_S3_SECRET_ACCESS_KEY=$LB_S3_SECRET
if [ "${1:-}" = bench ]; then
  WAYSTONE_S3_ACCESS_KEY_ID=$LB_S3_KEY WAYSTONE_S3_SECRET_ACCESS_KEY=$LB_S3_SECRET \
    cargo run --release -p waystone-mailbox --example mailbox_measure -- s3 "$LB_S3_ENDPOINT" "$LB_S3_BUCKET" "$LB_S3_REGION"
else
  cargo test -p waystone-mailbox --test engines s3_ -- --nocapture
  cargo test -p waystone --test mailbox_engines s3_ -- --nocapture
  # Everything Garage wrote (blocks, metadata database, its log) against what the team
  # scenario must never show a server: the constants of tests/mailbox_team/mod.rs.
  sync; hits=0
  for s in WS-QZ7M-K4RV Vorthalen Quillamere nadia-field leon-advocate coco-desk ana-admin \
           Orlova-Legal Bremen-Office Amir-Field team-box 48213/25; do
    if grep -r -a -l -F -- "$s" "$LB_GARAGE_DIR" >&2; then
      echo "Garage's files hold '$s'" >&2; hits=$((hits + 1))
    fi
  done
  files=$(find "$LB_GARAGE_DIR" -type f | wc -l)
  [ "$files" -gt 0 ] || { echo "nothing scanned under $LB_GARAGE_DIR" >&2; exit 1; }
  echo "scanned $files files Garage wrote: $hits forbidden strings found"
  [ "$hits" -eq 0 ]
fi
