"""Wall time of every lecture, top to bottom, at the fast and the full setting.

    python benchmarks/lecture_times.py [--setting fast full] [--lectures 05 11] [--threads 1]

Each lecture runs in a fresh kernel through nbconvert's executor (as `make regen` and Run All
do), with the thread settings the stored outputs were made with (``OMP_NUM_THREADS=1``). The
fast setting is ``INCEPTION_EDU_FAST=1`` (what `make test` uses); the full one is what a
learner gets by default. Prints a markdown table with the machine, date and load beside it;
the notebooks on disk are not changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def run(path: Path, fast: bool, threads: int, timeout: int) -> float:
    """Seconds to execute one lecture in a new kernel (the file is not written)."""
    env = {"OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads), "CI": "1"}
    env["INCEPTION_EDU_FAST"] = "1" if fast else ""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        resources = {"metadata": {"path": str(path.parent)}}
        ExecutePreprocessor(timeout=timeout).preprocess(nb, resources)
        return time.perf_counter() - start
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setting", nargs="+", default=["fast", "full"], choices=["fast", "full"])
    parser.add_argument("--lectures", nargs="*", help="two-digit numbers (default: all)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    args = parser.parse_args()
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]*_*.ipynb"))  # 12a_, 12b_, 12c_ too
    if args.lectures:
        paths = [p for p in paths if p.name[:2] in args.lectures]
    load = os.getloadavg()[0]
    print(
        f"{dt.date.today()} · {platform.machine()}, {os.cpu_count()} cores, "
        f"{args.threads} thread(s) per lecture · load average {load:.1f} at the start · "
        f"data root {os.environ.get('INCEPTION_EDU_DATA', 'data/')}"
    )
    print()
    print("| lecture | " + " | ".join(f"{s} setting" for s in args.setting) + " |")
    print("|---|" + "---:|" * len(args.setting))
    for path in paths:
        times = [run(path, s == "fast", args.threads, args.timeout) for s in args.setting]
        cells = [f"{t:.0f} s" for t in times]
        print(f"| {path.stem} | " + " | ".join(cells) + " |", flush=True)
    print()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
