"""Fixtures: one real embedded Bolt server per test session, a clean graph per test module."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase

from peacegraph.api.app import create_app
from peacegraph.graph.embedded import EmbeddedServer, free_port
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.extract import RuleExtractor
from peacegraph.loaders.pipeline import default_extractor, extract_articles, read_paths, reference_extraction
from tests import analyst_data

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def server_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        data_dir=tmp_path_factory.mktemp("graphdata"),
        bolt_port=free_port(),
        http_port=free_port(),
        neo4j_uri=None,
        server_heap="1g",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="session")
def embedded_server(server_settings: Settings) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer.from_settings(server_settings)
    server.stop_with_parent = True  # a killed test run leaves no server behind
    server.start(timeout=120)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def session_store(embedded_server: EmbeddedServer, server_settings: Settings) -> Iterator[GraphStore]:
    driver = GraphDatabase.driver(embedded_server.bolt_url, auth=("root", embedded_server.password))
    store = GraphStore(driver, server_settings.database())
    store.ensure_schema()
    yield store
    store.close()


def wipe(store: GraphStore) -> None:
    store.driver.execute_query("MATCH (n) DETACH DELETE n", database_=store.database)


@pytest.fixture(scope="module")
def store(session_store: GraphStore) -> GraphStore:
    """The session's store, emptied at the start of each test module."""
    wipe(session_store)
    return session_store


# Cypher conditions on a node ``n``: one of the read models (``peacegraph.graph.summaries``), not one of them.
READ_MODEL = "n:StanceSummary OR n:StanceDay OR n:StanceNeighbours OR n:StanceCalendar"
NOT_READ_MODEL = "NOT n:StanceSummary AND NOT n:StanceDay AND NOT n:StanceNeighbours AND NOT n:StanceCalendar"


def cypher(store: GraphStore, query: str, **params: object) -> list[dict[str, object]]:
    """Read the graph back with Cypher, as the tests assert on it."""
    records, _, _ = store.driver.execute_query(query, params, database_=store.database)  # type: ignore[arg-type]
    return [record.data() for record in records]


def load_seeds(store: GraphStore) -> None:
    """The reference data (gazetteer, plans) and the seed articles, as `peacegraph up` loads them."""
    store.write_extraction(reference_extraction())
    for extraction in extract_articles(read_paths([SEEDS]).articles):
        store.write_extraction(extraction)


@pytest.fixture(scope="module")
def seeded_store(store: GraphStore) -> GraphStore:
    """A graph holding exactly the seeds, loaded at the start of the test module."""
    load_seeds(store)
    return store


@pytest.fixture(scope="module")
def extractor() -> RuleExtractor:
    """The real rule extractor with the real spaCy pipeline."""
    found = default_extractor()
    assert isinstance(found, RuleExtractor)
    return found


@pytest.fixture(scope="module")
def client(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    """The real app over the hand-made graph of tests/analyst_data.py (modules may override)."""
    analyst_data.load(store)
    with TestClient(create_app(server_settings)) as test_client:
        yield test_client


def run_cli(
    settings: Settings, *args: str, columns: int = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``peacegraph ARGS`` as a user does, against the server of ``settings`` (``env``: more variables)."""
    environment = dict(
        os.environ,
        PEACEGRAPH_DATA_DIR=str(settings.data_dir),
        PEACEGRAPH_BOLT_PORT=str(settings.bolt_port),
        PEACEGRAPH_HTTP_PORT=str(settings.http_port),
        COLUMNS=str(columns),
    )
    for name in ("PEACEGRAPH_NEO4J_URI", "NEO4J_URI"):
        environment.pop(name, None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "peacegraph.api.cli", *args], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
