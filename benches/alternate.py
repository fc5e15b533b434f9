#!/usr/bin/env python3
"""Times two commands side by side: cold processes, alternated run by run so both see the same
machine. Prints the medians and the ratios.

Each round runs A and B as direct children, for their wall and CPU time, then A and B again
under /usr/bin/time, for their peak memory. The time taken under /usr/bin/time is printed too:
it adds /usr/bin/time's own start (a dynamically linked program: about 1.5 ms on the 2-core VMs
this project is measured on) to both commands, so its ratio is nearer 1 than the commands'
own. Earlier notes quote that ratio.

    python3 benches/alternate.py RUNS NAME_A NAME_B -- CMD_A... -- CMD_B...
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd):
    """Runs cmd as a direct child: its wall time from spawn to reaping, and its CPU time."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed (status {status})")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def peak(cmd, rss_file):
    """Runs cmd under /usr/bin/time: the wall time that takes, and cmd's peak memory in MiB.
    (A direct child's own peak is not to be had: a child forked from this Python process
    reports the Python process's resident memory as its own.)"""
    wall, _ = run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd)
    with open(rss_file) as f:
        return wall, int(f.read().split()[-1]) / 1024


def main():
    runs, name_a, name_b = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rest = sys.argv[5:]
    split = rest.index("--")
    cmd_a, cmd_b = rest[:split], rest[split + 1:]
    rss = tempfile.mktemp()
    for _ in range(3):  # warm the page cache for both
        run(cmd_a), run(cmd_b)
    a, b = [], []
    for _ in range(runs):
        a.append(run(cmd_a))
        b.append(run(cmd_b))
        a[-1] += peak(cmd_a, rss)
        b[-1] += peak(cmd_b, rss)
    med = lambda r, k: statistics.median(x[k] for x in r)
    for name, r in ((name_a, a), (name_b, b)):
        print(f"{name:8} wall {med(r, 0):6.2f} ms   cpu {med(r, 1):6.2f} ms   peak {med(r, 3):5.1f} MiB"
              f"   (under /usr/bin/time: wall {med(r, 2):6.2f} ms)")
    ratio = lambda k: med(a, k) / med(b, k)
    print(f"{name_a}/{name_b}: wall {ratio(0):.3f}, cpu {ratio(1):.3f}, peak {ratio(3):.3f}; "
          f"under /usr/bin/time: wall {ratio(2):.3f}  ({runs} runs each, alternated)")


if __name__ == "__main__":
    main()
