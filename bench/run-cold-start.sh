#!/usr/bin/env bash
# Builds the Lambda artifacts, the Azure function app and the harness, then measures the cold starts of the
# AWS snapshot scheduler (before/after), the AWS rotation createSecret step and the Azure backup scheduler,
# each run a fresh JVM against one local WireMock, and writes the cold-start section of BENCHMARKS.md.
# Takes about 4 minutes on a quiet 2-core machine (the build about 2, the runs about 2).
# Usage: bench/run-cold-start.sh [runs=10]     (MVN="mvn -Dmaven.repo.local=..." to use another repository)
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn}
$MVN -B -ntp -q -pl functions-aws,functions-azure,bench -am package -DskipTests -DallowTelemetry=false
# what the Functions Java worker provides at run time (ExecutionContext and friends)
$MVN -B -ntp -q dependency:copy -Dartifact=com.microsoft.azure.functions:azure-functions-java-core-library:1.3.0 \
  -DoutputDirectory=bench/target/worker
$MVN -B -ntp -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/cold-start.classpath
java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/cold-start.classpath)" \
  com.silenttalk.automation.bench.ColdStartBenchmark \
  harness=bench/target/bench-0.1.0-SNAPSHOT.jar \
  aws-all=functions-aws/target/functions-aws-lambda.jar \
  aws-backup=functions-aws/target/lambda-backup.jar \
  aws-rotation=functions-aws/target/lambda-rotation.jar \
  azure-app="$(ls -d functions-azure/target/azure-functions/*/)" \
  azure-worker=bench/target/worker \
  work=bench/target/cold-start \
  runs="${1:-10}" out=BENCHMARKS.md
