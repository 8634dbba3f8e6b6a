#!/usr/bin/env bash
# Runs every test: installs what is needed, publishes the AOT binary (integration tests run it as a runtime
# would), then the unit and integration suites. Must run as root: integration tests create throwaway
# network namespaces (never touching the machine's own network). Long soaks and benchmarks are not here.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib-root.sh
require_root test "it installs packages and the integration tests create network namespaces" "$@"

scripts/deps.sh
scripts/publish.sh
export K8SNET_BINARY="$PWD/artifacts/bin/k8snet"

results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test K8sNet.sln -c Release --nologo --logger "trx" --results-directory "$results" \
  --filter "Category!=Benchmark&Category!=Soak" || status=$?

# One closing line a person (and CI) can read: totals over every test project.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -f $trx ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if ((passed == 0 && status == 0)); then
  echo "test: no test was executed" >&2
  status=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
