#!/usr/bin/env bash
# Builds opsctl and the harness, then times the schema fingerprint on the corpus's 1600-column table.
# Usage: bench/run-fingerprint-benchmark.sh [rounds=5]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl bench -am package -DskipTests
java -cp "bench/target/classes:local/target/opsctl.jar" com.silenttalk.automation.bench.SchemaFingerprintBenchmark "${1:-5}" \
    postgres/src/test/resources/corpus/wide.sql BENCHMARKS.md
