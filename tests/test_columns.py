"""Row-merged columns: cells dealt back to columns, columns grouped into stories."""
from __future__ import annotations

import pytest

import pagefix
from conftest import load_gold
from pagefix.columns import _title_row, detect, split_rows

# Two stories side by side: A in two columns (the second shorter), B in one; each line of a
# column is 12 characters, the columns separated by `sep`.
A = ("　　本报讯全民篮球联赛今天在青岛国信体育中心开幕，来自全市各区市的三十支球队参加比赛，"
     "赛事将持续两个月。　　组委会介绍，比赛分为社区组和企业组，全部免费向市民开放。")
B = "　　本报讯山东一家养老服务公司专门成立服务团队，为社区老人提供上门定制服务，受到欢迎。"


def _lines(text: str, width: int = 12) -> list[str]:
    """Lines of a column: each paragraph (after its indent) starts a new line."""
    out = []
    for para in text.split("\u3000\u3000")[1:]:
        para = "\u3000\u3000" + para
        out.extend(para[k:k + width] for k in range(0, len(para), width))
    return out


def _page(sep: str, titles_sep: str | None = None) -> str:
    a = _lines(A)
    height = -(-len(a) // 2)
    cols = [a[:height], a[height:], _lines(B)]
    depth = max(len(c) for c in cols)
    rows = [sep.join(c[y] for c in cols if y < len(c)) for y in range(depth)]
    head = (titles_sep or sep * 2).join(["青岛市民健身有了好去处", "养老有新招"])
    return "\n".join([head, *rows]) + "\n"


def _stories(result) -> dict[str, str]:
    return {a.title: "".join(a.paragraphs) for a in result.articles}


@pytest.mark.parametrize("sep", ["\t", "  ", " | ", "   "])
def test_two_stories_read_across_come_back_whole(sep):
    got = _stories(pagefix.repair(_page(sep)))
    assert got == {"青岛市民健身有了好去处": A.replace("\u3000", ""), "养老有新招": B.replace("\u3000", "")}


def test_a_single_space_between_cells_next_to_an_indent():
    """With one space between cells, a paragraph's indent (here two spaces instead of two
    ideographic spaces) runs into the separator; it is still a separator and an indent."""
    page = _page(" ", "  ").replace("\u3000\u3000", "  ")
    got = _stories(pagefix.repair(page))
    assert got["养老有新招"] == B.replace("\u3000", "")
    assert got["青岛市民健身有了好去处"] == A.replace("\u3000", "")


def test_a_first_row_with_fewer_cells_than_the_next_is_headlines():
    text = "新闻标题一\n甲乙丙丁戊己庚辛壬癸子丑  寅卯辰巳午未申酉戌亥天地\n"
    lines = [(0, 5), (6, len(text) - 1)]
    sep, w = detect(text, [lines[1]] * 3) or (None, 0)
    assert sep is not None
    from pagefix.columns import _cells
    first, second = _cells(text, *lines[0], sep), _cells(text, *lines[1], sep)
    assert _title_row(text, lines[0], first, second, w)


def test_a_band_whose_long_column_runs_on_alone_is_still_rows():
    """Columns only end down a band: three rows of two cells, then one long column alone."""
    left = _lines("\u3000\u3000" + "甲" * 34)
    right = _lines("\u3000\u3000" + "乙" * 120)
    rows = [left[y] + "  " + right[y] if y < len(left) else right[y] for y in range(len(right))]
    text = "\n".join(rows) + "\n"
    found = split_rows(text, 0, len(text))
    assert found is not None
    streams = found[0]
    assert ["".join(text[a:b] for p in s for a, b in p).replace("\u3000", "") for s in streams] == ["甲" * 34, "乙" * 120]


def test_real_row_merged_page_comes_back_as_annotated():
    text, gold = load_gold("pages/dev0048")
    got = _stories(pagefix.repair(text))
    assert set(got) == {a["title"] for a in gold["articles"]}
    for a in gold["articles"]:
        assert got[a["title"]] == "".join(a["paragraphs"])
