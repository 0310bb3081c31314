#!/usr/bin/env python3
"""Does an article's confidence point a reviewer at the text pagefix put in the wrong article?

    python benchmarks/confidence.py [--gold ../shared/bench/dev] [--pred DIR]

Repairs every page of a pagebench gold set (or reads the predictions in ``--pred``, one
``NAME.json`` per page) and reports, for the pages at block levels (``rows`` pages are cut by
their layout and say 1.0):

* per article: how often a right one (all of its text from one gold article, and the most of
  that article's text found anywhere) has a higher confidence than a wrong one, which holds
  another article's text or is a piece split off its article (the area under the ROC curve:
  0.5 is chance, 1.0 a perfect split);
* per page, ranked by its least sure article as ``pagefix stats`` lists them: the same for pages
  with any misplaced text, and the attribution of the tenth of pages listed first against the
  rest.
"""
from __future__ import annotations

import argparse
import bisect
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def auc(good: list[float], bad: list[float]) -> float:
    """How often a value of ``good`` is above one of ``bad`` (ties count half).

    >>> auc([0.9, 0.8], [0.1, 0.85]), auc([0.5], [0.5])
    (0.75, 0.5)
    """
    bad = sorted(bad)
    wins = sum(bisect.bisect_left(bad, x) + 0.5 * (bisect.bisect_right(bad, x) - bisect.bisect_left(bad, x))
               for x in good)
    return wins / (len(good) * len(bad)) if good and bad else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(SHARED / "bench" / "dev"))
    ap.add_argument("--pred", help="a folder of predictions (NAME.json) instead of repairing the pages")
    a = ap.parse_args()
    sys.path.insert(0, str(SHARED / "bench"))
    sys.path.insert(0, str(ROOT / "src"))
    import pagebench as pb

    import pagefix

    articles: list[tuple[float, bool]] = []
    pages: list[tuple[float, float]] = []
    for gp in sorted(Path(a.gold).glob("*.gold.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        if gold.get("level") == "rows":
            continue
        name = gp.name[: -len(".gold.json")]
        text = gp.with_name(name + ".txt").read_text(encoding="utf-8")
        pred = json.loads((Path(a.pred) / f"{name}.json").read_text(encoding="utf-8")) if a.pred \
            else pagefix.repair(text).to_dict()
        _, located, _ = pb._texts(pred)
        canon = [pb.canon(t) for t in located]
        held: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
        for g, art in enumerate(gold["articles"]):
            after = None
            for f in art["fragments"]:
                if f["role"] in pb.META or f["role"] == "jump":
                    continue
                w = pb._locate(f["text"], canon, after)
                if w:
                    after = (w[0], w[1] + len(pb.canon(f["text"])))
                    held[w[0]][g] += len(f["text"])
        home = {}  # each gold article's home: the predicted article with the most of its text
        for p, c in held.items():
            for g, x in c.items():
                if x > home.get(g, (0, -1))[0]:
                    home[g] = (x, p)
        for p, art in enumerate(pred["articles"]):
            if held.get(p):
                c = held[p]
                g, x = c.most_common(1)[0]
                articles.append((art["confidence"], x == sum(c.values()) and home[g][1] == p))
        least = min((art["confidence"] for art in pred["articles"]), default=1.0)
        pages.append((least, pb.score_page(gold, pred, text)["attribution"]))
    print(f"articles: {len(articles)}, right above wrong {auc([c for c, ok in articles if ok], [c for c, ok in articles if not ok]):.3f}")
    print(f"pages: {len(pages)}, all right above some misplaced "
          f"{auc([c for c, x in pages if x >= 0.999], [c for c, x in pages if x < 0.999]):.3f}")
    pages.sort()
    k = max(1, len(pages) // 10)
    first, rest = pages[:k], pages[k:]
    print(f"the tenth listed first: attribution {sum(x for _, x in first) / len(first):.3f}; "
          f"the rest {sum(x for _, x in rest) / max(1, len(rest)):.3f}")


if __name__ == "__main__":
    main()
