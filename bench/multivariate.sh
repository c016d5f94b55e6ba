#!/usr/bin/env bash
# Cost of multivariate drift (issue 24, docs/guide/drift.md "Multivariate drift"): the same analyze
# run (20 features: 18 numeric, 2 categorical; 3 models, 7 daily windows, day 1 as the reference
# period read in the same pass) with drift.multivariate on and off, alternating, best of RUNS (3).
# Prints seconds, records/s, peak resident memory, and the extra CPU time per record it costs.
# Usage: bench/multivariate.sh [ROWS]   (default 1000000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/bench/data}"
OUT="${BENCH_OUT:-$ROOT/bench/out}/multivariate"
N="${1:-1000000}"
RUNS="${RUNS:-3}"
CORES=$(nproc)
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
mkdir -p "$DATA" "$OUT"
f="$DATA/predictions-$N.jsonl"
[[ -f "$f" ]] || "$ROOT/bin/driftwatch" generate --rows "$N" --features 20 --days 7 --models 3 --seed 1 \
    --inline-label-ratio 0.7 --output "$f" >/dev/null
cat "$f" > /dev/null
"$ROOT/bin/driftwatch" --version > /dev/null   # records the class-data archive or AOT cache if missing
for m in true false; do
  cat > "$OUT/config-$m.yaml" <<YAML
window: 1d
drift: {multivariate: $m}
models:
  fraud_detector: {task: binary_classification}
  demand_forecast: {task: regression}
  intent_classifier: {task: multiclass_classification}
YAML
done
declare -A best_s best_kb best_cpu
for _ in $(seq "$RUNS"); do
  for m in true false; do
    rm -rf "$OUT/run"
    /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.txt" "$ROOT/bin/driftwatch" analyze --config "$OUT/config-$m.yaml" \
        --input "$f" --reference-from 2026-11-01 --reference-to 2026-11-02 --from 2026-11-02 --output "$OUT/run" \
        --parallelism "$CORES" > "$OUT/last-$m.log"
    read -r s kb u sys < "$OUT/time.txt"
    cpu=$(awk -v u="$u" -v s="$sys" 'BEGIN { print u + s }')
    if [[ -z "${best_s[$m]:-}" ]] || awk -v a="$s" -v b="${best_s[$m]}" 'BEGIN { exit !(a < b) }'; then
      best_s[$m]=$s; best_cpu[$m]=$cpu
    fi
    (( kb > ${best_kb[$m]:-0} )) && best_kb[$m]=$kb
  done
done
printf '%-12s %10s %12s %10s %9s\n' multivariate seconds records_per_s cpu_s peak_MB
for m in false true; do
  awk -v m="$m" -v n="$N" -v s="${best_s[$m]}" -v c="${best_cpu[$m]}" -v kb="${best_kb[$m]}" \
      'BEGIN { printf "%-12s %10.1f %12.0f %10.1f %9.0f\n", m, s, n / s, c, kb / 1024 }'
done
awk -v n="$N" -v on="${best_s[true]}" -v off="${best_s[false]}" -v con="${best_cpu[true]}" -v coff="${best_cpu[false]}" \
    'BEGIN { printf "wall +%.1f %%, CPU +%.2f us per record (+%.1f %%)\n", 100 * (on / off - 1), 1e6 * (con - coff) / n, 100 * (con / coff - 1) }'
