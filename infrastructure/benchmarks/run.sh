#!/usr/bin/env bash
# Benchmarks behind docs/benchmarks.md. Run through `make bench` (which builds first).
#   1. deployable artifact sizes
#   2. DynamoDB requests per new lead, per repeat submission and per replay (counted on the wire)
#   3. cold path: fresh JVMs that build the form handler and write a first lead to moto, against
#      fresh JVMs that run an empty handler — RUNS of each, interleaved, medians
#   4. stream-function invocations per lead journey, with the template's event filters and without;
#      DynamoDB read/write units, invocations and SES sends per journey, per function
#   5. warm CPU with JMH: per form submission, and scoring per stream record
# Environment: RUNS (default 9), JMH_ARGS (extra JMH options), SKIP_JMH=1.
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

echo "## Cold path ($RUNS fresh JVMs each, interleaved)"
"$JAVA" -cp "$bench_cp" io.leadcapture.bench.CreateTable "$AWS_ENDPOINT_URL" "$TABLE_NAME"
# The function's own deployment zip, unpacked as Lambda unpacks it, plus the invoker.
mkdir -p "$work/fn" && (cd "$work/fn" && unzip -q "$root/functions/form-capture/target/form-capture.zip")
invoker="$root/infrastructure/benchmarks/target/classes:$root/infrastructure/local-aws/target/local-aws-1.0.0-SNAPSHOT.jar"
cold_cp="$work/fn:$work/fn/lib/*:$invoker"
# java21 on Lambda stops tiered compilation at level 1 by default.
jvm=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1)
event="$root/events/form-demo-json.json"
for i in $(seq 1 "$RUNS"); do
  for kind in empty form; do
    cls=io.leadcapture.bench.EmptyHandler
    [[ $kind == form ]] && cls=io.leadcapture.forms.FormCaptureHandler
    t0=$(date +%s%N)
    "$JAVA" "${jvm[@]}" -cp "$cold_cp" io.leadcapture.bench.ColdInvoke "$cls" "$event" >/dev/null
    t1=$(date +%s%N)
    echo "$kind $(( (t1 - t0) / 1000000 ))" >> "$work/cold.txt"
  done
done
/usr/bin/python3 - "$work/cold.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    kind, ms = line.split()
    runs.setdefault(kind, []).append(int(ms))
e, f = statistics.median(runs["empty"]), statistics.median(runs["form"])
print(f"empty handler: median {e:.0f} ms  (runs: {runs['empty']})")
print(f"form handler + first lead written: median {f:.0f} ms  (runs: {runs['form']})")
print(f"ratio: {f / e:.2f}x")
PY
echo

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
