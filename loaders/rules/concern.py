"""Rule ``concern``: a speaker who says they are concerned, worried or alarmed by something criticises it
("Starmer said he was concerned by the proposed limits", "Tusk is worried about the draft"). The words are
the lexicon's ``concern_adjectives``; what they are about is the object of "by", "about", "over", "at" or
"with". Not when negated or hypothetical ("was not worried about", "would be alarmed if")."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import StanceType
from peacegraph.loaders.rules.context import Stance
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind

# Prepositions that say what one is concerned about ("by" is a passive's agent to the parser).
ABOUT = frozenset({"by", "about", "over", "at", "with"})


class Concern:
    name: ClassVar[str] = "concern"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"feeling"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Keir Starmer said he was concerned by the 28-point plan.",
                ("person:keir-starmer", StanceType.CRITICIZES, "plan:us-28-point-plan")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        holder = _holder(site.token, s)
        return holder is not None and s.assertion.asserted(holder[0], StanceType.CRITICIZES)

    def read(self, site: Site, s: Reading) -> list[Stance]:
        found = _holder(site.token, s)
        assert found is not None
        targets = _worried_about(site.token, s)
        return s.emit(self.name, s.actors(found[1]), StanceType.CRITICIZES, targets, site.token, "verb", "110")


def _worried_about(word: Token, s: Reading) -> list[str]:
    """What the worry is about: a point, an entity, one named inside ("limits on Ukraine's army"), else whoever
    does what worries ("alarmed by the Russian strikes")."""
    objects = [
        obj
        for prep in s.ix.children(word)
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ABOUT
        for obj in s.ix.children(prep)
        if obj.dep_ == "pobj"
    ]
    targets = s.points(objects) or [e for obj in objects for e in s.entities(obj)]
    targets = targets or [e for obj in objects for e in s.targets.nested(obj, StanceType.CRITICIZES)]
    return targets or [a for obj in objects for a in s.sources.noun_sources(obj).actors]


def _holder(word: Token, s: Reading) -> tuple[Token, Token] | None:
    """The verb of the clause and the subject who feels it: "he | was | concerned" (an adjective after a
    linking verb, or a passive participle to the parser), "remained | worried"."""
    kids = s.ix.children
    if word.dep_ in ("acomp", "oprd") and word.head.pos_ in ("AUX", "VERB"):
        verb, subject_deps = word.head, ("nsubj",)
    elif word.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in kids(word)):
        verb, subject_deps = word, ("nsubjpass",)
    else:
        return None
    subject = next((c for c in kids(verb) if c.dep_ in subject_deps), None)
    return (verb, subject) if subject is not None else None
