"""Times POT's ot.emd (the exact solver the paper used) on problems written by OtBench.

usage: pot_emd.py DIR REPEATS
DIR holds a.npy, b.npy, C.npy (float64). Prints one JSON line: median_ms, objective, pot_version.
"""
import json
import sys
import time

import numpy as np
import ot


def main():
    folder, repeats = sys.argv[1], int(sys.argv[2])
    a = np.load(folder + "/a.npy")
    b = np.load(folder + "/b.npy")
    c = np.load(folder + "/C.npy")
    plan = ot.emd(a, b, c, numItermax=10**9)  # warm-up, and the plan whose objective is reported
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        ot.emd(a, b, c, numItermax=10**9)
        times.append((time.perf_counter() - start) * 1000.0)
    print(json.dumps({
        "median_ms": float(np.median(times)),
        "objective": float(np.sum(plan * c)),
        "pot_version": ot.__version__,
    }))


if __name__ == "__main__":
    main()
