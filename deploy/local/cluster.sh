#!/usr/bin/env bash
# A real multi-silo cluster on loopback: PostgreSQL, N headless silos and the gateway in client mode,
# each a separate process with its own ports, pid file and log file.
#
#   deploy/local/cluster.sh up       builds Silo and Api in Release once, starts everything, waits for /health
#   deploy/local/cluster.sh status   each process (running or not) and its /health answer
#   deploy/local/cluster.sh down     stops the gateway, the silos (SIGTERM, then SIGKILL after 30 s) and
#                                    the PostgreSQL server this script started
#
# Environment (all optional):
#   KASPARRO_CLUSTER_DIR   state directory: pids, logs, the throwaway server   (/tmp/kasparro-cluster)
#   KASPARRO_CLUSTER_PG    connection string of an existing database to use as is; otherwise a
#                          throwaway server is started with deploy/local/postgres.sh
#   SILOS                  number of silos                                      (3)
#   CLUSTER_ID, SERVICE_ID Orleans cluster and service id                       (kasparro-local, kasparro)
#   SILO_PORT_BASE         silo i (0-based) listens on SILO_PORT_BASE+i          (11111)
#   GATEWAY_PORT_BASE      its Orleans gateway (client) port GATEWAY_PORT_BASE+i (30000)
#   SILO_HTTP_BASE         its /health and /metrics on http://127.0.0.1:SILO_HTTP_BASE+i (8081)
#   API_HTTP_PORT          the gateway's REST API on http://127.0.0.1:API_HTTP_PORT       (8080)
#   NO_BUILD=1             use the existing Release build
# Any other Kasparro__* / ConnectionStrings__* variable in the environment reaches every process too.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
state=${KASPARRO_CLUSTER_DIR:-/tmp/kasparro-cluster}
silos=${SILOS:-3}
cluster_id=${CLUSTER_ID:-kasparro-local}
service_id=${SERVICE_ID:-kasparro}
silo_base=${SILO_PORT_BASE:-11111}
gateway_base=${GATEWAY_PORT_BASE:-30000}
http_base=${SILO_HTTP_BASE:-8081}
api_port=${API_HTTP_PORT:-8080}
silo_dll="$root/Silo/bin/Release/net10.0/Kasparro.Silo.dll"
api_dll="$root/Api/bin/Release/net10.0/Kasparro.Api.dll"

usage() { echo "usage: $0 up|down|status" >&2; exit 2; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Running and not a zombie (a killed process whose parent has not reaped it yet).
alive() {
  local pid
  [ -f "$1" ] || return 1
  pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null && [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]
}

health() {
  # Prints the HTTP code of /health with its status, active silos and problems, or "down".
  local out code body
  out=$(curl -s -m 3 -w '\n%{http_code}' "http://127.0.0.1:$1/health" 2>/dev/null) || { echo "down"; return; }
  code=${out##*$'\n'}
  body=${out%$'\n'*}
  echo "$code $(echo "$body" | grep -o -m1 '"status":"[^"]*"' | head -1) $(echo "$body" | grep -o '"active_silos":[0-9]*') $(echo "$body" | grep -o '"problems":\[[^]]*\]')"
}

# Starts one process in a session (process group) of its own so that down can signal all of it.
launch() {
  local name=$1; shift
  (cd "$root" && exec setsid "$@" >"$state/$name.log" 2>&1 </dev/null) &
  echo $! >"$state/$name.pid"
}

common_env() {
  export Kasparro__Storage__Provider=Postgres
  export ConnectionStrings__Kasparro="$pg"
  export Kasparro__Cluster__ClusterId="$cluster_id" Kasparro__Cluster__ServiceId="$service_id"
  # The cluster is on loopback: every silo advertises 127.0.0.1 (unset, each would advertise this machine's
  # interface address instead, which works too but depends on the machine's network). An exported value wins.
  export Kasparro__Cluster__AdvertisedAddress="${Kasparro__Cluster__AdvertisedAddress:-127.0.0.1}"
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
  # Each process exits within this after SIGTERM, database or not: well before `down` sends SIGKILL (30 s).
  export shutdownTimeoutSeconds="${shutdownTimeoutSeconds:-20}"
}

up() {
  if [ -d "$state" ] && ls "$state"/*.pid >/dev/null 2>&1; then
    for f in "$state"/*.pid; do
      if alive "$f"; then echo "cluster.sh: already running ($f); run down first" >&2; exit 1; fi
    done
  fi
  mkdir -p "$state"
  local i ports=("$api_port")
  for ((i = 0; i < silos; i++)); do ports+=($((silo_base + i)) $((gateway_base + i)) $((http_base + i))); done
  for p in "${ports[@]}"; do
    if port_busy "$p"; then echo "cluster.sh: port $p is in use; change the *_BASE / API_HTTP_PORT variables" >&2; exit 1; fi
  done

  if [ -z "${NO_BUILD:-}" ]; then
    echo "cluster.sh: building Silo and Api (Release)"
    dotnet build "$root/Silo/Silo.csproj" -c Release -nologo -clp:ErrorsOnly >/dev/null
    dotnet build "$root/Api/Api.csproj" -c Release -nologo -clp:ErrorsOnly >/dev/null
  fi

  if [ -n "${KASPARRO_CLUSTER_PG:-}" ]; then
    pg=$KASPARRO_CLUSTER_PG
  else
    pg=$("$root/deploy/local/postgres.sh" start "$state/pg")
  fi
  echo "$pg" >"$state/connection-string"
  common_env

  for ((i = 0; i < silos; i++)); do
    Kasparro__Cluster__SiloPort=$((silo_base + i)) Kasparro__Cluster__GatewayPort=$((gateway_base + i)) \
      launch "silo-$i" dotnet "$silo_dll" --urls "http://127.0.0.1:$((http_base + i))"
    echo "$((http_base + i))" >"$state/silo-$i.http"
  done
  Kasparro__Api__Mode=Client launch gateway dotnet "$api_dll" --urls "http://127.0.0.1:$api_port"
  echo "$api_port" >"$state/gateway.http"

  echo "cluster.sh: waiting for /health of $silos silos and the gateway"
  local deadline=$((SECONDS + 180)) f name
  for f in "$state"/*.http; do
    name=$(basename "$f" .http)
    until [ "$(health "$(cat "$f")" | cut -d' ' -f1)" = 200 ]; do
      if ! alive "$state/$name.pid"; then echo "cluster.sh: $name exited; see $state/$name.log" >&2; tail -20 "$state/$name.log" >&2; exit 1; fi
      if ((SECONDS > deadline)); then echo "cluster.sh: $name not healthy after 180 s; see $state/$name.log" >&2; exit 1; fi
      sleep 1
    done
  done
  status
}

status() {
  [ -d "$state" ] || { echo "cluster.sh: nothing started (no $state)"; exit 1; }
  local f name pid
  printf '%-10s %-8s %-7s %s\n' PROCESS PID STATE "HEALTH (http port: code, status, silos, problems)"
  for f in "$state"/*.pid; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .pid); pid=$(cat "$f")
    if alive "$f"; then
      printf '%-10s %-8s %-7s %s: %s\n' "$name" "$pid" running "$(cat "$state/$name.http")" "$(health "$(cat "$state/$name.http")")"
    else
      printf '%-10s %-8s %-7s\n' "$name" "$pid" stopped
    fi
  done
  [ -f "$state/connection-string" ] && echo "database: $(cat "$state/connection-string")"
  return 0
}

stop_one() {
  local f=$1 pid i
  pid=$(cat "$f")
  if alive "$f"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do alive "$f" || break; sleep 0.1; done
    if alive "$f"; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$f"
}

down() {
  [ -d "$state" ] || { echo "cluster.sh: nothing to stop"; return 0; }
  [ -f "$state/gateway.pid" ] && stop_one "$state/gateway.pid"
  local f
  for f in "$state"/silo-*.pid; do [ -f "$f" ] && stop_one "$f"; done
  [ -d "$state/pg" ] && "$root/deploy/local/postgres.sh" stop "$state/pg"
  rm -f "$state"/*.http "$state/connection-string"
  echo "cluster.sh: stopped (logs kept in $state)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) usage ;;
esac
