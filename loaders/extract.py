"""Extraction: an article's text -> entities, plan points, stance relations and mention links.

``RuleExtractor`` parses articles in batches with spaCy (``peacegraph.loaders.nlp``),
finds and resolves mentions (``peacegraph.loaders.mentions``), events
(``peacegraph.loaders.events``), plans and plan points (``peacegraph.loaders.planlink``) and reads
stances from the dependency parse (``peacegraph.loaders.stances``). Every relation
carries the sentence it was read from, verbatim, with offsets that slice the
article body exactly, the quotation in it, its date and CAMEO code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from peacegraph.graph.model import (
    SYMMETRIC_STANCES,
    Entity,
    EntityType,
    Extraction,
    Link,
    LinkType,
    Relation,
    StanceType,
)
from peacegraph.loaders.authorship import AuthorFinder
from peacegraph.loaders.dates import ResolvedDate
from peacegraph.loaders.events import DateMention, EventFinder, date_of, resolve_doc_dates, verb_date
from peacegraph.loaders.gazetteer import Gazetteer
from peacegraph.loaders.groups import resolve_counted_groups
from peacegraph.loaders.lexicon import Lexicon
from peacegraph.loaders.mentions import ArticleMentions, EntityRecord, MentionFinder, MentionKind
from peacegraph.loaders.nlp import get_nlp
from peacegraph.loaders.pairs import SIDE_BY_SIDE, TARGET_LOCATES, UNASSERTED, Candidate, PairReader
from peacegraph.loaders.planlink import PlanLinker, PointHit
from peacegraph.loaders.plans import PlanSpec
from peacegraph.loaders.readers import RawArticle
from peacegraph.loaders.relation_model import RelationModel
from peacegraph.loaders.stances import MAX_STANCES_PER_SENTENCE, Stance, StanceReader
from peacegraph.loaders.tree import Positions

MODEL_METHOD = "model:pairs"
_QUOTE = re.compile(r"[\"“]([^\"“”]{2,}?)[\"”]")


class Extractor(Protocol):
    def extract(self, articles: Sequence[RawArticle]) -> list[Extraction]: ...


# Stances on a place at the front, never on a place named only to say where another one is.
LOCATED_TYPES = frozenset({StanceType.CLAIMS, StanceType.ATTACKS})


class RuleExtractor:
    """The rule-based extractor over spaCy's parse; build once, call ``extract`` on batches."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        plans: Sequence[PlanSpec],
        lexicon: Lexicon,
        nlp: Language | None = None,
        *,
        model: RelationModel | None = None,
        batch_size: int = 16,
    ) -> None:
        self.nlp = nlp or get_nlp()
        self.plans = {plan.id: plan for plan in plans}
        self.mentions = MentionFinder(self.nlp, gazetteer, plans, lexicon)
        self.events = EventFinder(lexicon, gazetteer.entries.values())
        self.linker = PlanLinker(self.nlp, plans)
        actions = {
            entry.id: [tuple(action.split()) for action in entry.actions]  # "source TYPE target"
            for entry in gazetteer.entries.values()
            if entry.actions
        }
        self.proposers = {
            form.lower(): self.mentions.actors_named_in(self.nlp, form)
            for plan in plans
            for form in {plan.name, *plan.aliases}
        }
        self.stances = StanceReader(self.nlp, lexicon, actions, plans)  # type: ignore[arg-type]
        self.authors = AuthorFinder(lexicon, self.plans, self.mentions.demonym)
        self.pairs = PairReader(lexicon)
        self.lexicon = lexicon
        self.model = model
        self.batch_size = batch_size

    def extract(self, articles: Sequence[RawArticle]) -> list[Extraction]:
        docs = self.nlp.pipe((a.body for a in articles), batch_size=self.batch_size)
        return [self.extract_doc(article, doc) for article, doc in zip(articles, docs, strict=True)]

    def read(self, article: RawArticle, doc: Doc) -> ArticleReading:
        """Mentions, dates, plan points, what the rules read and the candidate pairs of one parsed article."""
        mentions = self.mentions.find(doc, source_name=article.source)
        dates = resolve_doc_dates(doc, article.published)
        self.events.find(doc, mentions, dates, article.published)
        mentions.sort()
        points = self.linker.link(doc, mentions, self.mentions)
        self.mentions.resolve_pronouns(doc, mentions)
        resolve_counted_groups(doc, mentions)
        proposed = self._proposers(mentions)
        rules = self.stances.read(doc, mentions, points, proposed)
        read_by_rules: dict[tuple[int, str, str], set[str]] = {}
        for stance in rules:
            read_by_rules.setdefault((stance.sent.start, stance.source, stance.target), set()).add(stance.type.value)
        candidates = self.pairs.candidates(mentions, points, read_by_rules)
        return ArticleReading(mentions, dates, points, rules, candidates)

    def _stances(self, reading: ArticleReading) -> list[Stance]:
        """What the rules read, and the model's reading of the candidate pairs."""
        if self.model is None:
            return reading.rules
        found = list(reading.rules)
        found.extend(self._model_stances(reading))
        return _capped(found)

    def _model_stances(self, reading: ArticleReading) -> Iterator[Stance]:
        """The model's reading of the candidate pairs the rules leave to it."""
        assert self.model is not None
        ruled = _RuledPairs.of(reading.rules)
        for candidate in reading.candidates:
            if UNASSERTED & candidate.features.keys():
                continue  # negated, hypothetical, planned or intended: not a stance taken
            for rel_type, probability in self.model.score(candidate):
                if self._vetoed(rel_type, candidate, ruled, reading):
                    continue
                code = self.lexicon.relations[rel_type].code if rel_type in self.lexicon.relations else None
                yield Stance(
                    candidate.source,
                    rel_type,
                    candidate.target,
                    candidate.sent,
                    candidate.anchor,
                    probability,
                    code,
                    method=MODEL_METHOD,
                )

    def _vetoed(self, rel_type: StanceType, candidate: Candidate, ruled: _RuledPairs, reading: ArticleReading) -> bool:
        """Does what the sentence says rule out the model's reading of a pair as ``rel_type``?"""
        features, sentence = candidate.features, candidate.sent.start
        if rel_type in LOCATED_TYPES and TARGET_LOCATES in features:
            return True  # "captured Huliaipole in Zaporizhzhia Oblast": the region only says where the town is
        if rel_type == StanceType.ATTACKS:
            return (sentence, candidate.target) in ruled.claimed  # a reported capture is the speaker's claim
        if rel_type == StanceType.MEETS:
            # "gave Ukraine a week to withdraw": a demand made; "U.S. and Ukrainian officials said": side by side
            demand = (sentence, *sorted((candidate.source, candidate.target))) in ruled.demanded
            return demand or SIDE_BY_SIDE in features
        if rel_type == StanceType.PARTICIPATES_IN:
            return not self._gathering(reading, candidate.target)  # talks or a summit, not a war or an annexation
        return False

    def _gathering(self, reading: ArticleReading, event_id: str) -> bool:
        """Is the event one people take part in (``Lexicon.gathering_kinds``)? Events of no known kind are."""
        record = reading.mentions.records.get(event_id)
        kind = record.entity.kind if record is not None else None
        return kind is None or kind in self.lexicon.gathering_kinds

    def extract_doc(self, article: RawArticle, doc: Doc) -> Extraction:
        """The extraction of one article from its parsed body."""
        reading = self.read(article, doc)
        mentions, dates, points = reading.mentions, reading.dates, reading.points
        stances = self._stances(reading)
        meta = article.meta()
        sentences: dict[int, _Evidence] = {}  # what every relation of a sentence shares, computed once
        dated = mentions.tree.positions(dates)
        for stance in stances:
            if stance.sent.start not in sentences:
                sentences[stance.sent.start] = _evidence(stance.sent, article.body, dates)
        relations = _unique(
            [self._relation(stance, article, meta.id, dates, sentences[stance.sent.start], dated) for stance in stances]
        )
        entities, links = self._entities(mentions, points, meta.id, relations)
        return Extraction(article=meta, entities=entities, relations=relations, links=links)

    def _proposers(self, mentions: ArticleMentions) -> dict[int, list[str]]:
        """Plan mentions whose name says who proposed the plan ("a revised U.S. peace proposal"), by start token."""
        found: dict[int, list[str]] = {}
        for mention in [m for m in mentions.mentions if m.type == EntityType.PLAN]:
            if mention.kind == MentionKind.NAME:
                for entity_id, form in self.proposers.get(mention.text.lower(), []):
                    mentions.add_named_inside(entity_id, form, self.mentions)
                    found.setdefault(mention.start, []).append(entity_id)
            for author in self.authors.authors(mention, mentions):
                if author not in mentions.records:  # named only by a nationality word: "the American draft"
                    mentions.add_named_inside(author, self.authors.form_of(author, mention, mentions), self.mentions)
                if author not in found.setdefault(mention.start, []):
                    found[mention.start].append(author)
        return {start: actors for start, actors in found.items() if actors}

    def _entities(
        self, mentions: ArticleMentions, points: list[PointHit], article_id: str, relations: list[Relation]
    ) -> tuple[list[Entity], list[Link]]:
        """Entities named in the article (or only described, when a relation needs them) with their links."""
        ends = {r.source for r in relations} | {r.target for r in relations}
        records = {eid: rec for eid, rec in mentions.records.items() if rec.named or eid in ends}
        entities = [record.output() for record in records.values()]
        links = _mention_links(records, article_id)
        point_entities, point_links = self._point_entities(_point_counts(points, ends), article_id, set(records))
        return entities + point_entities, links + point_links

    def _point_entities(
        self, counts: dict[str, int], article_id: str, known: set[str]
    ) -> tuple[list[Entity], list[Link]]:
        """The plan points the article mentions (``counts`` times each) with their links to the article, their
        plan and the ``known`` entities they concern."""
        entities: list[Entity] = []
        links: list[Link] = []
        for point_id, count in counts.items():
            plan = self.plans[_plan_of(point_id, self.plans)]
            item = next(i for i in plan.items if plan.point_id(i.number) == point_id)
            entities.append(plan.point_entity(item))
            links.append(Link(source=article_id, type=LinkType.MENTIONS, target=point_id, count=count))
            links.append(Link(source=point_id, type=LinkType.PART_OF, target=plan.id))
            links += [Link(source=point_id, type=LinkType.CONCERNS, target=t) for t in item.concerns if t in known]
        return entities, links

    def _relation(
        self,
        stance: Stance,
        article: RawArticle,
        article_id: str,
        dates: dict[int, DateMention],
        evidence: _Evidence,
        dated: Positions,
    ) -> Relation:
        resolved = stance_date(stance, dates, evidence.dated, dated)
        if resolved is not None:
            day, precision, method = resolved.day, resolved.precision, stance.method
        elif article.published is not None:
            day, precision, method = article.published, "day", f"{stance.method}:article-date"
        else:
            day, precision, method = None, None, stance.method
        return Relation(
            source=stance.source,
            type=stance.type,
            target=stance.target,
            article=article_id,
            evidence=evidence.text,
            start=evidence.start,
            end=evidence.end,
            quote=evidence.quote,
            date=day,
            date_precision=precision,
            code=stance.code,
            confidence=round(stance.confidence, 2),
            method=method,
        )


@dataclass(frozen=True, slots=True)
class _RuledPairs:
    """What the rules read in an article that bears on the model's reading: targets claimed and pairs of a
    demand, by sentence start."""

    claimed: frozenset[tuple[int, str]]
    demanded: frozenset[tuple[int, str, str]]

    @classmethod
    def of(cls, rules: list[Stance]) -> _RuledPairs:
        claimed = frozenset((r.sent.start, r.target) for r in rules if r.type == StanceType.CLAIMS)
        demanded = frozenset(
            (r.sent.start, *sorted((r.source, r.target))) for r in rules if r.type == StanceType.DEMANDS
        )
        return cls(claimed, demanded)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ArticleReading:
    """What reading one parsed article found, before relations are decided."""

    mentions: ArticleMentions
    dates: dict[int, DateMention]
    points: list[PointHit]
    rules: list[Stance]
    candidates: list[Candidate]


@dataclass(frozen=True, slots=True)
class _Evidence:
    """A sentence as evidence: its trimmed text and offsets in the body, its quotation, its dated tokens."""

    text: str
    start: int
    end: int
    quote: str | None
    dated: list[Token]


def _evidence(sent: Span, body: str, dates: dict[int, DateMention]) -> _Evidence:
    start, end = _trimmed(sent)
    text = body[start:end]
    quote = _QUOTE.search(text)
    dated = [t for t in sent if t.i in dates]
    return _Evidence(text, start, end, quote.group(1).strip() if quote else None, dated)


def _mention_links(records: dict[str, EntityRecord], article_id: str) -> list[Link]:
    """The article's MENTIONS link to each entity of ``records``, then its REPORTS link to each event among them."""
    links = [
        Link(source=article_id, type=LinkType.MENTIONS, target=eid, count=record.count)
        for eid, record in records.items()
    ]
    links += [
        Link(source=article_id, type=LinkType.REPORTS, target=eid)
        for eid, record in records.items()
        if record.entity.type == EntityType.EVENT
    ]
    return links


def _point_counts(points: list[PointHit], ends: set[str]) -> dict[str, int]:
    """How many times the article names each plan point; a point that only ``ends`` a relation (recognised by
    its topics) counts once."""
    counts: dict[str, int] = {}
    for hit in points:
        counts[hit.point_id] = counts.get(hit.point_id, 0) + 1
    for point_id in sorted(ends):
        if point_id.startswith("planpoint:"):
            counts.setdefault(point_id, 1)
    return counts


def _plan_of(point_id: str, plans: dict[str, PlanSpec]) -> str:
    slug = point_id.split(":")[1]
    return next(pid for pid, plan in plans.items() if plan.slug == slug)


_NOT_WHEN = frozenset({"since", "until", "till", "by", "for", "before", "after", "from", "through"})


def stance_date(
    stance: Stance,
    dates: dict[int, DateMention],
    dated: list[Token] | None = None,
    dated_tokens: Positions | None = None,
) -> ResolvedDate | None:
    """When the stance was taken: a date on its clause ("said on Thursday", "speaking ... on November 21"),
    for meetings the event's own date, else an adverbial date of the sentence; never a deadline
    ("by November 27") or a period ("since 2022"). ``dated``: the tokens of the sentence that are in
    ``dates``, ``dated_tokens``: those of the doc indexed by position, when the caller has them already."""
    candidates: list[DateMention | None] = []
    if stance.type in (StanceType.PARTICIPATES_IN, StanceType.MEETS):
        candidates.append(date_of(stance.anchor, dates, dated_tokens))
    node = stance.anchor
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX"):
            candidates.append(verb_date(node, dates))
            candidates += [verb_date(c, dates) for c in node.children if c.dep_ == "advcl" and c.tag_ in ("VBG", "VBN")]
        if node.head.i == node.i:
            break
        node = node.head
    if dated is None:
        dated = [t for t in stance.sent if t.i in dates]
    candidates += [_adverbial_date(t, dates) for t in dated]
    return next((c.resolved for c in candidates if c is not None and c.resolved is not None), None)


def _adverbial_date(token: Token, dates: dict[int, DateMention]) -> DateMention | None:
    node = dates[token.i].span.root
    if node.dep_ in ("npadvmod", "tmod") and node.head.pos_ in ("VERB", "AUX"):
        return dates[token.i]
    if node.dep_ == "pobj" and node.head.lower_ not in _NOT_WHEN and node.head.head.pos_ in ("VERB", "AUX"):
        return dates[token.i]
    return None


def _trimmed(sent: Span) -> tuple[int, int]:
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.end_char - (len(text) - len(text.rstrip()))
    return start, max(start, end)


def _unique(relations: list[Relation]) -> list[Relation]:
    """One relation per merge key (source, type, target, article, start), the most confident kept; the two
    directions of a symmetric stance are one relation."""
    best: dict[tuple[str, str, str, int], Relation] = {}
    for relation in relations:
        ends = (relation.source, relation.target)
        if relation.type in SYMMETRIC_STANCES:
            ends = (min(ends), max(ends))
        key = (ends[0], relation.type, ends[1], relation.start)
        if key not in best or relation.confidence > best[key].confidence:
            best[key] = relation
    return list(best.values())


def _capped(stances: list[Stance]) -> list[Stance]:
    """At most ``MAX_STANCES_PER_SENTENCE`` distinct stances per sentence, the rules' first (they come first)."""
    kept: dict[int, set[tuple[str, StanceType, str]]] = {}
    found = []
    for stance in stances:
        keys = kept.setdefault(stance.sent.start, set())
        key = (stance.source, stance.type, stance.target)
        if key in keys or len(keys) < MAX_STANCES_PER_SENTENCE:
            keys.add(key)
            found.append(stance)
    return found
