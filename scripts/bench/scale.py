"""Scenario 6 of scripts/bench.sh (--scale): ADD and DEL as a node fills, measured as on a real node.

On a real node every pod has its own network namespace, so as the node fills the machine also holds more and more
netns (and their /run/netns bind mounts). Here each subject's node grows through the levels (default 0/100/250/500
pods), each pod in a netns of its own that exists only while the pod does, and at every level --samples ADD+DEL
pairs of one more pod are timed, the subjects interleaved. The sweep goes up and then back down (0, 100, 250, 500,
250, 100, 0), so a load drift on the shared machine hits low and high levels alike; the p50 per level is over both
passes. With K8sNet and the floor both at 500 pods the machine holds about 1,000 pod netns.

The floor here is the same kernel work as K8sNet's ADD without `ip netns exec` (which copies the whole mount
namespace, one mount per netns, and so grows with the netns count by itself): one `ip -batch` in the node netns
(veth with its peer in the pod netns, master, up) and one `ip -n POD -batch` (address, up, default route), timed
back to back; it therefore pays the harness twice. Its DEL is one `ip link del` in the node netns.
With --with-nomasq, K8sNet also runs with ipMasq off (at 0 pods the masquerade rule comes and goes with every
sampled pod, which the column without ipMasq leaves out).
"""

from __future__ import annotations

import os
import time

from .harness import IP, PATH_ENV, Outcome, Spec, log, pct, run_many, sh
from .nodes import Node, rotate
from .report import fmt, out, section, table

PROBE = 99999  # the index of each node's sampled pod: its veth is vb99999 in the floor

def run(bench) -> list[str]:
    a = bench.args
    levels = a.scale_levels
    keys = ["k8s", "knm", "cmp", "flr"] + (["ref"] if a.scale_reference else [])
    subs = [s for s in bench.workers if s.key in keys]
    nodes = {s.key: bench.new_node(s, "scale") for s in subs}
    attached: dict[str, list[str]] = {s.key: [] for s in subs}
    probes = {s.key: f"{bench.prefix}-{s.key}-sp{PROBE}" for s in subs}
    sh([IP, "-batch", "-"], "".join(f"netns add {p}\n" for p in probes.values()))
    samples: dict[tuple[str, int, str], list[float]] = {}
    sweep = levels + levels[-2::-1]
    lines: list[str] = []
    for step, level in enumerate(sweep):
        log(f"scale: {level} pods per node (step {step + 1}/{len(sweep)})")
        for s in subs:
            _resize(bench, nodes[s.key], attached[s.key], level)
        # Deleted netns are torn down by a kernel worker that holds RTNL in long stretches, and new links run DAD and
        # router-solicitation timers: let that finish, as on a node whose pods come and go gradually.
        time.sleep(a.scale_settle)
        counts = {s.key: bench.checker.veths(nodes[s.key]) for s in subs}
        good = all(counts[s.key] == level for s in subs)
        bench.failed_checks += 0 if good else 1
        netns = len(os.listdir("/run/netns"))
        lines.append(f"  {'ok  ' if good else 'FAIL'} step {step + 1}: {level} pods per node ("
                     + ", ".join(f"{s.title} {counts[s.key]} veths" for s in subs) + f"), {netns} netns on the machine")
        for j in range(a.samples):
            for s in rotate(subs, j + step):
                node, pod, cid = nodes[s.key], probes[s.key], f"{bench.prefix}-{s.key}-s{step}-{j}"
                add = _add(bench, node, pod, cid)
                dele = run_many([node.del_spec(pod, cid)])[0]
                for verb, o in (("add", add), ("del", dele)):
                    samples.setdefault((verb, level, s.key), []).append(o.ms)
                    samples.setdefault((verb + "_cpu", level, s.key), []).append(o.cpu_ms)
                    if o.rc != 0:
                        bench.failed_checks += 1
                        bench.checker._exits(node, f"{verb.upper()} (scale, {level} attached)", [o])
    for (verb, level, key), ms in samples.items():
        bench.value[(f"scale_{verb}@{level}", key)] = pct(ms, 50)
    for s in subs:
        for verb in ("add", "del", "add_cpu", "del_cpu"):
            base = bench.value.get((f"scale_{verb}@{levels[0]}", s.key))
            for level in levels[1:]:
                top = bench.value.get((f"scale_{verb}@{level}", s.key))
                bench.value[(f"scale_{verb}_ratio@{level}", s.key)] = top / base if base and top else float("nan")
    for s in subs:
        _resize(bench, nodes[s.key], attached[s.key], 0)
        bench.drop_node(nodes[s.key])
    sh([IP, "-batch", "-"], "".join(f"netns del {p}\n" for p in probes.values()), check=False)
    time.sleep(a.settle)
    bench.scale_subjects = subs
    return lines


def _add(bench, node: "Node", pod: str, cid: str) -> "Outcome":
    """One timed ADD: the plugin, or the floor's two `ip -batch` runs (node side, then pod side) summed."""
    if node.subject.kind == "cni":
        out = run_many([node.add_spec(pod, cid)])[0]
        node.record_add(pod, out)
        return out
    ip = node.free_ips.pop(0)
    node.ip_of[pod] = ip
    veth = f"vb{node.pod_index(pod)}"  # the name the floor's del_spec deletes
    node_side = node._batch(f"{pod}.sadd", f"link add {veth} type veth peer name eth0 netns {pod}\n"
                                           f"link set dev {veth} master cnio0 up\n")
    inner = os.path.join(node.work, f"{pod}.sin")
    with open(inner, "w") as f:
        f.write(f"addr add {ip}/{bench.net.prefixlen} dev eth0\nlink set eth0 up\nroute add default via {bench.gateway}\n")
    pod_side = Spec([IP, "-n", pod, "-batch", inner], {"PATH": PATH_ENV}, None, node._out(f"{pod}.sinner"))
    first = run_many([node_side])[0]
    second = run_many([pod_side])[0]
    return Outcome(first.rc or second.rc, first.ns + second.ns, first.out, first.cpu_ms + second.cpu_ms)


def _resize(bench, node: "Node", pods: list[str], level: int) -> None:
    """Grows or shrinks the node to LEVEL pods, each in its own netns (made before its ADD, deleted after its DEL)."""
    par = bench.args.fill_parallel
    key = node.subject.key
    if len(pods) < level:
        new = [f"{bench.prefix}-{key}-sp{i}" for i in range(len(pods), level)]
        sh([IP, "-batch", "-"], "".join(f"netns add {p}\n" for p in new))
        for at in range(0, len(new), par):
            chunk = new[at:at + par]
            outs = run_many([node.add_spec(p, _cid(bench, p)) for p in chunk])
            for p, o in zip(chunk, outs):
                node.record_add(p, o)
            if any(o.rc != 0 for o in outs):
                bench.failed_checks += 1
                bench.checker._exits(node, "ADD (scale fill)", outs)
        pods.extend(new)
    while len(pods) > level:
        chunk = pods[max(level, len(pods) - par):]
        outs = run_many([node.del_spec(p, _cid(bench, p)) for p in chunk])
        if any(o.rc != 0 for o in outs):
            bench.failed_checks += 1
            bench.checker._exits(node, "DEL (scale drain)", outs)
        sh([IP, "-batch", "-"], "".join(f"netns del {p}\n" for p in chunk), check=False)
        del pods[len(pods) - len(chunk):]


def _cid(bench, pod: str) -> str:
    return f"{pod}-c"


def report(bench, lines: list[str]) -> int:
    """The per-level table, the ratios to 0 pods, and the goals of issue 15 for K8sNet next to the floor's ratio."""
    a, subs = bench.args, bench.scale_subjects
    levels = a.scale_levels
    section(bench, f"6. scale: ADD+DEL p50 of {a.samples} pairs per pass at {'/'.join(map(str, levels))} pods, "
                  f"each pod in its own netns, up and back down")
    rows = ([(f"ADD p50 at {lv}", f"scale_add@{lv}", "ms") for lv in levels]
            + [(f"DEL p50 at {lv}", f"scale_del@{lv}", "ms") for lv in levels]
            + [(f"ADD at {lv} / at {levels[0]}", f"scale_add_ratio@{lv}", "x") for lv in levels[1:]]
            + [(f"DEL at {lv} / at {levels[0]}", f"scale_del_ratio@{lv}", "x") for lv in levels[1:]]
            + [(f"ADD CPU p50 at {lv}", f"scale_add_cpu@{lv}", "ms") for lv in levels]
            + [(f"ADD CPU at {lv} / at {levels[0]}", f"scale_add_cpu_ratio@{lv}", "x") for lv in levels[1:]]
            + [(f"DEL CPU p50 at {lv}", f"scale_del_cpu@{lv}", "ms") for lv in levels])
    table(bench, "ms", rows, subs)
    out("  (CPU: user+sys of the invocation and its children from wait4; kernel work the process leaves to workqueues"
              " or RCU is not in it, but a busy machine disturbs it far less than latency)")
    out("\n".join(lines))
    fails = 0
    out("  goals (issue 15), K8sNet ADD p50 at N pods / at 0, same run; the floor's ratio beside it:")
    for s in [s for s in subs if s.kind == "cni" and s.key != "ref"]:
        for level, limit in ((250, 1.15), (500, 1.25)):
            if level not in levels[1:]:
                continue
            k = bench.value.get((f"scale_add_ratio@{level}", s.key))
            f = bench.value.get((f"scale_add_ratio@{level}", "flr"))
            verdict = "-" if k is None or k != k else ("PASS" if k <= limit else "FAIL")
            fails += verdict == "FAIL"
            out(f"    ADD at {level} / at 0: {s.title} {fmt(k, 'x')}  goal <= {limit:.2f}x  {verdict}"
                      f"   (floor {fmt(f, 'x')})")
    if bench.subject("k8s") and bench.subject("k8s").masq:
        out("  (K8sNet with ipMasq: at 0 pods every sampled ADD also writes the network's masquerade rule and its DEL"
                  " removes it again, as the network's first and last pod; --with-nomasq adds a column without that)")
    return fails
