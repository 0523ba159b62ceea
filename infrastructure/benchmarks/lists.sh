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

port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$root/infrastructure/local/moto.sh" start "$port" >/dev/null
trap '"$root/infrastructure/local/moto.sh" stop "$port" >/dev/null 2>&1 || true' EXIT

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=eu-central-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export POWERTOOLS_LOG_LEVEL=WARN AWS_EMF_ENVIRONMENT=Local POWERTOOLS_SERVICE_NAME=bench POWERTOOLS_METRICS_NAMESPACE=LeadCaptureBench

echo "## Machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $("$JAVA" -version 2>&1 | head -1)"
echo
echo "## Lead lists and export, ${LEADS:-10000} leads"
"$JAVA" -cp "$root/infrastructure/benchmarks/target/classes:$root/infrastructure/benchmarks/target/lib/*" \
  io.leadcapture.bench.ListBenchmark "$AWS_ENDPOINT_URL" "${LEADS:-10000}" 2>/dev/null
