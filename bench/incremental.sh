#!/usr/bin/env bash
# Benchmark of a scheduled daily run (issue 11): the 14th `analyze --since-last-run` against a full
# re-analysis of the 14 days, on a log laid out by day (log/date=YYYY-MM-DD/) with labels filed by the
# day they arrive (labels/date=YYYY-MM-DD/, up to 3 days late), labels.horizon 4d.
# Usage: bench/incremental.sh [ROWS]   (default 1400000: 100,000 predictions a day)
# ROUNDS=N (default 1): N full runs and N daily runs alternating, then the best of each and their ratio
# (issue 26 asks for the best of 3 in one sitting), by wall time and by CPU seconds.
# Prints wall time, records and labels read, peak resident memory for: the full 14-day run; the 14th
# daily run, on an output holding the first 13 days (as after 13 daily runs: it re-analyzes days 9-12,
# whose labels may still arrive, and analyzes day 13).
# ARRIVED=1: the label files as they had arrived when each run ran, as on a real schedule (the default
# reads every label file, the days after the run's included): the first 13 days with the files dated up
# to 2026-11-13, the 14th daily run and the full run with those up to 2026-11-14, so the kept windows get
# the labels that arrived on day 14 (late labels that change kept windows' KPIs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/bench/data}/incremental"
OUT="${BENCH_OUT:-$ROOT/bench/out}/incremental"
ROWS="${1:-1400000}"
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
mkdir -p "$DATA" "$OUT"
DW="$ROOT/bin/driftwatch"
if [[ ! -f "$DATA/rows-$ROWS" ]]; then
  rm -rf "$DATA"/*
  "$DW" generate --rows "$ROWS" --days 14 --models 3 --features 20 --seed 3 --inline-label-ratio 0 \
      --late-label-ratio 0.8 --output "$DATA/all.jsonl" --labels-output "$DATA/all-labels.jsonl" > /dev/null
  # file each record under the day of its timestamp (predictions: event time; labels: arrival)
  for kind in log labels; do
    src="$DATA/all.jsonl"; [[ $kind == labels ]] && src="$DATA/all-labels.jsonl"
    awk -v dir="$DATA/$kind" 'match($0, /"timestamp":"[0-9-]+/) {
        d = substr($0, RSTART + 13, 10); f = dir "/date=" d "/part-0.jsonl";
        if (!(f in seen)) { system("mkdir -p " dir "/date=" d); seen[f] = 1 } print > f }' "$src"
  done
  rm "$DATA/all.jsonl" "$DATA/all-labels.jsonl"
  touch "$DATA/rows-$ROWS"
fi
LABELS13="$DATA/labels" LABELS14="$DATA/labels"
if [[ -n "${ARRIVED:-}" ]]; then # label folders as of a day: links to the date folders up to it
  for day in 13 14; do
    dir="$DATA/labels-by-2026-11-$day"; rm -rf "$dir"; mkdir -p "$dir"
    for d in "$DATA"/labels/date=*; do [[ "${d##*=}" > "2026-11-$day" ]] || ln -s "$d" "$dir/"; done
  done
  LABELS13="$DATA/labels-by-2026-11-13" LABELS14="$DATA/labels-by-2026-11-14"
fi
cat > "$OUT/config.yaml" <<YAML
window: 1d
models:
  fraud_detector: {task: binary_classification}
  demand_forecast: {task: regression}
  intent_classifier: {task: multiclass_classification}
labels: {horizon: 4d}
YAML
"$DW" --version > /dev/null   # records the class-data archive or AOT cache if missing: not measured
rm -rf "$OUT/reference"
"$DW" profile --config "$OUT/config.yaml" --input "$DATA/log" --labels "$DATA/labels" --from 2026-11-01 \
    --to 2026-11-02 --output "$OUT/reference" > /dev/null
run() { # name output args...: prints a row
  local name=$1 out=$2; shift 2
  /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.txt" "$DW" analyze --config "$OUT/config.yaml" --input "$DATA/log" \
      --labels "$LABELS14" --reference-profile "$OUT/reference" --output "$out" "$@" > "$OUT/last.log"
  read -r s kb user sys < "$OUT/time.txt"
  cpu=$(awk -v u="$user" -v y="$sys" 'BEGIN { printf "%.1f", u + y }')
  local counts
  counts=$(sed -n 's/.*: \([0-9]*\) predictions read.*; \([0-9]*\) labels read.*/\1 \2/p' "$OUT/last.log" | tail -1)
  printf '%-22s %8s %8s %12s %12s %9d\n' "$name" "$s" "$cpu" \
      ${counts} $((kb / 1024))
}
printf '%-22s %8s %8s %12s %12s %9s\n' run seconds cpu_s records_read labels_read peak_MB
rm -rf "$OUT/daily13"
"$DW" analyze --config "$OUT/config.yaml" --input "$DATA/log" --labels "$LABELS13" \
    --reference-profile "$OUT/reference" --output "$OUT/daily13" --from 2026-11-01 --to 2026-11-14 > /dev/null
best_full="" best_daily="" cpu_full="" cpu_daily=""
for ((round = 1; round <= ${ROUNDS:-1}; round++)); do
  rm -rf "$OUT/full"
  run "full 14 days" "$OUT/full" --from 2026-11-01 --to 2026-11-15
  best_full=$(printf '%s\n' $best_full "$s" | sort -g | head -1)
  cpu_full=$(printf '%s\n' $cpu_full "$cpu" | sort -g | head -1)
  rm -rf "$OUT/daily"; cp -r "$OUT/daily13" "$OUT/daily"   # the output after 13 daily runs
  run "14th daily run" "$OUT/daily" --since-last-run --to 2026-11-15
  best_daily=$(printf '%s\n' $best_daily "$s" | sort -g | head -1)
  cpu_daily=$(printf '%s\n' $cpu_daily "$cpu" | sort -g | head -1)
done
if (( ${ROUNDS:-1} > 1 )); then
  printf 'best of %d: full %s s, daily %s s: %s %%\n' "$ROUNDS" "$best_full" "$best_daily" \
      "$(awk -v d="$best_daily" -v f="$best_full" 'BEGIN { printf "%.1f", 100 * d / f }')"
  # CPU seconds (user + system) spread less than wall time on a shared machine: the same ratio by them
  printf 'least CPU of %d: full %s s, daily %s s: %s %%\n' "$ROUNDS" "$cpu_full" "$cpu_daily" \
      "$(awk -v d="$cpu_daily" -v f="$cpu_full" 'BEGIN { printf "%.1f", 100 * d / f }')"
fi
# the daily output must hold what the full run holds (issue 26: the horizon's windows from the kept predictions)
DUCKDB_JAR="${DUCKDB_JAR:-$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar 2>/dev/null | sort -V | tail -1)}"
if [[ -n "$DUCKDB_JAR" && -f "$ROOT/bench/CompareTables.java" ]]; then
  java -cp "$DUCKDB_JAR" "$ROOT/bench/CompareTables.java" "$OUT/full" "$OUT/daily" kpi_windows feature_profiles \
      feature_drift kpi_anomalies retraining_signals | sed 's/^/  full vs daily: /'
fi
