"""Rules on events and plans named in the text. ``participation``: actors that held, attended or spoke at
a gathering, owned it ("Putin's meeting") or acted where it was. ``event-reference``: a named event that
is an act ("the full-scale invasion") stands for its act (gazetteer ``actions``). ``plan-proposer``: a
plan whose name says who proposed it ("the U.S. plan")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import EntityType, StanceType
from peacegraph.loaders.rules.context import Stance
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind


class Participation:
    name: ClassVar[str] = "participation"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"event"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Rubio spoke at the Geneva talks on Sunday.",
                ("person:marco-rubio", StanceType.PARTICIPATES_IN, "event:2025-11-23-geneva-talks")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        event = s.ix.mention(site.token)
        assert event is not None
        return s.ix.mentions.records[event.entity_id].entity.kind in s.ix.lex.gathering_kinds

    def read(self, site: Site, s: Reading) -> list[Stance]:
        event = s.ix.mention(site.token)
        assert event is not None
        head = s.ix.head(event)
        present, pattern = self._governor_actors(head, s)
        actors = self._owners(head, s) + present
        for relcl in self._where_clauses(head, s):
            for child in s.ix.children(relcl):
                if child.dep_ in ("nsubj", "dobj"):
                    actors += s.actors(child)
        return s.emit(self.name, actors, StanceType.PARTICIPATES_IN, [event.entity_id], head, pattern, None)

    @staticmethod
    def _governor_actors(head: Token, s: Reading) -> tuple[list[str], str]:
        """Who acted at the gathering ("said at the summit") or held it ("attended the talks"), and how."""
        governor = head.head
        a = s.assertion
        if head.dep_ == "pobj" and governor.lower_ in ("at", "during", "in", "on") and governor.head.i != governor.i:
            verb = governor.head
            if verb.pos_ in ("VERB", "AUX") and not a.negated(verb):
                return s.sources.subject_actors(verb).actors, "verb"
            if verb.pos_ == "NOUN" and s.ix.speech_noun(verb):
                return s.sources.noun_sources(verb).actors, "verb"
            return [], "verb"
        if (
            head.dep_ in ("dobj", "nsubjpass")
            and governor.lemma_.lower() in s.ix.lex.participation_verbs
            and not a.negated(governor)
        ):
            sources = s.sources.subject_actors(governor)
            return sources.actors, sources.pattern if sources.pattern != "verb" else "light_verb"
        return [], "verb"

    @staticmethod
    def _owners(head: Token, s: Reading) -> list[str]:
        """People owning the gathering: "Putin's meeting"."""
        doc, actors = s.ix.doc, []
        for child in s.ix.children(head):
            owner = (
                child.dep_ == "poss"
                or (child.dep_ in ("nmod", "compound") and child.i + 1 < len(doc) and doc[child.i + 1].tag_ == "POS")
                or (child.i + 1 < len(doc) and doc[child.i + 1].lower_ in ("'s", "’s"))
            )
            mention = s.ix.mention(child) if owner else None
            if mention is not None and mention.type == EntityType.PERSON:
                actors.append(mention.entity_id)
        return actors

    @staticmethod
    def _where_clauses(head: Token, s: Reading) -> Iterator[Token]:
        """Relative "where" clauses of the event or of the place it is in: "summit in Anchorage, where ..."."""
        children = s.ix.children
        nodes = [head]
        for child in children(head):
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for obj in children(child):
                    nodes += [obj, *[c for c in children(obj) if c.dep_ == "appos"]]
        for node in nodes:
            for child in children(node):
                if child.dep_ == "relcl" and any(c.lower_ == "where" for c in children(child)):
                    yield child


class EventReference:
    name: ClassVar[str] = "event-reference"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"event"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Ukraine has fought Russia since the full-scale invasion.",
                ("country:russia", StanceType.ATTACKS, "country:ukraine")),
    )  # fmt: skip

    def __init__(self, actions: dict[str, list[tuple[str, str, str]]]) -> None:
        self.actions = actions  # event id -> (source, type, target) of the act it is

    def fires(self, site: Site, s: Reading) -> bool:
        event = s.ix.mention(site.token)
        assert event is not None
        if not self.actions.get(event.entity_id):
            return False
        head = s.ix.head(event)
        negated = s.assertion.negated
        return not (negated(head) or (head.head.pos_ in ("VERB", "AUX") and negated(head.head)))

    def read(self, site: Site, s: Reading) -> list[Stance]:
        event = s.ix.mention(site.token)
        assert event is not None
        head, records = s.ix.head(event), s.ix.mentions.records
        return [
            stance
            for source, rel_type, target in self.actions.get(event.entity_id, [])
            if source in records and target in records
            for stance in s.emit(self.name, [source], StanceType(rel_type), [target], head, "event_reference", None)
        ]


class PlanProposer:
    name: ClassVar[str] = "plan-proposer"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"plan"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Kyiv studied the U.S. peace plan on Friday.",
                ("country:united-states", StanceType.PROPOSES, "plan:us-28-point-plan")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        mention = s.ix.mention(site.token)
        assert mention is not None
        return not s.assertion.hedged(s.ix.head(mention))

    def read(self, site: Site, s: Reading) -> list[Stance]:
        mention = s.ix.mention(site.token)
        assert mention is not None
        head = s.ix.head(mention)
        return s.emit(self.name, site.actors, StanceType.PROPOSES, [mention.entity_id], head, "noun", "03")
