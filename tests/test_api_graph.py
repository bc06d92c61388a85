"""GET /graph/neighborhood, /graph/paths and /export on the hand-made graph; the Cypher dump reloads exactly."""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacegraph.graph.export import cypher_string
from peacegraph.graph.store import GraphStore
from tests import analyst_data as d
from tests.analyst_data import get
from tests.conftest import NOT_READ_MODEL, cypher, wipe

NODE_KEYS = {"id", "labels", "name", "properties"}
EDGE_KEYS = {"id", "source", "target", "type", "properties"}
NODES, RELATIONSHIPS = 13, 26  # of the hand-made graph: 5 actors, place, event, plan, 3 points, 2 articles


def node_ids(graph: dict[str, Any]) -> set[str]:
    return {node["id"] for node in graph["nodes"]}


def edge_triples(graph: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(edge["source"], edge["type"], edge["target"]) for edge in graph["edges"]}


# --- neighborhood ---------------------------------------------------------------------


def test_neighborhood_shape_and_content(client: TestClient) -> None:
    response = client.get(f"/graph/neighborhood/{d.ADA}")
    assert response.status_code == 200 and "x-truncated" not in response.headers
    graph = response.json()
    assert set(graph) == {"nodes", "edges", "cuts"}
    assert all(set(node) == NODE_KEYS for node in graph["nodes"])
    assert all(set(edge) == EDGE_KEYS for edge in graph["edges"])
    assert node_ids(graph) == {d.ADA, d.POINT[1], d.SYLVANIA, d.BO, d.SUMMIT}
    assert graph["nodes"][0]["id"] == d.ADA  # the centre first
    assert edge_triples(graph) == {
        (d.ADA, "SUPPORTS", d.POINT[1]),
        (d.ADA, "REJECTS", d.POINT[1]),
        (d.ADA, "CRITICIZES", d.SYLVANIA),
        (d.ADA, "MEETS", d.BO),
        (d.ADA, "PARTICIPATES_IN", d.SUMMIT),
    }
    assert len(graph["edges"]) == 6  # two SUPPORTS edges, one per piece of evidence
    for edge in graph["edges"]:
        props = edge["properties"]
        assert edge["id"] == f"{edge['source']}|{edge['type']}|{edge['target']}|{props['article']}|{props['start']}"
        assert d.BODIES[props["article"]][props["start"] : props["end"]] == props["evidence"]
        assert props["confidence"] == 0.9 and props["date"]
    ada = graph["nodes"][0]
    assert ada["name"] == "Ada Example" and ada["labels"] == ["Actor", "Person"]
    assert ada["properties"]["wikidata"] == "Q4242" and "search_keys" not in ada["properties"]


def test_neighborhood_depth_two(client: TestClient) -> None:
    graph = get(client, f"/graph/neighborhood/{d.ADA}", depth=2)
    assert node_ids(graph) == {d.ADA, d.POINT[1], d.SYLVANIA, d.BO, d.SUMMIT, d.PLAN, d.PORT, d.POINT[2]}
    assert edge_triples(graph) >= {
        (d.POINT[1], "PART_OF", d.PLAN),
        (d.SYLVANIA, "ATTACKS", d.PORT),
        (d.BO, "LEADS", d.SYLVANIA),
        (d.SUMMIT, "HELD_IN", d.PORT),
    }
    ids = node_ids(graph)
    assert all(edge["source"] in ids and edge["target"] in ids for edge in graph["edges"])
    assert len(get(client, f"/graph/neighborhood/{d.ADA}", depth=3)["nodes"]) > len(graph["nodes"])


def test_neighborhood_types_and_mentions(client: TestClient) -> None:
    supports = get(client, f"/graph/neighborhood/{d.ADA}", types="SUPPORTS")
    assert node_ids(supports) == {d.ADA, d.POINT[1]} and edge_triples(supports) == {(d.ADA, "SUPPORTS", d.POINT[1])}
    two = get(client, f"/graph/neighborhood/{d.ADA}", types=["SUPPORTS", "MEETS"])
    assert node_ids(two) == {d.ADA, d.POINT[1], d.BO}
    assert not any(edge["type"] == "MENTIONS" for edge in get(client, f"/graph/neighborhood/{d.PLAN}")["edges"])
    mentions = get(client, f"/graph/neighborhood/{d.ADA}", types="MENTIONS")
    assert node_ids(mentions) == {d.ADA, d.ARTICLE_1, d.ARTICLE_2}
    assert {edge["type"] for edge in mentions["edges"]} == {"MENTIONS"}
    assert all(edge["id"].endswith("||") for edge in mentions["edges"])


def test_neighborhood_node_cap(client: TestClient) -> None:
    response = client.get(f"/graph/neighborhood/{d.ADA}", params={"limit": 2, "depth": 3})
    assert response.status_code == 200 and response.headers["x-truncated"] == "true"
    graph = response.json()
    assert node_ids(graph) == {d.ADA, d.POINT[1]}  # the most strongly connected neighbor: three edges
    assert len(graph["edges"]) == 3


def test_neighborhood_relationships_per_pair(client: TestClient) -> None:
    response = client.get(f"/graph/neighborhood/{d.ADA}", params={"per_pair": 1})
    assert response.status_code == 200 and response.headers["x-truncated"] == "true"
    graph = response.json()
    assert node_ids(graph) == {d.ADA, d.POINT[1], d.SYLVANIA, d.BO, d.SUMMIT}
    assert len(graph["edges"]) == 4  # one of the three between Ada and point 1
    assert graph["cuts"] == [
        {
            "reason": "parallel_edges",
            "count": 2,
            "description": "edges between two nodes beyond per_pair (the newest are kept)",
        }
    ]


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        ("/graph/neighborhood/person:nobody", {}, 404),
        ("/graph/neighborhood/nonsense", {}, 404),
        (f"/graph/neighborhood/{d.ADA}", {"depth": 0}, 422),
        (f"/graph/neighborhood/{d.ADA}", {"depth": 4}, 422),
        (f"/graph/neighborhood/{d.ADA}", {"limit": 0}, 422),
        (f"/graph/neighborhood/{d.ADA}", {"types": "SUPPORTS,LIKES"}, 422),
        (f"/graph/neighborhood/{d.ADA}", {"types": ""}, 422),
        ("/graph/paths", {"from": d.ADA}, 422),
        ("/graph/paths", {"from": d.ADA, "to": d.PORT, "max": 7}, 422),
        ("/graph/paths", {"from": d.ADA, "to": d.PORT, "max": 0}, 422),
        ("/graph/paths", {"from": d.ADA, "to": d.PORT, "types": "FRIENDS"}, 422),
        ("/graph/paths", {"from": "person:nobody", "to": d.PORT}, 404),
        ("/graph/paths", {"from": d.ADA, "to": "place:nowhere"}, 404),
    ],
)
def test_graph_errors(client: TestClient, url: str, params: dict[str, Any], status: int) -> None:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


# --- paths -----------------------------------------------------------------------------


def test_shortest_paths_with_evidence(client: TestClient) -> None:
    result = get(client, "/graph/paths", **{"from": d.LEAGUE, "to": d.PORT})
    assert set(result) == {"nodes", "edges", "paths"}
    # Sylvania and Port City are joined twice (ATTACKS, LOCATED_IN): two paths through Sylvania.
    assert sorted(path["nodes"] for path in result["paths"]) == [
        [d.LEAGUE, d.PLAN, d.SYLVANIA, d.PORT],
        [d.LEAGUE, d.PLAN, d.SYLVANIA, d.PORT],
        [d.LEAGUE, d.PLAN, d.POINT[3], d.PORT],
    ]
    assert {edge["type"] for path in result["paths"] for edge in result["edges"] if edge["id"] == path["edges"][2]} == {
        "ATTACKS",
        "LOCATED_IN",
        "CONCERNS",
    }
    edges = {edge["id"]: edge for edge in result["edges"]}
    assert all(set(edge) == EDGE_KEYS for edge in result["edges"])
    assert node_ids(result) == {d.LEAGUE, d.PLAN, d.SYLVANIA, d.POINT[3], d.PORT}
    for path in result["paths"]:
        assert len(path["edges"]) == 3 and all(edge_id in edges for edge_id in path["edges"])
    proposes = next(edge for edge in result["edges"] if edge["type"] == "PROPOSES")
    assert proposes["properties"]["evidence"] == "The League proposed the Test Plan."


def test_paths_bounded_and_filtered(client: TestClient) -> None:
    assert get(client, "/graph/paths", **{"from": d.LEAGUE, "to": d.PORT, "max": 2}) == {
        "nodes": [],
        "edges": [],
        "paths": [],
    }
    stances_only = get(client, "/graph/paths", **{"from": d.LEAGUE, "to": d.PORT, "types": "PROPOSES,REJECTS,ATTACKS"})
    assert [path["nodes"] for path in stances_only["paths"]] == [[d.LEAGUE, d.PLAN, d.SYLVANIA, d.PORT]]
    itself = get(client, "/graph/paths", **{"from": d.ADA, "to": d.ADA})
    assert itself["paths"] == [{"nodes": [d.ADA], "edges": []}]


# --- export ----------------------------------------------------------------------------


def test_export_json_is_the_whole_graph(client: TestClient, store: GraphStore) -> None:
    response = client.get("/export", params={"format": "json"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    assert "peacegraph.json" in response.headers["content-disposition"]
    graph = response.json()
    assert (len(graph["nodes"]), len(graph["edges"])) == (NODES, RELATIONSHIPS)
    assert cypher(store, "MATCH (n) WHERE " + NOT_READ_MODEL + " RETURN count(n) AS n")[0]["n"] == NODES
    assert cypher(store, "MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"] == RELATIONSHIPS
    assert sum(edge["type"] == "MENTIONS" for edge in graph["edges"]) == 7


def test_export_neighborhood_matches_the_graph_endpoint(client: TestClient) -> None:
    exported = get(client, "/export", id=d.PORT, depth=2)
    assert exported == get(client, f"/graph/neighborhood/{d.PORT}", depth=2)


def test_export_graphml_reads_back_in_networkx(client: TestClient) -> None:
    response = client.get("/export", params={"format": "graphml"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/graphml+xml")
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (NODES, RELATIONSHIPS)
    assert graph.nodes[d.ADA]["labels"] == "Actor:Person" and graph.nodes[d.ADA]["name"] == "Ada Example"
    assert graph.nodes[d.PORT]["lat"] == 1.5
    claims = [data for _, target, data in graph.in_edges(d.PORT, data=True) if data["type"] == "CLAIMS"]
    assert [data["evidence"] for data in claims] == ["Bo Sample claimed that Sylvanian troops control Port City."]


def test_export_errors(client: TestClient) -> None:
    assert client.get("/export", params={"format": "xml"}).status_code == 422
    assert client.get("/export", params={"id": "person:nobody"}).status_code == 404
    assert client.get("/export", params={"id": d.ADA, "depth": 9}).status_code == 422


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=40))
def test_cypher_string_literals_read_back_unchanged(store: GraphStore, text: str) -> None:
    rows = cypher(store, "RETURN " + cypher_string(text) + " AS s")
    assert rows == [{"s": text}]


def test_cypher_export_reloads_into_an_empty_graph(client: TestClient, store: GraphStore) -> None:
    """Last in the module: it wipes the graph and loads it back from the dump."""
    dump = client.get("/export", params={"format": "cypher"})
    assert dump.status_code == 200 and dump.headers["content-type"].startswith("text/plain")
    statements = dump.text.splitlines()
    assert all(line.endswith(";") for line in statements)
    assert any("DETACH DELETE n //" in line for line in statements)  # the nasty alias, inside a literal
    wipe(store)
    assert cypher(store, "MATCH (n) WHERE " + NOT_READ_MODEL + " RETURN count(n) AS n")[0]["n"] == 0
    for statement in statements:
        cypher(store, statement.removesuffix(";"))
    assert client.get("/export", params={"format": "cypher"}).text == dump.text
    assert cypher(store, "MATCH (n) WHERE " + NOT_READ_MODEL + " RETURN count(n) AS n")[0]["n"] == NODES
    aliases = cypher(store, "MATCH (n:Person {id: $id}) RETURN n.aliases AS a", id=d.ADA)[0]["a"]
    assert d.NASTY_ALIAS in aliases  # type: ignore[operator]
    for statement in statements:  # loading twice changes nothing
        cypher(store, statement.removesuffix(";"))
    assert cypher(store, "MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"] == RELATIONSHIPS
