#!/usr/bin/env bash
# What reading a serving platform's log costs against the same predictions in Driftwatch's own fields.
# Usage: bench/platforms.sh [INFERENCES]   (default 400000; a quarter are batches of three rows)
# Writes the inferences with platform_logs.py as KServe logger events (request and response apart:
# read, paired by id in keyed state, then parsed), as SageMaker Data Capture (CSV payloads), and as
# Driftwatch's own fields, then times `bin/driftwatch analyze` (KPIs and profiles of 5 features, no
# reference) on each, best of RUNS (default 2), with peak resident memory (GNU time).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/bench/out}/platforms"
N="${1:-400000}"
RUNS="${RUNS:-2}"
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"
python3 "$ROOT/bench/platform_logs.py" "$N" "$OUT/data"
MODELS='window: 1d
models: {m: {task: binary_classification}}'
printf '%s\n' "$MODELS" > "$OUT/own.yaml"
printf '%s\ninput: {format: kserve}\n' "$MODELS" > "$OUT/kserve.yaml"
printf '%s\ninput: {format: sagemaker, payload_columns: [f0, f1, f2, f3, f4]}\n' "$MODELS" > "$OUT/sagemaker.yaml"
cat "$OUT"/data/*.jsonl > /dev/null
run() { # NAME CONFIG INPUT: best of RUNS
  local secs="" kb=0 s k
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT/run"
    /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$ROOT/bin/driftwatch" analyze --config "$2" --input "$3" \
      --from 2026-11-01 --to 2026-11-08 --output "$OUT/run" > "$OUT/$1.log" 2>&1
    read -r s k < "$OUT/time.txt"
    if [[ -z "$secs" ]] || awk -v a="$s" -v b="$secs" 'BEGIN { exit !(a < b) }'; then secs=$s; fi
    (( k > kb )) && kb=$k
  done
  local preds; preds=$(sed -n 's/.*: \([0-9,]*\) predictions read.*/\1/p' "$OUT/$1.log" | tr -d ,)
  printf '| %s | %s | %s MB | %s | %.1f s | %d | %.1f GB |\n' "$1" "$N" "$(du -sm "$3" | cut -f1)" "$preds" "$secs" \
    "$(awk -v p="$preds" -v s="$secs" 'BEGIN { print int(p / s) }')" "$(awk -v k="$kb" 'BEGIN { print k / 1048576 }')"
}
echo "| format | inferences | input | predictions | analyze | predictions/s | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
run canonical "$OUT/own.yaml" "$OUT/data/own.jsonl"
run kserve "$OUT/kserve.yaml" "$OUT/data/kserve.jsonl"
run sagemaker "$OUT/sagemaker.yaml" "$OUT/data/datacapture"
