#!/usr/bin/env bash
# Builds opsctl and the harness, then measures opsctl drill against the tuned bare pipeline (bench/tuned-pipeline.sh)
# on a pgbench database (issue #13). Usage: bench/run-tuned-pipeline-benchmark.sh [scale=50] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl bench -am package -DskipTests
java -cp "bench/target/classes:local/target/opsctl.jar" com.silenttalk.automation.bench.TunedPipelineBenchmark "${1:-50}" "${2:-3}" BENCHMARKS.md
