"""Layout from word boxes: columns, headlines and stories of a page read by an OCR engine.

Coordinates make most of the work of the text path unnecessary: a newspaper page is a grid of
columns separated by gutters, each story is a headline and the column pieces under it.  This
stage works on words with pixel boxes (hOCR, ALTO, PAGE XML) and returns the page's stories,
each with its blocks in reading order; the text pipeline then only repairs them.

1. *Gutters*: vertical strips where the centres of characters (punctuation, which hangs into
   gutters, left out) almost never fall.  They give the column grid.
2. *Pieces*: each engine line is cut where its words fall in different columns (an engine
   that reads straight across the page joins one line of every column), so a piece is one
   line of one column — or a line that runs on over a gutter, which only headlines and
   bylines do.  Positions are measured on characters, not on boxes that carry rules (``|``)
   or hanging punctuation; the engine's word order inside a line stands.
3. *Headlines*: pieces in a clearly larger font, or centred in their column(s), not a sentence,
   and standing apart (a gap above, over a gutter, a plain line at the top of the page).
   Consecutive head pieces form one head: title lines first, then bylines and decks.
4. *Stories*: a head owns the columns under it — those it covers, widened symmetrically over
   neighbouring columns that are empty beside it and start right under it (a short headline
   centred over three columns), and to the right when it is set flush left.  Walking each
   column top to bottom, a body piece belongs to the last head above it that owns the column;
   what no head owns is an untitled story.

>>> stories([Word("标题", (100, 0, 300, 60), 0)]) is None   # too few words to show a grid
True
"""
from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass

import regex

from .textutil import is_cjk, mostly_cjk

_SENTENCE = regex.compile(r"[。！？!?]|[，、；：,;:]$")
_BYLINE = regex.compile(r"^\W{0,2}(?:本报|新华社|中新社|记者|通讯员|特约|见习|实习|文[/／:：]|图[/／:：]|摄)|"
                        r"(?:记者|通讯员|报道|摄影?)\s*$")
_PUNCT = regex.compile(r"[。，；！？、,;!?]")
_RULE = regex.compile(r"^[|｜丨lI1!！:：;；.·\-—_]+$")
MIN_WORDS = 20
#: the most a page's boxes may span, in its units: a broadsheet scanned at 1,200 dpi is about
#: 28,000 pixels wide (the gutter profile has one cell per unit)
MAX_SPAN = 200_000


@dataclass(frozen=True)
class Word:
    """One recognised word (for Chinese, often one to a few characters), its box ``(x0, y0,
    x1, y1)`` in pixels and the engine line it came from."""

    text: str
    box: tuple[int, int, int, int]
    line: int


@dataclass(frozen=True)
class StoryBlock:
    """One block of a story: ``role`` is ``kicker`` (a smaller line above the title),
    ``title``, ``head`` (byline, deck: a line under the title) or ``body``; ``lines`` its
    paragraphs (body) or lines (heads); ``boxes`` the box of each of them (empty: the block's
    ``box`` for all)."""

    role: str
    lines: tuple[str, ...]
    box: tuple[int, int, int, int]
    boxes: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class Story:
    """A headline and its column pieces in reading order (``titled`` False for text that no
    headline owns)."""

    blocks: tuple[StoryBlock, ...]
    titled: bool


@dataclass
class _Piece:
    words: list[Word]
    x0: int
    y0: int
    x1: int
    y1: int
    lo: int = 0        # first column
    hi: int = 0        # last column
    kind: str = "body"  # body | head
    centred: bool = False  # centred in its column(s)

    @property
    def text(self) -> str:
        return join_words([w.text for w in self.words])

    @property
    def height(self) -> float:
        return statistics.median(w.box[3] - w.box[1] for w in self.words)

    def chars(self) -> float:
        n = 0.0
        for w in self.words:
            for c in w.text:
                n += 0.5 if c.isascii() else 1.0
        return max(n, 0.5)


def join_words(words: list[str]) -> str:
    """Words of one line: no space between CJK words, one between Latin ones.

    >>> join_words(["记者", "Mark", "Smith", "报道"])
    '记者Mark Smith报道'
    """
    out = ""
    for w in words:
        w = w.strip()
        if not w:
            continue
        if out and (out[-1].isascii() and out[-1].isalnum()) and (w[0].isascii() and w[0].isalnum()):
            out += " "
        out += w
    return out


def stories(words: list[Word]) -> list[Story] | None:
    """The page's stories from its words, or None when the words show no column grid (the
    caller then lays the page out another way).  On a page without headlines every story is
    untitled: a column piece each, in reading order."""
    # every word is kept (its text is the page's); a box of no width or height gets one pixel
    words = [w if w.box[2] > w.box[0] and w.box[3] > w.box[1] else
             Word(w.text, (w.box[0], w.box[1], max(w.box[2], w.box[0] + 1), max(w.box[3], w.box[1] + 1)), w.line)
             for w in words if w.text.strip()]
    if len(words) < MIN_WORDS:
        return None
    if max(max(w.box[2] for w in words) - min(w.box[0] for w in words),
           max(w.box[3] for w in words) - min(w.box[1] for w in words)) > MAX_SPAN:
        return None  # a box far off any page (a broken file's 99999999999): no grid to read
    # the grid is read from CJK type, one character a cell; a page mostly in other scripts
    # (words of letters set with spaces between them) is laid out by its blocks instead
    if not mostly_cjk("".join(w.text for w in words)):
        return None
    hb = statistics.median(w.box[3] - w.box[1] for w in words)
    widths = [(w.box[2] - w.box[0]) / len(w.text) for w in words
              if len(w.text) >= 2 and all(is_cjk(c) for c in w.text)]
    pitch = statistics.median(widths) if len(widths) >= 10 else hb
    cols = _columns(words, hb, pitch)
    if not cols:
        return None
    pieces = _pieces(words, cols, pitch)
    edges = _edges(pieces, cols)
    lp = _line_pitch(pieces, len(cols), hb)
    heads = _heads(pieces, edges, hb, pitch, lp)
    return _assign(pieces, heads, edges, pitch, lp)


# ---------------------------------------------------------------- grid
def _columns(words: list[Word], hb: float, pitch: float) -> list[tuple[int, int]]:
    """Column intervals between gutters: x ranges where (almost) no body word lies."""
    body = [w for w in words if w.box[3] - w.box[1] <= 1.6 * hb and not _RULE.match(w.text)]
    if not body:
        return []
    x0 = min(w.box[0] for w in body)
    x1 = max(w.box[2] for w in body)
    # where word centres fall, each spread over half a character: a justified CJK column puts
    # its centres on a grid one character apart, a gutter leaves a character and more empty
    diff = [0] * (x1 - x0 + 2)
    half = max(1, int(0.3 * pitch))
    for w in body:
        # the centre of each character but punctuation, which hangs into the gutter at a
        # line's end
        step = (w.box[2] - w.box[0]) / len(w.text)
        for k, ch in enumerate(w.text):
            if not ch.isalnum():
                continue
            cc = int(w.box[0] - x0 + (k + 0.5) * step)
            diff[max(0, cc - half)] += 1
            diff[min(len(diff) - 1, cc + half)] -= 1
    prof = []
    c = 0
    for d in diff[:-1]:
        c += d
        prof.append(c)
    high = sorted(prof)[int(0.9 * (len(prof) - 1))]
    thr = max(1, 0.1 * high)
    gaps = []
    start = None
    for x, v in enumerate(prof):
        if v <= thr:
            if start is None:
                start = x
        elif start is not None:
            gaps.append((start, x))
            start = None
    # a gap between centres of at least 1.4 characters, less the spread on both sides
    gaps = [(a + x0 - half, b + x0 + half) for a, b in gaps if a > 0 and b - a + 2 * half >= 1.4 * pitch]
    gaps = [g for g in gaps if _is_gutter(g, words, pitch)]
    out = []
    left = x0
    for a, b in gaps:
        if a - left >= 3 * pitch:
            out.append((left, a))
            left = b
    if x1 - left >= 3 * pitch:
        out.append((left, x1))
    elif out:
        out[-1] = (out[-1][0], x1)
    return out


def _is_gutter(gap: tuple[int, int], words: list[Word], pitch: float) -> bool:
    """A gap in the word profile is a gutter unless the lines that run over it show only the
    small gaps between characters there (CJK glyphs of a justified column line up)."""
    mid = (gap[0] + gap[1]) / 2
    lines: dict[int, list[Word]] = {}
    for w in words:
        if abs((w.box[0] + w.box[2]) / 2 - mid) < 4 * pitch:
            lines.setdefault(w.line, []).append(w)
    seen = []
    for ws in lines.values():
        left = [w.box[2] for w in ws if (w.box[0] + w.box[2]) / 2 < mid]
        right = [w.box[0] for w in ws if (w.box[0] + w.box[2]) / 2 >= mid]
        if left and right:
            seen.append(min(right) - max(left))
    if len(seen) < 5:
        return True
    seen.sort()
    return seen[len(seen) // 2] >= 0.6 * pitch


def _tokens(ws: list[Word]) -> list[list[Word]]:
    """Words of one engine line in runs that must stay together: a word of punctuation only
    goes with the nearer of its neighbours."""
    out: list[list[Word]] = []
    pending: list[Word] = []
    for k, w in enumerate(ws):
        if any(c.isalnum() for c in w.text):
            out.append(pending + [w])
            pending = []
            continue
        prev_gap = w.box[0] - out[-1][-1].box[2] if out else None
        nxt = ws[k + 1] if k + 1 < len(ws) else None
        next_gap = nxt.box[0] - w.box[2] if nxt else None
        if prev_gap is not None and (next_gap is None or prev_gap <= next_gap):
            out[-1].append(w)
        else:
            pending.append(w)
    if pending:
        if out:
            out[-1].extend(pending)
        else:
            out.append(pending)
    return out


def _first_core(ws: list[Word]) -> Word:
    return next((w for w in ws if any(c.isalnum() for c in w.text)), ws[0])


def _last_core(ws: list[Word]) -> Word:
    return next((w for w in reversed(ws) if any(c.isalnum() for c in w.text)), ws[-1])


def _core(w: Word) -> tuple[float, float]:
    """The x range of a word's letters and characters, without the punctuation at its ends
    (which the engine boxes with it and which may hang into a gutter)."""
    t = w.text
    i, j = 0, len(t)
    while i < j and not t[i].isalnum():
        i += 1
    while 0 < i < j and t[i] == "一":  # "——" read as "-一"
        i += 1
    while j > i and not t[j - 1].isalnum():
        j -= 1
    if i >= j:
        return float(w.box[0]), float(w.box[2])
    step = (w.box[2] - w.box[0]) / len(t)
    return w.box[0] + i * step, w.box[0] + j * step


def _col_of(x: float, cols: list[tuple[int, int]]) -> int:
    starts = [c[0] for c in cols]
    i = max(0, bisect.bisect_right(starts, x) - 1)
    if i + 1 < len(cols) and x > cols[i][1] and x - cols[i][1] > cols[i + 1][0] - x:
        i += 1
    return i


def _pieces(words: list[Word], cols, pitch: float) -> list[_Piece]:
    """Engine lines cut at the gutters; pieces of one column on one row merged."""
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    raw: list[list[Word]] = []
    for ln in sorted(by_line):
        toks = _tokens(by_line[ln])  # the engine's own order: its boxes overlap and mislead
        cur = list(toks[0])
        for tok in toks[1:]:
            a, b = _core(_last_core(cur)), _core(_first_core(tok))
            ca, cb = _col_of((a[0] + a[1]) / 2, cols), _col_of((b[0] + b[1]) / 2, cols)
            # a line that runs on over a gutter (a gap between characters well under the
            # gutter's width) is a headline or a byline over several columns
            spill = cb == ca + 1 and b[0] - a[1] < 0.6 * max(pitch, cols[cb][0] - cols[ca][1] - pitch)
            wide = 4 * max(pitch, _last_core(cur).box[3] - _last_core(cur).box[1],
                           _first_core(tok).box[3] - _first_core(tok).box[1])
            if b[0] - a[1] > wide or (ca != cb and not spill):
                raw.append(cur)
                cur = []
            cur.extend(tok)
        raw.append(cur)
    pieces = []
    for ws in raw:
        p = _Piece(ws, min(w.box[0] for w in ws), min(w.box[1] for w in ws),
                   max(w.box[2] for w in ws), max(w.box[3] for w in ws))
        c0, c1 = _pcore(p)
        p.lo = _col_of(c0 + 0.3 * pitch, cols)
        p.hi = max(p.lo, _col_of(c1 - 0.3 * pitch, cols))
        pieces.append(p)
    # one row of one column read as two engine lines: merge
    pieces.sort(key=lambda p: (p.lo, p.y0, p.x0))
    out: list[_Piece] = []
    for p in pieces:
        q = out[-1] if out else None
        if q and q.lo == p.lo and q.hi == p.hi and _yover(q, p) > 0.5 * min(q.y1 - q.y0, p.y1 - p.y0) \
                and (p.x0 >= q.x1 - pitch or q.x0 >= p.x1 - pitch):
            ws = q.words + p.words if p.x0 >= q.x1 - pitch else p.words + q.words
            out[-1] = _Piece(ws, min(q.x0, p.x0), min(q.y0, p.y0), max(q.x1, p.x1), max(q.y1, p.y1), q.lo, q.hi)
            continue
        out.append(p)
    return out


def _pcore(p: _Piece) -> tuple[float, float]:
    """The x range of a piece's letters and characters (rules and punctuation at its ends
    left out)."""
    return _core(_first_core(p.words))[0], _core(_last_core(p.words))[1]


def _yover(a: _Piece, b: _Piece) -> int:
    return min(a.y1, b.y1) - max(a.y0, b.y0)


def _edges(pieces: list[_Piece], cols) -> list[tuple[float, float]]:
    """The text edges of each column (where its lines start and end)."""
    out = []
    for c, (a, b) in enumerate(cols):
        xs0 = sorted(_pcore(p)[0] for p in pieces if p.lo == c == p.hi)
        xs1 = sorted(_pcore(p)[1] for p in pieces if p.lo == c == p.hi)
        if len(xs0) < 3:
            out.append((a, b))
        else:
            out.append((xs0[int(0.1 * (len(xs0) - 1))], xs1[int(0.9 * (len(xs1) - 1))]))
    return out


def _line_pitch(pieces: list[_Piece], ncols: int, hb: float) -> float:
    d = []
    for c in range(ncols):
        ys = sorted(p.y0 for p in pieces if p.lo == c == p.hi)
        d.extend(b - a for a, b in zip(ys, ys[1:]) if 0.6 * hb < b - a < 3 * hb)
    return statistics.median(d) if d else 1.5 * hb


# ---------------------------------------------------------------- heads
def _heads(pieces: list[_Piece], edges, hb: float, pitch: float, lp: float) -> list[list[_Piece]]:
    """Mark head pieces and group them into heads (title lines, byline, deck)."""
    above: dict[int, _Piece | None] = {}
    for p in pieces:
        best = None
        for q in pieces:
            if q is not p and q.hi >= p.lo and q.lo <= p.hi and q.y0 < p.y0 and q.y1 <= p.y0 + 0.5 * (p.y1 - p.y0):
                if best is None or q.y1 > best.y1:
                    best = q
        above[id(p)] = best
    top = min(p.y0 for p in pieces)
    for p in sorted(pieces, key=lambda p: p.y0):
        t = p.text
        if not t or _SENTENCE.search(t) or p.chars() > 40:
            continue
        x0, x1 = edges[p.lo][0], edges[p.hi][1]
        c0, c1 = _pcore(p)
        left, right = c0 - x0, x1 - c1
        centred = min(left, right) >= 1.2 * pitch and abs(left - right) <= max(0.8 * pitch, 0.15 * (left + right))
        if _PUNCT.search(t) and min(left, right) < 3 * pitch:
            centred = False  # a line of a paragraph that the engine read short at both ends
        p.centred = centred
        big = p.height >= 1.15 * hb and (p.x1 - p.x0) / p.chars() >= 1.15 * pitch
        prev = above.get(id(p))
        apart = prev is None or p.y0 - prev.y0 >= 1.6 * lp or prev.kind == "head" or p.hi > p.lo
        para_start = 1.2 * pitch <= left <= 3.0 * pitch and right < 0.8 * pitch
        plain = not _PUNCT.search(t) and not para_start
        comma = bool(_PUNCT.search(t))
        bigger = p.height >= 1.3 * hb and (p.x1 - p.x0) / p.chars() >= 1.3 * pitch
        if (big and apart and not para_start and (not comma or bigger)) or (centred and apart) or (big and centred):
            p.kind = "head"
        elif plain and prev is None and p.y0 < top + 0.5 * lp:
            p.kind = "head"  # the top line of a column: a headline in the body's size
        elif plain and prev is not None and prev.kind == "head" and p.y0 - prev.y1 < 0.8 * lp \
                and abs(p.height - prev.height) <= 0.2 * prev.height and not _BYLINE.search(prev.text):
            p.kind = "head"  # the next line of a headline
    # heads: consecutive head pieces over overlapping columns
    hp = sorted((p for p in pieces if p.kind == "head"), key=lambda p: (p.y0, p.x0))
    groups: list[list[_Piece]] = []
    for p in hp:
        for g in groups:
            q = g[-1]
            # one headline the engine cut in two at a gutter: the same row, close, and not
            # two headlines each centred over its own column
            (a0, a1), (b0, b1) = _pcore(q), _pcore(p)
            same_row = _yover(p, q) > 0.5 * min(p.y1 - p.y0, q.y1 - q.y0) \
                and 0 <= max(b0 - a1, a0 - b1) < 0.8 * min(p.y1 - p.y0, q.y1 - q.y0) \
                and not (p.centred and q.centred)
            if same_row or p.lo <= max(x.hi for x in g) and p.hi >= min(x.lo for x in g) and p.y0 > q.y0 \
                    and p.y0 - q.y1 < 1.5 * lp:
                g.append(p)
                break
        else:
            groups.append([p])
    # a head must hold more than a byline-like line on its own; such a line stays text
    keep = []
    for g in groups:
        if all(_BYLINE.search(x.text) for x in g):
            for x in g:
                x.kind = "body"
        else:
            keep.append(g)
    return keep


def _span(g: list[_Piece], pieces: list[_Piece], heads, edges, pitch: float, lp: float) -> tuple[int, int]:
    """The columns a head owns: those it covers, widened symmetrically over neighbours that are
    empty beside it and whose text starts right under it."""
    lo, hi = min(p.lo for p in g), max(p.hi for p in g)
    y0, y1 = min(p.y0 for p in g), max(p.y1 for p in g)
    ncols = len(edges)
    others = [h for h in heads if h is not g]

    def free(c: int) -> bool:
        if c < 0 or c >= ncols:
            return False
        if any(p.lo <= c <= p.hi and p.kind == "body" and p.y1 > y0 - 0.3 * lp and p.y0 < y1 for p in pieces):
            return False
        if any(min(p.lo for p in h) <= c <= max(p.hi for p in h) and
               min(p.y0 for p in h) < y1 + 2 * lp and max(p.y1 for p in h) > y0 - 2 * lp for h in others):
            return False
        below = [p.y0 for p in pieces if p.lo <= c <= p.hi and p.y0 >= y1 - 0.3 * lp]
        return bool(below) and min(below) - y1 < 3.5 * lp

    while free(lo - 1) and free(hi + 1):
        lo, hi = lo - 1, hi + 1
    if min(p.x0 for p in g) - edges[lo][0] < pitch:  # a headline set flush left
        while free(hi + 1):
            hi += 1
    return lo, hi


def _assign(pieces: list[_Piece], heads: list[list[_Piece]], edges, pitch: float, lp: float) -> list[Story]:
    ncols = len(edges)
    spans = [_span(g, pieces, heads, edges, pitch, lp) for g in heads]
    segs: dict[int, list[tuple[int, list[_Piece]]]] = {k: [] for k in range(len(heads))}
    orphans: list[list[_Piece]] = []
    for c in range(ncols):
        events = [(p.y0, 1, p) for p in pieces if p.kind == "body" and p.lo <= c <= p.hi and
                  (p.lo == c)]
        events += [(min(p.y0 for p in g), 0, k) for k, g in enumerate(heads) if spans[k][0] <= c <= spans[k][1]]
        events.sort(key=lambda e: (e[0], e[1]))
        owner = None
        run: list[_Piece] = []

        def flush():
            if run:
                if owner is None:
                    orphans.append(list(run))
                else:
                    segs[owner].append((c, list(run)))
                run.clear()

        for _, kind, x in events:
            if kind == 0:
                flush()
                owner = x
            else:
                run.append(x)
        flush()
    out: list[tuple[tuple[int, int], Story]] = []
    for k, g in enumerate(heads):
        blocks = _head_blocks(g)
        for c, run in segs[k]:
            blocks.append(_body_block(run, edges[c], pitch))
        out.append(((min(p.y0 for p in g), min(p.x0 for p in g)), Story(tuple(blocks), True)))
    for run in orphans:
        out.append(((run[0].y0, run[0].x0), Story((_body_block(run, edges[run[0].lo], pitch),), False)))
    out.sort(key=lambda s: s[0])
    return [s for _, s in out]


def _head_blocks(g: list[_Piece]) -> list[StoryBlock]:
    """A head's lines (pieces on one row read left to right) as blocks: kicker lines, the
    title, then bylines and decks (``head``)."""
    rows: list[list[_Piece]] = []
    for p in sorted(g, key=lambda p: p.y0):
        if rows and _yover(rows[-1][0], p) > 0.5 * min(rows[-1][0].y1 - rows[-1][0].y0, p.y1 - p.y0):
            rows[-1].append(p)
        else:
            rows.append([p])
    lines = [sorted(r, key=lambda p: p.x0) for r in rows]
    texts = [join_words([p.text for p in ln]) for ln in lines]

    def size(ln: list[_Piece]) -> float:
        return sum(p.x1 - p.x0 for p in ln) / sum(p.chars() for p in ln)

    # the title: the line in the largest type that is no byline, with the lines next to it in
    # about its size; smaller lines above it are a kicker (引题), those below bylines and decks
    cands = [k for k in range(len(lines)) if not _BYLINE.search(texts[k])]
    title: list[int] = []
    if cands:
        first = min(cands)
        plain = [k for k in cands if sum(p.chars() for p in lines[k]) >= 4 and not _PUNCT.search(texts[k])]
        top = max(plain, key=lambda k: (size(lines[k]), -k)) if plain else first
        if size(lines[first]) >= 0.8 * size(lines[top]):
            top = first  # no clearly larger line: the title is the first
        title = [top]
        for step in (-1, 1):
            k = top + step
            while k in cands and size(lines[k]) >= 0.85 * size(lines[top]):
                title.insert(0, k) if step < 0 else title.append(k)
                k += step
    out = [StoryBlock("kicker" if title and k < title[0] else "head", (texts[k],), _union(ln))
           for k, ln in enumerate(lines) if k not in title]
    if title:
        at = sum(1 for k in range(len(lines)) if k < title[0])
        out.insert(at, StoryBlock("title", (join_words([texts[k] for k in title]),),
                                  _union([p for k in title for p in lines[k]])))
    return out


def _body_block(run: list[_Piece], edge: tuple[float, float], pitch: float) -> StoryBlock:
    """A column piece's lines joined into paragraphs: a paragraph starts at an indented line
    and ends at a line that stops short of the column's right edge."""
    paras: list[str] = []
    boxes: list[tuple[int, int, int, int]] = []
    cur: list[_Piece] = []

    def flush() -> None:
        paras.append(join_words([p.text for p in cur]))
        boxes.append(_union(cur))
        cur.clear()

    run = sorted(run, key=lambda p: p.y0)
    for p in run:
        c0, c1 = _pcore(p)
        if cur and c0 - edge[0] >= 1.2 * pitch:
            flush()
        cur.append(p)
        if edge[1] - c1 >= 1.5 * pitch:
            flush()
    if cur:
        flush()
    return StoryBlock("body", tuple(paras), _union(run), tuple(boxes))


def _union(ps: list[_Piece]) -> tuple[int, int, int, int]:
    """The box round some pieces."""
    return min(p.x0 for p in ps), min(p.y0 for p in ps), max(p.x1 for p in ps), max(p.y1 for p in ps)
