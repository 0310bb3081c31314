#!/usr/bin/env python3
"""Speed targets of issue 2, measured side by side in one run (never as a timed test).

    python benchmarks/speed.py [--gold ../shared/bench/dev]
    python benchmarks/speed.py --against REV [--rounds 4]


* the median page: pagefix.repair against one jieba.lcut pass over the same page, each the
  best of ``--repeat`` runs (target: at most 2x);
* a cold start: importing pagefix and repairing the first page, in a fresh interpreter
  (target: under 1.5 s);
* a page of 5,000 short fragments (target: under 10 s), and one of 1,000 headlines, each over
  a sentence (a table of contents).

The ratio moves by several hundredths with the machine's state from one run to the next, more
than most single changes: ``--against REV`` measures the median ratio of this tree and of git
revision ``REV`` in turns (``--rounds`` of each), so that the two see the same states.

    python benchmarks/speed.py --instructions [--against REV] [--limit 40]

counts instead the machine instructions pagefix takes per page, under valgrind's callgrind
(minutes, not seconds): the same tree gives the same count whatever else the machine is doing,
so two trees compare to a fraction of a percent.  Each tree runs from a fresh copy (compiled
``__pycache__`` files would skip work the other tree does) with ``PYTHONHASHSEED=0``, and the
count of loading pagefix alone is taken off.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "bench" / "dev"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="runs per page, the best counts (default 3)")
    ap.add_argument("--against", metavar="REV", help="compare the median ratio with git revision REV, in turns")
    ap.add_argument("--rounds", type=int, default=4, help="turns of each tree with --against (default 4)")
    ap.add_argument("--instructions", action="store_true",
                    help="count instructions per page under valgrind (first --limit pages, 40 by default)")
    ap.add_argument("--src", default=str(ROOT / "src"), help=argparse.SUPPRESS)  # the tree to measure
    ap.add_argument("--ratio-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--repair-only", action="store_true", help=argparse.SUPPRESS)  # callgrind's child
    a = ap.parse_args()
    if a.repair_only:
        return repair_only(a)
    if a.instructions:
        return instructions(a)
    if a.against:
        return against(a)
    sys.path.insert(0, a.src)
    pages = sorted(Path(a.gold).glob("*.txt"))[: a.limit or None]
    if not pages:
        pages = sorted((ROOT / "fixtures").rglob("*.txt"))
    cold = None if a.ratio_only else subprocess.run(
        [sys.executable, "-c", "import time; t=time.perf_counter(); import pagefix; "
         f"pagefix.repair(open({str(pages[0])!r}, encoding='utf-8').read()); print(time.perf_counter()-t)"],
        capture_output=True, text=True, cwd=str(ROOT), env={"PYTHONPATH": a.src})
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
    if cold is None:
        return
    print(f"cold start, import + first page: {cold.stdout.strip() or cold.stderr.strip()[-200:]} s (target < 1.5)")
    words = "报道消息会议经济发展工作建设群众"
    big = "\n".join(f"第{i}条{words[: 3 + i % 11]}。" for i in range(5000))
    t = time.perf_counter()
    pagefix.repair(big)
    print(f"5,000 short fragments: {time.perf_counter() - t:.2f} s (target < 10)")
    # a table of contents: a thousand headline-like lines, each over one sentence (no target
    # of its own; the labelling works in parts on such a page, see Assembler._parts)
    toc = "\n\n".join(f"{words[i % 13:][:3]}{words[i * 7 % 13:][:3]}\n第{i}条{words[: 3 + i % 11]}。" for i in range(1000))
    t = time.perf_counter()
    pagefix.repair(toc)
    print(f"1,000 headlines, each over a sentence: {time.perf_counter() - t:.2f} s")


def repair_only(a: argparse.Namespace) -> None:
    """Load pagefix from ``a.src`` and repair the first ``a.limit`` pages (none: load only)."""
    sys.path.insert(0, a.src)
    import pagefix
    from pagefix.resources import get_resources

    get_resources()
    for p in sorted(Path(a.gold).glob("*.txt"))[: a.limit]:
        pagefix.repair(p.read_text(encoding="utf-8"))


def _tree(rev: str | None, into: Path) -> str:
    """A fresh copy of revision ``rev``'s ``src`` (this tree's when None), without compiled files."""
    if rev is None:
        shutil.copytree(ROOT / "src", into / "src", ignore=shutil.ignore_patterns("__pycache__"))
    else:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(into, filter="data")
    return str(into / "src")


def instructions(a: argparse.Namespace) -> None:
    """Instructions per page of this tree (and of revision ``a.against``) under callgrind."""
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind (apt install valgrind)")
    n = a.limit or 40
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}

    def count(src: str, pages: int) -> int:
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                              __file__, "--repair-only", "--src", src, "--gold", a.gold, "--limit", str(pages)],
                             capture_output=True, text=True, env=env)
        got = re.search(r"Collected : (\d+)", out.stderr)
        if out.returncode or not got:
            sys.exit(f"valgrind failed: {out.stderr[-500:]}")
        return int(got.group(1))

    with tempfile.TemporaryDirectory() as tmp:
        revs = {"this tree": None, **({a.against: a.against} if a.against else {})}
        for name, rev in revs.items():
            into = Path(tmp) / str(len(os.listdir(tmp)))
            into.mkdir()
            src = _tree(rev, into)
            per_page = (count(src, n) - count(src, 0)) / n
            print(f"{name}: {per_page / 1e6:.1f} M instructions per page (the first {n} pages of {a.gold})", flush=True)


def against(a: argparse.Namespace) -> None:
    """The median ratio of this tree and of revision ``a.against``, measured in turns."""
    with tempfile.TemporaryDirectory() as tmp:
        trees = {a.against: _tree(a.against, Path(tmp)), "this tree": str(ROOT / "src")}
        got: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(a.rounds):
            for name, src in trees.items():
                out = subprocess.run([sys.executable, __file__, "--gold", a.gold, "--limit", str(a.limit),
                                      "--repeat", str(a.repeat), "--src", src, "--ratio-only"],
                                     capture_output=True, text=True, check=True).stdout
                got[name].append(float(re.search(r"median ratio ([0-9.]+)", out).group(1)))
                print(f"{name}: {out.strip()}", flush=True)
    for name, xs in got.items():
        print(f"{name}: median ratio {min(xs):.2f}-{max(xs):.2f}, mean {statistics.mean(xs):.3f} over {len(xs)} turns")


if __name__ == "__main__":
    main()
