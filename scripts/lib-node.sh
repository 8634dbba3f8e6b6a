# Shared by scripts/crash.sh and scripts/soak.sh (sourced, not run): a throwaway node netns with a private dataDir,
# pod namespaces, plugin calls as a runtime makes them, and the leak checks. Nothing here touches the machine's own
# network namespace: every `ip`/`iptables`/`nft` runs inside a namespace this run created, and cleanup removes them.

run_id=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
node="kr${run_id}-node"
data=$(mktemp -d /tmp/k8snet-rel-XXXXXX)
net=relnet
pods_made=0

node_cleanup() {
  shopt -s nullglob
  local ns
  for ns in /run/netns/kr"$run_id"-*; do
    ip netns pids "${ns##*/}" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "${ns##*/}" 2>/dev/null || true
  done
  rm -rf "$data"
}

node_create() {
  ip netns add "$node"
  ip netns exec "$node" ip link set lo up
}

# new_pod NAME: creates /run/netns/kr<run>-NAME
new_pod() {
  ip netns add "kr${run_id}-$1"
  pods_made=$((pods_made + 1))
}

del_pod_ns() { ip netns del "kr${run_id}-$1" 2>/dev/null || true; }

pod_path() { echo "/run/netns/kr${run_id}-$1"; }

# config VERSION [valid-attachments-json]
config() {
  local extra=""
  [[ -n ${2:-} ]] && extra=",\"cni.dev/valid-attachments\":$2"
  printf '{"cniVersion":"%s","name":"%s","type":"bridge","bridge":"krel0","isGateway":true,"ipMasq":true%s,"ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"10.231.0.0/22"}]],"routes":[{"dst":"0.0.0.0/0"}]}}' \
    "$1" "$net" "$extra" "$data"
}

# cni BINARY VERB CONTAINER NETNS [stdin-config] -- prints the plugin's stdout; returns its exit status.
# Extra environment (K8SNET_CRASH_AT) comes from the caller's environment.
cni() {
  local bin=$1 verb=$2 id=$3 netns=$4 conf=${5:-$(config 1.1.0)}
  CNI_COMMAND=$verb CNI_CONTAINERID=$id CNI_NETNS=$netns CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni K8SNET_LOG_FILE=${K8SNET_LOG_FILE:-/dev/null} \
    ip netns exec "$node" "$bin" <<<"$conf"
}

# leftovers ID: what remains of one container after its DEL (veth named for it, lease, NAT rule); prints one line each.
leftovers() {
  local id=$1
  ip netns exec "$node" ip -o link show type veth 2>/dev/null | grep -F "k8snet/$net/$id/" | sed 's/^/veth: /' || true
  local ip
  for ip in $(lease_ips); do
    [[ $(lease_owner "$ip") == "$id" ]] && echo "lease: $ip"
  done
  ip netns exec "$node" iptables-save -t nat 2>/dev/null | grep -F "id: \\\"$id\\\"" | sed 's/^/nat: /' || true
}

# lease_ips: the addresses that have a lease file
lease_ips() {
  shopt -s nullglob
  local f
  for f in "$data/$net"/*; do
    local b=${f##*/}
    [[ $b =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ || $b =~ : ]] && echo "$b"
  done
}

# lease_owner IP: the container ID line of a lease file (first line)
lease_owner() { head -n1 "$data/$net/$1" 2>/dev/null | tr -d '\r'; }

# masq_rules: masquerade rules (nft table k8snet or iptables CNI- chains) on the node
masq_rules() {
  { ip netns exec "$node" nft list ruleset 2>/dev/null | grep -c masquerade || true; } | head -n1
}

# node_veths: number of veths on the node
node_veths() { ip netns exec "$node" ip -o link show type veth 2>/dev/null | wc -l; }
