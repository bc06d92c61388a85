"""What a sentence inherits and passes on: a list item's topic ("Donetsk: Claimed ..."), the speaker of
the sentence (a bare quotation continues the last one), the actor it is about."""

from __future__ import annotations

from spacy.tokens import Span

from peacegraph.loaders.mentions import Mention
from peacegraph.loaders.rules.context import ArticleIndex
from peacegraph.loaders.rules.reading import Reading


def read_topic(ix: ArticleIndex, sent: Span, pending: Mention | None) -> tuple[Mention | None, Mention | None]:
    """The topic of a list item "Donetsk: Claimed ...", and the topic pending for the next sentence
    (the parser may cut the item after the colon)."""
    first = ix.mention(sent[0])
    if first is None or first.start != sent.start:
        return pending, None
    after = first.end
    if after < sent.end and ix.doc[after].text == ":":
        if all(t.is_punct or t.is_space for t in ix.doc[after : sent.end]):
            return None, first
        return first, None
    return pending, None


def speaker(s: Reading) -> str | None:
    """The actor who speaks in the sentence; a bare quotation continues the last speaker."""
    for token in s.sent:
        if token.lemma_.lower() in s.ix.lex.speech_verbs and token.pos_ == "VERB":
            actors = s.actors.plain_subject(token) or s.sources.subject_actors(token).actors
            if actors:
                return actors[0]
    stripped = s.sent.text.lstrip()
    if stripped[:1] in ('"', "“") and s.discourse.last_speaker:
        return s.discourse.last_speaker
    return None


def agent(s: Reading) -> str | None:
    """The actor the sentence is about: the subject of its main verb, else its speaker."""
    for child in s.ix.children(s.sent.root):
        if child.dep_ == "nsubj":
            actors = s.actors(child)
            if actors:
                return actors[0]
    return s.discourse.speaker
