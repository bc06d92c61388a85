"""Rule ``noun-cue``: a noun of the lexicon names the act ("Ukraine's rejection of the plan", "Russian
advances in Pokrovsk", "extended an invitation to Ukraine"); its owner, nationality or light verb's
subject is the source."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import EntityType, StanceType
from peacegraph.loaders.rules.context import Sources, Stance
from peacegraph.loaders.rules.meeting import MeetingGroup
from peacegraph.loaders.rules.predicates import noun_asserted, reported_capture
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind

MEETING_GROUP = MeetingGroup()


class NounCue:
    name: ClassVar[str] = "noun-cue"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"noun"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Ukraine's rejection of the 28-point plan surprised Washington.",
                ("country:ukraine", StanceType.REJECTS, "plan:us-28-point-plan")),
        Example("Kaja Kallas reaffirmed the EU's support for Ukraine.",
                ("org:european-union", StanceType.SUPPORTS, "country:ukraine")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        if not noun_asserted(site, s) or reported_capture(site, s) is not None:
            return False
        return not MEETING_GROUP.fires(site, s)

    def read(self, site: Site, s: Reading) -> list[Stance]:
        assert site.cue is not None
        noun, rel_type = site.token, site.cue.type
        sources = s.sources.noun_sources(noun)
        intention = s.assertion.intention(noun) if rel_type == StanceType.MEETS else None
        if intention is not None:
            rel_type = StanceType.PROPOSES
            if not sources.actors:  # "Moscow was open to talks with Washington": who is open
                holder = intention.head if intention.dep_ in ("acomp", "attr", "dobj") else intention
                sources = Sources(s.sources.subject_actors(holder).actors, "inherited_subject")
        targets = s.targets.of_noun(noun, rel_type)
        own = s.ix.mention(noun)
        if rel_type == StanceType.PROPOSES and own is not None and own.type == EntityType.PLAN:
            targets = [own.entity_id, *targets]  # "U.S. proposals": the proposal is the plan
        if rel_type == StanceType.MEETS and not targets:
            if len(sources.actors) > 1:
                return s.group(self.name, sources.actors, rel_type, noun, "meeting_group", site.cue.code)
            return []
        if not sources.actors and not targets:
            return []
        targets = targets or self._light_verb_targets(noun, rel_type, s)
        return s.emit(self.name, sources.actors, rel_type, targets, noun, sources.pattern, site.cue.code)

    @staticmethod
    def _light_verb_targets(noun: Token, rel_type: StanceType, s: Reading) -> list[str]:
        """ "reaffirmed support | for Ukraine": the target is an argument of the verb the noun is the object of."""
        governor = noun.head
        light = governor.lemma_.lower() in s.ix.lex.light_verbs
        if noun.dep_ == "dobj" and (light or rel_type in (StanceType.PROPOSES, StanceType.DEMANDS)):
            return s.targets.of_object(governor, rel_type, clausal=False)
        return []
