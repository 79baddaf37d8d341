#!/usr/bin/env bash
# Packages the Azure function app and the harness, then measures the backup scheduler's cold start.
# Usage: bench/run-azure-cold-start.sh [runs=10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl functions-azure,bench -am package -DskipTests
# what the Functions Java worker provides at run time (ExecutionContext and friends)
mvn -B -ntp -q dependency:copy -Dartifact=com.microsoft.azure.functions:azure-functions-java-core-library:1.3.0 \
  -DoutputDirectory=bench/target/worker
java -cp bench/target/classes \
  com.silenttalk.automation.bench.AzureColdStartBenchmark \
  "$(ls -d functions-azure/target/azure-functions/*/)" bench/target/classes "${1:-10}" BENCHMARKS.md
