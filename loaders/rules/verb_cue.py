"""Rule ``verb-cue``: a cue verb of the lexicon, its subject the source, its object the target
("Putin rejected the plan", "a plan proposed by the United States", "threatened to strike if NATO
deployed troops")."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import EntityType, StanceType
from peacegraph.loaders.lexicon import Cue
from peacegraph.loaders.rules.context import Sources, Stance
from peacegraph.loaders.rules.predicates import reported_attack, verb_reading
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind


class VerbCue:
    name: ClassVar[str] = "verb-cue"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"verb"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Sergey Lavrov flatly rejected the European counter-proposal.",
                ("person:sergey-lavrov", StanceType.REJECTS, "plan:european-counter-proposal")),
        Example("Putin will never accept the 28-point plan.",
                ("person:vladimir-putin", StanceType.REJECTS, "plan:us-28-point-plan")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        return verb_reading(site, s) is not None and reported_attack(site, s) is None

    def read(self, site: Site, s: Reading) -> list[Stance]:
        read = verb_reading(site, s)
        assert read is not None
        rel_type, cue = read
        verb = site.token
        sources = s.sources.subject_actors(verb)
        if rel_type == StanceType.MEETS and s.assertion.intention(verb) is not None:
            rel_type, cue = StanceType.PROPOSES, Cue(type=StanceType.PROPOSES, code="036")
        targets = self._targets(verb, rel_type, sources, s)
        if rel_type == StanceType.MEETS and not targets and len(sources.actors) > 1:
            return s.group(self.name, sources.actors, StanceType.MEETS, verb, "meeting_group", cue.code)
        if not self._sense_fits(verb, rel_type, targets, s):
            return []
        return s.emit(self.name, sources.actors, rel_type, targets, verb, sources.pattern, cue.code)

    @staticmethod
    def _targets(verb: Token, rel_type: StanceType, sources: Sources, s: Reading) -> list[str]:
        targets = s.targets.of_verb(verb, rel_type)
        if rel_type == StanceType.THREATENS:  # "threatened to strike if NATO deployed troops": the condition's actor
            condition = s.actors.condition_actors(verb)
            for clause in (c for c in s.ix.children(verb) if c.dep_ in ("ccomp", "xcomp")):
                condition += s.actors.condition_actors(clause)
            targets = condition or targets
        if rel_type in (StanceType.REJECTS, StanceType.CRITICIZES) and not targets:
            # "rejected the claim", "disputes each claim": whoever made it (its owner, else the last speaker)
            said = [c for c in s.ix.children(verb) if c.dep_ == "dobj" and s.ix.speech_noun(c)]
            targets = [a for noun in said for a in s.actors(noun) if a not in sources.actors]
        topic = s.discourse.topic
        if rel_type == StanceType.CLAIMS and topic is not None and not targets:
            targets = [topic.entity_id]
        if rel_type == StanceType.CLAIMS and topic is not None and sources.pattern != "passive":
            targets = [topic.entity_id, *targets]
        return targets

    @staticmethod
    def _sense_fits(verb: Token, rel_type: StanceType, targets: list[str], s: Reading) -> bool:
        """A verb that may attack or criticise ("hit") attacks a place and criticises anyone else. A verb of
        intention demands only what it has as object: "wants security guarantees", not "wants to meet Putin"
        (an intention to meet)."""
        lemma = verb.lemma_.lower()
        intends = rel_type == StanceType.DEMANDS and lemma in s.ix.lex.intention_words
        if intends and not any(c.dep_ == "dobj" for c in s.ix.children(verb)):
            return False
        cue_types = {c.type for c in s.ix.lex.verb_cues.get(lemma, [])}
        if rel_type not in (StanceType.ATTACKS, StanceType.CRITICIZES) or len(cue_types) <= 1:
            return True
        if StanceType.ATTACKS not in cue_types:
            return True
        place_like = any(s.ix.type(t) in (EntityType.PLACE, EntityType.COUNTRY) for t in targets)
        return (rel_type == StanceType.ATTACKS) == place_like
