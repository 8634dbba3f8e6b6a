#!/usr/bin/env bash
# Benchmark: K8sNet vs the reference bridge+host-local plugins vs the kernel's floor (`ip -batch`), side by side,
# in throwaway network namespaces (never the machine's own). `scripts/bench.sh --help` for what it measures.
# The driver is scripts/bench.py; this wrapper checks root, publishes the binary if missing, and guarantees that
# every namespace and temp file of the run is gone afterwards, whatever happens to the driver.
set -euo pipefail
cd "$(dirname "$0")/.."

python=/usr/bin/python3
[[ -x $python ]] || python=python3

for arg in "$@"; do
  [[ $arg == -h || $arg == --help ]] && exec "$python" scripts/bench.py --help
done
source scripts/lib-root.sh
require_root bench "it creates throwaway network namespaces" "$@"
if [[ -z ${K8SNET_BINARY:-} && ! -x artifacts/bin/k8snet ]]; then
  scripts/publish.sh >&2
fi

run=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
tmp=$(mktemp -d /tmp/k8snet-bench-XXXXXX)
cleanup() {
  local names=()
  shopt -s nullglob
  for ns in /run/netns/kb"$run"-*; do names+=("netns del ${ns##*/}"); done
  ((${#names[@]} == 0)) || printf '%s\n' "${names[@]}" | ip -batch - 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The driver runs in the background so that a signal to this script reaches it at once (bash would otherwise
# defer the trap until the driver ends); SIGTERM makes it stop and remove what it made, then cleanup() sweeps.
KBENCH_RUN=$run KBENCH_TMP=$tmp "$python" scripts/bench.py "$@" &
driver=$!
trap 'kill -TERM "$driver" 2>/dev/null || true' INT TERM
status=0
while true; do
  wait "$driver" && status=0 || status=$?
  kill -0 "$driver" 2>/dev/null || break
done
exit "$status"
