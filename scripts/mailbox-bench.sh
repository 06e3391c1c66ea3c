#!/usr/bin/env bash
# Measures the mailbox transport on each engine on loopback (release build): put/get of
# 10 MiB and 100 KiB objects, and 1,000 small objects put, listed and deleted. Starts its own
# Apache httpd + mod_dav and moto_server on random free ports of 127.0.0.1 (scripts/lib/
# loopback.sh) and stops them on exit. Figures go in crates/mailbox/README.md by hand.
# Garage: scripts/mailbox-garage.sh bench. Whole team syncs: scripts/mailbox-sync-bench.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/lib/loopback.sh
lb_init

cargo build --release -p waystone-mailbox --example mailbox_measure
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/mailbox_measure"

mkdir -p "$LB_WORK/folder"
"$bin" folder "$LB_WORK/folder"

lb_start_apache
WAYSTONE_WEBDAV_USER=$LB_DAV_USER WAYSTONE_WEBDAV_PASSWORD=$LB_DAV_PASS "$bin" webdav "$LB_DAV_URL"

lb_start_moto
WAYSTONE_S3_ACCESS_KEY_ID=$LB_S3_KEY WAYSTONE_S3_SECRET_ACCESS_KEY=$LB_S3_SECRET \
  "$bin" s3 "$LB_S3_ENDPOINT" "$LB_S3_BUCKET" "$LB_S3_REGION"
