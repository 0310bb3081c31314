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

FORMATS = ("json", "text", "markdown", "alto")
EXTENSIONS = {"json": ".json", "text": ".txt", "markdown": ".md", "alto": ".alto.xml"}


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
    if fmt == "alto":
        return to_alto(result)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
METS_NS = "http://www.loc.gov/METS/"


def to_alto(result: PageResult) -> str:
    """The page as a METS document holding ALTO v4 and a logical ``structMap``: one ALTO
    ``TextBlock`` per fragment (``ID="TB<fragment id>"``, its repaired text in ``String``s),
    in reading order article by article; the structMap lists each article's blocks in reading
    order (``mets:area BEGIN="TB…" BETYPE="IDREF"``) — what METS/ALTO newspaper viewers read.
    A page read from OCR with coordinates keeps them: each block and each of its lines has
    its ``HPOS``/``VPOS``/``WIDTH``/``HEIGHT`` from the scan (a viewer can outline the
    articles), in the unit the input measured them in, and the ``Page`` its size; for text
    input they are not known and are left out (optional in ALTO)."""
    from lxml import etree

    alto = etree.Element(f"{{{ALTO_NS}}}alto", nsmap={None: ALTO_NS})
    desc = etree.SubElement(alto, f"{{{ALTO_NS}}}Description")
    frame = result.meta.get("frame") or {}
    etree.SubElement(desc, f"{{{ALTO_NS}}}MeasurementUnit").text = frame.get("unit", "pixel")
    layout = etree.SubElement(alto, f"{{{ALTO_NS}}}Layout")
    page = etree.SubElement(layout, f"{{{ALTO_NS}}}Page", ID="P1", PHYSICAL_IMG_NR="1")
    if frame.get("size"):
        page.set("WIDTH", str(frame["size"][0]))
        page.set("HEIGHT", str(frame["size"][1]))
    space = etree.SubElement(page, f"{{{ALTO_NS}}}PrintSpace")
    by_id = {f.id: f for f in result.fragments}
    order = [fid for a in result.articles for fid in a.fragment_ids] + [f.id for f in result.unassigned]
    for fid in order:
        f = by_id.get(fid)
        if f is None:
            continue
        tb = etree.SubElement(space, f"{{{ALTO_NS}}}TextBlock", ID=f"TB{fid}")
        if f.lines:
            _set_box(tb, _union(ln.box for ln in f.lines))
        for n, (text, box) in enumerate(_line_texts(f)):
            line = etree.SubElement(tb, f"{{{ALTO_NS}}}TextLine", ID=f"TL{fid}" + (f"_{n}" if n else ""))
            if box:
                _set_box(line, box)
            for k, word in enumerate(text.split(" ")):
                if k:
                    etree.SubElement(line, f"{{{ALTO_NS}}}SP")
                etree.SubElement(line, f"{{{ALTO_NS}}}String", ID=f"S{fid}_{n}_{k}" if n else f"S{fid}_{k}",
                                 CONTENT=word)
    mets = etree.Element(f"{{{METS_NS}}}mets", nsmap={"mets": METS_NS})
    grp = etree.SubElement(etree.SubElement(mets, f"{{{METS_NS}}}fileSec"), f"{{{METS_NS}}}fileGrp", USE="TEXT")
    fc = etree.SubElement(etree.SubElement(grp, f"{{{METS_NS}}}file", ID="ALTO1", MIMETYPE="text/xml"),
                          f"{{{METS_NS}}}FContent")
    etree.SubElement(fc, f"{{{METS_NS}}}xmlData").append(alto)
    smap = etree.SubElement(mets, f"{{{METS_NS}}}structMap", TYPE="LOGICAL")
    issue = etree.SubElement(smap, f"{{{METS_NS}}}div", TYPE="PAGE", ORDER="1")
    for n, a in enumerate(result.articles, 1):
        div = etree.SubElement(issue, f"{{{METS_NS}}}div", TYPE="ARTICLE", ID=f"ART{n}", ORDER=str(n))
        if a.title:
            div.set("LABEL", a.title)
        seq = etree.SubElement(etree.SubElement(div, f"{{{METS_NS}}}fptr"), f"{{{METS_NS}}}seq")
        for fid in a.fragment_ids:
            etree.SubElement(seq, f"{{{METS_NS}}}area", FILEID="ALTO1", BEGIN=f"TB{fid}", BETYPE="IDREF")
    return etree.tostring(mets, encoding="unicode", pretty_print=True, xml_declaration=False).join(
        ['<?xml version="1.0" encoding="UTF-8"?>\n', ""])


def _line_texts(f) -> list[tuple[str, tuple[int, int, int, int] | None]]:
    """A fragment's repaired text line by line with each line's box, when its lines' boxes are
    known (each line's own edits replayed on its printed text; a line break the repair
    joined stays a break between lines); else its whole text as one line without a box.

    >>> from pagefix.model import Edit, Fragment, LineBox, Role
    >>> f = Fragment(0, 0, 5, Role.BODY, "勤奮\\n工作", "勤奋工作", (Edit("script", 1, 2, "奮", "奋", ""),),
    ...              lines=(LineBox(0, 2, (0, 0, 40, 20)), LineBox(3, 5, (0, 20, 40, 40))))
    >>> _line_texts(f)
    [('勤奋', (0, 0, 40, 20)), ('工作', (0, 20, 40, 40))]
    """
    if not f.lines:
        return [(f.text, None)]
    from .normalize import apply_edits

    out = []
    for ln in f.lines:
        a, b = f.to_local(ln.start), f.to_local(ln.end)
        # the line's own edits (one at its very end only if it inserts there)
        own = [e for e in f.edits if ln.start <= e.start <= e.end <= ln.end and (e.start < ln.end or e.start == e.end)]
        out.append((apply_edits(f.source[a:b], own, base=ln.start).strip(), ln.box))
    return out


def _union(boxes) -> tuple[int, int, int, int]:
    bs = list(boxes)
    return min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs)


def _set_box(el, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    el.set("HPOS", str(x0))
    el.set("VPOS", str(y0))
    el.set("WIDTH", str(max(0, x1 - x0)))
    el.set("HEIGHT", str(max(0, y1 - y0)))
