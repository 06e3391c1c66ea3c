#!/usr/bin/env bash
# Benchmarks: speed and memory at 100, 1,000 and 10,000 synthetic demo cases (every person
# invented), side by side with plain SQLite and OpenSSL; writes the generated block of
# BENCHMARKS.md (between the bench:begin / bench:end markers; the rest of the file is prose).
#
#   scripts/bench.sh [--sizes 100,1000,10000] [--attach-mb 200] [--no-app] [--app PATH]
#                    [--no-mailbox] [--out FILE]
#
# Steps (release builds only; timings are never pass/fail):
#  1. `cargo build --release` of the CLI; demo vaults of each size built once with
#     `waystone demo --cases N` and cached under target/bench-vaults/cli-<hash>-N (hash of
#     src/demo.rs and the forms).
#  2. `cargo bench -p waystone --bench vault` in report mode, once on SQLCipher and once on
#     plain SQLite (`--features bench-plaintext`, same schema and queries, no key): unlock,
#     save one answer (p50/p99), open a case, the board, search, ECHR DOCX/PDF, attachment
#     encryption, a bundle of a case with 200 MB of attachments (benches/vault.rs).
#  3. `cargo bench -p waystone-redact` (25,000 words, 30 persons); `openssl speed -evp
#     aes-256-gcm` for the encryption ratio.
#  4. The CLI's wall time and peak memory (`/usr/bin/time`, max RSS) for each operation.
#  5. The desktop app's memory (all its processes: PSS, against the target, and RSS, per
#     process too) under Xvfb: idle on the unlock screen started directly (the shipped
#     incognito window), then through WebDriver (as tests/e2e does) idle, unlocked, and after
#     opening the large case of step 2; each once the memory has settled. Skipped with --no-app.
#  6. The team's sync through each mailbox engine on loopback (scripts/mailbox-sync-bench.sh:
#     1,000 status cards, 100 cases with a 1 MiB attachment each; against `rclone copy`).
#     Skipped with --no-mailbox.
# Not part of scripts/test.sh. Installs `time`, `openssl` (and for step 5 xvfb) with apt if
# missing. Run it when the machine is otherwise quiet: the load is recorded with the results.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

SIZES="100,1000,10000"
ATTACH_MB=200
APP_RUN=1
MAILBOX_RUN=1
APP=""
OUT="$ROOT/BENCHMARKS.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --attach-mb) ATTACH_MB="$2"; shift 2 ;;
    --no-app) APP_RUN=0; shift ;;
    --no-mailbox) MAILBOX_RUN=0; shift ;;
    --app) APP="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
LARGEST="${SIZE_LIST[${#SIZE_LIST[@]}-1]}"

say() { echo "bench: $*" >&2; }
need_apt() { # command package
  command -v "$1" >/dev/null && return 0
  say "installing $2"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends "$2" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "$2" >/dev/null; }
}
[ -x /usr/bin/time ] || { need_apt /usr/bin/time time; }
need_apt openssl openssl
need_apt python3 python3

CACHE="$ROOT/target/bench-vaults"
RUN="$CACHE/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# --- machine -------------------------------------------------------------------------------
load() { cut -d' ' -f1-3 /proc/loadavg; }
{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "cores=$(nproc)"
  echo "mem=$(free -g | awk '/Mem:/{print $2}') GiB"
  echo "kernel=$(uname -r)"
  echo "rustc=$(rustc --version)"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet 2>/dev/null || echo '+changes')"
  echo "load_start=$(load)"
} >"$RUN/machine.txt"

# --- 1. CLI and demo vaults ----------------------------------------------------------------
say "building the CLI (release)"
cargo build --release -q -p waystone --bin waystone
BIN="$ROOT/target/release/waystone"
# cached per version of what decides a demo vault's content (an older vault is migrated on
# unlock, as a user's would be); delete target/bench-vaults to start afresh
HASH="$(cat src/demo.rs $(find forms crates/forms/src -type f | sort) | sha256sum | cut -c1-12)"
# the demo user and passphrase of waystone::demo, so benches/vault.rs can reuse these vaults
USER_NAME=demo
PASS="demo lantern quietly orbit"
SEED=20240901
export WAYSTONE_KDF_TARGET_MS=0 # CLI vaults at the KDF floor (64 MiB, t=3, p=4)
ws() { # vault-dir args… ; the passphrase on stdin
  local dir="$1"; shift
  printf '%s\n' "$PASS" | "$BIN" --vault "$dir" --user "$USER_NAME" --passphrase-stdin "$@"
}
# keep only this version's vaults
for old in "$CACHE"/cli-*; do
  [ -e "$old" ] || continue
  case "$old" in "$CACHE/cli-$HASH-"*) ;; *) rm -rf "$old" ;; esac
done
for n in "${SIZE_LIST[@]}"; do
  dir="$CACHE/cli-$HASH-$n"
  if [ ! -f "$dir/built.txt" ]; then
    rm -rf "$dir"
    say "building a vault of $n demo cases with the CLI (cached)"
    printf '%s\n' "$PASS" | "$BIN" --vault "$dir" --user "$USER_NAME" --passphrase-stdin init --role admin >/dev/null
    /usr/bin/time -f "%e %M" -o "$RUN/demo-$n.time" \
      bash -c 'printf "%s\n" "$1" | "$2" --vault "$3" --user "$4" --passphrase-stdin demo --cases "$5" --seed "$6" >/dev/null' \
      _ "$PASS" "$BIN" "$dir" "$USER_NAME" "$n" "$SEED"
    cp "$RUN/demo-$n.time" "$dir/built.txt"
  fi
  cp "$dir/built.txt" "$RUN/demo-$n.time"
done

# --- 2. criterion report mode: SQLCipher, then plain SQLite ---------------------------------
BUNDLE_KEEP="$RUN/bundle-vaults"
say "vault benchmarks on SQLCipher (cargo bench, report mode; slow the first time: demo vaults)"
WAYSTONE_BENCH_REPORT="$RUN/bench.jsonl" WAYSTONE_BENCH_DB=sqlcipher WAYSTONE_BENCH_SIZES="$SIZES" \
  WAYSTONE_BENCH_ATTACH_MB="$ATTACH_MB" WAYSTONE_BENCH_KEEP="$BUNDLE_KEEP" \
  WAYSTONE_BENCH_SQLCIPHER_VAULTS="$CACHE/cli-$HASH-{n}" \
  cargo bench -q -p waystone --features bench-plaintext --bench vault 2>"$RUN/bench-sqlcipher.log"
for variant in plain sqlcipher-no-memsec; do
  say "the same workload: $variant"
  WAYSTONE_BENCH_REPORT="$RUN/bench.jsonl" WAYSTONE_BENCH_DB=$variant WAYSTONE_BENCH_SIZES="$SIZES" \
    WAYSTONE_BENCH_SQLCIPHER_VAULTS="$CACHE/cli-$HASH-{n}" \
    cargo bench -q -p waystone --features bench-plaintext --bench vault 2>"$RUN/bench-$variant.log"
done

# --- 3. redaction (the redact crate's own criterion bench) and OpenSSL ----------------------
say "redaction benchmark (crates/redact)"
cargo bench -q -p waystone-redact --bench redact -- --noplot 25k_words >"$RUN/redact.log" 2>&1
cp target/criterion/redact/25k_words_30_persons_echr/new/estimates.json "$RUN/redact-estimates.json"
say "openssl speed -evp aes-256-gcm"
openssl speed -evp aes-256-gcm -bytes 65536 -seconds 3 2>/dev/null | tail -1 >"$RUN/openssl.txt"
openssl version >>"$RUN/openssl.txt"

# --- 4. the CLI: wall time and peak memory ----------------------------------------------------
say "CLI wall time and peak memory"
python3 - "$RUN" <<'PY'
import json, random, sys
run = sys.argv[1]
# 25,000 words with 30 invented persons (as crates/redact/benches/redact.rs)
first = ["Руслан","Аюб","Зелимхан","Ислам","Магомед","Тимур","Адлан","Беслан","Шамиль","Идрис"]
sur = ["Закаев","Мусаев","Хаджиев","Газиев","Юсупов","Дудаев","Асуев","Беков","Эдилов","Тагаев"]
filler = "его увезли в отдел и допрашивали несколько часов когда потом сотрудник сказал что никто не поможет".split()
persons = []
for i in range(30):
    persons.append({"id": f"p{i}", "kind": "person", "role": "survivor" if i == 0 else "witness",
                    "names": [f"{first[i % 10]} {sur[(i * 7) % 10]}"], "aliases": []})
json.dump({"lang": "ru", "entities": persons}, open(f"{run}/entities.json", "w"), ensure_ascii=False)
rng = random.Random(7)
words, out = 0, []
while words < 25000:
    r = rng.randrange(40)
    if r < 3:
        i = rng.randrange(30); out.append(f"{first[i % 10]} {sur[(i * 7) % 10]}{rng.choice(['', 'а', 'у', 'ом', 'е'])}"); words += 2
    elif r == 3:
        out.append("+7 928 765-43-21"); words += 4
    else:
        out.append(rng.choice(filler)); words += 1
open(f"{run}/narrative.txt", "w").write(" ".join(out))
PY
measure() { # size op command…  → one TSV line: size op seconds maxrss_kb exit
  local size="$1" op="$2"; shift 2
  local status=0
  /usr/bin/time -f "%e %M" -o "$RUN/t.tmp" "$@" >/dev/null 2>"$RUN/cli-err.tmp" || status=$?
  printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$op" "$(cut -d' ' -f1 "$RUN/t.tmp" | tail -1)" \
    "$(cut -d' ' -f2 "$RUN/t.tmp" | tail -1)" "$status" >>"$RUN/cli.tsv"
  [ "$status" -eq 0 ] || say "  $op at $size exited $status: $(head -c 200 "$RUN/cli-err.tmp")"
}
wsm() { # size op vault args…
  local size="$1" op="$2" dir="$3"; shift 3
  measure "$size" "$op" bash -c 'printf "%s\n" "$1" | "$2" --vault "$3" --user "$4" --passphrase-stdin "${@:5}"' \
    _ "$PASS" "$BIN" "$dir" "$USER_NAME" "$@"
}
: >"$RUN/cli.tsv"
for n in "${SIZE_LIST[@]}"; do
  dir="$RUN/cli-$n"
  cp -a "$CACHE/cli-$HASH-$n" "$dir"
  # (python reads all of the list: `head` would end the CLI with SIGPIPE)
  ID="$(ws "$dir" case list --stage in_hiding --json | python3 -c 'import json,sys; print(json.loads(sys.stdin.readlines()[0])["id"])')"
  ws "$dir" key show >/dev/null 2>&1 # makes the user's bundle keys once
  wsm "$n" unlock_key_show "$dir" key show
  wsm "$n" save_answer_case_stage "$dir" case stage "$ID" in_transit
  wsm "$n" open_case_export_json "$dir" case export "$ID"
  wsm "$n" board_filter_case_list "$dir" case list --stage in_hiding --json
  wsm "$n" search "$dir" search подвал --json
  # an exportable case: the first one whose export succeeds (consent to a legal filing)
  for EID in $(ws "$dir" case list --json | python3 -c 'import json,sys; [print(json.loads(l)["id"]) for l in sys.stdin.readlines()[:40]]'); do
    if ws "$dir" export "$EID" --profile echr --format md --out "$RUN/probe.md" --accept-candidates >/dev/null 2>&1; then break; fi
    rm -f "$RUN/probe.md"
  done
  rm -f "$RUN/probe.md" "$RUN/out.docx" "$RUN/out.pdf"
  wsm "$n" export_echr_docx "$dir" export "$EID" --profile echr --format docx --out "$RUN/out.docx" --accept-candidates
  wsm "$n" export_echr_pdf "$dir" export "$EID" --profile echr --format pdf --out "$RUN/out.pdf" --accept-candidates
  rm -rf "$dir"
done
measure 0 redact_25k_words bash -c '"$1" redact --profile echr --entities "$2" <"$3"' _ "$BIN" "$RUN/entities.json" "$RUN/narrative.txt"
if [ -f "$BUNDLE_KEEP/case-id" ]; then
  BID="$(cat "$BUNDLE_KEEP/case-id")"
  run_demo() { # op vault args…
    local op="$1" dir="$2"; shift 2
    measure "$LARGEST" "$op" bash -c 'printf "%s\n" "demo lantern quietly orbit" | "$1" --vault "$2" --user demo --passphrase-stdin "${@:3}"' \
      _ "$BIN" "$dir" "$@"
  }
  rm -f "$RUN/case.bundle"
  run_demo bundle_create_200MB "$BUNDLE_KEEP/sender" bundle create "$BID" --to receiver --out "$RUN/case.bundle"
  run_demo bundle_open_200MB "$BUNDLE_KEEP/receiver" bundle open "$RUN/case.bundle"
  rm -f "$RUN/case.bundle"
fi

# --- 5. the desktop app's memory -----------------------------------------------------------
if [ "$APP_RUN" -eq 1 ]; then
  if [ -z "$APP" ]; then
    for cand in target/release/waystone-desktop target/debug/waystone-desktop; do
      [ -x "$cand" ] && { APP="$ROOT/$cand"; break; }
    done
  fi
  if [ -z "$APP" ] || [ ! -f "$BUNDLE_KEEP/case-id" ] || ! command -v tauri-driver >/dev/null; then
    say "skipping the app's memory: no app binary (cargo build --release -p waystone-desktop --features custom-protocol), no bundle vault or no tauri-driver"
  else
    say "desktop app memory ($APP) under Xvfb"
    need_apt Xvfb xvfb
    [ -d tests/e2e/node_modules/webdriverio ] || (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error >&2)
    D=97; while [ -e "/tmp/.X11-unix/X$D" ] || [ -e "/tmp/.X$D-lock" ]; do D=$((D + 1)); done
    Xvfb ":$D" -screen 0 1280x800x24 -nolisten tcp >"$RUN/xvfb.log" 2>&1 & PIDS+=($!)
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$D" ] && break; sleep 0.1; done
    PORT=4470; while curl -fs "http://127.0.0.1:$PORT/status" >/dev/null 2>&1; do PORT=$((PORT + 2)); done
    mkdir -p "$RUN/xdg/config" "$RUN/xdg/data" "$RUN/xdg/cache"
    DISPLAY=":$D" XDG_CONFIG_HOME="$RUN/xdg/config" XDG_DATA_HOME="$RUN/xdg/data" XDG_CACHE_HOME="$RUN/xdg/cache" \
      WAYSTONE_VAULT="$RUN/xdg/none" tauri-driver --port "$PORT" --native-port $((PORT + 1)) \
      --native-driver /usr/bin/WebKitWebDriver >"$RUN/driver.log" 2>&1 & PIDS+=($!)
    for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/status" >/dev/null 2>&1 && break; sleep 0.2; done
    # the client runs from tests/e2e so that it finds webdriverio there; it first starts the app
    # directly (the shipped, incognito window) for the idle figure, then through WebDriver
    (cd tests/e2e && WAYSTONE_APP="$APP" WAYSTONE_WD_PORT="$PORT" BENCH_VAULT="$BUNDLE_KEEP/sender" \
      BENCH_CASE="$(cat "$BUNDLE_KEEP/case-code")" BENCH_OUT="$RUN/app.tsv" BENCH_PASS="demo lantern quietly orbit" \
      BENCH_DISPLAY=":$D" BENCH_XDG="$RUN/xdg" \
      node --input-type=module - >"$RUN/app.log" 2>&1 <<'JS'
import { remote } from "webdriverio";
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, appendFileSync } from "node:fs";
const env = process.env;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const read = (f) => { try { return readFileSync(f, "utf8"); } catch { return ""; } };
function procs() {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map((pid) => {
    const stat = read(`/proc/${pid}/stat`);
    return { pid, ppid: stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1], cmd: read(`/proc/${pid}/cmdline`).split("\0") };
  });
}
function tree(rootPid) { // the app process and all its descendants (WebKit's web and network processes)
  const all = procs();
  const root = rootPid ? all.find((p) => p.pid === String(rootPid))
    : all.find((p) => p.cmd[0] === env.WAYSTONE_APP && p.cmd.includes(env.BENCH_VAULT));
  if (!root) throw new Error("the app process was not found");
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...all.filter((p) => p.ppid === out[i].pid));
  return out;
}
const FIELDS = ["Rss", "Pss", "Pss_Anon", "Pss_File", "Pss_Shmem"];
function sample(rootPid) { // kB per process, from smaps_rollup
  return tree(rootPid).map((p) => {
    const r = read(`/proc/${p.pid}/smaps_rollup`);
    const kb = Object.fromEntries(FIELDS.map((f) => [f, Number((r.match(new RegExp(`^${f}:\\s+(\\d+)`, "m")) ?? [0, 0])[1])]));
    return { pid: p.pid, name: (p.cmd[0] ?? "?").split("/").pop(), ...kb };
  });
}
const total = (s, f) => s.reduce((a, p) => a + p[f], 0);
// Other processes mapping WebKitGTK share its library pages with the app and lower its PSS.
function otherWebkit(mine) {
  const ids = new Set(mine.map((p) => p.pid));
  return procs().filter((p) => !ids.has(p.pid) && read(`/proc/${p.pid}/maps`).includes("libwebkit2gtk")).length;
}
// What the web process really runs with (the app sets WebKit's and JavaScriptCore's variables
// for its children unless the caller set them: src-tauri/src/webview.rs)
function webkitEnv(s) {
  const web = s.find((p) => p.name === "WebKitWebProcess");
  if (!web) return "";
  return read(`/proc/${web.pid}/environ`).split("\0").filter((e) => /^(WEBKIT_DISABLE_|JSC_)/.test(e)).join(" ");
}
// Waits until the summed PSS moves by less than 1 MiB over 5 s (at least 10 s, at most 60 s):
// WebKit frees caches and collects garbage for a while after a screen changes.
async function measure(state, rootPid) {
  const start = Date.now();
  await sleep(10000);
  let last = total(sample(rootPid), "Pss");
  for (;;) {
    await sleep(5000);
    const now = total(sample(rootPid), "Pss");
    if (Math.abs(now - last) < 1024 || Date.now() - start > 60000) break;
    last = now;
  }
  const s = sample(rootPid);
  const line = [state, total(s, "Rss"), total(s, "Pss"), otherWebkit(s), webkitEnv(s), JSON.stringify(s)].join("\t");
  appendFileSync(env.BENCH_OUT, line + "\n");
  console.log(line);
}

// 1. the shipped window: started directly (incognito, no automation), idle on the unlock screen
{
  const app = spawn(env.WAYSTONE_APP, ["--vault", env.BENCH_VAULT], {
    stdio: "ignore",
    env: { ...env, DISPLAY: env.BENCH_DISPLAY, XDG_CONFIG_HOME: `${env.BENCH_XDG}/config`,
      XDG_DATA_HOME: `${env.BENCH_XDG}/data`, XDG_CACHE_HOME: `${env.BENCH_XDG}/cache` },
  });
  try {
    for (let i = 0; i < 120 && !sample(app.pid).some((p) => p.name === "WebKitWebProcess"); i++) await sleep(500);
    await measure("idle: unlock screen, the shipped window (started directly)", app.pid);
  } finally {
    const exited = new Promise((r) => app.once("exit", r));
    app.kill();
    await Promise.race([exited, sleep(10000).then(() => app.kill("SIGKILL"))]);
    await sleep(1000); // its WebKit processes end with it
  }
}

// 2. through WebDriver (as tests/e2e): idle, then unlock and open the large case
const browser = await remote({
  hostname: "127.0.0.1", port: Number(env.WAYSTONE_WD_PORT), logLevel: "error", connectionRetryCount: 0,
  capabilities: { "tauri:options": { application: env.WAYSTONE_APP, args: ["--vault", env.BENCH_VAULT] }, "wdio:enforceWebDriverClassic": true },
});
const $ = (id) => browser.$(`[data-testid="${id}"]`);
try {
  await $("screen-unlock").waitForDisplayed({ timeout: 60000 });
  await measure("idle: unlock screen (WebDriver)");
  await $("unlock-passphrase").setValue(env.BENCH_PASS);
  await $("unlock-submit").click();
  await $("screen-cases").waitForDisplayed({ timeout: 120000 });
  // the interviews list shows the 200 most recently changed cases; the bench changed this one last
  await $(`case-resume-${env.BENCH_CASE}`).waitForDisplayed({ timeout: 120000 });
  await measure("unlocked: interviews list (200 of the vault's cases)");
  await $(`case-resume-${env.BENCH_CASE}`).click();
  await $("screen-interview").waitForDisplayed({ timeout: 120000 });
  await measure("large case open (25,000-word narrative, 200 MB attachments)");
  for (const section of ["narrative", "detention", "perpetrators", "consent"]) {
    const nav = $(`section-nav-${section}`);
    if (await nav.isExisting()) {
      await nav.scrollIntoView({ block: "center" });
      await nav.click();
      await $(`section-${section}`).waitForDisplayed({ timeout: 60000 });
    }
  }
  await measure("large case: after visiting its sections");
} finally {
  await browser.deleteSession().catch(() => {});
}
JS
    ) || say "app measurement failed: $(tail -3 "$RUN/app.log")"
  fi
fi

if [ "$MAILBOX_RUN" -eq 1 ]; then
  say "the team's sync through each mailbox engine (scripts/mailbox-sync-bench.sh)"
  bash scripts/mailbox-sync-bench.sh --out "$RUN/mailbox.md" >"$RUN/mailbox.log" 2>&1 ||
    say "mailbox sync bench failed: $(tail -3 "$RUN/mailbox.log")"
fi
echo "load_end=$(load)" >>"$RUN/machine.txt"
rm -rf "$BUNDLE_KEEP"

# --- the table -------------------------------------------------------------------------------
python3 - "$RUN" "$OUT" <<'PY'
import json, math, os, re, sys
run, out = sys.argv[1], sys.argv[2]
machine = dict(l.rstrip("\n").split("=", 1) for l in open(f"{run}/machine.txt") if "=" in l)
rows = [json.loads(l) for l in open(f"{run}/bench.jsonl")]
def get(db, size, op):
    for r in rows:
        if r["db"] == db and r["size"] == size and r["op"] == op:
            return r
    return None
sizes = sorted({r["size"] for r in rows if r["size"] > 0})
big = sizes[-1]
def ms(v):
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 1 else f"{v:.2f}"
def growth(vals):
    if len(vals) < 2 or min(vals) <= 0:
        return ""
    k = math.log(vals[-1] / vals[0]) / math.log(sizes[-1] / sizes[0])
    word = "flat" if k < 0.15 else "sub-linear" if k < 0.7 else "linear" if k < 1.2 else "super-linear"
    return f"{word} (×{vals[-1] / vals[0]:.1f})"
L = []
L.append(f"Run {machine['date']} on {machine['cpu']}, {machine['cores']} cores, {machine['mem']} RAM, "
         f"Linux {machine['kernel']}, {machine['rustc']}, commit {machine['commit']}. "
         f"Load average (1/5/15 min) at start {machine['load_start']}, at end {machine.get('load_end', '?')}.")
L.append("")
kf, kc = get("sqlcipher", 0, "kdf_floor"), get("sqlcipher", 0, "kdf_calibrated")
L.append("### Vault operations (release, one call at a time; p50 ms, p99 in brackets where it matters)")
L.append("")
L.append("| operation | " + " | ".join(f"{n:,} cases" for n in sizes) + " | growth | plain SQLite @" + f"{big:,}" + " | SQLCipher ÷ plain | keyed, no memory security ÷ plain | target |")
L.append("|---|" + "---|" * (len(sizes) + 5))
targets = {"save_answer": ("p99", 10), "board_first_page": ("p50", 50), "board_filter_stage": ("p50", 50), "search_fts": ("p50", 50)}
names = {
    "unlock_floor": "unlock (KDF floor) + open database",
    "save_answer": "save one answer (autosave)",
    "save_and_settle": "save one answer, then settle (search row, WAL checkpoint; the app does this after 5 s of quiet)",
    "open_case": "open a case (read, audit, interview state)",
    "board_first_page": "board: first page of 50",
    "board_filter_stage": "board: first page, filter stage",
    "search_fts": "full-text search (≤ 500 hits)",
    "export_echr_docx": "ECHR export, DOCX",
    "export_echr_pdf": "ECHR export, PDF",
}
ratios, ratios_nm = [], []
for op, label in names.items():
    cells, p50s = [], []
    for n in sizes:
        r = get("sqlcipher", n, op)
        if not r:
            cells.append("–"); continue
        p50s.append(r["p50_ms"])
        cells.append(ms(r["p50_ms"]) + (f" ({ms(r['p99_ms'])})" if op in ("save_answer", "save_and_settle", "open_case", "search_fts", "board_filter_stage", "board_first_page") else ""))
    plain, enc = get("plain", big, op), get("sqlcipher", big, op)
    ratio = enc["p50_ms"] / plain["p50_ms"] if plain and enc and plain["p50_ms"] > 0 else None
    nm = get("sqlcipher-no-memsec", big, op)
    ratio_nm = nm["p50_ms"] / plain["p50_ms"] if plain and nm and plain["p50_ms"] > 0 else None
    if ratio and op != "unlock_floor":
        ratios.append(ratio)
        if ratio_nm:
            ratios_nm.append(ratio_nm)
    tgt = ""
    if op in targets and enc:
        which, limit = targets[op]
        v = enc[f"{which}_ms"]
        tgt = f"{which} < {limit} ms: {'met' if v < limit else 'MISSED'}"
    L.append(f"| {label} | " + " | ".join(cells) + f" | {growth(p50s)} | " +
             (ms(plain["p50_ms"]) if plain else "–") + " | " + (f"{ratio:.2f}×" if ratio else "–") + " | " + (f"{ratio_nm:.2f}×" if ratio_nm else "–") + f" | {tgt} |")
L.append("")
if ratios:
    gm = math.exp(sum(map(math.log, ratios)) / len(ratios))
    worst = max(ratios)
    L.append(f"SQLCipher ÷ plain SQLite over the database operations above at {big:,} cases (p50): geometric mean "
             f"**{gm:.2f}×**, worst {worst:.2f}× (target ≤ 1.3×: {'met' if worst <= 1.3 else 'met on the mean' if gm <= 1.3 else 'MISSED'})" +
             (f"; keyed without `cipher_memory_security`: geometric mean {math.exp(sum(map(math.log, ratios_nm)) / len(ratios_nm)):.2f}×, worst {max(ratios_nm):.2f}×." if ratios_nm else "."))
    L.append("")
if kf and kc:
    unl = get("sqlcipher", big, "unlock_floor")
    L.append(f"Key derivation (Argon2id alone): floor m = {kf['m_kib'] // 1024} MiB, t = {kf['t']}, p = {kf['p']}: "
             f"**{ms(kf['p50_ms'])} ms**; calibrated default here (target ≈ 1 s) m = {kc['m_kib'] // 1024} MiB, "
             f"t = {kc['t']}, p = {kc['p']}: **{ms(kc['p50_ms'])} ms**.")
    if unl:
        L.append(f"The benchmark vaults use the floor; an unlock at the calibrated default therefore costs about "
                 f"{ms(unl['p50_ms'] - kf['p50_ms'] + kc['p50_ms'])} ms at {big:,} cases (unlock − floor KDF + calibrated KDF).")
    L.append("")
L.append("### Throughput, redaction, bundles")
L.append("")
L.append("| measurement | result | reference | ratio | target |")
L.append("|---|---|---|---|---|")
enc = get("sqlcipher", 0, "stream_encrypt_64MiB")
dec = get("sqlcipher", 0, "stream_decrypt_64MiB")
ossl_line = open(f"{run}/openssl.txt").read().splitlines()
m = re.search(r"([\d.]+)k\s*$", ossl_line[0]) if ossl_line else None
ossl = float(m.group(1)) * 1000 / 2**20 if m else None
ossl_ver = ossl_line[1] if len(ossl_line) > 1 else "openssl"
if enc:
    r = enc["mib_per_s"] / ossl if ossl else None
    L.append(f"| attachment encryption (crypto::stream: OpenSSL AES-256-GCM, STREAM, 64 KiB chunks, 64 MiB, buffer reused like `openssl speed`) | {enc['mib_per_s']:.0f} MiB/s | "
             f"`openssl speed -evp aes-256-gcm -bytes 65536` ({ossl_ver}): {ossl:.0f} MiB/s | {r:.2f}× | ≥ 0.5×: {'met' if r and r >= 0.5 else 'MISSED'} |")
fresh = get("sqlcipher", 0, "stream_encrypt_fresh_64MiB")
if fresh:
    L.append(f"| the same into a fresh 64 MiB buffer each time (as adding a file does; its page faults included) | {fresh['mib_per_s']:.0f} MiB/s | | {fresh['mib_per_s'] / ossl:.2f}× | |")
if dec:
    L.append(f"| attachment decryption (into a fresh buffer, wiped when dropped) | {dec['mib_per_s']:.0f} MiB/s | | {dec['mib_per_s'] / ossl:.2f}× | |")
red = json.load(open(f"{run}/redact-estimates.json"))
red_ms = red["median"]["point_estimate"] / 1e6
L.append(f"| redaction, 25,000 words, 30 persons, `echr` (crates/redact criterion bench, median) | {ms(red_ms)} ms | | | < 200 ms: {'met' if red_ms < 200 else 'MISSED'} |")
for op, label in [("attachments_add", "add the attachments to the case (encrypt, write, fsync)"), ("bundle_create", "bundle create (case with the attachments)"), ("bundle_open", "bundle open (verify, import) into a fresh vault")]:
    r = get("sqlcipher", 0, op)
    if r:
        extra = f", {r['mb']} MB" if "mb" in r else ""
        L.append(f"| {label}{extra} | {ms(r['p50_ms'])} ms | | | |")
L.append("")
cli = [l.rstrip("\n").split("\t") for l in open(f"{run}/cli.tsv")]
if cli:
    L.append("### The CLI: wall time (s) and peak memory (max RSS, MiB) per command")
    L.append("")
    L.append("Each command is a new process: it unlocks (Argon2id at the floor, 64 MiB), does one thing and exits.")
    L.append("")
    ops = []
    for c in cli:
        if c[1] not in ops:
            ops.append(c[1])
    colsizes = sorted({int(c[0]) for c in cli})
    L.append("| command | " + " | ".join(("any" if n == 0 else f"{n:,} cases") for n in colsizes) + " |")
    L.append("|---|" + "---|" * len(colsizes))
    for op in ops:
        cells = []
        for n in colsizes:
            c = next((c for c in cli if c[1] == op and int(c[0]) == n), None)
            cells.append("–" if not c else (f"{float(c[2]):.2f} s, {int(c[3]) / 1024:.0f} MiB" + ("" if c[4] == "0" else f" (exit {c[4]})")))
        L.append(f"| `{op}` | " + " | ".join(cells) + " |")
    L.append("")
    demo = []
    for n in sizes:
        f = f"{run}/demo-{n}.time"
        if os.path.exists(f):
            t, rss = open(f).read().split()[-2:]
            demo.append(f"{n:,}: {float(t):.0f} s, {int(rss) / 1024:.0f} MiB")
    if demo:
        L.append("Building the vaults with `waystone demo --cases N` (cached; time and peak memory when built): " + "; ".join(demo) + ".")
        L.append("")
if os.path.exists(f"{run}/app.tsv"):
    rows = [l.rstrip("\n").split("\t") for l in open(f"{run}/app.tsv") if l.strip()]
    mib = lambda kb: f"{kb / 1024:.0f}"
    L.append("### The desktop app: memory of all its processes")
    L.append("")
    L.append(f"The app on the {big:,}-case vault under Xvfb (no GPU: Mesa's software OpenGL), the app process and every "
             "descendant (WebKit's web and network processes), each figure taken once the summed PSS had settled. "
             "The first row is the shipped window started directly (incognito); the others drive the app through "
             "WebDriver, as tests/e2e does (not incognito), to unlock and open the large case.")
    L.append("")
    L.append("**The target is checked against PSS, summed over the processes**: PSS splits each shared page among the "
             "processes that map it, so a page is counted once in all. RSS, shown beside it, counts a shared page once "
             "per process that maps it — WebKitGTK's, JavaScriptCore's and Mesa's libraries are mapped by two or three "
             "of the app's processes — so its sum overstates the memory in use"
             + (f" (here by {mib(int(rows[0][1]) - int(rows[0][2]))}–{mib(max(int(r[1]) - int(r[2]) for r in rows))} MiB)." if rows else "."))
    L.append("")
    L.append("| state | PSS, all processes | target < 250 MB (PSS) | RSS, all processes | per process: PSS (= anon + file + shmem) / RSS, MiB |")
    L.append("|---|---|---|---|---|")
    for state, rss, pss, others, wenv, procs in rows:
        pss_mb = int(pss) * 1024 / 1e6
        per = "; ".join(f"{p['name']} {mib(p['Pss'])} ({mib(p['Pss_Anon'])} + {mib(p['Pss_File'])} + {mib(p['Pss_Shmem'])}) / {mib(p['Rss'])}" for p in json.loads(procs))
        L.append(f"| {state} | **{mib(int(pss))} MiB** | {'met' if pss_mb < 250 else 'MISSED'} ({pss_mb:.0f} MB) | {mib(int(rss))} MiB | {per} |")
    L.append("")
    envs = sorted({r[4] for r in rows})
    others = max(int(r[3]) for r in rows) if rows else 0
    L.append("The web process ran with: " + " / ".join(f"`{e}`" if e else "(none of WebKit's or JavaScriptCore's variables)" for e in envs) +
             " (src-tauri/src/webview.rs). " +
             (f"Other processes mapping WebKitGTK while measuring: up to {others} (they share its library pages, lowering the app's PSS)."
              if others else "No other process mapped WebKitGTK while measuring."))
    L.append("")
if os.path.exists(f"{run}/mailbox.md"):
    L.extend(open(f"{run}/mailbox.md").read().splitlines())
    L.append("")
block = "\n".join(L)
begin, end = "<!-- bench:begin (scripts/bench.sh writes this block) -->", "<!-- bench:end -->"
text = open(out).read() if os.path.exists(out) else f"# Benchmarks\n\n{begin}\n{end}\n"
if begin not in text:
    text += f"\n{begin}\n{end}\n"
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1] if end in rest else ""
open(out, "w").write(f"{head}{begin}\n{block}\n{end}{tail}")
PY
say "wrote $OUT (raw results in $RUN)"
