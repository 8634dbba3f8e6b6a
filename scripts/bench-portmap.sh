#!/usr/bin/env bash
# hostPort cost (issue 23): see scripts/bench-portmap.py --help. Throwaway namespaces only; needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-root.sh
require_root bench-portmap "it creates throwaway network namespaces" "$@"
[[ -x artifacts/bin/portmap ]] || scripts/publish.sh >&2
exec python3 scripts/bench-portmap.py "$@"
