# Sourced by cold.sh, cold-compare.sh and first-request-classes.sh (needs $JAVA and $root): one cold
# invocation as Lambda's java21 runtime starts it — a fresh JVM stopping tiered compilation at level 1,
# with the serial garbage collector (both Lambda's defaults for Java 17 and later; on this 2-core,
# 24 GiB machine the JVM would otherwise pick G1) — running ColdInvoke on the form event.
# cold_invoke KIND HANDLER_CLASS CLASSPATH OUT appends "KIND wall_ms cpu_ms" to OUT: wall time of the
# process, and its user + system CPU alongside (a shared machine inflates wall time).
# COLD_INVOKER=runtime runs RuntimeInvoke instead of ColdInvoke: the handler loaded and called by
# Lambda's runtime interface client (whose jars the invocation then also gets on its class path).
# round_order ROUND KIND... prints the kinds rotated by ROUND, one per line: each round starts one
# kind further along, so no kind always runs first (or right after another).
jvm=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
event="$root/events/form-demo-json.json"
invoker_main=io.leadcapture.bench.ColdInvoke runtime_jars=""
if [[ ${COLD_INVOKER:-} == runtime ]]; then
  invoker_main=io.leadcapture.bench.RuntimeInvoke
  for jar in "$root"/infrastructure/benchmarks/target/lib/aws-lambda-java-{runtime-interface-client,serialization}-*.jar; do
    runtime_jars+=":$jar"
  done
fi

cold_invoke() {
  local kind="$1" cls="$2" cp="$3" out="$4" t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$out.cpu" "$JAVA" "${jvm[@]}" -cp "$cp$runtime_jars" "$invoker_main" "$cls" "$event" >/dev/null
  t1=$(date +%s%N)
  echo "$kind $(( (t1 - t0) / 1000000 )) $(awk '{printf "%d", ($1 + $2) * 1000}' "$out.cpu")" >> "$out"
}

round_order() {
  local round="$1"; shift
  local kinds=("$@") j
  for j in "${!kinds[@]}"; do echo "${kinds[$(( (round + j) % ${#kinds[@]} ))]}"; done
}
