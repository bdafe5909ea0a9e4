#!/usr/bin/env bash
# Restores, builds and runs every test suite in the repository on a fresh machine, then prints one closing line:
# "N passed, N failed" (", N skipped" added when tests were skipped, with the reasons printed above it).
# Exit code is non-zero when anything failed or could not run. Needs nothing beside the checkout; tests that read real
# Dataverse packages run when CRMACC_FIXTURES names a folder of them (.ci/run sets it) and are skipped otherwise.
set -uo pipefail
cd "$(dirname "$0")"
run_start=$(date +%s)

results="artifacts/test-results"
rm -rf "$results" artifacts/browser
mkdir -p "$results"

fail() { echo "test.sh: $1" >&2; echo "0 passed, 1 failed"; exit 1; }

command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not on PATH"
if [ -n "${CRMACC_FIXTURES:-}" ]; then
  [ -d "$CRMACC_FIXTURES" ] || fail "CRMACC_FIXTURES=$CRMACC_FIXTURES is not a folder"
  export CRMACC_FIXTURES="$(cd "$CRMACC_FIXTURES" && pwd)"
fi

pcf="Controls/AttainmentScorecard"
command -v node >/dev/null || fail "Node.js (node, npm) is not on PATH"
if ! command -v chromium >/dev/null; then
  echo "test.sh: installing Debian's chromium for the browser test"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || fail "could not install chromium (apt-get install chromium)"
fi
# npm ci only when the lock file changed since the last install (its hash is stamped into node_modules).
lock_hash=$(sha256sum "$pcf/package-lock.json" | cut -d' ' -f1)
stamp="$pcf/node_modules/.crmacc-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  (cd "$pcf" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed in $pcf"
  echo "$lock_hash" > "$stamp"
fi

pcf_out="$PWD/$results"
check() { # name, command...: one pass/fail check counted with the tests
  local name=$1; shift
  if "$@"; then extra_passed=$((extra_passed + 1)); else echo "test.sh: FAILED: $name" >&2; extra_failed=$((extra_failed + 1)); fi
}
extra_passed=0; extra_failed=0
# pcf-scripts runs ESLint with the Power Apps rules as part of the production build; the packer tests need its output.
check "pcf-scripts production build" bash -c "cd '$pcf' && npm run --silent build"
check "eslint (typescript-eslint + @microsoft/eslint-plugin-power-apps)" bash -c "cd '$pcf' && npx eslint AttainmentScorecard"

dotnet restore CrmAccountability.sln || fail "dotnet restore failed"
dotnet build CrmAccountability.sln -c Release --no-restore || fail "dotnet build failed"

# Tests get a temp folder of their own, removed afterwards: nothing they create outlives the run.
test_tmp=$(mktemp -d "${TMPDIR:-/tmp}/crmacc-run-XXXXXX")
trap 'rm -rf "$test_tmp"' EXIT
start=$(date +%s)
TMPDIR="$test_tmp" dotnet test CrmAccountability.sln -c Release --no-build \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?
elapsed=$(( $(date +%s) - start ))

# PCF control: unit tests and the real browser (its build and lint ran before the .NET tests, which pack its output).
(cd "$pcf" && npx jest --json --outputFile="$pcf_out/jest.json") || true
(cd "$pcf" && node browser-test/run.mjs) || true

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$skipped" -gt 0 ]; then
  echo "skipped tests and why:"
  cat "$results"/*.trx | tr '\n' ' ' | grep -o 'outcome="NotExecuted"[^<]*>.\{0,400\}' | grep -o '<Message>[^<]*</Message>' \
    | sed 's#</\?Message>##g' | sort | uniq -c | sed 's/^/  /'
fi

if [ -f "$results/jest.json" ]; then
  passed=$((passed + $(node -e "const r=require('$pcf_out/jest.json');process.stdout.write(String(r.numPassedTests))")))
  failed=$((failed + $(node -e "const r=require('$pcf_out/jest.json');process.stdout.write(String(r.numFailedTests + r.numRuntimeErrorTestSuites))")))
else
  echo "test.sh: jest wrote no results" >&2; failed=$((failed + 1))
fi
if [ -f artifacts/browser/results.json ]; then
  passed=$((passed + $(node -e "process.stdout.write(String(require('$PWD/artifacts/browser/results.json').passed))")))
  failed=$((failed + $(node -e "process.stdout.write(String(require('$PWD/artifacts/browser/results.json').failed))")))
else
  echo "test.sh: the browser test wrote no results" >&2; failed=$((failed + 1))
fi
passed=$((passed + extra_passed)); failed=$((failed + extra_failed))

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: the test run exited with $status without a failing test on record (a suite crashed or did not start)" >&2
  failed=1
fi
[ "$files" -gt 0 ] || { echo "test.sh: no test results were written" >&2; failed=$((failed + 1)); }

echo "test time: ${elapsed}s (.NET tests), $(( $(date +%s) - run_start ))s in all"
if [ "$skipped" -gt 0 ]; then
  echo "${passed} passed, ${failed} failed, ${skipped} skipped"
else
  echo "${passed} passed, ${failed} failed"
fi
[ "$failed" -eq 0 ]
