"""Rule ``directive``: a verb that directs its object to act demands the act of that object ("Trump told
Zelensky to accept the plan", "ordered the army to withdraw"); a verb that gives its object a time limit
to act does too ("gave Kyiv until Thursday to accept", "gave Ukraine a week to decide"). The plan points
the act names are demanded as well ("told Kyiv to give up the Donbas")."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import StanceType
from peacegraph.loaders.rules.context import Stance
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind

_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
_ACT_DEPS = frozenset({"xcomp", "ccomp", "advcl", "acl", "relcl"})
# Nouns of a time limit given as an object: "a week to decide", "48 hours to respond".
_SPAN_NOUNS = frozenset({"day", "week", "month", "hour", "deadline", "ultimatum", "time"})
_LIMIT_PREPOSITIONS = frozenset({"until", "till", "by"})


def directed_act(s: Reading, verb: Token) -> Token | None:
    """The act in the infinitive ``verb`` directs its object to: on the verb ("told X | to accept") or on its
    object ("gave Ukraine a week | to decide")."""
    holders = [verb, *(c for c in s.ix.children(verb) if c.dep_ in _OBJECT_DEPS or c.dep_ == "npadvmod")]
    for holder in holders:
        for child in s.ix.children(holder):
            if child.dep_ in _ACT_DEPS and s.assertion.infinitive(child):
                return child
    return None


def directed_actors(s: Reading, verb: Token, act: Token) -> list[str]:
    """The actors ``verb``'s objects name ("told Zelensky", "gave Kyiv a week"), else the subject of the act
    ("wants Zelensky | to accept", parsed as a clause of its own)."""
    found = [a for c in s.ix.children(verb) if c.dep_ in _OBJECT_DEPS for a in s.actors(c)]
    if not found and act.head.i == verb.i and act.dep_ == "ccomp":
        found = [a for c in s.ix.children(act) if c.dep_ == "nsubj" for a in s.actors(c)]
    return found


def _has_time_limit(s: Reading, verb: Token) -> bool:
    """ "until Thursday", "by Friday", "a week", "48 hours" among the verb's phrases."""
    for child in s.ix.children(verb):
        if child.dep_ == "prep" and child.lower_ in _LIMIT_PREPOSITIONS:
            return True
        if child.dep_ in (*_OBJECT_DEPS, "npadvmod") and child.lemma_.lower() in _SPAN_NOUNS:
            return True
    return False


class Directive:
    name: ClassVar[str] = "directive"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"directive"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Donald Trump told Volodymyr Zelensky to accept the 28-point plan.",
                ("person:donald-trump", StanceType.DEMANDS, "person:volodymyr-zelenskyy")),
        Example("Donald Trump gave Kyiv until Thursday to accept the 28-point plan.",
                ("person:donald-trump", StanceType.DEMANDS, "country:ukraine")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        verb = site.token
        act = directed_act(s, verb)
        if not s.assertion.asserted(verb, StanceType.DEMANDS) or act is None:
            return False
        if verb.lemma_.lower() in s.ix.lex.deadline_verbs and not _has_time_limit(s, verb):
            return False
        return bool(directed_actors(s, verb, act))

    def read(self, site: Site, s: Reading) -> list[Stance]:
        verb = site.token
        act = directed_act(s, verb)
        assert act is not None
        subjects = [c for c in s.ix.children(verb) if c.dep_ == "nsubj"]
        # "the draft asks Ukraine to ...": a text that directs is no actor, whoever reports it
        sources = [a for c in subjects for a in s.actors(c)] if subjects else s.sources.subject_actors(verb).actors
        sides = {s.ix.side(source) for source in sources}
        directed = [a for a in directed_actors(s, verb, act) if s.ix.side(a) not in sides]  # not one's own side
        targets = [*directed, *s.points([act])] if directed else []
        return s.emit(self.name, sources, StanceType.DEMANDS, targets, verb, "directive", "100")
