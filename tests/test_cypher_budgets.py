"""POST /cypher: the answer's byte budget holds while it streams, and values the driver cannot read are 400.

Issue 12, item 6: a value was size-checked only once it had arrived whole (two
``reduce(s = 'x', i IN range(1, 28) | s + s)`` took the API to 1.6 GB), and a value the
driver cannot decode (``date({year: 999999999})``) killed the query's worker: the slot came
free at once and the caller waited for the time limit, so 56 of 60 such queries ran at once
past a 4-slot limit. The memory check uses ``tracemalloc`` (what this process allocated),
not a clock.
"""

from __future__ import annotations

import threading
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from peacegraph.api.app import create_app
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests.graphdump import full_dump
from tests.test_cypher_attacks import small_graph

MAX_BYTES = 50_000
HUGE = "RETURN reduce(s = 'x', i IN range(1, 24) | s + s) AS s"  # a 16.7-million-character string
UNREADABLE = [
    "RETURN date({year: 999999999}) AS d",
    "RETURN datetime({year: 999999999}) AS d",
    "RETURN duration({days: 9223372036854775807}) AS d",
    "UNWIND [1, 2] AS i RETURN CASE i WHEN 2 THEN date({year: 999999999}) ELSE i END AS d",
]


@pytest.fixture(scope="module")
def client(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    store.write_extraction(small_graph())
    limits = {"cypher_max_result_bytes": MAX_BYTES, "cypher_concurrency": 4, "cypher_timeout": 30.0}
    with TestClient(create_app(server_settings.model_copy(update=limits))) as test_client:
        yield test_client


def _peak_memory_of(request: Any) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        response = request()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, peak


def test_a_huge_value_is_cut_while_it_streams_and_never_held_whole(client: TestClient) -> None:
    response, peak = _peak_memory_of(lambda: client.post("/cypher", json={"query": HUGE}))
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == [] and response.json()["truncated"] is True
    assert peak < 4_000_000, f"{peak:,} bytes allocated: the 16.7 MB value was taken in"


def test_the_rows_before_a_huge_one_are_the_answer(client: TestClient) -> None:
    huge = "reduce(s = 'x', j IN range(1, 23) | s + s)"
    query = f"UNWIND range(1, 3) AS i RETURN i, CASE i WHEN 3 THEN {huge} ELSE 'small' END AS s"
    response, peak = _peak_memory_of(lambda: client.post("/cypher", json={"query": query}))
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == [{"i": 1, "s": "small"}, {"i": 2, "s": "small"}]
    assert response.json()["truncated"] is True and peak < 4_000_000


def test_many_huge_values_at_once_stay_bounded(client: TestClient) -> None:
    answers: list[Any] = []

    def ask() -> None:
        answers.append(client.post("/cypher", json={"query": HUGE}))

    def all_of_them() -> None:
        threads = [threading.Thread(target=ask) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)

    _, peak = _peak_memory_of(all_of_them)
    assert sorted({a.status_code for a in answers}) in ([200], [200, 429])
    assert peak < 16_000_000, f"{peak:,} bytes allocated for six 16.7 MB values"


@pytest.mark.parametrize("query", UNREADABLE)
def test_a_value_the_driver_cannot_read_is_a_400_at_once(client: TestClient, query: str) -> None:
    response = client.post("/cypher", json={"query": query})
    assert response.status_code == 400, response.text  # not left to the time limit (504)
    assert "cannot read" in response.json()["detail"]


def test_unreadable_values_keep_to_the_slot_limit_and_give_every_slot_back(client: TestClient) -> None:
    before = full_dump(client.app.state.store)  # type: ignore[attr-defined]
    answers: list[Any] = []
    threads = [
        threading.Thread(target=lambda n=n: answers.append(client.post("/cypher", json={"query": UNREADABLE[n % 4]})))
        for n in range(24)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(answers) == 24 and {a.status_code for a in answers} <= {400, 429}
    assert client.post("/cypher", json={"query": "RETURN 1 AS x"}).json()["rows"] == [{"x": 1}]
    assert full_dump(client.app.state.store) == before  # type: ignore[attr-defined]
