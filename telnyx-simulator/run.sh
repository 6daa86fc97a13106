#!/usr/bin/env bash
# Runs the Telnyx simulator on its own, in real time over HTTP (see the README, "The Telnyx simulator on its own").
# Usage: telnyx-simulator/run.sh [--port=8081] [--webhook-url=URL] [--failover-url=URL] [--signing-seed=BASE64]
#                                [--connection-id=ID] [--retry-delay=SECONDS] [--api-key=KEY] [--answer-after=SECONDS|never]      (or --help)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl telnyx-simulator -am package -DskipTests dependency:build-classpath \
  -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt
java_bin=""
for release in /usr/lib/jvm/*/release; do
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  if [ -n "$major" ] && [ "$major" -ge 21 ]; then java_bin="$(dirname "$release")/bin/java"; break; fi
done
if [ -z "$java_bin" ] && command -v java >/dev/null; then java_bin=java; fi
exec "$java_bin" -cp "telnyx-simulator/target/classes:$(cat telnyx-simulator/target/classpath.txt)" \
  dev.switchboard.simulator.SimulatorServer "$@"
