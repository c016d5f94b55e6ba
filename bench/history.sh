#!/usr/bin/env bash
# Does a scheduled daily run's cost stay flat as its output ages? (issue 26: cost that follows the data.)
# Generates a log of DAYS+8 days (400 predictions a day, labels late), analyzes its first week, then runs
# DAYS daily `--since-last-run` runs on the same output and prints each run's wall and user CPU seconds,
# then the medians of the first and the last ten. Each run reads the same undated log, so only what the
# output holds grows: a file per run in `runs`, a file per table, model and day in the window tables.
# About 5 minutes for the default 90 days on 2 cores.
# Usage: bench/history.sh [DAYS]     (BENCH_OUT: where the log and the output go; default bench/out)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DAYS="${1:-90}"
WORK="${BENCH_OUT:-$ROOT/bench/out}/history"
DW="$ROOT/bin/driftwatch"
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK"
"$DW" generate --rows $(( (DAYS + 10) * 400 )) --days $(( DAYS + 10 )) --models 1 --start 2026-08-01 \
    --output log.jsonl --labels-output labels.jsonl > generate.log 2>&1
/usr/bin/time -f "%e %U" -o t.txt "$DW" analyze --input log.jsonl --labels labels.jsonl --output out \
    --from 2026-08-01 --to 2026-08-08 --window 1d > first.log 2>&1
echo "first week: $(cat t.txt) (wall s, user s)"
: > runs.txt
for i in $(seq 1 "$DAYS"); do
  to=$(date -u -d "2026-08-08 + $i day" +%Y-%m-%d)
  /usr/bin/time -f "%e %U" -o t.txt "$DW" analyze --input log.jsonl --labels labels.jsonl --output out \
      --since-last-run --to "$to" > last.log 2>&1 || { echo "run $i (--to $to) failed:"; tail -3 last.log; exit 1; }
  echo "$i $to $(cat t.txt)" | tee -a runs.txt
done
python3 - "$DAYS" <<'EOF'
import statistics, sys
rows = [l.split() for l in open("runs.txt")]
n = min(10, len(rows))
first, last = rows[:n], rows[-n:]
med = lambda rs, k: statistics.median(float(r[k]) for r in rs)
print(f"runs 1-{n}: median {med(first, 2):.2f} s wall, {med(first, 3):.2f} s user")
print(f"runs {len(rows) - n + 1}-{len(rows)}: median {med(last, 2):.2f} s wall, {med(last, 3):.2f} s user")
EOF
for t in runs kpi_windows feature_profiles kpi_anomalies; do
  echo "$t: $(find out/$t -name '*.parquet' 2>/dev/null | wc -l) files"
done
