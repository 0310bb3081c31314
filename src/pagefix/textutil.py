"""Character classes and the scoring view shared by every stage.

The *view* of a text is what the models read: full-width digits and Latin letters folded to
ASCII, then every digit to ``0`` and every Latin letter to ``a``, half-width punctuation to its
full-width form, Hong Kong and Taiwan punctuation to the mainland forms the character model was
counted on (``「」`` to ``“”``, the small forms ``﹔﹕﹖`` to ``；：？``), whitespace dropped.  It
never reaches the output.

>>> view_char("１")
'0'
>>> view_char(",")
'，'
>>> view_char("「"), view_char("﹕")
('“', '：')
"""
from __future__ import annotations

import regex

#: Sentence-final punctuation: a fragment ending in one of these may end a paragraph.
SENTENCE_END = frozenset("。！？!?…」』”’）)﹖﹗﹚")
#: Quotation marks, closing and opening: a closing one ends a sentence only after the
#: sentence's own final mark, or closing a text that is all quotation (see ends_sentence).
CLOSE_QUOTES = frozenset("”’」』")
OPEN_QUOTES = frozenset("“‘「『")
#: Punctuation that never ends a paragraph: a fragment ending here is cut mid-sentence.
OPEN_END = frozenset("，、；：,;:（(“‘「『《〈—-﹐﹑﹔﹕﹙")
#: a dateline opening a report: 本报泰安讯, 新华社北京１月４日电, 据新华社…电
DATELINE = regex.compile(r"(?:据)?(?:本报|新华社|中新社)[^\s，。]{0,14}?(?:讯|电)")
#: how a paragraph opens when it goes on from something before it: a linking word or a
#: pronoun (但, 因此, 此外, 同时, 他说, 这, 该…), in the scoring view (simplified)
LINKED_OPENING = regex.compile(r"但|然而|而且|并且|因此|所以|可是|不过|于是|此外|另外|同时|他们?|她们?|这|该|其|此|对此|为此"
                               r"|另悉|据悉|据了解|记者|目前|随后|接着|最后|总之")
#: a text signed off at its end: the agency, the dispatch or the writer in brackets
#: (（本栏均据新华社电）, （新华社稿）, （苏人）); photographs (摄), pictures and tables are not
_SIGN_OFF = regex.compile(r"[（(]([^（）()]{1,16})[）)]\s*$")
_SIGNED_BY = regex.compile(r"(?:据)?(?:新华社|中新社|本报|本栏)[^（）()]*|[^（）()]*(?:社电|社稿|报道)"
                           r"|\p{Han}{2,4}(?:[、\s]\p{Han}{2,4})*")
_NOT_SIGNED = regex.compile(r"摄|图|照片|张|画|^[一二三四五六七八九十]+$")
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
#: punctuation of Hong Kong and Taiwan print (corner brackets for quotes, small forms) as the
#: mainland marks the character model knows
REGIONAL_PUNCT = {"「": "“", "」": "”", "『": "‘", "』": "’", "｢": "“", "｣": "”", "､": "、", "｡": "。",
                  "﹐": "，", "﹑": "、", "﹔": "；", "﹕": "：", "﹖": "？", "﹗": "！", "﹙": "（", "﹚": "）"}


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph (basic block and extension A, compatibility block).

    >>> is_cjk("报"), is_cjk("A")
    (True, False)
    """
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


#: below this share of CJK among its letters and digits, a text is not Chinese to pagefix
MIN_CJK_SHARE = 0.5
_CJK_RUN = regex.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002ffff]+")


def mostly_cjk(text: str) -> bool:
    """Are most of the letters and digits of ``text`` CJK (what pagefix's models are built for)?

    >>> mostly_cjk("青岛市民健身 2025"), mostly_cjk("parmi les premières")
    (True, False)
    """
    n = sum(map(len, _CJK_RUN.findall(text)))
    # (a CJK character is a letter too: on a Chinese page the first test settles it)
    return n >= MIN_CJK_SHARE * len(text) or n >= MIN_CJK_SHARE * sum(map(str.isalnum, text))


def view_char(ch: str) -> str:
    """One character as the models see it (see the module docstring)."""
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E and (0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A):
        ch = chr(o - 0xFEE0)
    if ch.isascii():
        if ch.isdigit():
            return "0"
        if ch.isalpha():
            return "a"
        return HALF_TO_FULL.get(ch, ch)
    return REGIONAL_PUNCT.get(ch, ch)


def _view_table() -> dict[int, str | None]:
    """``str.translate`` table of :func:`view_char` for every character it changes, and of
    whitespace (dropped)."""
    table: dict[int, str | None] = {}
    for o in list(range(0x80)) + list(range(0xFF01, 0xFF5F)) + list(map(ord, REGIONAL_PUNCT)):
        ch = chr(o)
        if view_char(ch) != ch:
            table[o] = view_char(ch)
    for o in range(0x3001):
        if chr(o).isspace():
            table[o] = None
    return table


_VIEW = _view_table()


def view(text: str) -> str:
    """The scoring view of ``text`` (whitespace removed).

    >>> view("２０２４年 10 月, Mark")
    '0000年00月，aaaa'
    """
    return text.translate(_VIEW)


def ends_sentence(text: str) -> bool:
    """Does ``text`` end a sentence (and so perhaps a paragraph)?  A closing quotation mark
    ends one only after a final mark of its own (…努力。” ends, …挂了一个“小康” goes on
    into 的牌子: pd1998-dev has 31 paragraphs that end on a quoted word against 4,076 quoted
    words inside a paragraph), or when the whole text opens with a quotation (a quoted
    heading, “向改革要警力”).

    >>> ends_sentence("他说：“好。”"), ends_sentence("挂了一个“小康”"), ends_sentence("“向改革要警力”")
    (True, False, True)
    """
    text = text.rstrip()
    if not text or text[-1] not in SENTENCE_END:
        return False
    return text[-1] not in CLOSE_QUOTES or len(text) < 2 or text[-2] in SENTENCE_END or text[0] in OPEN_QUOTES


#: how a paragraph opens an item of a list: 一是, 二、, 第三，, （四）, 5．, (6), 第二十条, 其次,
#: and a numbered subhead (2 大厂工作就像一枚硬币的两面)
_ITEM = regex.compile(r"(?:(?P<cn>[一二三四五六七八九十]{1,3})(?P<f1>[是、])|第(?P<di>[一二三四五六七八九十]{1,3})(?P<f2>[，、,条])"
                      r"|[（(](?P<pc>[一二三四五六七八九十]{1,3})[）)]|(?P<ar>[0-9０-９]{1,2})(?:[．.、](?![0-9０-９])|\s+(?=\p{Han}))"
                      r"|[（(](?P<pa>[0-9０-９]{1,2})[）)]|(?P<seq>首先|其次|再次))")
_CN_DIGITS = "一二三四五六七八九"
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _cn_number(s: str) -> int | None:
    """一 to 九十九 (十, 十二, 二十, 二十三); None for anything else (十十).

    >>> [_cn_number(s) for s in ("十", "十二", "二十", "二十三", "十十", "二三")]
    [10, 12, 20, 23, None, None]
    """
    d = [10 if c == "十" else _CN_DIGITS.index(c) + 1 for c in s]
    if len(d) == 1:
        return d[0]
    if len(d) == 2 and d[0] == 10 and d[1] < 10:
        return 10 + d[1]
    if len(d) == 2 and d[0] < 10 and d[1] == 10:
        return 10 * d[0]
    if len(d) == 3 and d[0] < 10 and d[1] == 10 and d[2] < 10:
        return 10 * d[0] + d[2]
    return None


def list_item(text: str) -> tuple[str, int] | None:
    """The kind and number of the list item a paragraph opens with, if it does.

    >>> list_item("二是加快改革"), list_item("（三）市场"), list_item("第二十一条 价格"), list_item("12．价格")
    (('是', 2), ('（一）', 3), ('条', 21), ('1.', 12))
    >>> list_item("其次，要"), list_item("2 大厂工作"), list_item("1998年"), list_item("十分重要")
    (('首先', 2), ('1.', 2), None, None)
    """
    m = _ITEM.match(text.lstrip())
    if m is None:
        return None
    g = m.groupdict()
    if g["seq"]:
        return "首先", ("首先", "其次", "再次").index(g["seq"]) + 1
    if g["ar"] or g["pa"]:
        n = int((g["ar"] or g["pa"]).translate(_FULL_DIGITS))
        return ("1." if g["ar"] else "(1)"), n
    num = g["cn"] or g["di"] or g["pc"]
    n = _cn_number(num)
    if n is None:
        return None
    kind = g["f1"] if g["cn"] else ("（一）" if g["pc"] else ("条" if g["f2"] == "条" else "第"))
    return kind, n


def signs_off(text: str) -> bool:
    """Does the text end as an article ends, signed off in brackets by its source or writer?
    Of the pd1998-dev paragraphs that end so, 228 of 262 are their article's last.

    >>> signs_off("…也具有抗癌作用。（本栏均据新华社电）"), signs_off("…笑看荣辱似浮云。（苏人）")
    (True, True)
    >>> signs_off("…的纪念钥匙。（王虎摄）"), signs_off("收入增长（％）"), signs_off("会议（一）")
    (False, False, False)
    """
    m = _SIGN_OFF.search(text)
    if m is None:
        return False
    inner = m.group(1).strip()
    return _NOT_SIGNED.search(inner) is None and _SIGNED_BY.fullmatch(inner) is not None
