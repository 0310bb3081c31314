"""Assembly: fragments into articles, each in reading order.

1. **Heads.**  Consecutive head fragments (kicker, title, deck, byline, column label, jump
   marker) form a head group; a title that a neighbour continues mid-sentence is body after all.
2. **Chains.**  Every fragment starts as its own chain; the best join between the end of one
   chain and the start of another (continuity + topic of the two chains + input order) is taken
   greedily, each fragment getting at most one successor and one predecessor, until no join is
   confident.  Topic is re-measured on the growing chains, so later joins see more text.
3. **Articles.**  A chain that starts with a head group is an article; the remaining headless
   chains join the article they continue best, or stand as articles of their own when they are
   long and fit nowhere.  Bylines on their own and headlines with no body go to the article
   they fit; what has no text at all goes to ``unassigned``.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from .config import Config
from .continuity import ContinuityModel, FragInfo, cosine_matrix
from .model import Article, Edit, Fragment, Role
from .textutil import is_cjk

ARTICLE_HEADS = frozenset({Role.TITLE, Role.KICKER, Role.COLUMN, Role.JUMP})
MINOR_HEADS = frozenset({Role.BYLINE, Role.DECK})
HEAD = ARTICLE_HEADS | MINOR_HEADS
#: weight of topic cosine in a join score (log-odds per unit of cosine)
W_TOPIC = 6.0
#: a join is taken in the first pass only above this score
T_CONFIDENT = 1.0
#: a headless chain at least this long that fits no article below this score stands alone
T_ALONE = -2.0
#: topic cosine above which a titled section joins an untitled article as its subhead
T_SECTION = 0.15


@dataclass
class _Chain:
    frags: list[int]
    kind: str  # "article" (starts with a head group), "minor" (bylines/decks only), "body"


@dataclass(frozen=True)
class Assembly:
    articles: tuple[Article, ...]
    unassigned: tuple[int, ...]
    edits: tuple[Edit, ...]
    roles: dict[int, Role] = field(default_factory=dict)


def _has_text(s: str) -> bool:
    return any(c.isalnum() or is_cjk(c) for c in s)


class Assembler:
    """Builds articles from fragments; see the module docstring."""

    def __init__(self, model: ContinuityModel, config: Config) -> None:
        self.m = model
        self.cfg = config

    # ---------------------------------------------------------------- roles
    def _revise_roles(self, frags: list[Fragment], infos: list[FragInfo]) -> list[Role]:
        roles = [f.role for f in frags]
        n = len(frags)
        # a title that some open fragment continues into, or that runs on into a fragment
        # starting mid-sentence, is a cut body piece that happened to look like a headline
        opens = [i for i in range(n) if roles[i] in (Role.BODY, Role.TITLE) and not infos[i].closed]
        for t in range(n):
            if roles[t] != Role.TITLE:
                continue
            best = -99.0
            for i in opens:
                if i != t and len(infos[i].v) >= 8:
                    best = max(best, self.m.local(infos[i], infos[t])[0])
            for j in range(n):
                if j != t and roles[j] == Role.BODY:
                    best = max(best, self.m.local(infos[t], infos[j])[0] - 2.0)
            if best > 7.0:
                roles[t] = Role.BODY
        # kicker: a long head-like line right above a title; deck: between a head and a byline
        for i in range(n):
            if roles[i] != Role.BODY or infos[i].closed or len(infos[i].v) > 90 or "。" in infos[i].v:
                continue
            if not infos[i].v or infos[i].v[-1] in "，、；：（“":
                continue
            nxt = roles[i + 1] if i + 1 < n else None
            prv = roles[i - 1] if i > 0 else None
            if nxt == Role.TITLE and prv not in (Role.BODY, Role.SUBHEAD, None) or \
                    nxt == Role.TITLE and prv is None:
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
            if cur and (r == Role.JUMP or (r == Role.TITLE and Role.TITLE in have)
                        or (r == Role.KICKER and Role.TITLE in have)
                        or (r == Role.COLUMN and Role.COLUMN in have)
                        or (r == Role.BYLINE and Role.BYLINE in have)):
                groups.append(cur)
                cur = []
            cur.append(i)
        if cur:
            groups.append(cur)
        return groups

    # ---------------------------------------------------------------- order prior
    def _order_prior(self, infos: list[FragInfo], roles: list[Role], pair) -> tuple[float, float, float]:
        """(bonus for the next fragment in input order, for any later one, for an earlier one),
        measured on the page: how often does a confident mid-sentence cut continue in the very
        next fragment?"""
        n = len(infos)
        hits = fwd = tot = 0
        for i in range(n):
            if infos[i].closed or roles[i] != Role.BODY or len(infos[i].v) < 6:
                continue
            scores = sorted(((pair(i, j), j) for j in range(n) if j != i and roles[j] == Role.BODY), reverse=True)
            if len(scores) < 2 or scores[0][0] - scores[1][0] < 3.0 or scores[0][0] < 3.0:
                continue
            tot += 1
            j = scores[0][1]
            hits += j == i + 1
            fwd += j > i
        p_next = (hits + 1.0) / (tot + 2.0)
        p_fwd = (fwd + 1.5) / (tot + 2.0)
        p_fwd = min(max(p_fwd, 0.05), 0.95)
        uniform = 1.0 / max(2, n)
        adj = max(0.0, math.log(p_next / uniform)) if tot >= 2 or n < 8 else max(0.0, math.log(0.5 / uniform))
        return adj, math.log(p_fwd / 0.5), math.log((1 - p_fwd) / 0.5)

    # ---------------------------------------------------------------- main
    def assemble(self, frags: list[Fragment], infos: list[FragInfo]) -> Assembly:
        n = len(frags)
        if n == 0:
            return Assembly((), (), ())
        roles = self._revise_roles(frags, infos)
        m = self.m
        local_cache: dict[tuple[int, int], tuple[float, bool]] = {}

        def local(i: int, j: int) -> tuple[float, bool]:
            key = (i, j)
            r = local_cache.get(key)
            if r is None:
                r = m.local(infos[i], infos[j])
                local_cache[key] = r
            return r

        adj, fwd, bwd = self._order_prior(infos, roles, lambda i, j: local(i, j)[0])

        # chains --------------------------------------------------------------
        chain_of = list(range(n))
        chains: dict[int, _Chain] = {}
        groups = self._head_groups(roles)
        grouped = set()
        for g in groups:
            kind = "article" if any(roles[k] in ARTICLE_HEADS for k in g) else "minor"
            chains[g[0]] = _Chain(list(g), kind)
            for k in g:
                chain_of[k] = g[0]
                grouped.add(k)
        for i in range(n):
            if i not in grouped:
                chains[i] = _Chain([i], "body")
        # topic vectors per chain (dot products add up when chains merge)
        terms = [infos[i].terms for i in range(n)]
        dots, norms = cosine_matrix(terms, max_df=max(8, n // 3))
        cdots: dict[int, dict[int, float]] = {}
        cnorm: dict[int, float] = {}
        for cid, ch in chains.items():
            d: dict[int, float] = {}
            for k in ch.frags:
                for j, v in dots[k].items():
                    cj = chain_of[j]
                    if cj != cid:
                        d[cj] = d.get(cj, 0.0) + v
            cdots[cid] = d
            cnorm[cid] = sum(norms[k] for k in ch.frags) + 2 * sum(
                dots[a].get(b, 0.0) for x, a in enumerate(ch.frags) for b in ch.frags[x + 1:])

        def cos(cx: int, cy: int) -> float:
            d = cdots[cx].get(cy, 0.0)
            if d <= 0:
                return 0.0
            return d / math.sqrt(cnorm[cx] * cnorm[cy])

        def order(i: int, j: int) -> float:
            if j == i + 1:
                return adj
            return fwd if j > i else bwd

        def score(cx: int, cy: int) -> tuple[float, bool]:
            ch_x, ch_y = chains[cx], chains[cy]
            i, j = ch_x.frags[-1], ch_y.frags[0]
            if ch_x.kind == "article" and len(ch_x.frags) == len(set(ch_x.frags)) and roles[i] in HEAD:
                # a head group opens onto a paragraph start: no mid-sentence continuation
                lo, dd = local(i, j)
                lo = min(lo, 2.0)
                return lo + W_TOPIC * 1.5 * cos(cx, cy) + order(i, j), False
            lo, dd = local(i, j)
            return lo + W_TOPIC * cos(cx, cy) + order(i, j), dd

        succ: dict[int, tuple[int, bool]] = {}

        def merge(cx: int, cy: int, dedupe: bool) -> None:
            ch_x, ch_y = chains[cx], chains.pop(cy)
            succ[ch_x.frags[-1]] = (ch_y.frags[0], dedupe)
            ch_x.frags.extend(ch_y.frags)
            for k in ch_y.frags:
                chain_of[k] = cx
            # topic: dots add up
            dy = cdots.pop(cy)
            dx = cdots[cx]
            cnorm[cx] = cnorm[cx] + cnorm.pop(cy) + 2 * dx.pop(cy, 0.0)
            dy.pop(cx, None)
            for cz, v in dy.items():
                dx[cz] = dx.get(cz, 0.0) + v
                dz = cdots[cz]
                dz[cx] = dz.get(cx, 0.0) + dz.pop(cy, 0.0)

        def can_link(cx: int, cy: int) -> bool:
            if cx == cy or cx not in chains or cy not in chains:
                return False
            if chains[cy].kind != "body" or chains[cx].kind == "minor":
                return False
            return True

        def greedy(threshold: float | None, sources_ok) -> None:
            heap = []
            for cx in chains:
                if not sources_ok(cx):
                    continue
                for cy in chains:
                    if can_link(cx, cy):
                        s, dd = score(cx, cy)
                        heap.append((-s, cx, cy, len(chains[cx].frags), len(chains[cy].frags)))
            heapq.heapify(heap)
            while heap:
                neg, cx, cy, lx, ly = heapq.heappop(heap)
                if threshold is not None and -neg < threshold:
                    break
                if not can_link(cx, cy) or not sources_ok(cx):
                    continue
                if len(chains[cx].frags) != lx or len(chains[cy].frags) != ly:
                    s, dd = score(cx, cy)  # stale: re-score and retry
                    heapq.heappush(heap, (-s, cx, cy, len(chains[cx].frags), len(chains[cy].frags)))
                    continue
                s, dd = score(cx, cy)
                merge(cx, cy, dd)
                # new candidate joins out of the grown chain
                for cz in list(chains):
                    if can_link(cx, cz):
                        s2, _ = score(cx, cz)
                        heapq.heappush(heap, (-s2, cx, cz, len(chains[cx].frags), len(chains[cz].frags)))
                    if can_link(cz, cx) and sources_ok(cz):
                        s2, _ = score(cz, cx)
                        heapq.heappush(heap, (-s2, cz, cx, len(chains[cz].frags), len(chains[cx].frags)))

        greedy(T_CONFIDENT, lambda c: True)

        # phase 2: headless chains join articles, or stand alone ---------------
        def chars(cid: int) -> int:
            return sum(len(infos[k].v) for k in chains[cid].frags)

        unassigned: list[int] = []
        for cid in [c for c in chains if chains[c].kind == "body"]:
            if not any(_has_text(frags[k].text) for k in chains[cid].frags):
                unassigned.extend(chains.pop(cid).frags)
                cdots.pop(cid, None)
        if not any(ch.kind == "article" for ch in chains.values()):
            bodies = sorted((c for c in chains if chains[c].kind == "body"), key=lambda c: (-chars(c), c))
            if bodies:
                chains[bodies[0]].kind = "article"
        while True:
            heads = [c for c in chains if chains[c].kind == "body"]
            if not heads:
                break
            best = None
            for cy in heads:
                for cx in chains:
                    if chains[cx].kind == "article" and can_link(cx, cy) and (
                            any(roles[k] not in HEAD for k in chains[cx].frags) or cos(cx, cy) > 0.02):
                        s, dd = score(cx, cy)
                        key = (s, -cx, -cy)
                        if best is None or key > best[0]:
                            best = (key, cx, cy, dd)
            if best is None:
                break
            (s, _, _), cx, cy, dd = best
            if s < T_ALONE:
                # the weakest headless chain fits nowhere: long ones stand alone
                alone = [c for c in heads if chars(c) >= self.cfg.min_article_chars]
                if alone:
                    for c in alone:
                        chains[c].kind = "article"
                    continue
            merge(cx, cy, dd)

        # headlines with no body go to the article they summarise -------------
        articles = [c for c in chains if chains[c].kind == "article"]

        def has_role(c: int, role: Role) -> bool:
            return any(roles[k] == role for k in chains[c].frags)

        for c in [a for a in articles if all(roles[k] in HEAD for k in chains[a].frags)]:
            if not has_role(c, Role.TITLE) or len(articles) <= 1:
                continue
            cands = [a for a in articles if a != c and not has_role(a, Role.TITLE)]
            if not cands:
                continue
            best = max(cands, key=lambda a: (cos(c, a), -a))
            if cos(c, best) <= 0.0:
                continue
            # the headline goes first among the head fragments
            chains[best].frags[:0] = chains[c].frags
            for k in chains[c].frags:
                chain_of[k] = best
            chains.pop(c)
            articles.remove(c)
        # a titled section whose text belongs to an article without a title is a subhead of it
        for c in list(articles):
            head = [k for k in chains[c].frags if roles[k] in HEAD]
            if len(head) != 1 or roles[head[0]] != Role.TITLE or len(head) == len(chains[c].frags):
                continue
            cands = [a for a in articles if a != c and not has_role(a, Role.TITLE)
                     and any(roles[k] not in HEAD for k in chains[a].frags)]
            if not cands:
                continue
            best = max(cands, key=lambda a: (cos(c, a), -a))
            if cos(c, best) < T_SECTION:
                continue
            roles[head[0]] = Role.SUBHEAD
            succ[chains[best].frags[-1]] = (chains[c].frags[0], False)
            chains[best].frags.extend(chains[c].frags)
            chains.pop(c)
            articles.remove(c)

        # bylines and decks on their own join the article next to them ----------
        owner = {}
        for c in articles:
            for k in chains[c].frags:
                owner[k] = c
        extra_heads: dict[int, list[int]] = {c: [] for c in articles}
        for cid in [c for c in chains if chains[c].kind == "minor"]:
            fr = chains.pop(cid).frags
            target = None
            for k in [fr[-1] + 1, fr[0] - 1, fr[-1] + 2, fr[0] - 2]:
                if 0 <= k < n and k in owner:
                    target = owner[k]
                    break
            if target is None and articles:
                target = min(articles)
            if target is None:
                unassigned.extend(fr)
            else:
                extra_heads[target].extend(fr)

        # build -------------------------------------------------------------
        out: list[tuple[int, Article]] = []
        edits: list[Edit] = []
        for c in articles:
            fr = chains[c].frags
            heads = sorted(extra_heads.get(c, []) + [k for k in fr if roles[k] in HEAD])
            body = [k for k in fr if roles[k] not in HEAD]
            art, e = self._build(frags, infos, roles, heads, body, succ, local)
            edits.extend(e)
            out.append((min(fr + heads), art))
        out.sort(key=lambda x: x[0])
        return Assembly(tuple(a for _, a in out), tuple(sorted(unassigned)), tuple(edits),
                        {i: roles[i] for i in range(n)})

    def _build(self, frags, infos, roles, heads, body, succ, local) -> tuple[Article, list[Edit]]:
        fields: dict[str, list[str]] = {"title": [], "kicker": [], "deck": [], "byline": [], "column": [], "jump": []}
        for k in heads:
            fields[roles[k].value].append(frags[k].text)
        paras: list[str] = []
        edits: list[Edit] = []
        scores = []
        prev = None
        for k in body:
            f = frags[k]
            text = f.text
            joined = False
            if prev is not None:
                nxt, dedupe = succ.get(prev, (None, False))
                s = local(prev, k)[0] if nxt == k else 0.0
                scores.append(s)
                if nxt == k and dedupe and self.cfg.dedupe_cuts and text and not any(
                        e.start <= f.start < e.end or e.start == f.start for e in f.edits):
                    edits.append(Edit("cut-repeat", f.start, f.start + 1, f.source[0], "",
                                      f"OCR repeated {f.source[0]!r} at a column cut"))
                    text = text[1:]
                if roles[prev] not in (Role.SUBHEAD,) and roles[k] != Role.SUBHEAD and not infos[prev].closed:
                    joined = True
            if joined and paras:
                paras[-1] += text
            else:
                paras.append(text)
            prev = k
        conf = 1.0 if not scores else sum(1 / (1 + math.exp(-min(20.0, max(-20.0, s)))) for s in scores) / len(scores)

        def one(name: str) -> str | None:
            v = fields[name]
            return " ".join(v) if v else None

        title = fields["title"][0] if fields["title"] else None
        extra_titles = fields["title"][1:]
        if extra_titles:  # a second headline in one head: keep it as the deck
            fields["deck"] = extra_titles + fields["deck"]
        art = Article(title=title, paragraphs=tuple(paras), fragment_ids=tuple(heads + body),
                      confidence=conf, byline=one("byline"), kicker=one("kicker"), deck=one("deck"),
                      column=one("column"), jump=one("jump"))
        return art, edits
