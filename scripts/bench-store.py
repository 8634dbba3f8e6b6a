#!/usr/bin/env python3
"""Store path only: ADD+DEL pairs of host-local (the k8snet binary run under that name) for two binaries,
interleaved. No namespace is entered or made (host-local touches only its dataDir, a temp directory here).
Usage: scripts/bench-store.py BINARY_A BINARY_B [PAIRS]. CPU = user+sys from wait4."""
import os, sys, time, tempfile, statistics, shutil
def run(exe, verb, cid, conf):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(r, 0); os.close(w)
        fd = os.open("/dev/null", os.O_WRONLY); os.dup2(fd, 1); os.dup2(fd, 2)
        env = {"CNI_COMMAND": verb, "CNI_CONTAINERID": cid, "CNI_NETNS": "/proc/1/ns/net", "CNI_IFNAME": "eth0",
               "CNI_PATH": "/usr/lib/cni", "K8SNET_LOG_FILE": "/dev/null"}
        os.execve(exe, ["host-local"], env)
    os.close(r)
    t0 = time.perf_counter()
    os.write(w, conf); os.close(w)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    assert os.waitstatus_to_exitcode(status) == 0, (exe, verb, cid)
    return (ru.ru_utime + ru.ru_stime) * 1000, wall * 1000
bins = sys.argv[1:3]; n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
res = {b: {"ADD": ([], []), "DEL": ([], [])} for b in bins}
dirs = {b: tempfile.mkdtemp(prefix="h20-ipb-") for b in bins}
links = {}
for b in bins:
    l = os.path.join(dirs[b] + "-bin"); os.makedirs(l); os.symlink(b, os.path.join(l, "host-local")); links[b] = os.path.join(l, "host-local")
try:
    # a few pods stay, as on a node
    for b in bins:
        conf = ('{"cniVersion":"1.0.0","name":"bench","ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"10.200.0.0/24"}]]}}' % dirs[b]).encode()
        for k in range(5): run(links[b], "ADD", f"stay{k}", conf)
    for i in range(n):
        order = bins if i % 2 == 0 else bins[::-1]
        for b in order:
            conf = ('{"cniVersion":"1.0.0","name":"bench","ipam":{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"10.200.0.0/24"}]]}}' % dirs[b]).encode()
            cid = f"pod{i:04d}-0123456789abcdef0123456789abcdef0123456789abcdef"
            for verb in ("ADD", "DEL"):
                cpu, wall = run(links[b], verb, cid, conf)
                res[b][verb][0].append(cpu); res[b][verb][1].append(wall)
    print(f"{n} ADD+DEL pairs per binary, interleaved; load {os.getloadavg()}")
    for verb in ("ADD", "DEL"):
        for b in bins:
            c, w = res[b][verb]
            print(f"  {verb} {b:55s} CPU p50 {statistics.median(c):.2f} ms mean {statistics.mean(c):.2f} | wall p50 {statistics.median(w):.2f} ms")
finally:
    for b in bins:
        shutil.rmtree(dirs[b]); shutil.rmtree(dirs[b] + "-bin")
