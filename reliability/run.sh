#!/usr/bin/env bash
# The long form of the fault-injection suite: builds what it needs (serving and monitor jars, the test
# broker), runs every scenario of reliability/ with -Dreliability.long=true, and writes
# reliability/RESULTS.md. Other modules' tests are not run (-Dtest selects this module's scenarios).
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B -ntp -pl reliability -am verify -Dreliability.long=true \
  -Dtest='io.plumbline.reliability.*Test' -Dsurefire.failIfNoSpecifiedTests=false -DskipITs "$@"
