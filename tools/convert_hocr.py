"""Convert a Tesseract hOCR page to ALTO v4 and PAGE XML 2019, word boxes kept.

Used to make the ALTO and PAGE fixtures from real Tesseract output (``fixtures/ocr``): the
three files hold the same words in the same boxes, so pagefix must find the same articles in
each.

    python tools/convert_hocr.py fixtures/ocr/pd0033.hocr   # writes pd0033.alto.xml, pd0033.page.xml
    python tools/convert_hocr.py -o /tmp/conv ../shared/bench/ocr/*.hocr   # elsewhere: never into a read-only set
"""
from __future__ import annotations

import argparse
import pathlib
import re
import sys

from lxml import etree

BBOX = re.compile(r"bbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
PAGE_NS = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
LINE_CLASSES = ("ocr_line", "ocr_caption", "ocr_textfloat", "ocr_header")


def _cls(el) -> list[str]:
    return (el.get("class") or "").split() if isinstance(el.tag, str) else []


def _box(el):
    m = BBOX.search(el.get("title") or "")
    return tuple(int(v) for v in m.groups()) if m else None


def read(path: pathlib.Path):
    """[(block box, [(line box, [(word text, word box)])])] from an hOCR file."""
    root = etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
    page = next(el for el in root.iter() if "ocr_page" in _cls(el))
    blocks = []
    for area in (el for el in root.iter() if "ocr_carea" in _cls(el)):
        lines = []
        for ln in (el for el in area.iter() if any(c in LINE_CLASSES for c in _cls(el))):
            words = [("".join(w.itertext()).strip(), _box(w)) for w in ln.iter() if "ocrx_word" in _cls(w)]
            words = [w for w in words if w[0] and w[1]]
            if words:
                lines.append((_box(ln), words))
        if lines:
            blocks.append((_box(area), lines))
    return _box(page), blocks


def to_alto(page_box, blocks, image: str) -> bytes:
    alto = etree.Element(f"{{{ALTO_NS}}}alto", nsmap={None: ALTO_NS})
    desc = etree.SubElement(alto, f"{{{ALTO_NS}}}Description")
    etree.SubElement(desc, f"{{{ALTO_NS}}}MeasurementUnit").text = "pixel"
    src = etree.SubElement(desc, f"{{{ALTO_NS}}}sourceImageInformation")
    etree.SubElement(src, f"{{{ALTO_NS}}}fileName").text = image
    layout = etree.SubElement(alto, f"{{{ALTO_NS}}}Layout")
    page = etree.SubElement(layout, f"{{{ALTO_NS}}}Page", ID="p1", PHYSICAL_IMG_NR="1",
                            WIDTH=str(page_box[2]), HEIGHT=str(page_box[3]))
    space = etree.SubElement(page, f"{{{ALTO_NS}}}PrintSpace", HPOS="0", VPOS="0",
                             WIDTH=str(page_box[2]), HEIGHT=str(page_box[3]))

    def pos(el, b):
        el.set("HPOS", str(b[0]))
        el.set("VPOS", str(b[1]))
        el.set("WIDTH", str(b[2] - b[0]))
        el.set("HEIGHT", str(b[3] - b[1]))

    for bi, (bb, lines) in enumerate(blocks, 1):
        tb = etree.SubElement(space, f"{{{ALTO_NS}}}TextBlock", ID=f"b{bi}")
        pos(tb, bb)
        for li, (lb, words) in enumerate(lines, 1):
            tl = etree.SubElement(tb, f"{{{ALTO_NS}}}TextLine", ID=f"b{bi}l{li}")
            pos(tl, lb)
            for wi, (text, wb) in enumerate(words, 1):
                if wi > 1:
                    etree.SubElement(tl, f"{{{ALTO_NS}}}SP")
                s = etree.SubElement(tl, f"{{{ALTO_NS}}}String", ID=f"b{bi}l{li}w{wi}", CONTENT=text)
                pos(s, wb)
    return etree.tostring(alto, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def to_page(page_box, blocks, image: str) -> bytes:
    def pts(b):
        return f"{b[0]},{b[1]} {b[2]},{b[1]} {b[2]},{b[3]} {b[0]},{b[3]}"

    def sub(parent, tag, **kw):
        return etree.SubElement(parent, f"{{{PAGE_NS}}}{tag}", {k: str(v) for k, v in kw.items()})

    def text(parent, t):
        te = sub(parent, "TextEquiv")
        sub(te, "Unicode").text = t

    root = etree.Element(f"{{{PAGE_NS}}}PcGts", nsmap={None: PAGE_NS})
    meta = sub(root, "Metadata")
    sub(meta, "Creator").text = "pagefix tools/convert_hocr.py"
    sub(meta, "Created").text = "2026-11-26T00:00:00"
    sub(meta, "LastChange").text = "2026-11-26T00:00:00"
    page = sub(root, "Page", imageFilename=image, imageWidth=page_box[2], imageHeight=page_box[3])
    for bi, (bb, lines) in enumerate(blocks, 1):
        reg = sub(page, "TextRegion", id=f"r{bi}")
        sub(reg, "Coords", points=pts(bb))
        for li, (lb, words) in enumerate(lines, 1):
            tl = sub(reg, "TextLine", id=f"r{bi}l{li}")
            sub(tl, "Coords", points=pts(lb))
            for wi, (t, wb) in enumerate(words, 1):
                w = sub(tl, "Word", id=f"r{bi}l{li}w{wi}")
                sub(w, "Coords", points=pts(wb))
                text(w, t)
            text(tl, " ".join(t for t, _ in words))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description="hOCR to ALTO v4 and PAGE XML 2019, word boxes kept")
    ap.add_argument("hocr", nargs="+", help="Tesseract hOCR files")
    ap.add_argument("-o", "--out-dir", help="folder for the ALTO and PAGE files (default: next to each input)")
    a = ap.parse_args(argv)
    for name in a.hocr:
        path = pathlib.Path(name)
        stem = path.with_suffix("")
        if a.out_dir:
            stem = pathlib.Path(a.out_dir) / stem.name
            stem.parent.mkdir(parents=True, exist_ok=True)
        page_box, blocks = read(path)
        image = stem.name + ".png"
        stem.with_suffix(".alto.xml").write_bytes(to_alto(page_box, blocks, image))
        stem.with_suffix(".page.xml").write_bytes(to_page(page_box, blocks, image))
        print(f"{path} -> {stem}.alto.xml, {stem}.page.xml")


if __name__ == "__main__":
    main(sys.argv[1:])
