#!/usr/bin/env bash
# What a run costs once its code is loaded and compiled (issue 26, part 2): the flights command of
# bench/flights.sh run N times in one JVM with bin/driftwatch's JVM options and class path
# (bench/WarmRuns.java). The first run is a cold `bin/driftwatch` run less the JVM's own start; the
# later ones are what a kept-running JVM (a session cluster's TaskManager under `flink run`) pays per
# job, less the client's start. Needs bench/flights.sh's log (run it once first).
# Usage: bench/warm_runs.sh [N]   (default 4)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-4}"
DATA="${BENCH_DATA:-$ROOT/bench/data}"
OUT="${BENCH_OUT:-$ROOT/bench/out}/flights"
LOG="$DATA/flights-${ROWS:-3000000}.jsonl"
[[ -f "$LOG" && -f "$OUT/config.yaml" ]] || { echo "bench: run bench/flights.sh first (it writes $LOG)" >&2; exit 1; }
"$ROOT/bin/driftwatch" --version > /dev/null # builds the jar and its class path if needed
VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)"
CP="$ROOT/jobs/target/driftwatch-jobs-$VERSION.jar:$(cat "$ROOT/jobs/target/local-classpath.txt"):$ROOT/jobs/target/local-lib/*"
OPTS="$(bash -c "$(grep -E '^(JIT_OPTS|DEFAULT_JAVA_OPTS)=' "$ROOT/bin/driftwatch")"'; echo "$DEFAULT_JAVA_OPTS"')"
cat "$LOG" > /dev/null
/usr/bin/time -f 'warm-runs: JVM %e s, peak RSS %M KB' java $OPTS -Ddriftwatch.home="$ROOT" \
    -Ddriftwatch.log.dir="$OUT/warm-log" -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -cp "$CP" \
    "$ROOT/bench/WarmRuns.java" "$N" "$OUT/warm" analyze --config "$OUT/config.yaml" --input "$LOG" \
    --reference-from 2026-01-01 --reference-to 2026-02-01 --from 2026-02-01 --to 2026-07-01 --parallelism "$(nproc)" \
    2>&1 | grep -E '^warm-runs|^analyze [0-9]'
