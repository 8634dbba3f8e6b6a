"""One benchmark run: its subjects, namespaces and results, and the order of its scenarios."""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import shutil
import time

from . import report, scale, scenarios
from .checks import Check, Checker
from .harness import IP, NETWORK, Outcome, Spec, log, run_many, sh
from .nodes import Node, Subject


class Bench:
    """The run's state: arguments, subjects, node namespaces and pools, results (value), failed checks."""

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

    # -- bookkeeping the scenarios share ---------------------------------------------------------------

    def check(self, label: str, node: Node, check: Check) -> str:
        if not check.ok:
            self.failed_checks += 1
        return f"  {'ok  ' if check.ok else 'FAIL'} {node.subject.title:<11} {label}: {check.text}"

    def harness_check(self, outs: list[Outcome]) -> Check:
        good = sum(1 for o in outs if o.rc == 0)
        return Check(good == len(outs), f"{good}/{len(outs)} exit 0")

    def main_scale(self) -> int:
        started = time.monotonic()
        lines = scale.run(self)
        return report.finish(self, started, scale.report(self, lines))

    def main(self) -> int:
        a = self.args
        report.header(self)
        self.probe_k8snet_masq()
        if self.subjects[0].note:
            report.out(f"            NOTE {self.subjects[0].note}")
        if a.scale:
            return self.main_scale()
        self.make_pools(max(self.n, sum(lv + 1 for lv in a.levels), a.rss_samples))
        started = time.monotonic()

        lines = scenarios.sequential(self)
        report.section(self, f"1. {self.n} sequential pods: ADD each, then DEL each (latency per invocation)")
        report.table(self, "ms", [(f"ADD p{p}", f"add_p{p}", "ms") for p in (50, 90, 99)]
                   + [(f"DEL p{p}", f"del_p{p}", "ms") for p in (50, 90, 99)]
                   + [("ADD CPU p50 (user+sys)", "add_cpu", "ms"), ("DEL CPU p50 (user+sys)", "del_cpu", "ms")])
        report.out("  (CPU: of the whole invocation with its children, from wait4; steadier than latency on a busy machine)")
        report.out("\n".join(lines))

        lines = scenarios.bursts(self)
        report.section(self, f"2. bursts: {self.n} ADDs released at once, then {self.n} DELs (wall, median of {a.rounds} "
                     f"round{'s' if a.rounds > 1 else ''})")
        report.table(self, "wall", [(f"{self.n} parallel ADDs", "burst_add", "ms"), (f"{self.n} parallel DELs", "burst_del", "ms")]
                   + ([("spread ADD (max-min)", "burst_add_range", "ms"), ("spread DEL (max-min)", "burst_del_range", "ms")]
                      if a.rounds > 1 else []))
        report.out("\n".join(lines))

        lines = scenarios.attached(self)
        levels = a.levels
        report.section(self, f"3. pods already attached: p50 of {a.samples} ADD+DEL pairs at {'/'.join(map(str, levels))} pods")
        for s in self.workers:
            for verb in ("add", "del"):
                lo, hi = self.value.get((f"{verb}@{levels[0]}", s.key)), self.value.get((f"{verb}@{levels[-1]}", s.key))
                self.value[(f"{verb}_flat", s.key)] = hi / lo if lo and hi else float("nan")
        report.table(self, "ms", [(f"ADD p50 at {lv}", f"add@{lv}", "ms") for lv in levels]
                   + [(f"DEL p50 at {lv}", f"del@{lv}", "ms") for lv in levels]
                   + [(f"ADD at {levels[-1]} / at {levels[0]}", "add_flat", "x"),
                      (f"DEL at {levels[-1]} / at {levels[0]}", "del_flat", "x")], self.workers)
        report.out("\n".join(lines))

        lines = scenarios.rss(self)
        report.section(self, f"4. peak RSS of one invocation (/usr/bin/time -v, median of {a.rss_samples})")
        cni = [s for s in self.workers if s.kind == "cni"]
        report.table(self, "MiB", [("ADD", "rss_add", "MiB"), ("DEL", "rss_del", "MiB")], cni)
        report.out("\n".join(lines))

        lines = scenarios.process_costs(self)
        report.section(self, f"5. bare process start-to-exit (inside the node netns, {a.samples * 2} runs each)")
        report.out("\n".join(lines))

        return report.finish(self, started, report.report_goals(self))
