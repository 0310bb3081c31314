"""Columns read straight across: split row-merged lines back into column streams.

When OCR misses the gutters of a multi-column page, each output line joins one line of each
column, separated by a few spaces, a tab or a ``|``::

    全国党校系统『党的十五大与中国  神，把社会主义推进到一个新水平；邓
    的改革和发展』理论研讨会日前在北京  小平理论展示了社会主义的辉煌前景。

A *band* (lines between blank lines) is read as rows when most of its lines split into cells of
one regular width.  Cells are then dealt to columns top to bottom; when a row has fewer cells
than the row above, the columns that ended are the ones whose dropping keeps the text most
continuous (and whose last line was short).  Each column becomes one stream of cells, cut into
paragraphs where a line was indented or the line above it ended short.

An engine's own text is less tidy: one space or a dozen between columns, blank lines every row
or two, the empty part of a row padded with spaces.  :func:`split_counted` handles such pages by
counting characters instead of trusting separators (see its section below).

>>> text = "甲乙丙丁戊己庚辛  子丑寅卯辰巳午未\\n天地玄黄宇宙洪荒  日月盈昃辰宿列张\\n寒来暑往秋收冬藏  闰余成岁律吕调阳\\n"
>>> [["".join(text[s:e] for s, e in p) for p in para] for para in split_rows(text, 0, len(text))[0]][:1]
[['甲乙丙丁戊己庚辛天地玄黄宇宙洪荒寒来暑往秋收冬藏']]
"""
from __future__ import annotations

import collections
import itertools
import operator
from typing import Callable

import regex

from .textutil import DATELINE, ends_sentence

_SEPS = [
    ("tab", regex.compile(r"[ \u3000]*\t+[ \u3000]*")),
    ("bar", regex.compile(r"[ \u3000]*[|｜][ \u3000]*")),
    ("wide", regex.compile(r" {2,}")),
    ("one", regex.compile(r"(?<=[^ \t\n]) +(?=[^ \t\n])")),
]
_DOUBLE = regex.compile(r"\t[ \u3000]*\t|[|｜][ \u3000]*[|｜]| {4,}")
_TITLE_SEP = regex.compile(r"[ \u3000]*(?:\t|[|｜]|  |\u3000\u3000)[ \u3000\t|｜]*")

Piece = tuple[int, int]
Cell = tuple[int, int, bool]  # start, end (page offsets), indented


def _cells(text: str, s: int, e: int, sep: regex.Pattern) -> list[Cell]:
    """The cells of one line: spans between separators, with leading indentation noted."""
    out: list[Cell] = []
    pos = s
    bounds = [(m.start() + s, m.end() + s) for m in sep.finditer(text[s:e])] + [(e, e)]
    own = min((b - a for a, b in bounds[:-1]), default=0)
    prev_run = 0
    for a, b in bounds:
        cs, ce = pos, a
        # a run of spaces two longer than the line's shortest separator is a separator and
        # the indent of a paragraph's first line
        indented = prev_run >= own + 2 and text[pos - 1:pos] == " "
        prev_run = b - a
        while cs < ce and text[cs] in " \u3000\t":
            cs += 1
            indented = True
        while ce > cs and text[ce - 1] in " \u3000\t":
            ce -= 1
        if ce > cs:
            out.append((cs, ce, indented or (cs > s and text[a - 1:a] == "\u3000")))
        pos = b
    return out


def _dense(text: str, c: Cell) -> int:
    """How many characters of a cell are not spaces."""
    seg = text[c[0]:c[1]]
    return len(seg) - sum(map(str.isspace, seg))


def detect(text: str, lines: list[tuple[int, int]]) -> tuple[regex.Pattern, int] | None:
    """(separator, column width) when the band's lines are rows of several columns, else None."""
    if len(lines) < 3:
        return None
    for name, sep in _SEPS:
        # (a line of several cells has a separator: count those first, cheaply)
        hits = sum(1 for s, e in lines if sep.search(text, s, e))
        if hits < min(max(2, 0.5 * len(lines)), 3):
            continue
        split = [_cells(text, s, e, sep) for s, e in lines]
        multi = [c for c in split if len(c) >= 2]
        # columns only end down a band, so rows of several cells come first (after a row of
        # headlines) even when one long column runs on alone below them
        first_single = next((k for k in range(1, len(split)) if len(split[k]) < 2), len(split))
        prefix = all(len(c) < 2 for c in split[first_single:])
        if len(multi) < max(2, 0.5 * len(lines)) and not (prefix and len(multi) >= 3):
            continue
        widths = collections.Counter(_dense(text, c) for cells in multi for c in cells)
        w, _ = widths.most_common(1)[0]
        total = sum(widths.values())
        regular = sum(widths[x] for x in (w, w - 1, w - 2))
        if name in ("tab", "bar") and len(multi) >= 0.8 * len(lines):
            # a tab or a bar in nearly every line is a column separator whatever the cells
            # hold (a list of names, a poem: short lines of no regular width); the column's
            # width is then its longest regular line
            if w < 6 or regular < 0.5 * total:
                w = max([x for x, k in widths.items() if k >= 2] or widths)
            return sep, w
        if w < 6 or regular < 0.5 * total:
            continue
        if name == "one":
            # single spaces also occur inside plain text (OCR puts them anywhere): demand very
            # regular cells, and more than a couple of lines of several
            if regular < 0.7 * total or len(multi) < 3:
                continue
        return sep, w
    return None


def split_rows(text: str, s: int, e: int,
               join_score: Callable[[str, str], float] | None = None) -> tuple[list[list[list[Piece]]], list[Piece]] | None:
    """Split the band ``text[s:e]`` into column streams.

    Returns ``(streams, titles, starts)``: each stream is a list of paragraphs, each paragraph a
    list of page pieces (cell spans) in reading order; ``titles`` are the cells of a headline
    row above the columns; ``starts[k]`` is the first stream under title ``k``.  None when the
    band is not made of rows.
    """
    lines = []
    pos = s
    for ln in text[s:e].split("\n"):
        ls, le = pos, pos + len(ln)
        pos = le + 1
        while ls < le and text[ls] in " \t\r":
            ls += 1
        while le > ls and text[le - 1] in " \t\r":
            le -= 1
        if le > ls:
            lines.append((ls, le))
    found = detect(text, lines)
    if not found:
        return None
    sep, w = found
    rows = [_cells(text, ls, le, sep) for ls, le in lines]
    # a headline row: the first line, when its cells are not of the column width
    titles: list[Piece] = []
    if rows and len(rows) > 1 and _title_row(text, lines[0], rows[0], rows[1], w, _usual_gap(text, rows[1:])):
        ls, le = lines[0]
        titles = [(c[0], c[1]) for c in _cells(text, ls, le, _TITLE_SEP)]
        rows = rows[1:]
    ncol = max(len(r) for r in rows)
    cols: list[list[Cell]] = [[] for _ in range(ncol)]
    active = list(range(ncol))
    for y, r in enumerate(rows):
        if len(r) > len(active):  # more cells than live columns: a new set of columns starts
            active = list(range(ncol))
            if len(r) > ncol:
                r = r[:ncol - 1] + [(r[ncol - 1][0], r[-1][1], r[ncol - 1][2])]
        if len(r) < len(active):
            # the cells of the next few rows in the same places say more of their topic
            below = [q for q in rows[y + 1:y + 4]]
            below = below[:next((k for k, q in enumerate(below) if len(q) != len(r)), len(below))]
            ahead = ["".join(text[q[k][0]:q[k][1]] for q in [r, *below]) for k in range(len(r))]
            active = _choose(text, cols, active, r, w, join_score, ahead)
        for col, cell in zip(active, r):
            cols[col].append(cell)
    streams = []
    for col in cols:
        if not col:
            continue
        paras: list[list[Piece]] = [[]]
        for k, cell in enumerate(col):
            if k and (cell[2] or _dense(text, col[k - 1]) < w - 2 and text[col[k - 1][1] - 1] in "。！？”…"):
                paras.append([])
            paras[-1].append((cell[0], cell[1]))
        streams.append([p for p in paras if p])
    return streams, titles, _boxes(text, [c for c in cols if c], len(titles), join_score)


def _usual_gap(text: str, rows: list[list[Cell]]) -> str:
    """The commonest text between two cells of a row (the band's separator)."""
    gaps = collections.Counter(text[a[1]:b[0]] for r in rows for a, b in zip(r, r[1:]))
    return gaps.most_common(1)[0][0] if gaps else ""


def _title_row(text: str, line: tuple[int, int], cells: list[Cell], nxt: list[Cell], w: int,
               usual: str = "") -> bool:
    """Is the first line of a band a row of headlines?  Its cells are not of the column
    width, or there are fewer of them than in the row below, or most are not of that width
    and they are set apart by a doubled separator; a separator twice the band's own (two
    spaces where the columns have one) will do even when a headline happens to be of the
    column width."""
    if all(abs(_dense(text, c) - w) > 2 for c in cells) or len(cells) < len(nxt):
        return True  # columns only end down a band: a first row with fewer cells is headlines
    regular = sum(1 for c in cells if abs(_dense(text, c) - w) <= 1)
    doubled = bool(_DOUBLE.search(text[line[0]:line[1]]))
    if doubled and regular < 0.5 * len(cells):
        return True
    gaps = [text[a[1]:b[0]] for a, b in zip(cells, cells[1:])]
    twice = bool(usual.strip(" ")) and all(g.count(usual.strip(" ")) >= 2 for g in gaps) or \
        bool(usual) and not usual.strip(" ") and all(not g.strip(" ") and len(g) >= 2 * len(usual) for g in gaps)
    return bool(gaps) and twice and regular < len(cells)


#: how much a dateline at a column's top argues for a story starting there (nats)
DATELINE_START = 6.0
#: against a column going on, with an indented cell, from a line that stopped mid-sentence
INDENT_AFTER_OPEN = 4.0


def opens_story(cell: str) -> float:
    """A column that opens with a dateline opens a story: the evidence for a story boundary
    before it (0 for other text).

    >>> opens_story("本报北京１月１９日讯记者"), opens_story("北京１月１９日")
    (6.0, 0.0)
    """
    return DATELINE_START if DATELINE.match(cell.lstrip()) else 0.0


def _boxes(text: str, cols: list[list[Cell]], ntitles: int, join_score) -> list[int]:
    """Where each headline's columns start.  The columns of one story continue each other (the
    bottom line of one runs on at the top of the next) and are set to one depth, the last
    one no deeper than the others; so the story boundaries are the ``ntitles - 1`` column gaps
    that keep those depths and across which the text is least continuous."""
    if ntitles <= 1 or len(cols) < ntitles or join_score is None:
        return [0] if ntitles else []
    gap = {}
    for c in range(1, len(cols)):
        a = text[cols[c - 1][-1][0]:cols[c - 1][-1][1]]
        b = text[cols[c][0][0]:cols[c][0][1]]
        gap[c] = join_score(a, b) + (3.0 if not cols[c][0][2] else 0.0)
        gap[c] -= opens_story(b)
    depth = [len(c) for c in cols]
    best = None
    for cuts in itertools.combinations(range(1, len(cols)), ntitles - 1):
        bounds = [0, *cuts, len(cols)]
        uneven = 0
        for lo, hi in zip(bounds, bounds[1:]):
            d = depth[lo:hi]
            uneven += sum(abs(x - d[0]) for x in d[:-1]) + max(0, d[-1] - d[0])
        cost = sum(gap[c] for c in cuts) + 5.0 * min(uneven, 4)
        if best is None or cost < best[0]:
            best = (cost, cuts)
    return [0, *best[1]]


def _shared(text: str, cells: list[Cell], b: str) -> float:
    """The share of the character pairs of ``b`` that occur in ``cells``.

    >>> round(_shared("香港特别行政区立法会选举", [(0, 12, False)], "香港特区立法会"), 2)
    0.83
    """
    pairs = [p for p in set(map(operator.add, b, b[1:])) if not p.isspace()]
    if not pairs:
        return 0.0
    seen = "".join(text[c[0]:c[1]] for c in cells)
    return sum(map(seen.__contains__, pairs)) / len(pairs)


def _choose(text: str, cols: list[list[Cell]], active: list[int], row: list[Cell], w: int,
            join_score: Callable[[str, str], float] | None, ahead: list[str] | None = None) -> list[int]:
    """Which of the live columns carry on in a row with fewer cells.  Each column that carries
    on should continue into its cell and keep to its words (in that cell, or in ``ahead``: the
    cells below it); the columns that end should be one story's, side by side, each running on
    at the top of the next, the last ending a sentence, short lines likelier than full ones.

    >>> text = "甲乙丙丁戊己。子丑寅卯辰巳午未申酉天地玄黄"
    >>> cols = [[(0, 7, False)], [(7, 14, False)]]
    >>> _choose(text, cols, [0, 1], [(14, 18, False)], 7, None)
    [1]
    """
    best, best_set = None, active[:len(row)]
    indents = any(c[2] for col in cols for c in col[-8:]) or any(c[2] for c in row)
    for keep in itertools.combinations(active, len(row)):
        sc = 0.0
        for k, (col, cell) in enumerate(zip(keep, row)):
            prev = cols[col][-1] if cols[col] else None
            if prev is None:
                continue
            a = text[prev[0]:prev[1]]
            b = text[cell[0]:cell[1]]
            if join_score:
                sc += join_score(a, b)
            # a column keeps to its story's words (in this cell and the ones below it)
            shared = _shared(text, cols[col][-6:], b)
            if ahead:
                shared = max(shared, _shared(text, cols[col][-6:], ahead[k]))
            sc += 8.0 * shared
            if indents and cell[2] and not ends_sentence(a):
                # on a page that indents, an indented cell opens a paragraph: the column it
                # goes on cannot have stopped mid-sentence
                sc -= INDENT_AFTER_OPEN
            if _dense(text, prev) < w - 2 and not (indents and cell[2]):
                # a short line ended its paragraph: a little likelier the end of a column
                # (of a story's last), unless a paragraph starts below it (an indented cell on
                # a page that indents)
                sc -= 1.0
        for col in active:
            if col not in keep and cols[col] and _dense(text, cols[col][-1]) < w - 2:
                sc += 1.0
        gone = [k for k, col in enumerate(active) if col not in keep]
        if gone and gone[-1] - gone[0] == len(gone) - 1:
            sc += 2.0  # the columns of one story end together: the ended ones sit side by side
            right = active[gone[-1]] + 1
            last = cols[active[gone[-1]]]
            if last and (right >= len(cols) or right in active):
                # and the story's text ends with a sentence (unless its last column, shorter,
                # ended already: then this one runs on at that one's top)
                tail = text[last[-1][0]:last[-1][1]].rstrip()
                sc += 1.5 if ends_sentence(tail) else -1.5
            if join_score:
                # and each of them runs on at the top of the next (the last perhaps at the top
                # of the story's last column, which, shorter, ended already)
                chain = [active[x] for x in gone] + ([right] if right < len(cols) and right not in active else [])
                for x, y in zip(chain, chain[1:]):
                    ca, cb = cols[x], cols[y]
                    if ca and cb:
                        sc += max(-3.0, min(3.0, join_score(text[ca[-1][0]:ca[-1][1]], text[cb[0][0]:cb[0][1]])))
        if join_score:
            # a story's columns are set to one depth (its last one perhaps shorter): a column
            # that ends while the next one goes on does not run on at that one's top
            for col in active:
                if col not in keep and col + 1 in keep and cols[col] and cols[col + 1]:
                    a, b = cols[col][-1], cols[col + 1][0]
                    sc -= max(0.0, min(3.0, join_score(text[a[0]:a[1]], text[b[0]:b[1]])))
        if best is None or sc > best:
            best, best_set = sc, list(keep)
    return best_set


# ------------------------------------------------------------------ counted columns
#
# An OCR engine's own text of a page read across (Tesseract without a resolution tag) does not
# separate its columns reliably: one space or none between two columns, two spaces inside one,
# marks from the gutter (”, 。”) between them, blank lines every row or two.  What stays
# regular is the number of characters in a column's line.  So each line is cut where the
# cells come out nearest that width, and each cell goes to the column its position points at:
# the characters before it plus half the spaces (engines pad the empty part of a row).

_SPACE = " \t\u3000"
_PAD = regex.compile(r"[ \u3000]{8}")
_NARROW = regex.compile(r"[0-9A-Za-z.,%]")


def _units(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """(offset, spaces before it) of each visible character of ``text[s:e]``."""
    out, gap = [], 0
    for i in range(s, e):
        if text[i] in _SPACE:
            gap += 1
        else:
            out.append((i, gap))
            gap = 0
    return out


def _count_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The characters in a column's full line: the commonest length of the cells that two or
    more spaces set apart, or two more when that is nearly as common (a paragraph's first line
    is indented by two)."""
    c: collections.Counter[int] = collections.Counter()
    for s, e in lines:
        for cell in regex.split(r"[ \u3000]{2,}|\t", text[s:e].strip()):
            n = sum(1 for ch in cell if ch not in _SPACE)
            if 8 <= n <= 30:
                c[n] += 1
    if sum(c.values()) < 8:
        return None
    smooth = {w: c[w - 1] * 0.5 + c[w] + c[w + 1] * 0.5 for w in range(8, 31)}
    w = max(smooth, key=lambda k: (smooth[k], k))
    if c[w + 2] >= 0.35 * c[w]:
        w += 2
    return w


def _cut(text: str, s: int, e: int, w: int, ncol: int) -> list[tuple[int, int, float]]:
    """Cut one line into at most ``ncol`` cells as near ``w`` characters as its spaces allow:
    ``(start, end, position)`` where position counts the characters before the cell plus half
    the spaces."""
    u = _units(text, s, e)
    n = len(u)
    if not n:
        return []
    ch = [text[p] for p, _ in u]
    gap = [g for _, g in u]

    def cut_cost(i: int) -> float:
        g = gap[i]
        if g == 1:
            return 3.0 if _NARROW.match(ch[i - 1]) and _NARROW.match(ch[i]) else 0.3  # 1 9 9 7
        return -0.3 if g < 4 else -0.8

    def cell_cost(i: int, j: int) -> float:
        # a line's leading spaces are empty width (an indent), about two a character
        d = j - i - w + (gap[0] // 2 if i == 0 else 0)
        if d < -2:
            # a short line: a paragraph's last, which the engine pads up to the next column
            c = 0.2 if j == n or gap[j] >= -d else 1.0
        else:
            c = 0.0 if d <= 2 else 1.5 * (d - 2)
        for k in range(i + 1, j):
            c += 1.5 if gap[k] >= 4 else 0.3 if gap[k] >= 2 else 0.0
        return c

    inf = float("inf")
    best = [[inf] * (ncol + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], int] = {}
    best[0][0] = 0.0
    cuts = [0] + [i for i in range(1, n) if gap[i] >= 1] + [n]
    lo = 0
    for jj in range(1, len(cuts)):
        j = cuts[jj]
        cj = 0.0 if j == n else cut_cost(j)
        while j - cuts[lo] > 3 * w and lo < jj - 1:  # no cell is three columns long
            lo += 1
        for i in cuts[lo:jj]:
            sc = cell_cost(i, j) + cj
            for k in range(ncol):
                if best[i][k] + sc < best[j][k + 1]:
                    best[j][k + 1] = best[i][k] + sc
                    back[(j, k + 1)] = i
    k = min(range(1, ncol + 1), key=lambda k: best[n][k])
    if best[n][k] == inf:  # a line too long for the columns: leave it whole
        return [(u[0][0], u[-1][0] + 1, float(gap[0]) / 2)]
    out = []
    j = n
    while j > 0:
        i = back[(j, k)]
        out.append((u[i][0], u[j - 1][0] + 1, i + sum(gap[:i + 1]) / 2))
        j, k = i, k - 1
    return out[::-1]


def split_counted(text: str, join_score: Callable[[str, str], float] | None = None
                  ) -> tuple[int, list[list[tuple[int, int, int]]]] | None:
    """``(width, columns)`` of a page read straight across whose columns only the count of
    characters separates: each column its cells ``(start, end, line)`` top to bottom; None
    when the page is not such a page."""
    if not _PAD.search(text):
        return None  # no padding anywhere: not an engine's row-merged text
    lines = []
    pos = 0
    for ln in text.split("\n"):
        ls, le = pos, pos + len(ln)
        pos = le + 1
        while le > ls and text[le - 1] in " \t\r\u3000":
            le -= 1
        if text[ls:le].strip(_SPACE):
            lines.append((ls, le))
    if len(lines) < 8:
        return None
    # lines that open a block: the first, and any after a blank line
    fresh = [k == 0 or "\n" in text[lines[k - 1][1]:lines[k][0]].replace("\n", "", 1) for k in range(len(lines))]
    # a cell's position only points at its column where the engine pads the empty part of a
    # row with spaces; without that, the separators and the text decide (split_rows)
    padded = sum(1 for s, e in lines if _PAD.search(text, s, e))
    if padded < 0.1 * len(lines):
        return None
    w = _count_width(text, lines)
    if w is None:
        return None
    counts = sorted(len(_units(text, s, e)) for s, e in lines)
    ncol = round(counts[int(len(counts) * 0.9)] / w)
    if not 2 <= ncol <= 8:
        return None
    rows = [_cut(text, s, e, w, ncol) for s, e in lines]
    # rows: lines cut into two or more cells of the column width
    multi = sum(1 for r in rows if sum(1 for a, b, _ in r if abs(len(_units(text, a, b)) - w) <= 2) >= 2)
    if multi < 0.4 * len(lines):
        return None
    full = [r for r in rows if len(r) == ncol]
    starts = [float(c * w) for c in range(ncol)]
    if len(full) >= 3:
        for c in range(ncol):
            xs = sorted(r[c][2] for r in full)
            starts[c] = xs[len(xs) // 2]
    cols: list[list[tuple[int, int, int]]] = [[] for _ in range(ncol)]
    prev_keep: tuple[int, ...] = ()
    for li, ((ls, le), r, new_block) in enumerate(zip(lines, rows, fresh)):
        # an engine starts a block (after a blank line) in any column, and without padding
        # before it the position says little there
        unsure = new_block and not regex.match(r"[ \u3000]{4}", text[ls:le])
        best = None
        for keep in itertools.combinations(range(ncol), len(r)):
            cost = sum(3.0 * abs(cell[2] - starts[c]) / w for cell, c in zip(r, keep)) * (0.3 if unsure else 1.0)
            for k in range(1, len(r)):
                # a column skipped between two cells leaves its width of spaces behind
                if keep[k] - keep[k - 1] > 1 and r[k][2] - r[k - 1][2] < 1.5 * w:
                    cost += 3.0
            if not new_block and keep == prev_keep:
                cost -= 2.0  # inside a block the columns carry on
            if join_score is not None and (len(r) < ncol or unsure):
                # the text decides too: a column's cells run on
                for cell, c in zip(r, keep):
                    if cols[c]:
                        prev = cols[c][-1]
                        b = text[cell[0]:cell[1]]
                        cost -= join_score(text[prev[0]:prev[1]], b) + 6.0 * _shared(text, cols[c][-6:], b)
            if best is None or cost < best[0]:
                best = (cost, keep)
        prev_keep = best[1]
        for cell, c in zip(r, best[1]):
            cols[c].append((cell[0], cell[1], li))
    return w, [col for col in cols if col]
