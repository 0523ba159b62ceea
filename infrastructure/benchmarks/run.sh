#!/usr/bin/env bash
# Benchmarks behind docs/benchmarks.md. Run through `make bench` (which builds first).
#   1. deployable artifact sizes
#   2. DynamoDB requests per new lead, per repeat submission and per replay (counted on the wire)
#   3. cold path (cold.sh): fresh JVMs that build the form handler and write a first lead to moto,
#      against fresh JVMs that run an empty handler and a bare AWS-sample handler — RUNS of each,
#      interleaved, medians; then the restore-like runs (SnapStart priming coverage)
#   4. stream-function invocations per lead journey, with the template's event filters and without;
#      DynamoDB read/write units, invocations and SES sends per journey, per function
#   5. warm CPU with JMH: per form submission, and scoring per stream record
# Environment: RUNS (default 9), JMH_ARGS (extra JMH options), SKIP_JMH=1, COLD_ONLY=1 (part 3 only;
# cold.sh alone does the same with its own moto).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
cd "$root"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
RUNS="${RUNS:-9}"

port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$root/infrastructure/local/moto.sh" start "$port" >/dev/null
trap '"$root/infrastructure/local/moto.sh" stop "$port" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
work="$(mktemp -d)"

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=eu-central-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export TABLE_NAME=bench-leads IP_HASH_SALT=bench1:bench-salt-0123456789 POWERTOOLS_LOG_LEVEL=WARN AWS_EMF_ENVIRONMENT=Local
export POWERTOOLS_SERVICE_NAME=bench POWERTOOLS_METRICS_NAMESPACE=LeadCaptureBench
# The form function does not start without a bot-check secret (the sweepstake form requires one);
# the benchmarks post only forms without a bot check.
export CAPTCHA_SECRET=1x0000000000000000000000000000000AA

bench_cp="$root/infrastructure/benchmarks/target/classes:$root/infrastructure/benchmarks/target/lib/*"

echo "## Machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $("$JAVA" -version 2>&1 | head -1)"
echo

if [[ "${COLD_ONLY:-}" != 1 ]]; then
echo "## Artifact sizes"
for dir in functions/*/; do
  z="${dir}target/$(basename "$dir").zip"
  [[ -f "$z" ]] || continue
  printf '%s: %s bytes (%s MB), %s jars in lib/\n' "$z" "$(stat -c %s "$z")" \
    "$(awk -v b="$(stat -c %s "$z")" 'BEGIN{printf "%.1f", b/1000000}')" "$(unzip -l "$z" | grep -c 'lib/.*\.jar')"
done
echo

echo "## DynamoDB requests per submission"
"$JAVA" -cp "$bench_cp" io.leadcapture.bench.WriteCounter "$AWS_ENDPOINT_URL" 2>/dev/null | grep '^|'
echo

fi

"$here/cold.sh"
echo
[[ "${COLD_ONLY:-}" == 1 ]] && exit 0

echo "## Stream-function invocations per lead journey"
"$JAVA" -cp "$bench_cp" io.leadcapture.bench.JourneyInvocations "$AWS_ENDPOINT_URL" 2>/dev/null | grep '^|'
echo

echo "## DynamoDB units, invocations and SES sends per lead journey (docs/scaling.md)"
"$JAVA" -cp "$bench_cp" io.leadcapture.bench.JourneyCapacity "$AWS_ENDPOINT_URL" 5 2>/dev/null | grep -v '^\[streams\]\|^{'
echo

if [[ "${SKIP_JMH:-}" != 1 ]]; then
  echo "## Warm CPU (JMH)"
  "$JAVA" -cp "$bench_cp" org.openjdk.jmh.Main 'SubmissionParsingBenchmark|ScoringBenchmark' ${JMH_ARGS:-} 2>&1 | sed -n '/^Benchmark/,$p'
fi
