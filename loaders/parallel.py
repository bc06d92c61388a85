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

from graph.model import Extraction
from loaders.pipeline import default_extractor, extract_articles
from loaders.readers import RawArticle

log = logging.getLogger(__name__)


def _warm_up() -> None:
    default_extractor()


def _extract_chunk(articles: list[RawArticle]) -> list[Extraction]:
    return list(extract_articles(articles))


def extract_parallel(articles: Iterable[RawArticle], *, workers: int = 1, chunk_size: int = 16) -> Iterator[Extraction]:
    """The extractions of ``articles`` in order, computed by ``workers`` processes (1: in this one)."""
    if workers <= 1:
        yield from extract_articles(articles)
        return
    iterator = iter(articles)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up) as pool:
        pending: deque[Future[list[Extraction]]] = deque()
        while True:
            while len(pending) < 2 * workers and (chunk := list(islice(iterator, chunk_size))):
                pending.append(pool.submit(_extract_chunk, chunk))
            if not pending:
                return
            yield from pending.popleft().result()
