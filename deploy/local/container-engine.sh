#!/usr/bin/env bash
# Sourced by deploy/local/containers.sh: finds a container engine and a compose for it.
#   Docker, when `docker info` answers (an engine is running): `docker compose` (v2) or docker-compose.
#   Otherwise podman (installed from Debian's packages when missing and apt-get can), with this
#   folder's podman/containers.conf, and docker-compose 1.29 talking to `podman system service` on a
#   socket of this run's own.
# Sets: engine (docker|podman), compose (an array: the compose command), build_format (podman's
# --format docker, which keeps HEALTHCHECK; Docker's images keep it anyway), engine_service_pid.

engine_service_pid=""
build_format=()

engine_log() { echo "containers.sh: $*" >&2; }

install_podman() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    engine_log "no container engine: install podman (with runc, iptables, netavark, aardvark-dns) and docker-compose, or Docker"
    return 1
  fi
  engine_log "installing podman and docker-compose from Debian's packages"
  # Another install (tests/run.sh's PostgreSQL) may hold the package lock: wait for it.
  local apt=(apt-get -o DPkg::Lock::Timeout=300 -y --no-install-recommends)
  local packages=(podman runc conmon iptables netavark aardvark-dns debootstrap docker-compose)
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${packages[@]}" >/dev/null 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=300 update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${packages[@]}" >/dev/null; }
}

# $1: a folder of this run's own (for the podman API socket and its log).
engine_start() {
  local state=$1
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    engine=docker
    if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
    engine_log "engine: Docker ($(docker version --format '{{.Server.Version}}' 2>/dev/null)), compose: ${compose[*]}"
    return 0
  fi
  if ! command -v podman >/dev/null || ! command -v docker-compose >/dev/null; then
    install_podman || return 1
  fi
  engine=podman
  build_format=(--format docker)
  export CONTAINERS_CONF="${CONTAINERS_CONF:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/podman/containers.conf}"
  local socket="$state/podman.sock"
  podman system service --time=0 "unix://$socket" >"$state/podman-service.log" 2>&1 &
  engine_service_pid=$!
  local i
  for i in $(seq 1 100); do [ -S "$socket" ] && break; sleep 0.1; done
  [ -S "$socket" ] || { engine_log "podman system service did not open $socket"; return 1; }
  export DOCKER_HOST="unix://$socket"
  compose=(docker-compose)
  engine_log "engine: podman $(podman version --format '{{.Client.Version}}'), compose: docker-compose $(docker-compose version --short) over $socket"
}

engine_stop() {
  if [ -n "$engine_service_pid" ]; then
    kill "$engine_service_pid" 2>/dev/null || true
    wait "$engine_service_pid" 2>/dev/null || true
    engine_service_pid=""
  fi
}

# Runs a container's HEALTHCHECK once where the engine does not schedule it (podman without
# systemd); prints the health status (healthy, unhealthy, starting) or "none".
engine_health() {
  local id=$1
  if [ "$engine" = podman ]; then podman healthcheck run "$id" >/dev/null 2>&1 || true; fi
  "$engine" inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id" 2>/dev/null || echo none
}
