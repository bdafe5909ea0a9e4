#!/usr/bin/env bash
# Restores, builds and runs every test suite in the repository on a fresh machine, then prints one closing line:
# "N passed, N failed". Exit code is non-zero when anything failed or could not run.
set -uo pipefail
cd "$(dirname "$0")"

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

fail() { echo "test.sh: $1" >&2; echo "0 passed, 1 failed"; exit 1; }

command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not on PATH"
[ -d ../shared/fixtures ] || fail "../shared (fixtures and reference oracles) must sit beside this checkout"

dotnet restore CrmAccountability.sln || fail "dotnet restore failed"
dotnet build CrmAccountability.sln -c Release --no-restore || fail "dotnet build failed"

start=$(date +%s)
dotnet test CrmAccountability.sln -c Release --no-build \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?
elapsed=$(( $(date +%s) - start ))

passed=0; failed=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: the test run exited with $status without a failing test on record (a suite crashed or did not start)" >&2
  failed=1
fi
[ "$files" -gt 0 ] || { echo "test.sh: no test results were written" >&2; failed=$((failed + 1)); }

echo "test time: ${elapsed}s"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
