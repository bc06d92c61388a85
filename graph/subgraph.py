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

from peacegraph.graph import queries
from peacegraph.graph.model import Label, LinkType, StanceType, label_for_id
from peacegraph.graph.reads import Node, get_node
from peacegraph.graph.store import GraphStore
from peacegraph.graph.summaries import newest_first, parse_token

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


# Why a neighbourhood left something out, by what ``Subgraph.cuts`` counts.
CUT_REASONS = {
    "nodes": "neighbours beyond the node limit (the weakest are left out)",
    "parallel_edges": "edges between two nodes beyond per_pair (the newest are kept)",
    "not_expanded": "nodes whose own neighbours were not read (only the strongest of a level are expanded)",
    "edges": "edges beyond the edge limit (EDGES_PER_NODE per node)",
}


@dataclass
class Subgraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, GraphEdge] = field(default_factory=dict)
    paths: list[GraphPath] = field(default_factory=list)
    cuts: dict[str, int] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return any(self.cuts.values())

    def cut(self, reason: str, count: int) -> None:
        """Count ``count`` things left out for ``reason`` (a key of ``CUT_REASONS``)."""
        if count > 0:
            self.cuts[reason] = self.cuts.get(reason, 0) + count

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


# Nodes of a level whose own neighbours a deeper level reads: the strongest few, not every hub's hubs.
EXPANDED_PER_LEVEL = 10


@dataclass
class _Candidate:
    """A node one step from the subgraph: how strongly it is joined to it, and the edges that join them."""

    weight: int = 0
    link_weight: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (key, last date) of the summaries joining it
    stance_edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (source, type, target, token)
    link_edges: list[dict[str, Any]] = field(default_factory=list)
    props: dict[str, Any] | None = None
    labels: list[str] = field(default_factory=list)


def _stance_candidates(store: GraphStore, ids: list[str], types: list[str], limit: int) -> dict[str, _Candidate]:
    """The strongest neighbours of ``ids`` over stance edges, from the pair summaries: weight = edges; ``pairs``
    names the summaries that join them, with their last dates (their newest edges are read for the kept
    nodes only, ``_newest_edges``)."""
    found: dict[str, _Candidate] = defaultdict(_Candidate)
    if not types:
        return found
    seen: set[str] = set()
    for row in store.read(queries.PAIRS_OF_NODES, ids=ids, types=types, limit=limit):
        fresh = [(key, last) for key, last in row["pairs"] if key not in seen]  # a pair within ``ids``: once
        seen.update(key for key, _ in fresh)
        if fresh:
            candidate = found[row["other"]]
            candidate.weight += row["weight"] if len(fresh) == len(row["pairs"]) else 0
            candidate.pairs += fresh
    return found


def _newest_edges(store: GraphStore, candidates: list[_Candidate], per_pair: int, graph: Subgraph) -> None:
    """For each of ``candidates``: the newest ``per_pair`` stance edges joining it, whatever their types (the
    ``latest`` of the ``per_pair`` summaries with the latest last dates: the newest edges are among theirs);
    the others are counted as cut."""
    chosen = {id(c): sorted(c.pairs, key=lambda pair: pair[1], reverse=True)[:per_pair] for c in candidates}
    keys = sorted({key for pairs in chosen.values() for key, _ in pairs})
    latest = {row["key"]: row["latest"] for row in store.read(queries.PAIRS_LATEST, keys=keys)} if keys else {}
    for candidate in candidates:
        edges = []
        for key, _ in chosen[id(candidate)]:
            source, rel_type, target = key.split("|")
            edges += [(source, rel_type, target, token) for token in latest.get(key, [])]
        order = newest_first(edge[3] for edge in edges)[:per_pair]
        kept = sorted((edge for edge in edges if edge[3] in order), key=lambda edge: order.index(edge[3]))
        candidate.stance_edges = kept[:per_pair]
        graph.cut("parallel_edges", candidate.weight - candidate.link_weight - len(candidate.stance_edges))


def _link_candidates(
    store: GraphStore, ids: list[str], types: tuple[LinkType, ...], per_pair: int
) -> dict[str, _Candidate]:
    found: dict[str, _Candidate] = defaultdict(_Candidate)
    if not types:
        return found
    for label, group in _by_label(ids).items():
        for row in store.read(queries.neighbors(label, types), ids=group, limit=100_000, per_pair=per_pair):
            candidate = found[row["node"]["id"]]
            candidate.weight += row["weight"]
            candidate.link_edges += row["edges"]
            candidate.props, candidate.labels = row["node"], row["labels"]
    return found


def _fill_nodes(store: GraphStore, candidates: dict[str, _Candidate]) -> None:
    """Properties and labels of the admitted candidates that only the summaries named."""
    missing = [node_id for node_id, c in candidates.items() if c.props is None]
    for label, ids in _by_label(missing).items():
        for row in store.read(queries.nodes_by_ids(label), ids=ids):
            candidate = candidates[row["node"]["id"]]
            candidate.props, candidate.labels = row["node"], row["labels"]


def _add_stance_edges(store: GraphStore, wanted: list[tuple[str, str, str, str]], graph: Subgraph) -> None:
    """The stance edges named by summary tokens, read through the index on ``article``."""
    ids: dict[str, None] = {}
    articles: set[str] = set()
    for source, rel_type, target, token in wanted:
        _, article, start = parse_token(token)
        ids[edge_id(source, rel_type, target, {"article": article, "start": start})] = None
        articles.add(article)
    if not ids:
        return
    for row in store.read(queries.STANCES_BY_IDS, ids=list(ids), articles=sorted(articles)):
        graph.add_edge(row["source_id"], row["type"], row["target_id"], row["props"])


def _candidates(
    store: GraphStore,
    graph: Subgraph,
    frontier: list[str],
    stances: list[str],
    links: tuple[LinkType, ...],
    limit: int,
    per_pair: int,
) -> dict[str, _Candidate]:
    """The neighbours of ``frontier`` over stances (summaries) and structural links, weights added."""
    candidates = _stance_candidates(store, frontier, stances, limit + len(graph.nodes))
    for other, found in _link_candidates(store, frontier, links, per_pair).items():
        candidate = candidates[other]
        candidate.weight += found.weight
        candidate.link_weight += found.weight
        candidate.link_edges += found.link_edges
        candidate.props, candidate.labels = found.props, found.labels
    return candidates


def _admit(graph: Subgraph, ranked: list[str], limit: int) -> list[str]:
    """Those of ``ranked`` not in ``graph`` that fit under ``limit`` nodes; the others are counted as cut."""
    admitted: list[str] = []
    for other in ranked:
        if other not in graph.nodes:
            if len(graph.nodes) + len(admitted) >= limit:
                graph.cut("nodes", 1)
                continue
            admitted.append(other)
    return admitted


def _level(
    store: GraphStore,
    graph: Subgraph,
    frontier: list[str],
    stances: list[str],
    links: tuple[LinkType, ...],
    limit: int,
    per_pair: int,
    wanted: list[tuple[str, str, str, str]],
) -> list[str]:
    """Add one level of neighbours of ``frontier`` to ``graph``, strongest first up to ``limit`` nodes, with
    their links; the stance edges to read go to ``wanted``. The nodes added, strongest first."""
    candidates = _candidates(store, graph, frontier, stances, links, limit, per_pair)
    ranked = sorted(candidates.items(), key=lambda item: (-item[1].weight, item[0]))
    admitted = _admit(graph, [other for other, _ in ranked], limit)
    _fill_nodes(store, {other: candidates[other] for other in admitted})
    for other in admitted:
        candidate = candidates[other]
        if candidate.props is not None:
            graph.add_node(candidate.props, candidate.labels)
    kept = [candidate for other, candidate in ranked if other in graph.nodes]
    _newest_edges(store, kept, per_pair, graph)
    for other, candidate in ranked:
        if other in graph.nodes:
            wanted += [edge for edge in candidate.stance_edges if edge[0] in graph.nodes and edge[2] in graph.nodes]
            for edge in candidate.link_edges:
                graph.add_edge(edge["source"], edge["type"], edge["target"], edge["props"])
    return [other for other in admitted if other in graph.nodes]


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
    (most relationships to the nodes already in), read from the stance summaries
    (``graph.summaries``) and the structural links; a deeper level reads the
    neighbours of the ``EXPANDED_PER_LEVEL`` strongest nodes of the level
    before only. Between two nodes at most ``per_pair`` relationships are kept
    (the newest stances), in all at most ``EDGES_PER_NODE * limit``; edges are
    kept when both ends are in the subgraph. ``cuts`` counts what each cap
    left out.
    """
    centre = get_node(store, node_id)
    graph = Subgraph()
    graph.add_node(centre.properties, centre.labels)
    stance_types = [t.value for t in types if isinstance(t, StanceType)]
    link_types = tuple(t for t in types if isinstance(t, LinkType))
    frontier = [node_id]
    wanted: list[tuple[str, str, str, str]] = []
    for level in range(depth):
        admitted = _level(store, graph, frontier, stance_types, link_types, limit, per_pair, wanted)
        frontier = admitted[:EXPANDED_PER_LEVEL]
        if level + 1 < depth:
            graph.cut("not_expanded", len(admitted) - len(frontier))
        if not frontier:
            break
    room = limit * EDGES_PER_NODE - len(graph.edges)
    graph.cut("edges", max(0, len(set(wanted)) - room))
    _add_stance_edges(store, list(dict.fromkeys(wanted))[: max(0, room)], graph)
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
