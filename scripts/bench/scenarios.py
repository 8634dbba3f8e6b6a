"""Scenarios 1-5: sequential pods, bursts, pods already attached, peak RSS, bare process costs.

Each takes the run (bench/run.py's Bench: subjects, pools, nodes, results) and returns its check lines; the numbers
go into bench.value for the report.
"""

from __future__ import annotations

import os
import re
import time

from .harness import IP, PATH_ENV, Outcome, Spec, log, pct, run_many
from .nodes import rotate


def sequential(bench) -> list[str]:
    n, subs = bench.n, bench.subjects
    nodes = {s.key: bench.new_node(s, "seq") for s in subs}
    pods = {s.key: bench.pools.get(s.key, [])[:n] for s in subs}
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
                    pod, cid = pods[s.key][i], f"{bench.prefix}-{s.key}-seq-{i}"
                    spec = node.add_spec(pod, cid) if verb == "ADD" else node.del_spec(pod, cid)
                o = run_many([spec])[0]
                if verb == "ADD" and s.kind != "harness":
                    node.record_add(pods[s.key][i], o)
                outs.setdefault((verb, s.key), []).append(o)
        for s in subs:
            o, node = outs[(verb, s.key)], nodes[s.key]
            ms = [x.ms for x in o]
            for p in (50, 90, 99):
                bench.value[(f"{verb.lower()}_p{p}", s.key)] = pct(ms, p)
            bench.value[(f"{verb.lower()}_cpu", s.key)] = pct([x.cpu_ms for x in o], 50)
            if s.kind == "harness":
                c = bench.harness_check(o)
            elif verb == "ADD":
                c = bench.checker.after_add(node, pods[s.key], o)
            else:
                c = bench.checker.after_del(node, pods[s.key], ips[s.key], o)
            lines.append(bench.check(f"after {n} sequential {verb}s", node, c))
    for node in list(nodes.values()):
        bench.drop_node(node)
    return lines

def bursts(bench) -> list[str]:
    n, lines = bench.n, []
    walls: dict[tuple[str, str], list[float]] = {}
    for r in range(bench.args.rounds):
        for s in rotate(bench.subjects, r):
            log(f"bursts: round {r + 1}/{bench.args.rounds}, {s.title}: {n} ADDs at once, then {n} DELs")
            node = bench.new_node(s, f"b{r}")
            pods = bench.pools.get(s.key, [])[:n]
            for verb in ("ADD", "DEL"):
                if s.kind == "harness":
                    specs = [node.harness_spec(i) for i in range(n)]
                else:
                    ips = [node.ip_of.get(p, "") for p in pods]
                    cids = [f"{bench.prefix}-{s.key}-b{r}-{i}" for i in range(n)]
                    specs = [(node.add_spec if verb == "ADD" else node.del_spec)(p, c) for p, c in zip(pods, cids)]
                o = run_many(specs)
                walls.setdefault((verb, s.key), []).append(max(x.ms for x in o))
                if s.kind == "harness":
                    c = bench.harness_check(o)
                elif verb == "ADD":
                    for p, x in zip(pods, o):
                        node.record_add(p, x)
                    c = bench.checker.after_add(node, pods, o)
                else:
                    c = bench.checker.after_del(node, pods, ips, o)
                line = bench.check(f"round {r + 1} after {n} parallel {verb}s", node, c)
                if r == bench.args.rounds - 1 or not c.ok:  # earlier rounds only when they failed
                    lines.append(line)
            bench.drop_node(node)
            time.sleep(bench.args.settle)
    for (verb, key), w in walls.items():
        bench.value[(f"burst_{verb.lower()}", key)] = sorted(w)[len(w) // 2]
        bench.value[(f"burst_{verb.lower()}_range", key)] = max(w) - min(w)
    return lines

def level_slices(bench) -> list[tuple[int, int, int]]:
    """(level, first pool index, probe pool index): every level has its own node and pods of the pool."""
    out, at = [], 0
    for level in bench.args.levels:
        out.append((level, at, at + level))
        at += level + 1
    return out

def attached(bench) -> list[str]:
    """One node per subject and level, all filled first; then the samples go round-robin over every
    (subject, level), so a change of load on the machine hits 0 and 250 pods alike."""
    subs, k, lines = bench.workers, bench.args.samples, []
    slices = level_slices(bench)
    nodes = {(s.key, lv): bench.new_node(s, f"a{lv}") for s in subs for lv, _, _ in slices}
    for lv, first, _ in slices:
        log(f"attached: filling the {lv}-pod nodes")
        for s in subs:
            node = nodes[(s.key, lv)]
            fill = [(p, f"{bench.prefix}-{s.key}-fill{lv}-{i}") for i, p in enumerate(bench.pools[s.key][first:first + lv])]
            for at in range(0, len(fill), bench.args.fill_parallel):
                o = run_many([node.add_spec(p, c) for p, c in fill[at:at + bench.args.fill_parallel]])
                if any(x.rc != 0 for x in o):
                    bench.failed_checks += 1
                    bench.checker._exits(node, "ADD (fill)", o)
    for lv, _, _ in slices:
        counts = {s.key: bench.checker.veths(nodes[(s.key, lv)]) for s in subs}
        good = all(c == lv for c in counts.values())
        bench.failed_checks += 0 if good else 1
        lines.append(f"  {'ok  ' if good else 'FAIL'} veths on the {lv}-pod nodes: "
                     + ", ".join(f"{s.title} {counts[s.key]}" for s in subs))
    log(f"attached: {k} ADD+DEL samples per subject and level, round-robin")
    samples: dict[tuple[str, str], list[float]] = {}
    cells = [(s, lv, probe) for s in subs for lv, _, probe in slices]
    for j in range(k):
        for s, lv, probe in rotate(cells, j):
            node, pod, cid = nodes[(s.key, lv)], bench.pools[s.key][probe], f"{bench.prefix}-{s.key}-a{lv}-{j}"
            a = run_many([node.add_spec(pod, cid)])[0]
            node.record_add(pod, a)
            d = run_many([node.del_spec(pod, cid)])[0]
            for verb, o in (("add", a), ("del", d)):
                samples.setdefault((f"{verb}@{lv}", s.key), []).append(o.ms)
                if o.rc != 0:
                    bench.failed_checks += 1
                    bench.checker._exits(node, f"{verb.upper()} (with {lv} attached)", [o])
    for (metric, key), ms in samples.items():
        bench.value[(metric, key)] = pct(ms, 50)
    for node in list(nodes.values()):
        bench.drop_node(node)  # deleting the node netns takes every veth pair, pod ends included
    time.sleep(bench.args.settle)
    return lines

def rss(bench) -> list[str]:
    time_bin = "/usr/bin/time"  # GNU time: the shell keyword has no -v
    if not os.path.exists(time_bin):
        return ["  /usr/bin/time is missing (apt-get install time): no peak RSS"]
    lines = []
    for s in [s for s in bench.workers if s.kind == "cni"]:
        log(f"rss: {s.title}")
        node = bench.new_node(s, "rss")
        pods = bench.pools[s.key][:bench.args.rss_samples]
        for verb in ("ADD", "DEL"):
            kib, faults = [], []
            for i, pod in enumerate(pods):
                cid = f"{bench.prefix}-{s.key}-rss-{i}"
                spec = node.add_spec(pod, cid) if verb == "ADD" else node.del_spec(pod, cid)
                report = os.path.join(node.work, f"time-{verb}-{i}")
                at = spec.argv.index(s.binary)
                spec.argv = spec.argv[:at] + [time_bin, "-v", "-o", report] + spec.argv[at:]
                o = run_many([spec])[0]
                if verb == "ADD":
                    node.record_add(pod, o)
                if o.rc != 0:
                    bench.failed_checks += 1
                    bench.checker._exits(node, verb + " (rss)", [o])
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
                bench.value[(f"rss_{verb.lower()}", s.key)] = sorted(kib)[len(kib) // 2] / 1024
                lines.append(f"  {s.title:<11} {verb}: peak RSS {', '.join(f'{x / 1024:.1f}' for x in kib)} MiB;"
                             f" minor page faults {', '.join(str(x) for x in faults)}")
        bench.drop_node(node)
    return lines

def process_costs(bench) -> list[str]:
    """Start-to-exit of the bare processes a verb is made of: what is left once the work is gone."""
    node = bench.new_node(bench.subjects[-1], "proc")
    version = os.path.join(node.work, "version.json")
    with open(version, "w") as f:
        f.write('{"cniVersion":"0.3.1"}')
    rules = os.path.join(node.work, "rules")
    with open(rules, "w") as f:  # declares (and so empties) one chain with one rule: the smallest restore
        f.write("*nat\n:KBENCH - [0:0]\n-A KBENCH -s 10.200.0.2/32 -j MASQUERADE\nCOMMIT\n")
    cases = [("harness: /bin/true", ["/bin/true"]),
             ("ip netns exec NODE /bin/true", [IP, "netns", "exec", node.ns, "/bin/true"]),
             ("K8sNet VERSION", [bench.subjects[0].binary])]
    cmp = bench.subject("cmp")
    if cmp:
        cases.append(("K8sNet-B VERSION", [cmp.binary]))
    ref = bench.subject("ref")
    if ref:
        cases += [("reference bridge VERSION", [ref.binary]),
                  ("reference host-local VERSION", [os.path.join(ref.cni_path, "host-local")])]
    cases.append(("iptables-restore --noflush (1 chain, 1 rule)", [bench.iptables_restore, "--noflush", rules]))
    env = {"PATH": PATH_ENV, "CNI_COMMAND": "VERSION", "K8SNET_LOG_FILE": bench.k8snet_log}
    times: dict[str, list[float]] = {label: [] for label, _ in cases}
    log(f"process costs: {bench.args.samples * 2} runs of each, interleaved")
    for i in range(bench.args.samples * 2):
        for label, argv in rotate(cases, i):
            spec = Spec(list(argv), env, version, node._out("proc"))
            if argv[0] != IP:  # the `ip netns exec` row is that harness itself, whatever --harness is
                bench.in_node(node.ns, spec)
            o = run_many([spec])[0]
            times[label].append(o.ms)
            if o.rc != 0:
                bench.problem(f"{label} exited {o.rc}: {(o.stdout() + o.stderr()).strip()[:200]}")
    bench.drop_node(node)
    width = max(len(label) for label in times)
    return [f"  {label.ljust(width)}  p50 {pct(t, 50):6.1f} ms   p90 {pct(t, 90):6.1f} ms" for label, t in times.items()]
