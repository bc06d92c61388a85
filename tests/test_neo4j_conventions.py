"""Neo4j habits: the NEO4J_* names, the home database when none is named, the read timeout sent to the server."""

from __future__ import annotations

import selectors
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from peacegraph.graph import queries, reads
from peacegraph.graph.embedded import EmbeddedServer
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.conftest import cypher, run_cli

NEO4J_NAMES = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
OWN_NAMES = tuple(f"PEACEGRAPH_{name}" for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"))


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in NEO4J_NAMES + OWN_NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_standard_neo4j_names_are_read(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("NEO4J_URI", "neo4j+s://abc.databases.neo4j.io")
    clean_env.setenv("NEO4J_USERNAME", "neo4j")
    clean_env.setenv("NEO4J_PASSWORD", "s3cret")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.neo4j_uri == "neo4j+s://abc.databases.neo4j.io"
    assert settings.neo4j_user == "neo4j"
    assert settings.neo4j_password is not None and settings.neo4j_password.get_secret_value() == "s3cret"
    assert settings.database() is None  # the server's home database, not "peacegraph"
    clean_env.setenv("NEO4J_DATABASE", "talks")
    assert Settings(_env_file=None).database() == "talks"  # type: ignore[call-arg]


def test_peacegraph_names_win_over_the_neo4j_ones(clean_env: pytest.MonkeyPatch) -> None:
    for name in NEO4J_NAMES:
        clean_env.setenv(name, "theirs")
    for name in OWN_NAMES:
        clean_env.setenv(name, "ours")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.neo4j_password is not None
    values = (settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value(), settings.database())
    assert values == ("ours",) * 4


def test_without_a_neo4j_uri_the_neo4j_names_are_not_the_embedded_servers(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """docker compose's .env holds NEO4J_PASSWORD for its Neo4j: it must not become the embedded root password."""
    env_file = tmp_path / ".env"
    env_file.write_text("NEO4J_PASSWORD=change-me\nNEO4J_DATABASE=neo4j\n", encoding="utf-8")
    clean_env.setenv("NEO4J_USERNAME", "neo4j")
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert (settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password) == (None, "root", None)
    assert settings.database() == "peacegraph"
    # An explicit "no URI" (the embedded server) beats a NEO4J_URI of the environment, and takes its names along.
    clean_env.setenv("NEO4J_URI", "bolt://elsewhere:7687")
    explicit = Settings(neo4j_uri=None, _env_file=env_file)  # type: ignore[call-arg]
    assert (explicit.neo4j_uri, explicit.neo4j_user, explicit.neo4j_password) == (None, "root", None)
    # With the URI in the same .env, the file's names count (an Aura credentials file).
    env_file.write_text("NEO4J_URI=neo4j+s://x.databases.neo4j.io\nNEO4J_PASSWORD=aura\n", encoding="utf-8")
    clean_env.delenv("NEO4J_URI")
    aura = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert aura.neo4j_uri == "neo4j+s://x.databases.neo4j.io"
    assert aura.neo4j_password is not None and aura.neo4j_password.get_secret_value() == "aura"
    assert aura.neo4j_user == "neo4j"


def test_the_embedded_server_keeps_its_database_name(clean_env: pytest.MonkeyPatch) -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.neo4j_uri is None and settings.neo4j_user == "root"
    assert settings.database() == "peacegraph"
    assert Settings(neo4j_uri="bolt://db:7687", neo4j_database="neo4j", _env_file=None).database() == "neo4j"  # type: ignore[call-arg]


def test_a_server_uri_without_a_database_reads_the_home_database(
    store: GraphStore, embedded_server: EmbeddedServer, server_settings: Settings
) -> None:
    """The embedded server over its Bolt URI, as a Neo4j would be configured: NEO4J_* names, no database."""
    cypher(store, "CREATE (:Article {id: 'article:home-db', title: 'Talks resume'})")
    settings = Settings(
        neo4j_uri=embedded_server.bolt_url, neo4j_user="root", neo4j_password=embedded_server.password, _env_file=None
    )  # type: ignore[call-arg]
    with GraphStore.from_settings(settings) as remote:
        assert remote.database is None
        assert reads.existing_article_ids(remote, ["article:home-db", "article:absent"]) == {"article:home-db"}
    done = run_cli(
        server_settings,
        "query",
        "MATCH (a:Article {id: 'article:home-db'}) RETURN a.title AS title",
        env={
            "NEO4J_URI": embedded_server.bolt_url,
            "NEO4J_USERNAME": "root",
            "NEO4J_PASSWORD": embedded_server.password,
        },
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == '{"title": "Talks resume"}'


class BoltTap:
    """A loopback TCP relay to the Bolt server that keeps every byte the client sends."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.sent = bytearray()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self._listener.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        with client, server, selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ, server)
            selector.register(server, selectors.EVENT_READ, client)
            while not self._stop.is_set():
                for key, _ in selector.select(timeout=0.2):
                    data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                    if not data:
                        return
                    if key.fileobj is client:
                        self.sent += data
                    key.data.sendall(data)

    def close(self) -> None:
        self._stop.set()
        self._listener.close()


@contextmanager
def tapped_store(server: EmbeddedServer, query_timeout: float | None) -> Iterator[tuple[GraphStore, BoltTap]]:
    tap = BoltTap(("127.0.0.1", server.bolt_port))
    driver = GraphDatabase.driver(tap.uri, auth=("root", server.password))
    try:
        yield GraphStore(driver, "peacegraph", query_timeout=query_timeout), tap
    finally:
        driver.close()
        tap.close()


def test_reads_send_their_timeout_to_the_server_and_the_embedded_one_still_answers(
    store: GraphStore, embedded_server: EmbeddedServer, server_settings: Settings
) -> None:
    cypher(store, "CREATE (:Article {id: 'article:timed'})")
    with tapped_store(embedded_server, query_timeout=0.001) as (timed, tap):
        # 1 ms: Neo4j would stop the read; ArcadeDB ignores the timeout (arcadedb-notes) and answers.
        assert timed.read(queries.EXISTING_ARTICLE_IDS, ids=["article:timed"]) == [{"id": "article:timed"}]
        assert b"tx_timeout" in tap.sent
    with tapped_store(embedded_server, query_timeout=None) as (untimed, tap):
        assert untimed.read(queries.EXISTING_ARTICLE_IDS, ids=["article:timed"]) == [{"id": "article:timed"}]
        assert b"tx_timeout" not in tap.sent
    configured = server_settings.model_copy(update={"server_command_timeout": 42.0})
    with GraphStore.from_settings(configured) as from_settings:
        assert from_settings.query_timeout == 42.0
        assert from_settings.timed(queries.EXISTING_ARTICLE_IDS).timeout == 42.0
