#!/usr/bin/env bash
# Builds the server and the bench jar, then runs every benchmark and writes bench/RESULTS.md.
# Usage (from anywhere): bench/run.sh [options of plumbline-bench.jar, e.g. --seconds 6 --skip-jmh]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package -pl bench -am
export BENCH_COMMAND="bench/run.sh${*:+ $*}"
exec java -jar bench/target/plumbline-bench.jar "$@"
