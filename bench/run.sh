#!/usr/bin/env bash
# Builds the server and the bench jar, then runs every benchmark and writes bench/RESULTS.md.
# Usage (from anywhere): bench/run.sh [options of plumbline-bench.jar, e.g. --seconds 6 --skip-jmh]
set -euo pipefail
cd "$(dirname "$0")/.."

# The load generators, from Debian's packages, installed when missing (as .ci/run installs what the tests
# need): wrk drives every REST point, h2load (nghttp2-client) the h2load gRPC points. A fresh machine has
# neither; without h2load its points, and the goal measured with it, would be missing from RESULTS.md
# (bench/README.md says how to install them by hand).
.ci/install-missing wrk:wrk nghttp2-client:h2load

./mvnw -q -B -DskipTests package -pl bench -am
export BENCH_COMMAND="bench/run.sh${*:+ $*}"
exec java -jar bench/target/plumbline-bench.jar "$@"
