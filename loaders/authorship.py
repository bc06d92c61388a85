"""Who a plan is by, as the phrase naming it says: "a 28-point U.S. draft", "Washington's draft", "the document,
drawn up by Britain, France and Germany", "the counter-proposal that Britain circulated".

Three shapes, all inside the plan's own noun phrase:

- an actor modifying the plan noun ("U.S. draft", "Washington's plan"), when the reference data knows the
  plan as that actor's (or the plan is one the text names, whose proposer nothing else says);
- the agent of an authorship verb in a clause on it ("drawn up by X", "worked out by X");
- the subject of an authorship verb in a relative clause on it ("that X circulated").

Authorship verbs are ``Lexicon.authorship_verbs`` (two-word keys with their particle: "draw up").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Token

from peacegraph.graph.model import ACTOR_TYPES
from peacegraph.loaders.lexicon import Lexicon
from peacegraph.loaders.mentions import ArticleMentions, Mention
from peacegraph.loaders.plans import PlanSpec
from peacegraph.loaders.tree import ParseTree

_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
# How many coordinated authors are read ("drawn up by Britain, France and Germany").
MAX_AUTHORS = 8


class AuthorFinder:
    """The authors the phrase of a plan mention names."""

    def __init__(
        self, lexicon: Lexicon, plans: dict[str, PlanSpec], demonym: Callable[[str], str | None] = lambda _: None
    ) -> None:
        self.verbs = lexicon.authorship_verbs
        self.plans = plans
        self.demonym = demonym  # "American" -> the United States

    def authors(self, mention: Mention, mentions: ArticleMentions) -> list[str]:
        tree = mentions.tree
        head = mentions.doc[mention.start : mention.end].root
        found = [a for a in self._modifiers(head, mention.entity_id, mentions)]
        for clause in tree.children(head):
            if clause.dep_ not in ("acl", "relcl") or not self._authors_by(clause, tree):
                continue
            for child in tree.children(clause):
                if child.dep_ == "agent" or (child.dep_ == "nsubj" and child.i < clause.i):
                    found += _actors(child, mentions)  # "drawn up by X", "(that) X circulated"
        return list(dict.fromkeys(found))[:MAX_AUTHORS]

    def _modifiers(self, head: Token, plan_id: str, mentions: ArticleMentions) -> Iterator[str]:
        spec = self.plans.get(plan_id)
        for child in mentions.tree.children(head):
            if child.dep_ not in _MODIFIER_DEPS or child.i >= head.i:
                continue
            found = mentions.by_token.get(child.i)
            actor = found.entity_id if found is not None and found.type in ACTOR_TYPES else None
            if actor is None and child.dep_ == "amod":
                actor = self.demonym(child.text)  # "the 28-point American draft"
            if actor is not None and (spec is None or spec.proposer == actor):
                yield actor

    def form_of(self, actor: str, mention: Mention, mentions: ArticleMentions) -> str:
        """The nationality word that names ``actor`` in the plan's phrase ("American"), else the plan's text."""
        head = mentions.doc[mention.start : mention.end].root
        words = (c.text for c in mentions.tree.children(head) if c.dep_ == "amod" and self.demonym(c.text) == actor)
        return next(words, mention.text)

    def _authors_by(self, verb: Token, tree: ParseTree) -> bool:
        lemma = verb.lemma_.lower()
        if lemma in self.verbs:
            return True
        return any(f"{lemma} {c.lower_}" in self.verbs for c in tree.children(verb) if c.dep_ == "prt")


def _actors(node: Token, mentions: ArticleMentions) -> Iterator[str]:
    """The actors ``node`` names, with those coordinated to it ("Britain, France and Germany")."""
    tree = mentions.tree
    queue = [node, *tree.children(node)] if node.dep_ == "agent" else [node]
    seen = 0
    while queue and seen < 4 * MAX_AUTHORS:
        token = queue.pop(0)
        seen += 1
        found = mentions.by_token.get(token.i)
        if found is not None and found.type in ACTOR_TYPES:
            yield found.entity_id
        queue += [c for c in tree.children(token) if c.dep_ in ("conj", "pobj", "appos")]


__all__ = ["AuthorFinder"]
