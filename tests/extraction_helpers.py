"""Shared by the extraction tests: short ways to run the real extractor on a sentence."""

from __future__ import annotations

from datetime import date

from peacegraph.graph.model import Extraction
from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.readers import RawArticle

PUBLISHED = date(2025, 12, 5)  # a Friday


def extract(extractor: RuleExtractor, body: str, published: date | None = PUBLISHED) -> Extraction:
    (extraction,) = extractor.extract([RawArticle(body=body, published=published, path="test.txt")])
    return extraction


def triples(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(r.source, r.type.value, r.target) for r in extraction.relations}
