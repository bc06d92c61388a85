"""GET /analytics/centrality, /communities, /contradictions on the hand-made graph, and their cache."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase

from peacegraph.graph.analytics import GraphAnalytics
from peacegraph.graph.embedded import EmbeddedServer
from peacegraph.graph.model import Extraction, StanceType
from peacegraph.graph.store import GraphStore
from tests import analyst_data as d
from tests.analyst_data import get

# Nodes of the stance projection: every end of a stance edge (point 3 has none).
PROJECTED = {d.ADA, d.BO, d.SYLVANIA, d.FREEDONIA, d.LEAGUE, d.POINT[1], d.POINT[2], d.PLAN, d.PORT, d.SUMMIT}
ACTORS = {d.ADA, d.BO, d.SYLVANIA, d.FREEDONIA, d.LEAGUE}


def test_centrality(client: TestClient) -> None:
    page = get(client, "/analytics/centrality", sort="degree")
    assert page["total"] == len(ACTORS)
    assert {item["node"]["id"] for item in page["items"]} == ACTORS
    first = page["items"][0]
    assert first["node"]["id"] == d.ADA
    assert (first["degree"], first["out_degree"], first["in_degree"]) == (6, 6, 0)
    everything = get(client, "/analytics/centrality", actors_only=False, limit=500)
    assert {item["node"]["id"] for item in everything["items"]} == PROJECTED
    assert sum(item["pagerank"] for item in everything["items"]) == pytest.approx(1.0, abs=1e-6)
    by_pagerank = [item["pagerank"] for item in everything["items"]]
    assert by_pagerank == sorted(by_pagerank, reverse=True)
    by_betweenness = get(client, "/analytics/centrality", sort="betweenness", actors_only=False, limit=500)["items"]
    assert all(0.0 <= item["betweenness"] <= 1.0 for item in by_betweenness)
    # Ada is the only bridge from point 1 and the summit to the rest of the graph.
    assert by_betweenness[0]["node"]["id"] == d.ADA
    paged = get(client, "/analytics/centrality", sort="degree", limit=2, offset=1)
    assert paged["items"] == page["items"][1:3] and paged["total"] == len(ACTORS)


def test_communities_partition_the_projection(client: TestClient) -> None:
    result = get(client, "/analytics/communities")
    members = [member["id"] for community in result["items"] for member in community["members"]]
    assert sorted(members) == sorted(PROJECTED)  # each node in exactly one community
    assert result["total"] == len(result["items"]) >= 2
    sizes = [community["size"] for community in result["items"]]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == len(PROJECTED)
    assert 0.0 < result["modularity"] <= 1.0
    # Ada's own stances (point 1, the summit) keep her company; the league stays with the plan it proposed.
    community_of = {m["id"]: c["id"] for c in result["items"] for m in c["members"]}
    assert community_of[d.POINT[1]] == community_of[d.ADA]
    assert community_of[d.LEAGUE] == community_of[d.PLAN]


def test_contradictions_with_both_sides_of_evidence(client: TestClient) -> None:
    page = get(client, "/analytics/contradictions")
    assert page["total"] == 1
    item = page["items"][0]
    assert (item["actor"]["id"], item["target"]["id"]) == (d.ADA, d.POINT[1])
    assert (item["positive_type"], item["negative_type"]) == ("SUPPORTS", "REJECTS")
    assert (item["positive_count"], item["negative_count"]) == (2, 1)
    assert [(s["date"], s["evidence"]) for s in item["positive"]] == [
        ("2025-11-21", "Ada Example said Freedonia supports the ceasefire in point 1 of the Test Plan."),
        ("2025-11-24", 'Ada Example again backed point 1: "It is the only way," she said.'),
    ]
    assert [(s["date"], s["evidence"]) for s in item["negative"]] == [
        ("2025-11-25", "Ada Example later rejected point 1, calling it unworkable.")
    ]
    latest = get(client, "/analytics/contradictions", evidence=1)["items"][0]
    assert [s["date"] for s in latest["positive"]] == ["2025-11-24"] and latest["positive_count"] == 2
    assert get(client, "/analytics/contradictions", actor=d.BO)["total"] == 0
    assert get(client, "/analytics/contradictions", actor=d.ADA)["total"] == 1


def _sentence_relation(stance: StanceType, source: str, target: str, sentence: str) -> Extraction:
    relation = (
        d.articles()[1]
        .relations[0]
        .model_copy(
            update={"type": stance, "source": source, "target": target, "evidence": sentence, "start": 900, "end": 950}
        )
    )
    return Extraction(article=d.articles()[1].article, relations=[relation])


def test_cache_holds_until_the_graph_changes(
    client: TestClient, store: GraphStore, embedded_server: EmbeddedServer
) -> None:
    analytics: GraphAnalytics = client.app.state.analytics  # type: ignore[attr-defined]
    get(client, "/analytics/contradictions")
    projection = analytics._projection
    get(client, "/analytics/centrality")
    get(client, "/analytics/contradictions")
    assert analytics._projection is projection  # nothing changed: not read again

    # A write through the app's own store.
    analytics.store.write_extraction(
        _sentence_relation(StanceType.PROPOSES, d.SYLVANIA, d.PLAN, "Sylvania proposed it.")
    )
    found = get(client, "/analytics/contradictions")["items"]
    assert analytics._projection is not projection
    assert {(i["actor"]["id"], i["target"]["id"], i["positive_type"]) for i in found} == {
        (d.ADA, d.POINT[1], "SUPPORTS"),
        (d.SYLVANIA, d.PLAN, "PROPOSES"),
    }

    # A write by another process (its own driver, its own write counter): seen through the counts.
    driver = GraphDatabase.driver(embedded_server.bolt_url, auth=("root", embedded_server.password))
    other = GraphStore(driver, store.database)
    try:
        other.write_extraction(_sentence_relation(StanceType.CRITICIZES, d.BO, d.POINT[2], "Bo Sample regretted it."))
    finally:
        other.close()
    found = get(client, "/analytics/contradictions", actor=d.BO)["items"]
    assert [(i["positive_type"], i["negative_type"]) for i in found] == [("SUPPORTS", "CRITICIZES")]
