#!/usr/bin/env bash
# Installs what building and testing K8sNet needs on a fresh Debian 12 machine that has only the .NET SDK:
# clang + zlib for native AOT, iproute2/iptables/nftables/conntrack for the integration tests and the demo, curl (the
# agent tests read its /metrics inside a node netns), the reference CNI plugins for side-by-side tests and the
# benchmark, strace for the hot-path test, containerd + runc for the CRI tests (each test starts its own private
# containerd; the system's service is never started or used), podman (+ runc) to load and run the image
# scripts/image.sh writes, systemd for `systemd-analyze verify` of the unit, openssl for image.sh's probe CA.
# socat for the portmap traffic tests.
# Idempotent: skips what is present.
set -euo pipefail
source "$(dirname "$0")/lib-root.sh"

packages=(clang zlib1g-dev iproute2 iptables nftables conntrack ethtool containernetworking-plugins iputils-ping time procps python3 strace containerd runc curl
  podman systemd openssl socat)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  require_root deps "it installs ${missing[*]} with apt-get"
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # No service may start while installing (containerd's package would start the system daemon where an init runs):
  # a policy-rc.d that refuses every start, removed afterwards only if this script created it.
  created_policy=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=true
  fi
  # Nothing goes into /etc/cni: podman's package ships /etc/cni/net.d/87-podman-bridge.conflist, which a runtime on
  # this machine would take as its network config. The tests never need it (they run podman with --network host/none).
  apt-get -o DPkg::Lock::Timeout=300 -o DPkg::Options::=--path-exclude=/etc/cni -o DPkg::Options::=--path-exclude=/etc/cni/* \
    install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
  if [[ $created_policy == true ]]; then rm -f /usr/sbin/policy-rc.d; fi
  ((${status:-0} == 0)) || exit "$status"
fi

# Native AOT looks for `clang`; Debian 12 may only ship it versioned.
if ! command -v clang >/dev/null; then
  ln -sf "$(ls /usr/bin/clang-[0-9]* | sort -V | tail -n1)" /usr/local/bin/clang
fi
echo "deps: ok"
