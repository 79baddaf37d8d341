#!/usr/bin/env bash
# Builds the harness and runs the scale simulation of issue #18 (BENCHMARKS.md, section "scale"): a simulated day of
# 500 databases plus one reduced window in real time (about a minute).
# Usage: bench/run-scale-benchmark.sh [seed=18]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl bench -am install -DskipTests
# the plugin version local/pom.xml pins (Maven's default, 2.8, is not in the build's repository)
mvn -B -ntp -q -pl bench org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -Dmdep.outputFile=target/scale-classpath.txt
java -cp "bench/target/classes:$(cat bench/target/scale-classpath.txt)" com.silenttalk.automation.bench.ScaleBenchmark \
  BENCHMARKS.md "${1:-18}"
