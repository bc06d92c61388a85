"""The walking skeleton's endpoints through the real app and the real Bolt server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from peacegraph.api.app import create_app
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.pipeline import extract_articles, read_paths, reference_extraction
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def client(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    store.write_extraction(reference_extraction())
    for extraction in extract_articles(read_paths([SEEDS]).articles):
        store.write_extraction(extraction)
    with TestClient(create_app(server_settings)) as test_client:
        yield test_client


def test_health_reports_server_and_counts(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert "Neo4j" in body["server"]
    assert body["by_label"]["Article"] == 4
    assert body["by_label"]["PlanPoint"] >= 28


def test_articles_are_listed_with_a_total_and_fetched_by_id(client: TestClient) -> None:
    page = client.get("/articles", params={"limit": 2}).json()
    assert page["total"] == 4 and len(page["items"]) == 2
    first = page["items"][0]
    article = client.get(f"/articles/{first['id']}").json()
    assert article["id"] == first["id"]
    assert any(rel["type"] == "MENTIONS" for rel in article["relationships"])


def test_node_shows_its_relationships(client: TestClient) -> None:
    node = client.get("/nodes/planpoint:us-28-point-plan:7").json()
    assert node["properties"]["number"] == 7
    assert {"type": "PART_OF", "other_id": "plan:us-28-point-plan"}.items() <= next(
        rel for rel in node["relationships"] if rel["type"] == "PART_OF"
    ).items()


def test_search_is_case_and_accent_insensitive(client: TestClient) -> None:
    page = client.get("/search", params={"q": "ZELÉNSKY"}).json()
    assert "person:volodymyr-zelenskyy" in {hit["id"] for hit in page["items"]}
    assert page["total"] == len(page["items"]) and (page["limit"], page["offset"]) == (20, 0)
    assert client.get("/search", params={"q": "kyiv"}).json()["items"][0]["name"] == "Kyiv"


def test_search_answers_a_page_like_every_list(client: TestClient) -> None:
    whole = client.get("/search", params={"q": "ov", "limit": 200}).json()
    assert 4 < len(whole["items"]) < 200 and whole["total"] == len(whole["items"])  # all on one page
    first = client.get("/search", params={"q": "ov", "limit": 2}).json()
    second = client.get("/search", params={"q": "ov", "limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == whole["total"]  # counted, the pages being full
    assert [hit["id"] for hit in first["items"] + second["items"]] == [hit["id"] for hit in whole["items"][:4]]
    beyond = client.get("/search", params={"q": "ov", "offset": whole["total"]}).json()
    assert beyond["items"] == [] and beyond["total"] == whole["total"]
    assert client.get("/search", params={"q": "no such name at all"}).json() == {
        "items": [],
        "total": 0,
        "limit": 20,
        "offset": 0,
    }


def test_unknown_ids_and_bad_params_answer_problem_details(client: TestClient) -> None:
    missing = client.get("/nodes/person:nobody")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert client.get("/articles/person:vladimir-putin").status_code == 404
    bad = client.get("/articles", params={"limit": 0})
    assert bad.status_code == 422 and bad.json()["status"] == 422
    assert client.get("/search").status_code == 422
