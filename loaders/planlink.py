"""Plans and plan points in text.

A plan is named by its name or an alias ("the 28-point plan", matched with
the other names in ``mentions``); a generic cue of the plan file ("the
draft", "the proposal") refers to the plan under discussion, the last one
named. A stretch of text is about a point when it contains one of the
point's cue phrases ("600,000" -> army cap) or its title; the point belongs
to the plan under discussion when several plans share a cue.

Which plan is under discussion at a cue is found by binary search in the
plan mentions sorted once, not by rereading every mention per cue.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from peacegraph.graph.model import Entity, EntityType, slugify
from peacegraph.loaders.events import surface_forms
from peacegraph.loaders.mentions import ArticleMentions, Mention, MentionFinder, MentionKind
from peacegraph.loaders.paraphrases import ParaphraseFinder
from peacegraph.loaders.plans import PlanPointSpec, PlanSpec
from peacegraph.loaders.tree import ParseTree, Positions

# Nouns that name a plan when something says which one: "U.S. proposals before the Alaska meeting".
PLAN_NOUNS = frozenset(
    {"proposal", "plan", "draft", "framework", "understanding", "agreement", "deal", "term", "blueprint", "roadmap"}
)


# Nouns a version modifier can make a plan name: "the revised text", "the European version".
VERSION_NOUNS = PLAN_NOUNS | {"text", "version", "document", "paper", "counter-proposal", "counterproposal"}
# Nouns an owner makes one of the owner's plans: "the American text"; not "version" ("the Ukrainian version"
# of a plan is its translation as often as a plan of Ukraine's).
OWNED_NOUNS = PLAN_NOUNS | {"text", "document", "paper"}
# How far before its noun a version modifier is looked for: "the newest U.S. draft" (a noun phrase's modifiers).
MODIFIER_WINDOW = 6
_WORDS = re.compile(r"[\w-]+")
_DEFINITE = frozenset({"the", "this", "that"})
DEFAULT_NEEDS_PLAN = True
# A generic cue no plan of the article explains still names a peace plan when it says so.
_PEACE_CUE = re.compile(r"\b(?:peace|draft|proposals)\b", re.I)


# Nouns of proposals and agreements a text may name that no plan file holds: "the Paris Declaration".
TEXT_PLAN_NOUNS = frozenset(
    {"loan", "declaration", "truce", "ceasefire", "package", "formula", "agreement", "accord", "memorandum",
     "initiative", "condition", "proposal", "plan", "scheme", "deal", "roadmap", "moratorium", "pause"}
)  # fmt: skip


def _named_from(token: Token, kids: Sequence[Token], mentions: ArticleMentions) -> int | None:
    """Where the name of a proposal begins, when its modifiers make it one: a proper name ("Paris Declaration",
    "Christmas truce"), a figure ("90-billion-euro loan", "60-day ceasefire") or an actor that owns it
    ("Russia's package"); None for a generic phrase ("a peace deal")."""
    left = [c for c in kids if c.i < token.i]
    naming = _proper_modifiers(left) + _figure_modifiers(left)
    if naming:
        return min(t.left_edge.i for t in naming)
    owners = _owner_modifiers(left, mentions)
    if owners:
        return min(c.left_edge.i for c in owners)
    return None


def _proper_modifiers(left: Sequence[Token]) -> list[Token]:
    """The proper names among a noun's modifiers ``left`` of it: "Paris" in "Paris Declaration"."""
    return [c for c in left if c.dep_ in ("compound", "amod", "nmod", "npadvmod") and c.pos_ == "PROPN"]


def _figure_modifiers(left: Sequence[Token]) -> list[Token]:
    """The figures among a noun's modifiers ``left`` of it, or modifiers holding one: "60-day" in "60-day
    ceasefire", "90-billion-euro" in "90-billion-euro loan"."""
    figures = [c for c in left if c.dep_ in ("nummod", "compound", "amod", "quantmod") and c.like_num]
    figures += [c for c in left if c.dep_ in ("compound", "amod", "npadvmod") and any(t.like_num for t in c.subtree)]
    return figures


def _owner_modifiers(left: Sequence[Token], mentions: ArticleMentions) -> list[Token]:
    """The possessives among a noun's modifiers ``left`` of it that mention an actor: "Russia's" in "Russia's
    package"."""
    return [c for c in left if c.dep_ == "poss" and (m := mentions.by_token.get(c.i)) is not None and m.is_actor]


def _first_plan_noun(doc: Doc) -> int:
    """Where a plan noun is first written: a later "the European one" may stand for one."""
    return next((t.i for t in doc if t.pos_ == "NOUN" and t.lemma_.lower() in VERSION_NOUNS), len(doc))


def _one_anaphor(token: Token, first_plan: int, kids: Sequence[Token]) -> bool:
    """ "the European one", "the American one" after a plan noun was written: "one" standing for a plan noun,
    told apart by its modifier."""
    if token.lower_ != "one" or token.i <= first_plan:
        return False
    definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in kids)
    return definite and any(c.dep_ in ("amod", "compound", "nmod") and c.i < token.i for c in kids)


# Words that pick one of the two plans just named: "welcoming the first while dismissing the second".
ORDINALS = {"first": 0, "former": 0, "second": 1, "latter": 1}
# How many sentences back the two plans an ordinal picks from may be named.
ORDINAL_SENTENCES = 2


def _ordinal_references(doc: Doc, mentions: ArticleMentions) -> None:
    """ "The Kremlin praised the first and dismissed the second": "the first" and "the second" standing alone
    are the earlier and the later of the last two plans named in this sentence or the one before."""
    plans = sorted((m.start, m.entity_id) for m in mentions.mentions if m.type == EntityType.PLAN)
    if len({plan_id for _, plan_id in plans}) < 2:
        return
    starts = [sent.start for sent in doc.sents]
    for token in doc:
        place = _standalone_ordinal(token, mentions)
        if place is None:
            continue
        sentence = bisect_left(starts, token.i + 1) - 1
        window_start = starts[max(0, sentence - ORDINAL_SENTENCES + 1)]
        named = list(dict.fromkeys(plan_id for start, plan_id in plans if window_start <= start < token.i))
        if len(named) < 2:
            continue
        plan_id = named[-2:][place]
        mention = Mention(token.i, token.i + 1, plan_id, EntityType.PLAN, MentionKind.DESCRIPTION, token.text)
        mentions.add_new(mention, mentions.records[plan_id].entity)
    mentions.sort()


def _standalone_ordinal(token: Token, mentions: ArticleMentions) -> int | None:
    """Which of two a word picks when it stands alone as an argument ("dismissed the second"): 0, 1 or None;
    not "the first of the proposals" or "the second round"."""
    place = ORDINALS.get(token.lower_)
    arguments = ("dobj", "pobj", "nsubj", "nsubjpass", "conj")
    if place is None or token.i in mentions.by_token or token.dep_ not in arguments:
        return None
    kids = mentions.tree.children(token)
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in kids)
    return place if definite and not any(c.dep_ == "prep" for c in kids) else None


@dataclass(frozen=True, slots=True)
class PointHit:
    """Tokens ``start``..``end`` of a doc that speak of point ``number`` of ``plan_id``."""

    start: int
    end: int
    plan_id: str
    number: int

    @property
    def point_id(self) -> str:
        return f"planpoint:{self.plan_id.split(':', 1)[1]}:{self.number}"


class PlanLinker:
    """Generic plan cues and point cues, matched case-insensitively on tokens."""

    def __init__(self, nlp: Language, plans: Sequence[PlanSpec]) -> None:
        self.plans = {plan.id: plan for plan in plans}
        self.nlp = nlp
        self._by_proposer: dict[str, list[str]] = {}  # actor -> its plans, the earliest published first
        self._published_rank: dict[str, int] = {}  # plan -> its place in order of publication
        for rank, plan in enumerate(sorted(plans, key=lambda plan: plan.published or "")):
            self._published_rank[plan.id] = rank
            if plan.proposer:
                self._by_proposer.setdefault(plan.proposer, []).append(plan.id)
        self._cue_plans: dict[str, list[str]] = {}
        self._point_options: dict[str, list[tuple[str, int]]] = {}
        self._cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._points = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.modifiers = {plan.id: frozenset(m.lower() for m in plan.modifiers) for plan in plans if plan.modifiers}
        # the plan the others revise, whose numbering gold and readers use for every version's points
        self.default_plan = max(plans, key=lambda plan: len(plan.items)).id if plans else None
        self._paraphrases = ParaphraseFinder(plans)
        self._plans_with_point: dict[int, list[str]] = {}  # point number -> the plans that have it
        for plan in plans:
            for item in plan.items:
                self._plans_with_point.setdefault(item.number, []).append(plan.id)
            for cue in plan.cues:
                self._add(nlp, self._cues, self._cue_plans, cue.lower(), plan.id)
            for item in plan.items:
                for cue in self._point_cues(item):
                    self._add(nlp, self._points, self._point_options, cue.lower(), (plan.id, item.number))

    @staticmethod
    def _point_cues(item: PlanPointSpec) -> list[str]:
        title = [item.title] if len(item.title.split()) >= 2 else []
        return [*item.cues, *title]

    @staticmethod
    def _add(nlp: Language, matcher: PhraseMatcher, table: dict, key: str, value: object) -> None:
        values = table.setdefault(key, [])
        if not values:
            matcher.add(key, [nlp.make_doc(key)])
        if value not in values:
            values.append(value)

    def link(self, doc: Doc, mentions: ArticleMentions, finder: MentionFinder) -> list[PointHit]:
        """Add the generic plan cues to ``mentions``; return the point hits of the whole doc."""
        self._by_event(doc, mentions, finder)
        self._by_version(doc, mentions, finder)
        self._by_cue(doc, mentions, finder)
        self._by_owner(doc, mentions, finder)
        named = [m for m in mentions.mentions if m.type == EntityType.PLAN]
        focus = _Focus(named)
        hits = list(self._cue_hits(doc, focus, bool(named)))
        hits.extend(self._paraphrase_hits(doc, focus, bool(named)))
        self._from_text(doc, mentions)
        _ordinal_references(doc, mentions)
        return sorted(set(hits), key=lambda h: (h.start, h.number, h.plan_id, h.end))  # a total order: runs agree

    def _by_cue(self, doc: Doc, mentions: ArticleMentions, finder: MentionFinder) -> None:
        """ "the draft", "the proposal": a generic cue of the plan files, a noun outside other mentions, is the
        plan under discussion (``_plan_for_cue``); one no plan explains that says "peace", "draft" or
        "proposals" is the plan the others revise."""
        focus = _Focus([m for m in mentions.mentions if m.type == EntityType.PLAN])
        for match_id, start, end in sorted(self._cues(doc), key=lambda m: (m[1], -m[2])):
            if any(i in mentions.by_token for i in range(start, end)):
                continue
            head = doc[start:end].root
            if head.pos_ not in ("NOUN", "PROPN"):
                continue
            plan_id = self._plan_for_cue(self._cue_plans[doc.vocab.strings[match_id]], start, focus)
            if plan_id is None and _PEACE_CUE.search(doc[start:end].text):
                plan_id = self.default_plan
            if plan_id is not None:
                mention = Mention(start, end, plan_id, EntityType.PLAN, MentionKind.PLAN_CUE, doc[start:end].text)
                mentions.add(mention, finder)
                focus.first_seen.setdefault(plan_id, len(focus.first_seen))
        mentions.sort()

    def _cue_hits(self, doc: Doc, focus: _Focus, plan_named: bool) -> Iterator[PointHit]:
        """Points named by one of their cue phrases or their title ("600,000": the army cap), of the plan
        ``_point_plan`` chooses among the plans with that cue."""
        for match_id, start, end in self._points(doc):
            options = self._point_options[doc.vocab.strings[match_id]]
            plan_id = self._point_plan([p for p, _ in options], start, focus, plan_named)
            if plan_id is not None:
                yield from (PointHit(start, end, p, n) for p, n in options if p == plan_id)

    def _paraphrase_hits(self, doc: Doc, focus: _Focus, plan_named: bool) -> Iterator[PointHit]:
        """Points spoken of in other words ("a cap on our armed forces"), of the plan under discussion that has
        the point (numbered as in the plan the others revise, like cue hits)."""
        for hit in self._paraphrases.find(doc):
            candidates = self._plans_with_point.get(hit.number, [hit.plan_id])
            plan_id = self._point_plan(candidates, hit.start, focus, plan_named)
            if plan_id is not None:
                yield PointHit(hit.start, hit.end, plan_id, hit.number)

    def _point_plan(self, candidates: list[str], position: int, focus: _Focus, plan_named: bool) -> str | None:
        """Of the ``candidates`` that have a point spoken of at ``position``, the plan it belongs to
        (``_plan_for``), else, when the article names a plan, the plan the others revise."""
        plan_id = self._plan_for(candidates, position, focus)
        if plan_id is None and self.default_plan in candidates and (plan_named or not DEFAULT_NEEDS_PLAN):
            plan_id = self.default_plan  # points are numbered as in the plan the others revise
        return plan_id

    def _from_text(self, doc: Doc, mentions: ArticleMentions) -> None:
        """Plans the reference data does not hold, named by the text: "the Paris Declaration", "a 90-billion-euro
        loan", "Russia's package", "a Christmas truce"; a later "the loan" is the same plan. Read after the plans
        of the reference data are linked, so that they never become the plan a generic cue stands for."""
        tree = mentions.tree
        latest: dict[str, str] = {}  # noun lemma -> the plan it named last
        for token in doc:
            lemma = token.lemma_.lower()
            if token.pos_ not in ("NOUN", "PROPN") or lemma not in TEXT_PLAN_NOUNS or token.i in mentions.by_token:
                continue
            kids = tree.children(token)
            start = _named_from(token, kids, mentions)
            if start is None:
                if lemma in latest and any(c.dep_ == "det" and c.lower_ in ("the", "that", "this") for c in kids):
                    plan_id = latest[lemma]
                    mention = Mention(
                        token.i, token.i + 1, plan_id, EntityType.PLAN, MentionKind.DESCRIPTION, token.text
                    )
                    mentions.add_new(mention, mentions.records[plan_id].entity)
                continue
            name = doc[start : token.i + 1].text
            plan_id = f"plan:{slugify(name)}"
            mention = Mention(token.i, token.i + 1, plan_id, EntityType.PLAN, MentionKind.NEW, name)
            mentions.add_new(mention, Entity(id=plan_id, type=EntityType.PLAN, name=name))
            mentions.records[plan_id].forms.update(surface_forms(token, tree))
            latest[lemma] = plan_id
        mentions.sort()

    def _by_version(self, doc: Doc, mentions: ArticleMentions, finder: MentionFinder) -> None:
        """ "the revised text", "the newest U.S. draft", "the European version": a plan noun whose modifiers
        name one version (``PlanSpec.modifiers``). The mention is the noun; its phrase is kept as a form."""
        tree = mentions.tree
        first_plan = _first_plan_noun(doc)
        for token in doc:
            if token.i in mentions.by_token:
                continue
            one = _one_anaphor(token, first_plan, tree.children(token))
            if not one and token.pos_ not in ("NOUN", "PROPN"):
                continue
            if not one and token.lemma_.lower() not in VERSION_NOUNS and token.lower_ not in VERSION_NOUNS:
                continue
            start = max(tree.left_edge(token), token.i - MODIFIER_WINDOW)
            words = set(_WORDS.findall(doc[start : token.i + 1].text.lower()))
            plans = [plan_id for plan_id, modifiers in self.modifiers.items() if words & modifiers]
            if len(plans) != 1:
                continue
            while start < token.i and doc[start].dep_ in ("det", "poss", "case", "punct"):
                start += 1
            phrase = doc[start : token.i + 1].text
            mentions.add(Mention(token.i, token.i + 1, plans[0], EntityType.PLAN, MentionKind.NAME, phrase), finder)
        mentions.sort()

    def _by_owner(self, doc: Doc, mentions: ArticleMentions, finder: MentionFinder) -> None:
        """ "the American plan", "Washington's draft", "the U.S. text": a plan noun owned by the proposer of
        plans of the reference data is the one of them named last before it (else the plan the others revise,
        else its earliest)."""
        named: list[tuple[int, str]] = sorted(
            (m.start, m.entity_id) for m in mentions.mentions if m.type == EntityType.PLAN
        )
        first_plan = _first_plan_noun(doc)
        for token in doc:
            if token.i in mentions.by_token:
                continue
            one = _one_anaphor(token, first_plan, mentions.tree.children(token))
            if not one and (token.pos_ != "NOUN" or token.lemma_.lower() not in OWNED_NOUNS):
                continue
            plans = self._owned_plans(token, mentions, finder)
            if not plans:
                continue
            before = [plan_id for start, plan_id in named if start < token.i and plan_id in plans]
            fallback = self.default_plan if self.default_plan in plans else plans[0]
            plan_id = before[-1] if before else fallback
            mention = Mention(token.i, token.i + 1, plan_id, EntityType.PLAN, MentionKind.DESCRIPTION, token.text)
            mentions.add(mention, finder)
        mentions.sort()

    def _owned_plans(self, noun: Token, mentions: ArticleMentions, finder: MentionFinder) -> list[str]:
        """The plans of the reference data whose proposer owns a definite plan noun, the earliest published
        first; none for an indefinite one ("a Ukrainian plan", "no European plan": some plan, not one of them)."""
        kids = [child for child in mentions.tree.children(noun) if child.i < noun.i]
        if not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in kids):
            return []
        owners = {
            actor
            for child in kids
            if child.dep_ in ("amod", "compound", "poss", "nmod")
            for actor in self._actors_of(child, mentions, finder)
        }
        found = {plan_id for owner in owners for plan_id in self._by_proposer.get(owner, [])}
        return sorted(found, key=self._published_rank.__getitem__)

    def _actors_of(self, modifier: Token, mentions: ArticleMentions, finder: MentionFinder) -> set[str]:
        """The actors a modifier names: a mention ("Washington's"), a name or a demonym ("American", "U.S.")."""
        found = mentions.by_token.get(modifier.i)
        if found is not None:
            return {found.entity_id}
        return {actor for actor, _ in finder.actors_named_in(self.nlp, modifier.text)}

    def _by_event(self, doc: Doc, mentions: ArticleMentions, finder: MentionFinder) -> None:
        """ "U.S. proposals before the Alaska meeting": a plan noun tied to the event a plan was made at."""
        by_event = {event: plan.id for plan in self.plans.values() for event in plan.events}
        if not by_event:
            return
        at_events = _event_positions(mentions, by_event)
        for token in doc:
            if token.pos_ != "NOUN" or token.lemma_.lower() not in PLAN_NOUNS or token.i in mentions.by_token:
                continue
            near = _noun_and_verb_preps(token, mentions.tree)
            plan_ids = {p for p, tokens in at_events.items() if any(tokens.any_under(root) for root in near)}
            if len(plan_ids) == 1:
                plan_id = plan_ids.pop()
                mention = Mention(token.i, token.i + 1, plan_id, EntityType.PLAN, MentionKind.DESCRIPTION, token.text)
                mentions.add(mention, finder)
        mentions.sort()

    @staticmethod
    def _plan_for_cue(candidates: list[str], position: int, focus: _Focus) -> str | None:
        """A cue several plans share ("the plan") is the plan under discussion, the last one mentioned;
        a cue of one plan only ("the counter-proposal") is that plan."""
        # a generic cue ("the counter-proposal" urged) does not change the plan under discussion
        last = focus.last_before(position)
        if last is not None and (len(candidates) > 1 or last in candidates):
            return last
        if len(candidates) == 1:
            return candidates[0]
        named = sorted((focus.first_seen[c], c) for c in candidates if c in focus.first_seen)
        return named[0][1] if named else None

    def _plan_for(self, candidates: list[str], position: int, focus: _Focus) -> str | None:
        """Whose point a cue names: the plan under discussion at ``position`` if it has the point, else
        another plan the article names, else a plan those succeed (the European counter-proposal
        edits the 28-point plan); never a plan the article does not touch."""
        latest = focus.last_before(position, candidates)
        if latest is not None:
            return latest
        mentioned = list(focus.first_seen)
        for plan_id in mentioned:
            if plan_id in candidates:
                return plan_id
        for plan_id in mentioned:
            for ancestor in self._predecessors(plan_id):
                if ancestor in candidates:
                    return ancestor
        return None

    def _predecessors(self, plan_id: str) -> list[str]:
        found = []
        current = self.plans.get(plan_id)
        while current is not None and current.succeeds and current.succeeds not in found:
            found.append(current.succeeds)
            current = self.plans.get(current.succeeds)
        return found


def _event_positions(mentions: ArticleMentions, by_event: dict[str, str]) -> dict[str, Positions]:
    """Plan -> the tokens of the mentions of events it was made at (``by_event``: event -> plan)."""
    events_of: dict[str, list[int]] = {}  # plan -> tokens of the events it was made at (fixed in this loop)
    for i, m in mentions.by_token.items():
        if m.type == EntityType.EVENT and m.entity_id in by_event:
            events_of.setdefault(by_event[m.entity_id], []).append(i)
    return {plan_id: mentions.tree.positions(tokens) for plan_id, tokens in events_of.items()}


def _noun_and_verb_preps(noun: Token, tree: ParseTree) -> list[Token]:
    """Where an event may tie a plan noun: the noun's phrase, and the prepositions of the verb it is the object
    of ("proposals made at the Alaska meeting")."""
    near = [noun]
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ == "VERB":
        near += [c for c in tree.children(noun.head) if c.dep_ == "prep"]
    return near


class _Focus:
    """The plan mentions of a doc, sorted once: which plan is under discussion at a token."""

    def __init__(self, named: list[Mention]) -> None:
        in_focus = sorted((m for m in named if m.kind != MentionKind.PLAN_CUE), key=lambda m: m.start)
        self.ids = [m.entity_id for m in in_focus]
        self.starts = [m.start for m in in_focus]
        self.places: dict[str, list[int]] = {}  # plan -> its places in ``ids``
        for place, plan_id in enumerate(self.ids):
            self.places.setdefault(plan_id, []).append(place)
        self.first_seen: dict[str, int] = {}  # plan -> order of its first mention (cues included)
        for m in named:
            self.first_seen.setdefault(m.entity_id, len(self.first_seen))

    def last_before(self, position: int, candidates: list[str] | None = None) -> str | None:
        """The plan named (not by a generic cue) last before ``position``, of ``candidates`` if given."""
        limit = bisect_left(self.starts, position)
        if candidates is None:
            return self.ids[limit - 1] if limit else None
        best = -1
        for plan_id in candidates:
            places = self.places.get(plan_id, [])
            k = bisect_left(places, limit)
            if k:
                best = max(best, places[k - 1])
        return self.ids[best] if best >= 0 else None
