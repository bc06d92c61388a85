"""Extraction on several processes: ``extract_parallel`` is ``extract_articles`` with ``workers``.

spaCy's parse is CPU-bound Python and C under one GIL, so more cores need
more processes. Each worker process builds the default extractor once (spaCy
model, gazetteer, plans) and extracts chunks of articles; the results come
back in input order. At most ``2 * workers`` chunks are in flight, so a long
stream of articles is never held in memory whole. Workers are spawned, not
forked: the caller may hold a database driver or threads.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from peacegraph.graph.model import Extraction
from peacegraph.loaders.pipeline import default_extractor, extract_articles
from peacegraph.loaders.readers import RawArticle

log = logging.getLogger(__name__)


def _warm_up() -> None:
    default_extractor()


def _extract_chunk(articles: list[RawArticle]) -> list[Extraction]:
    return list(extract_articles(articles))


class ExtractorPool:
    """``workers`` spawned processes, each with the default extractor; reuse it for many streams."""

    def __init__(self, workers: int, *, chunk_size: int = 16) -> None:
        self.workers = workers
        self.chunk_size = chunk_size
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up)

    def __enter__(self) -> ExtractorPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(cancel_futures=True)

    def warm_up(self) -> None:
        """Wait until every worker has loaded its extractor."""
        for future in [self._pool.submit(_warm_up) for _ in range(self.workers)]:
            future.result()

    def extract(self, articles: Iterable[RawArticle]) -> Iterator[Extraction]:
        """The extractions of ``articles`` in order, at most ``2 * workers`` chunks in flight."""
        iterator = iter(articles)
        pending: deque[Future[list[Extraction]]] = deque()
        while True:
            while len(pending) < 2 * self.workers and (chunk := list(islice(iterator, self.chunk_size))):
                pending.append(self._pool.submit(_extract_chunk, chunk))
            if not pending:
                return
            yield from pending.popleft().result()


def extract_parallel(articles: Iterable[RawArticle], *, workers: int = 1, chunk_size: int = 16) -> Iterator[Extraction]:
    """The extractions of ``articles`` in order, computed by ``workers`` processes (1: in this one)."""
    if workers <= 1:
        yield from extract_articles(articles)
        return
    with ExtractorPool(workers, chunk_size=chunk_size) as pool:
        yield from pool.extract(articles)
