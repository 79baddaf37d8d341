#!/usr/bin/env bash
# Builds the Lambda artifacts, the Azure function app and the harness, then measures the cold starts of the
# AWS snapshot scheduler (before/after), the AWS rotation createSecret step and the Azure backup scheduler,
# each run a fresh JVM against one local WireMock, and writes the cold-start section of BENCHMARKS.md.
# Took 16 minutes on the shared 2-core machine at load average 13 (builds about 7, runs about 9); expect
# well under half that on a quiet one.
# Usage: bench/run-cold-start.sh [runs=10]     (MVN="mvn -Dmaven.repo.local=..." to use another repository)
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn}
# the "before" rows: the all-functions Lambda jar of the tree before the cold-start work, built from git once
BASELINE=afc4581
if [ ! -f bench/target/baseline/functions-aws/target/functions-aws-lambda.jar ]; then
  rm -rf bench/target/baseline && mkdir -p bench/target/baseline
  git archive "$BASELINE" | tar -x -C bench/target/baseline
  (cd bench/target/baseline && $MVN -B -ntp -q -pl functions-aws -am package -DskipTests)
fi
$MVN -B -ntp -q -pl functions-aws,functions-azure,bench -am package -DskipTests -DallowTelemetry=false
# what the Functions Java worker provides at run time (ExecutionContext and friends)
$MVN -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy -Dartifact=com.microsoft.azure.functions:azure-functions-java-core-library:1.3.0 \
  -DoutputDirectory=bench/target/worker
$MVN -B -ntp -q -pl bench org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -Dmdep.outputFile=target/cold-start.classpath
java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/cold-start.classpath)" \
  com.silenttalk.automation.bench.ColdStartBenchmark \
  harness=bench/target/bench-0.1.0-SNAPSHOT.jar \
  aws-baseline=bench/target/baseline/functions-aws/target/functions-aws-lambda.jar baseline-commit="$BASELINE" \
  aws-backup=functions-aws/target/lambda-backup.jar \
  aws-rotation=functions-aws/target/lambda-rotation.jar \
  azure-app="$(ls -d functions-azure/target/azure-functions/*/)" \
  azure-worker=bench/target/worker \
  work=bench/target/cold-start \
  runs="${1:-10}" out=BENCHMARKS.md
