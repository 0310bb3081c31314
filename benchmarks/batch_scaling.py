#!/usr/bin/env python3
"""Issue 5 figures: pages/s with -j 1 and -j 2 over the same pages in one run, and the peak
memory of one process.

    python benchmarks/batch_scaling.py [--pages 2000] [--shared ../shared]

Pages are made with pagebench.py from the development corpus into a temporary folder.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(pages: Path, out: Path, jobs: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefix", "repair", str(pages), "-o", str(out), "-q", "-j", str(jobs)],
                   check=False, env=env)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        subprocess.run([sys.executable, str(Path(a.shared) / "bench" / "pagebench.py"), "make", "--corpus",
                        str(Path(a.shared) / "corpus" / "pd1998-dev.jsonl"), "--out", str(pages),
                        "--pages", str(a.pages), "--seed", "5"], check=True, capture_output=True)
        for g in pages.glob("*.gold.json"):
            g.unlink()  # only the pages are input
        t1 = run(pages, Path(tmp) / "o1", 1)
        t2 = run(pages, Path(tmp) / "o2", 2)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        same = all((Path(tmp) / "o1" / p.name).read_bytes() == p.read_bytes() for p in (Path(tmp) / "o2").glob("*.json"))
    print(f"{a.pages} pages: -j 1 {a.pages / t1:.1f} pages/s, -j 2 {a.pages / t2:.1f} pages/s, speed-up {t1 / t2:.2f}x "
          f"(target >= 1.8); peak memory of one process {peak_mb:.0f} MB (target < 250); outputs identical: {same}")


if __name__ == "__main__":
    main()
