#!/usr/bin/env bash
# XLSForm conformance: Waystone's importer against pyxform (the reference XLSForm
# implementation, PyPI) on a corpus of workbooks — pyxform's own example workbooks
# (scripts/xlsform/corpus/pyxform/, BSD-2-Clause, LICENSE beside them) and the invented forms
# of scripts/xlsform/project_forms.py. Prints the agreement rate; fails if any workbook
# disagrees (see scripts/xlsform/conformance.py for what "agree" means). Called by
# scripts/test.sh; takes a few seconds once waystone-forms is built.
#   VERBOSE=1 scripts/xlsform-conformance.sh     every workbook's outcome
#   MARKDOWN=FILE scripts/xlsform-conformance.sh a table of outcomes (docs/xlsform.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

if ! python3 -c 'import pyxform' 2>/dev/null; then
  echo "xlsform-conformance: installing pyxform (the reference XLSForm converter)"
  python3 -m pip install --quiet 'pyxform>=4,<5' ||
    python3 -m pip install --quiet --break-system-packages 'pyxform>=4,<5'
fi

target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet -p waystone-forms --example xlsform_dump
args=("$target/debug/examples/xlsform_dump")
[ "${VERBOSE:-0}" = 1 ] && args+=(--verbose)
[ -n "${MARKDOWN:-}" ] && args+=(--markdown "$MARKDOWN")
# openpyxl warns about spreadsheet extensions it does not read; not our concern here
PYTHONWARNINGS=ignore python3 scripts/xlsform/conformance.py "${args[@]}"
