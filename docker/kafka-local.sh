#!/usr/bin/env bash
# A local Kafka broker without Docker, for trying the Kafka path (serving/EVENTS.md, monitor/MONITOR.md):
# the single-node KRaft broker the tests use, started from the jars Maven resolved, on 127.0.0.1:9092
# (or --port N) with the plumbline.* topics created. Stays up until Ctrl-C, which stops it and deletes its data.
#   docker/kafka-local.sh [--port 9092]
set -euo pipefail
cd "$(dirname "$0")/.."
# test-support (and the parent POM) must be installed once; quick when it already is.
./mvnw -B -q -ntp -pl test-support -am install -DskipTests
exec ./mvnw -B -q -ntp -pl test-support exec:java -Dexec.mainClass=io.plumbline.testing.LocalKafka \
    -Dexec.classpathScope=compile -Dexec.args="$*"
