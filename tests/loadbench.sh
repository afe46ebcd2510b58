#!/usr/bin/env bash
# Load benchmark of the REST gateway in Postgres mode: a few thousand assets ingested through a
# source, then many concurrent connections from this machine on /data (with and without filters, and
# a mix of pages 1-100 and filters, also from one connection), /stats and /runs, and /stats, /health
# and /metrics with 10 and with 100,000 runs in the run log. Two phases on the same database: the
# gateway with its query cache (the default 1 s; /data only), then restarted with the cache off
# (Kasparro:Queries:CacheDuration=00:00:00; everything). The /data figures are printed side by side.
# Starts a throwaway PostgreSQL unless KASPARRO_TEST_PG names one; starts and stops the gateway.
#   tests/loadbench.sh                                   # 3,000 assets, 64 connections, 10 s per endpoint
#   tests/loadbench.sh --assets 5000 --concurrency 128 --seconds 20
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
assets=3000; concurrency=64; seconds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --assets) assets=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "loadbench: unknown option $1" >&2; exit 2 ;;
  esac
done

pg_state=""; gateway_pid=""; db_made=""; work=$(mktemp -d /tmp/kasparro-loadbench.XXXXXX)
db="kasparro_loadbench"
sql() { dotnet "$root/tests/Kasparro.LoadBench/bin/Release/net10.0/Kasparro.LoadBench.dll" sql "$KASPARRO_TEST_PG" "$1"; }
cleanup() {
  if [ -n "$gateway_pid" ]; then kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; fi
  if [ -n "$db_made" ]; then sql "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; fi
  if [ -n "$pg_state" ]; then "$root/deploy/local/postgres.sh" stop "$pg_state" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
if [ -z "${KASPARRO_TEST_PG:-}" ]; then
  pg_state=$(mktemp -d /tmp/kasparro-pg.XXXXXX)
  KASPARRO_TEST_PG=$("$root/deploy/local/postgres.sh" start "$pg_state")
fi

dotnet build Api -c Release -nologo -clp:ErrorsOnly
dotnet build tests/Kasparro.LoadBench -c Release -nologo -clp:ErrorsOnly
bench="dotnet tests/Kasparro.LoadBench/bin/Release/net10.0/Kasparro.LoadBench.dll"

sql "DROP DATABASE IF EXISTS $db WITH (FORCE)"
sql "CREATE DATABASE $db"
db_made=1
cs="$(echo "$KASPARRO_TEST_PG" | sed -E 's/(^|;)[Dd]atabase=[^;]*//');Database=$db"

$bench generate "$work/bench.csv" "$assets"
port=18090
start_gateway() { # $1: the query cache duration
  ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
  Kasparro__Storage__Provider=Postgres ConnectionStrings__Kasparro="$cs" \
  Kasparro__Api__ApiKey=loadbench-key \
  Kasparro__Queries__CacheDuration="$1" \
  Kasparro__Cluster__ClusterId=loadbench Kasparro__Cluster__SiloPort=21411 Kasparro__Cluster__GatewayPort=21412 \
  Kasparro__Cluster__AdvertisedAddress=127.0.0.1 \
  Kasparro__Sources__csv__Enabled=false Kasparro__Sources__coingecko__Enabled=false Kasparro__Sources__rss__Enabled=false \
  Kasparro__Sources__bench__Kind=Csv Kasparro__Sources__bench__Url="$work/bench.csv" Kasparro__Sources__bench__Interval=1.00:00:00 \
    dotnet Api/bin/Release/net10.0/Kasparro.Api.dll --urls "http://127.0.0.1:$port" > "$work/gateway.log" 2>&1 &
  gateway_pid=$!
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/health/live" > /dev/null 2>&1; then return 0; fi
    if ! kill -0 "$gateway_pid" 2>/dev/null; then cat "$work/gateway.log" >&2; exit 1; fi
    sleep 0.5
  done
}
stop_gateway() { kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; gateway_pid=""; }
results="$work/results.tsv"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
echo "== phase 1: query cache on (1 s), /data only"
start_gateway 00:00:01
$bench run --url "http://127.0.0.1:$port" --db "$cs" --key loadbench-key --concurrency "$concurrency" --seconds "$seconds" \
  --phase cached --results "$results" --data-only --gateway-pid "$gateway_pid"
stop_gateway
echo
echo "== phase 2: query cache off (Kasparro__Queries__CacheDuration=00:00:00)"
start_gateway 00:00:00
$bench run --url "http://127.0.0.1:$port" --db "$cs" --key loadbench-key --concurrency "$concurrency" --seconds "$seconds" \
  --phase uncached --results "$results" --gateway-pid "$gateway_pid"
stop_gateway
echo
echo "== /data side by side (req/s, p50 ms, p99 ms)"
awk -F'\t' '
  $1 == "cached" { c[$2] = sprintf("%8s %7s %7s", $3, $4, $5); order[++n] = $2 }
  $1 == "uncached" { u[$2] = sprintf("%8s %7s %7s", $3, $4, $5) }
  END {
    printf "%-40s %-24s %-24s\n", "", "cached", "uncached"
    for (i = 1; i <= n; i++) printf "%-40s %-24s %-24s\n", order[i], c[order[i]], u[order[i]]
  }' "$results"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
