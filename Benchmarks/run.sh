#!/usr/bin/env bash
# Times import, match and workbook (and JSON) on generated months of 100k and 1M bank rows.
# Usage: Benchmarks/run.sh path/to/tieout [ROWS...]
# Prints, per size and stage: wall seconds, rows per second and the process's peak memory.
set -euo pipefail
bin=${1:?usage: Benchmarks/run.sh path/to/tieout [ROWS...]}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
work=${BENCH_DIR:-$(mktemp -d)}
trap '[ -z "${BENCH_DIR:-}" ] && rm -rf "$work"' EXIT
# The workbook stage's physical limit: a plain C loop writing 1M rows of 8 cells.
if command -v cc >/dev/null 2>&1 && cc -O2 "$(dirname "$0")/baseline.c" -o "$work/baseline" $(pkg-config --cflags --libs xlsxwriter) 2>/dev/null; then
  start=$(date +%s.%N)
  "$work/baseline" 1000000 "$work/baseline.xlsx"
  end=$(date +%s.%N)
  echo "== baseline: plain C libxlsxwriter loop, 1M rows x 8 cells: $(awk "BEGIN { printf \"%.2f\", $end - $start }") s"
fi
for n in "${sizes[@]}"; do
  dir="$work/month-$n"
  if [ ! -f "$dir/tieout.yaml" ]; then
    echo "generating $n bank rows…" >&2
    "$bin" generate --rows "$n" --seed 1 "$dir" --quiet
  fi
  bytes=$(cat "$dir"/*.csv | wc -c)
  echo "== $n bank rows ($(ls "$dir"/*.csv | wc -l) files, $((bytes / 1048576)) MiB of CSV)"
  TIEOUT_CELL_STATS=1 "$bin" run "$dir" --out "$dir/out.xlsx" --json "$dir/out.json" --quiet --timings > "$work/run.txt" 2>&1
  grep -v '^cells:' "$work/run.txt"
  echo "workbook: $(( $(stat -c %s "$dir/out.xlsx") / 1048576 )) MiB"
  # Exactly the same cells written by a plain C loop: the workbook stage's physical limit. The
  # cells are recorded by a second, untimed run.
  if [ -x "$work/baseline" ]; then
    TIEOUT_CELL_LOG="$work/cells.log" "$bin" run "$dir" --out "$work/logged.xlsx" --quiet
    start=$(date +%s.%N)
    "$work/baseline" --replay "$work/cells.log" "$work/same-cells.xlsx" 2> "$work/baseline.txt"
    end=$(date +%s.%N)
    rm -f "$work/cells.log" "$work/logged.xlsx"
    stage=$(awk '$1 == "writingWorkbook" { print $2 }' "$work/run.txt")
    cells=$(sed -n 's/^cells: strings=\([0-9]*\) string_bytes=[0-9]* numbers=\([0-9]*\) formulas=\([0-9]*\).*/\1 strings, \2 numbers, \3 formulas/p' "$work/run.txt")
    awk -v b="$(awk "BEGIN { print $end - $start }")" -v w="$stage" -v c="$cells" -v closing="$(awk '{ print $3 }' "$work/baseline.txt")" \
      'BEGIN { printf "workbook stage %.2f s vs a plain C loop replaying the same cells (%s) %.2f s, of which workbook_close %.2f s: %.2fx\n", w, c, b, closing, w / b }'
  fi
  # CSV import alone, one core: parse and normalize the bank export to entries.
  size=$(stat -c %s "$dir/bank.csv")
  start=$(date +%s.%N)
  "$bin" inspect "$dir/bank.csv" --rows 0 >/dev/null
  end=$(date +%s.%N)
  awk -v s="$size" -v t="$(awk "BEGIN { print $end - $start }")" \
    'BEGIN { printf "import of bank.csv alone (one core): %.1f MiB in %.2f s = %.0f MB/s\n", s / 1048576, t, s / t / 1e6 }'
done
