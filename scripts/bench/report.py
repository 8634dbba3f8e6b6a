"""The printed report: header, tables (one column per subject), sections, the goals of issue 7, the closing lines."""

from __future__ import annotations

import datetime
import os
import platform
import time

from .harness import REPO, loadavg, sh
from .nodes import Subject

GOALS = [  # (label, metric key, limit) — issue 7
    ("ADD p50, sequential pods", "add_p50", 0.25),
    ("DEL p50, sequential pods", "del_p50", 0.40),
    ("{n} parallel ADDs, wall", "burst_add", 0.25),
    ("{n} parallel DELs, wall", "burst_del", 0.50),
    ("ADD p50 at {top} pods / at 0 (K8sNet itself)", "flat", 1.15),
    ("peak RSS of one ADD", "rss", 1.00),
]


def out(text: str = "") -> None:
    print(text, flush=True)

def table(bench, title: str, rows: list[tuple[str, str, str]], subs: list[Subject] | None = None) -> None:
    """rows: (label, metric key, unit); one column per subject."""
    subs = subs or bench.subjects
    head = [title] + [s.title for s in subs]
    body = [[label] + [fmt(bench.value.get((key, s.key)), unit) for s in subs] for label, key, unit in rows]
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    for r in [head] + body:
        out("  " + r[0].ljust(widths[0]) + "".join("  " + c.rjust(w) for c, w in zip(r[1:], widths[1:])))

def fmt(v: float | None, unit: str) -> str:
    if v is None or v != v:
        return "-"
    if unit == "x":
        return f"{v:.2f}x"
    return f"{v:.0f} {unit}" if v >= 1000 else f"{v:.1f} {unit}"

def header(bench) -> None:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0) / 2**20
    os_name = "Debian " + open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = sh(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], check=False).strip() or "?"
    ref_ver = sh(["dpkg-query", "-W", "-f", "${Version}", "containernetworking-plugins"], check=False).strip()
    k = bench.subjects[0]
    out(f"K8sNet benchmark, {now}: scripts/bench.sh {' '.join(bench.args.argv)}".rstrip())
    out(f"machine: {os.cpu_count()} CPUs ({cpu}), kernel {platform.release()}, {os_name}, {mem:.1f} GiB RAM")
    out(f"load average (1/5/15 min) at start: {loadavg()}   (other work on the machine inflates every column; "
             f"the bursts' own processes count too)")
    size = os.path.getsize(k.binary) / 1e6
    built = datetime.datetime.fromtimestamp(os.path.getmtime(k.binary)).strftime("%Y-%m-%d %H:%M")
    out(f"K8sNet:     {k.binary} ({size:.1f} MB, built {built}, HEAD {commit}), "
             f"ipMasq {'on' if k.masq else 'off'}; log: {bench.k8snet_log}")
    if k.note:
        out(f"            NOTE {k.note}")
    if bench.subject("ref"):
        r = bench.subject("ref")
        out(f"reference:  {r.binary} + host-local (containernetworking-plugins {ref_ver or '?'}), "
                 f"ipMasq {'on' if r.masq else 'off'}")
    else:
        out("reference:  not run (no /usr/lib/cni/bridge, or --no-reference): no ratios")
    if bench.subject("flr"):
        out("floor:      one `ip -batch` in the node netns: veth (peer in pod netns), master+up, pod addr+up+route")
    if bench.subject("flm"):
        out("floor+masq: floor + one `iptables-restore --noflush` (per-pod MASQUERADE rule) per ADD/DEL")
    out(f"harness:    {harness_text(bench)}; every column includes this (time from release to exit)")
    out(f"seed config ({bench.net}, bridge cnio0, isGateway, default route), own node netns + dataDir per "
             f"subject and scenario; N={bench.n}")
    out(f"this run: namespaces {bench.prefix}-*, files in {bench.tmp} (all removed at the end)")

def harness_text(bench) -> str:
    if bench.args.harness == "ip-netns-exec":
        return "`ip netns exec NODE PLUGIN` per invocation (a mount namespace and a /sys remount each time)"
    return "runtime-style: a forked child joins the node netns (setns) and execs PLUGIN, as containerd does"

def section(bench, title: str) -> None:
    out()
    out(f"== {title}   [load {loadavg()}]")

def report_goals(bench) -> int:
    top = bench.args.levels[-1]
    section(bench, "goals (issue 7): K8sNet / reference, same run")
    k, r = bench.subject("k8s"), bench.subject("ref")
    if r is None:
        out("  no reference: nothing to compare")
        return 0
    if k and k.masq != r.masq:
        out("  NOTE K8sNet ran with ipMasq off, the reference with ipMasq on: not a like-for-like comparison")
    rows, fails = [], 0
    for label, key, limit in GOALS:
        label = label.format(n=bench.n, top=top)
        if key == "flat":
            kv, rv = bench.value.get((f"add@{top}", "k8s")), bench.value.get(("add@0", "k8s"))
            ratio = kv / rv if kv and rv else None
            ref_flat = _ratio(bench.value.get((f"add@{top}", "ref")), bench.value.get(("add@0", "ref")))
            shown = (fmt(kv, "ms"), fmt(rv, "ms") + " (at 0)", f"reference itself: {ref_flat}")
        else:
            unit = "MiB" if key == "rss" else "ms"
            kk = "rss_add" if key == "rss" else key
            kv, rv = bench.value.get((kk, "k8s")), bench.value.get((kk, "ref"))
            ratio = kv / rv if kv and rv else None
            net = ""
            h = bench.value.get((kk, "hns"))
            if h is not None and kv and rv and rv > h:
                net = f"net of harness {(kv - h) / (rv - h):.2f}x"
            cpu = kk.replace("_p50", "_cpu")
            kc, rc = bench.value.get((cpu, "k8s")), bench.value.get((cpu, "ref"))
            if cpu != kk and kc and rc:
                net += f", CPU {kc / rc:.2f}x"
            shown = (fmt(kv, unit), fmt(rv, unit), net)
        verdict = "-" if ratio is None else ("PASS" if ratio <= limit else "FAIL")
        fails += verdict == "FAIL"
        rows.append([label, shown[0], shown[1], "-" if ratio is None else f"{ratio:.2f}x", f"<= {limit:.2f}x",
                     verdict, shown[2]])
    head = ["goal", "K8sNet", "reference", "ratio", "goal", "verdict", ""]
    widths = [max(len(x[i]) for x in [head] + rows) for i in range(len(head))]
    for x in [head] + rows:
        out("  " + x[0].ljust(widths[0]) + "".join("  " + c.rjust(w) for c, w in zip(x[1:6], widths[1:6]))
                 + "  " + x[6])
    out(f"  {len(GOALS) - fails}/{len(GOALS)} goals met")
    return fails

def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "-"

def finish(bench, started: float, fails: int) -> int:
    """The closing lines of a run and its exit status: 1 on a failed check, 3 on a missed goal with --strict."""
    out()
    out(f"load average at end: {loadavg()}; benchmark took {time.monotonic() - started:.0f} s")
    if bench.failed_checks:
        out(f"{bench.failed_checks} correctness check(s) FAILED (FAIL lines above):")
        for p in bench.problems[:20]:
            out("  " + p)
        return 1
    return 3 if bench.args.strict and fails else 0
