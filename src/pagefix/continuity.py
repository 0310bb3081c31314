"""Continuity: how likely fragment B is the very next text after fragment A.

Three signals, each a log-likelihood ratio or close to one:

* **across the cut** — the character model's probability of B's first two characters after A's
  last two, against A ending a paragraph here and B starting one (``…更高|要求。`` scores high,
  ``…更高|5月11日`` low).  A character OCR repeated at the cut (``服务公|公司``) is tried removed.
* **words across the cut** — a dictionary word of jieba's spans the cut (``服务公|司``).
* **topic** — cosine of rare character bigrams (names such as 祝潇颖, terms such as 链长制).

Input order is a prior added by the assembler, with a strength measured on the page itself.

>>> from pagefix.textutil import view
>>> m = ContinuityModel()
>>> a, b, c = m.info(view("对养老服务供给提出了更高")), m.info(view("要求。想要进一步激发")), m.info(view("5月11日，联赛举行。"))
>>> m.local(a, b)[0] > m.local(a, c)[0]
True
"""
from __future__ import annotations

import collections
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .normalize import char_logp
from .resources import Resources, get_resources
from .textutil import ends_sentence, is_cjk

#: a run of CJK ideographs (basic block and extension A)
_CJK_RUN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]+")

BOS, EOS = "\x02", "\x03"
#: prior odds that OCR repeated the last character of a column at the top of the next one.
#: Lower than pagebench's damage rates (a tenth or more of the cuts on some pages): a repeat
#: lets a piece skip its first character, and at 0.05 or more the skip made wrong joins
#: fluent on Tesseract's own text (bench/ocr .txt -0.02)
REPEAT_LOGODDS = math.log(0.02)
#: a cut inside a quotation or brackets: a piece that leaves one open (他说：“我们要) and one
#: that closes one it never opened (做好。”) go together (nats: of the cuts of pages made
#: from pd1998-dev, 7.7% are so against 0.4% of random pairs).  A piece with only one side
#: is no evidence against a pair: OCR drops and garbles quotation marks (bench/ocr `.txt`
#: -0.02 attribution when it was)
QUOTE_MATCH = 3.0
#: weight of the word test across a cut (ContinuityModel.word_gain, in nats) in the join
#: score: in place of a flat bonus of 1 or 2 for any word of the dictionary spanning the cut,
#: how much likelier the characters read with it (服务公|司 by far; 他说了|解放军 not at all:
#: it reads 了 解放).  Mean of the seven dev-made and held-out-dev sets +0.0016 attribution,
#: +0.0018 adjacency at 0.5 (0.3: +0.0013 / +0.0013; 0.7 and 1.0 no better); bench/trad
#: +0.005 attribution
WORD_W = 0.5
#: a bigram weighs in paragraph cohesion by how much rarer than e**-6 (1 in 400 bigrams) it is
COHESION_FLOOR = 6.0
#: marks that print (almost) never doubles, unlike …… and ——: one repeated at a cut is OCR's
REPEATED_MARKS = frozenset("，、。；：”’」』》）“‘「『《（")
#: marks inside a sentence: a repeat is read only where one of these or an ideograph follows
_IN_SENTENCE = frozenset("，、；：")


def _may_repeat(bv: str, closed: bool) -> bool:
    """Could ``bv``'s first character be OCR's repeat of the character before the cut?  A mark
    print never doubles (、|、, “|“), whatever follows it; an ideograph after an open end, where
    an ideograph, a digit or a mark inside a sentence follows it (公|公司, 场|场７３∶６４) --
    not a mark that ends a sentence: 话|话。 reads as a repeat after any piece that ends in 话,
    the plain reading (话话。) being so unlikely, and on Tesseract's text took a piece from
    another story.

    >>> _may_repeat("公司专门", False), _may_repeat("“大二环”", False), _may_repeat("话。这样", False)
    (True, True, False)
    """
    c0, c1 = bv[0], bv[1]
    if c0 in REPEATED_MARKS:
        return not c1.isspace()
    return is_cjk(c0) and not closed and (is_cjk(c1) or c1.isdigit() or c1 in _IN_SENTENCE)


@dataclass(frozen=True)
class FragInfo:
    """What continuity needs of one fragment, computed once: its view, how well it ends a
    paragraph and how well it starts one, and its topic terms."""

    v: str
    end_lp: float     # log P(paragraph ends | last two characters)
    start_lp: float   # log P(first two characters | paragraph start)
    closed: bool      # ends with sentence-final punctuation
    bag: dict[str, int]  # topic characters and bigrams with counts (see ContinuityModel.bag)
    start_llr: float = 0.0  # how much likelier its opening is at a paragraph start than anywhere
    #: the ends a dictionary word across a cut can use: its last one, two, three characters
    #: ("" unless all ideographs) and its first one to three ideographs (see
    #: ContinuityModel.word_gain)
    tails: tuple[str, ...] = ()
    heads: tuple[str, ...] = ()
    #: a quotation or bracket left open at its end (“…), one closed at its start that it never
    #: opened (…” ): the two sides of a cut inside a quotation (see :func:`_quote_ends`)
    opens: bool = False
    closes: bool = False
    #: the kind and number of the list item it opens (二是…, （三）…: see textutil.list_item)
    item: tuple[str, int] | None = None
    #: what the join score reads of its end and its opening, looked up once (see
    #: ContinuityModel._ends): its context (last one or two characters), that context's last
    #: character and counts; its first two characters and the terms of their model probabilities
    end: tuple = ()
    lead: tuple = ()
    #: log P of the likeliest reading as words of its tail (the last three ideographs), then
    #: of what is left of it when the last one, two, three go into a word across the cut; the
    #: same of its head (see ContinuityModel.word_gain)
    tail_seg: tuple[float, ...] = ()
    head_seg: tuple[float, ...] = ()


_OPEN_CLOSE = {"“": "”", "（": "）", "《": "》"}
_CLOSE_OPEN = {c: o for o, c in _OPEN_CLOSE.items()}
_QUOTE_MARKS = re.compile("[“”（）《》]")


def _quote_ends(v: str) -> tuple[bool, bool]:
    """Does ``v`` leave a quotation or bracket open at its end, and does it close one at its
    start that it never opened?  (‘’ are left out: ’ also marks a year, ’９７.)

    >>> _quote_ends("他说：“我们要"), _quote_ends("做好。”他说"), _quote_ends("（上）《书》")
    ((True, False), (False, True), (False, False))
    """
    marks = _QUOTE_MARKS.findall(v)
    if not marks:
        return False, False
    stack: list[str] = []
    closes = False
    for c in marks:
        if c in _OPEN_CLOSE:
            stack.append(c)
        elif c in _CLOSE_OPEN:
            if stack and stack[-1] == _CLOSE_OPEN[c]:
                stack.pop()
            elif not stack:
                closes = True
    return bool(stack), closes


def _cut_ends(v: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A view's tails and heads for words across a cut (see :class:`FragInfo`).

    >>> _cut_ends("了更高")
    (('高', '更高', '了更高'), ('了', '了更', '了更高'))
    >>> _cut_ends("0年5")
    (('', '', ''), ())

    Only ideographs: no word of jieba's dictionary that starts and ends with one holds
    anything else (checked for the words of up to four characters a cut can split).
    """
    m = 0  # how many of the last three characters are ideographs
    while m < 3 and m < len(v) and is_cjk(v[-1 - m]):
        m += 1
    n = 0
    while n < 3 and n < len(v) and is_cjk(v[n]):
        n += 1
    return tuple(v[-i:] if i <= m else "" for i in (1, 2, 3)), tuple(v[:j] for j in range(1, n + 1))


#: nats for each trigram across a cut that the page attests and the corpus does not
PAGE_TRIGRAM = 3.0


def new_trigrams(text: str, known: Mapping[str, int], lead: Iterable[str]) -> frozenset[str]:
    """The trigrams of ideographs in ``text`` that start with a character of ``lead`` and that
    ``known`` (the corpus's) lacks (a find per character: cheaper than every trigram of a page).

    >>> sorted(new_trigrams("祝潇颖说，祝潇", {"潇颖说": 2}, "祝潇"))
    ['祝潇颖']
    """
    seen: set[str] = set()
    for c in lead:
        if not "\u4e00" <= c <= "\u9fff":
            continue
        at = text.find(c)
        while at >= 0:
            t = text[at:at + 3]
            if len(t) == 3 and "\u4e00" <= t[1] <= "\u9fff" and "\u4e00" <= t[2] <= "\u9fff":
                seen.add(t)
            at = text.find(c, at + 1)
    return frozenset(t for t in seen if t not in known)


def page_cut_evidence(views: Mapping[int, str], open_ends: Iterable[int],
                      known: Mapping[str, int]) -> dict[tuple[int, int], float]:
    """Cuts the page's own text attests: a trigram across the cut that the corpus never shows
    but the page prints inside a fragment elsewhere — a name or term new to the corpus (…向祝潇|
    颖介绍… where the page also prints 祝潇颖).  ``views``: the fragments' views by id;
    ``open_ends``: those that end mid-sentence.  A pair scores PAGE_TRIGRAM per trigram, and
    only when it is the one attested pair of both its fragments (on held-out development
    pages a lone attested pair is a true cut 6 times in 10, one of several 1 in 10).

    >>> page_cut_evidence({0: "记者采访了祝潇", 1: "颖说，", 2: "祝潇颖说："}, [0], {})
    {(0, 1): 6.0}
    """
    ends = [i for i in open_ends if len(views[i]) >= 2]
    lead = {c for i in ends for c in views[i][-2:]}
    after1: dict[str, list[str]] = {}  # 祝 -> [潇颖]: what the page's new trigrams say follows
    after2: dict[str, list[str]] = {}  # 祝潇 -> [颖]
    for t in sorted(new_trigrams("\n".join(views.values()), known, lead)):
        after1.setdefault(t[0], []).append(t[1:])
        after2.setdefault(t[:2], []).append(t[2])
    if not after1:
        return {}
    starts: dict[str, list[int]] = {}
    for j, v in views.items():
        if len(v) >= 2:
            starts.setdefault(v[0], []).append(j)
            starts.setdefault(v[:2], []).append(j)
    found: collections.Counter[tuple[int, int]] = collections.Counter()
    for i in ends:
        av = views[i]
        for head in itertools.chain(after2.get(av[-2:], ()), after1.get(av[-1], ())):
            for j in starts.get(head, ()):
                if j != i:
                    found[(i, j)] += 1
    out_n = collections.Counter(i for i, _ in found)
    in_n = collections.Counter(j for _, j in found)
    return {(i, j): PAGE_TRIGRAM * k for (i, j), k in sorted(found.items()) if out_n[i] == 1 and in_n[j] == 1}


class ContinuityModel:
    """Scores pairs of fragments; holds nothing but read-only resources and pure caches."""

    def __init__(self, resources: Resources | None = None) -> None:
        self.res = resources or get_resources()
        lm = self.res.lm
        self._lm = lm
        self._idf_base = math.log(max(1, lm.total))
        self._common = lm.common
        self._log_words = math.log(max(1, self.res.words_total or sum(self.res.words.values())))

    def lp(self, ctx: str, c: str) -> float:
        return char_logp(self._lm, ctx, c)

    def info(self, v: str, heading: bool = False, item: tuple[str, int] | None = None) -> FragInfo:
        """Precompute a fragment's :class:`FragInfo` from its view; a heading (title, subhead)
        is complete even without a full stop."""
        if not v:
            return FragInfo(v, 0.0, 0.0, True, {}, 0.0)
        closed = heading or ends_sentence(v)
        # after sentence-final punctuation what came before says little: keep only the mark,
        # so that sparse trigram counts do not add noise to paragraph-boundary joins
        tail = v[-1:] if closed and not heading else v[-2:]
        end_lp = self.lp(tail, EOS)
        start_lp = self.lp(BOS, v[0]) + (self.lp(BOS + v[0], v[1]) if len(v) > 1 else 0.0)
        anywhere = self.lp("", v[0]) + (self.lp(v[0], v[1]) if len(v) > 1 else 0.0)
        ends = _cut_ends(v)
        return FragInfo(v, end_lp, start_lp, closed, self.bag(v), start_lp - anywhere,
                        *ends, *_quote_ends(v), item, *self._ends(v, closed), *self._seg_ends(*ends))

    def bag(self, v: str) -> dict[str, int]:
        """The CJK characters and bigrams of a view, with counts; the commonest ones (的, 是, 了:
        more than one in 200 in the corpus) say nothing of topic and are left out.

        >>> ContinuityModel().bag("祝潇颖的公司")
        {'祝': 1, '潇': 1, '祝潇': 1, '颖': 1, '潇颖': 1, '颖的': 1, '公': 1, '的公': 1, '司': 1, '公司': 1}
        """
        out: dict[str, int] = {}
        get = out.get
        for run in _CJK_RUN.findall(v):
            # in reading order: each character, then the bigram it ends
            p = run[0]
            out[p] = get(p, 0) + 1
            for c in run[1:]:
                out[c] = get(c, 0) + 1
                b = p + c
                out[b] = get(b, 0) + 1
                p = c
        for t in self._common.intersection(out):
            del out[t]  # (the others keep their order)
        return out

    def cohesion_weights(self, terms: Iterable[str]) -> dict[str, float]:
        """The bigrams among ``terms`` that say two paragraphs go together when both have
        them, with how much: their rarity in the corpus in nats over :data:`COHESION_FLOOR`
        (consecutive paragraphs of an article share more rare bigrams than two of its
        paragraphs taken at random); a common one (中国, 发展) weighs little, single
        characters nothing.

        >>> w = ContinuityModel().cohesion_weights(["链长", "会议", "的", "中国"])
        >>> sorted(w), w["链长"] > w["会议"] > w["中国"]
        (['中国', '会议', '链长'], True)
        """
        floor = self._idf_base - COHESION_FLOOR
        two = [t for t in terms if len(t) == 2]
        rarity = map(floor.__sub__, map(math.log1p, map(self._lm.bi.get, two, itertools.repeat(0))))
        return {t: w for t, w in zip(two, rarity) if w > 0}

    def terms(self, v: str) -> dict[str, float]:
        """Topic terms: CJK characters and bigrams weighted by their rarity in the corpus
        (IDF-like); common ones (的, 中国) are dropped, so 祝潇颖 and 链长制 carry the weight."""
        bi, uni = self._lm.bi, self._lm.uni
        base = self._idf_base
        out: dict[str, float] = {}
        prev = ""
        for c in v:
            if not is_cjk(c):
                prev = ""
                continue
            if c not in out:
                w = base - math.log(uni.get(c, 0) + 1.0) - 8.0
                if w > 0:
                    out[c] = w
            if prev:
                g = prev + c
                if g not in out:
                    w = base - math.log(bi.get(g, 0) + 1.0) - 9.0
                    if w > 0:
                        out[g] = w
            prev = c
        return out

    def local(self, a: FragInfo, b: FragInfo, repeats: bool = True) -> tuple[float, bool]:
        """(how much likelier ``b`` opens as it does right after ``a`` than at a paragraph start,
        in nats, plus the word test across the cut; whether the first character of ``b`` is a
        repeat to remove).  ``repeats=False`` never reads ``b``'s first character as OCR's
        repeat (for the lines of row-merged columns, which come from one scan line each).

        Only ``b``'s side is compared, so a fragment that must go on somewhere (``…变化，``) does
        not outbid, by its open end alone, a neighbour whose paragraph simply ended."""
        return self.local_row(a, (b,), repeats)[0]

    def local_row(self, a: FragInfo, bs: Sequence[FragInfo], repeats: bool = True) -> list[tuple[float, bool]]:
        """:meth:`local` of ``a`` and each of ``bs``, what is read of ``a`` read once (the
        pairwise loop of a page).  The character model across the cut is ``lp(ctx, b0)`` and
        ``lp(ctx[-1] + b0, b1)`` (0.0 without ``b1``) for ``a``'s context and ``b``'s first two
        characters: the same sums as :func:`char_logp`, in the same order, with the parts of
        one side looked up once per fragment (:meth:`_ends`)."""
        av = a.v
        if not av:
            return [(0.0, False) for _ in bs]
        ctx, c1, nb, nab = a.end
        bi, tri = self._lm.bi, self._lm.tri
        log = math.log
        closed, opens, last = a.closed, a.opens, av[-1]
        out: list[tuple[float, bool]] = []
        for b, g in zip(bs, self._gains(a, bs)):
            bv = b.v
            if not bv:
                out.append((0.0, False))
                continue
            b0, b1, p1, q, p2b = b.lead
            n = bi.get(c1 + b0, 0)
            p2 = n / nb if nb else 0.0
            p = p1 + 0.3 * p2
            if nab is not None:
                p += 0.6 * (tri.get(ctx + b0, 0) / nab if nab else p2)
            else:
                p += 0.6 * p2
            if b1:
                q += 0.6 * (tri.get(c1 + b0 + b1, 0) / n if n else p2b)
                j0, j1 = log(p), log(q)
            else:
                j0, j1 = log(p), 0.0
            score = j0 + j1 - b.start_lp + WORD_W * g
            dedupe = False
            if repeats and last == bv[0] and len(bv) > 2 and _may_repeat(bv, closed):
                # OCR may have repeated A's last character at the top of B (公|公司, 、|、): B
                # then goes on after its first character.  Both readings of B's first three
                # characters are scored against the same paragraph start, the repeat at its
                # prior odds
                lp = self.lp
                r1 = lp(ctx, bv[1])
                r2 = lp(ctx[-1] + bv[1], bv[2])
                third = lp(bv[:2], bv[2])
                repeat = REPEAT_LOGODDS + r1 + r2 - b.start_lp - third + self.word_bonus(av, bv[1:])
                if repeat > score:
                    score, dedupe = repeat, True
            if closed:
                # a sentence ended: what follows is a new sentence or paragraph either way, and
                # the model's preferences among sentence openings are noise for joining
                score = max(-1.0, min(1.0, 0.25 * score))
            if opens and b.closes:
                # a quotation open at a's end goes on in the text that closes one it never opened
                score += QUOTE_MATCH
            out.append((score, dedupe))
        return out

    def _ends(self, v: str, closed: bool) -> tuple[tuple, tuple]:
        """What :meth:`local_row` reads of a fragment as the left side of a cut (its context, as
        :meth:`local` takes it, the context's last character and their counts) and as the right
        side (its first two characters, the first's unigram term, the second's unigram and
        bigram terms), looked up once per fragment rather than once per pair."""
        lm = self._lm
        uni, bi = lm.uni, lm.bi
        norm = lm.total + 5000
        ctx = v[-1:] if closed else v[-2:]
        c1 = ctx[-1]
        end = (ctx, c1, uni.get(c1, 0), bi.get(ctx, 0) if len(ctx) >= 2 else None)
        b0 = v[0]
        if len(v) < 2:
            return end, (b0, "", 0.1 * ((uni.get(b0, 0) + 0.5) / norm), 0.0, 0.0)
        b1 = v[1]
        nb = uni.get(b0, 0)
        p2 = bi.get(b0 + b1, 0) / nb if nb else 0.0
        q = 0.1 * ((uni.get(b1, 0) + 0.5) / norm) + 0.3 * p2
        return end, (b0, b1, 0.1 * ((uni.get(b0, 0) + 0.5) / norm), q, p2)

    def _word_lp(self, w: str) -> float | None:
        """log P of ``w`` as one word of jieba's dictionary, by its frequency (a character it
        lacks counts once; None for a longer string it lacks)."""
        f = self.res.words.get(w)
        if f:
            return math.log(f) - self._log_words
        return -self._log_words if len(w) == 1 else None

    def _seg_ends(self, tails: tuple[str, ...], heads: tuple[str, ...]) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """A fragment's ``tail_seg`` and ``head_seg`` (see :class:`FragInfo`) from its
        :func:`_cut_ends`: the likeliest reading as words (as jieba reads text) of each
        beginning of its tail, from the whole tail down to nothing, and of each end of its
        head, from the whole head down to nothing."""
        m = sum(1 for t in tails if t)
        tail = tails[m - 1] if m else ""
        head = heads[-1] if heads else ""
        wlp = self._word_lp
        fwd = [0.0]  # fwd[k]: the likeliest reading of tail[:k]
        for k in range(1, len(tail) + 1):
            best = -1e30
            for i in range(max(0, k - 3), k):
                lp = wlp(tail[i:k])
                if lp is not None and fwd[i] + lp > best:
                    best = fwd[i] + lp
            fwd.append(best)
        n = len(head)
        bwd = [0.0] * (n + 1)  # bwd[j]: the likeliest reading of head[j:]
        for j in range(n - 1, -1, -1):
            best = -1e30
            for k in range(j + 1, min(n, j + 3) + 1):
                lp = wlp(head[j:k])
                if lp is not None and lp + bwd[k] > best:
                    best = lp + bwd[k]
            bwd[j] = best
        return tuple(reversed(fwd)), tuple(bwd)

    def word_gain(self, av: str, bv: str) -> float:
        """How much likelier, in nats, the characters either side of a cut read as words when
        one of jieba's words spans the cut than with a word boundary at the cut (0.0 when no
        word spans it): each side's last or first three ideographs, read as jieba reads text.

        >>> m = ContinuityModel()
        >>> m.word_gain("一家养老服务公", "司专门成立") > 10 > m.word_gain("一家养老服务", "专门成立") == 0.0
        True
        """
        return self._gains(self.info(av), [self.info(bv)])[0]

    def _gains(self, a: FragInfo, bs: Sequence[FragInfo]) -> list[float]:
        """:meth:`word_gain` of ``a`` and each of ``bs`` from their precomputed ends (the words
        of up to four characters made of a tail and a head, each side's readings scored once
        per fragment)."""
        tails, ta = a.tails, a.tail_seg
        if not ta or not tails[0]:
            return [0.0] * len(bs)
        words, total, log = self.res.words, self._log_words, math.log
        out = []
        for b in bs:
            heads = b.heads
            best = None
            if heads:
                hb = b.head_seg
                for i, left in enumerate(tails, 1):
                    if not left:
                        break
                    for h in heads[:4 - i]:
                        f = words.get(left + h)
                        if f:
                            v = ta[i] + log(f) + hb[len(h)]
                            if best is None or v > best:
                                best = v
            if best is None:
                out.append(0.0)
            else:
                g = best - total - ta[0] - hb[0]
                out.append(g if g > 0.0 else 0.0)
        return out

    def word_bonus(self, av: str, bv: str) -> float:
        """A bonus when a dictionary word of up to four characters spans the cut: 1.0 for two
        characters, 2.0 for longer (what the reading of OCR's repeat at a cut adds; the join
        score itself weighs the word, :meth:`word_gain`).

        >>> ContinuityModel().word_bonus("一家养老服务公", "司专门成立")
        2.0
        """
        tails, heads = _cut_ends(av)[0], _cut_ends(bv)[1]
        words = self.res.words
        best = 0.0
        for i, left in enumerate(tails, 1):
            if not left:
                continue
            for h in heads[:4 - i]:
                if words.get(left + h):
                    if i + len(h) > 2:
                        return 2.0
                    best = 1.0
        return best


def cosine_matrix(terms: list[dict[str, float]], max_df: int | None = None) -> tuple[list[dict[int, float]], list[float]]:
    """Sparse dot products between every pair of term vectors (an inverted index, so pairs
    sharing nothing cost nothing) and each vector's squared norm."""
    index: dict[str, list[tuple[int, float]]] = {}
    norms = []
    for i, t in enumerate(terms):
        norms.append(sum(w * w for w in t.values()))
        for g, w in t.items():
            index.setdefault(g, []).append((i, w))
    dots: list[dict[int, float]] = [dict() for _ in terms]
    limit = max_df or len(terms)
    for postings in index.values():
        if len(postings) < 2 or len(postings) > limit:
            continue
        for x in range(len(postings)):
            i, wi = postings[x]
            di = dots[i]
            for y in range(x + 1, len(postings)):
                j, wj = postings[y]
                v = wi * wj
                di[j] = di.get(j, 0.0) + v
                dots[j][i] = dots[j].get(i, 0.0) + v
    return dots, norms
