"""Ingestion, the one way articles enter the graph (the CLI and ``POST /articles``): extract, then write.

Each article is written in a transaction of its own, right after it is extracted:
parsing costs memory in proportion to the text (a 300,000-character sentence about
0.9 GB), so the articles of a request or a folder are never parsed together, and
other requests' articles get the extraction lock in between. With ``workers > 1``
the articles are extracted by that many processes (``loaders.parallel``), in order.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graph import reads
from graph.model import Extraction, WriteSummary
from graph.store import GraphStore
from loaders.parallel import extract_parallel
from loaders.pipeline import default_extractor, extract_articles
from loaders.readers import RawArticle

# One extraction at a time in this process: the requests of the API share the extractor.
_EXTRACTION_LOCK = threading.Lock()


@dataclass(frozen=True)
class Written:
    """One article extracted and written: what the write created, and what it submitted."""

    article: RawArticle
    summary: WriteSummary
    nodes: int  # distinct nodes and relationships in the extraction
    relationships: int


def unique(articles: Sequence[RawArticle]) -> list[RawArticle]:
    """``articles`` without repeats of the same text (one id), first occurrence kept, in order."""
    return list({article.id: article for article in articles}.values())


def known_ids(store: GraphStore, articles: Sequence[RawArticle]) -> set[str]:
    """The ids of ``articles`` already in the graph."""
    return reads.existing_article_ids(store, [article.id for article in articles])


def _extractions(articles: Sequence[RawArticle], workers: int) -> Iterator[Extraction]:
    if workers > 1:
        yield from extract_parallel(articles, workers=workers)
        return
    for article in articles:
        with _EXTRACTION_LOCK:
            (extraction,) = extract_articles([article], default_extractor(), batch_size=1)
        yield extraction


def ingest(store: GraphStore, articles: Sequence[RawArticle], *, workers: int = 1) -> Iterator[Written]:
    """Extract and write each of ``articles``, one transaction each, yielding each as it is written."""
    for article, extraction in zip(articles, _extractions(articles, workers), strict=True):
        nodes, relationships = extraction.distinct_size()
        yield Written(article, store.write_extraction(extraction), nodes, relationships)
