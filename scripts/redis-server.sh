#!/usr/bin/env bash
# Redis for `autorac search --queue` / `autorac worker --queue` and for the tests.
#
#   scripts/redis-server.sh install
#       installs Debian's redis-server if it is missing (as root; otherwise says how)
#   scripts/redis-server.sh start [--port PORT] [--bind ADDRESS] [--daemon PIDFILE]
#       runs redis-server on ADDRESS:PORT (default 127.0.0.1:6379) with nothing
#       written to disk (the queue holds only work in progress), in the
#       foreground, or in the background with its pid in PIDFILE; an ADDRESS
#       other machines reach needs a password in the environment variable
#       REDIS_PASSWORD (clients then use redis://:PASSWORD@ADDRESS:PORT)
#   scripts/redis-server.sh stop PIDFILE
#       stops a server started with --daemon
#
# Anyone who can talk to Redis can run commands on it: keep it on the loopback
# address, or on a network only trusted machines reach, with a password
# (docs/distributed-search.md).
set -euo pipefail

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

install() {
  if command -v redis-server >/dev/null; then
    echo "redis-server is installed: $(redis-server --version)"
  elif [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server
  else
    echo "redis-server is missing: install it with  sudo apt-get install redis-server" >&2
    exit 1
  fi
}

start() {
  local port=6379 bind=127.0.0.1 pidfile=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="${2:?--port needs a number}"; shift 2 ;;
      --bind) bind="${2:?--bind needs an address}"; shift 2 ;;
      --daemon) pidfile="${2:?--daemon needs a pid file}"; shift 2 ;;
      *) usage ;;
    esac
  done
  command -v redis-server >/dev/null || { echo "redis-server is missing: run $0 install" >&2; exit 1; }
  # no snapshot, no append-only file: nothing is written to disk, and the
  # working directory is a temporary one in case Redis writes anyway
  local args=(--bind "$bind" --port "$port" --save '' --appendonly no --dir "${TMPDIR:-/tmp}")
  # the password goes in on stdin (`redis-server -` reads a config from it), not
  # on the command line where ps shows it; Redis refuses other machines without one
  local config=""
  if [ -n "${REDIS_PASSWORD:-}" ]; then
    case "$REDIS_PASSWORD" in
      *$'\n'* | *$'\r'*) echo "REDIS_PASSWORD must be one line" >&2; exit 2 ;;
    esac
    # one double-quoted argument: spaces or quotes in the password would otherwise be read as
    # more arguments, and Redis would refuse the line, printing it (the password) in its error
    local quoted=${REDIS_PASSWORD//\\/\\\\}
    quoted=${quoted//\"/\\\"}
    config="requirepass \"$quoted\""
  elif [ "$bind" != 127.0.0.1 ] && [ "$bind" != ::1 ]; then
    echo "Redis on $bind would be open to every machine that reaches it: set REDIS_PASSWORD" >&2
    exit 2
  fi
  if [ -n "$pidfile" ]; then
    pidfile="$(realpath "$pidfile")"
    redis-server - "${args[@]}" --daemonize yes --pidfile "$pidfile" --logfile "$pidfile.log" \
      <<<"$config"
    echo "redis-server on $bind:$port, pid file $pidfile, log $pidfile.log"
  else
    exec redis-server - "${args[@]}" <<<"$config"
  fi
}

stop() {
  local pidfile="${1:?stop needs the pid file given to start --daemon}"
  kill "$(cat "$pidfile")"
}

case "${1:-}" in
  install) install ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) usage ;;
esac
