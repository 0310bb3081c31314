"""The data model: typed, frozen, and serialisable to the ``pagefix/1`` JSON schema.

Every fragment keeps its span in the original page text, and every change to the text is an
:class:`Edit` with the rule that made it, so a result can always be traced back to the page.

>>> e = Edit("script", 3, 4, "奮", "奋", "traditional character on a simplified page")
>>> Edit.from_dict(e.to_dict()) == e
True
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any

SCHEMA = "pagefix/1"
#: edits that belong to the page or the assembly, not to one fragment's text repair
PAGE_RULES = frozenset({"layout", "cut-repeat"})


class Role(str, enum.Enum):
    """What a fragment is on the page."""

    TITLE = "title"      # the headline: 青岛市民健身有了好去处
    KICKER = "kicker"    # the line above a headline (引题)
    DECK = "deck"        # the line below a headline (副题, 提要)
    BYLINE = "byline"    # □ 记者 薄克国 报道 / 本报记者 X
    COLUMN = "column"    # a column label: 今日聚焦, 一周经济评论
    SUBHEAD = "subhead"  # 1 大厂工作就像一枚硬币的两面
    JUMP = "jump"        # (上接第一版)
    CAPTION = "caption"  # (新华社记者 X 摄)
    BODY = "body"


#: Roles that open an article's head; a body never continues into them.
HEAD_ROLES = frozenset({Role.TITLE, Role.KICKER, Role.DECK, Role.BYLINE, Role.COLUMN, Role.JUMP})


@dataclass(frozen=True)
class Edit:
    """One change to the page text: ``page[start:end]`` (``before``) became ``after``.

    ``start``/``end`` are offsets into the original page text, so ``apply_edits`` can replay
    every edit exactly.
    """

    rule: str
    start: int
    end: int
    before: str
    after: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "start": self.start, "end": self.end,
                "before": self.before, "after": self.after, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Edit":
        return cls(d["rule"], d["start"], d["end"], d["before"], d["after"], d.get("reason", ""))


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the schema's name; never shadows the builtin inside pagefix
    """Something a person should look at: a suspicious span left as printed, a guess."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Warning":
        return cls(d["code"], d["message"], d.get("start"), d.get("end"))


@dataclass(frozen=True)
class LineBox:
    """One line of the page text, ``[start, end)``, and its box on the scan ``(x0, y0, x1, y1)``
    in pixels, as an OCR file with coordinates gave it.

    >>> LineBox(0, 11, (120, 40, 980, 96)).box
    (120, 40, 980, 96)
    """

    start: int
    end: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class Fragment:
    """A piece of the page that OCR kept whole: a headline, a byline, a column of text.

    ``source`` is the page text at ``[start, end)`` as printed; ``text`` is the same after the
    fragment's edits (spacing, punctuation width, stray characters of the other script).
    """

    id: int
    start: int
    end: int
    role: Role
    source: str
    text: str
    edits: tuple[Edit, ...] = ()
    #: page spans the source is made of, in reading order (several for a column rebuilt from
    #: row-merged lines); empty means the single span ``(start, end)``
    pieces: tuple[tuple[int, int], ...] = ()
    #: the fragment's lines and where they stood on the scan, when the page came from OCR with
    #: coordinates (hOCR, ALTO, PAGE XML); else empty
    lines: tuple[LineBox, ...] = ()

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return self.pieces or ((self.start, self.end),)

    def to_local(self, pos: int) -> int:
        """A page offset inside this fragment as an offset into ``source``."""
        k = 0
        for s, e in self.spans:
            if s <= pos <= e:
                return k + pos - s
            k += e - s
        raise ValueError(f"offset {pos} is outside fragment {self.id}")

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "start": self.start, "end": self.end, "role": self.role.value,
             "source": self.source, "text": self.text}
        if self.pieces and len(self.pieces) > 1:
            d["pieces"] = [list(p) for p in self.pieces]
        if self.lines:
            d["lines"] = [{"start": ln.start, "end": ln.end, "box": list(ln.box)} for ln in self.lines]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Fragment":
        pieces = tuple(tuple(p) for p in d.get("pieces", ()))
        lines = tuple(LineBox(ln["start"], ln["end"], tuple(ln["box"])) for ln in d.get("lines", ()))
        return cls(d["id"], d["start"], d["end"], Role(d["role"]), d.get("source", d["text"]), d["text"],
                   (), pieces, lines)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Article:
    """One recovered article: its head fields, its paragraphs, and the fragments it came from
    in reading order."""

    title: str | None
    paragraphs: tuple[str, ...]
    fragment_ids: tuple[int, ...]
    confidence: float
    byline: str | None = None
    kicker: str | None = None
    deck: str | None = None
    column: str | None = None
    jump: str | None = None
    captions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "byline": self.byline, "kicker": self.kicker, "deck": self.deck,
                "column": self.column, "jump": self.jump, "paragraphs": list(self.paragraphs),
                "captions": list(self.captions), "fragments": list(self.fragment_ids),
                "confidence": round(self.confidence, 4)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        return cls(d.get("title"), tuple(d.get("paragraphs", ())), tuple(d.get("fragments", ())),
                   float(d.get("confidence", 0.0)), d.get("byline"), d.get("kicker"), d.get("deck"),
                   d.get("column"), d.get("jump"), tuple(d.get("captions", ())))

    @property
    def text(self) -> str:
        """The article as plain text: head lines, then paragraphs, one per line."""
        head = [x for x in (self.kicker, self.title, self.deck, self.byline) if x]
        return "\n".join(head + list(self.paragraphs))


def _frame_dict(frame: dict[str, Any]) -> dict[str, Any]:
    """A page frame (``{"unit", "size"}``) as JSON."""
    return {"unit": frame["unit"], **({"size": list(frame["size"])} if frame.get("size") else {})}


def _frame_from_dict(d: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`_frame_dict`."""
    return {"unit": d["unit"], **({"size": tuple(d["size"])} if d.get("size") else {})}


@dataclass(frozen=True)
class PageResult:
    """What :func:`pagefix.repair` returns for one page."""

    articles: tuple[Article, ...]
    unassigned: tuple[Fragment, ...]
    fragments: tuple[Fragment, ...]
    edits: tuple[Edit, ...]
    warnings: tuple[Warning, ...]
    script: str = "simplified"
    page_id: str | None = None
    #: what the reader knew of the scan: ``{"frame": {"unit": "pixel", "size": (w, h)}}`` for a
    #: page read with coordinates (the unit its boxes are in, and the page's size), else empty
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The ``pagefix/1`` JSON object (what ``--format json`` writes)."""
        return {
            "schema": SCHEMA,
            "page": self.page_id,
            "script": self.script,
            "articles": [a.to_dict() for a in self.articles],
            "unassigned": [{"id": f.id, "role": f.role.value, "text": f.text, "start": f.start,
                            "end": f.end} for f in self.unassigned],
            "edits": [e.to_dict() for e in self.edits],
            "warnings": [w.to_dict() for w in self.warnings],
            "fragments": [f.to_dict() for f in self.fragments],
            **({"frame": _frame_dict(self.meta["frame"])} if self.meta.get("frame") else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "PageResult":
        """Rebuild a result from :meth:`to_dict` output; :class:`~pagefix.errors.InputError`
        for anything else (another schema, a field missing or of the wrong kind)."""
        from .errors import InputError
        if not isinstance(d, dict):
            raise InputError(f"not a {SCHEMA} result (a {type(d).__name__}, not a dict)")
        if d.get("schema") != SCHEMA:
            raise InputError(f"not a {SCHEMA} result (schema={d.get('schema')!r})")
        try:
            return cls._from_dict(d)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"not a valid {SCHEMA} result: {type(exc).__name__}: {exc}") from exc

    @classmethod
    def _from_dict(cls, d: dict[str, Any]) -> "PageResult":
        edits = tuple(Edit.from_dict(e) for e in d.get("edits", ()))
        frags = []
        for f in d.get("fragments", ()):
            fr = Fragment.from_dict(f)
            own = tuple(e for e in edits if e.rule not in PAGE_RULES and
                        any(s <= e.start and e.end <= t and e.start < t for s, t in fr.spans))
            frags.append(replace(fr, edits=own))
        by_id = {f.id: f for f in frags}
        unassigned = tuple(by_id.get(u["id"]) or Fragment(u["id"], u["start"], u["end"], Role(u["role"]),
                                                          u["text"], u["text"]) for u in d.get("unassigned", ()))
        frame = d.get("frame")
        return cls(tuple(Article.from_dict(a) for a in d.get("articles", ())), unassigned, tuple(frags),
                   edits, tuple(Warning.from_dict(w) for w in d.get("warnings", ())),
                   d.get("script", "simplified"), d.get("page"),
                   {"frame": _frame_from_dict(frame)} if frame else {})
