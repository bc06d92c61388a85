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
        """The targets of ``verb`` read as ``rel_type``: its arguments, unless a threat names a condition, a
        rejection has only a claim as object, or a claim is about the list item's topic."""
        targets = s.targets.of_verb(verb, rel_type)
        if rel_type == StanceType.THREATENS:
            targets = VerbCue._condition_actors(verb, s) or targets
        if rel_type in (StanceType.REJECTS, StanceType.CRITICIZES) and not targets:
            targets = VerbCue._claim_owners(verb, sources, s)
        if rel_type == StanceType.CLAIMS:
            targets = VerbCue._with_topic(targets, sources, s)
        return targets

    @staticmethod
    def _condition_actors(verb: Token, s: Reading) -> list[str]:
        """ "threatened to strike if NATO deployed troops": the actors of the conditions of the threat verb and of
        its clausal complements."""
        condition = s.actors.condition_actors(verb)
        for clause in (c for c in s.ix.children(verb) if c.dep_ in ("ccomp", "xcomp")):
            condition += s.actors.condition_actors(clause)
        return condition

    @staticmethod
    def _claim_owners(verb: Token, sources: Sources, s: Reading) -> list[str]:
        """ "rejected the claim", "disputes each claim": whoever made the claim the verb has as object (its owner,
        else the last speaker), not its own sources."""
        said = [c for c in s.ix.children(verb) if c.dep_ == "dobj" and s.ix.speech_noun(c)]
        return [a for noun in said for a in s.actors(noun) if a not in sources.actors]

    @staticmethod
    def _with_topic(targets: list[str], sources: Sources, s: Reading) -> list[str]:
        """A claim's targets with the list item's topic ("Donetsk: Claimed ..."): the topic alone when the verb
        has no target, and put first unless the verb is passive."""
        topic = s.discourse.topic
        if topic is None:
            return targets
        if not targets:
            targets = [topic.entity_id]
        if sources.pattern != "passive":
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
