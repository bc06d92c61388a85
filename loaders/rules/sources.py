"""The source of a predicate: the actor acting in a verb's clause (its subject, a passive's agent, the
object that controls an infinitive, the subject of the governing clause, a name just before it, the actor
last written about) or performing the act a noun names (its owner, "from X", the light verb's subject)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from peacegraph.graph.model import ACTOR_TYPES, EntityType
from peacegraph.loaders.mentions import MentionKind
from peacegraph.loaders.rules.context import CLAUSE_DEPS, FIRST_PERSON, THEY, Sources

if TYPE_CHECKING:
    from peacegraph.loaders.rules.actors import Actors

CIRCUMSTANCE = frozenset({"after", "before", "during", "in", "following", "amid", "at", "through", "via"})
QUANTITY_NOUNS = frozenset({"plenty", "number", "series", "lot", "couple", "round", "host", "string", "flurry"})


class SourceFinder:
    """The sources of the predicates of one sentence; the actors a phrase names come from ``actors``."""

    def __init__(self, actors: Actors) -> None:
        self.actors = actors
        self.ix = actors.ix
        self.lex = actors.lex
        self.tree = actors.tree
        self._children = actors.ix.children
        self.assertion = actors.assertion
        self.d = actors.d

    def subject_actors(self, verb: Token, *, hops: int = 0) -> Sources:
        """The actors acting in ``verb``'s clause, climbing to governing clauses when it has none."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in self._children(verb)) or (
            verb.dep_ == "acl" and verb.tag_ == "VBN"
        )
        if passive:
            return self._passive_sources(verb)
        found = self._subject_sources(verb, hops)
        return found if found is not None else self._governing_sources(verb, hops)

    def _passive_sources(self, verb: Token) -> Sources:
        for child in self._children(verb):
            if child.dep_ == "agent":
                actors = [a for obj in self._children(child) if obj.dep_ == "pobj" for a in self.actors(obj)]
                if actors:
                    return Sources(actors, "passive")
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            actors = self.actors(verb.head)
            if actors:
                return Sources(actors, "inherited_subject")
        return Sources([], "passive")

    def _subject_sources(self, verb: Token, hops: int) -> Sources | None:
        """The source its own subjects give; ``None`` to look further up (no subject, or "it" in a clause)."""
        pattern = "verb" if hops == 0 else "inherited_subject"
        topic = self.d.topic
        subjects = [c for c in self._children(verb) if c.dep_ in ("nsubj", "csubj", "expl")]
        if len(subjects) > 1:  # "A, B, and C reaffirmed" parsed as two subjects; a dateline "Moscow, ..." as one
            named = self._split_subjects(subjects)
            if named:
                return Sources(named, pattern)
            subjects.sort(key=lambda c: not self.actors.one(c))
        for child in subjects:
            if topic is not None and topic.start <= child.i < topic.end:
                return None
            actors = self.actors(child)
            if actors:
                return Sources(actors, pattern)
            speech = self.assertion.in_speech_content(verb)
            if speech is not None and child.lower_ not in FIRST_PERSON and child.lower_ not in THEY:
                return Sources(self.subject_actors(speech).actors, "speech_content")
            if child.lower_ not in ("it", "this", "that") or verb.dep_ not in CLAUSE_DEPS:
                return Sources([], "verb")
        return None

    def _split_subjects(self, subjects: list[Token]) -> list[str]:
        """The people of a coordination the parser split into several subjects, outside a list item's topic."""
        topic = self.d.topic
        named = [a for c in subjects if not (topic and topic.start <= c.i < topic.end) for a in self.actors(c)]
        if len(named) > 1 and self.ix.type(named[0]) == EntityType.PERSON:
            return list(dict.fromkeys(named))
        return []

    def _governing_sources(self, verb: Token, hops: int) -> Sources:
        """The source of a clause without one: the controller, the governing clause, the last agent."""
        head = verb.head
        if verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and self.ix.lex.directs(head.lemma_.lower())):
            # "urged Moscow to show flexibility", "gave Kyiv until Thursday to accept": the object acts
            controllers = [a for c in self._children(head) if c.dep_ in ("dobj", "dative") for a in self.actors(c)]
            if controllers:
                return Sources(controllers, "inherited_subject")
        if hops < 4 and head.i != verb.i and verb.dep_ in CLAUSE_DEPS | {"ccomp", "parataxis"}:
            governing = self._governing_clause(verb, hops)
            if governing is not None:
                return governing
        return self._discourse_sources(verb)

    def _discourse_sources(self, verb: Token) -> Sources:
        """A main verb without a subject: a name just before it, else the actor last written about."""
        if verb.dep_ == "ROOT" and self.d.topic is None:
            left = self.left_subject(verb)
            if left:
                return Sources(left, "inherited_subject")
        if (verb.dep_ == "ROOT" or self.d.topic is not None) and self.d.last_agent:
            return Sources([self.d.last_agent], "inherited_subject")
        return Sources([], "verb")

    def _governing_clause(self, verb: Token, hops: int) -> Sources | None:
        """The source of the word a clause depends on: an actor, a verb's source, a noun's source."""
        head = verb.head
        mention = self.ix.mention(head)
        if mention is not None and mention.type in ACTOR_TYPES:
            return Sources([mention.entity_id], "inherited_subject")
        if head.pos_ in ("VERB", "AUX"):
            return self.subject_actors(head, hops=hops + 1)
        if verb.dep_ == "pcomp" and head.lower_ in CIRCUMSTANCE:
            # "After hosting Zelensky, Trump said", "Hours before receiving Witkoff, Putin said"
            above = head.head.head if head.head.dep_ == "npadvmod" else head.head
            if above.pos_ in ("VERB", "AUX") and above.i != head.i:
                return self.subject_actors(above, hops=hops + 1)
        if head.pos_ == "NOUN" and verb.dep_ in ("acl", "relcl"):
            return self.noun_sources(head)
        return None

    def left_subject(self, verb: Token) -> list[str]:
        """A subject the parser attached elsewhere: the first actor of the words just before the verb,
        back to the last comma ("..., Trump and members of his team had meetings")."""
        known = self.ix.left_subjects.get(verb.i)
        if known is not None:
            return list(known)
        window = []
        for token in reversed(self.ix.doc[self.tree.sent(verb).start : verb.i]):
            if token.text in (",", ";", ":", "—", "–") or token.pos_ in ("VERB",):
                break
            window.append(token)
        found: list[str] = []
        for token in reversed(window):
            mention = self.ix.mention(token)
            if mention is not None and mention.type in ACTOR_TYPES and mention.kind != MentionKind.PRONOUN:
                found = [mention.entity_id]
                break
        self.ix.left_subjects[verb.i] = found
        return list(found)

    def noun_sources(self, noun: Token) -> Sources:
        """Who performs the act a noun names: owner, nationality, "from X", or the light verb's subject."""
        found: list[str] = []
        for child in self._children(noun):
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                mention = self.ix.mention(child)
                if mention is not None and mention.type in ACTOR_TYPES:
                    found.append(mention.entity_id)
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                found += [a for obj in self._children(child) if obj.dep_ == "pobj" for a in self.actors(obj)]
        if found:
            return Sources(list(dict.fromkeys(found)), "noun")
        return self._governor_sources(noun)

    def _governor_sources(self, noun: Token) -> Sources:
        """The source of a noun without its own: the verb it is the object or circumstance of."""
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in QUANTITY_NOUNS | {"one"}:
            noun, head = head.head, head.head.head  # "one of the loudest advocates of ..."
        described = self._described(noun)
        if described is not None:
            return described
        if (
            noun.dep_ in ("dobj", "attr", "oprd")
            and head.lemma_.lower() in self.lex.light_verbs | self.lex.speech_verbs
            and not self.judging(head)
        ):
            sources = self.subject_actors(head)
            return Sources(sources.actors, "light_verb" if sources.pattern == "verb" else sources.pattern)
        if noun.dep_ == "conj":
            return self.noun_sources(head)
        if noun.dep_ == "pobj" and head.lower_ in CIRCUMSTANCE and head.head.pos_ in ("VERB", "AUX"):
            return Sources(self.subject_actors(head.head).actors, "inherited_subject")
        if self.ix.speech_noun(noun):
            return Sources(self.actors.one(noun), "inherited_subject")
        return Sources([], "noun")

    def _described(self, noun: Token) -> Sources | None:
        """Who a noun describes, if it is an apposition ("Donald Tusk, a firm backer of the loan") or what a
        subject is ("Orban is a longtime opponent of the loan")."""
        if noun.dep_ == "appos":
            return Sources(self.actors.one(noun.head), "noun")
        if noun.dep_ == "attr" and noun.head.lemma_.lower() == "be":
            return Sources(self.subject_actors(noun.head).actors, "noun")
        return None

    def judging(self, verb: Token) -> bool:
        """Does ``verb`` judge its object ("called the proposal unacceptable") rather than issue it?"""
        if verb.lemma_.lower() not in self.lex.judging_verbs:
            return False
        kids = self._children(verb)
        return any(c.dep_ in ("oprd", "xcomp", "acomp", "ccomp") for c in kids) or any(
            c.dep_ == "prep" and c.lower_ == "as" for c in kids
        )
