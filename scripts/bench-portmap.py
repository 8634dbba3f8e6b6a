#!/usr/bin/env python3
"""hostPort cost (issue 23): K8sNet as bridge, then as portmap with two hostPorts, in a throwaway node netns.

Prints, per pod, the bridge ADD and the portmap ADD (wall time of the plugin process, as a runtime pays it):
  - the chained ADD (bridge + portmap, 2 hostPorts) against the same chain for a pod without hostPorts (the runtime
    runs portmap for every pod of the conflist; with no mappings it passes prevResult through): median ratio
    (target <= 1.15); and against the bridge ADD alone;
  - flatness: portmap ADD median of the first and of the last 25 pods as hostPorts accumulate (--pods, default 250);
  - portmap DEL median, and inside the plugin: the first 25 DELs (every pod still mapped) against the last 25;
  - execs: execve calls of one portmap ADD and DEL under strace -f (target: 0 besides the plugin itself).
Usage: scripts/bench-portmap.sh [--pods N] [--second tcp|udp]. The driver setns()es itself into the throwaway node
netns and execs the plugins directly, as a runtime does. Never touches the machine's own namespace.
"""
import argparse, ctypes, json, os, shutil, statistics, subprocess, sys, tempfile, time, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("K8SNET_BINDIR", os.path.join(ROOT, "artifacts", "bin"))
LOG = os.path.join(tempfile.gettempdir(), f"k8snet-bench-portmap-{os.getpid()}.log")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, capture_output=True, text=True, **kw).stdout


def enter(netns_path):
    """setns(2) this (single-threaded) process into the node netns: plugins are then exec'd directly, as a runtime
    does, without ip netns exec's mount namespace and /sys remount in every measurement."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(netns_path, os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
        sys.exit(f"setns {netns_path}: {os.strerror(ctypes.get_errno())}")
    os.close(fd)


def plugin(name, verb, cid, netns, conf, node, wrap=""):
    env = dict(os.environ, CNI_COMMAND=verb, CNI_CONTAINERID=cid, CNI_NETNS=netns, CNI_IFNAME="eth0", CNI_PATH=BIN)
    env["K8SNET_LOG_FILE"] = LOG
    start = time.perf_counter()
    argv = wrap.split() + [os.path.join(BIN, name)]
    p = subprocess.run(argv, input=conf, env=env, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if p.returncode != 0:
        sys.exit(f"{name} {verb} {cid} failed: {p.stdout} {p.stderr}")
    return p.stdout, elapsed, p.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pods", type=int, default=250)
    parser.add_argument("--second", choices=["tcp", "udp"], default="udp",
                        help="protocol of the second hostPort (udp: ADD and DEL walk the conntrack table once)")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:6]
    node = f"kbp{run}-node"
    data = tempfile.mkdtemp(prefix="k8snet-bench-portmap-")
    pods = []
    try:
        sh(f"ip netns add {node} && ip -n {node} link set lo up")
        enter(f"/run/netns/{node}")
        bridge_conf = json.dumps({"cniVersion": "1.0.0", "name": "bench", "type": "bridge", "bridge": "cnio0", "isGateway": True,
                                  "ipMasq": True, "hairpinMode": True,
                                  "ipam": {"type": "host-local", "dataDir": data, "ranges": [[{"subnet": "10.250.0.0/16"}]], "routes": [{"dst": "0.0.0.0/0"}]}})
        rows = []
        for i in range(args.pods):
            pod = f"kbp{run}-p{i}"
            sh(f"ip netns add {pod}")
            # A tracked flow in the node, as on any real node: the UDP flush then really walks the conntrack table.
            sh("echo x | socat -u - UDP4:127.0.0.1:9")
            pods.append(pod)
            result, bridge_ms, _ = plugin("bridge", "ADD", f"c{i}", f"/run/netns/{pod}", bridge_conf, node)
            pm = json.dumps({"cniVersion": "1.0.0", "name": "bench", "type": "portmap", "capabilities": {"portMappings": True},
                             "runtimeConfig": {"portMappings": [{"hostPort": 20000 + 2 * i, "containerPort": 80, "protocol": "tcp"},
                                                                {"hostPort": 20001 + 2 * i, "containerPort": 53, "protocol": args.second}]},
                             "prevResult": json.loads(result)})
            # The same chain for a pod without hostPorts: portmap with an empty portMappings (a pass-through).
            none = json.dumps({**json.loads(pm), "runtimeConfig": {"portMappings": []}})
            _, passthrough_ms, _ = plugin("portmap", "ADD", f"c{i}", f"/run/netns/{pod}", none, node)
            _, portmap_ms, _ = plugin("portmap", "ADD", f"c{i}", f"/run/netns/{pod}", pm, node)
            rows.append((bridge_ms, portmap_ms, pm, pod, passthrough_ms))

        execs = {}
        if shutil.which("strace"):
            last = rows[-1]
            for verb in ("DEL", "ADD"):
                _, _, err = plugin("portmap", verb, f"c{args.pods - 1}", f"/run/netns/{last[3]}", last[2], node, wrap="strace -f -qq -e trace=execve ")
                execs[verb] = max(0, err.count("execve(") - 1)

        # Per pod the log has three ADD lines: bridge, portmap without mappings, portmap with them.
        inside = [float(l.rsplit("duration=", 1)[1].rstrip("ms\n")) for l in open(LOG) if " ADD " in l and "duration=" in l][2::3][:args.pods]
        dels = [plugin("portmap", "DEL", f"c{i}", f"/run/netns/{r[3]}", r[2], node)[1] for i, r in enumerate(rows)]
        inside_del = [float(l.rsplit("duration=", 1)[1].rstrip("ms\n")) for l in open(LOG) if " DEL " in l and "duration=" in l]
        leftover = sh("nft list ruleset").count("k8snet-hostports")

        bridge = [r[0] for r in rows]
        chained = [r[0] + r[1] for r in rows]
        without = [r[0] + r[4] for r in rows]
        first = [r[1] for r in rows[:25]]
        lastn = [r[1] for r in rows[-25:]]
        med = statistics.median
        print(f"pods {args.pods}, 2 hostPorts each (tcp + {args.second}), load average {os.getloadavg()[0]:.1f}")
        print(f"bridge ADD alone                median {med(bridge):7.2f} ms")
        print(f"bridge ADD + portmap, no ports  median {med(without):7.2f} ms   (the same chain for a pod without hostPorts)")
        print(f"bridge ADD + portmap ADD        median {med(chained):7.2f} ms   ratio {med(chained) / med(without):.3f} to the chain without "
              f"hostPorts (target <= 1.15), {med(chained) / med(bridge):.3f} to the bridge alone")
        print(f"portmap ADD                     median {med([r[1] for r in rows]):7.2f} ms")
        print(f"portmap ADD, first 25 pods      median {med(first):7.2f} ms")
        print(f"portmap ADD, last 25 pods       median {med(lastn):7.2f} ms   ({med(lastn) / med(first):.2f}x the first)")
        print(f"portmap ADD inside the plugin   median first 25 {med(inside[:25]):5.2f} ms, last 25 {med(inside[-25:]):5.2f} ms (its own log)")
        print(f"portmap DEL                     median {med(dels):7.2f} ms")
        if len(inside_del) >= 50:
            print(f"portmap DEL inside the plugin   median first 25 {med(inside_del[-args.pods:][:25]):5.2f} ms (all pods mapped), "
                  f"last 25 {med(inside_del[-25:]):5.2f} ms (its own log)")
        print(f"execs besides the plugin        ADD {execs.get('ADD', 'n/a')}  DEL {execs.get('DEL', 'n/a')} (strace -f)")
        print(f"hostport tables left after DEL  {leftover}")
    finally:
        if os.path.exists(LOG):
            os.remove(LOG)
        for name in pods + [node]:
            subprocess.run(f"ip netns del {name}", shell=True, capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
