#!/usr/bin/env python3
"""Build pagefix's character n-gram model from the development corpus only.

    python tools/build_lm.py ../shared/corpus/pd1998-dev.jsonl src/pagefix/data/charlm.json.gz

Counts characters, bigrams and trigrams of the scoring view (see ``pagefix.textutil.view``) over
titles and paragraphs, with ``\\x02`` marking a paragraph start and ``\\x03`` its end.  Rare n-grams
are pruned; the file holds counts, never text.  The ``-test`` corpora are never read here.
"""
from __future__ import annotations

import collections
import gzip
import json
import sys

sys.path.insert(0, "src")
from pagefix.textutil import view  # noqa: E402

BOS, EOS = "\x02", "\x03"


def main(src: str, dst: str, min_bi: int = 2, min_tri: int = 2) -> None:
    uni, bi, tri = collections.Counter(), collections.Counter(), collections.Counter()
    n_par = 0
    for line in open(src, encoding="utf-8"):
        if not line.strip():
            continue
        art = json.loads(line)
        texts = list(art.get("paragraphs") or [])
        if art.get("title"):
            texts.append(art["title"])
        for p in texts:
            v = view(p)
            if not v:
                continue
            n_par += 1
            s = BOS + v + EOS
            uni.update(s)
            bi.update(s[i:i + 2] for i in range(len(s) - 1))
            tri.update(s[i:i + 3] for i in range(len(s) - 2))
    model = {
        "source": src.rsplit("/", 1)[-1],
        "paragraphs": n_par,
        "uni": dict(uni),
        "bi": {k: v for k, v in bi.items() if v >= min_bi},
        "tri": {k: v for k, v in tri.items() if v >= min_tri},
    }
    with gzip.open(dst, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(model, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    print(f"{dst}: {len(model['uni'])} chars, {len(model['bi'])} bigrams, {len(model['tri'])} trigrams")


if __name__ == "__main__":
    main(*sys.argv[1:3])
