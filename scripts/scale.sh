#!/usr/bin/env bash
# Allocation at scale: the binary as `host-local` (standalone IPAM: files only, no network change), N ADDs from P
# concurrent processes into one /16, then the invariants: N distinct addresses, 0 duplicates, one lease file per ADD
# naming its container as the reference writes it; the reference /usr/lib/cni/host-local DELs a random sample of them
# (it reads every lease file on each DEL, so all N would take it O(N^2) file reads); then N DELs by K8sNet from P
# processes, after which no lease and no index entry may be left.
#
#   scripts/scale.sh [--adds N] [--procs P] [--reference-dels S]
#
# Default 10000 ADDs, 64 processes, 200 reference DELs (--reference-dels all: every lease). CI runs --adds 500.
# Ends with "scale: adds N ... duplicates 0, errors 0, left 0" and exits 1 if any invariant failed.
set -euo pipefail
cd "$(dirname "$0")/.."

adds=10000
procs=64
reference_dels=200
while (($#)); do
  case $1 in
    --adds) adds=$2; shift ;;
    --procs) procs=$2; shift ;;
    --reference-dels) reference_dels=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "scale: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $reference_dels == all ]] && reference_dels=$adds
((reference_dels <= adds)) || reference_dels=$adds
bin=${K8SNET_BINARY:-artifacts/bin/k8snet}
[[ -x $bin ]] || scripts/publish.sh >&2
bin=$(realpath "$bin")
reference=/usr/lib/cni/host-local
[[ -x $reference ]] || { echo "scale: needs the reference plugins in /usr/lib/cni (scripts/deps.sh)" >&2; exit 2; }

work=$(mktemp -d /tmp/k8snet-scale-XXXXXX)
trap 'rm -rf "$work"' EXIT
# The binary as host-local, as `k8snet install --also-as-host-local` puts it on a node.
ln -s "$bin" "$work/host-local"
data=$work/data
net=scale
leases=$data/$net
conf='{"cniVersion":"1.0.0","name":"'$net'","type":"macvlan","ipam":{"type":"host-local","dataDir":"'$data'","ranges":[[{"subnet":"10.77.0.0/16"}]]}}'
failures=0
fail() { echo "scale: FAIL: $*" >&2; failures=$((failures + 1)); }

# run PLUGIN VERB ID: one invocation as a runtime makes it (no netns is needed by an IPAM plugin).
run() {
  CNI_COMMAND=$2 CNI_CONTAINERID=$3 CNI_NETNS=/run/netns/scale-ipam-only CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni \
    K8SNET_LOG_FILE=/dev/null "$1" <<<"$conf"
}

# worker VERB W PLUGIN: container IDs c<W>, c<W+P>, ... one after another; "id address" or "id error <reply>" per line.
worker() {
  local verb=$1 w=$2 plugin=$3 i out
  for ((i = w; i < adds; i += procs)); do
    if out=$(run "$plugin" "$verb" "c$i" 2>&1); then
      if [[ $verb == ADD ]]; then
        [[ $out =~ \"address\":\"([^/\"]+)/ ]] && echo "c$i ${BASH_REMATCH[1]}" || echo "c$i error no address in $out"
      fi
    else
      echo "c$i error $out"
    fi
  done >"$work/$verb.$w"
}

parallel() {
  local verb=$1 plugin=$2 w pids=()
  for ((w = 0; w < procs; w++)); do worker "$verb" "$w" "$plugin" & pids+=($!); done
  for w in "${pids[@]}"; do wait "$w"; done
  cat "$work/$verb".* >"$work/$verb.all"
}

lease_names() { find "$leases" -maxdepth 1 -name '*.*.*.*' -printf '%f\n' 2>/dev/null | sort; }

# 1. N ADDs from P processes.
start=$SECONDS
parallel ADD "$work/host-local"
add_seconds=$((SECONDS - start))
errors=$(grep -c ' error ' "$work/ADD.all" || true)
grep ' error ' "$work/ADD.all" | head -3 | sed 's/^/scale: error: /' >&2 || true
grep -v ' error ' "$work/ADD.all" | sort -k1,1 >"$work/granted"
granted=$(wc -l <"$work/granted")
distinct=$(cut -d' ' -f2 "$work/granted" | sort -u | wc -l)
duplicates=$((granted - distinct))
((granted == adds)) || fail "$granted of $adds ADDs got an address"
((duplicates == 0)) || fail "$duplicates addresses handed out twice: $(cut -d' ' -f2 "$work/granted" | sort | uniq -d | head -3 | tr '\n' ' ')"

# 2. One lease file per granted address, naming its container and interface exactly as the reference writes it.
cut -d' ' -f2 "$work/granted" | sort >"$work/granted-addresses"
lease_names >"$work/lease-files"
cmp -s "$work/granted-addresses" "$work/lease-files" || fail "lease files differ from the granted addresses: $(diff "$work/granted-addresses" "$work/lease-files" | head -4 | tr '\n' ' ')"
bad_content=0
while read -r id ip; do
  [[ $(<"$leases/$ip") == "$id"$'\r\n'eth0 ]] || bad_content=$((bad_content + 1))
done <"$work/granted"
((bad_content == 0)) || fail "$bad_content lease files do not read <containerID>\\r\\neth0"

# 3. The reference host-local releases a random sample of K8sNet's leases: it reads and understands them.
shuf -n "$reference_dels" "$work/granted" >"$work/sample"
start=$SECONDS
reference_errors=0
while read -r id ip; do
  if ! out=$(run "$reference" DEL "$id" 2>&1); then reference_errors=$((reference_errors + 1)); echo "scale: reference DEL $id: $out" >&2; fi
  [[ ! -e $leases/$ip ]] || fail "the reference's DEL of $id left $ip"
done <"$work/sample"
reference_seconds=$((SECONDS - start))
((reference_errors == 0)) || fail "$reference_errors reference DELs failed"

# 4. N DELs by K8sNet from P processes (those the reference released are no-ops, as a repeated DEL is).
start=$SECONDS
parallel DEL "$work/host-local"
del_seconds=$((SECONDS - start))
del_errors=$(grep -c ' error ' "$work/DEL.all" || true)
((del_errors == 0)) || fail "$del_errors DELs failed: $(head -2 "$work/DEL.all")"
left=$(lease_names | wc -l)
index_left=$(find "$leases/.k8snet/by-id" -type f ! -name '.*' 2>/dev/null | wc -l)
((left == 0)) || fail "$left leases left after every DEL"
((index_left == 0)) || fail "$index_left index entries left after every DEL"

echo "scale: adds $adds from $procs processes in ${add_seconds}s, distinct $distinct, duplicates $duplicates, errors $errors;" \
  "reference DELs $reference_dels in ${reference_seconds}s ($reference_errors failed); dels $adds in ${del_seconds}s ($del_errors failed);" \
  "left $left leases, $index_left index entries"
((failures == 0))
