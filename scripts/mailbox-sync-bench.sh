#!/usr/bin/env bash
# The team's sync through each mailbox engine on loopback (release CLI, each vault its own
# process): a caseworker sends 1,000 status cards to a coordinator, then 100 cases with an
# attachment each to a lawyer. For every `waystone sync` it reports wall time and peak memory
# (/usr/bin/time, max RSS), and compares the upload with `rclone copy` (Debian `rclone`) of
# the same objects to the same server: aims ≥ 0.5× rclone's throughput and a 1,000-card sync
# under 30 s. Every case is invented (`waystone demo`, and generated interviews whose
# attachment is random bytes).
#
#   scripts/mailbox-sync-bench.sh [--cards 1000] [--cases 100] [--attach-kib 1024]
#                                 [--engines folder,webdav,s3[,garage]] [--out FILE.md]
#
# Servers: scripts/lib/loopback.sh (Apache httpd + mod_dav, moto_server, Garage if
# installed). Not part of scripts/test.sh; scripts/bench.sh runs it as its last step.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
CARDS=1000 CASES=100 ATTACH_KIB=1024 ENGINES="folder,webdav,s3" OUT=""
command -v garage >/dev/null && ENGINES="$ENGINES,garage"
while [ $# -gt 0 ]; do
  case "$1" in
    --cards) CARDS="$2"; shift 2 ;;
    --cases) CASES="$2"; shift 2 ;;
    --attach-kib) ATTACH_KIB="$2"; shift 2 ;;
    --engines) ENGINES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "mailbox-sync-bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
say() { echo "mailbox-sync-bench: $*" >&2; }
for need in rclone:rclone /usr/bin/time:time; do
  cmd=${need%%:*} pkg=${need##*:}
  command -v "$cmd" >/dev/null && continue
  say "installing $pkg"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y --no-install-recommends "$pkg" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "$pkg" >/dev/null; }
done

source scripts/lib/loopback.sh
lb_init
say "building the CLI (release)"
cargo build --release -q -p waystone --bin waystone
BIN="${CARGO_TARGET_DIR:-$root/target}/release/waystone"
export WAYSTONE_KDF_TARGET_MS=0 # vaults at the KDF floor (64 MiB, t=3, p=4)
unset WAYSTONE_PASSPHRASE WAYSTONE_NEW_PASSPHRASE WAYSTONE_MAILBOX_KEY
ADMIN=bench-admin PASS="bench admin lantern orbit" PASS2="bench member quiet harbour"
RESULTS="$LB_WORK/results.tsv" # engine, phase, step, seconds, max RSS KiB, objects, bytes
: > "$RESULTS"

ws() { # dir user stdin args…
  local dir="$1" user="$2" stdin="$3"; shift 3
  printf '%b' "$stdin" | "$BIN" --vault "$dir" --user "$user" --passphrase-stdin "$@" 2>"$LB_WORK/ws.err" ||
    { cat "$LB_WORK/ws.err" >&2; return 1; }
}
member() { # dir user role
  ws "$1" "$ADMIN" "$PASS\n" init >/dev/null
  ws "$1" "$ADMIN" "$PASS\n$PASS2\n" user add "$2" --role "$3" >/dev/null
}
timed() { # engine phase step dir user args… ; appends a result line
  local engine="$1" phase="$2" step="$3" dir="$4" user="$5"; shift 5
  local t="$LB_WORK/time" out
  out=$(printf '%s\n' "$PASS2" | /usr/bin/time -f "%e %M" -o "$t" \
    "$BIN" --vault "$dir" --user "$user" --passphrase-stdin --json "$@")
  printf '%s\t%s\t%s\t%s\t%s\n' "$engine" "$phase" "$step" "$(cut -d' ' -f1 "$t")" "$(cut -d' ' -f2 "$t")" >>"$RESULTS"
  say "$engine $phase $step: $(cat "$t") — $out"
}

# rclone remotes from the environment (no config file): `ref:` is the engine's storage
rclone_env() { # engine
  unset RCLONE_CONFIG_REF_TYPE
  case "$1" in
    folder) REF="$LB_WORK/folder" ;;
    webdav)
      export RCLONE_CONFIG_REF_TYPE=webdav RCLONE_CONFIG_REF_URL="$LB_DAV_URL" \
        RCLONE_CONFIG_REF_VENDOR=other RCLONE_CONFIG_REF_USER="$LB_DAV_USER" \
        RCLONE_CONFIG_REF_PASS="$(rclone obscure "$LB_DAV_PASS")"
      REF="ref:" ;;
    s3|garage)
      export RCLONE_CONFIG_REF_TYPE=s3 RCLONE_CONFIG_REF_PROVIDER=Other \
        RCLONE_CONFIG_REF_ENDPOINT="$LB_S3_ENDPOINT" RCLONE_CONFIG_REF_REGION="$LB_S3_REGION" \
        RCLONE_CONFIG_REF_ACCESS_KEY_ID="$LB_S3_KEY" RCLONE_CONFIG_REF_SECRET_ACCESS_KEY="$LB_S3_SECRET" \
        RCLONE_CONFIG_REF_FORCE_PATH_STYLE=true
      REF="ref:$LB_S3_BUCKET" ;;
  esac
}
# (AWS_CA_BUNDLE, set on some machines, makes rclone 1.60's S3 backend refuse to start)
rc() {
  RCLONE_CONFIG=/dev/null env -u AWS_CA_BUNDLE rclone --retries 1 "$@" 2>>"$LB_WORK/rclone.log" ||
    { tail -n 5 "$LB_WORK/rclone.log" >&2; return 1; }
}

# What the sender just uploaded, copied back with rclone, then uploaded again by rclone under
# a prefix of its own (the same bytes, the same server), timed, and removed.
rclone_reference() { # engine phase
  local snap="$LB_WORK/snap" t="$LB_WORK/rtime" files bytes
  rm -rf "$snap"; mkdir -p "$snap"
  rc copy "$REF" "$snap" --exclude "rclone-ref/**"
  files=$(find "$snap" -type f | wc -l) bytes=$(du -sb "$snap" | cut -f1)
  /usr/bin/time -f "%e %M" -o "$t" bash -c 'RCLONE_CONFIG=/dev/null env -u AWS_CA_BUNDLE rclone copy "$1" "$2/rclone-ref" 2>>"$3"' _ "$snap" "$REF" "$LB_WORK/rclone.log"
  printf '%s\t%s\trclone copy\t%s\t%s\t%s\t%s\n' "$1" "$2" "$(cut -d' ' -f1 "$t")" "$(cut -d' ' -f2 "$t")" "$files" "$bytes" >>"$RESULTS"
  say "$1 $2 rclone copy of $files objects, $bytes bytes: $(cat "$t")"
  rc purge "$REF/rclone-ref" || rm -rf "$REF/rclone-ref"
  rm -rf "$snap"
}

interviews() { # dir n kib: n interchange documents, one attachment of random bytes each
  python3 - "$@" <<'PY'
import base64, hashlib, json, os, sys, uuid
d, n, kib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(d, exist_ok=True)
for i in range(n):
    data = os.urandom(kib * 1024)
    cid = str(uuid.uuid4())
    text = lambda s: {"status": "answered", "type": "text", "value": s}
    doc = {"format": "waystone-case", "version": 1, "id": cid, "code": f"WS-BNCH-{i:04d}",
           "form": {"id": "intake", "version": 1}, "status": "interview_in_progress",
           "created_at": "2025-02-03T09:00:00.000Z", "created_by": "bench-field",
           "updated_at": "2025-02-03T09:00:00.000Z", "updated_by": "bench-field",
           "answers": {"answers": {"interviewer_notes": text(f"Invented bench case {i}: no real person.")}, "repeats": {}},
           "attachments": [{"id": str(uuid.uuid4()), "file_name": f"scan-{i}.bin", "media_type": "application/octet-stream",
                            "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                            "data": base64.b64encode(data).decode()}]}
    with open(f"{d}/{i:04d}.json", "w") as f:
        json.dump(doc, f)
PY
}

for engine in ${ENGINES//,/ }; do
  say "=== $engine"
  flags=() env_creds=()
  case "$engine" in
    folder) mkdir -p "$LB_WORK/folder"; flags=(--folder "$LB_WORK/folder") ;;
    webdav)
      [ -n "${LB_DAV_URL:-}" ] || lb_start_apache
      flags=(--webdav "$LB_DAV_URL")
      env_creds=(WAYSTONE_WEBDAV_USER="$LB_DAV_USER" WAYSTONE_WEBDAV_PASSWORD="$LB_DAV_PASS") ;;
    s3|garage)
      if [ "$engine" = s3 ]; then lb_start_moto; else lb_start_garage; fi
      flags=(--s3 "$LB_S3_ENDPOINT" --bucket "$LB_S3_BUCKET" --region "$LB_S3_REGION")
      env_creds=(WAYSTONE_S3_ACCESS_KEY_ID="$LB_S3_KEY" WAYSTONE_S3_SECRET_ACCESS_KEY="$LB_S3_SECRET") ;;
    *) echo "unknown engine $engine" >&2; exit 2 ;;
  esac
  rclone_env "$engine"
  team="$LB_WORK/team-$engine"
  field="$team/field" lawyer="$team/lawyer" coord="$team/coord"
  member "$field" bench-field caseworker
  member "$lawyer" bench-lawyer lawyer
  member "$coord" bench-desk coordinator
  fk=$(ws "$field" bench-field "$PASS2\n" key show) lk=$(ws "$lawyer" bench-lawyer "$PASS2\n" key show)
  ck=$(ws "$coord" bench-desk "$PASS2\n" key show)
  ws "$field" bench-field "$PASS2\n" contact add Lawyer "$lk" >/dev/null
  ws "$field" bench-field "$PASS2\n" contact add Desk "$ck" >/dev/null
  ws "$lawyer" bench-lawyer "$PASS2\n" contact add Field "$fk" >/dev/null
  ws "$coord" bench-desk "$PASS2\n" contact add Field "$fk" >/dev/null
  env "${env_creds[@]}" bash -c 'printf "%s\n" "$1" | "$2" --vault "$3" --user "$4" --passphrase-stdin mailbox add box "${@:5}" >/dev/null' \
    _ "$PASS" "$BIN" "$field" "$ADMIN" "${flags[@]}"
  key=$(ws "$field" "$ADMIN" "$PASS\n" mailbox key box)
  for dir in "$lawyer" "$coord"; do
    env "${env_creds[@]}" WAYSTONE_MAILBOX_KEY="$key" bash -c 'printf "%s\n" "$1" | "$2" --vault "$3" --user "$4" --passphrase-stdin mailbox add box "${@:5}" >/dev/null' \
      _ "$PASS" "$BIN" "$dir" "$ADMIN" "${flags[@]}"
  done

  # 1. status cards to the coordinator
  ids=$(ws "$field" bench-field "$PASS2\n" --json demo --cases "$CARDS" | python3 -c 'import json,sys; print(",".join(json.loads(l)["id"] for l in sys.stdin))')
  ws "$field" bench-field "$PASS2\n" send "$ids" --to Desk --status-card >/dev/null
  phase="$CARDS status cards"
  timed "$engine" "$phase" "sender: upload" "$field" bench-field sync
  rclone_reference "$engine" "$phase"
  timed "$engine" "$phase" "recipient: import, receipts" "$coord" bench-desk sync
  timed "$engine" "$phase" "sender: receipts, clean-up" "$field" bench-field sync

  # 2. cases with an attachment each to the lawyer
  interviews "$team/docs" "$CASES" "$ATTACH_KIB"
  ids=""
  for f in "$team"/docs/*.json; do
    ids="$ids${ids:+,}$(ws "$field" bench-field "$PASS2\n" case import "$f")"
  done
  rm -rf "$team/docs"
  ws "$field" bench-field "$PASS2\n" send "$ids" --to Lawyer >/dev/null
  phase="$CASES cases × $ATTACH_KIB KiB"
  timed "$engine" "$phase" "sender: upload" "$field" bench-field sync
  rclone_reference "$engine" "$phase"
  timed "$engine" "$phase" "recipient: import, receipts" "$lawyer" bench-lawyer sync
  timed "$engine" "$phase" "sender: receipts, clean-up" "$field" bench-field sync
  rm -rf "$team"
done

python3 - "$RESULTS" "$OUT" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
L = ["### The team's sync through each mailbox engine (scripts/mailbox-sync-bench.sh)", "",
     "Each `waystone sync` is a process of its own (unlock at the KDF floor included); loopback servers on this machine. "
     "rclone: `rclone copy` (default settings) of the objects the sender had just uploaded, to the same server.", "",
     "| engine | what | sender: upload | recipient: import + receipts | sender: receipts + clean-up | rclone copy, same objects | upload ÷ rclone (throughput) |",
     "|---|---|---|---|---|---|---|"]
key = []
for r in rows:
    if (r[0], r[1]) not in key:
        key.append((r[0], r[1]))
def cell(e, p, s):
    r = next((r for r in rows if r[0] == e and r[1] == p and r[2] == s), None)
    return (float(r[3]), int(r[4])) if r else None
for e, p in key:
    up, rec, cl = (cell(e, p, s) for s in ("sender: upload", "recipient: import, receipts", "sender: receipts, clean-up"))
    ref = next((r for r in rows if r[0] == e and r[1] == p and r[2] == "rclone copy"), None)
    f = lambda c: f"{c[0]:.1f} s, {c[1] / 1024:.0f} MiB" if c else "–"
    refc = f"{float(ref[3]):.1f} s ({ref[5]} objects, {int(ref[6]) / 2**20:.1f} MiB)" if ref else "–"
    ratio = f"{float(ref[3]) / up[0]:.2f}×" if ref and up and up[0] > 0 else "–"
    L.append(f"| {e} | {p} | {f(up)} | {f(rec)} | {f(cl)} | {refc} | {ratio} |")
L.append("")
text = "\n".join(L)
print(text)
if sys.argv[2]:
    open(sys.argv[2], "w").write(text + "\n")
PY
