#!/usr/bin/env bash
# Do this checkout and an earlier revision write the same tables for the same inputs? (issue 21:
# refactors must not change a number.) Builds REV in a git worktree, runs a fixed set of runs with
# each build — the demo (profile + analyze against it), an analyze at 1 h with a reference period of
# the same logs, a daily rollup of it — and compares every table row by row with DuckDB
# (bench/CompareTables.java; run ids, ingestion times and file paths aside). The run logs are
# compared too (ids, times and sizes aside, and the progress lines a run prints only when it takes
# longer than a few seconds: "..., 0:10 elapsed, ..."). About 8 minutes on 2 cores.
# Usage: bench/same_outputs.sh REV    (e.g. bench/same_outputs.sh 458e7ac)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REV="${1:?usage: bench/same_outputs.sh REV}"
WORK="${BENCH_OUT:-$ROOT/bench/out}/same-outputs"
DUCKDB_JAR="$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar 2>/dev/null | head -1)"
rm -rf "$WORK"; mkdir -p "$WORK"
git -C "$ROOT" worktree add -f -q "$WORK/old-src" "$REV"
trap 'git -C "$ROOT" worktree remove --force "$WORK/old-src" 2>/dev/null || true' EXIT

runs() { # runs CHECKOUT OUT
  local dw="$1/bin/driftwatch" o="$2"; mkdir -p "$o"
  "$dw" demo --output "$o/demo" > "$o/demo.log" 2>&1
  local d="$o/demo/data"
  "$dw" analyze --input "$d/predictions.jsonl" --labels "$d/labels.jsonl" --reference-from 2026-11-01 \
      --reference-to 2026-11-03 --from 2026-11-02 --to 2026-11-11 --window 1h --output "$o/period" > "$o/period.log" 2>&1
  "$dw" rollup --output "$o/period" --window 1d > "$o/rollup.log" 2>&1
}
# the earlier build first (bin/driftwatch installs each build's jars; the current one last)
runs "$WORK/old-src" "$WORK/old"
runs "$ROOT" "$WORK/new"

tables=()
for t in kpi_windows feature_profiles feature_drift kpi_anomalies retraining_signals dead_letter; do tables+=("demo/out/$t"); done
tables+=(demo/reference/feature_profiles demo/reference/kpi_windows)
for t in kpi_windows feature_profiles feature_drift kpi_anomalies retraining_signals reference/feature_profiles \
    reference/kpi_windows rollup/1d/kpi_windows rollup/1d/feature_profiles rollup/1d/feature_drift \
    rollup/1d/kpi_anomalies rollup/1d/retraining_signals; do tables+=("period/$t"); done
status=0
java -cp "$DUCKDB_JAR" "$ROOT/bench/CompareTables.java" "$WORK/old" "$WORK/new" "${tables[@]}" || status=1
norm() { sed "s#$WORK/old#X#g; s#$WORK/new#X#g; s/[0-9]\{8\}T[0-9]\{6\}Z-[0-9a-f]*/RUN/g; s/[0-9.]* s)/S)/g; s/[0-9,]* KB/KB/g; s/in [0-9]* ms/in N ms/g" "$1" | grep -v -e building -e "recording the class-data archive" -e " elapsed, "; }
for f in demo period rollup; do
  if diff <(norm "$WORK/old/$f.log") <(norm "$WORK/new/$f.log") > "$WORK/$f.log.diff"; then echo "$f log: same"
  else echo "$f log: DIFFERENT (see $WORK/$f.log.diff)"; status=1; fi
done
exit $status
