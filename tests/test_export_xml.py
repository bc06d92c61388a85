"""GET /export?format=graphml stays valid XML whatever characters ingested text carries (issue 12, item 10)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from peacegraph.api.app import create_app
from peacegraph.graph.export import to_graphml
from peacegraph.graph.reads import Node
from peacegraph.graph.settings import Settings
from peacegraph.graph.store import GraphStore
from peacegraph.graph.subgraph import GraphEdge, Subgraph

KEY = "export-xml-test-key"
# XML 1.0 cannot hold these; each must come out as one U+FFFD
INVALID = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff"
TEXT = (
    "Volodymyr Zelensky met Emmanuel Macron in Paris\x01 to discuss the peace plan.\u0000 "
    "Macron said\x1f that Europe supports the plan.\x0b"
)


@pytest.fixture(scope="module")
def client(store: GraphStore, server_settings: Settings) -> Iterator[TestClient]:
    settings = server_settings.model_copy(update={"api_key": SecretStr(KEY), "write_rate_limit": 1000})
    with TestClient(create_app(settings), headers={"X-API-Key": KEY}) as test_client:
        yield test_client


def _graphml(response_content: bytes) -> nx.DiGraph:
    ElementTree.fromstring(response_content)  # a strict XML parser: raises on any invalid character
    return nx.read_graphml(io.BytesIO(response_content))


def test_control_characters_in_an_ingested_article_keep_the_graphml_export_readable(client: TestClient) -> None:
    posted = client.post("/articles", json={"text": TEXT, "title": "Paris\x01 talks\x0c", "source": "Wire\x00"})
    assert posted.status_code == 201, posted.text
    article = posted.json()["articles"][0]["id"]
    whole = _graphml(client.get("/export", params={"format": "graphml"}).content)
    assert whole.nodes[article]["title"] == "Paris\ufffd talks\ufffd"
    assert whole.nodes[article]["source"] == "Wire\ufffd"
    for params in ({"format": "graphml"}, {"format": "graphml", "id": "person:emmanuel-macron"}):
        response = client.get("/export", params=params)
        assert response.status_code == 200, response.text
        graph = _graphml(response.content)
        evidence = [data["evidence"] for *_, data in graph.edges(data=True) if "evidence" in data]
        assert evidence and all(char not in text for text in evidence for char in INVALID)
    for fmt in ("json", "cypher"):
        assert client.get("/export", params={"format": fmt}).status_code == 200
    exported = client.get("/export", params={"format": "json"}).json()  # JSON keeps the text as it is, escaped
    assert [node["properties"]["title"] for node in exported["nodes"] if node["id"] == article] == [
        "Paris\x01 talks\x0c"
    ]


def test_every_xml_invalid_character_anywhere_becomes_one_replacement_character() -> None:
    weird = "a" + INVALID + "\ud800b\udfff\tc\nd\re😀é"
    expected = "a" + "\ufffd" * len(INVALID) + "\ufffdb\ufffd\tc\nd\re😀é"
    node_id = "person:x" + INVALID
    graph = Subgraph(
        nodes={
            node_id: Node(node_id, ["Actor", "Person"], {"id": node_id, "name": weird, "aliases": [weird]}),
            "place:y": Node("place:y", ["Place"], {"id": "place:y", "name": "y", "k\x01": weird}),
        },
        edges={"e\x02": GraphEdge("e\x02", node_id, "place:y", "CLAIMS", {"q": weird})},
    )
    parsed = _graphml(to_graphml(graph).encode("utf-8"))
    clean_id = "person:x" + "\ufffd" * len(INVALID)
    assert parsed.nodes[clean_id]["name"] == expected
    assert parsed.nodes["place:y"]["k\ufffd"] == expected
    ((_, _, data),) = parsed.edges(data=True)
    assert data["id"] == "e\ufffd" and data["q"] == expected
