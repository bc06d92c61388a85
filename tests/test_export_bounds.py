"""Whole-graph exports run a bounded number at a time (issue 12, item 5).

Eight concurrent whole-graph JSON exports held ``/health`` for a minute and took the API to
1 GB: each reads and holds the whole graph. Now they take a slot each
(``PEACEGRAPH_EXPORT_CONCURRENCY``); the others answer 429 with ``Retry-After`` at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from peacegraph.api.app import create_app
from peacegraph.graph.readonly import QuerySlots
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from tests import analyst_data


@pytest.fixture(scope="module")
def client(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    analyst_data.load(store)
    with TestClient(create_app(server_settings.model_copy(update={"export_concurrency": 1}))) as test_client:
        yield test_client


def _slots(client: TestClient) -> QuerySlots:
    slots: QuerySlots = client.app.state.export_slots  # type: ignore[attr-defined]
    return slots


def test_a_whole_graph_export_waits_for_the_one_running(client: TestClient) -> None:
    slots = _slots(client)
    slots.acquire()  # an export in progress
    try:
        for fmt in ("json", "graphml", "cypher"):
            busy = client.get("/export", params={"format": fmt})
            assert busy.status_code == 429, busy.text
            assert int(busy.headers["retry-after"]) >= 1
            assert "whole-graph exports" in busy.json()["detail"]
        neighborhood = client.get("/export", params={"id": analyst_data.ADA})
        assert neighborhood.status_code == 200  # bounded by its node limit: not counted
        assert client.get("/health").status_code == 200
    finally:
        slots.release()
    assert client.get("/export", params={"format": "graphml"}).status_code == 200


def test_concurrent_whole_graph_exports_answer_200_or_429_and_free_their_slot(client: TestClient) -> None:
    answers: list[Any] = []
    threads = [
        threading.Thread(target=lambda: answers.append(client.get("/export", params={"format": "json"})))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    health = client.get("/health")
    for thread in threads:
        thread.join(timeout=300)
    assert health.status_code == 200
    assert len(answers) == 8 and {a.status_code for a in answers} <= {200, 429}
    assert any(a.status_code == 200 for a in answers)
    assert all(int(a.headers["retry-after"]) >= 1 for a in answers if a.status_code == 429)
    assert client.get("/export").status_code == 200  # every slot was given back
