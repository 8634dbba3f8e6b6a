#!/usr/bin/env bash
# Writes the OCI image archive artifacts/k8snet-image.tar, tagged k8snet:<Version of Directory.Build.props>: the
# static plugin and the agent at /usr/local/bin, the shared objects the agent loads (ldd + a probe run under
# LD_DEBUG, which sees OpenSSL that .NET dlopen()s), a few /etc files, and nothing else (no shell, no base image).
# Offline and deterministic (SOURCE_DATE_EPOCH, default 0); needs python3 and openssl (for the probe's CA).
#   scripts/image.sh [--out FILE] [--list]    build (publishes first when artifacts/bin lacks a binary)
#   scripts/image.sh --print-tag              print the tag only (the DaemonSet names exactly this)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
[[ -n $version ]] || { echo "image: no <Version> in Directory.Build.props" >&2; exit 1; }
tag="k8snet:${version}"

out=artifacts/k8snet-image.tar
extra=()
while (($#)); do
  case $1 in
    --print-tag) echo "$tag"; exit 0 ;;
    --out) out=$2; shift ;;
    --list) extra+=(--list) ;;
    *) echo "image: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

bin=${K8SNET_BIN_DIR:-artifacts/bin}
if [[ ! -x $bin/k8snet || ! -x $bin/k8snet-agent ]]; then
  scripts/publish.sh
fi
exec python3 scripts/image.py --version "$version" --bin-dir "$bin" --out "$out" "${extra[@]}"
