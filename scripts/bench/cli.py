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
                 the floor; the sweep goes up and back down. See scripts/bench/scale.py.
Subjects are interleaved (pod by pod, burst by burst, rotating the order) so a load change on a shared
machine hits them alike. The last table gives the ratios K8sNet / reference against the issue 7 goals.

Duration with the defaults: about 5 minutes on a 2-vCPU VM with load average ~30 (measured), less when quiet;
--quick about 20 s.

Exit status: 0 when the run completed and every correctness check passed (goals may still FAIL; add
--strict to exit 3 then), 1 when a check failed, 2 on a usage or setup error.
"""


from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import sys

from .harness import REPO, log
from .run import Bench


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

