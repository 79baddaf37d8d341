#!/usr/bin/env bash
# Builds the harness and measures the alert hot path (normalise + dedupe + route) with JMH.
# Usage: bench/run-alert-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl bench -am package -DskipTests
mvn -B -ntp -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/alert-bench.classpath
java -cp "bench/target/classes:$(cat bench/target/alert-bench.classpath)" \
  com.silenttalk.automation.bench.AlertPipelineBenchmark BENCHMARKS.md
