"""OCR formats with coordinates: hOCR, ALTO (v2–v4) and PAGE XML (2013/2019).

Each is read into the same model — blocks of lines of words with pixel boxes where known — and
laid out as text (lines of a block one per line, blocks between blank lines) in reading order.
When the words have boxes, the page geometry (:mod:`pagefix.geometry`) finds the columns,
headlines and stories, and the stories travel with the text as hints; otherwise PAGE's
``ReadingOrder`` when present, else the blocks' own boxes (:func:`reading_order`).

Parsing never resolves entities, never loads a DTD and never touches the network; a document
with an entity declaration is refused outright, which also stops billion-laughs bombs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError
from ..geometry import Word, join_words, stories

MAX_XML_BYTES = 32 * 1024 * 1024
_BBOX = re.compile(r"bbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
_DOCTYPE_ENTITY = re.compile(rb"<!ENTITY", re.I)


@dataclass(frozen=True)
class Line:
    text: str
    box: tuple[int, int, int, int] | None = None  # x0, y0, x1, y1


@dataclass(frozen=True)
class Block:
    lines: tuple[Line, ...]
    box: tuple[int, int, int, int] | None = None
    id: str | None = None
    story: int | None = None  # the story the page geometry puts it in (see pagefix.geometry)


@dataclass(frozen=True)
class Layout:
    blocks: tuple[Block, ...]
    ordered: bool = False  # the file gave an explicit reading order
    meta: dict = field(default_factory=dict, compare=False)


def _parser():
    from lxml import etree
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, name: str | None = None):
    """Parse untrusted XML safely; :class:`InputError` on entities, oversize or broken input."""
    from lxml import etree

    label = name or "page"
    if len(data) > MAX_XML_BYTES:
        raise InputError(f"{label}: XML of {len(data)} bytes is larger than {MAX_XML_BYTES}")
    if _DOCTYPE_ENTITY.search(data[:65536]) or b"<!ENTITY" in data:
        raise InputError(f"{label}: the XML declares entities; pagefix does not expand them (external "
                         "entities and entity bombs are refused)")
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if b"<html" in data[:4096].lower():
            try:
                from lxml import html
                return html.document_fromstring(data, parser=html.HTMLParser(no_network=True, remove_comments=True))
            except Exception:  # noqa: BLE001 - reported below as the XML error
                pass
        raise InputError(f"{label}: broken XML: {exc}") from exc


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


# ------------------------------------------------------------------ hOCR
def hocr_words(root) -> list:
    """Every ``ocrx_word`` of an hOCR page with its box and the index of its engine line; none
    when a word has no box (the geometry must see every word, or none)."""
    return _words_by_line(root, _is_hocr_line, lambda ln: [w for w in ln.iter() if "ocrx_word" in _classes(w)],
                          lambda w: "".join(w.itertext()).strip(), _hocr_box)


def _hocr_box(el):
    m = _BBOX.search(el.get("title") or "")
    return tuple(int(x) for x in m.groups()) if m else None


def _classes(el) -> list[str]:
    return (el.get("class") or "").split() if isinstance(el.tag, str) else []


def _is_hocr_line(el) -> bool:
    return any(c in ("ocr_line", "ocr_caption", "ocr_textfloat", "ocr_header") for c in _classes(el))


def layout_from_words(words) -> Layout | None:
    """The page's stories from word boxes (:func:`pagefix.geometry.stories`) as a layout whose
    blocks carry their story; None when the geometry shows no column grid or no headline."""
    found = stories(words)
    if not found:
        return None
    titled = any(st.titled for st in found)  # without headlines the text decides the articles
    blocks = []
    for k, st in enumerate(found):
        for b in st.blocks:
            lines = tuple(Line(t, bx) for t, bx in zip(b.lines, b.boxes or [b.box] * len(b.lines)) if t.strip())
            if lines:
                blocks.append(Block(lines, b.box, b.role if b.role != "body" else None, k if titled else None))
    return Layout(tuple(blocks), ordered=True, meta={"stories": len(found)})


def read_hocr(root) -> Layout:
    blocks = []
    areas = [el for el in root.iter() if "ocr_carea" in _classes(el)] or \
            [el for el in root.iter() if "ocr_par" in _classes(el)]
    for area in areas:
        lines = []
        for ln in area.iter():
            if not _is_hocr_line(ln):
                continue
            words = [("".join(w.itertext())) for w in ln.iter() if "ocrx_word" in _classes(w)]
            if not words:
                words = ["".join(ln.itertext())]
            t = join_words(words)
            if t:
                lines.append(Line(t, _hocr_box(ln)))
        if lines:
            blocks.append(Block(tuple(lines), _hocr_box(area), area.get("id")))
    return Layout(tuple(blocks))


# ------------------------------------------------------------------ ALTO
def read_alto(root) -> Layout:
    blocks = []
    for tb in root.iter():
        if _local(tb.tag) != "TextBlock":
            continue
        lines = []
        for tl in tb:
            if _local(tl.tag) != "TextLine":
                continue
            parts = []
            for el in tl:
                t = _local(el.tag)
                if t == "String":
                    parts.append(el.get("SUBS_CONTENT") if el.get("SUBS_TYPE") == "HypPart1" and el.get("SUBS_CONTENT")
                                 else el.get("CONTENT") or "")
                    if el.get("SUBS_TYPE") == "HypPart2" and el.get("SUBS_CONTENT"):
                        parts.pop()
                elif t == "SP":
                    parts.append(" ")
            t = join_words("".join(parts).split(" ")) if parts else ""
            if t:
                lines.append(Line(t, _alto_box(tl)))
        if lines:
            blocks.append(Block(tuple(lines), _alto_box(tb), tb.get("ID")))
    return Layout(tuple(blocks))


def alto_words(root) -> list:
    """Every ``String`` of an ALTO page with its box and the index of its ``TextLine`` (``HYP``
    marks are typography and left out); none when a string has no position."""
    return _words_by_line(root, _is_text_line, lambda tl: [e for e in tl if _local(e.tag) == "String"],
                          lambda e: (e.get("CONTENT") or "").strip(), _alto_box)


def _is_text_line(el) -> bool:
    return _local(el.tag) == "TextLine"


def _words_by_line(root, is_line, items, text_of, box_of) -> list:
    """The words of every line (``items`` of a line, their text and box), numbered by line;
    none when a word with text has no box (the geometry must see every word or none)."""
    out = []
    n = 0
    for tl in root.iter():
        if not is_line(tl):
            continue
        n += 1
        for el in items(tl):
            t = text_of(el)
            b = box_of(el)
            if t and not b:
                return []
            if t:
                out.append(Word(t, b, n))
    return out


def _alto_box(el):
    try:
        x, y = int(float(el.get("HPOS"))), int(float(el.get("VPOS")))
        w, h = int(float(el.get("WIDTH"))), int(float(el.get("HEIGHT")))
        return (x, y, x + w, y + h)
    except (TypeError, ValueError, OverflowError):
        return None


# ------------------------------------------------------------------ PAGE XML
def read_pagexml(root) -> Layout:
    regions = {}
    order: list[str] = []
    for el in root.iter():
        t = _local(el.tag)
        if t == "TextRegion":
            lines = []
            for tl in el:
                if _local(tl.tag) != "TextLine":
                    continue
                text = _page_text(tl)
                if text:
                    lines.append(Line(text, _page_box(tl)))
            if not lines:
                text = _page_text(el)
                if text:
                    lines = [Line(x) for x in text.split("\n") if x.strip()]
            if lines:
                regions[el.get("id")] = Block(tuple(lines), _page_box(el), el.get("id"))
        elif t == "RegionRefIndexed":
            try:
                index = int(el.get("index", "0"))
            except ValueError:
                index = len(order)  # (not a number: where it stands)
            order.append((index, el.get("regionRef")))  # type: ignore[arg-type]
    if order:
        ids = [r for _, r in sorted(order, key=lambda x: x[0])]
        seen = [regions[i] for i in ids if i in regions]
        rest = [b for i, b in regions.items() if i not in set(ids)]
        return Layout(tuple(seen + rest), ordered=True)
    return Layout(tuple(regions.values()))


def page_words(root) -> list:
    """Every ``Word`` of a PAGE XML page with its box and the index of its ``TextLine`` (a line
    that has no words stands as one word); none when a word has no coordinates."""
    return _words_by_line(root, _is_text_line, lambda tl: [w for w in tl if _local(w.tag) == "Word"] or [tl],
                          _page_text, _page_box)


def _page_text(el) -> str:
    for te in el:
        if _local(te.tag) == "TextEquiv":
            for u in te:
                if _local(u.tag) == "Unicode" and u.text:
                    return u.text.strip()
    return ""


def _page_box(el):
    """The box around a PAGE element's ``Coords`` (``points="x,y x,y …"`` or ``Point``
    children); None when it has none, or when they do not read as numbers (a box is never
    needed: the text is read without it)."""
    for c in el:
        if _local(c.tag) == "Coords":
            pts = c.get("points")
            try:
                if pts:
                    xy = [(int(float(x)), int(float(y))) for x, y in (p.split(",") for p in pts.split())]
                else:
                    xy = [(int(p.get("x")), int(p.get("y"))) for p in c if _local(p.tag) == "Point"]
            except (TypeError, ValueError, OverflowError):
                return None  # (x,y pairs of numbers, as the schema's pattern has them)
            if xy:
                xs, ys = [p[0] for p in xy], [p[1] for p in xy]
                return (min(xs), min(ys), max(xs), max(ys))
    return None


# ------------------------------------------------------------------ layout to text
def reading_order(layout: Layout) -> list[Block]:
    """Blocks in reading order from their boxes: full-width blocks (headlines over several
    columns) cut the page into bands; inside a band, columns left to right, top to bottom in
    each.  A layout whose file gave an order, or that has no boxes, keeps its own order."""
    blocks = list(layout.blocks)
    if layout.ordered or not blocks or any(b.box is None for b in blocks):
        return blocks
    x0 = min(b.box[0] for b in blocks)
    x1 = max(b.box[2] for b in blocks)
    width = max(1, x1 - x0)
    out: list[Block] = []
    band: list[Block] = []

    def flush():
        # columns: cluster by left edge overlap
        cols: list[list[Block]] = []
        for b in sorted(band, key=lambda b: (b.box[0], b.box[1])):
            for c in cols:
                cx0 = min(x.box[0] for x in c)
                cx1 = max(x.box[2] for x in c)
                overlap = min(cx1, b.box[2]) - max(cx0, b.box[0])
                if overlap > 0.5 * min(cx1 - cx0, b.box[2] - b.box[0]):
                    c.append(b)
                    break
            else:
                cols.append([b])
        for c in sorted(cols, key=lambda c: min(x.box[0] for x in c)):
            out.extend(sorted(c, key=lambda b: b.box[1]))
        band.clear()

    for b in sorted(blocks, key=lambda b: (b.box[1], b.box[0])):
        if b.box[2] - b.box[0] > 0.6 * width and band:
            flush()
        band.append(b)
        if b.box[2] - b.box[0] > 0.6 * width:
            flush()
    flush()
    return out


def layout_text(layout: Layout, body_size: float | None = None) -> tuple[str, list[tuple]]:
    """Blocks in reading order, lines one per line, blocks between blank lines; and role hints
    ``(start, end, role, story, box)`` for every line: ``title`` for a headline block (its font
    clearly larger than the body's, when the layout knows font sizes), ``solo`` for a block of
    one line (it may still be a headline), ``body`` for the lines of a longer block, ``head``
    for a byline or deck under a headline; ``story`` is the block's story when the page
    geometry decided it (see :mod:`pagefix.geometry`), else None; ``box`` the line's box
    ``(x0, y0, x1, y1)``, or None."""
    parts: list[str] = []
    hints: list[tuple] = []
    pos = 0
    for b in reading_order(layout):
        if b.story is not None:  # the geometry decided the roles
            role = b.id if b.id in ("kicker", "title", "head") else "body"
        else:
            role = "title" if b.id == "title" else ("solo" if len(b.lines) == 1 else "body")
        for ln in b.lines:
            hints.append((pos, pos + len(ln.text), role, b.story, ln.box))
            parts.append(ln.text + "\n")
            pos += len(ln.text) + 1
        parts.append("\n")
        pos += 1
    return "".join(parts), hints


def read_xml(data: bytes, kind: str, name: str | None = None):
    from . import Page

    root = parse_xml(data, name)
    if kind == "hocr":
        lay = layout_from_words(hocr_words(root)) or read_hocr(root)
    elif kind == "alto":
        lay = layout_from_words(alto_words(root)) or read_alto(root)
    else:
        lay = layout_from_words(page_words(root)) or read_pagexml(root)
    text, hints = layout_text(lay)
    meta: dict = {"blocks": len(lay.blocks)}
    if any(h[2] == "title" for h in hints):
        meta["hints"] = hints  # the layout knows the headlines: segmentation need not guess
    lines = tuple((h[0], h[1], h[4]) for h in hints if h[4] is not None)
    if lines:
        meta["lines"] = lines  # where each line stood, for the ALTO written back (writers.to_alto)
        meta["frame"] = page_frame(root, kind)
    return Page(text, kind, name, "utf-8", meta)


def page_frame(root, kind: str) -> dict:
    """The unit the file measures its boxes in and the page's size in it, as far as the file
    says: hOCR and PAGE count pixels (``ocr_page``'s bbox, ``imageWidth``/``imageHeight``); ALTO
    names its ``MeasurementUnit`` (pixel, mm10, inch1200) and gives the ``Page``'s size."""
    frame: dict = {"unit": "pixel"}
    size = None
    if kind == "hocr":
        page = next((el for el in root.iter() if "ocr_page" in _classes(el)), None)
        box = _hocr_box(page) if page is not None else None
        size = (box[2], box[3]) if box else None
    elif kind == "alto":
        unit = next((el.text.strip() for el in root.iter() if _local(el.tag) == "MeasurementUnit" and el.text), "")
        frame["unit"] = unit or "pixel"
        page = next((el for el in root.iter() if _local(el.tag) == "Page"), None)
        size = _size(page, "WIDTH", "HEIGHT") if page is not None else None
    else:
        page = next((el for el in root.iter() if _local(el.tag) == "Page"), None)
        size = _size(page, "imageWidth", "imageHeight") if page is not None else None
    if size:
        frame["size"] = size
    return frame


def _size(el, w: str, h: str) -> tuple[int, int] | None:
    try:
        return int(float(el.get(w))), int(float(el.get(h)))
    except (TypeError, ValueError, OverflowError):
        return None
