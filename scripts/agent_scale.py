#!/usr/bin/env python3
"""5,000-node simulation for `k8snet-agent routes` (run by scripts/agent-scale.sh inside a throwaway node netns).

An API server stand-in speaking the real Node list/watch JSON over TLS (bearer token, CA in the kubeconfig) on
127.0.0.1 of the netns serves NODES Nodes of realistic size (conditions, addresses, images: 10-15 KB each), then a
steady stream of heartbeat MODIFIED events (RATE/s: every node updates its status every NODES/RATE s) with pod CIDR
and InternalIP changes mixed in. The published agent runs in the same netns, where a veth's 10.240.0.1/16
puts every simulated InternalIP on a connected subnet. Printed: start to all NODES-1 routes in the kernel, CPU per
heartbeat event (utime+stime from /proc/PID/stat), peak and steady RSS (VmHWM, VmRSS), and how long a CIDR change
takes to reach its route in the kernel (server write -> `ip monitor route` line). Nothing leaves the netns.
"""
import argparse
import base64
import json
import os
import queue
import ssl
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOKEN = "scale-token"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def internal_ip(i):
    return f"10.240.{i // 250}.{i % 250 + 1}"


def pod_cidr(i):
    n = (100 << 24) | (64 << 16) | (i << 8)  # 100.64.0.0/10 cut into /24s: room for 16,384 nodes
    return f"{n >> 24}.{(n >> 16) & 255}.{(n >> 8) & 255}.0/24"


def node_object(i, rv, heartbeat, cidr=None, ip=None):
    """A Node as a kubelet keeps it: ~12 KB, mostly status.images, like a busy worker."""
    name = f"node-{i:04d}"
    ip = ip or internal_ip(i)
    cidr = cidr or pod_cidr(i)
    conditions = [{"type": t, "status": s, "lastHeartbeatTime": heartbeat, "lastTransitionTime": "2026-12-01T00:00:00Z",
                   "reason": r, "message": m} for t, s, r, m in [
        ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status")]]
    images = [{"names": [f"registry.example.com/team-{k % 7}/service-{k}@sha256:{(i * 131 + k):064x}",
                         f"registry.example.com/team-{k % 7}/service-{k}:v1.{k}.{i % 10}"],
               "sizeBytes": 10_000_000 + k * 12345} for k in range(46)]
    return {
        "kind": "Node", "apiVersion": "v1",
        "metadata": {"name": name, "uid": f"{i:08x}-0000-4000-8000-{i:012x}", "resourceVersion": str(rv),
                     "creationTimestamp": "2026-12-01T00:00:00Z",
                     "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                                "node.kubernetes.io/instance-type": "m5.xlarge", "topology.kubernetes.io/zone": f"zone-{i % 3}"},
                     "annotations": {"node.alpha.kubernetes.io/ttl": "0",
                                     "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
        "spec": {"podCIDR": cidr, "podCIDRs": [cidr], "providerID": f"sim://{name}"},
        "status": {
            "capacity": {"cpu": "4", "memory": "16173812Ki", "pods": "110", "ephemeral-storage": "101430960Ki"},
            "allocatable": {"cpu": "3920m", "memory": "15371036Ki", "pods": "110", "ephemeral-storage": "93478772582"},
            "conditions": conditions,
            "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {"machineID": f"{i:032x}", "systemUUID": f"{i:08x}-aaaa-bbbb-cccc-{i:012x}", "bootID": f"{i:032x}",
                         "kernelVersion": "6.1.0-27-amd64", "osImage": "Debian GNU/Linux 12 (bookworm)",
                         "containerRuntimeVersion": "containerd://2.1.0", "kubeletVersion": "v1.32.3",
                         "kubeProxyVersion": "v1.32.3", "operatingSystem": "linux", "architecture": "amd64"},
            "images": images,
        },
    }


class Cluster:
    """The Nodes, the resourceVersion counter and every open watch's queue."""

    def __init__(self, count):
        self.lock = threading.Lock()
        self.rv = 1000
        self.cidr = {i: pod_cidr(i) for i in range(count)}
        self.ip = {i: internal_ip(i) for i in range(count)}
        self.count = count
        self.watchers = []
        self.lists = 0
        self.watches = 0
        self.watch_from = []  # the resourceVersion each watch asked to start from
        self.cached_list = None  # (rv, body): a real API server answers resourceVersion=0 from its watch cache

    def encode(self, i, heartbeat):
        self.rv += 1
        return json.dumps(node_object(i, self.rv, heartbeat, self.cidr[i], self.ip[i]), separators=(",", ":"))

    def list_body(self):
        with self.lock:
            if self.cached_list and self.cached_list[0] == self.rv:
                return self.cached_list[1]
            hb = now_iso()
            items = ",".join(self.encode(i, hb) for i in range(self.count))
            body = f'{{"kind":"NodeList","apiVersion":"v1","metadata":{{"resourceVersion":"{self.rv}"}},"items":[{items}]}}'.encode()
            self.cached_list = (self.rv, body)
            return body

    def broadcast(self, lines):
        data = b"".join(lines)
        with self.lock:
            for q in self.watchers:
                q.put(data)


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Api(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    cluster = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.send_json(401, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "Unauthorized", "code": 401})
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/api/v1/nodes" and query.get("watch", ["false"])[0] in ("true", "1"):
            return self.watch(query)
        if url.path == "/api/v1/nodes":
            self.cluster.lists += 1
            return self.send_bytes(200, self.cluster.list_body())
        if url.path.startswith("/api/v1/nodes/"):
            name = url.path.rsplit("/", 1)[1]
            i = int(name.split("-")[1]) if name.startswith("node-") else -1
            if 0 <= i < self.cluster.count:
                with self.cluster.lock:
                    return self.send_bytes(200, self.cluster.encode(i, now_iso()).encode())
        self.send_json(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404})

    def send_json(self, code, obj):
        self.send_bytes(code, json.dumps(obj).encode())

    def send_bytes(self, code, body):
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def watch(self, query):
        self.cluster.watches += 1
        self.cluster.watch_from.append(query.get("resourceVersion", ["(none)"])[0])
        timeout = float(query.get("timeoutSeconds", ["3600"])[0])
        q = queue.Queue()
        with self.cluster.lock:
            self.cluster.watchers.append(q)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        end = time.monotonic() + timeout
        try:
            while time.monotonic() < end:
                try:
                    data = q.get(timeout=0.5)
                except queue.Empty:
                    continue
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass
        finally:
            with self.cluster.lock:
                self.cluster.watchers.remove(q)
        self.close_connection = True


def event(kind, body):
    return f'{{"type":"{kind}","object":{body}}}\n'.encode()


def proc_stat(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime, seconds


def proc_status(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024  # kB -> MiB
    return float("nan")


def kernel_routes():
    out = subprocess.run(["ip", "-4", "route", "show", "proto", "58"], capture_output=True, text=True).stdout
    return out.count("\n")


class RouteMonitor:
    """`ip monitor route`, each line stamped on arrival: when did a route to DST via GW appear?"""

    def __init__(self):
        self.proc = subprocess.Popen(["ip", "-4", "monitor", "route"], stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put((time.monotonic(), line))

    def wait_for(self, needle, deadline):
        while time.monotonic() < deadline:
            try:
                stamp, line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if needle in line and not line.startswith("Deleted"):
                return stamp
        return None

    def drain(self):
        while not self.lines.empty():
            self.lines.get_nowait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--agent", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--rate", type=int, default=500)
    ap.add_argument("--steady-seconds", type=int, default=30)
    ap.add_argument("--changes", type=int, default=10)
    ap.add_argument("--link", default="k8s0")
    args = ap.parse_args()

    work = args.workdir
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", f"{work}/ca.key", "-out", f"{work}/ca.crt", "-days", "1", "-subj", "/CN=scale-ca"],
                   check=True, capture_output=True)
    subprocess.run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", f"{work}/server.key", "-out", f"{work}/server.csr", "-subj", "/CN=kube-apiserver"],
                   check=True, capture_output=True)
    with open(f"{work}/san.ext", "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    subprocess.run(["openssl", "x509", "-req", "-in", f"{work}/server.csr", "-CA", f"{work}/ca.crt", "-CAkey", f"{work}/ca.key",
                    "-CAcreateserial", "-out", f"{work}/server.crt", "-days", "1", "-extfile", f"{work}/san.ext"],
                   check=True, capture_output=True)

    cluster = Cluster(args.nodes)
    Api.cluster = cluster
    server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(f"{work}/server.crt", f"{work}/server.key")
    context.set_alpn_protocols(["http/1.1"])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    ca = base64.b64encode(open(f"{work}/ca.crt", "rb").read()).decode()
    kubeconfig = f"{work}/kubeconfig"
    with open(kubeconfig, "w") as f:
        f.write(f"""apiVersion: v1
kind: Config
clusters:
- name: scale
  cluster:
    server: https://127.0.0.1:{port}
    certificate-authority-data: {ca}
users:
- name: scale
  user:
    token: {TOKEN}
contexts:
- name: scale
  context: {{cluster: scale, user: scale}}
current-context: scale
""")
    os.makedirs(f"{work}/net.d", exist_ok=True)
    size = len(cluster.list_body())
    print(f"scale: {args.nodes} Nodes, {size / 1e6:.1f} MB NodeList ({size / args.nodes / 1e3:.1f} KB per Node), "
          f"TLS on 127.0.0.1:{port}, heartbeats at {args.rate}/s", flush=True)

    monitor = RouteMonitor()
    log = open(f"{work}/agent.log", "w")
    started = time.monotonic()
    agent = subprocess.Popen([args.agent, "routes", "--kubeconfig", kubeconfig, "--node-name", "node-0000",
                              "--listen", "127.0.0.1:19765", "--state-file", f"{work}/routes.json",
                              "--conf-dir", f"{work}/net.d"], stdout=log, stderr=subprocess.STDOUT)
    try:
        run(args, cluster, agent, monitor, started, work)
    finally:
        agent.terminate()
        try:
            agent.wait(10)
        except subprocess.TimeoutExpired:
            agent.kill()
        monitor.proc.terminate()
        server.shutdown()


def run(args, cluster, agent, monitor, started, work):
    want = args.nodes - 1
    count = 0
    while time.monotonic() - started < 120:
        if agent.poll() is not None:
            sys.exit(f"scale: the agent exited {agent.returncode}; see {work}/agent.log:\n" + open(f"{work}/agent.log").read()[-2000:])
        count = kernel_routes()
        if count >= want:
            break
        time.sleep(0.02)
    all_routes = time.monotonic() - started
    if count < want:
        sys.exit(f"scale: only {count} of {want} routes after 120 s; see {work}/agent.log")
    print(f"start to all {want} routes in the kernel: {all_routes:.2f} s (goal <= 3 s); "
          f"peak RSS so far {proc_status(agent.pid, 'VmHWM'):.1f} MiB", flush=True)

    # Heartbeats: RATE MODIFIED events a second in 10 ms batches, every node in turn, all status-only; pod CIDR and
    # InternalIP changes mixed in at second 5, 7, 9, ... of the steady phase.
    stop = threading.Event()
    sent = {"heartbeats": 0}
    changes = queue.Queue()

    def pump():
        per_tick = max(1, args.rate // 100)
        nxt = time.monotonic()
        i = 1
        while not stop.is_set():
            hb = now_iso()
            with cluster.lock:
                lines = []
                for _ in range(per_tick):
                    lines.append(event("MODIFIED", cluster.encode(i, hb)))
                    i = i + 1 if i + 1 < args.nodes else 1
            cluster.broadcast(lines)
            sent["heartbeats"] += per_tick
            while not changes.empty():
                changes.get_nowait()()
            nxt += 0.01
            time.sleep(max(0.0, nxt - time.monotonic()))

    threading.Thread(target=pump, daemon=True).start()
    time.sleep(3)  # let the stream settle before measuring
    cpu0, t0, sent0 = proc_stat(agent.pid), time.monotonic(), sent["heartbeats"]

    latencies, ip_latencies = [], []

    def timed_change(node, mutate, route):
        """Runs mutate on the server's thread (a late one cannot race the next change: its values are bound), sends
        node's MODIFIED event, and returns the ms until the route route() names is in the kernel (inf after 5 s)."""
        done = threading.Event()
        stamp = {}

        def change():
            with cluster.lock:
                mutate()
                line = event("MODIFIED", cluster.encode(node, now_iso()))
            monitor.drain()
            stamp["sent"] = time.monotonic()
            cluster.broadcast([line])
            done.set()

        changes.put(change)
        done.wait(5)
        seen = monitor.wait_for(route(), time.monotonic() + 5)
        return (seen - stamp["sent"]) * 1000 if seen else float("inf")

    for k in range(args.changes):
        time.sleep(max(0.0, args.steady_seconds / max(1, args.changes) - 0.3))
        node = 1 + (k * 487) % (args.nodes - 1)
        new_cidr = f"100.127.{k}.0/24"
        latencies.append(timed_change(node, lambda node=node, new_cidr=new_cidr: cluster.cidr.__setitem__(node, new_cidr),
                                      lambda: f"{new_cidr.split('/')[0]}/24 via {cluster.ip[node]}"))

        # An InternalIP change: the same pod CIDR, a new next hop.
        node2 = 1 + (k * 911 + 13) % (args.nodes - 1)
        new_ip = f"10.240.250.{k + 1}"
        ip_latencies.append(timed_change(node2, lambda node2=node2, new_ip=new_ip: cluster.ip.__setitem__(node2, new_ip),
                                         lambda: f"{cluster.cidr[node2]} via {new_ip}"))

    cpu1, t1, sent1 = proc_stat(agent.pid), time.monotonic(), sent["heartbeats"]
    stop.set()
    events = sent1 - sent0 + 2 * args.changes
    cpu = cpu1 - cpu0
    wall = t1 - t0
    final = kernel_routes()
    print(f"steady phase: {wall:.1f} s, {events} events ({events / wall:.0f}/s): agent CPU {cpu:.2f} s = "
          f"{100 * cpu / wall:.1f}% of one core (goal <= 10%), {1e6 * cpu / events:.1f} us per event", flush=True)
    print(f"RSS: peak (VmHWM) {proc_status(agent.pid, 'VmHWM'):.1f} MiB (goal <= 150), "
          f"steady (VmRSS) {proc_status(agent.pid, 'VmRSS'):.1f} MiB", flush=True)
    ok = [x for x in latencies if x != float("inf")]
    print(f"pod CIDR change -> route in the kernel: median {statistics.median(ok):.1f} ms, max {max(latencies):.1f} ms "
          f"over {len(latencies)} changes (goal <= 100 ms)" if ok else "pod CIDR change: no route seen", flush=True)
    ok2 = [x for x in ip_latencies if x != float("inf")]
    print(f"InternalIP change -> route in the kernel: median {statistics.median(ok2):.1f} ms, max {max(ip_latencies):.1f} ms "
          f"over {len(ip_latencies)} changes" if ok2 else "InternalIP change: no route seen", flush=True)
    print(f"kernel routes at the end: {final}; API requests: {cluster.lists} lists, {cluster.watches} watches "
          f"(from resourceVersion {', '.join(cluster.watch_from)}; the list was at {cluster.cached_list[0] if cluster.cached_list else '?'})", flush=True)


if __name__ == "__main__":
    main()
