"""Extraction on several processes gives what one process gives, in the same order."""

from __future__ import annotations

from peacegraph.loaders.parallel import extract_parallel
from peacegraph.loaders.pipeline import extract_articles, read_paths
from tests.conftest import SEEDS


def test_two_workers_give_the_same_extractions_in_order() -> None:
    articles = read_paths([SEEDS]).articles
    assert len(articles) == 4
    alone = list(extract_articles(articles))
    parallel = list(extract_parallel(articles, workers=2, chunk_size=1))
    assert [e.article.id for e in parallel if e.article] == [a.id for a in articles]
    assert parallel == alone
