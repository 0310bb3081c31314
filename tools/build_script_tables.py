#!/usr/bin/env python3
"""Derive from OpenCC's own character table the simplified characters that are also standard
traditional characters (后 as in 皇后, 干 as in 干預, 台, 里, 余 …): STCharacters lists the
character itself among its traditional candidates.  pagefix never turns these into another
character on a traditional page, since the page's own usage may well be right.

    python tools/build_script_tables.py src/pagefix/data/both_scripts.txt

OpenCC is Apache-2.0 licensed; the derived list is a fact about its table.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import opencc


def _dump(base: str, tmp: str, name: str) -> list[tuple[str, list[str]]]:
    out = os.path.join(tmp, name + ".txt")
    subprocess.run([os.path.join(base, "bin", "opencc_dict"), "-i",
                    os.path.join(base, "share", "opencc", name + ".ocd2"), "-o", out,
                    "-f", "ocd2", "-t", "text"], check=True)
    rows = []
    for line in open(out, encoding="utf-8"):
        key, vals = line.rstrip("\n").split("\t")
        rows.append((key, vals.split(" ")))
    return rows


def main(dst: str) -> None:
    base = os.path.join(os.path.dirname(opencc.__file__), "clib")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "st.txt")
        subprocess.run([os.path.join(base, "bin", "opencc_dict"), "-i",
                        os.path.join(base, "share", "opencc", "STCharacters.ocd2"), "-o", out,
                        "-f", "ocd2", "-t", "text"], check=True)
        both = []
        for line in open(out, encoding="utf-8"):
            key, vals = line.rstrip("\n").split("\t")
            cands = vals.split(" ")
            if len(key) == 1 and key in cands and len(cands) > 1:
                both.append(key)
        # phrases of 2-4 characters holding one of them, as OpenCC's phrase table writes them in
        # traditional: the context that proves it wrong (后来 → 後來) or right (干预 → 干預)
        bset = set(both)
        proofs = {}
        for key, vals in _dump(base, tmp, "STPhrases"):
            # every form the table gives, its preferred one first: a phrase it writes more
            # than one way (不准 → 不準 or 不准) proves less
            forms = [v for v in vals if len(v) == len(key)]
            if 2 <= len(key) <= 4 and len(vals[0]) == len(key) and any(c in bset for c in key):
                proofs[key] = " ".join(forms)
    with open(dst, "w", encoding="utf-8") as f:
        f.write("# line 2: simplified characters that are also standard traditional ones (OpenCC STCharacters)\n")
        f.write("".join(sorted(both)) + "\n")
        f.write("# then: simplified phrases holding one of those characters, and their traditional form\n")
        f.write("# (OpenCC STPhrases, every form it gives, its preferred one first): the context that\n")
        f.write("# proves such a character wrong, or right\n")
        for k in sorted(proofs):
            f.write(f"{k}\t{proofs[k]}\n")
    print(f"{dst}: {len(both)} characters, {len(proofs)} phrases")


if __name__ == "__main__":
    main(sys.argv[1])
