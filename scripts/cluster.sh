#!/usr/bin/env bash
# The Kubernetes The Hard Way worker network of seeds 000/004, rebuilt from network namespaces and wired by the real
# k8snet binary, then proven the way the seeds prove it (ip, ethtool, bridge, iptables-save, conntrack, ping).
#
#   scripts/cluster.sh up     three nodes + 2 pods each (pods ADDed through k8snet from inside their node)
#   scripts/cluster.sh test   assertions, PASS/FAIL per line, exit 1 on any FAIL (brings the cluster up and down
#                             itself when it is not up; a cluster that was up is left up with its pods re-added)
#   scripts/cluster.sh down   removes every namespace and directory this cluster made
#   scripts/cluster.sh demo   up + test + a summary (pods, ping matrix, NAT evidence) + down
#
# Layout: netns <prefix>-vpc holds bridge vpc0 (10.240.0.1/24, the cloud's L2 segment/router); node <prefix>-w<i> has
# eth0 10.240.0.2<i>/24 on it, POD_CIDR 10.200.<i>.0/24, and routes to the other nodes' pod CIDRs: where the guide
# types `ip route add 10.200.1.0/24 via 10.240.0.21` on every worker, each node runs `k8snet routes sync` on the
# cluster's Node objects (<state>/nodes.json, the shape of `kubectl get nodes -o json`); pod <prefix>-w<i>-p<j> is a
# netns wired by the plugin. Per node, <state>/<node>/{net.d,bin,data} is "/etc/cni/net.d", "/opt/cni/bin" and the
# host-local dataDir. `test` ends with a fourth worker joining and w1 leaving, followed by routes sync alone.
# Nothing touches the root network namespace: every ip/iptables/nft/conntrack call runs inside a namespace made here.
#
# Env: K8SNET_CLUSTER_PREFIX (default k8snet; names of everything), K8SNET_CLUSTER_STATE (default
# /run/k8snet-cluster/<prefix>), K8SNET_BINARY (default artifacts/bin/k8snet), K8SNET_CLUSTER_IPMASQ (true|false, the
# mode of `up`; the seed's value is true), K8SNET_CLUSTER_IPMASQ_BACKEND (iptables|nftables: adds ipMasqBackend to the
# config, the one departure from the seed's), K8SNET_CLUSTER_REQUIRE_NAT=1 (a binary without ipMasq fails instead of
# skipping the NAT assertions).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
source "$repo/scripts/lib-root.sh"
PREFIX=${K8SNET_CLUSTER_PREFIX:-k8snet}
STATE=${K8SNET_CLUSTER_STATE:-/run/k8snet-cluster/$PREFIX}
BINARY=${K8SNET_BINARY:-$repo/artifacts/bin/k8snet}
WANT_MASQ=${K8SNET_CLUSTER_IPMASQ:-true}
BACKEND=${K8SNET_CLUSTER_IPMASQ_BACKEND:-} # empty: the seed's config, which names none
REQUIRE_NAT=${K8SNET_CLUSTER_REQUIRE_NAT:-0}
NODE_IDS=(0 1 2) # the cluster's members; the join/leave phase of `test` changes them
MAX_NODES=4      # w0..w3: what `down` looks for
PODS_PER_NODE=2
MARKER=.k8snet-cluster   # down deletes $STATE only when this file says we made it
VPC=$PREFIX-vpc

die() { echo "cluster: $*" >&2; exit 2; }
[[ $PREFIX =~ ^[a-z][a-z0-9-]{0,23}$ ]] || die "K8SNET_CLUSTER_PREFIX '$PREFIX' must be [a-z][a-z0-9-]{0,23}"
[[ $STATE == /?*/?* && $STATE != *..* ]] || die "K8SNET_CLUSTER_STATE '$STATE' must be an absolute path two levels deep"
[[ $WANT_MASQ == true || $WANT_MASQ == false ]] || die "K8SNET_CLUSTER_IPMASQ must be true or false"
[[ $BACKEND =~ ^(|iptables|nftables)$ ]] || die "K8SNET_CLUSTER_IPMASQ_BACKEND must be iptables or nftables"

node_ns() { echo "$PREFIX-w$1"; }
pod_ns() { echo "$PREFIX-w$1-p$2"; }
node_ip() { echo "10.240.0.2$1"; }
node_dir() { echo "$STATE/$(node_ns "$1")"; }
short() { echo "${1#"$PREFIX"-}"; }  # k8snet-w0-p1 -> w0-p1, for tables
all_pods() { local i p; for i in "${NODE_IDS[@]}"; do for ((p = 0; p < PODS_PER_NODE; p++)); do echo "$i $p"; done; done; }
ns_exists() { [[ -e /run/netns/$1 ]]; } # not `ip netns list | grep -q`: under pipefail an early grep exit is a false "no"
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# ---------------------------------------------------------------------------------------------------- assertions
PASSED=0 FAILED=0 SKIPPED=0
QUIET_PASS='^$' # keys whose PASS lines are not printed (the demo shows those as tables instead)
FAILURES=()
pass() { PASSED=$((PASSED + 1)); [[ $1 =~ $QUIET_PASS ]] || printf 'PASS [%s] %s\n' "$1" "$2"; }
fail() { FAILED=$((FAILED + 1)); FAILURES+=("FAIL [$1] $2"); printf 'FAIL [%s] %s\n' "$1" "$2"; }
skip() { SKIPPED=$((SKIPPED + 1)); printf 'SKIP [%s] %s\n' "$1" "$2"; }
# report OK(0|1) KEY MESSAGE
report() { if (($1)); then pass "$2" "$3"; else fail "$2" "$3"; fi; }
section() { printf '\n== %s\n' "$*"; }
evidence() { sed -E 's/^/    /; s/(id: \\"[0-9a-f]{12})[0-9a-f]{52}/\1…/g'; } # IDs shortened for the eye only

# ---------------------------------------------------------------------------------------------------- nodes, pods
# A runtime-style 64-hex container ID per pod (the NAT chain name is derived from it).
container_id() { printf '%s' "$1" | sha256sum | cut -c1-64; }

# The seed's config verbatim (KTHW's 10-bridge.conf), except this node's subnet and a per-node ipam dataDir
# (and ipMasqBackend when K8SNET_CLUSTER_IPMASQ_BACKEND asks for one).
write_config() {
  local i=$1 masq=$2 backend=
  [[ -z $BACKEND ]] || backend=$'\n    "ipMasqBackend": "'"$BACKEND"'",'
  cat >"$(node_dir "$i")/net.d/10-bridge.conf" <<EOF
{
    "cniVersion": "0.3.1",
    "name": "bridge",
    "type": "bridge",
    "bridge": "cnio0",
    "isGateway": true,
    "ipMasq": $masq,$backend
    "ipam": {
        "type": "host-local",
        "ranges": [
          [{"subnet": "10.200.$i.0/24"}]
        ],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": "$(node_dir "$i")/data"
    }
}
EOF
}

set_mode() {
  local i
  for i in "${NODE_IDS[@]}"; do write_config "$i" "$1"; done
  echo "$1" >"$STATE/ipmasq"
}

# As kubelet's runtime runs a plugin: from the node's namespace, found by the config's type in CNI_PATH, CNI_* env,
# config on stdin, result on stdout.
cni() {
  local verb=$1 i=$2 pod=$3 conf=$4 dir
  dir=$(node_dir "$i")
  in_ns "$(node_ns "$i")" env CNI_COMMAND="$verb" CNI_CONTAINERID="$(container_id "$pod")" CNI_NETNS="/run/netns/$pod" \
    CNI_IFNAME=eth0 CNI_PATH="$dir/bin" K8SNET_LOG_FILE="$dir/k8snet.log" "$dir/bin/bridge" <"$conf"
}

add_pod() {
  local i=$1 p=$2 pod
  pod=$(pod_ns "$i" "$p")
  ns_exists "$pod" || { ip netns add "$pod" && ip -n "$pod" link set lo up; }
  cp "$(node_dir "$i")/net.d/10-bridge.conf" "$STATE/pods/$pod.conf" # the runtime keeps the ADD's config for DEL
  if ! cni ADD "$i" "$pod" "$STATE/pods/$pod.conf" >"$STATE/pods/$pod.json"; then
    cni DEL "$i" "$pod" "$STATE/pods/$pod.conf" >/dev/null 2>&1 || true # a runtime follows a failed ADD with DEL
    rm -f "$STATE/pods/$pod.conf"
    return 1
  fi
}

add_all_pods() {
  local i p pod
  while read -r i p; do
    pod=$(pod_ns "$i" "$p")
    if add_pod "$i" "$p"; then continue; fi
    if [[ $(cat "$STATE/ipmasq") == true ]] && grep -q "not implemented" "$STATE/pods/$pod.json"; then
      echo "cluster: this k8snet has no ipMasq yet ($(grep -o '"msg": *"[^"]*"' "$STATE/pods/$pod.json")); pods run with ipMasq false" >&2
      echo no >"$STATE/nat-supported"
      set_mode false
      add_pod "$i" "$p" && continue
    fi
    echo "cluster: ADD of $pod failed: $(cat "$STATE/pods/$pod.json")" >&2
    return 1
  done < <(all_pods)
}

del_all_pods() { # prints "pod: error" per failed DEL; the pod namespaces go either way
  local i p pod
  while read -r i p; do
    pod=$(pod_ns "$i" "$p")
    if [[ -f $STATE/pods/$pod.conf ]]; then
      cni DEL "$i" "$pod" "$STATE/pods/$pod.conf" >"$STATE/pods/$pod.del" 2>&1 || echo "$(short "$pod"): $(cat "$STATE/pods/$pod.del")"
      rm -f "$STATE/pods/$pod".{conf,json,del}
    fi
    ! ns_exists "$pod" || ip netns del "$pod"
  done < <(all_pods)
}

add_node() {
  local i=$1 node dir
  node=$(node_ns "$i")
  dir=$(node_dir "$i")
  ip netns add "$node"
  ip -n "$node" link set lo up
  # The node's NIC: a veth created from inside the VPC namespace, its peer born in the node as eth0.
  ip -n "$VPC" link add "w$i" type veth peer name eth0 netns "$node"
  ip -n "$VPC" link set "w$i" master vpc0 up
  ip -n "$node" addr add "$(node_ip "$i")/24" dev eth0
  ip -n "$node" link set eth0 up
  ip -n "$node" route add default via 10.240.0.1
  # On the seeds' workers kube-proxy's rules keep conntrack on; one rule that needs it does the same here, so
  # `conntrack -L` shows un-NATed flows too (a netns tracks nothing until some rule asks for conntrack).
  in_ns "$node" nft -f - <<'EOF'
table inet k8snet_cluster_conntrack {
  chain prerouting { type filter hook prerouting priority -150; ct state new counter; }
}
EOF
  mkdir -p "$dir"/{net.d,bin,data}
  ln -s "$BINARY" "$dir/bin/bridge"
  # k8snet's IPAM is in-process; a plugin directory that ships its own host-local (the reference plugins' does) lends it.
  if [[ -x $(dirname "$BINARY")/host-local ]]; then ln -s "$(dirname "$BINARY")/host-local" "$dir/bin/host-local"; fi
}

cluster_up() {
  [[ -x $BINARY ]] || die "$BINARY not found: run scripts/publish.sh (or set K8SNET_BINARY)"
  BINARY=$(readlink -f "$BINARY")
  local tool i
  for tool in ip bridge iptables-save nft conntrack ping sha256sum sha512sum; do
    command -v "$tool" >/dev/null || die "needs $tool (scripts/deps.sh installs it)"
  done
  cluster_down
  ((!REMOVED)) || echo "cluster: removed leftovers of an earlier run of $PREFIX"
  mkdir -p "$STATE/pods"
  touch "$STATE/$MARKER"
  echo yes >"$STATE/nat-supported"
  ip netns add "$VPC"
  ip -n "$VPC" link set lo up
  ip -n "$VPC" link add vpc0 type bridge
  ip -n "$VPC" addr add 10.240.0.1/24 dev vpc0 # the VPC router's address, the nodes' default gateway
  ip -n "$VPC" link set vpc0 up
  for i in "${NODE_IDS[@]}"; do add_node "$i"; done
  set_mode "$WANT_MASQ"
  add_all_pods
  write_nodelist
  for i in "${NODE_IDS[@]}"; do
    routes_sync "$i" || die "routes sync on $(node_ns "$i") failed: $(cat "$(node_dir "$i")/routes.out")"
  done
  touch "$STATE/up"
}

REMOVED=0
cluster_down() {
  local i p ns
  REMOVED=0
  for ((i = 0; i < MAX_NODES; i++)); do
    for ((p = 0; p < PODS_PER_NODE; p++)); do
      ns=$(pod_ns "$i" "$p")
      ! ns_exists "$ns" || { ip netns del "$ns" && REMOVED=1; }
    done
  done
  for ((i = 0; i < MAX_NODES; i++)); do
    ns=$(node_ns "$i")
    ! ns_exists "$ns" || { ip netns del "$ns" && REMOVED=1; }
  done
  ! ns_exists "$VPC" || { ip netns del "$VPC" && REMOVED=1; }
  if [[ -f $STATE/$MARKER ]]; then
    rm -rf "$STATE" && REMOVED=1
    rmdir "$(dirname "$STATE")" 2>/dev/null || true
  elif [[ -e $STATE ]]; then
    echo "cluster: $STATE was not made by cluster.sh ($MARKER missing); leaving it" >&2
  fi
}

# ---------------------------------------------------------------------------------------------------- checks
declare -A POD_IP POD_MAC POD_VETH POD_PEER PING

json_first() { { grep -o "\"$1\": *\"${2:-}[^\"]*\"" || true; } | sed -n '1s/.*"\([^"]*\)"$/\1/p'; }
mac_of_ip() { local o; IFS=. read -ra o <<<"$1"; printf '0a:58:%02x:%02x:%02x:%02x' "${o[@]}"; }

check_pod() { # what the seed shows with ip link, ifconfig, ethtool -S, ip link | grep '^7:', brctl show, ip route
  local i=$1 p=$2 pod node name json result_ip link ifname addr ip mac want_mac route peer via hostline hostveth
  local result_veth port ok
  pod=$(pod_ns "$i" "$p") node=$(node_ns "$i")
  name=$(short "$pod") json=$STATE/pods/$pod.json
  result_ip=$(json_first address <"$json")
  result_veth=$(json_first name veth <"$json")
  link=$(ip -n "$pod" -o link show eth0 2>/dev/null || true)
  ifname=$(awk -F': ' '{print $2}' <<<"$link")
  addr=$(ip -n "$pod" -o -4 addr show dev eth0 2>/dev/null | awk '{print $4}' || true)
  ip=${addr%/*}
  ok=0 && [[ $ifname =~ ^eth0@if[0-9]+$ && -n $addr && $addr == "$result_ip" && $addr =~ ^10\.200\.$i\.[0-9]+/24$ ]] && ok=1
  report $ok pod-eth0 "$name: ${ifname:-no eth0} has inet ${addr:-none}, the ADD result's ${result_ip:-none}, in 10.200.$i.0/24"

  mac=$(grep -o 'link/ether [0-9a-f:]*' <<<"$link" | cut -d' ' -f2 || true)
  want_mac=$(mac_of_ip "${ip:-0.0.0.0}")
  ok=0 && [[ -n $ip && $mac == "$want_mac" ]] && ok=1
  report $ok pod-mac "$name: eth0 MAC ${mac:-none} is 0a:58 + the IP ($want_mac)"

  route=$(ip -n "$pod" route show default 2>/dev/null || true)
  ok=0 && [[ $route =~ ^default\ via\ 10\.200\.$i\.1\ dev\ eth0 ]] && ok=1
  route=${route% } # ip ends the line with a blank
  report $ok pod-route "$name: ${route:-no default route}"

  peer=$( (in_ns "$pod" ethtool -S eth0 2>/dev/null || true) | awk '/peer_ifindex/ {print $2}') via="ethtool -S"
  [[ -n $peer ]] || { peer=$(in_ns "$pod" cat /sys/class/net/eth0/iflink 2>/dev/null || true) via=iflink; }
  hostline=$(ip -n "$node" -o -d link show 2>/dev/null | grep "^${peer:-x}: " || true)
  hostveth=$(awk -F': ' '{print $2}' <<<"$hostline") hostveth=${hostveth%@*}
  port=$( [[ -z $hostveth ]] || bridge -n "$node" link show dev "$hostveth" 2>/dev/null || true)
  ok=0 && [[ -n $peer && $ifname == "eth0@if$peer" && $hostveth == "$result_veth" && $hostveth == veth* \
    && $hostline == *"master cnio0"* && $hostline == *bridge_slave* && $port == *"master cnio0"* ]] && ok=1
  report $ok pod-peer "$name: peer_ifindex $peer ($via) is $(short "$node")'s ${hostveth:-nothing}, a port of cnio0"

  POD_IP[$pod]=$ip POD_MAC[$pod]=$mac POD_VETH[$pod]=$hostveth POD_PEER[$pod]=$peer
}

check_node() {
  local i=$1 j node name route ok others=() bad=0 ports
  node=$(node_ns "$i") name=$(short "$(node_ns "$i")")
  route=$(ip -n "$node" route show "10.200.$i.0/24" 2>/dev/null || true)
  ok=0 && [[ $route == "10.200.$i.0/24 dev cnio0 proto kernel scope link src 10.200.$i.1"* ]] && ok=1
  route=${route% }
  report $ok node-route "$name: ${route:-no route for 10.200.$i.0/24}"
  for j in "${NODE_IDS[@]}"; do
    ((j == i)) && continue
    route=$(ip -n "$node" route show "10.200.$j.0/24" 2>/dev/null || true)
    others+=("${route:-no route for 10.200.$j.0/24}")
    [[ $route == "10.200.$j.0/24 via $(node_ip "$j") dev eth0 proto 58"* ]] || bad=1 # made by routes sync
  done
  report $((!bad)) node-peer-routes "$name: $(IFS=';'; echo "${others[*]}" | sed 's/ *;/; /g; s/ *$//')"
  ports=$(bridge -n "$node" link show 2>/dev/null | grep -c 'master cnio0' || true)
  ok=0 && [[ $ports == "$PODS_PER_NODE" ]] && ok=1
  report $ok node-bridge-ports "$name: cnio0 has $ports veth ports (one per pod)"
}

# One `ip netns exec` per source, pinging every target in turn; a first echo can be lost to ARP on a just-created
# port, so each target gets one retry. Prints ok or NO per target, in order.
ping_from() {
  local ns=$1
  shift
  in_ns "$ns" bash -c 'for t in "$@"; do
      if [[ -n $t ]] && { ping -c1 -W1 -q "$t" || ping -c1 -W1 -q "$t"; } >/dev/null 2>&1; then echo ok; else echo NO; fi
    done' _ "$@"
}

# Every pod and node pings every other pod and node; the results feed the per-kind assertions and the table.
ping_matrix() { # [KEY-PREFIX]
  local prefix=${1:-}
  local -a names=() nss=() ips=() nodes=() results=()
  local i p a b kind key
  while read -r i p; do names+=("$(short "$(pod_ns "$i" "$p")")"); nss+=("$(pod_ns "$i" "$p")"); ips+=("${POD_IP[$(pod_ns "$i" "$p")]}"); nodes+=("$i"); done < <(all_pods)
  for i in "${NODE_IDS[@]}"; do names+=("w$i"); nss+=("$(node_ns "$i")"); ips+=("$(node_ip "$i")"); nodes+=("$i"); done
  declare -gA KIND_TOTAL=() KIND_OK=() KIND_BAD=()
  MATRIX_NAMES=("${names[@]}")
  for ((a = 0; a < ${#nss[@]}; a++)); do
    mapfile -t results < <(ping_from "${nss[a]}" "${ips[@]}")
    for ((b = 0; b < ${#nss[@]}; b++)); do
      ((a == b)) && continue
      if [[ ${names[a]} == *-p* && ${names[b]} == *-p* ]]; then
        kind=$([[ ${nodes[a]} == "${nodes[b]}" ]] && echo pod-pod-same-node || echo pod-pod-cross-node)
      elif [[ ${names[a]} == *-p* ]]; then kind=pod-node
      elif [[ ${names[b]} == *-p* ]]; then kind=node-pod
      else kind=node-node; fi
      key="${names[a]}>${names[b]}"
      KIND_TOTAL[$kind]=$((${KIND_TOTAL[$kind]:-0} + 1))
      if [[ ${results[b]:-NO} == ok ]]; then
        PING[$key]=ok KIND_OK[$kind]=$((${KIND_OK[$kind]:-0} + 1))
      else
        PING[$key]=NO KIND_BAD[$kind]+=" $key"
      fi
    done
  done
  for kind in pod-pod-same-node pod-pod-cross-node node-pod pod-node node-node; do
    report $((${KIND_OK[$kind]:-0} == ${KIND_TOTAL[$kind]:-0})) "${prefix}ping-$kind" \
      "${KIND_OK[$kind]:-0}/${KIND_TOTAL[$kind]:-0} answered${KIND_BAD[$kind]:+; no reply:${KIND_BAD[$kind]}}"
  done
}

# The masquerade rules a node holds for a pod, whichever backend wrote them: the reference's per-pod iptables chain
# (ipMasqBackend iptables) or k8snet's own nf_tables table with one rule per pod subnet (nftables).
iptables_rules() { in_ns "$1" iptables-save -c -t nat 2>/dev/null | grep -- "$2" || true; } # node, chain
nft_rules() { in_ns "$1" nft list table ip k8snet 2>/dev/null | grep "ip saddr $2 .*masquerade" | sed 's/^[[:space:]]*//' || true; } # node, subnet
any_masq_rules() { # node: every CNI/k8snet masquerade rule, of any pod and backend
  { in_ns "$1" iptables-save -t nat 2>/dev/null; in_ns "$1" nft list ruleset 2>/dev/null; } \
    | grep -E -- '-j CNI-|^:CNI-|masquerade' | grep -v '^table' | sed 's/^[[:space:]]*//' || true
}
masq_pkts() { # node, chain, subnet: packets counted on the pod's POSTROUTING jump plus the subnet's nft rule
  { iptables_rules "$1" "$2" | grep -- '-A POSTROUTING' || true; nft_rules "$1" "$3"; } | awk '
    /^\[/ {gsub(/[\[\]]/, "", $1); split($1, c, ":"); n += c[1]}
    /counter packets/ {for (i = 1; i < NF; i++) if ($i == "packets") n += $(i + 1)}
    END {print n + 0}'
}

# The seed's NAT walk-through: a pod on worker-0 pings a pod on worker-1; conntrack on both nodes shows whether
# the source was rewritten to worker-0's node IP, and the masquerade rule's packet counter shows it was hit.
nat_check() {
  local masq=$1 spod dpod sip dip snode dnode snode_ip subnet=10.200.0.0/24 cid chain before after out ttl sct dct
  local ipt nft any ok backend
  spod=$(pod_ns 0 0) dpod=$(pod_ns 1 0) snode=$(node_ns 0) dnode=$(node_ns 1) snode_ip=$(node_ip 0)
  sip=$(ip -n "$spod" -o -4 addr show dev eth0 | awk '{print $4}') sip=${sip%/*}
  dip=$(ip -n "$dpod" -o -4 addr show dev eth0 | awk '{print $4}') dip=${dip%/*}
  cid=$(container_id "$spod")
  chain=CNI-$(printf 'bridge%s' "$cid" | sha512sum | cut -c1-24) # reference naming: sha512(network name + ID)
  in_ns "$snode" conntrack -F >/dev/null 2>&1 || true
  in_ns "$dnode" conntrack -F >/dev/null 2>&1 || true
  before=$(masq_pkts "$snode" "$chain" "$subnet")
  out=$(in_ns "$spod" ping -c2 -W1 "$dip" 2>&1 || true)
  ttl=$(grep -o 'ttl=[0-9]*' <<<"$out" | head -n1 || true)
  after=$(masq_pkts "$snode" "$chain" "$subnet")
  sct=$(in_ns "$snode" conntrack -L -p icmp --orig-src "$sip" --orig-dst "$dip" 2>/dev/null || true)
  dct=$(in_ns "$dnode" conntrack -L -p icmp --orig-dst "$dip" 2>/dev/null || true)
  ipt=$(iptables_rules "$snode" "$chain") nft=$(nft_rules "$snode" "$subnet") any=$(any_masq_rules "$snode")

  ok=0 && [[ $out == *"2 received"* && $ttl == ttl=62 ]] && ok=1
  report $ok "nat-$masq-ping" "$(short "$spod") ($sip) -> $(short "$dpod") ($dip): ${ttl:-no reply} (routed by both nodes, as in the seed)"
  echo "    $(short "$snode")# conntrack -L -p icmp --orig-src $sip --orig-dst $dip"
  evidence <<<"${sct:-<no entry>}"
  echo "    $(short "$dnode")# conntrack -L -p icmp --orig-dst $dip"
  evidence <<<"${dct:-<no entry>}"
  if [[ $masq == true ]]; then
    if [[ -n $ipt ]]; then
      echo "    $(short "$snode")# iptables-save -c -t nat | grep $chain   (after the ping; $before packets before)"
      evidence <<<"$ipt"
    fi
    if [[ -n $nft ]]; then
      echo "    $(short "$snode")# nft list table ip k8snet | grep masquerade   (after the ping; $before packets before)"
      evidence <<<"$nft"
    fi
    [[ -n $ipt$nft ]] || echo "    $(short "$snode"): no masquerade rule for $sip in iptables-save -t nat or nft table ip k8snet"
    ok=0 && [[ $sct =~ src=$sip\ dst=$dip\ type=8\ .*src=$dip\ dst=$snode_ip\ type=0 ]] && ok=1
    report $ok nat-true-snat "$(short "$snode") conntrack: the reply is addressed to the node IP $snode_ip, not $sip (SNAT)"
    ok=0 && [[ $dct =~ src=$snode_ip\ dst=$dip\ type=8 ]] && ok=1
    report $ok nat-true-seen-as-node "$(short "$dnode") conntrack: the echo arrives from $snode_ip"
    ok=0 && ((after > before)) && ok=1
    report $ok nat-true-counters "$(short "$snode") the masquerade rule for $sip counted $before -> $after packets"
    ok=0 backend="no rule found"
    if grep -q -- "-A POSTROUTING -s $sip/32 -m comment --comment \"name: \\\\\"bridge\\\\\" id: \\\\\"$cid\\\\\"\" -j $chain" <<<"$ipt" \
      && grep -q -- "-A $chain -d $subnet .*-j ACCEPT" <<<"$ipt" && grep -q -- "-A $chain ! -d 224.0.0.0/4 .*-j MASQUERADE" <<<"$ipt"; then
      ok=1 backend="iptables: the reference's jump, ACCEPT $subnet, MASQUERADE ! 224.0.0.0/4 in $chain"
    elif grep -q "ip saddr $subnet ip daddr != $subnet ip daddr != 224.0.0.0/4 .*masquerade" <<<"$nft"; then
      ok=1 backend="nftables: saddr $subnet, daddr not $subnet nor 224.0.0.0/4, masquerade"
    fi
    report $ok nat-true-rules "$(short "$snode"): $backend"
  else
    ok=0 && [[ $sct =~ src=$sip\ dst=$dip\ type=8\ .*src=$dip\ dst=$sip\ type=0 ]] && ok=1
    report $ok nat-false-no-snat "$(short "$snode") conntrack: the reply is addressed to the pod $sip itself (no NAT)"
    ok=0 && [[ $dct =~ src=$sip\ dst=$dip\ type=8 ]] && ok=1
    report $ok nat-false-seen-as-pod "$(short "$dnode") conntrack: the echo arrives from the pod's own address $sip"
    ok=0 && [[ -z $any ]] && ok=1
    report $ok nat-false-no-rules "$(short "$snode"): no masquerade rule (iptables nat or nftables)${any:+; found: $(head -n1 <<<"$any")}"
  fi
}

check_clean() { # after DEL of every pod: no pod veth, no lease, no NAT chain on any node
  local label=$1 i node dir veths leases nat ok
  for i in "${NODE_IDS[@]}"; do
    node=$(node_ns "$i") dir=$(node_dir "$i")
    veths=$(ip -n "$node" -o link show type veth 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -vx eth0 | xargs || true)
    leases=$(ls "$dir/data/bridge" 2>/dev/null | grep -E '^[0-9a-f.:]+$' | xargs || true)
    nat=$(any_masq_rules "$node")
    ok=0 && [[ -z $veths && -z $leases && -z $nat ]] && ok=1
    report $ok "clean-$label" "$(short "$node"): after DEL no pod veth (${veths:-none}), no lease (${leases:-none}), no NAT rule${nat:+ (left: $(head -n1 <<<"$nat" | sed 's/^[[:space:]]*//'))}"
  done
}

# ---------------------------------------------------------------------------------------------------- node routes
# The cluster's Node objects as `kubectl get nodes -o json` prints them (trimmed to a few fields): name, podCIDR(s)
# and the InternalIP, from which `k8snet routes sync` makes every node's routes instead of the guide's hand-typed ones.
write_nodelist() {
  local i sep=
  {
    printf '{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":['
    for i in "${NODE_IDS[@]}"; do
      printf '%s{"apiVersion":"v1","kind":"Node","metadata":{"name":"w%s","labels":{"kubernetes.io/hostname":"w%s"}},' "$sep" "$i" "$i"
      printf '"spec":{"podCIDR":"10.200.%s.0/24","podCIDRs":["10.200.%s.0/24"]},' "$i" "$i"
      printf '"status":{"addresses":[{"type":"InternalIP","address":"%s"},{"type":"Hostname","address":"w%s"}]}}' "$(node_ip "$i")" "$i"
      sep=,
    done
    printf ']}\n'
  } >"$STATE/nodes.json"
}

# routes_sync I: one reconcile on node I, which finds itself in the list by its InternalIP (no --node-name needed).
routes_sync() {
  local i=$1 dir
  dir=$(node_dir "$i")
  in_ns "$(node_ns "$i")" env -u CNI_COMMAND "$BINARY" routes sync --nodes "$STATE/nodes.json" --state-file "$dir/routes.json" \
    >"$dir/routes.out" 2>&1
}

FOREIGN_NODE=2 FOREIGN_CIDR=3 # w2 holds a hand-made route to w3's pods before w3 joins: routes sync must leave it

# sync_all KEY: routes sync on every member; exit 3 (a route not installed) is right only for the foreign route.
sync_all() {
  local key=$1 i rc dir summary ok
  for i in "${NODE_IDS[@]}"; do
    dir=$(node_dir "$i") rc=0
    routes_sync "$i" || rc=$?
    summary=$(grep -m1 '^node w' "$dir/routes.out" || head -n1 "$dir/routes.out")
    ok=0
    if ((rc == 0)); then ok=1
    elif ((rc == 3 && i == FOREIGN_NODE)) && grep -q "10.200.$FOREIGN_CIDR.0/24 .*a route of someone else is there" "$dir/routes.out"; then ok=1
      summary+=" (10.200.$FOREIGN_CIDR.0/24: the hand-made route is left alone)"
    fi
    report $ok "$key" "w$i: routes sync exit $rc: $summary"
  done
}

# check_routes KEY: each member has exactly one route per other member's pod CIDR via its node (ours: proto 58, the
# foreign one: proto static), and no route of ours to a node that is not a member any more.
check_routes() {
  local key=$1 i j node got want bad stale members lines
  members=$(IFS='|'; echo "${NODE_IDS[*]}")
  for i in "${NODE_IDS[@]}"; do
    node=$(node_ns "$i") bad=0 lines=()
    for j in "${NODE_IDS[@]}"; do
      ((j == i)) && continue
      got=$(ip -n "$node" route show "10.200.$j.0/24" 2>/dev/null | sed 's/ *$//' || true)
      want="10.200.$j.0/24 via $(node_ip "$j") dev eth0 proto 58"
      ((i == FOREIGN_NODE && j == FOREIGN_CIDR)) && want="10.200.$j.0/24 via $(node_ip "$j") dev eth0 proto static"
      [[ $got == "$want" ]] || bad=1
      lines+=("${got:-no route to 10.200.$j.0/24}")
    done
    stale=$(ip -n "$node" route show proto 58 2>/dev/null | grep -Ev "^10\.200\.($members)\.0/24 " | sed 's/ *$//' || true)
    [[ -z $stale ]] || bad=1
    report $((!bad)) "$key" "w$i: $(IFS=';'; echo "${lines[*]}" | sed 's/;/; /g')${stale:+; left over: $stale}"
  done
}

# inspect_routes I KEY: `k8snet inspect` on node I ends with our routes and the node each leads to.
inspect_routes() {
  local i=$1 key=$2 dir out ok j
  dir=$(node_dir "$i")
  out=$(in_ns "$(node_ns "$i")" env -u CNI_COMMAND "$BINARY" inspect --config "$dir/net.d/10-bridge.conf" \
    --state-file "$dir/routes.json" 2>&1 | sed -n '/^node routes/,$p' || true)
  echo "    w$i# k8snet inspect   (its last section)"
  evidence <<<"$out"
  ok=1
  for j in "${NODE_IDS[@]}"; do
    ((j == i)) || grep -Eq "^10\.200\.$j\.0/24 +$(node_ip "$j" | sed 's/\./\\./g') +eth0 +w$j\$" <<<"$out" || ok=0
  done
  report $ok "$key" "w$i: inspect names the node of each of its $((${#NODE_IDS[@]} - 1)) routes"
}

# A fourth worker joins and w1 leaves; only the node list changes, every member runs routes sync, and the ping matrix
# proves the routes. Pods are (re)added on every member first (the NAT sections deleted them).
membership_tests() {
  local mode=$1 errors node
  section "a fourth worker joins: w3 (10.240.0.23, POD_CIDR 10.200.3.0/24); w2 has a hand-made route to 10.200.3.0/24"
  ip -n "$(node_ns "$FOREIGN_NODE")" route add "10.200.$FOREIGN_CIDR.0/24" via "$(node_ip "$FOREIGN_CIDR")" proto static
  add_node 3
  NODE_IDS=(0 1 2 3)
  set_mode "$mode"
  add_all_pods || fail join-add "ADD of the pods failed"
  write_nodelist
  sync_all join-sync
  check_routes join-routes
  inspect_routes 0 join-inspect
  refresh_pod_facts
  ping_matrix join-
  print_matrix

  section "w1 leaves: its pods are deleted, its node goes, the node list loses it, the others sync"
  errors=$(NODE_IDS=(1) && del_all_pods)
  [[ -z $errors ]] || fail leave-del "DEL of w1's pods failed: $errors"
  ip netns del "$(node_ns 1)"
  NODE_IDS=(0 2 3)
  write_nodelist
  sync_all leave-sync
  check_routes leave-routes
  refresh_pod_facts
  ping_matrix leave-
  print_matrix
  errors=$(del_all_pods)
  [[ -z $errors ]] || fail leave-del "DEL of the pods failed: $errors"
}

# ---------------------------------------------------------------------------------------------------- report
print_pods() {
  local i p pod
  printf '%-8s %-5s %-12s %-18s %s\n' POD NODE IP MAC "HOST VETH (ifindex) on cnio0"
  while read -r i p; do
    pod=$(pod_ns "$i" "$p")
    [[ -n ${POD_IP[$pod]:-} ]] || check_pod_facts "$i" "$p"
    printf '%-8s %-5s %-12s %-18s %s\n' "$(short "$pod")" "w$i" "${POD_IP[$pod]}" "${POD_MAC[$pod]}" "${POD_VETH[$pod]} (${POD_PEER[$pod]})"
  done < <(all_pods)
}

check_pod_facts() { # the table's facts without asserting (for `up`)
  local saved=$QUIET_PASS saved_p=$PASSED saved_f=$FAILED
  QUIET_PASS=.
  check_pod "$@" >/dev/null
  QUIET_PASS=$saved PASSED=$saved_p FAILED=$saved_f FAILURES=()
}

refresh_pod_facts() { local i p; while read -r i p; do check_pod_facts "$i" "$p"; done < <(all_pods); }

print_matrix() {
  local a b cell
  printf '%-7s' 'from\to'
  for b in "${MATRIX_NAMES[@]}"; do printf ' %-6s' "$b"; done
  echo
  for a in "${MATRIX_NAMES[@]}"; do
    printf '%-7s' "$a"
    for b in "${MATRIX_NAMES[@]}"; do
      cell=${PING["$a>$b"]:-.}
      printf ' %-6s' "$cell"
    done
    echo
  done
}

run_tests() {
  local restore=${1:-} mode other i p errors
  mode=$(cat "$STATE/ipmasq")
  section "pods wired by k8snet from inside their node (ipMasq $mode)"
  local before=$PASSED
  while read -r i p; do check_pod "$i" "$p"; done < <(all_pods)
  for i in "${NODE_IDS[@]}"; do check_node "$i"; done
  print_pods
  echo "  $((PASSED - before)) wiring checks passed: eth0@ifN with the result's IP, 0a:58 MAC, default via the gateway,"
  echo "  peer_ifindex = a veth port of cnio0, node routes (own /24 on cnio0, the others via their node, made by routes sync)"

  section "ping: every pod and node to every other (ok = answered)"
  before=$PASSED
  ping_matrix
  print_matrix
  echo "  $((PASSED - before))/5 kinds fully answered: pod-pod same node, pod-pod across nodes, node->pod, pod->node, node-node"

  for other in "$mode" "$([[ $mode == true ]] && echo false || echo true)"; do
    if [[ $other != "$mode" ]]; then
      section "the seed's contrast: ipMasq $other in every node's config, pods re-created"
      if [[ $other == true && $(cat "$STATE/nat-supported") == no ]]; then
        if ((REQUIRE_NAT)); then fail nat-true "this k8snet does not implement ipMasq"; else skip nat-true "this k8snet does not implement ipMasq yet"; fi
        continue
      fi
      set_mode "$other"
      if ! add_all_pods; then fail "add-ipmasq-$other" "ADD with ipMasq $other failed"; fi
    fi
    section "NAT with ipMasq $other: $(short "$(pod_ns 0 0)") on w0 pings $(short "$(pod_ns 1 0)") on w1"
    nat_check "$other"
    section "DEL of every pod (ipMasq $other)"
    errors=$(del_all_pods)
    report "$([[ -z $errors ]] && echo 1 || echo 0)" "del-$other" "DEL through k8snet of every pod${errors:+ failed: $errors}"
    check_clean "$other"
  done

  membership_tests "$mode"

  if [[ $restore == restore ]]; then # a cluster that was up before `test` stays up: w0-w2 with their pods
    ip netns del "$(node_ns 3)"
    ip -n "$(node_ns "$FOREIGN_NODE")" route del "10.200.$FOREIGN_CIDR.0/24" proto static
    rm -rf "$(node_dir 1)" "$(node_dir 3)"
    add_node 1
    NODE_IDS=(0 1 2)
    set_mode "$mode"
    add_all_pods || fail restore "re-adding the pods failed"
    write_nodelist
    for i in "${NODE_IDS[@]}"; do routes_sync "$i" || fail restore "routes sync on w$i failed"; done
  fi
  section "cluster: $PASSED passed, $FAILED failed, $SKIPPED skipped"
  ((FAILED == 0)) || { printf '%s\n' "${FAILURES[@]}"; return 1; }
}

usage() { sed -n '5,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

main() {
  [[ $# -eq 1 ]] || usage
  case $1 in up | test | down | demo) ;; *) usage ;; esac
  require_root cluster "it creates network namespaces" "$@"
  case $1 in
    up)
      trap 'rc=$?; [[ $rc -eq 0 ]] || { echo "cluster: up failed, removing what it made" >&2; cluster_down; }' EXIT
      cluster_up
      print_pods
      echo "cluster: up (state $STATE); try: ip netns exec $(pod_ns 0 0) ping -c2 ${POD_IP[$(pod_ns 1 0)]}"
      echo "         then: ip netns exec $(node_ns 0) conntrack -L; scripts/cluster.sh down"
      ;;
    down)
      cluster_down
      echo "cluster: down"
      ;;
    test)
      if [[ -f $STATE/$MARKER && -f $STATE/up ]]; then
        run_tests restore
      else
        trap cluster_down EXIT
        cluster_up >/dev/null
        run_tests
      fi
      ;;
    demo)
      trap cluster_down EXIT
      QUIET_PASS='^(pod|node|ping)-'
      echo "== K8sNet cluster demo: Kubernetes The Hard Way workers (seeds 000/004) on network namespaces"
      echo "   binary $BINARY; names $PREFIX-*; nothing outside these namespaces is touched"
      cluster_up >/dev/null
      run_tests
      ;;
  esac
}

main "$@"
