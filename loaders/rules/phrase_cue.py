"""Rules on fixed phrases of the lexicon. ``phrase-cue``: a threat or support phrase ("all options are on
the table", "stands with") said by the speaker of its clause. ``conditional-demand``: "ready to stop
fighting only if the Ukrainian army withdraws": the speaker demands it of that actor."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import ACTOR_TYPES, StanceType
from peacegraph.loaders.rules.context import Stance
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind
from peacegraph.loaders.tree import UP, Positions

ACKNOWLEDGING = frozenset({"acknowledgment", "acknowledgement", "unequivocal", "emphasize", "emphasise"})


def clause_speaker(s: Reading, token: Token) -> list[str]:
    """Who says what ``token`` is part of: the speech verb's subject or the owner of an acknowledgment."""
    node = token
    if token.head.i != token.i:
        found = s.ix.tree.climb(token.head, "speaking", lambda n: _speaking_step(s, n))
        assert isinstance(found, tuple)
        spoken, node = found
        if spoken:
            if node.pos_ == "NOUN":
                return s.sources.noun_sources(node).actors
            return s.sources.subject_actors(node).actors
    if s.discourse.speaker:
        return [s.discourse.speaker]
    return s.sources.subject_actors(node).actors if node.pos_ in ("VERB", "AUX") else []


def _speaking_step(s: Reading, node: Token) -> object:
    """(True, the node) at a word of saying or acknowledging, (False, the root) when there is none."""
    lemma = node.lemma_.lower()
    if lemma in s.ix.lex.speech_verbs or lemma in s.ix.lex.speech_nouns or lemma in ACKNOWLEDGING:
        return (True, node)
    return (False, node) if node.head.i == node.i else UP


def _clause_step(node: Token) -> object:
    """The verb of the clause a word is in (the root when there is none)."""
    return node if node.pos_ in ("VERB", "AUX") or node.head.i == node.i else UP


class ConditionalDemand:
    name: ClassVar[str] = "conditional-demand"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"phrase"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Putin said Russia would stop fighting only if Ukraine withdrew from Donbas.",
                ("person:vladimir-putin", StanceType.DEMANDS, "country:ukraine")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        assert site.cue is not None
        return (site.cue.type == StanceType.DEMANDS and site.token.lower_ == "if") or s.ix.doc[
            site.start
        ].lower_ == "only"

    def read(self, site: Site, s: Reading) -> list[Stance]:
        mark, doc = site.token, s.ix.doc
        clause = mark.head if mark.dep_ == "mark" else doc[site.start + 1].head
        if clause.dep_ == "mark":
            clause = clause.head
        subjects = [
            a for c in s.ix.children(clause) if c.dep_ in ("nsubj", "nsubjpass") for a in s.actors(c)
        ]  # fmt: skip
        speaker = clause_speaker(s, clause)
        return s.emit(self.name, speaker, StanceType.DEMANDS, subjects, clause, "speech_content", "100")


CONDITIONAL_DEMAND = ConditionalDemand()


class PhraseCue:
    name: ClassVar[str] = "phrase-cue"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"phrase"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Lavrov said European peacekeepers in Ukraine would become legitimate targets.",
                ("person:sergey-lavrov", StanceType.THREATENS, "country:ukraine")),
        Example("Putin acknowledged that Ukraine has the legal right to seek membership in the European Union.",
                ("person:vladimir-putin", StanceType.SUPPORTS, "country:ukraine")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        assert site.cue is not None
        if CONDITIONAL_DEMAND.fires(site, s):
            return False
        return site.cue.type in (StanceType.THREATENS, StanceType.SUPPORTS)

    def read(self, site: Site, s: Reading) -> list[Stance]:
        assert site.cue is not None
        head, rel_type = site.token, site.cue.type
        speaker = clause_speaker(s, head)
        if rel_type == StanceType.THREATENS:
            targets = self._first_pobj_entity(s)
        else:
            clause = s.ix.tree.climb(head, "clause", _clause_step)
            assert isinstance(clause, Token)
            targets = s.points([clause])
            if not targets:  # the first actor its subjects and objects name
                argument = self._actor_arguments(s).first_under(clause)
                if argument is not None:
                    targets = [e for e in s.entities(argument) if s.ix.type(e) in ACTOR_TYPES][:1]
        return s.emit(self.name, speaker, rel_type, targets, head, "speech_content", site.cue.code)

    @staticmethod
    def _first_pobj_entity(s: Reading) -> list[str]:
        """The first entity the prepositional objects of the sentence name (one pass per sentence)."""
        known = s.ix.first_pobj.get(s.sent.start)
        if known is None:
            known = next(([e] for t in s.sent if t.dep_ == "pobj" for e in s.entities(t)), [])
            s.ix.first_pobj[s.sent.start] = known
        return list(known)

    @staticmethod
    def _actor_arguments(s: Reading) -> Positions:
        """Subjects and objects that name an actor, indexed on first use."""
        if s.ix.actor_arguments is None:
            s.ix.actor_arguments = s.ix.tree.positions(
                t.i
                for t in s.ix.doc
                if t.dep_ in ("nsubj", "pobj", "dobj") and any(s.ix.type(e) in ACTOR_TYPES for e in s.entities(t))
            )
        return s.ix.actor_arguments
