#!/usr/bin/env bash
# Streaming benchmark (issue 12): sustained events/s of a continuous `stream` from a pre-filled Kafka
# topic (4 partitions, a broker in the benchmark's JVM) with checkpoints every 10 s, drift against a
# reference on, and the end-to-end latency from an event to its alert. See bench/StreamBench.java.
# Usage: bench/stream.sh [ROWS]   (default 2000000; BENCH_JAVA_OPTS adds JVM flags after the launcher's, e.g. a JFR recording;
# BENCH_MULTIVARIATE=false leaves multivariate drift out: drift.multivariate: false)
# (JAVA_HOME selects the JVM, as for bin/driftwatch)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${1:-2000000}"
WORK="${BENCH_OUT:-$ROOT/bench/out}/stream-$ROWS"
CP="$ROOT/jobs/target/bench-classpath.txt"
if [[ ! -f "$CP" ]]; then
  (cd "$ROOT/jobs" && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP")
fi
# the embedded cluster of bin/driftwatch (conf/flink), with heartbeats every 500 ms: a running job's
# accumulators (records_read, polled for the rate) reach the client with the heartbeats (default 10 s)
mkdir -p "$WORK/home/conf/flink"
{ cat "$ROOT/conf/flink/config.yaml"; printf 'heartbeat:\n  interval: 500\n'; } > "$WORK/home/conf/flink/config.yaml"
# the JVM options bin/driftwatch starts a `stream` with (its collector and JIT flags: this JVM runs the
# job's embedded cluster as bin/driftwatch's does), with a larger heap for the broker and the producer
LAUNCHER_JAVA_OPTS="$(bash -c "$(grep -E '^(JIT_OPTS|DEFAULT_JAVA_OPTS)=' "$ROOT/bin/driftwatch")"'; echo "$DEFAULT_JAVA_OPTS"')"
[[ -n "$LAUNCHER_JAVA_OPTS" ]] || { echo "bench: no DEFAULT_JAVA_OPTS in bin/driftwatch" >&2; exit 1; }
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" $LAUNCHER_JAVA_OPTS -Xmx4g ${BENCH_JAVA_OPTS:-} -Dbench.root="$ROOT" -Ddriftwatch.home="$WORK/home" -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$ROOT/jobs/target/classes:$(cat "$CP")" "$ROOT/bench/StreamBench.java" "$ROWS" "$WORK"
