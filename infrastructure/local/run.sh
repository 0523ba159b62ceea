#!/usr/bin/env bash
# `make run`: the whole product on this machine, no AWS account.
# Starts (or reuses, via AWS_ENDPOINT_URL) an AWS emulator, then the local runner, which creates
# the template's tables and serves the template's HTTP API on http://127.0.0.1:${PORT:-3000}.
#   EMULATOR=moto (default)  moto server on loopback, installed into .local/ on first use
#   EMULATOR=localstack      localstack/localstack:4.14.0 in Docker (needs a Docker engine)
#   AWS_ENDPOINT_URL=...     use an emulator that is already running
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
cd "$root"

cleanup=()
on_exit() { for c in "${cleanup[@]}"; do eval "$c" || true; done; }
trap on_exit EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [[ -z "${AWS_ENDPOINT_URL:-}" ]]; then
  case "${EMULATOR:-moto}" in
    moto)
      moto_port="${MOTO_PORT:-$(free_port)}"
      moto_pid="$("$here/moto.sh" start "$moto_port")"
      cleanup+=("'$here/moto.sh' stop '$moto_port' 2>/dev/null")
      export AWS_ENDPOINT_URL="http://127.0.0.1:${moto_port}"
      # With moto_patches.py a cancelled transaction leaves no stream records behind: one read is enough.
      case "${MOTO_PATCHES:-on}" in [Oo][Ff][Ff]|0|[Ff][Aa][Ll][Ss][Ee]|[Nn][Oo]) ;; *) export STREAM_CONFIRM_READS="${STREAM_CONFIRM_READS:-false}" ;; esac
      echo "Started moto server on ${AWS_ENDPOINT_URL} (log: .local/moto-${moto_port}.log)"
      ;;
    localstack)
      command -v docker >/dev/null || { echo "EMULATOR=localstack needs Docker" >&2; exit 1; }
      name="lead-capture-localstack-$$"
      docker run -d --rm --name "$name" -p 127.0.0.1:4566:4566 localstack/localstack:4.14.0 >/dev/null
      cleanup+=("docker stop '$name' >/dev/null")
      export AWS_ENDPOINT_URL="http://127.0.0.1:4566"
      for _ in $(seq 1 60); do curl -fs "$AWS_ENDPOINT_URL/_localstack/health" >/dev/null && break; sleep 1; done
      echo "Started LocalStack 4.14.0 on ${AWS_ENDPOINT_URL}"
      ;;
    *) echo "unknown EMULATOR=${EMULATOR}" >&2; exit 2 ;;
  esac
fi

# What Lambda's environment would hold (template.yaml Globals and function variables).
export AWS_REGION="${AWS_REGION:-eu-central-1}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export TABLE_NAME="${TABLE_NAME:-leads-local}"
export DEFAULT_PHONE_REGION="${DEFAULT_PHONE_REGION:-DE}"
# Salt and token key as <id>:<secret> (in AWS: SSM SecureStrings, IP_HASH_SALT_PARAMETER and
# CONSENT_TOKEN_KEY_PARAMETER; docs/data-protection.md, "Rotating secrets").
export IP_HASH_SALT="${IP_HASH_SALT:-local1:local-development-salt-not-secret}"
export POWERTOOLS_METRICS_NAMESPACE="${POWERTOOLS_METRICS_NAMESPACE:-LeadCaptureLocal}"
export POWERTOOLS_LOG_LEVEL="${POWERTOOLS_LOG_LEVEL:-INFO}"
export POWERTOOLS_SERVICE_NAME="${POWERTOOLS_SERVICE_NAME:-lead-capture-local}"
# Embedded-metric-format lines go to stdout (in Lambda they go to the function log by themselves).
export AWS_EMF_ENVIRONMENT="${AWS_EMF_ENVIRONMENT:-Local}"
export PORT="${PORT:-3000}"
export SENDER_EMAIL="${SENDER_EMAIL:-leads@example.com}"
export CONSENT_TOKEN_KEY="${CONSENT_TOKEN_KEY:-local1:local-development-consent-secret-not-secret}"
export PUBLIC_API_URL="${PUBLIC_API_URL:-http://127.0.0.1:${PORT}}"
# Webhook secrets: the documented test secrets of events/README.md (in AWS: SSM SecureStrings).
export ZOOM_WEBHOOK_SECRET_TOKEN="${ZOOM_WEBHOOK_SECRET_TOKEN:-zoom-test-secret-token}"
export GOOGLE_ADS_WEBHOOK_KEY="${GOOGLE_ADS_WEBHOOK_KEY:-google-ads-test-key}"
export META_APP_SECRET="${META_APP_SECRET:-meta-test-app-secret}"
export META_VERIFY_TOKEN="${META_VERIFY_TOKEN:-meta-test-verify-token}"
export META_ACCESS_TOKEN="${META_ACCESS_TOKEN:-local-meta-access-token}"
export LINKEDIN_CLIENT_SECRET="${LINKEDIN_CLIENT_SECRET:-linkedin-test-client-secret}"
export LINKEDIN_ACCESS_TOKEN="${LINKEDIN_ACCESS_TOKEN:-local-linkedin-access-token}"
# No internet here: the runner's own stand-ins answer for Meta's Graph API and LinkedIn's API.
export META_GRAPH_URL="${META_GRAPH_URL:-http://127.0.0.1:${PORT}/_local/meta-graph}"
export LINKEDIN_API_URL="${LINKEDIN_API_URL:-http://127.0.0.1:${PORT}/_local/linkedin}"
# Bot check of the sweepstake form: Cloudflare's always-passing Turnstile test secret, verified by
# the runner's siteverify stand-in (answers as Cloudflare does for its test secrets) unless
# CAPTCHA_VERIFY_URL is set. In AWS: an SSM SecureString (CAPTCHA_SECRET_PARAMETER).
export CAPTCHA_SECRET="${CAPTCHA_SECRET:-1x0000000000000000000000000000000AA}"
export CAPTCHA_VERIFY_URL="${CAPTCHA_VERIFY_URL:-http://127.0.0.1:${PORT}/_local/turnstile/v0/siteverify}"
# DynamoDB deletes expired items within days; a sweep scans the whole table in the emulator.
export TTL_SWEEP_SECONDS="${TTL_SWEEP_SECONDS:-60}"

runner="$root/infrastructure/local-runner/target"
"${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" \
  -cp "$runner/local-runner-1.0.0-SNAPSHOT.jar:$runner/lib/*" io.leadcapture.local.LocalRunner &
java_pid=$!
cleanup=("kill $java_pid 2>/dev/null; wait $java_pid 2>/dev/null" "${cleanup[@]}")
trap 'exit 130' INT TERM
if [[ -z "${moto_pid:-}" ]]; then
  wait "$java_pid"
  exit
fi
# An API whose emulator is gone answers every request with an error: stop instead.
( while kill -0 "$moto_pid" 2>/dev/null; do sleep 1; done ) &
watcher=$!
cleanup=("kill $watcher 2>/dev/null" "${cleanup[@]}")
status=0
wait -n -p ended "$java_pid" "$watcher" || status=$?
if [[ "${ended:-}" == "$watcher" ]]; then
  echo "make run: the emulator (moto, pid $moto_pid) has exited; stopping the local API." >&2
  echo "  Its log: .local/moto-${moto_port}.log. If it was killed (e.g. out of memory: see dmesg), start make run again." >&2
  exit 1
fi
exit "$status"
