#!/usr/bin/env bash
# Local AWS emulator: moto server 5.2.4 (Debian sid's python3-moto, unpacked
# into <repo>/.local/moto) running on Debian's system Python (/usr/bin/python3)
# with its runtime dependencies taken from the distribution's apt archive.
#
# Usage:
#   infrastructure/local/moto.sh install        idempotent install (quick no-op when present)
#   infrastructure/local/moto.sh start PORT     start in the background, print the pid on stdout
#   infrastructure/local/moto.sh stop PORT      stop the server started by 'start PORT'
#   infrastructure/local/moto.sh exec PORT      run in the foreground (exec), for a managing parent
#
# The server runs through moto_serialized.py beside this script: moto's own server with one request
# processed at a time, because moto's transaction rollback is not safe under concurrent requests.
#
# State lives in <repo>/.local (git-ignored): moto/ (unpacked package),
# moto-PORT.log, moto-PORT.pid.
#
# Notes:
# - Always /usr/bin/python3: a pyenv/venv python3 on PATH does not see Debian's
#   dist-packages.
# - Trixie's moto 5.1.1 is not an option (broken stream timestamps for the
#   Java SDK), hence the pinned sid .deb below.
# - Environment overrides: MOTO_START_TIMEOUT (seconds, default 30).
set -euo pipefail

readonly MOTO_VERSION="5.2.4"
readonly MOTO_DEB="python3-moto_5.2.4-2_all.deb"
readonly MOTO_DEB_SHA256="6acc0aba260822c405b74ee3c8e8d27194e8e8535d3b4445bfc376855030c39c"
# Tried in order; the SHA256 above is what makes a download acceptable.
# The sid pool drops old versions when a new one is uploaded; snapshot.debian.org
# keeps every file forever (addressed by its SHA1,
# a6c8e92a16ff35e9d3c5405c61f5f510aa45b727).
readonly MOTO_DEB_URLS=(
  "https://deb.debian.org/debian/pool/main/p/python-moto/${MOTO_DEB}"
  "https://snapshot.debian.org/file/a6c8e92a16ff35e9d3c5405c61f5f510aa45b727"
)

# apt packages (Debian 12 bookworm) moto server needs for the services we use
# (DynamoDB, DynamoDB Streams, SES, SESv2, SSM, SQS). python3-yaml: SSM;
# python3-antlr4: declared dependency of python3-moto; curl: download and
# readiness probe.
readonly APT_PACKAGES=(
  python3 python3-boto3 python3-botocore python3-flask python3-flask-cors
  python3-werkzeug python3-xmltodict python3-responses python3-cryptography
  python3-dateutil python3-jinja2 python3-requests python3-antlr4 python3-yaml
  curl ca-certificates
)
readonly PY_MODULES="boto3, botocore, flask, flask_cors, werkzeug, xmltodict, responses, cryptography, dateutil, jinja2, requests, antlr4, yaml"

readonly PYTHON=/usr/bin/python3

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "${SCRIPT_DIR}/../.." && pwd -P)"
LOCAL_DIR="${REPO_ROOT}/.local"
MOTO_DIR="${LOCAL_DIR}/moto"
MOTO_PYTHONPATH="${MOTO_DIR}/usr/lib/python3/dist-packages"
readonly SCRIPT_DIR REPO_ROOT LOCAL_DIR MOTO_DIR MOTO_PYTHONPATH

log() { printf 'moto.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  cat >&2 <<EOF
usage: $0 install
       $0 start PORT   start in the background; prints the pid
       $0 stop PORT    stop the server started for PORT
       $0 exec PORT    run in the foreground (exec)
EOF
  exit 2
}

check_port() {
  local port="${1:-}"
  if ! [[ "${port}" =~ ^[0-9]{1,5}$ ]] || ((10#${port} < 1 || 10#${port} > 65535)); then
    die "invalid port '${port}' (expected 1-65535)"
  fi
}

ensure_local_dir() {
  mkdir -p "${LOCAL_DIR}"
  # Keep .local out of git even if the top-level .gitignore does not list it.
  [[ -e "${LOCAL_DIR}/.gitignore" ]] || printf '*\n' >"${LOCAL_DIR}/.gitignore"
}

# Run moto's python with a clean, deterministic module search path. A plain
# command (no function), so that 'exec' and '&' run python itself.
MOTO_PY_CMD=(
  env -u PYTHONHOME -u PYTHONSTARTUP PYTHONNOUSERSITE=1 PYTHONUNBUFFERED=1
  "PYTHONPATH=${MOTO_PYTHONPATH}" "${PYTHON}"
)
readonly MOTO_PY_CMD
moto_python() { "${MOTO_PY_CMD[@]}" "$@"; }

imports_ok() {
  [[ -x "${PYTHON}" ]] && command -v curl >/dev/null 2>&1 || return 1
  moto_python -c "
import ${PY_MODULES}
import moto, moto.server
assert moto.__version__ == '${MOTO_VERSION}', moto.__version__
assert moto.__file__.startswith('${MOTO_PYTHONPATH}/'), moto.__file__
" >/dev/null 2>&1
}

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

apt_install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends -o DPkg::Lock::Timeout=300 "$@"
}

install_apt_deps() {
  local missing=() pkg status
  for pkg in "${APT_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "${pkg}" 2>/dev/null || true)"
    [[ "${status}" == "installed" ]] || missing+=("${pkg}")
  done
  ((${#missing[@]} > 0)) || return 0
  local apt_log="${LOCAL_DIR}/moto-apt.log"
  log "installing apt packages: ${missing[*]} (output: ${apt_log})"
  if ! apt_install "${missing[@]}" >"${apt_log}" 2>&1; then
    log "apt-get install failed; running apt-get update and retrying"
    if ! { as_root apt-get update -q -o DPkg::Lock::Timeout=300 \
      && apt_install "${missing[@]}"; } >>"${apt_log}" 2>&1; then
      tail -n 20 "${apt_log}" >&2 || true
      die "could not install: ${missing[*]} (see ${apt_log})"
    fi
  fi
}

moto_unpacked_ok() {
  [[ -f "${MOTO_DIR}/.deb-sha256" ]] \
    && [[ "$(cat "${MOTO_DIR}/.deb-sha256")" == "${MOTO_DEB_SHA256}" ]] \
    && [[ -f "${MOTO_PYTHONPATH}/moto/__init__.py" ]]
}

install_moto() {
  moto_unpacked_ok && return 0
  local tmp url ok=""
  tmp="$(mktemp -d "${LOCAL_DIR}/moto-install.XXXXXX")"
  # shellcheck disable=SC2064 # expand tmp now
  trap "rm -rf -- '${tmp}'" EXIT
  for url in "${MOTO_DEB_URLS[@]}"; do
    log "downloading ${url}"
    if curl -fsSL --retry 3 --connect-timeout 15 --max-time 300 -o "${tmp}/${MOTO_DEB}" "${url}" \
      && echo "${MOTO_DEB_SHA256}  ${tmp}/${MOTO_DEB}" | sha256sum -c --status -; then
      ok=1
      break
    fi
    log "download failed or SHA256 mismatch: ${url}"
  done
  [[ -n "${ok}" ]] || die "could not obtain ${MOTO_DEB} with sha256 ${MOTO_DEB_SHA256}"
  log "unpacking ${MOTO_DEB} into ${MOTO_DIR}"
  dpkg-deb -x "${tmp}/${MOTO_DEB}" "${tmp}/moto"
  printf '%s\n' "${MOTO_DEB_SHA256}" >"${tmp}/moto/.deb-sha256"
  rm -rf -- "${MOTO_DIR}"
  mv -- "${tmp}/moto" "${MOTO_DIR}"
  rm -rf -- "${tmp}"
  trap - EXIT
}

ensure_installed() {
  if imports_ok; then
    log "moto ${MOTO_VERSION} ready (${MOTO_DIR})"
    return 0
  fi
  ensure_local_dir
  # Serialize concurrent installs (parallel builds, several ports at once).
  exec 9>"${LOCAL_DIR}/moto-install.lock"
  flock 9
  if ! imports_ok; then
    local t0=${SECONDS}
    install_apt_deps
    install_moto
    imports_ok || {
      moto_python -c "import ${PY_MODULES}; import moto.server" || true
      die "moto ${MOTO_VERSION} still not importable with ${PYTHON} after install"
    }
    log "moto ${MOTO_VERSION} installed in $((SECONDS - t0)) s"
  else
    log "moto ${MOTO_VERSION} ready (installed concurrently)"
  fi
  flock -u 9
  exec 9>&-
}

pid_file() { printf '%s/moto-%s.pid' "${LOCAL_DIR}" "$1"; }
log_file() { printf '%s/moto-%s.log' "${LOCAL_DIR}" "$1"; }

# Is PID alive and a moto server (guards against pid reuse)?
is_moto_pid() {
  local pid="$1" cmdline
  [[ "${pid}" =~ ^[0-9]+$ ]] && kill -0 "${pid}" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null)" || return 1
  [[ "${cmdline}" == *"moto_serialized.py"* ]]
}

port_in_use() {
  # Succeeds when something accepts connections on 127.0.0.1:PORT.
  (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

moto_answers() {
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/moto-api/" 2>/dev/null
}

cmd_start() {
  local port="$1" pidf logf pid waited=0 timeout="${MOTO_START_TIMEOUT:-30}"
  ensure_installed
  ensure_local_dir
  pidf="$(pid_file "${port}")"
  logf="$(log_file "${port}")"
  if [[ -f "${pidf}" ]]; then
    pid="$(cat "${pidf}" 2>/dev/null || true)"
    if is_moto_pid "${pid}"; then
      die "moto is already running on port ${port} (pid ${pid}); run '$0 stop ${port}' first"
    fi
    rm -f -- "${pidf}"
  fi
  if port_in_use "${port}"; then
    die "port ${port} on 127.0.0.1 is already in use by another process"
  fi
  log "starting moto ${MOTO_VERSION} on 127.0.0.1:${port} (log: ${logf})"
  # env execs python, so $! is the server's own pid.
  "${MOTO_PY_CMD[@]}" "${SCRIPT_DIR}/moto_serialized.py" -H 127.0.0.1 -p "${port}" </dev/null >"${logf}" 2>&1 &
  pid=$!
  printf '%s\n' "${pid}" >"${pidf}"
  until moto_answers "${port}"; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      rm -f -- "${pidf}"
      tail -n 20 "${logf}" >&2 || true
      if grep -q 'already in use' "${logf}" 2>/dev/null; then
        die "port ${port} is already in use; moto could not bind it"
      fi
      die "moto exited during startup (see ${logf})"
    fi
    if ((waited >= timeout * 5)); then
      kill "${pid}" 2>/dev/null || true
      rm -f -- "${pidf}"
      tail -n 20 "${logf}" >&2 || true
      die "moto did not answer on http://127.0.0.1:${port}/moto-api/ within ${timeout} s (see ${logf})"
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  log "moto is up on http://127.0.0.1:${port} (pid ${pid})"
  printf '%s\n' "${pid}"
}

cmd_stop() {
  local port="$1" pidf pid i
  pidf="$(pid_file "${port}")"
  if [[ ! -f "${pidf}" ]]; then
    log "no moto server recorded for port ${port} (${pidf} absent)"
    return 0
  fi
  pid="$(cat "${pidf}" 2>/dev/null || true)"
  if is_moto_pid "${pid}"; then
    log "stopping moto on port ${port} (pid ${pid})"
    kill -TERM "${pid}" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "${pid}" 2>/dev/null; then
      log "pid ${pid} ignored SIGTERM for 10 s; sending SIGKILL"
      kill -KILL "${pid}" 2>/dev/null || true
    fi
  else
    log "pid '${pid}' from ${pidf} is not a running moto server; removing stale pid file"
  fi
  rm -f -- "${pidf}"
}

cmd_exec() {
  local port="$1"
  ensure_installed
  exec "${MOTO_PY_CMD[@]}" "${SCRIPT_DIR}/moto_serialized.py" -H 127.0.0.1 -p "${port}"
}

main() {
  local cmd="${1:-}"
  case "${cmd}" in
    install)
      (($# == 1)) || usage
      ensure_installed
      ;;
    start | stop | exec)
      (($# == 2)) || usage
      check_port "$2"
      "cmd_${cmd}" "$((10#$2))"
      ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
