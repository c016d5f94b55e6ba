#!/usr/bin/env bash
# Benchmark of the alarm budget (issue 20): false alarms on seeded logs where nothing changes, and
# detection delay of planted changes, in 15-minute, hourly and daily windows (docs/guide/decisions.md, "Alarm budget").
# Usage: bench/alarms.sh [quiet|changed|all]   (default all; about 25 minutes on 2 cores)
# Logs: 3 models (binary, multiclass, regression), daily traffic cycle, 200-category merchant
# feature, 60 % labeled; the reference is 2026-11-01..03 (the 30-day log: ..08).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_OUT:-$ROOT/bench/out}/alarms"
WHAT="${1:-all}"
DW="$ROOT/bin/driftwatch"
DUCKDB_JAR="$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar 2>/dev/null | head -1)"
if [[ -z "$DUCKDB_JAR" ]]; then
  (cd "$ROOT" && mvn -B -q dependency:get -Dartifact=org.duckdb:duckdb_jdbc:1.4.4.0) >&2
  DUCKDB_JAR="$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar | head -1)"
fi
count() { java -cp "$DUCKDB_JAR" "$ROOT/bench/AlarmCounts.java" "$@"; }
SHAPE="--daily-cycle --merchants 200 --inline-label-ratio 0.3 --late-label-ratio 0.3"

# run NAME WINDOW DAYS REF_TO CHANGES
run() {
  local dir="$WORK/$1" rows=$((525000 * $3 / 12)) change=()
  [[ "$5" != none ]] && change=(--change "$5" --change-day 10)
  rm -rf "$dir"; mkdir -p "$dir"
  if [[ ! -f "$WORK/log-$3-$5.jsonl" ]]; then
    "$DW" generate --output "$WORK/log-$3-$5.jsonl" --labels-output "$WORK/labels-$3-$5.jsonl" --rows "$rows" \
        --days "$3" --models 3 --seed 7 --features 8 $SHAPE --start 2026-11-01 "${change[@]}" > /dev/null
  fi
  printf 'window: %s\n' "$2" > "$dir/config.yaml"
  "$DW" analyze --config "$dir/config.yaml" --input "$WORK/log-$3-$5.jsonl" --labels "$WORK/labels-$3-$5.jsonl" \
      --output "$dir/out" --window "$2" --reference-from 2026-11-01 --reference-to "$4" > "$dir/analyze.log"
}

mkdir -p "$WORK"
if [[ "$WHAT" == quiet || "$WHAT" == all ]]; then
  for w in 1h 1d; do
    run "quiet30-$w" "$w" 30 2026-11-08 none
    echo "== 30 days, nothing changes, window $w: judged | INVESTIGATE | RETRAIN, then each flag"
    count flagged "$WORK/quiet30-$w/out" 2026-11-08 2026-12-01
  done
  for w in 15m 1h 1d; do
    run "quiet12-$w" "$w" 12 2026-11-03 none
    echo "== 12 days, nothing changes, window $w"
    count flagged "$WORK/quiet12-$w/out" 2026-11-03 2026-11-13
  done
fi
if [[ "$WHAT" == changed || "$WHAT" == all ]]; then
  CHANGES=shift,new_category,quality,latency,errors,traffic,small_shift
  for w in 15m 1h 1d; do
    run "changed-$w" "$w" 12 2026-11-03 "$CHANGES"
    echo "== 12 days, changes from 2026-11-11, window $w: flags before the change"
    count flagged "$WORK/changed-$w/out" 2026-11-03 2026-11-11
    echo "== hours from the change to the first window showing it: evidence | model | hours"
    count delay "$WORK/changed-$w/out" 2026-11-11
  done
fi
