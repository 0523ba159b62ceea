#!/usr/bin/env bash
# Cold path of several builds of the form function side by side (docs/benchmarks.md): fresh JVMs as
# in cold.sh, each round running the bare AWS-sample handler and the form handler from each given
# deployment zip, interleaved, the order rotating from round to round, so that the machine's drift and
# any advantage of running first hit every build alike. Medians and the sorted runs of wall time, CPU
# medians, and each build's ratio to the bare sample, also split by whether it ran before the bare one.
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
  for kind in $(round_order "$i" bare "${names[@]}"); do
    if [[ $kind == bare ]]; then cls=io.leadcapture.bench.BareSampleHandler; dir="${names[0]}"
    else cls=io.leadcapture.forms.FormCaptureHandler; dir="$kind"; fi
    cold_invoke "$kind" "$cls" "$work/$dir:$work/$dir/lib/*:$invoker" "$work/runs.txt" 2>/dev/null
  done
done
/usr/bin/python3 - "$work/runs.txt" "$(( ${#names[@]} + 1 ))" <<'PY'
import statistics, sys
runs = [line.split() for line in open(sys.argv[1])]
size = int(sys.argv[2])
rounds = [{kind: (int(ms), int(cpu_ms), pos) for pos, (kind, ms, cpu_ms) in enumerate(runs[i:i + size])}
          for i in range(0, len(runs), size)]
def med(values):
    return f"{statistics.median(values):.3f} (n={len(values)})" if values else "-"
bare_wall = statistics.median(r["bare"][0] for r in rounds)
bare_cpu = statistics.median(r["bare"][1] for r in rounds)
for kind in sorted(rounds[0], key=lambda k: k != "bare"):
    walls = [r[kind][0] for r in rounds]
    w, c = statistics.median(walls), statistics.median(r[kind][1] for r in rounds)
    # each run against the bare sample's run of the same round: the machine's drift cancels out
    paired = [(r[kind][0] / r["bare"][0], r[kind][2] < r["bare"][2]) for r in rounds]
    split = "" if kind == "bare" else (f"; ran before bare {med([x for x, first in paired if first])}, "
                                       f"after {med([x for x, first in paired if not first])}")
    print(f"{kind}: wall median {w:.0f} ms ({w / bare_wall:.2f}x bare; median of the rounds' ratios "
          f"{statistics.median(x for x, _ in paired):.3f}{split}), "
          f"CPU median {c:.0f} ms ({c / bare_cpu:.2f}x bare); runs {sorted(walls)}")
PY
