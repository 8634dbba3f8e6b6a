"""Correctness checks after each burst: read-only, inside the node netns (links, leases, NAT rules)."""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
from dataclasses import dataclass

from .harness import IP, NETWORK, PATH_ENV, Outcome, Spec, run_many, sh
from .nodes import Node

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
    def __init__(self, bench):  # the run (run.Bench): its subnet, and where problems are reported
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

