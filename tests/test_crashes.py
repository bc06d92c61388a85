"""Crashes lose nothing: one transaction per article, a SIGKILLed server mid-ingest, the API without its database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j.exceptions import DriverError, Neo4jError

from benchmarks.synth import iter_articles
from peacegraph.api.app import create_app
from peacegraph.graph.embedded import EmbeddedServer, free_port
from peacegraph.graph.errors import PeacegraphError, StoreError
from peacegraph.graph.model import Extraction, Link, LinkType
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import cypher, wipe
from tests.graphdump import graph_dump

ARTICLES = 30


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    return [Extraction.model_validate(article.extraction) for article in iter_articles(ARTICLES, seed=3)]


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedServer, Settings]]:
    """A server of this module alone: it gets killed."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("crashdata"),
        bolt_port=free_port(),
        http_port=free_port(),
        neo4j_uri=None,
        server_heap="512m",
        db_retry_time=0.2,
        _env_file=None,  # type: ignore[call-arg]
    )
    server = EmbeddedServer.from_settings(settings)
    server.start(timeout=120)
    yield server, settings
    server.stop()


def test_an_article_whose_last_statement_fails_leaves_nothing(store: GraphStore, extractions: list[Extraction]) -> None:
    wipe(store)
    good = extractions[0]
    assert good.article is not None and good.entities and good.links
    # A count beyond 64 bits cannot be sent: the statement writing the links fails after the
    # nodes and stances of the same article were already sent in the same transaction.
    poisoned = good.model_copy(
        update={
            "links": [
                *good.links,
                Link(source=good.article.id, type=LinkType.MENTIONS, target=good.entities[-1].id, count=2**70),
            ]
        }
    )
    with pytest.raises((StoreError, ValueError, OverflowError, DriverError, Neo4jError)):
        store.write_extraction(poisoned)
    assert graph_dump(store) == {"nodes": [], "edges": []}
    store.write_extraction(good)
    assert cypher(store, "MATCH (a:Article {id: $id}) RETURN count(a) AS n", id=good.article.id) == [{"n": 1}]


# Nodes present twice: by id, read models by key within their label (a node's StanceNeighbours has its id as key).
TWICE = "MATCH (n) WITH coalesce(n.id, labels(n)[0] + '|' + n.key) AS id, count(*) AS c WHERE c > 1 RETURN id"


def test_a_server_killed_mid_ingest_loses_nothing_on_rerun(
    store: GraphStore, extractions: list[Extraction], own_server: tuple[EmbeddedServer, Settings]
) -> None:
    wipe(store)
    for extraction in extractions:
        store.write_extraction(extraction)
    clean = graph_dump(store)
    wipe(store)

    server, settings = own_server
    written = 0
    failures: list[PeacegraphError] = []

    def ingest(target: GraphStore) -> None:
        nonlocal written
        try:
            for extraction in extractions:
                target.write_extraction(extraction)
                written += 1
        except PeacegraphError as error:
            failures.append(error)

    with GraphStore.from_settings(settings) as crashing:
        crashing.ensure_schema()
        worker = threading.Thread(target=ingest, args=(crashing,))
        worker.start()
        deadline = time.monotonic() + 120
        while written < ARTICLES // 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()
        worker.join(timeout=60)
    assert failures and 0 < written < ARTICLES, (written, failures)

    server.start(timeout=120)
    with GraphStore.from_settings(settings) as rerun:
        rerun.ensure_schema()
        for extraction in extractions:
            rerun.write_extraction(extraction)
        after = graph_dump(rerun)
        duplicates = cypher(rerun, TWICE)
    assert duplicates == []
    assert len(after["nodes"]) == len(clean["nodes"]) and len(after["edges"]) == len(clean["edges"])
    assert after == clean


def test_the_api_answers_503_without_its_database_and_recovers_by_itself(
    own_server: tuple[EmbeddedServer, Settings],
) -> None:
    server, settings = own_server
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").status_code == 200
        server.kill()
        try:
            health = client.get("/health")
            assert health.status_code == 503
            assert health.headers["content-type"].startswith("application/problem+json")
            assert "unavailable" in health.json()["detail"]
            for method, path, body in [
                ("GET", "/articles", None),
                ("GET", "/search?q=putin", None),
                ("GET", "/nodes/person:vladimir-putin", None),
                ("POST", "/cypher", {"query": "MATCH (n) RETURN count(n) AS n"}),
            ]:
                response = client.request(method, path, json=body)
                assert response.status_code == 503, (path, response.text)
                assert response.headers["content-type"].startswith("application/problem+json")
                assert "unavailable" in response.json()["detail"]
            paths = _plain_get_paths(client)
            assert {"/health", "/articles"} <= set(paths)
            for path in paths:
                status = client.get(path).status_code
                assert status < 500 or status == 503, (path, status)
        finally:
            server.start(timeout=120)
        deadline = time.monotonic() + 30
        while client.get("/health").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert client.get("/health").status_code == 200
        assert client.get("/articles").status_code == 200
        assert client.post("/cypher", json={"query": "RETURN 1 AS x"}).json()["rows"] == [{"x": 1}]


def _plain_get_paths(client: TestClient) -> list[str]:
    """Every GET route of the app that takes no path parameter."""
    schema = client.get("/openapi.json").json()
    return [path for path, item in schema["paths"].items() if "get" in item and "{" not in path]
