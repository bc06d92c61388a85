"""Stance rules over the dependency parse, one module per step (see ``peacegraph.loaders.stances`` for the whole).

context     ArticleIndex (one article, indexed once), Discourse, Stance, Sources
assertion   negation, modality, conditions, demands on others, plans
entities    what a noun phrase names
actors      who a phrase names as actors: names, groups, pronouns, the discourse
sources     the source of a predicate: subjects, passive agents, governing clauses, owners
points      plan points and plans under a clause
targets     what a predicate is about
cues        a word's cues, judgements
predicates  whether a verb or noun cue states a stance (shared by the rules that read it)
reading     Site, Rule, Example, Reading (a sentence as the rules read it), emitting stances
discourse   topic, speaker and agent of a sentence
verb_cue, noun_cue, phrase_cue, speech, judgement, reported, meeting, gatherings   the rules
reader      StanceReader: sites in reading order, offered to the rules
"""

from peacegraph.loaders.rules.context import MAX_COORDINATED, MAX_STANCES_PER_SENTENCE, Stance
from peacegraph.loaders.rules.reader import StanceReader, stance_rules

__all__ = ["MAX_COORDINATED", "MAX_STANCES_PER_SENTENCE", "Stance", "StanceReader", "stance_rules"]
