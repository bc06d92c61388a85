"""Eight ingests at once, of overlapping articles, end with the same graph as one ingest after another.

ArcadeDB answers concurrent writes to the same records with "Concurrent modification
... Please retry", and two transactions creating the same new node with a unique-id
violation; the driver retries neither, ``GraphStore._write`` does (with backoff).
"""

from __future__ import annotations

import threading

from benchmarks.synth import iter_articles
from peacegraph.graph.errors import PeacegraphError
from peacegraph.graph.model import Extraction
from peacegraph.graph.store import GraphStore
from tests.conftest import cypher, wipe
from tests.graphdump import graph_dump

ARTICLES = 24
THREADS = 8
PER_THREAD = 9  # thread i writes articles 3i .. 3i+8 (mod 24): each article by three threads


def test_eight_concurrent_ingests_equal_a_sequential_one(store: GraphStore) -> None:
    extractions = [Extraction.model_validate(a.extraction) for a in iter_articles(ARTICLES, seed=11)]
    wipe(store)
    for extraction in extractions:
        store.write_extraction(extraction)
    sequential = graph_dump(store)
    wipe(store)

    failures: list[PeacegraphError] = []
    barrier = threading.Barrier(THREADS)

    def ingest(offset: int) -> None:
        mine = [extractions[(offset + k) % ARTICLES] for k in range(PER_THREAD)]
        barrier.wait()
        try:
            for extraction in mine:
                store.write_extraction(extraction)
        except PeacegraphError as error:
            failures.append(error)

    threads = [threading.Thread(target=ingest, args=(3 * i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    concurrent = graph_dump(store)
    # unique by id, read models by key within their label (a node's StanceNeighbours has the node's id as key)
    twice = "MATCH (n) WITH coalesce(n.id, labels(n)[0] + '|' + n.key) AS id, count(*) AS c WHERE c > 1 RETURN id"
    assert cypher(store, twice) == []
    assert len(concurrent["nodes"]) == len(sequential["nodes"])
    assert len(concurrent["edges"]) == len(sequential["edges"])
    assert concurrent == sequential


def test_a_batched_write_keeps_what_one_by_one_writes_keep(store: GraphStore) -> None:
    """Bulk loading (several articles per transaction) loses no alias, property or edge."""
    extractions = [Extraction.model_validate(a.extraction) for a in iter_articles(ARTICLES, seed=5)]
    wipe(store)
    for extraction in extractions:
        store.write_extraction(extraction)
    one_by_one = graph_dump(store)
    wipe(store)
    for start in range(0, ARTICLES, 8):
        store.write_extractions(extractions[start : start + 8])
    assert graph_dump(store) == one_by_one
