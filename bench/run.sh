#!/usr/bin/env bash
# Benchmark of `driftwatch analyze` against DuckDB computing the same results on the same file.
# Usage: bench/run.sh [ROWS...]   (default: 1000000 5000000)
# Generates JSON Lines with 20 features (3 models, 7 days, inline labels) and runs, end to end through
# bin/driftwatch (embedded mini-cluster, parallelism = cores):
#   kpis   analyze with drift.enabled: false (KPIs only)        vs DuckDB computing the KPIs
#   local  as kpis, on the same log with its timestamps rewritten as local Europe/Berlin times with a
#          space ("2026-11-01 00:00:00.028", input.timezone), to show what reading such times costs
#   drift  analyze with profiles and drift of every feature,    vs DuckDB computing the KPIs plus the
#          prediction and label against a stored reference        PSI of every feature against day 1
#          profile of day 1 (built once by `profile`, timed apart)
#   period analyze --reference-from/--reference-to day 1 of the   vs the same DuckDB KPIs + PSI; and
#          same log, --from day 2: the case users run first         against the drift row (prebuilt reference)
#          (the job profiles the reference while it reads the log once; its stored reference removed first)
# and prints records/s, peak resident memory (GNU time), and the time ratio to DuckDB (JDBC, all
# cores). The file is read once first (page cache warm for both), and each measurement runs RUNS times
# (default 2): the best time counts.
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
sed 's/^window: 1d$/window: 1d\ndrift: {enabled: false}/' "$OUT/config.yaml" > "$OUT/config-kpis.yaml"
sed 's/^window: 1d$/window: 1d\ninput: {timezone: Europe\/Berlin}/' "$OUT/config-kpis.yaml" > "$OUT/config-local.yaml"

best() { # best of RUNS: prints "seconds peak_kb"
  local secs="" kb=0 s k
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT/run"
    /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$@" > "$OUT/last.log"
    read -r s k < "$OUT/time.txt"
    if [[ -z "$secs" ]] || awk -v a="$s" -v b="$secs" 'BEGIN { exit !(a < b) }'; then secs=$s; fi
    (( k > kb )) && kb=$k
  done
  echo "$secs $kb"
}
duck() { # best of RUNS of DuckDbKpis.java FILE [psi]
  local best="" d
  for _ in $(seq "$RUNS"); do
    d=$(java -cp "$DUCKDB_JAR" "$ROOT/bench/DuckDbKpis.java" "$@" | sed -n 's/duckdb_seconds=\([0-9.]*\).*/\1/p')
    if [[ -z "$best" ]] || awk -v a="$d" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$d; fi
  done
  echo "$best"
}

printf '%-10s %-6s %8s %10s %12s %9s %10s %7s\n' rows mode file_MB seconds records_per_s peak_MB duckdb_s ratio
for n in "${SIZES[@]}"; do
  f="$DATA/predictions-$n.jsonl"
  [[ -f "$f" ]] || "$ROOT/bin/driftwatch" generate --rows "$n" --features 20 --days 7 --models 3 --seed 1 \
      --inline-label-ratio 0.7 --output "$f" >/dev/null
  local_f="$DATA/predictions-$n-local.jsonl"
  [[ -f "$local_f" ]] || sed -E 's/"timestamp":"([0-9-]+)T([0-9:.]+)Z"/"timestamp":"\1 \2"/' "$f" > "$local_f"
  cat "$f" "$local_f" > /dev/null
  # the launcher's first run after a build records its class-data archive: not part of the measure
  "$ROOT/bin/driftwatch" --version > /dev/null   # records the class-data archive or AOT cache if missing
  mb=$(( $(stat -c %s "$f") / 1048576 ))
  rm -rf "$OUT/reference-$n"
  /usr/bin/time -f '%e' -o "$OUT/time-profile.txt" "$ROOT/bin/driftwatch" profile --config "$OUT/config.yaml" \
      --input "$f" --from 2026-11-01 --to 2026-11-02 --output "$OUT/reference-$n" --parallelism "$CORES" > /dev/null
  read -r kpi_s kpi_kb <<< "$(best "$ROOT/bin/driftwatch" analyze --config "$OUT/config-kpis.yaml" --input "$f" \
      --output "$OUT/run" --parallelism "$CORES")"
  read -r local_s local_kb <<< "$(best "$ROOT/bin/driftwatch" analyze --config "$OUT/config-local.yaml" \
      --input "$local_f" --output "$OUT/run" --parallelism "$CORES")"
  read -r period_s period_kb <<< "$(best "$ROOT/bin/driftwatch" analyze --config "$OUT/config.yaml" --input "$f" \
      --reference-from 2026-11-01 --reference-to 2026-11-02 --from 2026-11-02 --output "$OUT/run" --parallelism "$CORES")"
  read -r drift_s drift_kb <<< "$(best "$ROOT/bin/driftwatch" analyze --config "$OUT/config.yaml" --input "$f" \
      --reference-profile "$OUT/reference-$n" --output "$OUT/run" --parallelism "$CORES")"
  duck_kpi=$(duck "$f"); duck_psi=$(duck "$f" psi)
  for row in "kpis $kpi_s $kpi_kb $duck_kpi" "local $local_s $local_kb $duck_kpi" "drift $drift_s $drift_kb $duck_psi" "period $period_s $period_kb $duck_psi"; do
    read -r mode s kb d <<< "$row"
    awk -v n="$n" -v m="$mode" -v mb="$mb" -v s="$s" -v kb="$kb" -v d="$d" \
        'BEGIN { printf "%-10d %-6s %8d %10.1f %12.0f %9.0f %10.1f %7.2f\n", n, m, mb, s, n / s, kb / 1024, d, s / d }'
  done
  echo "  ($n rows: building the reference profile of day 1 took $(cat "$OUT/time-profile.txt") s, once;"\
       "period / drift = $(awk -v a="$period_s" -v b="$drift_s" 'BEGIN { printf "%.2f", a / b }'))"
done
