"""Rule ``meeting-group``: the parties of one call or meeting meet each other ("U.S.-Russia
backchannel", "a backchannel involving A and B", "talks between A and B", "In a call, A, B and C
said"). A single named owner ("Security Council meeting") is no group."""

from __future__ import annotations

from itertools import islice
from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import ACTOR_TYPES, StanceType
from peacegraph.loaders.rules.context import MAX_COORDINATED, Stance
from peacegraph.loaders.rules.predicates import noun_asserted
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind

# Modifier tokens read for the parties of one meeting ("U.S.-Russia-Ukraine talks"): far more than any
# group of named parties needs, few enough that a modifier of thousands of words is not reread per cue.
MAX_GROUP_TOKENS = 4 * MAX_COORDINATED


def meeting_group(s: Reading, noun: Token) -> list[str]:
    """Actors that meet in the one meeting ``noun`` names, if there are several."""
    named = named_in_modifiers(s, noun)
    involved = in_phrase(s, noun, "acl", "involve", "dobj")  # "a backchannel involving A and B"
    between = in_phrase(s, noun, "prep", "between", "pobj")  # "talks between Rubio and Sybiha"
    present: list[str] = []
    if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "during", "at") and noun.head.head.pos_ == "VERB":
        present = s.sources.subject_actors(noun.head.head).actors
    for group in (named, list(dict.fromkeys(involved)), list(dict.fromkeys(between)), present):
        if len(group) > 1:
            return group
    return []


def named_in_modifiers(s: Reading, noun: Token) -> list[str]:
    """The actors its modifiers name: "U.S.-Russia-Ukraine talks"."""
    named: list[str] = []
    for left in s.ix.children(noun):
        if left.i < noun.i and left.dep_ in ("compound", "amod", "nmod"):
            for token in islice(s.ix.actor_tokens.under(left), MAX_GROUP_TOKENS):
                mention = s.ix.mention(token)
                if mention is not None and mention.type in ACTOR_TYPES and mention.entity_id not in named:
                    named.append(mention.entity_id)
    return named[:MAX_COORDINATED]


def in_phrase(s: Reading, noun: Token, dep: str, word: str, obj_dep: str) -> list[str]:
    """The actors of the objects of ``noun``'s ``word`` modifiers: "involving | A and B", "between | A and B"."""
    children = s.ix.children
    found: list[str] = []
    for child in children(noun):
        if child.dep_ == dep and (child.lemma_.lower() if dep == "acl" else child.lower_) == word:
            found += [a for obj in children(child) if obj.dep_ == obj_dep for a in s.actors(obj)]
    return found


class MeetingGroup:
    name: ClassVar[str] = "meeting-group"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"noun"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("A backchannel involving Witkoff and Dmitriev produced the plan.",
                ("person:steve-witkoff", StanceType.MEETS, "person:kirill-dmitriev")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        assert site.cue is not None
        if site.cue.type != StanceType.MEETS or not noun_asserted(site, s):
            return False
        return s.assertion.intention(site.token) is None and len(self._group(site, s)) > 1

    def read(self, site: Site, s: Reading) -> list[Stance]:
        assert site.cue is not None
        group = self._group(site, s)
        return s.group(self.name, group, StanceType.MEETS, site.token, "meeting_group", site.cue.code)

    @staticmethod
    def _group(site: Site, s: Reading) -> list[str]:
        return site.once("meeting-group", lambda: meeting_group(s, site.token))
