"""Counted groups: "the three leaders", "all three presidents", "both men" stand for the people a sentence just
named, when their number says so.

A plural person noun counted by a number word (or "both") is each of the named persons of the nearest sentence
before it (or of its own sentence, before it) that names exactly that many. Each member gets a mention of the
noun, so that the pairs of the sentence (``peacegraph.loaders.pairs``) and the rules see every one of them as a source.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from peacegraph.graph.model import EntityType
from peacegraph.loaders.mentions import ArticleMentions, Mention, MentionKind

GROUP_NOUNS = frozenset(
    {"leader", "president", "minister", "official", "envoy", "negotiator", "man", "woman", "diplomat", "senator",
     "chief", "head", "premier", "lawmaker"}
)  # fmt: skip
COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
# How many sentences back the group may have been named.
GROUP_DISTANCE = 3


def _count(noun: Token) -> int | None:
    for child in noun.children:
        if child.dep_ == "nummod" and child.lower_ in COUNTS:
            return COUNTS[child.lower_]
        if child.dep_ in ("det", "predet", "preconj") and child.lower_ == "both":
            return 2
    return None


def _persons(article: ArticleMentions, start: int, end: int) -> list[str]:
    """The distinct persons named (by name) between two token indices, in order."""
    found: list[str] = []
    for mention in article.mentions:
        named = mention.type == EntityType.PERSON and mention.kind == MentionKind.NAME
        if named and start <= mention.start < end and mention.entity_id not in found:
            found.append(mention.entity_id)
    return found


def resolve_counted_groups(doc: Doc, article: ArticleMentions) -> None:
    """Mentions of each member for every counted group noun whose group the text just named."""
    sentences = list(doc.sents)
    sentence_of = {s.start: k for k, s in enumerate(sentences)}
    added: list[Mention] = []
    for token in doc:
        if token.tag_ != "NNS" or token.lemma_.lower() not in GROUP_NOUNS or token.i in article.by_token:
            continue
        size = _count(token)
        if size is None:
            continue
        here = sentence_of[article.tree.sent(token).start]
        spans = [(sentences[here].start, token.i)]
        spans += [
            (sentences[k].start, sentences[k].end) for k in range(here - 1, max(-1, here - 1 - GROUP_DISTANCE), -1)
        ]
        for start, end in spans:
            members = _persons(article, start, end)
            if len(members) == size:
                added += [
                    Mention(token.i, token.i + 1, member, EntityType.PERSON, MentionKind.PRONOUN, token.text)
                    for member in members
                ]
                break
    for mention in added:
        article.add_group_member(mention)
    article.sort()
