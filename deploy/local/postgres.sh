#!/usr/bin/env bash
# A throwaway PostgreSQL on a free loopback port, for tests and the local cluster.
#
#   deploy/local/postgres.sh start STATE_DIR   starts a server; prints its connection string
#   deploy/local/postgres.sh stop  STATE_DIR   stops it and removes STATE_DIR
#
# STATE_DIR must not exist or be empty: start marks it as its own (a file named .kasparro-postgres),
# and neither command touches a folder without that mark (so a mistyped path is never deleted or
# chowned).
#
# The server trusts loopback connections and runs with fsync off: it is for tests, never for data
# you want to keep. When the PostgreSQL binaries are missing, the Debian package is installed.
set -euo pipefail

cmd=${1:-}
state=${2:-}
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

as_owner() {
  # initdb and the server refuse to run as root: run them as the postgres user when we are root.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local p
  for p in $(seq "${1:-55432}" 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port in 55432-55532" >&2
  return 1
}

marker=".kasparro-postgres"

claim() {
  # Only a new or empty folder becomes ours; anything else is someone's data.
  if [ -e "$state" ] && { [ ! -d "$state" ] || [ -n "$(ls -A "$state")" ]; }; then
    echo "postgres.sh: refusing $state: it exists and is not an empty folder (give a new path)" >&2
    exit 2
  fi
  mkdir -p "$state"
  echo "created by deploy/local/postgres.sh; stop deletes this folder" >"$state/$marker"
}

start() {
  local bin port
  claim
  if ! bin=$(find_bin); then
    echo "PostgreSQL binaries not found; installing the Debian package" >&2
    if [ "$(id -u)" = 0 ]; then
      (apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq postgresql) >&2
    else
      (sudo apt-get -o DPkg::Lock::Timeout=300 update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq postgresql) >&2
    fi
    bin=$(find_bin) || { echo "PostgreSQL is still missing after the install" >&2; exit 1; }
  fi
  mkdir -p "$state/data" "$state/sock"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$state"; fi
  as_owner "$bin/initdb" -D "$state/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }
  port=$(free_port)
  # Another server starting at the same time (a parallel test run) may take the port between the
  # check and the start: then the next free port is tried.
  until as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 \
    -o "-p $port -k $state/sock -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null 2>"$state/pg_ctl.err"; do
    if ! grep -qs "already in use" "$state/server.log"; then cat "$state/pg_ctl.err" "$state/server.log" >&2 2>/dev/null; exit 1; fi
    rm -f "$state/server.log"
    port=$(free_port $((port + 1)))
  done
  echo "$bin" >"$state/bin"
  echo "$port" >"$state/port"
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

stop() {
  [ -e "$state" ] || return 0
  if [ ! -f "$state/$marker" ]; then
    echo "postgres.sh: refusing $state: it was not made by postgres.sh start (no $marker in it)" >&2
    exit 2
  fi
  [ -f "$state/bin" ] || { rm -rf "$state"; return 0; }
  as_owner "$(cat "$state/bin")/pg_ctl" -D "$state/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$state"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
