"""Readers: encodings, format detection, hOCR/ALTO/PAGE, hostile XML."""
from __future__ import annotations

import json
import re
import shutil

import pytest

import pagefix
from conftest import FIXTURES
from pagefix import InputError
from pagefix.readers import read_bytes, sniff
from pagefix.readers.xml import parse_xml

PAGE = "离开大厂的年轻人都去哪了？\n\n互联网大厂离职人员的创业赛道确实千奇百怪。\n"


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030"])
def test_simplified_text_in_common_encodings(enc):
    assert read_bytes(PAGE.encode(enc)).text == PAGE


def test_big5_traditional_text():
    trad = "香港經濟發展迅速，市民生活水平不斷提高。\n"
    assert read_bytes(trad.encode("big5")).text == trad


@pytest.mark.parametrize("junk", [bytes(range(256)) * 8, b"\x00\x01\x02binary\xff\xfe\x00" * 50])
def test_binary_junk_is_an_input_error(junk):
    with pytest.raises(InputError):
        read_bytes(junk)


def test_format_is_sniffed_from_content():
    assert sniff((FIXTURES / "ocr" / "pd0033.hocr").read_bytes()) == "hocr"
    assert sniff(b'<?xml version="1.0"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">') == "alto"
    assert sniff(b'<?xml version="1.0"?><PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">') == "pagexml"
    assert sniff(b"\x89PNG\r\n\x1a\n") == "image"
    assert sniff("普通文本".encode()) == "text"


def test_hocr_from_tesseract():
    page = read_bytes((FIXTURES / "ocr" / "pd0033.hocr").read_bytes(), "pd0033.hocr")
    assert page.format == "hocr"
    assert len(page.text) > 500
    assert page.meta["blocks"] > 1


ALTO = """<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page ID="p1" WIDTH="2000" HEIGHT="3000"><PrintSpace>
<TextBlock ID="b1" HPOS="100" VPOS="100" WIDTH="800" HEIGHT="60"><TextLine HPOS="100" VPOS="100" WIDTH="800" HEIGHT="60">
<String CONTENT="青岛市民健身" HPOS="100" VPOS="100" WIDTH="400" HEIGHT="60"/><SP/><String CONTENT="有了好去处" HPOS="520" VPOS="100" WIDTH="380" HEIGHT="60"/>
</TextLine></TextBlock>
<TextBlock ID="b2" HPOS="100" VPOS="200" WIDTH="800" HEIGHT="120"><TextLine HPOS="100" VPOS="200" WIDTH="800" HEIGHT="50">
<String CONTENT="5月11日，全民篮球联赛在青岛" HPOS="100" VPOS="200" WIDTH="800" HEIGHT="50"/></TextLine>
<TextLine HPOS="100" VPOS="260" WIDTH="800" HEIGHT="50"><String CONTENT="国信i动全民健身中心举行。" HPOS="100" VPOS="260" WIDTH="700" HEIGHT="50"/></TextLine>
</TextBlock></PrintSpace></Page></Layout></alto>"""

PAGEXML = """<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page imageFilename="p.png" imageWidth="2000" imageHeight="3000">
<ReadingOrder><OrderedGroup id="g"><RegionRefIndexed index="0" regionRef="r2"/><RegionRefIndexed index="1" regionRef="r1"/></OrderedGroup></ReadingOrder>
<TextRegion id="r1"><Coords points="100,200 900,200 900,320 100,320"/><TextLine id="l1"><Coords points="100,200 900,200 900,250 100,250"/><TextEquiv><Unicode>5月11日，全民篮球联赛举行。</Unicode></TextEquiv></TextLine></TextRegion>
<TextRegion id="r2"><Coords points="100,100 900,100 900,160 100,160"/><TextLine id="l2"><Coords points="100,100 900,100 900,160 100,160"/><TextEquiv><Unicode>青岛市民健身有了好去处</Unicode></TextEquiv></TextLine></TextRegion>
</Page></PcGts>"""


def test_alto_reader():
    page = read_bytes(ALTO.encode())
    assert page.format == "alto"
    assert page.text.split("\n\n")[0] == "青岛市民健身有了好去处"
    assert "5月11日，全民篮球联赛在青岛\n国信i动全民健身中心举行。" in page.text


def test_pagexml_reader_follows_reading_order():
    page = read_bytes(PAGEXML.encode())
    assert page.format == "pagexml"
    assert page.text.startswith("青岛市民健身有了好去处\n\n5月11日")


def test_external_entity_is_refused_without_reading_the_file():
    evil = b"""<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<alto><Layout><Page><PrintSpace><TextBlock><TextLine><String CONTENT="&xxe;"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>"""
    with pytest.raises(InputError) as exc:
        read_bytes(evil)
    assert "root:" not in str(exc.value)
    assert "entit" in str(exc.value)


def test_billion_laughs_is_refused():
    lol = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) + \
        b']><alto><Layout><Page><PrintSpace><TextBlock><TextLine><String CONTENT="&lol9;"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>'
    with pytest.raises(InputError):
        read_bytes(lol)


def test_oversized_xml_is_refused_before_parsing():
    big = b"<?xml version=\"1.0\"?><alto>" + b"<TextBlock/>" * (50 * 1024 * 1024 // 12) + b"</alto>"  # 50 MB
    with pytest.raises(InputError) as exc:
        read_bytes(big)
    assert "larger" in str(exc.value) or "more than" in str(exc.value)


def test_truncated_xml_is_an_input_error():
    with pytest.raises(InputError):
        parse_xml(ALTO.encode()[:400])


def test_image_without_tesseract_says_what_to_install(monkeypatch):
    from pagefix import ResourceError
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ResourceError) as exc:
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert "tesseract-ocr-chi-sim" in str(exc.value)


def test_alto_writer_round_trip():
    from importlib import resources

    import pagefix
    from pagefix.writers import to_alto

    text = resources.files("pagefix").joinpath("data/sample-page.txt").read_text(encoding="utf-8")
    first = pagefix.repair(text)
    xml = to_alto(first).encode("utf-8")
    root = parse_xml(xml)
    areas = [a.get("BEGIN") for a in root.iter("{http://www.loc.gov/METS/}area")]
    assert areas == [f"TB{fid}" for a in first.articles for fid in a.fragment_ids]
    again = pagefix.repair(read_bytes(xml).text)
    def canon(t):
        return "".join((t or "").split())
    # the same articles; spaces between CJK words do not survive ALTO's word model
    assert [canon(a.title) for a in again.articles] == [canon(a.title) for a in first.articles]
    assert [canon("".join(a.paragraphs)) for a in again.articles] == [canon("".join(a.paragraphs)) for a in first.articles]


def test_alto_written_from_a_tesseract_page_keeps_the_boxes_of_the_scan():
    """An archive viewer outlines articles by their blocks' boxes: every block written from an
    hOCR page has one, inside the page, and its lines carry the fragment's repaired text."""
    from pagefix import PageResult, repair
    from pagefix.writers import to_alto

    raw = (FIXTURES / "ocr" / "pd0033.hocr").read_bytes()
    page_box = [int(v) for v in re.search(rb"ocr_page.*?bbox (\d+) (\d+) (\d+) (\d+)", raw).groups()]
    result = repair(read_bytes(raw, "pd0033.hocr"))
    assert all(f.lines for f in result.fragments)
    root = parse_xml(to_alto(result).encode("utf-8"))
    ns = "{http://www.loc.gov/standards/alto/ns-v4#}"
    blocks = list(root.iter(f"{ns}TextBlock"))
    assert len(blocks) == len(result.fragments)
    by_id = {f"TB{f.id}": f for f in result.fragments}
    for tb in blocks:
        x, y, w, h = (int(tb.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
        assert w > 0 and h > 0 and x + w <= page_box[2] and y + h <= page_box[3]
        for line in tb.iter(f"{ns}TextLine"):
            lx, ly = int(line.get("HPOS")), int(line.get("VPOS"))
            assert x <= lx and y <= ly
        text = "".join(s.get("CONTENT") for s in tb.iter(f"{ns}String"))
        assert text == "".join(by_id[tb.get("ID")].text.split())
    page = next(root.iter(f"{ns}Page"))
    assert (int(page.get("WIDTH")), int(page.get("HEIGHT"))) == tuple(page_box[2:])
    # the boxes travel in the JSON too: a batch run's ALTO is the same
    again = PageResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert to_alto(again) == to_alto(result)


@pytest.mark.parametrize("doc,unit,size", [
    (ALTO.replace("<Layout>", "<Description><MeasurementUnit>mm10</MeasurementUnit></Description><Layout>"), "mm10", (2000, 3000)),
    (PAGEXML, "pixel", (2000, 3000)),
])
def test_alto_written_back_keeps_the_unit_and_size_of_the_page_it_read(doc, unit, size):
    """Boxes in tenths of a millimetre stay so, and are not called pixels."""
    from pagefix import repair
    from pagefix.writers import to_alto

    root = parse_xml(to_alto(repair(read_bytes(doc.encode()))).encode("utf-8"))
    ns = "{http://www.loc.gov/standards/alto/ns-v4#}"
    assert next(root.iter(f"{ns}MeasurementUnit")).text == unit
    page = next(root.iter(f"{ns}Page"))
    assert (int(page.get("WIDTH")), int(page.get("HEIGHT"))) == size
    assert all(tb.get("HPOS") for tb in root.iter(f"{ns}TextBlock"))


def test_text_pages_have_no_boxes_to_write():
    from pagefix import repair
    from pagefix.writers import to_alto

    result = repair("青岛市民健身有了好去处\n□记者 薄克国 报道\n5月11日，全民篮球联赛在青岛举行。")
    assert not any(f.lines for f in result.fragments)
    assert "HPOS" not in to_alto(result)
    assert all("lines" not in f for f in result.to_dict()["fragments"])


def test_alto_and_page_made_from_a_tesseract_page_give_the_articles_of_its_hocr():
    """Round trip: the same words in the same boxes, whatever the format, give the same
    articles (the ALTO and PAGE files were converted from the hOCR by tools/convert_hocr.py)."""
    from pagefix import repair

    got = {}
    for name in ("pd0033.hocr", "pd0033.alto.xml", "pd0033.page.xml"):
        page = read_bytes((FIXTURES / "ocr" / name).read_bytes(), name)
        assert page.meta.get("hints"), f"{name}: the geometry found no stories"
        got[name] = [(a.title, a.byline, a.paragraphs) for a in repair(page).articles]
    assert len(got["pd0033.hocr"]) == 2
    assert got["pd0033.alto.xml"] == got["pd0033.hocr"]
    assert got["pd0033.page.xml"] == got["pd0033.hocr"]


KRAKEN_STYLE_ALTO = """<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Description><MeasurementUnit>pixel</MeasurementUnit>
<OCRProcessing ID="OCR_0"><ocrProcessingStep><processingSoftware><softwareName>kraken</softwareName></processingSoftware></ocrProcessingStep></OCRProcessing></Description>
<Tags><OtherTag ID="LINE" LABEL="LineLabel"/></Tags>
<Layout><Page WIDTH="1617" HEIGHT="2661" PHYSICAL_IMG_NR="0" ID="page_0"><PrintSpace HPOS="0" VPOS="0" WIDTH="1617" HEIGHT="2661">
<TextBlock ID="block_0" HPOS="159" VPOS="133" WIDTH="1298" HEIGHT="300"><Shape><Polygon POINTS="159 133 1457 133 1457 433 159 433"/></Shape>
<TextLine ID="line_1" HPOS="186" VPOS="158" WIDTH="600" HEIGHT="100" BASELINE="186 229 786 229" TAGREFS="LINE">
<Shape><Polygon POINTS="186 158 786 158 786 258 186 258"/></Shape>
<String ID="s1" CONTENT="市民" HPOS="186" VPOS="163" WIDTH="94" HEIGHT="96" WC="0.99"><Shape><Polygon POINTS="186 163 280 163 280 259 186 259"/></Shape>
<Glyph ID="c1" CONTENT="市" HPOS="186" VPOS="165" WIDTH="0" HEIGHT="86" GC="0.99"/><Glyph ID="c2" CONTENT="民" HPOS="233" VPOS="165" WIDTH="0" HEIGHT="86" GC="0.99"/></String>
<SP ID="sp1" HPOS="281" VPOS="162" WIDTH="7" HEIGHT="99"/>
<String ID="s2" CONTENT="健身" HPOS="290" VPOS="162" WIDTH="94" HEIGHT="100" WC="0.99"/>
</TextLine></TextBlock></PrintSpace></Page></Layout></alto>"""


def test_alto_with_shapes_glyphs_and_tags_as_kraken_writes_it():
    """Polygons, glyphs inside strings, tagged lines and spaces with positions (the shape of
    kraken's ALTO output) are read for their strings' text."""
    page = read_bytes(KRAKEN_STYLE_ALTO.encode("utf-8"), "kraken.xml")
    assert page.format == "alto"
    assert page.text.strip() == "市民健身"


def test_alto_and_page_with_a_word_without_position_keep_every_word():
    """The geometry sees every word or none: with one String (or Word) unplaced, the page is
    laid out from its blocks and no text is lost."""
    alto = (FIXTURES / "ocr" / "pd0033.alto.xml").read_bytes()
    k = alto.index(b"<String ")
    alto = alto[:k] + alto[k:].replace(b' HPOS="', b' X="', 1)
    page = (FIXTURES / "ocr" / "pd0033.page.xml").read_bytes()
    k = page.index(b"<Coords", page.index(b"<Word "))
    page = page[:k] + b"<Gone" + page[k + len(b"<Coords"):]
    whole = read_bytes((FIXTURES / "ocr" / "pd0033.hocr").read_bytes(), "pd0033.hocr").text
    for data, name in ((alto, "x.alto.xml"), (page, "x.page.xml")):
        got = read_bytes(data, name)
        assert not any(len(h) > 3 and h[3] is not None for h in got.meta.get("hints") or [])
        assert sorted(got.text.replace("\n", "").replace(" ", "")) == sorted(whole.replace("\n", "").replace(" ", ""))


@pytest.mark.parametrize("points", ["1 2,3", "a,b 3,4", "1e400,0 3,4", "1,2,3 4,5"])
def test_page_coords_that_are_no_numbers_leave_a_word_without_a_box(points):
    """A broken Coords (a point without its y, letters, an infinite number) is no crash: the
    word stands without a box, the page is laid out from its blocks, every word is read."""
    page = (FIXTURES / "ocr" / "pd0033.page.xml").read_bytes()
    k = page.index(b"<Coords", page.index(b"<Word "))
    end = page.index(b"/>", k)
    page = page[:k] + b'<Coords points="' + points.encode() + b'"' + page[end:]
    whole = read_bytes((FIXTURES / "ocr" / "pd0033.hocr").read_bytes(), "pd0033.hocr").text
    got = read_bytes(page, "x.page.xml")
    assert sorted(got.text.replace("\n", "").replace(" ", "")) == sorted(whole.replace("\n", "").replace(" ", ""))


def test_a_word_box_far_off_the_page_is_no_memory_error():
    """The gutter profile has a cell per unit of the page's width: one box at x = 10^11 (a
    broken file) would ask for 10^11 cells; such a page is laid out from its blocks."""
    from pagefix import repair

    alto = (FIXTURES / "ocr" / "pd0033.alto.xml").read_bytes()
    k = alto.index(b' WIDTH="', alto.index(b"<String "))
    alto = alto[:k] + b' WIDTH="99999999999' + alto[k + len(b' WIDTH="'):]
    page = read_bytes(alto, "far.alto.xml")
    whole = read_bytes((FIXTURES / "ocr" / "pd0033.hocr").read_bytes(), "pd0033.hocr").text
    assert sorted(page.text.replace("\n", "").replace(" ", "")) == sorted(whole.replace("\n", "").replace(" ", ""))
    assert repair(page).articles


def test_the_language_of_a_page_of_unknown_script():
    from pagefix.readers.image import pick_lang
    from pagefix.errors import ResourceError

    assert pick_lang(["eng", "chi_sim", "chi_tra", "osd"]) == "chi_sim+chi_tra"
    assert pick_lang(["chi_sim"]) == "chi_sim"
    with pytest.raises(ResourceError, match="tesseract-ocr-chi-sim"):
        pick_lang(["eng"])


def test_real_archive_alto_from_the_bnf():
    """An excerpt of a real archive file: page 2 of a French daily of 21 November 1901, as
    the BnF's digitisation for Europeana Newspapers wrote it (CCS docWorks, ALTO 1.4 without a
    namespace, ABBYY FineReader's words with SP and HYP, hyphenated words in SUBS_CONTENT).
    Words split at a line's end come back whole, the hyphen marks go, and a page of Latin
    script (no CJK type for the geometry to read a column grid from) keeps its lines in order."""
    data = (FIXTURES / "alto" / "bnf-19011121-p2-excerpt.xml").read_bytes()
    assert sniff(data) == "alto"
    page = read_bytes(data, "bnf.xml")
    lines = page.text.strip().split("\n")
    assert lines[0].startswith("parmi 1M ietrmières") and lines[-1].endswith("teolt»")
    assert "meurtrière!" in page.text and "impérieux" in page.text
    assert "meur " not in page.text and "-" not in page.text
    # and the result says that pagefix's models are not for such a page
    codes = [w.code for w in pagefix.repair(page).warnings]
    assert "not-chinese" in codes
    assert "not-chinese" not in [w.code for w in pagefix.repair("IBM 与 Mark 签约，双方在 AI 领域合作。").warnings]
