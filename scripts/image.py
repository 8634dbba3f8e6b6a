#!/usr/bin/env python3
"""Writes the K8sNet OCI image archive without a base image, a registry or a container engine.

Usage: image.py --version V --bin-dir artifacts/bin --out artifacts/k8snet-image.tar [--probe-kubeconfig FILE]

The image holds exactly:
  /usr/local/bin/k8snet         the static CNI plugin (checked: no program interpreter)
  /usr/local/bin/k8snet-agent   the dynamically linked agent
  the shared objects the agent loads: what `ldd` lists (DT_NEEDED, the loader) plus what a run of the agent
  dlopen()s (.NET loads OpenSSL that way), seen through LD_DEBUG=libs
  /etc/nsswitch.conf, /etc/passwd, /etc/group, /etc/hosts (empty: kubelet mounts the node's in a hostNetwork pod)
and nothing else: no shell, no CA bundle (the agent trusts only the cluster CA it is given).

Every byte is deterministic: entries sorted, uid/gid 0, mtime = SOURCE_DATE_EPOCH (default 0), gzip mtime 0.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

ARCH = {"x86_64": "amd64", "aarch64": "arm64"}


def fail(message):
    print(f"image: {message}", file=sys.stderr)
    sys.exit(1)


def interpreter_of(path):
    """The ELF program interpreter (PT_INTERP), or None for a static executable."""
    with open(path, "rb") as f:
        data = f.read(1 << 16)
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        fail(f"{path} is not a 64-bit little-endian ELF file")
    phoff = int.from_bytes(data[32:40], "little")
    phentsize = int.from_bytes(data[54:56], "little")
    phnum = int.from_bytes(data[56:58], "little")
    for i in range(phnum):
        entry = data[phoff + i * phentsize: phoff + (i + 1) * phentsize]
        if int.from_bytes(entry[0:4], "little") == 3:  # PT_INTERP
            offset = int.from_bytes(entry[8:16], "little")
            size = int.from_bytes(entry[32:40], "little")
            return data[offset:offset + size].rstrip(b"\0").decode()
    return None


def ldd_objects(binary):
    """Absolute paths ldd resolves for the binary: its DT_NEEDED closure and the loader."""
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    paths = set()
    for line in out.splitlines():
        m = re.search(r"=>\s+(/\S+)", line) or re.match(r"\s*(/\S+)\s+\(", line)
        if m:
            paths.add(m.group(1))
    return paths


def dlopened_objects(binary, probe_args, env_extra):
    """Objects the loader initialises during a real run (LD_DEBUG=libs 'calling init: PATH'), dlopen'ed ones too.

    The run happens in a new, empty network namespace (unshare -n): the probe's connection attempt cannot leave it.
    """
    env = dict(os.environ, LD_DEBUG="libs", **env_extra)
    unshare = ["unshare", "--net"] if os.geteuid() == 0 else ["unshare", "--map-root-user", "--net"]
    run = subprocess.run(unshare + [binary] + probe_args, capture_output=True, text=True, env=env, timeout=60)
    paths = set(re.findall(r"calling init: (/\S+)", run.stderr))
    if not paths:
        fail(f"the LD_DEBUG probe of {binary} showed no loaded object (exit {run.returncode}): {run.stderr[-500:]}")
    return paths, run


def probe_kubeconfig(directory):
    """A kubeconfig with an embedded CA, so the probe run parses a certificate and opens TLS (OpenSSL is loaded)."""
    key = os.path.join(directory, "ca.key")
    crt = os.path.join(directory, "ca.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", crt, "-days", "1", "-subj", "/CN=k8snet-image-probe"],
                   check=True, capture_output=True)
    import base64
    ca = base64.b64encode(open(crt, "rb").read()).decode()
    path = os.path.join(directory, "kubeconfig")
    with open(path, "w") as f:
        f.write(f"""apiVersion: v1
kind: Config
clusters:
- name: probe
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: {ca}
users:
- name: probe
  user:
    token: probe
contexts:
- name: probe
  context: {{cluster: probe, user: probe}}
current-context: probe
""")
    return path


class Layer:
    """A deterministic root-filesystem tar."""

    def __init__(self, mtime):
        self.mtime = mtime
        self.entries = {}  # path -> (TarInfo, bytes or None)

    def _info(self, path, kind, mode):
        info = tarfile.TarInfo(path.lstrip("/"))
        info.type, info.mode, info.mtime = kind, mode, self.mtime
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    def directory(self, path):
        path = path.rstrip("/")
        if not path or path in self.entries:
            return
        self.directory(os.path.dirname(path))
        self.entries[path] = (self._info(path, tarfile.DIRTYPE, 0o755), None)

    def file(self, path, data, mode):
        self.directory(os.path.dirname(path))
        info = self._info(path, tarfile.REGTYPE, mode)
        info.size = len(data)
        self.entries[path] = (info, data)

    def symlink(self, path, target):
        self.directory(os.path.dirname(path))
        info = self._info(path, tarfile.SYMTYPE, 0o777)
        info.linkname = target
        self.entries[path] = (info, None)

    def host_object(self, path):
        """A shared object at the path the loader names it by, with the host's directory symlinks (/lib -> usr/lib)."""
        parts = path.strip("/").split("/")
        current = ""
        for part in parts[:-1]:
            current = f"{current}/{part}"
            if os.path.islink(current):
                self.symlink(current, os.readlink(current))
                current = os.path.realpath(current)
        final = f"{current}/{parts[-1]}"
        if os.path.islink(final):
            target = os.readlink(final)
            self.symlink(final, target)
            self.host_object(os.path.normpath(os.path.join(os.path.dirname(final), target)))
            return
        with open(final, "rb") as f:
            self.file(final, f.read(), 0o755 if os.access(final, os.X_OK) else 0o644)

    def tar_bytes(self):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for path in sorted(self.entries):
                info, data = self.entries[path]
                tar.addfile(info, io.BytesIO(data) if data is not None else None)
        return buffer.getvalue()


ETC = {
    # getaddrinfo: the API server by host name as the node resolves it (/etc/hosts first, then DNS).
    "/etc/nsswitch.conf": "hosts: files dns\n",
    # .NET asks getpwuid for the home directory (its per-user X509 store path): give uid 0 a name and home.
    "/etc/passwd": "root:x:0:0:root:/root:/usr/sbin/nologin\n",
    "/etc/group": "root:x:0:\n",
    "/etc/hosts": "",
}


def blob(blobs, data, media_type):
    digest = hashlib.sha256(data).hexdigest()
    blobs[digest] = data
    return {"mediaType": media_type, "digest": f"sha256:{digest}", "size": len(data)}


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--version", required=True)
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--list", action="store_true", help="print the layer's paths")
    args = ap.parse_args()

    plugin = os.path.abspath(os.path.join(args.bin_dir, "k8snet"))
    agent = os.path.abspath(os.path.join(args.bin_dir, "k8snet-agent"))
    for path in (plugin, agent):
        if not os.access(path, os.X_OK):
            fail(f"{path} is missing: run scripts/publish.sh")
    if interpreter_of(plugin) is not None:
        fail(f"{plugin} names a program interpreter ({interpreter_of(plugin)}): the plugin must stay static")
    loader = interpreter_of(agent)
    if loader is None:
        fail(f"{agent} has no program interpreter: expected the dynamically linked agent")

    with tempfile.TemporaryDirectory(prefix="k8snet-image-") as tmp:
        kubeconfig = probe_kubeconfig(tmp)
        probe = ["install", "--kubeconfig", kubeconfig, "--node-name", "probe",
                 "--bin-dir", os.path.join(tmp, "bin"), "--conf-dir", os.path.join(tmp, "net.d")]
        loaded, run = dlopened_objects(agent, probe, {"HOME": tmp})
    objects = (ldd_objects(agent) | loaded | {loader}) - {os.path.realpath(agent), agent}
    if not any("libssl" in os.path.basename(p) for p in objects):
        fail("the probe run did not load OpenSSL (libssl): the image would lack its TLS library; "
             f"agent exit {run.returncode}: {run.stderr.splitlines()[-1:] }")

    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    layer = Layer(mtime)
    for path in sorted(objects):
        layer.host_object(path)
    for name in ("k8snet", "k8snet-agent"):
        with open(os.path.join(args.bin_dir, name), "rb") as f:
            layer.file(f"/usr/local/bin/{name}", f.read(), 0o755)
    for path, text in ETC.items():
        layer.file(path, text.encode(), 0o644)
    layer.directory("/tmp")
    layer.entries["/tmp"][0].mode = 0o1777  # .NET and OpenSSL may want a writable /tmp; the pod gives it no other

    raw = layer.tar_bytes()
    zipped = gzip.compress(raw, compresslevel=9, mtime=0)
    diff_id = "sha256:" + hashlib.sha256(raw).hexdigest()

    ref = f"k8snet:{args.version}"
    created = "1970-01-01T00:00:00Z" if mtime == 0 else \
        __import__("datetime").datetime.fromtimestamp(mtime, __import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    labels = {"org.opencontainers.image.title": "k8snet",
              "org.opencontainers.image.version": args.version,
              "org.opencontainers.image.description": "K8sNet CNI plugin (static) and node agent, no shell"}
    config = {
        "architecture": ARCH.get(os.uname().machine, os.uname().machine), "os": "linux", "created": created,
        "config": {"Entrypoint": ["/usr/local/bin/k8snet-agent"], "Cmd": ["routes"],
                   "Env": ["PATH=/usr/local/bin"], "WorkingDir": "/", "Labels": labels},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": created, "created_by": "scripts/image.sh"}],
    }
    blobs = {}
    manifest = {
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": blob(blobs, canonical(config), "application/vnd.oci.image.config.v1+json"),
        "layers": [blob(blobs, zipped, "application/vnd.oci.image.layer.v1.tar+gzip")],
        "annotations": {"org.opencontainers.image.version": args.version},
    }
    manifest_desc = blob(blobs, canonical(manifest), "application/vnd.oci.image.manifest.v1+json")
    # ref.name: podman load and the OCI layout; io.containerd.image.name: `ctr -n k8s.io images import` names it
    # as the kubelet resolves the DaemonSet's `image: k8snet:<version>`.
    manifest_desc["annotations"] = {"org.opencontainers.image.ref.name": ref,
                                    "io.containerd.image.name": f"docker.io/library/{ref}"}
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [manifest_desc]}

    archive = Layer(mtime)
    archive.file("oci-layout", canonical({"imageLayoutVersion": "1.0.0"}), 0o644)
    archive.file("index.json", canonical(index), 0o644)
    for digest, data in blobs.items():
        archive.file(f"blobs/sha256/{digest}", data, 0o644)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out + ".tmp", "wb") as f:
        f.write(archive.tar_bytes())
    os.replace(args.out + ".tmp", args.out)

    if args.list:
        for path in sorted(layer.entries):
            info = layer.entries[path][0]
            print(f"  {path}{' -> ' + info.linkname if info.issym() else ''}")
    size = os.path.getsize(args.out)
    print(f"image: {args.out} {ref} {size / 1e6:.1f} MB (layer {len(raw) / 1e6:.1f} MB unpacked, "
          f"{len(objects)} shared objects)")


if __name__ == "__main__":
    main()
