#!/usr/bin/env bash
# Publishes the two native-AOT executables to artifacts/bin/: k8snet (the CNI plugin and operator CLI, static) and
# k8snet-agent (the node agent that talks to the API server, dynamically linked: glibc + OpenSSL). Trim/AOT warnings
# are errors. Extra arguments go to both publishes.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/bin
dotnet publish src/K8sNet/K8sNet.csproj -c Release -o "$out" -p:TreatWarningsAsErrors=true --nologo -v quiet "$@" \
  | grep -v "^\s*$" || true
test -x "$out/k8snet" || { echo "publish: $out/k8snet was not produced" >&2; exit 1; }
ln -sf k8snet "$out/host-local"
ln -sf k8snet "$out/bridge"
ln -sf k8snet "$out/portmap"
ln -sf k8snet "$out/loopback"
echo "publish: $out/k8snet ($(du -h "$out/k8snet" | cut -f1))"

dotnet publish src/K8sNet.Agent/K8sNet.Agent.csproj -c Release -o "$out" -p:TreatWarningsAsErrors=true --nologo -v quiet "$@" \
  | grep -v "^\s*$" || true
test -x "$out/k8snet-agent" || { echo "publish: $out/k8snet-agent was not produced" >&2; exit 1; }
echo "publish: $out/k8snet-agent ($(du -h "$out/k8snet-agent" | cut -f1))"
