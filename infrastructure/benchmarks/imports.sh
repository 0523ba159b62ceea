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

source "$here/own-moto.sh"
echo "## Import of ${ROWS:-10000} rows through the bucket route"
"$JAVA" -cp "$root/infrastructure/benchmarks/target/classes:$root/infrastructure/benchmarks/target/lib/*" \
  io.leadcapture.bench.ImportBenchmark "$AWS_ENDPOINT_URL" "${ROWS:-10000}" 2>/dev/null
