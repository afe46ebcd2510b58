#!/usr/bin/env bash
# Ingestion benchmark: N CSV rows through the source grain into PostgreSQL versus plain COPY of the
# same file. Starts a throwaway PostgreSQL unless KASPARRO_TEST_PG names one. Prints its figures.
#   tests/bench.sh                         # 1,000,000 rows, batch size 50,000 (the csv default)
#   tests/bench.sh --rows 200000 --batch-size 50000 --assets 5000
#   tests/bench.sh --default-settings      # the source sets no BatchSize: what any new CSV source gets
#   tests/bench.sh --all                   # three cases in a row: batch 50,000; default settings;
#                                          # 1,000,000 distinct assets (each with its own plain COPY)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
pg_state=""
cleanup() { if [ -n "$pg_state" ]; then "$root/deploy/local/postgres.sh" stop "$pg_state" || true; fi; }
trap cleanup EXIT INT TERM
if [ -z "${KASPARRO_TEST_PG:-}" ]; then
  pg_state=$(mktemp -d /tmp/kasparro-pg.XXXXXX)
  KASPARRO_TEST_PG=$("$root/deploy/local/postgres.sh" start "$pg_state")
  export KASPARRO_TEST_PG
fi
dotnet build tests/Kasparro.Benchmarks -c Release -nologo -clp:ErrorsOnly
bench=tests/Kasparro.Benchmarks/bin/Release/net10.0/Kasparro.Benchmarks.dll
if [ "${1:-}" = "--all" ]; then
  shift
  status=0
  for case in "--batch-size 50000" "--default-settings" "--assets 1000000"; do
    echo "=== case: $case $*"
    # shellcheck disable=SC2086 # the case is two words on purpose
    dotnet "$bench" $case "$@" || status=1
  done
  exit $status
fi
dotnet "$bench" "$@"
