#!/usr/bin/env bash
# Measures the alert hot path (normalise + dedupe + route) with JMH, before and after in one run on
# one machine: the same benchmark class against the core (shared + alert-channels jars) built from the
# baseline commit and against this checkout's, in alternating rounds. Then runs the 1,000,000-event storm on the current
# core and writes the "alerting" section of BENCHMARKS.md with both sets of figures.
#
# Usage: bash bench/run-alert-benchmark.sh [BENCHMARKS.md]
#   ALERT_BENCH_BASELINE  the baseline commit (default: main before the hot-path work)
#   ALERT_BENCH_ROUNDS    alternating baseline/current rounds, each variant's best kept (default 2)
#   MVN_ARGS              extra Maven options, e.g. "-o -Dmaven.repo.local=/path/to/repo"
set -euo pipefail
cd "$(dirname "$0")/.."
BASELINE="${ALERT_BENCH_BASELINE:-c80ed704f174c8b2114c70cd8c5c8d02561b725e}"
TARGET="${1:-BENCHMARKS.md}"
read -r -a EXTRA <<< "${MVN_ARGS:-}"
MVN=(mvn -B -ntp -q "${EXTRA[@]}")

# the current core and the harness
"${MVN[@]}" -pl bench -am package -DskipTests
"${MVN[@]}" -pl bench dependency:build-classpath -Dmdep.excludeGroupIds=com.silenttalk.automation \
  -Dmdep.outputFile=target/alert-bench.classpath
DEPS="$(cat bench/target/alert-bench.classpath)"

# the baseline core, from git, built in bench/target (git-ignored)
BASE=bench/target/alert-baseline
rm -rf "$BASE" && mkdir -p "$BASE"
git archive "$BASELINE" | tar -x -C "$BASE"
(cd "$BASE" && "${MVN[@]}" -pl alert-channels -am package -DskipTests)

core_jars() {
  local root="$1" jars=() m
  for m in shared alert-channels; do
    jars+=("$(ls "$root/$m/target/$m"-*.jar | grep -v -- '-tests\.jar$' | head -n 1)")
  done
  (IFS=:; echo "${jars[*]}")
}
BENCH=com.silenttalk.automation.bench.AlertPipelineBenchmark
rm -f bench/target/alert-baseline.json bench/target/alert-current.json
for round in $(seq "${ALERT_BENCH_ROUNDS:-2}"); do
  java -cp "bench/target/classes:$(core_jars "$BASE"):$DEPS" "$BENCH" measure bench/target/alert-baseline.json
  java -cp "bench/target/classes:$(core_jars .):$DEPS" "$BENCH" measure bench/target/alert-current.json
done
java -cp "bench/target/classes:$(core_jars .):$DEPS" "$BENCH" write "$TARGET" \
  bench/target/alert-baseline.json bench/target/alert-current.json "$(git rev-parse --short=7 "$BASELINE")"
