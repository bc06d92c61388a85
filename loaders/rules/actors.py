"""Who acts: the actors a subject names, and the source of a verb or of a noun predicate.

A source is the actor that is the subject (the agent of a passive, the owner
of a noun: "Ukraine's rejection", the speaker of a quotation for "we", the
actor of an earlier clause when the clause has none). Pronouns and speech
nouns depend on the discourse, so an ``Actors`` is made per sentence.
"""

from __future__ import annotations

from spacy.tokens import Token

from graph.model import ACTOR_TYPES, EntityType
from loaders.mentions import MentionKind
from loaders.rules.assertion import Assertion
from loaders.rules.context import (
    CLAUSE_DEPS,
    CONDITION_MARKS,
    FIRST_PERSON,
    MAX_COORDINATED,
    RELATIVE_PRONOUNS,
    THEY,
    ArticleIndex,
    Discourse,
    Sources,
)
from loaders.rules.entities import Entities

CIRCUMSTANCE = frozenset({"after", "before", "during", "in", "following", "amid", "at", "through", "via"})
QUANTITY_NOUNS = frozenset({"plenty", "number", "series", "lot", "couple", "round", "host", "string", "flurry"})


class Actors:
    """The actors of subjects and predicates of one sentence, given what it inherits (``Discourse``)."""

    def __init__(self, ix: ArticleIndex, assertion: Assertion, entities: Entities, discourse: Discourse) -> None:
        self.ix = ix
        self.lex = ix.lex
        self.tree = ix.tree
        self._children = ix.children
        self.assertion = assertion
        self.entities = entities
        self.d = discourse

    def __call__(self, token: Token) -> list[str]:
        """Actors a subject noun phrase names: "Putin", "the Kremlin", "Russian troops", "who" -> antecedent."""
        actors: list[str] = []
        conjuncts = self.entities.conjunct_tree(token)[1:]
        for node in [token, *sorted(conjuncts, key=lambda node: self.tree.position[node.i])]:
            actors += self.one(node)
            # "Starmer, President Macron, and ..." / "Keir Starmer and Mark Carney" misparsed
            for child in self._children(node):
                mention = self.ix.mention(child)
                if mention is None or not actors or mention.type != self.ix.type(actors[0]):
                    continue
                coordinated = child.dep_ in ("nmod", "compound") and any(c.dep_ == "cc" for c in self._children(child))
                if child.dep_ == "appos" or coordinated:
                    actors.append(mention.entity_id)
        return list(dict.fromkeys(actors))[:MAX_COORDINATED]

    def one(self, token: Token) -> list[str]:
        """The actors one word names, without its conjuncts."""
        pronoun = self._pronoun(token)
        if pronoun is not None:
            return pronoun
        mention = self.ix.mention(token)
        if mention is not None:
            if mention.type in ACTOR_TYPES and (mention.kind != MentionKind.PROXY or self.ix.is_proxy_head(token)):
                return [mention.entity_id]
            return []
        found = self._modifier_actors(token)
        if not found and self.ix.is_proxy_head(token):
            found = self._members(token)
        if not found and self.ix.speech_noun(token):
            return self._earlier_speaker(token)
        return found

    def _earlier_speaker(self, noun: Token) -> list[str]:
        """ "the remarks", "this statement": the last speaker's (or agent's), unless someone owns them."""
        kids = self._children(noun)
        earlier = self.d.last_speaker or self.d.last_agent
        if any(c.dep_ == "poss" for c in kids):
            return []
        return [earlier] if earlier and any(c.lower_ in ("the", "this", "that") for c in kids) else []

    def _pronoun(self, token: Token) -> list[str] | None:
        """What "we", "they" or "who" stands for; ``None`` for any other word."""
        lower = token.lower_
        if lower in FIRST_PERSON:
            return [self.d.speaker] if self.d.speaker and self.assertion.quoted_or_reported(token) else []
        if lower in THEY:
            speech = self.assertion.in_speech_content(token.head)
            return self.subject_actors(speech).actors if speech is not None else []
        if lower in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self(token.head.head)
        return None

    def _modifier_actors(self, token: Token) -> list[str]:
        """ "Russian troops", "Zelensky's remarks": the actors modifying a proxy or speech noun."""
        found = []
        for child in self._children(token):
            if child.dep_ in ("compound", "amod", "nmod", "poss"):
                inner = self.ix.mention(child)
                if inner is None or inner.type not in ACTOR_TYPES:
                    continue
                if self.ix.is_proxy_head(token) or (child.dep_ == "poss" and self.ix.speech_noun(token)):
                    found.append(inner.entity_id)
                    found += [
                        m.entity_id for c in self.entities.conjuncts(child) if (m := self.ix.mention(c)) is not None
                    ]
        return found

    def _members(self, token: Token) -> list[str]:
        """ "officials from France and Germany": each of them."""
        found: list[str] = []
        for prep in (c for c in self._children(token) if c.dep_ == "prep" and c.lower_ in ("from", "of")):
            for obj in (o for o in self._children(prep) if o.dep_ == "pobj"):
                found += [
                    m.entity_id for c in [obj, *self.entities.conjuncts(obj)] if (m := self.ix.mention(c)) is not None
                ]
        return [a for a in found if self.ix.type(a) in ACTOR_TYPES]

    # --- the source of a verb --------------------------------------------------------

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
                actors = [a for obj in self._children(child) if obj.dep_ == "pobj" for a in self(obj)]
                if actors:
                    return Sources(actors, "passive")
        if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
            actors = self(verb.head)
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
            subjects.sort(key=lambda c: not self.one(c))
        for child in subjects:
            if topic is not None and topic.start <= child.i < topic.end:
                return None
            actors = self(child)
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
        named = [a for c in subjects if not (topic and topic.start <= c.i < topic.end) for a in self(c)]
        if len(named) > 1 and self.ix.type(named[0]) == EntityType.PERSON:
            return list(dict.fromkeys(named))
        return []

    def _governing_sources(self, verb: Token, hops: int) -> Sources:
        """The source of a clause without one: the controller, the governing clause, the last agent."""
        head = verb.head
        if verb.dep_ == "xcomp":  # "urged Moscow to show flexibility": the object acts
            controllers = [a for c in self._children(head) if c.dep_ == "dobj" for a in self(c)]
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

    def plain_subject(self, verb: Token) -> list[str]:
        """The actor its nominal subject names directly, pronouns of the speaker and "they" aside."""
        for child in self._children(verb):
            if child.dep_ == "nsubj":
                mention = self.ix.mention(child)
                if mention is not None and mention.type in ACTOR_TYPES:
                    return [mention.entity_id]
                found = self.one(child) if child.lower_ not in FIRST_PERSON | THEY else []
                if found:
                    return found
        return []

    def condition_actors(self, clause: Token) -> list[str]:
        """The actors of the if/unless clauses of ``clause`` (and of its infinitive complement)."""
        found = []
        for node in [clause, *[c for c in self._children(clause) if c.dep_ == "xcomp"]]:
            for child in self._children(node):
                if child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in self._children(child)
                ):
                    found += [a for c in self._children(child) if c.dep_ in ("nsubj", "nsubjpass") for a in self(c)]
        return found

    # --- the source of a noun ------------------------------------------------------------

    def noun_sources(self, noun: Token) -> Sources:
        """Who performs the act a noun names: owner, nationality, "from X", or the light verb's subject."""
        found: list[str] = []
        for child in self._children(noun):
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                mention = self.ix.mention(child)
                if mention is not None and mention.type in ACTOR_TYPES:
                    found.append(mention.entity_id)
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                found += [a for obj in self._children(child) if obj.dep_ == "pobj" for a in self(obj)]
        if found:
            return Sources(list(dict.fromkeys(found)), "noun")
        return self._governor_sources(noun)

    def _governor_sources(self, noun: Token) -> Sources:
        """The source of a noun without its own: the verb it is the object or circumstance of."""
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in QUANTITY_NOUNS:
            noun, head = head.head, head.head.head
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
            return Sources(self.one(noun), "inherited_subject")
        return Sources([], "noun")

    def judging(self, verb: Token) -> bool:
        """Does ``verb`` judge its object ("called the proposal unacceptable") rather than issue it?"""
        if verb.lemma_.lower() not in self.lex.judging_verbs:
            return False
        kids = self._children(verb)
        return any(c.dep_ in ("oprd", "xcomp", "acomp", "ccomp") for c in kids) or any(
            c.dep_ == "prep" and c.lower_ == "as" for c in kids
        )
