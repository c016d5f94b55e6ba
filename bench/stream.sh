#!/usr/bin/env bash
# Streaming benchmark (issue 12): sustained events/s of a continuous `stream` from a pre-filled Kafka
# topic (4 partitions, a broker in the benchmark's JVM) with checkpoints every 10 s, drift against a
# reference on, and the end-to-end latency from an event to its alert. See bench/StreamBench.java.
# Usage: bench/stream.sh [ROWS]   (default 2000000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${1:-2000000}"
WORK="${BENCH_OUT:-$ROOT/bench/out}/stream-$ROWS"
CP="$ROOT/jobs/target/bench-classpath.txt"
if [[ ! -f "$CP" ]]; then
  (cd "$ROOT/jobs" && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP")
fi
exec java -Xmx4g -Ddriftwatch.home="$ROOT" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$ROOT/jobs/target/classes:$(cat "$CP")" "$ROOT/bench/StreamBench.java" "$ROWS" "$WORK"
