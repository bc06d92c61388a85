"""Ingestion, the one way articles enter and leave the graph (the CLI, ``POST``/``DELETE /articles``, the
Python API): admit a reading, extract, then write, replace or remove.

``admit`` keeps what peacegraph can read: each article's language is detected and stored on it,
one not in English is moved to the reading's failures (named, "in Russian; peacegraph reads
English") instead of being loaded nearly empty, repeats of one text count once, and the articles
already in the graph are told apart from the new ones.

Each article is written in a transaction of its own, right after it is extracted:
parsing costs memory in proportion to the text (a 300,000-character sentence about
0.9 GB), so the articles of a request or a folder are never parsed together, and
other requests' articles get the extraction lock in between. With ``workers > 1``
the articles are extracted by that many processes (``peacegraph.loaders.parallel``), in order.

``peacegraph ingest`` streams its inputs: ``input_chunks`` groups the files under the given paths
``INGEST_CHUNK`` at a time (each URL, feed or OPML file alone), and each group is read, admitted,
extracted and written before the next is read, so memory stays flat with the corpus (``load`` streams
its JSONL the same way); an article repeated in a later group is not written twice (``Seen``).

``replace`` extracts articles again and swaps their edges in one transaction each
(``GraphStore.replace_extraction``); ``remove`` deletes articles and what only they supported
(``GraphStore.remove_articles``). Both leave the reference data (gazetteer, plans) alone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from peacegraph.graph import reads
from peacegraph.graph.model import Extraction, Removal, WriteSummary
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.feeds import FEED_SUFFIXES, OPML_SUFFIX, is_url
from peacegraph.loaders.language import keep_english
from peacegraph.loaders.parallel import extract_parallel
from peacegraph.loaders.pipeline import default_extractor, extract_articles, reference_extraction
from peacegraph.loaders.readers import RawArticle, ReadReport, iter_paths

# One extraction at a time in this process: the requests of the API share the extractor.
_EXTRACTION_LOCK = threading.Lock()


@dataclass(frozen=True)
class Written:
    """One article extracted and written: what the write created, and what it submitted."""

    article: RawArticle
    summary: WriteSummary
    nodes: int  # distinct nodes and relationships in the extraction
    relationships: int


@dataclass(frozen=True)
class Replaced(Written):
    """One article extracted again and written in place of its old extraction: what that deleted too."""

    removal: Removal


@dataclass(frozen=True)
class Admitted:
    """A reading made ready for ingestion: the English articles, new ones and those already in the graph apart;
    ``report`` holds what was skipped (unreadable, not English) and the warnings."""

    new: list[RawArticle]
    present: list[RawArticle]
    report: ReadReport

    @property
    def articles(self) -> list[RawArticle]:
        """Every admitted article, new or present."""
        return self.new + self.present


def unique(articles: Sequence[RawArticle]) -> list[RawArticle]:
    """``articles`` without repeats of the same text (one id), first occurrence kept, in order."""
    first: dict[str, RawArticle] = {}
    for article in articles:
        first.setdefault(article.id, article)  # a dict built from pairs would keep the last one's path
    return list(first.values())


def admit(store: GraphStore, report: ReadReport) -> Admitted:
    """The articles of ``report`` peacegraph reads (English, each once), split by whether the graph has them."""
    english = keep_english(report)
    articles = unique(english.articles)
    known = reads.existing_article_ids(store, [article.id for article in articles]) if articles else set()
    return Admitted(
        new=[article for article in articles if article.id not in known],
        present=[article for article in articles if article.id in known],
        report=english,
    )


INGEST_CHUNK = 64
"""Files ``peacegraph ingest`` reads before it extracts and writes their articles and reads on."""


def input_chunks(inputs: Sequence[str], size: int = INGEST_CHUNK) -> Iterator[list[str]]:
    """``inputs`` in groups to read one after the other: the files under the given paths (folders walked as
    ``read_paths`` walks them) ``size`` at a time, each URL, feed or OPML file in a group of its own."""
    files: list[str] = []
    for given in inputs:
        if is_url(given) or Path(given).suffix.lower() in {OPML_SUFFIX, *FEED_SUFFIXES}:
            if files:  # in the order given
                yield files
                files = []
            yield [given]
            continue
        for path in iter_paths([Path(given)]):
            files.append(str(path))
            if len(files) >= size:
                yield files
                files = []
    if files:
        yield files


@dataclass
class Seen:
    """Articles admitted by earlier groups of one ingestion, by id: a repeat in a later group is dropped."""

    ids: set[str] = field(default_factory=set)

    def admit(self, store: GraphStore, report: ReadReport) -> Admitted:
        """``admit`` without the articles an earlier group admitted."""
        fresh = ReadReport(
            articles=[a for a in report.articles if a.id not in self.ids],
            failures=report.failures,
            warnings=report.warnings,
        )
        admitted = admit(store, fresh)
        self.ids.update(article.id for article in admitted.articles)
        return admitted


def _extractions(articles: Sequence[RawArticle], workers: int) -> Iterator[Extraction]:
    if workers > 1:
        yield from extract_parallel(articles, workers=workers)
        return
    for article in articles:
        with _EXTRACTION_LOCK:
            (extraction,) = extract_articles([article], default_extractor(), batch_size=1)
        yield extraction


def ingest(store: GraphStore, articles: Sequence[RawArticle], *, workers: int = 1) -> Iterator[Written]:
    """Extract and write each of ``articles``, one transaction each, yielding each as it is written.

    An article already in the graph is merged with what it holds there: nothing changes
    if the extraction is the same, and an edge it no longer yields stays (``replace`` removes it).
    """
    for article, extraction in zip(articles, _extractions(articles, workers), strict=True):
        nodes, relationships = extraction.distinct_size()
        yield Written(article, store.write_extraction(extraction), nodes, relationships)


@cache
def reference_ids() -> frozenset[str]:
    """The ids of the bundled reference data (gazetteer entries, plans, their points): no article owns them."""
    return frozenset(entity.id for entity in reference_extraction().entities)


def replace(store: GraphStore, articles: Sequence[RawArticle], *, workers: int = 1) -> Iterator[Replaced]:
    """Extract each of ``articles`` again and write it in place of what the graph holds of it, one transaction
    each: its edges the new extraction no longer yields are deleted, with the nodes only they supported."""
    keep = reference_ids()
    for article, extraction in zip(articles, _extractions(articles, workers), strict=True):
        nodes, relationships = extraction.distinct_size()
        summary, removal = store.replace_extraction(extraction, keep=keep)
        yield Replaced(article, summary, nodes, relationships, removal)


def remove(store: GraphStore, article_ids: Iterable[str]) -> Removal:
    """Remove the articles ``article_ids`` (those in the graph) and what only they supported, in one
    transaction; nodes another article supports, and the reference data, stay."""
    return store.remove_articles(article_ids, keep=reference_ids())
