#!/usr/bin/env python3
"""Times newsd's extraction and trafilatura's on the same pages; see scripts/bench-extraction."""
import glob
import os
import statistics
import subprocess
import sys
import time


def timed(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main():
    newsd, folder, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pages = sorted(glob.glob(os.path.join(folder, "*.html")))
    cores = os.cpu_count() or 1

    def newsd_one():
        subprocess.run([newsd, "extract", "--body", *pages], stdout=subprocess.DEVNULL, check=True)

    def newsd_all():
        parts = [pages[i::cores] for i in range(cores)]
        procs = [subprocess.Popen([newsd, "extract", "--body", *part], stdout=subprocess.DEVNULL) for part in parts if part]
        for p in procs:
            if p.wait() != 0:
                sys.exit("newsd extract failed")

    import trafilatura
    contents = [open(p, "rb").read() for p in pages]
    trafilatura.extract(contents[0])

    def traf():
        for c in contents:
            trafilatura.extract(c)

    rows = [("newsd, 1 core", timed(newsd_one, runs)),
            (f"newsd, {cores} cores", timed(newsd_all, runs)),
            ("trafilatura, 1 core", timed(traf, max(1, runs // 2)))]
    rate = lambda t: len(pages) / t
    print(f"{len(pages)} pages from {folder}")
    print(f"{'':24} {'pages/s (median)':>17} {'min–max':>17}")
    for name, times in rows:
        rates = [rate(t) for t in times]
        print(f"{name:24} {statistics.median(rates):17.1f} {min(rates):8.1f}–{max(rates):<8.1f}")
    base = statistics.median(rate(t) for t in rows[2][1])
    print(f"ratio to trafilatura: {statistics.median(rate(t) for t in rows[0][1]) / base:.1f}x on 1 core, "
          f"{statistics.median(rate(t) for t in rows[1][1]) / base:.1f}x on {cores} cores")


if __name__ == "__main__":
    main()
