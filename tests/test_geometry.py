"""The geometry stage: stories from word boxes."""
from __future__ import annotations

import json

from rapidfuzz import fuzz

from conftest import FIXTURES
from pagefix import repair
from pagefix.geometry import Word, stories
from pagefix.pipeline import Pipeline
from pagefix.readers import read_bytes

CELL = 30  # body character cell in pixels
BODY_A = ("青岛市民健身有了好去处，全民篮球联赛在青岛国信体育中心举行，来自全市的三十支球队参加。" * 2)[:84]
BODY_B = ("山东一家养老服务公司，专门成立服务团队，为社区老人提供上门定制服务，受到居民的欢迎。" * 2)[:84]


def _page(read_across: bool) -> list[Word]:
    """Two stories side by side, each a centred headline in a larger font over one column of
    twelve-character lines; the engine either reads each row straight across both columns
    (one line per row) or column by column."""
    words: list[Word] = []
    cols = [(100, "健身好去处", BODY_A), (100 + 12 * CELL + 60, "养老有新招", BODY_B)]
    line = 0
    for k, (x0, title, _) in enumerate(cols):  # headlines: 50 px characters, centred
        tx = x0 + (12 * CELL - 5 * 50) // 2
        words.append(Word(title, (tx, 50, tx + 5 * 50, 100), line if read_across else 100 + k))
    line += 1
    for row in range(len(BODY_A) // 12):
        for k, (x0, _, body) in enumerate(cols):
            text = body[row * 12:(row + 1) * 12]
            y = 130 + row * 45
            for c in range(0, 12, 3):  # the engine's words: three characters each
                ln = line if read_across else 1000 * (k + 1) + row
                words.append(Word(text[c:c + 3], (x0 + c * CELL, y, x0 + (c + 3) * CELL - 2, y + CELL), ln))
        line += 1
    return words


def _texts(found):
    out = []
    for st in found:
        title = next(b.lines[0] for b in st.blocks if b.role == "title")
        body = "".join("".join(b.lines) for b in st.blocks if b.role == "body")
        out.append((title, body))
    return out


def test_rows_read_across_two_columns_come_apart_into_their_stories():
    found = stories(_page(read_across=True))
    assert found is not None
    assert _texts(found) == [("健身好去处", BODY_A), ("养老有新招", BODY_B)]


def test_the_same_page_read_column_by_column_gives_the_same_stories():
    assert _texts(stories(_page(read_across=False))) == _texts(stories(_page(read_across=True)))


def test_no_grid_or_too_few_words_gives_none():
    assert stories([Word("标题", (0, 0, 100, 50), 0)]) is None
    assert stories([]) is None


def test_real_tesseract_page_gives_the_annotated_articles():
    """pd0033: Tesseract read a two-column page straight across; the coordinates put each
    column under its own headline."""
    data = (FIXTURES / "ocr" / "pd0033.hocr").read_bytes()
    gold = json.loads((FIXTURES / "ocr" / "pd0033.gold.json").read_text(encoding="utf-8"))
    page = read_bytes(data, "pd0033.hocr")
    result = repair(page)
    assert len(result.articles) == len(gold["articles"])
    for art, want in zip(result.articles, gold["articles"]):
        assert fuzz.ratio(art.title or "", want["title"]) >= 80
        got = "".join(art.paragraphs)
        for frag in want["fragments"]:
            if frag["role"] == "body":  # recognition damage: the text is close, not equal
                assert fuzz.partial_ratio(frag["text"][:40], got) >= 80
    assert not result.unassigned
    # the engine's word order stands where its boxes overlap (及 [548-554] inside 近年 [547-816])
    assert "冠军及近年来的世界冠军" in "".join(p for a in result.articles for p in a.paragraphs)


def test_a_page_without_headlines_is_read_column_by_column_and_left_to_the_text():
    """No headline: each column is an untitled story, left to right, and the reader gives the
    text pipeline no story to keep (it decides the articles itself)."""
    from pagefix.readers.xml import layout_from_words

    words = [w for w in _page(read_across=True) if w.box[1] >= 130]  # drop the headlines
    found = stories(words)
    assert [st.titled for st in found] == [False, False]
    assert ["".join("".join(b.lines) for b in st.blocks) for st in found] == [BODY_A, BODY_B]
    layout = layout_from_words(words)
    assert all(b.story is None for b in layout.blocks)


def _chars(texts) -> list[str]:
    return sorted("".join(texts).replace(" ", ""))


def test_every_word_ends_up_in_a_story():
    """Conservation at the geometry stage: a word with an empty box, a byline-like line on
    its own, the real Tesseract page — every character of every word is in some story."""
    from pagefix.readers.xml import hocr_words, parse_xml

    real = hocr_words(parse_xml((FIXTURES / "ocr" / "pd0033.hocr").read_bytes()))
    synthetic = _page(read_across=True) + [
        Word("本报记者王小明", (150, 130 + 20 * 45, 360, 130 + 20 * 45 + CELL), 999),  # a lone byline line
        Word("。", (460, 175, 460, 175), 1),  # an empty box
    ]
    for words in (real, synthetic):
        found = stories(words)
        got = [t for st in found for b in st.blocks for t in b.lines]
        assert _chars(got) == _chars(w.text for w in words)


def test_a_word_without_a_box_sends_the_page_to_the_block_layout():
    """The geometry sees every word or none: one word without a bbox and the hOCR is laid out
    from its blocks instead, its text kept."""
    data = (FIXTURES / "ocr" / "pd0033.hocr").read_bytes()
    k = data.index(b"class='ocrx_word'")
    end = data.index(b">", k)
    chunk = data[k:end]
    data = data[:k] + chunk.split(b" title=")[0] + data[end:]
    page = read_bytes(data, "pd0033.hocr")
    assert not page.meta.get("hints") or all(len(h) < 4 or h[3] is None for h in page.meta["hints"])
    assert len(page.text) > 500


def test_a_smaller_line_over_a_headline_is_its_kicker():
    """引题: a line in smaller type above the headline is the kicker, not the title."""
    from pagefix.readers.xml import layout_from_words, layout_text

    words = [w for w in _page(read_across=True) if w.box[1] >= 130]  # the body, no headlines
    words = [Word(w.text, (w.box[0], w.box[1] + 80, w.box[2], w.box[3] + 80), w.line) for w in words]
    for k, x0 in enumerate((100, 100 + 12 * CELL + 60)):
        kick, title = ("为了全民健身", "青岛新建篮球馆") if k == 0 else ("为了老人的幸福", "养老服务有新招")
        words.append(Word(kick, (x0 + 90, 40, x0 + 90 + 30 * len(kick), 70), -2))
        words.append(Word(title, (x0 + 5, 110, x0 + 5 + 50 * len(title), 160), -1))
    found = stories(words)
    assert [[b.role for b in st.blocks][:2] for st in found] == [["kicker", "title"], ["kicker", "title"]]
    text, hints = layout_text(layout_from_words(words))  # the hints carry the roles
    arts = Pipeline().repair(text, hints=hints).articles
    assert [(a.kicker, a.title) for a in arts] == [("为了全民健身", "青岛新建篮球馆"), ("为了老人的幸福", "养老服务有新招")]
