"""Which plan or plan point a stretch of the parse speaks of: by a point's cue phrase, else by its
topic words under the plan last named, else the first plan named outside asides.

Found by position (``peacegraph.loaders.tree.Positions``), without walking subtrees.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from spacy.tokens import Token

from peacegraph.graph.model import StanceType
from peacegraph.loaders.plans import PlanSpec
from peacegraph.loaders.rules.context import ArticleIndex
from peacegraph.loaders.tree import Positions

# Stances whose target may be a point recognised by its topic words alone.
TOPIC_TYPES = frozenset({StanceType.REJECTS, StanceType.SUPPORTS, StanceType.DEMANDS, StanceType.CRITICIZES})
# Topic words too common in this news to tell one point from another.
VAGUE_TOPICS = frozenset({"security", "europe", "russia", "united", "states", "eu", "trade", "economy", "nato"})

Topics = dict[str, list[tuple[str, frozenset[str]]]]
"""plan id -> (point id, the stems of its topic words) of each of its points."""


def stem(word: str) -> str:
    """A crude stem: "territorial"/"territory" -> "territ", "recognised"/"recognition" -> "recogn"."""
    return word.lower()[:6]


def topic_stems(topics: list[str]) -> frozenset[str]:
    words = {w for topic in topics for w in topic.lower().split("-")}
    return frozenset(stem(w) for w in words - VAGUE_TOPICS if len(w) > 2)


def plan_topics(plans: Iterable[PlanSpec]) -> Topics:
    return {plan.id: [(plan.point_id(item.number), topic_stems(item.topics)) for item in plan.items] for plan in plans}


class Points:
    """Plan points and plans named under the clauses of one article."""

    def __init__(self, ix: ArticleIndex, topics: Topics) -> None:
        self.ix = ix
        self.tree = ix.tree
        self.topics = topics

    def __call__(self, roots: Iterable[Token], rel_type: StanceType | None = None) -> list[str]:
        """Plan points the subtrees of ``roots`` (in turn) speak of: by cue phrase, else (for stances on
        content) by topic words."""
        roots = list(roots)
        found: list[tuple[int, int, int, str]] = []
        for number, root in enumerate(roots):
            for point_id, tokens in self.ix.point_tokens.items():
                first = tokens.first_under(root)
                if first is not None:  # the point's first token in the subtree, then its place among the hits there
                    rank = next(k for k, hit in enumerate(self.ix.points[first.i]) if hit.point_id == point_id)
                    found.append((number, self.tree.position[first.i], rank, point_id))
        points = [point_id for *_, point_id in sorted(found)]
        if not points and rel_type in TOPIC_TYPES and roots:
            points = self._topic_point(roots)
        return list(dict.fromkeys(points))

    def _topic_point(self, roots: list[Token]) -> list[str]:
        """The one point of the plan under discussion whose topics the subtrees of ``roots`` name: two of its
        topic words, or the only one of a single-topic point ("preserve sovereignty" -> the sovereignty point)."""
        start = min(self.tree.left_edge(root) for root in roots)
        before = bisect_left(self.ix.named_plan_starts, start)
        if not before:
            return []
        stem_tokens = self._stem_tokens()
        present: dict[str, bool] = {}

        def named(stem: str) -> bool:
            if stem not in present:
                tokens = stem_tokens.get(stem)
                present[stem] = tokens is not None and any(tokens.any_under(root) for root in roots)
            return present[stem]

        scored = []
        for point_id, topics in self.topics.get(self.ix.named_plans[before - 1][1], []):
            hits = sum(1 for stem in topics if named(stem))
            if hits >= 2 or (hits == 1 and len(topics) == 1):
                scored.append((hits, point_id))
        scored.sort(reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return []
        return [scored[0][1]]

    def _stem_tokens(self) -> dict[str, Positions]:
        """The tokens of each topic word stem of the plans, indexed once (on first use)."""
        if self.ix.stem_tokens is None:
            wanted = {s for points in self.topics.values() for _, topics in points for s in topics}
            by_stem: dict[str, list[int]] = {}
            for token in self.ix.doc:
                if token.is_alpha and len(token) > 2 and (s := stem(token.lower_)) in wanted:
                    by_stem.setdefault(s, []).append(token.i)
            self.ix.stem_tokens = {s: self.tree.positions(ids) for s, ids in by_stem.items()}
        return self.ix.stem_tokens

    def first_plan_outside_asides(self, clause: Token) -> str | None:
        """The first plan or point named in ``clause`` outside its adverbial and relative clauses."""
        tree = self.tree
        asides = sorted(
            (tree.low[c.i], tree.high[c.i]) for c in self.ix.children(clause) if c.dep_ in ("advcl", "relcl")
        )
        low = tree.low[clause.i]
        for aside_low, aside_high in [*asides, (tree.high[clause.i], tree.high[clause.i])]:
            token = self.ix.plan_tokens.first_between(low, aside_low)
            if token is not None:
                mention = self.ix.mention(token)
                return mention.entity_id if mention is not None else None
            low = max(low, aside_high)
        return None
