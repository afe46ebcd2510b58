#!/usr/bin/env bash
# The test command: builds the solution, runs every test project and prints one summary line,
#   tests: N passed, M failed[, K skipped]
#
# PostgreSQL: unless KASPARRO_TEST_PG names an existing server (a connection string of a role that
# may create databases), a throwaway server is started on a free loopback port and always stopped
# at the end. Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Schema").
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

results=$(mktemp -d /tmp/kasparro-results.XXXXXX)
pg_state=""

cleanup() {
  if [ -n "$pg_state" ]; then "$root/deploy/local/postgres.sh" stop "$pg_state" || true; fi
  rm -rf "$results"
}
trap cleanup EXIT INT TERM

if [ -z "${KASPARRO_TEST_PG:-}" ]; then
  pg_state=$(mktemp -d /tmp/kasparro-pg.XXXXXX)
  if ! KASPARRO_TEST_PG=$("$root/deploy/local/postgres.sh" start "$pg_state"); then
    echo "tests/run.sh: could not start PostgreSQL" >&2
    echo "tests: 0 passed, 1 failed"
    exit 1
  fi
  export KASPARRO_TEST_PG
  echo "tests/run.sh: PostgreSQL started for this run ($KASPARRO_TEST_PG)"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! dotnet build Kasparro.Orleans.sln -c Release -warnaserror -nologo -clp:ErrorsOnly; then
  echo "tests/run.sh: build failed" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

dotnet test Kasparro.Orleans.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" --logger "console;verbosity=normal" "$@"
status=$?

# Sum the counters of every TRX file: one summary line for the whole suite.
passed=0; failed=0; skipped=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { local v; v=$(echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); echo "${v:-0}"; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done

# A crashed test host writes no (or a partial) result: never report such a run as green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$total" -eq 0 ]; then failed=$((failed > 0 ? failed : 1)); fi

# The failed tests' names and first lines again, last: a log that keeps only its tail (CI's) still
# names what failed and why.
if [ "$failed" -gt 0 ] && command -v python3 >/dev/null; then
  python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        print(f"FAILED {r.get('testName')} ({r.get('duration')})")
        for tag in ("Message", "StackTrace"):
            e = r.find(f".//t:ErrorInfo/t:{tag}", ns)
            lines = (e.text or "").strip().splitlines() if e is not None else []
            for l in lines[: 12 if tag == "Message" else 6]:
                print("    " + l[:400])
PY
fi

line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
