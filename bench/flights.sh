#!/usr/bin/env bash
# Benchmark of `driftwatch analyze` on the flights shape (issue 26): a half-year delay-model log
# (bench/flights_log.py: 3.0M JSON lines, 20 fields of which 9 are read, 350-airport categoricals),
# January as the reference period inside the log, February-June daily windows, KPIs and drift of five
# features; against DuckDB (bench/DuckDbFlights.java: daily KPIs with AUC and the PSI of three features
# against January from the same file).
# Usage: bench/flights.sh            best of RUNS (default 3) of each, peak RSS, ratio to DuckDB
#        BASE=DIR bench/flights.sh   also DIR's bin/driftwatch (another checkout, built), alternating
#                                    with this one run by run (A/B in one sitting)
#        PROFILE=1 bench/flights.sh  one profiled run (async-profiler 4.0 from Maven Central, CPU
#                                    samples every 5 ms): bench/out/flights-flame.html and a
#                                    per-thread summary of its collapsed stacks
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/bench/data}"
OUT="${BENCH_OUT:-$ROOT/bench/out}/flights"
RUNS="${RUNS:-3}"
ROWS="${ROWS:-3000000}"
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
DUCKDB_JAR="$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar 2>/dev/null | head -1)"
if [[ -z "$DUCKDB_JAR" ]]; then
  (cd "$ROOT" && mvn -B -q dependency:get -Dartifact=org.duckdb:duckdb_jdbc:1.4.4.0) >&2
  DUCKDB_JAR="$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar | head -1)"
fi
mkdir -p "$DATA" "$OUT"
LOG="$DATA/flights-$ROWS.jsonl"
[[ -f "$LOG" ]] || python3 "$ROOT/bench/flights_log.py" "$LOG" --rows "$ROWS"
cat > "$OUT/config.yaml" <<YAML
window: 1d
features: {include: [OP_CARRIER, ORIGIN, DEST, DISTANCE, CRS_DEP_TIME]}
models:
  delay_model: {task: binary_classification}
YAML
cat "$LOG" > /dev/null
analyze() { # analyze with bin/driftwatch of checkout $1; extra java options in $2
  rm -rf "$OUT/run"
  DRIFTWATCH_JAVA_OPTS="${2:-}" /usr/bin/time -f '%e %M' -o "$OUT/time.txt" \
      "$1/bin/driftwatch" analyze --config "$OUT/config.yaml" --input "$LOG" --reference-from 2026-01-01 \
      --reference-to 2026-02-01 --from 2026-02-01 --to 2026-07-01 --output "$OUT/run" --parallelism "$(nproc)" \
      > "$OUT/last.log" 2>&1 || { cat "$OUT/last.log" >&2; exit 1; }
  cat "$OUT/time.txt"
}
for d in "$ROOT" ${BASE:+"$BASE"}; do # the class-data archive is recorded once per build: not measured
  "$d/bin/driftwatch" --version > /dev/null
done

if [[ -n "${PROFILE:-}" ]]; then
  jar="$HOME/.m2/repository/tools/profiler/async-profiler/4.0/async-profiler-4.0.jar"
  [[ -f "$jar" ]] || (cd "$ROOT" && mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:4.0) >&2
  (cd "$OUT" && unzip -o -q "$jar" linux-x64/libasyncProfiler.so)
  agent="$OUT/linux-x64/libasyncProfiler.so=start,event=cpu,interval=5ms"
  # the agent through JAVA_TOOL_OPTIONS, so the run keeps the launcher's own JVM options (its JIT
  # flags: without them the compiler threads were a third of the samples)
  JAVA_TOOL_OPTIONS="-agentpath:$agent,file=$OUT/flights-flame.html" analyze "$ROOT" > /dev/null
  JAVA_TOOL_OPTIONS="-agentpath:$agent,threads,collapsed,file=$OUT/flights.collapsed" analyze "$ROOT" > /dev/null
  python3 - "$OUT/flights.collapsed" <<'PY'
import re, sys
from collections import Counter
threads, total = Counter(), 0
for line in open(sys.argv[1]):
    stack, n = line.rsplit(' ', 1)
    name = re.sub(r'\s*\(\d+/\d+\).*|\s*tid=\d+\]|#\d+', '', stack.split(';')[0]).strip('[ ')
    threads[re.sub(r'\d+', '#', name)[:100]] += int(n); total += int(n)
print(f"{total} samples (5 ms of CPU each) by thread:")
for t, n in threads.most_common(12): print(f"  {n / total:6.1%}  {t}")
PY
  echo "flame graph: $OUT/flights-flame.html"
  exit 0
fi

best_of() { # "seconds peak_kb" lines on stdin -> "best_seconds max_peak_kb"
  awk 'NR == 1 || $1 < s { s = $1 } $2 > k { k = $2 } END { print s, k }'
}
: > "$OUT/this.txt"; : > "$OUT/base.txt"; : > "$OUT/duck.txt"
for _ in $(seq "$RUNS"); do
  analyze "$ROOT" >> "$OUT/this.txt"
  [[ -z "${BASE:-}" ]] || analyze "$BASE" >> "$OUT/base.txt"
  java -cp "$DUCKDB_JAR" "$ROOT/bench/DuckDbFlights.java" "$LOG" | sed -n 's/duckdb_seconds=\([0-9.]*\).*/\1/p' >> "$OUT/duck.txt"
done
duck=$(sort -n "$OUT/duck.txt" | head -1)
mb=$(( $(stat -L -c %s "$LOG") / 1048576 ))
printf '%-10s %8s %-12s %9s %9s %9s %7s\n' rows file_MB build seconds peak_MB duckdb_s ratio
for b in this base; do
  [[ -s "$OUT/$b.txt" ]] || continue
  read -r s kb <<< "$(best_of < "$OUT/$b.txt")"
  awk -v n="$ROWS" -v mb="$mb" -v b="$b" -v s="$s" -v kb="$kb" -v d="$duck" \
      'BEGIN { printf "%-10d %8d %-12s %9.1f %9.0f %9.1f %7.2f\n", n, mb, b, s, kb / 1024, d, s / d }'
done
echo "(best of $RUNS; every run: this $(cut -d' ' -f1 "$OUT/this.txt" | tr '\n' ' ')${BASE:+; base $(cut -d' ' -f1 "$OUT/base.txt" | tr '\n' ' ')}; duckdb $(tr '\n' ' ' < "$OUT/duck.txt"))"
