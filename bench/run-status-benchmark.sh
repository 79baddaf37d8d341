#!/usr/bin/env bash
# Builds opsctl and the harness, then measures opsctl status on a large history (BENCHMARKS.md, section "status").
# Usage: bench/run-status-benchmark.sh [drills=10000] [databases=100]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl bench -am package -DskipTests
java -cp "bench/target/classes:local/target/opsctl.jar" com.silenttalk.automation.bench.StatusBenchmark "${1:-10000}" "${2:-100}" \
  BENCHMARKS.md local/target/opsctl.jar
