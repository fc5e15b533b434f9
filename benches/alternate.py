#!/usr/bin/env python3
"""Times two commands side by side: cold processes, alternated run by run so both see the same
machine, each through /usr/bin/time for its peak memory. Prints the medians and the ratios.

    python3 benches/alternate.py RUNS NAME_A NAME_B -- CMD_A... -- CMD_B...
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def once(cmd, rss_file):
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed (status {status})")
    with open(rss_file) as f:
        peak = int(f.read().split()[-1]) / 1024
    return wall, (usage.ru_utime + usage.ru_stime) * 1000, peak


def main():
    runs, name_a, name_b = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rest = sys.argv[5:]
    split = rest.index("--")
    cmd_a, cmd_b = rest[:split], rest[split + 1:]
    rss = tempfile.mktemp()
    for _ in range(3):  # warm the page cache for both
        once(cmd_a, rss), once(cmd_b, rss)
    a, b = [], []
    for _ in range(runs):
        a.append(once(cmd_a, rss))
        b.append(once(cmd_b, rss))
    med = lambda r, k: statistics.median(x[k] for x in r)
    for name, r in ((name_a, a), (name_b, b)):
        print(f"{name:8} wall {med(r, 0):6.1f} ms   cpu {med(r, 1):6.1f} ms   peak {med(r, 2):5.1f} MiB")
    print(f"{name_a}/{name_b}: wall {med(a, 0) / med(b, 0):.3f}, cpu {med(a, 1) / med(b, 1):.3f}, "
          f"peak {med(a, 2) / med(b, 2):.3f}  ({runs} runs each, alternated)")


if __name__ == "__main__":
    main()
