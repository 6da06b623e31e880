#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/TieoutFuzz.swift) and runs each for SECONDS, seeded from
# ../shared/corpora, the templates and the examples. Prints executions and findings per target
# and exits 1 if any target found a crash, a trap, a hang or a memory error.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (default 30 s, every target)
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv mt940 camt bai2 ofx x12-835 config template decisions celltext)
corpora=../shared/corpora
[ -d "$corpora" ] || { echo "fuzz: $corpora is missing; the seeds come from it" >&2; exit 2; }

echo "fuzz: building (release, -sanitize=fuzzer,address)" >&2
swift build -c release --scratch-path .build-fuzz --product tieout-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING >/tmp/tieout-fuzz-build.log 2>&1 \
  || { tail -30 /tmp/tieout-fuzz-build.log >&2; exit 2; }
bin=.build-fuzz/release/tieout-fuzz

seeds() {
  case $1 in
    csv) echo "$corpora/csv2ofx/test $corpora/csv-spectrum/csvs examples/month-end Tests/Fixtures/exports" ;;
    mt940) echo "$corpora/mt940-rs" ;;
    camt) echo "$corpora/camt" ;;
    bai2) echo "$corpora/bai2-moov $corpora/bai2-py" ;;
    ofx) echo "$corpora/ofxparse" ;;
    x12-835) echo "$corpora/x12-badx12" ;;
    config) echo "examples Tests/Fixtures/mt940-month" ;;
    template) echo "templates" ;;
    decisions) echo "Tests/Fixtures" ;;
    celltext) echo "$corpora/csv2ofx/test" ;;
  esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
printf '%-10s %12s %10s  %s\n' target executions "exec/s" result
for t in "${targets[@]}"; do
  mkdir -p "$work/$t/corpus" "$work/$t/seeds" "$work/$t/findings"
  # libFuzzer reads seed folders flat: copy every seed file in, named by its path.
  for d in $(seeds "$t"); do
    find "$d" -type f -size -1M 2>/dev/null | while read -r f; do cp "$f" "$work/$t/seeds/$(echo "$f" | tr '/' '_')"; done
  done
  log="$work/$t/log"
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 SWIFT_BACKTRACE=enable=no FUZZ_TARGET=$t \
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$work/$t/findings/" "$work/$t/corpus" "$work/$t/seeds" >"$log" 2>&1
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'exec/s: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  found=$(ls "$work/$t/findings" | wc -l)
  if [ "$found" -gt 0 ]; then
    failed=1
    printf '%-10s %12s %10s  %s\n' "$t" "${runs:-?}" "${rate:-?}" "FOUND $found: $(ls "$work/$t/findings" | tr '\n' ' ')"
    mkdir -p fuzz-findings/"$t" && cp "$work/$t/findings/"* fuzz-findings/"$t"/
    grep -E 'ERROR|Fatal error|SUMMARY|runtime failure' "$log" | head -5 >&2
  else
    printf '%-10s %12s %10s  %s\n' "$t" "${runs:-?}" "${rate:-?}" "no findings"
  fi
done
[ $failed = 0 ] || echo "fuzz: findings copied to fuzz-findings/; replay one with: FUZZ_TARGET=T .build/debug/tieout-fuzz FILE" >&2
exit $failed
