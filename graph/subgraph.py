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
from peacegraph.graph.reads import Node, get_node, stances_by_ids
from peacegraph.graph.store import GraphStore
from peacegraph.graph.summaries import LATEST, TYPES, newest_first, pairs_of_mask, parse_joined, parse_token

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


@dataclass(frozen=True)
class _Join:
    """The stance edges joining a candidate to one node of the subgraph: how many, and the pair summaries that
    hold them, by their keys or, from a ``StanceNeighbours``, by its mask (keys made only when they are read)."""

    weight: int
    node: str
    other: str
    mask: int = 0
    keys: tuple[str, ...] = ()

    @property
    def pairs(self) -> int:
        return len(self.keys) or self.mask.bit_count()

    def pair_keys(self) -> list[str]:
        return list(self.keys) or pairs_of_mask(self.node, self.other, self.mask)


@dataclass
class _Candidate:
    """A node one step from the subgraph: how strongly it is joined to it, and the edges that join them."""

    weight: int = 0
    link_weight: int = 0
    joins: list[_Join] = field(default_factory=list)  # stance edges per node of the subgraph joining it
    stance_edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (source, type, target, token)
    link_edges: list[dict[str, Any]] = field(default_factory=list)
    props: dict[str, Any] | None = None
    labels: list[str] = field(default_factory=list)

    @property
    def stance_weight(self) -> int:
        return self.weight - self.link_weight

    @property
    def pairs(self) -> int:
        """How many pair summaries join it."""
        return sum(join.pairs for join in self.joins)


@dataclass
class _Walk:
    """A neighbourhood being read level by level: the subgraph so far, its caps, and the stance edges whose
    properties are still to be read (``wanted``: (source, type, target, token), from the summaries)."""

    store: GraphStore
    graph: Subgraph
    stances: list[str]
    links: tuple[LinkType, ...]
    limit: int
    per_pair: int
    wanted: list[tuple[str, str, str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # pair summaries already read, by key
    expanded: set[str] = field(default_factory=set)  # nodes whose StanceNeighbours were read

    @property
    def node_room(self) -> int:
        return self.limit - len(self.graph.nodes)

    @property
    def edge_room(self) -> int:
        return self.limit * EDGES_PER_NODE - len(self.graph.edges) - len(self.wanted)


def _stance_candidates(walk: _Walk, ids: list[str]) -> dict[str, _Candidate]:
    """The neighbours of ``ids`` over stance edges: weight = edges; ``pairs`` names the summaries that join them
    (their newest edges are read for the kept nodes only, ``_newest_edges``). A summary read at an earlier level
    (or twice within ``ids``) counts once. From the ``StanceNeighbours`` of ``ids`` when every stance type is
    asked for (one record per node), else from their pair summaries of the types asked for."""
    if not walk.stances:
        return defaultdict(_Candidate)
    if set(walk.stances) == set(TYPES):
        return _neighbour_candidates(walk, ids)
    found: dict[str, _Candidate] = defaultdict(_Candidate)
    rows = walk.store.read(
        queries.PAIRS_OF_NODES, ids=ids, types=walk.stances, limit=walk.limit + len(walk.graph.nodes)
    )
    for row in rows:
        keys = row["pairs"]
        fresh = tuple(key for key in keys if key not in walk.seen)
        walk.seen.update(fresh)
        if fresh:
            candidate = found[row["other"]]
            candidate.weight += row["weight"] if len(fresh) == len(keys) else 0
            candidate.joins.append(_Join(row["weight"], row["id"], row["other"], keys=fresh))
    return found


def _neighbour_candidates(walk: _Walk, ids: list[str]) -> dict[str, _Candidate]:
    """The same from the ``StanceNeighbours`` of ``ids``: the summaries joining a node to one whose record was
    read before (at an earlier level, or earlier in ``ids``) were counted then."""
    found: dict[str, _Candidate] = defaultdict(_Candidate)
    joined = {row["id"]: row["joined"] for row in walk.store.read(queries.NEIGHBOURS_OF_NODES, ids=ids)}
    for node in ids:
        walk.expanded.add(node)
        for other, weight, mask in parse_joined(joined.get(node, "")):
            if other not in walk.expanded:
                candidate = found[other]
                candidate.weight += weight
                candidate.joins.append(_Join(weight, node, other, mask=mask))
    return found


def _strongest_pairs(candidate: _Candidate, per_pair: int) -> list[str]:
    """The summaries joining ``candidate`` to the nodes most strongly joined to it, a whole node's at a time, until
    they hold ``per_pair`` edges (a node joined to ten hubs has dozens: its newest edges are read from the
    strongest joins)."""
    keys: list[str] = []
    edges = 0
    for join in sorted(candidate.joins, key=lambda join: (-join.weight, join.node)):
        if edges >= per_pair:
            break
        keys += join.pair_keys()
        edges += join.weight
    return keys


def _budgeted(walk: _Walk, candidates: list[_Candidate]) -> list[_Candidate]:
    """Those of ``candidates`` (strongest first) whose newest stance edges fit in the edge limit; the edges of
    the others are counted as cut, without reading them."""
    room = walk.edge_room
    kept = []
    for candidate in candidates:
        expected = min(walk.per_pair, candidate.stance_weight, candidate.pairs * LATEST)
        if expected <= room:
            kept.append(candidate)
            room -= expected
        else:
            walk.graph.cut("edges", expected)
            walk.graph.cut("parallel_edges", candidate.stance_weight - expected)
    return kept


def _newest_edges(walk: _Walk, candidates: list[_Candidate]) -> None:
    """For each of ``candidates``: the newest ``per_pair`` stance edges joining it, whatever their types (from
    the ``latest`` of the summaries joining it to the nodes most strongly joined to it: all of them when one
    node joins it, as at depth 1); the others are counted as cut. Only the candidates whose edges fit in the
    edge limit are read."""
    per_pair = walk.per_pair
    candidates = _budgeted(walk, candidates)
    chosen = {id(candidate): _strongest_pairs(candidate, per_pair) for candidate in candidates}
    keys = sorted({key for found in chosen.values() for key in found})
    latest = {row["key"]: row["latest"] for row in walk.store.read(queries.PAIRS_LATEST, keys=keys)} if keys else {}
    for candidate in candidates:
        edges = []
        for key in chosen[id(candidate)]:
            source, rel_type, target = key.split("|")
            edges += [(source, rel_type, target, token) for token in latest.get(key, [])]
        order = newest_first(edge[3] for edge in edges)[:per_pair]
        kept = sorted((edge for edge in edges if edge[3] in order), key=lambda edge: order.index(edge[3]))
        candidate.stance_edges = kept[:per_pair]
        walk.graph.cut("parallel_edges", candidate.stance_weight - len(candidate.stance_edges))


def _link_candidates(walk: _Walk, ids: list[str]) -> dict[str, _Candidate]:
    found: dict[str, _Candidate] = defaultdict(_Candidate)
    if not walk.links:
        return found
    for label, group in _by_label(ids).items():
        query = queries.neighbors(label, walk.links)
        for row in walk.store.read(query, ids=group, limit=100_000, per_pair=walk.per_pair):
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
    """The stance edges named by summary tokens, each read through its type's index on ``article``."""
    ids: dict[str, None] = {}
    for source, rel_type, target, token in wanted:
        _, article, start = parse_token(token)
        ids[edge_id(source, rel_type, target, {"article": article, "start": start})] = None
    for row in stances_by_ids(store, list(ids)).values():
        graph.add_edge(row["source_id"], row["type"], row["target_id"], row["props"])


def _candidates(walk: _Walk, frontier: list[str]) -> dict[str, _Candidate]:
    """The neighbours of ``frontier`` over stances (summaries) and structural links, weights added."""
    candidates = _stance_candidates(walk, frontier)
    for other, found in _link_candidates(walk, frontier).items():
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


def _level(walk: _Walk, frontier: list[str]) -> list[str]:
    """Add one level of neighbours of ``frontier`` to the subgraph, strongest first up to the node limit, with
    their links; the stance edges to read go to ``walk.wanted``. The nodes added, strongest first."""
    graph = walk.graph
    candidates = _candidates(walk, frontier)
    ranked = sorted(candidates.items(), key=lambda item: (-item[1].weight, item[0]))
    admitted = _admit(graph, [other for other, _ in ranked], walk.limit)
    _fill_nodes(walk.store, {other: candidates[other] for other in admitted})
    for other in admitted:
        candidate = candidates[other]
        if candidate.props is not None:
            graph.add_node(candidate.props, candidate.labels)
    _join(walk, [candidate for other, candidate in ranked if other in graph.nodes])
    return [other for other in admitted if other in graph.nodes]


def _join(walk: _Walk, kept: list[_Candidate]) -> None:
    """The edges joining ``kept`` (candidates in the subgraph, strongest first) to it: their links at once,
    their newest stance edges to ``walk.wanted`` (read at the end)."""
    graph = walk.graph
    for candidate in kept:
        for edge in candidate.link_edges:
            graph.add_edge(edge["source"], edge["type"], edge["target"], edge["props"])
    _newest_edges(walk, [candidate for candidate in kept if candidate.pairs])
    for candidate in kept:
        walk.wanted += [edge for edge in candidate.stance_edges if edge[0] in graph.nodes and edge[2] in graph.nodes]


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
    neighbours of the ``EXPANDED_PER_LEVEL`` strongest nodes of the level before
    only, and none once the node limit is reached and the edge limit nearly (it
    could add no node and fewer edges than one pair holds). Between two nodes
    at most ``per_pair`` relationships are kept (the newest stances), in all at
    most ``EDGES_PER_NODE * limit``; edges are kept when both ends are in the
    subgraph, and only the stance edges that fit are read (each by its type's
    index on ``article``). ``cuts`` counts what each cap left out.
    """
    centre = get_node(store, node_id)
    graph = Subgraph()
    graph.add_node(centre.properties, centre.labels)
    walk = _Walk(
        store,
        graph,
        stances=[t.value for t in types if isinstance(t, StanceType)],
        links=tuple(t for t in types if isinstance(t, LinkType)),
        limit=limit,
        per_pair=per_pair,
    )
    frontier = [node_id]
    for level in range(depth):
        if level and walk.node_room <= 0 and walk.edge_room < per_pair:  # it could add one pair's edges at most
            graph.cut("not_expanded", len(frontier))
            break
        admitted = _level(walk, frontier)
        frontier = admitted[:EXPANDED_PER_LEVEL]
        if level + 1 < depth:
            graph.cut("not_expanded", len(admitted) - len(frontier))
        if not frontier:
            break
    room = limit * EDGES_PER_NODE - len(graph.edges)
    wanted = list(dict.fromkeys(walk.wanted))
    graph.cut("edges", max(0, len(wanted) - room))
    _add_stance_edges(store, wanted[: max(0, room)], graph)
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
