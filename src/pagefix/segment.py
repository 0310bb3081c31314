"""Segmentation: the page text into fragments, each with its span and a first guess at its role.

A fragment is what OCR kept whole: a block between blank lines, a line of a page written one
paragraph per line, or a run of hard-wrapped lines.  Roles come from the fragment's own text;
the assembler revisits titles that turn out to continue a sentence.

>>> frags = segment("离开大厂的年轻人都去哪了？\\n□ 记者 牛晓芳\\n(上接第一版)围绕客流共享，放大效应。")
>>> [(f.role.value, f.source) for f in frags]
[('title', '离开大厂的年轻人都去哪了？'), ('byline', '□ 记者 牛晓芳'), ('jump', '(上接第一版)'), ('body', '围绕客流共享，放大效应。')]
"""
from __future__ import annotations

import collections
from dataclasses import dataclass, replace

import regex

from .model import Role
from .resources import get_resources
from .textutil import DATELINE, OPEN_END, ends_sentence, is_cjk

_LINE = regex.compile(r"[^\n]*\n|[^\n]+$")
_JUMP_HEAD = regex.compile(r"^[（(]\s*(?:上接|接上|紧接|续接|上转)[^）)\n]{0,12}[）)]")
_JUMP_TAIL = regex.compile(r"[（(]\s*(?:下转|转下|转第|下接|接第)[^）)\n]{0,12}[）)]\s*$")
_BYLINE = regex.compile(  # in either script: 本报记者 / 本報記者; 本报驻东京记者
    r"^(?:□\s*\S.{0,28}$"
    r"|(?:本[报報]|新[华華]社|中新社)?(?:[驻駐]\p{Han}{1,6})?(?:特[约約])?"
    r"(?:[记記]者|通[讯訊][员員]|[实實][习習]生|[评評][论論][员員])"
    r"[\s　]*\p{Han}{2,4}(?:[\s　、]+\p{Han}{2,4}){0,3}"
    r"(?:[\s　]*(?:[报報][道導]|[摄攝]影?|文/[图圖]|文))?$"
    r"|(?:本[报報]|新[华華]社|中新社)(?:(?:[记記]者|通[讯訊][员員])[\s　]*|[\s　]+)\p{Han}{2,4}(?:[\s　、]+\p{Han}{2,4}){0,3}$"
    r"|(?:本[报報]|新[华華]社|中新社)(?:[记記]者|通[讯訊][员員])$)")  # its name on the next line
_CAPTION = regex.compile(r"^[（(][^（）()]{0,30}(?:摄|供图|图)[）)]$")
_SUBHEAD = regex.compile(r"^(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})(?:\s+|[、．.]\s*)\p{Han}")
_COLUMN = regex.compile(r"^\p{Han}{0,6}(?:评论|聚焦|观察|视点|时评|论坛|随笔|纵横|快讯|专栏|综述|特写|短评|今日谈|速递|"
                        r"看台|一线|访谈|专访|调查|札记|漫谈|杂谈|点评|热点|关注|人物|链接|声音|新闻眼)$")
_HAN = regex.compile(r"\p{Han}")
_COMMA = regex.compile(r"[，,]")
_HEADISH_BAD_END = OPEN_END | frozenset("的了和与及在是把被从对向之其所以为于而但并或")


@dataclass(frozen=True)
class RawFragment:
    """A fragment before repair: span, role guess, text as printed.  A column stream rebuilt
    from row-merged lines has several ``pieces`` (page spans, in reading order); ``source`` is
    their concatenation."""

    start: int
    end: int
    role: Role
    source: str
    pieces: tuple[tuple[int, int], ...] = ()
    story: int | None = None  # its story, when the page geometry or the row bands decided it


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, without its line break."""
    out = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        if text[e - 1:e] == "\n":
            e -= 1
        if e > s and text[e - 1] == "\r":
            e -= 1
        out.append((s, e))
    return out


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _dense_len(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def _group_lines(text: str, lines: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group the lines of one block into paragraphs.  When most lines share one width (a
    hard-wrapped column), consecutive lines run on until a short line ends a paragraph or an
    indented line starts one; a line much wider than the column (a headline) stands alone.
    Otherwise each line is a paragraph of its own, unless the block is a single wrapped
    paragraph (all lines but the last of one width)."""
    if len(lines) < 2:
        return [lines] if lines else []
    lens = [e - s for s, e in lines]
    counts = collections.Counter(lens)
    width = max(counts, key=lambda w: (counts[w] + counts[w - 1], counts[w], w))
    # lines of the width, or two short: a paragraph's first line whose indent the scan lost
    near = counts[width] + counts[width - 1] + counts[width - 2]
    if width > 40 or near < max(4, 0.7 * len(lines)):
        body = lens[:-1]
        heads = any(_stands_alone(text[s:e]) for s, e in lines)
        if max(body) - min(body) <= 2 and max(body) <= 40 and lens[-1] <= max(body) + 2 and not heads:
            return [lines]
        return [[ln] for ln in lines]
    out: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    for k, ((s, e), n) in enumerate(zip(lines, lens)):
        indented = s > 0 and text[s - 1] in " \u3000\t" and (s < 2 or text[s - 2] in " \u3000\t\n")
        # a line wider than the column (a block's first line even by one character: its
        # headline) or a byline, jump marker or subhead stands alone
        if n > width + 2 or (k == 0 and _dense_len(text[s:e]) > max(lens[1:])) \
                or _stands_alone(text[s:e]):
            if cur:
                out.append(cur)
            out.append([(s, e)])
            cur = []
            continue
        if indented and cur:
            out.append(cur)
            cur = []
        # the first line of a paragraph whose indent the scan lost: two characters short,
        # mid-sentence, after a sentence's end, a full line below (今年春节，上海市将请)
        lost_indent = width - 3 <= n <= width - 2 and not ends_sentence(text[s:e]) \
            and k + 1 < len(lines) and lens[k + 1] >= width - 1 \
            and (not cur or ends_sentence(text[cur[-1][0]:cur[-1][1]]))
        if lost_indent and cur:
            out.append(cur)
            cur = []
        cur.append((s, e))
        if n < width - 1 and not lost_indent:  # a short line ends its paragraph
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def blocks(text: str) -> list[list[tuple[int, int]]]:
    """Group the page's non-empty lines into blocks (fragments to be): runs between blank
    lines when the page has them, else the whole page; each run cut into paragraphs by
    :func:`_group_lines`."""
    lines = [_strip_span(text, s, e) for s, e in _lines(text)]
    runs: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    for s, e in lines:
        if s == e:
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append((s, e))
    if cur:
        runs.append(cur)
    out: list[list[tuple[int, int]]] = []
    for run in runs:
        out.extend(_group_lines(text, run))
    return out


def _stands_alone(line: str) -> bool:
    """Whether a line of a block is a paragraph of its own whatever its width: a byline, a
    jump marker or a subhead (what :func:`guess_role` tells, without its headline tests)."""
    return guess_role(line, heads_only=True) in (Role.BYLINE, Role.JUMP, Role.SUBHEAD)


def guess_role(src: str, heads_only: bool = False) -> Role:
    """The role a fragment's own text suggests; with ``heads_only``, only whether it is a
    byline, jump marker or subhead (the tests for tables and headlines skipped: body).

    >>> guess_role("□通讯员 陈一凡 报道").value, guess_role("今日聚焦").value
    ('byline', 'column')
    >>> guess_role("1 大厂工作就像一枚硬币的两面").value
    'subhead'
    """
    t = "".join(src.split())
    if not t or len(t) > 40:
        return Role.BODY  # no jump marker, byline or caption is so long (nor any head below)
    if _JUMP_HEAD.match(t) and _JUMP_HEAD.match(t).end() == len(t):
        return Role.JUMP
    if len(t) <= 36 and (_BYLINE.match(src.strip()) or _BYLINE.match(t)):
        return Role.BYLINE  # also with OCR's spaces inside a name (本报记者 傅 雯欣)
    if _CAPTION.match(t):
        return Role.CAPTION
    if "。" in t or len(t) > 40:
        return Role.BODY
    if _SUBHEAD.match(src.strip()) and len(t) <= 30 and t[-1] not in _HEADISH_BAD_END:
        return Role.SUBHEAD
    if _COLUMN.match(t):
        return Role.COLUMN
    if t[0] in "（(" and t[-1] in "）)":
        return Role.BODY  # （碧泉）, （Ａ、Ｂ）, （题图速写：冯向杰）: signatures and notes, not headlines
    if _PHOTO.search(t) or _NOT_HEAD.search(t):
        return Role.BODY  # 图为治理后的府南河（周筱华摄）: a picture's caption in the text
    if _CHAPTER.match(t):
        return Role.SUBHEAD  # 第二章经营者的价格行为: a law's chapter, inside its text
    if _DATE_LINE.match(t):
        return Role.SUBHEAD  # １９９０年７月 heads an entry of a chronology (13 pd1998-dev paragraphs, no headline)
    if heads_only:  # a place's name has no digits, and a headline is no subhead
        return Role.SUBHEAD if t in get_resources().places else Role.BODY
    if sum(c.isdigit() or c in _NUMBER_MARKS for c in t) * 2 > len(t):
        return Role.BODY  # 上证Ａ股１３１２．９９…: a table's row (none of pd1998-dev's headlines, 200 short paragraphs)
    if t in get_resources().places:
        # a place's name alone (青岛, 云南, 韩国) heads one report of a roundup: 13 paragraphs
        # of pd1998-dev are one, 1 of its 2,012 headlines (萍乡)
        return Role.SUBHEAD
    # a line of text has commas; a headline seldom, but for a short one or one with a dash
    # (珀斯，留下问号——评世锦赛上的中国跳水); nor does one end in an ellipsis (none of the
    # 2,012 pd1998-dev headlines does; 孩子们想知道…… is a paragraph)
    if _headline_shape(t, 32, _HEADISH_BAD_END, 1 if len(t) <= 16 or "——" in t else 0) \
            and not t.endswith(("…", "……”", "。”", "！”", "？”")):
        return Role.TITLE
    return Role.BODY


def _headline_shape(t: str, longest: int, bad_end: frozenset[str], commas: int) -> bool:
    """Could ``t`` (no spaces) be a headline by its shape: 2 to ``longest`` characters, no full
    stop, no dateline, at most ``commas`` commas and two enumeration commas (、: of the
    pd1998-dev headlines of up to 32 characters, 2 in 1,755 have two and none has three; a
    piece of a list in a column has them: 体力充沛、技术细腻、视野开阔、擅长远射), neither
    opening with a mark that closes something nor ending in one of ``bad_end`` (a function
    word: not when it ends a word, as in 参与, 走向)?  Nor what no pd1998-dev headline of up
    to 32 characters holds and pieces of running text do: a semicolon, three 的, a sentence
    ended by the spoken particles 呢 or 啊 (何在呢？; Cantonese's 呢 before a noun, "this", may
    stand in a headline), or an opening word that links to a sentence before (但, 因此, 然而…).
    A line that ends in a dash leading to its subtitle (先生活、後生產———) is not open."""
    return 2 <= len(t) <= longest and "。" not in t \
        and (t[-1] not in bad_end or _ends_word(t) or _DASH_END.search(t) is not None) \
        and t[0] not in _HEADISH_BAD_START and not DATELINE.match(t) and t.count("，") + t.count(",") <= commas \
        and t.count("、") <= 2 and "；" not in t and ";" not in t and t.count("的") <= 2 \
        and not _SPOKEN_END.search(t) and _balanced(t) and not _LINKED_START.match(t)


#: a picture's caption printed as a paragraph: opens with 图为 or ends with its credit (…摄）);
#: 185 paragraphs of pd1998-dev of up to 40 characters do, none of its 2,012 headlines
_PHOTO = regex.compile(r"^图(?:为|片[：:])|摄[）)]$")
#: nor is one of the lines no pd1998-dev headline is and its text has (37 of its paragraphs
#: of up to 40 characters): a signature after a dash (———编者, ———王文西（山东）), an interviewer's
#: question (记者：资金来源是否有保证？), a row of stars, the editor's notes (本版责任编辑…,
#: 来信请寄：…), an artwork's caption with its artist (归航（油画）（张敏杰）, 矿工（石膏）（孙宝田),
#: brackets half-width or not)
_NOT_HEAD = regex.compile(r"^[—－]{2}|^记者[：:]|^[＊*※·…]+$|责任编辑|来信请寄"
                          r"|[（(][^（）()]*(?:画|刻|塑|石膏|速写|素描|书法|剪纸)[）)][（(]\p{Han}{2,4}[）)]$")
#: a date alone on its line
_DATE_LINE = regex.compile(r"^(?:\d{2,4}年(?:\d{1,2}月)?|\d{1,2}月)(?:\d{1,2}日)?$")
#: what a number holds besides digits (１２８５·１６, ３．５, ６％)
_NUMBER_MARKS = frozenset("．.·,，%％－-")
#: a law's chapter heading (第二章经营者的价格行为) is a subhead: none of the pd1998-dev
#: headlines opens so, 20 of its short paragraphs do
_CHAPTER = regex.compile(r"第[一二三四五六七八九十]{1,3}章")
#: nor opens with a word that links to a sentence before it (但究竟此次受颱風影響…): none of
#: the 2,012 pd1998-dev headlines does (但愿, 但得 may open a line of verse)
_LINKED_START = regex.compile(r"但(?![愿願得])|然而|而且|并且|並且|因此|所以|可是|不过|不過|于是|於是"
                              r"|此外|因为|因為|虽然|雖然")
#: a headline's first line may end in the dash that leads to its subtitle on the next line
#: (先生活、後生產——— over 山西…); a cut piece seldom stops right after a dash
_DASH_END = regex.compile(r"[^—－-]{4}(?:——|———|－－)$")
_SPOKEN_END = regex.compile(r"[呢啊](?:[？！?!﹖﹗”’」』]|$)")
#: a headline never opens with a mark that closes something, nor with a particle that only
#: follows a word (of the pd1998-dev headlines of up to 32 characters none does): such a line
#: is a piece of a column cut mid-sentence (的住房现在好吗？)
_HEADISH_BAD_START = frozenset("，、。；：）)的了着得们之")
#: brackets and quotes a headline pairs; OCR reads （ as ( or 〈, so they count as one kind
_PAIRS = (("（(〈", "）)〉"), ("“", "”"), ("《", "》"), ("『", "』"), ("「", "」"))


def _balanced(t: str) -> bool:
    """Are ``t``'s brackets and quotes paired?  Every one of the 1,755 pd1998-dev headlines of
    up to 32 characters pairs them; a piece cut out of a column often does not (６日电）,
    霞光摄）, 我真的喜欢你们这个站点…（…).

    >>> _balanced("『中国青年油画展』初现新世纪油画走向"), _balanced("法院范斯祖）")
    (True, False)
    """
    return all(sum(map(t.count, o)) == sum(map(t.count, c)) for o, c in _PAIRS)


#: how often (in jieba's dictionary) a word must occur to vouch for a headline's last characters
WORD_END_FREQ = 100


def _ends_word(t: str) -> bool:
    """Do the last two or three characters of ``t`` make a dictionary word (参与, 走向, 存在),
    so that its last character is no dangling function word?

    >>> _ends_word("从单纯赞助到全面参与"), _ends_word("对养老服务的")
    (True, False)
    """
    if not is_cjk(t[-1]):
        return False
    words = get_resources().words
    return any(words.get(t[-k:], 0) >= WORD_END_FREQ for k in (2, 3) if len(t) > k)


def _bands(text: str) -> list[tuple[int, int]]:
    """Spans of the runs of lines between blank lines."""
    out = []
    for m in regex.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", text):
        out.append((m.start(), m.end()))
    return out


def segment(text: str, join_score=None, hints=None) -> list[RawFragment]:
    """Split ``text`` into fragments (see the module docstring); bands of row-merged columns
    are rebuilt into column streams first (:mod:`pagefix.columns`).  ``hints`` — ``(start,
    end, role[, story])`` spans from a reader that knows the layout (hOCR font sizes) — make each
    span a fragment: ``title`` spans are headlines, ``body`` spans anything but a headline; a
    span with a story keeps the roles and the story the page geometry gave it.  On a page of
    row-merged bands each band holds whole stories (a row of headlines over their columns, or
    one story in one column), and the fragments carry the story decided there."""
    from .columns import split_counted, split_rows

    if hints:
        return _segment_hinted(text, hints)

    counted = split_counted(text, join_score)  # an engine's own text of a page read across
    if counted:
        return _segment_counted(text, *counted, join_score)
    out: list[RawFragment] = []
    bands: list[tuple[int, int, object]] = []
    for bs, be in _bands(text):
        rows = split_rows(text, bs, be, join_score) if text.count("\n", bs, be) >= 2 else None
        bands.append((bs, be, rows))
    if not any(r for _, _, r in bands):
        return _segment_plain(text, [(bs, be) for bs, be, _ in bands])
    # a page of row-merged bands: each band holds whole stories (a row of headlines over
    # their columns, or one story in one column), so the stories are decided here
    story = 0
    for bs, be, rows in bands:
        if rows is None:
            # one story in one column: its headline opens it; a short line further down is a
            # line of its text, not a second headline
            frags = _segment_plain(text, [(bs, be)])
            if len(frags) > 1 and frags[0].role == Role.BODY and _headline_over_byline(frags[0].source):
                # the band's first line standing alone over its text is the story's headline,
                # even ending in 了 (快过年了)
                frags[0] = replace(frags[0], role=Role.TITLE)
            cur = None
            for f in frags:
                role = f.role
                if cur is None and role in (Role.TITLE, Role.KICKER, Role.COLUMN):
                    story += 1
                    cur = story
                elif role == Role.TITLE:
                    role = Role.BODY
                out.append(RawFragment(f.start, f.end, role, f.source, f.pieces, cur))
            continue
        streams, titles, starts = rows
        heads: dict[int, list[tuple[int, int]]] = {}
        for k, t in enumerate(titles):  # headlines without a story of their own go first
            heads.setdefault(starts[k] if k < len(starts) else 0, []).append(t)
        cur = None
        for k, stream in enumerate(streams):
            for ts, te in heads.get(k, []):  # each headline just before the columns of its story
                src = text[ts:te]
                story += 1
                cur = story
                role = guess_role(src)
                out.append(RawFragment(ts, te, role if role in (Role.BYLINE, Role.JUMP) else Role.TITLE,
                                       src, ((ts, te),), cur))
            for para in stream:
                src = "".join(text[a:b] for a, b in para)
                role = Role.SUBHEAD if guess_role(src) == Role.SUBHEAD else Role.BODY
                out.append(RawFragment(para[0][0], para[-1][1], role, src, tuple(para), cur))
    return out


def _segment_counted(text: str, w: int, cols: list[list[tuple[int, int, int]]],
                     join_score=None) -> list[RawFragment]:
    """Fragments of a page whose columns were rebuilt by counting characters.

    Headlines are set in larger type, so an engine's line holds headlines or text, never both
    (bylines are text-sized): lines with headline cells and no full line of text are a row of
    headlines, and the lines down to the next such row are its band.  The band's ``k``
    headlines own its columns left to right, split at the ``k - 1`` column gaps across which
    the text runs on least (a story's column ends mid-sentence and the next one continues it);
    the headline positions are no guide, as larger type holds fewer characters.  Lines above
    the first headline are text without one (the assembler gives it to the story it
    continues).  Paragraphs end at short lines.
    """

    cells = sorted((li, c, a, b) for c, col in enumerate(cols) for a, b, li in col)
    role = _counted_roles(text, w, cols, cells, join_score)
    story_of, title_of, story = _counted_stories(text, len(cols), cells, role, join_score)
    out: list[RawFragment] = []
    orphan = story
    for c, col in enumerate(cols):
        para: list[tuple[int, int]] = []
        cur: int | None = None

        def flush():
            if para:
                src = "".join(text[a:b] for a, b in para)
                out.append(RawFragment(para[0][0], para[-1][1], Role.BODY, src, tuple(para), cur))
                para.clear()

        for a, b, li in col:
            if role[a] == Role.TITLE:
                continue
            sid = story_of.get(a)
            if sid is None:  # above every headline
                if cur is None or cur <= story:
                    flush()
                    orphan += 1
                    cur = orphan
                sid = cur
            if sid != cur:
                flush()
                cur = sid
            r = role[a]
            if r in (Role.BYLINE, Role.KICKER, Role.COLUMN):
                flush()
                out.append(RawFragment(a, b, r, text[a:b], ((a, b),), cur))
                continue
            para.append((a, b))
            if _visible(text, a, b) < w - 2:
                flush()
        flush()
    for sid, tcells in title_of.items():
        if tcells:
            tcells.sort()
            src = "".join(text[a:b] for a, b in tcells)
            out.append(RawFragment(tcells[0][0], tcells[-1][1], Role.TITLE, src, tuple(tcells), sid))
    # each story's pieces in reading order: headline, then its columns left to right
    ranked = sorted(enumerate(out), key=lambda kf: (kf[1].story, kf[1].role != Role.TITLE, kf[0]))
    return [f for _, f in ranked]


def _visible(text: str, a: int, b: int) -> int:
    """Characters of ``text[a:b]`` that are not spaces."""
    return sum(1 for ch in text[a:b] if not ch.isspace())


def _counted_roles(text: str, w: int, cols, cells, join_score) -> dict[int, Role]:
    """The role of each cell of a counted page (keyed by its start): headlines only on lines
    that hold no full line of text, and never continuing the line above them."""

    # a cell's own role; two or three characters are debris of a gutter, and a headline has
    # no comma and is mostly ideographs (not 1比>| 了  了   FE, the debris of a picture)
    role: dict[int, Role] = {}
    for li, c, a, b in cells:
        n = _visible(text, a, b)
        r = guess_role(text[a:b]) if n >= 4 else Role.BODY
        if r == Role.TITLE and (len(_HAN.findall(text[a:b])) < 0.75 * n or _COMMA.search(text, a, b)):
            r = Role.BODY
        role[a] = r
    # a headline never continues the line above it in its column (报|道: 第八届…)
    for col in cols:
        for (pa, pb, _), (a, b, _) in zip(col, col[1:]):
            if role[a] == Role.TITLE and role[pa] == Role.BODY and join_score is not None:
                prev = text[pa:pb].rstrip()
                if prev and not ends_sentence(prev) and join_score(prev, text[a:b]) > 2.0:
                    role[a] = Role.BODY
    text_line = {li for li, c, a, b in cells if role[a] == Role.BODY and _visible(text, a, b) >= w - 4}
    for li, c, a, b in cells:
        if role[a] == Role.TITLE and li in text_line:
            role[a] = Role.BODY
    return role


def _counted_stories(text: str, ncol: int, cells, role: dict[int, Role], join_score):
    """``(story_of, title_of, stories)``: the story of each cell below a row of headlines
    (keyed by its start), each story's headline cells, and how many stories there are."""
    from .columns import opens_story

    by_line: dict[int, list[tuple[int, int, int]]] = collections.defaultdict(list)
    for li, c, a, b in cells:
        by_line[li].append((c, a, b))
    head_lines = [li for li in sorted(by_line) if any(role[a] == Role.TITLE for _, a, _ in by_line[li])]
    # rows of headlines: runs of consecutive head lines
    groups: list[list[int]] = []
    for li in head_lines:
        if groups and li == groups[-1][-1] + 1:
            groups[-1].append(li)
        else:
            groups.append([li])
    story_of: dict[int, int] = {}  # cell start -> story
    title_of: dict[int, list[tuple[int, int]]] = {}  # story -> its headline cells
    story = 0
    bounds = [g[0] for g in groups] + [max(by_line) + 1 if by_line else 0]
    for gi, g in enumerate(groups):
        lo, hi = g[0], bounds[gi + 1]
        # a headline cell under one in its column continues it; any other starts a headline
        heads: list[tuple[int, list[tuple[int, int]]]] = []
        for li in g:
            for c, a, b in by_line[li]:
                if role[a] != Role.TITLE:
                    continue
                same = [h for h in heads if h[0] == c]
                if same:
                    same[-1][1].append((a, b))
                else:
                    heads.append((c, [(a, b)]))
        heads.sort(key=lambda h: h[0])
        k = len(heads)
        sids = list(range(story + 1, story + k + 1))
        story += k
        for sid, (c, tcells) in zip(sids, heads):
            title_of[sid] = tcells
            for a, b in tcells:
                story_of[a] = sid
        # the band's columns, split among its headlines where the text runs on least
        band = [[(a, b) for li2, c2, a, b in cells if c2 == c and lo <= li2 < hi and a not in story_of]
                for c in range(ncol)]
        live = [c for c in range(ncol) if band[c]]
        gaps = []
        for x, y in zip(live, live[1:]):
            sa, sb = band[x][-1], band[y][0]
            sc = join_score(text[sa[0]:sa[1]], text[sb[0]:sb[1]]) if join_score else 0.0
            sc -= opens_story(text[sb[0]:sb[1]])
            gaps.append((sc, y))
        cuts = sorted(y for _, y in sorted(gaps)[:max(0, k - 1)])
        owner = {}
        j = 0
        for c in live:
            if j < len(cuts) and c >= cuts[j]:
                j += 1
            owner[c] = sids[min(j, k - 1)]
        for c in live:
            for a, b in band[c]:
                story_of[a] = owner[c]
    return story_of, title_of, story


def _segment_hinted(text: str, hints) -> list[RawFragment]:
    out: list[RawFragment] = []
    for h in sorted(hints, key=lambda h: (h[0], h[1])):
        s, e, role = h[:3]
        story = h[3] if len(h) > 3 else None
        s, e = _strip_span(text, s, e)
        if e <= s:
            continue
        src = text[s:e]
        r = guess_role(src)
        if story is not None:  # the geometry knows the roles; the text only names a head line
            if role == "head":
                r = r if r in (Role.BYLINE, Role.JUMP, Role.COLUMN) else Role.DECK
            elif role == "kicker":
                r = r if r in (Role.BYLINE, Role.JUMP, Role.COLUMN) else Role.KICKER
            elif role == "title":
                r = Role.BYLINE if r == Role.BYLINE else Role.TITLE
            else:
                r = Role.JUMP if r == Role.JUMP else Role.BODY
            out.append(RawFragment(s, e, r, src, ((s, e),), story))
            continue
        if role == "title":
            # a large font; but a sentence (。, or a trailing comma) is body whatever its size
            t = "".join(src.split())
            if len(t) >= 2 and "。" not in t and t[-1] not in OPEN_END and r not in (Role.BYLINE, Role.JUMP):
                r = Role.TITLE

        out.append(RawFragment(s, e, r, src, ((s, e),)))
    return out


def _segment_plain(text: str, spans: list[tuple[int, int]]) -> list[RawFragment]:
    if not spans:
        return []
    # blocks() reads the whole page's layout; give it only these bands, blanked elsewhere
    buf = []
    last = 0
    for s, e in spans:
        buf.append(regex.sub(r"[^\n]", " ", text[last:s]))
        buf.append(text[s:e])
        last = e
    buf.append(regex.sub(r"[^\n]", " ", text[last:]))
    return _segment_blocks(text, "".join(buf))


def _segment_blocks(text: str, layout: str) -> list[RawFragment]:
    out: list[RawFragment] = []
    for blk in blocks(layout):
        s, e = blk[0][0], blk[-1][1]
        src = text[s:e]
        m = _JUMP_HEAD.match(src)
        if m and m.end() < len(src):
            js, je = s, s + m.end()
            out.append(RawFragment(js, je, Role.JUMP, text[js:je], ((js, je),)))
            s, _ = _strip_span(text, je, e)
            src = text[s:e]
        tail = _JUMP_TAIL.search(src)
        tail_frag = None
        if tail and tail.start() > 0:
            ts = s + tail.start()
            ts2, te2 = _strip_span(text, ts, e)
            tail_frag = RawFragment(ts2, te2, Role.JUMP, text[ts2:te2], ((ts2, te2),))
            e2 = _strip_span(text, s, ts)[1]
            e = e2
            src = text[s:e]
        if e > s:
            role = Role.BODY if len(blk) > 1 else guess_role(src)
            out.append(RawFragment(s, e, role, src, ((s, e),)))
        if tail_frag:
            out.append(tail_frag)
    # a line right over a byline is its headline even with a comma or a trailing 了 that would
    # make it text elsewhere (１９９８，从平淡中开始——世锦赛游泳比赛述评, 快过年了)
    for i in range(len(out) - 1):
        f = out[i]
        if f.role == Role.BODY and out[i + 1].role == Role.BYLINE and _headline_over_byline(f.source):
            out[i] = replace(f, role=Role.TITLE)
    # and so is the page's first line standing alone over text (邮电：有“礼”了)
    if len(out) > 1 and out[0].role == Role.BODY and out[1].role == Role.BODY and _headline_over_byline(out[0].source):
        out[0] = replace(out[0], role=Role.TITLE)
    return out


def _headline_over_byline(src: str) -> bool:
    """Could this line, standing right over a byline, be a headline?

    >>> _headline_over_byline("快过年了"), _headline_over_byline("他说，今天的会议很重要。")
    (True, False)
    """
    t = "".join(src.split())
    return "\n" not in src.strip() and t[:1] not in ("（", "(") and _headline_shape(t, 40, OPEN_END, 2)
