#!/usr/bin/env bash
# Opens every DOCX document Waystone writes in a real office suite: LibreOffice Writer,
# headless, converts each one to PDF; the PDF's text is then read back (pdftotext) and must
# hold the document's own opening words. Documents: the ECHR application and the summary for
# publication (English and Russian), the asylum support letter (both languages) and the
# pattern report, all from synthetic demo cases (every person in them is invented).
#
#   scripts/office-check.sh [--out docs/office-check.md]   (WAYSTONE_CLI=path: use that binary)
#
# Installs libreoffice-writer-nogui and poppler-utils with apt when soffice or pdftotext is
# missing (about 100 packages; not part of scripts/test.sh, which must stay inside its time
# budget). Writes a Markdown table of what was converted to the --out file (default: stdout
# only). Exit 1 if any document fails to convert or reads back wrong.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_md=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out_md="$2"; shift 2 ;;
    *) echo "usage: $0 [--out FILE.md]" >&2; exit 2 ;;
  esac
done

if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends \
    libreoffice-writer-nogui poppler-utils
fi

# WAYSTONE_CLI: a waystone binary already built (scripts/test.sh builds one); else build it
cli="${WAYSTONE_CLI:-}"
if [ -z "$cli" ]; then
  cargo build -q --bin waystone --manifest-path "$root/Cargo.toml"
  cli="${CARGO_TARGET_DIR:-$root/target}/debug/waystone"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export WAYSTONE_KDF_TARGET_MS=0
pass="office check passphrase, invented and thrown away"
w() { printf '%s\n' "$pass" | "$cli" --vault "$work/vault" --user admin --passphrase-stdin "$@"; }
printf '%s\n%s\n' "$pass" "$pass" | "$cli" --vault "$work/vault" --user admin --passphrase-stdin init >/dev/null
w demo --cases 8 --seed 7 >/dev/null
mapfile -t ids < <(w --json case list | python3 -c 'import json,sys; [print(json.loads(l)["id"]) for l in sys.stdin if l.strip()]')

cat >"$work/asylum.json" <<'EOF'
{"host": "DE", "authority": "Federal Office for Migration and Refugees (BAMF)",
 "file_number": "9000001-160 (invented)", "stage": "interviewed",
 "risks_since_leaving": [{"kind": "summons", "date": {"precision": "month", "year": 2023, "month": 11},
                          "description": "A summons was delivered to the family home (invented)."}],
 "signatory": {"name": "Anna Primerova (invented)", "role": "legal coordinator",
               "how_known": "The organisation has assisted the applicant since March 2019 (invented)."},
 "consent": {"given": true, "host": "DE", "authority": "Federal Office for Migration and Refugees (BAMF)",
             "date": {"precision": "exact", "year": 2024, "month": 1, "day": 15}}}
EOF

# [name, first words of the document in its language, export arguments…]
docs=()
# a case whose consent allows each document: the first one that exports wins
export_first() {
  local name="$1"; shift
  local file="$work/$name.docx"
  for id in "${ids[@]}"; do
    if w export "$id" "$@" --format docx --out "$file" --accept-candidates >/dev/null 2>"$work/err"; then
      docs+=("$name")
      return 0
    fi
    rm -f "$file"
  done
  echo "office-check: no demo case could be exported as $name: $(cat "$work/err")" >&2
  return 1
}
failed=0
export_first echr-en --profile echr --lang en || failed=1
export_first echr-ru --profile echr --lang ru || failed=1
export_first public-en --profile public --lang en || failed=1
export_first public-ru --profile public --lang ru || failed=1
w asylum set "${ids[0]}" "$work/asylum.json" >/dev/null
for lang in en ru; do
  if w export "${ids[0]}" --profile asylum --host DE --lang "$lang" --format docx \
    --out "$work/asylum-$lang.docx" --accept-candidates >/dev/null; then
    docs+=("asylum-$lang")
  else
    failed=1
  fi
done
w report patterns --out "$work/patterns.docx" --format docx >/dev/null && docs+=("patterns") || failed=1

version="$(soffice --headless --version 2>/dev/null | head -1)"
table="| document | DOCX bytes | converted by LibreOffice | PDF pages | text read back |
|---|---|---|---|---|"
for name in "${docs[@]}"; do
  docx="$work/$name.docx"
  # each conversion in a profile of its own: a stale lock from an earlier run cannot stop it
  if soffice --headless -env:UserInstallation="file://$work/lo-$name" \
    --convert-to pdf --outdir "$work/pdf" "$docx" >"$work/lo-$name.log" 2>&1 && [ -s "$work/pdf/$name.pdf" ]; then
    pages="$(pdfinfo "$work/pdf/$name.pdf" | awk '/^Pages:/ {print $2}')"
    # the document's own words, as Waystone wrote them, must come back out of the PDF
    words="$(python3 - "$docx" <<'PY'
import re, sys, zipfile
xml = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
text = " ".join(re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<w:p[ >].*?</w:p>", xml))
words = [w for w in re.findall(r"\w{5,}", text)][:6]
print(" ".join(words))
PY
)"
    pdftotext -layout "$work/pdf/$name.pdf" "$work/pdf/$name.txt"
    missing=""
    for word in $words; do
      grep -qF -- "$word" "$work/pdf/$name.txt" || missing="$missing $word"
    done
    if [ -z "$words" ] || [ -n "$missing" ]; then
      table="$table
| $name | $(stat -c %s "$docx") | yes | $pages | **no**: missing$missing |"
      failed=1
    else
      table="$table
| $name | $(stat -c %s "$docx") | yes | $pages | yes ($(echo "$words" | wc -w) words checked) |"
    fi
  else
    table="$table
| $name | $(stat -c %s "$docx") | **no**: $(tail -1 "$work/lo-$name.log") | – | – |"
    failed=1
  fi
done

report="<!-- written by scripts/office-check.sh; run it again to refresh -->
# Office check: every DOCX opens in LibreOffice Writer

Each document type Waystone writes, in English and Russian, exported as DOCX from synthetic
demo cases and converted to PDF by LibreOffice Writer headless (\`soffice --headless
--convert-to pdf\`); the PDF's text is read back with \`pdftotext\` and must hold the first
words of the document as Waystone wrote them.

$version · $(date -u +%Y-%m-%d) · commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')

$table
"
echo "$report"
[ -n "$out_md" ] && printf '%s' "$report" >"$out_md"
exit "$failed"
