#!/usr/bin/env bash
# Publishes the native-AOT binary to artifacts/bin/k8snet. Trim/AOT warnings are errors.
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
