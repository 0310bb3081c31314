"""The pure core: one page of text in, a :class:`~pagefix.model.PageResult` out.

Stages, each a module: ``segment`` (fragments and roles) → ``normalize`` (conservative repair,
every edit recorded) → ``continuity`` (pair scores) → ``assemble`` (articles in reading order),
then the post-checks: conservation (no character lost) and replay (edits reproduce the text).

>>> r = repair("青岛市民健身有了好去处\\n□记者 薄克国 报道\\n5月11日，全民篮球联赛在青岛举行。")
>>> r.articles[0].title, r.articles[0].byline, r.articles[0].paragraphs
('青岛市民健身有了好去处', '□记者 薄克国 报道', ('5月11日，全民篮球联赛在青岛举行。',))
"""
from __future__ import annotations

import bisect
import collections
import dataclasses
import itertools
import re
from typing import TYPE_CHECKING

from .assemble import Assembler
from .config import Config
from .continuity import PAGE_TRIGRAM, ContinuityModel, FragInfo
from .errors import InputError, InternalError, check_text
from .model import Edit, Fragment, LineBox, PageResult, Role, Warning
from .normalize import Normalizer, apply_edits
from .resources import Resources, get_resources
from .segment import segment
from .textutil import list_item, mostly_cjk, view

#: the roles whose text goes to an article's head fields, not its paragraphs
_HEAD_ROLES = frozenset({Role.TITLE, Role.KICKER, Role.DECK, Role.BYLINE, Role.COLUMN, Role.JUMP})
#: what parts the cells of a line read across columns (spaces, rules)
_CELL_GAP = re.compile(r"[\s|]+")

if TYPE_CHECKING:
    from .readers import Page

#: roles whose spaces are typography (链长制优化升级 大中小企业融通), not OCR damage
HEADINGS = frozenset({Role.TITLE, Role.KICKER, Role.DECK, Role.BYLINE, Role.COLUMN, Role.SUBHEAD, Role.JUMP})
#: a page with fewer letters and digits than this is too short to say it is not Chinese
MIN_LETTERS_FOR_SCRIPT = 20


class Pipeline:
    """Holds the loaded resources and the stage objects; ``repair`` is pure given them."""

    def __init__(self, config: Config | None = None, resources: Resources | None = None) -> None:
        self.config = config or Config()
        self.res = resources or get_resources()
        self.normalizer = Normalizer(self.res)
        self.model = ContinuityModel(self.res)

    def repair_page(self, page: Page) -> PageResult:
        """Repair one page read by :func:`pagefix.read_page`, with what its reader knows of the
        layout (headline hints, the boxes of its lines)."""
        result = self.repair(page.text, page.id, page.meta.get("hints"), page.meta.get("lines"))
        frame = page.meta.get("frame")
        return dataclasses.replace(result, meta={"frame": frame}) if frame else result

    def repair(self, text: str, page_id: str | None = None, hints=None, lines=None) -> PageResult:
        """Repair one page; ``hints`` are role spans from a layout-aware reader (see
        :func:`pagefix.segment.segment`), ``lines`` the ``(start, end, box)`` of each line
        whose box the reader knows (each fragment then carries its lines' boxes)."""
        check_text(text, "repair")
        cfg = self.config
        if not text.strip():
            return PageResult((), (), (), (), (Warning("empty-page", "the page has no text"),), "simplified", page_id)
        if len(text) > cfg.max_chars:
            raise InputError(f"the page has {len(text)} characters, more than max_chars={cfg.max_chars}")
        raw = segment(text, self._joiner(text), hints)
        if len(raw) > cfg.max_fragments:
            raise InputError(f"the page has {len(raw)} fragments, more than max_fragments={cfg.max_fragments}")
        prof = self.normalizer.profile(text)
        script = prof.script
        # on a traditional page, its own spelling decides between variants
        usage = collections.Counter(text) if script == "traditional" else None
        frags: list[Fragment] = []
        warnings: list[Warning] = []
        for i, rf in enumerate(raw):
            pieces = rf.pieces or ((rf.start, rf.end),)
            if len(pieces) == 1:
                new, edits = self.normalizer.normalize(rf.source, cfg, base=rf.start, script=script,
                                                       heading=rf.role in HEADINGS, usage=usage)
            else:
                new, edits = self._normalize_pieces(rf.source, pieces, script, usage)
            frags.append(Fragment(i, rf.start, rf.end, rf.role, rf.source, new, tuple(edits),
                                  pieces if len(pieces) > 1 else ()))
            if cfg.flag_suspicious and len(pieces) == 1:
                warnings.extend(self.normalizer.flags(rf.source, rf.start, script))
        if not mostly_cjk(text) and sum(map(str.isalnum, text)) >= MIN_LETTERS_FOR_SCRIPT:
            warnings.append(Warning("not-chinese", "most of the page's letters are not Chinese: pagefix's "
                                    "models are built for Chinese newspapers and may join or order this text badly"))
        layout = _layout_edits(text, frags)
        out_script = cfg.script if cfg.script != "keep" else script
        if script == "traditional":
            views = [view(self.res.script.t2s(f.text)) for f in frags]
        else:
            views = [view(f.text) for f in frags]
        infos = [self.model.info(v, heading=f.role == Role.SUBHEAD, item=list_item(f.text)) for v, f in zip(views, frags)]
        if any(rf.story is not None for rf in raw):
            asm = Assembler(self.model, cfg).assemble_stories(frags, infos, [rf.story for rf in raw])
        else:
            asm = Assembler(self.model, cfg).assemble(frags, infos, text)
        where = _boxes_of(frags, lines) if lines else {}
        frags = [Fragment(f.id, f.start, f.end, asm.roles.get(f.id, f.role), f.source, f.text, f.edits, f.pieces,
                          where.get(f.id, ())) for f in frags]
        edits = sorted([e for f in frags for e in f.edits] + list(asm.edits) + layout, key=lambda e: (e.start, e.end))
        unassigned = tuple(frags[i] for i in asm.unassigned)
        result = PageResult(asm.articles, unassigned, tuple(frags), tuple(edits), tuple(warnings),
                            out_script, page_id)
        check_conservation(text, result)
        return result

    def _joiner(self, text: str = ""):
        """Continuity of two raw cells, for dealing row-merged cells to columns: a function
        for one page, ``text`` (the same cells are scored against many others; their
        statistics, and the page's own trigrams, are computed once)."""
        m = self.model
        infos: dict[str, FragInfo] = {}
        cells: list[str] = []  # the page's cells' views, made on first need
        attested: dict[str, bool] = {}

        def info(cell: str) -> FragInfo:
            got = infos.get(cell)
            if got is None:
                got = infos[cell] = m.info(view(cell))
            return got

        def page_prints(t: str) -> bool:
            # a trigram of ideographs the corpus never shows and a cell of the page prints
            # (cells of a line read across columns are apart: the page is read cell by cell)
            got = attested.get(t)
            if got is None:
                if not cells:
                    cells.append("\n".join(view(c) for c in _CELL_GAP.split(text)))
                got = attested[t] = all("\u4e00" <= c <= "\u9fff" for c in t) and t not in m.res.lm.tri \
                    and t in cells[0]
            return got

        def join_score(a: str, b: str) -> float:
            x, y = info(a), info(b)
            s = m.local(x, y, repeats=False)[0]
            if not x.closed and len(x.v) >= 2 and len(y.v) >= 2:
                # a cut the page attests (see continuity.page_cut_evidence)
                s += PAGE_TRIGRAM * (page_prints(x.v[-2:] + y.v[0]) + page_prints(x.v[-1] + y.v[:2]))
            return s

        return join_score

    def _normalize_pieces(self, source: str, pieces, script: str, usage=None) -> tuple[str, list[Edit]]:
        """Repair a fragment made of several page spans: edits are found on the joined text and
        mapped back to page offsets; one that would straddle two spans is not made."""
        new, edits = self.normalizer.normalize(source, self.config, base=0, script=script, usage=usage)
        starts = []
        k = 0
        for s, e in pieces:
            starts.append((k, k + e - s, s))
            k += e - s
        mapped = []
        for ed in edits:
            for lo, hi, s in starts:
                if lo <= ed.start and ed.end <= hi and (ed.start < hi or ed.start == ed.end):
                    mapped.append(Edit(ed.rule, s + ed.start - lo, s + ed.end - lo, ed.before, ed.after, ed.reason))
                    break
        if len(mapped) != len(edits):
            new = apply_edits(source, [Edit(e.rule, _local(pieces, e.start), _local(pieces, e.end), e.before,
                                            e.after, e.reason) for e in mapped])
        return new, mapped


def _boxes_of(frags: list[Fragment], lines) -> dict[int, tuple[LineBox, ...]]:
    """The part of each line with a box that each fragment's text comes from, in reading
    order (a fragment cut out of a line gets the line's box)."""
    lines = sorted(lines)
    starts = [ln[0] for ln in lines]
    out = {}
    for f in frags:
        got = []
        for s, e in f.spans:
            k = max(0, bisect.bisect_right(starts, s) - 1)
            while k < len(lines) and lines[k][0] < e:
                ls, le, box = lines[k]
                if le > s:
                    got.append(LineBox(max(s, ls), min(e, le), tuple(box)))
                k += 1
        if got:
            out[f.id] = tuple(got)
    return out


def _local(pieces, pos: int) -> int:
    k = 0
    for s, e in pieces:
        if s <= pos <= e:
            return k + pos - s
        k += e - s
    raise InternalError(f"offset {pos} outside its fragment")


def _layout_edits(text: str, frags: list[Fragment]) -> list[Edit]:
    """Column separators (``|``) between the cells of row-merged lines are layout, not text:
    record their removal so that conservation still accounts for every character."""
    covered = bytearray(len(text))
    for f in frags:
        for s, e in f.spans:
            covered[s:e] = b"\x01" * (e - s)
    return [Edit("layout", k, k + 1, text[k], "", "column separator between row-merged cells")
            for k in _uncovered(text, covered)]


#: swaps 0 and 1 in a coverage mask
_FLIP = bytes([1, 0]) + bytes(range(2, 256))


def _uncovered(text: str, covered: bytearray) -> list[int]:
    """Offsets of the non-space characters a coverage mask leaves out (looked for in C first:
    on most pages there are none)."""
    left = "".join(itertools.compress(text, covered.translate(_FLIP)))
    if not left or left.isspace():
        return []
    return [k for k, c in enumerate(text) if not covered[k] and not c.isspace()]


def check_conservation(text: str, result: PageResult) -> None:
    """The invariant: every non-space character of the page is in exactly one fragment or
    removed by a layout edit; every fragment is in exactly one article or in ``unassigned``;
    every fragment's text is its source with its edits replayed; every article's text is its
    fragments' texts less the recorded cut repeats.  Raises :class:`InternalError` otherwise."""
    covered = bytearray(len(text))
    for f in result.fragments:
        if "".join(text[s:e] for s, e in f.spans) != f.source:
            raise InternalError(f"fragment {f.id} does not match the page at {f.spans}")
        if not f.edits:
            if f.text != f.source:
                raise InternalError(f"fragment {f.id}: edits do not replay")
        elif apply_edits(f.source, [Edit(e.rule, f.to_local(e.start), f.to_local(e.end), e.before, e.after, e.reason)
                                    for e in f.edits]) != f.text:
            raise InternalError(f"fragment {f.id}: edits do not replay")
        for s, e in f.spans:
            if covered.find(1, s, e) >= 0:
                raise InternalError(f"fragment {f.id} overlaps another at {covered.find(1, s, e)}")
            covered[s:e] = b"\x01" * (e - s)
    for e in result.edits:
        if e.rule == "layout":
            covered[e.start:e.end] = b"\x01" * (e.end - e.start)
    lost = _uncovered(text, covered)
    if lost:
        raise InternalError(f"character {text[lost[0]]!r} at {lost[0]} is in no fragment")
    seen: dict[int, int] = {}
    for a in result.articles:
        for fid in a.fragment_ids:
            seen[fid] = seen.get(fid, 0) + 1
    for f in result.unassigned:
        seen[f.id] = seen.get(f.id, 0) + 1
    ids = {f.id for f in result.fragments}
    if set(seen) != ids or any(v != 1 for v in seen.values()):
        raise InternalError("a fragment is missing from the output or placed twice")
    by_id = {f.id: f for f in result.fragments}
    cut = {e.start for e in result.edits if e.rule == "cut-repeat"}
    for a in result.articles:
        texts = [(by_id[fid].role, by_id[fid].text[1:] if by_id[fid].start in cut else by_id[fid].text)
                 for fid in a.fragment_ids]
        heads = [x for x in (a.title, a.kicker, a.deck, a.byline, a.column, a.jump) if x]
        # the body's text is its paragraphs' in order: only the heads need counting (the
        # whole article is counted when that does not hold)
        if "".join(t for r, t in texts if r not in _HEAD_ROLES) == "".join(a.paragraphs) and \
                sorted("".join(t for r, t in texts if r in _HEAD_ROLES).replace(" ", "")) == \
                sorted("".join(heads).replace(" ", "")):
            continue
        want = "".join(t for _, t in texts)
        got = "".join(heads + list(a.paragraphs))
        if dict(collections.Counter(want.replace(" ", ""))) != dict(collections.Counter(got.replace(" ", ""))):
            raise InternalError("an article's text does not add up to its fragments")


def repair(text: str | Page, config: Config | None = None) -> PageResult:
    """Repair one scrambled page: find its fragments, group them into articles, order each
    article, repair the text conservatively.  Nothing is invented and nothing dropped: what
    cannot be placed is in ``result.unassigned``, and every change is in ``result.edits``.

    ``text`` is the page as ``str``, or a :class:`~pagefix.readers.Page` from
    :func:`~pagefix.read_page` (hOCR, ALTO, PAGE XML, images), whose layout is then used.
    Raises :class:`~pagefix.errors.InputError` for anything else; an empty page gives an
    empty result with a warning.
    """
    from .readers import Page  # noqa: F811 - the runtime class (readers import late)

    if isinstance(text, Page):
        return Pipeline(config).repair_page(text)
    return Pipeline(config).repair(text)
