#!/usr/bin/env bash
# Cold path benchmark (docs/benchmarks.md, "Cold path"): fresh JVMs, each running ColdInvoke on the
# function's own deployment zip unpacked — the empty handler, the bare AWS-sample handler (Jackson +
# one PutItem) and the form handler writing a first lead — RUNS rounds, interleaved in rotating
# order, medians.
# Then the restore-like runs: the form handler's first request in a fresh JVM without and with the
# SnapStart priming done first, and the classes that request still loads; beside it the bare sample's
# first request after its constructor, which is what a SnapStart snapshot of it would serve.
# Run after a build (`make bench` builds, or `mvn -q package -DskipTests -pl infrastructure/benchmarks -am`);
# run.sh calls it with its moto; alone it starts its own. Environment: RUNS (default 9).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
cd "$root"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
RUNS="${RUNS:-9}"
work="$(mktemp -d)"
cleanup=(rm -rf "$work")
if [[ -z "${AWS_ENDPOINT_URL:-}" ]]; then
  port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  "$root/infrastructure/local/moto.sh" start "$port" >/dev/null
  trap '"$root/infrastructure/local/moto.sh" stop "$port" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=eu-central-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  export TABLE_NAME=bench-leads IP_HASH_SALT=bench1:bench-salt-0123456789 POWERTOOLS_LOG_LEVEL=WARN AWS_EMF_ENVIRONMENT=Local
  export POWERTOOLS_SERVICE_NAME=bench POWERTOOLS_METRICS_NAMESPACE=LeadCaptureBench
  export CAPTCHA_SECRET=1x0000000000000000000000000000000AA
else
  trap '"${cleanup[@]}"' EXIT
fi
bench_cp="$root/infrastructure/benchmarks/target/classes:$root/infrastructure/benchmarks/target/lib/*"

echo "## Cold path ($RUNS fresh JVMs each, interleaved)"
"$JAVA" -cp "$bench_cp" io.leadcapture.bench.CreateTable "$AWS_ENDPOINT_URL" "$TABLE_NAME"
# The function's own deployment zip, unpacked as Lambda unpacks it, plus the invoker. The bare
# sample runs on the same class path: the same SDK, Jackson and HTTP client classes.
mkdir -p "$work/fn" && (cd "$work/fn" && unzip -q "$root/functions/form-capture/target/form-capture.zip")
invoker="$root/infrastructure/benchmarks/target/classes:$root/infrastructure/local-aws/target/local-aws-1.0.0-SNAPSHOT.jar"
cold_cp="$work/fn:$work/fn/lib/*:$invoker"
source "$here/cold-invoke.sh"
for i in $(seq 1 "$RUNS"); do
  for kind in $(round_order "$i" empty bare form); do
    case $kind in
      empty) cls=io.leadcapture.bench.EmptyHandler ;;
      bare) cls=io.leadcapture.bench.BareSampleHandler ;;
      form) cls=io.leadcapture.forms.FormCaptureHandler ;;
    esac
    cold_invoke "$kind" "$cls" "$cold_cp" "$work/cold.txt"
  done
done
/usr/bin/python3 - "$work/cold.txt" <<'PY'
import statistics, sys
runs, cpu = {}, {}
for line in open(sys.argv[1]):
    kind, ms, cpu_ms = line.split()
    runs.setdefault(kind, []).append(int(ms))
    cpu.setdefault(kind, []).append(int(cpu_ms))
e, b, f = (statistics.median(runs[k]) for k in ("empty", "bare", "form"))
ce, cb, cf = (statistics.median(cpu[k]) for k in ("empty", "bare", "form"))
print(f"empty handler: median {e:.0f} ms  (runs: {runs['empty']}; CPU {ce:.0f} ms: {cpu['empty']})")
print(f"bare sample (Jackson + one PutItem): median {b:.0f} ms  (runs: {runs['bare']}; CPU {cb:.0f} ms: {cpu['bare']})")
print(f"form handler + first lead written: median {f:.0f} ms  (runs: {runs['form']}; CPU {cf:.0f} ms: {cpu['form']})")
print(f"wall: form / empty {f / e:.2f}x, form / bare {f / b:.2f}x, bare / empty {b / e:.2f}x")
print(f"CPU:  form / empty {cf / ce:.2f}x, form / bare {cf / cb:.2f}x, bare / empty {cb / ce:.2f}x")
PY
echo

echo "## Restore-like runs: the form handler's first request ($RUNS fresh JVMs each, interleaved)"
# "unprimed": the handler's parts built without warm-up or priming (as before priming existed).
# "first": the Lambda constructor (which warms the request path on its start-up threads), then the
# first request, as above. "primed": the Lambda constructor, then the SnapStart hooks (priming,
# restore), then the first request — what a restored snapshot's first request pays. "bare": the bare
# sample's first request after its constructor — what a snapshot of it (it has no hooks) pays.
for i in $(seq 1 "$RUNS"); do
  for mode in unprimed first primed bare; do
    if [[ $mode == bare ]]; then
      "$JAVA" "${jvm[@]}" -cp "$cold_cp" io.leadcapture.bench.ColdInvoke io.leadcapture.bench.BareSampleHandler "$event" first \
        | sed -n 's/^first /bare /p' >> "$work/restore.txt"
    else
      "$JAVA" "${jvm[@]}" -cp "$cold_cp" io.leadcapture.bench.ColdInvoke io.leadcapture.forms.FormCaptureHandler "$event" "$mode" \
        | grep "^$mode " >> "$work/restore.txt"
    fi
  done
done
/usr/bin/python3 - "$work/restore.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    mode, *fields = line.split()
    runs.setdefault(mode, []).append({k: float(v) for k, v in (f.split("=") for f in fields)})
for mode, label in (("unprimed", "without warm-up or priming"), ("first", "after the constructor's warm-up"),
                    ("primed", "after the constructor and the SnapStart priming")):
    ms = [r["request_ms"] for r in runs[mode]]
    cl = [int(r["request_classes"]) for r in runs[mode]]
    line = f"first request {label}: median {statistics.median(ms):.0f} ms, {statistics.median(cl):.0f} classes loaded  (ms: {[round(m) for m in ms]}; classes: {cl})"
    if mode == "primed":
        line += f"; priming took median {statistics.median(r['prime_ms'] for r in runs[mode]):.0f} ms"
    print(line)
u, p = (statistics.median(int(r["request_classes"]) for r in runs[m]) for m in ("unprimed", "primed"))
print(f"priming coverage: {1 - p / u:.1%} of the unprimed first request's class loading done before the snapshot")
b = [r["request_ms"] for r in runs["bare"]]
bare_ms, primed_ms = statistics.median(b), statistics.median(r["request_ms"] for r in runs["primed"])
print(f"bare sample's first request after its constructor (a snapshot without hooks): median {bare_ms:.0f} ms, "
      f"{statistics.median(int(r['request_classes']) for r in runs['bare']):.0f} classes loaded  (ms: {[round(m) for m in b]})")
print(f"first request after a restore: form handler / bare sample {primed_ms / bare_ms:.2f}x")
PY
