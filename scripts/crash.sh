#!/usr/bin/env bash
# Crash injection: ADDs and DELs killed with SIGKILL at random moments and at every named step, each followed by what
# a runtime does next (DEL, a retried ADD, GC), then the invariants: no duplicate address, no lease without its pod,
# nothing left after DEL/GC, and the lease store still usable. All inside a throwaway node namespace.
#
#   scripts/crash.sh [--quick] [--rounds N] [--kills N] [--rebuild]
#
# One cycle is --rounds random-moment kills (default 60, --quick 15) plus a kill at every named step (18), then the
# invariants, then every live pod deleted. --kills N repeats cycles until N kills were made (e.g. --kills 1000).
# The crash points exist only in a fault-injection build (K8sNetFaultInjection=true), published here to
# artifacts/fault/ with its own artifacts path, so artifacts/bin/k8snet (the release binary) is never touched.
# Ends with: "crash: kills N, leaks N, gc-only leftovers N" and exits 1 if any leak was found.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=60
target=0
rebuild=0
while (($#)); do
  case $1 in
    --quick) rounds=15 ;;
    --rounds) rounds=$2; shift ;;
    --kills) target=$2; shift ;;
    --rebuild) rebuild=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "crash: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
source scripts/lib-root.sh
require_root crash "it creates throwaway network namespaces"

fault=artifacts/fault/k8snet
release=${K8SNET_BINARY:-artifacts/bin/k8snet}
# Rebuilt when missing or older than any source, so the fault build and the release binary run the same code.
if ((rebuild)) || [[ ! -x $fault ]] || [[ -n $(find src Directory.Build.props -newer "$fault" -name '*.cs' -print -quit 2>/dev/null) ]]; then
  echo "crash: publishing the fault-injection build to artifacts/fault/" >&2
  dotnet publish src/K8sNet/K8sNet.csproj -c Release -p:K8sNetFaultInjection=true -p:TreatWarningsAsErrors=true \
    --artifacts-path artifacts/fault-build -o artifacts/fault/ --nologo -v quiet >&2
fi
[[ -x $release ]] || scripts/publish.sh >&2

source scripts/lib-node.sh
trap node_cleanup EXIT
node_create

kills=0
leaks=0
gc_only=0
live=()

leak() { echo "crash: LEAK after $1: $2" >&2; leaks=$((leaks + 1)); }

# killed_add ID POD [crash-point]: an ADD that dies (timer or crash point); returns 0 if it was killed.
killed_add() {
  local id=$1 pod=$2 point=${3:-} status=0
  if [[ -n $point ]]; then
    ( K8SNET_CRASH_AT=$point cni "$fault" ADD "$id" "$(pod_path "$pod")" >/dev/null 2>&1 ) 2>/dev/null || status=$?
  else
    # 0.5 to 8 ms after the start of `ip netns exec`, at a different step each time. An ADD that finished before the
    # timer (a fast one takes a few ms with the exec on this VM) is deleted and tried again at an earlier moment, up
    # to five times, so that every round kills a running ADD.
    local ms attempt
    for attempt in 1 2 3 4 5; do
      ms=$(printf '0.%05d' $((RANDOM % (750 / attempt) + 50)))
      status=0
      ( cni_timed "$ms" "$id" "$(pod_path "$pod")" >/dev/null 2>&1 ) 2>/dev/null || status=$?
      ((status == 137)) && break
      cni "$release" DEL "$id" "$(pod_path "$pod")" >/dev/null 2>&1 || true
    done
  fi
  ((status == 137)) && kills=$((kills + 1))
  return 0
}

cni_timed() {
  CNI_COMMAND=ADD CNI_CONTAINERID=$2 CNI_NETNS=$3 CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni K8SNET_LOG_FILE=/dev/null \
    timeout -s KILL "$1" ip netns exec "$node" "$fault" <<<"$(config 1.1.0)"
}

# del_clean ID POD WHAT: DEL must succeed and leave nothing of ID.
del_clean() {
  local out
  out=$(cni "$release" DEL "$1" "$(pod_path "$2")" 2>&1) || leak "$3" "DEL of $1 failed: $out"
  local left
  left=$(leftovers "$1")
  [[ -z $left ]] || leak "$3" "$left"
  if ip netns exec "kr${run_id}-$2" ip link show eth0 >/dev/null 2>&1; then leak "$3" "eth0 still in pod $2"; fi
}

# retry_add ID POD WHAT: the runtime's retry after a failed ADD must succeed; the pod stays alive.
retry_add() {
  local out
  if out=$(cni "$release" ADD "$1" "$(pod_path "$2")" 2>&1); then
    live+=("$1:$2")
  else
    leak "$3" "retried ADD of $1 failed: $out"
  fi
}

# valid_attachments: the live pods as GC's cni.dev/valid-attachments (GC must keep these, free the rest).
valid_attachments() {
  local list="" entry
  for entry in "${live[@]}"; do list+="${list:+,}{\"containerID\":\"${entry%%:*}\",\"ifname\":\"eth0\"}"; done
  echo "[$list]"
}

# cycle C: one round of every kind of kill, then the invariants, then every live pod deleted (so a long run keeps
# a bounded number of pods and checks the invariants after each cycle).
cycle() {
  local c=$1 i id point before status gc_out left entry ip
  # 1. Random moments: kill, DEL, check, then retry the ADD and keep the pod (so later rounds run next to live pods).
  for ((i = 0; i < rounds; i++)); do
    id="rnd$c-$i"
    new_pod "$id"
    killed_add "$id" "$id"
    del_clean "$id" "$id" "random kill $i"
    retry_add "$id" "$id" "random kill $i"
  done

  # 2. Every ADD step, and every store write step inside the ADD.
  add_points=(add:bridge add:ipam add:veth add:attach add:pod add:gateway add:masquerade
    ipam:lease-temp-written ipam:lease-linked ipam:temp-removed ipam:index-written ipam:last-reserved-written)
  for point in "${add_points[@]}"; do
    id="pt$c-${point//:/-}"
    new_pod "$id"
    before=$kills
    killed_add "$id" "$id" "$point"
    ((kills > before)) || leak "$point" "the crash point was not reached (ADD finished)"
    del_clean "$id" "$id" "$point"
  done

  # 3. Every DEL step: ADD, DEL killed at the point, DEL again.
  del_points=(del:interface del:ipam ipam:lease-unlinked ipam:index-written)
  for point in "${del_points[@]}"; do
    id="dp$c-${point//:/-}"
    new_pod "$id"
    cni "$release" ADD "$id" "$(pod_path "$id")" >/dev/null || leak "$point" "setup ADD failed"
    status=0
    ( K8SNET_CRASH_AT=$point cni "$fault" DEL "$id" "$(pod_path "$id")" >/dev/null 2>&1 ) 2>/dev/null || status=$?
    if ((status == 137)); then kills=$((kills + 1)); else leak "$point" "the crash point was not reached (DEL exit $status)"; fi
    del_clean "$id" "$id" "$point"
  done

  # 4. GC alone after a kill (no DEL): GC with an empty valid-attachments list must free the lease; what it leaves
  #    (veth, NAT) is counted apart, as GC of the bridge covers IPAM only.
  for point in add:pod add:masquerade; do
    id="gc$c-${point//:/-}"
    new_pod "$id"
    killed_add "$id" "$id" "$point"
    del_pod_ns "$id"
    gc_out=$(cni "$release" GC "$id" "" "$(config 1.1.0 "$(valid_attachments)")" 2>&1) || leak "GC after $point" "GC failed: $gc_out"
    left=$(leftovers "$id" | grep -v '^veth' || true)
    # A deleted pod netns takes its veth pair with it; what else GC left is counted apart.
    if [[ -n $left ]]; then gc_only=$((gc_only + 1)); echo "crash: GC alone left after $point: $left" >&2; fi
    cni "$release" DEL "$id" "" >/dev/null 2>&1 || true
  done

  # 5. Invariants over the live pods: unique addresses, one lease per pod and no lease without one, one veth per pod.
  local -A seen=()
  for entry in "${live[@]}"; do
    id=${entry%%:*}
    ip=$(ip netns exec "kr${run_id}-${entry#*:}" ip -4 -o addr show eth0 2>/dev/null | awk '{print $4}' | cut -d/ -f1 || true)
    [[ -n $ip ]] || { leak "invariants" "$id has no address"; continue; }
    [[ -z ${seen[$ip]:-} ]] || leak "invariants" "duplicate address $ip for $id and ${seen[$ip]}"
    seen[$ip]=$id
    [[ $(lease_owner "$ip") == "$id" ]] || leak "invariants" "lease $ip is not owned by $id"
  done
  for ip in $(lease_ips); do
    [[ -n ${seen[$ip]:-} ]] || leak "invariants" "lease $ip ($(lease_owner "$ip")) has no live pod"
  done
  (($(node_veths) == ${#live[@]})) || leak "invariants" "$(node_veths) veths for ${#live[@]} live pods"

  # Every live pod deleted and its namespace removed: the next cycle starts from an empty pool.
  for entry in "${live[@]}"; do del_clean "${entry%%:*}" "${entry#*:}" "end of cycle $c"; del_pod_ns "${entry#*:}"; done
  live=()
  for ns in /run/netns/kr"$run_id"-*; do [[ ${ns##*/} == "$node" ]] || del_pod_ns "${ns##*/kr${run_id}-}"; done
}

cycles=0
while ((cycles == 0 || kills < target)); do
  cycle "$cycles"
  cycles=$((cycles + 1))
  ((target == 0)) || echo "crash: cycle $cycles: kills $kills, leaks $leaks" >&2
done

# 6. After the last cycle: GC with an empty list: nothing may remain; then the store still serves a new ADD.
for entry in "${live[@]}"; do del_clean "${entry%%:*}" "${entry#*:}" "final DEL"; done
gc_out=$(cni "$release" GC x "" "$(config 1.1.0 '[]')" 2>&1) || leak "final GC" "GC failed: $gc_out"
[[ -z $(lease_ips) ]] || leak "final GC" "leases left: $(lease_ips | tr '\n' ' ')"
(($(node_veths) == 0)) || leak "final GC" "$(node_veths) veths left"
(($(masq_rules) == 0)) || leak "final GC" "masquerade rules left"
new_pod final
out=$(cni "$release" ADD final "$(pod_path final)") || leak "store check" "ADD after the crashes failed: $out"
del_clean final final "store check"

echo "crash: kills $kills, leaks $leaks, gc-only leftovers $gc_only (cycles $cycles of $rounds random rounds, pods $pods_made)"
((leaks == 0))
