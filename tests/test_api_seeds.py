"""The analyst's endpoints on the ingested seeds: facts that hold whatever the extractor's current recall."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from peacegraph.api.app import create_app
from peacegraph.graph.analytics import OPPOSITES
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.loaders.pipeline import read_paths
from tests.conftest import SEEDS

PLAN = "plan:us-28-point-plan"
PUTIN = "person:vladimir-putin"


@pytest.fixture(scope="module")
def client(seeded_store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(server_settings)) as client:
        yield client


@pytest.fixture(scope="module")
def bodies() -> dict[str, str]:
    return {article.meta().id: article.body for article in read_paths([SEEDS]).articles}


def get(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def every(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """All items of a paged list."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        paging = {"after": cursor} if cursor else {} if "next" in params else {"offset": len(items)}
        page = get(client, url, limit=200, **paging, **{k: v for k, v in params.items() if k != "next"})
        items += page["items"]
        if "next" in page:  # a page read by cursor
            cursor = page["next"]
            if cursor is None:
                return items
            params = {**params, "next": True}
        elif len(items) >= page["total"] or not page["items"]:
            return items


def assert_from_the_article(stance: dict[str, Any], bodies: dict[str, str]) -> None:
    assert stance["article"] in bodies, stance
    assert stance["evidence"] and stance["evidence"] in bodies[stance["article"]], stance


def test_the_28_point_plan_has_its_points_as_matrix_columns(client: TestClient) -> None:
    plans = {plan["id"]: plan for plan in every(client, "/plans")}
    assert plans[PLAN]["points_in_graph"] == 28
    plan = get(client, f"/plans/{PLAN}")
    assert [point["number"] for point in plan["points"]] == list(range(1, 29))
    assert all(point["title"] for point in plan["points"])
    matrix = get(client, f"/plans/{PLAN}/matrix")
    assert [column["number"] for column in matrix["points"]] == [None, *range(1, 29)]
    assert matrix["points"][0]["id"] == PLAN
    columns = {column["id"] for column in matrix["points"]}
    rows = {row["id"] for row in matrix["actors"]}
    assert all(cell["point"] in columns and cell["actor"] in rows for cell in matrix["cells"])
    assert all(sum(cell["stances"].values()) >= 1 for cell in matrix["cells"])


def test_every_dated_stance_quotes_its_article(client: TestClient, bodies: dict[str, str]) -> None:
    entries = every(client, "/timeline", kind="stance", date_from="1900-01-01")
    assert entries, "the seeds yield no dated stance"
    dates = [entry["date"] for entry in entries]
    assert dates == sorted(dates, reverse=True)  # newest first
    for entry in entries:
        assert_from_the_article(entry["stance"], bodies)


def test_putin(client: TestClient, bodies: dict[str, str]) -> None:
    putin = get(client, f"/actors/{PUTIN}")
    assert putin["wikidata"] == "Q7747" and putin["type"] == "Person" and putin["mentions"] >= 1
    stances = every(client, f"/actors/{PUTIN}/stances")
    assert len(stances) == sum(counts["outgoing"] for counts in putin["stance_counts"].values())
    assert any(stance["type"] in {"SUPPORTS", "PROPOSES"} for stance in stances)
    for stance in stances:
        assert stance["source"]["id"] == PUTIN
        assert_from_the_article(stance, bodies)
    assert PUTIN in {actor["id"] for actor in get(client, "/actors", type="Person", limit=10)["items"]}


def test_putins_neighborhood_and_paths(client: TestClient) -> None:
    graph = get(client, f"/graph/neighborhood/{PUTIN}", depth=2)
    ids = {node["id"] for node in graph["nodes"]}
    assert PUTIN in ids and len(ids) > 1
    assert all(edge["source"] in ids and edge["target"] in ids for edge in graph["edges"])
    assert not any(edge["type"] == "MENTIONS" for edge in graph["edges"])
    other = next(node["id"] for node in graph["nodes"][1:])
    paths = get(client, "/graph/paths", **{"from": PUTIN, "to": other, "max": 2})
    assert paths["paths"] and all(path["nodes"][0] == PUTIN and path["nodes"][-1] == other for path in paths["paths"])


def test_analytics_on_the_seeds(client: TestClient, bodies: dict[str, str]) -> None:
    centrality = get(client, "/analytics/centrality")
    assert centrality["total"] >= 1
    assert all("Actor" in item["node"]["labels"] for item in centrality["items"])
    communities = get(client, "/analytics/communities")
    assert communities["total"] >= 1
    opposite = {(positive.value, negative.value) for positive, negative in OPPOSITES}
    for item in every(client, "/analytics/contradictions"):
        assert (item["positive_type"], item["negative_type"]) in opposite
        for stance in item["positive"] + item["negative"]:
            assert (stance["source"]["id"], stance["target"]["id"]) == (item["actor"]["id"], item["target"]["id"])
            assert_from_the_article(stance, bodies)


def test_graphml_export_holds_the_whole_graph(client: TestClient) -> None:
    health = get(client, "/health")
    response = client.get("/export", params={"format": "graphml"})
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (health["nodes"], health["relationships"])
