"""Every option of pagefix in one place, with its default and its risk.

>>> Config().script
'keep'
>>> Config().replace(script="simplified").script
'simplified'
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Config:
    """Options for :func:`pagefix.repair` and :func:`pagefix.normalize_text`.

    script
        ``"keep"`` (default): the page keeps its own script; only stray characters of the other
        script are fixed, and only where the character is not valid in the page's script.
        ``"simplified"`` / ``"traditional"``: convert the whole page with OpenCC's phrase tables.
        Risk: whole-page conversion changes proper names (乾安县 → 干安县); that is why it is
        opt-in.
    fix_script
        Fix stray characters of the other script (勤奮 → 勤奋 on a simplified page).
    fix_punctuation
        Half-width ``, : ; ! ? ( )`` between CJK characters become full-width.  ASCII
        punctuation inside Latin words and numbers (``3.5万``, ``i动``) is never touched.
    fix_spacing
        Remove spaces between CJK characters and inside spaced numbers (``1 0 8 辆``); a space
        between Latin words stays.
    fullwidth_digits
        ``"keep"`` (default) prints ``１９９８`` as it was; ``"ascii"`` folds full-width digits and
        letters to ASCII.
    dedupe_cuts
        Remove a character OCR repeated at a column cut (服务公|公司 → 服务公司).
    flag_suspicious
        Add warnings for doubled characters that are not words (加快快平); never changes text.
    min_article_chars
        A headless run of text shorter than this is attached to the nearest article rather than
        made an article of its own.
    max_fragments, max_chars
        A page larger than this (a newspaper page holds some tens of thousands of characters)
        is refused with :class:`~pagefix.errors.InputError` rather than repaired for hours.
    """

    script: Literal["keep", "simplified", "traditional"] = "keep"
    fix_script: bool = True
    fix_punctuation: bool = True
    fix_spacing: bool = True
    fullwidth_digits: Literal["keep", "ascii"] = "keep"
    dedupe_cuts: bool = True
    flag_suspicious: bool = True
    min_article_chars: int = 200
    max_fragments: int = 20000
    max_chars: int = 2_000_000

    def replace(self, **changes: object) -> "Config":
        """A copy with some options changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
