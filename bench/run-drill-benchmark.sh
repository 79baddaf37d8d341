#!/usr/bin/env bash
# Builds opsctl and the harness, then measures the drill against the bare serial pipeline.
# Usage: bench/run-drill-benchmark.sh [rows=1000000] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl bench -am package -DskipTests
java -cp "bench/target/classes:local/target/opsctl.jar" com.silenttalk.automation.bench.DrillBenchmark "${1:-1000000}" "${2:-3}" BENCHMARKS.md
