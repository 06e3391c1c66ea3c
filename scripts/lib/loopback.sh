# Real mailbox servers on random free ports of 127.0.0.1, for the scripts that measure or test
# the mailbox (scripts/mailbox-*.sh; the Rust tests start the same servers from
# crates/mailbox/tests/common). Source it, call `lb_init`, then any of the `lb_start_*`; every
# server is stopped and its directory removed on exit. Synthetic credentials only.
#
#   lb_start_apache → LB_DAV_URL, LB_DAV_USER, LB_DAV_PASS, LB_DAV_DIR (Apache httpd + mod_dav,
#                     basic auth; needs apache2 and apache2-utils)
#   lb_start_moto   → LB_S3_ENDPOINT, LB_S3_BUCKET, LB_S3_REGION, LB_S3_KEY, LB_S3_SECRET
#                     (moto_server from PyPI `moto[server]`)
#   lb_start_garage → the same LB_S3_* on a single-node Garage (`cargo install garage`), its
#                     data, metadata and log under LB_GARAGE_DIR

lb_init() {
  LB_WORK="$(mktemp -d)"
  chmod 755 "$LB_WORK" # the Apache worker (www-data) must reach its data folder
  LB_PIDS=()
  trap lb_cleanup EXIT
}

lb_cleanup() {
  local p
  for p in "${LB_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${LB_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$LB_WORK"
}

lb_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

lb_wait_port() { # port, seconds
  for _ in $(seq 1 $(( $2 * 20 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listened on 127.0.0.1:$1 within $2 s" >&2; return 1
}

lb_start_apache() {
  local port m=/usr/lib/apache2/modules d="$LB_WORK/dav"
  port=$(lb_free_port)
  mkdir -p "$d/data" "$d/lock" "$d/run" "$d/logs"
  chown www-data:www-data "$d/data" "$d/lock"
  LB_DAV_USER=bench LB_DAV_PASS=bench-synthetic-pass LB_DAV_DIR="$d/data"
  htpasswd -bc "$d/htpasswd" "$LB_DAV_USER" "$LB_DAV_PASS" 2>/dev/null
  cat > "$d/httpd.conf" <<CONF
ServerRoot "$d"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$d/run/httpd.pid"
DefaultRuntimeDir "$d/run"
ErrorLog "$d/logs/error.log"
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
DavLockDB "$d/lock/DavLock"
Alias /dav "$d/data"
<Directory "$d/data">
  Dav On
  AuthType Basic
  AuthName "mailbox"
  AuthUserFile "$d/htpasswd"
  Require valid-user
</Directory>
CONF
  apache2 -f "$d/httpd.conf" -DFOREGROUND & LB_PIDS+=($!)
  lb_wait_port "$port" 15
  LB_DAV_URL="http://127.0.0.1:$port/dav/"
}

lb_start_moto() {
  local port
  port=$(lb_free_port)
  moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 & LB_PIDS+=($!)
  lb_wait_port "$port" 30
  curl -fsS -X PUT "http://127.0.0.1:$port/mailbox" >/dev/null
  LB_S3_ENDPOINT="http://127.0.0.1:$port" LB_S3_BUCKET=mailbox LB_S3_REGION=us-east-1
  LB_S3_KEY=synthetic LB_S3_SECRET=synthetic
}

lb_start_garage() {
  local rpc s3 admin node keyinfo d="$LB_WORK/garage"
  LB_GARAGE_DIR="$d"
  rpc=$(lb_free_port); s3=$(lb_free_port); admin=$(lb_free_port)
  mkdir -p "$d"
  cat > "$d/garage.toml" <<CONF
metadata_dir = "$d/meta"
data_dir = "$d/data"
db_engine = "sqlite"
replication_factor = 1
# blocks stored as sent, so a scan of data_dir reads what the server holds (ciphertext only)
compression_level = "none"
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
  garage -c "$d/garage.toml" server > "$d/server.log" 2>&1 & LB_PIDS+=($!)
  node=""
  for _ in $(seq 1 100); do
    node=$(garage -c "$d/garage.toml" status 2>/dev/null | awk -v a="127.0.0.1:$rpc" '$0 ~ a {print $1}' | head -1) || true
    [ -n "$node" ] && break
    sleep 0.1
  done
  [ -n "$node" ] || { echo "garage did not come up within 10 s" >&2; cat "$d/server.log" >&2; return 1; }
  garage -c "$d/garage.toml" layout assign -z dc1 -c 1G "$node" >/dev/null
  garage -c "$d/garage.toml" layout apply --version 1 >/dev/null
  garage -c "$d/garage.toml" bucket create mailbox >/dev/null
  keyinfo=$(garage -c "$d/garage.toml" key create device-1)
  # one key per device, allowed on the mailbox bucket only: the least-privilege setup
  garage -c "$d/garage.toml" bucket allow --read --write --owner mailbox --key device-1 >/dev/null
  LB_S3_ENDPOINT="http://127.0.0.1:$s3" LB_S3_BUCKET=mailbox LB_S3_REGION=garage
  LB_S3_KEY=$(awk '/Key ID/{print $NF}' <<<"$keyinfo")
  LB_S3_SECRET=$(awk '/Secret key/{print $NF}' <<<"$keyinfo")
}
