#!/usr/bin/env bash
# Small runs end to end (issue 18): the standalone gateway (silo inside) in Postgres mode, a CSV source;
# before each run ROWS new rows are appended to its file, then POST /sources/bench/runs and GET /runs
# polled until the run shows success. Prints trigger → success visible (median/min/max over the warm
# runs, the first run after start apart) and the server's breakdown by phase (log event 2190, Debug).
# Starts a throwaway PostgreSQL unless KASPARRO_TEST_PG names one; starts and stops the gateway.
#   tests/runbench.sh                         # 1,000 rows, 20 warm runs
#   tests/runbench.sh --rows 250 --runs 50 --poll 5
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
rows=1000; runs=20; poll=10
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --poll) poll=$2; shift 2 ;;
    *) echo "runbench: unknown option $1" >&2; exit 2 ;;
  esac
done

pg_state=""; gateway_pid=""; db_made=""; work=$(mktemp -d /tmp/kasparro-runbench.XXXXXX)
db="kasparro_runbench"
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

[ -n "${RUNBENCH_NO_BUILD:-}" ] || dotnet build Api -c Release -nologo -clp:ErrorsOnly
[ -n "${RUNBENCH_NO_BUILD:-}" ] || dotnet build tests/Kasparro.LoadBench -c Release -nologo -clp:ErrorsOnly
bench="dotnet tests/Kasparro.LoadBench/bin/Release/net10.0/Kasparro.LoadBench.dll"

sql "DROP DATABASE IF EXISTS $db WITH (FORCE)"
sql "CREATE DATABASE $db"
db_made=1
cs="$(echo "$KASPARRO_TEST_PG" | sed -E 's/(^|;)[Dd]atabase=[^;]*//');Database=$db"

$bench generate "$work/bench.csv" 0 > /dev/null   # the header only: each run appends its rows
port=18190
env ASPNETCORE_ENVIRONMENT=Production \
Logging__LogLevel__Default=Warning "Logging__LogLevel__Kasparro.Grains.Sources.SourceGrain=Debug" \
Kasparro__Storage__Provider=Postgres ConnectionStrings__Kasparro="$cs" \
Kasparro__Api__ApiKey=runbench-key \
Kasparro__Cluster__ClusterId=runbench Kasparro__Cluster__SiloPort=21511 Kasparro__Cluster__GatewayPort=21512 \
Kasparro__Cluster__AdvertisedAddress=127.0.0.1 \
Kasparro__Sources__csv__Enabled=false Kasparro__Sources__coingecko__Enabled=false Kasparro__Sources__rss__Enabled=false \
Kasparro__Sources__bench__Kind=Csv Kasparro__Sources__bench__Url="$work/bench.csv" Kasparro__Sources__bench__Interval=1.00:00:00 \
Kasparro__Runs__FirstRunAtStart=false \
  dotnet Api/bin/Release/net10.0/Kasparro.Api.dll --urls "http://127.0.0.1:$port" > "$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 240); do
  if curl -fs "http://127.0.0.1:$port/health/live" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$gateway_pid" 2>/dev/null; then cat "$work/gateway.log" >&2; exit 1; fi
  sleep 0.5
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs"
$bench runs --url "http://127.0.0.1:$port" --key runbench-key --csv "$work/bench.csv" --rows "$rows" --runs "$runs" --poll "$poll" --log "$work/gateway.log"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the runs"
