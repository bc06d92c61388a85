"""Runaway queries are stopped inside the graph server, and a full server answers 503 with Retry-After.

Issue 12, item 1: four anonymous ``POST /cypher`` runaways got 504 from the API but ran on
inside ArcadeDB for ever, filled its four query slots, and from then on ``/health`` and every
read answered 500 after a minute. This module runs its own embedded server with a short
statement time limit (``arcadedb.command.timeout``) and a small admission gate, so that what
takes minutes in production takes seconds here. Runaways never finish by themselves: the
only way one ends is the server stopping it, so no assertion here depends on how fast the
machine is (each wait is bounded, and only a hang would reach its bound).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import ClientError

from peacegraph.api.app import create_app
from peacegraph.graph.embedded import EmbeddedServer, free_port
from peacegraph.graph.errors import QueryTimeoutError
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore

LIMIT = 10.0  # seconds this module's server lets one statement run
GATE = 6  # statements it runs at once (the rest wait 1 s in its queue, then are refused)
SLOTS = 4  # /cypher queries the API runs at once: fewer than GATE, as in production
RUNAWAY = "UNWIND range(1, 5000000) AS a UNWIND range(1, 5000000) AS b RETURN count(*) AS c"
# A variable-length path count over a small complete graph: as endless, through expansion instead.
PATHS = "MATCH p = (:Knot)-[*]->(:Knot) RETURN count(p) AS c"
BOUND = 10 * LIMIT + 120  # seconds a wait may take before the test calls it a hang


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        data_dir=tmp_path_factory.mktemp("runaway"),
        bolt_port=free_port(),
        http_port=free_port(),
        neo4j_uri=None,
        server_heap="1g",
        server_command_timeout=LIMIT,
        cypher_timeout=1.0,
        cypher_concurrency=SLOTS,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer.from_settings(settings)
    server.max_concurrent_queries = GATE
    server.queue_timeout = 1.0
    server.stop_with_parent = True
    server.start(timeout=120)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def driver(server: EmbeddedServer) -> Iterator[Driver]:
    with GraphDatabase.driver(server.bolt_url, auth=("root", server.password)) as driver:
        driver.execute_query("UNWIND range(1, 12) AS i CREATE (:Knot {i: i})", database_=server.database)
        driver.execute_query("MATCH (a:Knot), (b:Knot) WHERE a <> b CREATE (a)-[:LINK]->(b)", database_=server.database)
        yield driver


@pytest.fixture(scope="module")
def client(server: EmbeddedServer, driver: Driver, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _in_threads(count: int, work: Callable[[], object]) -> tuple[list[threading.Thread], list[object]]:
    """Start ``work`` ``count`` times in threads; each appends what it returned or raised."""
    outcomes: list[object] = []

    def run() -> None:
        try:
            outcomes.append(work())
        except Exception as error:  # the outcome under test, whatever it is
            outcomes.append(error)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads, outcomes


def _join(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(timeout=BOUND)
    assert not any(thread.is_alive() for thread in threads), "a statement was never stopped"


def test_the_embedded_server_gets_limits_from_the_settings() -> None:
    server = EmbeddedServer.from_settings(Settings(cypher_concurrency=SLOTS, _env_file=None))  # type: ignore[call-arg]
    assert server.command_timeout == Settings.model_fields["server_command_timeout"].default > 0
    assert server.max_concurrent_queries >= 4 + SLOTS  # /cypher alone can never fill the server's gate


def test_the_server_stops_a_runaway_statement_by_itself(settings: Settings, driver: Driver) -> None:
    with GraphStore.from_settings(settings) as store:
        threads, outcomes = _in_threads(1, lambda: store.read(RUNAWAY))  # type: ignore[arg-type]
        more, paths = _in_threads(1, lambda: store.read(PATHS))  # type: ignore[arg-type]
        _join(threads + more)
    for outcome in outcomes + paths:
        assert isinstance(outcome, QueryTimeoutError), outcome
        assert "time limit" in str(outcome)


def test_runaway_cypher_queries_stop_in_the_server_and_the_api_stays_up(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="peacegraph.graph.readonly")
    queries = [RUNAWAY, PATHS, RUNAWAY, PATHS, RUNAWAY]  # one more than the API runs at once
    index = iter(range(len(queries)))
    threads, answers = _in_threads(len(queries), lambda: client.post("/cypher", json={"query": queries[next(index)]}))
    _join(threads)
    statuses = sorted(answer.status_code for answer in answers)  # type: ignore[attr-defined]
    assert statuses == [429] + [504] * SLOTS
    (busy,) = [answer for answer in answers if answer.status_code == 429]  # type: ignore[attr-defined]
    assert int(busy.headers["retry-after"]) >= 1
    # The server still has room for everything else while the runaways last.
    assert client.get("/health").status_code == 200
    assert client.get("/articles").status_code == 200
    # Each slot comes back once the server has stopped its query, not before: 429 until then.
    for _ in range(int(BOUND / 0.25)):
        answer = client.post("/cypher", json={"query": "RETURN 1 AS x"})
        if answer.status_code != 429:
            break
        time.sleep(0.25)
    assert answer.status_code == 200 and answer.json()["rows"] == [{"x": 1}]
    ended = [r for r in caplog.records if "has ended in the graph server" in r.getMessage()]
    abandoned = [r for r in caplog.records if "had not ended in the graph server" in r.getMessage()]
    assert not abandoned
    for _ in range(int(BOUND / 0.25)):  # the last slots may come back a moment after the first
        if len(ended) == SLOTS:
            break
        time.sleep(0.25)
        ended = [r for r in caplog.records if "has ended in the graph server" in r.getMessage()]
    assert len(ended) == SLOTS


def test_a_full_server_answers_503_with_retry_after_never_500(client: TestClient, server: EmbeddedServer) -> None:
    def runaway() -> object:
        with GraphDatabase.driver(server.bolt_url, auth=("root", server.password)) as own:
            return own.execute_query(RUNAWAY, database_=server.database)

    threads, outcomes = _in_threads(GATE, runaway)
    seen: list[int] = []
    full = None
    for _ in range(200):  # until the runaways hold every slot of the server
        response = client.get("/health")
        seen.append(response.status_code)
        if response.status_code != 200:
            full = response
            break
    assert full is not None, "the server's queue never filled"
    assert full.status_code == 503, full.text
    assert int(full.headers["retry-after"]) >= 1
    assert "busy" in full.json()["detail"] and "bolt://" not in full.json()["detail"]
    assert all(status in (200, 503) for status in seen)
    assert client.get("/articles").status_code in (200, 503)
    _join(threads)
    for outcome in outcomes:
        assert isinstance(outcome, ClientError) and outcome.code == "Neo.ClientError.Transaction.TransactionTimedOut"
    assert client.get("/health").status_code == 200
