"""Process harness of the benchmark: run programs as a container runtime runs a plugin, and time them.

Children are pre-forked, join the node's network namespace with setns(2), and wait on a pipe; closing it releases
them together, and each one's time runs from the release to its exit (wait4), so Python's own fork cost is not
counted. Also the small helpers every other module uses (sh, log, percentiles). Nothing here imports the rest.
"""

from __future__ import annotations

import ctypes
import math
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IP = shutil.which("ip") or "/usr/sbin/ip"
PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
NETWORK = "bridge"  # the seed config's network name: host-local keeps leases in dataDir/<name>


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
