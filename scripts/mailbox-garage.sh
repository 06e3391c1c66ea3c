#!/usr/bin/env bash
# Runs the mailbox's S3 tests (crates/mailbox/tests/engines.rs, `s3_*`) against Garage, the
# self-hosted S3 store we recommend, instead of moto — including the wrong-credentials case
# moto cannot show. With `bench` as first argument, runs the measure example instead.
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
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rpc=$(free_port); s3=$(free_port); admin=$(free_port)
cat > "$work/garage.toml" <<CONF
metadata_dir = "$work/meta"
data_dir = "$work/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:$rpc"
rpc_public_addr = "127.0.0.1:$rpc"
rpc_secret = "$(openssl rand -hex 32 2>/dev/null || python3 -c 'import secrets; print(secrets.token_hex(32))')"
[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$s3"
root_domain = ".s3.garage.localhost"
[admin]
api_bind_addr = "127.0.0.1:$admin"
CONF
g() { garage -c "$work/garage.toml" "$@"; }
g server > "$work/server.log" 2>&1 & pid=$!
node=""
for _ in $(seq 1 100); do
  node=$(g status 2>/dev/null | awk -v a="127.0.0.1:$rpc" '$0 ~ a {print $1}' | head -1) || true
  [ -n "$node" ] && break
  sleep 0.1
done
[ -n "$node" ] || { echo "garage did not come up within 10 s" >&2; cat "$work/server.log" >&2; exit 1; }
g layout assign -z dc1 -c 1G "$node" >/dev/null
g layout apply --version 1 >/dev/null
g bucket create mailbox >/dev/null
keyinfo=$(g key create device-1)
export WAYSTONE_MAILBOX_S3_ENDPOINT="http://127.0.0.1:$s3"
export WAYSTONE_MAILBOX_S3_BUCKET=mailbox
export WAYSTONE_MAILBOX_S3_REGION=garage
WAYSTONE_MAILBOX_S3_ACCESS_KEY_ID=$(awk '/Key ID/{print $NF}' <<<"$keyinfo")
WAYSTONE_MAILBOX_S3_SECRET_ACCESS_KEY=$(awk '/Secret key/{print $NF}' <<<"$keyinfo")
export WAYSTONE_MAILBOX_S3_ACCESS_KEY_ID WAYSTONE_MAILBOX_S3_SECRET_ACCESS_KEY
g bucket allow --read --write --owner mailbox --key device-1 >/dev/null
if [ "${1:-}" = bench ]; then
  WAYSTONE_S3_ACCESS_KEY_ID=$WAYSTONE_MAILBOX_S3_ACCESS_KEY_ID \
  WAYSTONE_S3_SECRET_ACCESS_KEY=$WAYSTONE_MAILBOX_S3_SECRET_ACCESS_KEY \
    cargo run --release -p waystone-mailbox --example mailbox_measure -- s3 "$WAYSTONE_MAILBOX_S3_ENDPOINT" mailbox garage
else
  cargo test -p waystone-mailbox --test engines s3_ -- --nocapture
fi
