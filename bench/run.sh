#!/usr/bin/env bash
# Benchmark of `driftwatch analyze` against DuckDB computing the same KPIs on the same file.
# Usage: bench/run.sh [ROWS...]   (default: 1000000 5000000)
# Generates JSON Lines with 20 features (3 models, 7 days, inline labels), runs analyze end to end
# through bin/driftwatch (embedded mini-cluster, parallelism = cores), and prints records/s, peak
# resident memory (GNU time), and the time ratio to DuckDB (JDBC, all cores). The file is read once
# first (page cache warm for both), and each tool runs RUNS times (default 2): the best time counts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/bench/data}"
OUT="${BENCH_OUT:-$ROOT/bench/out}"
SIZES=("$@"); [[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000000 5000000)
RUNS="${RUNS:-2}"
DUCKDB_JAR="$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar 2>/dev/null | head -1)"
if [[ -z "$DUCKDB_JAR" ]]; then
  (cd "$ROOT" && mvn -B -q dependency:get -Dartifact=org.duckdb:duckdb_jdbc:1.4.4.0) >&2
  DUCKDB_JAR="$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar | head -1)"
fi
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
mkdir -p "$DATA" "$OUT"
CORES=$(nproc)
cat > "$OUT/config.yaml" <<YAML
window: 1d
models:
  fraud_detector: {task: binary_classification}
  demand_forecast: {task: regression}
  intent_classifier: {task: multiclass_classification}
YAML
printf '%-10s %12s %10s %12s %10s %10s %8s\n' rows file_MB analyze_s records_per_s peak_MB duckdb_s ratio
for n in "${SIZES[@]}"; do
  f="$DATA/predictions-$n.jsonl"
  [[ -f "$f" ]] || "$ROOT/bin/driftwatch" generate --rows "$n" --features 20 --days 7 --models 3 --seed 1 \
      --inline-label-ratio 0.7 --output "$f" >/dev/null
  cat "$f" > /dev/null
  # the launcher's first run after a build records its class-data archive: not part of the measure
  [[ -f "$ROOT/jobs/target/driftwatch.jsa" ]] || "$ROOT/bin/driftwatch" --version > /dev/null
  secs=""; kb=0; duck=""
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT/run-$n"
    /usr/bin/time -f '%e %M' -o "$OUT/time-$n.txt" "$ROOT/bin/driftwatch" analyze --config "$OUT/config.yaml" \
        --input "$f" --output "$OUT/run-$n" --parallelism "$CORES" > "$OUT/analyze-$n.log"
    read -r s k < "$OUT/time-$n.txt"
    if [[ -z "$secs" ]] || awk -v a="$s" -v b="$secs" 'BEGIN { exit !(a < b) }'; then secs=$s; fi
    (( k > kb )) && kb=$k
    d=$(java -cp "$DUCKDB_JAR" "$ROOT/bench/DuckDbKpis.java" "$f" | sed -n 's/duckdb_seconds=\([0-9.]*\).*/\1/p')
    if [[ -z "$duck" ]] || awk -v a="$d" -v b="$duck" 'BEGIN { exit !(a < b) }'; then duck=$d; fi
  done
  mb=$(( $(stat -c %s "$f") / 1048576 ))
  awk -v n="$n" -v mb="$mb" -v s="$secs" -v kb="$kb" -v d="$duck" \
      'BEGIN { printf "%-10d %12d %10.1f %12.0f %10.0f %10.1f %8.2f\n", n, mb, s, n / s, kb / 1024, d, s / d }'
done
