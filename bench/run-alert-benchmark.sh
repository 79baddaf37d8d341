#!/usr/bin/env bash
# Builds opsctl and the harness, then measures the alert hot path (normalise + dedupe + route) with JMH.
# Usage: bench/run-alert-benchmark.sh [BENCHMARKS.md]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl bench -am package -DskipTests
mvn -B -ntp -q -pl bench dependency:build-classpath -Dmdep.excludeGroupIds=com.silenttalk.automation \
  -Dmdep.outputFile=target/alert-bench.classpath
java -cp "bench/target/classes:local/target/opsctl.jar:$(cat bench/target/alert-bench.classpath)" \
  com.silenttalk.automation.bench.AlertPipelineBenchmark "${1:-BENCHMARKS.md}"
