#!/usr/bin/env bash
# Measures the mailbox transport on each engine on loopback (release build): put/get of
# 10 MiB and 100 KiB objects, and 1,000 small objects put, listed and deleted. Starts its own
# Apache httpd + mod_dav and moto_server on random free ports of 127.0.0.1 and stops them on
# exit. Figures go in crates/mailbox/README.md by hand. Garage: scripts/mailbox-garage.sh bench.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
chmod 755 "$work" # the Apache worker (www-data) must reach its data folder
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # port, seconds
  for _ in $(seq 1 $(( $2 * 20 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listened on 127.0.0.1:$1 within $2 s" >&2; return 1
}

cargo build --release -p waystone-mailbox --example mailbox_measure
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/mailbox_measure"

mkdir -p "$work/folder"
"$bin" folder "$work/folder"

# WebDAV: a private Apache (see crates/mailbox/tests/common/mod.rs for the same config).
dav_port=$(free_port); m=/usr/lib/apache2/modules
mkdir -p "$work/dav/data" "$work/dav/lock" "$work/dav/run" "$work/dav/logs"
chown www-data:www-data "$work/dav/data" "$work/dav/lock"
htpasswd -bc "$work/dav/htpasswd" bench bench-synthetic-pass 2>/dev/null
cat > "$work/dav/httpd.conf" <<CONF
ServerRoot "$work/dav"
ServerName 127.0.0.1
Listen 127.0.0.1:$dav_port
PidFile "$work/dav/run/httpd.pid"
DefaultRuntimeDir "$work/dav/run"
ErrorLog "$work/dav/logs/error.log"
User www-data
Group www-data
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule authn_core_module $m/mod_authn_core.so
LoadModule authn_file_module $m/mod_authn_file.so
LoadModule auth_basic_module $m/mod_auth_basic.so
LoadModule authz_user_module $m/mod_authz_user.so
LoadModule alias_module $m/mod_alias.so
LoadModule dav_module $m/mod_dav.so
LoadModule dav_fs_module $m/mod_dav_fs.so
DavLockDB "$work/dav/lock/DavLock"
Alias /dav "$work/dav/data"
<Directory "$work/dav/data">
  Dav On
  AuthType Basic
  AuthName "mailbox"
  AuthUserFile "$work/dav/htpasswd"
  Require valid-user
</Directory>
CONF
apache2 -f "$work/dav/httpd.conf" -DFOREGROUND & pids+=($!)
wait_port "$dav_port" 15
WAYSTONE_WEBDAV_USER=bench WAYSTONE_WEBDAV_PASSWORD=bench-synthetic-pass \
  "$bin" webdav "http://127.0.0.1:$dav_port/dav/"

s3_port=$(free_port)
moto_server -H 127.0.0.1 -p "$s3_port" >/dev/null 2>&1 & pids+=($!)
wait_port "$s3_port" 30
curl -fsS -X PUT "http://127.0.0.1:$s3_port/mailbox" >/dev/null
WAYSTONE_S3_ACCESS_KEY_ID=synthetic WAYSTONE_S3_SECRET_ACCESS_KEY=synthetic \
  "$bin" s3 "http://127.0.0.1:$s3_port" mailbox us-east-1
