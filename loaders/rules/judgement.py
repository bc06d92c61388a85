"""Rule ``judgement``: "called the plan unacceptable", "deemed it a capitulation", "described the talks
as productive": the subject of a judging verb judges its object by the complement's evaluation; a claim or
statement judged false or propaganda is a stance on whoever made it ("called Lavrov's claim a fabrication")."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import STANCE_TARGETS, StanceType
from peacegraph.loaders.rules.context import Stance
from peacegraph.loaders.rules.cues import evaluation_of
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind


class Judgement:
    name: ClassVar[str] = "judgement"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"judging"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Zelensky called the 28-point plan unacceptable.",
                ("person:volodymyr-zelenskyy", StanceType.REJECTS, "plan:us-28-point-plan")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        return not s.assertion.unasserted(site.token)

    def read(self, site: Site, s: Reading) -> list[Stance]:
        verb = site.token
        objects = [c for c in s.ix.children(verb) if c.dep_ == "dobj"]
        complements = self._complements(verb, objects, s)
        judgement = next((j for c in complements if (j := evaluation_of(s.ix, c)) is not None), None)
        if judgement is None or not objects:
            return []
        sources = s.sources.subject_actors(verb).actors
        targets = [e for o in objects for e in s.entities(o) if s.ix.type(e) in STANCE_TARGETS[judgement]]
        targets += s.points(objects)
        if judgement in (StanceType.CRITICIZES, StanceType.REJECTS):
            # "called Lavrov's claim a fabrication", "called the claim propaganda": whoever made the claim
            targets += [a for o in objects if s.ix.speech_noun(o) for a in s.actors(o)]
        return s.emit(self.name, sources, judgement, targets, verb, "judgement", s.ix.lex.relations[judgement].code)

    @staticmethod
    def _complements(verb: Token, objects: list[Token], s: Reading) -> list[Token]:
        """What the object is called: "unacceptable", "as productive", "the plan, unacceptable"."""
        children = s.ix.children
        complements = [c for c in children(verb) if c.dep_ in ("oprd", "xcomp", "acomp", "ccomp", "attr")]
        for prep in (c for c in children(verb) if c.dep_ == "prep" and c.lower_ == "as"):
            complements += [o for o in children(prep) if o.dep_ == "pobj"]
        for obj in objects:
            complements += [c for c in children(obj) if c.dep_ in ("amod", "appos") and c.i > obj.i]
        return complements
