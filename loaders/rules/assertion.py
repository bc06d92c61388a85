"""Whether a predicate states something: negation, modality, condition, someone else's demand, plans.

A predicate that is negated ("did not reject"), hypothetical ("would reject",
"if ... rejects") or only demanded of someone else ("demanded that he sign")
states no stance; a meeting that is only planned ("will meet", "is due to
attend") has not happened. Walks up the tree are memoised per question
(``ParseTree.climb``).
"""

from __future__ import annotations

from spacy.tokens import Token

from peacegraph.graph.model import StanceType
from peacegraph.loaders.rules.context import CLAUSE_DEPS, FUTURE, UNCERTAIN_MARKS, ArticleIndex
from peacegraph.loaders.tree import UP

# Modals that require an act rather than state it ("should" is among the hypothetical ones).
OBLIGING_MODALS = frozenset({"must", "ought"})


class Assertion:
    """Questions about the assertion status of words of one article."""

    def __init__(self, ix: ArticleIndex) -> None:
        self.ix = ix
        self.lex = ix.lex
        self.tree = ix.tree
        self._children = ix.children

    def negated(self, token: Token) -> bool:
        return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in self._children(token))

    def hypothetical(self, token: Token) -> bool:
        return any(c.dep_ == "aux" and c.lower_ in self.lex.hypothetical_modals for c in self._children(token))

    def obliged(self, token: Token) -> bool:
        """Is the act only required ("Kyiv must accept", "has to accept", "needs to accept"), not done?"""
        if any(c.dep_ == "aux" and c.lower_ in OBLIGING_MODALS for c in self._children(token)):
            return True
        head = token.head
        return token.dep_ == "xcomp" and head.lemma_.lower() in ("have", "need") and self.infinitive(token)

    def conditional(self, token: Token) -> bool:
        return any(c.dep_ == "mark" and c.lower_ in UNCERTAIN_MARKS for c in self._children(token))

    def unasserted(self, token: Token) -> bool:
        """Negated or hypothetical: what a speech or judging verb must not be."""
        return self.negated(token) or self.hypothetical(token)

    def asserted(self, token: Token, rel_type: StanceType) -> bool:
        """Not negated, not hypothetical, not inside a condition or someone else's demand."""
        if self.negated(token) or self.conditional(token):
            return False
        threat = rel_type == StanceType.THREATENS
        if not threat and (self.hypothetical(token) or self.obliged(token)):
            return False
        question = "asserted-threat" if threat else "asserted"
        return bool(self.tree.climb(token, question, lambda node: self._asserted_step(node, threat)))

    def _asserted_step(self, node: Token, threat: bool) -> object:
        """One step of ``asserted`` up the clauses from ``node``: the answer, or ``UP`` to the governing clause."""
        if node.dep_ not in CLAUSE_DEPS or node.head.i == node.i:
            return True
        head = node.head
        if node.dep_ == "conj":
            return self._conjunct_step(node, head, threat)
        if node.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            settled = node.dep_ == "relcl" and node.tag_ == "VBD"  # "Crimea, which Russia annexed in 2014"
            return threat or settled or not self.hedged(head)
        if self.negated(head) or self.conditional(node) or self.conditional(head):
            return False
        if not threat and self.hypothetical(head):
            return False
        return False if self._put_on_another(node, head) else UP

    def _conjunct_step(self, node: Token, head: Token, threat: bool) -> object:
        """A bare conjunct shares the modal of the verb it is coordinated with ("would sign and ratify")."""
        shares_modal = node.tag_ == "VB" and not any(c.dep_ == "aux" for c in self._children(node))
        return False if shares_modal and not threat and self.hypothetical(head) else UP

    def _put_on_another(self, node: Token, head: Token) -> bool:
        """Is the clause ``node`` refused, demanded of someone or put on someone by ``head``?"""
        asked = self.own_subject(node) or (node.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in self._children(head)))
        refusal = any(c.type == StanceType.REJECTS for c in self.lex.verb_cues.get(head.lemma_.lower(), []))
        if node.dep_ in ("xcomp", "ccomp") and refusal:
            return True  # "refused to welcome", "denied that he had accepted": the refusal is the stance
        if node.dep_ in ("ccomp", "xcomp") and self.demand_or_intention(head) and asked:
            return True  # "demanded that he sign", "pressed Kyiv to accept": asked of someone, not done
        objects = any(c.dep_ in ("dobj", "dative") for c in self._children(head))
        directs = self.lex.directs(head.lemma_.lower())
        # "the draft asks Ukraine to accept", "gave Kyiv until Thursday to accept": put on Ukraine, not done by it
        return node.dep_ in ("xcomp", "advcl") and objects and directs and self.infinitive(node)

    def infinitive(self, node: Token) -> bool:
        """Is ``node`` an infinitive with "to" ("ready | to fight", "has | to accept")?"""
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in self._children(node))

    def hedged(self, token: Token) -> bool:
        """Is ``token`` inside a hypothetical or conditional clause ("would be a deal that ...", "if ...")?"""
        if token.head.i == token.i:
            return False
        return bool(self.tree.climb(token.head, "hedged", self._hedged_step))

    def _hedged_step(self, node: Token) -> object:
        if node.pos_ in ("VERB", "AUX") and (self.hypothetical(node) or self.conditional(node)):
            return True
        return False if node.head.i == node.i else UP

    def demand_or_intention(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        if lemma in self.lex.intention_words:
            return True
        return any(c.type == StanceType.DEMANDS for c in self.lex.verb_cues.get(lemma, []))

    def own_subject(self, token: Token) -> bool:
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in self._children(token))

    def in_speech_content(self, token: Token) -> Token | None:
        """The speech verb whose clausal content ``token`` is in, if any."""
        found = self.tree.climb(token, "speech-content", self._speech_content_step)
        return found if isinstance(found, Token) else None

    def _speech_content_step(self, node: Token) -> object:
        if node.head.i == node.i:
            return None
        if node.dep_ in ("ccomp", "xcomp", "parataxis") and node.head.lemma_.lower() in self.lex.speech_verbs:
            return node.head
        if node.dep_ not in CLAUSE_DEPS and node.dep_ not in ("ccomp", "parataxis"):
            return None
        return UP

    def quoted_or_reported(self, token: Token) -> bool:
        return self.in_speech_content(token) is not None or self.ix.inside_quote(token)

    def planned(self, anchor: Token) -> bool:
        """Is the meeting or attendance at ``anchor`` only planned: a future ("will meet"), an intention or
        schedule above it ("plans to attend", "will fly to Moscow to meet")?"""
        node = anchor
        for _ in range(4):
            if any(c.dep_ == "aux" and c.lower_ in FUTURE - {"must"} for c in self._children(node)):
                return True
            if node.lemma_.lower() in self.lex.intention_words or node.lower_ == "due":
                return True
            if node.head.i == node.i or node.dep_ not in ("xcomp", "advcl", "acl", "pobj", "prep", "dobj", "ccomp"):
                return False
            node = node.head
        return False

    def intention(self, token: Token) -> Token | None:
        """The intention word a meeting hangs on ("open to talks", "ready for talks"), if any."""
        node = token
        for _ in range(4):
            if node.head.i == node.i:
                return None
            node = node.head
            if node.lemma_.lower() in self.lex.intention_words:
                return node
        return None
