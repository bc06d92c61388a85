"""Rule ``negotiating-sides``: negotiators of several sides named together met each other ("U.S. and
Ukrainian negotiators pared back the draft", "Russian, Ukrainian and U.S. delegations sat down in Abu
Dhabi", "the delegations of the United States, Ukraine and Russia agreed on an exchange"). The nouns are
the lexicon's ``negotiator_nouns``: people who negotiate for a side, not "officials" who may only speak.
Not when the act is negated, hypothetical or only planned ("will meet", "have not met since 2022")."""

from __future__ import annotations

from typing import ClassVar

from spacy.tokens import Token

from peacegraph.graph.model import StanceType
from peacegraph.loaders.rules.context import Stance
from peacegraph.loaders.rules.meeting import in_phrase, named_in_modifiers
from peacegraph.loaders.rules.reading import Example, Reading, Site, SiteKind


class NegotiatingSides:
    name: ClassVar[str] = "negotiating-sides"
    kinds: ClassVar[frozenset[SiteKind]] = frozenset({"negotiators"})
    examples: ClassVar[tuple[Example, ...]] = (
        Example("Polish and Turkish negotiators drafted a memorandum in Ankara.",
                ("country:poland", StanceType.MEETS, "country:turkey")),
    )  # fmt: skip

    def fires(self, site: Site, s: Reading) -> bool:
        noun, a = site.token, s.assertion
        if a.negated(noun) or a.hedged(noun):
            return False
        act = _act(noun)
        if act is not None and not a.asserted(act, StanceType.MEETS):
            return False
        return len(self._sides(site, s)) > 1

    def read(self, site: Site, s: Reading) -> list[Stance]:
        anchor = _act(site.token) or site.token
        return s.group(self.name, self._sides(site, s), StanceType.MEETS, anchor, "sides", "046")

    @staticmethod
    def _sides(site: Site, s: Reading) -> list[str]:
        def sides() -> list[str]:
            noun = site.token
            named = named_in_modifiers(s, noun) + in_phrase(s, noun, "prep", "of", "pobj")
            return list(dict.fromkeys(named))

        return site.once("negotiating-sides", sides)


def _act(noun: Token) -> Token | None:
    """The verb the negotiators are the subject or object of, if any: "negotiators | pared back"."""
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and head.pos_ in ("VERB", "AUX"):
        return head
    return None
