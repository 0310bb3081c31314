#!/usr/bin/env python3
"""Speed targets of issue 2, measured side by side in one run (never as a timed test).

    python benchmarks/speed.py [--gold ../shared/bench/dev]

* the median page: pagefix.repair against one jieba.lcut pass over the same page, each the
  best of ``--repeat`` runs (target: at most 2x);
* a cold start: importing pagefix and repairing the first page, in a fresh interpreter
  (target: under 1.5 s);
* a page of 5,000 short fragments (target: under 10 s).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "bench" / "dev"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="runs per page, the best counts (default 3)")
    a = ap.parse_args()
    pages = sorted(Path(a.gold).glob("*.txt"))[: a.limit or None]
    if not pages:
        pages = sorted((ROOT / "fixtures").rglob("*.txt"))
    cold = subprocess.run([sys.executable, "-c",
                           "import time; t=time.perf_counter(); import pagefix; "
                           f"pagefix.repair(open({str(pages[0])!r}, encoding='utf-8').read()); "
                           "print(time.perf_counter()-t)"],
                          capture_output=True, text=True, cwd=str(ROOT), env={"PYTHONPATH": str(ROOT / "src")})
    import jieba
    import pagefix
    from pagefix.resources import get_resources

    get_resources()
    tok = jieba.Tokenizer()
    tok.initialize()
    ratios, ours, theirs = [], [], []
    for p in pages:
        text = p.read_text(encoding="utf-8")
        # side by side, each the best of a few runs (a shared machine's noise only adds time)
        tj = tp = float("inf")
        for _ in range(a.repeat):
            t = time.perf_counter()
            tok.lcut(text)
            tj = min(tj, time.perf_counter() - t)
            t = time.perf_counter()
            pagefix.repair(text)
            tp = min(tp, time.perf_counter() - t)
        ours.append(tp)
        theirs.append(tj)
        ratios.append(tp / tj)
    print(f"{len(pages)} pages: median pagefix {1000 * statistics.median(ours):.1f} ms, median jieba.lcut "
          f"{1000 * statistics.median(theirs):.1f} ms, median ratio {statistics.median(ratios):.2f} (target <= 2)")
    print(f"cold start, import + first page: {cold.stdout.strip() or cold.stderr.strip()[-200:]} s (target < 1.5)")
    words = "报道消息会议经济发展工作建设群众"
    big = "\n".join(f"第{i}条{words[: 3 + i % 11]}。" for i in range(5000))
    t = time.perf_counter()
    pagefix.repair(big)
    print(f"5,000 short fragments: {time.perf_counter() - t:.2f} s (target < 10)")


if __name__ == "__main__":
    main()
