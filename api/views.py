"""Graph rows and subgraphs shaped into the response models several routers share."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from peacegraph.api.schemas import (
    ActorCount,
    CutOut,
    GraphEdgeOut,
    GraphNodeOut,
    NodeRef,
    Page,
    StanceCounts,
    StanceGroup,
    StanceOut,
    SubgraphOut,
)
from peacegraph.graph.export import visible_properties
from peacegraph.graph.model import StanceType
from peacegraph.graph.reads import Node
from peacegraph.graph.subgraph import CUT_REASONS, Subgraph


def node_row(node: Node, **columns: Any) -> dict[str, Any]:
    """A node as the row an answer about it validates from (``_NodeOut``): its properties and labels (taken
    where the answer has such fields), and ``columns``."""
    return {"node": {**node.properties, "labels": node.labels}, **columns}


def ref(node: Node) -> NodeRef:
    return NodeRef(id=node.id, name=node.name, labels=list(node.labels))


def stance_page(rows: list[dict[str, Any]], total: int, limit: int, offset: int) -> Page[StanceOut]:
    items = [StanceOut.model_validate(row) for row in rows]
    return Page[StanceOut](items=items, total=total, limit=limit, offset=offset)


def type_counts(rows: list[dict[str, Any]]) -> dict[StanceType, int]:
    """Stance edges per type, from rows of ``type`` and ``n`` (in the order the types first come)."""
    counts: dict[StanceType, int] = defaultdict(int)
    for row in rows:
        counts[StanceType(row["type"])] += row["n"]
    return dict(counts)


def stance_counts(rows: list[dict[str, Any]]) -> dict[StanceType, StanceCounts]:
    """Stance edges per type held (``outgoing``) and received, from ``reads.stance_type_counts`` rows."""
    counts: dict[StanceType, StanceCounts] = {}
    for row in rows:
        entry = counts.setdefault(StanceType(row["type"]), StanceCounts())
        if row["outgoing"]:
            entry.outgoing += row["n"]
        else:
            entry.incoming += row["n"]
    return counts


def positions(summary: list[dict[str, Any]]) -> list[StanceGroup]:
    """Who holds which stance on a node, from ``reads.stance_summary`` rows of incoming edges."""
    by_type: dict[StanceType, list[ActorCount]] = {}
    for row in summary:
        if not row["outgoing"]:
            by_type.setdefault(StanceType(row["type"]), []).append(ActorCount.model_validate(row))
    order = list(StanceType)
    return [
        StanceGroup(type=name, actors=sorted(actors, key=lambda a: (-a.count, a.actor.id)))
        for name, actors in sorted(by_type.items(), key=lambda item: order.index(item[0]))
    ]


def graph_nodes(graph: Subgraph) -> list[GraphNodeOut]:
    return [
        GraphNodeOut(id=node.id, labels=node.labels, name=node.name, properties=visible_properties(node.properties))
        for node in graph.nodes.values()
    ]


def graph_edges(graph: Subgraph) -> list[GraphEdgeOut]:
    return [GraphEdgeOut.model_validate(edge, from_attributes=True) for edge in graph.edges.values()]


def subgraph_out(graph: Subgraph) -> SubgraphOut:
    cuts = [
        CutOut.model_validate({"reason": reason, "count": count, "description": CUT_REASONS[reason]})
        for reason, count in graph.cuts.items()
    ]
    return SubgraphOut(nodes=graph_nodes(graph), edges=graph_edges(graph), cuts=cuts)
