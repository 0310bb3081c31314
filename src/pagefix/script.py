"""The one place pagefix touches OpenCC: script conversion between simplified and traditional.

Everything else calls :class:`ScriptConverter`, so swapping the binding or its configuration is a
change to this file alone.

>>> sc = ScriptConverter()
>>> sc.t2s("後來")
'后来'
>>> sc.s2t("发展")
'發展'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from .errors import ResourceError

try:  # the official C++ binding
    import opencc as _opencc
except ImportError:  # pragma: no cover - checked by the ResourceError below
    _opencc = None


@dataclass(frozen=True)
class ScriptConverter:
    """Phrase-aware OpenCC conversion (``t2s`` and ``s2t`` configurations)."""

    _t2s: object = field(init=False, repr=False)
    _s2t: object = field(init=False, repr=False)
    _s2hk: object = field(init=False, repr=False)
    _s2tw: object = field(init=False, repr=False)
    _t2hk: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if _opencc is None:
            raise ResourceError("the OpenCC binding is missing: pip install opencc")
        try:
            object.__setattr__(self, "_t2s", _opencc.OpenCC("t2s"))
            object.__setattr__(self, "_s2t", _opencc.OpenCC("s2t"))
            object.__setattr__(self, "_s2hk", _opencc.OpenCC("s2hk"))
            object.__setattr__(self, "_s2tw", _opencc.OpenCC("s2tw"))
            object.__setattr__(self, "_t2hk", _opencc.OpenCC("t2hk"))
        except Exception as exc:  # pragma: no cover - broken installation
            raise ResourceError(f"OpenCC could not load its configurations: {exc}") from exc

    def t2s(self, text: str) -> str:
        """Traditional to simplified, with OpenCC's phrase tables."""
        return self._t2s.convert(text)

    def s2t(self, text: str) -> str:
        """Simplified to traditional, with OpenCC's phrase tables."""
        return self._s2t.convert(text)

    def s2hk(self, text: str) -> str:
        """Simplified to traditional as Hong Kong prints it (床, 群, 台 stay; 里 → 裏)."""
        return self._s2hk.convert(text)

    def t2hk(self, text: str) -> str:
        """Traditional to the forms Hong Kong prints (臺 → 台)."""
        return self._t2hk.convert(text)

    def s2tw(self, text: str) -> str:
        """Simplified to traditional as Taiwan prints it."""
        return self._s2tw.convert(text)


@dataclass(frozen=True)
class CharClasses:
    """What the repair stage needs to know of each character, by OpenCC's tables.

    ``t2s``/``s2t``: its one-character conversions (itself when there is none or it is
    longer); ``trad_form``: a standard traditional form, whose simplified form goes back to it
    (奮 → 奋 → 奮; variants used in names, such as 塚, do not); ``simp_only``: every regional
    traditional standard changes it (发, 里), unlike characters both scripts use (床, 台)."""

    t2s: Mapping[str, str]
    s2t: Mapping[str, str]
    trad_form: Mapping[str, bool]
    simp_only: Mapping[str, bool]
    #: out of place on a simplified page: a traditional form that is not valid simplified
    odd_on_simplified: frozenset[str] = frozenset()
    #: out of place on a traditional page: simplified only, or valid in both scripts but with
    #: a traditional form a phrase may prove (后 → 後)
    odd_on_traditional: frozenset[str] = frozenset()


def classify_chars(sc: ScriptConverter, chars: Iterable[str], both: frozenset[str] = frozenset(),
                   valid_simplified: Callable[[str], bool] = lambda c: False) -> CharClasses:
    """Classify single characters with a handful of OpenCC calls over all of them at once;
    ``both`` are the characters both scripts use, ``valid_simplified`` says which the
    simplified corpus uses.

    >>> cls = classify_chars(ScriptConverter(), "奮奋台")
    >>> cls.trad_form["奮"], cls.simp_only["奋"], cls.t2s["奮"], sorted(cls.odd_on_simplified)
    (True, True, '奋', ['奮'])
    """
    new = list(dict.fromkeys(chars))
    joined = "\n".join(new)
    t = sc.t2s(joined).split("\n")
    s = sc.s2t(joined).split("\n")
    hk = sc.s2hk(joined).split("\n")
    tw = sc.s2tw(joined).split("\n")
    back = sc.s2t("\n".join(x if len(x) == 1 else "?" for x in t)).split("\n")
    t2s, s2t, trad, simp = {}, {}, {}, {}
    for c, tc, sc_, h, w, b in zip(new, t, s, hk, tw, back):
        t2s[c] = tc if len(tc) == 1 else c
        s2t[c] = sc_ if len(sc_) == 1 else c
        trad[c] = len(tc) == 1 and tc != c and b == c
        simp[c] = sc_ != c and h != c and w != c and c not in both
    odd_s = frozenset(c for c in new if trad[c] and not valid_simplified(c))
    odd_t = frozenset(c for c in new if simp[c] or c in both and s2t[c] != c)
    return CharClasses(t2s, s2t, trad, simp, odd_s, odd_t)
