#!/usr/bin/env bash
# Profiles K8sNet at a node size: a throwaway node netns with LEVEL pods (each in its own netns, added by k8snet),
# then RUNS ADD+DEL pairs of one more pod under `perf record -g`. Everything it makes is removed on exit.
# Usage: scripts/perf-scale.sh LEVEL RUNS OUTPUT.data   (then: perf report -i OUTPUT.data --comm k8snet)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -ne 3 ]]; then
  echo "usage: scripts/perf-scale.sh LEVEL RUNS OUTPUT.data" >&2
  exit 2
fi
source scripts/lib-root.sh
require_root perf-scale "it creates throwaway network namespaces" "$@"
command -v perf >/dev/null || { echo "perf-scale: needs perf (apt-get install linux-perf)" >&2; exit 2; }
level=$1 runs=$2 out=$3
bin=${K8SNET_BINARY:-$PWD/artifacts/bin/k8snet}
run=kp$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
dir=$(mktemp -d /tmp/k8snet-perf-XXXXXX)
cleanup() {
  shopt -s nullglob
  local names=()
  for ns in /run/netns/"$run"-*; do names+=("netns del ${ns##*/}"); done
  ((${#names[@]} == 0)) || printf '%s\n' "${names[@]}" | ip -batch - 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

node=$run-node
ip netns add "$node"
ip -n "$node" link set lo up
printf '%s' '{"cniVersion":"0.3.1","name":"bridge","type":"bridge","bridge":"cnio0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","dataDir":"'"$dir"'","ranges":[[{"subnet":"10.200.0.0/16"}]],"routes":[{"dst":"0.0.0.0/0"}]}}' >"$dir/conf"
cat >"$dir/cni.sh" <<EOS
# cni.sh VERB POD CONTAINERID: one invocation as a runtime makes it (already inside the node netns)
CNI_COMMAND=\$1 CNI_CONTAINERID=\$3 CNI_NETNS=/run/netns/\$2 CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni \
  K8SNET_LOG_FILE=$dir/log $bin <$dir/conf >/dev/null
EOS
((level == 0)) || seq 1 "$level" | sed "s/^/netns add $run-p/" | ip -batch -
seq 1 "$level" | ip netns exec "$node" xargs -r -P 8 -I{} bash "$dir/cni.sh" ADD "$run-p{}" "c{}"
ip netns add "$run-probe"
echo "perf-scale: $(ip -n "$node" -o link show type veth | wc -l) pods on the node, $(ls /run/netns | wc -l) netns on the machine"
ip netns exec "$node" perf record -q -F 4999 -g -o "$out" -- bash -c \
  "for i in \$(seq 1 $runs); do bash $dir/cni.sh ADD $run-probe probe; bash $dir/cni.sh DEL $run-probe probe; done"
