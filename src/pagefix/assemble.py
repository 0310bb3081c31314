"""Assembly: fragments into articles, each in reading order.

1. **Heads.**  Consecutive head fragments (kicker, title, deck, byline, column label, jump
   marker) form a head group.
2. **Sure joins.**  A fragment cut mid-sentence whose continuation is unmistakable (the two are
   each other's best match by a margin: ``服务公|公司``) is joined first; these runs are the units
   of what follows.
3. **Articles.**  Units are clustered bottom-up by topic (rare characters and bigrams: names such
   as 祝潇颖, terms such as 链长制), helped by input order where the page shows it is reliable and by
   likely joins.  Two article heads never merge; a lone headline that merges into another
   article becomes its subhead.  A long headless run that fits nowhere stands alone.
4. **Order.**  Inside each article, runs are joined greedily by continuity and by input order
   among the article's own fragments, the head first.

Bylines and decks on their own go to the article next to them; text-less fragments (a stray
``|``) go to ``unassigned``.
"""
from __future__ import annotations

import bisect
import collections
import heapq
import itertools
import math
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .config import Config
from .continuity import ContinuityModel, FragInfo, cosine_matrix, page_cut_evidence
from .model import Article, Edit, Fragment, Role
from .textutil import DATELINE, LINKED_OPENING, is_cjk, signs_off

ARTICLE_HEADS = frozenset({Role.TITLE, Role.KICKER, Role.COLUMN, Role.JUMP})
MINOR_HEADS = frozenset({Role.BYLINE, Role.DECK})
HEAD = ARTICLE_HEADS | MINOR_HEADS

#: a sure join needs this much continuity (nats) ...
T_SURE = 4.0
#: ... and this margin over the second-best candidate on both sides; on a page read in order,
#: none past the next fragment when that one goes on by more than this (nats)
M_SURE = 2.0
SURE_VETO = 0.0
#: cosine penalty for merging a lone headline into a cluster that already has a head
P_WEAK_HEAD = 0.12
#: clustering bonus (in cosine units) for units that touch in input order, at full page order
B_ADJ = 0.12
#: clustering bonus per nat of continuity across two units' ends, and its cap
B_LINK, B_LINK_CAP = 0.02, 0.15
#: a headless cluster this dissimilar to every article (and long) stands alone
T_ALONE = 0.03
#: on a page of more than 400 body fragments, pairs are scored only within this many
#: fragments of each other in input order (the pairwise work would grow with the square)
BIG_WINDOW = 25
#: Dirichlet smoothing (in characters) of each article's character distribution ...
ALPHA = 3000.0
#: ... growing by this much per character of the article: a long article keeps meeting new
#: words (far more of them than a fixed smoothing's 1 / size allows), so a paragraph of new
#: vocabulary is not pushed off to a short article whose model is still near the corpus's
GROW = 0.5
#: the weight of the articles' log-likelihoods against the input-order transitions
TEMP = 0.5
#: an article's confidence (see Assembler._confidences): the weight of each text unit's margin
#: between its article and the best other (the fits' nats are overconfident: a text's terms
#: are not independent)
CONF_TOPIC_W = 0.25
#: weight (in adjacent pairs) of the first estimate of staying in one article when the
#: labelling re-estimates it
STAY_PRIOR = 8.0
#: a printed headline is evidence of an article of its own: merging a lone headline's article
#: into another needs the evidence for one article against two to exceed this much (nats) ...
HEADLINE_PRIOR = 10.0
#: ... or this much, in a page read in order, for any article but the one the text right
#: before the headline went to ...
HEADLINE_PRIOR_FAR = 30.0
#: ... which needs only this much: a section heading stands between its article's text
SECTION_PRIOR = -5.0
#: evidence (nats) that an article's text is two articles' before a head left without text
#: takes one part (see Assembler._fill_empty), and rounds of moving units between the parts
SPLIT_MIN = 20.0
SPLIT_ROUNDS = 4
#: on a shuffled page, a unit moves to another article that predicts it better by this much (nats)
REFINE_MIN = 5.0
# a headline sums its article up: in the labelling its words count TITLE_WEIGHT times in
# the article's model -- unless some text goes on from its end by TITLE_RUN_ON nats more
# than from any other open end (a cut paragraph's first piece read as a headline)
TITLE_WEIGHT = 6
TITLE_RUN_ON = 3.0
# nats (as the labelling weighs them) against a one-unit excursion out of a run and back, on
# top of the labelling's two switches (_sandwiches)
SANDWICH_PRIOR = 3.0
#: a lone headline whose words are at most this much likelier (nats) under its text than under
#: the corpus does not head that text
FOREIGN_HEAD = 2.0
#: continuity (nats) above which a line that looks like a kicker or deck is text running on
HEAD_RUNS_ON = 3.0
#: a head's next unit seeds its article, on a page of low order, only if it opens like a
#: paragraph by at least this much (nats)
SEED_START = 3.0
#: ... and not when its words and those of the text before the head are likelier one
#: article's than two by more than this (nats): the head was displaced into another story
SEED_RUN_ON = 0.0
#: ... the run's words being those of up to this many units before the head
SEED_RUN_UNITS = 3
#: pages ordered at least this much give an empty head the run of text right after it
#: (see Assembler._fill_empty; medium orders also displace heads)
HEAD_RUN_ORDER = 0.7
#: log-odds against a unit belonging to an article whose head comes later, at full page order
P_BEFORE_HEAD = 6.0
#: inside an article, the bonus for the next fragment of the article in input order, at full
#: page order (nats)
B_NEXT = 6.0
#: ... and for the fragment two places on, or one back (the page swapped two of the article's
#: columns), the same less the log-odds against a swap at the rate the page's sure joins
#: show (smoothed with this prior count of swaps in this many joins -- a page with few sure
#: joins is taken as read in order -- and at most this rate)
SWAP_PRIOR = 0.25
SWAP_PRIOR_JOINS = 5.0
SWAP_MAX = 0.6
#: ... on pages ordered above this (full from twice it: a shuffled page's sure joins show
#: swaps by chance)
SWAP_ORDER = 0.25
#: labelling: weight and cap (nats) of how well a unit goes on from its article's last unit
#: when that unit ends mid-sentence ...
CONT_W = 0.5
CONT_CAP = 6.0
#: ... at full weight from twice this page order, none at or below it (shuffled pages) ...
CONT_ORDER = 0.4
#: ... on pages of at most this many heads (the term makes each step quadratic in heads)
CONT_MAX_HEADS = 40
#: ordering: a fragment after a full stop is scored down by this share of how much less
#: likely its opening is at a paragraph start than anywhere (a piece that opens mid-sentence
#: goes on from a cut, not from a finished sentence)
CLOSED_START_W = 1.0
#: ordering: for the head going on in a unit that opens with a dateline, against any text
#: going on in it (nats, each way): of the pd1998-dev paragraphs that open so, 835 open their
#: article and 112 come later (round-ups); the log-odds, 2.0, split over two joins gave less
DATED_FIRST = 4.0
#: ... and against the head going on in a unit that opens by linking to something before it
#: (但, 因此, 此外, 他说, 这…: 16 of pd1998-dev's 1,785 first paragraphs do, 673 of its 8,000
#: others; the log-odds against, beyond the base rate)
LINKED_FIRST = 2.2
#: ordering: a unit that opens a list's item k goes on in the one that opens item k + 1 (nats;
#: against, for any other item of that list)
ITEM_NEXT = 1.5
#: a page whose units times heads exceed this is labelled in parts of at most this many heads
#: or units (cut before a head); the benchmark's largest page has 13,120
LABEL_BUDGET = 50_000
PART_HEADS = 50
PART_UNITS = 500
#: articles of at most this many units are ordered exactly (the best path over join scores)
EXACT_ORDER = 10
#: text signed off by its source (（新华社稿）, （苏人）: textutil.signs_off) ends its article: 228 of
#: the 262 such paragraphs of pd1998-dev are their article's last.  A join after one costs the
#: log-odds against going on, log((1 - 1/4.9) / (34/262)), about 1.8 nats (4.9: the paragraphs
#: of a pd1998-dev article on average)
SIGNED_LAST = 1.8
# paragraph cohesion in the ordering (:meth:`Assembler._cohesion`): weight, and the shared
# bigram weight (nats) that smooths the ratio
COHESION_W = 1.0
COHESION_K = 5.0
#: the same between a head and its first paragraph (on pd1998-dev the log-likelihood ratio
#: runs from about -1 to +1.5 nats over the clipped range)
HEAD_COHESION_W = 1.0
#: articles of at most this many units have their greedy order mended by or-opt
#: (:func:`_or_opt`): runs of up to OR_OPT_RUN units moved, in at most
#: OR_OPT_ROUNDS sweeps (runs of 3 / 4 / 5 / 6 / 8: Kendall 0.8260 / 0.8271 / 0.8296 / 0.8290 /
#: 0.8288 on the seven dev-made and held-out-dev sets)
OR_OPT_MAX = 60
OR_OPT_RUN = 5
OR_OPT_ROUNDS = 5


@dataclass
class _Unit:
    frags: list[int]            # in reading order
    head: str                   # "strong", "weak" (a lone headline), "minor" (bylines),
                                # "section" (a lone headline inside another article) or ""
    at: int | None = None       # where the unit stands in the page, when not at its first fragment

    @property
    def pos(self) -> int:
        return self.at if self.at is not None else min(self.frags)


@dataclass(frozen=True)
class Assembly:
    articles: tuple[Article, ...]
    unassigned: tuple[int, ...]
    edits: tuple[Edit, ...]
    roles: dict[int, Role] = field(default_factory=dict)


def _link(succ: dict[int, int], pred: dict[int, int], x: int, y: int) -> bool:
    """Join ``x`` -> ``y`` unless it would close a cycle; True when joined."""
    k = y
    while k in succ:
        k = succ[k]
    if k == x:
        return False
    succ[x] = y
    pred[y] = x
    return True


def _best_path(n: int, score: dict[tuple[int, int], float], heads: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """The path through all ``n`` nodes with the highest sum of edge scores (Held-Karp), from a
    head when there is one; returns (successor, predecessor) maps.

    >>> _best_path(3, {(0, 1): 1.0, (1, 2): 1.0, (0, 2): 3.0, (2, 1): 0.5}, [0])[0] == {0: 2, 2: 1}
    True
    """
    neg = float("-inf")
    # each node's edges (successor, its bit, score); per mask the best path value ending at each
    # node, made only for masks some path reaches (a head start leaves most unreached)
    rows = [[(y, 1 << y, score[(x, y)]) for y in range(n) if (x, y) in score and score[(x, y)] > neg]
            for x in range(n)]
    size = 1 << n
    val: list[list[float] | None] = [None] * size
    back: list[list[int] | None] = [None] * size
    for x in heads[:1] or range(n):
        m = 1 << x
        if val[m] is None:
            val[m], back[m] = [neg] * n, [-1] * n
        val[m][x] = 0.0
    for mask in range(1, size):
        vm = val[mask]
        if vm is None:
            continue
        for x in range(n):
            cur = vm[x]
            if cur == neg:
                continue
            for y, by, s in rows[x]:
                if mask & by:
                    continue
                k = mask | by
                vk = val[k]
                if vk is None:
                    vk = val[k] = [neg] * n
                    back[k] = [-1] * n
                v = cur + s
                if v > vk[y]:
                    vk[y] = v
                    back[k][y] = x
    succ: dict[int, int] = {}
    pred: dict[int, int] = {}
    last = val[size - 1]
    if last is None:
        return succ, pred
    x = max(range(n), key=lambda e: (last[e], -e))
    if last[x] == neg:
        return succ, pred
    mask = size - 1
    while back[mask][x] >= 0:
        p = back[mask][x]
        succ[p], pred[x] = x, p
        mask &= ~(1 << x)
        x = p
    return succ, pred


def _or_opt(path: list[int], score: dict[tuple[int, int], float], fixed: int = 0) -> list[int]:
    """A better path through the same nodes: runs of one to :data:`OR_OPT_RUN` nodes move to wherever
    the sum of edge scores grows most, until no move helps (or-opt, at most
    :data:`OR_OPT_ROUNDS` sweeps); the first ``fixed`` nodes stay.  Greedy joins take each
    article's best pair first and leave the rest what remains; this mends what that costs.

    >>> score = {(0, 1): 1.0, (1, 2): 1.0, (0, 2): 0.5, (2, 1): 0.0, (1, 0): 0.0, (2, 0): 0.0}
    >>> _or_opt([0, 2, 1], score)
    [0, 1, 2]
    >>> score[(2, 0)] = 3.0  # 2 -> 0 is the best edge, but 0 is the head and stays first
    >>> _or_opt([0, 2, 1], score), _or_opt([0, 2, 1], score, fixed=1)
    ([2, 0, 1], [0, 1, 2])
    """
    path = list(path)
    for _ in range(OR_OPT_ROUNDS):
        improved = False
        for length in range(1, OR_OPT_RUN + 1):
            i = fixed
            while i + length <= len(path):
                seg = path[i:i + length]
                s0, s1 = seg[0], seg[-1]
                rest = path[:i] + path[i + length:]
                if not rest:
                    break
                # what taking the run out loses, and what putting it back between rest[k - 1]
                # and rest[k] gains, for every k (the ends of the path have one neighbour)
                taken = (score[rest[i - 1], s0] if i > 0 else 0.0) + (score[s1, rest[i]] if i < len(rest) else 0.0) \
                    - (score[rest[i - 1], rest[i]] if 0 < i < len(rest) else 0.0)
                first = max(fixed, 1)  # gains[j] is for k = j + (0 if nothing is fixed else first)
                gains = [] if fixed else [score[s1, rest[0]]]
                gains += [score[a, s0] + score[s1, b] - score[a, b] for a, b in zip(rest[first - 1:], rest[first:])]
                gains.append(score[rest[-1], s0])
                j = max(range(len(gains)), key=gains.__getitem__)
                if gains[j] - taken > 1e-9:
                    k = j + (first if fixed else 0)
                    path = rest[:k] + seg + rest[k:]
                    improved = True
                i += 1
        if not improved:
            break
    return path


def _ramp(x: float, at: float) -> float:
    """0 up to ``at``, rising to 1 at twice ``at``: how much a cue that needs a page read in
    order counts at page order ``x``.

    >>> _ramp(0.2, 0.25), _ramp(0.375, 0.25), _ramp(0.75, 0.25)
    (0.0, 0.5, 1.0)
    """
    return max(0.0, min(1.0, (x - at) / at))


def _sum_bags(bags) -> dict[str, int]:
    """The sum of some bags, counted in C (every term repeated by its count; first appearances
    keep their order, so sums over the result come out the same every time).

    >>> _sum_bags([{"甲": 1, "乙": 2}, {"乙": 1, "丙": 1}])
    {'甲': 1, '乙': 3, '丙': 1}
    """
    chain, rep = itertools.chain.from_iterable, itertools.repeat
    return dict(collections.Counter(chain(chain(map(rep, b.keys(), b.values())) for b in bags)))


def _log_sigmoid(x: float) -> float:
    """log(1 / (1 + e^-x)), without overflow.

    >>> round(_log_sigmoid(0.0), 4), _log_sigmoid(800.0), round(_log_sigmoid(-800.0))
    (-0.6931, -0.0, -800)
    """
    return -math.log1p(math.exp(-x)) if x > -30.0 else x


def _smoothing(n: int | float) -> float:
    """The Dirichlet smoothing of an article of ``n`` characters (terms): ``ALPHA``, growing
    with the article (``GROW``)."""
    return ALPHA + GROW * n


def _fit(xs: list[int], ws: Iterable[float], size: int, counts: Iterable[int], n: int) -> float:
    """log P(a bag | an article of ``n`` terms) / P(the bag | corpus), the article's
    distribution Dirichlet-smoothed towards the corpus (as in the labelling): ``xs`` the bag's
    counts of its terms, ``ws`` their inverse background probabilities, ``size`` the bag's
    size, ``counts`` the article's count of each of those terms."""
    al = _smoothing(n)
    return size * (math.log(al) - math.log(n + al)) + sum(map(operator.mul, xs, map(math.log1p, map(
        operator.mul, map(operator.mul, counts, ws), itertools.repeat(1.0 / al)))))


def _unit_fits(bag: dict[str, int], size: int, inv_abg: dict[str, float]):
    """The labelling's fit of one unit (its shared terms ``bag``, its ``size``) to an article,
    as two functions of the article's bag and size: ``inside`` (the unit is in the article and
    is taken out of it first) and ``outside``.  ``inv_abg``: the terms' weights in the
    labelling (1 / (ALPHA * background))."""
    tu = list(bag)
    xu = list(bag.values())
    wu = [ALPHA * inv_abg[t] for t in tu]

    def inside(art: dict[str, int], art_size: int) -> float:
        return _fit(xu, wu, size, map(operator.sub, map(art.__getitem__, tu), xu), art_size - size)

    def outside(art: dict[str, int], art_size: int) -> float:
        return _fit(xu, wu, size, map(art.get, tu, itertools.repeat(0)), art_size)

    return inside, outside


def _group_bags(groups: list[list["_Unit"]], terms: dict[int, tuple[dict[str, int], int]]) -> tuple[list[dict[str, int]], list[int]]:
    """Each group's summed bag of terms and its size; ``terms``: each unit's bag and size, by
    ``id``."""
    return ([_sum_bags(terms[id(u)][0] for u in g) for g in groups],
            [sum(terms[id(u)][1] for u in g) for g in groups])


def _move_terms(bag: dict[str, int], source: dict[str, int], target: dict[str, int]) -> None:
    """Take a unit's ``bag`` out of ``source`` (keeping no zero counts) into ``target``."""
    for t, x in bag.items():
        if source[t] == x:
            del source[t]
        else:
            source[t] -= x
        target[t] = target.get(t, 0) + x


class _Evidence:
    """How much likelier two bags of terms are as one article's than as two articles': the
    log ratio of their Dirichlet-multinomial evidence (prior: ``ALPHA`` times each term's
    background probability ``bg``).  Unlike a fitted likelihood it does not always prefer
    more articles."""

    def __init__(self, bg) -> None:
        self.bg = bg
        self.prior: dict[str, float] = {}  # term -> alpha * background
        self.lg_prior: dict[str, float] = {}  # and its lgamma

    def gain(self, ba: dict[str, int], na: int, bb: dict[str, int], nb: int) -> float:
        lg, add = math.lgamma, operator.add
        if len(ba) > len(bb):
            ba, bb = bb, ba
        g = lg(ALPHA) - lg(ALPHA + na + nb) + lg(ALPHA + na) + lg(ALPHA + nb) - 2 * lg(ALPHA)
        # the shared terms, in the bag's order (never a set's: sums stay reproducible)
        shared = list(filter(bb.__contains__, ba))
        prior, lg_prior = self.prior, self.lg_prior
        for t in shared:
            if t not in prior:
                prior[t] = al = ALPHA * self.bg(t)
                lg_prior[t] = lg(al)
        al = list(map(prior.__getitem__, shared))
        ax = list(map(add, al, map(ba.__getitem__, shared)))
        ay = list(map(add, al, map(bb.__getitem__, shared)))
        axy = map(add, ax, map(bb.__getitem__, shared))
        return g + (sum(map(lg, axy)) - sum(map(lg, ax)) - sum(map(lg, ay)) + sum(map(lg_prior.__getitem__, shared)))

    def fit(self, bag: dict[str, int], size: int, side: dict[str, int], side_size: int) -> float:
        """log P(bag | an article whose words are ``side``) / P(bag | corpus), the article's
        distribution Dirichlet-smoothed towards the corpus (as in the labelling)."""
        terms = [t for t in bag if t in side]
        return _fit(list(map(bag.__getitem__, terms)), [1.0 / self.bg(t) for t in terms], size,
                    map(side.__getitem__, terms), side_size)


def _has_text(s: str) -> bool:
    return any(c.isalnum() or is_cjk(c) for c in s)


def _place_separators(bodies: list[list[int]], seps: list[int], infos) -> list[int]:
    """Put each separator line (＊＊＊, ……: no letters, so no article of its own) back into the
    article it sits in: where the text just before it and just after it in the input belong to
    one article, follow each other there and meet at a finished sentence (…淮河变清。 ＊＊＊
    编后：).  ``bodies`` (the articles' body sequences) gain them in place; the separators left
    are returned, for ``unassigned``."""
    if not seps:
        return seps
    where = {f: (a, r) for a, body in enumerate(bodies) for r, f in enumerate(body)}
    placed = sorted(where)
    left = []
    for t in seps:
        k = bisect.bisect_left(placed, t)
        p = placed[k - 1] if k else None
        q = placed[k] if k < len(placed) else None
        if p is None or q is None or not infos[p].closed:
            left.append(t)
            continue
        (a, r), (b, s) = where[p], where[q]
        if a != b or s != r + 1:
            left.append(t)
            continue
        bodies[a].insert(r + 1, t)
        where.update((f, (a, x)) for x, f in enumerate(bodies[a]))
    return left


class Assembler:
    """Builds articles from fragments; see the module docstring."""

    def __init__(self, model: ContinuityModel, config: Config) -> None:
        self.m = model
        self.cfg = config
        # what the labelling of this page found, kept for the articles' confidence: each text
        # unit's margin between its article and the best other, and its size (by ``id``)
        self._margins: dict[int, tuple[float, int]] = {}

    # ---------------------------------------------------------------- roles
    def _revise_roles(self, frags: list[Fragment], infos: list[FragInfo]) -> list[Role]:
        roles = [f.role for f in frags]
        n = len(frags)
        for i in range(n):
            # a headline opens like a paragraph; one that starts as no paragraph does is a cut piece
            if roles[i] == Role.TITLE and infos[i].start_llr < -8.0:
                roles[i] = Role.BODY
        # kicker: a long head-like line right above a title; deck: between a head and a byline
        for i in range(n):
            if roles[i] != Role.BODY or infos[i].closed or len(infos[i].v) > 90 or "。" in infos[i].v:
                continue
            if not infos[i].v or infos[i].v[-1] in "，、；：（“":
                continue
            nxt = roles[i + 1] if i + 1 < n else None
            prv = roles[i - 1] if i > 0 else None
            nxt2 = roles[i + 2] if i + 2 < n else None
            near = range(n) if n <= 400 else range(max(0, i - BIG_WINDOW), min(n, i + BIG_WINDOW + 1))
            if (nxt == Role.TITLE or prv in (Role.TITLE, Role.COLUMN)) and any(
                    roles[j] == Role.BODY and self.m.local(infos[i], infos[j])[0] > HEAD_RUNS_ON
                    for j in near if j != i):
                continue  # text cut mid-sentence that runs on elsewhere (…比例继续增|增长的同时)
            if nxt == Role.TITLE and nxt2 in (Role.BYLINE, Role.COLUMN) and (
                    prv is None or prv == Role.BODY and infos[i - 1].closed):
                roles[i] = Role.KICKER
            elif prv in (Role.TITLE, Role.COLUMN) and nxt == Role.BYLINE:
                roles[i] = Role.DECK
        return roles

    @staticmethod
    def _head_groups(roles: list[Role]) -> list[list[int]]:
        groups: list[list[int]] = []
        cur: list[int] = []
        for i, r in enumerate(roles):
            if r not in HEAD:
                if cur:
                    groups.append(cur)
                cur = []
                continue
            have = {roles[k] for k in cur}
            if cur and (r == Role.JUMP or (r == Role.TITLE and have & {Role.TITLE, Role.JUMP, Role.BYLINE})
                        or (r == Role.KICKER and Role.TITLE in have)
                        or (r == Role.COLUMN and Role.COLUMN in have)
                        or (r == Role.BYLINE and Role.BYLINE in have)):
                groups.append(cur)
                cur = []
            cur.append(i)
        if cur:
            groups.append(cur)
        return groups

    @staticmethod
    def _rejoin_stranded(groups: list[list[int]], roles: list[Role], n: int) -> list[tuple[list[int], int | None]]:
        """A headline with no text of its own after it (another article's whole head, headline
        and byline, follows at once) and a byline standing alone amid body text are the two
        halves of one displaced head: when the page has as many of each, pair them in order,
        the pair standing where the byline is (its article's text follows the byline)."""
        head_at = {k: gi for gi, g in enumerate(groups) for k in g}

        def titled(gi: int) -> bool:
            return any(roles[k] == Role.TITLE for k in groups[gi])

        def bylined(gi: int) -> bool:
            return any(roles[k] == Role.BYLINE for k in groups[gi])

        # a headline without text of its own, right before another article's whole head
        stranded = [gi for gi, g in enumerate(groups) if titled(gi) and not bylined(gi)
                    and g[-1] + 1 in head_at and titled(head_at[g[-1] + 1]) and bylined(head_at[g[-1] + 1])]
        lone = [gi for gi, g in enumerate(groups) if all(roles[k] == Role.BYLINE for k in g)
                and g[0] > 0 and g[0] - 1 not in head_at]
        out: list[tuple[list[int], int | None]] = [(list(g), None) for g in groups]
        if not stranded or len(stranded) != len(lone):
            return out
        for t, b in zip(stranded, lone):
            out[t] = (groups[t] + groups[b], groups[b][0])
            out[b] = ([], None)
        return [x for x in out if x[0]]

    # ---------------------------------------------------------------- main
    def assemble(self, frags: list[Fragment], infos: list[FragInfo], text: str = "") -> Assembly:
        """Articles from the page's fragments (``text``, the page, tells which fragments share
        a line)."""
        n = len(frags)
        self._margins = {}  # (one page's: units are known by ``id``)

        def same_line(a: Fragment, b: Fragment) -> bool:
            return bool(text) and not a.pieces and not b.pieces and a.end <= b.start \
                and "\n" not in text[a.end:b.start]

        if n == 0:
            return Assembly((), (), ())
        roles = self._revise_roles(frags, infos)
        m = self.m
        body = [i for i in range(n) if roles[i] not in HEAD]
        unassigned = [i for i in body if not _has_text(frags[i].text)]
        body = [i for i in body if i not in set(unassigned)]

        # continuity between body fragments (a window of neighbours on very large pages)
        window = None if len(body) <= 400 else BIG_WINDOW
        local: dict[tuple[int, int], tuple[float, bool]] = {}
        cands: dict[int, list[int]] = {i: [] for i in body}
        pos = {i: k for k, i in enumerate(body)}
        # after a full stop only the stop and the next text count (ContinuityModel.local):
        # fragments that end alike share their scores
        shared: dict[tuple[str, int], tuple[float, bool]] = {}
        for i in body:
            k0 = pos[i]
            near = body if not window else body[max(0, k0 - window):k0 + window + 1]
            a = infos[i]
            end = a.v[-1] if a.v and a.closed and not any(a.tails) else None
            js = [j for j in near if j != i]
            if end is None:
                row = m.local_row(a, [infos[j] for j in js])
            else:
                todo = [j for j in js if (end, j) not in shared]
                for j, r in zip(todo, m.local_row(a, [infos[j] for j in todo])):
                    shared[(end, j)] = r
                row = [shared[(end, j)] for j in js]
            for j, r in zip(js, row):
                local[(i, j)] = r
            cands[i] = js

        attested = page_cut_evidence({i: infos[i].v for i in body}, [i for i in body if not infos[i].closed],
                                     m.res.lm.tri)
        for key, extra in attested.items():
            if key in local:
                s0, dd = local[key]
                local[key] = (s0 + extra, dd)

        def lo(i: int, j: int) -> float:
            r = local.get((i, j))
            return r[0] if r else 0.0

        # how ordered is the page? measured on the sure mid-sentence cuts
        succ_of, pred_of = self._sure_joins(body, infos, roles, cands, lo)
        order = self._orderliness(succ_of, pos, len(body))
        if order >= 0.5:
            self._drop_skips(succ_of, pred_of, body, lo)

        # units: head groups and runs of sure joins ----------------------------
        units: list[_Unit] = []
        for g, at in self._rejoin_stranded(self._head_groups(roles), roles, n):
            strong = len(g) > 1 or any(roles[k] in (Role.JUMP, Role.COLUMN, Role.KICKER) for k in g)
            if any(roles[k] in ARTICLE_HEADS for k in g):
                units.append(_Unit(list(g), "strong" if strong else "weak", at))
            else:
                units.append(_Unit(list(g), "minor"))
        # a jump marker printed on the same line as its text ("(上接第一版)围绕…") heads that text
        glued = {}
        for u in units:
            j = u.frags[-1]
            if roles[j] == Role.JUMP and j + 1 < n and j + 1 in pos and j + 1 not in pred_of \
                    and same_line(frags[j], frags[j + 1]):
                glued[j + 1] = u
        for i in body:
            if i in pred_of:
                continue
            run = [i]
            while run[-1] in succ_of:
                run.append(succ_of[run[-1]])
            if i in glued:
                glued[i].frags.extend(run)
            else:
                units.append(_Unit(run, ""))
        minor = [u for u in units if u.head == "minor"]
        units = [u for u in units if u.head != "minor"]

        # the page order the continuity term in labelling needs: the share of sure joins that
        # go on in the very next fragment, with no prior (a page without them may be shuffled)
        seen = self._in_order(succ_of, pos) / (len(succ_of) + 1)
        anchors = self._anchors(units, roles, infos, body, local)
        clusters = []
        for part in self._parts(units):
            clusters.extend(self._label(part, infos, order, n, roles, lo=lo, seen=seen, anchors=anchors)
                            or self._cluster(part, infos, local, order, n))
        articles, extra = self._finish(clusters, minor, roles, n)

        out: list[tuple[int, Article]] = []
        edits: list[Edit] = []
        swaps = self._swap_rate(articles, roles)
        built = []
        for cl, heads_extra in zip(articles, extra):
            seq, links = self._order_cluster(cl, roles, lo, order, infos, swaps)
            heads = sorted(heads_extra + [k for k in seq if roles[k] in HEAD])
            built.append((heads, [k for k in seq if roles[k] not in HEAD], links))
        unassigned = _place_separators([b for _, b, _ in built], unassigned, infos)
        confs = self._confidences([b for _, b, _ in built], infos, {f: un for un in units for f in un.frags})
        for (heads, bodyseq, links), conf in zip(built, confs):
            art, e = self._build(frags, infos, roles, heads, bodyseq, links, local, conf)
            edits.extend(e)
            out.append((min(bodyseq + heads), art))
        out.sort(key=lambda x: x[0])
        return Assembly(tuple(a for _, a in out), tuple(sorted(unassigned)), tuple(edits),
                        {i: roles[i] for i in range(n)})

    def assemble_stories(self, frags: list[Fragment], infos: list[FragInfo], stories: list[int | None]) -> Assembly:
        """Articles when the page geometry (:mod:`pagefix.geometry`) or the row bands
        (:mod:`pagefix.columns`) have already put every fragment in a story and in reading
        order: one article per headed story, the pieces in
        the given order.  A story without a headline (text no headline stands over) joins the
        headed story whose end it continues best, or stays an article of its own."""
        n = len(frags)
        if n == 0:
            return Assembly((), (), ())
        roles = [f.role for f in frags]
        unassigned = [i for i in range(n) if roles[i] not in HEAD and not _has_text(frags[i].text)]
        skip = set(unassigned)
        members: dict[int, list[int]] = {}
        for i in range(n):
            if i not in skip:
                members.setdefault(stories[i] if stories[i] is not None else -1 - i, []).append(i)
        headed = [k for k, fs in members.items() if any(roles[i] == Role.TITLE for i in fs)]
        order = sorted(members, key=lambda k: min(members[k]))
        m = self.m
        for k in order:
            if k in headed:
                continue
            fs = [i for i in members[k] if roles[i] not in HEAD]
            if not fs:
                continue
            best = None
            for h in headed:
                tail = [i for i in members[h] if roles[i] not in HEAD]
                if tail:
                    sc = m.local(infos[tail[-1]], infos[fs[0]])[0]
                    if sc > 0 and (best is None or sc > best[0]):
                        best = (sc, h)
            if best:
                members[best[1]].extend(members.pop(k))
        out: list[tuple[int, Article]] = []
        edits: list[Edit] = []
        bodies = {k: [i for i in fs if roles[i] not in HEAD] for k, fs in members.items()}
        unassigned = _place_separators(list(bodies.values()), unassigned, infos)
        confs = dict(zip(bodies, self._confidences(list(bodies.values()), infos)))
        for k, fs in members.items():
            heads = [i for i in fs if roles[i] in HEAD]
            body = bodies[k]
            fs = heads + body  # with the separators placed in it
            local = {(a, b): m.local(infos[a], infos[b]) for a, b in zip(body, body[1:])}
            links = {a: b for a, b in zip(body, body[1:])}
            art, e = self._build(frags, infos, roles, heads, body, links, local, confs[k])
            edits.extend(e)
            out.append((min(fs), art))
        out.sort(key=lambda x: x[0])
        return Assembly(tuple(a for _, a in out), tuple(sorted(unassigned)), tuple(edits),
                        {i: roles[i] for i in range(n)})

    # ---------------------------------------------------------------- stages
    @staticmethod
    def _parts(units: list[_Unit]) -> list[list[_Unit]]:
        """The page's units in one part, or, on a page far larger than a newspaper's (pages of a
        book run together, a table of contents of hundreds of headline-like lines: units times
        heads above ``LABEL_BUDGET``), in consecutive parts cut before a head every
        ``PART_HEADS`` heads or ``PART_UNITS`` units, labelled each on its own: the labelling and
        the section merge grow with the square of the heads, the parts keep a page linear."""
        k = sum(1 for u in units if u.head)
        if len(units) * k <= LABEL_BUDGET:
            return [units]
        parts: list[list[_Unit]] = [[]]
        heads = 0
        for u in sorted(units, key=lambda u: u.pos):
            if u.head and (heads >= PART_HEADS or len(parts[-1]) >= PART_UNITS):
                parts.append([])
                heads = 0
            parts[-1].append(u)
            heads += bool(u.head)
        return parts

    @staticmethod
    def _sure_joins(body, infos, roles, cands, lo) -> tuple[dict[int, int], dict[int, int]]:
        """Joins each side picks first by a margin: ``A`` open, ``B`` its best continuation,
        and ``A`` the best opening ``B`` has among open fragments."""
        best_succ: dict[int, tuple[float, float, int]] = {}
        best_pred: dict[int, list[tuple[float, int]]] = {}
        for i in body:
            if infos[i].closed or roles[i] == Role.SUBHEAD:
                continue
            sc = sorted(((lo(i, j), j) for j in cands[i]), reverse=True)
            if not sc:
                continue
            second = sc[1][0] if len(sc) > 1 else -30.0
            best_succ[i] = (sc[0][0], second, sc[0][1])
            for s, j in sc[:3]:
                best_pred.setdefault(j, []).append((s, i))
        succ_of: dict[int, int] = {}
        pred_of: dict[int, int] = {}
        for i, (s, second, j) in sorted(best_succ.items(), key=lambda x: -x[1][0]):
            if s < T_SURE or s - second < M_SURE or j in pred_of or roles[j] == Role.SUBHEAD:
                continue
            preds = sorted(best_pred.get(j, []), reverse=True)
            if preds[0][1] != i or (len(preds) > 1 and preds[0][0] - preds[1][0] < M_SURE):
                continue
            _link(succ_of, pred_of, i, j)
        return succ_of, pred_of

    @staticmethod
    def _drop_skips(succ_of: dict[int, int], pred_of: dict[int, int], body: list[int], lo) -> None:
        """In a page read in order, a sure join past the next fragment is not sure when that
        fragment reads on too (传统小|商贩 two pieces on, over the next piece's 传统小|小吃):
        drop it."""
        nxt = {a: b for a, b in zip(body, body[1:])}
        for i, j in list(succ_of.items()):
            k = nxt.get(i)
            if k is not None and k != j and k not in pred_of and lo(i, k) > SURE_VETO:
                del succ_of[i], pred_of[j]

    @staticmethod
    def _in_order(succ_of: dict[int, int], pos: dict[int, int]) -> int:
        """How many sure joins go on in the very next body fragment."""
        return sum(1 for i, j in succ_of.items() if pos[j] == pos[i] + 1)

    @staticmethod
    def _orderliness(succ_of: dict[int, int], pos: dict[int, int], nbody: int) -> float:
        """0 for a shuffled page, 1 for a page in reading order with articles in long runs:
        the share of sure joins that continue in the very next body fragment, against chance,
        with a prior towards order (OCR order is usually right in long runs)."""
        hits = Assembler._in_order(succ_of, pos)
        tot = len(succ_of)
        p = (hits + 2.0) / (tot + 3.0)
        chance = 1.0 / max(2, nbody)
        return max(0.0, min(1.0, (p - chance) / (1 - chance)))

    def _cluster(self, units: list[_Unit], infos, links, order: float, n: int) -> list[list[_Unit]]:
        """Bottom-up clustering of units by topic, input adjacency and likely joins, for a page
        without any head.  A very large headless page is kept as one article in input order:
        with nothing to anchor articles, splitting thousands of pieces is a guess."""
        if len(units) > 300:
            return [list(units)]
        terms = [self.m.terms(infos[i].v) for i in range(n)]
        dots, norms = cosine_matrix(terms, max_df=max(8, n // 2))
        k = len(units)
        owner = {}
        for u_i, u in enumerate(units):
            for f in u.frags:
                owner[f] = u_i
        cd: list[dict[int, float]] = [dict() for _ in range(k)]
        cn = [0.0] * k
        for u_i, u in enumerate(units):
            d = cd[u_i]
            for f in u.frags:
                cn[u_i] += norms[f]
                for g, v in dots[f].items():
                    o = owner.get(g)
                    if o is None:
                        continue
                    if o == u_i:
                        cn[u_i] += v
                    else:
                        d[o] = d.get(o, 0.0) + v
        # structural bonuses between units: touching in input order, likely joins
        bonus: list[dict[int, float]] = [dict() for _ in range(k)]
        first = [u.pos for u in units]
        last = [max(u.frags) for u in units]
        by_first = {first[u]: u for u in range(k)}
        for a in range(k):
            b = by_first.get(last[a] + 1)
            if b is not None and b != a:
                bonus[a][b] = bonus[a].get(b, 0.0) + B_ADJ * order
                bonus[b][a] = bonus[b].get(a, 0.0) + B_ADJ * order
        tails = {units[u].frags[-1]: u for u in range(k) if not units[u].head}
        heads_ = {units[u].frags[0]: u for u in range(k) if not units[u].head}
        for (ti, hj), (s, _) in links.items():
            a, b = tails.get(ti), heads_.get(hj)
            if a is None or b is None or a == b:
                continue
            if s > 3.0:
                    v = min(B_LINK_CAP, B_LINK * s)
                    bonus[a][b] = max(bonus[a].get(b, 0.0), v)
                    bonus[b][a] = max(bonus[b].get(a, 0.0), v)
        head = [u.head for u in units]
        members: list[list[_Unit] | None] = [[u] for u in units]
        size = [sum(len(infos[f].v) for f in u.frags) for u in units]

        def sim(a: int, b: int) -> float:
            if head[a] and head[b]:
                if head[a] == "strong" and head[b] == "strong":
                    return -9.0
                pen = P_WEAK_HEAD
            else:
                pen = 0.0
            d = cd[a].get(b, 0.0)
            c = d / math.sqrt(cn[a] * cn[b]) if d > 0 and cn[a] > 0 and cn[b] > 0 else 0.0
            return c + bonus[a].get(b, 0.0) - pen

        heap = []
        near = BIG_WINDOW if k > 300 else None  # very large pages: compare units near in input order
        by_rank = sorted(range(k), key=lambda u: first[u])
        for r, a in enumerate(by_rank):
            for b in (by_rank[r + 1:r + 1 + near] if near else by_rank[r + 1:]):
                x, y = (a, b) if a < b else (b, a)
                s = sim(x, y)
                if s > -1.0:
                    heap.append((-s, x, y))
        heapq.heapify(heap)
        alive = set(range(k))
        version = [0] * k
        stamp: dict[tuple[int, int], tuple[int, int]] = {(x, y): (0, 0) for _, x, y in heap}
        while heap and len(alive) > 1:
            neg, a, b = heapq.heappop(heap)
            if a not in alive or b not in alive or stamp.get((a, b)) != (version[a], version[b]):
                continue
            s = -neg
            if head[a] and head[b] and s < 0.0:
                continue  # two headlines share a cluster only when their text clearly agrees
            if s < T_ALONE and any(not head[x] and size[x] >= self.cfg.min_article_chars for x in (a, b)):
                continue  # a long headless run that fits nowhere stands alone
            # merge b into a
            alive.discard(b)
            members[a].extend(members[b])
            members[b] = None
            head[a] = "strong" if "strong" in (head[a], head[b]) else (head[a] or head[b])
            size[a] += size[b]
            cn[a] = cn[a] + cn[b] + 2 * cd[a].get(b, 0.0)
            for c in list(cd[b]):
                if c == a:
                    continue
                v = cd[b][c]
                cd[a][c] = cd[a].get(c, 0.0) + v
                cd[c][a] = cd[c].get(a, 0.0) + v
                cd[c].pop(b, None)
            cd[a].pop(b, None)
            for c in list(bonus[b]):
                if c == a:
                    continue
                bonus[a][c] = max(bonus[a].get(c, 0.0), bonus[b][c])
                bonus[c][a] = max(bonus[c].get(a, 0.0), bonus[b][c])
            version[a] += 1
            for c in (alive if not near else (set(cd[a]) | set(bonus[a])) & alive):
                if c == a:
                    continue
                x, y = (a, c) if a < c else (c, a)
                stamp[(x, y)] = (version[x], version[y])
                s2 = sim(x, y)
                if s2 > -1.0:
                    heapq.heappush(heap, (-s2, x, y))
        return [members[a] for a in sorted(alive)]

    def _anchors(self, units: list[_Unit], roles: list[Role], infos, body: list[int],
                 local: dict[tuple[int, int], tuple[float, bool]]) -> frozenset[int]:
        """The headlines whose words anchor their articles in the labelling: all but those
        that some body text goes on from by ``TITLE_RUN_ON`` nats, and by that much more than
        from any other open end of the page (会议通过的“阿拉伯反恐怖主义斗争协议”将在下次|
        阿拉伯内政部长理事会…: a cut paragraph's first piece; OCR's lines that look like
        headlines, 张北一尚文自救能力十分|弱。).  ``local``: the body's join scores."""
        titles = [f for u in units if u.head for f in u.frags if roles[f] == Role.TITLE]
        if not titles:
            return frozenset()
        # (a headline printed with its byline, kicker or column is one)
        sure = {f for u in units if u.head == "strong" for f in u.frags}
        best_in: dict[int, float] = {}  # how well the best open end goes on into each text
        for (k, j), (x, _) in local.items():
            if not infos[k].closed and x > best_in.get(j, -math.inf):
                best_in[j] = x
        m = self.m
        out = set()
        for i in titles:
            if i in sure or infos[i].closed:
                out.add(i)
                continue
            if len(body) > 400:
                k0 = bisect.bisect_left(body, i)
                near = body[max(0, k0 - BIG_WINDOW):k0 + BIG_WINDOW + 1]
            else:
                near = body
            piece = False
            for j in near:
                x = m.local(infos[i], infos[j])[0]
                if x > TITLE_RUN_ON and x - best_in.get(j, -math.inf) > TITLE_RUN_ON:
                    piece = True
                    break
            if not piece:
                out.add(i)
        return frozenset(out)

    def _label(self, units: list[_Unit], infos, order: float, n: int, roles: list[Role] | None = None,
               iters: int = 8, lo: Callable[[int, int], float] | None = None,
               seen: float = 0.0, anchors: frozenset[int] = frozenset()) -> list[list[_Unit]] | None:
        """Label units with articles, one article per head, as a hidden Markov chain over the
        input order: an article's text tends to continue in the next unit (as strongly as the
        page shows it does), and each unit's characters are drawn from its article's own
        character distribution, smoothed towards the corpus (Dirichlet).  Alternates Viterbi
        labelling with re-estimating the articles' distributions (hard EM).  With ``lo``, the
        join score of two fragments, and ``seen``, the share of sure joins that run on in input
        order, a unit moving into an article is also scored as the continuation of the
        article's last unit when that one stopped mid-sentence."""
        heads = [u for u, un in enumerate(units) if un.head]
        k = len(heads)
        if k == 0:
            return None
        seq = sorted(range(len(units)), key=lambda u: units[u].pos)
        nu = len(units)
        bag = [self._bag(infos, un.frags) for un in units]
        full = {id(un): b for un, b in zip(units, bag)}
        # a headline's words count TITLE_WEIGHT times in its article's model (``anchors``)
        weighted = set()
        for x, un in enumerate(units):
            if un.head and any(f in anchors for f in un.frags):
                weighted.add(x)
                tb = self._bag(infos, [f for f in un.frags if f in anchors])
                bag[x] = {t: c + (TITLE_WEIGHT - 1) * tb.get(t, 0) for t, c in bag[x].items()}
        size = [sum(b.values()) for b in bag]
        # a term of one unit alone never counts (the unit is left out of its own article):
        # keep only the shared ones
        df = collections.Counter(itertools.chain.from_iterable(bag))
        bag = [{t: x for t, x in b.items() if df[t] > 1} for b in bag]
        # the same of each unit's own (unweighted) words, with its full size, for the merging
        # of sections: a term of one unit is never shared by two articles
        shared = {}
        for x, un in enumerate(units):
            b = full[id(un)]
            shared[id(un)] = (bag[x] if x not in weighted else {t: c for t, c in b.items() if df[t] > 1},
                              sum(b.values()))
        stay = order * 0.85 + (1 - order) / k if k > 1 else 1.0
        stay = stay0 = min(0.97, max(stay, 1.0 / k))
        ls = math.log(stay)
        lm_ = math.log((1 - stay) / (k - 1)) if k > 1 else -30.0
        head_of = {u: h for h, u in enumerate(heads)}
        head_first = [units[u].pos for u in heads]
        label = [head_of.get(u, -1) for u in range(nu)]
        # the text right after a head is likely its first paragraph: start each article's
        # character model from it (in a page read in order; or when it opens like a paragraph)
        # -- unless the head stands inside another article's run and the text after it goes on
        # with the words of that run's last few units (a head displaced into another story:
        # 根据这项计划… after 图片新闻, inside the run of 巴西将建大型生态宾馆; one unit before the
        # head, often a subhead, says too little -- but on a shuffled page the units before a
        # head are anyone's, and only the one next to it is asked), and does not open with a
        # dateline (新华社莫斯科１月４日电 after 塔乌两国总统会谈 opens its report, whatever it
        # shares)
        evidence = _Evidence(self._bg)
        for t in range(len(seq) - 1):
            u, v = seq[t], seq[t + 1]
            if u in head_of and v not in head_of and label[v] < 0 and (
                    order >= 0.5 or infos[units[v].frags[0]].start_llr > SEED_START):
                w = seq[t - 1] if t > 0 else None
                opens = DATELINE.match(infos[units[v].frags[0]].v)
                if w is not None and w not in head_of and not opens:
                    back = SEED_RUN_UNITS if order >= 0.5 else 1
                    run = list(itertools.takewhile(lambda x: x not in head_of, reversed(seq[max(0, t - back):t])))
                    if self._runs_on(evidence, [full[id(units[x])] for x in run], full[id(units[v])]):
                        continue
                label[v] = head_of[u]
        # an article cut mid-sentence goes on with that sentence: moving a unit into an article
        # also scores how well it continues the article's last unit so far (on the best path
        # into each state), in a page read in order -- on a shuffled page the last unit seen
        # says nothing of the next.  And after a finished sentence or a head a paragraph opens:
        # a unit that opens mid-sentence is scored down by how unlikely its opening is at a
        # paragraph start (as in the ordering, CLOSED_START_W); a unit that opens with a
        # dateline (本报北京…讯) opens its article, so it costs DATED_FIRST after text
        ramp = _ramp(seen, CONT_ORDER)
        cw = CONT_W * ramp
        cmax = cw * CONT_CAP
        dated = [not un.head and DATELINE.match(infos[un.frags[0]].v) is not None for un in units]
        memo: dict[tuple[int, int], float] = {}

        def goes_on(p: int, v: int) -> float:
            # how well unit v goes on right after unit p (0.0: as at a paragraph start)
            r = memo.get((p, v))
            if r is None:
                if lo is None or units[v].head:
                    r = 0.0
                elif units[p].head or infos[units[p].frags[-1]].closed:
                    # a paragraph may end there: what follows says little, but that it opens one
                    r = cw * max(-CONT_CAP, CLOSED_START_W * min(0.0, infos[units[v].frags[0]].start_llr))
                else:
                    r = cw * max(-CONT_CAP, min(CONT_CAP, lo(units[p].frags[-1], units[v].frags[0])))
                if not units[p].head and dated[v]:
                    # a report that opens with a dateline opens its article: not after text
                    r -= DATED_FIRST * ramp
                memo[(p, v)] = r
            return r

        cont = goes_on if lo is not None and 1 < k <= CONT_MAX_HEADS and cw > 0 else None
        lm = self.m.res.lm
        uni, bi, total = lm.uni, lm.bi, lm.total / ALPHA
        inv_abg = {t: total / ((uni if len(t) == 1 else bi).get(t, 0) + 0.5) for t, x in df.items() if x > 1}
        # the shared terms by number; each unit's terms, counts and term weights as parallel
        # lists, for C-speed sums
        tid = {t: x for x, t in enumerate(inv_abg)}
        inv = list(inv_abg.values())
        nterms = len(inv)
        ts = [[tid[t] for t in b] for b in bag]
        xs = [list(b.values()) for b in bag]
        ws = [[inv_abg[t] for t in b] for b in bag]
        mul, sub, log1p = operator.mul, operator.sub, math.log1p
        cnt: list[dict[int, int]] = [{} for _ in range(k)]
        tot = [0] * k
        gain: list[list[float]] = [[] for _ in range(k)]  # per article, per term
        prev_members: list[list[int] | None] = [None] * k
        sums: list[list[float]] = [[] for _ in range(nu)]  # per unit, its sum of gains per article
        rounds: list[list[int]] = []  # the labellings so far, from the first round on
        last_round = False
        for it in range(iters):
            # per article, its count of each term and log(1 + count / (alpha * background)):
            # only for the articles whose units changed since the last round (the others'
            # sums below are kept too)
            members: list[list[int]] = [[] for _ in range(k)]
            for u in range(nu):
                if label[u] >= 0:
                    members[label[u]].append(u)
            changed = [h for h in range(k) if members[h] != prev_members[h]]
            for h in changed:
                # the counts change by the units that came and went since the last round
                was = prev_members[h]
                came, went = (members[h], ()) if was is None else \
                    (set(members[h]).difference(was), set(was).difference(members[h]))
                c = cnt[h]
                for u in went:
                    for t, x in zip(ts[u], xs[u]):
                        if c[t] == x:
                            del c[t]
                        else:
                            c[t] -= x
                for u in came:
                    for t, x in zip(ts[u], xs[u]):
                        c[t] = c.get(t, 0) + x
                tot[h] = sum(size[u] for u in members[h])
                scale = ALPHA / _smoothing(tot[h])
                g = [0.0] * nterms
                for t, x in c.items():
                    g[t] = log1p(x * inv[t] * scale)
                gain[h] = g
            prev_members = members
            used = label  # (the labelling the sums below leave each unit out of)
            emit = []
            # per article, the per-character baseline log(a / (n + a)) and the penalty of
            # standing before its head, once per round
            pen = P_BEFORE_HEAD * order / TEMP  # in reading order a head opens its article
            base = []
            for h in range(k):
                a_h = _smoothing(tot[h])
                base.append(math.log(a_h) - math.log(tot[h] + a_h))
            for u in seq:
                if u in head_of:
                    emit.append([0.0 if h == head_of[u] else -1e9 for h in range(k)])
                    continue
                own = label[u]
                nu_size = size[u]
                # log P(unit | article) / P(unit | corpus), Dirichlet-smoothed, leaving the unit
                # out of its own article: only shared terms add to the per-size baseline
                tu, xu = ts[u], xs[u]
                own_base = 0.0
                if own >= 0:
                    nk = tot[own] - nu_size
                    a_own = _smoothing(nk)
                    own_base = math.log(a_own) - math.log(nk + a_own)
                acc = sums[u]
                redo: Iterable[int] = changed
                if not acc:
                    acc = sums[u] = [0.0] * k
                    redo = range(k)
                for h in redo:
                    acc[h] = sum(map(mul, xu, map(gain[h].__getitem__, tu))) if h != own else \
                        sum(map(mul, xu, map(log1p, map(mul, map(mul, map(sub, map(cnt[h].__getitem__, tu), xu), ws[u]),
                                                         itertools.repeat(ALPHA / a_own)))))
                first = units[u].pos
                row = []
                for h in range(k):
                    ll = acc[h] + nu_size * (own_base if h == own else base[h])
                    if first < head_first[h]:
                        ll -= pen
                    row.append(TEMP * ll)
                emit.append(row)
            score = list(emit[0])
            back: list[list[int]] = []
            # along the best path into each state: the last unit of every article so far
            last = [[-1] * k for _ in range(k)] if cont else []
            if cont:
                for h in range(k):
                    last[h][h] = seq[0]
            for t in range(1, len(seq)):
                best_prev = max(range(k), key=score.__getitem__)
                if cont:
                    v = seq[t]
                    free = v in head_of  # a headline starts its article wherever the page was
                    by_score = sorted(range(k), key=score.__getitem__, reverse=True)
                    nb, ns, nl = [], [], []
                    for g in range(k):
                        if free:
                            src = best_prev
                            best = score[src]
                        else:
                            p = last[g][g]
                            best, src = score[g] + ls + (cont(p, v) if p >= 0 else 0.0), g
                            for h in by_score:
                                if score[h] + lm_ + cmax <= best:
                                    break  # no move from here on can beat it
                                p = last[h][g]
                                x = score[h] + lm_ + (cont(p, v) if p >= 0 else 0.0)
                                if h != g and x > best:
                                    best, src = x, h
                        nb.append(src)
                        ns.append(best + emit[t][g])
                        row = list(last[src])
                        row[g] = v
                        nl.append(row)
                    back.append(nb)
                    score, last = ns, nl
                    continue
                if seq[t] in head_of:
                    # a headline starts its article wherever the page was: no switching cost
                    back.append([best_prev] * k)
                    score = [score[best_prev] + emit[t][h] for h in range(k)]
                    continue
                second = max((x for x in range(k) if x != best_prev), key=score.__getitem__, default=best_prev)
                nb, ns = [], []
                for h in range(k):
                    src = best_prev if best_prev != h else second
                    stay_s = score[h] + ls
                    move_s = score[src] + lm_ if src != h else -1e18
                    if move_s > stay_s:
                        nb.append(src)
                        ns.append(move_s + emit[t][h])
                    else:
                        nb.append(h)
                        ns.append(stay_s + emit[t][h])
                back.append(nb)
                score = ns
            h = max(range(k), key=score.__getitem__)
            path = [h]
            for t in range(len(seq) - 1, 0, -1):
                h = back[t - 1][h]
                path.append(h)
            path.reverse()
            new = [0] * nu
            for t, u in enumerate(seq):
                new[u] = path[t]
            if new == label:
                break
            if new in rounds:
                # the labelling cycles (hard EM may): jump to the one the rounds left would
                # end on, as if they had run
                start = rounds.index(new)
                new = rounds[start + (iters - 1 - start) % (it - start)]
                last_round = True
            rounds.append(new)
            label = new
            if k > 1 and len(seq) > 2:
                # re-estimate how often the text stays in one article from the labelling itself
                same = sum(1 for a, b in zip(seq, seq[1:]) if label[a] == label[b] and b not in head_of)
                n_adj = sum(1 for b in seq[1:] if b not in head_of)
                stay = (same + STAY_PRIOR * stay0) / (n_adj + STAY_PRIOR)
                stay = min(0.97, max(stay, 1.0 / k))
                ls = math.log(stay)
                lm_ = math.log((1 - stay) / (k - 1))
                order = max(0.0, min(1.0, (stay - 1.0 / k) / (0.85 - 1.0 / k)))
            if last_round:
                break
        groups: list[list[_Unit]] = [[] for _ in range(k)]
        for u in range(nu):
            groups[label[u]].append(units[u])
        if order < 0.5 and k > 1:
            self._refine(groups, {id(units[u]): (bag[u], size[u]) for u in range(nu)}, inv_abg)
        self._fill_empty(groups, full, order)
        merged = self._merge_weak([g for g in groups if g], infos, shared, order, roles)
        if order >= 0.5 and len(merged) > 1:
            terms = {id(units[u]): (bag[u], size[u]) for u in range(nu)}
            counts = _group_bags(merged, terms)  # kept up to date by both passes
            self._sandwiches(merged, terms, inv_abg, 2 * (ls - lm_), order, counts)
            index = {id(un): x for x, un in enumerate(units)}
            self._move_runs(merged, terms, inv_abg, ls - lm_, order, counts,
                            (lambda a, b: goes_on(index[id(a)], index[id(b)])) if cont else None)
        if k > 1:
            # each text unit's margin, in the labelling's nats, between the articles it ended in
            # and the best other (for the articles' confidence): from the last round's sums
            where = {id(un): gi for gi, g in enumerate(merged) for un in g}
            home = [where.get(id(units[u])) for u in heads]
            for u in range(nu):
                if units[u].head or not sums[u]:
                    continue
                n_u, g = size[u], where.get(id(units[u]))
                nk = tot[used[u]] - n_u if used[u] >= 0 else 0
                own_base = math.log(_smoothing(nk)) - math.log(nk + _smoothing(nk))
                fits = [x + n_u * (own_base if h == used[u] else base[h]) for h, x in enumerate(sums[u])]
                inside = max((f for f, x in zip(fits, home) if x == g), default=None)
                outside = max((f for f, x in zip(fits, home) if x != g), default=None)
                if inside is not None and outside is not None:
                    self._margins[id(units[u])] = (inside - outside, n_u)
        return merged

    @staticmethod
    def _sandwiches(groups: list[list[_Unit]], terms: dict[int, tuple[dict[str, int], int]],
                    inv_abg: dict[str, float], saving: float, order: float,
                    counts: tuple[list[dict[str, int]], list[int]]) -> None:
        """In a page read in order, once lone headlines have joined the articles they head a
        section of: a unit between two units of another article (no head between them) goes
        to that article unless its own article's words predict it better by more than what
        staying in the run saves (``saving``, the labelling's two switches) and
        ``SANDWICH_PRIOR`` (a one-unit excursion out of a run and back is rarer than two
        independent switches).  The labelling weighed the unit against the sections as they
        were; the merged article is scored here.  Arguments as :meth:`_refine`'s; ``counts``:
        the groups' bags and sizes (:func:`_group_bags`), kept up to date as units move."""
        bags, sizes = counts
        where = {id(u): g for g, us in enumerate(groups) for u in us}
        seq = sorted((u for us in groups for u in us), key=lambda u: u.pos)
        head_at = [min((u.pos for u in g if u.head), default=-1) for g in groups]
        before = P_BEFORE_HEAD * order / TEMP
        for p, u, q in zip(seq, seq[1:], seq[2:]):
            if p.head or u.head or q.head:
                continue
            x, y = where[id(p)], where[id(u)]
            if where[id(q)] != x or x == y or sum(1 for v in groups[y] if not v.head) < 2:
                continue
            ub, un = terms[id(u)]
            own = bags[y]
            inside, outside = _unit_fits(ub, un, inv_abg)
            fy = inside(own, sizes[y])
            fx = outside(bags[x], sizes[x])
            fy -= before if u.pos < head_at[y] else 0.0
            fx -= before if u.pos < head_at[x] else 0.0
            if TEMP * (fy - fx) < saving + SANDWICH_PRIOR:
                groups[y].remove(u)
                groups[x].append(u)
                where[id(u)] = x
                _move_terms(ub, own, bags[x])
                sizes[y] -= un
                sizes[x] += un

    @staticmethod
    def _move_runs(groups: list[list[_Unit]], terms: dict[int, tuple[dict[str, int], int]],
                   inv_abg: dict[str, float], switch: float, order: float,
                   counts: tuple[list[dict[str, int]], list[int]],
                   goes_on: Callable[[_Unit, _Unit], float] | None = None) -> None:
        """In a page read in order, one pass over the runs of units that went to one article
        (no head inside): a run goes to the article of the unit right before it when that
        article explains it as well as its own, counting what the labelling counts -- the
        switches saved (``switch`` each, the labelling's log-odds of staying), the charge for
        text before its article's head, and how each article's text goes on (``goes_on``,
        the labelling's continuation score of two units, if any).  The labelling scored each
        unit against articles that held the rest of its run, so a run of units that share
        words stays wherever the first rounds put it (专家们认为… after the first paragraph of
        a report on a conference, drawn whole into the next story on the same subject, whose
        headline comes after it); here the run is weighed as one, its words taken out of its
        article.  A run that is all its article's text stays.  Arguments as
        :meth:`_sandwiches`'."""
        bags, sizes = counts
        where = {id(u): g for g, us in enumerate(groups) for u in us}
        seq = sorted((u for us in groups for u in us), key=lambda u: u.pos)
        head_at = [min((u.pos for u in g if u.head), default=-1) for g in groups]
        before = P_BEFORE_HEAD * order / TEMP

        def cont(a: _Unit | None, b: _Unit | None) -> float:
            return goes_on(a, b) if goes_on is not None and a is not None and b is not None else 0.0

        t = 1
        while t < len(seq):
            p, u = seq[t - 1], seq[t]
            x, y = where[id(p)], where[id(u)]
            if u.head or p.head or x == y:
                t += 1
                continue
            run = [u]
            while t + len(run) < len(seq) and not seq[t + len(run)].head and where[id(seq[t + len(run)])] == y:
                run.append(seq[t + len(run)])
            end = t + len(run)
            if sum(1 for v in groups[y] if not v.head) <= len(run):
                t = end
                continue
            q = seq[end] if end < len(seq) else None
            rb = _sum_bags(terms[id(v)][0] for v in run)
            rn = sum(terms[id(v)][1] for v in run)
            inside, outside = _unit_fits(rb, rn, inv_abg)
            fy = inside(bags[y], sizes[y]) - before * sum(1 for v in run if v.pos < head_at[y])
            fx = outside(bags[x], sizes[x]) - before * sum(1 for v in run if v.pos < head_at[x])
            # the switch into the run, and out of it when the text after it is x's again
            saving = switch * (1 + (q is not None and not q.head and where[id(q)] == x))
            if goes_on is not None:
                prev_y = next((v for v in reversed(seq[:t]) if where[id(v)] == y), None)
                next_y = next((v for v in seq[end:] if where[id(v)] == y), None)
                next_x = next((v for v in seq[end:] if where[id(v)] == x), None)
                saving += cont(p, u) + cont(run[-1], next_x) + cont(prev_y, next_y) \
                    - cont(prev_y, u) - cont(run[-1], next_y) - cont(p, next_x)
            if TEMP * (fy - fx) < saving:
                for v in run:
                    groups[y].remove(v)
                    groups[x].append(v)
                    where[id(v)] = x
                _move_terms(rb, bags[y], bags[x])
                sizes[y] -= rn
                sizes[x] += rn
            t = end

    @staticmethod
    def _refine(groups: list[list[_Unit]], terms: dict[int, tuple[dict[str, int], int]],
                inv_abg: dict[str, float]) -> None:
        """On a shuffled page, one pass over the units after the labelling: a unit moves to the
        article whose words predict it best (as the labelling scores them, the unit's own words
        taken out of its article) when that beats its own by more than ``REFINE_MIN`` nats.
        The labelling's rounds score every unit against the articles as the last round left
        them, so a story whose text was drawn into a bigger one keeps losing to it; moving one
        unit at a time, each move seen by the next, lets it win its text back.  Heads stay.
        ``terms``: each unit's shared terms (those of more than one unit: no other term adds
        to a fit) and its size, by ``id``; ``inv_abg``: the terms' weights in the labelling."""
        bags, sizes = _group_bags(groups, terms)
        left = [sum(1 for u in g if not u.head) for g in groups]
        for a in range(len(groups)):
            for u in [u for u in groups[a] if not u.head]:
                if left[a] < 2:
                    break
                ub, un = terms[id(u)]
                own = bags[a]
                inside, outside = _unit_fits(ub, un, inv_abg)
                best = inside(own, sizes[a]) + REFINE_MIN
                to = None
                for b in range(len(groups)):
                    if b != a and groups[b]:
                        f = outside(bags[b], sizes[b])
                        if f > best:
                            best, to = f, b
                if to is None:
                    continue
                groups[a].remove(u)
                groups[to].append(u)
                _move_terms(ub, own, bags[to])
                sizes[a] -= un
                sizes[to] += un
                left[a] -= 1
                left[to] += 1

    @staticmethod
    def _runs_on(evidence: _Evidence, run: list[dict[str, int]], bag: dict[str, int]) -> bool:
        """Does the text with words ``bag`` go on with the run of units (their bags, nearest
        first) before a head, rather than start an article of its own: are the two likelier
        one article's than two's?"""
        rb = _sum_bags(run)
        return evidence.gain(rb, sum(rb.values()), bag, sum(bag.values())) > SEED_RUN_ON

    def _fill_empty(self, groups: list[list[_Unit]], unit_bags: dict[int, dict[str, int]], order: float) -> None:
        """An article with a head of its own (a headline with its byline, a jump marker) but no
        text cannot be: its text went to another article, whose model then drew in all of it
        (a story on the same subject; on a shuffled page nothing else ties a head to its text).
        On a page read in order, such a head printed with its byline takes the text right after
        it (see ``HEAD_RUN_ORDER``).  While one is left, split
        the article whose text is most clearly two articles' (Dirichlet-multinomial evidence
        above ``SPLIT_MIN``), the part less like the donor's head going to the empty head it
        fits best; on a shuffled page, failing a split, take the text of a lone headline that
        shares none of its words (``FOREIGN_HEAD``)."""
        evidence = _Evidence(self._bg)

        def bag_of(us: list[_Unit]) -> tuple[dict[str, int], int]:
            b = _sum_bags(unit_bags[id(u)] for u in us)
            return b, sum(b.values())

        def gain(x: list[_Unit], y: list[_Unit]) -> float:
            return evidence.gain(*bag_of(x), *bag_of(y))

        def fit(us: list[_Unit], side: list[_Unit]) -> float:
            return evidence.fit(*bag_of(us), *bag_of(side))

        def split(body: list[_Unit]) -> tuple[list[_Unit], list[_Unit]]:
            """Two parts of ``body``: from the unit least like the rest, each unit to the part
            it fits better (the part's words without its own), a few rounds."""
            bags = [unit_bags[id(u)] for u in body]
            sizes = [sum(b.values()) for b in bags]
            parts = [collections.Counter(), collections.Counter()]  # words of the kept, given part
            for b in bags:
                parts[0].update(b)
            size = [sum(sizes), 0]

            def fit_without(x: int, side: int) -> float:
                """fit of unit ``x`` to part ``side``, ``x``'s own words taken out if inside"""
                own = bags[x] if where[x] == side else {}
                words = {t: parts[side][t] - own.get(t, 0) for t in bags[x]}
                return evidence.fit(bags[x], sizes[x], words, size[side] - (sizes[x] if own else 0))

            def move(x: int, side: int) -> None:
                parts[where[x]].subtract(bags[x])
                size[where[x]] -= sizes[x]
                parts[side].update(bags[x])
                size[side] += sizes[x]
                where[x] = side

            where = [0] * len(body)
            move(min(range(len(body)), key=lambda x: fit_without(x, 0)), 1)
            for _ in range(SPLIT_ROUNDS):
                moved = False
                for x in range(len(body)):
                    if where.count(where[x]) == 1:
                        continue  # the last unit of its part stays
                    side = 1 if fit_without(x, 1) > fit_without(x, 0) else 0
                    if side != where[x]:
                        move(x, side)
                        moved = True
                if not moved:
                    break
            return [u for u, w in zip(body, where) if w == 1], [u for u, w in zip(body, where) if w == 0]

        def heads(g: list[_Unit]) -> list[_Unit]:
            return [u for u in g if u.head]

        def texts(g: list[_Unit]) -> list[_Unit]:
            return [u for u in g if not u.head]

        if order >= HEAD_RUN_ORDER:
            # on a page read in order a head's text follows it: an empty head that stands where
            # the page printed it (a headline with its byline) takes the run of units right
            # after it that went to one other article, if that article keeps some text
            for g in groups:
                if not g or texts(g) or not any(u.head == "strong" and len(u.frags) > 1 and u.at is None for u in g):
                    continue
                where = {id(u): d for d, dg in enumerate(groups) for u in dg}
                allu = sorted((u for dg in groups for u in dg), key=lambda u: u.pos)
                last = max((u for u in g if u.head), key=lambda u: u.pos)
                run: list[_Unit] = []
                donor = -1
                for u in allu[allu.index(last) + 1:]:
                    if u.head or (run and where[id(u)] != donor):
                        break
                    donor = where[id(u)]
                    run.append(u)
                if run and len(texts(groups[donor])) > len(run):
                    groups[donor] = [u for u in groups[donor] if not any(u is w for w in run)]
                    g.extend(run)
        while True:
            empty = [e for e, g in enumerate(groups) if g and not texts(g) and any(u.head == "strong" for u in g)]
            if not empty:
                return
            best = None
            for d, dg in enumerate(groups):
                if len(texts(dg)) < 2:
                    continue
                give, keep = split(texts(dg))
                if not give or not keep:
                    continue
                score = -gain(keep, give)
                if score > SPLIT_MIN and (best is None or score > best[0]):
                    # the part more like the donor's own head stays with it
                    if heads(dg) and fit(heads(dg), give) > fit(heads(dg), keep):
                        give = keep
                    best = (score, d, give)
            if best is None and order < 0.5:
                lone = [(fit(heads(dg), texts(dg)), d) for d, dg in enumerate(groups)
                        if texts(dg) and heads(dg) and all(u.head == "weak" for u in heads(dg))]
                lone = [x for x in lone if x[0] <= FOREIGN_HEAD]
                if lone:
                    d = min(lone)[1]
                    best = (0.0, d, texts(groups[d]))
            if best is None:
                return
            _, d, give = best
            # to the empty head whose words the part shares most (a jump marker has none)
            e = max(empty, key=lambda e: (fit(heads(groups[e]), give), -e))
            groups[d] = [u for u in groups[d] if not any(u is w for w in give)]
            groups[e].extend(give)

    def _merge_weak(self, groups: list[list[_Unit]], infos, unit_terms: dict[int, tuple[dict[str, int], int]],
                    order: float = 0.0, roles: list[Role] | None = None) -> list[list[_Unit]]:
        """An article headed only by a lone headline whose text is better explained as part of
        another article is a section of it: the headline becomes a subhead there.  "Better
        explained" is Bayesian model comparison: the Dirichlet-multinomial evidence of the two
        texts as one article against two (unlike the fitted likelihood, it does not always
        prefer more articles).  ``unit_terms``: each unit's topic bag and its size, by ``id``;
        the bag may leave out the terms no other unit has (they add nothing to either score)."""
        bags = [_sum_bags(unit_terms[id(u)][0] for u in g) for g in groups]
        sizes = [sum(unit_terms[id(u)][1] for u in g) for g in groups]
        bg = self._bg
        evidence = _Evidence(bg)

        def gain(a: int, b: int) -> float:
            return evidence.gain(bags[a], sizes[a], bags[b], sizes[b])

        def fit(bag: dict[str, int], j: int | dict[str, int]) -> float:
            """log P(bag | article j) / P(bag | corpus), Dirichlet-smoothed (as in _label);
            ``j`` an article's index or a bag of words."""
            if isinstance(j, int):
                return evidence.fit(bag, sum(bag.values()), bags[j], sizes[j])
            return evidence.fit(bag, sum(bag.values()), j, sum(j.values()))

        def absorb(j: int, units: list[_Unit], bag: dict[str, int], size: int) -> None:
            """Article ``j`` takes ``units``, their words ``bag`` and their ``size``."""
            groups[j] = groups[j] + units
            for t, x in bag.items():
                bags[j][t] = bags[j].get(t, 0) + x
            sizes[j] += size

        alive = list(range(len(groups)))
        if order >= 0.5 and roles is not None:
            # in a page read mostly in order the text under a headline follows it: when the
            # unit right after a lone headline went to another article, the headline is a
            # section heading there (做好“细”“适”“信”文章), and what was labelled with it goes
            # to the article it is most like
            where = {id(un): gi for gi, g in enumerate(groups) for un in g}
            seq = sorted((un for g in groups for un in g), key=lambda un: un.pos)
            nxt = {id(a): b for a, b in zip(seq, seq[1:])}
            for gi in range(len(groups)):
                heads = [u for u in groups[gi] if u.head]
                if len(heads) != 1 or heads[0].head != "weak":
                    continue
                after = nxt.get(id(heads[0]))
                if after is None or after.head or where[id(after)] == gi or DATELINE.match(infos[after.frags[0]].v):
                    continue  # (text that opens with a dateline opens an article: 本报北京…讯)
                target = where[id(after)]
                # only inside an article continued from another page (上接第一版), which has no
                # headline of its own here
                theads = [f for u in groups[target] if u.head for f in u.frags]
                if not any(roles[f] == Role.JUMP for f in theads) or any(roles[f] == Role.TITLE for f in theads):
                    continue
                rest = [u for u in groups[gi] if u is not heads[0]]
                # and a heading names its section's things (细, 适, 信, 文章: 要在“适”上做文章):
                # it is likelier under that article's words than under what was labelled with it
                hb = self._bag(infos, heads[0].frags)
                rb = self._bag(infos, [f for u in rest for f in u.frags])
                if fit(hb, target) <= fit(hb, rb):
                    continue
                heads[0].head = "section"
                groups[gi] = []
                alive.remove(gi)
                if rest:
                    absorb(max(alive, key=lambda gj: (fit(rb, gj), -gj)), rest, rb, sum(rb.values()))
                absorb(target, [heads[0]], hb, sum(hb.values()))
        # a section heading stands between its article's text: in a page read in order, the
        # article of the text right before a lone headline needs less evidence than any other.
        # Best merge first, the evidence recomputed as articles grow.
        seq = sorted((un for gj in alive for un in groups[gj]), key=lambda un: un.pos)
        where = {id(un): gj for gj in alive for un in groups[gj]}
        before = {id(b): a for a, b in zip(seq, seq[1:])}
        moved: dict[int, int] = {}

        def home(gj: int) -> int:
            while gj in moved:
                gj = moved[gj]
            return gj

        def weak(gi: int) -> bool:
            # headed by lone headlines only; and a report that opens with a dateline (本报北京…讯)
            # is no one's section
            return any(u.head for u in groups[gi]) and not any(u.head == "strong" for u in groups[gi]) \
                and not any(not u.head and DATELINE.match(infos[u.frags[0]].v) for u in groups[gi])

        weak_now = {gi for gi in alive if weak(gi)}
        if seq and seq[0].head == "weak":
            # the page's first line is a headline, no one's section (of the 472 pages made
            # from pd1998-dev that open with a headline-like line, 470 open with a headline)
            weak_now.discard(where[id(seq[0])])
        near: dict[int, int | None] = {}
        for gi in alive:
            hd = next((u for u in groups[gi] if u.head), None)
            prev = before.get(id(hd)) if hd is not None and order >= 0.5 else None
            if prev is not None and not prev.head and signs_off(infos[prev.frags[-1]].v):
                prev = None  # text signed off (（新华社稿）) has ended its article
            near[gi] = where[id(prev)] if prev is not None else None
        far = HEADLINE_PRIOR if order < 0.5 else HEADLINE_PRIOR_FAR
        head_at = {gi: min((u.pos for u in groups[gi] if u.head), default=-1) for gi in alive}
        # each weak article's row: what merging it into each other article is worth (evidence
        # less prior), and the row's best (value, -column).  A merge changes only the rows'
        # column of the article that grew (and that article's own row), so the rows are kept
        # up to date instead of rescanned: a page of hundreds of lone headlines (a table of
        # contents) would otherwise take cubic time.  Ties go to the first pair in article
        # order, as a scan would find them.
        def value(gi: int, gj: int, nb: int | None) -> float | None:
            # (of two lone headlines in a page read in order, the later one is the section
            # heading)
            if gj == gi or order >= 0.5 and gj in weak_now and head_at[gj] > head_at[gi]:
                return None
            return gain(gi, gj) - (SECTION_PRIOR if gj == nb else far)

        def near_home(gi: int) -> int | None:
            nb = near[gi]
            return home(nb) if nb is not None else None

        rows: dict[int, dict[int, float]] = {}
        tops: dict[int, tuple[float, int] | None] = {}

        def fill(gi: int) -> None:
            nb = near_home(gi)
            row = {}
            for gj in alive:
                v = value(gi, gj, nb)
                if v is not None:
                    row[gj] = v
            rows[gi] = row
            tops[gi] = max(((v, -gj) for gj, v in row.items()), default=None)

        for gi in alive:
            if gi in weak_now:
                fill(gi)
        while True:
            pick = max(((t[0], -gi) for gi, t in tops.items() if t is not None and t[0] > 0.0), default=None)
            if pick is None:
                break
            gi = -pick[1]
            best_j = -tops[gi][1]
            moved[gi] = best_j
            absorb(best_j, groups[gi], bags[gi], sizes[gi])
            alive.remove(gi)
            weak_now.discard(gi)
            if not weak(best_j):
                weak_now.discard(best_j)
            del rows[gi], tops[gi]
            rows.pop(best_j, None)
            tops.pop(best_j, None)
            for r, row in rows.items():
                row.pop(gi, None)
                v = value(r, best_j, near_home(r))
                if v is None:
                    row.pop(best_j, None)
                else:
                    row[best_j] = v
                t = tops[r]
                if t is None or -t[1] in (gi, best_j):
                    tops[r] = max(((x, -gj) for gj, x in row.items()), default=None)
                elif v is not None and (v, -best_j) > t:
                    tops[r] = (v, -best_j)
            if best_j in weak_now:
                fill(best_j)
        return [groups[g] for g in alive]

    @staticmethod
    def _bag(infos, frags) -> dict[str, int]:
        """The topic bag of some fragments: the sum of their own (``FragInfo.bag``)."""
        if len(frags) == 1:
            return dict(infos[frags[0]].bag)
        return _sum_bags(infos[f].bag for f in frags)

    def _bg(self, t: str) -> float:
        """Background probability of a character or bigram, from the corpus counts."""
        lm = self.m.res.lm
        if len(t) == 1:
            return (lm.uni.get(t, 0) + 0.5) / lm.total
        return (lm.bi.get(t, 0) + 0.5) / lm.total

    def _finish(self, clusters, minor, roles, n):
        """Lone headlines that merged into a headed article become subheads; bylines and decks
        on their own join the article of their neighbour."""
        arts = []
        for cl in clusters:
            for u in cl:
                if u.head == "section":  # a lone headline found inside another article's text
                    for f in u.frags:
                        if roles[f] == Role.TITLE:
                            roles[f] = Role.SUBHEAD
                    u.head = ""
            heads = [u for u in cl if u.head]
            if len(heads) > 1:
                keep = next((u for u in heads if u.head == "strong"), heads[0])
                has_title = any(roles[f] == Role.TITLE for f in keep.frags)
                for u in heads:
                    if u is keep:
                        continue
                    if not has_title and all(roles[f] == Role.TITLE for f in u.frags):
                        has_title = True  # the headline of an article whose head had none
                        continue
                    for f in u.frags:
                        if roles[f] == Role.TITLE:
                            roles[f] = Role.SUBHEAD
                    u.head = ""
            arts.append(cl)
        owner = {}
        for a_i, cl in enumerate(arts):
            for u in cl:
                for f in u.frags:
                    owner[f] = a_i
        extra: list[list[int]] = [[] for _ in arts]
        for u in minor:
            fr = u.frags
            target = None
            for k in (fr[-1] + 1, fr[0] - 1, fr[-1] + 2, fr[0] - 2):
                if k in owner:
                    target = owner[k]
                    break
            if target is None and arts:
                target = 0
            if target is None:
                arts.append([u])
                extra.append([])
            else:
                extra[target].extend(fr)
        return arts, extra

    @staticmethod
    def _swap_rate(articles: list[list[_Unit]], roles) -> float:
        """How often the page reads an article's fragments out of order by one place (its
        columns swapped: the next fragment comes two places later, or one place earlier),
        from its sure joins, smoothed: near 0 on a page read in order."""
        local = swapped = 0
        for cl in articles:
            rank = {f: r for r, f in enumerate(sorted(f for u in cl for f in u.frags if roles[f] not in HEAD))}
            for u in cl:
                fs = [f for f in u.frags if roles[f] not in HEAD]
                for a, b in zip(fs, fs[1:]):
                    local += 1
                    swapped += rank[b] - rank[a] in (2, -1)
        return min(SWAP_MAX, (swapped + SWAP_PRIOR) / (local + SWAP_PRIOR_JOINS))

    def _cohesion(self, units: list[_Unit], infos) -> dict[tuple[int, int], float]:
        """``{(x, y): nats}``: how much better unit ``x`` is taken up by unit ``y`` than by the
        article's other units on average, from the log ratio of the rare bigrams they share:
        a paragraph takes up the words of the one before it (笔者访问了该校余让水校长。|
        谈起该院校的科研成果和贡献，余校长…), the first paragraph those of the headline.
        ``x`` is a unit that ends a sentence (:data:`COHESION_W`; for a cut mid-sentence the
        join scores know better) or a head (:data:`HEAD_COHESION_W`, the ratio clipped to
        ±1).

        Measured on pd1998-dev: the true next paragraph shares more than another paragraph of
        its article two times in three, the first paragraph more with the headline than
        another does seven times in ten."""
        body = [x for x in range(len(units)) if not units[x].head]
        if len(body) < 3 or len(units) > 200:
            return {}  # (an article of hundreds of pieces is ordered by their joins and places)
        bags = {x: infos[u.frags[0]].bag.keys() if len(u.frags) == 1
                else set().union(*(infos[f].bag for f in u.frags)) for x, u in enumerate(units)}
        # only what two units share counts (a bag keeps every bigram rare enough to weigh)
        seen: collections.Counter[str] = collections.Counter()
        for b in bags.values():
            seen.update(b)
        weight = self.m.cohesion_weights([t for t, k in seen.items() if k > 1])
        grams = {x: b & weight.keys() for x, b in bags.items()}
        get = weight.__getitem__
        out: dict[tuple[int, int], float] = {}
        for x, u in enumerate(units):
            if not u.head and not infos[u.frags[-1]].closed:
                continue
            gx = grams[x]
            row = {y: sum(map(get, gx & grams[y])) for y in body if y != x}
            mean = sum(row.values()) / len(row) + COHESION_K
            for y, c in row.items():
                v = math.log((c + COHESION_K) / mean)
                out[x, y] = HEAD_COHESION_W * max(-1.0, min(1.0, v)) if u.head else COHESION_W * v
        return out

    @staticmethod
    def _chain(x: int, succ: dict[int, int]) -> list[int]:
        """The nodes from ``x`` on, following ``succ``."""
        out = [x]
        while x in succ:
            x = succ[x]
            out.append(x)
        return out

    def _order_cluster(self, cl: list[_Unit], roles, lo, order: float, infos,
                       swaps: float = 0.0) -> tuple[list[int], dict[int, int]]:
        """Reading order inside one article: greedy joins between unit ends by continuity and
        by input order among the article's own fragments; the head first."""
        units = sorted(cl, key=lambda u: (0 if u.head else 1, min(u.frags)))
        if len(units) == 1:
            u = units[0]
            return list(u.frags), {a: b for a, b in zip(u.frags, u.frags[1:])}
        allf = sorted(f for u in units for f in u.frags)
        member_rank = {f: r for r, f in enumerate(allf)}
        cand = []
        by_rank = sorted(range(len(units)), key=lambda x: min(units[x].frags))
        rank = {x: r for r, x in enumerate(by_rank)}
        w = BIG_WINDOW if len(units) > 200 else len(units)
        # the fragment two places on or one back (columns swapped): the next fragment's bonus
        # less the log-odds against a swap at the page's rate, so that a swap pays for itself
        # once the joins it makes are that much better
        b2 = 0.0
        if swaps > 0:
            b2 = max(0.0, B_NEXT * order - math.log((1 - swaps) / swaps)) * _ramp(order, SWAP_ORDER)
        dated = [bool(DATELINE.match(infos[u.frags[0]].v)) if not u.head else False for u in units]
        linked = [bool(LINKED_OPENING.match(infos[u.frags[0]].v)) if not u.head else False for u in units]
        cohesion = self._cohesion(units, infos)
        signed = [not u.head and signs_off(infos[u.frags[-1]].v) for u in units]
        for x, ux in enumerate(units):
            r = rank[x]
            for y in by_rank[max(0, r - w):r + w + 1]:
                uy = units[y]
                if x == y or uy.head:
                    continue
                i, j = ux.frags[-1], uy.frags[0]
                if ux.head:
                    s = max(-3.0, min(1.0, infos[j].start_llr)) + cohesion.get((x, y), 0.0)
                    if dated[y]:
                        s += DATED_FIRST
                    elif linked[y]:
                        s -= LINKED_FIRST  # 他说，… goes on from something said before
                else:
                    s = lo(i, j)
                    if infos[i].closed:
                        # after a full stop a sentence starts: not text that opens mid-sentence
                        # (捅来。… after …医院抢救。, where the join score knows neither)
                        s += CLOSED_START_W * min(0.0, infos[j].start_llr)
                        s += cohesion.get((x, y), 0.0)
                        if signed[x]:
                            s -= SIGNED_LAST  # （新华社稿）: the article ends here
                    if dated[y]:
                        s -= DATED_FIRST  # 本报北京１月５日讯 opens its article, after the head
                    a, b = infos[ux.frags[0]].item, infos[j].item
                    if a and b and a[0] == b[0]:
                        # the items of a list in their order (一是… before 二是…)
                        s += ITEM_NEXT if b[1] == a[1] + 1 else -ITEM_NEXT
                d = member_rank[j] - member_rank[i]
                if d == 1:
                    s += B_NEXT * order
                elif d == 2 or d == -1:
                    s += b2
                elif j > i:
                    s += 0.5 * order
                else:
                    s -= 0.5 * order
                cand.append((-s, x, y))
        cand.sort()
        succ: dict[int, int] = {}
        pred: dict[int, int] = {}
        for _, x, y in cand:
            if x not in succ and y not in pred:
                _link(succ, pred, x, y)
        exact = False
        if 2 < len(units) <= EXACT_ORDER:
            # small articles are ordered exactly (the best path over the same scores), unless
            # the greedy joins already gave every unit its best successor
            score = {(x, y): -ns for ns, x, y in cand}
            top: dict[int, float] = {}
            for (x, y), v in score.items():
                top[x] = max(top.get(x, v), v)
            if any(score.get((x, y), float("-inf")) < top[x] for x, y in succ.items()):
                succ, pred = _best_path(len(units), score, [x for x in range(len(units)) if units[x].head])
                exact = len(succ) == len(units) - 1
                for _, x, y in cand:
                    if x not in succ and y not in pred:
                        _link(succ, pred, x, y)
        starts = [x for x in range(len(units)) if x not in pred]
        starts.sort(key=lambda x: (0 if units[x].head else 1, min(units[x].frags)))
        heads = sum(1 for u in units if u.head)
        if not exact and 2 < len(units) <= OR_OPT_MAX and heads <= 1:
            # the greedy joins, mended by moving short runs: a larger article's, and a small
            # one's whose joins each took their unit's best successor (the last unit takes
            # none, so another path may still score more) or left chains to put end to end;
            # the head stays first, and every pair of units has a score here
            path = [x for st in starts for x in self._chain(st, succ)]
            path = _or_opt(path, {(x, y): -ns for ns, x, y in cand}, heads)
            succ = dict(zip(path, path[1:]))
            starts = path[:1]
        seq: list[int] = []
        links: dict[int, int] = {}
        prev_tail = None
        for st in starts:
            for x in self._chain(st, succ):
                fr = units[x].frags
                if prev_tail is not None:
                    links[prev_tail] = fr[0]
                seq.extend(fr)
                links.update({a: b for a, b in zip(fr, fr[1:])})
                prev_tail = fr[-1]
        return seq, links

    def _confidences(self, bodies: list[list[int]], infos, unit_of: dict[int, _Unit] | None = None) -> list[float]:
        """How sure each article is of its text: the share of it that was placed there surely,
        each text unit weighing, by its size, the odds that it belongs to its article rather
        than to the best other (``CONF_TOPIC_W`` of the margin between its fits to the two,
        left out of its own article, in nats, through a logistic).  The units and fits are the
        labelling's (``unit_of``: the labelled unit of each fragment); on a page cut by its
        layout or rows, or one the labelling did not weigh, each body fragment is fitted to
        the articles as they came out (:meth:`_fit_margins`).  1.0 for a page of one article.

        On bench/dev's block-level pages the tenth of pages whose least sure article is least
        sure have 80% of their text in the right article, the others 94% (with the mean odds
        of the joins, which this replaces: 89% and 93%); on Tesseract's hOCR of bench/ocr 68%
        and 90% (95% and 88%).  ``bodies``: each article's body fragments.
        """
        if unit_of and self._margins:
            weighed = [[self._margins[u] for u in dict.fromkeys(id(unit_of[f]) for f in body if f in unit_of)
                        if u in self._margins] for body in bodies]
        else:
            weighed = self._fit_margins(bodies, infos)
        out = []
        for ms in weighed:
            total = sum(n for _, n in ms)
            out.append(sum(n * math.exp(_log_sigmoid(CONF_TOPIC_W * m)) for m, n in ms) / total if total else 1.0)
        return out

    def _fit_margins(self, bodies: list[list[int]], infos) -> list[list[tuple[float, int]]]:
        """For articles the labelling did not make: for each article, each body fragment's
        margin between its fit to its own article (left out of it) and to the best other, in
        nats, and its size.  The fits are the labelling's (Dirichlet-smoothed; only the words
        two fragments share count).  (Runs of a paragraph's pieces instead of fragments told
        bench/ocr's misplaced text less well.)"""
        units = [[infos[f].bag for f in body] for body in bodies]
        df = collections.Counter(itertools.chain.from_iterable(itertools.chain.from_iterable(units)))
        shared = [[{t: x for t, x in b.items() if df[t] > 1} for b in bs] for bs in units]
        sizes = [[sum(b.values()) for b in bs] for bs in units]
        totals = [_sum_bags(bs) for bs in shared]
        n_art = [sum(ns) for ns in sizes]
        inv_abg = {t: 1.0 / (ALPHA * self._bg(t)) for t, x in df.items() if x > 1}
        out = []
        for a in range(len(bodies)):
            others = [q for q in range(len(bodies)) if q != a and n_art[q]]
            ms = []
            for b, size in zip(shared[a], sizes[a]):
                if size and others:
                    inside, outside = _unit_fits(b, size, inv_abg)
                    best = max(outside(totals[q], n_art[q]) for q in others)
                    ms.append((inside(totals[a], n_art[a]) - best, size))
            out.append(ms)
        return out

    def _build(self, frags, infos, roles, heads, body, links, local, conf: float = 1.0) -> tuple[Article, list[Edit]]:
        fields: dict[str, list[str]] = {"title": [], "kicker": [], "deck": [], "byline": [], "column": [], "jump": []}
        for k in heads:
            fields[roles[k].value].append(frags[k].text)
        paras: list[str] = []
        edits: list[Edit] = []
        prev = None
        for k in body:
            f = frags[k]
            text = f.text
            joined = False
            if prev is not None:
                dedupe = local.get((prev, k), (0.0, False))[1]
                sep = not (_has_text(f.text) and _has_text(frags[prev].text))
                cut = False
                if dedupe and self.cfg.dedupe_cuts and text and not any(
                        e.start <= f.start < e.end or e.start == f.start for e in f.edits):
                    edits.append(Edit("cut-repeat", f.start, f.start + 1, f.source[0], "",
                                      f"OCR repeated {f.source[0]!r} at a column cut"))
                    text = text[1:]
                    # a repeat is a cut inside a sentence unless at a full stop (例外）|）开办)
                    cut = infos[prev].v[-1:] not in ("。", "！", "？", "…")
                if roles[prev] == Role.SUBHEAD and frags[prev].role == Role.TITLE and roles[k] == Role.BODY \
                        and infos[prev].v and infos[k].v and is_cjk(infos[prev].v[-1]) and is_cjk(infos[k].v[0]) \
                        and self.m.local(infos[prev], infos[k])[0] > HEAD_RUNS_ON:
                    # a lone headline taken as a section heading whose words run on into the text
                    # after it (…在国际金融市场逐渐一体|化、科学技术迅猛发展…) was a cut line
                    roles[prev] = Role.BODY
                if roles[prev] != Role.SUBHEAD and roles[k] != Role.SUBHEAD and (cut or not infos[prev].closed) \
                        and not sep:  # a separator line (＊＊＊) stays a paragraph of its own
                    joined = True
            if joined and paras:
                paras[-1] += text
            else:
                paras.append(text)
            prev = k
        def one(name: str) -> str | None:
            v = fields[name]
            return " ".join(v) if v else None

        title = fields["title"][0] if fields["title"] else None
        if fields["title"][1:]:  # a second headline in one head: keep it as the deck
            fields["deck"] = fields["title"][1:] + fields["deck"]
        art = Article(title=title, paragraphs=tuple(paras), fragment_ids=tuple(heads + body),
                      confidence=conf, byline=one("byline"), kicker=one("kicker"), deck=one("deck"),
                      column=one("column"), jump=one("jump"))
        return art, edits
