#!/usr/bin/env python3
"""K8sNet benchmark: K8sNet vs the reference bridge+host-local plugins vs the kernel's own floor.

Run it through scripts/bench.sh (as root). Everything happens in throwaway network namespaces named
kb<run>-... and a temporary directory; all of it is removed at the end, also on failure or Ctrl-C.
The machine's own network namespace is never touched: every command runs in a child that joined a netns
this run made (setns), or is `ip netns exec NODE ...`, `ip -n NS ...` or `ip netns add/del` of such a name.

Subjects (each in its own "node" netns, a fresh one per scenario, with its own dataDir):
  K8sNet      artifacts/bin/k8snet, config type "bridge" (the seed config of Kubernetes The Hard Way)
  K8sNet-B    a second K8sNet binary (only with --compare): another build measured in the same run
  K8sNet-noMasq
              the same binary with ipMasq off (only with --with-nomasq)
  reference   /usr/lib/cni/bridge + host-local (when installed), same config
  floor       the same kernel work done by one `ip -batch` in the node netns: veth with its peer in the
              pod netns, master + up, then (a forked `ip -batch` in the pod netns) address, up, default
              route. No IPAM, no iptables. Bridge and its gateway address are made beforehand (untimed).
  floor+masq  floor plus one `iptables-restore --noflush` per ADD/DEL (a per-pod MASQUERADE rule):
              what one iptables exec costs on this machine. Only with --ipmasq on.
  harness     /bin/true started the same way: the part of every number above that is not the plugin.

Every invocation is run as a container runtime runs a plugin: a child process that is already in the node's
network namespace execs PLUGIN with CNI_* in the environment and the config on stdin (containerd and CRI-O
fork+exec the plugin from the node's own netns). Processes are pre-forked, have joined the node netns with
setns(2), and are held on a pipe; the clock starts when they are released (all at once for a burst) and stops
at each one's exit (wait4), so Python's own fork cost is not counted.
--harness ip-netns-exec runs every invocation as `ip netns exec NODE PLUGIN` instead, as the issue's figures
were taken; that adds what `ip netns exec` costs (a new mount namespace and a /sys remount per invocation:
~2 ms on a quiet machine, 10 ms and more here under load) to every column alike. K8sNet logs at its default level to K8SNET_LOG_FILE=<tmp>/k8snet.log (--k8snet-log to change).

Scenarios:
  1. sequential  N pods ADDed one after another, then DELeted one after another: p50/p90/p99, and the
                 p50 of CPU time (user+sys of the invocation and its children, from wait4), which a busy
                 machine disturbs far less than latency.
  2. bursts      N ADDs released at once, then N DELs at once: wall time (median of --rounds rounds), with
                 checks after each burst: every exit 0, N distinct IPs, N veths, N leases, masquerade in
                 place (ipMasq on); after DEL no veth, lease, per-pod rule or pod eth0 left.
  3. attached    ADD/DEL p50 of --samples pods with 0/100/250 (--levels) pods already attached: one node
                 per level, all filled first, then sampled round-robin so load drift hits every level alike.
  4. rss         peak RSS of one ADD and one DEL (`/usr/bin/time -v`, "Maximum resident set size").
  5. processes   start-to-exit of bare processes: the harness and `ip netns exec` alone, K8sNet and reference
                 VERSION, one minimal iptables-restore: the fixed costs under every verb.
  6. scale       (--scale, instead of 1-5) ADD/DEL p50 as a node fills to 0/100/250/500 pods (--scale-levels),
                 every pod in a netns of its own as on a real node (about 1,000 netns at the top), K8sNet next to
                 the floor; the sweep goes up and back down. See scripts/bench_scale.py.
Subjects are interleaved (pod by pod, burst by burst, rotating the order) so a load change on a shared
machine hits them alike. The last table gives the ratios K8sNet / reference against the issue 7 goals.

Duration with the defaults: about 5 minutes on a 2-vCPU VM with load average ~30 (measured), less when quiet;
--quick about 20 s.

Exit status: 0 when the run completed and every correctness check passed (goals may still FAIL; add
--strict to exit 3 then), 1 when a check failed, 2 on a usage or setup error.
"""

from __future__ import annotations

import argparse
import datetime
import ipaddress
import json
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import ctypes
from dataclasses import dataclass, field

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IP = shutil.which("ip") or "/usr/sbin/ip"
PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
NETWORK = "bridge"  # the seed config's network name: host-local keeps leases in dataDir/<name>

GOALS = [  # (label, metric key, limit) — issue 7
    ("ADD p50, sequential pods", "add_p50", 0.25),
    ("DEL p50, sequential pods", "del_p50", 0.40),
    ("{n} parallel ADDs, wall", "burst_add", 0.25),
    ("{n} parallel DELs, wall", "burst_del", 0.50),
    ("ADD p50 at {top} pods / at 0 (K8sNet itself)", "flat", 1.15),
    ("peak RSS of one ADD", "rss", 1.00),
]


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)] if s else float("nan")


def sh(argv: list[str], stdin: str | None = None, check: bool = True) -> str:
    r = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {r.returncode}: {r.stderr.strip()}")
    return r.stdout


# ----------------------------------------------------------------------------------------------------------
# Process timing: pre-fork, release together, wait4 each.


@dataclass
class Spec:
    argv: list[str]
    env: dict[str, str]
    stdin: str | None
    out: str
    netns: str | None = None  # the child joins this named netns (setns) before exec: how a runtime calls a plugin


CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def enter_netns(name: str) -> None:
    """setns(2) into /run/netns/NAME for this process only (used in forked children; Python 3.11 has no os.setns)."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY | os.O_CLOEXEC)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {name}")
    finally:
        os.close(fd)


@dataclass
class Outcome:
    rc: int
    ns: int
    out: str
    cpu_ms: float = 0.0  # user+system time of the process and the children it waited for (wait4's rusage)

    @property
    def ms(self) -> float:
        return self.ns / 1e6

    def stdout(self) -> str:
        with open(self.out, errors="replace") as f:
            return f.read()

    def stderr(self) -> str:
        with open(self.out + ".err", errors="replace") as f:
            return f.read()


def run_many(specs: list[Spec]) -> list[Outcome]:
    """Forks one child per spec, each blocked on a pipe with its stdin/stdout/stderr already in place; closing
    the pipe releases them all, and each execs at once. Times are from the release to each child's exit."""
    gate_r, gate_w = os.pipe()
    pids: dict[int, int] = {}
    try:
        for i, spec in enumerate(specs):
            pid = os.fork()
            if pid == 0:  # child: nothing here may raise past os._exit
                try:
                    os.close(gate_w)
                    if spec.netns:
                        enter_netns(spec.netns)
                    os.dup2(os.open(spec.stdin or "/dev/null", os.O_RDONLY), 0)
                    os.dup2(os.open(spec.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
                    os.dup2(os.open(spec.out + ".err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
                    os.read(gate_r, 1)
                    os.execve(spec.argv[0], spec.argv, spec.env)
                finally:
                    os._exit(127)
            pids[pid] = i
    finally:
        os.close(gate_r)
        start = time.perf_counter_ns()
        os.close(gate_w)
    outcomes: list[Outcome | None] = [None] * len(specs)
    while pids:
        pid, status, usage = os.wait4(-1, 0)
        end = time.perf_counter_ns()
        i = pids.pop(pid, None)
        if i is not None:
            cpu = (usage.ru_utime + usage.ru_stime) * 1000
            outcomes[i] = Outcome(os.waitstatus_to_exitcode(status), end - start, specs[i].out, cpu)
    return outcomes  # type: ignore[return-value]


# ----------------------------------------------------------------------------------------------------------
# Subjects and nodes.


@dataclass
class Subject:
    key: str
    title: str
    kind: str  # "cni" | "floor" | "harness"
    masq: bool
    binary: str = ""
    cni_path: str = ""
    note: str = ""


@dataclass
class Node:
    """A throwaway node netns for one subject in one scenario, with its own dataDir and config."""

    bench: "Bench"
    subject: Subject
    ns: str
    datadir: str  # the IPAM dataDir (leases live in datadir/<network>)
    work: str  # batch files and captured output
    conf: str
    free_ips: list[str] = field(default_factory=list)
    ip_of: dict[str, str] = field(default_factory=dict)

    def pod_index(self, pod: str) -> int:
        return int(pod.rsplit("p", 1)[1])

    def add_spec(self, pod: str, cid: str) -> Spec:
        b, s = self.bench, self.subject
        if s.kind == "cni":
            return self._cni("ADD", pod, cid)
        ip = self.free_ips.pop(0)
        self.ip_of[pod] = ip
        veth = f"vb{self.pod_index(pod)}"
        inner = os.path.join(self.work, f"{pod}.in")
        with open(inner, "w") as f:
            f.write(f"addr add {ip}/{b.net.prefixlen} dev eth0\nlink set eth0 up\nroute add default via {b.gateway}\n")
        batch = (f"link add {veth} type veth peer name eth0 netns {pod}\n"
                 f"link set dev {veth} master cnio0 up\n"
                 f"netns exec {pod} {IP} -batch {inner}\n")
        if s.masq:
            batch += f"netns exec {self.ns} {b.iptables_restore} -w --noflush {self._masq_file(ip, 'A')}\n"
        return self._batch(f"{pod}.add", batch)

    def del_spec(self, pod: str, cid: str) -> Spec:
        if self.subject.kind == "cni":
            return self._cni("DEL", pod, cid)
        ip = self.ip_of.pop(pod)
        self.free_ips.append(ip)
        batch = f"link del vb{self.pod_index(pod)}\n"
        if self.subject.masq:
            batch += f"netns exec {self.ns} {self.bench.iptables_restore} -w --noflush {self._masq_file(ip, 'D')}\n"
        return self._batch(f"{pod}.del", batch)

    def harness_spec(self, i: int) -> Spec:
        return self.bench.in_node(self.ns, Spec(["/bin/true"], {"PATH": PATH_ENV}, None, self._out(f"true{i}")))

    def record_add(self, pod: str, outcome: Outcome) -> None:
        """Remembers the pod's address from the CNI result (the floor's is known already)."""
        if self.subject.kind != "cni" or outcome.rc != 0:
            return
        try:
            result = json.loads(outcome.stdout())
            self.ip_of[pod] = result["ips"][0]["address"].split("/")[0]
        except (ValueError, KeyError, IndexError):
            pass

    def _cni(self, verb: str, pod: str, cid: str) -> Spec:
        s = self.subject
        env = {"PATH": PATH_ENV, "CNI_COMMAND": verb, "CNI_CONTAINERID": cid, "CNI_NETNS": f"/run/netns/{pod}",
               "CNI_IFNAME": "eth0", "CNI_PATH": s.cni_path, "K8SNET_LOG_FILE": self.bench.k8snet_log}
        return self.bench.in_node(self.ns, Spec([s.binary], env, self.conf, self._out(f"{pod}.{verb}")))

    def _batch(self, name: str, text: str) -> Spec:
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write(text)
        return self.bench.in_node(self.ns, Spec([IP, "-batch", "-"], {"PATH": PATH_ENV}, path, self._out(name)))

    def _masq_file(self, ip: str, op: str) -> str:
        path = os.path.join(self.work, f"masq-{ip}-{op}")
        with open(path, "w") as f:
            f.write(f"*nat\n-{op} POSTROUTING -s {ip}/32 ! -d 224.0.0.0/4 -j MASQUERADE\nCOMMIT\n")
        return path

    def _out(self, name: str) -> str:
        return os.path.join(self.work, "out-" + name)


def rotate(items: list, i: int) -> list:
    """The subjects in a different order for every pod/round, so none is always first after a pause."""
    k = i % len(items) if items else 0
    return items[k:] + items[:k]


# ----------------------------------------------------------------------------------------------------------
# Correctness checks (read-only, inside the node netns).


@dataclass
class Check:
    ok: bool
    text: str


def ip_list(text: str) -> list[str]:
    return [n for n in text.split() if _is_ip(n)]


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


class Checker:
    def __init__(self, bench: "Bench"):
        self.bench = bench
        self.nft = shutil.which("nft")

    def veths(self, node: Node) -> int:
        return len(sh([IP, "-n", node.ns, "-o", "link", "show", "type", "veth"]).splitlines())

    def leases(self, node: Node) -> int:
        d = os.path.join(node.datadir, NETWORK)
        return len([n for n in os.listdir(d) if _is_ip(n)]) if os.path.isdir(d) else 0

    def nat(self, node: Node) -> tuple[str, str]:
        ipt = sh([IP, "netns", "exec", node.ns, "iptables-save", "-t", "nat"], check=False)
        nft = sh([IP, "netns", "exec", node.ns, self.nft, "list", "ruleset"], check=False) if self.nft else ""
        return ipt, nft

    def per_pod_rules(self, ipt: str, nft: str, ips: list[str]) -> int:
        """Pods whose source address has a rule of its own in the nat table (the reference's per-pod chains)."""
        def has(ip: str) -> bool:
            return f"-s {ip}/32 " in ipt or re.search(rf"saddr {re.escape(ip)}(?![\d./])", nft) is not None
        return sum(1 for ip in ips if has(ip))

    def subnet_rule(self, ipt: str, nft: str) -> bool:
        subnet = re.escape(str(self.bench.net))
        return re.search(rf"-s {subnet}\s", ipt) is not None or re.search(rf"saddr {subnet}\s", nft) is not None

    @staticmethod
    def masq_rules(ipt: str, nft: str) -> int:
        return max(ipt.count("MASQUERADE"), len(re.findall(r"\bmasquerade\b", nft)))

    def pods_with_eth0(self, node: Node, pods: list[str]) -> int:
        specs = [Spec([IP, "-n", p, "-o", "link", "show", "dev", "eth0"], {"PATH": PATH_ENV}, None,
                      os.path.join(node.work, f"chk-{p}")) for p in pods]
        return sum(1 for o in run_many(specs) if o.rc == 0)

    def after_add(self, node: Node, pods: list[str], outs: list[Outcome]) -> Check:
        n, s = len(pods), node.subject
        ok_exits = self._exits(node, "ADD", outs)
        ips = [node.ip_of[p] for p in pods if p in node.ip_of]
        veths = self.veths(node)
        parts = [f"{ok_exits}/{n} exit 0", f"{len(set(ips))} distinct IPs", f"{veths} veths"]
        good = ok_exits == n and len(set(ips)) == n and veths == n
        if s.kind == "cni":
            leases = self.leases(node)
            parts.append(f"{leases} leases")
            good &= leases == n
        if s.masq:
            ipt, nft = self.nat(node)
            covered = n if self.subnet_rule(ipt, nft) else self.per_pod_rules(ipt, nft, ips)
            rules = self.masq_rules(ipt, nft)
            parts.append(f"masquerade covers {covered} pods ({rules} MASQUERADE rules)")
            good &= covered == n and rules > 0
        elif s.kind != "floor":
            parts.append("masquerade off")
        return Check(good, ", ".join(parts))

    def after_del(self, node: Node, pods: list[str], ips: list[str], outs: list[Outcome]) -> Check:
        n, s = len(pods), node.subject
        ok_exits = self._exits(node, "DEL", outs)
        veths = self.veths(node)
        eth0 = self.pods_with_eth0(node, pods)
        parts = [f"{ok_exits}/{n} exit 0", f"{veths} veths left", f"{eth0} pod eth0 left"]
        good = ok_exits == n and veths == 0 and eth0 == 0
        if s.kind == "cni":
            leases = self.leases(node)
            parts.append(f"{leases} leases left")
            good &= leases == 0
        if s.kind != "harness":
            ipt, nft = self.nat(node)
            left = self.per_pod_rules(ipt, nft, ips)
            chains = len(re.findall(r"^:CNI-", ipt, re.M))
            parts.append(f"{left} per-pod rules, {chains} CNI- chains left")
            good &= left == 0 and chains == 0
            if self.subnet_rule(ipt, nft):
                parts.append("subnet rule kept")
        return Check(good, ", ".join(parts))

    def _exits(self, node: Node, verb: str, outs: list[Outcome]) -> int:
        failed = [o for o in outs if o.rc != 0]
        for o in failed[:2]:
            self.bench.problem(f"{node.subject.title} {verb} exited {o.rc}: {(o.stdout() + o.stderr()).strip()[:300]}")
        return len(outs) - len(failed)


# ----------------------------------------------------------------------------------------------------------
# The run.


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.n: int = args.n
        self.run = os.environ.get("KBENCH_RUN") or os.urandom(3).hex()
        self.prefix = f"kb{self.run}"
        self.tmp = os.environ.get("KBENCH_TMP") or ""
        if not self.tmp:
            import tempfile
            self.tmp = tempfile.mkdtemp(prefix="k8snet-bench-")
        self.net = ipaddress.ip_network(args.subnet)
        hosts = self.net.hosts()
        self.gateway = str(next(hosts))
        self.hosts = [str(h) for h in hosts]
        self.k8snet_log = args.k8snet_log or os.path.join(self.tmp, "k8snet.log")
        self.iptables_restore = shutil.which("iptables-restore") or "/usr/sbin/iptables-restore"
        self.checker = Checker(self)
        self.nodes: list[Node] = []
        self.pools: dict[str, list[str]] = {}
        self.problems: list[str] = []
        self.failed_checks = 0
        self.value: dict[tuple[str, str], float] = {}  # (metric, subject key) -> ms or MiB
        self.subjects = self._subjects()

    # -- setup ------------------------------------------------------------------------------------------

    def _subjects(self) -> list[Subject]:
        a = self.args
        subs = [Subject("k8s", "K8sNet", "cni", a.ipmasq, a.k8snet, os.path.dirname(a.k8snet))]
        if a.compare:  # another K8sNet build beside this one: what a change costs, in the same run
            subs.append(Subject("cmp", "K8sNet-B", "cni", a.ipmasq, a.compare, os.path.dirname(a.compare)))
        if a.with_nomasq and a.ipmasq:  # the same binary without masquerade: what ipMasq costs, in the same run
            subs.append(Subject("knm", "K8sNet-noMasq", "cni", False, a.k8snet, os.path.dirname(a.k8snet)))
        if not a.no_reference and os.path.exists(os.path.join(a.reference, "bridge")):
            subs.append(Subject("ref", "reference", "cni", a.ipmasq, os.path.join(a.reference, "bridge"), a.reference))
        if not a.no_floor:
            subs.append(Subject("flr", "floor", "floor", False))
            if a.ipmasq:
                subs.append(Subject("flm", "floor+masq", "floor", True))
        subs.append(Subject("hns", "harness", "harness", False))
        return subs

    @property
    def workers(self) -> list[Subject]:
        return [s for s in self.subjects if s.kind != "harness"]

    def in_node(self, ns: str, spec: Spec) -> Spec:
        """Runs spec inside the node netns NS the way --harness says: as a runtime does (the child joins the netns,
        then execs the program: fork + exec, nothing else), or through `ip netns exec NS`, which also makes a mount
        namespace and remounts /sys for every invocation."""
        if self.args.harness == "ip-netns-exec":
            spec.argv = [IP, "netns", "exec", ns] + spec.argv
        else:
            spec.netns = ns
        return spec

    def subject(self, key: str) -> Subject | None:
        return next((s for s in self.subjects if s.key == key), None)

    def problem(self, text: str) -> None:
        self.problems.append(text)
        log("problem: " + text)

    def config(self, datadir: str, masq: bool) -> str:
        return json.dumps({
            "cniVersion": "0.3.1", "name": NETWORK, "type": "bridge", "bridge": "cnio0", "isGateway": True,
            "ipMasq": masq, "ipam": {"type": "host-local", "dataDir": datadir,
                                     "ranges": [[{"subnet": str(self.net)}]], "routes": [{"dst": "0.0.0.0/0"}]}})

    def new_node(self, s: Subject, scenario: str) -> Node:
        ns = f"{self.prefix}-{s.key}-{scenario}"
        base = os.path.join(self.tmp, ns)
        os.makedirs(base + "/work")
        node = Node(self, s, ns, base + "/data", base + "/work", base + "/conf.json", list(self.hosts))
        with open(node.conf, "w") as f:
            f.write(self.config(node.datadir, s.masq))
        self.nodes.append(node)
        sh([IP, "netns", "add", ns])
        sh([IP, "-n", ns, "link", "set", "lo", "up"])
        if s.kind == "floor":  # the bridge and its gateway, which the plugins make on their first ADD
            sh([IP, "-n", ns, "-batch", "-"], f"link add cnio0 type bridge\naddr add {self.gateway}/"
                                              f"{self.net.prefixlen} dev cnio0\nlink set cnio0 up\n")
        return node

    def drop_node(self, node: Node) -> None:
        sh([IP, "netns", "del", node.ns], check=False)
        shutil.rmtree(os.path.dirname(node.work), ignore_errors=True)
        self.nodes.remove(node)

    def make_pools(self, size: int) -> None:
        names = {s.key: [f"{self.prefix}-{s.key}-p{i}" for i in range(size)] for s in self.workers}
        sh([IP, "-batch", "-"], "".join(f"netns add {p}\n" for ps in names.values() for p in ps))
        self.pools = names

    def cleanup(self) -> None:
        """Removes every netns of this run (nodes first: their veths take the pods' eth0 with them)."""
        mine = sorted(n for n in os.listdir("/run/netns") if n.startswith(self.prefix + "-")) \
            if os.path.isdir("/run/netns") else []
        if mine:
            sh([IP, "-batch", "-"], "".join(f"netns del {n}\n" for n in mine), check=False)
        if not os.environ.get("KBENCH_TMP"):
            shutil.rmtree(self.tmp, ignore_errors=True)

    def probe_k8snet_masq(self) -> None:
        """K8sNet may refuse ipMasq until its masquerade lands: then it runs with ipMasq off, and says so."""
        s = self.subjects[0]
        if not s.masq:
            return
        node = self.new_node(s, "probe")
        pod = f"{self.prefix}-k8s-probepod"
        sh([IP, "netns", "add", pod])
        try:
            out = run_many([node.add_spec(pod, f"{self.prefix}-probe")])[0]
            text = out.stdout() + out.stderr()
            if out.rc != 0 and "ipmasq" in text.lower():
                s.masq = False
                s.note = "ipMasq OFF: K8sNet refused ipMasq (" + text.strip().splitlines()[0][:120] + ")"
                log(s.note)
            elif out.rc != 0:
                raise RuntimeError(f"K8sNet ADD failed in the probe: {text.strip()[:400]}")
            run_many([node.del_spec(pod, f"{self.prefix}-probe")])
        finally:
            self.drop_node(node)
            sh([IP, "netns", "del", pod], check=False)

    # -- scenarios --------------------------------------------------------------------------------------

    def check(self, label: str, node: Node, check: Check) -> str:
        if not check.ok:
            self.failed_checks += 1
        return f"  {'ok  ' if check.ok else 'FAIL'} {node.subject.title:<11} {label}: {check.text}"

    def harness_check(self, outs: list[Outcome]) -> Check:
        good = sum(1 for o in outs if o.rc == 0)
        return Check(good == len(outs), f"{good}/{len(outs)} exit 0")

    def sequential(self) -> list[str]:
        n, subs = self.n, self.subjects
        nodes = {s.key: self.new_node(s, "seq") for s in subs}
        pods = {s.key: self.pools.get(s.key, [])[:n] for s in subs}
        outs: dict[tuple[str, str], list[Outcome]] = {}
        lines = []
        for verb in ("ADD", "DEL"):
            log(f"sequential: {n} {verb}s per subject, interleaved")
            ips = {k: [node.ip_of.get(p, "") for p in pods[k]] for k, node in nodes.items()}
            for i in range(n):
                for s in rotate(subs, i):
                    node = nodes[s.key]
                    if s.kind == "harness":
                        spec = node.harness_spec(i)
                    else:
                        pod, cid = pods[s.key][i], f"{self.prefix}-{s.key}-seq-{i}"
                        spec = node.add_spec(pod, cid) if verb == "ADD" else node.del_spec(pod, cid)
                    o = run_many([spec])[0]
                    if verb == "ADD" and s.kind != "harness":
                        node.record_add(pods[s.key][i], o)
                    outs.setdefault((verb, s.key), []).append(o)
            for s in subs:
                o, node = outs[(verb, s.key)], nodes[s.key]
                ms = [x.ms for x in o]
                for p in (50, 90, 99):
                    self.value[(f"{verb.lower()}_p{p}", s.key)] = pct(ms, p)
                self.value[(f"{verb.lower()}_cpu", s.key)] = pct([x.cpu_ms for x in o], 50)
                if s.kind == "harness":
                    c = self.harness_check(o)
                elif verb == "ADD":
                    c = self.checker.after_add(node, pods[s.key], o)
                else:
                    c = self.checker.after_del(node, pods[s.key], ips[s.key], o)
                lines.append(self.check(f"after {n} sequential {verb}s", node, c))
        for node in list(nodes.values()):
            self.drop_node(node)
        return lines

    def bursts(self) -> list[str]:
        n, lines = self.n, []
        walls: dict[tuple[str, str], list[float]] = {}
        for r in range(self.args.rounds):
            for s in rotate(self.subjects, r):
                log(f"bursts: round {r + 1}/{self.args.rounds}, {s.title}: {n} ADDs at once, then {n} DELs")
                node = self.new_node(s, f"b{r}")
                pods = self.pools.get(s.key, [])[:n]
                for verb in ("ADD", "DEL"):
                    if s.kind == "harness":
                        specs = [node.harness_spec(i) for i in range(n)]
                    else:
                        ips = [node.ip_of.get(p, "") for p in pods]
                        cids = [f"{self.prefix}-{s.key}-b{r}-{i}" for i in range(n)]
                        specs = [(node.add_spec if verb == "ADD" else node.del_spec)(p, c) for p, c in zip(pods, cids)]
                    o = run_many(specs)
                    walls.setdefault((verb, s.key), []).append(max(x.ms for x in o))
                    if s.kind == "harness":
                        c = self.harness_check(o)
                    elif verb == "ADD":
                        for p, x in zip(pods, o):
                            node.record_add(p, x)
                        c = self.checker.after_add(node, pods, o)
                    else:
                        c = self.checker.after_del(node, pods, ips, o)
                    line = self.check(f"round {r + 1} after {n} parallel {verb}s", node, c)
                    if r == self.args.rounds - 1 or not c.ok:  # earlier rounds only when they failed
                        lines.append(line)
                self.drop_node(node)
                time.sleep(self.args.settle)
        for (verb, key), w in walls.items():
            self.value[(f"burst_{verb.lower()}", key)] = sorted(w)[len(w) // 2]
            self.value[(f"burst_{verb.lower()}_range", key)] = max(w) - min(w)
        return lines

    def level_slices(self) -> list[tuple[int, int, int]]:
        """(level, first pool index, probe pool index): every level has its own node and pods of the pool."""
        out, at = [], 0
        for level in self.args.levels:
            out.append((level, at, at + level))
            at += level + 1
        return out

    def attached(self) -> list[str]:
        """One node per subject and level, all filled first; then the samples go round-robin over every
        (subject, level), so a change of load on the machine hits 0 and 250 pods alike."""
        subs, k, lines = self.workers, self.args.samples, []
        slices = self.level_slices()
        nodes = {(s.key, lv): self.new_node(s, f"a{lv}") for s in subs for lv, _, _ in slices}
        for lv, first, _ in slices:
            log(f"attached: filling the {lv}-pod nodes")
            for s in subs:
                node = nodes[(s.key, lv)]
                fill = [(p, f"{self.prefix}-{s.key}-fill{lv}-{i}") for i, p in enumerate(self.pools[s.key][first:first + lv])]
                for at in range(0, len(fill), self.args.fill_parallel):
                    o = run_many([node.add_spec(p, c) for p, c in fill[at:at + self.args.fill_parallel]])
                    if any(x.rc != 0 for x in o):
                        self.failed_checks += 1
                        self.checker._exits(node, "ADD (fill)", o)
        for lv, _, _ in slices:
            counts = {s.key: self.checker.veths(nodes[(s.key, lv)]) for s in subs}
            good = all(c == lv for c in counts.values())
            self.failed_checks += 0 if good else 1
            lines.append(f"  {'ok  ' if good else 'FAIL'} veths on the {lv}-pod nodes: "
                         + ", ".join(f"{s.title} {counts[s.key]}" for s in subs))
        log(f"attached: {k} ADD+DEL samples per subject and level, round-robin")
        samples: dict[tuple[str, str], list[float]] = {}
        cells = [(s, lv, probe) for s in subs for lv, _, probe in slices]
        for j in range(k):
            for s, lv, probe in rotate(cells, j):
                node, pod, cid = nodes[(s.key, lv)], self.pools[s.key][probe], f"{self.prefix}-{s.key}-a{lv}-{j}"
                a = run_many([node.add_spec(pod, cid)])[0]
                node.record_add(pod, a)
                d = run_many([node.del_spec(pod, cid)])[0]
                for verb, o in (("add", a), ("del", d)):
                    samples.setdefault((f"{verb}@{lv}", s.key), []).append(o.ms)
                    if o.rc != 0:
                        self.failed_checks += 1
                        self.checker._exits(node, f"{verb.upper()} (with {lv} attached)", [o])
        for (metric, key), ms in samples.items():
            self.value[(metric, key)] = pct(ms, 50)
        for node in list(nodes.values()):
            self.drop_node(node)  # deleting the node netns takes every veth pair, pod ends included
        time.sleep(self.args.settle)
        return lines

    def rss(self) -> list[str]:
        time_bin = "/usr/bin/time"  # GNU time: the shell keyword has no -v
        if not os.path.exists(time_bin):
            return ["  /usr/bin/time is missing (apt-get install time): no peak RSS"]
        lines = []
        for s in [s for s in self.workers if s.kind == "cni"]:
            log(f"rss: {s.title}")
            node = self.new_node(s, "rss")
            pods = self.pools[s.key][:self.args.rss_samples]
            for verb in ("ADD", "DEL"):
                kib, faults = [], []
                for i, pod in enumerate(pods):
                    cid = f"{self.prefix}-{s.key}-rss-{i}"
                    spec = node.add_spec(pod, cid) if verb == "ADD" else node.del_spec(pod, cid)
                    report = os.path.join(node.work, f"time-{verb}-{i}")
                    at = spec.argv.index(s.binary)
                    spec.argv = spec.argv[:at] + [time_bin, "-v", "-o", report] + spec.argv[at:]
                    o = run_many([spec])[0]
                    if verb == "ADD":
                        node.record_add(pod, o)
                    if o.rc != 0:
                        self.failed_checks += 1
                        self.checker._exits(node, verb + " (rss)", [o])
                        continue
                    with open(report) as f:
                        text = f.read()
                    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
                    if m:
                        kib.append(int(m.group(1)))
                    m = re.search(r"Minor \(reclaiming a frame\) page faults: (\d+)", text)
                    if m:
                        faults.append(int(m.group(1)))
                if kib:
                    self.value[(f"rss_{verb.lower()}", s.key)] = sorted(kib)[len(kib) // 2] / 1024
                    lines.append(f"  {s.title:<11} {verb}: peak RSS {', '.join(f'{x / 1024:.1f}' for x in kib)} MiB;"
                                 f" minor page faults {', '.join(str(x) for x in faults)}")
            self.drop_node(node)
        return lines

    def process_costs(self) -> list[str]:
        """Start-to-exit of the bare processes a verb is made of: what is left once the work is gone."""
        node = self.new_node(self.subjects[-1], "proc")
        version = os.path.join(node.work, "version.json")
        with open(version, "w") as f:
            f.write('{"cniVersion":"0.3.1"}')
        rules = os.path.join(node.work, "rules")
        with open(rules, "w") as f:  # declares (and so empties) one chain with one rule: the smallest restore
            f.write("*nat\n:KBENCH - [0:0]\n-A KBENCH -s 10.200.0.2/32 -j MASQUERADE\nCOMMIT\n")
        cases = [("harness: /bin/true", ["/bin/true"]),
                 ("ip netns exec NODE /bin/true", [IP, "netns", "exec", node.ns, "/bin/true"]),
                 ("K8sNet VERSION", [self.subjects[0].binary])]
        cmp = self.subject("cmp")
        if cmp:
            cases.append(("K8sNet-B VERSION", [cmp.binary]))
        ref = self.subject("ref")
        if ref:
            cases += [("reference bridge VERSION", [ref.binary]),
                      ("reference host-local VERSION", [os.path.join(ref.cni_path, "host-local")])]
        cases.append(("iptables-restore --noflush (1 chain, 1 rule)", [self.iptables_restore, "--noflush", rules]))
        env = {"PATH": PATH_ENV, "CNI_COMMAND": "VERSION", "K8SNET_LOG_FILE": self.k8snet_log}
        times: dict[str, list[float]] = {label: [] for label, _ in cases}
        log(f"process costs: {self.args.samples * 2} runs of each, interleaved")
        for i in range(self.args.samples * 2):
            for label, argv in rotate(cases, i):
                spec = Spec(list(argv), env, version, node._out("proc"))
                if argv[0] != IP:  # the `ip netns exec` row is that harness itself, whatever --harness is
                    self.in_node(node.ns, spec)
                o = run_many([spec])[0]
                times[label].append(o.ms)
                if o.rc != 0:
                    self.problem(f"{label} exited {o.rc}: {(o.stdout() + o.stderr()).strip()[:200]}")
        self.drop_node(node)
        width = max(len(label) for label in times)
        return [f"  {label.ljust(width)}  p50 {pct(t, 50):6.1f} ms   p90 {pct(t, 90):6.1f} ms" for label, t in times.items()]

    # -- report -----------------------------------------------------------------------------------------

    def out(self, text: str = "") -> None:
        print(text, flush=True)

    def table(self, title: str, rows: list[tuple[str, str, str]], subs: list[Subject] | None = None) -> None:
        """rows: (label, metric key, unit); one column per subject."""
        subs = subs or self.subjects
        head = [title] + [s.title for s in subs]
        body = [[label] + [self.fmt(self.value.get((key, s.key)), unit) for s in subs] for label, key, unit in rows]
        widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
        for r in [head] + body:
            self.out("  " + r[0].ljust(widths[0]) + "".join("  " + c.rjust(w) for c, w in zip(r[1:], widths[1:])))

    @staticmethod
    def fmt(v: float | None, unit: str) -> str:
        if v is None or v != v:
            return "-"
        if unit == "x":
            return f"{v:.2f}x"
        return f"{v:.0f} {unit}" if v >= 1000 else f"{v:.1f} {unit}"

    def header(self) -> None:
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0) / 2**20
        os_name = "Debian " + open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        commit = sh(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], check=False).strip() or "?"
        ref_ver = sh(["dpkg-query", "-W", "-f", "${Version}", "containernetworking-plugins"], check=False).strip()
        k = self.subjects[0]
        self.out(f"K8sNet benchmark, {now}: scripts/bench.sh {' '.join(self.args.argv)}".rstrip())
        self.out(f"machine: {os.cpu_count()} CPUs ({cpu}), kernel {platform.release()}, {os_name}, {mem:.1f} GiB RAM")
        self.out(f"load average (1/5/15 min) at start: {loadavg()}   (other work on the machine inflates every column; "
                 f"the bursts' own processes count too)")
        size = os.path.getsize(k.binary) / 1e6
        built = datetime.datetime.fromtimestamp(os.path.getmtime(k.binary)).strftime("%Y-%m-%d %H:%M")
        self.out(f"K8sNet:     {k.binary} ({size:.1f} MB, built {built}, HEAD {commit}), "
                 f"ipMasq {'on' if k.masq else 'off'}; log: {self.k8snet_log}")
        if k.note:
            self.out(f"            NOTE {k.note}")
        if self.subject("ref"):
            r = self.subject("ref")
            self.out(f"reference:  {r.binary} + host-local (containernetworking-plugins {ref_ver or '?'}), "
                     f"ipMasq {'on' if r.masq else 'off'}")
        else:
            self.out("reference:  not run (no /usr/lib/cni/bridge, or --no-reference): no ratios")
        if self.subject("flr"):
            self.out("floor:      one `ip -batch` in the node netns: veth (peer in pod netns), master+up, pod addr+up+route")
        if self.subject("flm"):
            self.out("floor+masq: floor + one `iptables-restore --noflush` (per-pod MASQUERADE rule) per ADD/DEL")
        self.out(f"harness:    {self.harness_text()}; every column includes this (time from release to exit)")
        self.out(f"seed config ({self.net}, bridge cnio0, isGateway, default route), own node netns + dataDir per "
                 f"subject and scenario; N={self.n}")
        self.out(f"this run: namespaces {self.prefix}-*, files in {self.tmp} (all removed at the end)")

    def harness_text(self) -> str:
        if self.args.harness == "ip-netns-exec":
            return "`ip netns exec NODE PLUGIN` per invocation (a mount namespace and a /sys remount each time)"
        return "runtime-style: a forked child joins the node netns (setns) and execs PLUGIN, as containerd does"

    def section(self, title: str) -> None:
        self.out()
        self.out(f"== {title}   [load {loadavg()}]")

    def report_goals(self) -> int:
        top = self.args.levels[-1]
        self.section(f"goals (issue 7): K8sNet / reference, same run")
        k, r = self.subject("k8s"), self.subject("ref")
        if r is None:
            self.out("  no reference: nothing to compare")
            return 0
        if k and k.masq != r.masq:
            self.out(f"  NOTE K8sNet ran with ipMasq off, the reference with ipMasq on: not a like-for-like comparison")
        rows, fails = [], 0
        for label, key, limit in GOALS:
            label = label.format(n=self.n, top=top)
            if key == "flat":
                kv, rv = self.value.get((f"add@{top}", "k8s")), self.value.get(("add@0", "k8s"))
                ratio = kv / rv if kv and rv else None
                ref_flat = self._ratio(self.value.get((f"add@{top}", "ref")), self.value.get(("add@0", "ref")))
                shown = (self.fmt(kv, "ms"), self.fmt(rv, "ms") + " (at 0)", f"reference itself: {ref_flat}")
            else:
                unit = "MiB" if key == "rss" else "ms"
                kk = "rss_add" if key == "rss" else key
                kv, rv = self.value.get((kk, "k8s")), self.value.get((kk, "ref"))
                ratio = kv / rv if kv and rv else None
                net = ""
                h = self.value.get((kk, "hns"))
                if h is not None and kv and rv and rv > h:
                    net = f"net of harness {(kv - h) / (rv - h):.2f}x"
                cpu = kk.replace("_p50", "_cpu")
                kc, rc = self.value.get((cpu, "k8s")), self.value.get((cpu, "ref"))
                if cpu != kk and kc and rc:
                    net += f", CPU {kc / rc:.2f}x"
                shown = (self.fmt(kv, unit), self.fmt(rv, unit), net)
            verdict = "-" if ratio is None else ("PASS" if ratio <= limit else "FAIL")
            fails += verdict == "FAIL"
            rows.append([label, shown[0], shown[1], "-" if ratio is None else f"{ratio:.2f}x", f"<= {limit:.2f}x",
                         verdict, shown[2]])
        head = ["goal", "K8sNet", "reference", "ratio", "goal", "verdict", ""]
        widths = [max(len(x[i]) for x in [head] + rows) for i in range(len(head))]
        for x in [head] + rows:
            self.out("  " + x[0].ljust(widths[0]) + "".join("  " + c.rjust(w) for c, w in zip(x[1:6], widths[1:6]))
                     + "  " + x[6])
        self.out(f"  {len(GOALS) - fails}/{len(GOALS)} goals met")
        return fails

    @staticmethod
    def _ratio(a: float | None, b: float | None) -> str:
        return f"{a / b:.2f}x" if a and b else "-"

    def main_scale(self) -> int:
        import bench_scale
        started = time.monotonic()
        lines = bench_scale.run(self)
        return self.finish(started, bench_scale.report(self, lines))

    def finish(self, started: float, fails: int) -> int:
        """The closing lines of a run and its exit status: 1 on a failed check, 3 on a missed goal with --strict."""
        self.out()
        self.out(f"load average at end: {loadavg()}; benchmark took {time.monotonic() - started:.0f} s")
        if self.failed_checks:
            self.out(f"{self.failed_checks} correctness check(s) FAILED (FAIL lines above):")
            for p in self.problems[:20]:
                self.out("  " + p)
            return 1
        return 3 if self.args.strict and fails else 0

    def main(self) -> int:
        a = self.args
        self.header()
        self.probe_k8snet_masq()
        if self.subjects[0].note:
            self.out(f"            NOTE {self.subjects[0].note}")
        if a.scale:
            return self.main_scale()
        self.make_pools(max(self.n, sum(lv + 1 for lv in a.levels), a.rss_samples))
        started = time.monotonic()

        lines = self.sequential()
        self.section(f"1. {self.n} sequential pods: ADD each, then DEL each (latency per invocation)")
        self.table("ms", [(f"ADD p{p}", f"add_p{p}", "ms") for p in (50, 90, 99)]
                   + [(f"DEL p{p}", f"del_p{p}", "ms") for p in (50, 90, 99)]
                   + [("ADD CPU p50 (user+sys)", "add_cpu", "ms"), ("DEL CPU p50 (user+sys)", "del_cpu", "ms")])
        self.out("  (CPU: of the whole invocation with its children, from wait4; steadier than latency on a busy machine)")
        self.out("\n".join(lines))

        lines = self.bursts()
        self.section(f"2. bursts: {self.n} ADDs released at once, then {self.n} DELs (wall, median of {a.rounds} "
                     f"round{'s' if a.rounds > 1 else ''})")
        self.table("wall", [(f"{self.n} parallel ADDs", "burst_add", "ms"), (f"{self.n} parallel DELs", "burst_del", "ms")]
                   + ([("spread ADD (max-min)", "burst_add_range", "ms"), ("spread DEL (max-min)", "burst_del_range", "ms")]
                      if a.rounds > 1 else []))
        self.out("\n".join(lines))

        lines = self.attached()
        levels = a.levels
        self.section(f"3. pods already attached: p50 of {a.samples} ADD+DEL pairs at {'/'.join(map(str, levels))} pods")
        for s in self.workers:
            for verb in ("add", "del"):
                lo, hi = self.value.get((f"{verb}@{levels[0]}", s.key)), self.value.get((f"{verb}@{levels[-1]}", s.key))
                self.value[(f"{verb}_flat", s.key)] = hi / lo if lo and hi else float("nan")
        self.table("ms", [(f"ADD p50 at {lv}", f"add@{lv}", "ms") for lv in levels]
                   + [(f"DEL p50 at {lv}", f"del@{lv}", "ms") for lv in levels]
                   + [(f"ADD at {levels[-1]} / at {levels[0]}", "add_flat", "x"),
                      (f"DEL at {levels[-1]} / at {levels[0]}", "del_flat", "x")], self.workers)
        self.out("\n".join(lines))

        lines = self.rss()
        self.section(f"4. peak RSS of one invocation (/usr/bin/time -v, median of {a.rss_samples})")
        cni = [s for s in self.workers if s.kind == "cni"]
        self.table("MiB", [("ADD", "rss_add", "MiB"), ("DEL", "rss_del", "MiB")], cni)
        self.out("\n".join(lines))

        lines = self.process_costs()
        self.section(f"5. bare process start-to-exit (inside the node netns, {a.samples * 2} runs each)")
        self.out("\n".join(lines))

        return self.finish(started, self.report_goals())


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/bench.sh", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=None, help="pods per sequential run and per burst (default 100; 20 with --quick)")
    p.add_argument("--quick", action="store_true",
                   help="a short run: N=20, levels 0/10/25, 5 samples per level, 1 burst round, 3 RSS samples")
    p.add_argument("--ipmasq", choices=["on", "off"], default="on",
                   help="ipMasq in the config (default on, the seed config); if K8sNet refuses it, K8sNet runs with "
                        "it off and the output says so")
    p.add_argument("--rounds", type=int, default=None, help="burst rounds; the median wall is reported (default 3)")
    p.add_argument("--levels", default=None, help="pods already attached, comma-separated (default 0,100,250)")
    p.add_argument("--samples", type=int, default=None, help="ADD+DEL pairs measured per level (default 20)")
    p.add_argument("--rss-samples", type=int, default=None, help="invocations under /usr/bin/time -v (default 5)")
    p.add_argument("--fill-parallel", type=int, default=8, help="ADDs at once while filling to a level (default 8)")
    p.add_argument("--settle", type=float, default=0.5, help="seconds of pause after a node is deleted (default 0.5)")
    p.add_argument("--harness", choices=["runtime", "ip-netns-exec"], default="runtime",
                   help="how each invocation enters the node netns: runtime (default; setns in the forked child, then "
                        "exec, as containerd does) or ip-netns-exec (`ip netns exec NODE PLUGIN`, the issue's method)")
    p.add_argument("--subnet", default="10.200.0.0/24", help="pod subnet (default the seed's 10.200.0.0/24)")
    p.add_argument("--k8snet", default=os.environ.get("K8SNET_BINARY") or os.path.join(REPO, "artifacts/bin/k8snet"),
                   help="K8sNet binary (default $K8SNET_BINARY or artifacts/bin/k8snet)")
    p.add_argument("--k8snet-log", default=None, help="K8SNET_LOG_FILE for K8sNet (default <tmp>/k8snet.log)")
    p.add_argument("--reference", default="/usr/lib/cni", help="directory of the reference plugins (default /usr/lib/cni)")
    p.add_argument("--no-reference", action="store_true", help="leave the reference plugins out")
    p.add_argument("--no-floor", action="store_true", help="leave the ip -batch floor out")
    p.add_argument("--compare", default=None, metavar="BINARY",
                   help="add a column: a second K8sNet binary (another build, e.g. the previous commit's), interleaved "
                        "with the first in every scenario")
    p.add_argument("--with-nomasq", action="store_true",
                   help="add a column: K8sNet with ipMasq off (what masquerade costs K8sNet, in the same run)")
    p.add_argument("--scale", action="store_true",
                   help="run only scenario 6: ADD/DEL as a node fills, each pod in its own netns (about 2 min)")
    p.add_argument("--scale-levels", default="0,100,250,500", help="pods per node for --scale (default 0,100,250,500)")
    p.add_argument("--scale-settle", type=float, default=3.0,
                   help="seconds of pause after each --scale resize, before sampling (default 3)")
    p.add_argument("--scale-reference", action="store_true", help="--scale also runs the reference plugins (slow)")
    p.add_argument("--strict", action="store_true", help="exit 3 when a goal is not met")
    a = p.parse_args(argv)
    a.argv = argv
    quick = a.quick
    a.n = a.n if a.n is not None else (20 if quick else 100)
    a.rounds = a.rounds if a.rounds is not None else (1 if quick else 3)
    a.levels = [int(x) for x in (a.levels or ("0,10,25" if quick else "0,100,250")).split(",")]
    a.samples = a.samples if a.samples is not None else (5 if quick else 20)
    a.rss_samples = a.rss_samples if a.rss_samples is not None else (3 if quick else 5)
    a.scale_levels = [int(x) for x in a.scale_levels.split(",")]
    if a.scale and a.subnet == "10.200.0.0/24":
        a.subnet = "10.200.0.0/16"  # 500 pods and the probe do not fit in the seed's /24
    a.ipmasq = a.ipmasq == "on"
    a.k8snet = os.path.abspath(a.k8snet)
    hosts = ipaddress.ip_network(a.subnet).num_addresses - 3  # network, broadcast, gateway
    need = max(a.n, a.levels[-1] + 1, a.scale_levels[-1] + 1 if a.scale else 0)
    if a.n < 1 or a.samples < 1 or a.rounds < 1 or a.rss_samples < 1 or a.levels != sorted(a.levels):
        p.error("-n, --samples, --rounds, --rss-samples must be >= 1 and --levels ascending")
    if a.scale_levels != sorted(a.scale_levels) or a.scale_levels[0] != 0:
        p.error("--scale-levels must be ascending and start at 0")
    if need > hosts:
        p.error(f"{need} pods do not fit in {a.subnet} ({hosts} addresses): pass a larger --subnet, e.g. 10.200.0.0/16")
    if a.compare:
        a.compare = os.path.abspath(a.compare)
        if not os.access(a.compare, os.X_OK):
            p.error(f"--compare {a.compare}: not an executable")
    if not os.access(a.k8snet, os.X_OK):
        p.error(f"{a.k8snet} not found: run scripts/publish.sh")
    return a


def main() -> int:
    args = parse_args(sys.argv[1:])
    if os.geteuid() != 0:
        print("bench: run as root (it creates throwaway network namespaces)", file=sys.stderr)
        return 2
    bench = Bench(args)
    # SIGTERM ends the run like Ctrl-C does, through the finally below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return bench.main()
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except RuntimeError as e:
        log(f"error: {e}")
        return 2
    finally:
        bench.cleanup()


if __name__ == "__main__":
    sys.exit(main())
