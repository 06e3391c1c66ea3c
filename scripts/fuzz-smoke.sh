#!/usr/bin/env bash
# A short fuzzing run of every cargo-fuzz target in fuzz/ (default 25 s each; FUZZ_SECONDS
# changes it), seeded from the repository's synthetic samples. Fails on any crash, leak,
# timeout or out-of-memory, leaving the input under fuzz/artifacts/TARGET/ — make it a
# regression test in the normal suite, then fix. Called by scripts/test.sh.
# Longer runs: FUZZ_SECONDS=300 scripts/fuzz-smoke.sh (figures go to SECURITY.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
secs="${FUZZ_SECONDS:-25}"
targets=(case_import form_definition bundle_open redact xlsform_import)
features=()
# `backup` needs the whole core built by nightly with sanitizers (SQLCipher, OpenSSL, the
# renderers: many minutes on two cores), so it runs only on request.
if [ "${FUZZ_CORE:-0}" = 1 ]; then
  targets+=(backup)
  features=(--features core)
else
  echo "fuzz-smoke: target 'backup' not run (needs the core's nightly build; FUZZ_CORE=1 runs it)"
fi
[ "$#" -gt 0 ] && targets=("$@")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Seeds (all synthetic): fuzz/seeds/TARGET, the built-in forms, the redaction corpus.
for t in "${targets[@]}"; do mkdir -p "$work/$t"; done
for t in case_import bundle_open backup; do
  [ -d "$work/$t" ] && cp "$root/fuzz/seeds/$t/"* "$work/$t/"
done
[ -d "$work/form_definition" ] && cp "$root"/forms/*/*.json "$work/form_definition/"
if [ -d "$work/xlsform_import" ]; then
  cp "$root"/docs/examples/*.xlsx "$work/xlsform_import/"
  find "$root/scripts/xlsform/corpus" -name '*.xls*' -size -64k -exec cp {} "$work/xlsform_import/" \;
fi
if [ -d "$work/redact" ]; then
  for f in "$root"/tests/redaction-corpus/cases/*/input.txt; do
    n="$(basename "$(dirname "$f")")"
    { printf '\0'; cat "$f"; } > "$work/redact/$n-echr"
    { printf '\1'; cat "$f"; } > "$work/redact/$n-public"
  done
fi

# cargo-fuzz wants nightly's -Z flags; the stable compiler (which ships the same sanitizer
# runtimes) accepts them in bootstrap mode where no nightly toolchain could be installed
toolchain=+nightly
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz-smoke: no nightly toolchain; using stable with RUSTC_BOOTSTRAP=1"
  toolchain=+stable
  export RUSTC_BOOTSTRAP=1
fi

cd "$root/fuzz"
start=$(date +%s)
cargo "$toolchain" fuzz build "${features[@]}"
echo "fuzz-smoke: built the targets in $(( $(date +%s) - start )) s"

summary=()
for t in "${targets[@]}"; do
  log="$work/$t.log"
  if ! cargo "$toolchain" fuzz run "${features[@]}" "$t" "$work/$t" -- \
      -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz-smoke: $t FAILED; the input is under fuzz/artifacts/$t/"
    exit 1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)"
  summary+=("$t: ${runs:-?} inputs in ${secs} s (${cov:-cov: ?})")
done
printf 'fuzz-smoke: %s\n' "${summary[@]}"
