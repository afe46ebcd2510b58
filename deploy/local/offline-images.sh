#!/usr/bin/env bash
# Sourced by deploy/local/containers.sh: the base images. The real ones are pulled when a registry
# answers; when none does (an offline machine), local stand-ins are built instead and named as such:
#   localhost/kasparro-offline-debian:bookworm        debootstrap --variant=minbase + the machine's CA certificates
#   localhost/kasparro-offline-dotnet-aspnet:10.0     + the machine's .NET host and shared runtimes, user app (uid 1654)
#   localhost/kasparro-offline-dotnet-sdk:10.0        + the rest of the machine's .NET SDK
#   localhost/kasparro-offline-postgres:15            Debian's PostgreSQL 15 (offline/postgres.Containerfile)
#   localhost/kasparro-offline-prometheus:2           Debian's prometheus (offline/prometheus.Containerfile)
# There is no Grafana package to stand in for grafana/grafana: offline, the stack runs without it.
# Stand-ins are kept between runs (rebuilt when the machine's .NET SDK or deploy/local/offline/*
# changes); images built on them carry the machine's extra CA certificates: never push them. Remove with
#   podman rmi $(podman images --filter label=kasparro.offline --quiet)
# Sets: SDK_IMAGE RUNTIME_IMAGE POSTGRES_IMAGE PROMETHEUS_IMAGE GRAFANA_IMAGE (empty: none) offline (0|1).

offline_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/offline

real_images=(mcr.microsoft.com/dotnet/sdk:10.0 mcr.microsoft.com/dotnet/aspnet:10.0 docker.io/library/postgres:16
  docker.io/prom/prometheus:v3.5.0 docker.io/grafana/grafana:12.1.0)

pull_real_images() {
  local image
  for image in "${real_images[@]}"; do
    "$engine" image inspect "$image" >/dev/null 2>&1 || timeout 600 "$engine" pull -q "$image" >/dev/null 2>&1 || return 1
  done
}

debian_mirror() {
  local uri
  uri=$(grep -h -m1 -E '^URIs: +http' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1 | awk '{print $2}')
  [ -n "$uri" ] || uri=$(grep -h -m1 -E '^deb +http' /etc/apt/sources.list 2>/dev/null | awk '{print $2}')
  echo "${DEBIAN_MIRROR:-${uri:-http://deb.debian.org/debian}}"
}

# Builds one stand-in unless it exists with this machine's SDK version.
standin() {
  local name=$1 file=$2 context=$3; shift 3
  if [ "$("$engine" image inspect --format '{{index .Config.Labels "kasparro.offline"}}' "$name" 2>/dev/null)" = "$sdk_version" ]; then
    return 0
  fi
  engine_log "offline fallback: building $name"
  local out
  out=$(mktemp)
  if ! "$engine" build "${build_format[@]}" -q --label "kasparro.offline=$sdk_version" -f "$offline_dir/$file" -t "$name" "$@" "$context" >"$out" 2>&1; then
    tail -30 "$out" >&2; rm -f "$out"; return 1
  fi
  rm -f "$out"
}

build_debian_base() {
  local name=localhost/kasparro-offline-debian:bookworm tmp
  if [ "$("$engine" image inspect --format '{{index .Config.Labels "kasparro.offline"}}' "$name" 2>/dev/null)" = "$sdk_version" ]; then
    return 0
  fi
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends debootstrap >/dev/null
  engine_log "offline fallback: building $name with debootstrap from $(debian_mirror)"
  tmp=$(mktemp -d /tmp/kasparro-rootfs.XXXXXX)
  if ! debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata,zlib1g \
      bookworm "$tmp/rootfs" "$(debian_mirror)" >"$tmp/debootstrap.log" 2>&1; then
    tail -20 "$tmp/debootstrap.log" >&2; rm -rf "$tmp"; return 1
  fi
  # TLS to the package registries may be intercepted here: the machine's extra CAs go in too.
  cp /usr/local/share/ca-certificates/*.crt "$tmp/rootfs/usr/local/share/ca-certificates/" 2>/dev/null || true
  chroot "$tmp/rootfs" update-ca-certificates >/dev/null 2>&1
  rm -rf "$tmp/rootfs/var/lib/apt/lists/"* "$tmp/rootfs/var/cache/apt/archives/"*.deb
  tar -C "$tmp/rootfs" -c . | "$engine" import --change 'CMD ["bash"]' \
    --change "LABEL kasparro.offline=$sdk_version" - "$name" >/dev/null 2>&1
  local rc=$?
  rm -rf "$tmp"
  return $rc
}

build_offline_images() {
  local dotnet_root
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  # The stand-ins' key: the machine's SDK and the files they are built from.
  sdk_version="$(dotnet --version)-$(cat "$offline_dir"/* | sha256sum | cut -c1-12)"
  build_debian_base \
    && standin localhost/kasparro-offline-dotnet-aspnet:10.0 aspnet.Containerfile "$dotnet_root" \
    && standin localhost/kasparro-offline-dotnet-sdk:10.0 sdk.Containerfile "$dotnet_root" \
      --build-arg "NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-online}" \
    && standin localhost/kasparro-offline-postgres:15 postgres.Containerfile "$offline_dir" \
    && standin localhost/kasparro-offline-prometheus:2 prometheus.Containerfile "$offline_dir"
}

images_prepare() {
  if [ "${KASPARRO_OFFLINE:-}" != 1 ] && pull_real_images; then
    offline=0
    SDK_IMAGE=${real_images[0]} RUNTIME_IMAGE=${real_images[1]} POSTGRES_IMAGE=${real_images[2]}
    PROMETHEUS_IMAGE=${real_images[3]} GRAFANA_IMAGE=${real_images[4]}
    return 0
  fi
  if [ "${KASPARRO_OFFLINE:-}" = 0 ]; then
    engine_log "the real base images could not be pulled (${real_images[*]}) and KASPARRO_OFFLINE=0 forbids the stand-ins"
    return 1
  fi
  offline=1
  engine_log "OFFLINE FALLBACK: no registry answers; building local stand-ins for the base images (see deploy/local/offline)"
  exec 8>/tmp/kasparro-offline-images.lock
  flock 8
  build_offline_images
  local rc=$?
  flock -u 8
  SDK_IMAGE=localhost/kasparro-offline-dotnet-sdk:10.0 RUNTIME_IMAGE=localhost/kasparro-offline-dotnet-aspnet:10.0
  POSTGRES_IMAGE=localhost/kasparro-offline-postgres:15 PROMETHEUS_IMAGE=localhost/kasparro-offline-prometheus:2 GRAFANA_IMAGE=""
  return $rc
}
