"""Who a phrase names as actors: "Putin", "the Kremlin", "Russian troops", "officials from France and
Germany", "we" (the speaker of a quotation), "they" (the subject of the speech), "the remarks" (the last
speaker's). Pronouns and speech nouns depend on the discourse, so an ``Actors`` is made per sentence; the
source of a predicate is ``sources.SourceFinder``'s."""

from __future__ import annotations

from spacy.tokens import Token

from peacegraph.graph.model import ACTOR_TYPES, EntityType
from peacegraph.loaders.mentions import MentionKind
from peacegraph.loaders.rules.assertion import Assertion
from peacegraph.loaders.rules.context import (
    CONDITION_MARKS,
    FIRST_PERSON,
    MAX_COORDINATED,
    RELATIVE_PRONOUNS,
    THEY,
    ArticleIndex,
    Discourse,
)
from peacegraph.loaders.rules.entities import Entities
from peacegraph.loaders.rules.sources import SourceFinder

CIRCUMSTANCE = frozenset({"after", "before", "during", "in", "following", "amid", "at", "through", "via"})
QUANTITY_NOUNS = frozenset({"plenty", "number", "series", "lot", "couple", "round", "host", "string", "flurry"})


# Determiners of a noun that refers back to something said: "the claim", "this statement", "each claim".
REFERRING_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "each", "such"})


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
        self.sources = SourceFinder(self)

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
                if child.dep_ == "appos" and self._named_person(node):
                    # "Merz, Macron and Starmer": Macron an apposition of Merz, Starmer its conjunct
                    actors += [
                        m.entity_id
                        for c in self.entities.conjuncts(child)
                        if (m := self.ix.mention(c)) is not None and m.type == mention.type
                    ]
        return list(dict.fromkeys(actors))[:MAX_COORDINATED]

    def _named_person(self, token: Token) -> bool:
        mention = self.ix.mention(token)
        named = (MentionKind.NAME, MentionKind.NEW)  # a known person, or a name the parser found
        return mention is not None and mention.type == EntityType.PERSON and mention.kind in named

    def one(self, token: Token) -> list[str]:
        """The actors one word names, without its conjuncts."""
        pronoun = self._pronoun(token)
        if pronoun is not None:
            return pronoun
        members = self.ix.mentions.group_members.get(token.i)
        if members:  # "the three leaders", "the pair": each of them
            return list(members)
        mention = self.ix.mention(token)
        if mention is not None:
            if mention.type in ACTOR_TYPES and (mention.kind != MentionKind.PROXY or self.ix.is_proxy_head(token)):
                return [mention.entity_id]
            return []
        named = self._named_apposition(token)
        if named:
            return named  # "His foreign minister, Kestutis Budrys, urged": the person the role noun is
        found = self._modifier_actors(token)
        if not found and self.ix.is_proxy_head(token):
            found = self._members(token)
        if not found and self.ix.speech_noun(token):
            return self._earlier_speaker(token)
        return found

    def _named_apposition(self, token: Token) -> list[str]:
        """The person named in apposition to a singular role noun: "Ukraine's security chief, Rustem Umerov"."""
        if token.pos_ != "NOUN" or token.tag_ != "NN":
            return []
        for child in self._children(token):
            if child.dep_ == "appos" and self._named_person(child):
                mention = self.ix.mention(child)
                assert mention is not None
                return [mention.entity_id]
        return []

    def _earlier_speaker(self, noun: Token) -> list[str]:
        """ "the remarks", "this statement": the last speaker's (or agent's), unless someone owns them."""
        kids = self._children(noun)
        earlier = self.d.last_speaker or self.d.last_agent
        if any(c.dep_ == "poss" for c in kids):
            return []
        return [earlier] if earlier and any(c.lower_ in REFERRING_DETERMINERS for c in kids) else []

    def _pronoun(self, token: Token) -> list[str] | None:
        """What "we", "they" or "who" stands for; ``None`` for any other word."""
        lower = token.lower_
        if lower in FIRST_PERSON:
            return [self.d.speaker] if self.d.speaker and self.assertion.quoted_or_reported(token) else []
        if lower in THEY:
            speech = self.assertion.in_speech_content(token.head)
            if speech is not None:
                return self.sources.subject_actors(speech).actors
            return self._coordinated_subject(token)
        if lower in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            return self(token.head.head)
        return None

    def _coordinated_subject(self, pronoun: Token) -> list[str]:
        """ "they" as the subject of a clause coordinated with one whose subject names actors: "All three leaders
        praised the effort, but they agreed that ..." """
        clause = pronoun.head
        if pronoun.dep_ != "nsubj" or clause.dep_ != "conj" or clause.head.pos_ not in ("VERB", "AUX"):
            return []
        subjects = [c for c in self._children(clause.head) if c.dep_ == "nsubj" and c.lower_ not in THEY]
        actors = self(subjects[0]) if subjects else []
        plural = len(actors) > 1 or (bool(subjects) and subjects[0].tag_ in ("NNS", "NNPS"))
        return actors if plural else []  # "Merz met the envoys, and they ...": they are the envoys

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
        """ "officials from France and Germany", "leaders, including X and Y", "leaders, among them X and Y": each of
        them."""
        members: list[Token] = []
        for child in self._children(token):
            if child.dep_ == "prep" and child.lower_ in ("from", "of", "including"):
                members += [o for o in self._children(child) if o.dep_ == "pobj"]
            elif child.dep_ == "appos" and token.tag_ == "NNS":
                members.append(child)
        found = [
            m.entity_id
            for member in members
            for c in [member, *self.entities.conjuncts(member)]
            if (m := self.ix.mention(c)) is not None
        ]
        return [a for a in found if self.ix.type(a) in ACTOR_TYPES]

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
