#!/usr/bin/env bash
# Prints the cost of one Telnyx webhook signature check (JDK Ed25519 vs BouncyCastle). See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl switchboard -am test-compile -DskipTests
mvn -q -B -pl switchboard dependency:build-classpath -Dmdep.outputFile="$PWD/target/bench-classpath.txt"
java_bin=""
for release in /usr/lib/jvm/*/release; do
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  if [ -n "$major" ] && [ "$major" -ge 21 ]; then java_bin="$(dirname "$release")/bin/java"; break; fi
done
[ -n "$java_bin" ] || { echo "needs a JDK 21+ under /usr/lib/jvm" >&2; exit 1; }
"$java_bin" -cp "switchboard/target/test-classes:switchboard/target/classes:$(cat target/bench-classpath.txt)" \
  dev.switchboard.carrier.SignatureBenchmark "${1:-20000}"
