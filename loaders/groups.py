"""Counted groups: "the three leaders", "all three presidents", "both men", "the pair", "the two" stand for the
people a sentence just named, when their number says so.

A plural person noun counted by a number word (or "both") is each of the named persons of the nearest sentence
before it (or of its own sentence, before it) that names exactly that many, or names that many in one
coordination ("Merz, Macron and Starmer held a call with Zelensky. The three leaders ..."). Each member gets a
mention of the noun, so that the pairs of the sentence (``peacegraph.loaders.pairs``) and the rules see every one
of them as a source.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from peacegraph.graph.model import EntityType
from peacegraph.loaders.mentions import ArticleMentions, Mention, MentionKind

GROUP_NOUNS = frozenset(
    {"leader", "president", "minister", "official", "envoy", "negotiator", "man", "woman", "diplomat", "senator",
     "chief", "head", "premier", "lawmaker"}
)  # fmt: skip
# Singular nouns of a group of people: "the pair agreed", "the trio met".
COLLECTIVE_NOUNS = {"pair": 2, "duo": 2, "trio": 3}
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
# How many sentences back the group may have been named.
GROUP_DISTANCE = 3
# The longest list of people read as one group.
MAX_LIST = 12
# The size of an uncounted group ("the leaders"): the one list of two or more people of the sentence before.
LISTED = -1


def _count(noun: Token) -> int | None:
    for child in noun.children:
        if child.dep_ == "nummod" and child.lower_ in COUNTS:
            return COUNTS[child.lower_]
        if child.dep_ in ("det", "predet", "preconj") and child.lower_ == "both":
            return 2
    return None


def _size(token: Token) -> int | None:
    """How many people a word counts: "the three leaders", "both men", "the pair", "the two" (said alone)."""
    lemma = token.lemma_.lower()
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
    if token.tag_ == "NNS" and lemma in GROUP_NOUNS:
        counted = _count(token)
        if counted is None and definite and token.dep_ in ("nsubj", "nsubjpass") and _bare(token):
            return LISTED  # "the leaders said"
        return counted
    if token.tag_ == "NN" and lemma in COLLECTIVE_NOUNS and definite:
        return COLLECTIVE_NOUNS[lemma]
    if token.lower_ in COUNTS and token.dep_ in ("nsubj", "nsubjpass") and definite:
        return COUNTS[token.lower_]  # "the two agreed"
    return None


def _bare(noun: Token) -> bool:
    """Is a plural noun said alone ("the leaders"), not told apart by a modifier ("the European leaders",
    "the leaders of Poland")?"""
    return not any(c.dep_ in ("amod", "compound", "nmod", "poss", "prep", "relcl", "acl") for c in noun.children)


def _persons(article: ArticleMentions, start: int, end: int) -> list[Mention]:
    """The first mention of each distinct person named (by name) between two token indices, in order."""
    found: dict[str, Mention] = {}
    for mention in article.mentions:
        named = mention.type == EntityType.PERSON and mention.kind == MentionKind.NAME
        if named and start <= mention.start < end:
            found.setdefault(mention.entity_id, mention)
    return list(found.values())


def _group_of(article: ArticleMentions, start: int, end: int, size: int) -> list[str]:
    """The persons a span names, if exactly ``size``; else the members of one coordination of that size
    ("Merz, Macron and Starmer held a call with Zelensky" names four, three of them together)."""
    persons = _persons(article, start, end)
    if len(persons) == size or (size == LISTED and len(persons) > 1):
        return [m.entity_id for m in persons]
    doc = article.doc
    coordinations: dict[int, list[str]] = {}
    for mention in persons:
        coordinations.setdefault(_first_member(doc[mention.start : mention.end].root).i, []).append(mention.entity_id)
    sized = [m for m in coordinations.values() if len(m) == size or (size == LISTED and len(m) > 1)]
    return sized[0] if len(sized) == 1 else []


def _first_member(token: Token) -> Token:
    """The first member of the list ``token`` is in: up its ``conj`` arcs, and ``appos`` ones, as the parser
    often reads "Merz, Macron and Starmer" as Merz with an apposition."""
    node = token
    for _ in range(MAX_LIST):
        if node.dep_ not in ("conj", "appos") or node.head.i == node.i:
            break
        node = node.head
    return node


def resolve_counted_groups(doc: Doc, article: ArticleMentions) -> None:
    """Mentions of each member for every counted group noun whose group the text just named."""
    sentences = list(doc.sents)
    sentence_of = {s.start: k for k, s in enumerate(sentences)}
    added: list[Mention] = []
    for token in doc:
        size = _size(token) if token.i not in article.by_token else None
        if size is None:
            continue
        here = sentence_of[article.tree.sent(token).start]
        distance = 1 if size == LISTED else GROUP_DISTANCE  # an uncounted group was named just before
        spans = [(sentences[here].start, token.i)]
        spans += [(sentences[k].start, sentences[k].end) for k in range(here - 1, max(-1, here - 1 - distance), -1)]
        for start, end in spans:
            members = _group_of(article, start, end, size)
            if members:
                added += [
                    Mention(token.i, token.i + 1, member, EntityType.PERSON, MentionKind.PRONOUN, token.text)
                    for member in members
                ]
                break
    for mention in added:
        article.add_group_member(mention)
    article.sort()
