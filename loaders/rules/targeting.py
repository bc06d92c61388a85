"""Rule ``legitimate-target``: a speaker saying that someone's troops, bases or units would be legitimate
(military, combat) targets threatens whoever the subject names ("Zakharova said any units Britain and France
deployed would be treated as legitimate combat targets")."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import ACTOR_TYPES, StanceType
from peacegraph.loaders.rules.context import Stance
from peacegraph.loaders.rules.front import clause_tokens
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind

_TARGET_WORDS = frozenset({"target"})
_LEGITIMATE = frozenset({"legitimate", "lawful", "legal"})
_WHERE = frozenset({"in", "into", "to", "inside", "on", "at", "near"})


def declares_target(clause: Token) -> bool:
    """Does the clause call something a legitimate target?"""
    return any(
        t.lemma_.lower() in _TARGET_WORDS and any(c.lower_ in _LEGITIMATE for c in t.children)
        for t in clause_tokens(clause)
    )


class LegitimateTarget:
    name: ClassVar[str] = "legitimate-target"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"speech"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Maria Zakharova said any units that Britain deployed in Ukraine would be legitimate targets.",
                ("person:maria-zakharova", StanceType.THREATENS, "country:united-kingdom")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        assert site.clause is not None
        return not s.assertion.negated(site.clause) and declares_target(site.clause) and bool(self._named(site, s))

    def read(self, site: Site, s: Reading) -> list[Stance]:
        return s.emit(self.name, site.actors, StanceType.THREATENS, self._named(site, s), site.token, "verb", "138")

    @staticmethod
    def _named(site: Site, s: Reading) -> list[str]:
        return site.once("targeted-owners", lambda: _subject_actors(site, s))


def _subject_actors(site: Site, s: Reading) -> list[str]:
    """The actors the clause's subject names: "units that Britain and France deployed", "British troops"."""
    assert site.clause is not None
    subjects = [c for c in s.ix.children(site.clause) if c.dep_ in ("nsubj", "nsubjpass")]
    found: list[str] = []
    for subject in subjects:
        for token in clause_tokens(subject):
            if token.dep_ == "pobj" and token.head.lower_ in _WHERE:
                continue  # "troops in Ukraine": where they are, not whose
            mention = s.ix.mention(token)
            if mention is not None and mention.type in ACTOR_TYPES and mention.entity_id not in site.actors:
                found.append(mention.entity_id)
    return list(dict.fromkeys(found))
