#!/usr/bin/env python3
"""Issue 3 figures for the repair stage, on corpora it was never tuned on.

    python benchmarks/normalize_bench.py [--shared ../shared] [--limit N]

* false changes: non-space characters ``normalize_text`` changes in clean printed paragraphs
  (pd1998-test, simplified; cityu-trad, traditional), per 500,000 characters (target <= 1);
* recall: the same text with 1% of characters swapped to the other script the way
  ``pagebench.py`` damages pages; share of swapped characters restored (target >= 99.5%);
* flags: suspicious-span warnings on the clean text, per 20,000 characters (target <= 1);
* blind OpenCC t2s over the simplified text, for scale;
* speed: milliseconds to normalise the seed page (target < 5 ms).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from pagefix.normalize import Normalizer  # noqa: E402
from pagefix.config import Config  # noqa: E402


def paragraphs(path: Path, limit: int | None) -> list[str]:
    out = []
    for line in path.open(encoding="utf-8"):
        if line.strip():
            out.extend(p for p in json.loads(line)["paragraphs"] if p.strip())
        if limit and len(out) >= limit:
            break
    return out


def measure(n: Normalizer, paras: list[str], script: str, swap, seed: int = 7) -> dict:
    rng = random.Random(seed)
    chars = false = flags = swapped = restored = 0
    examples = []
    for p in paras:
        chars += sum(1 for c in p if not c.isspace())
        text, edits = n.normalize(p, Config(), script=script)
        changed = [e for e in edits if e.before.strip()]
        false += len(changed)
        if changed and len(examples) < 8:
            examples.append((p[max(0, changed[0].start - 4):changed[0].end + 4], changed[0].after))
        flags += len(n.flags(p, script=script))
        # damage: swap 1% of characters to the other script, single-character conversion
        damaged = []
        for c in p:
            if rng.random() < 0.01:
                t = swap(c)
                if len(t) == 1 and t != c:
                    damaged.append(t)
                    swapped += 1
                    continue
            damaged.append(c)
        dtext = "".join(damaged)
        fixed, _ = n.normalize(dtext, Config(), script=script)
        if len(fixed) == len(p):
            restored += sum(1 for a, b, d in zip(p, fixed, dtext) if a != d and a == b)
    return {"chars": chars, "false_per_500k": false * 500000 / max(1, chars), "flags_per_20k": flags * 20000 / max(1, chars),
            "swapped": swapped, "recall": restored / max(1, swapped), "false_examples": examples}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent / "shared"))
    ap.add_argument("--limit", type=int, default=0, help="paragraphs per corpus (0: all)")
    a = ap.parse_args()
    shared = Path(a.shared)
    n = Normalizer()
    sc = n.res.script
    simp = paragraphs(shared / "corpus" / "pd1998-test.jsonl", a.limit)
    trad = paragraphs(shared / "corpus" / "cityu-trad.jsonl", a.limit)
    s = measure(n, simp, "simplified", sc.s2t)
    t = measure(n, trad, "traditional", sc.t2s)
    blind = sum(sum(1 for x, y in zip(p, sc.t2s(p)) if x != y) for p in simp)
    print(f"pd1998-test (simplified): {s['chars']} chars; false changes {s['false_per_500k']:.2f} per 500k "
          f"(blind t2s: {blind * 100000 / max(1, s['chars']):.2f} per 100k); recall {s['recall']:.4f} of "
          f"{s['swapped']} swaps; flags {s['flags_per_20k']:.2f} per 20k")
    print(f"cityu-trad (traditional): {t['chars']} chars; false changes {t['false_per_500k']:.2f} per 500k; "
          f"recall {t['recall']:.4f} of {t['swapped']} swaps; flags {t['flags_per_20k']:.2f} per 20k")
    for name, r in (("simplified", s), ("traditional", t)):
        for ctx, after in r["false_examples"]:
            print(f"  false change ({name}): {ctx!r} -> {after!r}")
    seed = (shared / "seed" / "page-000.txt").read_text(encoding="utf-8")
    n.normalize(seed)
    reps = 50
    t0 = time.perf_counter()
    for _ in range(reps):
        n.normalize(seed)
    print(f"seed page: {1000 * (time.perf_counter() - t0) / reps:.2f} ms to normalise ({len(seed)} chars)")


if __name__ == "__main__":
    main()
