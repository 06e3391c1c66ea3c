#!/usr/bin/env bash
# Writes an upgrade fixture: vaults, a bundle and a backup made by one build of the `waystone`
# CLI, plus what that build exported, so every later build can prove it still opens them
# (tests/upgrade_fixture.rs). Every person in it is invented by `waystone demo`.
#
#   bash scripts/make-fixture-vault.sh PATH/TO/waystone tests/fixtures/vault-NAME
#
# A fixture, once committed, is never regenerated: a new release adds a new folder beside it.
set -euo pipefail
bin="$(realpath "$1")"
out="$2"
[ -e "$out" ] && { echo "make-fixture-vault: $out exists; fixtures are never overwritten"; exit 1; }
mkdir -p "$out/expected"
out="$(realpath "$out")"
export WAYSTONE_KDF_TARGET_MS=0
unset WAYSTONE_PASSPHRASE WAYSTONE_NEW_PASSPHRASE

# Synthetic passphrases: they are published with the fixture on purpose.
P_ANA="fixture lantern quietly orbit seventeen"
P_CW="fixture marble seventy harbor quietly"
P_LAW="fixture copper meadow whistle ninety"
P_COORD="fixture willow granite fourteen kettle"
P_BOB="fixture saffron tunnel eleven pebble"

org="$out/org"     # the organisation's vault: four users, cases, attachments
field="$out/field" # a second person's vault, to which a bundle is addressed

w() { "$bin" --vault "$1" --user "$2" --passphrase-stdin "${@:3}"; }

printf '%s\n' "$P_ANA" | w "$org" ana --json init >"$out/org-init.json"
printf '%s\n%s\n' "$P_ANA" "$P_CW" | w "$org" ana user add cw --role caseworker
printf '%s\n%s\n' "$P_ANA" "$P_LAW" | w "$org" ana user add law --role lawyer
printf '%s\n%s\n' "$P_ANA" "$P_COORD" | w "$org" ana user add coord --role coordinator
printf '%s\n' "$P_ANA" | w "$org" ana demo --cases 8 --seed 20261206
printf '%s\n' "$P_ANA" | w "$org" ana --json case list >"$out/ids.jsonl"
mapfile -t ids < <(python3 -c 'import json,sys
for l in open(sys.argv[1]): print(json.loads(l)["id"])' "$out/ids.jsonl")
rm "$out/ids.jsonl"

# assignments, a workflow move, an evacuation stage
printf '%s\n' "$P_ANA" | w "$org" ana case assign "${ids[0]}" --caseworker cw --lawyer law
printf '%s\n' "$P_ANA" | w "$org" ana case assign "${ids[1]}" --caseworker cw
printf '%s\n' "$P_COORD" | w "$org" coord case stage "${ids[2]}" in_hiding --follow-up 2027-01-15

# attachments: two small invented files added through the interchange format
for i in 0 1; do
  printf '%s\n' "$P_ANA" | w "$org" ana case export "${ids[$i]}" >"$out/tmp-case.json"
  python3 - "$out/tmp-case.json" "$i" <<'EOF'
import base64, hashlib, json, sys, uuid
path, i = sys.argv[1], int(sys.argv[2])
doc = json.load(open(path))
for n in range(i + 1):
    data = f"Synthetic attachment {n} of fixture case {i}: invented, not a real document.\n".encode() * (40 * (n + 1))
    doc["attachments"].append({
        "id": str(uuid.UUID(int=(i + 1) * 1000 + n)),
        "file_name": f"synthetic-{i}-{n}.txt",
        "media_type": "text/plain",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "data": base64.b64encode(data).decode(),
    })
json.dump(doc, open(path, "w"))
EOF
  printf '%s\n' "$P_ANA" | w "$org" ana case import "$out/tmp-case.json" >/dev/null
done
rm "$out/tmp-case.json"

# the second vault, contacts both ways, a case bundle and a status card addressed to it
printf '%s\n' "$P_BOB" | w "$field" bob --json init >"$out/field-init.json"
org_key="$(printf '%s\n' "$P_ANA" | w "$org" ana key show)"
field_key="$(printf '%s\n' "$P_BOB" | w "$field" bob key show)"
printf '%s\n' "$P_ANA" | w "$org" ana contact add bob "$field_key"
printf '%s\n' "$P_BOB" | w "$field" bob contact add ana "$org_key"
printf '%s\n' "$P_ANA" | w "$org" ana bundle create "${ids[0]}" --to bob --out "$out/case.waystone"
printf '%s\n' "$P_ANA" | w "$org" ana bundle create "${ids[2]}" --to bob --status-card --out "$out/status.waystone"

# what this build says every case holds
for id in "${ids[@]}"; do
  printf '%s\n' "$P_ANA" | w "$org" ana case export "$id" >"$out/expected/$id.json"
done
printf '%s\n' "$P_ANA" | w "$org" ana --json case list >"$out/expected/list.jsonl"
printf '%s\n' "$P_ANA" | w "$org" ana backup --out "$out/org.backup"
printf '%s\n' "$P_ANA" | w "$org" ana check

python3 - "$out" "$bin" <<EOF
import json, sys
out, bin = sys.argv[1], sys.argv[2]
org = json.load(open(f"{out}/org-init.json"))
field = json.load(open(f"{out}/field-init.json"))
json.dump({
    "note": "Synthetic upgrade fixture: every person, case and file is invented. Never regenerate; add a new fixture folder for a new release.",
    "made_by": "$(git -C "$(dirname "$0")" describe --always --dirty 2>/dev/null || echo unknown)",
    "passphrases": {"ana": "$P_ANA", "cw": "$P_CW", "law": "$P_LAW", "coord": "$P_COORD", "bob": "$P_BOB"},
    "roles": {"ana": "admin", "cw": "caseworker", "law": "lawyer", "coord": "coordinator"},
    "recovery_keys": {"org": org["recovery_key"], "field": field["recovery_key"]},
    "cases": [l.strip() for l in open(f"{out}/expected/list.jsonl")],
    "bundle_case": "${ids[0]}",
    "status_card_case": "${ids[2]}",
    "assigned": {"${ids[0]}": {"caseworker": "cw", "lawyer": "law"}, "${ids[1]}": {"caseworker": "cw"}},
}, open(f"{out}/fixture.json", "w"), indent=2, ensure_ascii=False)
EOF
rm "$out/org-init.json" "$out/field-init.json"
echo "fixture written to $out"
