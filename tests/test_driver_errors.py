"""Driver errors reach callers as ours (graph.driver_errors): from every path of the store and the read-only runner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from neo4j import GraphDatabase

from peacegraph.graph.embedded import free_port
from peacegraph.graph.errors import QueryError, StoreError, StoreUnavailableError
from peacegraph.graph.model import Extraction
from peacegraph.graph.readonly import run_read_only
from peacegraph.graph.store import GraphStore


@pytest.fixture
def nowhere() -> Iterator[GraphStore]:
    """A store whose server address has no one listening."""
    driver = GraphDatabase.driver(
        f"bolt://127.0.0.1:{free_port()}", auth=("root", "x"), connection_timeout=2.0, max_transaction_retry_time=0.0
    )
    with GraphStore(driver, "peacegraph", connect=lambda via: driver) as store:
        yield store


def test_every_path_of_a_store_without_server_raises_store_unavailable(nowhere: GraphStore) -> None:
    with pytest.raises(StoreUnavailableError):
        nowhere.ping()
    with pytest.raises(StoreUnavailableError):
        nowhere.server_agent()
    with pytest.raises(StoreUnavailableError):
        nowhere.ensure_schema()
    with pytest.raises(StoreUnavailableError):
        nowhere.write_extraction(Extraction())
    with pytest.raises(StoreUnavailableError):
        run_read_only(nowhere, "RETURN 1 AS one", row_cap=10, timeout=10.0)


def test_a_statement_the_server_refuses_is_a_store_error_and_a_users_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(StoreError) as refused:
        store.read("MATCH (n RETURN n")  # type: ignore[arg-type]
    assert not isinstance(refused.value, StoreUnavailableError)
    assert "refused a statement" in str(refused.value)
    with pytest.raises(QueryError) as syntax:
        run_read_only(store, "MATCH (n RETURN n", row_cap=10, timeout=10.0)
    assert syntax.value.syntax
