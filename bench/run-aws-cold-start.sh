#!/usr/bin/env bash
# Packages the Lambda artifact and the harness, then measures the snapshot handler's cold start.
# Usage: bench/run-aws-cold-start.sh [runs=10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl functions-aws,bench -am package -DskipTests
java -cp "bench/target/classes:functions-aws/target/functions-aws-lambda.jar" \
  com.silenttalk.automation.bench.AwsColdStartBenchmark \
  functions-aws/target/functions-aws-lambda.jar bench/target/classes "${1:-10}" BENCHMARKS.md
