# Sourced by the benchmark scripts that run against an emulator of their own (needs $root and $JAVA):
# starts moto on a free port, stopped on exit, points the SDK at it, and prints the machine.
port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$root/infrastructure/local/moto.sh" start "$port" >/dev/null
trap '"$root/infrastructure/local/moto.sh" stop "$port" >/dev/null 2>&1 || true' EXIT

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=eu-central-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export POWERTOOLS_LOG_LEVEL=WARN AWS_EMF_ENVIRONMENT=Local POWERTOOLS_SERVICE_NAME=bench POWERTOOLS_METRICS_NAMESPACE=LeadCaptureBench

echo "## Machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $("$JAVA" -version 2>&1 | head -1)"
echo
