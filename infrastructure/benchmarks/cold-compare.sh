#!/usr/bin/env bash
# Cold path of several builds of the form function side by side (docs/benchmarks.md): fresh JVMs as
# in cold.sh, each round running the bare AWS-sample handler and then the form handler from each
# given deployment zip, interleaved, so that the machine's drift hits every build alike. Medians and
# the sorted runs of wall time, CPU medians, and each build's ratio to the bare sample.
# Usage: cold-compare.sh ROUNDS NAME=ZIP [NAME=ZIP ...]   (starts its own moto; build first)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
rounds="$1"; shift
source "$here/own-moto.sh"
work="$(mktemp -d)"
trap '"$root/infrastructure/local/moto.sh" stop "$port" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export TABLE_NAME=bench-leads IP_HASH_SALT=bench1:bench-salt-0123456789
export CAPTCHA_SECRET=1x0000000000000000000000000000000AA
(cd "$root" && "$JAVA" -cp "$root/infrastructure/benchmarks/target/classes:$root/infrastructure/benchmarks/target/lib/*" \
  io.leadcapture.bench.CreateTable "$AWS_ENDPOINT_URL" "$TABLE_NAME" >/dev/null 2>&1)
invoker="$root/infrastructure/benchmarks/target/classes:$root/infrastructure/local-aws/target/local-aws-1.0.0-SNAPSHOT.jar"
names=()
for pair in "$@"; do
  name="${pair%%=*}"; zip="${pair#*=}"; names+=("$name")
  mkdir -p "$work/$name" && (cd "$work/$name" && unzip -q "$zip")
done
source "$here/cold-invoke.sh"
for i in $(seq 1 "$rounds"); do
  for kind in bare "${names[@]}"; do
    if [[ $kind == bare ]]; then cls=io.leadcapture.bench.BareSampleHandler; dir="${names[0]}"
    else cls=io.leadcapture.forms.FormCaptureHandler; dir="$kind"; fi
    cold_invoke "$kind" "$cls" "$work/$dir:$work/$dir/lib/*:$invoker" "$work/runs.txt" 2>/dev/null
  done
done
/usr/bin/python3 - "$work/runs.txt" <<'PY'
import statistics, sys
wall, cpu = {}, {}
for line in open(sys.argv[1]):
    kind, ms, cpu_ms = line.split()
    wall.setdefault(kind, []).append(int(ms)); cpu.setdefault(kind, []).append(int(cpu_ms))
b, cb = statistics.median(wall["bare"]), statistics.median(cpu["bare"])
for kind in wall:
    w, c = statistics.median(wall[kind]), statistics.median(cpu[kind])
    # each run against the bare sample's run of the same round: the machine's drift cancels out
    paired = statistics.median(x / y for x, y in zip(wall[kind], wall["bare"]))
    print(f"{kind}: wall median {w:.0f} ms ({w / b:.2f}x bare; median of the rounds' ratios {paired:.3f}), "
          f"CPU median {c:.0f} ms ({c / cb:.2f}x bare); runs {sorted(wall[kind])}")
PY
