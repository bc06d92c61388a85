"""The pipeline: files -> articles -> extractions (the JSON contract), and reference data."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import islice
from pathlib import Path

from peacegraph.graph.errors import ArticleReadError
from peacegraph.graph.model import Entity, Extraction, Link, LinkType
from peacegraph.loaders.extract import Extractor, RuleExtractor
from peacegraph.loaders.gazetteer import Gazetteer, default_gazetteer
from peacegraph.loaders.lexicon import default_lexicon
from peacegraph.loaders.plans import PlanSpec, default_plans, plans_extraction
from peacegraph.loaders.readers import DEFAULT_LIMITS, RawArticle, ReadLimits, ReadReport, iter_paths, read_file
from peacegraph.loaders.relation_model import default_model

log = logging.getLogger(__name__)

__all__ = ["ReadLimits", "ReadReport", "default_extractor", "extract_articles", "read_paths", "reference_extraction"]


def read_paths(paths: Sequence[Path], limits: ReadLimits = DEFAULT_LIMITS) -> ReadReport:
    """Read every file under ``paths`` (a ``.urls`` file: the pages it lists); a bad file, record or
    URL is reported, the others still read."""
    report = ReadReport()
    for path in iter_paths(list(paths)):
        try:
            report.extend(read_file(path, limits))
        except ArticleReadError as error:
            report.failures.append(error)
    return report


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The rule extractor over the bundled gazetteer, plans and lexicon (built once per process)."""
    return RuleExtractor(default_gazetteer(), default_plans(), default_lexicon(), model=default_model())


def extract_articles(
    articles: Iterable[RawArticle], extractor: Extractor | None = None, *, batch_size: int = 32
) -> Iterator[Extraction]:
    """Extractions of ``articles``, in order, computed in batches."""
    extractor = extractor or default_extractor()
    iterator = iter(articles)
    while batch := list(islice(iterator, batch_size)):
        yield from extractor.extract(batch)


def reference_extraction(gazetteer: Gazetteer | None = None, plans: Sequence[PlanSpec] | None = None) -> Extraction:
    """The bundled reference data: every gazetteer entity, the plans and their points, their links."""
    gazetteer = gazetteer or default_gazetteer()
    plans = tuple(plans if plans is not None else default_plans())
    entities: list[Entity] = [entry.entity() for entry in gazetteer.entries.values()]
    known = set(gazetteer.entries)
    links = [
        Link(source=entry.id, type=LinkType.LOCATED_IN, target=entry.country)
        for entry in gazetteer.entries.values()
        if entry.type == "Place" and entry.country in known
    ]
    links += [
        Link(source=entry.id, type=LinkType.HELD_IN, target=entry.place)
        for entry in gazetteer.entries.values()
        if entry.type == "Event" and entry.place in known
    ]
    plan_data = plans_extraction(plans, known)
    return Extraction(entities=entities + plan_data.entities, links=links + plan_data.links)
