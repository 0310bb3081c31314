"""Read-only resources: the character model, jieba's dictionary and the script converter.

They are loaded once per process on first use and never changed afterwards, so worker processes
and threads share nothing mutable.  pagefix reads jieba's dictionary file and
never touches jieba's module singleton (it never segments text).
"""
from __future__ import annotations

import functools
import gzip
import importlib.util
import json
import logging
import os
from dataclasses import dataclass, field
from importlib import resources as _ir
from typing import Mapping

from .errors import ResourceError
from .script import CharClasses, ScriptConverter, classify_chars


#: a character seen at most this often in the simplified development corpus is not valid
#: simplified (traditional-only characters occur 0 times there; 乾 occurs 9 times)
MIN_VALID_COUNT = 2


@dataclass(frozen=True)
class CharModel:
    """Character unigram, bigram and trigram counts of the scoring view (``\\x02`` starts and
    ``\\x03`` ends a paragraph), built by ``tools/build_lm.py`` from the development corpus."""

    uni: Mapping[str, int]
    bi: Mapping[str, int]
    tri: Mapping[str, int]
    total: int
    #: the commonest ideographs and their bigrams (more than one in 200: 的, 是, 了), which say
    #: nothing of a text's topic
    common: frozenset[str] = frozenset()

    def valid_simplified(self, c: str) -> bool:
        """Whether the simplified corpus uses ``c`` (乾 and 著 yes, 奮 and 後 no)."""
        return self.uni.get(c, 0) >= MIN_VALID_COUNT


@dataclass(frozen=True)
class Resources:
    lm: CharModel
    words: Mapping[str, int]  # jieba's dictionary: word -> frequency
    script: ScriptConverter
    both_scripts: frozenset[str] = frozenset()  # 后, 干, 台: valid in both scripts (tools/build_script_tables.py)
    #: place names of two to four characters (jieba's tag ns: 青岛, 云南, 韩国, 斗门县)
    places: frozenset[str] = frozenset()
    proofs: Mapping[str, str] = field(default_factory=dict)  # 后来 → 後來, 不准 → 不準 不准: phrases that prove one wrong
    #: the script classes of the corpus's characters and their traditional forms, computed once
    char_classes: CharClasses = field(default_factory=lambda: CharClasses({}, {}, {}, {}))
    words_total: int = 0  # the sum of ``words``' frequencies (0: not given, summed when needed)


def _load_lm() -> CharModel:
    try:
        with _ir.files("pagefix").joinpath("data/charlm.json.gz").open("rb") as raw:
            data = json.loads(gzip.decompress(raw.read()).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"pagefix's character model is missing or damaged: {exc}") from exc
    uni, bi = data["uni"], data["bi"]
    total = sum(uni.values())
    # a bigram is never commoner than its first character: only pairs of common ones qualify
    cap = total / 200
    chars = [c for c, x in uni.items() if x >= cap and "\u3400" <= c <= "\u9fff"]
    common = frozenset(chars) | frozenset(a + b for a in chars for b in chars if bi.get(a + b, 0) >= cap)
    return CharModel(uni, bi, data["tri"], total, common)


def _jieba_dictionary() -> str:
    """The text of jieba's dictionary.  pagefix looks words up and never segments, so neither
    jieba's prefix dictionary (nor the cache file it writes) nor even its import (a sixth of a
    second of the cold start) is needed: the file is read from the installed package, and
    through a Tokenizer of pagefix's own only if it is not where jieba keeps it."""
    spec = importlib.util.find_spec("jieba")
    if spec is None:
        raise ResourceError("jieba is missing: pip install jieba")
    for where in spec.submodule_search_locations or ():
        path = os.path.join(where, "dict.txt")
        if os.path.isfile(path):
            with open(path, "rb") as f:
                return f.read().decode("utf-8")
    import jieba  # pragma: no cover - a jieba that keeps its dictionary elsewhere

    logging.getLogger("jieba").setLevel(logging.WARNING)
    with jieba.Tokenizer().get_dict_file() as f:  # pragma: no cover
        return f.read().decode("utf-8")


def _place(word: str, freq: str) -> bool:
    """Is ``word`` (tagged ns by jieba) surely a place's name?  The tag is loose on rare words
    (一加仑, 邱娥国): a rare one counts only with an administrative suffix (斗门县)."""
    return 2 <= len(word) <= 4 and (int(freq) >= 50 or word[-1] in "省市县区州镇乡")


def _load_words() -> tuple[Mapping[str, int], frozenset[str]]:
    """jieba's dictionary: each word's frequency, and the place names of up to four
    characters."""
    data = _jieba_dictionary()
    words: dict[str, int] = {}
    places: set[str] = set()
    # jieba's file is "word freq tag" per line: read it in C when every line is so (half the
    # cold start), line by line otherwise
    toks = data.split()
    lines = data.count("\n") + (not data.endswith("\n"))
    try:
        if len(toks) == 3 * lines:
            words = dict(zip(toks[0::3], map(int, toks[1::3])))
            places = {w for w, f, tag in zip(toks[0::3], toks[1::3], toks[2::3])
                      if tag == "ns" and _place(w, f)}
    except ValueError:
        words = {}
    if not words:
        for line in data.splitlines():
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].isdigit():
                words[parts[0]] = int(parts[1])
                if len(parts) >= 3 and parts[2] == "ns" and _place(parts[0], parts[1]):
                    places.add(parts[0])
    if not words:
        raise ResourceError("jieba's dictionary is empty or unreadable")
    return words, frozenset(places)


@functools.lru_cache(maxsize=1)
def get_resources() -> Resources:
    """The process's resources, loaded on first call (under a second)."""
    both, proofs = _load_script_tables()
    lm, script = _load_lm(), ScriptConverter()
    # every character a page is likely to hold: the corpus's, and their traditional forms
    simp = [c for c in lm.uni if len(c) == 1 and "\u3400" <= c <= "\u9fff"]
    trad = [c for c in script.s2t("".join(simp)) if "\u3400" <= c <= "\u9fff"]
    classes = classify_chars(script, simp + trad, both, lm.valid_simplified)
    words, places = _load_words()
    return Resources(lm=lm, words=words, script=script, both_scripts=both, proofs=proofs,
                     char_classes=classes, places=places, words_total=sum(words.values()))


def _load_script_tables() -> tuple[frozenset[str], dict[str, str]]:
    try:
        raw = _ir.files("pagefix").joinpath("data/both_scripts.txt").read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"pagefix's script table is missing: {exc}") from exc
    lines = [line for line in raw.splitlines() if line and not line.startswith("#")]
    proofs = dict(line.split("\t", 1) for line in lines[1:])
    return frozenset(lines[0]), proofs
