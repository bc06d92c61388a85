"""Network analytics on the stance projection, cached until the graph changes.

The projection counts the stance edges per (actor, type, target), read through
the store; the evidence of a contradiction is read when it is asked for.
From it: degree, betweenness and PageRank centrality, Louvain communities and
contradictions (an actor holding opposite stances on the same target). Results
are kept while the graph's fingerprint stays the same: the writes this process
committed plus the node and relationship counts (which also catch writes by
other processes, such as a CLI ingest next to a running API).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import networkx as nx

from peacegraph.graph import queries, reads
from peacegraph.graph.model import StanceType
from peacegraph.graph.reads import Node
from peacegraph.graph.store import GraphStore

log = logging.getLogger(__name__)

T = TypeVar("T")

# Pairs of stance types that contradict each other when one actor holds both on one target.
OPPOSITES: tuple[tuple[StanceType, StanceType], ...] = (
    (StanceType.SUPPORTS, StanceType.REJECTS),
    (StanceType.SUPPORTS, StanceType.CRITICIZES),
    (StanceType.PROPOSES, StanceType.REJECTS),
)

# Above this many nodes betweenness is estimated from a fixed sample of sources.
BETWEENNESS_EXACT_UP_TO = 1000
_BETWEENNESS_SAMPLE = 100
_SEED = 7


@dataclass
class Projection:
    """Per (source, type, target): how many stance edges (rows of ``queries.STANCE_PROJECTION``), and the nodes."""

    pairs: list[dict[str, Any]]
    nodes: dict[str, Node]

    @classmethod
    def read(cls, store: GraphStore) -> Projection:
        pairs = store.read(queries.STANCE_PROJECTION)
        nodes: dict[str, Node] = {}
        for row in pairs:
            for end in ("source", "target"):
                node_id = row[f"{end}_id"]
                if node_id not in nodes:
                    nodes[node_id] = Node(node_id, list(row[f"{end}_labels"]), {"name": row[f"{end}_name"]})
        return cls(pairs, nodes)

    def digraph(self) -> nx.DiGraph:
        """Source -> target, ``weight`` = how many stance edges run that way."""
        graph = nx.DiGraph()
        graph.add_nodes_from(self.nodes)
        for row in self.pairs:
            u, v = row["source_id"], row["target_id"]
            weight = graph.edges[u, v]["weight"] + row["n"] if graph.has_edge(u, v) else row["n"]
            graph.add_edge(u, v, weight=weight)
        return graph


def undirected(graph: nx.DiGraph) -> nx.Graph:
    """Both directions of a pair merged, weights added."""
    merged = nx.Graph()
    merged.add_nodes_from(graph)
    for u, v, weight in graph.edges(data="weight"):
        total = merged.edges[u, v]["weight"] + weight if merged.has_edge(u, v) else weight
        merged.add_edge(u, v, weight=total)
    return merged


@dataclass(frozen=True)
class Centrality:
    node: Node
    degree: int
    in_degree: int
    out_degree: int
    betweenness: float
    pagerank: float


def centrality(projection: Projection) -> list[Centrality]:
    """Per node: stance-edge degree (in, out), betweenness and PageRank; highest PageRank first."""
    graph = projection.digraph()
    if graph.number_of_nodes() == 0:
        return []
    simple = undirected(graph)
    sample = _BETWEENNESS_SAMPLE if simple.number_of_nodes() > BETWEENNESS_EXACT_UP_TO else None
    betweenness = nx.betweenness_centrality(simple, k=sample, seed=_SEED, normalized=True)
    pagerank = nx.pagerank(graph, weight="weight")
    rows = []
    for node in projection.nodes.values():
        in_degree = int(graph.in_degree(node.id, weight="weight"))
        out_degree = int(graph.out_degree(node.id, weight="weight"))
        rows.append(
            Centrality(
                node=node,
                degree=in_degree + out_degree,
                in_degree=in_degree,
                out_degree=out_degree,
                betweenness=float(betweenness[node.id]),
                pagerank=float(pagerank[node.id]),
            )
        )
    rows.sort(key=lambda row: (-row.pagerank, row.node.id))
    return rows


def communities(projection: Projection) -> tuple[list[list[Node]], float]:
    """Louvain communities of the undirected weighted projection, largest first, and their modularity."""
    graph = undirected(projection.digraph())
    if graph.number_of_edges() == 0:
        return [], 0.0
    found = nx.community.louvain_communities(graph, weight="weight", seed=_SEED)
    modularity = float(nx.community.modularity(graph, found, weight="weight"))
    groups = [sorted((projection.nodes[n] for n in group), key=lambda node: node.id) for group in found]
    groups.sort(key=lambda group: (-len(group), group[0].id))
    return groups, modularity


@dataclass(frozen=True)
class Contradiction:
    """An actor holding opposite stances on one target, and how often it took each side."""

    actor: Node
    target: Node
    positive_type: StanceType
    negative_type: StanceType
    positive_count: int
    negative_count: int


def contradictions(projection: Projection) -> list[Contradiction]:
    """One per (actor, target, opposite pair) where the actor holds both; the most evidence first."""
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in projection.pairs:
        counts[(row["source_id"], row["target_id"])][row["type"]] += row["n"]
    found = [
        Contradiction(
            projection.nodes[actor],
            projection.nodes[target],
            positive,
            negative,
            by_type[positive],
            by_type[negative],
        )
        for (actor, target), by_type in counts.items()
        for positive, negative in OPPOSITES
        if by_type.get(positive) and by_type.get(negative)
    ]
    found.sort(key=lambda c: (-(c.positive_count + c.negative_count), c.actor.id, c.target.id, c.positive_type))
    return found


class GraphAnalytics:
    """The analytics of one store's graph, each computed once per graph fingerprint."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._fingerprint: tuple[int, int, int] | None = None
        self._projection: Projection | None = None
        self._results: dict[str, Any] = {}

    def fingerprint(self) -> tuple[int, int, int]:
        nodes, relationships = reads.size(self.store)
        return self.store.writes, nodes, relationships

    def _cached(self, key: str, compute: Callable[[Projection], T]) -> T:
        with self._lock:
            fingerprint = self.fingerprint()
            if fingerprint != self._fingerprint or self._projection is None:
                log.info("graph changed (%s -> %s): reading the stance projection", self._fingerprint, fingerprint)
                self._projection = Projection.read(self.store)
                self._fingerprint = fingerprint
                self._results = {}
            if key not in self._results:
                self._results[key] = compute(self._projection)
            result: T = self._results[key]
            return result

    def centrality(self) -> list[Centrality]:
        return self._cached("centrality", centrality)

    def communities(self) -> tuple[list[list[Node]], float]:
        return self._cached("communities", communities)

    def contradictions(self) -> list[Contradiction]:
        return self._cached("contradictions", contradictions)
