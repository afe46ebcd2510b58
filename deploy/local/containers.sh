#!/usr/bin/env bash
# The containers, run for real: builds both images, starts the compose stack (PostgreSQL, 2 silos,
# the gateway in client mode, Prometheus; Grafana where its image exists), waits for health,
# runs the CSV source through the gateway, checks Prometheus scrapes every target, kills one silo
# and checks the gateway keeps serving and a run completes on the other, then removes everything
# it created (containers, network, volume, its images; the offline base stand-ins are kept).
#
#   deploy/local/containers.sh            the smoke test; prints its figures, exits non-zero on any failure
#   deploy/local/containers.sh prepare    only the engine, the base images (pulled, or the offline
#                                         stand-ins built) and the build cache (both images built, their
#                                         tags removed): .ci/run starts it at nice 19 beside the tests
#
# Docker when an engine answers, podman otherwise (see container-engine.sh); the real base images
# when a registry answers, local stand-ins otherwise (see offline-images.sh; KASPARRO_OFFLINE=1
# forces them, KASPARRO_OFFLINE=0 forbids them: no registry is then a failure). Safe to run twice
# at once: a project name and image tags of its own, and every
# port published on 127.0.0.1 at a port the engine picks.
set -euo pipefail
command=${1:-smoke}
case "$command" in smoke|prepare) ;; *) echo "usage: $0 [smoke|prepare]" >&2; exit 2 ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
project="kasparro-smoke-$(date +%s)-$$"
state=$(mktemp -d "/tmp/$project.XXXX")
key=compose-api-key
failed=""
prober=""
# shellcheck source=deploy/local/container-engine.sh
source "$here/container-engine.sh"
# shellcheck source=deploy/local/offline-images.sh
source "$here/offline-images.sh"
# shellcheck source=deploy/local/container-checks.sh
source "$here/container-checks.sh"

log() { echo "containers.sh: $*"; }
fail() { failed="$*"; log "FAILED: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

dc() { "${compose[@]}" -p "$project" -f "$root/deploy/docker-compose.yml" "$@"; }

teardown() {
  local rc=$?
  set +e
  if [ -n "${prober:-}" ]; then touch "$state/probe.stop"; kill "$prober" 2>/dev/null; wait "$prober" 2>/dev/null; fi
  if [ -n "${engine:-}" ]; then
    if [ "$rc" -ne 0 ] && [ -n "${compose:-}" ]; then
      log "logs of every service (last 40 lines each):"
      dc logs --no-color --tail 40 2>&1 | sed 's/^/  | /'
    fi
    dc down --volumes --remove-orphans --timeout 10 >/dev/null 2>&1
    "$engine" rmi -f "$SILO_IMAGE" "$API_IMAGE" >/dev/null 2>&1
    engine_stop
  fi
  rm -rf "$state"
  if [ "$rc" -eq 0 ]; then log "passed; everything it created is removed"; else log "failed${failed:+: $failed}"; fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

SILO_IMAGE="localhost/kasparro-silo:$project"
API_IMAGE="localhost/kasparro-api:$project"
started=$(now_ms)
engine_start "$state" || fail "no container engine"
t=$(now_ms)
images_prepare || fail "the base images could not be prepared"
figure_base="$(seconds_since "$t") s"
if [ "$command" = prepare ]; then log "base images ready in $figure_base (offline=$offline)"; fi

# Builds one target; sets build_figure (time and size). Diagnostics go to stderr, not into a capture.
build() {
  local target=$1 tag=$2 t
  t=$(now_ms)
  if ! "$engine" build "${build_format[@]}" -q -f "$root/deploy/docker/Dockerfile" --target "$target" \
      --build-arg "SDK_IMAGE=$SDK_IMAGE" --build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE" -t "$tag" "$root" >"$state/build-$target.log" 2>&1; then
    tail -40 "$state/build-$target.log" >&2
    fail "the $target image did not build"
  fi
  build_figure="$(seconds_since "$t") s, $(( $("$engine" image inspect --format '{{.Size}}' "$tag") / 1000000 )) MB"
}
build silo "$SILO_IMAGE"
figure_silo=$build_figure
build api "$API_IMAGE"
figure_api=$build_figure
if [ "$command" = prepare ]; then
  # The smoke test's own builds then take their layers from the cache.
  log "build cache warmed: silo $figure_silo, api $figure_api"
  exit 0
fi
log "silo image built: $figure_silo"
log "api image built (its build stage reused): $figure_api"

export KASPARRO_SILO_IMAGE=$SILO_IMAGE KASPARRO_API_IMAGE=$API_IMAGE
export KASPARRO_POSTGRES_IMAGE=$POSTGRES_IMAGE KASPARRO_PROMETHEUS_IMAGE=$PROMETHEUS_IMAGE KASPARRO_GRAFANA_IMAGE=${GRAFANA_IMAGE:-none}
export KASPARRO_API_PUBLISH=127.0.0.1: KASPARRO_SILO1_PUBLISH=127.0.0.1: KASPARRO_SILO2_PUBLISH=127.0.0.1:
export KASPARRO_PROMETHEUS_PUBLISH=127.0.0.1: KASPARRO_GRAFANA_PUBLISH=127.0.0.1:
services=(silo1 silo2 api prometheus)
[ -n "$GRAFANA_IMAGE" ] && services+=(grafana)

t=$(now_ms)
dc up -d --no-build postgres >"$state/up.log" 2>&1 || { cat "$state/up.log"; fail "compose up postgres"; }
wait_healthy postgres 120 || fail "postgres did not become healthy"
dc up -d --no-build "${services[@]}" >>"$state/up.log" 2>&1 || { cat "$state/up.log"; fail "compose up ${services[*]}"; }
api=$(published api 8080) silo1=$(published silo1 8080) silo2=$(published silo2 8080) prom=$(published prometheus 9090)
wait_http "http://$api/health" 200 180 || fail "the gateway's /health did not answer 200"
wait_http "http://$silo1/health" 200 60 || fail "silo1's /health did not answer 200"
wait_http "http://$silo2/health" 200 60 || fail "silo2's /health did not answer 200"
for s in silo1 silo2 api; do wait_healthy "$s" 60 || fail "$s's HEALTHCHECK did not pass"; done
figure_start="$(seconds_since "$t") s"
log "stack up and healthy in $figure_start (images: silo $SILO_IMAGE, api $API_IMAGE, postgres $POSTGRES_IMAGE, prometheus $PROMETHEUS_IMAGE${GRAFANA_IMAGE:+, grafana $GRAFANA_IMAGE})"

check_csv_run first
check_prometheus_targets 3 90 || fail "Prometheus does not scrape every target"
[ -n "$GRAFANA_IMAGE" ] && { wait_http "http://$(published grafana 3000)/api/health" 200 90 || fail "Grafana did not answer"; }
check_failover
check_csv_run "after the failover"

log "figures: offline=$offline; base images $figure_base; silo image $figure_silo; api image $figure_api;" \
  "stack start to healthy $figure_start; failover window $figure_failover; whole run $(seconds_since "$started") s"
