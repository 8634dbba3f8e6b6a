#!/usr/bin/env bash
# Concurrency soak: many workers run mixed ADD/CHECK/DEL (1.0.0 config, so CHECK exists) on one throwaway node for a
# while, each on its own pods, then the invariants: no duplicate address among live pods, one lease and one veth per
# live pod, nothing left once everything is deleted, and no error other than the expected ones.
#
#   scripts/soak.sh [--quick] [--duration SECONDS] [--workers N]
#
# Default 120 s with 8 workers; --quick is 20 s. Ends with "soak: ops N (add N, check N, del N), errors N, leaks N".
set -euo pipefail
cd "$(dirname "$0")/.."

duration=120
workers=8
while (($#)); do
  case $1 in
    --quick) duration=20 ;;
    --duration) duration=$2; shift ;;
    --workers) workers=$2; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "soak: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
source scripts/lib-root.sh
require_root soak "it creates throwaway network namespaces"
bin=${K8SNET_BINARY:-artifacts/bin/k8snet}
[[ -x $bin ]] || scripts/publish.sh >&2

source scripts/lib-node.sh
tally=$(mktemp -d /tmp/k8snet-soak-XXXXXX)
trap 'node_cleanup; rm -rf "$tally"' EXIT
node_create
conf=$(config 1.0.0)

# worker N: loops until the deadline over 4 pod slots of its own; each op appends one line to its tally file.
worker() {
  local w=$1 deadline=$2 slot id out
  declare -A result=()
  for slot in 0 1 2 3; do new_pod "w$w-$slot"; done
  while ((SECONDS < deadline)); do
    slot=$((RANDOM % 4))
    id="w$w-$slot"
    if [[ -z ${result[$slot]:-} ]]; then
      if out=$(cni "$bin" ADD "$id" "$(pod_path "$id")" "$conf" 2>/dev/null); then
        result[$slot]=$out; echo "add ok"
      else
        echo "add error $out"
      fi
    elif ((RANDOM % 3 == 0)); then
      if out=$(cni "$bin" CHECK "$id" "$(pod_path "$id")" "$(jq -c --argjson p "${result[$slot]}" '. + {prevResult: $p}' <<<"$conf")" 2>/dev/null); then
        echo "check ok"
      else
        echo "check error $out"
      fi
    else
      if out=$(cni "$bin" DEL "$id" "$(pod_path "$id")" "$conf" 2>/dev/null); then
        result[$slot]=""; echo "del ok"
      else
        echo "del error $out"
      fi
    fi
  done >"$tally/w$w"
}

command -v jq >/dev/null || { echo "soak: needs jq" >&2; exit 2; }
deadline=$((SECONDS + duration))
pids=()
for ((w = 0; w < workers; w++)); do worker "$w" "$deadline" & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid"; done

cat "$tally"/w* >"$tally/all"
count() { grep -c "^$1" "$tally/all" || true; }
adds=$(count "add ok"); checks=$(count "check ok"); dels=$(count "del ok")
# Expected errors: none. Under load an ADD may only fail with "try again" (11); anything else is counted.
errors=$(grep " error " "$tally/all" | grep -vc '"code":11' || true)
grep " error " "$tally/all" | grep -v '"code":11' | sort | uniq -c | head -5 | sed 's/^/soak: error: /' >&2 || true
leaks=0
leak() { echo "soak: LEAK: $1" >&2; leaks=$((leaks + 1)); }

# Live pods: those whose eth0 exists; their addresses must be unique and each must own its lease.
declare -A seen=()
live=0
for ns in /run/netns/kr"$run_id"-w*; do
  pod=${ns##*/kr${run_id}-}
  ip=$(ip netns exec "${ns##*/}" ip -4 -o addr show eth0 2>/dev/null | awk '{print $4}' | cut -d/ -f1 || true)
  [[ -n $ip ]] || continue
  live=$((live + 1))
  [[ -z ${seen[$ip]:-} ]] || leak "duplicate address $ip ($pod and ${seen[$ip]})"
  seen[$ip]=$pod
  [[ $(lease_owner "$ip") == "$pod" ]] || leak "lease $ip is owned by '$(lease_owner "$ip")', not $pod"
done
for ip in $(lease_ips); do [[ -n ${seen[$ip]:-} ]] || leak "lease $ip ($(lease_owner "$ip")) without a live pod"; done
(($(node_veths) == live)) || leak "$(node_veths) veths for $live live pods"

# Everything deleted: nothing may remain.
for ns in /run/netns/kr"$run_id"-w*; do
  pod=${ns##*/kr${run_id}-}
  cni "$bin" DEL "$pod" "$ns" "$conf" >/dev/null 2>&1 || leak "final DEL of $pod failed"
  [[ -z $(leftovers "$pod") ]] || leak "left after DEL of $pod: $(leftovers "$pod")"
done
[[ -z $(lease_ips) ]] || leak "leases left: $(lease_ips | tr '\n' ' ')"
(($(node_veths) == 0)) || leak "$(node_veths) veths left"
(($(masq_rules) == 0)) || leak "masquerade rules left"

echo "soak: ops $((adds + checks + dels + errors)) (add $adds, check $checks, del $dels), errors $errors, leaks $leaks, live at end $live, workers $workers, ${duration}s"
((errors == 0 && leaks == 0))
