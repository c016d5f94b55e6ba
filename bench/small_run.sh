#!/usr/bin/env bash
# Benchmark of a small run (issue 26, "small runs start fast"): `analyze` of a 10-record log through
# bin/driftwatch (JVM, embedded mini-cluster, job, commit), as an hourly schedule pays it 24 times a day.
# Usage: bench/small_run.sh [RUNS]   (default 5; prints every run's wall time and peak RSS, then the best,
# without a config and with one, and the phases of the last run from the log's timestamps)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bench/out}/small"
RUNS="${1:-5}"
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
mkdir -p "$OUT"
DW="$ROOT/bin/driftwatch"
"$DW" generate --rows 10 --days 1 --models 1 --features 5 --seed 1 --output "$OUT/log.jsonl" > /dev/null
"$DW" --version > /dev/null   # records the class-data archive or AOT cache if missing: not measured
# without a config (the task inferred), then with one as a scheduled run has (YAML read and bound by
# Jackson: about 0.2 s more, bench/README.md "Fixed cost", session 20)
printf 'window: 1h\nmodels:\n  fraud_detector: {task: binary_classification}\n' > "$OUT/config.yaml"
for variant in "no config" "with a config"; do
  args=(); [[ $variant == "with a config" ]] && args=(--config "$OUT/config.yaml")
  best=
  for i in $(seq "$RUNS"); do
    rm -rf "$OUT/out" "$OUT/log"
    DRIFTWATCH_LOG_DIR="$OUT/log" /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$DW" analyze "${args[@]}" --input "$OUT/log.jsonl" \
        --output "$OUT/out" > /dev/null 2>&1
    read -r s kb < "$OUT/time.txt"
    printf '%s, run %d: %s s, peak RSS %d MB\n' "$variant" "$i" "$s" $((kb / 1024))
    if [[ -z "$best" ]] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$s; fi
  done
  echo "$variant: best of $RUNS: $best s"
done
# phases of the last run: first log line, mini-cluster up, job submitted, job finished, last line
LOG=$(ls "$OUT"/log/*.log 2>/dev/null | head -1 || true)
if [[ -n "$LOG" ]]; then
  grep -E "Starting Flink Mini Cluster|Flink Mini Cluster started|Submitting job|switched from state RUNNING to FINISHED|Shutting down Flink Mini Cluster" \
      "$LOG" | sed -E 's/^([0-9:,]+).* - /\1 /' | cut -c1-140
fi
