#!/usr/bin/env bash
# End-to-end tests of the real Waystone window (WebDriver: tauri-driver → WebKitWebDriver).
#
#   tests/e2e/run.sh [test files…]        default: every tests/e2e/*.test.mjs
#
# Environment:
#   WAYSTONE_APP      app binary (default target/debug/waystone-desktop, relative to the repo
#                     root); build it with `--features custom-protocol` after `ui/dist` exists
#   WAYSTONE_WD_PORT  tauri-driver port (default 4444; WebKitWebDriver gets the next one)
#   DISPLAY           if set, the tests use that X display; otherwise an Xvfb is started
#   WAYSTONE_E2E_KEEP if set, keep the run's temporary directory (driver and Xvfb logs)
#
# Every test starts its own app process on its own empty vault directory (the app's
# `--vault DIR` flag, passed in tauri:options.args). WAYSTONE_VAULT and the XDG directories
# point into a throwaway directory too, so nothing here can touch a real vault or profile.
# Everything started here is stopped by PID on exit; the exit status is the tests'.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E="$ROOT/tests/e2e"

APP="${WAYSTONE_APP:-target/debug/waystone-desktop}"
case "$APP" in /*) ;; *) APP="$ROOT/$APP" ;; esac
export WAYSTONE_APP="$APP"
PORT="${WAYSTONE_WD_PORT:-4444}"
export WAYSTONE_WD_PORT="$PORT"
NATIVE_PORT=$((PORT + 1))
NATIVE_DRIVER="${WAYSTONE_NATIVE_DRIVER:-/usr/bin/WebKitWebDriver}"

say() { echo "e2e: $*" >&2; }

[ -x "$APP" ] || { say "no app binary at $APP (cargo build -p waystone-desktop --features custom-protocol, after npm run build in ui/)"; exit 2; }
command -v tauri-driver >/dev/null || { say "tauri-driver not found (cargo install tauri-driver --version '^2' --locked)"; exit 2; }
[ -x "$NATIVE_DRIVER" ] || { say "$NATIVE_DRIVER not found (apt-get install webkit2gtk-driver)"; exit 2; }
command -v curl >/dev/null || { say "curl not found"; exit 2; }

if curl -fs "http://127.0.0.1:$PORT/status" >/dev/null 2>&1; then
  say "something already answers on port $PORT; set WAYSTONE_WD_PORT to a free port"
  exit 2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/waystone-e2e.XXXXXX")"
PIDS=()

descendants() { # children first, then grandchildren… of PID $1
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

cleanup() {
  local status=$? pid i
  # Stop in reverse start order; take the driver's children (WebKitWebDriver, an app left
  # behind by a crashed test) with it, each by its own PID.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    local kids
    kids="$(descendants "$pid" | tac || true)"
    kill "$pid" 2>/dev/null || true
    for k in $kids; do kill "$k" 2>/dev/null || true; done
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "${WAYSTONE_E2E_KEEP:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Test dependencies (webdriverio), from tests/e2e/package-lock.json.
if [ ! -d "$E2E/node_modules/webdriverio" ] || [ "$E2E/package-lock.json" -nt "$E2E/node_modules/.package-lock.json" ]; then
  say "installing test dependencies (npm ci)"
  (cd "$E2E" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

# A display: the caller's, or a private Xvfb.
if [ -z "${DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || { say "no DISPLAY and no Xvfb (apt-get install xvfb)"; exit 2; }
  n=98
  while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do
    n=$((n + 1))
    [ "$n" -lt 130 ] || { say "no free X display number"; exit 2; }
  done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 100); do
    [ -e "/tmp/.X11-unix/X$n" ] && break
    kill -0 "${PIDS[-1]}" 2>/dev/null || { say "Xvfb exited:"; cat "$WORK/xvfb.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -e "/tmp/.X11-unix/X$n" ] || { say "Xvfb :$n did not start"; exit 1; }
  export DISPLAY=":$n"
fi

# Isolation for the app and WebKit.
mkdir -p "$WORK/vault-unused" "$WORK/config" "$WORK/data" "$WORK/cache" "$WORK/vaults"
export WAYSTONE_VAULT="$WORK/vault-unused"
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" XDG_CACHE_HOME="$WORK/cache"
export WAYSTONE_E2E_TMP="$WORK/vaults"
# The app's output folder (bundles, backups, exports) instead of $HOME/Waystone.
mkdir -p "$WORK/output"
export WAYSTONE_OUTPUT_DIR="$WORK/output"
# The stand-in for the native file dialog (src-tauri/src/commands/files.rs, README here): with
# tauri-driver's TAURI_WEBVIEW_AUTOMATION, `choose_file` writes what it would have asked to
# $WAYSTONE_E2E_DIALOG/asked.json and answers with $WAYSTONE_E2E_DIALOG/answer.
mkdir -p "$WORK/dialog"
export WAYSTONE_E2E_DIALOG="$WORK/dialog"
# The run's directory as a whole (hardening.test.mjs scans it, the driver log included).
export WAYSTONE_E2E_WORK="$WORK"

tauri-driver --port "$PORT" --native-port "$NATIVE_PORT" --native-driver "$NATIVE_DRIVER" \
  >"$WORK/tauri-driver.log" 2>&1 &
PIDS+=("$!")
DRIVER_PID="$!"
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$PORT/status" >/dev/null 2>&1 && break
  kill -0 "$DRIVER_PID" 2>/dev/null || { say "tauri-driver exited:"; cat "$WORK/tauri-driver.log" >&2; exit 1; }
  sleep 0.2
done
curl -fs "http://127.0.0.1:$PORT/status" >/dev/null 2>&1 || { say "tauri-driver did not answer on port $PORT"; exit 1; }
say "display $DISPLAY, driver on port $PORT, app $APP"

if [ "$#" -gt 0 ]; then FILES=("$@"); else FILES=("$E2E"/*.test.mjs); fi
set +e
node --test --test-concurrency=1 "${FILES[@]}"
STATUS=$?
set -e
if [ "$STATUS" -ne 0 ]; then
  say "tests failed (status $STATUS); last lines of the tauri-driver log:"
  tail -n 40 "$WORK/tauri-driver.log" >&2 || true
fi
exit "$STATUS"
