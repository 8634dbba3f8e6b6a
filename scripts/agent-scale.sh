#!/usr/bin/env bash
# On demand, not in CI: the published k8snet-agent against 5,000 simulated Nodes over TLS in a throwaway node netns
# (scripts/agent_scale.py says what is measured). Prints the figures docs/agent-scale.md records.
#   sudo scripts/agent-scale.sh [--nodes N] [--rate EVENTS_PER_S] [--steady-seconds S] [--changes N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-root.sh
require_root agent-scale "it creates a network namespace with 5,000 routes" "$@"

[[ -x artifacts/bin/k8snet-agent ]] || scripts/publish.sh
agent=${K8SNET_AGENT_BINARY:-$PWD/artifacts/bin/k8snet-agent}
ns=k8s-scale-$$-$RANDOM
work=$(mktemp -d /tmp/k8snet-scale.XXXXXX)
cleanup() {
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link set lo up
# Every simulated InternalIP (10.240.0.0/16) is on this link's subnet, so each route's next hop is connected. A veth
# pair, both ends in the netns (not every kernel has the dummy driver).
ip -n "$ns" link add k8s0 type veth peer name k8s1
ip -n "$ns" addr add 10.240.0.1/16 dev k8s0
ip -n "$ns" link set k8s1 up
ip -n "$ns" link set k8s0 up
echo "agent-scale: $(date -u +%FT%TZ) at $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
ip netns exec "$ns" python3 scripts/agent_scale.py --agent "$agent" --workdir "$work" "$@"
