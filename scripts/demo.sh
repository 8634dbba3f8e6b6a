#!/usr/bin/env bash
# The main job for a newcomer: install what is needed, build the AOT binary, and demo it on throwaway namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-root.sh
require_root demo "it installs packages and creates network namespaces" "$@"

scripts/deps.sh
scripts/publish.sh
bin=artifacts/bin/k8snet

echo
echo "== k8snet VERSION"
echo '{"cniVersion":"1.0.0"}' | CNI_COMMAND=VERSION "$bin"; echo
if [[ -x scripts/cluster.sh ]]; then
  scripts/cluster.sh demo
fi
