"""What every step of reading an article's stances may look at, and what a step gives back.

``ArticleIndex`` is built once per article: the doc, its mentions and plan
points, the cue phrases found in it and the tokens of each kind the rules
search for under a clause, indexed by position (``peacegraph.loaders.tree``). Steps read
it and never change it, apart from memos of answers that depend on nothing
but the parse. ``Discourse`` is what one sentence inherits from the ones
before it (the speaker, the actor last written about, a list item's topic); a
new one is made per sentence. A rule returns ``Stance`` values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from peacegraph.graph.model import ACTOR_TYPES, EntityType, StanceType
from peacegraph.loaders.lexicon import Cue, Lexicon
from peacegraph.loaders.mentions import ArticleMentions, Mention, MentionKind
from peacegraph.loaders.planlink import PointHit
from peacegraph.loaders.tree import Positions

FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "ours", "myself", "ourselves"})
THEY = frozenset({"they", "them", "their"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
CONDITION_MARKS = frozenset({"if", "unless"})
UNCERTAIN_MARKS = frozenset({"if", "unless", "whether"})
FUTURE = frozenset({"will", "'ll", "shall", "must"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "pcomp", "acl", "relcl", "dep"})

# What one sentence can contribute. News sentences coordinate a handful of parties and give under ten
# stances (at most 3 coordinated names and 9 stances in a sentence of the seeds and of a synthetic corpus of
# 400 articles); far past that a "sentence" is a list, a table or a scrape without punctuation. Every stance
# repeats its whole sentence as evidence, and a source list times a target list grows with the square of
# the list: so a noun phrase gives at most MAX_COORDINATED conjuncts and entities, a sentence at most
# MAX_STANCES_PER_SENTENCE stances (the first ones in reading order).
MAX_COORDINATED = 32
MAX_STANCES_PER_SENTENCE = 64


@dataclass
class Stance:
    """One stance read from a sentence, before provenance is attached."""

    source: str
    type: StanceType
    target: str
    sent: Span
    anchor: Token
    confidence: float
    code: str | None
    method: str = "rules"


@dataclass(frozen=True, slots=True)
class Sources:
    """The actors a predicate's source was read as, and the pattern it was read by ("passive", ...)."""

    actors: list[str]
    pattern: str

    def __bool__(self) -> bool:
        return bool(self.actors)


@dataclass(frozen=True, slots=True)
class Discourse:
    """What a sentence inherits from the ones before it."""

    speaker: str | None = None  # of the current sentence
    last_speaker: str | None = None
    last_agent: str | None = None
    topic: Mention | None = None  # "Donetsk: Claimed ..." list items
    pending_topic: Mention | None = None  # a topic whose item the parser cut off into the next sentence


class ArticleIndex:
    """One article's parse, mentions, plan points and cue phrases, indexed once for the rules."""

    def __init__(
        self,
        doc: Doc,
        mentions: ArticleMentions,
        points: list[PointHit],
        phrases: list[tuple[Cue, int, int]],
        lexicon: Lexicon,
    ) -> None:
        self.doc = doc
        self.mentions = mentions
        self.lex = lexicon
        self.tree = tree = mentions.tree
        self.children = tree.children
        self.mention: Callable[[Token], Mention | None] = mentions.at  # the hottest lookup: bound once
        self.points: dict[int, list[PointHit]] = {}
        for hit in points:
            for i in range(hit.start, hit.end):
                self.points.setdefault(i, []).append(hit)
        self.phrases: dict[int, list[tuple[Cue, int, int]]] = {}
        for cue, start, end in phrases:
            self.phrases.setdefault(doc[start:end].root.i, []).append((cue, start, end))
        self.point_tokens = self._point_tokens()
        self._index_words(lexicon)
        self._index_mentions()
        # memos of answers that depend on the parse only
        self.stem_tokens: dict[str, Positions] | None = None
        self.actor_arguments: Positions | None = None
        self.entity_memo: dict[tuple[int, int], list[str]] = {}
        self.left_subjects: dict[int, list[str]] = {}
        self.quoted: dict[int, dict[int, bool]] = {}  # sentence start -> token -> inside a quotation
        self.first_pobj: dict[int, list[str]] = {}

    def _point_tokens(self) -> dict[str, Positions]:
        by_point: dict[str, set[int]] = {}
        for i, hits in self.points.items():
            for hit in hits:
                by_point.setdefault(hit.point_id, set()).add(i)
        return {point_id: self.tree.positions(ids) for point_id, ids in by_point.items()}

    def _index_words(self, lexicon: Lexicon) -> None:
        """The words of each kind the rules look for under a clause."""
        tree, tokens = self.tree, self.tree.tokens
        self.refusals = tree.positions(t.i for t in tokens if t.lower_ in ("cannot", "no"))
        self.first_person = tree.positions(t.i for t in tokens if t.lower_ in FIRST_PERSON)
        self.cue_verbs = tree.positions(
            t.i for t in tokens if t.pos_ == "VERB" and t.lemma_.lower() in lexicon.verb_cues
        )
        self.threat_phrases = tree.positions(
            i for i, cues in self.phrases.items() if any(cue.type == StanceType.THREATENS for cue, _, _ in cues)
        )

    def _index_mentions(self) -> None:
        """The mentions of each kind the rules look for under a clause, and where each entity is named."""
        tree, mentions = self.tree, self.mentions
        self.actor_tokens = tree.positions(i for i, m in mentions.by_token.items() if m.type in ACTOR_TYPES)
        self.plan_tokens = tree.positions(
            i for i, m in mentions.by_token.items() if m.type in (EntityType.PLAN, EntityType.PLAN_POINT)
        )
        self.named_plans = sorted(
            (m.start, m.entity_id)
            for m in mentions.mentions
            if m.type == EntityType.PLAN and m.kind != MentionKind.PLAN_CUE
        )
        self.named_plan_starts = [start for start, _ in self.named_plans]
        self.mention_starts: dict[str, list[tuple[int, int]]] = {}
        for m in mentions.mentions:
            self.mention_starts.setdefault(m.entity_id, []).append((m.start, m.end))

    def type(self, entity_id: str) -> EntityType:
        record = self.mentions.records.get(entity_id)
        return record.entity.type if record is not None else EntityType.PLAN_POINT

    def side(self, actor: str) -> str:
        """The state an actor belongs to (a person's country), else the actor itself."""
        return self.mentions.records[actor].entity.country or actor

    def head(self, mention: Mention) -> Token:
        """The noun a multi-word mention hangs from: "address" in "national address | on November 21"."""
        span = self.doc[mention.start : mention.end]
        outside = [t for t in span if not (span.start <= t.head.i < span.end)]
        nouns = [t for t in outside if t.pos_ in ("NOUN", "PROPN")]
        return nouns[0] if nouns else span.root

    def is_proxy_head(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lex.proxy_nouns or token.lower_ in self.lex.proxy_nouns

    def speech_noun(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lex.speech_nouns

    def inside_quote(self, token: Token) -> bool:
        """Does the sentence open a quotation before ``token`` and not close it?"""
        sent = self.tree.sent(token)
        quoted = self.quoted.get(sent.start)
        if quoted is None:  # one pass over the sentence, counting quotation marks up to each token
            quoted = self.quoted[sent.start] = {}
            text = sent.text
            opening = closing = straight = 0
            offset = 0
            for word in sent:
                upto = word.idx - sent.start_char
                before = text[offset:upto]
                opening += before.count("“")
                closing += before.count("”")
                straight += before.count('"')
                offset = upto
                quoted[word.i] = opening > closing or straight % 2 == 1
        return quoted[token.i]
