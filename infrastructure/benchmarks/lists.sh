#!/usr/bin/env bash
# Lead lists and the list export over LEADS leads in moto (docs/benchmarks.md#lead-lists-and-export):
# list-page and export latency through the handlers, and DynamoDB read units per page.
# Build first: mvn -B -ntp -q package -DskipTests -pl infrastructure/benchmarks -am
# Environment: LEADS (default 10000).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
cd "$root"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"

source "$here/own-moto.sh"
echo "## Lead lists and export, ${LEADS:-10000} leads"
"$JAVA" -cp "$root/infrastructure/benchmarks/target/classes:$root/infrastructure/benchmarks/target/lib/*" \
  io.leadcapture.bench.ListBenchmark "$AWS_ENDPOINT_URL" "${LEADS:-10000}" 2>/dev/null
