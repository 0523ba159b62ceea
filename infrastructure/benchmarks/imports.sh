#!/usr/bin/env bash
# A 10,000-row list through the import bucket route in moto (docs/benchmarks.md#import-of-10000-rows):
# S3ImportHandler invoked with the S3 event and a 15-minute context until the import completes.
# Build first: mvn -B -ntp -q package -DskipTests -pl infrastructure/benchmarks -am
# Environment: ROWS (default 10000).
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
echo "## Import of ${ROWS:-10000} rows through the bucket route"
"$JAVA" -cp "$root/infrastructure/benchmarks/target/classes:$root/infrastructure/benchmarks/target/lib/*" \
  io.leadcapture.bench.ImportBenchmark "$AWS_ENDPOINT_URL" "${ROWS:-10000}" 2>/dev/null
