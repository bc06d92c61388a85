"""Rule ``front-claim``: what a speaker says of who holds a place is a claim on the place, whether the
place fell or held ("Gerasimov said his troops had captured Huliaipole", "the General Staff said fighting
continued in Pokrovsk", "Kovalenko said Russian troops controlled neither town"): the words of the front
(``Lexicon.front_words``) in the content clause, and the places it names."""

from __future__ import annotations

from itertools import islice
from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import EntityType, StanceType
from peacegraph.loaders.mentions import locates_another_place
from peacegraph.loaders.rules.context import Stance
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind

# Words of a content clause read for the front: a clause longer than this is a list or a scrape, not a
# statement about who holds a town.
MAX_CLAUSE_TOKENS = 80


# Verbs of the front that are also light verbs ("took place", "took part in", "held a meeting"): of the front only
# with a place or a stretch of ground as object, or none ("the town held").
_LIGHT_FRONT_VERBS = frozenset({"take", "hold"})
_GROUND = frozenset({"control", "part", "position", "town", "city", "village", "settlement", "area", "territory",
                     "ground", "line", "outskirts", "centre", "center", "district", "half", "rest"})  # fmt: skip


def _of_the_front(word: Token, s: Reading) -> bool:
    """Is a front word used of the front: "took the town", "held part of the city", not "took place in Geneva",
    "took part in talks", "held a meeting in Brussels"?"""
    if word.lemma_.lower() not in _LIGHT_FRONT_VERBS or word.pos_ not in ("VERB", "AUX"):
        return True
    kids = s.ix.children(word)
    objects = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
    if not objects:
        return True
    if any(c.dep_ == "prep" and c.lower_ == "in" for c in kids) and any(o.lemma_.lower() == "part" for o in objects):
        return False  # "took part in"
    return any(o.lemma_.lower() in _GROUND or _is_place(o, s) for o in objects)


def _is_place(token: Token, s: Reading) -> bool:
    mention = s.ix.mention(token)
    return mention is not None and mention.type == EntityType.PLACE


def clause_tokens(clause: Token) -> list[Token]:
    """The words of a clause, at most ``MAX_CLAUSE_TOKENS`` of them."""
    return list(islice(clause.subtree, MAX_CLAUSE_TOKENS))


class FrontClaim:
    name: ClassVar[str] = "front-claim"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"speech"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Ukraine's General Staff said heavy fighting continued in Pokrovsk.",
                ("org:general-staff-of-the-armed-forces-of-ukraine", StanceType.CLAIMS, "place:pokrovsk")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        assert site.clause is not None
        words = s.ix.lex.front_words
        tokens = clause_tokens(site.clause)
        if any(t.dep_ == "mark" and t.lower_ in ("if", "unless") for t in tokens):
            return False  # "ready to fight Europe if it started a war": a threat, not a claim on a place
        if any(t.lemma_.lower() in s.ix.lex.intention_words for t in tokens):
            return False  # "ready to take", "plans to encircle": an intention
        clause = site.clause
        # "will take the rest of Donbas", "would not pull its forces out": an intention or a condition, no claim
        if s.assertion.conditional(clause) or s.assertion.hypothetical(clause) or s.assertion.planned(clause):
            return False
        if any(c.type == StanceType.ATTACKS for c in s.ix.lex.verb_cues.get(clause.lemma_.lower(), [])):
            return False  # "forces pounded Kharkiv, the governor said": an attack reported (rule reported-action)
        return any(t.lemma_.lower() in words and _of_the_front(t, s) for t in tokens) and bool(self._places(site, s))

    def read(self, site: Site, s: Reading) -> list[Stance]:
        places = self._places(site, s)
        return s.emit(self.name, site.actors, StanceType.CLAIMS, places, site.token, "speech_content", "010")

    @staticmethod
    def _places(site: Site, s: Reading) -> list[str]:
        return site.once("front-places", lambda: _clause_places(site, s))


def _clause_places(site: Site, s: Reading) -> list[str]:
    """The places a content clause names, but those named only to say where another is."""
    assert site.clause is not None
    found = []
    for token in clause_tokens(site.clause):
        mention = s.ix.mention(token)
        if mention is not None and mention.type == EntityType.PLACE and not locates_another(token, s):
            found.append(mention.entity_id)
    return list(dict.fromkeys(found))


def locates_another(token: Token, s: Reading) -> bool:
    """Is the place only where another place of the clause, named before it, is?"""
    return locates_another_place(token, s.ix.mentions.by_token)


def only_locating(s: Reading, place: str) -> bool:
    """Does the sentence name ``place`` only to say where another place is?"""
    spans = [(start, end) for start, end in s.ix.mention_starts.get(place, []) if s.sent.start <= start < s.sent.end]
    return bool(spans) and all(locates_another(s.ix.doc[start:end].root, s) for start, end in spans)
