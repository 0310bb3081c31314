"""Writers: a :class:`~pagefix.model.PageResult` as JSON, plain text or Markdown.

JSON is byte-stable: the same result always gives the same bytes (sorted keys are not needed:
the schema's key order is fixed by ``to_dict``).

>>> from pagefix.model import Article, PageResult
>>> r = PageResult((Article("标题", ("第一段。",), (0, 1), 1.0),), (), (), (), ())
>>> print(to_text(r))
标题
<BLANKLINE>
第一段。
<BLANKLINE>
"""
from __future__ import annotations

import json

from .model import PageResult

FORMATS = ("json", "text", "markdown")
EXTENSIONS = {"json": ".json", "text": ".txt", "markdown": ".md"}


def to_json(result: PageResult, indent: int | None = 1) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=indent) + "\n"


def to_text(result: PageResult) -> str:
    """Articles one after another: head lines, a blank line, paragraphs; ``unassigned`` last."""
    out = []
    for a in result.articles:
        head = [x for x in (a.kicker, a.title, a.deck, a.byline) if x]
        if a.jump:
            head.append(a.jump)
        block = "\n".join(head)
        if block:
            block += "\n\n"
        block += "\n".join(a.paragraphs)
        out.append(block + "\n")
    if result.unassigned:
        out.append("[unassigned]\n" + "\n".join(f.text for f in result.unassigned) + "\n")
    return "\n".join(out)


def to_markdown(result: PageResult) -> str:
    """Each article as a section: ``##`` title, metadata in italics, paragraphs."""
    out = []
    for i, a in enumerate(result.articles, 1):
        lines = [f"## {a.title or f'(untitled article {i})'}"]
        meta = [f"{k}: {v}" for k, v in (("kicker", a.kicker), ("deck", a.deck), ("column", a.column),
                                           ("byline", a.byline), ("jump", a.jump)) if v]
        if meta:
            lines.append("")
            lines.extend(f"*{m}*  " for m in meta)
        lines.append("")
        lines.extend(p + "\n" for p in a.paragraphs)
        out.append("\n".join(lines).rstrip() + "\n")
    if result.unassigned:
        out.append("## Unassigned\n\n" + "\n".join(f"- {f.text}" for f in result.unassigned) + "\n")
    if result.warnings:
        out.append("## Warnings\n\n" + "\n".join(f"- {w.code}: {w.message}" for w in result.warnings) + "\n")
    return "\n".join(out)


def render(result: PageResult, fmt: str) -> str:
    """The result in one of :data:`FORMATS`."""
    if fmt == "json":
        return to_json(result)
    if fmt == "text":
        return to_text(result)
    if fmt == "markdown":
        return to_markdown(result)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
