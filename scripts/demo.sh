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
# Its log line goes to stderr: the demo writes nothing outside the namespaces and temp dirs it makes.
echo '{"cniVersion":"1.0.0"}' | CNI_COMMAND=VERSION K8SNET_LOG_FILE=stderr "$bin" 2>/dev/null; echo
if [[ -x scripts/cluster.sh ]]; then
  scripts/cluster.sh demo
fi
