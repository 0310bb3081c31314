"""Conservative text repair: fix what is surely wrong, flag what is suspicious, leave the rest.

Every change is an :class:`~pagefix.model.Edit` with its rule and its span in the input, and
:func:`apply_edits` replays them exactly.  The rules, each gated so clean text passes untouched:

``script``
    A character of the other script, on a page of one script, where the character is not valid
    in the page's script: ``勤奮`` → ``勤奋`` on a simplified page.  Valid simplified characters
    (乾, 著, 于, 台 …) are never changed: validity comes from the development corpus, so 乾隆,
    乾坤, 乾安县 and 著名 stay as printed, where a blind OpenCC ``t2s`` gives 干安县.
``punct-width``
    Half-width ``, : ; ! ? ( )`` next to CJK text become full-width (``公司,提供`` → ``公司，提供``);
    inside Latin words and numbers (``3.5万``, ``a:b``) they stay.
``space``
    Spaces between CJK characters, and between the digits of a spaced number (``1 0 8 辆``),
    are removed; a space between Latin words stays.
``line-join``
    A hard line break inside a fragment (a wrapped column line) is removed.
``fullwidth``
    Only with ``Config(fullwidth_digits="ascii")``: ``１９９８`` → ``1998``.

>>> text, edits = normalize_text("多年勤奮工作 , 换来 1 0 8 辆")
>>> text
'多年勤奋工作，换来108辆'
>>> [e.rule for e in edits]
['script', 'space', 'punct-width', 'space', 'space', 'space', 'space', 'space']
>>> apply_edits("多年勤奮工作 , 换来 1 0 8 辆", edits) == text
True
"""
from __future__ import annotations

import collections
import math
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import regex

from .config import Config
from .model import Edit, Warning
from .resources import Resources, get_resources
from .script import classify_chars
from .textutil import DATELINE, HALF_TO_FULL, is_cjk

_WS = regex.compile(r"[ \t\r\n\u3000\u00a0]+")
_HALF = regex.compile(r"[,:;!?()]")
_DOUBLE = regex.compile(r"(\p{Han})\1")
#: characters that stand as words of their own between others (现在|在追寻)
_FUNCTION_CHARS = frozenset("在了的地得是和与就也都还又被把将对为以于从向到给让说个")
_FULLWIDTH_ALNUM = regex.compile(r"[０-９Ａ-Ｚａ-ｚ]")


def _kind(ch: str) -> str:
    """'c' CJK (ideograph or CJK punctuation), 'd' digit, 'l' Latin letter, 'p' other."""
    if not ch:
        return ""
    if is_cjk(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uff0f" or "\uff1a" <= ch <= "\uff20" \
            or ch in "“”‘’—…·":
        if "０" <= ch <= "９":
            return "d"
        return "c"
    if ch.isdigit() or "０" <= ch <= "９":
        return "d"
    if ch.isalpha():
        return "l"
    return "p"


@dataclass(frozen=True)
class ScriptProfile:
    """Which script a text is in, from the characters only one script has.

    ``traditional`` counts characters that OpenCC's t2s changes and that the simplified corpus
    never uses (奮, 後); ``simplified`` counts characters that s2t changes (奋, 后)."""

    traditional: int
    simplified: int

    @property
    def script(self) -> str:
        """Simplified unless traditional-only characters clearly dominate (one stray 奮 in a
        short simplified text does not make it traditional)."""
        if self.traditional >= 2 and self.traditional > 2 * self.simplified:
            return "traditional"
        return "simplified"


class Normalizer:
    """The repair stage, bound to a set of resources.  Stateless between calls except for a
    per-instance cache of character classes (pure functions of the resources)."""

    def __init__(self, resources: Resources | None = None) -> None:
        self.res = resources or get_resources()
        # the classes of the corpus's characters come with the resources; others are added here
        # (shared, never changed: a new character's classes make new tables, copy on write)
        base = self.res.char_classes
        self._t2s_char: Mapping[str, str] = base.t2s
        self._s2t_char: Mapping[str, str] = base.s2t
        self._trad_form: Mapping[str, bool] = base.trad_form
        self._simp_only: Mapping[str, bool] = base.simp_only
        # the characters out of place on a page of each script (奮 on a simplified page; 发, and
        # 后 where the phrase may prove it, on a traditional one)
        self._odd = {"simplified": base.odd_on_simplified, "traditional": base.odd_on_traditional}

    # ------------------------------------------------------------------ script
    def _classify(self, chars: Iterable[str]) -> None:
        new = [c for c in set(chars).difference(self._t2s_char) if is_cjk(c)]
        if not new:
            return
        cls = classify_chars(self.res.script, sorted(new), self.res.both_scripts, self._valid_simplified)
        self._t2s_char = {**self._t2s_char, **cls.t2s}
        self._s2t_char = {**self._s2t_char, **cls.s2t}
        self._trad_form = {**self._trad_form, **cls.trad_form}
        self._simp_only = {**self._simp_only, **cls.simp_only}
        self._odd = {"simplified": self._odd["simplified"] | cls.odd_on_simplified,
                     "traditional": self._odd["traditional"] | cls.odd_on_traditional}

    def _valid_simplified(self, c: str) -> bool:
        return self.res.lm.valid_simplified(c)

    def profile(self, text: str) -> ScriptProfile:
        """Count the script-specific characters of ``text``.

        >>> Normalizer().profile("發展經濟").script
        'traditional'
        """
        counts = collections.Counter(text)
        self._classify(counts)
        trad = simp = 0
        odd = self._odd["simplified"]
        for c, x in counts.items():
            if c in odd:
                trad += x
            elif self._simp_only.get(c):
                simp += x
        return ScriptProfile(trad, simp)

    def _script_edits(self, text: str, script: str, config: Config,
                      usage: Mapping[str, int] | None = None) -> list[tuple[int, int, str, str, str]]:
        sc = self.res.script
        out = []
        if config.script in ("simplified", "traditional") and config.script != script:
            conv = sc.t2s(text) if config.script == "simplified" else sc.s2t(text)
            if len(conv) == len(text):
                for i, (a, b) in enumerate(zip(text, conv)):
                    if a != b:
                        out.append((i, i + 1, b, "script-convert", f"page converted to {config.script} on request"))
                return out
            # phrase tables changed the length: fall back to character by character
            for i, a in enumerate(text):
                b = sc.t2s(a) if config.script == "simplified" else sc.s2t(a)
                if len(b) == 1 and b != a:
                    out.append((i, i + 1, b, "script-convert", f"page converted to {config.script} on request"))
            return out
        if not config.fix_script:
            return out
        self._classify(text)
        odd = self._odd["simplified" if script == "simplified" else "traditional"]
        bad = [] if odd.isdisjoint(text) else [i for i, c in enumerate(text) if c in odd]
        if script == "simplified":
            conv_fn, reason = sc.t2s, "traditional character on a simplified page"
        else:
            conv_fn, reason = sc.s2t, "simplified character on a traditional page"
        if usage is None and script == "traditional":
            usage = collections.Counter(text)
        for i in bad:
            lo, hi = max(0, i - 3), min(len(text), i + 4)
            window = text[lo:hi]
            c = text[i]
            if script == "traditional":
                # read the context as simplified first, so OpenCC's phrase tables see whole
                # phrases (干預 stays 干預: the table has 干预 → 干預, not 干 → 幹 alone)
                window = sc.t2s(window)
                if len(window) != hi - lo:
                    continue
                if c in self.res.both_scripts:
                    # valid in both scripts (后, 干, 台): change only where a phrase proves it,
                    # and not where the page prints it so more often than the proven form
                    # (碧咸 four times: Beckham, not 鹹); a phrase the table writes more than one
                    # way (不准 → 不準 or 不准) proves its first form only where the page prints
                    # that one more often
                    b, also = self._proof(window, i - lo, c)
                    if b and b != c and sc.t2hk(b) != c and usage.get(b, 0) >= usage.get(c, 0) - 1 \
                            and (not also or usage.get(b, 0) > usage.get(c, 0)):
                        out.append((i, i + 1, b, "script", reason + " (the phrase proves it)"))
                    continue
                b = self._traditional_form(window, i - lo, c, usage)
                if b is None or sc.t2hk(b) == c:
                    continue  # Hong Kong prints it so (恒基)
                out.append((i, i + 1, b, "script", reason))
                continue
            conv = conv_fn(window)
            b = conv[i - lo] if len(conv) == len(window) else conv_fn(c)
            if len(b) == 1 and b != c:
                out.append((i, i + 1, b, "script", reason))
        return out

    def _traditional_form(self, window: str, j: int, c: str, usage: Mapping[str, int]) -> str | None:
        """The traditional form of the simplified ``c`` (at ``window[j]``, a simplified view of
        its context) as the page spells it: OpenCC's standard, Hong Kong and Taiwan forms and
        any character of the page that simplifies to ``c`` are the candidates; the one the page
        uses most wins, else the one most standards agree on (为: 為 in Hong Kong and Taiwan,
        爲 in OpenCC's own standard).

        >>> Normalizer()._traditional_form("为", 0, "为", {"為": 3})
        '為'
        """
        sc = self.res.script
        cands = []
        for conv in (sc.s2t, sc.s2hk, sc.s2tw):
            t = conv(window)
            b = t[j] if len(t) == len(window) else conv(c)
            if len(b) == 1 and b != c:
                cands.append(b)
        self._classify(usage)
        cands += sorted(x for x in usage if x != c and self._t2s_char.get(x) == c)
        if not cands:
            return None
        votes = collections.Counter(cands)
        return max(dict.fromkeys(cands), key=lambda b: (usage.get(b, 0) > 0, usage.get(b, 0), votes[b]))

    def _proof(self, window: str, j: int, printed: str) -> tuple[str | None, bool]:
        """The character at ``window[j]`` as OpenCC's phrase table has it, when every phrase of
        the table that covers it agrees (能干|干预 disagree: no proof; None), and whether a
        phrase also gives the ``printed`` character as a right form there (不准: 不準 or 不准).

        >>> n = Normalizer()
        >>> n._proof("后来", 0, "后"), n._proof("不准", 1, "准")
        (('後', False), ('準', True))
        """
        proofs = self.res.proofs
        found = set()
        also = False
        for size in (4, 3, 2):
            for s in range(max(0, j - size + 1), min(j, len(window) - size) + 1):
                t = proofs.get(window[s:s + size])
                if t:
                    first, *others = t.split(" ")
                    found.add(first[j - s])
                    also = also or any(o[j - s] == printed for o in others)
        return (found.pop() if len(found) == 1 else None), also

    # ------------------------------------------------------------------ spacing, punctuation
    @staticmethod
    def _space_edits(text: str, heading: bool = False, cjk_punct: frozenset[int] = frozenset()) -> list[tuple[int, int, str, str, str]]:
        """Spaces and line breaks to remove; ``cjk_punct`` are positions of half-width marks
        that count as CJK punctuation (they are being made full-width)."""
        out = []
        dateline = DATELINE.match(text)
        for m in _WS.finditer(text):
            s, e = m.span()
            if s == 0 or e == len(text):
                continue  # edges belong to the fragment boundary, not to the text
            if (heading or (dateline and s == dateline.end())) and "\n" not in m.group():
                continue  # 链长制优化升级 大中小企业融通, 本报泰安讯 刚刚: typographic spaces
            a, b = text[s - 1], text[e]
            ka = "c" if s - 1 in cjk_punct else _kind(a)
            kb = "c" if e in cjk_punct else _kind(b)
            ws = m.group()
            if "\n" in ws or "\r" in ws:
                if ka == "l" and kb == "l":
                    if ws != " ":
                        out.append((s, e, " ", "line-join", "line break inside a paragraph"))
                else:
                    out.append((s, e, "", "line-join", "line break inside a paragraph"))
                continue
            if ka == "c" or kb == "c":
                if ka in "cdl" and kb in "cdl":
                    out.append((s, e, "", "space", "space inside CJK text"))
                continue
            if ka == "d" and kb == "d":
                out.append((s, e, "", "space", "space inside a number"))
                continue
            if ka in "dl" and kb in "dl":
                # close up a spaced code (HMC 5 0 1 0 X) but keep spaces between words
                left_single = s < 2 or not text[s - 2].isalnum()
                right_single = e + 1 >= len(text) or not text[e + 1].isalnum()
                if (ka == "d" or kb == "d") and (left_single or right_single):
                    out.append((s, e, "", "space", "space inside a code or number"))
        return out

    @staticmethod
    def _punct_edits(text: str) -> list[tuple[int, int, str, str, str]]:
        out = []
        for m in _HALF.finditer(text):
            i = m.start()
            # look past spaces and other half-width marks (":," converts as a run, so a second
            # pass finds nothing more to do)
            j, k = i - 1, i + 1
            while j >= 0 and (text[j].isspace() or text[j] in HALF_TO_FULL or text[j] in HALF_TO_FULL.values()):
                j -= 1
            while k < len(text) and (text[k].isspace() or text[k] in HALF_TO_FULL or text[k] in HALF_TO_FULL.values()):
                k += 1
            ka = _kind(text[j]) if j >= 0 else ""
            kb = _kind(text[k]) if k < len(text) else ""
            if "l" in (ka, kb) and "c" not in (ka, kb):
                continue
            if ka == "d" and kb == "d":
                continue  # 1,000 and 3:2 stay
            if "c" in (ka, kb):
                out.append((i, i + 1, HALF_TO_FULL[m.group()], "punct-width", "half-width punctuation in CJK text"))
        return out

    # ------------------------------------------------------------------ flags
    def flags(self, text: str, base: int = 0, script: str | None = None) -> list[Warning]:
        """Doubled characters that read as an OCR repeat (加快快平, 新技术链链落地), as warnings;
        the text is never changed.  A doubling is left alone when it is a word itself and not
        glued to a word before it (常常, 密密匝匝), when a longer word holds it (吉尔吉斯斯坦,
        心心相印), when words meet at it (产业链|链上, 现在|在, 脚踏实地|地), or after 一
        (一张张).  A ``traditional`` page is looked up through its simplified view."""
        words = self.res.words
        lm = self.res.lm
        out = []
        shown = text
        if script == "traditional":
            # the dictionaries are simplified: look traditional text up through its simplified
            # view (when the conversion keeps every character in place)
            simple = self.res.script.t2s(text)
            if len(simple) == len(text):
                text = simple
        for m in _DOUBLE.finditer(text):
            i = m.start()
            c = m.group(1)
            left = max((words.get(text[i - k + 1:i + 1]) or 0 for k in (2, 3, 4) if i - k + 1 >= 0), default=0)
            right = any(words.get(text[i + 1:i + 1 + k]) for k in (2, 3, 4) if i + 1 + k <= len(text))
            if left and (right or c in _FUNCTION_CHARS):
                continue
            if i > 0 and text[i - 1] == "一":
                continue
            if any(words.get(text[a:a + ln]) for ln in (3, 4, 5, 6) for a in range(max(0, i + 2 - ln), i + 1)
                   if a + ln <= len(text)):
                continue  # a word holds the doubling: 吉尔吉斯斯坦, 心心相印, 沾沾自喜
            nxt = text[i + 2:i + 4]
            if len(nxt) == 2 and (nxt[0] == nxt[1] or nxt[0] in "的地得"):
                continue  # 风风雨雨, 水灵灵的: reduplication patterns
            if i >= 2 and text[i - 2] == text[i - 1]:
                continue  # the second pair of AABB
            doubled = (words.get(c + c) or 0) + lm.bi.get(c + c, 0)
            if doubled:
                # a real doubling (常常, 丝丝缕缕) unless a much commoner word ends on the first
                # character and nothing follows the second (加快|快平)
                if not (left > 5 * doubled and not right):
                    continue
            elif not left and lm.uni.get(c, 0) < 5:
                continue  # a rare character doubled on its own: likelier a name (倩倩) than a repeat
            elif not left and right:
                continue  # 说说心里话: the doubling opens a word
            c = shown[i]
            out.append(Warning("doubled-char", f"{shown[max(0, i - 2):i + 4]!r}: doubled {c!r} looks like an OCR "
                               "repeat; left as printed", base + i, base + i + 2))
        return out

    # ------------------------------------------------------------------ all together
    def normalize(self, text: str, config: Config | None = None, *, base: int = 0,
                  script: str | None = None, heading: bool = False,
                  usage: Mapping[str, int] | None = None) -> tuple[str, list[Edit]]:
        """Repair ``text``; edits carry offsets shifted by ``base``.  In a ``heading`` (title,
        byline, subhead) spaces are typography and stay.  ``usage`` counts the characters of
        the whole page ``text`` comes from (its own spelling decides between variants)."""
        config = config or Config()
        if script is None:
            script = self.profile(text).script
        ops = self._script_edits(text, script, config, usage)
        punct = self._punct_edits(text)
        marks = frozenset(op[0] for op in punct)
        if config.fix_spacing:
            ops += self._space_edits(text, heading, marks)
        else:
            ops += [op for op in self._space_edits(text, heading, marks) if op[3] == "line-join"]
        if config.fix_punctuation:
            ops += punct
        if config.fullwidth_digits == "ascii":
            ops += [(m.start(), m.end(), chr(ord(m.group()) - 0xFEE0), "fullwidth", "full-width letter or digit")
                    for m in _FULLWIDTH_ALNUM.finditer(text)]
        ops.sort()
        out, edits, pos = [], [], 0
        for s, e, after, rule, reason in ops:
            if s < pos:
                continue  # overlapping rules: the first wins
            out.append(text[pos:s])
            out.append(after)
            edits.append(Edit(rule, base + s, base + e, text[s:e], after, reason))
            pos = e
        out.append(text[pos:])
        return "".join(out), edits


def char_logp(lm, ctx: str, c: str) -> float:
    """log P(c | ctx) with fixed-weight interpolation of trigram, bigram and unigram estimates."""
    uni = lm.uni
    p1 = (uni.get(c, 0) + 0.5) / (lm.total + 5000)
    p = 0.1 * p1
    if ctx:
        b = ctx[-1]
        nb = uni.get(b, 0)
        p2 = lm.bi.get(b + c, 0) / nb if nb else 0.0
        p += 0.3 * p2
        if len(ctx) >= 2:
            nab = lm.bi.get(ctx[-2:], 0)
            p3 = lm.tri.get(ctx[-2:] + c, 0) / nab if nab else p2
            p += 0.6 * p3
        else:
            p += 0.6 * p2
    else:
        p = p1
    return math.log(p)


def apply_edits(original: str, edits: Sequence[Edit], base: int = 0) -> str:
    """Replay ``edits`` on ``original`` (offsets shifted by ``base``); the inverse check of every
    repair.

    >>> apply_edits("勤奮", [Edit("script", 1, 2, "奮", "奋", "")])
    '勤奋'
    """
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        s, t = e.start - base, e.end - base
        if s < pos or original[s:t] != e.before:
            from .errors import InternalError
            raise InternalError(f"edit {e} does not apply at {s}:{t}")
        out.append(original[pos:s])
        out.append(e.after)
        pos = t
    out.append(original[pos:])
    return "".join(out)


def normalize_text(text: str, config: Config | None = None) -> tuple[str, list[Edit]]:
    """Repair one text conservatively; return the text and the edits that made it.

    >>> normalize_text("乾隆年间的著名工匠")[1]
    []
    """
    from .errors import check_text
    return Normalizer().normalize(check_text(text, "normalize_text"), config)
