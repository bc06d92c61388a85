"""Graph rows and subgraphs shaped into the response models several routers share."""

from __future__ import annotations

from typing import Any

from peacegraph.api.schemas import (
    ActorCount,
    CutOut,
    GraphEdgeOut,
    GraphNodeOut,
    NodeRef,
    Page,
    StanceGroup,
    StanceOut,
    SubgraphOut,
)
from peacegraph.graph.export import visible_properties
from peacegraph.graph.model import StanceType
from peacegraph.graph.subgraph import CUT_REASONS, Subgraph


def stance_page(rows: list[dict[str, Any]], total: int, limit: int, offset: int) -> Page[StanceOut]:
    items = [StanceOut.model_validate(row) for row in rows]
    return Page[StanceOut](items=items, total=total, limit=limit, offset=offset)


def positions(summary: list[dict[str, Any]]) -> list[StanceGroup]:
    """Who holds which stance on a node, from ``reads.stance_summary`` rows of incoming edges."""
    by_type: dict[StanceType, list[ActorCount]] = {}
    for row in summary:
        if row["outgoing"]:
            continue
        actor = NodeRef.of(row["other_id"], row["other_name"], row["other_labels"])
        count = ActorCount(actor=actor, count=row["n"], latest=row["latest"])
        by_type.setdefault(StanceType(row["type"]), []).append(count)
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
