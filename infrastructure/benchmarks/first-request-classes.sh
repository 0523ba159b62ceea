#!/usr/bin/env bash
# Writes the list of classes the form function's first request loads, which its constructor has
# loaded ahead on a thread of its own (ClassPreloader, docs/benchmarks.md): one cold invocation of
# the function's deployment zip as cold.sh runs it, with class loading logged; kept are the classes
# loaded after the constructor that the JDK or the zip's jars define (classes the JVM spins at run
# time for lambdas and method handles cannot be loaded ahead). The run shadows the current list with
# an empty one, so the list does not hide its own classes.
# Run after a build (`mvn -q install -DskipTests`); starts its own moto. Rebuild to package the new list.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
list="functions/form-capture/src/main/resources/io/leadcapture/forms/first-request-classes.txt"
source "$here/own-moto.sh" >/dev/null
work="$(mktemp -d)"
trap '"$root/infrastructure/local/moto.sh" stop "$port" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export TABLE_NAME=bench-leads IP_HASH_SALT=bench1:bench-salt-0123456789
export CAPTCHA_SECRET=1x0000000000000000000000000000000AA
"$JAVA" -cp "$root/infrastructure/benchmarks/target/classes:$root/infrastructure/benchmarks/target/lib/*" \
  io.leadcapture.bench.CreateTable "$AWS_ENDPOINT_URL" "$TABLE_NAME" >/dev/null
mkdir -p "$work/fn" "$work/shadow/io/leadcapture/forms" && (cd "$work/fn" && unzip -q "$root/functions/form-capture/target/form-capture.zip")
: > "$work/shadow/io/leadcapture/forms/first-request-classes.txt"
invoker="$root/infrastructure/benchmarks/target/classes:$root/infrastructure/local-aws/target/local-aws-1.0.0-SNAPSHOT.jar"
source "$here/cold-invoke.sh"
"$JAVA" "${jvm[@]}" -Xlog:class+load=info:stdout:none -cp "$work/shadow:$work/fn:$work/fn/lib/*:$invoker" \
  io.leadcapture.bench.ColdInvoke io.leadcapture.forms.FormCaptureHandler "$event" classes > "$work/log.txt"
{
  echo "# The classes a cold start's first form post loads after the constructor (ClassPreloader)."
  echo "# Written by infrastructure/benchmarks/first-request-classes.sh; regenerate after a dependency update."
  # "java.net.Socket source: jrt:/java.base" or "...Foo source: file:/…/fn/lib/x.jar"
  sed -n '/^--- constructed$/,$p' "$work/log.txt" \
    | awk -v fn="file:$work/fn/" '$2 == "source:" && ($3 ~ /^jrt:\// || index($3, fn) == 1) { print $1 }'
} > "$root/$list"
echo "$(grep -vc '^#' "$root/$list") classes in $list"
