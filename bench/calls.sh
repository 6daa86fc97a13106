#!/usr/bin/env bash
# The call-load benchmark: standalone simulator against the whole app on loopback. See docs/benchmarks.md.
# Usage: bench/calls.sh [seconds-per-rate] [rates, e.g. 25,50,100,200] [calls to hold bridged at once, e.g. 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests
mvn -q -B -pl switchboard test-compile
mvn -q -B -pl switchboard dependency:build-classpath -Dmdep.outputFile="$PWD/target/bench-classpath.txt"
java_bin=""
for release in /usr/lib/jvm/*/release; do
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  if [ -n "$major" ] && [ "$major" -ge 21 ]; then java_bin="$(dirname "$release")/bin/java"; break; fi
done
[ -n "$java_bin" ] || { echo "needs a JDK 21+ under /usr/lib/jvm" >&2; exit 1; }
"$java_bin" -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "switchboard/target/test-classes:switchboard/target/classes:$(cat target/bench-classpath.txt)" \
  dev.switchboard.bench.CallLoadBenchmark "${1:-10}" "${2:-25,50,100,200}" "${3:-0}"
