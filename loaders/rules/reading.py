"""What a rule reads a sentence with (``Reading``), where it may fire (``Site``), what a rule is
(``Rule``), and how the stances a rule found are made (``Reading.emit``)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, ClassVar, Literal, Protocol, TypeVar

from spacy.tokens import Span, Token

from peacegraph.graph.model import ACTOR_TYPES, STANCE_TARGETS, StanceType
from peacegraph.loaders.lexicon import Cue
from peacegraph.loaders.rules.actors import Actors
from peacegraph.loaders.rules.assertion import Assertion
from peacegraph.loaders.rules.context import MAX_COORDINATED, ArticleIndex, Discourse, Stance
from peacegraph.loaders.rules.entities import Entities
from peacegraph.loaders.rules.points import Points
from peacegraph.loaders.rules.sources import SourceFinder
from peacegraph.loaders.rules.targets import Targets

T = TypeVar("T")

SiteKind = Literal[
    "phrase", "verb", "speech", "judging", "directive", "noun", "negotiators", "feeling", "plan", "event"
]


@dataclass(frozen=True, slots=True)
class Site:
    """A place a rule may read: a cue (phrase, verb, noun) at a token, a speech verb's content clause
    with its speakers, a judging verb, a plan named with its proposer, an event mention."""

    kind: SiteKind
    token: Token
    cue: Cue | None = None
    start: int = 0  # phrase: the matched words
    end: int = 0
    clause: Token | None = None  # speech: the content clause
    actors: tuple[str, ...] = ()  # speech: who says it; plan: who proposed it
    # What the rules offered this site decided about it, so that rules excluding each other ask once.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def once(self, question: str, answer: Callable[[], T]) -> T:
        """The answer to ``question`` about this site, computed on first asking."""
        if question not in self.memo:
            self.memo[question] = answer()
        found: T = self.memo[question]
        return found


@dataclass(frozen=True)
class Example:
    """A sentence a rule must read, and a stance (source, type, target) it must read from it."""

    text: str
    stance: tuple[str, StanceType, str]


class Rule(Protocol):
    """A stance rule: a name (the edge's ``method`` is ``rules/<name>/<pattern>``), the sites it reads,
    the sentences it must read, whether it fires at a site and what it reads there."""

    name: ClassVar[str]
    kinds: ClassVar[frozenset[SiteKind]]
    examples: ClassVar[tuple[Example, ...]]

    def fires(self, site: Site, s: Reading) -> bool: ...

    def read(self, site: Site, s: Reading) -> list[Stance]: ...


@dataclass(frozen=True, slots=True)
class Reading:
    """One sentence of an article with everything a rule reads it with. Read-only for the rules."""

    ix: ArticleIndex
    sent: Span
    discourse: Discourse
    assertion: Assertion
    entities: Entities
    points: Points
    targets: Targets
    actors: Actors

    @property
    def sources(self) -> SourceFinder:
        """The sources of the sentence's predicates."""
        return self.actors.sources

    def emit(
        self,
        rule: str,
        sources: Iterable[str],
        rel_type: StanceType,
        targets: Iterable[str],
        anchor: Token,
        pattern: str,
        code: str | None,
    ) -> list[Stance]:
        """A stance from each source to each target it may hold it on (``STANCE_TARGETS``)."""
        if rel_type in (StanceType.MEETS, StanceType.PARTICIPATES_IN) and self.assertion.planned(anchor):
            return []  # "will meet on Sunday", "is due to attend": planned, not yet happened
        ix = self.ix
        allowed = STANCE_TARGETS[rel_type]
        targets = list(dict.fromkeys(targets))
        hostile = rel_type in (StanceType.THREATENS, StanceType.ATTACKS)
        found = []
        for source in dict.fromkeys(sources):
            if ix.type(source) not in ACTOR_TYPES:
                continue
            for target in targets:
                if target == source or ix.type(target) not in allowed:
                    continue
                if hostile and target in ix.mentions.records and ix.side(source) == ix.side(target):
                    continue  # nobody threatens or attacks their own side
                confidence = ix.lex.score(pattern)
                method = f"rules/{rule}/{pattern}"
                found.append(Stance(source, rel_type, target, self.sent, anchor, confidence, code, method=method))
        return found

    def group(
        self, rule: str, actors: list[str], rel_type: StanceType, anchor: Token, pattern: str, code: str | None
    ) -> list[Stance]:
        """Each pair of ``actors`` once, in the order the sentence names them (the first ``MAX_COORDINATED``)."""
        sent = self.sent

        def position(actor: str) -> int:
            spans = self.ix.mention_starts.get(actor, [])
            for start, end in spans[bisect_left(spans, (sent.start, -1)) :]:
                if start >= sent.end:
                    break
                if end <= sent.end:
                    return start
            return len(self.ix.doc)

        ordered = sorted(actors, key=position)[:MAX_COORDINATED]
        return [
            stance
            for first, second in combinations(ordered, 2)
            for stance in self.emit(rule, [first], rel_type, [second], anchor, pattern, code)
        ]
