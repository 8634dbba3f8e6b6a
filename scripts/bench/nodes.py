"""Subjects (K8sNet, the reference, the floor, the harness) and the throwaway node namespaces they run in."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from .harness import IP, PATH_ENV, Outcome, Spec

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

    bench: Any  # the run (run.Bench), for its settings; not imported, so there is no import cycle
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
