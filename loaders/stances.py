"""Stances and actions from the dependency parse: who proposes, supports, rejects, ... what.

A predicate is a verb, noun or fixed phrase of the cue lexicon
(``loaders/data/lexicon.yaml``). Its source is the actor that is its subject
(the agent of a passive, the owner of a noun: "Ukraine's rejection", the
speaker of a quotation, the actor of an earlier clause when the clause has
none); its target is what its object, prepositions or clausal content name,
a plan point when the object speaks of one. A predicate that is negated
("did not reject"), hypothetical ("would reject", "if ... rejects") or only
demanded of someone else ("demanded that he sign") states no stance; a
conditional consequence announced by a speaker ("If Kyiv rejects this, our
forces will advance") is a threat against the actor of the condition.
Reported actions ("claimed Russian forces captured the city") are claims
of the speaker, not actions.

The rules are named objects in ``peacegraph.loaders.rules`` (one module per step:
actors, targets, assertion status, each rule), and every edge's ``method``
names the rule that made it and how its source was read:
``rules/<rule>/<pattern>`` ("rules/verb-cue/passive").

Reading a sentence takes time linear in its length: the parse is navigated
through ``peacegraph.loaders.tree`` (children, sentences and subtree queries indexed once
per doc, walks up the tree memoised), and what one sentence can contribute is
capped (``MAX_COORDINATED``, ``MAX_STANCES_PER_SENTENCE``), so a hostile or
badly scraped text (thousands of quotations or names in one "sentence", no
punctuation at all) costs what its length costs.
"""

from peacegraph.loaders.rules import MAX_COORDINATED, MAX_STANCES_PER_SENTENCE, Stance, StanceReader, stance_rules

__all__ = ["MAX_COORDINATED", "MAX_STANCES_PER_SENTENCE", "Stance", "StanceReader", "stance_rules"]
