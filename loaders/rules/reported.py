"""Rule ``reported-action``: an attack someone reports. A side reporting its own gains ("Putin claimed
Russian forces captured the city", "announced the capture of X") claims the place, the capture is not
taken as fact; anyone else reporting an attack ("Russian drones struck Kharkiv, the governor said")
reports an attack."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import EntityType, StanceType
from peacegraph.loaders.rules.context import Stance
from peacegraph.loaders.rules.front import only_locating
from peacegraph.loaders.rules.predicates import reported_attack, reported_capture
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind


class ReportedAction:
    name: ClassVar[str] = "reported-action"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"verb", "noun"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Gerasimov said Russian forces had captured Myrnohrad.",
                ("person:valery-gerasimov", StanceType.CLAIMS, "place:myrnohrad")),
        Example("Valery Gerasimov announced the capture of Pokrovsk.",
                ("person:valery-gerasimov", StanceType.CLAIMS, "place:pokrovsk")),
        Example("Russia struck Kharkiv overnight, Kaja Kallas said.",
                ("country:russia", StanceType.ATTACKS, "place:kharkiv")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        reporter = reported_attack if site.kind == "verb" else reported_capture
        return reporter(site, s) is not None

    def read(self, site: Site, s: Reading) -> list[Stance]:
        if site.kind == "noun":
            return self._capture(site, s)
        speech = reported_attack(site, s)
        assert speech is not None
        verb = site.token
        speakers = s.sources.subject_actors(speech).actors
        attackers = s.sources.subject_actors(verb).actors
        targets = s.targets.of_verb(verb, StanceType.ATTACKS)
        if s.discourse.topic is not None:
            targets = [s.discourse.topic.entity_id, *targets]
        sides = {s.ix.side(a) for a in attackers}
        if not attackers or any(s.ix.side(speaker) in sides for speaker in speakers):
            return self._claim(speakers, targets, speech, s)
        return s.emit(self.name, attackers, StanceType.ATTACKS, targets, verb, "speech_content", "190")

    def _capture(self, site: Site, s: Reading) -> list[Stance]:
        """ "announced the capture of X", "boasted of the seizure of X": a claim on X."""
        reporter = reported_capture(site, s)
        assert reporter is not None
        speakers = s.sources.subject_actors(reporter).actors
        return self._claim(speakers, s.targets.of_noun(site.token, StanceType.ATTACKS), reporter, s)

    def _claim(self, speakers: list[str], targets: list[str], anchor: Token, s: Reading) -> list[Stance]:
        places = [t for t in targets if s.ix.type(t) == EntityType.PLACE and not only_locating(s, t)]
        return s.emit(self.name, speakers, StanceType.CLAIMS, places, anchor, "speech_content", "010")
