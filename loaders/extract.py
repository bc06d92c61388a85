"""Extraction: an article's text -> entities, mentions and stance relations.

This first extractor finds the gazetteer's names and the plans' names in the
text (exact, word-bounded) and records a MENTIONS link per entity. Stance
extraction plugs in behind the same ``Extractor`` protocol.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from graph.model import Entity, Extraction, Link, LinkType
from loaders.gazetteer import Gazetteer
from loaders.plans import PlanSpec
from loaders.readers import RawArticle


class Extractor(Protocol):
    def extract(self, articles: Sequence[RawArticle]) -> list[Extraction]: ...


class GazetteerExtractor:
    """Entities by exact match of known names and aliases; no stances."""

    def __init__(self, gazetteer: Gazetteer, plans: Sequence[PlanSpec]) -> None:
        self.gazetteer = gazetteer
        self.plans = {plan.id: plan for plan in plans}
        forms: dict[str, str] = {}
        for form, ids in gazetteer.names().items():
            if len(ids) == 1:
                forms[form] = ids[0]
        for plan in plans:
            for form in [plan.name, *plan.aliases]:
                forms.setdefault(form, plan.id)
        self._forms = forms
        alternatives = sorted(forms, key=len, reverse=True)
        self._pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in alternatives) + r")(?!\w)")

    def extract(self, articles: Sequence[RawArticle]) -> list[Extraction]:
        return [self._extract_one(article) for article in articles]

    def _entity(self, entity_id: str, aliases: list[str]) -> Entity:
        entry = self.gazetteer.get(entity_id)
        if entry is not None:
            return entry.entity(aliases)
        plan = self.plans[entity_id].entity()
        return plan.model_copy(update={"aliases": sorted(set(aliases) - {plan.name})})

    def _extract_one(self, article: RawArticle) -> Extraction:
        counts: Counter[str] = Counter()
        seen_forms: dict[str, set[str]] = {}
        for match in self._pattern.finditer(article.body):
            entity_id = self._forms[match.group(1)]
            counts[entity_id] += 1
            seen_forms.setdefault(entity_id, set()).add(match.group(1))
        meta = article.meta()
        entities = [self._entity(eid, sorted(seen_forms[eid])) for eid in counts]
        links = [
            Link(source=meta.id, type=LinkType.MENTIONS, target=eid, count=n) for eid, n in counts.items()
        ]
        return Extraction(article=meta, entities=entities, links=links)
