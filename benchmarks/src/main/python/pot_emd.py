#!/usr/bin/env python3
"""Times POT's exact solver ot.emd on one transport problem written by OtBench.

Usage: pot_emd.py PROBLEM_FILE REPEATS

PROBLEM_FILE holds, little-endian: n and m as int64, then the n source masses, the m
target masses and the n x m costs (row-major) as float64 (TransportProblemFile in
fusion-core). Prints one line with three numbers: the median wall-clock milliseconds of
ot.emd over REPEATS calls (after one untimed warm-up call), the objective <G, C> of its
plan, and the milliseconds of that first call.
"""
import sys
import time

import numpy as np
import ot


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    with open(path, "rb") as handle:
        n, m = (int(v) for v in np.fromfile(handle, dtype="<i8", count=2))
        values = np.fromfile(handle, dtype="<f8")
    a, b = values[:n], values[n:n + m]
    cost = np.ascontiguousarray(values[n + m:].reshape(n, m))
    # the iteration cap is raised so that POT's plan is optimal, as the Java one is
    solve = lambda: ot.emd(a, b, cost, numItermax=100_000_000)
    start = time.perf_counter()
    solve()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        plan = solve()
        times.append(time.perf_counter() - start)
    print(repr(1000.0 * float(np.median(times))), repr(float(np.sum(plan * cost))), repr(1000.0 * first))


if __name__ == "__main__":
    main()
