#!/usr/bin/env python3
"""Score pagefix on pages its character model has not seen, using the development corpus only.

    python benchmarks/heldout_dev.py [--corpus ../shared/corpus/pd1998-dev.jsonl] [--keep 212]
                                     [--level rows --pages 60 --seed 101] [--work DIR]

pagefix's character model is built from every article of pd1998-dev, so pages made from that
corpus read better than held-out pages do: every cut joins two sentences the model has counted.
This script builds a second model from all but the last ``--keep`` articles, copies the package
into ``--work`` with that model, makes pages from the kept articles with ``pagebench.py make``
and scores the copy on them.  Nothing of the ``-test`` corpora is read, so the pages may be
looked at and tuned on; the figures behave like held-out ones.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(SHARED / "corpus" / "pd1998-dev.jsonl"))
    ap.add_argument("--keep", type=int, default=212, help="articles left out of the model (the last ones)")
    ap.add_argument("--level", default="rows")
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--seed", type=int, default=101)
    ap.add_argument("--work", default="/tmp/pagefix-heldout-dev")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    lines = [ln for ln in Path(a.corpus).read_text(encoding="utf-8").splitlines() if ln.strip()]
    if a.keep <= 0 or a.keep >= len(lines):
        sys.exit(f"--keep must be between 1 and {len(lines) - 1}")
    (work / "model.jsonl").write_text("\n".join(lines[:-a.keep]) + "\n", encoding="utf-8")
    (work / "pages.jsonl").write_text("\n".join(lines[-a.keep:]) + "\n", encoding="utf-8")
    pkg = work / "src"
    shutil.rmtree(pkg, ignore_errors=True)
    shutil.copytree(ROOT / "src", pkg, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    py = sys.executable
    subprocess.run([py, str(ROOT / "tools" / "build_lm.py"), str(work / "model.jsonl"),
                    str(pkg / "pagefix" / "data" / "charlm.json.gz")], check=True, cwd=str(ROOT))
    gold = work / f"{a.level}-{a.seed}"
    if not gold.exists():
        subprocess.run([py, str(SHARED / "bench" / "pagebench.py"), "make", "--corpus", str(work / "pages.jsonl"),
                        "--out", str(gold), "--pages", str(a.pages), "--seed", str(a.seed), "--level", a.level],
                       check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, PYTHONPATH=str(pkg))
    subprocess.run([py, str(SHARED / "bench" / "pagebench.py"), "run", "--gold", str(gold)], check=True, env=env)


if __name__ == "__main__":
    main()
