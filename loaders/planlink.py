"""Plans and plan points in text.

A plan is named by its name or an alias ("the 28-point plan", matched with
the other names in ``mentions``); a generic cue of the plan file ("the
draft", "the proposal") refers to the plan under discussion, the last one
named. A stretch of text is about a point when it contains one of the
point's cue phrases ("600,000" -> army cap) or its title; the point belongs
to the plan under discussion when several plans share a cue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from graph.model import EntityType
from loaders.mentions import ArticleMentions, Mention, MentionFinder, MentionKind
from loaders.plans import PlanPointSpec, PlanSpec

# Nouns that name a plan when something says which one: "U.S. proposals before the Alaska meeting".
PLAN_NOUNS = frozenset(
    {"proposal", "plan", "draft", "framework", "understanding", "agreement", "deal", "term", "blueprint", "roadmap"}
)


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
        self._cue_plans: dict[str, list[str]] = {}
        self._point_options: dict[str, list[tuple[str, int]]] = {}
        self._cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._points = PhraseMatcher(nlp.vocab, attr="LOWER")
        for plan in plans:
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

    def point_entity_id(self, plan_id: str, number: int) -> str:
        return self.plans[plan_id].point_id(number)

    def link(self, doc: Doc, mentions: ArticleMentions, finder: MentionFinder) -> list[PointHit]:
        """Add the generic plan cues to ``mentions``; return the point hits of the whole doc."""
        self._by_event(doc, mentions, finder)
        named = [m for m in mentions.mentions if m.type == EntityType.PLAN]
        if not named:
            return []
        for match_id, start, end in sorted(self._cues(doc), key=lambda m: (m[1], -m[2])):
            if any(i in mentions.by_token for i in range(start, end)):
                continue
            head = doc[start:end].root
            if head.pos_ not in ("NOUN", "PROPN"):
                continue
            plan_id = self._plan_for_cue(self._cue_plans[doc.vocab.strings[match_id]], start, mentions)
            if plan_id is not None:
                mention = Mention(start, end, plan_id, EntityType.PLAN, MentionKind.PLAN_CUE, doc[start:end].text)
                mentions.add(mention, finder)
        mentions.sort()
        named = [m for m in mentions.mentions if m.type == EntityType.PLAN]
        hits: list[PointHit] = []
        for match_id, start, end in self._points(doc):
            options = self._point_options[doc.vocab.strings[match_id]]
            plan_id = self._plan_for([p for p, _ in options], start, named)
            if plan_id is None:
                continue
            hits.extend(PointHit(start, end, p, n) for p, n in options if p == plan_id)
        return sorted(set(hits), key=lambda h: (h.start, h.number))

    def _by_event(self, doc: Doc, mentions: ArticleMentions, finder: MentionFinder) -> None:
        """ "U.S. proposals before the Alaska meeting": a plan noun tied to the event a plan was made at."""
        by_event = {event: plan.id for plan in self.plans.values() for event in plan.events}
        if not by_event:
            return
        for token in doc:
            if token.pos_ != "NOUN" or token.lemma_.lower() not in PLAN_NOUNS or token.i in mentions.by_token:
                continue
            near = [*token.subtree]
            if token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB":
                near += [t for c in token.head.children if c.dep_ == "prep" for t in c.subtree]
            events = {m.entity_id for t in near if (m := mentions.at(t)) is not None and m.type == EntityType.EVENT}
            plan_ids = {by_event[e] for e in events if e in by_event}
            if len(plan_ids) == 1:
                plan_id = plan_ids.pop()
                mention = Mention(token.i, token.i + 1, plan_id, EntityType.PLAN, MentionKind.DESCRIPTION, token.text)
                mentions.add(mention, finder)
        mentions.sort()

    @staticmethod
    def _plan_for_cue(candidates: list[str], position: int, mentions: ArticleMentions) -> str | None:
        """A cue several plans share ("the plan") is the plan under discussion, the last one mentioned;
        a cue of one plan only ("the counter-proposal") is that plan."""
        before = sorted(  # a generic cue ("the counter-proposal" urged) does not change the plan under discussion
            (m.start, m.entity_id)
            for m in mentions.mentions
            if m.type == EntityType.PLAN and m.kind != MentionKind.PLAN_CUE and m.start < position
        )
        if before and (len(candidates) > 1 or before[-1][1] in candidates):
            return before[-1][1]
        if len(candidates) == 1:
            return candidates[0]
        named = [m.entity_id for m in mentions.mentions if m.type == EntityType.PLAN and m.entity_id in candidates]
        return named[0] if named else None

    def _plan_for(self, candidates: list[str], position: int, named: list[Mention]) -> str | None:
        """Whose point a cue names: the plan under discussion at ``position`` if it has the point, else
        another plan the article names, else a plan those succeed (the European counter-proposal
        edits the 28-point plan); never a plan the article does not touch."""
        in_focus = [m for m in named if m.kind != MentionKind.PLAN_CUE]
        before = [m.entity_id for m in sorted(in_focus, key=lambda m: m.start) if m.start < position]
        for plan_id in reversed(before):
            if plan_id in candidates:
                return plan_id
        mentioned = list(dict.fromkeys(m.entity_id for m in named))
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
