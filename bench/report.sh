#!/usr/bin/env bash
# Benchmark of `report` (issue 13): a 90-day, 3-model, 40-feature output (daily windows, drift from
# day 60, a latency spike on day 45), its report built three times, then drawn in headless Chromium.
# Usage: bench/report.sh [ROWS]   (default 900000: 10,000 predictions a day)
# Prints the report command's wall time and peak memory, the file's size, and the time Chromium's page
# took to draw every chart (performance.now() when the last chart is drawn, from the page itself).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/bench/data}/report"
OUT="${BENCH_OUT:-$ROOT/bench/out}/report"
ROWS="${1:-900000}"
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
mkdir -p "$DATA" "$OUT"
DW="$ROOT/bin/driftwatch"
if [[ ! -f "$DATA/rows-$ROWS" ]]; then
  rm -rf "${DATA:?}"/*
  "$DW" generate --rows "$ROWS" --days 90 --models 3 --features 40 --seed 7 --drift-day 60 --latency-spike-day 45 \
      --output "$DATA/p.jsonl" --labels-output "$DATA/l.jsonl" > /dev/null
  "$DW" profile --input "$DATA/p.jsonl" --labels "$DATA/l.jsonl" --from 2026-11-01 --to 2026-11-02 \
      --output "$DATA/ref" > /dev/null
  "$DW" analyze --input "$DATA/p.jsonl" --labels "$DATA/l.jsonl" --reference-profile "$DATA/ref" \
      --output "$DATA/out" > /dev/null
  touch "$DATA/rows-$ROWS"
fi
"$DW" --version > /dev/null   # a warm class-data-sharing archive, as a user's second run has
for i in 1 2 3; do
  /usr/bin/time -f "report: wall %e s, peak RSS %M KB" "$DW" report --output "$DATA/out" --html "$OUT/report.html" 2>&1 \
      | grep -E "^report" | sed 's/ in \/.*(/ (/'
done
echo "file: $(du -k "$OUT/report.html" | cut -f1) KB"
if command -v chromium >/dev/null; then
  for i in 1 2; do
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking --dump-dom \
        "file://$OUT/report.html" 2>/dev/null > "$OUT/dom.html"
    echo "chromium: $(grep -o 'data-charts="[0-9]*" data-render-ms="[0-9]*"' "$OUT/dom.html"), $(grep -o '<path' "$OUT/dom.html" | wc -l) SVG paths"
  done
fi
