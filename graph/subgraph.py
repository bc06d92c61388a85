"""Subgraphs read from the store: a node's neighborhood, shortest paths between two nodes, the whole graph.

A ``Subgraph`` is the node/edge form a visualisation library or an exporter
eats. An edge's id is ``<source>|<type>|<target>|<article>|<start>``, the merge
key of a stance edge (structural edges leave article and start empty), so it
is stable across reads. The neighborhood is walked level by level from the
centre, one query per level and label, so the node cap holds without
enumerating every variable-length path.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph import queries
from graph.model import Label, LinkType, StanceType, label_for_id
from graph.reads import Node, get_node
from graph.store import GraphStore

RelType = StanceType | LinkType

# Everything but MENTIONS: an article mentions so much that it would swamp any neighborhood.
DEFAULT_TYPES: tuple[RelType, ...] = (*StanceType, *(t for t in LinkType if t is not LinkType.MENTIONS))

# Relationships kept between two nodes (a hub pair may have thousands, one per piece of evidence).
PER_PAIR = 5
# Relationships kept per node admitted, in all: bounds the edges among a dense neighborhood.
EDGES_PER_NODE = 5


@dataclass
class GraphEdge:
    id: str
    source: str
    target: str
    type: str
    properties: dict[str, Any]


@dataclass
class GraphPath:
    nodes: list[str]
    edges: list[str]


@dataclass
class Subgraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, GraphEdge] = field(default_factory=dict)
    truncated: bool = False
    paths: list[GraphPath] = field(default_factory=list)

    def add_node(self, properties: dict[str, Any], labels: list[str]) -> str:
        node_id = str(properties["id"])
        if node_id not in self.nodes:
            self.nodes[node_id] = Node(node_id, list(labels), dict(properties))
        return node_id

    def add_edge(self, source: str, rel_type: str, target: str, properties: dict[str, Any]) -> str:
        key = edge_id(source, rel_type, target, properties)
        self.edges.setdefault(key, GraphEdge(key, source, target, rel_type, dict(properties)))
        return key


def edge_id(source: str, rel_type: str, target: str, properties: dict[str, Any]) -> str:
    article = properties.get("article")
    start = properties.get("start")
    return "|".join(
        [source, rel_type, target, "" if article is None else str(article), "" if start is None else str(start)]
    )


def _by_label(ids: list[str]) -> dict[Label, list[str]]:
    grouped: dict[Label, list[str]] = defaultdict(list)
    for node_id in ids:
        label = label_for_id(node_id)
        if label is not None:
            grouped[label].append(node_id)
    return grouped


def neighborhood(
    store: GraphStore,
    node_id: str,
    *,
    depth: int = 1,
    types: tuple[RelType, ...] = DEFAULT_TYPES,
    limit: int = 200,
    per_pair: int = PER_PAIR,
) -> Subgraph:
    """Nodes within ``depth`` relationships of ``types`` from ``node_id``, at most ``limit`` nodes.

    Nearer nodes come first and, within a level, the most strongly connected
    (most relationships to the nodes already in). Between two nodes at most
    ``per_pair`` relationships are kept, in all at most ``EDGES_PER_NODE *
    limit``; ``truncated`` says if a cap cut something off. Edges are kept
    when both ends are in the subgraph.
    """
    centre = get_node(store, node_id)
    graph = Subgraph()
    graph.add_node(centre.properties, centre.labels)
    frontier = [node_id]
    for _ in range(depth):
        rows: list[dict[str, Any]] = []
        for label, ids in _by_label(frontier).items():
            query = queries.neighbors(label, types)
            rows += store.read(query, ids=ids, limit=limit + len(graph.nodes), per_pair=per_pair)
        rows.sort(key=lambda row: (-row["weight"], row["node"]["id"]))
        frontier = []
        for row in rows:
            other = row["node"]["id"]
            if other not in graph.nodes:
                if len(graph.nodes) >= limit:
                    graph.truncated = True
                    continue
                graph.add_node(row["node"], row["labels"])
                frontier.append(other)
            graph.truncated = graph.truncated or row["weight"] > len(row["edges"])
            for edge in row["edges"]:
                if len(graph.edges) >= limit * EDGES_PER_NODE:
                    graph.truncated = True
                    break
                graph.add_edge(edge["source"], edge["type"], edge["target"], edge["props"])
        if not frontier:
            break
    return graph


def shortest_paths(
    store: GraphStore,
    source_id: str,
    target_id: str,
    *,
    max_hops: int = 4,
    types: tuple[RelType, ...] = DEFAULT_TYPES,
    limit: int = 10,
) -> Subgraph:
    """All shortest paths (at most ``limit``) of at most ``max_hops`` relationships of ``types``."""
    source = get_node(store, source_id)
    target = get_node(store, target_id)
    graph = Subgraph()
    if source_id == target_id:
        graph.add_node(source.properties, source.labels)
        graph.paths.append(GraphPath([source_id], []))
        return graph
    query = queries.shortest_paths(source.label, target.label, types, max_hops)
    for row in store.read(query, source=source_id, target=target_id, limit=limit):
        path = GraphPath(
            nodes=[graph.add_node(props, labels) for props, labels in zip(row["nodes"], row["labels"], strict=True)],
            edges=[graph.add_edge(e["source"], e["type"], e["target"], e["props"]) for e in row["edges"]],
        )
        graph.paths.append(path)
    return graph


def whole_graph(store: GraphStore) -> Subgraph:
    """Every node and relationship."""
    graph = Subgraph()
    for row in store.read(queries.ALL_NODES):
        graph.add_node(row["node"], row["labels"])
    for row in store.read(queries.ALL_RELATIONSHIPS):
        graph.add_edge(row["source"], row["type"], row["target"], row["props"])
    return graph
